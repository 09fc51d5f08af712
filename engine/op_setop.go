package engine

import (
	"github.com/lhsql/lhsql/vector"
)

// setExpandNode is an internal node of INTERSECT/EXCEPT: its input holds
// the distinct rows followed by their left and right counts; it repeats
// each row as often as the set operation requires.
type setExpandNode struct {
	input Node
	width int
	op    SetOpKind
	all   bool
	types []vector.Type
}

// Types implements Node.
func (n *setExpandNode) Types() []vector.Type { return n.types }

// buildSetOp rewrites INTERSECT/EXCEPT [ALL] as a grouped count over the
// tagged union of both inputs, followed by setExpandNode.
func (b *planBuilder) buildSetOp(n *SetOpNode) (*pipeline, error) {
	types := n.Left.Types()
	k := len(types)
	tag := func(in Node, l, r int64) Node {
		exprs := make([]Expr, 0, k+2)
		for i, t := range types {
			exprs = append(exprs, &ColRef{Idx: i, Typ: t})
		}
		exprs = append(exprs, &Const{Val: vector.IntValue(l)}, &Const{Val: vector.IntValue(r)})
		return &ProjectNode{Input: in, Exprs: exprs}
	}
	union := &UnionAllNode{Inputs: []Node{tag(n.Left, 1, 0), tag(n.Right, 0, 1)}}
	groups := make([]Expr, k)
	for i, t := range types {
		groups[i] = &ColRef{Idx: i, Typ: t}
	}
	agg := &HashAggNode{Input: union, Groups: groups, Aggs: []AggExpr{
		{Name: "sum", Args: []Expr{&ColRef{Idx: k, Typ: vector.BigInt}}, Typ: vector.HugeInt},
		{Name: "sum", Args: []Expr{&ColRef{Idx: k + 1, Typ: vector.BigInt}}, Typ: vector.HugeInt},
	}}
	p, err := b.build(&setExpandNode{input: agg, width: k, op: n.Op, all: n.All, types: types})
	if err != nil {
		return nil, err
	}
	// Report the expansion's row count under the SetOpNode as well.
	return p, nil
}

// setExpandOp repeats rows by their computed multiplicity.
type setExpandOp struct {
	node *setExpandNode
	stat *opStat
}

type setExpandLocal struct {
	op   *setExpandOp
	next pusher
}

func (o *setExpandOp) newLocal(_ *worker, next pusher) pusher {
	return &setExpandLocal{op: o, next: next}
}

func (l *setExpandLocal) push(c *vector.Chunk) error {
	c = c.Compact()
	nd := l.op.node
	lc, rc := flatVec(c.Cols[nd.width], c.Len), flatVec(c.Cols[nd.width+1], c.Len)
	var sel []uint32
	for i := 0; i < c.Len; i++ {
		cl, cr := lc.I64[i], rc.I64[i]
		if lc.IsNull(i) {
			cl = 0
		}
		if rc.IsNull(i) {
			cr = 0
		}
		var times int64
		switch {
		case nd.op == SetIntersect && nd.all:
			times = min(cl, cr)
		case nd.op == SetIntersect:
			if cl > 0 && cr > 0 {
				times = 1
			}
		case nd.all:
			times = max(cl-cr, 0)
		default:
			if cl > 0 && cr == 0 {
				times = 1
			}
		}
		for ; times > 0; times-- {
			sel = append(sel, uint32(i))
			if len(sel) == vector.MaxLen {
				if err := l.emit(c, sel); err != nil {
					return err
				}
				sel = sel[:0]
			}
		}
	}
	if len(sel) > 0 {
		return l.emit(c, sel)
	}
	return nil
}

func (l *setExpandLocal) emit(c *vector.Chunk, sel []uint32) error {
	w := l.op.node.width
	out := &vector.Chunk{Cols: make([]*vector.Vector, w), Len: len(sel)}
	for i := 0; i < w; i++ {
		out.Cols[i] = c.Cols[i].Gather(sel)
	}
	l.op.stat.rows.Add(int64(len(sel)))
	return l.next.push(out)
}
