package engine

import (
	"strings"

	"github.com/lhsql/lhsql/vector"
)

// winTreeFanout is the fanout of the segment tree over aggregate states.
const winTreeFanout = 16

// winAggBatch is the number of rows whose frames are combined at once.
const winAggBatch = 1024

// winAgg evaluates one aggregate over window frames. Frames are computed
// with the aggregate registry's states (update/merge/final):
//   - a frame that is the whole partition is aggregated once;
//   - frames that start at the partition start and whose ends never move
//     backwards (running aggregates) accumulate into one state, O(n);
//   - other frames combine O(log n) nodes of a segment tree whose nodes are
//     groups of one aggregate state (level 1 aggregates winTreeFanout rows,
//     each higher level winTreeFanout nodes) plus the rows at the edges;
//   - DISTINCT aggregates over sliding frames visit every frame row.
type winAgg struct {
	ev       *winEval
	f        *WindowFunc
	ae       *AggExpr
	args     []*vector.Vector
	pass     []bool  // FILTER result per sorted row (nil: all pass)
	ids      []int32 // DISTINCT: id of each row's argument tuple
	seen     []int32 // DISTINCT: stamp per id
	stamp    int32
	ordered  bool // the aggregate depends on input order
	out      *vector.Vector
	fr       *winFramer
	starts   []int32
	ends     []int32
	gidsBuf  []uint32
	rowsBuf  []uint32
	pieceBuf []winPiece
	rightBuf []winPiece
	leafPos  []uint32
}

// winPiece is one part of a frame: a row (leaf) or a segment tree node.
type winPiece struct {
	node bool
	src  uint32 // index into leafPos, or tree group
	dst  uint32
}

func (a *winAgg) newState() aggState {
	st, _ := newAggState(a.ae)
	return st
}

func (ev *winEval) aggregate(fi int, out *vector.Vector) error {
	f := ev.s.funcs[fi]
	fc := ev.s.fcols[fi]
	a := &winAgg{ev: ev, f: f, ae: winAggExpr(f), out: out}
	if _, err := newAggState(a.ae); err != nil {
		return err
	}
	switch canonicalAgg(f.Name) {
	case "string_agg", "first", "any_value":
		a.ordered = true
	}
	for _, ci := range fc.args {
		a.args = append(a.args, ev.col(ci))
	}
	if fv := ev.col(fc.filter); fv != nil {
		a.pass = make([]bool, ev.n)
		for p := range a.pass {
			a.pass[p] = fv.Valid.IsValid(p) && fv.Typ.Phys() == vector.PhysBool && fv.Bool[p]
		}
	}
	if f.Distinct && len(a.args) > 0 {
		a.distinctIDs()
	}
	fr, err := newWinFramer(ev, fi)
	if err != nil {
		return err
	}
	a.fr = fr
	for p := 0; p+1 < len(ev.parts); p++ {
		if err := ev.w.q.ctx.Err(); err != nil {
			return err
		}
		if err := a.partition(ev.parts[p], ev.parts[p+1]); err != nil {
			return err
		}
	}
	return nil
}

// distinctIDs numbers the distinct argument tuples of the bucket.
func (a *winAgg) distinctIDs() {
	n := a.ev.n
	a.ids = make([]int32, n)
	types := make([]vector.Type, len(a.args))
	nested := false
	for i, v := range a.args {
		types[i] = v.Typ
		if p := v.Typ.Phys(); p == vector.PhysList || p == vector.PhysStruct || p == vector.PhysNone {
			nested = true
		}
	}
	if nested {
		// The group table stores only flat types: number nested tuples
		// by their text form.
		m := map[string]int32{}
		var sb strings.Builder
		for p := 0; p < n; p++ {
			sb.Reset()
			for _, v := range a.args {
				x := v.Get(p)
				if x.Null {
					sb.WriteString("\x00N")
				} else {
					sb.WriteString(x.String())
				}
				sb.WriteByte(0)
			}
			id, ok := m[sb.String()]
			if !ok {
				id = int32(len(m))
				m[sb.String()] = id
			}
			a.ids[p] = id
		}
		a.seen = make([]int32, len(m))
		return
	}
	t := newGroupTable(types)
	hs := make([]uint64, n)
	hashKeys(a.args, n, hs)
	gids := make([]uint32, n)
	t.findOrInsert(a.args, hs, seqRows(n), gids)
	for i, g := range gids {
		a.ids[i] = int32(g)
	}
	a.seen = make([]int32, t.n)
}

// included reports whether row p passes the FILTER.
func (a *winAgg) included(p int) bool { return a.pass == nil || a.pass[p] }

// firstSeen marks the argument tuple of row p seen under the current
// stamp and reports whether it was new.
func (a *winAgg) firstSeen(p int) bool {
	if a.ids == nil {
		return true
	}
	id := a.ids[p]
	if a.seen[id] == a.stamp {
		return false
	}
	a.seen[id] = a.stamp
	return true
}

// update feeds rows (sorted positions) to st, row rows[k] into group
// gids[k].
func (a *winAgg) update(st aggState, rows, gids []uint32) error {
	for lo := 0; lo < len(rows); lo += vector.MaxLen {
		hi := min(lo+vector.MaxLen, len(rows))
		args := make([]*vector.Vector, len(a.args))
		for k, v := range a.args {
			args[k] = v.Gather(rows[lo:hi])
		}
		if err := st.update(args, gids[lo:hi], hi-lo); err != nil {
			return err
		}
	}
	return nil
}

// emit finalizes groups [0, m) of st into out rows [at, at+m).
func (a *winAgg) emit(st aggState, at, m int) error {
	tmp := vector.New(a.f.Typ, m)
	if err := st.final(tmp, 0, m); err != nil {
		return err
	}
	copyRange(a.out, at, a.ev.n, tmp, m)
	return nil
}

func (a *winAgg) partition(ps, pe int) error {
	m := pe - ps
	a.starts = growTo(a.starts[:0], m)
	a.ends = growTo(a.ends[:0], m)
	whole, running := true, true
	for i := ps; i < pe; i++ {
		s, e, err := a.fr.bounds(i, ps, pe)
		if err != nil {
			return err
		}
		if e < s {
			e = s
		}
		a.starts[i-ps], a.ends[i-ps] = int32(s), int32(e)
		if s != ps {
			whole, running = false, false
		}
		if e != pe {
			whole = false
		}
		if i > ps && e < int(a.ends[i-ps-1]) {
			running = false
		}
	}
	if a.f.Frame.Exclude != ExcludeNoOthers {
		whole, running = false, false
	}
	switch {
	case whole:
		return a.wholePartition(ps, pe)
	case running:
		return a.running(ps, pe)
	case a.ids != nil:
		return a.naive(ps, pe)
	}
	return a.tree(ps, pe)
}

func (a *winAgg) wholePartition(ps, pe int) error {
	a.stamp++
	rows := a.rowsBuf[:0]
	for p := ps; p < pe; p++ {
		if a.included(p) && a.firstSeen(p) {
			rows = append(rows, uint32(p))
		}
	}
	a.rowsBuf = rows
	a.gidsBuf = growTo(a.gidsBuf[:0], len(rows))
	clear(a.gidsBuf)
	st := a.newState()
	st.grow(1)
	if err := a.update(st, rows, a.gidsBuf); err != nil {
		return err
	}
	tmp := vector.New(a.f.Typ, 1)
	if err := st.final(tmp, 0, 1); err != nil {
		return err
	}
	for i := ps; i < pe; i++ {
		copyVal(a.out, i, a.ev.n, tmp, 0)
	}
	return nil
}

// running computes frames [ps, end) with non-decreasing ends by
// accumulating rows into one state. Rows are loaded in blocks whose
// single-row groups are merged into the accumulator.
func (a *winAgg) running(ps, pe int) error {
	a.stamp++
	acc := a.newState()
	acc.grow(1)
	var blk aggState
	blo, bhi := ps, ps
	accEnd := ps
	res := a.newState()
	res.grow(vector.MaxLen)
	resLo := ps
	dst := []uint32{0}
	for i := ps; i < pe; i++ {
		e := int(a.ends[i-ps])
		for accEnd < e {
			if accEnd >= bhi {
				blo, bhi = accEnd, min(accEnd+vector.MaxLen, pe)
				blk = a.newState()
				blk.grow(bhi - blo)
				rows, gids := a.rowsBuf[:0], a.gidsBuf[:0]
				for p := blo; p < bhi; p++ {
					if a.included(p) && a.firstSeen(p) {
						rows = append(rows, uint32(p))
						gids = append(gids, uint32(p-blo))
					}
				}
				a.rowsBuf, a.gidsBuf = rows, gids
				if err := a.update(blk, rows, gids); err != nil {
					return err
				}
			}
			upto := min(e, bhi)
			if err := acc.merge(blk, identitySel[accEnd-blo:upto-blo], zeroGids[:upto-accEnd]); err != nil {
				return err
			}
			accEnd = upto
		}
		dst[0] = uint32(i - resLo)
		if err := res.merge(acc, zeroGids[:1], dst); err != nil {
			return err
		}
		if nb := i - resLo + 1; nb == vector.MaxLen || i == pe-1 {
			if err := a.emit(res, resLo, nb); err != nil {
				return err
			}
			res = a.newState()
			res.grow(vector.MaxLen)
			resLo = i + 1
		}
	}
	return nil
}

// naive aggregates every frame row by row (DISTINCT over sliding frames).
func (a *winAgg) naive(ps, pe int) error {
	var rs [3][2]int
	for bl := ps; bl < pe; bl += winAggBatch {
		bh := min(bl+winAggBatch, pe)
		rows, gids := a.rowsBuf[:0], a.gidsBuf[:0]
		for i := bl; i < bh; i++ {
			a.stamp++
			nr := a.fr.exclude(i, int(a.starts[i-ps]), int(a.ends[i-ps]), &rs)
			for _, r := range rs[:nr] {
				for p := r[0]; p < r[1]; p++ {
					if a.included(p) && a.firstSeen(p) {
						rows = append(rows, uint32(p))
						gids = append(gids, uint32(i-bl))
					}
				}
			}
		}
		a.rowsBuf, a.gidsBuf = rows, gids
		res := a.newState()
		res.grow(bh - bl)
		if err := a.update(res, rows, gids); err != nil {
			return err
		}
		if err := a.emit(res, bl, bh-bl); err != nil {
			return err
		}
	}
	return nil
}

// tree computes sliding frames with a segment tree over aggregate states.
func (a *winAgg) tree(ps, pe int) error {
	const F = winTreeFanout
	m := pe - ps
	// Level L >= 1 has cnts[L] nodes stored from group offs[L].
	cnts, offs := []int{m}, []int{0}
	total := 0
	for c := m; c > 1; {
		c = (c + F - 1) / F
		offs = append(offs, total)
		cnts = append(cnts, c)
		total += c
	}
	t := a.newState()
	t.grow(max(total, 1))
	if len(cnts) > 1 {
		rows, gids := a.rowsBuf[:0], a.gidsBuf[:0]
		for p := ps; p < pe; p++ {
			if a.included(p) {
				rows = append(rows, uint32(p))
				gids = append(gids, uint32(offs[1]+(p-ps)/F))
			}
		}
		a.rowsBuf, a.gidsBuf = rows, gids
		if err := a.update(t, rows, gids); err != nil {
			return err
		}
		for L := 2; L < len(cnts); L++ {
			src := make([]uint32, cnts[L-1])
			dst := make([]uint32, cnts[L-1])
			for j := range src {
				src[j] = uint32(offs[L-1] + j)
				dst[j] = uint32(offs[L] + j/F)
			}
			if err := t.merge(t, src, dst); err != nil {
				return err
			}
		}
	}
	var rs [3][2]int
	for bl := ps; bl < pe; bl += winAggBatch {
		bh := min(bl+winAggBatch, pe)
		pieces := a.pieceBuf[:0]
		a.leafPos = a.leafPos[:0]
		for i := bl; i < bh; i++ {
			nr := a.fr.exclude(i, int(a.starts[i-ps]), int(a.ends[i-ps]), &rs)
			d := uint32(i - bl)
			for _, r := range rs[:nr] {
				pieces = a.decompose(pieces, r[0]-ps, r[1]-ps, ps, d, offs)
			}
		}
		a.pieceBuf = pieces
		leaf := a.newState()
		leaf.grow(max(len(a.leafPos), 1))
		a.gidsBuf = growTo(a.gidsBuf[:0], len(a.leafPos))
		for k := range a.leafPos {
			a.gidsBuf[k] = uint32(k)
		}
		if err := a.update(leaf, a.leafPos, a.gidsBuf[:len(a.leafPos)]); err != nil {
			return err
		}
		res := a.newState()
		res.grow(bh - bl)
		if err := a.combine(res, leaf, t, pieces); err != nil {
			return err
		}
		if err := a.emit(res, bl, bh-bl); err != nil {
			return err
		}
	}
	return nil
}

// decompose appends the pieces covering rows [lo, hi) (relative to the
// partition start ps) for output group d.
func (a *winAgg) decompose(pieces []winPiece, lo, hi, ps int, d uint32, offs []int) []winPiece {
	const F = winTreeFanout
	right := a.rightBuf[:0]
	level := 0
	piece := func(level, j int) winPiece {
		if level == 0 {
			a.leafPos = append(a.leafPos, uint32(ps+j))
			return winPiece{src: uint32(len(a.leafPos) - 1), dst: d}
		}
		return winPiece{node: true, src: uint32(offs[level] + j), dst: d}
	}
	for lo < hi {
		for lo < hi && lo%F != 0 {
			if level > 0 || a.included(ps+lo) {
				pieces = append(pieces, piece(level, lo))
			}
			lo++
		}
		for lo < hi && hi%F != 0 {
			hi--
			if level > 0 || a.included(ps+hi) {
				right = append(right, piece(level, hi))
			}
		}
		if lo >= hi {
			break
		}
		lo /= F
		hi /= F
		level++
	}
	for k := len(right) - 1; k >= 0; k-- {
		pieces = append(pieces, right[k])
	}
	a.rightBuf = right
	return pieces
}

// combine merges the pieces into res; order-sensitive aggregates merge
// every output group's pieces in frame order.
func (a *winAgg) combine(res, leaf, t aggState, pieces []winPiece) error {
	var ls, ld, ns, nd []uint32
	if !a.ordered {
		for _, p := range pieces {
			if p.node {
				ns, nd = append(ns, p.src), append(nd, p.dst)
			} else {
				ls, ld = append(ls, p.src), append(ld, p.dst)
			}
		}
		if err := res.merge(leaf, ls, ld); err != nil {
			return err
		}
		return res.merge(t, ns, nd)
	}
	for k := 0; k < len(pieces); {
		j := k
		src, dst := ls[:0], ld[:0]
		for j < len(pieces) && pieces[j].node == pieces[k].node {
			src, dst = append(src, pieces[j].src), append(dst, pieces[j].dst)
			j++
		}
		from := leaf
		if pieces[k].node {
			from = t
		}
		if err := res.merge(from, src, dst); err != nil {
			return err
		}
		ls, ld = src, dst
		k = j
	}
	return nil
}
