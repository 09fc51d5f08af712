package engine

import (
	"strings"

	"github.com/lhsql/lhsql/vector"
)

// CaseExpr is a searched CASE. THEN/ELSE branches are evaluated only on
// the rows that reach them, so a branch that would fail on other rows
// (e.g. a cast) is safe.
type CaseExpr struct {
	Whens, Thens []Expr
	Else         Expr // never nil after NewCase
	Typ          vector.Type
}

// Type implements Expr.
func (e *CaseExpr) Type() vector.Type { return e.Typ }

func (e *CaseExpr) String() string {
	var b strings.Builder
	b.WriteString("CASE")
	for i := range e.Whens {
		b.WriteString(" WHEN " + e.Whens[i].String() + " THEN " + e.Thens[i].String())
	}
	b.WriteString(" ELSE " + e.Else.String() + " END")
	return b.String()
}

// unifyTypes returns the common type of exprs (NULL-typed ones ignored).
func unifyTypes(what string, exprs []Expr) (vector.Type, error) {
	t := vector.Null
	for _, x := range exprs {
		ct, ok := CommonType(t, x.Type())
		if !ok {
			return vector.Type{}, errorf("Binder", "Cannot mix values of type %s and %s in %s - an explicit cast is required", t, x.Type(), what)
		}
		t = ct
	}
	return t, nil
}

// NewCase builds a searched CASE; els may be nil (NULL). The result type
// unifies every THEN and the ELSE.
func NewCase(whens, thens []Expr, els Expr) (Expr, error) {
	if len(whens) != len(thens) || len(whens) == 0 {
		return nil, errorf("Binder", "CASE needs at least one WHEN ... THEN pair")
	}
	all := append(append([]Expr(nil), thens...), els)
	if els == nil {
		all = all[:len(all)-1]
	}
	t, err := unifyTypes("CASE", all)
	if err != nil {
		return nil, err
	}
	if t.ID == vector.TypeNull {
		t = vector.Integer
	}
	e := &CaseExpr{Typ: t, Whens: make([]Expr, len(whens)), Thens: make([]Expr, len(thens))}
	for i, w := range whens {
		if w.Type().ID != vector.TypeBoolean {
			if w, err = NewCast(w, vector.Boolean, false); err != nil {
				return nil, err
			}
		}
		e.Whens[i] = w
		if e.Thens[i], err = castTo(thens[i], t); err != nil {
			return nil, err
		}
	}
	if els == nil {
		els = &Const{Val: vector.NullValue(t)}
	}
	if e.Else, err = castTo(els, t); err != nil {
		return nil, err
	}
	return e, nil
}

// subChunk returns the chunk restricted to rows (nil rows = all rows).
func subChunk(c *vector.Chunk, rows []uint32) *vector.Chunk {
	if rows == nil || len(rows) == c.Len {
		return c
	}
	sc := &vector.Chunk{Cols: c.Cols, Len: c.Len, Sel: rows}
	return sc.Compact()
}

// scatter writes row k of src (k-th of rows) to dst at rows[k].
func scatter(dst, src *vector.Vector, rows []uint32, n int) {
	for k, r := range rows {
		i := int(r)
		sk := k
		if src.Const {
			sk = 0
		}
		if !src.Valid.IsValid(sk) {
			setNull(&dst.Valid, i, n)
			continue
		}
		switch dst.Typ.Phys() {
		case vector.PhysBool:
			dst.Bool[i] = src.Bool[sk]
		case vector.PhysInt64:
			dst.I64[i] = src.I64[sk]
		case vector.PhysFloat64:
			dst.F64[i] = src.F64[sk]
		case vector.PhysString:
			dst.Str[i] = src.Str[sk]
		case vector.PhysInterval:
			dst.Iv[i] = src.Iv[sk]
		}
	}
}

// allRows returns 0..n-1.
func allRows(n int) []uint32 {
	r := make([]uint32, n)
	for i := range r {
		r[i] = uint32(i)
	}
	return r
}

// Eval implements Expr.
func (e *CaseExpr) Eval(ec *ExecCtx, c *vector.Chunk) (*vector.Vector, error) {
	n := c.Len
	var rest []uint32 // rows still undecided; nil = all
	var out *vector.Vector
	for i, w := range e.Whens {
		sc := subChunk(c, rest)
		cond, err := w.Eval(ec, sc)
		if err != nil {
			return nil, err
		}
		if cond.Const {
			if !cond.Valid.IsValid(0) || !cond.Bool[0] {
				continue
			}
			// Every remaining row takes this branch.
			v, err := e.Thens[i].Eval(ec, sc)
			if err != nil {
				return nil, err
			}
			if out == nil {
				return v, nil
			}
			if rest == nil {
				rest = allRows(n)
			}
			scatter(out, v, rest, n)
			return out, nil
		}
		m := sc.Len
		var hit, miss []uint32
		for k := 0; k < m; k++ {
			row := uint32(k)
			if rest != nil {
				row = rest[k]
			}
			if cond.Valid.IsValid(k) && cond.Bool[k] {
				hit = append(hit, row)
			} else {
				miss = append(miss, row)
			}
		}
		if len(hit) == 0 {
			continue
		}
		if out == nil && rest == nil && len(miss) == 0 {
			// The first matching branch takes every row.
			return e.Thens[i].Eval(ec, sc)
		}
		if out == nil {
			out = vector.New(e.Typ, n)
		}
		v, err := e.Thens[i].Eval(ec, subChunk(c, hit))
		if err != nil {
			return nil, err
		}
		scatter(out, v, hit, n)
		rest = miss
		if len(rest) == 0 {
			return out, nil
		}
	}
	v, err := e.Else.Eval(ec, subChunk(c, rest))
	if err != nil {
		return nil, err
	}
	if out == nil {
		return v, nil
	}
	if rest == nil {
		rest = allRows(n)
	}
	scatter(out, v, rest, n)
	return out, nil
}

// CoalesceExpr returns the first non-NULL argument; later arguments are
// evaluated only on rows still NULL.
type CoalesceExpr struct {
	Args []Expr
	Typ  vector.Type
}

// Type implements Expr.
func (e *CoalesceExpr) Type() vector.Type { return e.Typ }

func (e *CoalesceExpr) String() string {
	parts := make([]string, len(e.Args))
	for i, a := range e.Args {
		parts[i] = a.String()
	}
	return "coalesce(" + strings.Join(parts, ", ") + ")"
}

// Eval implements Expr.
func (e *CoalesceExpr) Eval(ec *ExecCtx, c *vector.Chunk) (*vector.Vector, error) {
	n := c.Len
	var rest []uint32
	var out *vector.Vector
	for _, a := range e.Args {
		sc := subChunk(c, rest)
		v, err := a.Eval(ec, sc)
		if err != nil {
			return nil, err
		}
		if v.Const && !v.Valid.IsValid(0) {
			continue
		}
		if out == nil && (v.Const || v.Valid == nil) {
			return v, nil
		}
		if out == nil {
			out = vector.New(e.Typ, n)
			out.Valid = make(vector.Validity, (n+63)/64)
		}
		var hit, miss []uint32
		for k := 0; k < sc.Len; k++ {
			row := uint32(k)
			if rest != nil {
				row = rest[k]
			}
			if rowValid(v, k) {
				hit = append(hit, row)
			} else {
				miss = append(miss, row)
			}
		}
		if rest == nil && len(miss) == 0 {
			return v, nil
		}
		scatterCompact(out, v, hit, rest)
		rest = miss
		if len(rest) == 0 {
			break
		}
	}
	if out == nil {
		return vector.NullConst(e.Typ), nil
	}
	return out, nil
}

// scatterCompact copies the valid rows of v (evaluated over rest, or all
// rows when rest is nil) to their positions hit in out and marks them valid.
func scatterCompact(out, v *vector.Vector, hit, rest []uint32) {
	// Map each hit row back to its index in v.
	k := 0
	for _, row := range hit {
		src := int(row)
		if rest != nil {
			for rest[k] != row {
				k++
			}
			src = k
		}
		if v.Const {
			src = 0
		}
		i := int(row)
		out.Valid.SetValid(i)
		switch out.Typ.Phys() {
		case vector.PhysBool:
			out.Bool[i] = v.Bool[src]
		case vector.PhysInt64:
			out.I64[i] = v.I64[src]
		case vector.PhysFloat64:
			out.F64[i] = v.F64[src]
		case vector.PhysString:
			out.Str[i] = v.Str[src]
		case vector.PhysInterval:
			out.Iv[i] = v.Iv[src]
		}
	}
}

func bindCoalesce(name string, args []Expr) (Expr, error) {
	if len(args) == 0 {
		return nil, noMatch(name, args)
	}
	t, err := unifyTypes(name, args)
	if err != nil {
		return nil, err
	}
	if t.ID == vector.TypeNull {
		return &Const{Val: vector.NullValue(vector.Integer)}, nil
	}
	cs := make([]Expr, len(args))
	for i, a := range args {
		if cs[i], err = castTo(a, t); err != nil {
			return nil, err
		}
	}
	if len(cs) == 1 {
		return cs[0], nil
	}
	return &CoalesceExpr{Args: cs, Typ: t}, nil
}

func bindIf(name string, args []Expr) (Expr, error) {
	if len(args) != 3 {
		return nil, noMatch(name, args)
	}
	return NewCase(args[:1], args[1:2], args[2])
}

func bindNullIf(name string, args []Expr) (Expr, error) {
	if len(args) != 2 {
		return nil, noMatch(name, args)
	}
	eq, err := bindCompare("=", cmpEq, args)
	if err != nil {
		return nil, err
	}
	return NewCase([]Expr{eq}, []Expr{&Const{Val: vector.NullValue(args[0].Type())}}, args[0])
}

// greatestKernel picks the largest (or smallest) non-NULL argument.
func greatestKernel(t vector.Type, least bool) kernel {
	want := 1
	if least {
		want = -1
	}
	return func(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		out := vector.New(t, n)
		out.Valid = make(vector.Validity, (n+63)/64)
		for i := 0; i < n; i++ {
			best := -1
			for k, a := range args {
				if !rowValid(a, i) {
					continue
				}
				if best < 0 || cmp3Row(t, a, i, args[best], i) == want {
					best = k
				}
			}
			if best >= 0 {
				out.Set(i, n, args[best].Get(i))
			}
		}
		return out, nil
	}
}

// cmp3Row compares row i of a with row j of b (same type).
func cmp3Row(t vector.Type, a *vector.Vector, i int, b *vector.Vector, j int) int {
	i, j = idx(a, i), idx(b, j)
	switch t.Phys() {
	case vector.PhysInt64:
		x, y := a.I64[i], b.I64[j]
		if t.ID == vector.TypeUBigInt {
			x, y = x^(-1<<63), y^(-1<<63)
		}
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	case vector.PhysFloat64:
		return floatCmp3(a.F64[i], b.F64[j])
	case vector.PhysString:
		return strings.Compare(a.Str[i], b.Str[j])
	case vector.PhysBool:
		return boolCmp3(a.Bool[i], b.Bool[j])
	case vector.PhysInterval:
		return intervalCmp3(a.Iv[i], b.Iv[j])
	}
	return 0
}

func bindGreatest(name string, args []Expr) (Expr, error) {
	if len(args) == 0 {
		return nil, noMatch(name, args)
	}
	t, err := unifyTypes(name, args)
	if err != nil {
		return nil, err
	}
	if t.ID == vector.TypeNull {
		return &Const{Val: vector.NullValue(vector.Integer)}, nil
	}
	cs := make([]Expr, len(args))
	for i, a := range args {
		if cs[i], err = castTo(a, t); err != nil {
			return nil, err
		}
	}
	e := newFunc(name, t, greatestKernel(t, name == "least"), cs...)
	e.nullSafe = true
	return e, nil
}
