package engine

import (
	"fmt"

	"github.com/lhsql/lhsql/vector"
)

// projectOp computes expressions over its input.
type projectOp struct {
	exprs []Expr
	stat  *opStat
}

type projectLocal struct {
	op   *projectOp
	w    *worker
	next pusher
	// cols lists the input column of each output when every expression
	// is a column reference and next may take selection vectors: chunks
	// with a selection vector then pass through without compaction.
	cols    []int
	nextSel selAcceptor
}

func (o *projectOp) newLocal(w *worker, next pusher) pusher {
	l := &projectLocal{op: o, w: w, next: next}
	if sa, ok := next.(selAcceptor); ok {
		cols := make([]int, len(o.exprs))
		for i, e := range o.exprs {
			c, ok := e.(*ColRef)
			if !ok {
				return l
			}
			cols[i] = c.Idx
		}
		l.cols, l.nextSel = cols, sa
	}
	return l
}

// acceptsSel implements selAcceptor.
func (l *projectLocal) acceptsSel() bool { return l.nextSel != nil && l.nextSel.acceptsSel() }

func (l *projectLocal) push(c *vector.Chunk) error {
	if c.Sel != nil && l.cols != nil {
		out := &vector.Chunk{Cols: make([]*vector.Vector, len(l.cols)), Len: c.Len, Sel: c.Sel}
		for i, k := range l.cols {
			if k >= len(c.Cols) {
				return fmt.Errorf("internal error: column #%d out of range (%d columns)", k, len(c.Cols))
			}
			out.Cols[i] = c.Cols[k]
		}
		l.op.stat.rows.Add(int64(len(c.Sel)))
		return l.next.push(out)
	}
	c = c.Compact()
	out := &vector.Chunk{Cols: make([]*vector.Vector, len(l.op.exprs)), Len: c.Len}
	for i, e := range l.op.exprs {
		v, err := e.Eval(l.w.ec, c)
		if err != nil {
			return err
		}
		out.Cols[i] = v
	}
	l.op.stat.rows.Add(int64(c.Len))
	return l.next.push(out)
}
