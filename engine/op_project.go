package engine

import "github.com/lhsql/lhsql/vector"

// projectOp computes expressions over its input.
type projectOp struct {
	exprs []Expr
	stat  *opStat
}

type projectLocal struct {
	op   *projectOp
	w    *worker
	next pusher
}

func (o *projectOp) newLocal(w *worker, next pusher) pusher {
	return &projectLocal{op: o, w: w, next: next}
}

func (l *projectLocal) push(c *vector.Chunk) error {
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
