package parquet

import (
	"context"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
	pq "github.com/parquet-go/parquet-go"
)

// FuzzNested feeds damaged files with nested columns (lists, structs,
// maps; V1 and V2 pages, dictionary pages) to Open and ReadMorsel: they
// may fail, but must not panic. Panics inside ReadMorsel are recovered
// into "corrupt Parquet file" errors, so those count as failures here.
func FuzzNested(f *testing.F) {
	dir := f.TempDir()
	types := nestedTestTypes()
	for i, opts := range [][]pq.WriterOption{
		{pq.DataPageVersion(1), pq.PageBufferSize(128), pq.Compression(&pq.Uncompressed)},
		{pq.DataPageVersion(2), pq.PageBufferSize(128), pq.Compression(&pq.Uncompressed),
			pq.DefaultEncodingFor(pq.Int64, &pq.RLEDictionary), pq.DefaultEncodingFor(pq.Int32, &pq.DeltaBinaryPacked)},
	} {
		rng := rand.New(rand.NewSource(int64(i)))
		var schema []storage.Column
		var cols []*vector.Vector
		for k, typ := range []vector.Type{types[2], types[3], types[4]} {
			vals := make([]vector.Value, 20)
			for r := range vals {
				vals[r] = randValue(rng, typ, 0.2)
			}
			schema = append(schema, storage.Column{Name: string(rune('a' + k)), Type: typ})
			cols = append(cols, vector.NewFromValues(typ, vals))
		}
		path := filepath.Join(dir, "seed.parquet")
		writeNestedWith(f, path, schema, cols, 12, opts...)
		b, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "f.parquet")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
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
			err := sc.ReadMorsel(context.Background(), m, func(*vector.Chunk) error { return nil })
			if err != nil && strings.Contains(err.Error(), "corrupt Parquet file") {
				t.Fatalf("recovered panic: %v", err)
			}
		}
	})
}
