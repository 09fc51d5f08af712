package plan

import (
	"strings"

	"github.com/lhsql/lhsql/engine"
	"github.com/lhsql/lhsql/sql/parser"
)

// bindTry binds TRY(expr): expr's value, or NULL for the rows on which
// evaluating it raises an error (engine.TryExpr). As in DuckDB, the
// argument may not contain aggregates, window functions, subqueries or
// volatile functions. While the argument is bound, constant folding that
// fails leaves the expression unfolded (see Binder.tryDepth), so a
// constant error such as TRY('abc'::INTEGER) becomes NULL at run time
// instead of a bind error.
func (b *Binder) bindTry(x *parser.FuncCall, ctx *exprCtx) (Expr, error) {
	if len(x.Args) != 1 || x.Star || x.Distinct || x.Filter != nil || len(x.OrderBy) > 0 {
		return nil, b.errorf(x.Pos, "TRY expects exactly one argument")
	}
	if msg := tryForbidden(x.Args[0]); msg != "" {
		return nil, b.errorf(x.Pos, "%s", msg)
	}
	b.tryDepth++
	arg, err := b.bindExpr(x.Args[0], ctx)
	b.tryDepth--
	if err != nil {
		return nil, err
	}
	if _, ok := arg.(*ConstExpr); ok {
		return arg, nil // nothing left that can fail
	}
	return b.fn(x.Pos, "try", arg)
}

// tryForbidden returns DuckDB's message for the first construct that may
// not appear inside TRY, or "".
func tryForbidden(e parser.Expr) string {
	msg := ""
	set := func(m string) {
		if msg == "" {
			msg = m
		}
	}
	astWalk(e, func(n parser.Expr) {
		switch y := n.(type) {
		case *parser.SubqueryExpr, *parser.ExistsExpr, *parser.InSubqueryExpr, *parser.QuantifiedExpr:
			set("TRY can not be used in combination with a scalar subquery")
		case *parser.FuncCall:
			name := strings.ToLower(y.Name)
			switch {
			case y.Over != nil:
				set("window functions are not allowed in try")
			case engine.IsAggregate(name):
				set("aggregates are not allowed inside the TRY expression")
			case volatile(name) || name == "error":
				set("TRY can not be used in combination with a volatile function")
			}
		}
	})
	return msg
}
