package engine

import (
	"fmt"

	"github.com/lhsql/lhsql/vector"
)

// buildNLJoin materializes Right and adds a nested-loop probe to Left.
func (b *planBuilder) buildNLJoin(n *NestedLoopJoinNode) (*pipeline, error) {
	if err := checkMaterializable(n.Right.Types(), "a nested-loop join build side"); err != nil {
		return nil, err
	}
	st := b.q.stat(n)
	rp, err := b.build(n.Right)
	if err != nil {
		return nil, err
	}
	sink := &buildSink{types: n.Right.Types(), track: n.Kind.tracksBuild(), stat: &opStat{}}
	b.finish(rp, sink)
	lp, err := b.build(n.Left)
	if err != nil {
		return nil, err
	}
	lp.addOp(&nlProbeOp{node: n, sink: sink, leftTypes: n.Left.Types(), rightTypes: n.Right.Types(), stat: st})
	return lp, nil
}

// nlProbeOp tests every (probe row, build row) pair with the condition.
type nlProbeOp struct {
	node                  *NestedLoopJoinNode
	sink                  *buildSink
	leftTypes, rightTypes []vector.Type
	stat                  *opStat
}

type nlProbeLocal struct {
	op     *nlProbeOp
	w      *worker
	next   pusher
	pr, br []uint32
}

func (o *nlProbeOp) newLocal(w *worker, next pusher) pusher {
	return &nlProbeLocal{op: o, w: w, next: next,
		pr: make([]uint32, 0, vector.MaxLen), br: make([]uint32, 0, vector.MaxLen)}
}

func (l *nlProbeLocal) emit(c *vector.Chunk) error {
	if c.Len == 0 {
		return nil
	}
	l.op.stat.rows.Add(int64(c.Len))
	return l.next.push(c)
}

func (l *nlProbeLocal) push(c *vector.Chunk) error {
	c = c.Compact()
	n := c.Len
	op := l.op
	t := op.sink.table
	kind := op.node.Kind
	m := t.n
	found := make([]bool, n)
	sawNull := make([]bool, n)
	emitPairs := kind == JoinInner || kind == JoinLeft || kind == JoinRight || kind == JoinFull
	// A found row needs no more pairs, except that RIGHT_SEMI/RIGHT_ANTI
	// flag every matching build row.
	decided := !emitPairs && kind != JoinRightSemi && kind != JoinRightAnti
	i, j := 0, 0
	for m > 0 && i < n {
		pr, br := l.pr[:0], l.br[:0]
		for i < n && len(pr) < vector.MaxLen {
			if decided && found[i] {
				i, j = i+1, 0
				continue
			}
			k := min(m-j, vector.MaxLen-len(pr))
			for r := j; r < j+k; r++ {
				pr = append(pr, uint32(i))
				br = append(br, uint32(r))
			}
			j += k
			if j == m {
				i, j = i+1, 0
			}
		}
		l.pr, l.br = pr, br
		if len(pr) == 0 {
			break
		}
		if err := l.w.q.ctx.Err(); err != nil {
			return err
		}
		pc := pairChunkOf(c, t, pr, br)
		sel := seqRows(len(pr))
		if op.node.Cond != nil {
			v, err := op.node.Cond.Eval(l.w.ec, pc)
			if err != nil {
				return err
			}
			if kind == JoinMark && !v.Const && v.Valid != nil {
				for k := range pr {
					if !v.Valid.IsValid(k) {
						sawNull[pr[k]] = true
					}
				}
			} else if kind == JoinMark && v.Const && !v.Valid.IsValid(0) {
				for _, p := range pr {
					sawNull[p] = true
				}
			}
			s, all, err := trueRows(v, len(pr), nil)
			if err != nil {
				return err
			}
			if !all {
				sel = s
			}
		}
		for _, k := range sel {
			found[pr[k]] = true
			if t.matched != nil {
				t.markMatched(br[k])
			}
		}
		if emitPairs && len(sel) > 0 {
			out := pc
			if len(sel) != len(pr) {
				out = gatherChunk(pc, sel)
			}
			if err := l.emit(out); err != nil {
				return err
			}
		}
	}
	switch kind {
	case JoinInner, JoinRight, JoinRightSemi, JoinRightAnti:
		return nil
	case JoinLeft, JoinFull:
		var sel []uint32
		for r := 0; r < n; r++ {
			if !found[r] {
				sel = append(sel, uint32(r))
			}
		}
		if len(sel) == 0 {
			return nil
		}
		out := &vector.Chunk{Cols: make([]*vector.Vector, 0, len(c.Cols)+len(op.rightTypes)), Len: len(sel)}
		for _, col := range c.Cols {
			out.Cols = append(out.Cols, col.Gather(sel))
		}
		for _, typ := range op.rightTypes {
			out.Cols = append(out.Cols, nullVector(typ, len(sel)))
		}
		return l.emit(out)
	case JoinSemi, JoinAnti:
		want := kind == JoinSemi
		sel := make([]uint32, 0, n)
		for r := 0; r < n; r++ {
			if found[r] == want {
				sel = append(sel, uint32(r))
			}
		}
		if len(sel) == n {
			return l.emit(c)
		}
		if len(sel) == 0 {
			return nil
		}
		return l.emit(gatherChunk(c, sel))
	case JoinMark:
		mark := vector.New(vector.Boolean, n)
		for r := 0; r < n; r++ {
			switch {
			case found[r]:
				mark.Bool[r] = true
			case sawNull[r]:
				mark.SetNull(r, n)
			}
		}
		out := &vector.Chunk{Cols: append(append(make([]*vector.Vector, 0, len(c.Cols)+1), c.Cols...), mark), Len: n}
		return l.emit(out)
	}
	return fmt.Errorf("internal error: unknown join kind %d", kind)
}

// pairChunkOf gathers probe rows pr of c and build rows br of t.
func pairChunkOf(c *vector.Chunk, t *joinTable, pr, br []uint32) *vector.Chunk {
	out := &vector.Chunk{Cols: make([]*vector.Vector, 0, len(c.Cols)+len(t.cols)), Len: len(pr)}
	if isIdentity(pr, c.Len) {
		// Every probe row matched once, in order: no gather needed.
		out.Cols = append(out.Cols, c.Cols...)
	} else {
		for _, col := range c.Cols {
			out.Cols = append(out.Cols, col.Gather(pr))
		}
	}
	for _, col := range t.cols {
		out.Cols = append(out.Cols, col.Gather(br))
	}
	return out
}

// isIdentity reports whether sel is exactly 0..n-1.
func isIdentity(sel []uint32, n int) bool {
	if len(sel) != n {
		return false
	}
	for i, s := range sel {
		if s != uint32(i) {
			return false
		}
	}
	return true
}

func (o *nlProbeOp) tailMorsels() int {
	if !o.node.Kind.tracksBuild() {
		return 0
	}
	return (o.sink.table.n + vector.MaxLen - 1) / vector.MaxLen
}

func (o *nlProbeOp) emitTail(_ *worker, i int, next pusher) error {
	out := tailChunk(o.sink.table, o.node.Kind, o.leftTypes, i)
	if out == nil {
		return nil
	}
	o.stat.rows.Add(int64(out.Len))
	return next.push(out)
}
