package engine

import (
	"cmp"
	"fmt"
	"math/bits"
	"reflect"
	"slices"
	"sync"
	"time"

	"github.com/lhsql/lhsql/vector"
)

// buildWindow computes the window functions of n. Functions that share
// PARTITION BY and ORDER BY are computed by one pipeline breaker (a
// windowSink); a node whose functions use several window specifications
// becomes a chain of breakers, each appending its functions' columns,
// followed by a projection that restores the order of n.Funcs.
func (b *planBuilder) buildWindow(n *WindowNode) (*pipeline, error) {
	p, err := b.build(n.Input)
	if err != nil {
		return nil, err
	}
	st := b.q.stat(n)
	if len(n.Funcs) == 0 {
		return p, nil
	}
	types := append([]vector.Type(nil), n.Input.Types()...)
	nIn := len(types)
	groups := groupWindowSpecs(n.Funcs)
	outCol := make([]int, len(n.Funcs))
	for gi, g := range groups {
		funcs := make([]*WindowFunc, len(g))
		for k, fi := range g {
			funcs[k] = &n.Funcs[fi]
			outCol[fi] = len(types) + k
		}
		s, err := newWindowSink(funcs, types, st, gi == len(groups)-1)
		if err != nil {
			return nil, err
		}
		b.finish(p, s)
		p = newPipeline(func(q *query) (rtSource, error) { return &windowSource{s: s}, nil })
		for _, f := range funcs {
			types = append(types, f.Typ)
		}
	}
	reorder := false
	for fi, c := range outCol {
		if c != nIn+fi {
			reorder = true
		}
	}
	if reorder {
		exprs := make([]Expr, 0, len(types))
		for i := 0; i < nIn; i++ {
			exprs = append(exprs, &ColRef{Idx: i, Typ: types[i]})
		}
		for fi, c := range outCol {
			exprs = append(exprs, &ColRef{Idx: c, Typ: n.Funcs[fi].Typ})
		}
		p.addOp(&projectOp{exprs: exprs, stat: &opStat{}})
	}
	return p, nil
}

// groupWindowSpecs groups the functions by window specification
// (PARTITION BY and ORDER BY), keeping first-appearance order.
func groupWindowSpecs(fs []WindowFunc) [][]int {
	var groups [][]int
	for i := range fs {
		found := false
		for g, idx := range groups {
			if sameWindowSpec(&fs[idx[0]], &fs[i]) {
				groups[g] = append(groups[g], i)
				found = true
				break
			}
		}
		if !found {
			groups = append(groups, []int{i})
		}
	}
	return groups
}

func sameWindowSpec(a, b *WindowFunc) bool {
	if len(a.Partition) != len(b.Partition) || len(a.Order) != len(b.Order) {
		return false
	}
	for i := range a.Partition {
		if !sameExpr(a.Partition[i], b.Partition[i]) {
			return false
		}
	}
	for i := range a.Order {
		x, y := a.Order[i], b.Order[i]
		if x.Desc != y.Desc || x.NullsFirst != y.NullsFirst || !sameExpr(x.Expr, y.Expr) {
			return false
		}
	}
	return true
}

// sameExpr reports whether two expressions certainly compute the same
// values (false when unsure).
func sameExpr(a, b Expr) bool {
	if a == b {
		return true
	}
	if x, ok := a.(*ColRef); ok {
		y, ok := b.(*ColRef)
		return ok && x.Idx == y.Idx && x.Typ == y.Typ
	}
	return reflect.DeepEqual(a, b)
}

// winFuncCols locates the evaluated expressions of one function in the
// buffered chunks (-1 when absent).
type winFuncCols struct {
	args     []int
	filter   int
	startOff int
	endOff   int
}

// windowSink buffers its input (with the evaluated window expressions
// appended as extra columns) and partitions it by a hash of the PARTITION
// BY keys; windowSource computes the functions per hash partition.
type windowSink struct {
	funcs   []*WindowFunc
	inTypes []vector.Type
	exprs   []Expr // evaluated per chunk; column len(inTypes)+k
	part    []int  // PARTITION BY columns
	order   []int  // ORDER BY columns
	keys    []SortKey
	fcols   []winFuncCols
	stat    *opStat
	last    bool // counts output rows

	mu     sync.Mutex
	chunks []*winChunk

	buckets [][]winSlice
}

// winChunk is one buffered input chunk.
type winChunk struct {
	cols   []*vector.Vector
	n      int
	hashes []uint64
	ord    uint64
}

// winSlice is the rows of one buffered chunk that fall in a hash
// partition.
type winSlice struct {
	chunk int
	sel   []uint32
}

func newWindowSink(funcs []*WindowFunc, inTypes []vector.Type, st *opStat, last bool) (*windowSink, error) {
	s := &windowSink{funcs: funcs, inTypes: inTypes, stat: st, last: last}
	add := func(e Expr) int {
		if e == nil {
			return -1
		}
		if c, ok := e.(*ColRef); ok && c.Idx < len(inTypes) {
			return c.Idx
		}
		for k, x := range s.exprs {
			if x == e {
				return len(inTypes) + k
			}
		}
		s.exprs = append(s.exprs, e)
		return len(inTypes) + len(s.exprs) - 1
	}
	f0 := funcs[0]
	for _, e := range f0.Partition {
		s.part = append(s.part, add(e))
	}
	for _, k := range f0.Order {
		s.order = append(s.order, add(k.Expr))
		s.keys = append(s.keys, k)
	}
	for _, f := range funcs {
		if err := checkWindowFunc(f); err != nil {
			return nil, err
		}
		fc := winFuncCols{filter: add(f.Filter), startOff: add(f.Frame.StartOffset), endOff: add(f.Frame.EndOffset)}
		for i, a := range f.Args {
			if i == 2 && IsWindowFunction(f.Name) && a.Type() != f.Typ && a.Type().ID != vector.TypeNull {
				// lag/lead default: convert to the result type.
				c, err := NewCast(a, f.Typ, false)
				if err != nil {
					return nil, err
				}
				a = c
			}
			fc.args = append(fc.args, add(a))
		}
		s.fcols = append(s.fcols, fc)
	}
	return s, nil
}

// checkWindowFunc validates a function before execution.
func checkWindowFunc(f *WindowFunc) error {
	if IsWindowFunction(f.Name) {
		if f.Distinct {
			return fmt.Errorf("Binder Error: DISTINCT is not implemented for non-aggregate window functions!")
		}
		if f.Filter != nil {
			return fmt.Errorf("Binder Error: FILTER is not implemented for non-aggregate window functions!")
		}
		types := make([]vector.Type, len(f.Args))
		for i, a := range f.Args {
			types[i] = a.Type()
		}
		_, err := WindowResultType(f.Name, types)
		return err
	}
	if !IsAggregate(f.Name) {
		return fmt.Errorf("Catalog Error: %s is not a window function or an aggregate", f.Name)
	}
	if _, err := newAggState(winAggExpr(f)); err != nil {
		return err
	}
	return nil
}

func winAggExpr(f *WindowFunc) *AggExpr {
	return &AggExpr{Name: f.Name, Args: f.Args, Distinct: f.Distinct, Filter: f.Filter, Typ: f.Typ}
}

type windowLocal struct {
	s      *windowSink
	w      *worker
	chunks []*winChunk
	cur    uint64
	seq    uint64
}

func (s *windowSink) newLocal(w *worker) sinkLocal { return &windowLocal{s: s, w: w} }

func (l *windowLocal) beginMorsel(i int)   { l.cur, l.seq = uint64(i), 0 }
func (l *windowLocal) endMorsel(int) error { return nil }

func (l *windowLocal) push(c *vector.Chunk) error {
	c = c.Compact()
	n := c.Len
	if n == 0 {
		return nil
	}
	s := l.s
	wc := &winChunk{cols: make([]*vector.Vector, 0, len(s.inTypes)+len(s.exprs)), n: n, ord: l.cur<<32 | l.seq}
	l.seq++
	for _, col := range c.Cols[:len(s.inTypes)] {
		wc.cols = append(wc.cols, flatVec(col, n))
	}
	for _, e := range s.exprs {
		v, err := e.Eval(l.w.ec, c)
		if err != nil {
			return err
		}
		wc.cols = append(wc.cols, flatVec(v, n))
	}
	if len(s.part) > 0 {
		keys := make([]*vector.Vector, len(s.part))
		for i, ci := range s.part {
			keys[i] = wc.cols[ci]
		}
		wc.hashes = make([]uint64, n)
		hashKeys(keys, n, wc.hashes)
	}
	l.chunks = append(l.chunks, wc)
	return nil
}

func (l *windowLocal) combine() error {
	l.s.mu.Lock()
	l.s.chunks = append(l.s.chunks, l.chunks...)
	l.s.mu.Unlock()
	return nil
}

// finalize orders the buffered chunks deterministically and assigns rows to
// hash partitions.
func (s *windowSink) finalize(q *query) error {
	start := time.Now()
	defer func() { s.stat.nanos.Add(int64(time.Since(start))) }()
	slices.SortFunc(s.chunks, func(a, b *winChunk) int { return cmp.Compare(a.ord, b.ord) })
	total := 0
	for _, c := range s.chunks {
		total += c.n
	}
	if total >= 1<<31 {
		return fmt.Errorf("Out of Memory Error: window input of %d rows is too large", total)
	}
	parts := 1
	if len(s.part) > 0 && total > 4096 {
		parts = min(64, 1<<bits.Len(uint(q.threads*4-1)))
	}
	s.buckets = make([][]winSlice, parts)
	if parts == 1 {
		for ci, c := range s.chunks {
			s.buckets[0] = append(s.buckets[0], winSlice{chunk: ci, sel: seqRows(c.n)})
		}
		return nil
	}
	shift := uint(64 - bits.Len(uint(parts-1)))
	sels := make([][]uint32, parts)
	for ci, c := range s.chunks {
		for p := range sels {
			sels[p] = nil
		}
		for r, h := range c.hashes {
			p := int(h >> shift)
			sels[p] = append(sels[p], uint32(r))
		}
		for p, sel := range sels {
			if len(sel) > 0 {
				s.buckets[p] = append(s.buckets[p], winSlice{chunk: ci, sel: sel})
			}
		}
	}
	return nil
}

// windowSource computes the functions of one hash partition per morsel.
type windowSource struct{ s *windowSink }

func (src *windowSource) morselCount() int { return len(src.s.buckets) }

func (src *windowSource) readMorsel(w *worker, i int, emit func(*vector.Chunk) error) error {
	s := src.s
	slicesOf := s.buckets[i]
	n := 0
	for _, sl := range slicesOf {
		n += len(sl.sel)
	}
	if n == 0 {
		return nil
	}
	start := time.Now()
	ev := newWinEval(s, slicesOf, n, w)
	results := make([]*vector.Vector, len(s.funcs))
	for fi := range s.funcs {
		out, err := ev.compute(fi)
		if err != nil {
			return err
		}
		results[fi] = out
	}
	// Emit in sorted order (as DuckDB does), so that a stable ORDER BY
	// above breaks ties the same way.
	inCols := make([]*vector.Vector, len(s.inTypes))
	for ci := range inCols {
		inCols[ci] = ev.col(ci)
	}
	s.stat.nanos.Add(int64(time.Since(start)))
	for lo := 0; lo < n; lo += vector.MaxLen {
		hi := min(lo+vector.MaxLen, n)
		c := &vector.Chunk{Cols: make([]*vector.Vector, 0, len(s.inTypes)+len(results)), Len: hi - lo}
		for _, col := range inCols {
			c.Cols = append(c.Cols, col.Slice(lo, hi))
		}
		for _, r := range results {
			c.Cols = append(c.Cols, r.Slice(lo, hi))
		}
		if s.last {
			s.stat.rows.Add(int64(hi - lo))
		}
		if err := emit(c); err != nil {
			return err
		}
	}
	return nil
}

func (src *windowSource) close() {}
