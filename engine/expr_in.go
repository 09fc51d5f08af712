package engine

import (
	"math"
	"strings"

	"github.com/lhsql/lhsql/vector"
)

// InExpr is x IN (list) with SQL semantics: NULL when x is NULL, or when
// nothing matches and the list holds a NULL. Constant lists use a hash
// set (or a short linear scan).
type InExpr struct {
	X    Expr
	List []Expr
	Not  bool

	typ     vector.Type
	consts  bool
	hasNull bool
	i64s    []int64
	i64set  map[int64]struct{}
	f64s    []float64
	strs    []string
	strset  map[string]struct{}
	others  []vector.Value
}

const inLinearMax = 8

// Type implements Expr.
func (e *InExpr) Type() vector.Type { return vector.Boolean }

func (e *InExpr) String() string {
	parts := make([]string, len(e.List))
	for i, a := range e.List {
		parts[i] = a.String()
	}
	op := " IN ("
	if e.Not {
		op = " NOT IN ("
	}
	return e.X.String() + op + strings.Join(parts, ", ") + ")"
}

func bindIn(name string, args []Expr) (Expr, error) {
	if len(args) < 2 {
		return nil, noMatch(name, args)
	}
	// Unify like comparisons: strings in the list adopt x's type.
	x := args[0]
	t := x.Type()
	for _, a := range args[1:] {
		at := a.Type()
		switch {
		case at.IsString() && !t.IsString() && t.ID != vector.TypeNull:
			continue
		case t.IsString() && !at.IsString() && at.ID != vector.TypeNull:
			t = at
			continue
		}
		ct, ok := CommonType(t, at)
		if !ok {
			return nil, errorf("Binder", "Cannot compare values of type %s and type %s in IN/NOT IN - an explicit cast is required", t, at)
		}
		t = ct
	}
	if t.ID == vector.TypeNull {
		t = vector.Integer
	}
	e := &InExpr{Not: name == "not in", typ: t, consts: true}
	var err error
	if e.X, err = castTo(x, t); err != nil {
		return nil, err
	}
	e.List = make([]Expr, len(args)-1)
	for i, a := range args[1:] {
		if e.List[i], err = castTo(a, t); err != nil {
			return nil, err
		}
		if _, ok := e.List[i].(*Const); !ok {
			folded, err := FoldConstant(e.List[i])
			if err != nil {
				return nil, err
			}
			e.List[i] = folded
			if _, ok := folded.(*Const); !ok {
				e.consts = false
			}
		}
	}
	if e.consts {
		e.buildSet()
	}
	return e, nil
}

func (e *InExpr) buildSet() {
	for _, a := range e.List {
		v := a.(*Const).Val
		if v.Null {
			e.hasNull = true
			continue
		}
		switch {
		case e.typ.Phys() == vector.PhysInt64:
			e.i64s = append(e.i64s, v.I64)
		case e.typ.Phys() == vector.PhysFloat64:
			e.f64s = append(e.f64s, v.F64)
		case e.typ.Phys() == vector.PhysString:
			e.strs = append(e.strs, v.Str)
		default:
			e.others = append(e.others, v)
		}
	}
	if len(e.i64s) > inLinearMax {
		e.i64set = make(map[int64]struct{}, len(e.i64s))
		for _, x := range e.i64s {
			e.i64set[x] = struct{}{}
		}
	}
	if len(e.strs) > inLinearMax {
		e.strset = make(map[string]struct{}, len(e.strs))
		for _, x := range e.strs {
			e.strset[x] = struct{}{}
		}
	}
}

// Eval implements Expr.
func (e *InExpr) Eval(ec *ExecCtx, c *vector.Chunk) (*vector.Vector, error) {
	x, err := e.X.Eval(ec, c)
	if err != nil {
		return nil, err
	}
	n := c.Len
	if x.Const {
		n = 1
	}
	out := vector.New(vector.Boolean, n)
	out.Valid = mergeValidity(n, x)
	hit := out.Bool
	if e.consts {
		e.probeConst(x, hit)
	} else {
		// General lists: OR of equality tests.
		eq := make([]bool, n)
		sawNull := make([]bool, n)
		for _, a := range e.List {
			v, err := a.Eval(ec, c)
			if err != nil {
				return nil, err
			}
			if x.Const && !v.Const {
				return e.evalWide(ec, c)
			}
			compareData(cmpEq, e.typ, x, v, eq)
			for i := range hit {
				if !rowValid(v, i) {
					sawNull[i] = true
				} else if eq[i] {
					hit[i] = true
				}
			}
		}
		for i, h := range hit {
			if !h && sawNull[i] {
				setNull(&out.Valid, i, n)
			}
		}
		return e.finish(out, x, hit, n)
	}
	if e.hasNull {
		for i, h := range hit {
			if !h {
				setNull(&out.Valid, i, n)
			}
		}
	}
	return e.finish(out, x, hit, n)
}

// evalWide evaluates with a constant x against non-constant list items.
func (e *InExpr) evalWide(ec *ExecCtx, c *vector.Chunk) (*vector.Vector, error) {
	x, err := e.X.Eval(ec, c)
	if err != nil {
		return nil, err
	}
	flat := x.Flatten(c.Len)
	cp := *e
	cp.X = &vecExpr{v: flat}
	return cp.Eval(ec, c)
}

// vecExpr yields a fixed vector (internal helper).
type vecExpr struct{ v *vector.Vector }

func (e *vecExpr) Type() vector.Type { return e.v.Typ }
func (e *vecExpr) Eval(*ExecCtx, *vector.Chunk) (*vector.Vector, error) {
	return e.v, nil
}
func (e *vecExpr) String() string { return "<vector>" }

func (e *InExpr) finish(out, x *vector.Vector, hit []bool, n int) (*vector.Vector, error) {
	if e.Not {
		for i, h := range hit {
			hit[i] = !h
		}
	}
	if x.Const {
		out.Const = true
	}
	return out, nil
}

func (e *InExpr) probeConst(x *vector.Vector, hit []bool) {
	n := len(hit)
	switch e.typ.Phys() {
	case vector.PhysInt64:
		src := x.I64[:n]
		if e.i64set != nil {
			set := e.i64set
			for i, v := range src {
				_, hit[i] = set[v]
			}
			return
		}
		list := e.i64s
		if len(list) == 1 {
			c := list[0]
			for i, v := range src {
				hit[i] = v == c
			}
			return
		}
		for i, v := range src {
			h := false
			for _, c := range list {
				if v == c {
					h = true
					break
				}
			}
			hit[i] = h
		}
	case vector.PhysFloat64:
		for i, v := range x.F64[:n] {
			h := false
			for _, c := range e.f64s {
				if v == c || (math.IsNaN(v) && math.IsNaN(c)) {
					h = true
					break
				}
			}
			hit[i] = h
		}
	case vector.PhysString:
		src := x.Str[:n]
		if e.strset != nil {
			set := e.strset
			for i, v := range src {
				_, hit[i] = set[v]
			}
			return
		}
		for i, v := range src {
			h := false
			for _, c := range e.strs {
				if v == c {
					h = true
					break
				}
			}
			hit[i] = h
		}
	default:
		for i := range hit {
			h := false
			for _, c := range e.others {
				cv := vector.ConstVector(c)
				if cmp3Row(e.typ, x, i, cv, 0) == 0 {
					h = true
					break
				}
			}
			hit[i] = h
		}
	}
}
