package files

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/storage/parquet"
	"github.com/lhsql/lhsql/vector"
)

// writeFile writes rows id in [lo, hi) with the given extra columns.
func writeFile(t *testing.T, path string, schema []storage.Column, lo, hi int) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w, err := parquet.NewWriter(f, schema, parquet.WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	types := make([]vector.Type, len(schema))
	for i, c := range schema {
		types[i] = c.Type
	}
	n := hi - lo
	ch := vector.NewChunk(types, n)
	for r := 0; r < n; r++ {
		for c, col := range schema {
			switch col.Type.Phys() {
			case vector.PhysInt64:
				ch.Cols[c].I64[r] = int64(lo + r)
			case vector.PhysFloat64:
				ch.Cols[c].F64[r] = float64(lo+r) / 2
			case vector.PhysString:
				ch.Cols[c].Str[r] = fmt.Sprint("s", lo+r)
			}
		}
	}
	if err := w.Write(ch); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

func scanAll(t *testing.T, tbl storage.Table, spec storage.ScanSpec) ([][]vector.Value, storage.ScanStats) {
	t.Helper()
	sc, err := tbl.Scan(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	defer sc.Close()
	var rows [][]vector.Value
	for i := 0; i < sc.Morsels(); i++ {
		err := sc.ReadMorsel(context.Background(), i, func(ch *vector.Chunk) error {
			for r := 0; r < ch.Rows(); r++ {
				k := r
				if ch.Sel != nil {
					k = int(ch.Sel[r])
				}
				row := make([]vector.Value, len(ch.Cols))
				for c, v := range ch.Cols {
					j := k
					if v.Const {
						j = 0
					}
					row[c] = v.Get(j)
				}
				rows = append(rows, row)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return rows, sc.Stats()
}

func TestHivePruneBeforeOpen(t *testing.T) {
	dir := t.TempDir()
	schema := []storage.Column{{Name: "id", Type: vector.BigInt}}
	var paths []string
	for y := 2020; y < 2024; y++ {
		for m := 1; m <= 3; m++ {
			p := filepath.Join(dir, fmt.Sprintf("year=%d", y), fmt.Sprintf("region=r%d", m), "data.parquet")
			writeFile(t, p, schema, (y-2020)*1000+m*100, (y-2020)*1000+m*100+10)
			paths = append(paths, p)
		}
	}
	var opens atomic.Int64
	opener := func(p string) (storage.Table, error) {
		opens.Add(1)
		return parquet.Open([]string{p})
	}
	tbl, err := Open(paths, Options{Filename: true}, opener)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range tbl.Schema() {
		names = append(names, c.Name+" "+c.Type.String())
	}
	if got := strings.Join(names, ", "); got != "id BIGINT, filename VARCHAR, year BIGINT, region VARCHAR" {
		t.Fatalf("schema = %s", got)
	}
	if opens.Load() != 1 {
		t.Fatalf("Open opened %d files, want 1", opens.Load())
	}
	tests := []struct {
		name    string
		filters []storage.Filter
		files   int64
		rows    int
	}{
		{"none", nil, 12, 120},
		{"year=2022", []storage.Filter{{Col: 2, Op: storage.OpEq, Value: vector.IntValue(2022)}}, 3, 30},
		{"year>=2022 region=r2", []storage.Filter{{Col: 2, Op: storage.OpGe, Value: vector.IntValue(2022)}, {Col: 3, Op: storage.OpEq, Value: vector.StringValue("r2")}}, 2, 20},
		{"region in", []storage.Filter{{Col: 3, Op: storage.OpIn, Values: []vector.Value{vector.StringValue("r1"), vector.StringValue("r9")}}}, 4, 40},
		{"nothing", []storage.Filter{{Col: 2, Op: storage.OpLt, Value: vector.IntValue(2000)}}, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tbl, err := Open(paths, Options{Filename: true}, opener)
			if err != nil {
				t.Fatal(err)
			}
			before := opens.Load()
			rows, st := scanAll(t, tbl, storage.ScanSpec{Columns: []int{0, 2, 3, 1}, Filters: tc.filters})
			if len(rows) != tc.rows {
				t.Errorf("rows = %d, want %d", len(rows), tc.rows)
			}
			if st.Files != tc.files || st.FilesSkipped != 12-tc.files {
				t.Errorf("files = %d skipped %d, want %d and %d", st.Files, st.FilesSkipped, tc.files, 12-tc.files)
			}
			// Files beyond the first (opened by Open) are opened only when
			// they survive pruning.
			opened := opens.Load() - before
			want := tc.files
			if tc.files > 0 && tc.name != "year=2022" && tc.name != "year>=2022 region=r2" && tc.name != "nothing" {
				want-- // the first file was already open
			}
			if opened != want {
				t.Errorf("opened %d files during the scan, want %d", opened, want)
			}
			for _, r := range rows {
				y := r[1].I64
				id := r[0].I64
				if id/1000+2020 != y || !strings.Contains(r[3].Str, fmt.Sprintf("year=%d", y)) || !strings.Contains(r[3].Str, "region="+r[2].Str) {
					t.Fatalf("row %v has the wrong partition values", r)
				}
			}
		})
	}
}

func TestUnionByName(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.parquet")
	b := filepath.Join(dir, "b.parquet")
	writeFile(t, a, []storage.Column{{Name: "id", Type: vector.Integer}, {Name: "x", Type: vector.Varchar}}, 0, 3)
	writeFile(t, b, []storage.Column{{Name: "y", Type: vector.Double}, {Name: "id", Type: vector.BigInt}}, 10, 12)
	open := func(p string) (storage.Table, error) { return parquet.Open([]string{p}) }
	tbl, err := Open([]string{a, b}, Options{UnionByName: true}, open)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range tbl.Schema() {
		names = append(names, c.Name+" "+c.Type.String())
	}
	if got := strings.Join(names, ", "); got != "id BIGINT, x VARCHAR, y DOUBLE" {
		t.Fatalf("schema = %s", got)
	}
	if tbl.RowCount() != 5 {
		t.Errorf("RowCount = %d, want 5", tbl.RowCount())
	}
	rows, _ := scanAll(t, tbl, storage.ScanSpec{Columns: []int{0, 1, 2}})
	var got []string
	for _, r := range rows {
		got = append(got, fmt.Sprintf("%s|%s|%s", r[0], r[1], r[2]))
	}
	want := "0|s0|NULL 1|s1|NULL 2|s2|NULL 10|NULL|5.0 11|NULL|5.5"
	if strings.Join(got, " ") != want {
		t.Errorf("rows = %s\nwant   %s", strings.Join(got, " "), want)
	}
	// Without union_by_name a missing column is an error naming the file.
	tbl2, err := Open([]string{a, b}, Options{}, open)
	if err != nil {
		t.Fatal(err)
	}
	_, err = tbl2.Scan(context.Background(), storage.ScanSpec{Columns: []int{0}})
	if err == nil || !strings.Contains(err.Error(), "b.parquet") || !strings.Contains(err.Error(), "union_by_name") {
		t.Errorf("err = %v, want a schema mismatch naming b.parquet", err)
	}
}

func TestHiveTypes(t *testing.T) {
	tests := []struct {
		vals []string
		want vector.Type
	}{
		{[]string{"1", "22", "NULL"}, vector.BigInt},
		{[]string{"1", "2.5"}, vector.Double},
		{[]string{"2024-01-01", "2023-12-31"}, vector.Date},
		{[]string{"2024-01-01 10:00:00", "2024-01-01T11:00:00.5"}, vector.Timestamp},
		{[]string{"01", "2"}, vector.Varchar},
		{[]string{"abc", "1"}, vector.Varchar},
		{[]string{"2024-02-30"}, vector.Varchar},
	}
	for _, tc := range tests {
		if got := inferHiveType(tc.vals); !got.Equal(tc.want) {
			t.Errorf("inferHiveType(%v) = %s, want %s", tc.vals, got, tc.want)
		}
	}
	if got := hivePairs("a/x=1/b/y=%2F2/f=3.parquet"); len(got) != 2 || got[1][1] != "/2" {
		t.Errorf("hivePairs = %v", got)
	}
}
