package parquet

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
	pq "github.com/parquet-go/parquet-go"
)

type lateRow struct {
	A int64   `parquet:"a"`
	P int64   `parquet:"p"`
	S string  `parquet:"s"`
	N *string `parquet:"n,optional,dict"`
}

// TestLateMaterialization filters on a column whose page statistics
// cannot prune anything (every page holds 0 and 100; the value 7 appears
// only in rows 80,000-80,099): the scan must return exactly the matching
// rows and decode only the few pages of the other columns that hold them.
func TestLateMaterialization(t *testing.T) {
	const n = 200_000
	data := make([]lateRow, n)
	for i := range data {
		a := int64(i%2) * 100
		if i >= 80_000 && i < 80_100 {
			a = 7
		}
		data[i] = lateRow{A: a, P: int64(i) * 3, S: fmt.Sprintf("row-%d", i)}
		if i%3 != 0 {
			s := fmt.Sprintf("k%d", i%4)
			data[i].N = &s
		}
	}
	path := filepath.Join(t.TempDir(), "late.parquet")
	writeRows(t, path, data, pq.PageBufferSize(4<<10), pq.Compression(&pq.Snappy))
	tbl, err := Open([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Close()
	_, only := scanAll(t, tbl, storage.ScanSpec{Columns: []int{0}})
	aPages := only.Pages
	fullChunks, full := scanAll(t, tbl, storage.ScanSpec{Columns: []int{0, 1, 2, 3}})
	if rec := recycledRows(t, tbl, storage.ScanSpec{Columns: []int{3, 0, 1, 2}}); !reflect.DeepEqual(rec, reorder(rows(fullChunks), 3, 0, 1, 2)) {
		t.Fatalf("recycled scan without filters: %d rows differ from ReadMorsel's", len(rec))
	}
	iv, sv := vector.IntValue, vector.StringValue
	tests := []struct {
		name    string
		filters []storage.Filter
		match   func(r *lateRow) bool
		// pagesMax bounds the pages read beyond those of the filter
		// columns; 0 means no bound.
		pagesMax int64
	}{
		{"eq", []storage.Filter{{Col: 0, Op: storage.OpEq, Value: iv(7)}},
			func(r *lateRow) bool { return r.A == 7 }, 12},
		{"range", []storage.Filter{{Col: 0, Op: storage.OpGt, Value: iv(0)}, {Col: 0, Op: storage.OpLt, Value: iv(50)}},
			func(r *lateRow) bool { return r.A > 0 && r.A < 50 }, 12},
		{"in", []storage.Filter{{Col: 0, Op: storage.OpIn, Values: []vector.Value{iv(7), iv(8)}}},
			func(r *lateRow) bool { return r.A == 7 }, 12},
		{"mostly", []storage.Filter{{Col: 0, Op: storage.OpNe, Value: iv(7)}},
			func(r *lateRow) bool { return r.A != 7 }, 0},
		{"string", []storage.Filter{{Col: 3, Op: storage.OpEq, Value: sv("k1")}},
			func(r *lateRow) bool { return r.N != nil && *r.N == "k1" }, 0},
		{"null", []storage.Filter{{Col: 3, Op: storage.OpIsNull}, {Col: 0, Op: storage.OpGe, Value: iv(100)}},
			func(r *lateRow) bool { return r.N == nil && r.A >= 100 }, 0},
		{"notnull", []storage.Filter{{Col: 3, Op: storage.OpIsNotNull}, {Col: 3, Op: storage.OpIn, Values: []vector.Value{sv("k2"), vector.NullValue(vector.Varchar)}}},
			func(r *lateRow) bool { return r.N != nil && *r.N == "k2" }, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			chunks, st := scanAll(t, tbl, storage.ScanSpec{Columns: []int{0, 1, 2, 3}, Filters: tc.filters})
			var want []int
			for i := range data {
				if tc.match(&data[i]) {
					want = append(want, i)
				}
			}
			// The scan may return rows that fail the filters (the engine
			// filters again) when most of a batch passes; of the rows it
			// returns, exactly the matching ones must pass.
			var got []int
			for _, row := range rows(chunks) {
				i := int(row[1].I64 / 3)
				if i < 0 || i >= n {
					t.Fatalf("row %v", row)
				}
				d := &data[i]
				if row[0].I64 != d.A || row[2].Str != d.S || row[3].Null != (d.N == nil) || (d.N != nil && row[3].Str != *d.N) {
					t.Fatalf("row %v, written as %+v", row, *d)
				}
				if tc.match(d) {
					got = append(got, i)
				}
			}
			if !slices.Equal(got, want) {
				t.Fatalf("%d returned rows match, want %d", len(got), len(want))
			}
			// The recycled path (vectors overwritten by the next chunk)
			// returns the same rows when each chunk is read in emit.
			if rec, all := recycledRows(t, tbl, storage.ScanSpec{Columns: []int{0, 1, 2, 3}, Filters: tc.filters}), rows(chunks); !reflect.DeepEqual(rec, all) {
				t.Fatalf("recycled scan returned %d rows, want the %d of ReadMorsel", len(rec), len(all))
			}
			if tc.pagesMax > 0 {
				if extra := st.Pages - aPages; extra > tc.pagesMax {
					t.Errorf("read %d pages besides the filter column's %d (max %d): %s", extra, aPages, tc.pagesMax, st)
				}
				if st.PagesSkipped < full.Pages-aPages-tc.pagesMax {
					t.Errorf("skipped %d pages of %d: %s", st.PagesSkipped, full.Pages, st)
				}
			}
			t.Logf("%s: %s (all columns: %d pages)", tc.name, st, full.Pages)
		})
	}
}

// recycledRows scans with ReadMorselRecycled, one morsel at a time,
// copying each chunk's values inside emit; it fails the test when no
// vector was reused across chunks of a morsel.
func recycledRows(t *testing.T, tbl storage.Table, spec storage.ScanSpec) [][]vector.Value {
	t.Helper()
	sc, err := tbl.Scan(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	defer sc.Close()
	rc, ok := sc.(storage.Recycler)
	if !ok {
		t.Fatal("parquet scanner does not implement storage.Recycler")
	}
	var out [][]vector.Value
	chunks, reused := 0, 0
	for i := range sc.Morsels() {
		var prev []*vector.Vector
		err := rc.ReadMorselRecycled(context.Background(), i, func(c *vector.Chunk) error {
			out = append(out, rows([][]*vector.Chunk{{c}})...)
			for j, v := range c.Cols {
				if j < len(prev) && prev[j] == v {
					reused++
				}
			}
			prev = slices.Clone(c.Cols)
			chunks++
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if chunks > 2*sc.Morsels() && reused == 0 {
		t.Errorf("%d chunks in %d morsels and no vector reused", chunks, sc.Morsels())
	}
	return out
}

// reorder returns rows with their values in the order cols.
func reorder(rows [][]vector.Value, cols ...int) [][]vector.Value {
	out := make([][]vector.Value, len(rows))
	for i, r := range rows {
		for _, c := range cols {
			out[i] = append(out[i], r[c])
		}
	}
	return out
}

// TestDictionaryKeyFilter gives the scan a runtime join filter on a
// dictionary-encoded column: it is evaluated once per dictionary entry and
// the scan returns exactly the rows holding the keys.
func TestDictionaryKeyFilter(t *testing.T) {
	const n = 50_000
	data := make([]dictRow, n)
	for i := range data {
		data[i] = dictRow{M: "m", Q: int64(i % 50), P: int64(i)}
	}
	path := filepath.Join(t.TempDir(), "dictkeys.parquet")
	writeRows(t, path, data, pq.PageBufferSize(8<<10), pq.Compression(&pq.Zstd))
	tbl, err := Open([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Close()
	spec := storage.ScanSpec{Columns: []int{1, 2}, Keys: []storage.KeyFilter{{Col: 1, Set: mapSet{7: true, 13: true, 99: true}}}}
	sc, err := tbl.Scan(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	defer sc.Close()
	got := 0
	for i := range sc.Morsels() {
		err := sc.ReadMorsel(context.Background(), i, func(c *vector.Chunk) error {
			for r := range c.Len {
				q, p := c.Cols[0].I64[r], c.Cols[1].I64[r]
				if (q != 7 && q != 13) || data[p].Q != q {
					return fmt.Errorf("row q=%d p=%d", q, p)
				}
				got++
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if got != 2*n/50 {
		t.Fatalf("%d rows, want %d", got, 2*n/50)
	}
	if sc.(*scanner).dictBatches.Load() == 0 {
		t.Errorf("the key filter was not evaluated on the dictionary")
	}
}

type dictRow struct {
	M string `parquet:"m,dict"`
	Q int64  `parquet:"q,dict"`
	P int64  `parquet:"p"`
}

// TestDictionaryFilters filters dictionary-encoded columns without NULLs:
// the late filters are answered from each page's dictionary indices
// (one evaluation per dictionary entry), and the scan returns exactly the
// matching rows, also when filters on two columns combine.
func TestDictionaryFilters(t *testing.T) {
	const n = 100_000
	modes := []string{"AIR", "MAIL", "SHIP", "RAIL", "TRUCK", "FOB", "REG AIR"}
	data := make([]dictRow, n)
	for i := range data {
		data[i] = dictRow{M: modes[(i*7+i/3)%len(modes)], Q: int64(i % 50), P: int64(i)}
	}
	path := filepath.Join(t.TempDir(), "dict.parquet")
	writeRows(t, path, data, pq.PageBufferSize(8<<10), pq.Compression(&pq.Zstd))
	tbl, err := Open([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Close()
	iv, sv := vector.IntValue, vector.StringValue
	tests := []struct {
		name    string
		filters []storage.Filter
		match   func(r *dictRow) bool
	}{
		{"in", []storage.Filter{{Col: 0, Op: storage.OpIn, Values: []vector.Value{sv("MAIL"), sv("SHIP")}}},
			func(r *dictRow) bool { return r.M == "MAIL" || r.M == "SHIP" }},
		{"eq", []storage.Filter{{Col: 0, Op: storage.OpEq, Value: sv("FOB")}},
			func(r *dictRow) bool { return r.M == "FOB" }},
		{"range", []storage.Filter{{Col: 1, Op: storage.OpGe, Value: iv(10)}, {Col: 1, Op: storage.OpLt, Value: iv(12)}},
			func(r *dictRow) bool { return r.Q >= 10 && r.Q < 12 }},
		{"both", []storage.Filter{{Col: 1, Op: storage.OpLe, Value: iv(3)}, {Col: 0, Op: storage.OpNe, Value: sv("AIR")}},
			func(r *dictRow) bool { return r.Q <= 3 && r.M != "AIR" }},
		{"none", []storage.Filter{{Col: 0, Op: storage.OpEq, Value: sv("BOAT")}, {Col: 1, Op: storage.OpGt, Value: iv(0)}},
			func(r *dictRow) bool { return false }},
		{"notnull", []storage.Filter{{Col: 0, Op: storage.OpIsNotNull}, {Col: 1, Op: storage.OpEq, Value: iv(7)}},
			func(r *dictRow) bool { return r.Q == 7 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc, err := tbl.Scan(context.Background(), storage.ScanSpec{Columns: []int{0, 1, 2}, Filters: tc.filters})
			if err != nil {
				t.Fatal(err)
			}
			defer sc.Close()
			var got, want []int
			for i := range sc.Morsels() {
				err := sc.ReadMorsel(context.Background(), i, func(c *vector.Chunk) error {
					for _, row := range rows([][]*vector.Chunk{{c}}) {
						d := &data[row[2].I64]
						if row[0].Str != d.M || row[1].I64 != d.Q {
							return fmt.Errorf("row %v, written as %+v", row, *d)
						}
						if tc.match(d) {
							got = append(got, int(row[2].I64))
						}
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			for i := range data {
				if tc.match(&data[i]) {
					want = append(want, i)
				}
			}
			if !slices.Equal(got, want) {
				t.Fatalf("%d returned rows match, want %d", len(got), len(want))
			}
			// A filter no entry passes skips the row group whole.
			if st := sc.Stats(); len(want) == 0 && st.RowGroupsSkipped == 0 {
				t.Errorf("no row group skipped: %s", st)
			} else if b := sc.(*scanner).dictBatches.Load(); len(want) > 0 && b == 0 {
				t.Errorf("no batch was filtered from dictionary indices")
			}
		})
	}
}

// mapSet is a storage.KeySet holding exact int64 keys.
type mapSet map[int64]bool

func (m mapSet) Select(v *vector.Vector, n int, sel, dst []uint32) []uint32 {
	return selectInt64(v, n, sel, dst, func(x int64) bool { return m[x] })
}

// TestKeyFilters gives the scan a runtime join filter (storage.KeyFilter)
// with a few keys: it must return exactly the rows holding them, also
// with another filter and with recycled vectors, and decode the other
// columns only on the pages holding those rows.
func TestKeyFilters(t *testing.T) {
	const n = 200_000
	data := make([]lateRow, n)
	for i := range data {
		data[i] = lateRow{A: int64(i % 10), P: int64(i), S: fmt.Sprintf("row-%d", i)}
	}
	path := filepath.Join(t.TempDir(), "keys.parquet")
	writeRows(t, path, data, pq.PageBufferSize(4<<10), pq.Compression(&pq.Snappy))
	tbl, err := Open([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Close()
	set := mapSet{5: true, 77: true, 150_001: true, 150_002: true, 1 << 40: true}
	_, only := scanAll(t, tbl, storage.ScanSpec{Columns: []int{1}})
	tests := []struct {
		name    string
		filters []storage.Filter
		want    []int64
	}{
		{"keys", nil, []int64{5, 77, 150_001, 150_002}},
		{"keys-and-filter", []storage.Filter{{Col: 0, Op: storage.OpEq, Value: vector.IntValue(7)}}, []int64{77}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			spec := storage.ScanSpec{Columns: []int{0, 1, 2}, Filters: tc.filters, Keys: []storage.KeyFilter{{Col: 1, Set: set}}}
			chunks, st := scanAll(t, tbl, spec)
			var got []int64
			for _, row := range rows(chunks) {
				d := &data[row[1].I64]
				if row[0].I64 != d.A || row[2].Str != d.S {
					t.Fatalf("row %v, written as %+v", row, *d)
				}
				got = append(got, row[1].I64)
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("rows %v, want %v", got, tc.want)
			}
			if rec := recycledRows(t, tbl, spec); !reflect.DeepEqual(rec, rows(chunks)) {
				t.Fatalf("recycled scan returned %d rows, want %d", len(rec), len(got))
			}
			// Besides the key column, a few pages of the other columns.
			if extra := st.Pages - only.Pages; tc.filters == nil && extra > 12 {
				t.Errorf("read %d pages besides the key column's %d: %s", extra, only.Pages, st)
			}
		})
	}
}

// suffixPred is a storage.RowPredicate: column 0 (a string) ends in suffix.
type suffixPred string

func (p suffixPred) Select(_ context.Context, cols []*vector.Vector, n int, sel, dst []uint32) ([]uint32, error) {
	v := cols[0]
	k := 0
	test := func(i uint32) {
		if v.Valid.IsValid(int(i)) && strings.HasSuffix(v.Str[i], string(p)) {
			dst[k] = i
			k++
		}
	}
	if sel == nil {
		for i := range n {
			test(uint32(i))
		}
	} else {
		for _, i := range sel {
			test(i)
		}
	}
	return dst[:k], nil
}

// TestPredicateFilters gives the scan an engine filter condition on a
// string column (storage.PredicateFilter): it must return exactly the
// rows passing it, also combined with a comparison filter and with
// recycled vectors, and decode the other columns only on pages holding
// such rows.
func TestPredicateFilters(t *testing.T) {
	const n = 200_000
	data := make([]lateRow, n)
	for i := range data {
		data[i] = lateRow{A: int64(i % 10), P: int64(i), S: fmt.Sprintf("row-%d", i)}
	}
	path := filepath.Join(t.TempDir(), "pred.parquet")
	writeRows(t, path, data, pq.PageBufferSize(4<<10), pq.Compression(&pq.Snappy))
	tbl, err := Open([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Close()
	_, only := scanAll(t, tbl, storage.ScanSpec{Columns: []int{2}})
	pred := []storage.PredicateFilter{{Cols: []int{2}, Pred: suffixPred("-12345")}}
	tests := []struct {
		name    string
		filters []storage.Filter
		want    []int64
	}{
		{"predicate", nil, []int64{12345}},
		{"predicate-and-filter", []storage.Filter{{Col: 0, Op: storage.OpEq, Value: vector.IntValue(5)}}, []int64{12345}},
		{"none", []storage.Filter{{Col: 0, Op: storage.OpEq, Value: vector.IntValue(4)}}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			spec := storage.ScanSpec{Columns: []int{0, 1, 2}, Filters: tc.filters, Predicates: pred}
			chunks, st := scanAll(t, tbl, spec)
			var got []int64
			for _, row := range rows(chunks) {
				d := &data[row[1].I64]
				if row[0].I64 != d.A || row[2].Str != d.S {
					t.Fatalf("row %v, written as %+v", row, *d)
				}
				got = append(got, row[1].I64)
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("rows %v, want %v", got, tc.want)
			}
			if rec := recycledRows(t, tbl, spec); !reflect.DeepEqual(rec, rows(chunks)) {
				t.Fatalf("recycled scan returned %d rows, want %d", len(rec), len(got))
			}
			if extra := st.Pages - only.Pages; tc.filters == nil && extra > 12 {
				t.Errorf("read %d pages besides the predicate column's %d: %s", extra, only.Pages, st)
			}
		})
	}
}

// boundSet is a storage.DynamicKeySet keeping int64 values <= max.
type boundSet struct {
	col int
	max int64
}

func (b boundSet) Select(v *vector.Vector, n int, sel, dst []uint32) []uint32 {
	return selectInt64(v, n, sel, dst, func(x int64) bool { return x <= b.max })
}

func (b boundSet) Bounds() []storage.Filter {
	return []storage.Filter{{Col: b.col, Op: storage.OpLe, Value: vector.IntValue(b.max)}}
}

// selectInt64 keeps the valid rows of sel (all n when nil) whose value
// passes keep.
func selectInt64(v *vector.Vector, n int, sel, dst []uint32, keep func(int64) bool) []uint32 {
	k := 0
	test := func(i uint32) {
		if v.Valid.IsValid(int(i)) && keep(v.I64[i]) {
			dst[k] = i
			k++
		}
	}
	if sel == nil {
		for i := range n {
			test(uint32(i))
		}
	} else {
		for _, i := range sel {
			test(i)
		}
	}
	return dst[:k]
}

// TestDynamicKeyBounds gives the scan a key set with bounds (as a top-N
// does): row groups whose statistics lie past them are skipped before
// any page is read, and the rows kept are exactly those within.
func TestDynamicKeyBounds(t *testing.T) {
	const n = 100_000
	data := make([]lateRow, n)
	for i := range data {
		data[i] = lateRow{A: int64(i % 10), P: int64(i), S: fmt.Sprintf("row-%d", i)}
	}
	path := filepath.Join(t.TempDir(), "bounds.parquet")
	writeRows(t, path, data, pq.MaxRowsPerRowGroup(10_000), pq.Compression(&pq.Snappy))
	tbl, err := Open([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Close()
	spec := storage.ScanSpec{Columns: []int{0, 1, 2}, Keys: []storage.KeyFilter{{Col: 1, Set: boundSet{col: 1, max: 15_000}}}}
	chunks, st := scanAll(t, tbl, spec)
	got := rows(chunks)
	if len(got) != 15_001 || got[0][1].I64 != 0 || got[len(got)-1][1].I64 != 15_000 {
		t.Fatalf("%d rows from %v to %v, want 0..15000", len(got), got[0], got[len(got)-1])
	}
	if st.RowGroupsSkipped != 8 {
		t.Errorf("skipped %d row groups of 10, want 8: %s", st.RowGroupsSkipped, st)
	}
}

// orderedSet is a storage.OrderedKeySet keeping every value.
type orderedSet struct{ desc bool }

func (orderedSet) Select(v *vector.Vector, n int, sel, dst []uint32) []uint32 {
	return selectInt64(v, n, sel, dst, func(int64) bool { return true })
}
func (orderedSet) Bounds() []storage.Filter { return nil }
func (o orderedSet) Desc() bool             { return o.desc }

// TestOrderedKeyMorsels checks that a scan given an ordered key set (a
// top-N's bound) reads the row groups with the smallest (or largest)
// values of the key first, by their statistics.
func TestOrderedKeyMorsels(t *testing.T) {
	const n = 60_000
	data := make([]lateRow, n)
	for i := range data {
		// Row groups of 10,000 rows whose P ranges are not in file order.
		g := [...]int64{3, 0, 5, 1, 4, 2}[i/10_000]
		data[i] = lateRow{A: int64(i), P: g*10_000 + int64(i%10_000), S: "x"}
	}
	path := filepath.Join(t.TempDir(), "ordered.parquet")
	writeRows(t, path, data, pq.MaxRowsPerRowGroup(10_000))
	tbl, err := Open([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Close()
	for _, desc := range []bool{false, true} {
		sc, err := tbl.Scan(context.Background(), storage.ScanSpec{Columns: []int{1}, Keys: []storage.KeyFilter{{Col: 1, Set: orderedSet{desc}}}})
		if err != nil {
			t.Fatal(err)
		}
		var got []int
		for _, m := range sc.(*scanner).morsels {
			got = append(got, m.rg)
		}
		want := []int{1, 3, 5, 0, 4, 2} // row groups by ascending P
		if desc {
			slices.Reverse(want)
		}
		if !slices.Equal(got, want) {
			t.Errorf("desc=%v: morsel row groups %v, want %v", desc, got, want)
		}
		sc.Close()
	}
}
