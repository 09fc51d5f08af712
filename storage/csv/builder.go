package csv

import (
	"fmt"
	"strings"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// builder accumulates parsed rows into a chunk of typed vectors.
type builder struct {
	path   string
	schema []storage.Column
	types  []vector.Type
	sn     *sniffer
	chunk  *vector.Chunk
	n      int
}

func newBuilder(path string, schema []storage.Column, sn *sniffer) *builder {
	b := &builder{path: path, schema: schema, sn: sn}
	b.types = make([]vector.Type, len(schema))
	for i, c := range schema {
		b.types[i] = c.Type
	}
	b.chunk = vector.NewChunk(b.types, vector.MaxLen)
	return b
}

// flush returns the rows built so far and starts a new chunk.
func (b *builder) flush() *vector.Chunk {
	c := b.chunk
	c.Len = b.n
	if b.n < vector.MaxLen {
		for i, v := range c.Cols {
			c.Cols[i] = v.Slice(0, b.n)
		}
	}
	b.chunk = vector.NewChunk(b.types, vector.MaxLen)
	b.n = 0
	return c
}

// clearRow undoes the NULL marks of columns [0, upto] of row b.n after a
// failed add, so the row can be reused for the next record.
func (b *builder) clearRow(upto int) {
	for _, v := range b.chunk.Cols[:upto+1] {
		if v.Valid != nil {
			v.Valid.SetValid(b.n)
		}
	}
}

// add parses the current record of tk into row b.n. A conversion failure
// returns a *lineError whose line is tk.recLine and leaves row b.n free.
func (b *builder) add(tk *tokenizer) error {
	row := b.n
	for c, f := range tk.fields {
		v := b.chunk.Cols[c]
		raw := tk.text[f.s:f.e]
		if raw == b.sn.nullStr || (raw == "" && !f.esc && v.Typ.Phys() != vector.PhysString) {
			v.SetNull(row, vector.MaxLen)
			continue
		}
		s := raw
		if f.esc {
			s = tk.value(f)
		}
		ok := true
		switch v.Typ.Phys() {
		case vector.PhysString:
			if v.Typ.ID == vector.TypeUUID {
				s = strings.ToLower(s)
			}
			v.Str[row] = s
		case vector.PhysBool:
			v.Bool[row], ok = parseBool(strings.TrimSpace(s))
		case vector.PhysFloat64:
			v.F64[row], ok = parseFloat(strings.TrimSpace(s))
		case vector.PhysInt64:
			v.I64[row], ok = b.parseInt64(v.Typ, strings.TrimSpace(s))
		}
		if !ok {
			b.clearRow(c)
			return &lineError{kind: "Conversion Error", line: tk.recLine,
				msg: fmt.Sprintf(", column %d (%q): could not convert %q to %s", c+1, b.schema[c].Name, s, v.Typ)}
		}
	}
	b.n++
	return nil
}

func (b *builder) parseInt64(t vector.Type, s string) (int64, bool) {
	switch t.ID {
	case vector.TypeDecimal:
		return parseDecimal(s, int(t.Width), int(t.Scale))
	case vector.TypeDate:
		return b.sn.parseDate(s)
	case vector.TypeTimestamp, vector.TypeTimestampTZ:
		return b.sn.parseTimestamp(s)
	case vector.TypeTime:
		us, rest, ok := parseTime(s)
		return us, ok && rest == ""
	}
	if t.IsInteger() {
		x, ok := parseInt(s)
		if !ok {
			return 0, false
		}
		lo, hi := intRange(t)
		return x, x >= lo && x <= hi
	}
	return 0, false
}
