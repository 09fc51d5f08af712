package driver

import (
	"context"
	stdsql "database/sql"
	sqldriver "database/sql/driver"
	"errors"
	"io"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/lhsql/lhsql/vector"
)

func TestParseDSN(t *testing.T) {
	tests := []struct {
		dsn      string
		path     string
		settings []string // rendered SET statements
		wantErr  string
	}{
		{dsn: "", path: ""},
		{dsn: ":memory:", path: ":memory:"},
		{dsn: "/tmp/x.db", path: "/tmp/x.db"},
		{dsn: "?threads=4", path: "", settings: []string{"SET threads = 4"}},
		{dsn: ":memory:?threads=4&memory_limit=1GB", path: ":memory:",
			settings: []string{"SET memory_limit = '1GB'", "SET threads = 4"}},
		{dsn: "x?THREADS=2", path: "x", settings: []string{"SET threads = 2"}},
		{dsn: "x?preserve_insertion_order=False", path: "x", settings: []string{"SET preserve_insertion_order = false"}},
		{dsn: "x?temp_directory=it's", path: "x", settings: []string{"SET temp_directory = 'it''s'"}},
		{dsn: "x?bogus=1", wantErr: `unknown DSN option "bogus"`},
		{dsn: "x?threads=1&threads=2", wantErr: "given 2 times"},
		{dsn: "x?threads=%zz", wantErr: "invalid DSN options"},
	}
	for _, tt := range tests {
		t.Run(tt.dsn, func(t *testing.T) {
			path, settings, err := parseDSN(tt.dsn)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("parseDSN(%q) error = %v, want containing %q", tt.dsn, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("parseDSN(%q): %v", tt.dsn, err)
			}
			if path != tt.path {
				t.Errorf("path = %q, want %q", path, tt.path)
			}
			var got []string
			for _, s := range settings {
				got = append(got, s.setStatement())
			}
			if !reflect.DeepEqual(got, tt.settings) {
				t.Errorf("settings = %q, want %q", got, tt.settings)
			}
		})
	}
}

func TestOpenRejectsUnknownOption(t *testing.T) {
	if _, err := stdsql.Open("lhsql", ":memory:?no_such_option=1"); err == nil {
		t.Fatal("sql.Open accepted an unknown DSN option")
	}
}

type namedInt int16
type stringer struct{}

func (stringer) Value() (sqldriver.Value, error) { return "valued", nil }

func TestToValue(t *testing.T) {
	ts := time.Date(2024, 2, 29, 13, 14, 15, 123456000, time.FixedZone("X", 3600))
	tests := []struct {
		in   any
		want vector.Value
	}{
		{nil, vector.NullValue(vector.Null)},
		{true, vector.BoolValue(true)},
		{int(-7), vector.IntValue(-7)},
		{int8(-8), vector.IntValue(-8)},
		{int16(16), vector.IntValue(16)},
		{int32(-32), vector.IntValue(-32)},
		{int64(math.MinInt64), vector.IntValue(math.MinInt64)},
		{uint(5), vector.IntValue(5)},
		{uint8(255), vector.IntValue(255)},
		{uint16(65535), vector.IntValue(65535)},
		{uint32(math.MaxUint32), vector.IntValue(math.MaxUint32)},
		{uint64(math.MaxInt64), vector.IntValue(math.MaxInt64)},
		{uint64(math.MaxUint64), vector.Value{Typ: vector.UBigInt, I64: -1}},
		{float32(1.5), vector.Value{Typ: vector.Float, F64: 1.5}},
		{2.25, vector.DoubleValue(2.25)},
		{"héllo", vector.StringValue("héllo")},
		{[]byte{0, 1, 'a'}, vector.Value{Typ: vector.Blob, Str: "\x00\x01a"}},
		{[]byte(nil), vector.NullValue(vector.Blob)},
		{ts, vector.Value{Typ: vector.Timestamp, I64: ts.UTC().UnixMicro()}},
		{90 * time.Second, vector.Value{Typ: vector.IntervalType, Iv: vector.Interval{Micros: 90e6}}},
		{vector.Interval{Months: 1}, vector.Value{Typ: vector.IntervalType, Iv: vector.Interval{Months: 1}}},
		{vector.Value{Typ: vector.Decimal(5, 2), I64: 1234}, vector.Value{Typ: vector.Decimal(5, 2), I64: 1234}},
	}
	for _, tt := range tests {
		got, ok, err := toValue(tt.in)
		if err != nil || !ok {
			t.Errorf("toValue(%#v) = ok %v, err %v", tt.in, ok, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("toValue(%#v) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestCheckNamedValue(t *testing.T) {
	tests := []struct {
		in      any
		wantErr error
		want    any
	}{
		{int32(3), nil, vector.IntValue(3)},
		{namedInt(4), sqldriver.ErrSkip, namedInt(4)},
		{stringer{}, sqldriver.ErrSkip, stringer{}},
		{struct{}{}, sqldriver.ErrSkip, struct{}{}},
	}
	for _, tt := range tests {
		nv := &sqldriver.NamedValue{Ordinal: 1, Value: tt.in}
		err := checkNamedValue(nv)
		if err != tt.wantErr {
			t.Errorf("checkNamedValue(%#v) error = %v, want %v", tt.in, err, tt.wantErr)
		}
		if !reflect.DeepEqual(nv.Value, tt.want) {
			t.Errorf("checkNamedValue(%#v) value = %#v, want %#v", tt.in, nv.Value, tt.want)
		}
	}
}

func TestBindArgs(t *testing.T) {
	got, err := bindArgs([]sqldriver.NamedValue{
		{Ordinal: 2, Value: "b"},
		{Ordinal: 1, Value: vector.IntValue(1)},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []vector.Value{vector.IntValue(1), vector.StringValue("b")}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("bindArgs = %+v, want %+v", got, want)
	}
	if _, err := bindArgs([]sqldriver.NamedValue{{Name: "x", Ordinal: 1, Value: 1}}); err == nil {
		t.Error("bindArgs accepted a named parameter")
	}
	if _, err := bindArgs([]sqldriver.NamedValue{{Ordinal: 1, Value: struct{}{}}}); err == nil {
		t.Error("bindArgs accepted an unsupported type")
	}
}

// fakeStream yields prepared chunks, optionally blocking or failing.
type fakeStream struct {
	chunks []*vector.Chunk
	err    error // returned after the chunks, instead of the end
	closed int
	before func() // run at the start of every Next
}

func (f *fakeStream) Next() (*vector.Chunk, error) {
	if f.before != nil {
		f.before()
	}
	if len(f.chunks) == 0 {
		return nil, f.err
	}
	c := f.chunks[0]
	f.chunks = f.chunks[1:]
	return c, nil
}

func (f *fakeStream) Close() error { f.closed++; return nil }

// column builds a flat vector of type t from values; nil is NULL.
func column(t vector.Type, vals ...any) *vector.Vector {
	n := len(vals)
	v := vector.New(t, n)
	for i, x := range vals {
		if x == nil {
			v.SetNull(i, n)
			continue
		}
		switch x := x.(type) {
		case bool:
			v.Bool[i] = x
		case int:
			v.I64[i] = int64(x)
		case int64:
			v.I64[i] = x
		case float64:
			v.F64[i] = x
		case string:
			v.Str[i] = x
		case vector.Interval:
			v.Iv[i] = x
		default:
			panic("column: unsupported value")
		}
	}
	return v
}

func TestRowsTypeMapping(t *testing.T) {
	date := vector.DateFromCivil(2024, 2, 29)
	ts := time.Date(2001, 2, 3, 4, 5, 6, 789000, time.UTC)
	tests := []struct {
		typ      vector.Type
		in       any
		want     any
		typeName string
		scan     reflect.Type
	}{
		{vector.Boolean, true, true, "BOOLEAN", typeBool},
		{vector.TinyInt, -5, int64(-5), "TINYINT", typeInt64},
		{vector.SmallInt, 300, int64(300), "SMALLINT", typeInt64},
		{vector.Integer, -70000, int64(-70000), "INTEGER", typeInt64},
		{vector.BigInt, math.MaxInt64, int64(math.MaxInt64), "BIGINT", typeInt64},
		{vector.UTinyInt, 200, int64(200), "UTINYINT", typeInt64},
		{vector.USmallInt, 60000, int64(60000), "USMALLINT", typeInt64},
		{vector.UInteger, 4000000000, int64(4000000000), "UINTEGER", typeInt64},
		{vector.UBigInt, int64(-1), uint64(math.MaxUint64), "UBIGINT", typeUint64},
		{vector.HugeInt, 12, int64(12), "HUGEINT", typeInt64},
		{vector.Float, 1.5, 1.5, "FLOAT", typeFloat64},
		{vector.Double, -0.25, -0.25, "DOUBLE", typeFloat64},
		{vector.Decimal(15, 2), 123456, "1234.56", "DECIMAL", typeString},
		{vector.Decimal(4, 3), -5, "-0.005", "DECIMAL", typeString},
		{vector.Decimal(18, 0), 42, "42", "DECIMAL", typeString},
		{vector.Varchar, "héllo", "héllo", "VARCHAR", typeString},
		{vector.UUID, "0e1b7c4e-1234-4b5c-8d9e-0123456789ab", "0e1b7c4e-1234-4b5c-8d9e-0123456789ab", "UUID", typeString},
		{vector.Blob, "\x00\xff", []byte{0, 0xff}, "BLOB", typeBytes},
		{vector.Date, int(date), time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), "DATE", typeTime},
		{vector.Date, int(vector.DateFromCivil(9999, 12, 31)), time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), "DATE", typeTime},
		{vector.Date, int(vector.DateFromCivil(1, 1, 1)), time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), "DATE", typeTime},
		{vector.Time, int64(13*3600e6 + 30*60e6 + 1), time.Date(0, 1, 1, 13, 30, 0, 1000, time.UTC), "TIME", typeTime},
		{vector.Timestamp, ts.UnixMicro(), ts, "TIMESTAMP", typeTime},
		{vector.TimestampTZ, ts.UnixMicro(), ts, "TIMESTAMPTZ", typeTime},
		{vector.IntervalType, vector.Interval{Months: 14, Days: 3, Micros: 4*3600e6 + 5*60e6 + 6e6},
			"1 year 2 months 3 days 04:05:06", "INTERVAL", typeString},
		{vector.Null, nil, nil, "NULL", typeAny},
	}
	for _, tt := range tests {
		t.Run(tt.typ.String(), func(t *testing.T) {
			ch := &vector.Chunk{Cols: []*vector.Vector{column(tt.typ, tt.in, nil)}, Len: 2}
			src := &fakeStream{chunks: []*vector.Chunk{ch}}
			r := newRows(context.Background(), []string{"c"}, []vector.Type{tt.typ}, src)
			dest := make([]sqldriver.Value, 1)
			if err := r.Next(dest); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(dest[0], tt.want) {
				t.Errorf("value = %#v, want %#v", dest[0], tt.want)
			}
			if tt.want != nil {
				if got := reflect.TypeOf(dest[0]); got != r.ColumnTypeScanType(0) {
					t.Errorf("value type %v differs from scan type %v", got, r.ColumnTypeScanType(0))
				}
			}
			if err := r.Next(dest); err != nil || dest[0] != nil {
				t.Errorf("second row = %#v, %v; want NULL", dest[0], err)
			}
			if err := r.Next(dest); err != io.EOF {
				t.Errorf("third Next = %v, want io.EOF", err)
			}
			if got := r.ColumnTypeDatabaseTypeName(0); got != tt.typeName {
				t.Errorf("DatabaseTypeName = %q, want %q", got, tt.typeName)
			}
			if got := r.ColumnTypeScanType(0); got != tt.scan {
				t.Errorf("ScanType = %v, want %v", got, tt.scan)
			}
			p, s, ok := r.ColumnTypePrecisionScale(0)
			if wantOK := tt.typ.ID == vector.TypeDecimal; ok != wantOK || (ok && (p != int64(tt.typ.Width) || s != int64(tt.typ.Scale))) {
				t.Errorf("PrecisionScale = %d, %d, %v", p, s, ok)
			}
			if nullable, ok := r.ColumnTypeNullable(0); !nullable || !ok {
				t.Errorf("Nullable = %v, %v", nullable, ok)
			}
			if err := r.Close(); err != nil || src.closed != 1 {
				t.Errorf("Close = %v, source closed %d times", err, src.closed)
			}
		})
	}
}

func TestRowsSelAndConst(t *testing.T) {
	ints := column(vector.BigInt, 10, 11, 12, 13)
	c := vector.ConstVector(vector.StringValue("k"))
	ch := &vector.Chunk{Cols: []*vector.Vector{ints, c}, Len: 4, Sel: vector.Sel{1, 3}}
	empty := &vector.Chunk{Cols: []*vector.Vector{column(vector.BigInt), column(vector.Varchar)}, Len: 0}
	src := &fakeStream{chunks: []*vector.Chunk{empty, ch, empty}}
	r := newRows(context.Background(), []string{"i", "s"}, []vector.Type{vector.BigInt, vector.Varchar}, src)
	var got [][]sqldriver.Value
	for {
		dest := make([]sqldriver.Value, 2)
		err := r.Next(dest)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, dest)
	}
	want := [][]sqldriver.Value{{int64(11), "k"}, {int64(13), "k"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows = %v, want %v", got, want)
	}
}

func TestRowsStreamError(t *testing.T) {
	boom := errors.New("boom")
	src := &fakeStream{chunks: []*vector.Chunk{{Cols: []*vector.Vector{column(vector.BigInt, 1)}, Len: 1}}, err: boom}
	r := newRows(context.Background(), []string{"i"}, []vector.Type{vector.BigInt}, src)
	dest := make([]sqldriver.Value, 1)
	if err := r.Next(dest); err != nil {
		t.Fatal(err)
	}
	if err := r.Next(dest); err != boom {
		t.Fatalf("Next = %v, want %v", err, boom)
	}
	if err := r.Next(dest); err != boom {
		t.Fatalf("Next after error = %v, want the same error", err)
	}
	if src.closed != 1 {
		t.Errorf("source closed %d times, want 1", src.closed)
	}
}

func TestRowsCancel(t *testing.T) {
	tests := []struct {
		name string
		// cancelInNext cancels while the stream is producing the second
		// chunk (as the engine would, failing with its own error).
		cancelInNext bool
	}{
		{"between chunks", false},
		{"inside Next", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			one := &vector.Chunk{Cols: []*vector.Vector{column(vector.BigInt, 1)}, Len: 1}
			src := &fakeStream{chunks: []*vector.Chunk{one, one, one}}
			calls := 0
			src.before = func() {
				calls++
				if calls == 2 && tt.cancelInNext {
					cancel()
					src.chunks = nil
					src.err = errors.New("engine: query interrupted")
				}
			}
			r := newRows(ctx, []string{"i"}, []vector.Type{vector.BigInt}, src)
			dest := make([]sqldriver.Value, 1)
			if err := r.Next(dest); err != nil {
				t.Fatal(err)
			}
			if !tt.cancelInNext {
				cancel()
			}
			if err := r.Next(dest); !errors.Is(err, context.Canceled) {
				t.Fatalf("Next after cancel = %v, want context.Canceled", err)
			}
			if src.closed != 1 {
				t.Errorf("source closed %d times, want 1", src.closed)
			}
		})
	}
}

func TestConnRejectsSecondOpenRows(t *testing.T) {
	c := &conn{}
	c.active = newRows(context.Background(), nil, nil, &fakeStream{})
	if err := c.ready(context.Background()); err != errRowsOpen {
		t.Fatalf("ready with open rows = %v, want errRowsOpen", err)
	}
	c.active.Close()
	if err := c.ready(context.Background()); err != nil {
		t.Fatalf("ready after Close = %v", err)
	}
	c.Close()
	if err := c.ready(context.Background()); err != sqldriver.ErrBadConn {
		t.Fatalf("ready after conn Close = %v, want ErrBadConn", err)
	}
}
