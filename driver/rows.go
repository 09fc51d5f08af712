package driver

import (
	"context"
	sqldriver "database/sql/driver"
	"fmt"
	"io"
	"math"
	"reflect"

	"github.com/lhsql/lhsql/vector"
)

// chunkStream is the part of *sql.Rows that rows reads.
type chunkStream interface {
	Next() (*vector.Chunk, error)
	Close() error
}

// rows streams a query's chunks to database/sql one row at a time.
type rows struct {
	ctx    context.Context
	cols   []string
	types  []vector.Type
	src    chunkStream
	chunk  *vector.Chunk
	row    int // next row of chunk
	closed bool
	err    error // sticky error after the stream failed or ended
}

var (
	_ sqldriver.Rows                           = (*rows)(nil)
	_ sqldriver.RowsColumnTypeDatabaseTypeName = (*rows)(nil)
	_ sqldriver.RowsColumnTypeScanType         = (*rows)(nil)
	_ sqldriver.RowsColumnTypeNullable         = (*rows)(nil)
	_ sqldriver.RowsColumnTypePrecisionScale   = (*rows)(nil)
	_ sqldriver.RowsColumnTypeLength           = (*rows)(nil)
)

func newRows(ctx context.Context, cols []string, types []vector.Type, src chunkStream) *rows {
	return &rows{ctx: ctx, cols: cols, types: types, src: src}
}

// Columns returns the result's column names.
func (r *rows) Columns() []string { return r.cols }

// Close stops the query and releases its resources.
func (r *rows) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	r.chunk = nil
	return r.src.Close()
}

func (r *rows) isClosed() bool { return r.closed }

// Next stores the next row in dest. It returns io.EOF at the end and the
// context's error once the query's context is done.
func (r *rows) Next(dest []sqldriver.Value) error {
	if r.err != nil {
		return r.err
	}
	if r.closed {
		return io.EOF
	}
	for r.chunk == nil || r.row >= r.chunk.Len {
		if err := r.ctx.Err(); err != nil {
			return r.fail(err)
		}
		ch, err := r.src.Next()
		if err != nil {
			if ctxErr := r.ctx.Err(); ctxErr != nil {
				err = ctxErr
			}
			return r.fail(err)
		}
		if ch == nil {
			r.chunk = nil
			r.err = io.EOF
			return io.EOF
		}
		if ch.Sel != nil {
			ch = ch.Compact()
		}
		if len(ch.Cols) != len(r.cols) {
			return r.fail(fmt.Errorf("lhsql: internal error: chunk has %d columns, result has %d", len(ch.Cols), len(r.cols)))
		}
		r.chunk, r.row = ch, 0
	}
	if len(dest) != len(r.chunk.Cols) {
		return fmt.Errorf("lhsql: Next given %d destinations for %d columns", len(dest), len(r.chunk.Cols))
	}
	for c, col := range r.chunk.Cols {
		dest[c] = driverValue(col, r.row)
	}
	r.row++
	return nil
}

// fail closes the query and makes err sticky.
func (r *rows) fail(err error) error {
	r.Close()
	r.err = err
	return err
}

// ColumnTypeDatabaseTypeName returns the SQL type name of column i, e.g.
// "BIGINT" or "DECIMAL".
func (r *rows) ColumnTypeDatabaseTypeName(i int) string {
	return databaseTypeName(r.types[i])
}

// ColumnTypeScanType returns the Go type Next stores for column i.
func (r *rows) ColumnTypeScanType(i int) reflect.Type {
	return scanType(r.types[i])
}

// ColumnTypeNullable reports every column as nullable: lhsql does not track
// whether a result column can hold NULL.
func (r *rows) ColumnTypeNullable(i int) (nullable, ok bool) {
	return true, true
}

// ColumnTypePrecisionScale returns the width and scale of DECIMAL columns.
func (r *rows) ColumnTypePrecisionScale(i int) (precision, scale int64, ok bool) {
	t := r.types[i]
	if t.ID != vector.TypeDecimal {
		return 0, 0, false
	}
	return int64(t.Width), int64(t.Scale), true
}

// ColumnTypeLength reports variable-length columns (VARCHAR, BLOB) as
// unbounded.
func (r *rows) ColumnTypeLength(i int) (length int64, ok bool) {
	switch r.types[i].ID {
	case vector.TypeVarchar, vector.TypeBlob:
		return math.MaxInt64, true
	}
	return 0, false
}
