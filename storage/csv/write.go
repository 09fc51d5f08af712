package csv

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// WriteOptions control how rows are written as CSV.
type WriteOptions struct {
	Delim   string // field delimiter; default ","
	Quote   byte   // quote character; default '"'
	Escape  byte   // escape for a quote inside quotes; default the quote
	Header  bool   // write a header line with the column names
	NullStr string // text written for NULL; default empty
	// ForceQuote quotes every non-NULL value of the named columns.
	ForceQuote map[string]bool
}

// Writer writes chunks as CSV text the way DuckDB's COPY ... TO does:
// values are rendered as their VARCHAR cast, fields containing the
// delimiter, quote, a line break or leading/trailing space are quoted, and
// an empty string is written as "" so that it differs from NULL.
type Writer struct {
	w      *bufio.Writer
	opts   WriteOptions
	schema []storage.Column
	force  []bool
	buf    []byte
	rows   int64
}

// NewWriter returns a CSV writer for schema. When opts.Header is set the
// header line is written immediately.
func NewWriter(out io.Writer, schema []storage.Column, opts WriteOptions) (*Writer, error) {
	if opts.Delim == "" {
		opts.Delim = ","
	}
	if opts.Quote == 0 {
		opts.Quote = '"'
	}
	if opts.Escape == 0 {
		opts.Escape = opts.Quote
	}
	w := &Writer{w: bufio.NewWriterSize(out, 1<<16), opts: opts, schema: schema, force: make([]bool, len(schema))}
	for i, c := range schema {
		w.force[i] = opts.ForceQuote[strings.ToLower(c.Name)]
	}
	if opts.Header {
		b := w.buf[:0]
		for i, c := range schema {
			if i > 0 {
				b = append(b, opts.Delim...)
			}
			b = w.appendField(b, c.Name, false)
		}
		b = append(b, '\n')
		if _, err := w.w.Write(b); err != nil {
			return nil, fmt.Errorf("IO Error: writing CSV header: %w", err)
		}
		w.buf = b
	}
	return w, nil
}

// Write appends the rows of ch (honouring ch.Sel).
func (w *Writer) Write(ch *vector.Chunk) error {
	if len(ch.Cols) != len(w.schema) {
		return fmt.Errorf("csv writer: chunk has %d columns, schema has %d", len(ch.Cols), len(w.schema))
	}
	n := ch.Rows()
	for r := 0; r < n; r++ {
		i := r
		if ch.Sel != nil {
			i = int(ch.Sel[r])
		}
		b := w.buf[:0]
		for j, v := range ch.Cols {
			if j > 0 {
				b = append(b, w.opts.Delim...)
			}
			k := i
			if v.Const {
				k = 0
			}
			if !v.Valid.IsValid(k) {
				b = append(b, w.opts.NullStr...)
				continue
			}
			b = w.appendValue(b, v, k, j)
		}
		b = append(b, '\n')
		if _, err := w.w.Write(b); err != nil {
			return fmt.Errorf("IO Error: writing CSV: %w", err)
		}
		w.buf = b
		w.rows++
	}
	return nil
}

func (w *Writer) appendValue(b []byte, v *vector.Vector, i, col int) []byte {
	switch v.Typ.ID {
	case vector.TypeTinyInt, vector.TypeSmallInt, vector.TypeInteger, vector.TypeBigInt,
		vector.TypeUTinyInt, vector.TypeUSmallInt, vector.TypeUInteger, vector.TypeHugeInt:
		if w.force[col] {
			return w.appendField(b, strconv.FormatInt(v.I64[i], 10), true)
		}
		return strconv.AppendInt(b, v.I64[i], 10)
	case vector.TypeVarchar:
		return w.appendField(b, v.Str[i], w.force[col])
	}
	return w.appendField(b, v.Get(i).String(), w.force[col])
}

// appendField appends s, quoted when needed.
func (w *Writer) appendField(b []byte, s string, force bool) []byte {
	q := w.opts.Quote
	if !force && s != "" && !w.needsQuote(s) {
		return append(b, s...)
	}
	b = append(b, q)
	for k := 0; k < len(s); k++ {
		c := s[k]
		if c == q || (c == w.opts.Escape && w.opts.Escape != q) {
			b = append(b, w.opts.Escape)
		}
		b = append(b, c)
	}
	return append(b, q)
}

func (w *Writer) needsQuote(s string) bool {
	if s == w.opts.NullStr && s != "" {
		return true
	}
	if strings.Contains(s, w.opts.Delim) || strings.IndexByte(s, w.opts.Quote) >= 0 ||
		strings.ContainsAny(s, "\r\n") {
		return true
	}
	return s[0] == ' ' || s[len(s)-1] == ' '
}

// Rows returns the number of rows written.
func (w *Writer) Rows() int64 { return w.rows }

// Close flushes buffered output; it does not close the underlying writer.
func (w *Writer) Close() error {
	if err := w.w.Flush(); err != nil {
		return fmt.Errorf("IO Error: writing CSV: %w", err)
	}
	return nil
}
