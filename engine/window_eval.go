package engine

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/lhsql/lhsql/vector"
)

// winEval evaluates the window functions of one hash partition (a
// "bucket"): its rows are gathered, sorted by PARTITION BY and ORDER BY
// keys, split into partitions and peer groups, and every function is
// computed in sorted order.
type winEval struct {
	s      *windowSink
	w      *worker
	slices []winSlice
	n      int

	perm []uint32 // sorted position -> bucket row

	parts  []int   // partition boundaries in sorted positions (parts[0]=0, last=n)
	gidx   []int32 // peer group of each sorted position
	gstart []int32 // start of each peer group, plus a final n

	sorted map[int]*vector.Vector // column -> sorted-order vector
}

func newWinEval(s *windowSink, sl []winSlice, n int, w *worker) *winEval {
	ev := &winEval{s: s, w: w, slices: sl, n: n, sorted: map[int]*vector.Vector{}}
	var cmps, partCmps []func(i, j uint32) int
	var keyCols []*vector.Vector
	for _, ci := range s.part {
		v := ev.bucketCol(ci)
		keyCols = append(keyCols, v)
		partCmps = append(partCmps, keyComparer(v, SortKey{}))
	}
	cmps = append(cmps, partCmps...)
	ordCmps := make([]func(i, j uint32) int, 0, len(s.order))
	for k, ci := range s.order {
		v := ev.bucketCol(ci)
		keyCols = append(keyCols, v)
		ordCmps = append(ordCmps, keyComparer(v, s.keys[k]))
	}
	cmps = append(cmps, ordCmps...)
	ev.perm = make([]uint32, n)
	for i := range ev.perm {
		ev.perm[i] = uint32(i)
	}
	if len(cmps) > 0 {
		slices.SortFunc(ev.perm, func(a, b uint32) int {
			for _, f := range cmps {
				if c := f(a, b); c != 0 {
					return c
				}
			}
			return cmp.Compare(a, b)
		})
	}
	ev.parts = append(ev.parts, 0)
	ev.gidx = make([]int32, n)
	ev.gstart = append(ev.gstart, 0)
	g := int32(0)
	for k := 1; k < n; k++ {
		a, b := ev.perm[k-1], ev.perm[k]
		newPart, newPeer := false, false
		for _, f := range partCmps {
			if f(a, b) != 0 {
				newPart = true
				break
			}
		}
		if !newPart {
			for _, f := range ordCmps {
				if f(a, b) != 0 {
					newPeer = true
					break
				}
			}
		}
		if newPart {
			ev.parts = append(ev.parts, k)
		}
		if newPart || newPeer {
			g++
			ev.gstart = append(ev.gstart, int32(k))
		}
		ev.gidx[k] = g
	}
	ev.parts = append(ev.parts, n)
	ev.gstart = append(ev.gstart, int32(n))
	return ev
}

// bucketCol gathers column ci of the bucket's rows in bucket order.
func (ev *winEval) bucketCol(ci int) *vector.Vector {
	first := ev.s.chunks[ev.slices[0].chunk].cols[ci]
	typ := first.Typ
	if len(ev.slices) == 1 {
		sl := ev.slices[0]
		if len(sl.sel) == first.Len() {
			return first
		}
		return first.Gather(sl.sel)
	}
	switch typ.Phys() {
	case vector.PhysList, vector.PhysStruct, vector.PhysNone:
		out := vector.New(typ, ev.n)
		k := 0
		for _, sl := range ev.slices {
			src := ev.s.chunks[sl.chunk].cols[ci]
			for _, r := range sl.sel {
				out.Set(k, ev.n, src.Get(int(r)))
				k++
			}
		}
		return out
	}
	out := vector.New(typ, 0)
	at := 0
	for _, sl := range ev.slices {
		src := ev.s.chunks[sl.chunk].cols[ci]
		wc := ev.s.chunks[sl.chunk]
		if len(sl.sel) == wc.n {
			appendRows(out, at, src, nil, wc.n)
		} else {
			appendRows(out, at, src, sl.sel, 0)
		}
		at += len(sl.sel)
	}
	return out
}

// col returns column ci in sorted order (nil for ci < 0).
func (ev *winEval) col(ci int) *vector.Vector {
	if ci < 0 {
		return nil
	}
	if v, ok := ev.sorted[ci]; ok {
		return v
	}
	v := ev.bucketCol(ci).Gather(ev.perm)
	ev.sorted[ci] = v
	return v
}

// peers returns the peer group [start, end) of sorted position i.
func (ev *winEval) peers(i int) (int, int) {
	g := ev.gidx[i]
	return int(ev.gstart[g]), int(ev.gstart[g+1])
}

// compute evaluates function fi, returning its values in sorted order.
func (ev *winEval) compute(fi int) (*vector.Vector, error) {
	f := ev.s.funcs[fi]
	out := vector.New(f.Typ, ev.n)
	var err error
	switch strings.ToLower(f.Name) {
	case "row_number", "rank", "dense_rank", "percent_rank", "cume_dist":
		ev.ranking(strings.ToLower(f.Name), out)
	case "ntile":
		err = ev.ntile(fi, out)
	case "lag", "lead":
		err = ev.lagLead(fi, out)
	case "first_value", "last_value", "nth_value":
		err = ev.nthValue(fi, out)
	default:
		err = ev.aggregate(fi, out)
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (ev *winEval) ranking(name string, out *vector.Vector) {
	for p := 0; p+1 < len(ev.parts); p++ {
		ps, pe := ev.parts[p], ev.parts[p+1]
		cnt := pe - ps
		g0 := ev.gidx[ps]
		for i := ps; i < pe; i++ {
			gs, ge := ev.peers(i)
			switch name {
			case "row_number":
				out.I64[i] = int64(i - ps + 1)
			case "rank":
				out.I64[i] = int64(gs - ps + 1)
			case "dense_rank":
				out.I64[i] = int64(ev.gidx[i]-g0) + 1
			case "percent_rank":
				if cnt > 1 {
					out.F64[i] = float64(gs-ps) / float64(cnt-1)
				} else {
					out.F64[i] = 0
				}
			case "cume_dist":
				out.F64[i] = float64(ge-ps) / float64(cnt)
			}
		}
	}
}

// intArg reads an integer argument value at row i; ok is false for NULL.
func intArg(v *vector.Vector, i int) (int64, bool) {
	if v == nil || !v.Valid.IsValid(i) {
		return 0, false
	}
	switch v.Typ.Phys() {
	case vector.PhysInt64:
		if v.Typ.ID == vector.TypeDecimal {
			return v.I64[i] / int64(pow10f(int(v.Typ.Scale))), true
		}
		return v.I64[i], true
	case vector.PhysFloat64:
		return int64(v.F64[i]), true
	case vector.PhysBool:
		if v.Bool[i] {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

func (ev *winEval) ntile(fi int, out *vector.Vector) error {
	arg := ev.col(ev.s.fcols[fi].args[0])
	for p := 0; p+1 < len(ev.parts); p++ {
		ps, pe := ev.parts[p], ev.parts[p+1]
		total := int64(pe - ps)
		for i := ps; i < pe; i++ {
			nb, ok := intArg(arg, i)
			if !ok {
				out.SetNull(i, ev.n)
				continue
			}
			if nb <= 0 {
				return fmt.Errorf("Invalid Input Error: Argument for ntile must be greater than zero")
			}
			nb = min(nb, total)
			size := total / nb
			large := total - nb*size
			smallStart := large * (size + 1)
			idx := int64(i - ps)
			if idx < smallStart {
				out.I64[i] = 1 + idx/(size+1)
			} else {
				out.I64[i] = 1 + large + (idx-smallStart)/size
			}
		}
	}
	return nil
}

// nonNullIndex returns, for the sorted vector v, cnt[p] = number of
// non-NULL rows before p and pos = the positions of the non-NULL rows.
func nonNullIndex(v *vector.Vector, n int) (cnt []int32, pos []int32) {
	cnt = make([]int32, n+1)
	pos = make([]int32, 0, n)
	for p := 0; p < n; p++ {
		cnt[p] = int32(len(pos))
		if v.Valid.IsValid(p) && v.Typ.ID != vector.TypeNull {
			pos = append(pos, int32(p))
		}
	}
	cnt[n] = int32(len(pos))
	return cnt, pos
}

func (ev *winEval) lagLead(fi int, out *vector.Vector) error {
	f := ev.s.funcs[fi]
	fc := ev.s.fcols[fi]
	x := ev.col(fc.args[0])
	var offv, defv *vector.Vector
	if len(fc.args) > 1 {
		offv = ev.col(fc.args[1])
	}
	if len(fc.args) > 2 {
		defv = ev.col(fc.args[2])
	}
	lead := strings.EqualFold(f.Name, "lead")
	var cnt, pos []int32
	if f.IgnoreNulls {
		cnt, pos = nonNullIndex(x, ev.n)
	}
	for p := 0; p+1 < len(ev.parts); p++ {
		ps, pe := ev.parts[p], ev.parts[p+1]
		for i := ps; i < pe; i++ {
			off := int64(1)
			if offv != nil {
				o, ok := intArg(offv, i)
				if !ok {
					out.SetNull(i, ev.n)
					continue
				}
				off = o
			}
			if !lead {
				off = -off
			}
			src := -1
			if f.IgnoreNulls {
				switch {
				case off == 0:
					src = i
				case off > 0:
					// The off-th non-NULL row after i.
					k := int64(cnt[i+1]) + off - 1
					if k < int64(cnt[pe]) {
						src = int(pos[k])
					}
				default:
					k := int64(cnt[i]) + off
					if k >= int64(cnt[ps]) {
						src = int(pos[k])
					}
				}
			} else if t := int64(i) + off; t >= int64(ps) && t < int64(pe) {
				src = int(t)
			}
			switch {
			case src >= 0:
				copyVal(out, i, ev.n, x, src)
			case defv != nil:
				copyVal(out, i, ev.n, defv, i)
			default:
				out.SetNull(i, ev.n)
			}
		}
	}
	return nil
}

func (ev *winEval) nthValue(fi int, out *vector.Vector) error {
	f := ev.s.funcs[fi]
	fc := ev.s.fcols[fi]
	x := ev.col(fc.args[0])
	var nv *vector.Vector
	if len(fc.args) > 1 {
		nv = ev.col(fc.args[1])
	}
	name := strings.ToLower(f.Name)
	var cnt, pos []int32
	if f.IgnoreNulls {
		cnt, pos = nonNullIndex(x, ev.n)
	}
	count := func(a, b int) int {
		if cnt != nil {
			return int(cnt[b] - cnt[a])
		}
		return b - a
	}
	pick := func(a, k int) int { // k-th (1-based) counted row from a
		if cnt != nil {
			return int(pos[int(cnt[a])+k-1])
		}
		return a + k - 1
	}
	fr, err := newWinFramer(ev, fi)
	if err != nil {
		return err
	}
	var rs [3][2]int
	for p := 0; p+1 < len(ev.parts); p++ {
		ps, pe := ev.parts[p], ev.parts[p+1]
		for i := ps; i < pe; i++ {
			nr, err := fr.ranges(i, ps, pe, &rs)
			if err != nil {
				return err
			}
			src := -1
			switch name {
			case "first_value":
				for _, r := range rs[:nr] {
					if count(r[0], r[1]) > 0 {
						src = pick(r[0], 1)
						break
					}
				}
			case "last_value":
				for k := nr - 1; k >= 0; k-- {
					r := rs[k]
					if c := count(r[0], r[1]); c > 0 {
						src = pick(r[0], c)
						break
					}
				}
			default:
				k, ok := intArg(nv, i)
				if !ok || k < 1 {
					break
				}
				for _, r := range rs[:nr] {
					c := int64(count(r[0], r[1]))
					if k <= c {
						src = pick(r[0], int(k))
						break
					}
					k -= c
				}
			}
			if src >= 0 {
				copyVal(out, i, ev.n, x, src)
			} else {
				out.SetNull(i, ev.n)
			}
		}
	}
	return nil
}

// copyVal copies row si of src to row di of dst (n rows).
func copyVal(dst *vector.Vector, di, n int, src *vector.Vector, si int) {
	if src.Const {
		si = 0
	}
	if !src.Valid.IsValid(si) || src.Typ.Phys() != dst.Typ.Phys() {
		dst.SetNull(di, n)
		return
	}
	switch dst.Typ.Phys() {
	case vector.PhysInt64:
		dst.I64[di] = src.I64[si]
	case vector.PhysFloat64:
		dst.F64[di] = src.F64[si]
	case vector.PhysString:
		dst.Str[di] = src.Str[si]
	case vector.PhysBool:
		dst.Bool[di] = src.Bool[si]
	case vector.PhysInterval:
		dst.Iv[di] = src.Iv[si]
	default:
		dst.Set(di, n, src.Get(si))
		return
	}
	if dst.Valid != nil {
		dst.Valid.SetValid(di)
	}
}

// copyRange copies rows [0,m) of src to rows [at, at+m) of dst (n rows).
func copyRange(dst *vector.Vector, at, n int, src *vector.Vector, m int) {
	switch dst.Typ.Phys() {
	case vector.PhysInt64:
		copy(dst.I64[at:at+m], src.I64[:m])
	case vector.PhysFloat64:
		copy(dst.F64[at:at+m], src.F64[:m])
	case vector.PhysString:
		copy(dst.Str[at:at+m], src.Str[:m])
	case vector.PhysBool:
		copy(dst.Bool[at:at+m], src.Bool[:m])
	case vector.PhysInterval:
		copy(dst.Iv[at:at+m], src.Iv[:m])
	default:
		for k := 0; k < m; k++ {
			copyVal(dst, at+k, n, src, k)
		}
		return
	}
	if src.Valid != nil {
		for k := 0; k < m; k++ {
			if !src.Valid.IsValid(k) {
				dst.SetNull(at+k, n)
			}
		}
	}
}
