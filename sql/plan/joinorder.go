package plan

import (
	"math"
	"math/bits"

	"github.com/lhsql/lhsql/engine"
	"github.com/lhsql/lhsql/vector"
)

// maxDPRelations bounds the inner-join regions ordered by dynamic
// programming (3^n subset pairs); larger regions use the greedy order.
const maxDPRelations = 10

// columnRanger is implemented by tables that know a column's value range
// from metadata (Parquet footer statistics) without scanning.
type columnRanger interface {
	ColumnRange(col int) (lo, hi vector.Value, ok bool)
}

// joinEdge is a predicate of an inner-join region with the relations it
// references (bit i = relation i). For an equality, lmask and rmask are
// the relations of each argument.
type joinEdge struct {
	pred         Expr
	mask         uint64
	lmask, rmask uint64 // non-zero only for equalities with both sides set
	lid, rid     ColumnID
}

// dpEntry is the best plan found for one set of relations.
type dpEntry struct {
	rel         *relation
	cost        float64
	left, right uint64 // the sets joined (0 for a leaf)
}

// dpOrder orders the relations of an inner-join region by dynamic
// programming over connected subsets, allowing bushy trees, and returns
// the joined relation and the predicates it did not apply. The cost of a
// plan is the sum of its join outputs plus its build sides; every join
// builds its smaller input. ok is false when the relations are not
// connected by equalities (cross products are left to the greedy order).
func dpOrder(rels []*relation, conds []Expr) (_ *relation, rest []Expr, ok bool) {
	n := len(rels)
	if n < 2 || n > maxDPRelations {
		return nil, nil, false
	}
	owner := map[ColumnID]int{}
	for i, r := range rels {
		for id := range r.cols {
			owner[id] = i
		}
	}
	maskOf := func(e Expr) (uint64, bool) {
		var m uint64
		for id := range exprCols(e) {
			i, ok := owner[id]
			if !ok {
				return 0, false
			}
			m |= 1 << i
		}
		return m, true
	}
	var edges []joinEdge
	for _, c := range conds {
		m, ok := maskOf(c)
		if !ok || m == 0 {
			rest = append(rest, c)
			continue
		}
		e := joinEdge{pred: c, mask: m}
		if f, isFn := c.(*FuncExpr); isFn && f.Name == "=" && len(f.Args) == 2 {
			lm, lok := maskOf(f.Args[0])
			rm, rok := maskOf(f.Args[1])
			if lok && rok && lm != 0 && rm != 0 && lm&rm == 0 {
				e.lmask, e.rmask = lm, rm
				if x, ok := f.Args[0].(*ColExpr); ok {
					e.lid = x.ID
				}
				if x, ok := f.Args[1].(*ColExpr); ok {
					e.rid = x.ID
				}
			}
		}
		edges = append(edges, e)
	}
	ndv := map[ColumnID]float64{}
	for _, r := range rels {
		for id := range r.cols {
			if d, ok := columnNDV(r.op, id); ok {
				ndv[id] = d
			}
		}
	}
	full := uint64(1)<<n - 1
	best := make([]*dpEntry, full+1)
	for i, r := range rels {
		best[1<<i] = &dpEntry{rel: r}
	}
	for s := uint64(1); s <= full; s++ {
		if bits.OnesCount64(s) < 2 {
			continue
		}
		// Each unordered split once: s1 holds the lowest relation of s.
		low := s & -s
		for s1 := (s - 1) & s; s1 > 0; s1 = (s1 - 1) & s {
			if s1&low == 0 {
				continue
			}
			s2 := s &^ s1
			a, b := best[s1], best[s2]
			if a == nil || b == nil {
				continue
			}
			est, linked := splitEstimate(a.rel, b.rel, s1, s2, edges, ndv)
			if !linked {
				continue
			}
			cost := a.cost + b.cost + est + math.Min(a.rel.est, b.rel.est)
			if cur := best[s]; cur == nil || cost < cur.cost {
				best[s] = &dpEntry{
					rel:  &relation{est: math.Max(est, 1), base: math.Max(a.rel.base, b.rel.base)},
					cost: cost, left: s1, right: s2,
				}
			}
		}
	}
	if best[full] == nil {
		return nil, nil, false
	}
	rel := buildDP(best, full, edges)
	return rel, rest, true
}

// splitEstimate estimates the rows of joining a (relations s1) with b
// (relations s2) and reports whether an equality links them. The estimate
// is the larger of the key/foreign-key guess (joinEstimate) and the
// distinct-value formula |a||b| / max(ndv(a keys), ndv(b keys)), so a join
// on a low-cardinality attribute is not mistaken for a key join.
func splitEstimate(a, b *relation, s1, s2 uint64, edges []joinEdge, ndv map[ColumnID]float64) (float64, bool) {
	linked := false
	da, db := 1.0, 1.0
	for i := range edges {
		e := &edges[i]
		if e.lmask == 0 {
			continue
		}
		var aid, bid ColumnID
		switch {
		case e.lmask&^s1 == 0 && e.rmask&^s2 == 0:
			aid, bid = e.lid, e.rid
		case e.lmask&^s2 == 0 && e.rmask&^s1 == 0:
			aid, bid = e.rid, e.lid
		default:
			continue
		}
		linked = true
		if d, ok := ndv[aid]; ok && aid != 0 {
			da *= d
		} else {
			da = math.Inf(1)
		}
		if d, ok := ndv[bid]; ok && bid != 0 {
			db *= d
		} else {
			db = math.Inf(1)
		}
	}
	if !linked {
		return 0, false
	}
	est := joinEstimate(a, b)
	da, db = math.Min(da, a.base), math.Min(db, b.base)
	if d := math.Max(da, db); d > 0 {
		est = math.Max(est, a.est*b.est/d)
	}
	return est, true
}

// buildDP turns the DP entry of set s into a join tree (probe = larger
// estimated side) with the predicates that first become applicable at
// each join.
func buildDP(best []*dpEntry, s uint64, edges []joinEdge) *relation {
	e := best[s]
	if e.left == 0 {
		return e.rel
	}
	a, b := buildDP(best, e.left, edges), buildDP(best, e.right, edges)
	if a.est < b.est {
		a, b = b, a
	}
	var jc []Expr
	for i := range edges {
		m := edges[i].mask
		if m&^s == 0 && m&^e.left != 0 && m&^e.right != 0 {
			jc = append(jc, edges[i].pred)
		}
	}
	cols := colSet{}
	cols.addAll(a.cols)
	cols.addAll(b.cols)
	return &relation{
		op:   &Join{Left: a.op, Right: b.op, Kind: engine.JoinInner, Conds: jc},
		cols: cols,
		est:  e.rel.est,
		base: e.rel.base,
	}
}

// columnNDV bounds the number of distinct values of column id of op by
// the row count of the scan it comes from and, for integer-like columns of
// tables that know their value range, by the width of that range.
func columnNDV(op Op, id ColumnID) (float64, bool) {
	sc, idx := columnOrigin(op, id)
	if sc == nil {
		return 0, false
	}
	rows := float64(sc.Table.RowCount())
	if rows < 0 {
		return 0, false
	}
	if cr, ok := sc.Table.(columnRanger); ok && sc.Types[idx].Phys() == vector.PhysInt64 {
		if lo, hi, ok := cr.ColumnRange(idx); ok && hi.I64 >= lo.I64 {
			if w := float64(hi.I64) - float64(lo.I64) + 1; w < rows {
				return w, true
			}
		}
	}
	return rows, true
}

// columnOrigin finds the scan column that column id of op passes through
// unchanged, following filters, column-renaming projections and joins.
func columnOrigin(op Op, id ColumnID) (*Scan, int) {
	switch x := op.(type) {
	case *Scan:
		for i, c := range x.IDs {
			if c == id {
				return x, i
			}
		}
	case *Filter:
		return columnOrigin(x.Input, id)
	case *Project:
		for i, c := range x.IDs {
			if c == id {
				if r, ok := x.Exprs[i].(*ColExpr); ok {
					return columnOrigin(x.Input, r.ID)
				}
				return nil, 0
			}
		}
	case *Join:
		if sc, i := columnOrigin(x.Left, id); sc != nil {
			return sc, i
		}
		if x.Kind == engine.JoinInner || x.Kind == engine.JoinLeft || x.Kind == engine.JoinRight || x.Kind == engine.JoinFull {
			return columnOrigin(x.Right, id)
		}
	}
	return nil, 0
}
