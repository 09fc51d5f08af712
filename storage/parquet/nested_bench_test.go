package parquet

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// BenchmarkNestedScan scans a file of 200,000 rows with a BIGINT[] column
// of three elements, a STRUCT(a BIGINT, b VARCHAR) column and a flat
// BIGINT column (the shape of the nested side-by-side benchmark).
func BenchmarkNestedScan(b *testing.B) {
	const n = 200_000
	listT := vector.ListOf(vector.BigInt)
	structT := vector.StructOf([]vector.StructField{{Name: "a", Typ: vector.BigInt}, {Name: "b", Typ: vector.Varchar}})
	l := &vector.Vector{Typ: listT, List: make([]vector.ListEntry, n), Child: vector.New(vector.BigInt, 3*n)}
	s := &vector.Vector{Typ: structT, Fields: []*vector.Vector{vector.New(vector.BigInt, n), vector.New(vector.Varchar, n)}}
	k := vector.New(vector.BigInt, n)
	for i := 0; i < n; i++ {
		l.List[i] = vector.ListEntry{Off: uint32(3 * i), Len: 3}
		for j := 0; j < 3; j++ {
			l.Child.I64[3*i+j] = int64(i + j)
		}
		s.Fields[0].I64[i] = int64(i)
		s.Fields[1].Str[i] = fmt.Sprintf("x%d", i)
		k.I64[i] = int64(i)
	}
	path := filepath.Join(b.TempDir(), "nested.parquet")
	schema := []storage.Column{{Name: "l", Type: listT}, {Name: "s", Type: structT}, {Name: "k", Type: vector.BigInt}}
	writeChunk(b, path, schema, []*vector.Vector{l, s, k}, 0)
	tbl, err := Open([]string{path})
	if err != nil {
		b.Fatal(err)
	}
	defer tbl.Close()
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		sc, err := tbl.Scan(ctx, storage.ScanSpec{Columns: []int{0, 1, 2}})
		if err != nil {
			b.Fatal(err)
		}
		rows := 0
		for m := 0; m < sc.Morsels(); m++ {
			if err := sc.ReadMorsel(ctx, m, func(c *vector.Chunk) error {
				rows += c.Len
				return nil
			}); err != nil {
				b.Fatal(err)
			}
		}
		if rows != n {
			b.Fatalf("%d rows, want %d", rows, n)
		}
	}
}
