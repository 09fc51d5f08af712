package plan

import (
	"fmt"
	"strings"

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
		ptypes = []vector.Type{et, et}
	}
	if len(lam.Params) < 1 || len(lam.Params) > 2 || reduce && len(lam.Params) != 2 {
		return nil, b.errorf(lam.Pos, "Invalid number of parameters in lambda function for %s", name)
	}
	outer := map[ColumnID]bool{}
	for s := ctx.scope; s != nil; s = s.parent {
		for _, c := range s.cols {
			if c.table == lambdaTable {
				outer[c.id] = true
			}
		}
	}
	sc := &scope{parent: ctx.scope}
	repl := map[ColumnID]Expr{}
	for k, p := range lam.Params {
		id := b.newID()
		sc.add(lambdaTable, p, id, ptypes[k])
		pe, err := newFunc("__lambda_param", []Expr{
			&ConstExpr{Val: vector.Value{Typ: vector.BigInt, I64: int64(k)}},
			&ConstExpr{Val: vector.NullValue(ptypes[k])},
		})
		if err != nil {
			return nil, err
		}
		repl[id] = pe
	}
	lctx := *ctx
	lctx.scope = sc
	body, err := b.bindExpr(lam.Body, &lctx)
	if err != nil {
		return nil, err
	}
	ctx.applies = lctx.applies
	for id := range exprCols(body) {
		if outer[id] {
			return nil, b.errorf(lam.Pos, "lambdas referencing parameters of an enclosing lambda are not supported yet")
		}
	}
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
