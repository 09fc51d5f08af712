package plan

import (
	"fmt"

	"github.com/lhsql/lhsql/engine"
)

// copyPlan deep-copies an operator tree. With fresh set, every column the
// copy defines gets a new ID so the copy can appear in the same plan as
// the original; otherwise IDs are kept. Free column references (defined
// outside op) are replaced through subst when they appear in it and are
// kept otherwise. It returns the copy and the mapping from op's output
// column IDs to the copy's.
func (b *Binder) copyPlan(op Op, fresh bool, subst map[ColumnID]ColumnID) (Op, map[ColumnID]ColumnID, error) {
	c := &planCopier{b: b, fresh: fresh, subst: subst}
	return c.copy(op)
}

type planCopier struct {
	b     *Binder
	fresh bool
	subst map[ColumnID]ColumnID
}

// def returns the ID a copied definition of id gets, recording it in out.
func (c *planCopier) def(id ColumnID, out map[ColumnID]ColumnID) ColumnID {
	n := id
	if c.fresh {
		n = c.b.newID()
	}
	out[id] = n
	return n
}

// expr rewrites column references of e: columns of the input (in) map to
// their copies, free references go through subst.
func (c *planCopier) expr(e Expr, in map[ColumnID]ColumnID) (Expr, error) {
	if e == nil {
		return nil, nil
	}
	return rewrite(e, func(x Expr) Expr {
		col, ok := x.(*ColExpr)
		if !ok {
			return nil
		}
		n, ok := in[col.ID]
		if !ok {
			if n, ok = c.subst[col.ID]; !ok {
				return nil
			}
		}
		if n == col.ID {
			return nil
		}
		return &ColExpr{ID: n, Typ: col.Typ, Name: col.Name}
	})
}

func (c *planCopier) exprs(es []Expr, in map[ColumnID]ColumnID) ([]Expr, error) {
	if es == nil {
		return nil, nil
	}
	out := make([]Expr, len(es))
	for i, e := range es {
		var err error
		if out[i], err = c.expr(e, in); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (c *planCopier) sortKeys(ks []SortKey, in map[ColumnID]ColumnID) ([]SortKey, error) {
	out := make([]SortKey, len(ks))
	for i, k := range ks {
		e, err := c.expr(k.Expr, in)
		if err != nil {
			return nil, err
		}
		out[i] = SortKey{Expr: e, Desc: k.Desc, NullsFirst: k.NullsFirst}
	}
	return out, nil
}

// passThrough maps every output column of the (already copied) input.
func passThrough(in map[ColumnID]ColumnID) map[ColumnID]ColumnID {
	out := make(map[ColumnID]ColumnID, len(in))
	for k, v := range in {
		out[k] = v
	}
	return out
}

func (c *planCopier) copy(op Op) (Op, map[ColumnID]ColumnID, error) {
	out := map[ColumnID]ColumnID{}
	switch x := op.(type) {
	case *Scan:
		n := &Scan{Table: x.Table, Label: x.Label, Types: x.Types}
		for _, id := range x.IDs {
			n.IDs = append(n.IDs, c.def(id, out))
		}
		var err error
		if n.Filters, err = c.exprs(x.Filters, out); err != nil {
			return nil, nil, err
		}
		return n, out, nil
	case *CTEScan:
		// Another reference to the same materialized result.
		n := &CTEScan{CTE: x.CTE, Types: x.Types}
		for _, id := range x.IDs {
			n.IDs = append(n.IDs, c.def(id, out))
		}
		return n, out, nil
	case *Values:
		n := &Values{Types: x.Types, Chunks: x.Chunks}
		for _, id := range x.IDs {
			n.IDs = append(n.IDs, c.def(id, out))
		}
		return n, out, nil
	case *Filter:
		in, m, err := c.copy(x.Input)
		if err != nil {
			return nil, nil, err
		}
		conds, err := c.exprs(x.Conds, m)
		if err != nil {
			return nil, nil, err
		}
		return &Filter{Input: in, Conds: conds}, m, nil
	case *Project:
		in, m, err := c.copy(x.Input)
		if err != nil {
			return nil, nil, err
		}
		es, err := c.exprs(x.Exprs, m)
		if err != nil {
			return nil, nil, err
		}
		n := &Project{Input: in, Exprs: es}
		for _, id := range x.IDs {
			n.IDs = append(n.IDs, c.def(id, out))
		}
		return n, out, nil
	case *Join:
		l, lm, err := c.copy(x.Left)
		if err != nil {
			return nil, nil, err
		}
		r, rm, err := c.copy(x.Right)
		if err != nil {
			return nil, nil, err
		}
		both := passThrough(lm)
		for k, v := range rm {
			both[k] = v
		}
		conds, err := c.exprs(x.Conds, both)
		if err != nil {
			return nil, nil, err
		}
		n := &Join{Left: l, Right: r, Kind: x.Kind, Conds: conds}
		mark := x.Kind == engine.JoinMark
		for _, col := range x.Cols() {
			if mark && col.ID == x.MarkID {
				continue
			}
			out[col.ID] = both[col.ID]
		}
		if mark {
			n.MarkID = c.def(x.MarkID, out)
		}
		return n, out, nil
	case *Aggregate:
		in, m, err := c.copy(x.Input)
		if err != nil {
			return nil, nil, err
		}
		n := &Aggregate{Input: in}
		if n.Groups, err = c.exprs(x.Groups, m); err != nil {
			return nil, nil, err
		}
		for _, a := range x.Aggs {
			na := *a
			if na.Args, err = c.exprs(a.Args, m); err != nil {
				return nil, nil, err
			}
			if na.Filter, err = c.expr(a.Filter, m); err != nil {
				return nil, nil, err
			}
			n.Aggs = append(n.Aggs, &na)
		}
		for _, id := range x.GroupIDs {
			n.GroupIDs = append(n.GroupIDs, c.def(id, out))
		}
		for _, a := range n.Aggs {
			a.ID = c.def(a.ID, out)
		}
		return n, out, nil
	case *Sort:
		in, m, err := c.copy(x.Input)
		if err != nil {
			return nil, nil, err
		}
		keys, err := c.sortKeys(x.Keys, m)
		if err != nil {
			return nil, nil, err
		}
		return &Sort{Input: in, Keys: keys, Limit: x.Limit, Offset: x.Offset}, m, nil
	case *Limit:
		in, m, err := c.copy(x.Input)
		if err != nil {
			return nil, nil, err
		}
		return &Limit{Input: in, Limit: x.Limit, Offset: x.Offset}, m, nil
	case *SingleRow:
		in, m, err := c.copy(x.Input)
		if err != nil {
			return nil, nil, err
		}
		return &SingleRow{Input: in}, m, nil
	case *UnionAll:
		n := &UnionAll{}
		for _, in := range x.Inputs {
			ci, _, err := c.copy(in)
			if err != nil {
				return nil, nil, err
			}
			n.Inputs = append(n.Inputs, ci)
		}
		for _, id := range x.IDs {
			n.IDs = append(n.IDs, c.def(id, out))
		}
		return n, out, nil
	case *SetOp:
		l, _, err := c.copy(x.Left)
		if err != nil {
			return nil, nil, err
		}
		r, _, err := c.copy(x.Right)
		if err != nil {
			return nil, nil, err
		}
		n := &SetOp{Left: l, Right: r, Kind: x.Kind, All: x.All}
		for _, id := range x.IDs {
			n.IDs = append(n.IDs, c.def(id, out))
		}
		return n, out, nil
	case *Window:
		in, m, err := c.copy(x.Input)
		if err != nil {
			return nil, nil, err
		}
		out = passThrough(m)
		n := &Window{Input: in}
		for _, f := range x.Funcs {
			nf := *f
			nf.Args = append([]Expr(nil), f.Args...)
			nf.Partition = append([]Expr(nil), f.Partition...)
			nf.Order = append([]SortKey(nil), f.Order...)
			if err := nf.rewriteAll(func(e Expr) (Expr, error) { return c.expr(e, m) }); err != nil {
				return nil, nil, err
			}
			nf.ID = c.def(f.ID, out)
			n.Funcs = append(n.Funcs, &nf)
		}
		return n, out, nil
	case *Unnest:
		in, m, err := c.copy(x.Input)
		if err != nil {
			return nil, nil, err
		}
		out = passThrough(m)
		lists, err := c.exprs(x.Lists, m)
		if err != nil {
			return nil, nil, err
		}
		n := &Unnest{Input: in, Lists: lists}
		for _, id := range x.IDs {
			n.IDs = append(n.IDs, c.def(id, out))
		}
		return n, out, nil
	}
	return nil, nil, fmt.Errorf("internal error: cannot copy plan operator %T", op)
}
