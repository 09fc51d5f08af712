package engine

import (
	"cmp"
	"slices"
	"sync"
	"time"

	"github.com/lhsql/lhsql/vector"
)

// buildSort ends the input pipeline in a sortSink and starts a pipeline
// reading the sorted rows.
func (b *planBuilder) buildSort(n *SortNode) (*pipeline, error) {
	keyTypes := make([]vector.Type, len(n.Keys))
	for i, k := range n.Keys {
		keyTypes[i] = k.Expr.Type()
	}
	if err := checkMaterializable(append(keyTypes, n.Input.Types()...), "ORDER BY"); err != nil {
		return nil, err
	}
	tf := b.planTopNFilter(n) // before the input, whose scan may take it
	p, err := b.build(n.Input)
	if err != nil {
		return nil, err
	}
	if tf != nil {
		p.addOp(tf)
	}
	s := &sortSink{node: n, types: n.Input.Types(), stat: b.q.stat(n)}
	b.finish(p, s)
	return newPipeline(func(q *query) (rtSource, error) { return &sortSource{s: s}, nil }), nil
}

// sortRun is a columnar run of rows with evaluated sort keys and an
// ordinal (morsel << 32 | sequence) that makes the sort stable.
type sortRun struct {
	cols []*vector.Vector
	keys []*vector.Vector
	ord  []uint64
	n    int
	perm []uint32
}

// sortSink sorts per worker, then merges the runs.
type sortSink struct {
	node  *SortNode
	types []vector.Type
	stat  *opStat

	mu   sync.Mutex
	runs []*sortRun

	outRun []uint32
	outIdx []uint32
}

// keep returns the number of rows the sort must produce (-1: all).
func (s *sortSink) keep() int64 {
	if s.node.Limit < 0 {
		return -1
	}
	return s.node.Offset + s.node.Limit
}

type sortLocal struct {
	s    *sortSink
	w    *worker
	run  *sortRun // rows already materialized (top-N)
	cur  uint64
	seq  uint64
	keys []*vector.Vector

	// Chunks not yet materialized into a run.
	chunks  []*vector.Chunk
	keyVecs [][]*vector.Vector
	ords    []uint64 // ordinal of each pending row
	pending int

	topN topNScratch
}

func (s *sortSink) newLocal(w *worker) sinkLocal {
	return &sortLocal{s: s, w: w}
}

func (l *sortLocal) beginMorsel(i int)   { l.cur, l.seq = uint64(i), 0 }
func (l *sortLocal) endMorsel(int) error { return nil }

func (l *sortLocal) push(c *vector.Chunk) error {
	keep := l.s.keep()
	c = c.Compact()
	n := c.Len
	keys := make([]*vector.Vector, len(l.s.node.Keys))
	for i, k := range l.s.node.Keys {
		v, err := k.Expr.Eval(l.w.ec, c)
		if err != nil {
			return err
		}
		keys[i] = flatVec(v, n)
	}
	ord0 := l.cur<<32 | l.seq
	l.seq += uint64(n)
	var sel []uint32 // nil: every row
	if keep > 0 && l.run != nil && int64(l.run.n) >= keep {
		// Top-N with keep rows already: only rows ordered before the
		// last of them can make it.
		sel = l.topN.beating(l.s.node.Keys, keys, n, ord0, l.run)
		if len(sel) == 0 {
			return nil
		}
		if len(sel) == n {
			sel = nil
		}
	}
	m := n
	if sel != nil {
		m = len(sel)
		for i, k := range keys {
			keys[i] = k.Gather(sel)
		}
	}
	flat := &vector.Chunk{Cols: make([]*vector.Vector, len(c.Cols)), Len: m}
	for i, col := range c.Cols {
		col = flatVec(col, n)
		if sel != nil {
			col = col.Gather(sel)
		}
		flat.Cols[i] = col
	}
	l.chunks = append(l.chunks, flat)
	l.keyVecs = append(l.keyVecs, keys)
	if sel == nil {
		for j := 0; j < n; j++ {
			l.ords = append(l.ords, ord0+uint64(j))
		}
	} else {
		for _, j := range sel {
			l.ords = append(l.ords, ord0+uint64(j))
		}
	}
	l.pending += m
	if keep >= 0 && int64(l.pending) >= max(2*keep, 4096) {
		l.run = l.s.truncate(l.materialize(), int(keep))
	}
	return nil
}

// materialize concatenates the previous run and the pending chunks into
// one run with exactly sized columns.
func (l *sortLocal) materialize() *sortRun {
	s := l.s
	prev := 0
	if l.run != nil {
		prev = l.run.n
	}
	total := prev + l.pending
	r := &sortRun{cols: make([]*vector.Vector, len(s.types)), keys: make([]*vector.Vector, len(s.node.Keys)), n: total}
	fill := func(typ vector.Type, first *vector.Vector, part func(k int) *vector.Vector) *vector.Vector {
		out := vector.New(typ, 0)
		reserveRows(out, total)
		at := 0
		if first != nil && prev > 0 {
			appendRows(out, 0, first, nil, prev)
			at = prev
		}
		for k, c := range l.chunks {
			appendRows(out, at, part(k), nil, c.Len)
			at += c.Len
		}
		return out
	}
	for i, t := range s.types {
		var first *vector.Vector
		if l.run != nil {
			first = l.run.cols[i]
		}
		r.cols[i] = fill(t, first, func(k int) *vector.Vector { return l.chunks[k].Cols[i] })
	}
	for i, key := range s.node.Keys {
		var first *vector.Vector
		if l.run != nil {
			first = l.run.keys[i]
		}
		r.keys[i] = fill(key.Expr.Type(), first, func(k int) *vector.Vector { return l.keyVecs[k][i] })
	}
	r.ord = make([]uint64, 0, total)
	if l.run != nil {
		r.ord = append(r.ord, l.run.ord...)
	}
	r.ord = append(r.ord, l.ords...)
	l.chunks, l.keyVecs, l.ords, l.pending = l.chunks[:0], l.keyVecs[:0], l.ords[:0], 0
	l.run = r
	return r
}

// truncate sorts r and returns a run with its first keep rows.
func (s *sortSink) truncate(r *sortRun, keep int) *sortRun {
	s.sortRun(r)
	keep = min(keep, r.n)
	sel := r.perm[:keep]
	out := &sortRun{cols: make([]*vector.Vector, len(r.cols)), keys: make([]*vector.Vector, len(r.keys)), n: keep}
	for i, c := range r.cols {
		out.cols[i] = c.Gather(sel)
	}
	for i, k := range r.keys {
		out.keys[i] = k.Gather(sel)
	}
	out.ord = make([]uint64, keep)
	out.perm = make([]uint32, keep)
	for i, p := range sel {
		out.ord[i] = r.ord[p]
		out.perm[i] = uint32(i)
	}
	return out
}

func (l *sortLocal) combine() error {
	r := l.materialize()
	if r.n == 0 {
		return nil
	}
	start := time.Now()
	if keep := l.s.keep(); keep >= 0 && int64(r.n) > keep {
		r = l.s.truncate(r, int(keep))
	}
	if r.perm == nil || len(r.perm) != r.n {
		l.s.sortRun(r)
	}
	l.s.stat.nanos.Add(int64(time.Since(start)))
	l.s.mu.Lock()
	l.s.runs = append(l.s.runs, r)
	l.s.mu.Unlock()
	return nil
}

// compareRows orders row i of run a against row j of run b.
func (s *sortSink) compareRows(a *sortRun, i int, b *sortRun, j int) int {
	for k, key := range s.node.Keys {
		av, bv := a.keys[k], b.keys[k]
		an, bn := !av.Valid.IsValid(i), !bv.Valid.IsValid(j)
		if an || bn {
			if an && bn {
				continue
			}
			if an == key.NullsFirst {
				return -1
			}
			return 1
		}
		var c int
		switch av.Typ.Phys() {
		case vector.PhysInt64:
			if av.Typ.ID == vector.TypeUBigInt {
				c = cmp.Compare(uint64(av.I64[i]), uint64(bv.I64[j]))
			} else {
				c = cmp.Compare(av.I64[i], bv.I64[j])
			}
		case vector.PhysFloat64:
			c = cmp.Compare(av.F64[i], bv.F64[j])
			x, y := av.F64[i], bv.F64[j]
			// NaN sorts above every number, as in DuckDB.
			if x != x || y != y {
				switch {
				case x != x && y != y:
					c = 0
				case x != x:
					c = 1
				default:
					c = -1
				}
			}
		case vector.PhysString:
			c = cmp.Compare(av.Str[i], bv.Str[j])
		case vector.PhysBool:
			x, y := av.Bool[i], bv.Bool[j]
			switch {
			case x == y:
			case !x:
				c = -1
			default:
				c = 1
			}
		case vector.PhysInterval:
			c = cmp.Compare(intervalKey(av.Iv[i]), intervalKey(bv.Iv[j]))
		case vector.PhysList, vector.PhysStruct:
			c = compareValues(av.Get(i), bv.Get(j))
		}
		if c != 0 {
			if key.Desc {
				return -c
			}
			return c
		}
	}
	return cmp.Compare(a.ord[i], b.ord[j])
}

// keyComparer returns a typed comparison of rows of one key column
// (direction and NULL order applied).
func keyComparer(v *vector.Vector, key SortKey) func(i, j uint32) int {
	var c func(i, j uint32) int
	switch v.Typ.Phys() {
	case vector.PhysInt64:
		xs := v.I64
		if v.Typ.ID == vector.TypeUBigInt {
			c = func(i, j uint32) int { return cmp.Compare(uint64(xs[i]), uint64(xs[j])) }
		} else {
			c = func(i, j uint32) int { return cmp.Compare(xs[i], xs[j]) }
		}
	case vector.PhysFloat64:
		xs := v.F64
		c = func(i, j uint32) int {
			x, y := xs[i], xs[j]
			if x != x || y != y {
				switch {
				case x != x && y != y:
					return 0
				case x != x:
					return 1
				}
				return -1
			}
			return cmp.Compare(x, y)
		}
	case vector.PhysString:
		xs := v.Str
		c = func(i, j uint32) int { return cmp.Compare(xs[i], xs[j]) }
	case vector.PhysList, vector.PhysStruct:
		c = func(i, j uint32) int { return compareValues(v.Get(int(i)), v.Get(int(j))) }
	case vector.PhysBool:
		xs := v.Bool
		c = func(i, j uint32) int {
			switch x, y := xs[i], xs[j]; {
			case x == y:
				return 0
			case !x:
				return -1
			}
			return 1
		}
	case vector.PhysInterval:
		xs := v.Iv
		c = func(i, j uint32) int { return cmp.Compare(intervalKey(xs[i]), intervalKey(xs[j])) }
	default:
		c = func(i, j uint32) int { return 0 }
	}
	if key.Desc {
		asc := c
		c = func(i, j uint32) int { return -asc(i, j) }
	}
	if valid := v.Valid; valid != nil {
		inner := c
		nullsFirst := key.NullsFirst
		c = func(i, j uint32) int {
			an, bn := !valid.IsValid(int(i)), !valid.IsValid(int(j))
			if an || bn {
				switch {
				case an && bn:
					return 0
				case an == nullsFirst:
					return -1
				}
				return 1
			}
			return inner(i, j)
		}
	}
	return c
}

// sortRun computes r.perm.
func (s *sortSink) sortRun(r *sortRun) {
	r.perm = make([]uint32, r.n)
	for i := range r.perm {
		r.perm[i] = uint32(i)
	}
	cmps := make([]func(i, j uint32) int, len(s.node.Keys))
	for k, key := range s.node.Keys {
		cmps[k] = keyComparer(r.keys[k], key)
	}
	ord := r.ord
	if len(cmps) == 1 {
		c0 := cmps[0]
		slices.SortFunc(r.perm, func(a, b uint32) int {
			if c := c0(a, b); c != 0 {
				return c
			}
			return cmp.Compare(ord[a], ord[b])
		})
		return
	}
	slices.SortFunc(r.perm, func(a, b uint32) int {
		for _, f := range cmps {
			if c := f(a, b); c != 0 {
				return c
			}
		}
		return cmp.Compare(ord[a], ord[b])
	})
}

func (s *sortSink) finalize(q *query) error {
	start := time.Now()
	defer func() { s.stat.nanos.Add(int64(time.Since(start))) }()
	total := 0
	runs := s.runs[:0]
	for _, r := range s.runs {
		if r.n > 0 {
			total += r.n
			runs = append(runs, r)
		}
	}
	s.runs = runs
	// Order runs by their first ordinal so that merging is deterministic.
	slices.SortFunc(s.runs, func(a, b *sortRun) int { return cmp.Compare(a.ord[a.perm[0]], b.ord[b.perm[0]]) })
	keep := total
	if k := s.keep(); k >= 0 && int64(keep) > k {
		keep = int(k)
	}
	skip := 0
	if s.node.Limit >= 0 {
		skip = int(min(int64(keep), s.node.Offset))
	}
	s.outRun = make([]uint32, 0, keep-skip)
	s.outIdx = make([]uint32, 0, keep-skip)
	// k-way merge with a binary heap of run cursors.
	type cursor struct{ run, pos int }
	h := make([]cursor, 0, len(s.runs))
	less := func(a, b cursor) bool {
		ra, rb := s.runs[a.run], s.runs[b.run]
		return s.compareRows(ra, int(ra.perm[a.pos]), rb, int(rb.perm[b.pos])) < 0
	}
	down := func(i int) {
		for {
			l := 2*i + 1
			if l >= len(h) {
				return
			}
			m := l
			if r := l + 1; r < len(h) && less(h[r], h[l]) {
				m = r
			}
			if !less(h[m], h[i]) {
				return
			}
			h[i], h[m] = h[m], h[i]
			i = m
		}
	}
	for i, r := range s.runs {
		if r.n > 0 {
			h = append(h, cursor{run: i})
		}
	}
	for i := len(h)/2 - 1; i >= 0; i-- {
		down(i)
	}
	for produced := 0; produced < keep && len(h) > 0; produced++ {
		if produced&0xffff == 0 {
			if err := q.ctx.Err(); err != nil {
				return err
			}
		}
		c := h[0]
		if produced >= skip {
			s.outRun = append(s.outRun, uint32(c.run))
			s.outIdx = append(s.outIdx, s.runs[c.run].perm[c.pos])
		}
		h[0].pos++
		if h[0].pos >= s.runs[c.run].n {
			h[0] = h[len(h)-1]
			h = h[:len(h)-1]
		}
		if len(h) > 0 {
			down(0)
		}
	}
	return nil
}

// sortSource emits the merged order, one morsel per output chunk.
type sortSource struct{ s *sortSink }

func (src *sortSource) morselCount() int {
	return (len(src.s.outIdx) + vector.MaxLen - 1) / vector.MaxLen
}

func (src *sortSource) readMorsel(_ *worker, i int, emit func(*vector.Chunk) error) error {
	s := src.s
	lo, hi := i*vector.MaxLen, min((i+1)*vector.MaxLen, len(s.outIdx))
	runs, idx := s.outRun[lo:hi], s.outIdx[lo:hi]
	n := hi - lo
	c := &vector.Chunk{Cols: make([]*vector.Vector, len(s.types)), Len: n}
	single := len(s.runs) == 1
	for ci, t := range s.types {
		if single {
			c.Cols[ci] = s.runs[0].cols[ci].Gather(idx)
			continue
		}
		out := vector.New(t, n)
		switch t.Phys() {
		case vector.PhysInt64:
			for k := 0; k < n; k++ {
				out.I64[k] = s.runs[runs[k]].cols[ci].I64[idx[k]]
			}
		case vector.PhysFloat64:
			for k := 0; k < n; k++ {
				out.F64[k] = s.runs[runs[k]].cols[ci].F64[idx[k]]
			}
		case vector.PhysString:
			for k := 0; k < n; k++ {
				out.Str[k] = s.runs[runs[k]].cols[ci].Str[idx[k]]
			}
		case vector.PhysBool:
			for k := 0; k < n; k++ {
				out.Bool[k] = s.runs[runs[k]].cols[ci].Bool[idx[k]]
			}
		case vector.PhysInterval:
			for k := 0; k < n; k++ {
				out.Iv[k] = s.runs[runs[k]].cols[ci].Iv[idx[k]]
			}
		case vector.PhysList, vector.PhysStruct:
			for k := 0; k < n; k++ {
				out.CopyCell(k, s.runs[runs[k]].cols[ci], int(idx[k]), n)
			}
		}
		for k := 0; k < n; k++ {
			if src := s.runs[runs[k]].cols[ci]; src.Valid != nil && !src.Valid.IsValid(int(idx[k])) {
				out.SetNull(k, n)
			}
		}
		c.Cols[ci] = out
	}
	s.stat.rows.Add(int64(n))
	return emit(c)
}

func (src *sortSource) close() {}
