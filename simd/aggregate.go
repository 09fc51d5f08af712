package simd

import (
	"math"
	"math/bits"
)

// accLanes is the number of accumulator lanes the assembly kernels of the
// aggregate family spill for the Go side to reduce (4 registers of up to 8
// lanes each).
const accLanes = 32

// SumInt64 returns the exact sum of the valid (valid may be nil) and
// selected (sel may be nil, meaning all of x) values of x. ok is false when
// the exact sum does not fit in int64; intermediate overflow that cancels
// out does not count. The sum of no values is 0.
func SumInt64(x []int64, valid []uint64, sel []uint32) (sum int64, ok bool) {
	if level == LevelGeneric {
		return sumInt64Generic(x, valid, sel)
	}
	if sel != nil {
		return sumInt64Sel(x, valid, sel)
	}
	var s wide
	done, ok := sumInt64Arch(x, valid, &s)
	if !ok {
		// Some lane overflowed: the exact answer needs 128-bit arithmetic.
		return sumInt64Generic(x, valid, nil)
	}
	tailSumInt64(&s, x, valid, done)
	return s.result()
}

// addLanes adds the int64 accumulator lanes of a kernel that detects lane
// overflow itself to s.
func addLanes(s *wide, acc *[accLanes]int64) {
	for _, v := range acc {
		s.add(v)
	}
}

// addSplitLanes adds to s the exact sums encoded by a split-sum kernel:
// acc[i] is the wrapping sum of some values of lane i and acc[16+i] the sum
// of their high halves v>>32, computed without overflow. The exact lane sum
// is H<<32 + L with L = S - H<<32 (mod 2^64): L is the sum of the low
// halves, which lies in [0, 2^64) while a lane adds fewer than 2^32 values.
func addSplitLanes(s *wide, acc *[accLanes]int64) {
	for i := range accLanes / 2 {
		h := acc[accLanes/2+i]
		l := uint64(acc[i]) - uint64(h)<<32
		s.add128(h>>32, uint64(h)<<32)
		s.add128(0, l)
	}
}

// wide is a signed 128-bit accumulator.
type wide struct {
	hi int64
	lo uint64
}

func (w *wide) add(v int64) {
	var c uint64
	w.lo, c = bits.Add64(w.lo, uint64(v), 0)
	w.hi += v>>63 + int64(c)
}

// add128 adds the signed 128-bit value hi<<64 + lo.
func (w *wide) add128(hi int64, lo uint64) {
	var c uint64
	w.lo, c = bits.Add64(w.lo, lo, 0)
	w.hi += hi + int64(c)
}

func (w *wide) result() (int64, bool) {
	r := int64(w.lo)
	return r, w.hi == r>>63
}

func tailSumInt64(s *wide, x []int64, valid []uint64, from int) {
	for i := from; i < len(x); i++ {
		if validAt(valid, uint32(i)) {
			s.add(x[i])
		}
	}
}

// sumInt64Generic is the reference exact sum.
func sumInt64Generic(x []int64, valid []uint64, sel []uint32) (int64, bool) {
	var s wide
	switch {
	case sel != nil:
		for _, i := range sel {
			if validAt(valid, i) {
				s.add(x[i])
			}
		}
	case valid != nil:
		tailSumInt64(&s, x, valid, 0)
	default:
		for _, v := range x {
			s.add(v)
		}
	}
	return s.result()
}

// selChunk bounds the values sumInt64Sel adds per split sum (fewer than
// 2^31, see addSplitLanes).
const selChunk = 1 << 30

// sumInt64Sel is the selection-vector sum of the non-generic levels. Like
// the AVX-512 kernel it keeps the wrapping sum and the sum of the high
// halves v>>32, which rebuild the exact sum (addSplitLanes) without a
// 128-bit addition or an overflow test per value; invalid rows are masked
// to 0 without branches.
func sumInt64Sel(x []int64, valid []uint64, sel []uint32) (int64, bool) {
	var w wide
	for len(sel) > 0 {
		c := sel[:min(len(sel), selChunk)]
		sel = sel[len(c):]
		var s, h int64
		if valid == nil {
			s, h = splitSumSel(x, c)
		} else {
			s, h = splitSumSelValid(x, valid, c)
		}
		w.add128(h>>32, uint64(h)<<32)
		w.add128(0, uint64(s)-uint64(h)<<32)
	}
	return w.result()
}

// splitSumSel returns the wrapping sum of the selected values and the sum
// of their high halves v>>32 (exact for fewer than 2^31 values). It is a
// function of its own so that the loop keeps its sums in registers.
//
//go:noinline
func splitSumSel(x []int64, sel []uint32) (s, h int64) {
	for _, i := range sel {
		v := x[i]
		s += v
		h += v >> 32
	}
	return s, h
}

// splitSumSelValid is splitSumSel over the valid selected values.
//
//go:noinline
func splitSumSelValid(x []int64, valid []uint64, sel []uint32) (s, h int64) {
	for _, i := range sel {
		if valid[i>>6]>>(i&63)&1 != 0 {
			v := x[i]
			s += v
			h += v >> 32
		}
	}
	return s, h
}

// sumFloat64Sel is the selection-vector sum of the non-generic levels: four
// accumulators, so that additions overlap instead of waiting on one another.
func sumFloat64Sel(x []float64, valid []uint64, sel []uint32) float64 {
	if valid != nil {
		return sumFloat64SelValid(x, valid, sel)
	}
	var s0, s1, s2, s3 float64
	n := len(sel) &^ 3
	for k := 0; k < n; k += 4 {
		q := (*[4]uint32)(sel[k : k+4])
		s0 += x[q[0]]
		s1 += x[q[1]]
		s2 += x[q[2]]
		s3 += x[q[3]]
	}
	for _, i := range sel[n:] {
		s0 += x[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// sumFloat64SelValid is sumFloat64Sel over the valid selected values.
//
//go:noinline
func sumFloat64SelValid(x []float64, valid []uint64, sel []uint32) float64 {
	var s0, s1 float64
	n := len(sel) &^ 1
	for k := 0; k < n; k += 2 {
		q := (*[2]uint32)(sel[k : k+2])
		if i := q[0]; valid[i>>6]>>(i&63)&1 != 0 {
			s0 += x[i]
		}
		if i := q[1]; valid[i>>6]>>(i&63)&1 != 0 {
			s1 += x[i]
		}
	}
	for _, i := range sel[n:] {
		if valid[i>>6]>>(i&63)&1 != 0 {
			s0 += x[i]
		}
	}
	return s0 + s1
}

// SumFloat64 returns the sum of the valid and selected values of x. The
// rounding of the result depends on the order of additions, which differs
// between levels.
func SumFloat64(x []float64, valid []uint64, sel []uint32) float64 {
	if level == LevelGeneric {
		return sumFloat64Generic(x, valid, sel)
	}
	if sel != nil {
		return sumFloat64Sel(x, valid, sel)
	}
	var acc [accLanes]float64
	done := sumFloat64Arch(x, valid, &acc)
	s := 0.0
	for _, v := range acc {
		s += v
	}
	return s + sumFloat64Generic(x[done:], shiftValid(valid, done), nil)
}

// shiftValid returns the bitmap for rows from done on; done must be a
// multiple of 64.
func shiftValid(valid []uint64, done int) []uint64 {
	if valid == nil {
		return nil
	}
	return valid[done/64:]
}

func sumFloat64Generic(x []float64, valid []uint64, sel []uint32) float64 {
	s := 0.0
	switch {
	case sel != nil:
		for _, i := range sel {
			if validAt(valid, i) {
				s += x[i]
			}
		}
	case valid != nil:
		for i, v := range x {
			if validAt(valid, uint32(i)) {
				s += v
			}
		}
	default:
		for _, v := range x {
			s += v
		}
	}
	return s
}

// anyValid reports whether any of the first n rows is valid.
func anyValid(valid []uint64, n int) bool {
	if valid == nil {
		return n > 0
	}
	full := n >> 6
	for _, w := range valid[:full] {
		if w != 0 {
			return true
		}
	}
	return n&63 != 0 && valid[full]&(1<<(uint(n)&63)-1) != 0
}

// MinInt64 returns the smallest valid and selected value of x; ok is false
// when there is none.
func MinInt64(x []int64, valid []uint64, sel []uint32) (int64, bool) {
	if sel != nil || level == LevelGeneric {
		return minInt64Generic(x, valid, sel)
	}
	if !anyValid(valid, len(x)) {
		return 0, false
	}
	var acc [accLanes]int64
	for i := range acc {
		acc[i] = math.MaxInt64
	}
	done := minMaxInt64Arch(false, x, valid, &acc)
	m := int64(math.MaxInt64)
	for _, v := range acc {
		m = min(m, v)
	}
	if t, ok := minInt64Generic(x[done:], shiftValid(valid, done), nil); ok {
		m = min(m, t)
	}
	return m, true
}

// MaxInt64 returns the largest valid and selected value of x; ok is false
// when there is none.
func MaxInt64(x []int64, valid []uint64, sel []uint32) (int64, bool) {
	if sel != nil || level == LevelGeneric {
		return maxInt64Generic(x, valid, sel)
	}
	if !anyValid(valid, len(x)) {
		return 0, false
	}
	var acc [accLanes]int64
	for i := range acc {
		acc[i] = math.MinInt64
	}
	done := minMaxInt64Arch(true, x, valid, &acc)
	m := int64(math.MinInt64)
	for _, v := range acc {
		m = max(m, v)
	}
	if t, ok := maxInt64Generic(x[done:], shiftValid(valid, done), nil); ok {
		m = max(m, t)
	}
	return m, true
}

func minInt64Generic(x []int64, valid []uint64, sel []uint32) (int64, bool) {
	m, ok := int64(math.MaxInt64), false
	switch {
	case sel != nil:
		for _, i := range sel {
			if validAt(valid, i) {
				m, ok = min(m, x[i]), true
			}
		}
	case valid != nil:
		for i, v := range x {
			if validAt(valid, uint32(i)) {
				m, ok = min(m, v), true
			}
		}
	default:
		for _, v := range x {
			m = min(m, v)
		}
		ok = len(x) > 0
	}
	if !ok {
		return 0, false
	}
	return m, true
}

func maxInt64Generic(x []int64, valid []uint64, sel []uint32) (int64, bool) {
	m, ok := int64(math.MinInt64), false
	switch {
	case sel != nil:
		for _, i := range sel {
			if validAt(valid, i) {
				m, ok = max(m, x[i]), true
			}
		}
	case valid != nil:
		for i, v := range x {
			if validAt(valid, uint32(i)) {
				m, ok = max(m, v), true
			}
		}
	default:
		for _, v := range x {
			m = max(m, v)
		}
		ok = len(x) > 0
	}
	if !ok {
		return 0, false
	}
	return m, true
}

// MinFloat64 returns the smallest valid and selected value of x under SQL
// ordering (NaN only when every such value is NaN); ok is false when there
// is none.
func MinFloat64(x []float64, valid []uint64, sel []uint32) (float64, bool) {
	if sel != nil || level == LevelGeneric {
		return minFloat64Generic(x, valid, sel)
	}
	if !anyValid(valid, len(x)) {
		return 0, false
	}
	var acc [accLanes]float64
	for i := range acc {
		acc[i] = math.Inf(1)
	}
	done := minFloat64Arch(x, valid, &acc)
	m := math.Inf(1)
	for _, v := range acc {
		if v < m {
			m = v
		}
	}
	if t, ok := minFloat64Generic(x[done:], shiftValid(valid, done), nil); ok && t < m {
		m = t
	}
	if math.IsInf(m, 1) {
		// Only +Inf and/or NaN values (which the kernels skip): decide exactly.
		return minFloat64Generic(x, valid, nil)
	}
	return m, true
}

// MaxFloat64 returns the largest valid and selected value of x under SQL
// ordering (NaN when any such value is NaN); ok is false when there is none.
func MaxFloat64(x []float64, valid []uint64, sel []uint32) (float64, bool) {
	if sel != nil || level == LevelGeneric {
		return maxFloat64Generic(x, valid, sel)
	}
	if !anyValid(valid, len(x)) {
		return 0, false
	}
	var acc [accLanes]float64
	for i := range acc {
		acc[i] = math.Inf(-1)
	}
	done, nan := maxFloat64Arch(x, valid, &acc)
	if nan {
		return math.NaN(), true
	}
	m := math.Inf(-1)
	for _, v := range acc {
		if v > m {
			m = v
		}
	}
	if t, ok := maxFloat64Generic(x[done:], shiftValid(valid, done), nil); ok && !(t <= m) { // t > m or t is NaN
		m = t
	}
	return m, true
}

// minFloat64Generic is the reference float minimum with SQL NaN ordering.
func minFloat64Generic(x []float64, valid []uint64, sel []uint32) (float64, bool) {
	m, seen, ordered := math.Inf(1), false, false
	take := func(v float64) {
		seen = true
		if v == v {
			ordered = true
			m = min(m, v)
		}
	}
	switch {
	case sel != nil:
		for _, i := range sel {
			if validAt(valid, i) {
				take(x[i])
			}
		}
	default:
		for i, v := range x {
			if validAt(valid, uint32(i)) {
				take(v)
			}
		}
	}
	if !seen {
		return 0, false
	}
	if !ordered {
		return math.NaN(), true
	}
	return m, true
}

// maxFloat64Generic is the reference float maximum with SQL NaN ordering.
func maxFloat64Generic(x []float64, valid []uint64, sel []uint32) (float64, bool) {
	m, seen := math.Inf(-1), false
	take := func(v float64) {
		seen = true
		if m == m && !(v <= m) { // v > m or v is NaN; NaN stays
			m = v
		}
	}
	switch {
	case sel != nil:
		for _, i := range sel {
			if validAt(valid, i) {
				take(x[i])
			}
		}
	default:
		for i, v := range x {
			if validAt(valid, uint32(i)) {
				take(v)
			}
		}
	}
	if !seen {
		return 0, false
	}
	return m, true
}
