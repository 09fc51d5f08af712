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
// String literals take the type of the other expressions (they are cast
// to it), as DuckDB's STRING_LITERAL type does; only when every value is
// a literal or NULL is the result VARCHAR.
func unifyTypes(what string, exprs []Expr) (vector.Type, error) {
	t := vector.Null
	lits := false
	for _, x := range exprs {
		if isStrLiteral(x) {
			lits = true
			continue
		}
		ct, ok := CommonType(t, x.Type())
		if !ok {
			return vector.Type{}, errorf("Binder", "Cannot mix values of type %s and %s in %s - an explicit cast is required", t, x.Type(), what)
		}
		t = ct
	}
	if lits && t.ID == vector.TypeNull {
		t = vector.Varchar
	}
	if lits && t.ID != vector.TypeVarchar {
		// The literals must convert to t.
		for _, x := range exprs {
			if isStrLiteral(x) {
				if _, err := CastValue(x.(*Const).Val, t, false); err != nil {
					return vector.Type{}, err
				}
			}
		}
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

// colsOf returns the column indexes e reads (possibly repeated), and
// false when e contains expression kinds this package does not know (then
// all columns are used). It is computed at evaluation time because
// optimizers may renumber column references after binding.
func colsOf(e Expr) ([]int, bool) {
	var out []int
	ok := collectCols(e, &out)
	return out, ok
}

func collectCols(e Expr, out *[]int) bool {
	switch x := e.(type) {
	case *Const:
		return true
	case *ColRef:
		*out = append(*out, x.Idx)
		return true
	case *FuncExpr:
		for _, a := range x.Args {
			if !collectCols(a, out) {
				return false
			}
		}
		return true
	case *CastExpr:
		return collectCols(x.X, out)
	case *CaseExpr:
		for i := range x.Whens {
			if !collectCols(x.Whens[i], out) || !collectCols(x.Thens[i], out) {
				return false
			}
		}
		return collectCols(x.Else, out)
	case *CoalesceExpr:
		for _, a := range x.Args {
			if !collectCols(a, out) {
				return false
			}
		}
		return true
	case *InExpr:
		if !collectCols(x.X, out) {
			return false
		}
		for _, a := range x.List {
			if !collectCols(a, out) {
				return false
			}
		}
		return true
	}
	return false
}

// subChunk returns the chunk restricted to rows (nil rows = all rows).
func subChunk(c *vector.Chunk, rows []uint32) *vector.Chunk {
	if rows == nil || len(rows) == c.Len {
		return c
	}
	sc := &vector.Chunk{Cols: c.Cols, Len: c.Len, Sel: rows}
	return sc.Compact()
}

// subChunkCols is subChunk gathering only columns cols (when known); the
// other columns are left nil since the expression never reads them.
func subChunkCols(c *vector.Chunk, rows []uint32, cols []int, known bool) *vector.Chunk {
	if rows == nil || len(rows) == c.Len {
		return c
	}
	if !known {
		return subChunk(c, rows)
	}
	out := &vector.Chunk{Cols: make([]*vector.Vector, len(c.Cols)), Len: len(rows)}
	for _, k := range cols {
		if k >= 0 && k < len(c.Cols) && out.Cols[k] == nil {
			out.Cols[k] = c.Cols[k].Gather(rows)
		}
	}
	return out
}

// isDirect reports whether e is cheap to evaluate over all rows (a column
// or a constant), so branches can skip gathering.
func isDirect(e Expr) bool {
	switch e.(type) {
	case *ColRef, *Const:
		return true
	}
	return false
}

// scatterDirect copies rows of src (indexed by original row) to dst.
func scatterDirect(dst, src *vector.Vector, rows []uint32, n int) {
	if src.Const {
		scatter(dst, src, rows, n)
		return
	}
	for _, r := range rows {
		i := int(r)
		if !src.Valid.IsValid(i) {
			setNull(&dst.Valid, i, n)
			continue
		}
		switch dst.Typ.Phys() {
		case vector.PhysBool:
			dst.Bool[i] = src.Bool[i]
		case vector.PhysInt64:
			dst.I64[i] = src.I64[i]
		case vector.PhysFloat64:
			dst.F64[i] = src.F64[i]
		case vector.PhysString:
			dst.Str[i] = src.Str[i]
		case vector.PhysInterval:
			dst.Iv[i] = src.Iv[i]
		case vector.PhysList, vector.PhysStruct:
			dst.CopyCell(i, src, i, n)
		}
	}
}

// evalScatter evaluates branch expression x (columns k of e) on rows and
// writes the results into out.
func (e *CaseExpr) evalScatter(ec *ExecCtx, c *vector.Chunk, x Expr, rows []uint32, out *vector.Vector) error {
	n := c.Len
	if isDirect(x) {
		v, err := x.Eval(ec, c)
		if err != nil {
			return err
		}
		scatterDirect(out, v, rows, n)
		return nil
	}
	cols, known := colsOf(x)
	v, err := x.Eval(ec, subChunkCols(c, rows, cols, known))
	if err != nil {
		return err
	}
	scatter(out, v, rows, n)
	return nil
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
		case vector.PhysList, vector.PhysStruct:
			dst.CopyCell(i, src, sk, n)
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
		cols, known := colsOf(w)
		sc := subChunkCols(c, rest, cols, known)
		cond, err := w.Eval(ec, sc)
		if err != nil {
			return nil, err
		}
		if cond.Const {
			if !cond.Valid.IsValid(0) || !cond.Bool[0] {
				continue
			}
			// Every remaining row takes this branch.
			if out == nil {
				return e.Thens[i].Eval(ec, c)
			}
			if err := e.evalScatter(ec, c, e.Thens[i], rest, out); err != nil {
				return nil, err
			}
			return out, nil
		}
		m := sc.Len
		hit := make([]uint32, 0, m)
		miss := make([]uint32, 0, m)
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
			return e.Thens[i].Eval(ec, c)
		}
		if out == nil {
			out = vector.New(e.Typ, n)
		}
		if err := e.evalScatter(ec, c, e.Thens[i], hit, out); err != nil {
			return nil, err
		}
		rest = miss
		if len(rest) == 0 {
			return out, nil
		}
	}
	if out == nil {
		return e.Else.Eval(ec, c)
	}
	if rest == nil {
		rest = allRows(n)
	}
	if err := e.evalScatter(ec, c, e.Else, rest, out); err != nil {
		return nil, err
	}
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

// copyRow copies src[si] to dst[di] (both of the same physical type).
func copyRow(dst *vector.Vector, di int, src *vector.Vector, si int) {
	switch dst.Typ.Phys() {
	case vector.PhysBool:
		dst.Bool[di] = src.Bool[si]
	case vector.PhysInt64:
		dst.I64[di] = src.I64[si]
	case vector.PhysFloat64:
		dst.F64[di] = src.F64[si]
	case vector.PhysString:
		dst.Str[di] = src.Str[si]
	case vector.PhysInterval:
		dst.Iv[di] = src.Iv[si]
	case vector.PhysList, vector.PhysStruct:
		dst.CopyCell(di, src, si, dst.Len())
	}
}

// Eval implements Expr.
func (e *CoalesceExpr) Eval(ec *ExecCtx, c *vector.Chunk) (*vector.Vector, error) {
	n := c.Len
	var rest []uint32 // rows still NULL; nil = all rows
	var out *vector.Vector
	for _, a := range e.Args {
		direct := rest == nil || isDirect(a)
		var v *vector.Vector
		var err error
		if direct {
			v, err = a.Eval(ec, c)
		} else {
			cols, known := colsOf(a)
			v, err = a.Eval(ec, subChunkCols(c, rest, cols, known))
		}
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
		m := n
		if rest != nil {
			m = len(rest)
		}
		var miss []uint32
		for p := 0; p < m; p++ {
			row := p
			if rest != nil {
				row = int(rest[p])
			}
			vi := p
			if direct {
				vi = row
			}
			if v.Const {
				vi = 0
			}
			if !v.Valid.IsValid(vi) {
				miss = append(miss, uint32(row))
				continue
			}
			out.Valid.SetValid(row)
			copyRow(out, row, v, vi)
		}
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
