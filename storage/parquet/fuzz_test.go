package parquet

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
	pq "github.com/parquet-go/parquet-go"
)

// FuzzOpen feeds damaged files to Open and ReadMorsel: they may fail, but
// must not panic.
func FuzzOpen(f *testing.F) {
	type small struct {
		A int64   `parquet:"a"`
		B *string `parquet:"b,optional"`
		C string  `parquet:"c,dict"`
	}
	var buf bytes.Buffer
	s := "x"
	if err := pq.Write(&buf, []small{{1, &s, "k"}, {2, nil, "k"}, {3, &s, "j"}}); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	if b, err := os.ReadFile(filepath.Join(tpchDir, "sf0.01", "region.parquet")); err == nil {
		f.Add(b)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		tmp, err := os.CreateTemp(dir, "*.parquet")
		if err != nil {
			t.Fatal(err)
		}
		p := tmp.Name()
		defer os.Remove(p)
		if _, err := tmp.Write(data); err != nil {
			t.Fatal(err)
		}
		tmp.Close()
		tbl, err := Open([]string{p})
		if err != nil {
			return
		}
		defer tbl.Close()
		var cols []int
		for i, c := range tbl.Schema() {
			if c.Type.Phys() != vector.PhysNone {
				cols = append(cols, i)
			}
		}
		sc, err := tbl.Scan(context.Background(), storage.ScanSpec{Columns: cols})
		if err != nil {
			return
		}
		for m := 0; m < sc.Morsels(); m++ {
			_ = sc.ReadMorsel(context.Background(), m, func(*vector.Chunk) error { return nil })
		}
	})
}
