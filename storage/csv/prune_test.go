package csv

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// TestScanPrunesMorsels checks that a scan skips the morsels whose zones
// prove a pushed-down filter false, and still returns every matching row.
func TestScanPrunesMorsels(t *testing.T) {
	const rows = 5 * chunksPerMorsel * vector.MaxLen // five morsels
	var b strings.Builder
	b.WriteString("id,name\n")
	for i := range rows {
		fmt.Fprintf(&b, "%d,n%d\n", i, i%7)
	}
	path := filepath.Join(t.TempDir(), "sorted.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	tbl, err := Open(path, Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		filter  storage.Filter
		skipped int64
		match   func(int64) bool
	}{
		{"lt", storage.Filter{Col: 0, Op: storage.OpLt, Value: vector.IntValue(100)}, 4, func(x int64) bool { return x < 100 }},
		{"ge", storage.Filter{Col: 0, Op: storage.OpGe, Value: vector.IntValue(rows - 10)}, 4, func(x int64) bool { return x >= rows-10 }},
		{"eq-none", storage.Filter{Col: 0, Op: storage.OpEq, Value: vector.IntValue(-5)}, 5, func(int64) bool { return false }},
		{"string", storage.Filter{Col: 1, Op: storage.OpEq, Value: vector.StringValue("n3")}, 0, func(x int64) bool { return x%7 == 3 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.filter
			if f.Value.Typ.ID != tbl.Schema()[f.Col].Type.ID {
				f.Value.Typ = tbl.Schema()[f.Col].Type
			}
			sc, err := tbl.Scan(context.Background(), storage.ScanSpec{Columns: []int{0}, Filters: []storage.Filter{f}})
			if err != nil {
				t.Fatal(err)
			}
			if got := sc.Stats().RowGroupsSkipped; got != tc.skipped {
				t.Fatalf("skipped %d morsels, want %d", got, tc.skipped)
			}
			want, got := 0, 0
			for i := range int64(rows) {
				if tc.match(i) {
					want++
				}
			}
			for m := range sc.Morsels() {
				err := sc.ReadMorsel(context.Background(), m, func(ch *vector.Chunk) error {
					for i := range ch.Len {
						if tc.match(ch.Cols[0].I64[i]) {
							got++
						}
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			if got != want {
				t.Fatalf("matching rows read = %d, want %d", got, want)
			}
		})
	}
}
