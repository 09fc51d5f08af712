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
	// dep is set when the predicates could not be pulled up: op is the
	// subquery as bound, and general decorrelation (decorrelate.go) runs
	// when it is joined to the outer plan.
	dep bool
	// outer holds the column IDs op references but does not define; sc is
	// the scope of the query block the subquery appears in.
	outer colSet
	sc    *scope
}

// subMode tells bindSub how the subquery is used.
type subMode int

const (
	subPlain  subMode = iota // a scalar subquery or the set of an IN conjunct
	subExists                // EXISTS: only whether rows exist matters
	subMark                  // IN / ANY / ALL as a value: NULL-aware mark
)

// bindSub binds a subquery in the context of sc and decorrelates it.
func (b *Binder) bindSub(q *parser.SelectStmt, sc *scope, mode subMode) (*subq, error) {
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
		return &subq{op: op, ncols: ncols, outer: outer, sc: sc}, nil
	}
	if mode == subExists {
		op = stripLimitSort(op)
	}
	s := &subq{corr: true, ncols: ncols, outer: outer, sc: sc}
	if mode == subMark {
		// A correlated IN/ANY/ALL is NULL only when the subquery's rows
		// for this outer row hold a NULL: the mark join alone cannot tell,
		// so the general path computes it per outer value.
		s.op, s.dep = op, true
		return s, nil
	}
	pulled, preds, err := pullUp(b, op, outer)
	if errors.Is(err, errCorrelated) {
		s.op, s.dep = op, true
		return s, nil
	}
	if err != nil {
		return nil, err
	}
	s.countCol = isCountResult(op)
	s.op, s.preds = pulled, preds
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
	case *CTEScan:
		for _, id := range x.IDs {
			defs.add(id)
		}
	case *CTEMaterialize:
		planCols(x.CTE.Plan, refs, defs)
		planCols(x.Input, refs, defs)
	case *Window:
		planCols(x.Input, refs, defs)
		for _, f := range x.Funcs {
			addExprs(f.exprs()...)
			defs.add(f.ID)
		}
	case *Unnest:
		planCols(x.Input, refs, defs)
		addExprs(x.Lists...)
		for _, id := range x.IDs {
			defs.add(id)
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
	case *Scan, *Values, *CTEScan:
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
		if len(lp) > 0 && (x.Kind == engine.JoinRight || x.Kind == engine.JoinFull) {
			// Right rows padded with NULLs would not survive the filter.
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
		s, err := b.bindSub(x.Query, sc, subExists)
		if err != nil {
			return nil, false, b.wrap(x.Pos, err)
		}
		kind := engine.JoinSemi
		if x.Not != not {
			kind = engine.JoinAnti
		}
		op, err := b.joinSub(cur, s, kind, nil, 0)
		if err != nil {
			return nil, false, b.wrap(x.Pos, err)
		}
		return op, true, nil
	case *parser.InSubqueryExpr:
		if x.Not != not {
			return cur, false, nil // NOT IN needs NULL-aware semantics: mark join
		}
		ctx := &exprCtx{scope: sc}
		s, _, conds, _, err := b.bindCompareSub(x.X, "=", x.Query, subPlain, ctx, x.Pos)
		if err != nil {
			return nil, false, err
		}
		if len(ctx.applies) > 0 {
			return cur, false, nil
		}
		// A semi join only needs the rows where the comparison is true, so
		// a row comparison's conjuncts can be join keys.
		op, err := b.joinSub(cur, s, engine.JoinSemi, conjuncts(conds[0]), 0)
		if err != nil {
			return nil, false, b.wrap(x.Pos, err)
		}
		return op, true, nil
	}
	return cur, false, nil
}

// refProbe is passed to a queued subquery join to ask for the columns it
// references instead of joining (see joinOnSubqueries).
type refProbe struct{ refs colSet }

// Cols implements Op.
func (*refProbe) Cols() []Col { return nil }

// queue adds the join of subquery s to ctx's pending joins; extra are
// columns of the outer block the join also evaluates.
func (b *Binder) queue(ctx *exprCtx, s *subq, extra Expr, f func(Op) (Op, error)) {
	ctx.applies = append(ctx.applies, func(cur Op) (Op, error) {
		if p, ok := cur.(*refProbe); ok {
			p.refs.addAll(s.outer)
			if extra != nil {
				p.refs.addAll(exprCols(extra))
			}
			return cur, nil
		}
		return f(cur)
	})
}

// prepareSub resolves the outer references of s against cur, the plan it
// is joined to, and returns the columns of cur it is correlated with.
// References to columns of the subquery's own block that cur no longer
// exposes because the block aggregates are mapped to cur's grouping
// columns.
func (b *Binder) prepareSub(s *subq, cur Op) ([]Col, error) {
	if len(s.outer) == 0 {
		return nil, nil
	}
	cols := cur.Cols()
	have := colIDSet(cols)
	subst := map[ColumnID]ColumnID{}
	for id := range s.outer {
		if have.has(id) || s.sc == nil || !inScope(s.sc, id) {
			continue
		}
		g, ok := groupColumn(cur, id)
		if !ok || !have.has(g) {
			name := "?"
			for _, c := range s.sc.cols {
				if c.id == id {
					name = c.name
				}
			}
			return nil, b.errorf(-1, "column %q must appear in the GROUP BY clause or must be part of an aggregate function.\nEither add it to the GROUP BY list, or use \"ANY_VALUE(%s)\" if the exact value of %q is not important.", name, name, name)
		}
		subst[id] = g
	}
	if len(subst) > 0 {
		op, _, err := b.copyPlan(s.op, false, subst)
		if err != nil {
			return nil, err
		}
		s.op = op
		m := map[ColumnID]Expr{}
		for from, to := range subst {
			var typ vector.Type
			for _, c := range cols {
				if c.ID == to {
					typ = c.Typ
				}
			}
			m[from] = &ColExpr{ID: to, Typ: typ}
		}
		for i, p := range s.preds {
			if s.preds[i], err = replaceCols(p, m); err != nil {
				return nil, err
			}
		}
		outer := colSet{}
		for id := range s.outer {
			if to, ok := subst[id]; ok {
				id = to
			}
			outer.add(id)
		}
		s.outer = outer
	}
	var corr []Col
	for _, c := range cols {
		if s.outer.has(c.ID) {
			corr = append(corr, c)
		}
	}
	return corr, nil
}

// groupColumn finds the grouping column of the aggregate in cur (below
// joins that add subquery columns) that groups by column id.
func groupColumn(cur Op, id ColumnID) (ColumnID, bool) {
	for {
		switch x := cur.(type) {
		case *Aggregate:
			for i, g := range x.Groups {
				if c, ok := g.(*ColExpr); ok && c.ID == id {
					return x.GroupIDs[i], true
				}
			}
			return 0, false
		case *Join:
			cur = x.Left
		case *Filter:
			cur = x.Input
		case *Project:
			cur = x.Input
		default:
			return 0, false
		}
	}
}

// decorrelateSub runs general decorrelation of op for the columns corr of
// cur: it returns the plan to join to cur, the conditions matching cur's
// columns to it, and the plan's column for each correlated column.
func (b *Binder) decorrelateSub(cur, op Op, corr []Col) (Op, []Expr, *decorr, map[ColumnID]ColumnID, error) {
	d := newDecorr(b, cur, corr)
	sp, m, err := d.push(op)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	var conds []Expr
	for _, c := range d.corr {
		eq, err := nullSafeEq(&ColExpr{ID: c.ID, Typ: c.Typ}, &ColExpr{ID: m[c.ID], Typ: c.Typ})
		if err != nil {
			return nil, nil, nil, nil, err
		}
		conds = append(conds, eq...)
	}
	return sp, conds, d, m, nil
}

// joinSub joins subquery s to cur with a semi, anti or mark join (or a
// LEFT join for a correlated scalar); extra are conditions beyond the
// correlation (an IN comparison), mark is the mark column.
func (b *Binder) joinSub(cur Op, s *subq, kind engine.JoinKind, extra []Expr, mark ColumnID) (Op, error) {
	corr, err := b.prepareSub(s, cur)
	if err != nil {
		return nil, err
	}
	if !s.dep {
		conds := append(append([]Expr(nil), s.preds...), extra...)
		return &Join{Left: cur, Right: s.op, Kind: kind, Conds: conds, MarkID: mark}, nil
	}
	if len(corr) == 0 {
		// Correlated only with blocks further out: join as uncorrelated
		// here; decorrelating the outer block handles the references.
		if kind == engine.JoinLeft {
			return &Join{Left: cur, Right: &SingleRow{Input: s.op}, Kind: engine.JoinInner}, nil
		}
		return &Join{Left: cur, Right: s.op, Kind: kind, Conds: extra, MarkID: mark}, nil
	}
	sp, conds, _, _, err := b.decorrelateSub(cur, s.op, corr)
	if err != nil {
		return nil, err
	}
	return &Join{Left: cur, Right: sp, Kind: kind, Conds: append(conds, extra...), MarkID: mark}, nil
}

// joinScalar joins a scalar subquery to cur.
func (b *Binder) joinScalar(cur Op, s *subq) (Op, error) {
	if !s.corr {
		return &Join{Left: cur, Right: &SingleRow{Input: s.op}, Kind: engine.JoinInner}, nil
	}
	return b.joinSub(cur, s, engine.JoinLeft, nil, 0)
}

// markSub joins an IN / ANY / ALL subquery to cur as a mark join: the
// mark is cond (v compared with the subquery's column) holding for some
// row, NULL when no row matches but a comparison is NULL, else false.
// For a correlated subquery the NULL case is decided per outer value:
// the mark join finds matches, and an aggregate of the subquery's rows per
// outer value tells whether there were rows and NULLs among them.
func (b *Binder) markSub(cur Op, s *subq, v Expr, cmp []Expr, row bool, mark ColumnID) (Op, error) {
	corr, err := b.prepareSub(s, cur)
	if err != nil {
		return nil, err
	}
	if !s.dep || len(corr) == 0 {
		conds := append(append([]Expr(nil), s.preds...), cmp...)
		return &Join{Left: cur, Right: s.op, Kind: engine.JoinMark, Conds: conds, MarkID: mark}, nil
	}
	val := s.op.Cols()[0]
	sp, conds, d, m, err := b.decorrelateSub(cur, s.op, corr)
	if err != nil {
		return nil, err
	}
	found := b.newID()
	j := &Join{Left: cur, Right: sp, Kind: engine.JoinMark, Conds: append(conds, cmp...), MarkID: found}
	if row {
		return b.rowMarkFix(cur, j, sp, d, m, cmp, found, mark)
	}
	g, gm, err := b.copyPlan(sp, true, nil)
	if err != nil {
		return nil, err
	}
	agg := &Aggregate{Input: g}
	var gconds []Expr
	for _, c := range d.corr {
		id := b.newID()
		agg.Groups = append(agg.Groups, &ColExpr{ID: gm[m[c.ID]], Typ: c.Typ})
		agg.GroupIDs = append(agg.GroupIDs, id)
		eq, err := nullSafeEq(&ColExpr{ID: c.ID, Typ: c.Typ}, &ColExpr{ID: id, Typ: c.Typ})
		if err != nil {
			return nil, err
		}
		gconds = append(gconds, eq...)
	}
	all := &AggCall{Name: "count_star", Typ: vector.BigInt, ID: b.newID()}
	nonNull := &AggCall{Name: "count", Args: []Expr{&ColExpr{ID: gm[val.ID], Typ: val.Typ}}, Typ: vector.BigInt, ID: b.newID()}
	agg.Aggs = []*AggCall{all, nonNull}
	j2 := &Join{Left: j, Right: agg, Kind: engine.JoinLeft, Conds: gconds}
	allCol := &ColExpr{ID: all.ID, Typ: vector.BigInt}
	noRows, err := newFunc("is null", []Expr{allCol})
	if err != nil {
		return nil, err
	}
	vNull, err := newFunc("is null", []Expr{v})
	if err != nil {
		return nil, err
	}
	someNull, err := newFunc("<", []Expr{&ColExpr{ID: nonNull.ID, Typ: vector.BigInt}, allCol})
	if err != nil {
		return nil, err
	}
	anyNull, err := newFunc("or", []Expr{vNull, someNull})
	if err != nil {
		return nil, err
	}
	markExpr := &CaseExpr{Typ: vector.Boolean,
		Whens: []Expr{&ColExpr{ID: found, Typ: vector.Boolean}, noRows, anyNull},
		Thens: []Expr{&ConstExpr{Val: vector.BoolValue(true)}, &ConstExpr{Val: vector.BoolValue(false)}, &ConstExpr{Val: vector.NullValue(vector.Boolean)}},
		Else:  &ConstExpr{Val: vector.BoolValue(false)}}
	p := &Project{Input: j2}
	for _, c := range cur.Cols() {
		p.Exprs = append(p.Exprs, &ColExpr{ID: c.ID, Typ: c.Typ})
		p.IDs = append(p.IDs, c.ID)
	}
	p.Exprs = append(p.Exprs, markExpr)
	p.IDs = append(p.IDs, mark)
	return p, nil
}

// joinOnSubqueries completes a join whose ON condition (join.Conds) has
// subqueries queued on ctx. An inner join evaluates them over the cross
// product and filters; an outer, semi or anti join evaluates them on the
// side whose columns they use.
func (b *Binder) joinOnSubqueries(join *Join, ctx *exprCtx, pos parser.Pos) (Op, error) {
	probe := &refProbe{refs: colSet{}}
	for _, f := range ctx.applies {
		if _, err := f(probe); err != nil {
			return nil, err
		}
	}
	usesL, usesR := false, false
	lcols, rcols := colIDSet(join.Left.Cols()), colIDSet(join.Right.Cols())
	for id := range probe.refs {
		usesL = usesL || lcols.has(id)
		usesR = usesR || rcols.has(id)
	}
	var err error
	switch {
	case join.Kind == engine.JoinInner:
		cur, err := ctx.apply(&Join{Left: join.Left, Right: join.Right, Kind: engine.JoinInner})
		if err != nil {
			return nil, err
		}
		return &Filter{Input: cur, Conds: join.Conds}, nil
	case !usesR:
		join.Left, err = ctx.apply(join.Left)
	case !usesL:
		join.Right, err = ctx.apply(join.Right)
	default:
		return nil, b.errorf(pos, "subqueries in outer JOIN conditions that reference both sides are not supported yet")
	}
	if err != nil {
		return nil, err
	}
	return join, nil
}

// bindSubqueryExpr binds a subquery used as a value: the join is queued
// on ctx and the expression refers to its result column.
func (b *Binder) bindSubqueryExpr(e parser.Expr, ctx *exprCtx) (Expr, error) {
	switch x := e.(type) {
	case *parser.SubqueryExpr:
		s, err := b.bindSub(x.Query, ctx.scope, subPlain)
		if err != nil {
			return nil, b.wrap(x.Pos, err)
		}
		cols := s.op.Cols()
		if s.ncols != 1 {
			return nil, b.errorf(x.Pos, "Subquery returns %d columns - expected 1", s.ncols)
		}
		res := &ColExpr{ID: cols[0].ID, Typ: cols[0].Typ, Name: "subquery"}
		b.queue(ctx, s, nil, func(cur Op) (Op, error) {
			op, err := b.joinScalar(cur, s)
			if err != nil {
				return nil, b.wrap(x.Pos, err)
			}
			return op, nil
		})
		if s.countCol {
			return b.fn(x.Pos, "coalesce", res, &ConstExpr{Val: vector.Value{Typ: res.Typ, I64: 0}})
		}
		return res, nil
	case *parser.ExistsExpr:
		s, err := b.bindSub(x.Query, ctx.scope, subExists)
		if err != nil {
			return nil, b.wrap(x.Pos, err)
		}
		mark := b.newID()
		b.queue(ctx, s, nil, func(cur Op) (Op, error) {
			op, err := b.joinSub(cur, s, engine.JoinMark, nil, mark)
			if err != nil {
				return nil, b.wrap(x.Pos, err)
			}
			return op, nil
		})
		m, err := b.fn(x.Pos, "coalesce", &ColExpr{ID: mark, Typ: vector.Boolean, Name: "exists"}, &ConstExpr{Val: vector.BoolValue(false)})
		if err != nil || !x.Not {
			return m, err
		}
		return b.fn(x.Pos, "not", m)
	case *parser.InSubqueryExpr:
		s, v, conds, row, err := b.bindCompareSub(x.X, "=", x.Query, subMark, ctx, x.Pos)
		if err != nil {
			return nil, err
		}
		mark := b.newID()
		b.queue(ctx, s, conds[0], func(cur Op) (Op, error) {
			op, err := b.markSub(cur, s, v, conds, row, mark)
			if err != nil {
				return nil, b.wrap(x.Pos, err)
			}
			return op, nil
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
		s, v, conds, row, err := b.bindCompareSub(x.X, op, x.Query, subMark, ctx, x.Pos)
		if err != nil {
			return nil, err
		}
		mark := b.newID()
		b.queue(ctx, s, conds[0], func(cur Op) (Op, error) {
			op, err := b.markSub(cur, s, v, conds, row, mark)
			if err != nil {
				return nil, b.wrap(x.Pos, err)
			}
			return op, nil
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

// bindCompareSub binds "x op ANY (q)": the subquery and the comparison of
// x with its column. x may be a row constructor compared element-wise
// (lexicographically for <, <=, >, >=) with a subquery of as many
// columns; row is then set and cmp is a single condition (so a mark join
// evaluates it as a whole, with SQL's NULL semantics). Otherwise cmp is
// one comparison. v is the bound left operand (nil for rows).
func (b *Binder) bindCompareSub(x parser.Expr, op string, q *parser.SelectStmt, mode subMode, ctx *exprCtx, pos parser.Pos) (*subq, Expr, []Expr, bool, error) {
	s, err := b.bindSub(q, ctx.scope, mode)
	if err != nil {
		return nil, nil, nil, false, b.wrap(pos, err)
	}
	cols := s.op.Cols()
	if f, ok := x.(*parser.FuncCall); ok && strings.EqualFold(f.Name, "row") && len(f.Named) == 0 && s.ncols > 1 {
		if len(f.Args) != s.ncols {
			return nil, nil, nil, false, b.errorf(pos, "Cannot compare values of different row sizes: the left side has %d values and the subquery returns %d columns", len(f.Args), s.ncols)
		}
		ls := make([]Expr, len(f.Args))
		rs := make([]Expr, len(f.Args))
		for i, a := range f.Args {
			if ls[i], err = b.bindExpr(a, ctx); err != nil {
				return nil, nil, nil, false, err
			}
			rs[i] = &ColExpr{ID: cols[i].ID, Typ: cols[i].Typ}
		}
		cond, err := b.rowCompare(op, ls, rs, pos)
		if err != nil {
			return nil, nil, nil, false, err
		}
		return s, nil, []Expr{cond}, true, nil
	}
	if s.ncols != 1 {
		return nil, nil, nil, false, b.errorf(pos, "Subquery returns %d columns - expected 1", s.ncols)
	}
	v, err := b.bindExpr(x, ctx)
	if err != nil {
		return nil, nil, nil, false, err
	}
	cond, err := b.compare(op, v, &ColExpr{ID: cols[0].ID, Typ: cols[0].Typ}, pos)
	if err != nil {
		return nil, nil, nil, false, err
	}
	return s, v, []Expr{cond}, false, nil
}

// rowCompare compares two rows of equal length: = and <> element-wise,
// the orderings lexicographically.
func (b *Binder) rowCompare(op string, l, r []Expr, pos parser.Pos) (Expr, error) {
	n := len(l)
	switch op {
	case "=", "<>":
		join := "and"
		if op == "<>" {
			join = "or"
		}
		var out Expr
		for i := 0; i < n; i++ {
			c, err := b.compare(op, l[i], r[i], pos)
			if err != nil {
				return nil, err
			}
			if out == nil {
				out = c
			} else if out, err = b.fn(pos, join, out, c); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	strict := strings.TrimSuffix(op, "=")
	out, err := b.compare(op, l[n-1], r[n-1], pos)
	if err != nil {
		return nil, err
	}
	for i := n - 2; i >= 0; i-- {
		lt, err := b.compare(strict, l[i], r[i], pos)
		if err != nil {
			return nil, err
		}
		eq, err := b.compare("=", l[i], r[i], pos)
		if err != nil {
			return nil, err
		}
		rest, err := b.fn(pos, "and", eq, out)
		if err != nil {
			return nil, err
		}
		if out, err = b.fn(pos, "or", lt, rest); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// rowMarkFix completes a correlated row comparison mark join j (whose
// mark found is true when some row of the outer value's set compares
// true): a second mark join finds whether some comparison is NULL, which
// makes the result NULL when nothing matched.
func (b *Binder) rowMarkFix(cur Op, j *Join, sp Op, d *decorr, m map[ColumnID]ColumnID, cmp []Expr, found, mark ColumnID) (Op, error) {
	sp2, gm, err := b.copyPlan(sp, true, nil)
	if err != nil {
		return nil, err
	}
	repl := map[ColumnID]Expr{}
	for _, c := range sp.Cols() {
		repl[c.ID] = &ColExpr{ID: gm[c.ID], Typ: c.Typ}
	}
	var conds []Expr
	for _, c := range d.corr {
		eq, err := nullSafeEq(&ColExpr{ID: c.ID, Typ: c.Typ}, &ColExpr{ID: gm[m[c.ID]], Typ: c.Typ})
		if err != nil {
			return nil, err
		}
		conds = append(conds, eq...)
	}
	for _, c := range cmp {
		c2, err := replaceCols(c, repl)
		if err != nil {
			return nil, err
		}
		isNull, err := newFunc("is null", []Expr{c2})
		if err != nil {
			return nil, err
		}
		conds = append(conds, isNull)
	}
	sawNull := b.newID()
	j2 := &Join{Left: j, Right: sp2, Kind: engine.JoinMark, Conds: conds, MarkID: sawNull}
	markExpr := &CaseExpr{Typ: vector.Boolean,
		Whens: []Expr{&ColExpr{ID: found, Typ: vector.Boolean}, &ColExpr{ID: sawNull, Typ: vector.Boolean}},
		Thens: []Expr{&ConstExpr{Val: vector.BoolValue(true)}, &ConstExpr{Val: vector.NullValue(vector.Boolean)}},
		Else:  &ConstExpr{Val: vector.BoolValue(false)}}
	p := &Project{Input: j2}
	for _, c := range cur.Cols() {
		p.Exprs = append(p.Exprs, &ColExpr{ID: c.ID, Typ: c.Typ})
		p.IDs = append(p.IDs, c.ID)
	}
	p.Exprs = append(p.Exprs, markExpr)
	p.IDs = append(p.IDs, mark)
	return p, nil
}
