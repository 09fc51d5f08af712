package plan

import (
	"fmt"
	"strings"
	"sync"

	"github.com/lhsql/lhsql/engine"
	"github.com/lhsql/lhsql/sql/parser"
	"github.com/lhsql/lhsql/vector"
)

// This file binds nested-type syntax: LIST and STRUCT literals, indexing
// and slicing, struct field access and nested type names.

// TypeFromAST converts a parsed type name to a vector.Type.
func TypeFromAST(t *parser.TypeName) (vector.Type, error) {
	var base vector.Type
	switch {
	case len(t.Fields) > 0:
		if t.Name == "UNION" {
			return vector.Type{}, fmt.Errorf("UNION types are not supported yet")
		}
		fields := make([]vector.StructField, len(t.Fields))
		seen := map[string]bool{}
		for i, f := range t.Fields {
			ft, err := TypeFromAST(f.Type)
			if err != nil {
				return vector.Type{}, err
			}
			low := strings.ToLower(f.Name)
			if seen[low] {
				return vector.Type{}, fmt.Errorf("Duplicate struct entry name \"%s\"", f.Name)
			}
			seen[low] = true
			fields[i] = vector.StructField{Name: f.Name, Typ: ft}
		}
		base = vector.StructOf(fields)
	case t.KeyType != nil:
		k, err := TypeFromAST(t.KeyType)
		if err != nil {
			return vector.Type{}, err
		}
		v, err := TypeFromAST(t.ValType)
		if err != nil {
			return vector.Type{}, err
		}
		base = vector.MapOf(k, v)
	default:
		var err error
		base, err = vector.ParseTypeName(t.Name, t.Params)
		if err != nil {
			return vector.Type{}, err
		}
	}
	for i := 0; i < t.Array; i++ {
		base = vector.ListOf(base)
	}
	return base, nil
}

func (b *Binder) bindList(x *parser.ListExpr, ctx *exprCtx) (Expr, error) {
	args := make([]Expr, len(x.Items))
	for i, it := range x.Items {
		a, err := b.bindExpr(it, ctx)
		if err != nil {
			return nil, err
		}
		args[i] = a
	}
	return b.fn(x.Pos, "list_value", args...)
}

func (b *Binder) bindStruct(x *parser.StructExpr, ctx *exprCtx) (Expr, error) {
	args := make([]Expr, 0, 2*len(x.Values))
	for i, v := range x.Values {
		a, err := b.bindExpr(v, ctx)
		if err != nil {
			return nil, err
		}
		args = append(args, &ConstExpr{Val: vector.StringValue(x.Names[i])}, a)
	}
	return b.fn(x.Pos, "struct_pack_named", args...)
}

func (b *Binder) bindIndex(x *parser.IndexExpr, ctx *exprCtx) (Expr, error) {
	base, err := b.bindExpr(x.X, ctx)
	if err != nil {
		return nil, err
	}
	bind := func(e parser.Expr) (Expr, error) {
		if e == nil {
			return &ConstExpr{Val: vector.NullValue(vector.Null)}, nil
		}
		return b.bindExpr(e, ctx)
	}
	if !x.Slice {
		idx, err := bind(x.Index)
		if err != nil {
			return nil, err
		}
		if base.Type().ID == vector.TypeStruct {
			return b.fn(x.Pos, "struct_extract", base, idx)
		}
		return b.fn(x.Pos, "array_extract", base, idx)
	}
	lo, err := bind(x.Index)
	if err != nil {
		return nil, err
	}
	hi, err := bind(x.Hi)
	if err != nil {
		return nil, err
	}
	args := []Expr{base, lo, hi}
	if x.Step != nil {
		st, err := bind(x.Step)
		if err != nil {
			return nil, err
		}
		args = append(args, st)
	}
	return b.fn(x.Pos, "array_slice", args...)
}

// bindFieldAccess binds a dotted reference a.b.c whose leading parts name
// a column of STRUCT type and whose remaining parts name fields. ok is false
// when no such column exists.
func (b *Binder) bindFieldAccess(x *parser.ColumnRef, ctx *exprCtx) (Expr, bool, error) {
	for k := len(x.Parts) - 1; k >= 1; k-- {
		for s := ctx.scope; s != nil; s = s.parent {
			found, _ := s.resolve(x.Parts[:k])
			if len(found) != 1 {
				continue
			}
			c := found[0]
			if c.typ.ID != vector.TypeStruct && c.typ.ID != vector.TypeMap {
				continue
			}
			var e Expr = &ColExpr{ID: c.id, Typ: c.typ, Name: c.name}
			for _, p := range x.Parts[k:] {
				var err error
				name := "struct_extract"
				if e.Type().ID == vector.TypeMap {
					name = "map_extract_value"
				}
				e, err = b.fn(x.Pos, name, e, &ConstExpr{Val: vector.StringValue(p)})
				if err != nil {
					return nil, true, err
				}
			}
			return e, true, nil
		}
	}
	return nil, false, nil
}

// bindNestedCall binds calls whose named arguments build a STRUCT
// (struct_pack(a := 1, ...)). ok is false for other calls.
func (b *Binder) bindNestedCall(x *parser.FuncCall, ctx *exprCtx) (Expr, bool, error) {
	name := strings.ToLower(x.Name)
	if name == "unnest" && ctx.aggs != nil && len(x.Args) == 1 && !ctx.inAgg {
		e, err := b.bindUnnest(x, ctx)
		return e, true, err
	}
	if engine.IsLambdaFunction(name) && len(x.Args) >= 2 {
		if lam, ok := x.Args[1].(*parser.LambdaExpr); ok {
			e, err := b.bindLambdaCall(name, x, lam, ctx)
			return e, true, err
		}
	}
	if name != "struct_pack" && name != "row" || len(x.Named) == 0 && name == "struct_pack" {
		return nil, false, nil
	}
	var args []Expr
	if name == "row" {
		for i, a := range x.Args {
			e, err := b.bindExpr(a, ctx)
			if err != nil {
				return nil, true, err
			}
			args = append(args, &ConstExpr{Val: vector.StringValue(fmt.Sprintf("v%d", i+1))}, e)
		}
		e, err := b.fn(x.Pos, "struct_pack_named", args...)
		return e, true, err
	}
	for _, a := range x.Args {
		if cr, ok := a.(*parser.ColumnRef); ok {
			e, err := b.bindExpr(a, ctx)
			if err != nil {
				return nil, true, err
			}
			args = append(args, &ConstExpr{Val: vector.StringValue(cr.Parts[len(cr.Parts)-1])}, e)
			continue
		}
		return nil, true, b.errorf(x.Pos, "struct_pack requires named arguments")
	}
	for _, n := range x.Named {
		e, err := b.bindExpr(n.Value, ctx)
		if err != nil {
			return nil, true, err
		}
		args = append(args, &ConstExpr{Val: vector.StringValue(n.Name)}, e)
	}
	e, err := b.fn(x.Pos, "struct_pack_named", args...)
	return e, true, err
}

// lambdaTable marks scope columns that are lambda parameters.
const lambdaTable = "\x00lambda"

// bindLambdaCall binds list_transform / list_filter / list_reduce with a
// lambda: parameters are bound as scope columns, then replaced by
// engine lambda-parameter references.
func (b *Binder) bindLambdaCall(name string, x *parser.FuncCall, lam *parser.LambdaExpr, ctx *exprCtx) (Expr, error) {
	l, err := b.bindExpr(x.Args[0], ctx)
	if err != nil {
		return nil, err
	}
	et := vector.Null
	if lt := l.Type(); lt.ID == vector.TypeList && lt.Nested != nil {
		et = lt.Elem()
	}
	reduce := strings.HasSuffix(name, "reduce")
	ptypes := []vector.Type{et, vector.BigInt}
	if reduce {
		ptypes = []vector.Type{et, et, vector.BigInt}
		if len(lam.Params) < 2 || len(lam.Params) > 3 {
			return nil, b.errorf(lam.Pos, "list_reduce expects a function with 2 or 3 arguments")
		}
	} else if len(lam.Params) > 2 {
		return nil, b.errorf(lam.Pos, "This lambda function only supports up to two lambda parameters!")
	}
	sc := &scope{parent: ctx.scope}
	for k, p := range lam.Params {
		sc.add(lambdaTable, p, b.newID(), ptypes[k])
	}
	// Parameters of this lambda (up = 0) and of enclosing lambdas (up =
	// 1, 2, ...) become references to the trailing columns of the chunk
	// the body is evaluated on.
	repl := map[ColumnID]Expr{}
	up := 0
	for s := sc; s != nil; s = s.parent {
		isLambda := false
		for k, c := range s.cols {
			if c.table != lambdaTable {
				continue
			}
			isLambda = true
			pe, err := newFunc("__lambda_param", []Expr{
				&ConstExpr{Val: vector.Value{Typ: vector.BigInt, I64: int64(k + 3*up)}},
				&ConstExpr{Val: vector.NullValue(c.typ)},
			})
			if err != nil {
				return nil, err
			}
			repl[c.id] = pe
		}
		if isLambda {
			up++
		}
	}
	lctx := *ctx
	lctx.scope = sc
	body, err := b.bindExpr(lam.Body, &lctx)
	if err != nil {
		return nil, err
	}
	ctx.applies = lctx.applies
	body, err = replaceCols(body, repl)
	if err != nil {
		return nil, b.wrap(lam.Pos, err)
	}
	args := []Expr{l, body}
	for _, a := range x.Args[2:] {
		e, err := b.bindExpr(a, ctx)
		if err != nil {
			return nil, err
		}
		args = append(args, e)
	}
	f, err := newFunc(name, args)
	if err != nil {
		return nil, b.wrap(x.Pos, err)
	}
	return f, nil
}

// Unnest emits one row per list element of its input rows: the input
// columns followed by the elements of Lists (zipped, NULL-padded).
type Unnest struct {
	Input Op
	Lists []Expr
	IDs   []ColumnID
}

// Cols implements Op.
func (u *Unnest) Cols() []Col {
	out := append([]Col(nil), u.Input.Cols()...)
	for i, l := range u.Lists {
		out = append(out, Col{ID: u.IDs[i], Typ: l.Type().Elem()})
	}
	return out
}

// pendingUnnests holds, per select-list context, the Unnest operator that
// the block's UNNEST calls share (so several UNNESTs zip their lists).
var pendingUnnests = struct {
	sync.Mutex
	m map[*exprCtx]*Unnest
}{m: map[*exprCtx]*Unnest{}}

// bindUnnest binds UNNEST(list) in a select list: the block's plan gets an
// Unnest operator (added with the context's pending joins) and the call
// becomes a reference to its element column.
func (b *Binder) bindUnnest(x *parser.FuncCall, ctx *exprCtx) (Expr, error) {
	arg, err := b.bindExpr(x.Args[0], ctx)
	if err != nil {
		return nil, err
	}
	t := arg.Type()
	if t.ID == vector.TypeNull {
		if arg, err = b.cast(arg, vector.ListOf(vector.Null), false); err != nil {
			return nil, err
		}
		t = arg.Type()
	}
	if t.ID != vector.TypeList || t.Nested == nil {
		return nil, b.errorf(x.Pos, "UNNEST() can only be applied to lists, structs and NULL")
	}
	pendingUnnests.Lock()
	u := pendingUnnests.m[ctx]
	if u == nil {
		u = &Unnest{}
		pendingUnnests.m[ctx] = u
		ctx.applies = append(ctx.applies, func(cur Op) (Op, error) {
			pendingUnnests.Lock()
			delete(pendingUnnests.m, ctx)
			pendingUnnests.Unlock()
			u.Input = cur
			return u, nil
		})
	}
	id := b.newID()
	u.Lists = append(u.Lists, arg)
	u.IDs = append(u.IDs, id)
	pendingUnnests.Unlock()
	return &ColExpr{ID: id, Typ: t.Elem(), Name: "unnest(" + arg.String() + ")"}, nil
}

// lowerUnnest lowers an Unnest operator.
func lowerUnnest(x *Unnest, need colSet) (engine.Node, []ColumnID, error) {
	own := colSet{}
	for _, id := range x.IDs {
		own.add(id)
	}
	inNeed := colSet{}
	for id := range need {
		if !own.has(id) {
			inNeed.add(id)
		}
	}
	inNeed = needWith(inNeed, x.Lists...)
	in, layout, err := lower(x.Input, inNeed)
	if err != nil {
		return nil, nil, err
	}
	lists, err := lowerExprs(x.Lists, layout)
	if err != nil {
		return nil, nil, err
	}
	out := append(append([]ColumnID(nil), layout...), x.IDs...)
	return &engine.UnnestNode{Input: in, Lists: lists}, out, nil
}
