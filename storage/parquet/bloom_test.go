package parquet

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// TestBloomFilterSkipping writes unsorted columns (so min/max cannot
// prune) with bloom filters and checks = and IN filters skip the row
// groups that do not hold the constants.
func TestBloomFilterSkipping(t *testing.T) {
	const groups, perGroup = 50, 400
	path := filepath.Join(t.TempDir(), "bloom.parquet")
	schema := []storage.Column{{Name: "id", Type: vector.BigInt}, {Name: "name", Type: vector.Varchar}, {Name: "d", Type: vector.Date}}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w, err := NewWriter(f, schema, WriterOptions{RowGroupSize: perGroup, BloomFilters: []string{"id", "name", "d"}})
	if err != nil {
		t.Fatal(err)
	}
	types := []vector.Type{vector.BigInt, vector.Varchar, vector.Date}
	// Row r holds a pseudo-random permutation value so every row group
	// spans nearly the whole range.
	val := func(r int) int64 { return int64((r * 7919) % (groups * perGroup)) }
	ch := vector.NewChunk(types, groups*perGroup)
	for r := 0; r < groups*perGroup; r++ {
		ch.Cols[0].I64[r] = val(r)
		ch.Cols[1].Str[r] = fmt.Sprintf("key-%d", val(r))
		ch.Cols[2].I64[r] = val(r)
	}
	if err := w.Write(ch); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	tbl, err := Open([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Close()
	d := func(x int64) vector.Value { return vector.Value{Typ: vector.Date, I64: x} }
	tests := []struct {
		name    string
		filter  storage.Filter
		maxRead int64
		rows    int
	}{
		{"id absent", storage.Filter{Col: 0, Op: storage.OpEq, Value: vector.IntValue(-5)}, 0, 0}, // min/max
		{"name absent", storage.Filter{Col: 1, Op: storage.OpEq, Value: vector.StringValue("key-123x")}, 3, 0},
		{"name present", storage.Filter{Col: 1, Op: storage.OpEq, Value: vector.StringValue("key-4242")}, 4, 1},
		{"id present", storage.Filter{Col: 0, Op: storage.OpEq, Value: vector.IntValue(4242)}, 4, 1},
		{"date present", storage.Filter{Col: 2, Op: storage.OpEq, Value: d(777)}, 4, 1},
		{"id in", storage.Filter{Col: 0, Op: storage.OpIn, Values: []vector.Value{vector.IntValue(1), vector.IntValue(19999), vector.NullValue(vector.BigInt)}}, 6, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			chunks, st := readAll(t, tbl, storage.ScanSpec{Columns: []int{0, 1}, Filters: []storage.Filter{tc.filter}})
			rows := 0
			for _, ch := range chunks {
				for r := 0; r < ch.Rows(); r++ {
					v := ch.Cols[0].I64[r]
					match := false
					switch tc.filter.Op {
					case storage.OpEq:
						match = v == tc.filter.Value.I64 || ch.Cols[1].Str[r] == tc.filter.Value.Str
					case storage.OpIn:
						for _, x := range tc.filter.Values {
							match = match || (!x.Null && x.I64 == v)
						}
					}
					if match {
						rows++
					}
				}
			}
			if rows != tc.rows {
				t.Errorf("matching rows = %d, want %d", rows, tc.rows)
			}
			if st.RowGroups > tc.maxRead {
				t.Errorf("read %d row groups (skipped %d), want at most %d", st.RowGroups, st.RowGroupsSkipped, tc.maxRead)
			}
			t.Logf("%s: %s", tc.name, st)
		})
	}
}
