package engine

import (
	"errors"
	"math"
	"math/bits"
	"unsafe"

	"github.com/lhsql/lhsql/vector"
)

// aggState holds the running state of one aggregate for every group of a
// group table. Argument vectors passed to update are flat; row i belongs
// to group gids[i].
type aggState interface {
	// grow makes room for groups [0,n).
	grow(n int)
	update(args []*vector.Vector, gids []uint32, n int) error
	// merge folds group srcG[k] of src (same concrete type) into group
	// dstG[k] of the receiver.
	merge(src aggState, srcG, dstG []uint32) error
	// final writes the results of groups [lo,hi) to out (hi-lo rows).
	final(out *vector.Vector, lo, hi int) error
}

// aggResetter is implemented by states that can be emptied for reuse:
// reset returns every group to the initial state, keeping the room
// allocated (a hash aggregate reuses the states of a sealed table or a
// merged partition instead of allocating, and faulting in, new ones).
type aggResetter interface {
	reset()
}

var errSumOverflow = errors.New("Out of Range Error: Overflow in SUM: the result does not fit in HUGEINT")

func growTo[T any](s []T, n int) []T {
	if len(s) >= n {
		return s
	}
	if cap(s) >= n {
		return s[:n]
	}
	ns := make([]T, n, max(n, 2*cap(s)))
	copy(ns, s)
	return ns
}

// countState implements count(*) and count(x).
type countState struct {
	star bool
	cnt  []int64
}

func (s *countState) grow(n int) { s.cnt = growTo(s.cnt, n) }

func (s *countState) reset() { clear(s.cnt) }

func (s *countState) update(args []*vector.Vector, gids []uint32, n int) error {
	cnt := s.cnt
	if s.star || len(args) == 0 || args[0].Valid == nil {
		for _, g := range gids[:n] {
			cnt[g]++
		}
		return nil
	}
	valid := args[0].Valid
	for i, g := range gids[:n] {
		if valid.IsValid(i) {
			cnt[g]++
		}
	}
	return nil
}

func (s *countState) merge(src aggState, srcG, dstG []uint32) error {
	o := src.(*countState)
	for k, g := range srcG {
		s.cnt[dstG[k]] += o.cnt[g]
	}
	return nil
}

func (s *countState) final(out *vector.Vector, lo, hi int) error {
	copy(out.I64, s.cnt[lo:hi])
	return nil
}

// sumIntState implements sum and avg over int64-backed types with a
// 128-bit accumulator per group.
type sumIntState struct {
	avg      bool
	unsigned bool
	boolean  bool
	scale    float64
	acc      []sumAcc
}

// sumAcc is the running sum of one group: the two's-complement 128-bit
// integer (hi, lo) and the number of values added. The three fields sit
// together so that a row update touches one cache line.
type sumAcc struct {
	lo  uint64
	hi  int64
	cnt int64
}

// add adds the signed value x.
func (a *sumAcc) add(x int64) {
	l, c := bits.Add64(a.lo, uint64(x), 0)
	a.lo, a.hi = l, a.hi+int64(c)+(x>>63)
}

// addUnsigned adds the unsigned value x.
func (a *sumAcc) addUnsigned(x uint64) {
	l, c := bits.Add64(a.lo, x, 0)
	a.lo, a.hi = l, a.hi+int64(c)
}

func (s *sumIntState) grow(n int) { s.acc = growTo(s.acc, n) }

func (s *sumIntState) reset() { clear(s.acc) }

func (s *sumIntState) update(args []*vector.Vector, gids []uint32, n int) error {
	a := args[0]
	acc := s.acc
	if s.boolean {
		for i, g := range gids[:n] {
			if a.Valid.IsValid(i) {
				acc[g].cnt++
				if a.Bool[i] {
					acc[g].addUnsigned(1)
				}
			}
		}
		return nil
	}
	xs := a.I64[:n]
	if a.Valid == nil {
		if s.unsigned {
			for i, g := range gids[:n] {
				p := &acc[g]
				p.addUnsigned(uint64(xs[i]))
				p.cnt++
			}
			return nil
		}
		for i, g := range gids[:n] {
			p := &acc[g]
			p.add(xs[i])
			p.cnt++
		}
		return nil
	}
	for i, g := range gids[:n] {
		if !a.Valid.IsValid(i) {
			continue
		}
		p := &acc[g]
		if s.unsigned {
			p.addUnsigned(uint64(xs[i]))
		} else {
			p.add(xs[i])
		}
		p.cnt++
	}
	return nil
}

func (s *sumIntState) merge(src aggState, srcG, dstG []uint32) error {
	o := src.(*sumIntState)
	for k, g := range srcG {
		d, x := &s.acc[dstG[k]], &o.acc[g]
		l, c := bits.Add64(d.lo, x.lo, 0)
		d.lo, d.hi = l, d.hi+x.hi+int64(c)
		d.cnt += x.cnt
	}
	return nil
}

func (s *sumIntState) final(out *vector.Vector, lo, hi int) error {
	n := hi - lo
	for k := 0; k < n; k++ {
		a := &s.acc[lo+k]
		if a.cnt == 0 {
			out.SetNull(k, n)
			continue
		}
		if s.avg {
			out.F64[k] = int128Float(a.hi, a.lo) / (float64(a.cnt) * s.scale)
			continue
		}
		// The sum must fit in int64: hi is the sign extension of lo.
		if a.hi != int64(a.lo)>>63 {
			return errSumOverflow
		}
		out.I64[k] = int64(a.lo)
	}
	return nil
}

// int128Float converts the two's-complement 128-bit integer (h, l) to
// the nearest float64.
func int128Float(h int64, l uint64) float64 {
	if h == int64(l)>>63 {
		return float64(int64(l))
	}
	if h < 0 {
		// Negate: two's complement of (h, l).
		nl, borrow := bits.Sub64(0, l, 0)
		nh := uint64(0) - uint64(h) - borrow
		return -(float64(nh)*18446744073709551616.0 + float64(nl))
	}
	return float64(uint64(h))*18446744073709551616.0 + float64(l)
}

// sumFloatState implements sum and avg over doubles.
type sumFloatState struct {
	avg bool
	sum []float64
	cnt []int64
}

func (s *sumFloatState) grow(n int) { s.sum, s.cnt = growTo(s.sum, n), growTo(s.cnt, n) }

func (s *sumFloatState) reset() { clear(s.sum); clear(s.cnt) }

func (s *sumFloatState) update(args []*vector.Vector, gids []uint32, n int) error {
	a := args[0]
	xs := a.F64[:n]
	sum, cnt := s.sum, s.cnt
	if a.Valid == nil {
		for i, g := range gids[:n] {
			sum[g] += xs[i]
			cnt[g]++
		}
		return nil
	}
	for i, g := range gids[:n] {
		if a.Valid.IsValid(i) {
			sum[g] += xs[i]
			cnt[g]++
		}
	}
	return nil
}

func (s *sumFloatState) merge(src aggState, srcG, dstG []uint32) error {
	o := src.(*sumFloatState)
	for k, g := range srcG {
		s.sum[dstG[k]] += o.sum[g]
		s.cnt[dstG[k]] += o.cnt[g]
	}
	return nil
}

func (s *sumFloatState) final(out *vector.Vector, lo, hi int) error {
	n := hi - lo
	for k := 0; k < n; k++ {
		g := lo + k
		if s.cnt[g] == 0 {
			out.SetNull(k, n)
			continue
		}
		if s.avg {
			out.F64[k] = s.sum[g] / float64(s.cnt[g])
		} else {
			out.F64[k] = s.sum[g]
		}
	}
	return nil
}

// minMaxState implements min and max over ordered physical types.
type minMaxState[T int64 | float64 | string] struct {
	isMax bool
	get   func(*vector.Vector) []T
	set   func(*vector.Vector, []T)
	val   []T
	has   []bool
}

func newMinMax[T int64 | float64 | string](isMax bool, get func(*vector.Vector) []T, set func(*vector.Vector, []T)) *minMaxState[T] {
	return &minMaxState[T]{isMax: isMax, get: get, set: set}
}

func (s *minMaxState[T]) grow(n int) { s.val, s.has = growTo(s.val, n), growTo(s.has, n) }

func (s *minMaxState[T]) reset() { clear(s.val); clear(s.has) }

func (s *minMaxState[T]) update(args []*vector.Vector, gids []uint32, n int) error {
	a := args[0]
	xs := s.get(a)[:n]
	val, has := s.val, s.has
	valid := a.Valid
	if xs, ok := any(xs).([]string); ok {
		updateMinMaxStr(xs, gids[:n], valid, any(val).([]string), has, s.isMax)
		return nil
	}
	if s.isMax {
		for i, g := range gids[:n] {
			if valid != nil && !valid.IsValid(i) {
				continue
			}
			if x := xs[i]; !has[g] || x > val[g] {
				val[g], has[g] = x, true
			}
		}
	} else {
		for i, g := range gids[:n] {
			if valid != nil && !valid.IsValid(i) {
				continue
			}
			if x := xs[i]; !has[g] || x < val[g] {
				val[g], has[g] = x, true
			}
		}
	}
	return nil
}

// updateMinMaxStr folds string rows xs into the min (or max) val[g] of
// their groups. Most rows lose on their first byte, and a value that is
// the same string as the current extreme (dictionary values share their
// bytes) is equal to it, so the full comparison runs only for the rest.
func updateMinMaxStr(xs []string, gids []uint32, valid vector.Validity, val []string, has []bool, isMax bool) {
	for i, g := range gids {
		if valid != nil && !valid.IsValid(i) {
			continue
		}
		x := xs[i]
		if !has[g] {
			val[g], has[g] = x, true
			continue
		}
		v := val[g]
		if len(x) > 0 && len(v) > 0 && x[0] != v[0] {
			if (x[0] > v[0]) == isMax {
				val[g] = x
			}
			continue
		}
		if len(x) == len(v) && unsafe.StringData(x) == unsafe.StringData(v) {
			continue
		}
		if (isMax && x > v) || (!isMax && x < v) {
			val[g] = x
		}
	}
}

func (s *minMaxState[T]) merge(src aggState, srcG, dstG []uint32) error {
	o := src.(*minMaxState[T])
	for k, g := range srcG {
		if !o.has[g] {
			continue
		}
		d, x := dstG[k], o.val[g]
		if !s.has[d] || (s.isMax && x > s.val[d]) || (!s.isMax && x < s.val[d]) {
			s.val[d], s.has[d] = x, true
		}
	}
	return nil
}

func (s *minMaxState[T]) final(out *vector.Vector, lo, hi int) error {
	n := hi - lo
	dst := s.get(out)
	for k := 0; k < n; k++ {
		if !s.has[lo+k] {
			out.SetNull(k, n)
			continue
		}
		dst[k] = s.val[lo+k]
	}
	return nil
}

// intervalMinMaxState implements min and max over INTERVAL.
type intervalMinMaxState struct {
	isMax bool
	val   []vector.Interval
	has   []bool
}

func (s *intervalMinMaxState) grow(n int) { s.val, s.has = growTo(s.val, n), growTo(s.has, n) }

func (s *intervalMinMaxState) better(x, cur vector.Interval) bool {
	if s.isMax {
		return intervalKey(x) > intervalKey(cur)
	}
	return intervalKey(x) < intervalKey(cur)
}

func (s *intervalMinMaxState) update(args []*vector.Vector, gids []uint32, n int) error {
	a := args[0]
	for i, g := range gids[:n] {
		if !a.Valid.IsValid(i) {
			continue
		}
		if x := a.Iv[i]; !s.has[g] || s.better(x, s.val[g]) {
			s.val[g], s.has[g] = x, true
		}
	}
	return nil
}

func (s *intervalMinMaxState) merge(src aggState, srcG, dstG []uint32) error {
	o := src.(*intervalMinMaxState)
	for k, g := range srcG {
		if o.has[g] && (!s.has[dstG[k]] || s.better(o.val[g], s.val[dstG[k]])) {
			s.val[dstG[k]], s.has[dstG[k]] = o.val[g], true
		}
	}
	return nil
}

func (s *intervalMinMaxState) final(out *vector.Vector, lo, hi int) error {
	n := hi - lo
	for k := 0; k < n; k++ {
		if !s.has[lo+k] {
			out.SetNull(k, n)
			continue
		}
		out.Iv[k] = s.val[lo+k]
	}
	return nil
}

// boolAggState implements bool_and (min) and bool_or (max).
type boolAggState struct {
	or  bool
	val []bool
	has []bool
}

func (s *boolAggState) grow(n int) { s.val, s.has = growTo(s.val, n), growTo(s.has, n) }

func (s *boolAggState) update(args []*vector.Vector, gids []uint32, n int) error {
	a := args[0]
	if a.Typ.Phys() != vector.PhysBool {
		// An untyped NULL argument: nothing to aggregate.
		return nil
	}
	for i, g := range gids[:n] {
		if !a.Valid.IsValid(i) {
			continue
		}
		x := a.Bool[i]
		if !s.has[g] {
			s.val[g], s.has[g] = x, true
		} else if s.or {
			s.val[g] = s.val[g] || x
		} else {
			s.val[g] = s.val[g] && x
		}
	}
	return nil
}

func (s *boolAggState) merge(src aggState, srcG, dstG []uint32) error {
	o := src.(*boolAggState)
	for k, g := range srcG {
		if !o.has[g] {
			continue
		}
		d := dstG[k]
		switch {
		case !s.has[d]:
			s.val[d], s.has[d] = o.val[g], true
		case s.or:
			s.val[d] = s.val[d] || o.val[g]
		default:
			s.val[d] = s.val[d] && o.val[g]
		}
	}
	return nil
}

func (s *boolAggState) final(out *vector.Vector, lo, hi int) error {
	n := hi - lo
	for k := 0; k < n; k++ {
		if !s.has[lo+k] {
			out.SetNull(k, n)
			continue
		}
		out.Bool[k] = s.val[lo+k]
	}
	return nil
}

// firstState implements first (the first value, NULL included) and
// any_value (the first non-NULL value).
type firstState struct {
	typ       vector.Type
	skipNulls bool
	val       []vector.Value
	has       []bool
}

func (s *firstState) grow(n int) { s.val, s.has = growTo(s.val, n), growTo(s.has, n) }

func (s *firstState) update(args []*vector.Vector, gids []uint32, n int) error {
	a := args[0]
	for i, g := range gids[:n] {
		if s.has[g] || (s.skipNulls && !a.Valid.IsValid(i)) {
			continue
		}
		s.val[g], s.has[g] = a.Get(i), true
	}
	return nil
}

func (s *firstState) merge(src aggState, srcG, dstG []uint32) error {
	o := src.(*firstState)
	for k, g := range srcG {
		if o.has[g] && !s.has[dstG[k]] {
			s.val[dstG[k]], s.has[dstG[k]] = o.val[g], true
		}
	}
	return nil
}

func (s *firstState) final(out *vector.Vector, lo, hi int) error {
	return finalValues(out, s.val, s.has, lo, hi)
}

// finalValues writes the kept value of groups lo..hi-1 to out; a group
// with no value, a NULL value or a value of another physical type is NULL.
func finalValues(out *vector.Vector, val []vector.Value, has []bool, lo, hi int) error {
	n := hi - lo
	for k := 0; k < n; k++ {
		v := val[lo+k]
		if !has[lo+k] || v.Null || v.Typ.Phys() != out.Typ.Phys() {
			out.SetNull(k, n)
			continue
		}
		out.Set(k, n, v)
	}
	return nil
}

// stringAggState implements string_agg(x [, sep]).
type stringAggState struct {
	argType vector.Type
	sep     string // last separator seen, used when merging
	sepSet  bool
	buf     [][]byte
	has     []bool
}

func (s *stringAggState) grow(n int) { s.buf, s.has = growTo(s.buf, n), growTo(s.has, n) }

func (s *stringAggState) update(args []*vector.Vector, gids []uint32, n int) error {
	a := args[0]
	var sep *vector.Vector
	if len(args) > 1 {
		sep = args[1]
	}
	for i, g := range gids[:n] {
		if !a.Valid.IsValid(i) {
			continue
		}
		var x string
		if a.Typ.IsString() {
			x = a.Str[i]
		} else {
			x = a.Get(i).String()
		}
		if sep != nil && !s.sepSet && !sep.IsNull(i) && sep.Typ.IsString() {
			s.sep, s.sepSet = sep.Str[i], true
		}
		if s.has[g] {
			switch {
			case sep == nil:
				s.buf[g] = append(s.buf[g], ',')
			case !sep.IsNull(i) && sep.Typ.IsString():
				s.buf[g] = append(s.buf[g], sep.Str[i]...)
			}
		}
		s.buf[g] = append(s.buf[g], x...)
		s.has[g] = true
	}
	return nil
}

func (s *stringAggState) merge(src aggState, srcG, dstG []uint32) error {
	o := src.(*stringAggState)
	for k, g := range srcG {
		if !o.has[g] {
			continue
		}
		d := dstG[k]
		if s.has[d] {
			switch {
			case o.sepSet:
				s.buf[d] = append(s.buf[d], o.sep...)
			case s.sepSet:
				s.buf[d] = append(s.buf[d], s.sep...)
			default:
				s.buf[d] = append(s.buf[d], ',')
			}
		}
		s.buf[d] = append(s.buf[d], o.buf[g]...)
		s.has[d] = true
	}
	return nil
}

func (s *stringAggState) final(out *vector.Vector, lo, hi int) error {
	n := hi - lo
	for k := 0; k < n; k++ {
		if !s.has[lo+k] {
			out.SetNull(k, n)
			continue
		}
		out.Str[k] = string(s.buf[lo+k])
	}
	return nil
}

// varianceState implements var_samp, var_pop, stddev_samp and stddev_pop
// with Welford's online algorithm.
type varianceState struct {
	kind  string
	scale float64
	cnt   []float64
	mean  []float64
	m2    []float64
}

func (s *varianceState) grow(n int) {
	s.cnt, s.mean, s.m2 = growTo(s.cnt, n), growTo(s.mean, n), growTo(s.m2, n)
}

func numAt(a *vector.Vector, i int, scale float64) float64 {
	switch a.Typ.Phys() {
	case vector.PhysFloat64:
		return a.F64[i]
	case vector.PhysInt64:
		if a.Typ.ID == vector.TypeUBigInt {
			return float64(uint64(a.I64[i]))
		}
		return float64(a.I64[i]) / scale
	case vector.PhysBool:
		if a.Bool[i] {
			return 1
		}
	}
	return 0
}

func (s *varianceState) update(args []*vector.Vector, gids []uint32, n int) error {
	a := args[0]
	for i, g := range gids[:n] {
		if !a.Valid.IsValid(i) || a.Typ.ID == vector.TypeNull {
			continue
		}
		x := numAt(a, i, s.scale)
		s.cnt[g]++
		d := x - s.mean[g]
		s.mean[g] += d / s.cnt[g]
		s.m2[g] += d * (x - s.mean[g])
	}
	return nil
}

func (s *varianceState) merge(src aggState, srcG, dstG []uint32) error {
	o := src.(*varianceState)
	for k, g := range srcG {
		if o.cnt[g] == 0 {
			continue
		}
		d := dstG[k]
		na, nb := s.cnt[d], o.cnt[g]
		n := na + nb
		delta := o.mean[g] - s.mean[d]
		s.mean[d] += delta * nb / n
		s.m2[d] += o.m2[g] + delta*delta*na*nb/n
		s.cnt[d] = n
	}
	return nil
}

func (s *varianceState) final(out *vector.Vector, lo, hi int) error {
	n := hi - lo
	for k := 0; k < n; k++ {
		g := lo + k
		c := s.cnt[g]
		var v float64
		switch s.kind {
		case "var_samp", "stddev_samp":
			if c < 2 {
				out.SetNull(k, n)
				continue
			}
			v = s.m2[g] / (c - 1)
		default:
			if c < 1 {
				out.SetNull(k, n)
				continue
			}
			v = s.m2[g] / c
		}
		if s.kind == "stddev_samp" || s.kind == "stddev_pop" {
			v = math.Sqrt(v)
		}
		out.F64[k] = v
	}
	return nil
}

// productState implements product(x) as a double.
type productState struct {
	scale float64
	prod  []float64
	has   []bool
}

func (s *productState) grow(n int) { s.prod, s.has = growTo(s.prod, n), growTo(s.has, n) }

func (s *productState) update(args []*vector.Vector, gids []uint32, n int) error {
	a := args[0]
	for i, g := range gids[:n] {
		if !a.Valid.IsValid(i) || a.Typ.ID == vector.TypeNull {
			continue
		}
		x := numAt(a, i, s.scale)
		if !s.has[g] {
			s.prod[g], s.has[g] = x, true
		} else {
			s.prod[g] *= x
		}
	}
	return nil
}

func (s *productState) merge(src aggState, srcG, dstG []uint32) error {
	o := src.(*productState)
	for k, g := range srcG {
		if !o.has[g] {
			continue
		}
		d := dstG[k]
		if !s.has[d] {
			s.prod[d], s.has[d] = o.prod[g], true
		} else {
			s.prod[d] *= o.prod[g]
		}
	}
	return nil
}

func (s *productState) final(out *vector.Vector, lo, hi int) error {
	n := hi - lo
	for k := 0; k < n; k++ {
		if !s.has[lo+k] {
			out.SetNull(k, n)
			continue
		}
		out.F64[k] = s.prod[lo+k]
	}
	return nil
}
