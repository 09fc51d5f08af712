package plan

import (
	"strings"

	"github.com/lhsql/lhsql/engine"
	"github.com/lhsql/lhsql/sql/parser"
	"github.com/lhsql/lhsql/vector"
)

// bindAggOrder binds the ORDER BY inside the aggregate call x
// (string_agg(s, ',' ORDER BY k DESC)) into call: the keys are appended to
// call.Args, after the aggregate's own arguments, and their directions to
// call.Order. As in DuckDB, the ORDER BY of an aggregate whose result does
// not depend on the order of its input (sum, count, min, ...) is bound,
// for its errors, and then dropped, and so are constant keys. In a
// DISTINCT aggregate every key must be one of the arguments.
func (b *Binder) bindAggOrder(x *parser.FuncCall, call *AggCall, ctx *exprCtx) error {
	if len(x.OrderBy) == 0 {
		return nil
	}
	keys := make([]SortKey, 0, len(x.OrderBy))
	for _, o := range x.OrderBy {
		e, err := b.bindExpr(o.Expr, ctx)
		if err != nil {
			return err
		}
		keys = append(keys, b.sortKey(e, o))
	}
	if len(ctx.applies) > 0 {
		return b.errorf(x.Pos, "subqueries inside aggregates are not supported yet")
	}
	if !engine.AggOrderMatters(call.Name, exprTypes(call.Args)) {
		return nil
	}
	if call.Distinct {
		args := map[string]bool{}
		for _, a := range call.Args {
			args[key(a)] = true
		}
		for _, k := range keys {
			if !args[key(k.Expr)] {
				return b.errorf(x.Pos, "In a DISTINCT aggregate, ORDER BY expressions must appear in the argument list")
			}
		}
	}
	for _, k := range keys {
		if _, ok := k.Expr.(*ConstExpr); ok {
			continue
		}
		call.Args = append(call.Args, k.Expr)
		call.Order = append(call.Order, engine.AggOrder{Desc: k.Desc, NullsFirst: k.NullsFirst})
	}
	return nil
}

// orderItemsName renders the ORDER BY inside a call as DuckDB does in a
// column name (" ORDER BY k DESC NULLS FIRST"), or "" without one: the
// direction and NULL order appear only where written.
func orderItemsName(items []*parser.OrderItem) string {
	if len(items) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(" ORDER BY ")
	for i, o := range items {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(exprName(o.Expr))
		switch {
		case o.Desc:
			b.WriteString(" DESC")
		case o.Asc:
			b.WriteString(" ASC")
		}
		if o.NullsFirst != nil {
			if *o.NullsFirst {
				b.WriteString(" NULLS FIRST")
			} else {
				b.WriteString(" NULLS LAST")
			}
		}
	}
	return b.String()
}

// exprTypes returns the types of es.
func exprTypes(es []Expr) []vector.Type {
	out := make([]vector.Type, len(es))
	for i, e := range es {
		out[i] = e.Type()
	}
	return out
}
