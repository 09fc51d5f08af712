package csv

import (
	"context"
	"testing"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"a,b\n1,2\n", "x|y\n\"q\"\"\"|2024-01-01\n", "a;b\r\n1.5;true\r\n", "\"unterminated\n", "a\tb\n\t\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tbl, err := Parse("fuzz.csv", data, Options{})
		if err != nil {
			return
		}
		cols := make([]int, len(tbl.Schema()))
		for i := range cols {
			cols[i] = i
		}
		sc, err := tbl.Scan(context.Background(), storage.ScanSpec{Columns: cols})
		if err != nil {
			t.Fatal(err)
		}
		var n int64
		for m := 0; m < sc.Morsels(); m++ {
			if err := sc.ReadMorsel(context.Background(), m, func(c *vector.Chunk) error {
				n += int64(c.Len)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
		}
		if n != tbl.RowCount() {
			t.Fatalf("scanned %d rows, RowCount %d", n, tbl.RowCount())
		}
	})
}
