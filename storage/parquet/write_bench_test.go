package parquet

import (
	"fmt"
	"io"
	"testing"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// BenchmarkWriter writes 1M rows of (BIGINT, VARCHAR, DOUBLE, DATE).
func BenchmarkWriter(b *testing.B) {
	schema := []storage.Column{{Name: "id", Type: vector.BigInt}, {Name: "s", Type: vector.Varchar},
		{Name: "x", Type: vector.Double}, {Name: "d", Type: vector.Date}}
	types := []vector.Type{vector.BigInt, vector.Varchar, vector.Double, vector.Date}
	var chunks []*vector.Chunk
	const rows = 1 << 20
	for lo := 0; lo < rows; lo += vector.MaxLen {
		ch := vector.NewChunk(types, vector.MaxLen)
		for r := 0; r < vector.MaxLen; r++ {
			ch.Cols[0].I64[r] = int64(lo + r)
			ch.Cols[1].Str[r] = fmt.Sprint("comment ", (lo+r)%5000)
			ch.Cols[2].F64[r] = float64(lo+r) * 0.01
			ch.Cols[3].I64[r] = int64((lo + r) % 3000)
		}
		chunks = append(chunks, ch)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w, err := NewWriter(io.Discard, schema, WriterOptions{Compression: "snappy"})
		if err != nil {
			b.Fatal(err)
		}
		for _, ch := range chunks {
			if err := w.Write(ch); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mrows/s")
}

// BenchmarkWriterNested writes 256K rows of a LIST(INTEGER) with 0 to 4
// elements (some NULL) and a STRUCT(a BIGINT, b VARCHAR).
func BenchmarkWriterNested(b *testing.B) {
	listT := vector.ListOf(vector.Integer)
	structT := vector.StructOf([]vector.StructField{{Name: "a", Typ: vector.BigInt}, {Name: "b", Typ: vector.Varchar}})
	schema := []storage.Column{{Name: "l", Type: listT}, {Name: "s", Type: structT}}
	var chunks []*vector.Chunk
	const rows = 1 << 18
	for lo := 0; lo < rows; lo += vector.MaxLen {
		ls := make([]vector.Value, vector.MaxLen)
		ss := make([]vector.Value, vector.MaxLen)
		for r := range ls {
			i := lo + r
			elems := make([]vector.Value, i%5)
			for k := range elems {
				elems[k] = vector.Value{Typ: vector.Integer, I64: int64(i + k), Null: (i+k)%7 == 0}
			}
			ls[r] = vector.Value{Typ: listT, List: elems}
			ss[r] = vector.Value{Typ: structT, Fields: []vector.Value{{Typ: vector.BigInt, I64: int64(i)}, {Typ: vector.Varchar, Str: fmt.Sprint("v", i%100)}}}
		}
		chunks = append(chunks, &vector.Chunk{Cols: []*vector.Vector{vector.NewFromValues(listT, ls), vector.NewFromValues(structT, ss)}, Len: vector.MaxLen})
	}
	b.ResetTimer()
	for b.Loop() {
		w, err := NewWriter(io.Discard, schema, WriterOptions{Compression: "snappy"})
		if err != nil {
			b.Fatal(err)
		}
		for _, ch := range chunks {
			if err := w.Write(ch); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mrows/s")
}
