package plan

import (
	"sort"
	"strings"

	"github.com/lhsql/lhsql/engine"
	"github.com/lhsql/lhsql/sql/parser"
	"github.com/lhsql/lhsql/vector"
)

// General decorrelation (Neumann & Kemper, "Unnesting Arbitrary Queries").
//
// When pullUp cannot lift the correlated predicates of a subquery S to its
// top, S is evaluated for every distinct value of the outer columns it
// uses: D = DISTINCT(correlated columns) is computed from a copy of the
// outer plan, and a dependent join of D with S is pushed down through S
// until no operator below it references the outer query any more, where it
// becomes a plain cross product with D. Every operator on the way carries
// D's columns up and uses them instead of the outer references (filters
// and projections rewrite them, aggregates and windows group/partition by
// them, LIMIT becomes a row_number() filter per D value, set operations
// include them in their rows). The result has S's columns plus D's and is
// joined back to the outer plan on outer column IS NOT DISTINCT FROM D
// column.

// decorr pushes a dependent join with D through a subquery plan.
type decorr struct {
	b *Binder
	// base is the plan D's values are taken from (a part of the outer plan
	// producing at least every value of the correlated columns).
	base Op
	// corr are the correlated outer columns, ordered by ID.
	corr    []Col
	corrSet colSet
}

// newDecorr prepares decorrelation of the columns corr of the outer plan cur.
func newDecorr(b *Binder, cur Op, corr []Col) *decorr {
	sort.Slice(corr, func(i, j int) bool { return corr[i].ID < corr[j].ID })
	set := colSet{}
	for _, c := range corr {
		set.add(c.ID)
	}
	return &decorr{b: b, base: dBase(cur, set), corr: corr, corrSet: set}
}

// dBase returns a part of cur that produces the columns need with at least
// every value combination cur has: joins that only add columns to their
// left input (subquery joins) are skipped, so D does not recompute them.
func dBase(cur Op, need colSet) Op {
	for {
		switch x := cur.(type) {
		case *Join:
			if !need.subsetOf(colIDSet(x.Left.Cols())) {
				return cur
			}
			switch x.Kind {
			case engine.JoinLeft, engine.JoinMark:
				cur = x.Left
				continue
			case engine.JoinInner:
				if _, ok := x.Right.(*SingleRow); ok {
					cur = x.Left
					continue
				}
			}
			return cur
		case *Project:
			ok := true
			for id := range need {
				found := false
				for i, pid := range x.IDs {
					if pid == id {
						c, isCol := x.Exprs[i].(*ColExpr)
						found = isCol && c.ID == id
						break
					}
				}
				if !found {
					ok = false
					break
				}
			}
			if !ok {
				return cur
			}
			cur = x.Input
		default:
			return cur
		}
	}
}

// newD returns a fresh copy of D and the column of it holding each
// correlated column.
func (d *decorr) newD() (Op, map[ColumnID]ColumnID, error) {
	cp, m, err := d.b.copyPlan(d.base, true, nil)
	if err != nil {
		return nil, nil, err
	}
	agg := &Aggregate{Input: cp}
	out := map[ColumnID]ColumnID{}
	for _, c := range d.corr {
		agg.Groups = append(agg.Groups, &ColExpr{ID: m[c.ID], Typ: c.Typ})
		id := d.b.newID()
		agg.GroupIDs = append(agg.GroupIDs, id)
		out[c.ID] = id
	}
	return agg, out, nil
}

// has reports whether op references a correlated column.
func (d *decorr) has(op Op) bool {
	refs, defs := colSet{}, colSet{}
	planCols(op, refs, defs)
	for id := range refs {
		if d.corrSet.has(id) {
			return true
		}
	}
	return false
}

// sub replaces correlated columns in e by their D columns.
func (d *decorr) sub(e Expr, m map[ColumnID]ColumnID) (Expr, error) {
	if e == nil {
		return nil, nil
	}
	return rewrite(e, func(x Expr) Expr {
		if c, ok := x.(*ColExpr); ok {
			if n, ok := m[c.ID]; ok && d.corrSet.has(c.ID) {
				return &ColExpr{ID: n, Typ: c.Typ, Name: c.Name}
			}
		}
		return nil
	})
}

func (d *decorr) subAll(es []Expr, m map[ColumnID]ColumnID) ([]Expr, error) {
	if es == nil {
		return nil, nil
	}
	out := make([]Expr, len(es))
	for i, e := range es {
		var err error
		if out[i], err = d.sub(e, m); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (d *decorr) subKeys(ks []SortKey, m map[ColumnID]ColumnID) ([]SortKey, error) {
	out := make([]SortKey, len(ks))
	for i, k := range ks {
		e, err := d.sub(k.Expr, m)
		if err != nil {
			return nil, err
		}
		out[i] = SortKey{Expr: e, Desc: k.Desc, NullsFirst: k.NullsFirst}
	}
	return out, nil
}

// dCols returns references to the D columns of m in correlation order.
func (d *decorr) dCols(m map[ColumnID]ColumnID) []Expr {
	out := make([]Expr, len(d.corr))
	for i, c := range d.corr {
		out[i] = &ColExpr{ID: m[c.ID], Typ: c.Typ}
	}
	return out
}

// matchD returns conditions equating (NULL-safely) two D column sets.
func (d *decorr) matchD(a, c map[ColumnID]ColumnID) ([]Expr, error) {
	var out []Expr
	for _, col := range d.corr {
		eq, err := nullSafeEq(&ColExpr{ID: a[col.ID], Typ: col.Typ}, &ColExpr{ID: c[col.ID], Typ: col.Typ})
		if err != nil {
			return nil, err
		}
		out = append(out, eq...)
	}
	return out, nil
}

// nullSafeEq returns conjuncts equivalent to a IS NOT DISTINCT FROM c. For
// scalar types they are plain equalities (a NULL-free key plus a NULL flag)
// so the hash join can use them as keys.
func nullSafeEq(a, c Expr) ([]Expr, error) {
	t := a.Type()
	switch t.Phys() {
	case vector.PhysBool, vector.PhysInt64, vector.PhysFloat64, vector.PhysString, vector.PhysInterval:
		if t.ID == vector.TypeNull || !t.Equal(c.Type()) {
			break
		}
		z := &ConstExpr{Val: vector.Value{Typ: t}}
		ca, err := newFunc("coalesce", []Expr{a, z})
		if err != nil {
			return nil, err
		}
		cc, err := newFunc("coalesce", []Expr{c, z})
		if err != nil {
			return nil, err
		}
		eq, err := newFunc("=", []Expr{ca, cc})
		if err != nil {
			return nil, err
		}
		na, err := newFunc("is null", []Expr{a})
		if err != nil {
			return nil, err
		}
		nc, err := newFunc("is null", []Expr{c})
		if err != nil {
			return nil, err
		}
		eqn, err := newFunc("=", []Expr{na, nc})
		if err != nil {
			return nil, err
		}
		return []Expr{eq, eqn}, nil
	}
	f, err := newFunc("is not distinct from", []Expr{a, c})
	if err != nil {
		return nil, err
	}
	return []Expr{f}, nil
}

// emptyAggValue returns the value an aggregate has over no rows when that
// is not NULL.
func emptyAggValue(a *AggCall) (vector.Value, bool) {
	switch a.Name {
	case "count", "count_star":
		return vector.Value{Typ: a.Typ}, true
	}
	return vector.Value{}, false
}

// push returns op joined with D: op's columns plus D's, where each row of
// op' is a row op produces for the outer values in its D columns. The map
// gives the column of op' holding each correlated column.
func (d *decorr) push(op Op) (Op, map[ColumnID]ColumnID, error) {
	if !d.has(op) {
		dop, m, err := d.newD()
		if err != nil {
			return nil, nil, err
		}
		return &Join{Left: op, Right: dop, Kind: engine.JoinInner}, m, nil
	}
	switch x := op.(type) {
	case *Scan:
		// Filters are only placed in scans by the optimizer; handle them
		// as a filter anyway.
		s := *x
		s.Filters = nil
		return d.push(&Filter{Input: &s, Conds: x.Filters})
	case *Filter:
		in, m, err := d.push(x.Input)
		if err != nil {
			return nil, nil, err
		}
		conds, err := d.subAll(x.Conds, m)
		if err != nil {
			return nil, nil, err
		}
		return &Filter{Input: in, Conds: conds}, m, nil
	case *Project:
		in, m, err := d.push(x.Input)
		if err != nil {
			return nil, nil, err
		}
		es, err := d.subAll(x.Exprs, m)
		if err != nil {
			return nil, nil, err
		}
		p := &Project{Input: in, Exprs: es, IDs: append([]ColumnID(nil), x.IDs...)}
		for i, e := range d.dCols(m) {
			p.Exprs = append(p.Exprs, e)
			p.IDs = append(p.IDs, m[d.corr[i].ID])
		}
		return p, m, nil
	case *Aggregate:
		return d.pushAggregate(x)
	case *Join:
		return d.pushJoin(x)
	case *Window:
		in, m, err := d.push(x.Input)
		if err != nil {
			return nil, nil, err
		}
		w := &Window{Input: in}
		for _, f := range x.Funcs {
			nf := *f
			nf.Args = append([]Expr(nil), f.Args...)
			nf.Partition = append([]Expr(nil), f.Partition...)
			nf.Order = append([]SortKey(nil), f.Order...)
			if err := nf.rewriteAll(func(e Expr) (Expr, error) { return d.sub(e, m) }); err != nil {
				return nil, nil, err
			}
			nf.Partition = append(nf.Partition, d.dCols(m)...)
			w.Funcs = append(w.Funcs, &nf)
		}
		return w, m, nil
	case *Sort:
		in, m, err := d.push(x.Input)
		if err != nil {
			return nil, nil, err
		}
		keys, err := d.subKeys(x.Keys, m)
		if err != nil {
			return nil, nil, err
		}
		if x.Limit < 0 && x.Offset == 0 {
			return &Sort{Input: in, Keys: keys, Limit: -1}, m, nil
		}
		out, err := d.limitPerD(in, m, keys, x.Limit, x.Offset)
		return out, m, err
	case *Limit:
		in, m, err := d.push(x.Input)
		if err != nil {
			return nil, nil, err
		}
		out, err := d.limitPerD(in, m, nil, x.Limit, x.Offset)
		return out, m, err
	case *UnionAll:
		u := &UnionAll{IDs: append([]ColumnID(nil), x.IDs...)}
		for _, in := range x.Inputs {
			p, err := d.pushSetInput(in)
			if err != nil {
				return nil, nil, err
			}
			u.Inputs = append(u.Inputs, p)
		}
		m := d.setIDs(&u.IDs)
		return u, m, nil
	case *SetOp:
		l, err := d.pushSetInput(x.Left)
		if err != nil {
			return nil, nil, err
		}
		r, err := d.pushSetInput(x.Right)
		if err != nil {
			return nil, nil, err
		}
		s := &SetOp{Left: l, Right: r, Kind: x.Kind, All: x.All, IDs: append([]ColumnID(nil), x.IDs...)}
		m := d.setIDs(&s.IDs)
		return s, m, nil
	case *Unnest:
		in, m, err := d.push(x.Input)
		if err != nil {
			return nil, nil, err
		}
		lists, err := d.subAll(x.Lists, m)
		if err != nil {
			return nil, nil, err
		}
		return &Unnest{Input: in, Lists: lists, IDs: append([]ColumnID(nil), x.IDs...)}, m, nil
	case *SingleRow:
		// Exactly one row per D value: D LEFT JOIN the input.
		in, m, err := d.push(x.Input)
		if err != nil {
			return nil, nil, err
		}
		dop, dm, err := d.newD()
		if err != nil {
			return nil, nil, err
		}
		conds, err := d.matchD(dm, m)
		if err != nil {
			return nil, nil, err
		}
		return &Join{Left: dop, Right: in, Kind: engine.JoinLeft, Conds: conds}, dm, nil
	}
	return nil, nil, errCorrelated
}

// setIDs appends new output IDs for the D columns of a set operation.
func (d *decorr) setIDs(ids *[]ColumnID) map[ColumnID]ColumnID {
	m := map[ColumnID]ColumnID{}
	for _, c := range d.corr {
		id := d.b.newID()
		*ids = append(*ids, id)
		m[c.ID] = id
	}
	return m
}

// pushSetInput pushes D into one input of a set operation and projects
// exactly its columns followed by the D columns.
func (d *decorr) pushSetInput(in Op) (Op, error) {
	cols := in.Cols()
	p, m, err := d.push(in)
	if err != nil {
		return nil, err
	}
	pr := &Project{Input: p}
	for _, c := range cols {
		pr.Exprs = append(pr.Exprs, &ColExpr{ID: c.ID, Typ: c.Typ})
		pr.IDs = append(pr.IDs, c.ID)
	}
	for i, e := range d.dCols(m) {
		pr.Exprs = append(pr.Exprs, e)
		pr.IDs = append(pr.IDs, m[d.corr[i].ID])
	}
	return pr, nil
}

// limitPerD keeps rows (offset, offset+limit] of each D value (in key
// order) with row_number() over (PARTITION BY D).
func (d *decorr) limitPerD(in Op, m map[ColumnID]ColumnID, keys []SortKey, limit, offset int64) (Op, error) {
	rn := &WinCall{Name: "row_number", Typ: vector.BigInt, ID: d.b.newID(),
		Frame:     WinFrame{Mode: engine.FrameRows, Start: engine.BoundUnboundedPreceding, End: engine.BoundUnboundedFollowing},
		Partition: d.dCols(m), Order: keys}
	w := &Window{Input: in, Funcs: []*WinCall{rn}}
	col := &ColExpr{ID: rn.ID, Typ: vector.BigInt, Name: "row_number"}
	var conds []Expr
	if offset > 0 {
		c, err := newFunc(">", []Expr{col, &ConstExpr{Val: vector.IntValue(offset)}})
		if err != nil {
			return nil, err
		}
		conds = append(conds, c)
	}
	if limit >= 0 {
		c, err := newFunc("<=", []Expr{col, &ConstExpr{Val: vector.IntValue(offset + limit)}})
		if err != nil {
			return nil, err
		}
		conds = append(conds, c)
	}
	if len(conds) == 0 {
		return w, nil
	}
	return &Filter{Input: w, Conds: conds}, nil
}

func (d *decorr) pushAggregate(x *Aggregate) (Op, map[ColumnID]ColumnID, error) {
	in, m, err := d.push(x.Input)
	if err != nil {
		return nil, nil, err
	}
	agg := &Aggregate{Input: in, GroupIDs: append([]ColumnID(nil), x.GroupIDs...)}
	if agg.Groups, err = d.subAll(x.Groups, m); err != nil {
		return nil, nil, err
	}
	global := len(x.Groups) == 0
	for _, a := range x.Aggs {
		na := *a
		if na.Args, err = d.subAll(a.Args, m); err != nil {
			return nil, nil, err
		}
		if na.Filter, err = d.sub(a.Filter, m); err != nil {
			return nil, nil, err
		}
		if global {
			na.ID = d.b.newID()
		}
		agg.Aggs = append(agg.Aggs, &na)
	}
	for i, e := range d.dCols(m) {
		agg.Groups = append(agg.Groups, e)
		agg.GroupIDs = append(agg.GroupIDs, m[d.corr[i].ID])
	}
	if !global {
		return agg, m, nil
	}
	// A global aggregate yields one row even over no input: LEFT JOIN D
	// with the grouped aggregate, and give COUNT its 0 for missing groups.
	dop, dm, err := d.newD()
	if err != nil {
		return nil, nil, err
	}
	conds, err := d.matchD(dm, m)
	if err != nil {
		return nil, nil, err
	}
	j := &Join{Left: dop, Right: agg, Kind: engine.JoinLeft, Conds: conds}
	p := &Project{Input: j}
	for i, a := range x.Aggs {
		var e Expr = &ColExpr{ID: agg.Aggs[i].ID, Typ: a.Typ, Name: a.Name}
		if v, ok := emptyAggValue(a); ok {
			if e, err = newFunc("coalesce", []Expr{e, &ConstExpr{Val: v}}); err != nil {
				return nil, nil, err
			}
		}
		p.Exprs = append(p.Exprs, e)
		p.IDs = append(p.IDs, a.ID)
	}
	for i, e := range d.dCols(dm) {
		p.Exprs = append(p.Exprs, e)
		p.IDs = append(p.IDs, dm[d.corr[i].ID])
	}
	return p, dm, nil
}

func (d *decorr) pushJoin(x *Join) (Op, map[ColumnID]ColumnID, error) {
	lc, rc := d.has(x.Left), d.has(x.Right)
	var pushL, pushR bool
	switch x.Kind {
	case engine.JoinInner:
		pushL, pushR = lc, rc
		if !lc && !rc {
			pushL = true // only the condition is correlated
		}
	case engine.JoinRight:
		pushL, pushR = lc, true
	case engine.JoinFull:
		pushL, pushR = true, true
	default: // LEFT, SEMI, ANTI, MARK keep every left row
		pushL, pushR = true, rc
	}
	l, r := x.Left, x.Right
	var lm, rm map[ColumnID]ColumnID
	var err error
	if pushL {
		if l, lm, err = d.push(x.Left); err != nil {
			return nil, nil, err
		}
	}
	if pushR {
		if r, rm, err = d.push(x.Right); err != nil {
			return nil, nil, err
		}
	}
	m := lm
	if m == nil || x.Kind == engine.JoinRight {
		m = rm
	}
	j := &Join{Left: l, Right: r, Kind: x.Kind, MarkID: x.MarkID}
	if j.Conds, err = d.subAll(x.Conds, m); err != nil {
		return nil, nil, err
	}
	if pushL && pushR {
		eq, err := d.matchD(lm, rm)
		if err != nil {
			return nil, nil, err
		}
		j.Conds = append(j.Conds, eq...)
	}
	if x.Kind != engine.JoinFull {
		return j, m, nil
	}
	// FULL JOIN: either side's D columns may be NULL-padded.
	p := &Project{Input: j}
	for _, c := range j.Cols() {
		p.Exprs = append(p.Exprs, &ColExpr{ID: c.ID, Typ: c.Typ})
		p.IDs = append(p.IDs, c.ID)
	}
	out := map[ColumnID]ColumnID{}
	for _, c := range d.corr {
		co, err := newFunc("coalesce", []Expr{&ColExpr{ID: lm[c.ID], Typ: c.Typ}, &ColExpr{ID: rm[c.ID], Typ: c.Typ}})
		if err != nil {
			return nil, nil, err
		}
		id := d.b.newID()
		p.Exprs = append(p.Exprs, co)
		p.IDs = append(p.IDs, id)
		out[c.ID] = id
	}
	return p, out, nil
}

// bindLateralRef binds the FROM item ref that follows the items bound as
// left (with scope ls). A subquery may refer to the columns of the items
// before it (LATERAL, explicit or implied): it is then decorrelated against
// left, and conds are the conditions joining its result to left.
func (b *Binder) bindLateralRef(left Op, ls *scope, ref parser.TableRef, outer *scope) (Op, *scope, []Expr, error) {
	if tf, ok := ref.(*parser.TableFunc); ok && left != nil {
		op, sc, err := b.bindTableRef(ref, outer)
		if err == nil {
			return op, sc, nil, nil
		}
		if sub := lateralSeries(tf); sub != nil {
			if op, sc, conds, err2 := b.bindLateralRef(left, ls, sub, outer); err2 == nil {
				return op, sc, conds, nil
			}
		}
		return nil, nil, nil, err
	}
	x, ok := ref.(*parser.SubqueryRef)
	if !ok || left == nil {
		op, sc, err := b.bindTableRef(ref, outer)
		return op, sc, nil, err
	}
	lsc := &scope{cols: ls.cols, parent: outer}
	op, names, err := b.bindSelect(x.Query, lsc)
	if err != nil {
		return nil, nil, nil, err
	}
	_, sc, err := b.aliasOp(op, names, x.Alias, x.ColAliases, 0)
	if err != nil {
		return nil, nil, nil, err
	}
	refs, defs := colSet{}, colSet{}
	planCols(op, refs, defs)
	var corr []Col
	for _, c := range left.Cols() {
		if refs.has(c.ID) && !defs.has(c.ID) {
			corr = append(corr, c)
		}
	}
	if len(corr) == 0 {
		return op, sc, nil, nil
	}
	sp, conds, _, _, err := b.decorrelateSub(left, op, corr)
	if err != nil {
		return nil, nil, nil, err
	}
	return sp, sc, conds, nil
}

// lateralSeries rewrites range / generate_series whose arguments refer to
// earlier FROM items (FROM t, range(t.a, t.b)) into the lateral subquery
// (SELECT unnest(range(t.a, t.b)) AS range): the list function has the
// table function's rows, and a NULL argument gives none. It returns nil
// for other table functions and for arguments without column references.
func lateralSeries(tf *parser.TableFunc) *parser.SubqueryRef {
	name := strings.ToLower(tf.Name)
	if (name != "range" && name != "generate_series") || len(tf.Named) > 0 || tf.Ordinality {
		return nil
	}
	cols := false
	for _, a := range tf.Args {
		astWalk(a, func(e parser.Expr) {
			if _, ok := e.(*parser.ColumnRef); ok {
				cols = true
			}
		})
	}
	if !cols {
		return nil // constant arguments: the table function's own error stands
	}
	call := &parser.FuncCall{Name: name, Args: tf.Args, Pos: tf.Pos}
	un := &parser.FuncCall{Name: "unnest", Args: []parser.Expr{call}, Pos: tf.Pos}
	core := &parser.SelectCore{Items: []*parser.SelectItem{{Expr: un, Alias: name}}}
	alias := tf.Alias
	if alias == "" {
		alias = name
	}
	names := tf.ColAliases
	if len(names) > 1 {
		names = names[:1] // extra names are ignored, as for constant arguments
	}
	return &parser.SubqueryRef{Query: &parser.SelectStmt{Body: core}, Alias: alias, ColAliases: names, Lateral: true}
}
