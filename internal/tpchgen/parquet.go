package tpchgen

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"unsafe"

	"github.com/parquet-go/parquet-go"

	"github.com/lhsql/lhsql/vector"
)

// RowGroupRows is the target number of rows per Parquet row group (DuckDB's
// default row-group size).
const RowGroupRows = 122_880

// parquetSchema maps a table definition to a Parquet schema with the
// columns in order: BIGINT as INT64, INTEGER/SMALLINT as INT32 with an
// integer logical type, DECIMAL(p,s) as INT64 with a decimal logical type,
// DATE as INT32 date, TIMESTAMP as INT64 timestamp(microsecond), DOUBLE as
// DOUBLE and VARCHAR as BYTE_ARRAY string. All columns are required.
func parquetSchema(def TableDef) (*parquet.Schema, error) {
	fields := make([]reflect.StructField, len(def.Columns))
	for i, c := range def.Columns {
		f := reflect.StructField{Name: fmt.Sprintf("F%d", i)}
		tag := c.Name
		switch c.Type.ID {
		case vector.TypeBigInt:
			f.Type = reflect.TypeFor[int64]()
		case vector.TypeInteger:
			f.Type = reflect.TypeFor[int32]()
		case vector.TypeSmallInt:
			f.Type = reflect.TypeFor[int16]()
		case vector.TypeDecimal:
			if c.Type.Width > 18 {
				return nil, fmt.Errorf("tpchgen: column %s: %s does not fit INT64", c.Name, c.Type)
			}
			f.Type = reflect.TypeFor[int64]()
			tag += fmt.Sprintf(",decimal(%d:%d)", c.Type.Scale, c.Type.Width)
		case vector.TypeDate:
			f.Type = reflect.TypeFor[int32]()
			tag += ",date"
		case vector.TypeTimestamp:
			f.Type = reflect.TypeFor[int64]()
			tag += ",timestamp(microsecond)"
		case vector.TypeDouble:
			f.Type = reflect.TypeFor[float64]()
		case vector.TypeVarchar:
			f.Type = reflect.TypeFor[string]()
		default:
			return nil, fmt.Errorf("tpchgen: column %s: type %s not supported in Parquet output", c.Name, c.Type)
		}
		switch {
		case c.Dict:
			tag += ",dict"
		case c.Type.ID == vector.TypeVarchar:
			tag += ",plain"
		}
		f.Tag = reflect.StructTag(`parquet:"` + tag + `"`)
		fields[i] = f
	}
	var schema *parquet.Schema
	err := func() (err error) {
		// SchemaOf panics on malformed tags; turn that into an error.
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("tpchgen: parquet schema for %s: %v", def.Name, r)
			}
		}()
		schema = parquet.NewSchema(def.Name, parquet.SchemaOf(reflect.New(reflect.StructOf(fields)).Interface()))
		return nil
	}()
	return schema, err
}

var emptyBytes = []byte{}

// writeColumn appends one block column to a Parquet column writer, in
// slices of valuesPerWrite rows so pages stay near the page-size target.
func writeColumn(w *parquet.ColumnWriter, v *vector.Vector, n int, buf []parquet.Value) error {
	const valuesPerWrite = 4096
	for lo := 0; lo < n; lo += valuesPerWrite {
		hi := min(n, lo+valuesPerWrite)
		vals := buf[:hi-lo]
		switch v.Typ.ID {
		case vector.TypeBigInt, vector.TypeDecimal, vector.TypeTimestamp:
			for i, x := range v.I64[lo:hi] {
				vals[i] = parquet.Int64Value(x)
			}
		case vector.TypeInteger, vector.TypeSmallInt, vector.TypeDate:
			for i, x := range v.I64[lo:hi] {
				vals[i] = parquet.Int32Value(int32(x))
			}
		case vector.TypeDouble:
			for i, x := range v.F64[lo:hi] {
				vals[i] = parquet.DoubleValue(x)
			}
		case vector.TypeVarchar:
			for i, s := range v.Str[lo:hi] {
				b := emptyBytes
				if len(s) > 0 {
					// The column buffer copies the bytes; no need to allocate.
					b = unsafe.Slice(unsafe.StringData(s), len(s))
				}
				vals[i] = parquet.ByteArrayValue(b)
			}
		default:
			return fmt.Errorf("tpchgen: type %s not supported in Parquet output", v.Typ)
		}
		if _, err := w.WriteRowValues(vals); err != nil {
			return err
		}
	}
	return nil
}

// blockSource generates a table as blocks of units.
type blockSource struct {
	def   TableDef
	units int64
	per   int64 // units per block
	gen   func(def *TableDef, start, count int64) *block
}

// writeParquetFile writes all blocks of src to path, one row group per
// block, generating and encoding row groups on workers goroutines and
// committing them in order. The file appears under its final name only
// when complete.
func writeParquetFile(ctx context.Context, path string, src blockSource, workers int) (err error) {
	schema, err := parquetSchema(src.def)
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("tpchgen: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	w := parquet.NewGenericWriter[any](f, schema,
		parquet.Compression(&parquet.Zstd),
		parquet.CreatedBy("lhsql tpchgen", "", ""),
		parquet.MaxRowsPerRowGroup(int64(8*RowGroupRows)),
		parquet.PageBufferSize(512<<10),
		parquet.DataPageStatistics(true),
	)
	var mu sync.Mutex
	nblocks := int((src.units + src.per - 1) / src.per)
	err = runOrdered(ctx, nblocks, workers, func(i int) (*parquet.ConcurrentRowGroupWriter, error) {
		start := int64(i) * src.per
		b := src.gen(&src.def, start, min(src.per, src.units-start))
		mu.Lock()
		rg := w.BeginRowGroup()
		mu.Unlock()
		buf := make([]parquet.Value, 4096)
		cws := rg.ColumnWriters()
		for c, v := range b.cols {
			if err := writeColumn(cws[c], v, b.n, buf); err != nil {
				return nil, fmt.Errorf("tpchgen: %s.%s: %w", src.def.Name, src.def.Columns[c].Name, err)
			}
		}
		if err := rg.Flush(); err != nil {
			return nil, fmt.Errorf("tpchgen: %s: %w", src.def.Name, err)
		}
		return rg, nil
	}, func(_ int, rg *parquet.ConcurrentRowGroupWriter) error {
		if _, err := rg.Commit(); err != nil {
			return fmt.Errorf("tpchgen: %s: commit row group: %w", src.def.Name, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err = w.Close(); err != nil {
		return fmt.Errorf("tpchgen: %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("tpchgen: %w", err)
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("tpchgen: %w", err)
	}
	return nil
}

// WriteParquet generates the eight TPC-H tables at scale factor sf and
// writes them to dir (created if missing) as <table>.parquet: zstd
// compressed, row groups of about RowGroupRows rows, with min/max
// statistics. workers goroutines (0 means GOMAXPROCS) generate and encode
// row groups in parallel; the files are identical for any worker count.
func WriteParquet(ctx context.Context, sf float64, dir string, workers int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("tpchgen: %w", err)
	}
	for _, def := range Tables() {
		g, err := newGenerator(sf, def.Name)
		if err != nil {
			return err
		}
		src := blockSource{def: g.def, units: g.units, per: g.blockUnits(RowGroupRows), gen: g.gen}
		if err := writeParquetFile(ctx, filepath.Join(dir, def.Name+".parquet"), src, workers); err != nil {
			return err
		}
	}
	return nil
}
