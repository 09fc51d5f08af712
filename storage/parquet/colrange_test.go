package parquet

import (
	"os"
	"testing"
)

func TestColumnRange(t *testing.T) {
	path := "../../bench/data/sf1/nation.parquet"
	if _, err := os.Stat(path); err != nil {
		t.Skipf("no TPC-H data: %v", err)
	}
	tb, err := Open([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	defer tb.Close()
	for i, c := range tb.Schema() {
		if c.Name != "n_nationkey" {
			continue
		}
		lo, hi, ok := tb.ColumnRange(i)
		if !ok || lo.I64 != 0 || hi.I64 != 24 {
			t.Fatalf("ColumnRange(n_nationkey) = %v, %v, %v; want 0, 24, true", lo, hi, ok)
		}
		if _, _, ok := tb.ColumnRange(len(tb.Schema())); ok {
			t.Fatal("ColumnRange past the schema reported ok")
		}
		return
	}
	t.Fatal("no n_nationkey column")
}
