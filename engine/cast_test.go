package engine

import (
	"math"
	"strings"
	"testing"

	"github.com/lhsql/lhsql/vector"
)

func castStr(t *testing.T, x vector.Value, to vector.Type, try bool) string {
	t.Helper()
	// Constant path.
	v, err := CastValue(x, to, try)
	got := ""
	if err != nil {
		got = "ERR:" + err.Error()
	} else {
		got = v.String()
	}
	// Flat path through NewCast over a 2-row column.
	col := vector.New(x.Typ, 2)
	col.Set(0, 2, x)
	col.Set(1, 2, x)
	e, err := NewCast(&ColRef{Idx: 0, Typ: x.Typ}, to, try)
	flat := ""
	if err != nil {
		flat = "ERR:" + err.Error()
	} else {
		rows, err := evalRows(e, &vector.Chunk{Len: 2, Cols: []*vector.Vector{col}})
		if err != nil {
			flat = "ERR:" + err.Error()
		} else {
			flat = rows[1]
		}
	}
	if flat != got {
		t.Errorf("cast %v::%s to %s: const %q, flat %q", x, x.Typ, to, got, flat)
	}
	return got
}

func TestCastTable(t *testing.T) {
	D := vector.Double
	cases := []struct {
		in   vector.Value
		to   vector.Type
		try  bool
		want string
	}{
		{vStr("42"), vector.Integer, false, "42"},
		{vStr("  42  "), vector.Integer, false, "42"},
		{vStr("+7"), vector.Integer, false, "7"},
		{vStr("1e1"), vector.Integer, false, "10"},
		{vStr("1.5"), vector.Integer, false, "2"},
		{vStr("-2.5"), vector.Integer, false, "-3"},
		{vStr("0x1F"), vector.Integer, false, "31"},
		{vStr("1_000"), vector.Integer, false, "1000"},
		{vStr("abc"), vector.Integer, false, "ERR:Conversion Error: Could not convert string 'abc' to INT32"},
		{vStr("abc"), vector.Integer, true, "NULL"},
		{vStr("e1"), vector.Integer, true, "NULL"},
		{vStr(""), vector.Integer, true, "NULL"},
		{vStr("128"), vector.TinyInt, false, "ERR:Could not convert string '128' to INT8"},
		{vStr("-1"), vector.UTinyInt, true, "NULL"},
		{vStr("18446744073709551615"), vector.UBigInt, false, "18446744073709551615"},
		{vStr("9223372036854775808"), vector.BigInt, true, "NULL"},
		{vStr("-9223372036854775808"), vector.BigInt, false, "-9223372036854775808"},
		{vStr("1.5"), D, false, "1.5"},
		{vStr(" 1e1"), D, false, "10.0"},
		{vStr("inf"), D, false, "inf"},
		{vStr("-Infinity"), D, false, "-inf"},
		{vStr("nan"), D, false, "nan"},
		{vStr("1.2.3"), D, true, "NULL"},
		{vStr("0x10"), D, true, "NULL"},
		{vStr("123.456"), vector.Decimal(5, 2), false, "123.46"},
		{vStr("-0.005"), vector.Decimal(5, 2), false, "-0.01"},
		{vStr("1e2"), vector.Decimal(5, 2), false, "100.00"},
		{vStr("1000"), vector.Decimal(5, 2), false, "ERR:Could not convert string '1000' to DECIMAL(5,2)"},
		{vStr("t"), vector.Boolean, false, "true"},
		{vStr("FALSE"), vector.Boolean, false, "false"},
		{vStr("maybe"), vector.Boolean, false, "ERR:Could not convert string 'maybe' to BOOL"},
		{vInt(300), vector.TinyInt, false, "ERR:Conversion Error: Type INT32 with value 300 can't be cast because the value is out of range for the destination type INT8"},
		{vInt(-1), vector.UInteger, true, "NULL"},
		{vInt(-1), vector.UBigInt, false, "ERR:out of range for the destination type UINT64"},
		{vTyped(vector.UBigInt, -1), vector.BigInt, false, "ERR:Type UINT64 with value 18446744073709551615"},
		{vInt(5), vector.UBigInt, false, "5"},
		{vInt(7), D, false, "7.0"},
		{vTyped(vector.UBigInt, -1), D, false, "1.8446744073709552e+19"},
		{vInt(12), vector.Decimal(4, 2), false, "12.00"},
		{vInt(123), vector.Decimal(4, 2), false, "ERR:Could not cast value 123 to DECIMAL(4,2)"},
		{vInt(2), vector.Boolean, false, "true"},
		{vDbl(2.5), vector.Integer, false, "3"},
		{vDbl(-2.5), vector.Integer, false, "-3"},
		{vDbl(2.4999), vector.BigInt, false, "2"},
		{vDbl(1e20), vector.BigInt, false, "ERR:Type DOUBLE with value 1e+20 can't be cast because the value is out of range for the destination type INT64"},
		{vDbl(math.NaN()), vector.Integer, true, "NULL"},
		{vDbl(1.005), vector.Decimal(5, 2), false, "1.00"},
		{vDbl(1.235), vector.Decimal(10, 3), false, "1.235"},
		{vDbl(1e10), vector.Decimal(5, 2), false, "ERR:Could not cast value"},
		{vDbl(1e300), vector.Float, false, "ERR:out of range"},
		{vDbl(0.1), vector.Float, false, "0.1"},
		{vDec(t, "2.50", 5, 2), vector.Integer, false, "3"},
		{vDec(t, "-2.49", 5, 2), vector.Integer, false, "-2"},
		{vDec(t, "300.00", 5, 2), vector.TinyInt, false, "ERR:Failed to cast decimal value 300.00 to type INT8"},
		{vDec(t, "1.25", 5, 2), D, false, "1.25"},
		{vDec(t, "1.25", 5, 2), vector.Decimal(5, 1), false, "1.3"},
		{vDec(t, "-1.25", 5, 2), vector.Decimal(5, 1), false, "-1.3"},
		{vDec(t, "1.25", 5, 2), vector.Decimal(10, 5), false, "1.25000"},
		{vDec(t, "123.25", 5, 2), vector.Decimal(4, 2), false, "ERR:Casting value \"123.25\" to type DECIMAL(4,2) failed: value is out of range!"},
		{vBool(true), vector.Integer, false, "1"},
		{vBool(true), vector.Decimal(4, 2), false, "1.00"},
		{vBool(false), vector.Varchar, false, "false"},
		{vCast(t, "2020-02-29", vector.Date), vector.Timestamp, false, "2020-02-29 00:00:00"},
		{vCast(t, "1969-12-31 23:59:59.5", vector.Timestamp), vector.Date, false, "1969-12-31"},
		{vCast(t, "1969-12-31 23:59:59.5", vector.Timestamp), vector.Time, false, "23:59:59.5"},
		{vCast(t, "2020-02-29", vector.Date), vector.Integer, false, "ERR:Unimplemented type for cast (DATE -> INTEGER)"},
		{vCast(t, "1 year 2 days", vector.IntervalType), vector.Varchar, false, "1 year 2 days"},
		{vDec(t, "-0.05", 4, 2), vector.Varchar, false, "-0.05"},
		{vTyped(vector.UBigInt, -1), vector.Varchar, false, "18446744073709551615"},
		{vStr(`a\x41`), vector.Blob, false, `aA`},
		{vStr("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11"), vector.UUID, false, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
		{vStr("nope"), vector.UUID, true, "NULL"},
	}
	for _, c := range cases {
		got := castStr(t, c.in, c.to, c.try)
		if strings.HasPrefix(c.want, "ERR:") {
			if !strings.HasPrefix(got, "ERR:") || !strings.Contains(got, c.want[4:]) {
				t.Errorf("cast %v::%s -> %s = %q, want error %q", c.in, c.in.Typ, c.to, got, c.want[4:])
			}
			continue
		}
		if got != c.want {
			t.Errorf("cast %v::%s -> %s = %q, want %q", c.in, c.in.Typ, c.to, got, c.want)
		}
	}
}

func TestCastRoundTrip(t *testing.T) {
	types := []vector.Type{vector.TinyInt, vector.Integer, vector.BigInt, vector.UBigInt, vector.Double, vector.Float,
		vector.Decimal(18, 4), vector.Decimal(9, 0), vector.Date, vector.Timestamp, vector.Time, vector.IntervalType, vector.Boolean}
	samples := map[vector.TypeID][]string{
		vector.TypeTinyInt:   {"-128", "0", "127"},
		vector.TypeInteger:   {"-2147483648", "2147483647"},
		vector.TypeBigInt:    {"-9223372036854775808", "9223372036854775807"},
		vector.TypeUBigInt:   {"0", "18446744073709551615"},
		vector.TypeDouble:    {"0.1", "-1.5e+300", "1e-07", "123456.789"},
		vector.TypeFloat:     {"0.1", "3.4028235e+38"},
		vector.TypeDecimal:   {"-99999999999999.9999", "0.0001", "0"},
		vector.TypeDate:      {"2020-02-29", "1970-01-01", "0001-01-01 (BC)", "9999-12-31", "1500-03-01"},
		vector.TypeTimestamp: {"2020-02-29 23:59:59.999999", "1900-01-01 00:00:00", "1969-12-31 23:59:59.5"},
		vector.TypeTime:      {"00:00:00", "23:59:59.999999", "12:30:00.001"},
		vector.TypeInterval:  {"1 year 2 months 3 days 04:05:06.5", "-1 day", "00:00:00", "-00:00:01", "100:00:00"},
		vector.TypeBoolean:   {"true", "false"},
	}
	for _, typ := range types {
		for _, s := range samples[typ.ID] {
			if typ.ID == vector.TypeDecimal && typ.Scale == 0 && strings.Contains(s, ".") {
				continue
			}
			v := vCast(t, s, typ)
			back := castStr(t, v, vector.Varchar, false)
			want := s
			if typ.ID == vector.TypeDecimal && typ.Scale == 4 && !strings.Contains(s, ".") {
				want = s + ".0000"
			}
			if back != want {
				t.Errorf("%s round trip %q -> %q", typ, s, back)
			}
		}
	}
}

func TestCastNullAndIdentity(t *testing.T) {
	x := &ColRef{Idx: 0, Typ: vector.Integer}
	if e, err := NewCast(x, vector.Integer, false); err != nil || e != Expr(x) {
		t.Fatalf("identity cast should return input")
	}
	e, err := NewCast(&Const{Val: vNull(vector.Null)}, vector.Date, false)
	if err != nil || e.Type() != vector.Date {
		t.Fatalf("NULL cast: %v %v", e, err)
	}
	if got := castStr(t, vNull(vector.Varchar), vector.Integer, false); got != "NULL" {
		t.Fatalf("NULL::INT = %s", got)
	}
}

func TestCommonType(t *testing.T) {
	cases := []struct {
		a, b vector.Type
		want string
	}{
		{vector.Integer, vector.BigInt, "BIGINT"},
		{vector.Integer, vector.UInteger, "BIGINT"},
		{vector.BigInt, vector.UBigInt, "HUGEINT"},
		{vector.TinyInt, vector.UTinyInt, "SMALLINT"},
		{vector.SmallInt, vector.UTinyInt, "SMALLINT"},
		{vector.Integer, vector.Double, "DOUBLE"},
		{vector.BigInt, vector.Float, "FLOAT"},
		{vector.Integer, vector.Decimal(5, 2), "DECIMAL(12,2)"},
		{vector.Decimal(5, 2), vector.Decimal(10, 4), "DECIMAL(10,4)"},
		{vector.Decimal(38, 2), vector.Decimal(38, 10), "DECIMAL(38,10)"},
		{vector.Decimal(5, 2), vector.Double, "DOUBLE"},
		{vector.Null, vector.Date, "DATE"},
		{vector.Date, vector.Timestamp, "TIMESTAMP"},
		{vector.Varchar, vector.Integer, "VARCHAR"},
		{vector.Boolean, vector.Integer, "-"},
		{vector.Date, vector.Time, "-"},
	}
	for _, c := range cases {
		got, ok := CommonType(c.a, c.b)
		s := got.String()
		if !ok {
			s = "-"
		}
		if s != c.want {
			t.Errorf("CommonType(%s, %s) = %s, want %s", c.a, c.b, s, c.want)
		}
		got2, ok2 := CommonType(c.b, c.a)
		if ok2 != ok || got2 != got {
			t.Errorf("CommonType not symmetric for %s, %s", c.a, c.b)
		}
	}
}
