package engine

import (
	"fmt"

	"github.com/lhsql/lhsql/vector"
)

// Lambda functions (list_transform, list_filter, list_reduce) evaluate
// their body over a chunk holding, per list element, the columns of the
// element's row followed by lambdaSlots parameter columns: (element,
// 1-based index, index) for transform and filter, (accumulator, element,
// 1-based index) for reduce. LambdaParam reads one of those columns.

// lambdaSlots is the number of columns each lambda level appends.
const lambdaSlots = 3

// LambdaParam is parameter K%3 of an enclosing lambda: the innermost for
// K < 3, the next one out for K in 3..5, and so on.
type LambdaParam struct {
	K   int
	Typ vector.Type
}

// Type implements Expr.
func (e *LambdaParam) Type() vector.Type { return e.Typ }

// Eval implements Expr.
func (e *LambdaParam) Eval(_ *ExecCtx, c *vector.Chunk) (*vector.Vector, error) {
	i := len(c.Cols) - lambdaSlots - lambdaSlots*(e.K/lambdaSlots) + e.K%lambdaSlots
	if i < 0 {
		return nil, fmt.Errorf("internal error: lambda parameter outside a lambda")
	}
	return c.Cols[i], nil
}

func (e *LambdaParam) String() string { return fmt.Sprintf("$lambda%d", e.K) }

// bindLambdaParam binds __lambda_param(k, NULL::T).
func bindLambdaParam(name string, args []Expr) (Expr, error) {
	if len(args) != 2 {
		return nil, noMatch(name, args)
	}
	k, ok := args[0].(*Const)
	if !ok {
		return nil, noMatch(name, args)
	}
	return &LambdaParam{K: int(k.Val.I64), Typ: args[1].Type()}, nil
}

// LambdaExpr applies a lambda body to the elements of a list.
type LambdaExpr struct {
	Name string
	List Expr
	Body Expr
	Init Expr // list_reduce initial value, or nil
	Typ  vector.Type
	kind int // 0 transform, 1 filter, 2 reduce
}

// Type implements Expr.
func (e *LambdaExpr) Type() vector.Type { return e.Typ }

func (e *LambdaExpr) String() string {
	return e.Name + "(" + e.List.String() + ", lambda " + e.Body.String() + ")"
}

func bindLambdaFunc(name string, args []Expr) (Expr, error) {
	if len(args) < 2 {
		return nil, noMatch(name, args)
	}
	l, ok := listArg(args[0])
	if !ok {
		return nil, noMatch(name, args)
	}
	e := &LambdaExpr{Name: name, List: l, Body: args[1]}
	switch name {
	case "list_transform", "array_transform", "list_apply", "array_apply", "apply":
		if len(args) != 2 {
			return nil, noMatch(name, args)
		}
		e.Typ = vector.ListOf(args[1].Type())
	case "list_filter", "array_filter", "filter":
		if len(args) != 2 {
			return nil, noMatch(name, args)
		}
		if bt := args[1].Type(); bt.ID != vector.TypeBoolean && bt.ID != vector.TypeNull {
			c, err := castTo(args[1], vector.Boolean)
			if err != nil {
				return nil, err
			}
			e.Body = c
		}
		e.kind = 1
		e.Typ = l.Type()
	default: // reduce
		if len(args) > 3 {
			return nil, noMatch(name, args)
		}
		e.kind = 2
		et := l.Type().Elem()
		if et.ID == vector.TypeNull {
			et = args[1].Type()
		}
		body, err := castTo(args[1], et)
		if err != nil {
			return nil, err
		}
		e.Body = body
		e.Typ = et
		if len(args) == 3 {
			if e.Init, err = castTo(args[2], et); err != nil {
				return nil, err
			}
		}
	}
	return e, nil
}

// Eval implements Expr.
func (e *LambdaExpr) Eval(ec *ExecCtx, c *vector.Chunk) (*vector.Vector, error) {
	lv, err := e.List.Eval(ec, c)
	if err != nil {
		return nil, err
	}
	n := c.Len
	if lv.Const {
		lv = lv.Flatten(n)
	}
	if e.kind == 2 {
		return e.reduce(ec, c, lv, n)
	}
	var parent, child []uint32
	var pos []int64
	for r := 0; r < n; r++ {
		if !lv.Valid.IsValid(r) {
			continue
		}
		en := lv.List[r]
		for k := uint32(0); k < en.Len; k++ {
			parent = append(parent, uint32(r))
			child = append(child, en.Off+k)
			pos = append(pos, int64(k+1))
		}
	}
	m := len(parent)
	elems := lv.Child.Gather(child)
	var res []*vector.Vector
	for lo := 0; lo < m || lo == 0 && m == 0; lo += vector.MaxLen {
		if m == 0 {
			break
		}
		hi := min(lo+vector.MaxLen, m)
		ck := &vector.Chunk{Len: hi - lo}
		for _, col := range c.Cols {
			ck.Cols = append(ck.Cols, col.Gather(parent[lo:hi]))
		}
		iv := vector.New(vector.BigInt, hi-lo)
		copy(iv.I64, pos[lo:hi])
		ck.Cols = append(ck.Cols, elems.Slice(lo, hi), iv, iv)
		v, err := e.Body.Eval(ec, ck)
		if err != nil {
			return nil, err
		}
		res = append(res, v)
	}
	out := &vector.Vector{Typ: e.Typ, Valid: lv.Valid, List: make([]vector.ListEntry, n)}
	if e.kind == 0 {
		out.Child = vector.New(e.Typ.Elem(), 0)
		for k, v := range res {
			out.Child.AppendFrom(v, nil, min(vector.MaxLen, m-k*vector.MaxLen))
		}
		off := uint32(0)
		for r := 0; r < n; r++ {
			if !lv.Valid.IsValid(r) {
				continue
			}
			l := lv.List[r].Len
			out.List[r] = vector.ListEntry{Off: off, Len: l}
			off += l
		}
		return out, nil
	}
	keep := make([]bool, m)
	for k, v := range res {
		for i := 0; i < min(vector.MaxLen, m-k*vector.MaxLen); i++ {
			j := i
			if v.Const {
				j = 0
			}
			keep[k*vector.MaxLen+i] = v.Valid.IsValid(j) && v.Bool[j]
		}
	}
	var sel []uint32
	for r, j := 0, 0; r < n; r++ {
		if !lv.Valid.IsValid(r) {
			continue
		}
		start := uint32(len(sel))
		for k := uint32(0); k < lv.List[r].Len; k++ {
			if keep[j] {
				sel = append(sel, child[j])
			}
			j++
		}
		out.List[r] = vector.ListEntry{Off: start, Len: uint32(len(sel)) - start}
	}
	out.Child = lv.Child.Gather(sel)
	return out, nil
}

// reduce folds each list from the left: acc = body(acc, x).
func (e *LambdaExpr) reduce(ec *ExecCtx, c *vector.Chunk, lv *vector.Vector, n int) (*vector.Vector, error) {
	out := vector.New(e.Typ, n)
	acc := vector.New(e.Typ, n)
	var active []uint32
	start := uint32(0)
	var init *vector.Vector
	if e.Init != nil {
		v, err := e.Init.Eval(ec, c)
		if err != nil {
			return nil, err
		}
		init = v
	}
	for r := 0; r < n; r++ {
		if !lv.Valid.IsValid(r) {
			out.SetNull(r, n)
			continue
		}
		en := lv.List[r]
		if init != nil {
			acc.CopyCell(r, init, r, n)
			active = append(active, uint32(r))
			continue
		}
		if en.Len == 0 {
			return nil, errorf("Invalid Input", "Cannot perform list_reduce on an empty input list")
		}
		acc.CopyCell(r, lv.Child, int(en.Off), n)
		active = append(active, uint32(r))
	}
	if init == nil {
		start = 1
	}
	for step := start; len(active) > 0; step++ {
		var rows, elems []uint32
		var steps []int64
		for _, r := range active {
			en := lv.List[r]
			if step < en.Len {
				rows = append(rows, r)
				elems = append(elems, en.Off+step)
				steps = append(steps, int64(step+1))
			} else {
				out.CopyCell(int(r), acc, int(r), n)
			}
		}
		active = rows
		if len(rows) == 0 {
			break
		}
		for lo := 0; lo < len(rows); lo += vector.MaxLen {
			hi := min(lo+vector.MaxLen, len(rows))
			ck := &vector.Chunk{Len: hi - lo}
			for _, col := range c.Cols {
				ck.Cols = append(ck.Cols, col.Gather(rows[lo:hi]))
			}
			iv := vector.New(vector.BigInt, hi-lo)
			copy(iv.I64, steps[lo:hi])
			ck.Cols = append(ck.Cols, acc.Gather(rows[lo:hi]), lv.Child.Gather(elems[lo:hi]), iv)
			v, err := e.Body.Eval(ec, ck)
			if err != nil {
				return nil, err
			}
			for i, r := range rows[lo:hi] {
				acc.CopyCell(int(r), v, i, n)
			}
		}
	}
	return out, nil
}
