package parquet

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/lhsql/lhsql/storage"
	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
)

// mixedRow covers the physical types, encodings and nullability the page
// decoder handles natively or hands to parquet-go's encodings.
type mixedRow struct {
	B       bool     `parquet:"b"`
	BO      *bool    `parquet:"bo,optional"`
	I32     int32    `parquet:"i32"`
	I32D    int32    `parquet:"i32d,dict"`
	I32Dl   int32    `parquet:"i32dl,delta"`
	I64     int64    `parquet:"i64"`
	I64O    *int64   `parquet:"i64o,optional"`
	I64OD   *int64   `parquet:"i64od,optional,dict"`
	I64Dl   int64    `parquet:"i64dl,delta"`
	I64Sp   int64    `parquet:"i64sp,split"`
	F32     float32  `parquet:"f32"`
	F64     float64  `parquet:"f64"`
	F64D    float64  `parquet:"f64d,dict"`
	F64Sp   *float64 `parquet:"f64sp,optional,split"`
	S       string   `parquet:"s"`
	SD      string   `parquet:"sd,dict"`
	SOD     *string  `parquet:"sod,optional,dict"`
	SO      *string  `parquet:"so,optional"`
	SDl     string   `parquet:"sdl,delta"`
	FB      [4]byte  `parquet:"fb"`
	FBD     [3]byte  `parquet:"fbd,dict"`
	Day     int32    `parquet:"day,date"`
	Dec     int64    `parquet:"dec,decimal(2:18)"`
	DecD    int32    `parquet:"decd,decimal(3:9),dict"`
	BoolD   bool     `parquet:"boold,dict"`
	Padding int64    `parquet:"padding,plain"`
}

func mixedRows(n int) []mixedRow {
	out := make([]mixedRow, n)
	for i := range out {
		r := &out[i]
		r.B = i%3 == 0
		if i%5 != 0 {
			b := i%7 == 0
			r.BO = &b
		}
		r.I32 = int32(i*7919 - 100000)
		r.I32D = int32(i % 17)
		r.I32Dl = int32(i * 3)
		r.I64 = int64(i) * 1_000_000_007
		if i%4 != 1 {
			x := int64(-i)
			r.I64O = &x
		}
		if i%3 != 2 {
			x := int64(i % 11)
			r.I64OD = &x
		}
		r.I64Dl = int64(i*i) - 5
		r.I64Sp = int64(i) << 20
		r.F32 = float32(i) / 4
		r.F64 = float64(i) * 1.25
		r.F64D = float64(i%9) / 2
		if i%6 != 0 {
			f := float64(i) / 3
			r.F64Sp = &f
		}
		r.S = fmt.Sprintf("s-%d", i*31)
		r.SD = fmt.Sprintf("d-%d", i%23)
		if i%9 != 0 {
			s := fmt.Sprintf("od-%d", i%5)
			r.SOD = &s
		}
		if i%2 == 0 {
			s := fmt.Sprintf("o-%d", i)
			r.SO = &s
		}
		r.SDl = fmt.Sprintf("prefix-%08d", i/3)
		r.FB = [4]byte{byte(i), byte(i >> 8), 0, 0xff}
		r.FBD = [3]byte{byte(i % 5), 1, 2}
		r.Day = int32(18000 + i%400)
		r.Dec = int64(i) * 101
		r.DecD = int32(i % 13 * 1000)
		r.BoolD = i%4 == 0
		r.Padding = int64(i)
	}
	return out
}

// writeMixed writes rows to a file with the given options.
func writeMixed(t testing.TB, path string, rows []mixedRow, opts ...pq.WriterOption) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := pq.NewGenericWriter[mixedRow](f, opts...)
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// readBoth scans every column of path with the native page decoder and
// with parquet-go's, and fails when they differ.
func readBoth(t *testing.T, path string) [][]any { return readNative(t, path, true) }

// readNative scans every column of path with the native page decoder and,
// when compare is set, checks that parquet-go's page reader agrees.
func readNative(t *testing.T, path string, compare bool) [][]any {
	t.Helper()
	read := func(fallback bool) ([][]any, error) {
		defer func(old bool) { forceFallback = old }(forceFallback)
		forceFallback = fallback
		tbl, err := Open([]string{path})
		if err != nil {
			return nil, err
		}
		defer tbl.Close()
		var cols []int
		for i := range tbl.Schema() {
			if tbl.files[0].cols[i].unsupported == "" {
				cols = append(cols, i)
			}
		}
		chunks, _ := scanAll(t, tbl, storage.ScanSpec{Columns: cols})
		var out [][]any
		for _, row := range rows(chunks) {
			r := make([]any, len(row))
			for i, v := range row {
				r[i] = v.String()
			}
			out = append(out, r)
		}
		return out, nil
	}
	nat, err := read(false)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if !compare {
		return nat
	}
	fb, err := read(true)
	if err != nil {
		t.Fatalf("%s (fallback): %v", path, err)
	}
	if len(nat) != len(fb) {
		t.Fatalf("%s: native read %d rows, parquet-go %d", path, len(nat), len(fb))
	}
	for i := range nat {
		if !reflect.DeepEqual(nat[i], fb[i]) {
			t.Fatalf("%s: row %d differs:\nnative   %v\nfallback %v", path, i, nat[i], fb[i])
		}
	}
	return nat
}

// TestNativeDecoderMatchesParquetGo writes files with every encoding,
// page version and codec parquet-go offers and checks that the native
// page decoder reads what parquet-go's page reader reads.
func TestNativeDecoderMatchesParquetGo(t *testing.T) {
	data := mixedRows(5000)
	dir := t.TempDir()
	codecs := map[string]compress.Codec{
		"zstd": &pq.Zstd, "snappy": &pq.Snappy, "gzip": &pq.Gzip, "none": &pq.Uncompressed, "lz4": &pq.Lz4Raw,
	}
	for name, codec := range codecs {
		for _, version := range []int{1, 2} {
			for _, pageSize := range []int{512, 1 << 20} {
				label := fmt.Sprintf("%s-v%d-page%d", name, version, pageSize)
				t.Run(label, func(t *testing.T) {
					path := filepath.Join(dir, label+".parquet")
					writeMixed(t, path, data, pq.Compression(codec), pq.DataPageVersion(version),
						pq.PageBufferSize(pageSize), pq.MaxRowsPerRowGroup(1500))
					// parquet-go fails to read back its own LZ4_RAW pages
					// with DELTA_LENGTH_BYTE_ARRAY strings; check those
					// files against the written rows only.
					got := readNative(t, path, name != "lz4")
					if len(got) != len(data) {
						t.Fatalf("read %d rows, want %d", len(got), len(data))
					}
					// Spot-check values against what was written.
					for _, i := range []int{0, 1, 5, 1499, 1500, 4999} {
						want := fmt.Sprint(data[i].I64)
						if got[i][5] != want {
							t.Errorf("row %d i64 = %v, want %s", i, got[i][5], want)
						}
						if s := got[i][14]; s != data[i].S {
							t.Errorf("row %d s = %v, want %s", i, s, data[i].S)
						}
					}
				})
			}
		}
	}
}

// TestNativeDecoderTPCH reads the DuckDB-written TPC-H files both ways.
func TestNativeDecoderTPCH(t *testing.T) {
	for _, sf := range []string{"sf0.01"} {
		for _, name := range []string{"lineitem", "orders", "customer", "part", "partsupp", "supplier", "nation", "region"} {
			path := filepath.Join(tpchDir, sf, name+".parquet")
			if _, err := os.Stat(path); err != nil {
				continue
			}
			t.Run(sf+"/"+name, func(t *testing.T) { readBoth(t, path) })
		}
	}
}

// TestNativeDecoderWrittenTypes reads a file of every type lhsql writes
// (with NULLs) both ways.
func TestNativeDecoderWrittenTypes(t *testing.T) {
	for _, codec := range []string{"zstd", "snappy", "uncompressed"} {
		t.Run(codec, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "all.parquet")
			writeAllTypes(t, path, 5000, WriterOptions{Compression: codec, RowGroupSize: 2000})
			readBoth(t, path)
		})
	}
}
