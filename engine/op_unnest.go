package engine

import "github.com/lhsql/lhsql/vector"

// unnestOp implements UnnestNode.
type unnestOp struct {
	lists []Expr
	stat  *opStat
}

type unnestLocal struct {
	op   *unnestOp
	w    *worker
	next pusher
}

func (o *unnestOp) newLocal(w *worker, next pusher) pusher {
	return &unnestLocal{op: o, w: w, next: next}
}

func (l *unnestLocal) push(c *vector.Chunk) error {
	c = c.Compact()
	lists := make([]*vector.Vector, len(l.op.lists))
	for j, e := range l.op.lists {
		v, err := e.Eval(l.w.ec, c)
		if err != nil {
			return err
		}
		if v.Const {
			v = v.Flatten(c.Len)
		}
		lists[j] = v
	}
	var parent []uint32
	var pos []uint32
	for r := 0; r < c.Len; r++ {
		m := uint32(0)
		for _, v := range lists {
			if v.Valid.IsValid(r) && v.List[r].Len > m {
				m = v.List[r].Len
			}
		}
		for k := uint32(0); k < m; k++ {
			parent = append(parent, uint32(r))
			pos = append(pos, k)
		}
	}
	for lo := 0; lo < len(parent); lo += vector.MaxLen {
		hi := min(lo+vector.MaxLen, len(parent))
		n := hi - lo
		out := &vector.Chunk{Len: n}
		for _, col := range c.Cols {
			out.Cols = append(out.Cols, col.Gather(parent[lo:hi]))
		}
		for _, v := range lists {
			ev := vector.New(v.Typ.Elem(), n)
			for i := 0; i < n; i++ {
				r, k := parent[lo+i], pos[lo+i]
				if !v.Valid.IsValid(int(r)) || k >= v.List[r].Len {
					ev.SetNull(i, n)
					continue
				}
				ev.CopyCell(i, v.Child, int(v.List[r].Off+k), n)
			}
			out.Cols = append(out.Cols, ev)
		}
		l.op.stat.rows.Add(int64(n))
		if err := l.next.push(out); err != nil {
			return err
		}
	}
	return nil
}
