package parquet

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
	pq "github.com/parquet-go/parquet-go"
)

type sortedRow struct {
	ID   int64   `parquet:"id"`
	Name string  `parquet:"name,dict"`
	X    *int64  `parquet:"x,optional"`
	F    float64 `parquet:"f"`
}

// TestPageIndexSkipping writes a file sorted on id with hundreds of small
// pages per column and checks from the scan counters that a selective
// filter on id reads at most 2% of the pages, and that filtering the
// returned rows gives exactly the matching rows.
func TestPageIndexSkipping(t *testing.T) {
	const n = 300_000
	data := make([]sortedRow, n)
	for i := range data {
		data[i] = sortedRow{ID: int64(i), Name: fmt.Sprintf("n%d", i%50), F: float64(i) / 2}
		if i%7 != 0 {
			x := int64(i * 3)
			data[i].X = &x
		}
	}
	path := filepath.Join(t.TempDir(), "sorted.parquet")
	writeRows(t, path, data, pq.PageBufferSize(4<<10), pq.MaxRowsPerRowGroup(150_000), pq.Compression(&pq.Zstd))
	tbl, err := Open([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Close()
	cols := []int{0, 1, 2, 3}
	iv := vector.IntValue
	tests := []struct {
		name    string
		filters []storage.Filter
		match   func(r sortedRow) bool
	}{
		{"between", []storage.Filter{{Col: 0, Op: storage.OpGe, Value: iv(123_456)}, {Col: 0, Op: storage.OpLe, Value: iv(124_000)}},
			func(r sortedRow) bool { return r.ID >= 123_456 && r.ID <= 124_000 }},
		{"eq", []storage.Filter{{Col: 0, Op: storage.OpEq, Value: iv(277_777)}},
			func(r sortedRow) bool { return r.ID == 277_777 }},
		{"in", []storage.Filter{{Col: 0, Op: storage.OpIn, Values: []vector.Value{iv(10), iv(149_999), iv(150_000), iv(299_999)}}},
			func(r sortedRow) bool { return r.ID == 10 || r.ID == 149_999 || r.ID == 150_000 || r.ID == 299_999 }},
		{"optional", []storage.Filter{{Col: 2, Op: storage.OpLt, Value: iv(3000)}},
			func(r sortedRow) bool { return r.X != nil && *r.X < 3000 }},
		// Each filter alone keeps the first row group; their pages do
		// not overlap.
		{"disjoint", []storage.Filter{{Col: 0, Op: storage.OpLt, Value: iv(1000)}, {Col: 0, Op: storage.OpGt, Value: iv(149_000)}},
			func(r sortedRow) bool { return r.ID < 1000 && r.ID > 149_000 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			chunks, st := scanAll(t, tbl, storage.ScanSpec{Columns: cols, Filters: tc.filters})
			got := 0
			for _, row := range rows(chunks) {
				id := row[0].I64
				if id < 0 || id >= n {
					t.Fatalf("row with id %d", id)
				}
				want := data[id]
				r := sortedRow{ID: id, Name: row[1].Str, F: row[3].F64}
				if !row[2].Null {
					x := row[2].I64
					r.X = &x
				}
				if r.Name != want.Name || r.F != want.F || (r.X == nil) != (want.X == nil) || (r.X != nil && *r.X != *want.X) {
					t.Fatalf("row %d read as %+v, written as %+v", id, r, want)
				}
				if tc.match(r) {
					got++
				}
			}
			want := 0
			for _, r := range data {
				if tc.match(r) {
					want++
				}
			}
			if got != want {
				t.Errorf("%d rows pass the filter, want %d", got, want)
			}
			total := st.Pages + st.PagesSkipped
			if total < 400 {
				t.Fatalf("only %d pages counted (read %d, skipped %d); the test needs hundreds", total, st.Pages, st.PagesSkipped)
			}
			if float64(st.Pages) > 0.02*float64(total) {
				t.Errorf("read %d of %d pages (> 2%%)", st.Pages, total)
			}
			t.Logf("%s: %s", tc.name, st)
		})
	}
}

func writeRows[T any](t testing.TB, path string, data []T, opts ...pq.WriterOption) {
	t.Helper()
	if err := pq.WriteFile(path, data, opts...); err != nil {
		t.Fatal(err)
	}
}
