package parquet

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
	pq "github.com/parquet-go/parquet-go"
)

type rec struct {
	ID    int64    `parquet:"id"`
	Name  *string  `parquet:"name,optional"`
	Day   int32    `parquet:"day,date"`
	Price int64    `parquet:"price,decimal(2:15)"`
	Small int8     `parquet:"small"`
	U16   uint16   `parquet:"u16"`
	U32   uint32   `parquet:"u32"`
	Score *float64 `parquet:"score,optional"`
	F32   float32  `parquet:"f32"`
	Flag  bool     `parquet:"flag"`
	Cat   string   `parquet:"cat,dict"`
	Raw   []byte   `parquet:"raw"`
	TsMs  int64    `parquet:"ts_ms,timestamp(millisecond)"`
	TsNs  int64    `parquet:"ts_ns,timestamp(nanosecond)"`
	TmUs  int64    `parquet:"tm_us,time(microsecond)"`
	ID2   [16]byte `parquet:"uid,uuid"`
	Tags  []string `parquet:"tags,list"`
}

func makeRec(i int) rec {
	r := rec{
		ID:    int64(i),
		Day:   int32(19000 + i%365),
		Price: int64(i) * 125, // i * 1.25
		Small: int8(i % 100),
		U16:   uint16(60000 + i%1000),
		U32:   uint32(4000000000 + i),
		F32:   float32(i) / 4,
		Flag:  i%3 == 0,
		Cat:   fmt.Sprintf("cat%d", i%5),
		Raw:   []byte{byte(i), 0xff},
		TsMs:  int64(i) * 1001,
		TsNs:  int64(i)*1000000 + 999,
		TmUs:  int64(i) * 1000001,
		Tags:  []string{"a"},
	}
	r.ID2[15] = byte(i)
	if i%7 != 0 {
		s := fmt.Sprintf("name-%d", i)
		r.Name = &s
	}
	if i%11 != 0 {
		f := float64(i) * 0.5
		r.Score = &f
	}
	return r
}

// writeRecs writes n records in row groups of rg rows.
func writeRecs(t testing.TB, path string, n, rg int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := pq.NewGenericWriter[rec](f, pq.MaxRowsPerRowGroup(int64(rg)), pq.PageBufferSize(4096))
	recs := make([]rec, n)
	for i := range recs {
		recs[i] = makeRec(i)
	}
	if _, err := w.Write(recs); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestWrittenTypesAndValues(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.parquet")
	const n = 5000
	writeRecs(t, path, n, 1500)
	tbl, err := Open([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Close()
	wantTypes := map[string]string{
		"id": "BIGINT", "name": "VARCHAR", "day": "DATE", "price": "DECIMAL(15,2)", "small": "TINYINT",
		"u16": "USMALLINT", "u32": "UINTEGER", "score": "DOUBLE", "f32": "FLOAT", "flag": "BOOLEAN",
		"cat": "VARCHAR", "raw": "BLOB", "ts_ms": "TIMESTAMP WITH TIME ZONE", "ts_ns": "TIMESTAMP WITH TIME ZONE",
		"tm_us": "TIME", "uid": "UUID", "tags": "VARCHAR[]",
	}
	if len(tbl.Schema()) != len(wantTypes) {
		t.Fatalf("schema has %d columns, want %d", len(tbl.Schema()), len(wantTypes))
	}
	var cols []int
	for i, c := range tbl.Schema() {
		if got := c.Type.String(); got != wantTypes[c.Name] {
			t.Errorf("column %s: type %s, want %s", c.Name, got, wantTypes[c.Name])
		}
		cols = append(cols, i)
	}
	chunks, st := scanAll(t, tbl, storage.ScanSpec{Columns: cols})
	if st.RowGroups != 4 || st.RowGroupsSkipped != 0 {
		t.Errorf("stats %+v, want 4 row groups read", st)
	}
	rs := rows(chunks)
	if len(rs) != n {
		t.Fatalf("%d rows, want %d", len(rs), n)
	}
	for i, r := range rs {
		e := makeRec(i)
		want := []string{
			fmt.Sprint(e.ID), "NULL", vector.FormatDate(int64(e.Day)), vector.FormatDecimal(e.Price, 2),
			fmt.Sprint(e.Small), fmt.Sprint(e.U16), fmt.Sprint(e.U32), "NULL", vector.FormatFloat(float64(e.F32), 32),
			fmt.Sprint(e.Flag), e.Cat, vector.FormatBlob(string(e.Raw)),
			vector.FormatTimestamp(e.TsMs*1000) + "+00", vector.FormatTimestamp(e.TsNs/1000) + "+00",
			vector.FormatTime(e.TmUs), fmt.Sprintf("00000000-0000-0000-0000-0000000000%02x", i%256),
			"[" + strings.Join(e.Tags, ", ") + "]",
		}
		if e.Name != nil {
			want[1] = *e.Name
		}
		if e.Score != nil {
			want[7] = vector.FormatFloat(*e.Score, 64)
		}
		for j, w := range want {
			if got := r[j].String(); got != w {
				t.Fatalf("row %d column %s = %q, want %q", i, tbl.Schema()[cols[j]].Name, got, w)
			}
		}
	}
}

func TestPruning(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.parquet")
	const n, rg = 10000, 1000 // ids 0..9999 in 10 row groups of sorted ids
	writeRecs(t, path, n, rg)
	tbl, err := Open([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Close()
	id := colIndex(t, tbl, "id")
	name := colIndex(t, tbl, "name")
	day := colIndex(t, tbl, "day")
	score := colIndex(t, tbl, "score")
	flag := colIndex(t, tbl, "flag")
	i64 := func(x int64) vector.Value { return vector.IntValue(x) }
	tests := []struct {
		name   string
		filter storage.Filter
		groups int // row groups that must remain
	}{
		{"eq", storage.Filter{Col: id, Op: storage.OpEq, Value: i64(4321)}, 1},
		{"eq-miss", storage.Filter{Col: id, Op: storage.OpEq, Value: i64(20000)}, 0},
		{"lt", storage.Filter{Col: id, Op: storage.OpLt, Value: i64(1000)}, 1},
		{"le", storage.Filter{Col: id, Op: storage.OpLe, Value: i64(1000)}, 2},
		{"gt", storage.Filter{Col: id, Op: storage.OpGt, Value: i64(8999)}, 1},
		{"ge", storage.Filter{Col: id, Op: storage.OpGe, Value: i64(8999)}, 2},
		{"ne", storage.Filter{Col: id, Op: storage.OpNe, Value: i64(5)}, 10},
		{"in", storage.Filter{Col: id, Op: storage.OpIn, Values: []vector.Value{i64(5), i64(9500), vector.NullValue(vector.BigInt)}}, 2},
		{"in-miss", storage.Filter{Col: id, Op: storage.OpIn, Values: []vector.Value{i64(-5), i64(99999)}}, 0},
		{"str-eq", storage.Filter{Col: name, Op: storage.OpEq, Value: vector.StringValue("zzz")}, 0},
		{"str-ge", storage.Filter{Col: name, Op: storage.OpGe, Value: vector.StringValue("name-")}, 10},
		{"isnull-required", storage.Filter{Col: id, Op: storage.OpIsNull}, 0},
		{"isnull-optional", storage.Filter{Col: name, Op: storage.OpIsNull}, 10},
		{"isnotnull", storage.Filter{Col: name, Op: storage.OpIsNotNull}, 10},
		{"date-lt", storage.Filter{Col: day, Op: storage.OpLt, Value: vector.Value{Typ: vector.Date, I64: 18000}}, 0},
		{"date-wrong-type", storage.Filter{Col: day, Op: storage.OpLt, Value: vector.Value{Typ: vector.Timestamp, I64: 18000}}, 10},
		{"double-gt-kept", storage.Filter{Col: score, Op: storage.OpGt, Value: vector.DoubleValue(1e9)}, 10},
		{"double-lt", storage.Filter{Col: score, Op: storage.OpLt, Value: vector.DoubleValue(-1)}, 0},
		{"bool-eq", storage.Filter{Col: flag, Op: storage.OpEq, Value: vector.BoolValue(true)}, 10},
		{"null-const", storage.Filter{Col: id, Op: storage.OpEq, Value: vector.NullValue(vector.BigInt)}, 10},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			chunks, st := scanAll(t, tbl, storage.ScanSpec{Columns: []int{id}, Filters: []storage.Filter{tc.filter}})
			if len(chunks) != tc.groups {
				t.Errorf("%d row groups kept, want %d", len(chunks), tc.groups)
			}
			if (st.BytesSkipped > 0) != (tc.groups < 10) || (st.BytesRead > 0) != (tc.groups > 0) {
				t.Errorf("bytes read %d, skipped %d", st.BytesRead, st.BytesSkipped)
			}
			if st.RowGroupsSkipped != int64(10-tc.groups) {
				t.Errorf("RowGroupsSkipped = %d, want %d", st.RowGroupsSkipped, 10-tc.groups)
			}
			// Every row that satisfies the filter must survive.
			if tc.filter.Op == storage.OpEq && tc.filter.Col == id && !tc.filter.Value.Null {
				found := false
				for _, r := range rows(chunks) {
					found = found || r[0].I64 == tc.filter.Value.I64
				}
				if want := tc.filter.Value.I64 < n; found != want {
					t.Errorf("row %d found = %v, want %v", tc.filter.Value.I64, found, want)
				}
			}
		})
	}
}

func TestMultiFile(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.parquet"), filepath.Join(dir, "b.parquet")
	writeRecs(t, a, 100, 30)
	writeRecs(t, b, 50, 100)
	tbl, err := Open([]string{a, b})
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Close()
	if tbl.RowCount() != 150 {
		t.Errorf("RowCount = %d", tbl.RowCount())
	}
	chunks, st := scanAll(t, tbl, storage.ScanSpec{Columns: []int{0}})
	if len(rows(chunks)) != 150 || st.Files != 2 || len(chunks) != 5 {
		t.Errorf("rows %d, stats %+v, morsels %d", len(rows(chunks)), st, len(chunks))
	}

	// A file with a different schema is rejected with its name.
	type other struct {
		ID string `parquet:"id"`
	}
	c := filepath.Join(dir, "c.parquet")
	if err := pq.WriteFile(c, []other{{"x"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := Open([]string{a, c}); err == nil || !strings.Contains(err.Error(), "c.parquet") {
		t.Errorf("mismatched schema: err = %v", err)
	}
}

func TestCorruptFiles(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.parquet")
	writeRecs(t, good, 3000, 1000)
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cases := map[string]string{
		"missing": filepath.Join(dir, "nope.parquet"),
		"empty":   write("empty.parquet", nil),
		"text":    write("text.parquet", []byte("this is not a parquet file at all")),
		"trunc":   write("trunc.parquet", data[:len(data)/2]),
	}
	for name, p := range cases {
		if _, err := Open([]string{p}); err == nil || !strings.Contains(err.Error(), p) {
			t.Errorf("%s: err = %v, want an error naming the file", name, err)
		}
	}
	// Damage page bytes but keep the footer: opening works, scanning must
	// fail with an error (never a panic) or, when the damage hits bytes
	// that do not matter, succeed.
	for _, off := range []int{4, 40, 100, 400, 1000, 3000, len(data) / 3} {
		bad := append([]byte(nil), data...)
		for i := off; i < off+64 && i < len(bad)-8; i++ {
			bad[i] ^= 0x5a
		}
		p := write(fmt.Sprintf("bad%d.parquet", off), bad)
		tbl, err := Open([]string{p})
		if err != nil {
			if !strings.Contains(err.Error(), p) {
				t.Errorf("offset %d: open error without path: %v", off, err)
			}
			continue
		}
		var cols []int
		for i, c := range tbl.Schema() {
			if c.Name != "tags" {
				cols = append(cols, i)
			}
		}
		sc, err := tbl.Scan(context.Background(), storage.ScanSpec{Columns: cols})
		if err != nil {
			t.Fatal(err)
		}
		for m := 0; m < sc.Morsels(); m++ {
			err := sc.ReadMorsel(context.Background(), m, func(*vector.Chunk) error { return nil })
			if err != nil {
				t.Logf("offset %d: %v", off, err)
			}
			if err != nil && !strings.Contains(err.Error(), p) {
				t.Errorf("offset %d: scan error without path: %v", off, err)
			}
		}
		tbl.Close()
	}
}

// TestCorruptDuckDBFile damages a DuckDB-written file (no page checksums)
// at many offsets; every scan must end in success or an error naming the
// file, never a panic.
func TestCorruptDuckDBFile(t *testing.T) {
	src := tpchFile(t, "sf0.01", "nation")
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	failures := 0
	for off := 4; off < len(data)-8; off += 13 {
		bad := append([]byte(nil), data...)
		for i := off; i < off+3 && i < len(bad)-8; i++ {
			bad[i] ^= 0xa5
		}
		p := filepath.Join(dir, fmt.Sprintf("n%d.parquet", off))
		if err := os.WriteFile(p, bad, 0o644); err != nil {
			t.Fatal(err)
		}
		tbl, err := Open([]string{p})
		if err != nil {
			failures++
			if !strings.Contains(err.Error(), p) {
				t.Errorf("offset %d: open error without path: %v", off, err)
			}
			continue
		}
		var cols []int
		for i, c := range tbl.Schema() {
			if c.Type.Phys() != vector.PhysNone {
				cols = append(cols, i)
			}
		}
		sc, err := tbl.Scan(context.Background(), storage.ScanSpec{Columns: cols})
		if err != nil {
			tbl.Close()
			continue
		}
		for m := 0; m < sc.Morsels(); m++ {
			err := sc.ReadMorsel(context.Background(), m, func(*vector.Chunk) error { return nil })
			if err != nil {
				failures++
				if !strings.Contains(err.Error(), p) {
					t.Errorf("offset %d: scan error without path: %v", off, err)
				}
			}
		}
		tbl.Close()
	}
	if failures == 0 {
		t.Errorf("no damaged file was reported as corrupt")
	}
}
