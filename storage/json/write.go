package json

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// WriteOptions control JSON output.
type WriteOptions struct {
	// Array writes one JSON array of objects instead of one object per
	// line (newline-delimited JSON, the default).
	Array bool
}

// Writer writes chunks as JSON objects, one per row, keyed by column name.
// Numbers and booleans are JSON numbers and booleans, NULL is null, LIST
// is an array, STRUCT and MAP are objects, everything else is a string
// holding the value's VARCHAR cast.
type Writer struct {
	w      *bufio.Writer
	opts   WriteOptions
	keys   [][]byte // pre-quoted "name":
	buf    []byte
	rows   int64
	closed bool
}

// NewWriter returns a JSON writer for schema.
func NewWriter(out io.Writer, schema []storage.Column, opts WriteOptions) (*Writer, error) {
	w := &Writer{w: bufio.NewWriterSize(out, 1<<16), opts: opts}
	for _, c := range schema {
		k := AppendString(nil, c.Name)
		w.keys = append(w.keys, append(k, ':'))
	}
	if opts.Array {
		if _, err := w.w.WriteString("[\n"); err != nil {
			return nil, fmt.Errorf("IO Error: writing JSON: %w", err)
		}
	}
	return w, nil
}

// Write appends the rows of ch (honouring ch.Sel).
func (w *Writer) Write(ch *vector.Chunk) error {
	if len(ch.Cols) != len(w.keys) {
		return fmt.Errorf("json writer: chunk has %d columns, schema has %d", len(ch.Cols), len(w.keys))
	}
	n := ch.Rows()
	for r := 0; r < n; r++ {
		i := r
		if ch.Sel != nil {
			i = int(ch.Sel[r])
		}
		b := w.buf[:0]
		if w.opts.Array && w.rows > 0 {
			b = append(b, ",\n"...)
		}
		b = append(b, '{')
		for j, v := range ch.Cols {
			if j > 0 {
				b = append(b, ',')
			}
			b = append(b, w.keys[j]...)
			k := i
			if v.Const {
				k = 0
			}
			b = appendVectorValue(b, v, k)
		}
		b = append(b, '}')
		if !w.opts.Array {
			b = append(b, '\n')
		}
		if _, err := w.w.Write(b); err != nil {
			return fmt.Errorf("IO Error: writing JSON: %w", err)
		}
		w.buf = b
		w.rows++
	}
	return nil
}

func appendVectorValue(b []byte, v *vector.Vector, i int) []byte {
	if !v.Valid.IsValid(i) {
		return append(b, "null"...)
	}
	switch v.Typ.ID {
	case vector.TypeTinyInt, vector.TypeSmallInt, vector.TypeInteger, vector.TypeBigInt,
		vector.TypeUTinyInt, vector.TypeUSmallInt, vector.TypeUInteger, vector.TypeHugeInt:
		return strconv.AppendInt(b, v.I64[i], 10)
	case vector.TypeVarchar:
		return AppendString(b, v.Str[i])
	}
	return AppendValue(b, v.Get(i))
}

// AppendValue appends x as JSON.
func AppendValue(b []byte, x vector.Value) []byte {
	if x.Null {
		return append(b, "null"...)
	}
	switch x.Typ.ID {
	case vector.TypeBoolean:
		return strconv.AppendBool(b, x.Bool)
	case vector.TypeTinyInt, vector.TypeSmallInt, vector.TypeInteger, vector.TypeBigInt,
		vector.TypeUTinyInt, vector.TypeUSmallInt, vector.TypeUInteger, vector.TypeHugeInt, vector.TypeNull:
		return strconv.AppendInt(b, x.I64, 10)
	case vector.TypeUBigInt:
		return strconv.AppendUint(b, uint64(x.I64), 10)
	case vector.TypeDecimal:
		return append(b, vector.FormatDecimal(x.I64, int(x.Typ.Scale))...)
	case vector.TypeFloat, vector.TypeDouble:
		if math.IsNaN(x.F64) || math.IsInf(x.F64, 0) {
			return AppendString(b, x.String())
		}
		return append(b, x.String()...)
	case vector.TypeList:
		b = append(b, '[')
		for k, e := range x.List {
			if k > 0 {
				b = append(b, ',')
			}
			b = AppendValue(b, e)
		}
		return append(b, ']')
	case vector.TypeStruct:
		b = append(b, '{')
		fs := x.Typ.StructFields()
		for k, f := range x.Fields {
			if k > 0 {
				b = append(b, ',')
			}
			if k < len(fs) {
				b = AppendString(b, fs[k].Name)
			} else {
				b = AppendString(b, strconv.Itoa(k))
			}
			b = append(b, ':')
			b = AppendValue(b, f)
		}
		return append(b, '}')
	case vector.TypeMap:
		b = append(b, '{')
		for k, e := range x.List {
			if k > 0 {
				b = append(b, ',')
			}
			key := ""
			if len(e.Fields) == 2 {
				key = e.Fields[0].String()
			}
			b = AppendString(b, key)
			b = append(b, ':')
			if len(e.Fields) == 2 {
				b = AppendValue(b, e.Fields[1])
			} else {
				b = append(b, "null"...)
			}
		}
		return append(b, '}')
	}
	return AppendString(b, x.String())
}

const hexDigits = "0123456789abcdef"

// AppendString appends s as a JSON string literal: quotes, backslashes and
// control characters escaped, invalid UTF-8 replaced by U+FFFD.
func AppendString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, `\ufffd`...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}

// Rows returns the number of rows written.
func (w *Writer) Rows() int64 { return w.rows }

// Close writes the closing bracket in array mode and flushes; it does not
// close the underlying writer.
func (w *Writer) Close() error {
	if w.opts.Array && !w.closed {
		w.closed = true
		if _, err := w.w.WriteString("\n]\n"); err != nil {
			return fmt.Errorf("IO Error: writing JSON: %w", err)
		}
	}
	if err := w.w.Flush(); err != nil {
		return fmt.Errorf("IO Error: writing JSON: %w", err)
	}
	return nil
}
