package plan

import (
	"fmt"

	"github.com/lhsql/lhsql/engine"
	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// Lower turns an optimized logical plan into an engine plan whose output
// columns are op.Cols() in order.
func Lower(op Op) (engine.Node, error) {
	need := colSet{}
	cols := op.Cols()
	for _, c := range cols {
		need.add(c.ID)
	}
	n, layout, err := lower(op, need)
	if err != nil {
		return nil, err
	}
	return project(n, layout, cols)
}

// project reorders/trims n's output (layout) to exactly cols.
func project(n engine.Node, layout []ColumnID, cols []Col) (engine.Node, error) {
	if len(layout) == len(cols) {
		same := true
		for i := range cols {
			if layout[i] != cols[i].ID {
				same = false
				break
			}
		}
		if same {
			return n, nil
		}
	}
	p := &engine.ProjectNode{Input: n}
	for _, c := range cols {
		e, err := lowerExpr(&ColExpr{ID: c.ID, Typ: c.Typ}, layout)
		if err != nil {
			return nil, err
		}
		p.Exprs = append(p.Exprs, e)
	}
	return p, nil
}

// trim keeps only the needed columns of a lowered node.
func trim(n engine.Node, layout []ColumnID, need colSet) (engine.Node, []ColumnID, error) {
	var keep []Col
	types := n.Types()
	for i, id := range layout {
		if need.has(id) {
			keep = append(keep, Col{id, types[i]})
		}
	}
	if len(keep) == len(layout) {
		return n, layout, nil
	}
	if len(keep) == 0 && len(layout) > 0 {
		keep = append(keep, Col{layout[0], types[0]})
	}
	out, err := project(n, layout, keep)
	if err != nil {
		return nil, nil, err
	}
	ids := make([]ColumnID, len(keep))
	for i, c := range keep {
		ids[i] = c.ID
	}
	return out, ids, nil
}

func lowerExprs(es []Expr, layout []ColumnID) ([]engine.Expr, error) {
	out := make([]engine.Expr, len(es))
	for i, e := range es {
		var err error
		if out[i], err = lowerExpr(e, layout); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// lowerExpr converts a logical expression over the given layout.
func lowerExpr(e Expr, layout []ColumnID) (engine.Expr, error) {
	switch x := e.(type) {
	case *ColExpr:
		for i, id := range layout {
			if id == x.ID {
				return &engine.ColRef{Idx: i, Typ: x.Typ, Name: x.Name}, nil
			}
		}
		return nil, fmt.Errorf("internal error: column %s (#%d) not available", x.Name, x.ID)
	case *ConstExpr:
		return &engine.Const{Val: x.Val}, nil
	case *FuncExpr:
		if se, ok := x.E.(*engine.SequenceExpr); ok {
			return se, nil
		}
		args, err := lowerExprs(x.Args, layout)
		if err != nil {
			return nil, err
		}
		return engine.BindFunc(x.Name, args)
	case *CastExpr:
		arg, err := lowerExpr(x.X, layout)
		if err != nil {
			return nil, err
		}
		return engine.NewCast(arg, x.To, x.Try)
	case *CaseExpr:
		whens, err := lowerExprs(x.Whens, layout)
		if err != nil {
			return nil, err
		}
		thens, err := lowerExprs(x.Thens, layout)
		if err != nil {
			return nil, err
		}
		var els engine.Expr
		if x.Else != nil {
			if els, err = lowerExpr(x.Else, layout); err != nil {
				return nil, err
			}
		}
		return engine.NewCase(whens, thens, els)
	}
	return nil, fmt.Errorf("internal error: cannot lower %T", e)
}

func needWith(need colSet, es ...Expr) colSet {
	out := colSet{}
	out.addAll(need)
	for _, e := range es {
		if e != nil {
			out.addAll(exprCols(e))
		}
	}
	return out
}

// lower converts op, producing at least the needed columns; layout names
// the output columns by position.
func lower(op Op, need colSet) (engine.Node, []ColumnID, error) {
	switch x := op.(type) {
	case *Scan:
		return lowerScan(x, need)
	case *Filter:
		in, layout, err := lower(x.Input, needWith(need, x.Conds...))
		if err != nil {
			return nil, nil, err
		}
		pred, err := andAll(x.Conds)
		if err != nil {
			return nil, nil, err
		}
		ep, err := lowerExpr(pred, layout)
		if err != nil {
			return nil, nil, err
		}
		return trim(&engine.FilterNode{Input: in, Pred: ep}, layout, need)
	case *Project:
		var exprs []Expr
		var ids []ColumnID
		for i, id := range x.IDs {
			if need.has(id) {
				exprs = append(exprs, x.Exprs[i])
				ids = append(ids, id)
			}
		}
		if len(exprs) == 0 && len(x.IDs) > 0 {
			exprs, ids = x.Exprs[:1], x.IDs[:1]
		}
		in, layout, err := lower(x.Input, needWith(colSet{}, exprs...))
		if err != nil {
			return nil, nil, err
		}
		es, err := lowerExprs(exprs, layout)
		if err != nil {
			return nil, nil, err
		}
		names := make([]string, len(exprs))
		for i, e := range exprs {
			names[i] = e.String()
		}
		return &engine.ProjectNode{Input: in, Exprs: es, Names: names}, ids, nil
	case *Join:
		return lowerJoin(x, need)
	case *Window:
		return lowerWindow(x, need)
	case *CTEMaterialize:
		return lowerCTE(x, need)
	case *CTEScan:
		return lowerCTEScan(x, need)
	case *Unnest:
		return lowerUnnest(x, need)
	case *Aggregate:
		var args []Expr
		args = append(args, x.Groups...)
		for _, a := range x.Aggs {
			args = append(args, a.Args...)
			if a.Filter != nil {
				args = append(args, a.Filter)
			}
		}
		in, layout, err := lower(x.Input, needWith(colSet{}, args...))
		if err != nil {
			return nil, nil, err
		}
		n := &engine.HashAggNode{Input: in}
		if n.Groups, err = lowerExprs(x.Groups, layout); err != nil {
			return nil, nil, err
		}
		for _, a := range x.Aggs {
			ea := engine.AggExpr{Name: a.Name, Distinct: a.Distinct, Typ: a.Typ, Order: a.Order}
			if ea.Args, err = lowerExprs(a.Args, layout); err != nil {
				return nil, nil, err
			}
			if a.Filter != nil {
				if ea.Filter, err = lowerExpr(a.Filter, layout); err != nil {
					return nil, nil, err
				}
			}
			n.Aggs = append(n.Aggs, ea)
		}
		out := append([]ColumnID(nil), x.GroupIDs...)
		for _, a := range x.Aggs {
			out = append(out, a.ID)
		}
		return n, out, nil
	case *Sort:
		var ks []Expr
		for _, k := range x.Keys {
			ks = append(ks, k.Expr)
		}
		in, layout, err := lower(x.Input, needWith(need, ks...))
		if err != nil {
			return nil, nil, err
		}
		n := &engine.SortNode{Input: in, Limit: x.Limit, Offset: x.Offset}
		for _, k := range x.Keys {
			e, err := lowerExpr(k.Expr, layout)
			if err != nil {
				return nil, nil, err
			}
			n.Keys = append(n.Keys, engine.SortKey{Expr: e, Desc: k.Desc, NullsFirst: k.NullsFirst})
		}
		return n, layout, nil
	case *Limit:
		in, layout, err := lower(x.Input, need)
		if err != nil {
			return nil, nil, err
		}
		return &engine.LimitNode{Input: in, Limit: x.Limit, Offset: x.Offset}, layout, nil
	case *UnionAll:
		n := &engine.UnionAllNode{}
		for _, in := range x.Inputs {
			ln, err := lowerAll(in)
			if err != nil {
				return nil, nil, err
			}
			n.Inputs = append(n.Inputs, ln)
		}
		return n, x.IDs, nil
	case *SetOp:
		l, err := lowerAll(x.Left)
		if err != nil {
			return nil, nil, err
		}
		r, err := lowerAll(x.Right)
		if err != nil {
			return nil, nil, err
		}
		return &engine.SetOpNode{Left: l, Right: r, Op: x.Kind, All: x.All}, x.IDs, nil
	case *Values:
		return &engine.ValuesNode{Out: x.Types, Chunks: x.Chunks}, x.IDs, nil
	case *SingleRow:
		cols := x.Input.Cols()
		in, err := lowerAll(x.Input)
		if err != nil {
			return nil, nil, err
		}
		ids := make([]ColumnID, len(cols))
		for i, c := range cols {
			ids[i] = c.ID
		}
		return &engine.SingleRowNode{Input: in}, ids, nil
	}
	return nil, nil, fmt.Errorf("internal error: cannot lower %T", op)
}

// lowerAll lowers op producing exactly its columns in order.
func lowerAll(op Op) (engine.Node, error) {
	cols := op.Cols()
	need := colSet{}
	for _, c := range cols {
		need.add(c.ID)
	}
	n, layout, err := lower(op, need)
	if err != nil {
		return nil, err
	}
	return project(n, layout, cols)
}

func lowerScan(x *Scan, need colSet) (engine.Node, []ColumnID, error) {
	want := needWith(need, x.Filters...)
	spec := storage.ScanSpec{}
	var layout []ColumnID
	var types []vector.Type
	for i, id := range x.IDs {
		if want.has(id) {
			spec.Columns = append(spec.Columns, i)
			layout = append(layout, id)
			types = append(types, x.Types[i])
		}
	}
	if x.RowID != 0 && want.has(x.RowID) {
		spec.Columns = append(spec.Columns, storage.RowIDColumn)
		layout = append(layout, x.RowID)
		types = append(types, vector.BigInt)
	}
	if len(spec.Columns) == 0 && len(x.IDs) > 0 {
		spec.Columns = []int{0}
		layout = []ColumnID{x.IDs[0]}
		types = []vector.Type{x.Types[0]}
	}
	for _, f := range x.Filters {
		if h, ok := scanHint(x, f); ok {
			spec.Filters = append(spec.Filters, h)
		}
	}
	var n engine.Node = &engine.ScanNode{Table: x.Table, Spec: spec, Out: types, Label: x.Label}
	if len(x.Filters) > 0 {
		pred, err := andAll(x.Filters)
		if err != nil {
			return nil, nil, err
		}
		ep, err := lowerExpr(pred, layout)
		if err != nil {
			return nil, nil, err
		}
		n = &engine.FilterNode{Input: n, Pred: ep}
	}
	return trim(n, layout, need)
}

var hintOps = map[string]storage.CmpOp{
	"=": storage.OpEq, "<>": storage.OpNe, "<": storage.OpLt, "<=": storage.OpLe, ">": storage.OpGt, ">=": storage.OpGe,
}

var flipOps = map[string]string{"=": "=", "<>": "<>", "<": ">", "<=": ">=", ">": "<", ">=": "<="}

// scanHint derives a pruning filter "column op constant" from a conjunct.
func scanHint(s *Scan, e Expr) (storage.Filter, bool) {
	f, ok := e.(*FuncExpr)
	if !ok {
		return storage.Filter{}, false
	}
	colIdx := func(x Expr) int {
		c, ok := x.(*ColExpr)
		if !ok {
			return -1
		}
		for i, id := range s.IDs {
			if id == c.ID {
				return i
			}
		}
		return -1
	}
	switch f.Name {
	case "is null", "is not null":
		i := colIdx(f.Args[0])
		if i < 0 {
			return storage.Filter{}, false
		}
		op := storage.OpIsNull
		if f.Name == "is not null" {
			op = storage.OpIsNotNull
		}
		return storage.Filter{Col: i, Op: op}, true
	case "in":
		i := colIdx(f.Args[0])
		if i < 0 {
			return storage.Filter{}, false
		}
		var vals []vector.Value
		for _, a := range f.Args[1:] {
			v, ok := exactConst(a, s.Types[i])
			if !ok {
				return storage.Filter{}, false
			}
			vals = append(vals, v)
		}
		return storage.Filter{Col: i, Op: storage.OpIn, Values: vals}, true
	}
	name := f.Name
	if _, ok := hintOps[name]; !ok || len(f.Args) != 2 {
		return storage.Filter{}, false
	}
	l, r := f.Args[0], f.Args[1]
	i := colIdx(l)
	if i < 0 {
		i = colIdx(r)
		l, r = r, l
		name = flipOps[name]
	}
	if i < 0 {
		return storage.Filter{}, false
	}
	v, ok := exactConst(r, s.Types[i])
	if !ok {
		return storage.Filter{}, false
	}
	return storage.Filter{Col: i, Op: hintOps[name], Value: v}, true
}

// exactConst converts a constant to the column type when that is lossless.
func exactConst(e Expr, t vector.Type) (vector.Value, bool) {
	c, ok := e.(*ConstExpr)
	if !ok || c.Val.Null {
		return vector.Value{}, false
	}
	if c.Val.Typ.Equal(t) {
		return c.Val, true
	}
	v, err := castConst(c, t)
	if err != nil || v.Null {
		return vector.Value{}, false
	}
	back, err := castConst(&ConstExpr{Val: v}, c.Val.Typ)
	if err != nil || back.String() != c.Val.String() {
		return vector.Value{}, false
	}
	return v, true
}

// swapSemi reports whether a SEMI or ANTI join should build its preserved
// (Left) side and probe with the subquery side, because the preserved side
// is estimated smaller: the hash table then holds the few outer rows
// instead of the whole subquery result.
func swapSemi(x *Join) bool {
	if x.Kind != engine.JoinSemi && x.Kind != engine.JoinAnti {
		return false
	}
	le, _ := estimate(x.Left)
	re, _ := estimate(x.Right)
	return le < re
}

func lowerJoin(x *Join, need colSet) (engine.Node, []ColumnID, error) {
	lcols := colIDSet(x.Left.Cols())
	rcols := colIDSet(x.Right.Cols())
	var lk, rk []Expr
	var residual []Expr
	for _, c := range x.Conds {
		if f, ok := c.(*FuncExpr); ok && f.Name == "=" {
			a, b := exprCols(f.Args[0]), exprCols(f.Args[1])
			if len(a) > 0 && len(b) > 0 {
				if a.subsetOf(lcols) && b.subsetOf(rcols) {
					lk, rk = append(lk, f.Args[0]), append(rk, f.Args[1])
					continue
				}
				if a.subsetOf(rcols) && b.subsetOf(lcols) {
					lk, rk = append(lk, f.Args[1]), append(rk, f.Args[0])
					continue
				}
			}
		}
		residual = append(residual, c)
	}
	all := needWith(need, x.Conds...)
	lneed, rneed := colSet{}, colSet{}
	for id := range all {
		if lcols.has(id) {
			lneed.add(id)
		}
		if rcols.has(id) {
			rneed.add(id)
		}
	}
	l, llayout, err := lower(x.Left, lneed)
	if err != nil {
		return nil, nil, err
	}
	if l, llayout, err = trim(l, llayout, lneed); err != nil {
		return nil, nil, err
	}
	r, rlayout, err := lower(x.Right, rneed)
	if err != nil {
		return nil, nil, err
	}
	if r, rlayout, err = trim(r, rlayout, rneed); err != nil {
		return nil, nil, err
	}
	kind := x.Kind
	if len(lk) > 0 && swapSemi(x) {
		// Build the (smaller) preserved side and probe with the other:
		// the engine flags matched build rows and emits them afterwards.
		kind = engine.JoinRightSemi
		if x.Kind == engine.JoinAnti {
			kind = engine.JoinRightAnti
		}
		l, r = r, l
		llayout, rlayout = rlayout, llayout
		lk, rk = rk, lk
	}
	both := append(append([]ColumnID(nil), llayout...), rlayout...)
	var res engine.Expr
	if len(residual) > 0 {
		pred, err := andAll(residual)
		if err != nil {
			return nil, nil, err
		}
		if res, err = lowerExpr(pred, both); err != nil {
			return nil, nil, err
		}
	}
	var out []ColumnID
	switch kind {
	case engine.JoinSemi, engine.JoinAnti:
		out = llayout
	case engine.JoinRightSemi, engine.JoinRightAnti:
		out = rlayout
	case engine.JoinMark:
		out = append(append([]ColumnID(nil), llayout...), x.MarkID)
	default:
		out = both
	}
	if len(lk) == 0 {
		return &engine.NestedLoopJoinNode{Left: l, Right: r, Kind: kind, Cond: res}, out, nil
	}
	n := &engine.HashJoinNode{Left: l, Right: r, Kind: kind, Residual: res}
	for i := range lk {
		le, err := lowerExpr(lk[i], llayout)
		if err != nil {
			return nil, nil, err
		}
		re, err := lowerExpr(rk[i], rlayout)
		if err != nil {
			return nil, nil, err
		}
		if !le.Type().Equal(re.Type()) {
			t, ok := engine.CommonType(le.Type(), re.Type())
			if !ok {
				return nil, nil, fmt.Errorf("cannot compare %s and %s in a join", le.Type(), re.Type())
			}
			if le, err = engine.NewCast(le, t, false); err != nil {
				return nil, nil, err
			}
			if re, err = engine.NewCast(re, t, false); err != nil {
				return nil, nil, err
			}
		}
		n.LeftKeys = append(n.LeftKeys, le)
		n.RightKeys = append(n.RightKeys, re)
	}
	return n, out, nil
}
