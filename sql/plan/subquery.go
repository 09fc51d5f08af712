package plan

import (
	"errors"
	"strings"

	"github.com/lhsql/lhsql/engine"
	"github.com/lhsql/lhsql/sql/parser"
	"github.com/lhsql/lhsql/vector"
)

// Subqueries are decorrelated into joins: predicates of the subquery that
// reference the outer query are pulled up to the top of the subquery plan
// (turning equality predicates under an aggregate into grouping keys) and
// become the join condition. EXISTS / IN become semi, anti or mark joins;
// scalar subqueries become a left join against the (grouped) subquery, or
// a cross join with a single-row check when uncorrelated.

// subq is a bound subquery ready to be joined.
type subq struct {
	op Op
	// ncols is the number of columns the subquery returns; decorrelation
	// may append pass-through columns after them.
	ncols int
	preds []Expr // pulled-up correlated predicates
	corr  bool
	// countCol is set when the scalar result is a COUNT whose empty-group
	// value must be 0 rather than NULL after decorrelation.
	countCol bool
}

// bindSub binds a subquery in the context of sc and decorrelates it.
func (b *Binder) bindSub(q *parser.SelectStmt, sc *scope, exists bool) (*subq, error) {
	op, _, err := b.bindSelect(q, sc)
	if err != nil {
		return nil, err
	}
	refs, defs := colSet{}, colSet{}
	planCols(op, refs, defs)
	outer := colSet{}
	for id := range refs {
		if !defs.has(id) {
			outer.add(id)
		}
	}
	ncols := len(op.Cols())
	if len(outer) == 0 {
		return &subq{op: op, ncols: ncols}, nil
	}
	if exists {
		op = stripLimitSort(op)
	}
	s := &subq{corr: true, ncols: ncols}
	s.countCol = isCountResult(op)
	s.op, s.preds, err = pullUp(b, op, outer)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// stripLimitSort drops ORDER BY / LIMIT (n > 0) at the top of an EXISTS
// subquery, which do not change whether a row exists.
func stripLimitSort(op Op) Op {
	for {
		switch x := op.(type) {
		case *Sort:
			if x.Limit == 0 {
				return op
			}
			op = x.Input
		case *Limit:
			if x.Limit == 0 || x.Offset > 0 {
				return op
			}
			op = x.Input
		default:
			return op
		}
	}
}

func isCountResult(op Op) bool {
	for {
		switch x := op.(type) {
		case *Project:
			if len(x.Exprs) != 1 {
				return false
			}
			c, ok := x.Exprs[0].(*ColExpr)
			if !ok {
				return false
			}
			agg, ok := x.Input.(*Aggregate)
			if !ok || len(agg.Groups) > 0 {
				return false
			}
			for _, a := range agg.Aggs {
				if a.ID == c.ID {
					return a.Name == "count" || a.Name == "count_star"
				}
			}
			return false
		default:
			return false
		}
	}
}

// planCols collects the column IDs an operator tree references and defines.
func planCols(op Op, refs, defs colSet) {
	addExprs := func(es ...Expr) {
		for _, e := range es {
			if e != nil {
				refs.addAll(exprCols(e))
			}
		}
	}
	switch x := op.(type) {
	case *Scan:
		for _, id := range x.IDs {
			defs.add(id)
		}
		addExprs(x.Filters...)
	case *Filter:
		planCols(x.Input, refs, defs)
		addExprs(x.Conds...)
	case *Project:
		planCols(x.Input, refs, defs)
		addExprs(x.Exprs...)
		for _, id := range x.IDs {
			defs.add(id)
		}
	case *Join:
		planCols(x.Left, refs, defs)
		planCols(x.Right, refs, defs)
		addExprs(x.Conds...)
		if x.Kind == engine.JoinMark {
			defs.add(x.MarkID)
		}
	case *Aggregate:
		planCols(x.Input, refs, defs)
		addExprs(x.Groups...)
		for _, id := range x.GroupIDs {
			defs.add(id)
		}
		for _, a := range x.Aggs {
			addExprs(a.Args...)
			addExprs(a.Filter)
			defs.add(a.ID)
		}
	case *Sort:
		planCols(x.Input, refs, defs)
		for _, k := range x.Keys {
			addExprs(k.Expr)
		}
	case *Limit:
		planCols(x.Input, refs, defs)
	case *UnionAll:
		for _, in := range x.Inputs {
			planCols(in, refs, defs)
		}
		for _, id := range x.IDs {
			defs.add(id)
		}
	case *SetOp:
		planCols(x.Left, refs, defs)
		planCols(x.Right, refs, defs)
		for _, id := range x.IDs {
			defs.add(id)
		}
	case *Values:
		for _, id := range x.IDs {
			defs.add(id)
		}
	case *SingleRow:
		planCols(x.Input, refs, defs)
	case *Window:
		planCols(x.Input, refs, defs)
		for _, f := range x.Funcs {
			addExprs(f.exprs()...)
			defs.add(f.ID)
		}
	}
}

func refsAny(e Expr, s colSet) bool {
	for id := range exprCols(e) {
		if s.has(id) {
			return true
		}
	}
	return false
}

var errCorrelated = errors.New("this correlated subquery is not supported yet")

// pullUp removes predicates that reference outer columns from op and
// returns them, rewritten to reference columns visible at op's top.
func pullUp(b *Binder, op Op, outer colSet) (Op, []Expr, error) {
	switch x := op.(type) {
	case *Scan, *Values:
		return op, nil, nil
	case *Filter:
		in, preds, err := pullUp(b, x.Input, outer)
		if err != nil {
			return nil, nil, err
		}
		var keep []Expr
		for _, c := range x.Conds {
			if refsAny(c, outer) {
				preds = append(preds, c)
			} else {
				keep = append(keep, c)
			}
		}
		if len(keep) == 0 {
			return in, preds, nil
		}
		return &Filter{Input: in, Conds: keep}, preds, nil
	case *Project:
		for _, e := range x.Exprs {
			if refsAny(e, outer) {
				return nil, nil, errCorrelated
			}
		}
		in, preds, err := pullUp(b, x.Input, outer)
		if err != nil {
			return nil, nil, err
		}
		p := &Project{Input: in, Exprs: append([]Expr(nil), x.Exprs...), IDs: append([]ColumnID(nil), x.IDs...)}
		have := colSet{}
		for _, id := range p.IDs {
			have.add(id)
		}
		inCols := in.Cols()
		for _, pr := range preds {
			for id := range exprCols(pr) {
				if outer.has(id) || have.has(id) {
					continue
				}
				for _, c := range inCols {
					if c.ID == id {
						p.Exprs = append(p.Exprs, &ColExpr{ID: id, Typ: c.Typ})
						p.IDs = append(p.IDs, id)
						have.add(id)
					}
				}
			}
		}
		return p, preds, nil
	case *Aggregate:
		for _, g := range x.Groups {
			if refsAny(g, outer) {
				return nil, nil, errCorrelated
			}
		}
		for _, a := range x.Aggs {
			for _, e := range append(append([]Expr(nil), a.Args...), a.Filter) {
				if e != nil && refsAny(e, outer) {
					return nil, nil, errCorrelated
				}
			}
		}
		in, preds, err := pullUp(b, x.Input, outer)
		if err != nil {
			return nil, nil, err
		}
		agg := &Aggregate{Input: in, Groups: append([]Expr(nil), x.Groups...), GroupIDs: append([]ColumnID(nil), x.GroupIDs...), Aggs: x.Aggs}
		var out []Expr
		for _, pr := range preds {
			f, ok := pr.(*FuncExpr)
			if !ok || f.Name != "=" {
				return nil, nil, errCorrelated
			}
			l, r := f.Args[0], f.Args[1]
			if refsAny(l, outer) {
				l, r = r, l
			}
			if refsAny(l, outer) || !refsAny(r, outer) {
				return nil, nil, errCorrelated
			}
			// l is the inner side: group by it.
			var gid ColumnID
			if c, ok := l.(*ColExpr); ok {
				gid = c.ID
			} else {
				gid = b.newID()
			}
			agg.Groups = append(agg.Groups, l)
			agg.GroupIDs = append(agg.GroupIDs, gid)
			ne, err := newFunc("=", []Expr{&ColExpr{ID: gid, Typ: l.Type()}, r})
			if err != nil {
				return nil, nil, err
			}
			out = append(out, ne)
		}
		return agg, out, nil
	case *Join:
		for _, c := range x.Conds {
			if refsAny(c, outer) && x.Kind != engine.JoinInner {
				return nil, nil, errCorrelated
			}
		}
		l, lp, err := pullUp(b, x.Left, outer)
		if err != nil {
			return nil, nil, err
		}
		r, rp, err := pullUp(b, x.Right, outer)
		if err != nil {
			return nil, nil, err
		}
		if len(rp) > 0 && x.Kind != engine.JoinInner {
			return nil, nil, errCorrelated
		}
		j := &Join{Left: l, Right: r, Kind: x.Kind, MarkID: x.MarkID}
		preds := append(lp, rp...)
		for _, c := range x.Conds {
			if refsAny(c, outer) {
				preds = append(preds, c)
			} else {
				j.Conds = append(j.Conds, c)
			}
		}
		return j, preds, nil
	case *Sort:
		in, preds, err := pullUp(b, x.Input, outer)
		if err != nil {
			return nil, nil, err
		}
		if len(preds) > 0 && x.Limit >= 0 {
			return nil, nil, errCorrelated
		}
		if len(preds) > 0 {
			return in, preds, nil
		}
		return &Sort{Input: in, Keys: x.Keys, Limit: x.Limit, Offset: x.Offset}, nil, nil
	case *Limit:
		in, preds, err := pullUp(b, x.Input, outer)
		if err != nil {
			return nil, nil, err
		}
		if len(preds) > 0 {
			return nil, nil, errCorrelated
		}
		return &Limit{Input: in, Limit: x.Limit, Offset: x.Offset}, nil, nil
	}
	refs, defs := colSet{}, colSet{}
	planCols(op, refs, defs)
	for id := range refs {
		if outer.has(id) {
			return nil, nil, errCorrelated
		}
	}
	return op, nil, nil
}

// bindSubqueryConjunct handles a top-level WHERE conjunct that is
// [NOT] EXISTS or [NOT] IN (subquery) by joining directly. handled is false
// for other shapes.
func (b *Binder) bindSubqueryConjunct(c parser.Expr, sc *scope, cur Op) (Op, bool, error) {
	not := false
	for {
		u, ok := c.(*parser.UnaryExpr)
		if !ok || u.Op != "NOT" {
			break
		}
		not = !not
		c = u.X
	}
	switch x := c.(type) {
	case *parser.ExistsExpr:
		s, err := b.bindSub(x.Query, sc, true)
		if err != nil {
			return nil, false, b.wrap(x.Pos, err)
		}
		kind := engine.JoinSemi
		if x.Not != not {
			kind = engine.JoinAnti
		}
		return &Join{Left: cur, Right: s.op, Kind: kind, Conds: s.preds}, true, nil
	case *parser.InSubqueryExpr:
		if x.Not != not {
			return cur, false, nil // NOT IN needs NULL-aware semantics: mark join
		}
		ctx := &exprCtx{scope: sc}
		v, err := b.bindExpr(x.X, ctx)
		if err != nil {
			return nil, false, err
		}
		if len(ctx.applies) > 0 {
			return cur, false, nil
		}
		s, err := b.bindSub(x.Query, sc, false)
		if err != nil {
			return nil, false, b.wrap(x.Pos, err)
		}
		cols := s.op.Cols()
		if s.ncols != 1 {
			return nil, false, b.errorf(x.Pos, "Subquery returns %d columns - expected 1", s.ncols)
		}
		eq, err := b.compare("=", v, &ColExpr{ID: cols[0].ID, Typ: cols[0].Typ}, x.Pos)
		if err != nil {
			return nil, false, err
		}
		return &Join{Left: cur, Right: s.op, Kind: engine.JoinSemi, Conds: append(s.preds, eq)}, true, nil
	}
	return cur, false, nil
}

// bindSubqueryExpr binds a subquery used as a value: the join is queued
// on ctx and the expression refers to its result column.
func (b *Binder) bindSubqueryExpr(e parser.Expr, ctx *exprCtx) (Expr, error) {
	switch x := e.(type) {
	case *parser.SubqueryExpr:
		s, err := b.bindSub(x.Query, ctx.scope, false)
		if err != nil {
			return nil, b.wrap(x.Pos, err)
		}
		cols := s.op.Cols()
		if s.ncols != 1 {
			return nil, b.errorf(x.Pos, "Subquery returns %d columns - expected 1", s.ncols)
		}
		res := &ColExpr{ID: cols[0].ID, Typ: cols[0].Typ, Name: "subquery"}
		if !s.corr {
			ctx.applies = append(ctx.applies, func(cur Op) (Op, error) {
				return &Join{Left: cur, Right: &SingleRow{Input: s.op}, Kind: engine.JoinInner}, nil
			})
			return res, nil
		}
		ctx.applies = append(ctx.applies, func(cur Op) (Op, error) {
			return &Join{Left: cur, Right: s.op, Kind: engine.JoinLeft, Conds: s.preds}, nil
		})
		if s.countCol {
			return b.fn(x.Pos, "coalesce", res, &ConstExpr{Val: vector.Value{Typ: res.Typ, I64: 0}})
		}
		return res, nil
	case *parser.ExistsExpr:
		s, err := b.bindSub(x.Query, ctx.scope, true)
		if err != nil {
			return nil, b.wrap(x.Pos, err)
		}
		mark := b.newID()
		ctx.applies = append(ctx.applies, func(cur Op) (Op, error) {
			return &Join{Left: cur, Right: s.op, Kind: engine.JoinMark, Conds: s.preds, MarkID: mark}, nil
		})
		m, err := b.fn(x.Pos, "coalesce", &ColExpr{ID: mark, Typ: vector.Boolean, Name: "exists"}, &ConstExpr{Val: vector.BoolValue(false)})
		if err != nil || !x.Not {
			return m, err
		}
		return b.fn(x.Pos, "not", m)
	case *parser.InSubqueryExpr:
		v, err := b.bindExpr(x.X, ctx)
		if err != nil {
			return nil, err
		}
		s, err := b.bindSub(x.Query, ctx.scope, false)
		if err != nil {
			return nil, b.wrap(x.Pos, err)
		}
		cols := s.op.Cols()
		if s.ncols != 1 {
			return nil, b.errorf(x.Pos, "Subquery returns %d columns - expected 1", s.ncols)
		}
		eq, err := b.compare("=", v, &ColExpr{ID: cols[0].ID, Typ: cols[0].Typ}, x.Pos)
		if err != nil {
			return nil, err
		}
		mark := b.newID()
		ctx.applies = append(ctx.applies, func(cur Op) (Op, error) {
			return &Join{Left: cur, Right: s.op, Kind: engine.JoinMark, Conds: append(s.preds, eq), MarkID: mark}, nil
		})
		m := &ColExpr{ID: mark, Typ: vector.Boolean, Name: "in"}
		if x.Not {
			return b.fn(x.Pos, "not", m)
		}
		return m, nil
	case *parser.QuantifiedExpr:
		if x.Query == nil {
			return nil, b.errorf(x.Pos, "%s ANY/ALL over a list is not supported yet", x.Op)
		}
		op, ok := binaryOps[strings.ToUpper(x.Op)]
		if !ok || !isComparison(op) {
			return nil, b.errorf(x.Pos, "ANY/ALL needs a comparison operator, not %s", x.Op)
		}
		if x.All {
			// x op ALL (S) is NOT (x negated-op ANY (S)).
			op = negatedComparison[op]
		}
		v, err := b.bindExpr(x.X, ctx)
		if err != nil {
			return nil, err
		}
		s, err := b.bindSub(x.Query, ctx.scope, false)
		if err != nil {
			return nil, b.wrap(x.Pos, err)
		}
		if s.ncols != 1 {
			return nil, b.errorf(x.Pos, "Subquery returns %d columns - expected 1", s.ncols)
		}
		cols := s.op.Cols()
		cond, err := b.compare(op, v, &ColExpr{ID: cols[0].ID, Typ: cols[0].Typ}, x.Pos)
		if err != nil {
			return nil, err
		}
		mark := b.newID()
		ctx.applies = append(ctx.applies, func(cur Op) (Op, error) {
			return &Join{Left: cur, Right: s.op, Kind: engine.JoinMark, Conds: append(s.preds, cond), MarkID: mark}, nil
		})
		m := &ColExpr{ID: mark, Typ: vector.Boolean, Name: "any"}
		if x.All {
			return b.fn(x.Pos, "not", m)
		}
		return m, nil
	}
	return nil, b.errorf(e.Position(), "unsupported subquery")
}

var negatedComparison = map[string]string{"=": "<>", "<>": "=", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}
