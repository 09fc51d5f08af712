package engine

import (
	"math/bits"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// Runtime join filters (sideways information passing): once a hash join's
// build side is complete, a compact hash filter of its keys is applied to
// the probe side's rows right after the scan they come from, when that
// scan is below another join or an aggregation. Rows whose key cannot be
// in the build side are dropped before they are joined or aggregated.
// Pipelines run in build order and a join's build pipeline is built before
// its probe subtree, so the filter is complete before the scan runs.

// joinFilterTarget is a scan that receives a runtime filter: the filter
// reads scan output columns cols, which carry the join's probe keys.
type joinFilterTarget struct {
	sink *buildSink
	cols []int
	// keys, when set, lists the join keys (build key columns) the filter
	// tests, a subset of them; nil means all.
	keys []int
	// scanOnly is set when no join or aggregation lies between the scan
	// and the join: the join itself drops the rows right away, so the
	// filter only serves the scan (withJoinFilters), as a hint that lets
	// it skip decoding the other columns of rejected rows.
	scanOnly bool
}

// planJoinFilter registers a runtime filter of join n (whose build sink
// is sink) on the scan its probe keys come from, when the keys pass
// unchanged through at least one join or aggregation on the way and
// dropping probe rows without a match is allowed for n's kind.
func (b *planBuilder) planJoinFilter(n *HashJoinNode, sink *buildSink) {
	scan, t, ok := joinFilterFor(n)
	if !ok {
		return
	}
	t.sink = sink
	if b.joinFilters == nil {
		b.joinFilters = map[*ScanNode][]joinFilterTarget{}
	}
	b.joinFilters[scan] = append(b.joinFilters[scan], t)
}

// joinFilterFor returns the scan that receives a runtime filter of join n
// and the filter's target (without its sink), or ok false when n gets
// none: its kind must allow dropping probe rows without a match, and its
// probe keys (all of them, or else one) must come unchanged from a scan.
func joinFilterFor(n *HashJoinNode) (scan *ScanNode, t joinFilterTarget, ok bool) {
	switch n.Kind {
	case JoinInner, JoinRight, JoinSemi, JoinRightSemi:
	default:
		return nil, t, false
	}
	cols := make([]int, len(n.LeftKeys))
	usable := make([]bool, len(n.LeftKeys))
	all := true
	for i, k := range n.LeftKeys {
		r, ok := k.(*ColRef)
		usable[i] = ok && r.Typ.Equal(n.RightKeys[i].Type())
		all = all && usable[i]
		if ok {
			cols[i] = r.Idx
		}
	}
	if all {
		if scan, out, deep := joinFilterScan(n.Left, cols); scan != nil && (deep || len(out) == 1) {
			return scan, joinFilterTarget{cols: out, scanOnly: !deep}, true
		}
	}
	// Otherwise a filter on one key that comes from a scan: a probe row
	// whose value of that key is no build row's cannot match either.
	for i, c := range cols {
		if !usable[i] {
			continue
		}
		if scan, out, deep := joinFilterScan(n.Left, []int{c}); scan != nil {
			return scan, joinFilterTarget{cols: out, keys: []int{i}, scanOnly: !deep}, true
		}
	}
	return nil, t, false
}

// joinFilterScan follows output columns cols of n down to the scan that
// produces them unchanged, returning the scan and its column indexes;
// deep reports whether the path crosses a join or an aggregation.
func joinFilterScan(n Node, cols []int) (scan *ScanNode, out []int, deep bool) {
	switch x := n.(type) {
	case *ScanNode:
		return x, cols, false
	case *FilterNode:
		return joinFilterScan(x.Input, cols)
	case *ProjectNode:
		next := make([]int, len(cols))
		for i, c := range cols {
			r, ok := x.Exprs[c].(*ColRef)
			if !ok {
				return nil, nil, false
			}
			next[i] = r.Idx
		}
		return joinFilterScan(x.Input, next)
	case *HashAggNode:
		next := make([]int, len(cols))
		for i, c := range cols {
			if c >= len(x.Groups) {
				return nil, nil, false
			}
			r, ok := x.Groups[c].(*ColRef)
			if !ok {
				return nil, nil, false
			}
			next[i] = r.Idx
		}
		s, o, _ := joinFilterScan(x.Input, next)
		return s, o, true
	case *HashJoinNode:
		// Every kind passes probe (Left) columns through unchanged; a
		// dropped probe row only removes output rows whose key fails the
		// outer join anyway. Build columns are followed for the kinds
		// that output them.
		nl := len(x.Left.Types())
		left, right := true, true
		for _, c := range cols {
			if c < nl {
				right = false
			} else {
				left = false
			}
		}
		switch {
		case x.Kind == JoinRightSemi || x.Kind == JoinRightAnti:
			s, o, _ := joinFilterScan(x.Right, cols)
			return s, o, true
		case left:
			s, o, _ := joinFilterScan(x.Left, cols)
			return s, o, true
		case right && (x.Kind == JoinInner || x.Kind == JoinLeft || x.Kind == JoinRight || x.Kind == JoinFull):
			next := make([]int, len(cols))
			for i, c := range cols {
				next[i] = c - nl
			}
			s, o, _ := joinFilterScan(x.Right, next)
			return s, o, true
		}
	}
	return nil, nil, false
}

// joinFilterOps returns the runtime filters registered for scan n: all
// of them go to the scan, and those not scanOnly also follow it in its
// pipeline as operators (ops).
func (b *planBuilder) joinFilterOps(n *ScanNode) (all, ops []*joinFilterOp) {
	for _, t := range b.joinFilters[n] {
		f := &joinFilterOp{sink: t.sink, cols: t.cols, keys: t.keys}
		all = append(all, f)
		if !t.scanOnly {
			ops = append(ops, f)
		}
	}
	return all, ops
}

// withJoinFilters returns spec with the runtime filters fs of a scan of
// a table with the given schema added as hints: each single-column filter
// as a storage.KeyFilter (a scan that evaluates it drops rows before
// decoding their other columns) and, for integer-like keys, the range
// of the build keys as two comparisons, which prune row groups and pages
// by their min/max statistics. Filters whose build side is empty reject
// every row.
func withJoinFilters(spec storage.ScanSpec, schema []storage.Column, fs []*joinFilterOp) storage.ScanSpec {
	spec.Filters = slices.Clip(spec.Filters)
	spec.Keys = slices.Clip(spec.Keys)
	for _, f := range fs {
		if len(f.cols) != 1 || f.cols[0] >= len(spec.Columns) {
			continue
		}
		f.once.Do(f.prepare)
		col := spec.Columns[f.cols[0]]
		if col < 0 || col >= len(schema) {
			continue
		}
		spec.Keys = append(spec.Keys, storage.KeyFilter{Col: col, Set: f})
		if t := schema[col].Type; f.hasRange && t.Phys() == vector.PhysInt64 {
			spec.Filters = append(spec.Filters,
				storage.Filter{Col: col, Op: storage.OpGe, Value: vector.Value{Typ: t, I64: f.lo}, PruneOnly: true},
				storage.Filter{Col: col, Op: storage.OpLe, Value: vector.Value{Typ: t, I64: f.hi}, PruneOnly: true})
		}
	}
	return spec
}

// joinFilterMinRows is how many rows a runtime filter inspects before it
// may disable itself for passing almost everything.
const joinFilterMinRows = 1 << 16

// joinFilterOp drops rows whose key hashes are absent from a join's build
// side. It may keep rows without a match (the join checks them again) but
// never drops a row with one. A filter that passes more than 7/8 of the
// rows it has seen turns itself off.
type joinFilterOp struct {
	sink *buildSink
	cols []int
	keys []int // build key columns tested, in cols order; nil means all

	once  sync.Once
	bits  []uint64 // two bits per build key, addressed by hash
	mask  uint64   // bit index mask
	empty bool     // the build side has no key without NULLs
	// lo and hi bound the build keys of a single int64-backed key column
	// (hasRange).
	lo, hi   int64
	hasRange bool
	seen     atomic.Int64
	passed   atomic.Int64
	disabled atomic.Bool

	// Rows a scan ran through Select (storage.KeySet), and how many passed:
	// a filter passing more than 7/8 of them stops selecting in scans.
	scanSeen, scanPassed atomic.Int64
	scanOff              atomic.Bool
	hashes               sync.Pool // *[]uint64 scratch of Select
}

// prepare builds the bit filter from the finished join table.
func (o *joinFilterOp) prepare() {
	t := o.sink.table
	n := t.n
	if n == 0 {
		o.empty = true
		return
	}
	keys, hashes := t.keys, t.hashes[:n]
	if o.keys != nil {
		keys = make([]*vector.Vector, len(o.keys))
		for i, k := range o.keys {
			keys[i] = t.keys[k]
		}
		hashes = make([]uint64, n)
		hashKeys(keys, n, hashes)
	}
	size := 1 << bits.Len(uint(n*16-1)) // bits, a power of two >= 16n
	size = max(size, 64)
	o.bits = make([]uint64, size/64)
	o.mask = uint64(size - 1)
	var nullRow func(r int) bool
	for _, k := range keys {
		if k.Valid != nil {
			nullRow = func(r int) bool {
				for _, k := range keys {
					if k.Valid != nil && !k.Valid.IsValid(r) {
						return true
					}
				}
				return false
			}
			break
		}
	}
	set := 0
	for r, h := range hashes {
		if nullRow != nil && nullRow(r) {
			continue
		}
		a, b := h&o.mask, (h>>32)&o.mask
		o.bits[a>>6] |= 1 << (a & 63)
		o.bits[b>>6] |= 1 << (b & 63)
		set++
	}
	o.empty = set == 0
	if len(keys) == 1 && !o.empty && keys[0].Typ.Phys() == vector.PhysInt64 && !keys[0].Const {
		k := keys[0]
		first := true
		for r, x := range k.I64[:n] {
			if k.Valid != nil && !k.Valid.IsValid(r) {
				continue
			}
			if first {
				o.lo, o.hi, first = x, x, false
			}
			o.lo, o.hi = min(o.lo, x), max(o.hi, x)
		}
		o.hasRange = !first
	}
}

// Select implements storage.KeySet for scans below the join: rows whose
// key hash is absent from the build side, or whose key is NULL, are
// dropped. v is a flat vector of the key column.
func (o *joinFilterOp) Select(v *vector.Vector, n int, sel, dst []uint32) []uint32 {
	o.once.Do(o.prepare)
	if o.empty {
		return dst[:0]
	}
	if o.scanOff.Load() || v.Const || len(o.cols) != 1 {
		if sel == nil {
			for i := range n {
				dst[i] = uint32(i)
			}
			return dst[:n]
		}
		return append(dst[:0], sel...)
	}
	hp, _ := o.hashes.Get().(*[]uint64)
	if hp == nil {
		hp = new([]uint64)
	}
	if cap(*hp) < n {
		*hp = make([]uint64, n)
	}
	hs := (*hp)[:n]
	keys := [1]*vector.Vector{v}
	hashKeys(keys[:], n, hs)
	bs, mask, valid := o.bits, o.mask, v.Valid
	k := 0
	if sel == nil {
		for i, h := range hs {
			a, b := h&mask, (h>>32)&mask
			if bs[a>>6]&(1<<(a&63)) != 0 && bs[b>>6]&(1<<(b&63)) != 0 && (valid == nil || valid.IsValid(i)) {
				dst[k] = uint32(i)
				k++
			}
		}
	} else {
		for _, i := range sel {
			h := hs[i]
			a, b := h&mask, (h>>32)&mask
			if bs[a>>6]&(1<<(a&63)) != 0 && bs[b>>6]&(1<<(b&63)) != 0 && (valid == nil || valid.IsValid(int(i))) {
				dst[k] = i
				k++
			}
		}
	}
	o.hashes.Put(hp)
	in := n
	if sel != nil {
		in = len(sel)
	}
	seen, passed := o.scanSeen.Add(int64(in)), o.scanPassed.Add(int64(k))
	if seen >= joinFilterMinRows && passed*8 > seen*7 {
		o.scanOff.Store(true)
	}
	return dst[:k]
}

type joinFilterLocal struct {
	op     *joinFilterOp
	next   pusher
	keys   []*vector.Vector
	hashes []uint64
	sel    []uint32
}

func (o *joinFilterOp) newLocal(_ *worker, next pusher) pusher {
	return &joinFilterLocal{op: o, next: next}
}

func (l *joinFilterLocal) push(c *vector.Chunk) error {
	op := l.op
	if op.disabled.Load() {
		return l.next.push(c)
	}
	op.once.Do(op.prepare)
	if op.empty {
		return nil
	}
	c = c.Compact()
	n := c.Len
	if n == 0 {
		return nil
	}
	l.keys = l.keys[:0]
	for _, ci := range op.cols {
		l.keys = append(l.keys, flatVec(c.Cols[ci], n))
	}
	if cap(l.hashes) < n {
		l.hashes = make([]uint64, n)
		l.sel = make([]uint32, n)
	}
	hs := l.hashes[:n]
	hashKeys(l.keys, n, hs)
	bs, mask := op.bits, op.mask
	sel := l.sel[:0]
	for i, h := range hs {
		a, b := h&mask, (h>>32)&mask
		if bs[a>>6]&(1<<(a&63)) != 0 && bs[b>>6]&(1<<(b&63)) != 0 {
			sel = append(sel, uint32(i))
		}
	}
	// NULL keys never match; they are left to the join (rare, and kept
	// rows are always safe).
	seen, passed := op.seen.Add(int64(n)), op.passed.Add(int64(len(sel)))
	if seen >= joinFilterMinRows && passed*8 > seen*7 {
		op.disabled.Store(true)
	}
	switch len(sel) {
	case n:
		return l.next.push(c)
	case 0:
		return nil
	}
	return l.next.push(gatherChunk(c, sel))
}
