package engine

import (
	"strings"

	"github.com/lhsql/lhsql/vector"
)

// castNestedFunc selects a conversion involving LIST, STRUCT or MAP types,
// or returns nil when there is none.
func castNestedFunc(from, to vector.Type) castFn {
	switch {
	case to.ID == vector.TypeVarchar:
		return castNestedToVarchar
	case from.ID == vector.TypeVarchar && to.Nested != nil:
		return castVarcharToNested
	case from.Nested == nil || to.Nested == nil:
		// Only NULLs convert (e.g. an untyped NULL in VALUES that was
		// typed INTEGER); any other value is an error at run time.
		return castOnlyNulls(from)
	case (from.ID == vector.TypeList || from.ID == vector.TypeMap) && from.ID == to.ID:
		return castListToList(from, to)
	case from.ID == vector.TypeStruct && to.ID == vector.TypeStruct:
		return castStructToStruct(from, to)
	}
	return nil
}

func castNestedToVarchar(in *vector.Vector, n int, to vector.Type, _ bool) (*vector.Vector, error) {
	out := vector.New(vector.Varchar, n)
	for i := 0; i < n; i++ {
		v := in.Get(i)
		if v.Null {
			out.SetNull(i, n)
			continue
		}
		out.Str[i] = v.String()
	}
	return out, nil
}

// castChild converts a whole child vector of rows rows.
func castChild(child *vector.Vector, rows int, from, to vector.Type, try bool) (*vector.Vector, error) {
	if from == to {
		return child, nil
	}
	if from.ID == vector.TypeNull {
		out := vector.New(to, rows)
		if rows > 0 {
			out.Valid = make(vector.Validity, (rows+63)/64)
		}
		return out, nil
	}
	fn := castFunc(from, to)
	if fn == nil {
		return nil, errorf("Conversion", "Unimplemented type for cast (%s -> %s)", from, to)
	}
	return fn(child, rows, to, try)
}

func castListToList(from, to vector.Type) castFn {
	fe, te := from.Elem(), to.Elem()
	if fe.ID != vector.TypeNull && fe != te && castFunc(fe, te) == nil {
		return nil
	}
	return func(in *vector.Vector, n int, to vector.Type, try bool) (*vector.Vector, error) {
		child, err := castChild(in.Child, in.Child.Len(), fe, te, try)
		if err != nil {
			return nil, err
		}
		out := &vector.Vector{Typ: to, Const: in.Const, Valid: in.Valid, List: in.List, Child: child}
		return out, nil
	}
}

func castStructToStruct(from, to vector.Type) castFn {
	ff, tf := from.StructFields(), to.StructFields()
	if len(ff) != len(tf) {
		return nil
	}
	// Match fields by name when every target name exists, else by position.
	src := make([]int, len(tf))
	byName := true
	for k, f := range tf {
		src[k] = -1
		for j, g := range ff {
			if strings.EqualFold(f.Name, g.Name) {
				src[k] = j
			}
		}
		if src[k] < 0 {
			byName = false
		}
	}
	if !byName {
		for k := range src {
			src[k] = k
		}
	}
	for k, f := range tf {
		ft := ff[src[k]].Typ
		if ft.ID != vector.TypeNull && ft != f.Typ && castFunc(ft, f.Typ) == nil {
			return nil
		}
	}
	return func(in *vector.Vector, n int, to vector.Type, try bool) (*vector.Vector, error) {
		out := &vector.Vector{Typ: to, Const: in.Const, Valid: in.Valid, Fields: make([]*vector.Vector, len(tf))}
		for k, f := range tf {
			fv := in.Fields[src[k]]
			rows := fv.Len()
			c, err := castChild(fv, rows, ff[src[k]].Typ, f.Typ, try)
			if err != nil {
				return nil, err
			}
			out.Fields[k] = c
		}
		return out, nil
	}
}

func castVarcharToNested(in *vector.Vector, n int, to vector.Type, try bool) (*vector.Vector, error) {
	out := vector.New(to, n)
	for i := 0; i < n; i++ {
		if in.IsNull(i) {
			out.SetNull(i, n)
			continue
		}
		s := in.Str[idx(in, i)]
		p := &nestedParser{s: s, try: try}
		v, err := p.parse(to)
		if err == nil {
			p.skipSpace()
			if p.i != len(p.s) {
				err = p.fail(to)
			}
		}
		if err != nil {
			if try {
				out.SetNull(i, n)
				continue
			}
			return nil, err
		}
		out.Set(i, n, v)
	}
	return out, nil
}

// nestedParser reads DuckDB's text form of nested values: [a, b],
// {'k': v} and {k=v}.
type nestedParser struct {
	s   string
	i   int
	try bool
}

func (p *nestedParser) fail(to vector.Type) error {
	return errorf("Conversion", "Type VARCHAR with value '%s' can't be cast to the destination type %s", p.s, to)
}

func (p *nestedParser) skipSpace() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n' || p.s[p.i] == '\r') {
		p.i++
	}
}

func (p *nestedParser) peek() byte {
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

// scalarText reads one scalar token up to a delimiter in stop; quoted is
// set when it was quoted (so 'NULL' is a string, not NULL).
func (p *nestedParser) scalarText(stop string) (string, bool) {
	p.skipSpace()
	if q := p.peek(); q == '\'' || q == '"' {
		p.i++
		var b strings.Builder
		for p.i < len(p.s) {
			c := p.s[p.i]
			if c == '\\' && p.i+1 < len(p.s) {
				b.WriteByte(p.s[p.i+1])
				p.i += 2
				continue
			}
			if c == q {
				if p.i+1 < len(p.s) && p.s[p.i+1] == q {
					b.WriteByte(q)
					p.i += 2
					continue
				}
				p.i++
				break
			}
			b.WriteByte(c)
			p.i++
		}
		return b.String(), true
	}
	start := p.i
	depth := 0
	var b strings.Builder
	for p.i < len(p.s) {
		c := p.s[p.i]
		if c == '\\' && p.i+1 < len(p.s) {
			b.WriteByte(p.s[p.i+1])
			p.i += 2
			continue
		}
		if depth == 0 && strings.IndexByte(stop, c) >= 0 {
			break
		}
		switch c {
		case '[', '{', '(':
			depth++
		case ']', '}', ')':
			depth--
		}
		b.WriteByte(c)
		p.i++
	}
	_ = start
	return strings.TrimRight(b.String(), " \t\n\r"), false
}

func (p *nestedParser) parse(t vector.Type) (vector.Value, error) {
	p.skipSpace()
	switch t.ID {
	case vector.TypeList:
		if p.peek() != '[' {
			return p.nullOr(t, ",]")
		}
		p.i++
		out := vector.Value{Typ: t, List: []vector.Value{}}
		p.skipSpace()
		if p.peek() == ']' {
			p.i++
			return out, nil
		}
		for {
			e, err := p.elem(t.Elem(), ",]")
			if err != nil {
				return vector.Value{}, err
			}
			out.List = append(out.List, e)
			p.skipSpace()
			switch p.peek() {
			case ',':
				p.i++
			case ']':
				p.i++
				return out, nil
			default:
				return vector.Value{}, p.fail(t)
			}
		}
	case vector.TypeStruct:
		if p.peek() != '{' {
			return p.nullOr(t, ",}")
		}
		p.i++
		fs := t.StructFields()
		out := vector.Value{Typ: t, Fields: make([]vector.Value, len(fs))}
		for k, f := range fs {
			out.Fields[k] = vector.NullValue(f.Typ)
		}
		p.skipSpace()
		if p.peek() == '}' {
			p.i++
			return out, nil
		}
		for {
			key, _ := p.scalarText(":")
			if p.peek() != ':' {
				return vector.Value{}, p.fail(t)
			}
			p.i++
			k := -1
			for j, f := range fs {
				if strings.EqualFold(f.Name, key) {
					k = j
				}
			}
			if k < 0 {
				return vector.Value{}, p.fail(t)
			}
			v, err := p.elem(fs[k].Typ, ",}")
			if err != nil {
				return vector.Value{}, err
			}
			out.Fields[k] = v
			p.skipSpace()
			switch p.peek() {
			case ',':
				p.i++
			case '}':
				p.i++
				return out, nil
			default:
				return vector.Value{}, p.fail(t)
			}
		}
	case vector.TypeMap:
		if p.peek() != '{' {
			return p.nullOr(t, ",}")
		}
		p.i++
		out := vector.Value{Typ: t, List: []vector.Value{}}
		p.skipSpace()
		if p.peek() == '}' {
			p.i++
			return out, nil
		}
		for {
			k, err := p.elem(t.MapKey(), "=")
			if err != nil {
				return vector.Value{}, err
			}
			if p.peek() != '=' {
				return vector.Value{}, p.fail(t)
			}
			p.i++
			v, err := p.elem(t.MapValue(), ",}")
			if err != nil {
				return vector.Value{}, err
			}
			out.List = append(out.List, vector.Value{Typ: t.Elem(), Fields: []vector.Value{k, v}})
			p.skipSpace()
			switch p.peek() {
			case ',':
				p.i++
			case '}':
				p.i++
				return out, nil
			default:
				return vector.Value{}, p.fail(t)
			}
		}
	}
	return p.elem(t, "")
}

// nullOr accepts an unquoted NULL where a nested value is expected.
func (p *nestedParser) nullOr(t vector.Type, stop string) (vector.Value, error) {
	s, quoted := p.scalarText(stop)
	if !quoted && strings.EqualFold(s, "null") {
		return vector.NullValue(t), nil
	}
	return vector.Value{}, p.fail(t)
}

func (p *nestedParser) elem(t vector.Type, stop string) (vector.Value, error) {
	if t.Nested != nil {
		return p.parse(t)
	}
	s, quoted := p.scalarText(stop)
	if !quoted && strings.EqualFold(s, "null") {
		return vector.NullValue(t), nil
	}
	if t.ID == vector.TypeVarchar || t.ID == vector.TypeNull {
		v := vector.StringValue(s)
		v.Typ = t
		return v, nil
	}
	return CastValue(vector.StringValue(s), t, p.try)
}

// castOnlyNulls converts all-NULL input between otherwise incompatible
// types and fails on the first non-NULL value.
func castOnlyNulls(from vector.Type) castFn {
	return func(in *vector.Vector, n int, to vector.Type, _ bool) (*vector.Vector, error) {
		for i := 0; i < n; i++ {
			if !in.IsNull(i) {
				return nil, errorf("Conversion", "Unimplemented type for cast (%s -> %s)", from, to)
			}
		}
		out := vector.New(to, n)
		out.Valid = make(vector.Validity, (n+63)/64)
		return out, nil
	}
}
