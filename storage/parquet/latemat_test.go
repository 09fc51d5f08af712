package parquet

import (
	"fmt"
	"path/filepath"
	"slices"
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
	_, full := scanAll(t, tbl, storage.ScanSpec{Columns: []int{0, 1, 2, 3}})
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
