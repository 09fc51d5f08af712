package tpchgen

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/parquet-go/parquet-go"
)

func TestWriteParquet(t *testing.T) {
	const sf = 0.005
	dir1, dir2 := t.TempDir(), t.TempDir()
	if err := WriteParquet(context.Background(), sf, dir1, 1); err != nil {
		t.Fatal(err)
	}
	if err := WriteParquet(context.Background(), sf, dir2, 3); err != nil {
		t.Fatal(err)
	}
	for _, def := range Tables() {
		path := filepath.Join(dir1, def.Name+".parquet")
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		other, err := os.ReadFile(filepath.Join(dir2, def.Name+".parquet"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(data, other) {
			t.Errorf("%s: file depends on the worker count", def.Name)
		}
		f, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatalf("%s: %v", def.Name, err)
		}
		leaves := f.Schema().Fields()
		if len(leaves) != len(def.Columns) {
			t.Fatalf("%s: %d columns, want %d", def.Name, len(leaves), len(def.Columns))
		}
		for i, c := range def.Columns {
			if leaves[i].Name() != c.Name {
				t.Errorf("%s: column %d is %s, want %s", def.Name, i, leaves[i].Name(), c.Name)
			}
			typ := leaves[i].Type()
			got := typ.Kind().String() + " " + typ.LogicalType().String()
			want := map[string]string{
				"DECIMAL(15,2)": "INT64 DECIMAL(15,2)",
				"DATE":          "INT32 DATE",
				"VARCHAR":       "BYTE_ARRAY STRING",
				"BIGINT":        "INT64 INT(64,true)",
				"INTEGER":       "INT32 INT(32,true)",
			}[c.Type.String()]
			if got != want {
				t.Errorf("%s.%s: Parquet type %q, want %q", def.Name, c.Name, got, want)
			}
		}
		want, _ := RowCount(sf, def.Name)
		if def.Name == "lineitem" {
			if got := f.NumRows(); got < want*9/10 || got > want*11/10 {
				t.Errorf("lineitem: %d rows, expected about %d", got, want)
			}
		} else if f.NumRows() != want {
			t.Errorf("%s: %d rows, want %d", def.Name, f.NumRows(), want)
		}
		for _, rg := range f.Metadata().RowGroups {
			for _, cc := range rg.Columns {
				if cc.MetaData.Codec.String() != "ZSTD" {
					t.Fatalf("%s: codec %s", def.Name, cc.MetaData.Codec)
				}
				if cc.MetaData.Statistics.MinValue == nil || cc.MetaData.Statistics.MaxValue == nil {
					t.Fatalf("%s.%s: no min/max statistics", def.Name, cc.MetaData.PathInSchema)
				}
			}
		}
	}
}

func TestParquetRowGroups(t *testing.T) {
	dir := t.TempDir()
	def, _ := Table("partsupp")
	g, err := newGenerator(0.2, "partsupp")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "partsupp.parquet")
	src := blockSource{def: def, units: g.units, per: g.blockUnits(RowGroupRows), gen: g.gen}
	if err := writeParquetFile(context.Background(), path, src, 2); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	rgs := pf.RowGroups()
	if len(rgs) != 2 || rgs[0].NumRows() != RowGroupRows || rgs[1].NumRows() != 160000-RowGroupRows {
		t.Fatalf("160000 rows: %d row groups", len(rgs))
	}
}
