package engine

import (
	"fmt"

	"github.com/lhsql/lhsql/vector"
)

// filterOp keeps the rows for which pred is true.
type filterOp struct {
	pred Expr
	stat *opStat
}

type filterLocal struct {
	op   *filterOp
	w    *worker
	next pusher
	sel  []uint32
}

func (o *filterOp) newLocal(w *worker, next pusher) pusher {
	return &filterLocal{op: o, w: w, next: next, sel: make([]uint32, 0, vector.MaxLen)}
}

func (l *filterLocal) push(c *vector.Chunk) error {
	c = c.Compact()
	v, err := l.op.pred.Eval(l.w.ec, c)
	if err != nil {
		return err
	}
	sel, all, err := trueRows(v, c.Len, l.sel[:0])
	if err != nil {
		return err
	}
	l.sel = sel
	if all {
		l.op.stat.rows.Add(int64(c.Len))
		return l.next.push(c)
	}
	if len(sel) == 0 {
		return nil
	}
	l.op.stat.rows.Add(int64(len(sel)))
	return l.next.push(gatherChunk(c, sel))
}

// trueRows appends to sel the rows of the BOOLEAN vector v (n rows) that
// are true (NULL counts as false); all reports that every row is true.
func trueRows(v *vector.Vector, n int, sel []uint32) (out []uint32, all bool, err error) {
	if v.Typ.Phys() != vector.PhysBool {
		return nil, false, fmt.Errorf("internal error: filter predicate has type %s, want BOOLEAN", v.Typ)
	}
	if v.Const {
		if v.Valid.IsValid(0) && v.Bool[0] {
			return sel, true, nil
		}
		return sel, false, nil
	}
	b := v.Bool[:n]
	if v.Valid == nil {
		for i, x := range b {
			if x {
				sel = append(sel, uint32(i))
			}
		}
	} else {
		for i, x := range b {
			if x && v.Valid.IsValid(i) {
				sel = append(sel, uint32(i))
			}
		}
	}
	return sel, len(sel) == n, nil
}

// gatherChunk returns a new chunk holding rows sel of c (which has no Sel).
func gatherChunk(c *vector.Chunk, sel []uint32) *vector.Chunk {
	out := &vector.Chunk{Cols: make([]*vector.Vector, len(c.Cols)), Len: len(sel)}
	for i, col := range c.Cols {
		out.Cols[i] = col.Gather(sel)
	}
	return out
}
