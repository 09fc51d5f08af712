package parquet

import (
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"testing"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
	pq "github.com/parquet-go/parquet-go"
)

// randValue returns a random value of type t; nullP is the chance of NULL
// at every level (map keys are never NULL).
func randValue(rng *rand.Rand, t vector.Type, nullP float64) vector.Value {
	if rng.Float64() < nullP {
		return vector.NullValue(t)
	}
	switch t.ID {
	case vector.TypeList:
		n := rng.Intn(5)
		if rng.Intn(20) == 0 {
			n = 20 + rng.Intn(60) // long lists span pages
		}
		xs := make([]vector.Value, n)
		for i := range xs {
			xs[i] = randValue(rng, t.Elem(), nullP)
		}
		return vector.Value{Typ: t, List: xs}
	case vector.TypeMap:
		n := rng.Intn(4)
		xs := make([]vector.Value, n)
		base := rng.Intn(1000)
		for i := range xs {
			k := randKey(t.MapKey(), base+i)
			xs[i] = vector.Value{Typ: t.Elem(), Fields: []vector.Value{k, randValue(rng, t.MapValue(), nullP)}}
		}
		return vector.Value{Typ: t, List: xs}
	case vector.TypeStruct:
		fs := t.StructFields()
		xs := make([]vector.Value, len(fs))
		for i, f := range fs {
			xs[i] = randValue(rng, f.Typ, nullP)
		}
		return vector.Value{Typ: t, Fields: xs}
	}
	x := vector.Value{Typ: t}
	switch t.Phys() {
	case vector.PhysInt64:
		x.I64 = int64(rng.Intn(50)) - 10 // few distinct values: dictionaries pay
		if t.ID == vector.TypeBigInt && rng.Intn(4) == 0 {
			x.I64 = rng.Int63() - rng.Int63()
		}
	case vector.PhysFloat64:
		x.F64 = float64(rng.Intn(1000)) / 8
	case vector.PhysBool:
		x.Bool = rng.Intn(2) == 0
	case vector.PhysString:
		x.Str = fmt.Sprintf("s%d", rng.Intn(40))
		if rng.Intn(5) == 0 {
			x.Str = fmt.Sprintf("long string value %d %d", rng.Int(), rng.Int())
		}
	case vector.PhysInterval:
		x.Iv = vector.Interval{Months: int32(rng.Intn(20)), Days: int32(rng.Intn(40)), Micros: int64(rng.Intn(1e6)) * 1000}
	}
	return x
}

// randKey returns distinct non-NULL map keys for distinct i.
func randKey(t vector.Type, i int) vector.Value {
	if t.Phys() == vector.PhysString {
		return vector.Value{Typ: t, Str: fmt.Sprintf("k%d", i)}
	}
	return vector.Value{Typ: t, I64: int64(i)}
}

// nestedTestTypes are the nested column types of the page tests.
func nestedTestTypes() []vector.Type {
	i32, i64, f64, str := vector.Integer, vector.BigInt, vector.Double, vector.Varchar
	listI := vector.ListOf(i64)
	st := vector.StructOf([]vector.StructField{{Name: "a", Typ: i32}, {Name: "b", Typ: str}, {Name: "c", Typ: vector.ListOf(f64)}})
	return []vector.Type{
		listI,
		vector.ListOf(str),
		st,
		vector.MapOf(str, vector.ListOf(i64)),
		vector.ListOf(vector.ListOf(str)),
		vector.ListOf(vector.StructOf([]vector.StructField{{Name: "x", Typ: vector.Boolean}, {Name: "y", Typ: vector.IntervalType}})),
		vector.StructOf([]vector.StructField{{Name: "s", Typ: vector.StructOf([]vector.StructField{{Name: "t", Typ: vector.ListOf(i32)}})}}),
		vector.ListOf(vector.MapOf(i32, str)),
		vector.ListOf(st),
	}
}

// writeNestedWith writes cols with lhsql's writer (its schema and level
// shredding) through a parquet-go writer configured with opts.
func writeNestedWith(t testing.TB, path string, schema []storage.Column, cols []*vector.Vector, rgSize int64, opts ...pq.WriterOption) {
	t.Helper()
	w, err := NewWriter(io.Discard, schema, WriterOptions{RowGroupSize: rgSize})
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w.w = pq.NewWriter(f, append([]pq.WriterOption{w.w.Schema()}, opts...)...)
	// parquet-go ends a page only between writes: write a few rows at a
	// time.
	n := cols[0].Len()
	for lo := 0; lo < n; lo += 7 {
		var sel []uint32
		for i := lo; i < min(lo+7, n); i++ {
			sel = append(sel, uint32(i))
		}
		if err := w.Write(&vector.Chunk{Cols: cols, Len: n, Sel: sel}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestNestedPagesRoundTrip writes random nested values with NULLs at every
// level through parquet-go with small and large pages, V1 and V2 pages,
// dictionary, delta and byte-stream-split encodings and several codecs,
// then reads them back with the native decoder and with parquet-go's
// pages: every row must come back as written.
func TestNestedPagesRoundTrip(t *testing.T) {
	configs := []struct {
		name  string
		multi bool // pages are small enough that leaves span several
		opts  []pq.WriterOption
	}{
		{"v1_small_plain", true, []pq.WriterOption{pq.DataPageVersion(1), pq.PageBufferSize(256), pq.Compression(&pq.Uncompressed)}},
		{"v2_small_snappy", true, []pq.WriterOption{pq.DataPageVersion(2), pq.PageBufferSize(300), pq.Compression(&pq.Snappy)}},
		{"v1_dict", true, []pq.WriterOption{pq.DataPageVersion(1), pq.PageBufferSize(512), pq.Compression(&pq.Zstd),
			pq.DefaultEncodingFor(pq.Int32, &pq.RLEDictionary), pq.DefaultEncodingFor(pq.Int64, &pq.RLEDictionary),
			pq.DefaultEncodingFor(pq.Double, &pq.RLEDictionary)}},
		{"v2_dict", true, []pq.WriterOption{pq.DataPageVersion(2), pq.PageBufferSize(400),
			pq.DefaultEncodingFor(pq.Int32, &pq.RLEDictionary), pq.DefaultEncodingFor(pq.Int64, &pq.RLEDictionary),
			pq.DefaultEncodingFor(pq.Double, &pq.RLEDictionary)}},
		{"v2_delta_bss", true, []pq.WriterOption{pq.DataPageVersion(2), pq.PageBufferSize(700), pq.Compression(&pq.Gzip),
			pq.DefaultEncodingFor(pq.Int32, &pq.DeltaBinaryPacked), pq.DefaultEncodingFor(pq.Int64, &pq.DeltaBinaryPacked),
			pq.DefaultEncodingFor(pq.Double, &pq.ByteStreamSplit)}},
		{"v1_large", false, []pq.WriterOption{pq.DataPageVersion(1), pq.PageBufferSize(1 << 20)}},
	}
	const nrows = 5000
	for ti, typ := range nestedTestTypes() {
		rng := rand.New(rand.NewSource(int64(ti) + 1))
		nullP := []float64{0, 0.1, 0.3}[ti%3]
		vals := make([]vector.Value, nrows)
		ids := make([]vector.Value, nrows)
		for i := range vals {
			vals[i] = randValue(rng, typ, nullP)
			ids[i] = vector.IntValue(int64(i))
		}
		schema := []storage.Column{{Name: "i", Type: vector.BigInt}, {Name: "n", Type: typ}}
		cols := []*vector.Vector{vector.NewFromValues(vector.BigInt, ids), vector.NewFromValues(typ, vals)}
		for _, cfg := range configs {
			t.Run(fmt.Sprintf("%s/%s", typ, cfg.name), func(t *testing.T) {
				path := filepath.Join(t.TempDir(), "n.parquet")
				// Row groups of 4500 and 500 rows: the first is read in
				// batches of 2048, 2048 and 404 rows.
				writeNestedWith(t, path, schema, cols, 4500, cfg.opts...)
				for _, fallback := range []bool{false, true} {
					got, st := readNested(t, path, fallback)
					if len(got) != nrows {
						t.Fatalf("fallback %v: %d rows, want %d", fallback, len(got), nrows)
					}
					for i, r := range got {
						if r[0].I64 != int64(i) {
							t.Fatalf("fallback %v: row %d has i = %d", fallback, i, r[0].I64)
						}
						g, w := r[1], vals[i]
						if g.Null != w.Null || g.String() != w.String() {
							t.Fatalf("fallback %v: row %d: got %s, want %s", fallback, i, g, w)
						}
					}
					leaves := int64(len(leavesOf(mustNest(t, path))))
					if cfg.multi && st.Pages < 4*leaves {
						t.Errorf("fallback %v: %d pages for %d leaves in 2 row groups; want several pages per leaf", fallback, st.Pages, leaves)
					}
				}
			})
		}
	}
}

// readNested scans columns i and n of path, natively or through
// parquet-go's pages.
func readNested(t *testing.T, path string, fallback bool) ([][]vector.Value, storage.ScanStats) {
	t.Helper()
	defer func(old bool) { forceFallback = old }(forceFallback)
	forceFallback = fallback
	tbl, err := Open([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Close()
	chunks, st := scanAll(t, tbl, storage.ScanSpec{Columns: []int{0, 1}})
	return rows(chunks), st
}

// mustNest returns the schema tree of column n of path.
func mustNest(t *testing.T, path string) *nestNode {
	t.Helper()
	tbl, err := Open([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Close()
	return tbl.files[0].cols[1].nest
}
