package plan

import (
	"math"

	"github.com/lhsql/lhsql/engine"
)

// Optimize applies the rewrite rules in order: predicate pushdown (through
// projections, joins and aggregates into scans) and join ordering of inner
// join regions by estimated cardinality.
func Optimize(op Op) (Op, error) {
	op, err := pushdown(op, nil)
	if err != nil {
		return nil, err
	}
	return reorder(op)
}

// filterOver wraps op in a Filter when preds is non-empty.
func filterOver(op Op, preds []Expr) Op {
	if len(preds) == 0 {
		return op
	}
	return &Filter{Input: op, Conds: preds}
}

// pushdown pushes conjunctive predicates as far down as they can go.
func pushdown(op Op, preds []Expr) (Op, error) {
	switch x := op.(type) {
	case *Filter:
		return pushdown(x.Input, append(preds, x.Conds...))
	case *Scan:
		x.Filters = append(x.Filters, preds...)
		return x, nil
	case *Project:
		m := map[ColumnID]Expr{}
		for i, id := range x.IDs {
			m[id] = x.Exprs[i]
		}
		var down, keep []Expr
		for _, p := range preds {
			np, err := replaceCols(p, m)
			if err != nil {
				return nil, err
			}
			if hasVolatile(np) {
				keep = append(keep, p)
				continue
			}
			down = append(down, np)
		}
		in, err := pushdown(x.Input, down)
		if err != nil {
			return nil, err
		}
		x.Input = in
		return filterOver(x, keep), nil
	case *Join:
		return pushdownJoin(x, preds)
	case *Aggregate:
		m := map[ColumnID]Expr{}
		for i, id := range x.GroupIDs {
			m[id] = x.Groups[i]
		}
		var down, keep []Expr
		for _, p := range preds {
			ok := true
			for id := range exprCols(p) {
				if _, g := m[id]; !g {
					ok = false
				}
			}
			if ok && len(x.Groups) > 0 {
				np, err := replaceCols(p, m)
				if err != nil {
					return nil, err
				}
				down = append(down, np)
			} else {
				keep = append(keep, p)
			}
		}
		in, err := pushdown(x.Input, down)
		if err != nil {
			return nil, err
		}
		x.Input = in
		return filterOver(x, keep), nil
	case *Sort:
		if x.Limit < 0 {
			in, err := pushdown(x.Input, preds)
			if err != nil {
				return nil, err
			}
			x.Input = in
			return x, nil
		}
		in, err := pushdown(x.Input, nil)
		if err != nil {
			return nil, err
		}
		x.Input = in
		return filterOver(x, preds), nil
	case *Limit:
		in, err := pushdown(x.Input, nil)
		if err != nil {
			return nil, err
		}
		x.Input = in
		return filterOver(x, preds), nil
	case *Window:
		in, err := pushdown(x.Input, nil)
		if err != nil {
			return nil, err
		}
		x.Input = in
		return filterOver(x, preds), nil
	case *SingleRow:
		in, err := pushdown(x.Input, nil)
		if err != nil {
			return nil, err
		}
		x.Input = in
		return filterOver(x, preds), nil
	case *UnionAll:
		for i, in := range x.Inputs {
			down, err := predsOver(preds, x.IDs, in)
			if err != nil {
				return nil, err
			}
			ni, err := pushdown(in, down)
			if err != nil {
				return nil, err
			}
			x.Inputs[i] = ni
		}
		return x, nil
	case *CTEMaterialize:
		// The definition is optimized on its own; predicates over a CTE
		// reference stay above its CTEScan (a leaf).
		def, err := pushdown(x.CTE.Plan, nil)
		if err != nil {
			return nil, err
		}
		x.CTE.Plan = def
		in, err := pushdown(x.Input, preds)
		if err != nil {
			return nil, err
		}
		x.Input = in
		return x, nil
	case *SetOp:
		// A deterministic predicate over the output selects the same rows
		// from both inputs first: σ(A op B) = σA op σB for UNION, INTERSECT
		// and EXCEPT, with or without ALL (equal rows pass or fail alike).
		var down, keep []Expr
		for _, p := range preds {
			if hasVolatile(p) || !sameSetOpTypes(x) {
				keep = append(keep, p)
			} else {
				down = append(down, p)
			}
		}
		for _, side := range []*Op{&x.Left, &x.Right} {
			mine, err := predsOver(down, x.IDs, *side)
			if err != nil {
				return nil, err
			}
			in, err := pushdown(*side, mine)
			if err != nil {
				return nil, err
			}
			*side = in
		}
		return filterOver(x, keep), nil
	}
	return filterOver(op, preds), nil
}

// predsOver rewrites predicates over the output columns ids of a set
// operation into predicates over the columns of its input in (in order).
func predsOver(preds []Expr, ids []ColumnID, in Op) ([]Expr, error) {
	cols := in.Cols()
	m := map[ColumnID]Expr{}
	for j, id := range ids {
		m[id] = &ColExpr{ID: cols[j].ID, Typ: cols[j].Typ}
	}
	out := make([]Expr, 0, len(preds))
	for _, p := range preds {
		np, err := replaceCols(p, m)
		if err != nil {
			return nil, err
		}
		out = append(out, np)
	}
	return out, nil
}

// sameSetOpTypes reports whether both inputs of x have the column types
// of its output, so that predicates over the output read the same values
// in the inputs.
func sameSetOpTypes(x *SetOp) bool {
	l, r := x.Left.Cols(), x.Right.Cols()
	if len(l) != len(x.IDs) || len(r) != len(x.IDs) {
		return false
	}
	out := x.Cols()
	for j := range out {
		if !l[j].Typ.Equal(out[j].Typ) || !r[j].Typ.Equal(out[j].Typ) {
			return false
		}
	}
	return true
}

// rejectsNulls reports whether predicate p is NULL (so not true) whenever
// the columns cols are all NULL: a comparison with a plain column of cols
// as one operand.
func rejectsNulls(p Expr, cols colSet) bool {
	f, ok := p.(*FuncExpr)
	if !ok || len(f.Args) != 2 {
		return false
	}
	switch f.Name {
	case "=", "<>", "<", "<=", ">", ">=":
	default:
		return false
	}
	for _, a := range f.Args {
		if c, ok := a.(*ColExpr); ok && cols.has(c.ID) {
			return true
		}
	}
	return false
}

func hasVolatile(e Expr) bool {
	found := false
	walk(e, func(x Expr) {
		if f, ok := x.(*FuncExpr); ok && volatile(f.Name) {
			found = true
		}
	})
	return found
}

func pushdownJoin(x *Join, preds []Expr) (Op, error) {
	lcols := colIDSet(x.Left.Cols())
	rcols := colIDSet(x.Right.Cols())
	if x.Kind == engine.JoinLeft {
		// A WHERE predicate that is never true when the build columns are
		// NULL drops every NULL-padded row: the join is an inner join.
		for _, p := range preds {
			if rejectsNulls(p, rcols) {
				x.Kind = engine.JoinInner
				break
			}
		}
	}
	var left, right, keep []Expr
	place := func(p Expr, fromWhere bool) {
		cols := exprCols(p)
		switch {
		case cols.subsetOf(lcols) && len(cols) > 0:
			// Left-only: pushable except for ON conditions of joins that
			// preserve every left row.
			if fromWhere || x.Kind == engine.JoinInner || x.Kind == engine.JoinSemi || x.Kind == engine.JoinRight {
				left = append(left, p)
				return
			}
		case cols.subsetOf(rcols) && len(cols) > 0:
			// (Not for mark joins: a build row a condition rejects still
			// decides whether the mark is false or NULL.)
			if !fromWhere && (x.Kind == engine.JoinInner || x.Kind == engine.JoinLeft || x.Kind == engine.JoinSemi ||
				x.Kind == engine.JoinAnti) {
				right = append(right, p)
				return
			}
			if fromWhere && (x.Kind == engine.JoinInner || x.Kind == engine.JoinRight) {
				right = append(right, p)
				return
			}
		}
		keep = append(keep, p)
	}
	var conds []Expr
	for _, c := range x.Conds {
		place(c, false)
	}
	conds, keep = keep, nil
	// WHERE predicates above the join.
	var above []Expr
	for _, p := range preds {
		before := len(keep)
		place(p, true)
		if len(keep) > before {
			p = keep[len(keep)-1]
			keep = keep[:before]
			if x.Kind == engine.JoinInner {
				conds = append(conds, p)
			} else {
				above = append(above, p)
			}
		}
	}
	l, err := pushdown(x.Left, left)
	if err != nil {
		return nil, err
	}
	r, err := pushdown(x.Right, right)
	if err != nil {
		return nil, err
	}
	x.Left, x.Right, x.Conds = l, r, conds
	return filterOver(x, above), nil
}

// relation is a leaf of an inner-join region with its estimates.
type relation struct {
	op   Op
	cols colSet
	est  float64 // estimated rows after filters
	base float64 // estimated rows of the unfiltered inputs
}

// reorder orders inner-join regions: by dynamic programming over connected
// subsets when the region is small and connected by equalities (dpOrder),
// else greedily, repeatedly joining the relation connected by a predicate
// whose estimated result is smallest; every join builds its smaller side.
func reorder(op Op) (Op, error) {
	var err error
	switch x := op.(type) {
	case *Join:
		if x.Kind == engine.JoinInner {
			return reorderRegion(x)
		}
		if x.Left, err = reorder(x.Left); err != nil {
			return nil, err
		}
		if x.Right, err = reorder(x.Right); err != nil {
			return nil, err
		}
		return orientJoin(x), nil
	case *Filter:
		x.Input, err = reorder(x.Input)
	case *Project:
		x.Input, err = reorder(x.Input)
	case *Aggregate:
		x.Input, err = reorder(x.Input)
	case *Sort:
		x.Input, err = reorder(x.Input)
	case *Limit:
		x.Input, err = reorder(x.Input)
	case *SingleRow:
		x.Input, err = reorder(x.Input)
	case *CTEMaterialize:
		// The definition first: estimates of its scans read its plan.
		if x.CTE.Plan, err = reorder(x.CTE.Plan); err != nil {
			return nil, err
		}
		x.Input, err = reorder(x.Input)
	case *Window:
		x.Input, err = reorder(x.Input)
	case *UnionAll:
		for i := range x.Inputs {
			if x.Inputs[i], err = reorder(x.Inputs[i]); err != nil {
				return nil, err
			}
		}
	case *SetOp:
		if x.Left, err = reorder(x.Left); err != nil {
			return nil, err
		}
		x.Right, err = reorder(x.Right)
	}
	return op, err
}

// orientJoin swaps the sides of an outer join so the smaller side is built.
func orientJoin(j *Join) Op {
	if j.Kind != engine.JoinLeft && j.Kind != engine.JoinRight {
		return j
	}
	le, _ := estimate(j.Left)
	re, _ := estimate(j.Right)
	if re <= le*1.5 {
		return j
	}
	// Building the big side of a LEFT join: flip to a RIGHT join (and back).
	kind := engine.JoinRight
	if j.Kind == engine.JoinRight {
		kind = engine.JoinLeft
	}
	flipped := &Join{Left: j.Right, Right: j.Left, Kind: kind, Conds: j.Conds}
	// Restore the column order with a projection.
	p := &Project{Input: flipped}
	for _, c := range j.Cols() {
		p.Exprs = append(p.Exprs, &ColExpr{ID: c.ID, Typ: c.Typ})
		p.IDs = append(p.IDs, c.ID)
	}
	return p
}

func flattenInner(op Op, rels *[]Op, conds *[]Expr) {
	if j, ok := op.(*Join); ok && j.Kind == engine.JoinInner {
		flattenInner(j.Left, rels, conds)
		flattenInner(j.Right, rels, conds)
		*conds = append(*conds, j.Conds...)
		return
	}
	*rels = append(*rels, op)
}

func reorderRegion(j *Join) (Op, error) {
	var ops []Op
	var conds []Expr
	flattenInner(j, &ops, &conds)
	conds = append(conds, deriveOrFilters(ops, conds)...)
	rels := make([]*relation, len(ops))
	for i, o := range ops {
		// Push single-relation predicates into the leaves first.
		cols := colIDSet(o.Cols())
		var mine []Expr
		var rest []Expr
		for _, c := range conds {
			cc := exprCols(c)
			if len(cc) > 0 && cc.subsetOf(cols) {
				mine = append(mine, c)
			} else {
				rest = append(rest, c)
			}
		}
		conds = rest
		var err error
		if len(mine) > 0 {
			if o, err = pushdown(o, mine); err != nil {
				return nil, err
			}
		}
		if o, err = reorder(o); err != nil {
			return nil, err
		}
		est, base := estimate(o)
		rels[i] = &relation{op: o, cols: colIDSet(o.Cols()), est: est, base: base}
	}
	origCols := j.Cols()
	if cur, rest, ok := dpOrder(rels, conds); ok {
		return finishRegion(cur.op, rest, origCols), nil
	}
	// Left-deep greedy order: start from the largest relation (the fact
	// table of a star) and repeatedly add the connected relation giving the
	// smallest estimated result. Growing one tree from the fact table
	// avoids joining two dimensions on a low-cardinality attribute first.
	start := 0
	for i, r := range rels {
		if r.est > rels[start].est {
			start = i
		}
	}
	cur := rels[start]
	rest := append(append([]*relation(nil), rels[:start]...), rels[start+1:]...)
	for len(rest) > 0 {
		bi, best := -1, math.Inf(1)
		for i, r := range rest {
			if !connected(cur, r, conds) {
				continue
			}
			e := joinEstimate(cur, r)
			if e < best || (bi >= 0 && e == best && r.est < rest[bi].est) {
				bi, best = i, e
			}
		}
		if bi < 0 {
			// Nothing connected: cross join the smallest remaining relation.
			bi = 0
			for i, r := range rest {
				if r.est < rest[bi].est {
					bi = i
				}
			}
			best = cur.est * rest[bi].est
		}
		a, c := cur, rest[bi]
		// Probe with the larger side, build the smaller.
		if a.est < c.est {
			a, c = c, a
		}
		cols := colSet{}
		cols.addAll(a.cols)
		cols.addAll(c.cols)
		var jc, remaining []Expr
		for _, p := range conds {
			if exprCols(p).subsetOf(cols) {
				jc = append(jc, p)
			} else {
				remaining = append(remaining, p)
			}
		}
		conds = remaining
		cur = &relation{
			op:   &Join{Left: a.op, Right: c.op, Kind: engine.JoinInner, Conds: jc},
			cols: cols,
			est:  math.Max(best, 1),
			base: math.Max(a.base, c.base),
		}
		rest = append(rest[:bi], rest[bi+1:]...)
	}
	return finishRegion(cur.op, conds, origCols), nil
}

// finishRegion puts the predicates no join applied in a filter over the
// ordered region and restores the region's original column order.
func finishRegion(out Op, conds []Expr, origCols []Col) Op {
	if len(conds) > 0 {
		out = &Filter{Input: out, Conds: conds}
	}
	p := &Project{Input: out}
	for _, c := range origCols {
		p.Exprs = append(p.Exprs, &ColExpr{ID: c.ID, Typ: c.Typ})
		p.IDs = append(p.IDs, c.ID)
	}
	return p
}

// connected reports whether some predicate links a and b (and only them
// among columns it references from either).
func connected(a, b *relation, conds []Expr) bool {
	for _, p := range conds {
		cols := exprCols(p)
		inA, inB, other := false, false, false
		for id := range cols {
			switch {
			case a.cols.has(id):
				inA = true
			case b.cols.has(id):
				inB = true
			default:
				other = true
			}
		}
		if inA && inB && !other && isEquiJoin(p) {
			return true
		}
	}
	return false
}

func isEquiJoin(p Expr) bool {
	f, ok := p.(*FuncExpr)
	return ok && f.Name == "="
}

// joinEstimate guesses the size of a key/foreign-key style join: the side
// with the larger base is the foreign-key side; the primary-key side's
// filter selectivity carries over.
func joinEstimate(a, b *relation) float64 {
	big, small := a, b
	if small.base > big.base {
		big, small = small, big
	}
	sel := 1.0
	if small.base > 0 {
		sel = small.est / small.base
	}
	return big.est * sel
}

// estimate returns (rows after filters, rows of the unfiltered base).
func estimate(op Op) (float64, float64) {
	switch x := op.(type) {
	case *Scan:
		n := float64(x.Table.RowCount())
		if n < 0 {
			n = 1e6
		}
		return n * selectivity(x.Filters), n
	case *Filter:
		e, b := estimate(x.Input)
		return e * selectivity(x.Conds), b
	case *Project:
		return estimate(x.Input)
	case *Aggregate:
		e, _ := estimate(x.Input)
		if len(x.Groups) == 0 {
			return 1, 1
		}
		g := math.Max(1, e/4)
		return g, g
	case *Join:
		le, lb := estimate(x.Left)
		re, rb := estimate(x.Right)
		switch x.Kind {
		case engine.JoinSemi:
			// The filters of the subquery side carry over, as for a key
			// join.
			if rb > 0 {
				return le * math.Min(1, math.Max(re/rb, 0.01)), lb
			}
			return le * 0.5, lb
		case engine.JoinAnti, engine.JoinMark:
			return le * 0.5, lb
		case engine.JoinLeft:
			return math.Max(le, joinEstimate(&relation{est: le, base: lb}, &relation{est: re, base: rb})), lb
		}
		if len(x.Conds) == 0 {
			return le * re, lb * rb
		}
		return joinEstimate(&relation{est: le, base: lb}, &relation{est: re, base: rb}), math.Max(lb, rb)
	case *Values:
		n := 0
		for _, c := range x.Chunks {
			n += c.Len
		}
		return float64(n), float64(n)
	case *SingleRow:
		return 1, 1
	case *CTEScan:
		e, _ := estimate(x.CTE.Plan)
		return e, e
	case *CTEMaterialize:
		return estimate(x.Input)
	case *Window:
		return estimate(x.Input)
	case *Sort:
		e, b := estimate(x.Input)
		if x.Limit >= 0 {
			e = math.Min(e, float64(x.Limit))
		}
		return e, b
	case *Limit:
		e, b := estimate(x.Input)
		if x.Limit >= 0 {
			e = math.Min(e, float64(x.Limit))
		}
		return e, b
	case *UnionAll:
		t := 0.0
		for _, in := range x.Inputs {
			e, _ := estimate(in)
			t += e
		}
		return t, t
	case *SetOp:
		return estimate(x.Left)
	}
	return 1000, 1000
}

// selectivity guesses the fraction of rows passing conjuncts.
func selectivity(conds []Expr) float64 {
	s := 1.0
	for _, c := range conds {
		s *= condSelectivity(c)
	}
	return s
}

func condSelectivity(c Expr) float64 {
	f, ok := c.(*FuncExpr)
	if !ok {
		return 0.5
	}
	switch f.Name {
	case "=", "is null":
		return 0.1
	case "in":
		return math.Min(0.5, 0.1*float64(len(f.Args)-1))
	case "<", "<=", ">", ">=":
		return 0.4
	case "like", "ilike":
		return 0.2
	case "and":
		return selectivity(f.Args)
	case "or":
		s := 0.0
		for _, a := range f.Args {
			s += condSelectivity(a)
		}
		return math.Min(1, s)
	case "<>", "not like", "is not null", "not":
		return 0.9
	}
	return 0.5
}

// deriveOrFilters derives single-relation filters implied by OR
// predicates spanning several relations: from (a1 AND b1) OR (a2 AND b2),
// where a_i touch only relation A, it derives (a1 OR a2) for A. The
// original predicate stays; the derived ones only prune earlier.
func deriveOrFilters(ops []Op, conds []Expr) []Expr {
	var out []Expr
	for _, c := range conds {
		branches := disjuncts(c)
		if len(branches) < 2 {
			continue
		}
		for _, o := range ops {
			cols := colIDSet(o.Cols())
			if exprCols(c).subsetOf(cols) {
				continue // already single-relation
			}
			var parts []Expr
			ok := true
			for _, br := range branches {
				var mine []Expr
				for _, cj := range conjuncts(br) {
					cc := exprCols(cj)
					if len(cc) > 0 && cc.subsetOf(cols) {
						mine = append(mine, cj)
					}
				}
				if len(mine) == 0 {
					ok = false
					break
				}
				a, err := andAll(mine)
				if err != nil {
					ok = false
					break
				}
				parts = append(parts, a)
			}
			if !ok {
				continue
			}
			if d, err := orAll(parts); err == nil {
				out = append(out, d)
			}
		}
	}
	return out
}
