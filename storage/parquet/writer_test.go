package parquet

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// allTypesSchema covers every type the writer supports.
var allTypesSchema = []storage.Column{
	{Name: "b", Type: vector.Boolean},
	{Name: "i8", Type: vector.TinyInt},
	{Name: "i16", Type: vector.SmallInt},
	{Name: "i32", Type: vector.Integer},
	{Name: "i64", Type: vector.BigInt},
	{Name: "u8", Type: vector.UTinyInt},
	{Name: "u16", Type: vector.USmallInt},
	{Name: "u32", Type: vector.UInteger},
	{Name: "f32", Type: vector.Float},
	{Name: "f64", Type: vector.Double},
	{Name: "d9", Type: vector.Decimal(9, 2)},
	{Name: "d18", Type: vector.Decimal(18, 4)},
	{Name: "d38", Type: vector.Decimal(38, 3)},
	{Name: "s", Type: vector.Varchar},
	{Name: "blob", Type: vector.Blob},
	{Name: "day", Type: vector.Date},
	{Name: "tm", Type: vector.Time},
	{Name: "ts", Type: vector.Timestamp},
	{Name: "tstz", Type: vector.TimestampTZ},
	{Name: "uid", Type: vector.UUID},
}

func allTypesValue(col, row int) vector.Value {
	t := allTypesSchema[col].Type
	v := vector.Value{Typ: t}
	if row%13 == col%13 {
		return vector.NullValue(t)
	}
	switch t.Phys() {
	case vector.PhysBool:
		v.Bool = row%3 == 0
	case vector.PhysInt64:
		x := int64(row*7 - 500)
		switch t.ID {
		case vector.TypeTinyInt:
			x = int64(row%200 - 100)
		case vector.TypeUTinyInt:
			x = int64(row % 250)
		case vector.TypeUSmallInt:
			x = int64(row % 60000)
		case vector.TypeUInteger:
			x = int64(row) * 1000
		case vector.TypeDecimal:
			if t.Width > 18 {
				x = -int64(row) * 1_000_000_007
			}
		}
		v.I64 = x
	case vector.PhysFloat64:
		v.F64 = float64(row) / 8
	case vector.PhysString:
		switch t.ID {
		case vector.TypeUUID:
			v.Str = fmt.Sprintf("00000000-0000-4000-8000-%012x", row)
		case vector.TypeBlob:
			v.Str = string([]byte{0, byte(row), 0xff})
		default:
			v.Str = fmt.Sprintf("str-%d", row%37)
		}
	}
	return v
}

func writeAllTypes(t *testing.T, path string, n int, opts WriterOptions) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w, err := NewWriter(f, allTypesSchema, opts)
	if err != nil {
		t.Fatal(err)
	}
	types := make([]vector.Type, len(allTypesSchema))
	for i, c := range allTypesSchema {
		types[i] = c.Type
	}
	for lo := 0; lo < n; lo += 1000 {
		k := min(1000, n-lo)
		ch := vector.NewChunk(types, k)
		for c := range types {
			for r := 0; r < k; r++ {
				ch.Cols[c].Set(r, k, allTypesValue(c, lo+r))
			}
		}
		if err := w.Write(ch); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

func readAll(t *testing.T, tbl storage.Table, spec storage.ScanSpec) ([]*vector.Chunk, storage.ScanStats) {
	t.Helper()
	sc, err := tbl.Scan(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	defer sc.Close()
	var mu sync.Mutex
	var out []*vector.Chunk
	for i := 0; i < sc.Morsels(); i++ {
		err := sc.ReadMorsel(context.Background(), i, func(ch *vector.Chunk) error {
			mu.Lock()
			out = append(out, ch)
			mu.Unlock()
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out, sc.Stats()
}

func allCols(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func TestWriterRoundTrip(t *testing.T) {
	for _, codec := range []string{"snappy", "zstd", "gzip", "uncompressed"} {
		t.Run(codec, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "all.parquet")
			const n = 5000
			writeAllTypes(t, path, n, WriterOptions{Compression: codec, RowGroupSize: 1500})
			tbl, err := Open([]string{path})
			if err != nil {
				t.Fatal(err)
			}
			defer tbl.Close()
			if got := tbl.RowGroups(); got != 4 {
				t.Errorf("row groups = %d, want 4", got)
			}
			for i, c := range tbl.Schema() {
				if c.Name != allTypesSchema[i].Name || !c.Type.Equal(allTypesSchema[i].Type) {
					t.Errorf("column %d = %s %s, want %s %s", i, c.Name, c.Type, allTypesSchema[i].Name, allTypesSchema[i].Type)
				}
			}
			chunks, _ := readAll(t, tbl, storage.ScanSpec{Columns: allCols(len(allTypesSchema))})
			row := 0
			for _, ch := range chunks {
				for r := 0; r < ch.Len; r++ {
					for c := range allTypesSchema {
						want := allTypesValue(c, row)
						got := ch.Cols[c].Get(r)
						if got.String() != want.String() {
							t.Fatalf("row %d col %s = %s, want %s", row, allTypesSchema[c].Name, got, want)
						}
					}
					row++
				}
			}
			if row != n {
				t.Fatalf("read %d rows, want %d", row, n)
			}
			// Statistics: every column chunk carries min/max and the file has
			// a page index.
			md := tbl.files[0].pf.Metadata()
			for _, rg := range md.RowGroups {
				for ci, cc := range rg.Columns {
					st := cc.MetaData.Statistics
					if st.MinValue == nil || st.MaxValue == nil {
						t.Errorf("column %d has no min/max statistics", ci)
					}
					if cc.ColumnIndexOffset == 0 || cc.OffsetIndexOffset == 0 {
						t.Errorf("column %d has no page index", ci)
					}
				}
			}
		})
	}
}

func TestWriterErrors(t *testing.T) {
	var buf bytes.Buffer
	if _, err := NewWriter(&buf, nil, WriterOptions{}); err == nil {
		t.Error("no columns: want error")
	}
	if _, err := NewWriter(&buf, []storage.Column{{Name: "a", Type: vector.BigInt}}, WriterOptions{Compression: "lzo9"}); err == nil {
		t.Error("bad codec: want error")
	}
	if _, err := NewWriter(&buf, []storage.Column{{Name: "a", Type: vector.BigInt}, {Name: "a", Type: vector.BigInt}}, WriterOptions{}); err == nil {
		t.Error("duplicate names: want error")
	}
	w, err := NewWriter(&buf, []storage.Column{{Name: "u", Type: vector.UUID}}, WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ch := vector.NewChunk([]vector.Type{vector.UUID}, 1)
	ch.Cols[0].Str[0] = "not-a-uuid"
	if err := w.Write(ch); err == nil {
		t.Error("bad UUID: want error")
	}
}
