package engine

import (
	"fmt"
	"sync/atomic"

	"github.com/lhsql/lhsql/vector"
)

// buildHashJoin makes the build pipeline (Right into a buildSink) and adds
// the probe operator to Left's pipeline.
func (b *planBuilder) buildHashJoin(n *HashJoinNode) (*pipeline, error) {
	if len(n.LeftKeys) != len(n.RightKeys) || len(n.LeftKeys) == 0 {
		return nil, fmt.Errorf("internal error: hash join with %d left and %d right keys", len(n.LeftKeys), len(n.RightKeys))
	}
	for i := range n.LeftKeys {
		lt, rt := n.LeftKeys[i].Type(), n.RightKeys[i].Type()
		if lt.Phys() != rt.Phys() {
			return nil, fmt.Errorf("internal error: hash join key %d compares %s with %s", i, lt, rt)
		}
	}
	if err := checkMaterializable(n.Right.Types(), "a hash join build side"); err != nil {
		return nil, err
	}
	st := b.q.stat(n)
	rp, err := b.build(n.Right)
	if err != nil {
		return nil, err
	}
	sink := &buildSink{types: n.Right.Types(), keyExprs: n.RightKeys, hashed: true,
		track: n.Kind.tracksBuild(), stat: &opStat{}}
	if n.Residual == nil && (n.Kind == JoinSemi || n.Kind == JoinAnti || n.Kind == JoinMark) {
		// Nothing reads the build columns: keep only keys and hashes.
		sink.keysOnly = true
	}
	b.finish(rp, sink)
	b.planJoinFilter(n, sink)
	lp, err := b.build(n.Left)
	if err != nil {
		return nil, err
	}
	lp.addOp(&probeOp{node: n, sink: sink, leftTypes: n.Left.Types(), rightTypes: n.Right.Types(), stat: st})
	return lp, nil
}

// probeOp probes the join table with the streaming (Left) side.
type probeOp struct {
	node                  *HashJoinNode
	sink                  *buildSink
	leftTypes, rightTypes []vector.Type
	stat                  *opStat
}

type probeLocal struct {
	op   *probeOp
	w    *worker
	next pusher

	hashes  []uint64
	ptr     []uint32
	active  []uint32
	nactive []uint32
	pr, br  []uint32 // candidate pairs of a round
	eq      []bool
	outP    []uint32 // matched pairs waiting for output
	outB    []uint32
	found   []bool
	nullKey []bool
	keys    []*vector.Vector
	// need flags the output columns the next operator reads (nil: all).
	// Columns it never reads are left nil instead of being gathered.
	need  []bool
	spare spareCols
}

func (o *probeOp) newLocal(w *worker, next pusher) pusher {
	width := len(o.leftTypes) + len(o.rightTypes)
	switch o.node.Kind {
	case JoinSemi, JoinAnti:
		width = len(o.leftTypes)
	case JoinMark:
		width = len(o.leftTypes) + 1
	case JoinRightSemi, JoinRightAnti:
		width = len(o.rightTypes)
	}
	return &probeLocal{op: o, w: w, next: next, need: neededCols(next, width),
		hashes: make([]uint64, vector.MaxLen), ptr: make([]uint32, vector.MaxLen),
		eq: make([]bool, vector.MaxLen), found: make([]bool, vector.MaxLen), nullKey: make([]bool, vector.MaxLen)}
}

// neededCols returns which of width output columns next reads when next
// is a projection of plain column references, or nil (all columns).
func neededCols(next pusher, width int) []bool {
	pl, ok := next.(*projectLocal)
	if !ok {
		return nil
	}
	need := make([]bool, width)
	for _, e := range pl.op.exprs {
		r, ok := e.(*ColRef)
		if !ok || r.Idx < 0 || r.Idx >= width {
			return nil
		}
		need[r.Idx] = true
	}
	return need
}

// gatherNeeded gathers rows sel of col into output column i, or returns
// nil when the next operator does not read column i.
func (l *probeLocal) gatherNeeded(i int, col *vector.Vector, sel []uint32) *vector.Vector {
	if l.need != nil && !l.need[i] {
		return nil
	}
	if l.w.recycle {
		return l.spare.gather(i, col, sel)
	}
	return gatherVec(col, sel)
}

func (l *probeLocal) emit(c *vector.Chunk) error {
	if c.Len == 0 {
		return nil
	}
	l.op.stat.rows.Add(int64(c.Len))
	return l.next.push(c)
}

// pairChunk gathers probe rows pr of c and build rows br of the table.
func (l *probeLocal) pairChunk(c *vector.Chunk, t *joinTable, pr, br []uint32) *vector.Chunk {
	return pairChunkOf(c, t, pr, br)
}

func (l *probeLocal) flush(c *vector.Chunk, t *joinTable) error {
	if len(l.outP) == 0 {
		return nil
	}
	var out *vector.Chunk
	if l.need == nil && !l.w.recycle {
		out = l.pairChunk(c, t, l.outP, l.outB)
	} else {
		pr, br := l.outP, l.outB
		out = &vector.Chunk{Cols: make([]*vector.Vector, 0, len(c.Cols)+len(t.cols)), Len: len(pr)}
		ident := isIdentity(pr, c.Len)
		for i, col := range c.Cols {
			if ident {
				out.Cols = append(out.Cols, col)
			} else {
				out.Cols = append(out.Cols, l.gatherNeeded(i, col, pr))
			}
		}
		for j, col := range t.cols {
			out.Cols = append(out.Cols, l.gatherNeeded(len(c.Cols)+j, col, br))
		}
	}
	l.outP, l.outB = l.outP[:0], l.outB[:0]
	return l.emit(out)
}

func (l *probeLocal) push(c *vector.Chunk) error {
	c = c.Compact()
	n := c.Len
	op := l.op
	t := op.sink.table
	kind := op.node.Kind
	if len(l.hashes) < n {
		l.hashes, l.ptr = make([]uint64, n), make([]uint32, n)
		l.eq, l.found, l.nullKey = make([]bool, n), make([]bool, n), make([]bool, n)
	}
	// Evaluate and hash the probe keys.
	l.keys = l.keys[:0]
	for _, e := range op.node.LeftKeys {
		v, err := e.Eval(l.w.ec, c)
		if err != nil {
			return err
		}
		l.keys = append(l.keys, flatVec(v, n))
	}
	found, nullKey := l.found[:n], l.nullKey[:n]
	for i := range found {
		found[i] = false
		nullKey[i] = false
	}
	for _, k := range l.keys {
		if k.Valid != nil {
			for i := 0; i < n; i++ {
				if !k.Valid.IsValid(i) {
					nullKey[i] = true
				}
			}
		}
	}
	if t.n > 0 {
		hs := l.hashes[:n]
		hashKeys(l.keys, n, hs)
		l.active = l.active[:0]
		head, mask := t.head, t.mask
		for i := 0; i < n; i++ {
			if nullKey[i] {
				continue
			}
			if e := head[hs[i]&mask]; e != 0 {
				l.ptr[i] = e
				l.active = append(l.active, uint32(i))
			}
		}
		if err := l.probeRounds(c, t); err != nil {
			return err
		}
	}
	// Rows decided after all rounds.
	switch kind {
	case JoinInner, JoinRight, JoinRightSemi, JoinRightAnti:
		return nil
	case JoinLeft, JoinFull:
		var sel []uint32
		for i := 0; i < n; i++ {
			if !found[i] {
				sel = append(sel, uint32(i))
			}
		}
		if len(sel) == 0 {
			return nil
		}
		out := &vector.Chunk{Cols: make([]*vector.Vector, 0, len(c.Cols)+len(op.rightTypes)), Len: len(sel)}
		for i, col := range c.Cols {
			out.Cols = append(out.Cols, l.gatherNeeded(i, col, sel))
		}
		for _, typ := range op.rightTypes {
			out.Cols = append(out.Cols, nullVector(typ, len(sel)))
		}
		return l.emit(out)
	case JoinSemi, JoinAnti:
		want := kind == JoinSemi
		sel := make([]uint32, 0, n)
		for i := 0; i < n; i++ {
			if found[i] == want {
				sel = append(sel, uint32(i))
			}
		}
		if len(sel) == n {
			return l.emit(c)
		}
		if len(sel) == 0 {
			return nil
		}
		out := &vector.Chunk{Cols: make([]*vector.Vector, len(c.Cols)), Len: len(sel)}
		for i, col := range c.Cols {
			out.Cols[i] = l.gatherNeeded(i, col, sel)
		}
		return l.emit(out)
	case JoinMark:
		mark := vector.New(vector.Boolean, n)
		for i := 0; i < n; i++ {
			switch {
			case found[i]:
				mark.Bool[i] = true
			case t.n > 0 && (nullKey[i] || t.hasNullKey):
				mark.SetNull(i, n)
			}
		}
		out := &vector.Chunk{Cols: append(append(make([]*vector.Vector, 0, len(c.Cols)+1), c.Cols...), mark), Len: n}
		return l.emit(out)
	}
	return fmt.Errorf("internal error: unknown join kind %d", kind)
}

// probeRounds walks the bucket chains of all active rows one step per
// round, verifying hashes, keys and the residual.
func (l *probeLocal) probeRounds(c *vector.Chunk, t *joinTable) error {
	op := l.op
	kind := op.node.Kind
	hs, bh, next := l.hashes, t.hashes, t.next
	ptr, found := l.ptr, l.found
	emitPairs := kind == JoinInner || kind == JoinLeft || kind == JoinRight || kind == JoinFull
	// A RIGHT_SEMI/RIGHT_ANTI probe only flags build rows: a row already
	// flagged needs no more checks, and a probe row continues along its
	// whole chain.
	flagOnly := kind == JoinRightSemi || kind == JoinRightAnti
	l.outP, l.outB = l.outP[:0], l.outB[:0]
	for round := 0; len(l.active) > 0; round++ {
		if round&63 == 63 {
			if err := l.w.q.ctx.Err(); err != nil {
				return err
			}
		}
		pr, br, nact := l.pr[:0], l.br[:0], l.nactive[:0]
		if flagOnly {
			matched := t.matched
			for _, i := range l.active {
				e := ptr[i]
				if bh[e-1] == hs[i] && atomic.LoadUint32(&matched[e-1]) == 0 {
					pr = append(pr, i)
					br = append(br, e-1)
				}
				if nx := next[e]; nx != 0 {
					ptr[i] = nx
					nact = append(nact, i)
				}
			}
		} else {
			for _, i := range l.active {
				e := ptr[i]
				if bh[e-1] == hs[i] {
					pr = append(pr, i)
					br = append(br, e-1)
				}
				if nx := next[e]; nx != 0 {
					ptr[i] = nx
					nact = append(nact, i)
				}
			}
		}
		l.pr, l.br = pr, br
		if len(pr) > 0 {
			eq := l.eq[:len(pr)]
			for k := range eq {
				eq[k] = true
			}
			for k, kv := range l.keys {
				keysEqualRows(kv, pr, t.keys[k], br, eq, false)
			}
			m := 0
			for k := range pr {
				if eq[k] {
					pr[m], br[m] = pr[k], br[k]
					m++
				}
			}
			pr, br = pr[:m], br[:m]
			if m > 0 && op.node.Residual != nil {
				pc := l.pairChunk(c, t, pr, br)
				v, err := op.node.Residual.Eval(l.w.ec, pc)
				if err != nil {
					return err
				}
				sel, all, err := trueRows(v, m, nil)
				if err != nil {
					return err
				}
				if !all {
					for k, s := range sel {
						pr[k], br[k] = pr[s], br[s]
					}
					pr, br = pr[:len(sel)], br[:len(sel)]
				}
			}
			for k, i := range pr {
				found[i] = true
				if t.matched != nil {
					t.markMatched(br[k])
				}
			}
			if emitPairs && len(pr) > 0 {
				if len(l.outP)+len(pr) > vector.MaxLen {
					if err := l.flush(c, t); err != nil {
						return err
					}
				}
				l.outP = append(l.outP, pr...)
				l.outB = append(l.outB, br...)
			}
		}
		if !emitPairs && !flagOnly {
			// A row is decided by its first match.
			m := 0
			for _, i := range nact {
				if !found[i] {
					nact[m] = i
					m++
				}
			}
			nact = nact[:m]
		}
		l.nactive = l.active
		l.active = nact
	}
	if emitPairs {
		return l.flush(c, t)
	}
	return nil
}

func (o *probeOp) tailMorsels() int {
	if !o.node.Kind.tracksBuild() {
		return 0
	}
	return (o.sink.table.n + vector.MaxLen - 1) / vector.MaxLen
}

// emitTail outputs the build rows of morsel i that the kind keeps after
// the probe: unmatched rows with NULL probe columns (RIGHT/FULL), matched
// rows (RIGHT_SEMI) or unmatched rows (RIGHT_ANTI) alone.
func (o *probeOp) emitTail(_ *worker, i int, next pusher) error {
	out := tailChunk(o.sink.table, o.node.Kind, o.leftTypes, i)
	if out == nil {
		return nil
	}
	o.stat.rows.Add(int64(out.Len))
	return next.push(out)
}

// tailChunk builds the tail output of build morsel i of t for kind (see
// probeOp.emitTail), or nil when no row of the morsel is kept.
func tailChunk(t *joinTable, kind JoinKind, leftTypes []vector.Type, i int) *vector.Chunk {
	lo, hi := i*vector.MaxLen, min((i+1)*vector.MaxLen, t.n)
	keepMatched := kind == JoinRightSemi
	sel := make([]uint32, 0, hi-lo)
	for r := lo; r < hi; r++ {
		if (t.matched[r] != 0) == keepMatched {
			sel = append(sel, uint32(r))
		}
	}
	if len(sel) == 0 {
		return nil
	}
	out := &vector.Chunk{Cols: make([]*vector.Vector, 0, len(leftTypes)+len(t.cols)), Len: len(sel)}
	if kind == JoinRight || kind == JoinFull {
		for _, typ := range leftTypes {
			out.Cols = append(out.Cols, nullVector(typ, len(sel)))
		}
	}
	for _, col := range t.cols {
		out.Cols = append(out.Cols, col.Gather(sel))
	}
	return out
}
