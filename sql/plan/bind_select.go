package plan

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/lhsql/lhsql/engine"
	"github.com/lhsql/lhsql/sql/parser"
	"github.com/lhsql/lhsql/vector"
)

// selItem is one expanded select-list entry.
type selItem struct {
	ast  parser.Expr // nil when col is set directly (star expansion)
	col  *scopeCol
	name string
	// subst replaces COLUMNS(...) calls in ast by one matching column.
	subst map[*parser.FuncCall]parser.Expr
}

// bindCore binds one SELECT block including its ORDER BY and LIMIT.
func (b *Binder) bindCore(core *parser.SelectCore, orderBy []*parser.OrderItem, limit, offset int64, outer *scope) (Op, []string, error) {
	cur, sc, err := b.bindFrom(core.From, outer)
	if err != nil {
		return nil, nil, err
	}

	// WHERE: plain conjuncts filter first, subquery conjuncts become joins.
	if core.Where != nil {
		if cur, err = b.bindWhere(core.Where, sc, cur); err != nil {
			return nil, nil, err
		}
	}

	items, err := b.expandSelect(core.Items, sc)
	if err != nil {
		return nil, nil, err
	}
	names := make([]string, len(items))
	for i, it := range items {
		names[i] = it.name
	}

	aggs := &aggCollector{}
	wins := &winCollector{named: map[string]*parser.WindowDef{}}
	for _, w := range core.Windows {
		k := strings.ToLower(w.Name)
		if _, dup := wins.named[k]; dup {
			return nil, nil, b.errorf(-1, "window %q is already defined", w.Name)
		}
		wins.named[k] = w
	}
	aliases := map[string]parser.Expr{}
	for _, it := range core.Items {
		if it.Alias != "" {
			aliases[strings.ToLower(it.Alias)] = it.Expr
		}
	}
	ctx := &exprCtx{scope: sc, aggs: aggs, wins: wins, aliases: aliases}

	// GROUP BY expressions (no aggregates allowed).
	var groups []Expr
	groupAll := core.GroupByAll
	// groupSets is nil for a plain GROUP BY; otherwise each entry lists
	// indexes into groups (GROUPING SETS / ROLLUP / CUBE).
	var groupSets [][]int
	// Subqueries in GROUP BY keys join the input before aggregation.
	gctx := &exprCtx{scope: sc}
	if hasGroupingSets(core.GroupBy) {
		sets, err := expandGroupingSets(core.GroupBy)
		if err != nil {
			return nil, nil, err
		}
		index := map[string]int{}
		for _, set := range sets {
			var idx []int
			for _, g := range set {
				ge, err := b.bindGroupExpr(g, items, gctx)
				if err != nil {
					return nil, nil, err
				}
				k := key(ge)
				i, ok := index[k]
				if !ok {
					i = len(groups)
					index[k] = i
					groups = append(groups, ge)
				}
				idx = append(idx, i)
			}
			groupSets = append(groupSets, idx)
		}
	} else {
		for _, g := range core.GroupBy {
			ge, err := b.bindGroupExpr(g, items, gctx)
			if err != nil {
				return nil, nil, err
			}
			groups = append(groups, ge)
		}
	}

	if cur, err = gctx.apply(cur); err != nil {
		return nil, nil, err
	}

	// Select list.
	sel := make([]Expr, len(items))
	for i, it := range items {
		if it.col != nil {
			sel[i] = &ColExpr{ID: it.col.id, Typ: it.col.typ, Name: it.col.name}
			continue
		}
		b.colsSubst = it.subst
		sel[i], err = b.bindExpr(it.ast, ctx)
		b.colsSubst = nil
		if err != nil {
			return nil, nil, err
		}
	}
	if groupAll {
		for i, it := range items {
			if it.ast != nil && containsAgg(it.ast) {
				continue
			}
			groups = append(groups, sel[i])
		}
	}

	var having Expr
	if core.Having != nil {
		hctx := &exprCtx{scope: sc, aggs: aggs, aliases: aliases}
		if having, err = b.bindExpr(core.Having, hctx); err != nil {
			return nil, nil, err
		}
		ctx.applies = append(ctx.applies, hctx.applies...)
	}
	var qualify Expr
	if core.Qualify != nil {
		if qualify, err = b.bindExpr(core.Qualify, ctx); err != nil {
			return nil, nil, err
		}
	}

	// ORDER BY keys: output column index, or an extra expression.
	type ordKey struct {
		item  *parser.OrderItem
		out   int // index into sel, or -1
		extra Expr
	}
	var okeys []ordKey
	for _, item := range orderBy {
		if _, ok := item.Expr.(*parser.Star); ok {
			for i := range sel {
				okeys = append(okeys, ordKey{item: item, out: i})
			}
			continue
		}
		k := ordKey{item: item, out: -1}
		if lit, ok := item.Expr.(*parser.Literal); ok && lit.Kind == parser.LitInteger {
			n, _ := strconv.Atoi(lit.Value)
			if n < 1 || n > len(sel) {
				return nil, nil, b.errorf(lit.Pos, "ORDER term out of range - should be between 1 and %d", len(sel))
			}
			k.out = n - 1
		} else if cr, ok := item.Expr.(*parser.ColumnRef); ok && len(cr.Parts) == 1 {
			for i, it := range items {
				if it.ast != nil && strings.EqualFold(it.name, cr.Parts[0]) {
					k.out = i
					break
				}
			}
		}
		if k.out < 0 {
			e, err := b.bindExpr(item.Expr, ctx)
			if err != nil {
				return nil, nil, err
			}
			ek := key(e)
			for i, s := range sel {
				if key(s) == ek {
					k.out = i
					break
				}
			}
			if k.out < 0 {
				k.extra = e
			}
		}
		okeys = append(okeys, k)
	}

	// DISTINCT ON (e, ...): keep the first row of each group in ORDER BY
	// order, via row_number() over the group.
	if len(core.DistinctOn) > 0 {
		rn := &WinCall{Name: "row_number", Typ: vector.BigInt, ID: b.newID(),
			Frame: WinFrame{Mode: engine.FrameRows, Start: engine.BoundUnboundedPreceding, End: engine.BoundUnboundedFollowing}}
		for _, d := range core.DistinctOn {
			var e Expr
			if lit, ok := d.(*parser.Literal); ok && lit.Kind == parser.LitInteger {
				n, _ := strconv.Atoi(lit.Value)
				if n < 1 || n > len(sel) {
					return nil, nil, b.errorf(lit.Pos, "DISTINCT ON term out of range - should be between 1 and %d", len(sel))
				}
				e = sel[n-1]
			} else if e, err = b.bindExpr(d, ctx); err != nil {
				return nil, nil, err
			}
			rn.Partition = append(rn.Partition, e)
		}
		for _, k := range okeys {
			e := k.extra
			if k.out >= 0 {
				e = sel[k.out]
			}
			rn.Order = append(rn.Order, b.sortKey(e, k.item))
		}
		wins.calls = append(wins.calls, rn)
		one, err := b.fn(-1, "=", &ColExpr{ID: rn.ID, Typ: vector.BigInt, Name: "row_number"}, &ConstExpr{Val: vector.Value{Typ: vector.BigInt, I64: 1}})
		if err != nil {
			return nil, nil, err
		}
		if qualify == nil {
			qualify = one
		} else if qualify, err = b.fn(-1, "and", qualify, one); err != nil {
			return nil, nil, err
		}
		core = &parser.SelectCore{Distinct: false, Qualify: &parser.Literal{Kind: parser.LitBool, Bool: true, Pos: -1},
			Items: core.Items, From: core.From, Where: core.Where, GroupBy: core.GroupBy, GroupByAll: core.GroupByAll, Having: core.Having, Windows: core.Windows}
	}

	// Aggregation.
	aggregating := len(groups) > 0 || len(aggs.calls) > 0 || groupAll || groupSets != nil || len(aggs.groupings) > 0
	if aggregating {
		agg := &Aggregate{Input: cur, Aggs: aggs.calls}
		gmap := map[string]*ColExpr{}
		for _, g := range groups {
			k := key(g)
			if _, dup := gmap[k]; dup {
				continue
			}
			id := b.newID()
			agg.Groups = append(agg.Groups, g)
			agg.GroupIDs = append(agg.GroupIDs, id)
			gmap[k] = &ColExpr{ID: id, Typ: g.Type(), Name: g.String()}
		}
		cur = agg
		if groupSets != nil {
			if cur, err = b.groupingSetsOp(agg, groupSets, aggs.groupings); err != nil {
				return nil, nil, err
			}
		}
		valid := colSet{}
		for _, id := range agg.GroupIDs {
			valid.add(id)
		}
		for _, a := range agg.Aggs {
			valid.add(a.ID)
		}
		for _, g := range aggs.groupings {
			valid.add(g.id)
		}
		if groupSets == nil && len(aggs.groupings) > 0 {
			// Plain GROUP BY: every GROUPING() is 0.
			zero := map[ColumnID]Expr{}
			for _, g := range aggs.groupings {
				zero[g.id] = &ConstExpr{Val: vector.Value{Typ: vector.BigInt}}
			}
			for i := range sel {
				if sel[i], err = replaceCols(sel[i], zero); err != nil {
					return nil, nil, err
				}
			}
			if having != nil {
				if having, err = replaceCols(having, zero); err != nil {
					return nil, nil, err
				}
			}
			for i := range okeys {
				if okeys[i].extra != nil {
					if okeys[i].extra, err = replaceCols(okeys[i].extra, zero); err != nil {
						return nil, nil, err
					}
				}
			}
		}
		fix := func(e Expr, pos parser.Pos) (Expr, error) {
			out, err := rewrite(e, func(x Expr) Expr {
				if g, ok := gmap[key(x)]; ok {
					return g
				}
				return nil
			})
			if err != nil {
				return nil, err
			}
			var bad *ColExpr
			walk(out, func(x Expr) {
				if c, ok := x.(*ColExpr); ok && !valid.has(c.ID) && bad == nil && inScope(sc, c.ID) {
					bad = c
				}
			})
			if bad != nil {
				return nil, b.errorf(pos, "column %q must appear in the GROUP BY clause or must be part of an aggregate function.\nEither add it to the GROUP BY list, or use \"ANY_VALUE(%s)\" if the exact value of %q is not important.", bad.Name, bad.Name, bad.Name)
			}
			return out, nil
		}
		for i := range sel {
			var pos parser.Pos
			if items[i].ast != nil {
				pos = items[i].ast.Position()
			}
			if sel[i], err = fix(sel[i], pos); err != nil {
				return nil, nil, err
			}
		}
		if having != nil {
			if having, err = fix(having, core.Having.Position()); err != nil {
				return nil, nil, err
			}
		}
		for i := range okeys {
			if okeys[i].extra != nil {
				if okeys[i].extra, err = fix(okeys[i].extra, okeys[i].item.Expr.Position()); err != nil {
					return nil, nil, err
				}
			}
		}
		if qualify != nil {
			if qualify, err = fix(qualify, core.Qualify.Position()); err != nil {
				return nil, nil, err
			}
		}
		for _, w := range wins.calls {
			if err := w.rewriteAll(func(e Expr) (Expr, error) { return fix(e, -1) }); err != nil {
				return nil, nil, err
			}
		}
	} else if core.Having != nil {
		return nil, nil, b.errorf(core.Having.Position(), "HAVING clause without GROUP BY or aggregates")
	}

	// Subqueries in the select list, HAVING and ORDER BY join here.
	if cur, err = ctx.apply(cur); err != nil {
		return nil, nil, err
	}
	if having != nil {
		cur = &Filter{Input: cur, Conds: conjuncts(having)}
	}
	if len(wins.calls) > 0 {
		cur = &Window{Input: cur, Funcs: wins.calls}
	}
	if qualify != nil {
		cur = &Filter{Input: cur, Conds: conjuncts(qualify)}
	} else if core.Qualify != nil {
		return nil, nil, b.errorf(core.Qualify.Position(), "QUALIFY needs a window function")
	}

	proj := &Project{Input: cur}
	for _, e := range sel {
		proj.Exprs = append(proj.Exprs, e)
		proj.IDs = append(proj.IDs, b.newID())
	}
	nvisible := len(sel)
	var keys []SortKey
	for _, k := range okeys {
		idx := k.out
		if idx < 0 {
			if core.Distinct {
				return nil, nil, b.errorf(k.item.Expr.Position(), "for SELECT DISTINCT, ORDER BY expressions must appear in select list")
			}
			proj.Exprs = append(proj.Exprs, k.extra)
			proj.IDs = append(proj.IDs, b.newID())
			idx = len(proj.Exprs) - 1
		}
		keys = append(keys, b.sortKey(&ColExpr{ID: proj.IDs[idx], Typ: proj.Exprs[idx].Type(), Name: proj.Exprs[idx].String()}, k.item))
	}
	var op Op = proj
	if core.Distinct {
		agg := &Aggregate{Input: proj}
		for i, id := range proj.IDs {
			agg.Groups = append(agg.Groups, &ColExpr{ID: id, Typ: proj.Exprs[i].Type()})
			agg.GroupIDs = append(agg.GroupIDs, id)
		}
		op = agg
	}
	if len(keys) > 0 {
		op = &Sort{Input: op, Keys: keys, Limit: limit, Offset: offset}
	} else if limit >= 0 || offset > 0 {
		op = &Limit{Input: op, Limit: limit, Offset: offset}
	}
	if len(proj.Exprs) > nvisible {
		final := &Project{Input: op}
		for i := 0; i < nvisible; i++ {
			final.Exprs = append(final.Exprs, &ColExpr{ID: proj.IDs[i], Typ: proj.Exprs[i].Type()})
			final.IDs = append(final.IDs, b.newID())
		}
		op = final
	}
	return op, names, nil
}

// inScope reports whether id is a column of sc itself (not a parent).
func inScope(sc *scope, id ColumnID) bool {
	for _, c := range sc.cols {
		if c.id == id {
			return true
		}
	}
	return false
}

// bindGroupExpr binds one GROUP BY entry: an ordinal, a select alias, or
// an expression over the FROM clause.
func (b *Binder) bindGroupExpr(g parser.Expr, items []selItem, ctx *exprCtx) (Expr, error) {
	sc := ctx.scope
	if lit, ok := g.(*parser.Literal); ok && lit.Kind == parser.LitInteger {
		n, _ := strconv.Atoi(lit.Value)
		if n < 1 || n > len(items) {
			return nil, b.errorf(lit.Pos, "GROUP BY term out of range - should be between 1 and %d", len(items))
		}
		it := items[n-1]
		if it.col != nil {
			return &ColExpr{ID: it.col.id, Typ: it.col.typ, Name: it.col.name}, nil
		}
		return b.bindExpr(it.ast, ctx)
	}
	if cr, ok := g.(*parser.ColumnRef); ok && len(cr.Parts) == 1 {
		if found, _ := sc.resolve(cr.Parts); len(found) == 0 {
			for _, it := range items {
				if it.ast != nil && strings.EqualFold(it.name, cr.Parts[0]) {
					return b.bindExpr(it.ast, ctx)
				}
			}
		}
	}
	return b.bindExpr(g, ctx)
}

// expandSelect expands stars and names the select items.
func (b *Binder) expandSelect(items []*parser.SelectItem, sc *scope) ([]selItem, error) {
	var out []selItem
	for _, it := range items {
		star, ok := it.Expr.(*parser.Star)
		if !ok {
			if calls := columnsCalls(it.Expr); len(calls) > 0 {
				exp, err := b.expandColumns(it, calls, sc)
				if err != nil {
					return nil, err
				}
				out = append(out, exp...)
				continue
			}
			name := it.Alias
			if name == "" {
				name = exprName(it.Expr)
			}
			out = append(out, selItem{ast: it.Expr, name: name})
			continue
		}
		excl := map[string]bool{}
		for _, e := range star.Exclude {
			excl[strings.ToLower(e)] = true
		}
		repl := map[string]*parser.SelectItem{}
		for _, r := range star.Replace {
			repl[strings.ToLower(r.Alias)] = r
		}
		n := 0
		for i := range sc.cols {
			c := &sc.cols[i]
			if c.hidden || c.pseudo {
				continue
			}
			if star.Table != "" && !strings.EqualFold(c.table, star.Table) {
				continue
			}
			n++
			if excl[strings.ToLower(c.name)] {
				continue
			}
			if r, ok := repl[strings.ToLower(c.name)]; ok {
				out = append(out, selItem{ast: r.Expr, name: c.name})
				continue
			}
			out = append(out, selItem{col: c, name: c.name})
		}
		if n == 0 {
			if star.Table != "" {
				return nil, b.errorf(star.Pos, "Referenced table %q not found!", star.Table)
			}
			return nil, b.errorf(star.Pos, "SELECT * with no tables specified is not valid")
		}
	}
	return out, nil
}

// bindWhere binds a WHERE clause over cur.
func (b *Binder) bindWhere(where parser.Expr, sc *scope, cur Op) (Op, error) {
	var plain []Expr
	var subs []parser.Expr
	for _, c := range astConjuncts(where) {
		if containsSubquery(c) {
			subs = append(subs, c)
			continue
		}
		e, err := b.bindExpr(c, &exprCtx{scope: sc})
		if err != nil {
			return nil, err
		}
		if err := b.checkBool(e, c); err != nil {
			return nil, err
		}
		plain = append(plain, conjuncts(e)...)
	}
	if len(plain) > 0 {
		cur = &Filter{Input: cur, Conds: plain}
	}
	for _, c := range subs {
		var err error
		var handled bool
		if cur, handled, err = b.bindSubqueryConjunct(c, sc, cur); err != nil {
			return nil, err
		}
		if handled {
			continue
		}
		ctx := &exprCtx{scope: sc}
		e, err := b.bindExpr(c, ctx)
		if err != nil {
			return nil, err
		}
		if err := b.checkBool(e, c); err != nil {
			return nil, err
		}
		if cur, err = ctx.apply(cur); err != nil {
			return nil, err
		}
		cur = &Filter{Input: cur, Conds: conjuncts(e)}
	}
	return cur, nil
}

func (b *Binder) checkBool(e Expr, ast parser.Expr) error {
	t := e.Type().ID
	if t != vector.TypeBoolean && t != vector.TypeNull {
		return b.errorf(ast.Position(), "WHERE clause must be a boolean expression, not %s", e.Type())
	}
	return nil
}

// astConjuncts splits an AST predicate on AND.
func astConjuncts(e parser.Expr) []parser.Expr {
	if be, ok := e.(*parser.BinaryExpr); ok && strings.EqualFold(be.Op, "AND") {
		return append(astConjuncts(be.L), astConjuncts(be.R)...)
	}
	return []parser.Expr{e}
}

// aggCollector gathers the aggregate calls of one query block.
type aggCollector struct {
	calls     []*AggCall
	keys      []string
	groupings []*groupingCall
}

func (a *aggCollector) add(c *AggCall) *ColExpr {
	k := c.Name + "|" + strconv.FormatBool(c.Distinct) + "|"
	for _, x := range c.Args {
		k += key(x) + ","
	}
	if c.Filter != nil {
		k += "|" + key(c.Filter)
	}
	for _, o := range c.Order {
		k += "|o" + strconv.FormatBool(o.Desc) + strconv.FormatBool(o.NullsFirst)
	}
	for i, ek := range a.keys {
		if ek == k {
			return &ColExpr{ID: a.calls[i].ID, Typ: a.calls[i].Typ, Name: c.Name}
		}
	}
	a.calls = append(a.calls, c)
	a.keys = append(a.keys, k)
	return &ColExpr{ID: c.ID, Typ: c.Typ, Name: c.Name}
}

// exprName is the column name DuckDB gives an unaliased expression: a
// column reference is named by its last part, and inside a larger
// expression by all of its parts (innerName).
func exprName(e parser.Expr) string {
	if x, ok := e.(*parser.ColumnRef); ok {
		return x.Parts[len(x.Parts)-1]
	}
	return innerName(e)
}

// innerName renders e as DuckDB does inside a column name.
func innerName(e parser.Expr) string {
	exprName := innerName
	switch x := e.(type) {
	case *parser.ColumnRef:
		return strings.Join(x.Parts, ".")
	case *parser.IndexExpr:
		s := exprName(x.X) + "["
		if x.Index != nil {
			s += exprName(x.Index)
		}
		if x.Slice {
			s += ":"
			if x.Hi != nil {
				s += exprName(x.Hi)
			}
			if x.Step != nil {
				s += ":" + exprName(x.Step)
			}
		}
		return s + "]"
	case *parser.FuncCall:
		if x.Name == "columns" {
			return colsMarker
		}
		if x.Star && len(x.Args) == 0 {
			return x.Name + "_star()"
		}
		args := make([]string, len(x.Args))
		for i, a := range x.Args {
			args[i] = exprName(a)
		}
		d := ""
		if x.Distinct {
			d = "DISTINCT "
		}
		return x.Name + "(" + d + strings.Join(args, ", ") + orderItemsName(x.OrderBy) + ")"
	case *parser.Literal:
		switch x.Kind {
		case parser.LitNull:
			return "NULL"
		case parser.LitBool:
			if x.Bool {
				return "true"
			}
			return "false"
		case parser.LitString:
			return "'" + x.Value + "'"
		case parser.LitTyped:
			return "CAST('" + x.Value + "' AS " + x.TypeName + ")"
		}
		return x.Value
	case *parser.BinaryExpr:
		return "(" + exprName(x.L) + " " + x.Op + " " + exprName(x.R) + ")"
	case *parser.UnaryExpr:
		if x.Op == "NOT" {
			return "(NOT " + exprName(x.X) + ")"
		}
		return "(" + x.Op + exprName(x.X) + ")"
	case *parser.CastExpr:
		return "CAST(" + exprName(x.X) + " AS " + x.To.Name + ")"
	case *parser.ExtractExpr:
		return "extract(" + x.Field + " FROM " + exprName(x.X) + ")"
	case *parser.SubstringExpr:
		s := "substring(" + exprName(x.X)
		if x.From != nil {
			s += ", " + exprName(x.From)
		}
		if x.For != nil {
			s += ", " + exprName(x.For)
		}
		return s + ")"
	case *parser.CaseExpr:
		return "CASE  WHEN ... END"
	case *parser.SubqueryExpr:
		return "(SELECT ...)"
	case *parser.IsNullExpr:
		if x.Not {
			return "(" + exprName(x.X) + " IS NOT NULL)"
		}
		return "(" + exprName(x.X) + " IS NULL)"
	}
	return "?column?"
}

// containsSubquery reports whether an AST expression has a subquery.
func containsSubquery(e parser.Expr) bool {
	found := false
	astWalk(e, func(x parser.Expr) {
		switch y := x.(type) {
		case *parser.SubqueryExpr, *parser.ExistsExpr, *parser.InSubqueryExpr:
			found = true
		case *parser.QuantifiedExpr:
			if y.Query != nil { // x op ANY (list) is no subquery
				found = true
			}
		}
	})
	return found
}

// containsAgg reports whether an AST expression calls an aggregate
// (outside subqueries).
func containsAgg(e parser.Expr) bool {
	found := false
	astWalk(e, func(x parser.Expr) {
		if f, ok := x.(*parser.FuncCall); ok && f.Over == nil && engine.IsAggregate(f.Name) {
			found = true
		}
	})
	return found
}

// astWalk visits an AST expression tree (not descending into subqueries).
func astWalk(e parser.Expr, f func(parser.Expr)) {
	if e == nil {
		return
	}
	f(e)
	switch x := e.(type) {
	case *parser.UnaryExpr:
		astWalk(x.X, f)
	case *parser.BinaryExpr:
		astWalk(x.L, f)
		astWalk(x.R, f)
		astWalk(x.Escape, f)
	case *parser.IsNullExpr:
		astWalk(x.X, f)
	case *parser.IsBoolExpr:
		astWalk(x.X, f)
	case *parser.BetweenExpr:
		astWalk(x.X, f)
		astWalk(x.Lo, f)
		astWalk(x.Hi, f)
	case *parser.InListExpr:
		astWalk(x.X, f)
		for _, a := range x.List {
			astWalk(a, f)
		}
	case *parser.InSubqueryExpr:
		astWalk(x.X, f)
	case *parser.QuantifiedExpr:
		astWalk(x.X, f)
		astWalk(x.Array, f)
	case *parser.CaseExpr:
		astWalk(x.Operand, f)
		for _, w := range x.Whens {
			astWalk(w.Cond, f)
			astWalk(w.Result, f)
		}
		astWalk(x.Else, f)
	case *parser.CastExpr:
		astWalk(x.X, f)
	case *parser.FuncCall:
		for _, a := range x.Args {
			astWalk(a, f)
		}
		astWalk(x.Filter, f)
		for _, o := range x.OrderBy {
			astWalk(o.Expr, f)
		}
	case *parser.ExtractExpr:
		astWalk(x.X, f)
	case *parser.SubstringExpr:
		astWalk(x.X, f)
		astWalk(x.From, f)
		astWalk(x.For, f)
	case *parser.TrimExpr:
		astWalk(x.Chars, f)
		astWalk(x.X, f)
	case *parser.CollateExpr:
		astWalk(x.X, f)
	case *parser.ListExpr:
		for _, a := range x.Items {
			astWalk(a, f)
		}
	case *parser.StructExpr:
		for _, a := range x.Values {
			astWalk(a, f)
		}
	case *parser.IndexExpr:
		astWalk(x.X, f)
		astWalk(x.Index, f)
		astWalk(x.Hi, f)
	case *parser.PositionExpr:
		astWalk(x.Needle, f)
		astWalk(x.Haystack, f)
	}
}

// WalkAST visits an AST expression tree (not descending into subqueries).
func WalkAST(e parser.Expr, f func(parser.Expr)) { astWalk(e, f) }

// colsMarker stands for a COLUMNS(...) call in generated column names.
const colsMarker = "\x00columns\x00"

// columnsCalls returns the COLUMNS(...) calls in a select item.
func columnsCalls(e parser.Expr) []*parser.FuncCall {
	var out []*parser.FuncCall
	astWalk(e, func(x parser.Expr) {
		if f, ok := x.(*parser.FuncCall); ok && f.Name == "columns" && len(f.Args) == 1 {
			out = append(out, f)
		}
	})
	return out
}

// expandColumns expands a select item using COLUMNS(*) / COLUMNS('regex')
// into one item per matching column.
func (b *Binder) expandColumns(it *parser.SelectItem, calls []*parser.FuncCall, sc *scope) ([]selItem, error) {
	var matches [][]*scopeCol
	for _, call := range calls {
		var m []*scopeCol
		switch a := call.Args[0].(type) {
		case *parser.Star:
			excl := map[string]bool{}
			for _, e := range a.Exclude {
				excl[strings.ToLower(e)] = true
			}
			for i := range sc.cols {
				c := &sc.cols[i]
				if c.hidden || c.pseudo || excl[strings.ToLower(c.name)] || (a.Table != "" && !strings.EqualFold(c.table, a.Table)) {
					continue
				}
				m = append(m, c)
			}
		case *parser.Literal:
			if a.Kind != parser.LitString {
				return nil, b.errorf(call.Pos, "COLUMNS expects *, a regular expression or a lambda")
			}
			re, err := regexp.Compile(a.Value)
			if err != nil {
				return nil, b.errorf(call.Pos, "COLUMNS: invalid regular expression: %v", err)
			}
			for i := range sc.cols {
				if c := &sc.cols[i]; !c.hidden && !c.pseudo && re.MatchString(c.name) {
					m = append(m, c)
				}
			}
		default:
			return nil, b.errorf(call.Pos, "this form of COLUMNS is not supported yet")
		}
		if len(m) == 0 {
			return nil, b.errorf(call.Pos, "No matching columns found that match COLUMNS")
		}
		if len(matches) > 0 && len(m) != len(matches[0]) {
			return nil, b.errorf(call.Pos, "Multiple different COLUMNS in the same expression must have the same number of columns")
		}
		matches = append(matches, m)
	}
	var out []selItem
	for k := range matches[0] {
		subst := map[*parser.FuncCall]parser.Expr{}
		for ci, call := range calls {
			c := matches[ci][k]
			subst[call] = &parser.ColumnRef{Parts: []string{c.table, c.name}, Pos: call.Pos}
		}
		name := it.Alias
		if name == "" {
			if f, ok := it.Expr.(*parser.FuncCall); ok && f == calls[0] {
				name = matches[0][k].name
			} else {
				name = strings.ReplaceAll(exprName(it.Expr), colsMarker, matches[0][k].name)
			}
		}
		out = append(out, selItem{ast: it.Expr, name: name, subst: subst})
	}
	return out, nil
}
