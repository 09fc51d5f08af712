package plan

import (
	"fmt"

	"github.com/lhsql/lhsql/sql/parser"
	"github.com/lhsql/lhsql/vector"
)

// groupingCall is a GROUPING(args) call: a bitmask telling, per argument
// (first argument = most significant bit), whether the row's grouping set
// leaves that argument out.
type groupingCall struct {
	args []Expr
	id   ColumnID
}

// maxGroupingSets bounds the expansion of CUBE and nested sets.
const maxGroupingSets = 4096

func hasGroupingSets(items []parser.Expr) bool {
	for _, g := range items {
		if _, ok := g.(*parser.GroupingSet); ok {
			return true
		}
	}
	return false
}

// expandGroupingSets turns GROUP BY items into the list of grouping sets
// they denote: the cartesian product of each item's alternatives.
func expandGroupingSets(items []parser.Expr) ([][]parser.Expr, error) {
	out := [][]parser.Expr{{}}
	for _, it := range items {
		alts, err := groupAlternatives(it)
		if err != nil {
			return nil, err
		}
		out, err = crossSets(out, alts)
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func crossSets(a, b [][]parser.Expr) ([][]parser.Expr, error) {
	if len(a)*len(b) > maxGroupingSets {
		return nil, fmt.Errorf("Binder Error: too many grouping sets (more than %d)", maxGroupingSets)
	}
	var out [][]parser.Expr
	for _, x := range a {
		for _, y := range b {
			out = append(out, append(append([]parser.Expr(nil), x...), y...))
		}
	}
	return out, nil
}

// groupAlternatives returns the grouping sets one GROUP BY item stands for.
func groupAlternatives(e parser.Expr) ([][]parser.Expr, error) {
	gs, ok := e.(*parser.GroupingSet)
	if !ok {
		return [][]parser.Expr{{e}}, nil
	}
	// entry expands one parenthesised entry (which may nest sets).
	entry := func(list []parser.Expr) ([][]parser.Expr, error) {
		out := [][]parser.Expr{{}}
		for _, x := range list {
			alts, err := groupAlternatives(x)
			if err != nil {
				return nil, err
			}
			if out, err = crossSets(out, alts); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	var out [][]parser.Expr
	switch gs.Kind {
	case "rollup":
		for n := len(gs.Sets); n >= 0; n-- {
			var flat []parser.Expr
			for _, s := range gs.Sets[:n] {
				flat = append(flat, s...)
			}
			out = append(out, flat)
		}
	case "cube":
		n := len(gs.Sets)
		if n > 12 {
			return nil, fmt.Errorf("Binder Error: CUBE with more than 12 entries is not supported")
		}
		for mask := (1 << n) - 1; mask >= 0; mask-- {
			var flat []parser.Expr
			for i := 0; i < n; i++ {
				if mask&(1<<(n-1-i)) != 0 {
					flat = append(flat, gs.Sets[i]...)
				}
			}
			out = append(out, flat)
		}
	default:
		for _, s := range gs.Sets {
			alts, err := entry(s)
			if err != nil {
				return nil, err
			}
			out = append(out, alts...)
			if len(out) > maxGroupingSets {
				return nil, fmt.Errorf("Binder Error: too many grouping sets (more than %d)", maxGroupingSets)
			}
		}
	}
	return out, nil
}

// groupingSetsOp evaluates agg once per grouping set and unions the
// results: group columns outside a set are NULL, and GROUPING() calls get
// the set's constant. Output IDs are agg's group IDs, aggregate IDs and
// grouping-call IDs, so expressions bound against agg still apply.
func (b *Binder) groupingSetsOp(agg *Aggregate, sets [][]int, groupings []*groupingCall) (Op, error) {
	u := &UnionAll{}
	u.IDs = append(u.IDs, agg.GroupIDs...)
	for _, a := range agg.Aggs {
		u.IDs = append(u.IDs, a.ID)
	}
	for _, g := range groupings {
		u.IDs = append(u.IDs, g.id)
	}
	for _, set := range sets {
		in := map[int]bool{}
		for _, i := range set {
			in[i] = true
		}
		br := &Aggregate{Input: cloneOp(agg.Input)}
		local := map[int]ColumnID{}
		for i := range agg.Groups {
			if in[i] {
				id := b.newID()
				br.Groups = append(br.Groups, agg.Groups[i])
				br.GroupIDs = append(br.GroupIDs, id)
				local[i] = id
			}
		}
		p := &Project{Input: br}
		for i, g := range agg.Groups {
			if id, ok := local[i]; ok {
				p.Exprs = append(p.Exprs, &ColExpr{ID: id, Typ: g.Type()})
			} else {
				p.Exprs = append(p.Exprs, &ConstExpr{Val: vector.NullValue(g.Type())})
			}
		}
		for _, a := range agg.Aggs {
			c := *a
			c.ID = b.newID()
			br.Aggs = append(br.Aggs, &c)
			p.Exprs = append(p.Exprs, &ColExpr{ID: c.ID, Typ: c.Typ})
		}
		for _, g := range groupings {
			var mask int64
			for j, arg := range g.args {
				k := key(arg)
				member := false
				for i := range set {
					if key(agg.Groups[set[i]]) == k {
						member = true
					}
				}
				if !member {
					mask |= 1 << (len(g.args) - 1 - j)
				}
			}
			p.Exprs = append(p.Exprs, &ConstExpr{Val: vector.Value{Typ: vector.BigInt, I64: mask}})
		}
		p.IDs = b.newIDs(len(p.Exprs))
		u.Inputs = append(u.Inputs, p)
	}
	return u, nil
}

// cloneOp copies an operator tree so it can appear twice in a plan
// (expressions are immutable and shared; column IDs stay the same).
func cloneOp(op Op) Op {
	switch x := op.(type) {
	case *Scan:
		c := *x
		c.Filters = append([]Expr(nil), x.Filters...)
		return &c
	case *Filter:
		return &Filter{Input: cloneOp(x.Input), Conds: append([]Expr(nil), x.Conds...)}
	case *Project:
		return &Project{Input: cloneOp(x.Input), Exprs: append([]Expr(nil), x.Exprs...), IDs: append([]ColumnID(nil), x.IDs...)}
	case *Join:
		c := *x
		c.Left, c.Right = cloneOp(x.Left), cloneOp(x.Right)
		c.Conds = append([]Expr(nil), x.Conds...)
		return &c
	case *Aggregate:
		c := *x
		c.Input = cloneOp(x.Input)
		c.Groups = append([]Expr(nil), x.Groups...)
		c.GroupIDs = append([]ColumnID(nil), x.GroupIDs...)
		return &c
	case *Sort:
		c := *x
		c.Input = cloneOp(x.Input)
		return &c
	case *Limit:
		c := *x
		c.Input = cloneOp(x.Input)
		return &c
	case *UnionAll:
		c := *x
		c.Inputs = make([]Op, len(x.Inputs))
		for i, in := range x.Inputs {
			c.Inputs[i] = cloneOp(in)
		}
		return &c
	case *SetOp:
		c := *x
		c.Left, c.Right = cloneOp(x.Left), cloneOp(x.Right)
		return &c
	case *SingleRow:
		return &SingleRow{Input: cloneOp(x.Input)}
	case *Window:
		return &Window{Input: cloneOp(x.Input), Funcs: x.Funcs}
	case *CTEScan:
		c := *x
		return &c
	}
	return op // Values and unknown leaves are immutable
}
