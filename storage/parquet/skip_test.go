package parquet

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// TestSortedRowGroupSkipping writes a file sorted on id with 200 row
// groups and checks from the scan counters that a selective filter on id
// reads at most 2% of the row groups and of the column bytes.
func TestSortedRowGroupSkipping(t *testing.T) {
	const groups, perGroup = 200, 1000
	path := filepath.Join(t.TempDir(), "sorted.parquet")
	schema := []storage.Column{{Name: "id", Type: vector.BigInt}, {Name: "name", Type: vector.Varchar}, {Name: "x", Type: vector.Double}}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w, err := NewWriter(f, schema, WriterOptions{RowGroupSize: perGroup, Compression: "zstd"})
	if err != nil {
		t.Fatal(err)
	}
	types := []vector.Type{vector.BigInt, vector.Varchar, vector.Double}
	for lo := 0; lo < groups*perGroup; lo += vector.MaxLen {
		n := min(vector.MaxLen, groups*perGroup-lo)
		ch := vector.NewChunk(types, n)
		for r := 0; r < n; r++ {
			id := lo + r
			ch.Cols[0].I64[r] = int64(id)
			ch.Cols[1].Str[r] = fmt.Sprintf("name-%07d", id*7919%1000003)
			ch.Cols[2].F64[r] = float64(id) * 1.5
		}
		if err := w.Write(ch); err != nil {
			t.Fatal(err)
		}
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
	if tbl.RowGroups() != groups {
		t.Fatalf("row groups = %d, want %d", tbl.RowGroups(), groups)
	}
	var total int64
	for _, rg := range tbl.files[0].pf.Metadata().RowGroups {
		for _, c := range rg.Columns {
			total += c.MetaData.TotalCompressedSize
		}
	}
	tests := []struct {
		name    string
		filters []storage.Filter
		rows    int // rows passing the filters: the scan evaluates them exactly
	}{
		{"between", []storage.Filter{
			{Col: 0, Op: storage.OpGe, Value: vector.IntValue(123_100)},
			{Col: 0, Op: storage.OpLe, Value: vector.IntValue(123_600)}}, 501},
		{"eq", []storage.Filter{{Col: 0, Op: storage.OpEq, Value: vector.IntValue(77_777)}}, 1},
		{"in", []storage.Filter{{Col: 0, Op: storage.OpIn, Values: []vector.Value{vector.IntValue(5), vector.IntValue(199_999)}}}, 2},
		{"straddle", []storage.Filter{
			{Col: 0, Op: storage.OpGt, Value: vector.IntValue(9_500)},
			{Col: 0, Op: storage.OpLt, Value: vector.IntValue(10_500)}}, 999},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			chunks, st := readAll(t, tbl, storage.ScanSpec{Columns: []int{0, 1, 2}, Filters: tc.filters})
			rows := 0
			for _, ch := range chunks {
				rows += ch.Rows()
			}
			if rows != tc.rows {
				t.Errorf("rows = %d, want %d", rows, tc.rows)
			}
			read := st.RowGroups
			if read+st.RowGroupsSkipped != groups {
				t.Errorf("row groups read %d + skipped %d != %d", read, st.RowGroupsSkipped, groups)
			}
			if float64(read) > 0.02*groups {
				t.Errorf("read %d of %d row groups (> 2%%)", read, groups)
			}
			if float64(st.BytesRead) > 0.02*float64(total) {
				t.Errorf("read %d of %d bytes (> 2%%)", st.BytesRead, total)
			}
			t.Logf("%s: %s of %d bytes", tc.name, st, total)
		})
	}
}
