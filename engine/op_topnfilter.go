package engine

import (
	"sync"
	"sync/atomic"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// Top-N filters (dynamic filters from ORDER BY ... LIMIT n): once some
// worker has seen n rows whose first sort key is at most b (ascending
// order), no row with a key after b can be among the first n, whatever
// the other keys. A topNFilter keeps the tightest such bound over all
// workers; its operator, right before the sort, drops the rows past it,
// and the scan the key comes from gets it as a storage.KeyFilter, so it
// skips row groups whose statistics lie past the bound and decodes the
// other columns only for rows within it. Rows equal to the bound stay.

// topNFilter is the shared bound of one top-N on an int64-backed key.
type topNFilter struct {
	keep       int // Offset + Limit rows the sort keeps
	desc       bool
	nullsFirst bool
	col        int // the key's column in the sort's input chunks
	typ        vector.Type

	mu    sync.Mutex // serializes tighten
	has   atomic.Bool
	bound atomic.Int64
}

// planTopNFilter returns the top-N filter of sort n (topNFilterFor) and
// registers it to the scan its key comes from, or returns nil.
func (b *planBuilder) planTopNFilter(n *SortNode) *topNFilter {
	f, scan, col := topNFilterFor(n)
	if scan != nil {
		if b.topN == nil {
			b.topN = map[*ScanNode][]topNTarget{}
		}
		b.topN[scan] = append(b.topN[scan], topNTarget{f: f, col: col})
	}
	return f
}

// topNFilterFor returns the top-N filter of sort n, or nil: n must keep a
// bounded number of rows and its first key must be an int64-backed
// column. When that column comes unchanged from a scan through filters
// and projections only, scan is that scan and col its output column.
func topNFilterFor(n *SortNode) (f *topNFilter, scan *ScanNode, col int) {
	if n.Limit < 0 || len(n.Keys) == 0 || n.Offset+n.Limit <= 0 || n.Offset+n.Limit > 1<<16 {
		return nil, nil, 0
	}
	k := n.Keys[0]
	r, ok := k.Expr.(*ColRef)
	if !ok || r.Typ.Phys() != vector.PhysInt64 || r.Typ.ID == vector.TypeUBigInt {
		return nil, nil, 0
	}
	f = &topNFilter{keep: int(n.Offset + n.Limit), desc: k.Desc, nullsFirst: k.NullsFirst, col: r.Idx, typ: r.Typ}
	if s, cols, deep := joinFilterScan(n.Input, []int{r.Idx}); s != nil && !deep {
		return f, s, cols[0]
	}
	return f, nil, 0
}

// topNTarget is a top-N filter on output column col of a scan.
type topNTarget struct {
	f   *topNFilter
	col int
}

// withTopN returns spec with the top-N filters ts added as key filters.
func withTopN(spec storage.ScanSpec, ts []topNTarget) storage.ScanSpec {
	for _, t := range ts {
		if t.col < 0 || t.col >= len(spec.Columns) {
			continue
		}
		spec.Keys = append(spec.Keys[:len(spec.Keys):len(spec.Keys)], storage.KeyFilter{Col: spec.Columns[t.col], Set: &topNKeys{f: t.f, col: spec.Columns[t.col]}})
	}
	return spec
}

// past reports whether key x sorts strictly after bound b.
func (f *topNFilter) past(x, b int64) bool {
	if f.desc {
		return x < b
	}
	return x > b
}

// tighten makes b the bound when it is tighter than the current one.
// The bound is stored before has, so a reader that sees has sees a bound.
func (f *topNFilter) tighten(b int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.has.Load() || f.past(f.bound.Load(), b) {
		f.bound.Store(b)
		f.has.Store(true)
	}
}

// keeps reports whether a row with key x (null: NULL) may still be among
// the first rows, given the current bound.
func (f *topNFilter) keeps(x int64, null bool, has bool, b int64) bool {
	if null {
		return f.nullsFirst || !has
	}
	return !has || !f.past(x, b)
}

// topNKeys is a topNFilter seen by a scan (storage.KeySet with bounds).
type topNKeys struct {
	f   *topNFilter
	col int // schema column
}

// Select implements storage.KeySet.
func (k *topNKeys) Select(v *vector.Vector, n int, sel, dst []uint32) []uint32 {
	f := k.f
	has, b := f.has.Load(), f.bound.Load()
	m := 0
	test := func(i uint32) {
		if v.Const {
			if f.keeps(v.I64[0], !v.Valid.IsValid(0), has, b) {
				dst[m] = i
				m++
			}
			return
		}
		if f.keeps(v.I64[i], !v.Valid.IsValid(int(i)), has, b) {
			dst[m] = i
			m++
		}
	}
	if sel == nil {
		for i := range n {
			test(uint32(i))
		}
	} else {
		for _, i := range sel {
			test(i)
		}
	}
	return dst[:m]
}

// Desc implements storage.OrderedKeySet: the bound tightens fastest when
// the rows that sort first come first.
func (k *topNKeys) Desc() bool { return k.f.desc }

// Bounds implements storage.DynamicKeySet: every row the filter keeps
// satisfies them (NULL keys aside when they sort first).
func (k *topNKeys) Bounds() []storage.Filter {
	f := k.f
	if !f.has.Load() || f.nullsFirst {
		return nil
	}
	op := storage.OpLe
	if f.desc {
		op = storage.OpGe
	}
	return []storage.Filter{{Col: k.col, Op: op, Value: vector.Value{Typ: f.typ, I64: f.bound.Load()}}}
}

// topNLocal is a worker's top-N filter: a max-heap (min-heap when
// descending) of the best keep keys it has passed on.
type topNLocal struct {
	f    *topNFilter
	next pusher
	heap []int64
	sel  []uint32
}

func (f *topNFilter) newLocal(_ *worker, next pusher) pusher {
	return &topNLocal{f: f, next: next}
}

// worse reports whether key a sorts after key b.
func (l *topNLocal) worse(a, b int64) bool { return l.f.past(a, b) }

func (l *topNLocal) push(c *vector.Chunk) error {
	c = c.Compact()
	n := c.Len
	if n == 0 {
		return nil
	}
	f := l.f
	v := flatVec(c.Cols[f.col], n)
	if cap(l.sel) < n {
		l.sel = make([]uint32, n)
	}
	sel := l.sel[:0]
	has, b := f.has.Load(), f.bound.Load()
	for i := range n {
		null := !v.Valid.IsValid(i)
		x := v.I64[i]
		if !f.keeps(x, null, has, b) {
			continue
		}
		sel = append(sel, uint32(i))
		if null {
			continue
		}
		switch {
		case len(l.heap) < f.keep:
			l.heap = append(l.heap, x)
			l.up(len(l.heap) - 1)
		case l.worse(l.heap[0], x):
			l.heap[0] = x
			l.down(0)
		default:
			continue
		}
		if len(l.heap) == f.keep && (!has || f.past(b, l.heap[0])) {
			f.tighten(l.heap[0])
			has, b = f.has.Load(), f.bound.Load()
		}
	}
	switch len(sel) {
	case 0:
		return nil
	case n:
		return l.next.push(c)
	}
	return l.next.push(gatherChunk(c, sel))
}

// up and down restore the heap order (the worst key at the root).
func (l *topNLocal) up(i int) {
	h := l.heap
	for i > 0 {
		p := (i - 1) / 2
		if !l.worse(h[i], h[p]) {
			return
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
}

func (l *topNLocal) down(i int) {
	h := l.heap
	for {
		w := i
		if c := 2*i + 1; c < len(h) && l.worse(h[c], h[w]) {
			w = c
		}
		if c := 2*i + 2; c < len(h) && l.worse(h[c], h[w]) {
			w = c
		}
		if w == i {
			return
		}
		h[i], h[w] = h[w], h[i]
		i = w
	}
}
