package parquet

import (
	"path/filepath"
	"testing"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
	pq "github.com/parquet-go/parquet-go"
)

// TestDictionaryRowGroupSkipping checks that a row group whose min/max
// admit a value is skipped when its dictionary (every page
// dictionary-encoded) holds no entry passing the filter.
func TestDictionaryRowGroupSkipping(t *testing.T) {
	type row struct {
		K string `parquet:"k,dict"`
		X int64  `parquet:"x,dict"`
	}
	var data []row
	for i := 0; i < 2000; i++ {
		k, x := "a", int64(10)
		if i%2 == 1 {
			k, x = "c", 30
		}
		if i >= 1000 { // second row group
			k, x = "b", 20
			if i%2 == 1 {
				k = "d"
			}
		}
		data = append(data, row{k, x})
	}
	path := filepath.Join(t.TempDir(), "dict.parquet")
	writeRows(t, path, data, pq.MaxRowsPerRowGroup(1000))
	tbl, err := Open([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Close()
	for i, rg := range tbl.files[0].pf.Metadata().RowGroups {
		if !allDictEncoded(&rg.Columns[0].MetaData) {
			t.Fatalf("row group %d: metadata does not prove all pages dictionary-encoded: %v %v",
				i, rg.Columns[0].MetaData.Encoding, rg.Columns[0].MetaData.EncodingStats)
		}
	}
	tests := []struct {
		name   string
		filter storage.Filter
		rows   int
	}{
		{"string", storage.Filter{Col: 0, Op: storage.OpEq, Value: vector.StringValue("b")}, 500},
		{"int", storage.Filter{Col: 1, Op: storage.OpIn, Values: []vector.Value{vector.IntValue(20), vector.IntValue(25)}}, 1000},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			chunks, st := scanAll(t, tbl, storage.ScanSpec{Columns: []int{0, 1}, Filters: []storage.Filter{tc.filter}})
			if got := len(rows(chunks)); got != tc.rows {
				t.Errorf("rows = %d, want %d", got, tc.rows)
			}
			if st.RowGroups != 1 || st.RowGroupsSkipped != 1 {
				t.Errorf("row groups read %d, skipped %d; want 1 and 1: %s", st.RowGroups, st.RowGroupsSkipped, st)
			}
		})
	}
}
