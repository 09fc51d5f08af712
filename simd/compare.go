package simd

import "math"

// CmpOp is a comparison operator of a column with a constant: the row
// passes when x[i] OP c.
type CmpOp uint8

// The comparison operators.
const (
	Eq CmpOp = iota // x == c
	Ne              // x <> c
	Lt              // x < c
	Le              // x <= c
	Gt              // x > c
	Ge              // x >= c
	numCmpOps
)

// String returns the SQL spelling of op.
func (op CmpOp) String() string {
	switch op {
	case Eq:
		return "="
	case Ne:
		return "<>"
	case Lt:
		return "<"
	case Le:
		return "<="
	case Gt:
		return ">"
	case Ge:
		return ">="
	}
	return "?"
}

// Valid reports whether op is one of the defined operators.
func (op CmpOp) Valid() bool { return op < numCmpOps }

// selBlock is the number of rows the composite kernels process per step
// through a stack bitmap (must be a multiple of 64).
const selBlock = 2048

type sint interface{ ~int32 | ~int64 }

// ---- int64 ----------------------------------------------------------------

// CompareInt64Sel writes to dst the indices of the rows with x[i] op c that
// are valid (valid may be nil) and selected (sel may be nil, meaning all
// rows), in increasing order, and returns their number. Without sel, dst
// must have room for len(x) entries; with sel, for len(sel) entries, and
// dst may then be sel itself (in-place filtering). An invalid op selects
// nothing.
func CompareInt64Sel(op CmpOp, x []int64, c int64, valid []uint64, sel, dst []uint32) int {
	if !op.Valid() {
		return 0
	}
	if sel != nil {
		return cmpSelSelGeneric(op, x, c, valid, sel, dst)
	}
	_ = dst[:len(x)]
	if valid != nil {
		return selViaBitmap(x, cmpSpec[int64]{op: op, c: c}, valid, dst)
	}
	n, done := cmpSelInt64Arch(op, x, c, dst)
	return n + cmpSelGeneric(op, x[done:], c, uint32(done), dst[n:])
}

// CompareInt64Bitmap sets bit i of dst when x[i] op c and row i is valid
// (valid may be nil), clears it otherwise, and clears the bits past len(x)
// in the last word. dst must have at least (len(x)+63)/64 words.
func CompareInt64Bitmap(op CmpOp, x []int64, c int64, valid, dst []uint64) {
	words := (len(x) + 63) / 64
	dst = dst[:words]
	if !op.Valid() {
		clear(dst)
		return
	}
	done := cmpBmInt64Arch(op, x, c, dst)
	cmpBmGeneric(op, x[done:], c, dst[done/64:])
	if valid != nil {
		AndBitmap(dst, dst, valid[:words])
	}
}

// BetweenInt64Sel is CompareInt64Sel for lo <= x[i] AND x[i] <= hi.
func BetweenInt64Sel(x []int64, lo, hi int64, valid []uint64, sel, dst []uint32) int {
	if sel != nil {
		return betweenSelSelGeneric(x, lo, hi, valid, sel, dst)
	}
	_ = dst[:len(x)]
	if valid != nil {
		return selViaBitmap(x, cmpSpec[int64]{between: true, c: lo, c2: hi}, valid, dst)
	}
	n, done := betweenSelInt64Arch(x, lo, hi, dst)
	return n + betweenSelGeneric(x[done:], lo, hi, uint32(done), dst[n:])
}

// BetweenInt64Bitmap is CompareInt64Bitmap for lo <= x[i] AND x[i] <= hi.
func BetweenInt64Bitmap(x []int64, lo, hi int64, valid, dst []uint64) {
	words := (len(x) + 63) / 64
	dst = dst[:words]
	done := betweenBmInt64Arch(x, lo, hi, dst)
	betweenBmGeneric(x[done:], lo, hi, dst[done/64:])
	if valid != nil {
		AndBitmap(dst, dst, valid[:words])
	}
}

// ---- int32 ----------------------------------------------------------------

// CompareInt32Sel is CompareInt64Sel for int32 columns.
func CompareInt32Sel(op CmpOp, x []int32, c int32, valid []uint64, sel, dst []uint32) int {
	if !op.Valid() {
		return 0
	}
	if sel != nil {
		return cmpSelSelGeneric(op, x, c, valid, sel, dst)
	}
	_ = dst[:len(x)]
	if valid != nil {
		return selViaBitmap(x, cmpSpec[int32]{op: op, c: c}, valid, dst)
	}
	n, done := cmpSelInt32Arch(op, x, c, dst)
	return n + cmpSelGeneric(op, x[done:], c, uint32(done), dst[n:])
}

// CompareInt32Bitmap is CompareInt64Bitmap for int32 columns.
func CompareInt32Bitmap(op CmpOp, x []int32, c int32, valid, dst []uint64) {
	words := (len(x) + 63) / 64
	dst = dst[:words]
	if !op.Valid() {
		clear(dst)
		return
	}
	done := cmpBmInt32Arch(op, x, c, dst)
	cmpBmGeneric(op, x[done:], c, dst[done/64:])
	if valid != nil {
		AndBitmap(dst, dst, valid[:words])
	}
}

// BetweenInt32Sel is BetweenInt64Sel for int32 columns.
func BetweenInt32Sel(x []int32, lo, hi int32, valid []uint64, sel, dst []uint32) int {
	if sel != nil {
		return betweenSelSelGeneric(x, lo, hi, valid, sel, dst)
	}
	_ = dst[:len(x)]
	if valid != nil {
		return selViaBitmap(x, cmpSpec[int32]{between: true, c: lo, c2: hi}, valid, dst)
	}
	n, done := betweenSelInt32Arch(x, lo, hi, dst)
	return n + betweenSelGeneric(x[done:], lo, hi, uint32(done), dst[n:])
}

// BetweenInt32Bitmap is BetweenInt64Bitmap for int32 columns.
func BetweenInt32Bitmap(x []int32, lo, hi int32, valid, dst []uint64) {
	words := (len(x) + 63) / 64
	dst = dst[:words]
	done := betweenBmInt32Arch(x, lo, hi, dst)
	betweenBmGeneric(x[done:], lo, hi, dst[done/64:])
	if valid != nil {
		AndBitmap(dst, dst, valid[:words])
	}
}

// ---- float64 --------------------------------------------------------------

// CompareFloat64Sel is CompareInt64Sel for float64 columns, with SQL NaN
// semantics (NaN = NaN, NaN greater than everything).
func CompareFloat64Sel(op CmpOp, x []float64, c float64, valid []uint64, sel, dst []uint32) int {
	if !op.Valid() {
		return 0
	}
	op, c = normFloatCmp(op, c)
	if sel != nil {
		return cmpSelSelFloatGeneric(op, x, c, valid, sel, dst)
	}
	_ = dst[:len(x)]
	if valid != nil {
		return selViaBitmap(x, cmpSpec[float64]{op: op, c: c}, valid, dst)
	}
	n, done := cmpSelFloat64Arch(op, x, c, dst)
	return n + cmpSelFloatGeneric(op, x[done:], c, uint32(done), dst[n:])
}

// CompareFloat64Bitmap is CompareInt64Bitmap for float64 columns, with SQL
// NaN semantics.
func CompareFloat64Bitmap(op CmpOp, x []float64, c float64, valid, dst []uint64) {
	words := (len(x) + 63) / 64
	dst = dst[:words]
	if !op.Valid() {
		clear(dst)
		return
	}
	op, c = normFloatCmp(op, c)
	done := cmpBmFloat64Arch(op, x, c, dst)
	cmpBmFloatGeneric(op, x[done:], c, dst[done/64:])
	if valid != nil {
		AndBitmap(dst, dst, valid[:words])
	}
}

// BetweenFloat64Sel is BetweenInt64Sel for float64 columns, with SQL NaN
// semantics.
func BetweenFloat64Sel(x []float64, lo, hi float64, valid []uint64, sel, dst []uint32) int {
	if op, c, ok := nanBetween(lo, hi); ok {
		return CompareFloat64Sel(op, x, c, valid, sel, dst)
	}
	if sel != nil {
		return betweenSelSelFloatGeneric(x, lo, hi, valid, sel, dst)
	}
	_ = dst[:len(x)]
	if valid != nil {
		return selViaBitmap(x, cmpSpec[float64]{between: true, c: lo, c2: hi}, valid, dst)
	}
	n, done := betweenSelFloat64Arch(x, lo, hi, dst)
	return n + betweenSelFloatGeneric(x[done:], lo, hi, uint32(done), dst[n:])
}

// BetweenFloat64Bitmap is BetweenInt64Bitmap for float64 columns, with SQL
// NaN semantics.
func BetweenFloat64Bitmap(x []float64, lo, hi float64, valid, dst []uint64) {
	if op, c, ok := nanBetween(lo, hi); ok {
		CompareFloat64Bitmap(op, x, c, valid, dst)
		return
	}
	words := (len(x) + 63) / 64
	dst = dst[:words]
	done := betweenBmFloat64Arch(x, lo, hi, dst)
	betweenBmFloatGeneric(x[done:], lo, hi, dst[done/64:])
	if valid != nil {
		AndBitmap(dst, dst, valid[:words])
	}
}

// normFloatCmp rewrites a comparison with a NaN constant into an equivalent
// one with an infinite constant, so the kernels only see ordered constants:
// under SQL ordering NaN is the only value above +Inf.
func normFloatCmp(op CmpOp, c float64) (CmpOp, float64) {
	if c == c {
		return op, c
	}
	inf, ninf := math.Inf(1), math.Inf(-1)
	switch op {
	case Eq, Ge: // x is NaN
		return Gt, inf
	case Ne, Lt: // x is not NaN
		return Le, inf
	case Le: // always
		return Ge, ninf
	default: // Gt: never
		return Lt, ninf
	}
}

// nanBetween rewrites BETWEEN with a NaN bound into a single comparison.
func nanBetween(lo, hi float64) (CmpOp, float64, bool) {
	switch {
	case lo != lo && hi != hi: // x >= NaN AND x <= NaN: x is NaN
		return Gt, math.Inf(1), true
	case lo != lo: // x is NaN AND x <= hi (not NaN): never
		return Lt, math.Inf(-1), true
	case hi != hi: // x >= lo AND true
		return Ge, lo, true
	}
	return 0, 0, false
}

// cmpSpec describes a comparison for selViaBitmap.
type cmpSpec[T int32 | int64 | float64] struct {
	op      CmpOp
	between bool
	c, c2   T
}

// bitmapOf writes the comparison bitmap of x (no validity) to bm.
func (s cmpSpec[T]) bitmapOf(x []T, bm []uint64) {
	switch x := any(x).(type) {
	case []int64:
		c, c2 := any(s.c).(int64), any(s.c2).(int64)
		if s.between {
			BetweenInt64Bitmap(x, c, c2, nil, bm)
		} else {
			CompareInt64Bitmap(s.op, x, c, nil, bm)
		}
	case []int32:
		c, c2 := any(s.c).(int32), any(s.c2).(int32)
		if s.between {
			BetweenInt32Bitmap(x, c, c2, nil, bm)
		} else {
			CompareInt32Bitmap(s.op, x, c, nil, bm)
		}
	case []float64:
		c, c2 := any(s.c).(float64), any(s.c2).(float64)
		if s.between {
			BetweenFloat64Bitmap(x, c, c2, nil, bm)
		} else {
			CompareFloat64Bitmap(s.op, x, c, nil, bm)
		}
	}
}

// selViaBitmap builds a selection vector block by block: the comparison
// bitmap of each block is intersected with valid and converted.
func selViaBitmap[T int32 | int64 | float64](x []T, spec cmpSpec[T], valid []uint64, dst []uint32) int {
	var bm [selBlock / 64]uint64
	cnt := 0
	for lo := 0; lo < len(x); lo += selBlock {
		hi := min(lo+selBlock, len(x))
		words := (hi - lo + 63) / 64
		spec.bitmapOf(x[lo:hi], bm[:words])
		AndBitmap(bm[:words], bm[:words], valid[lo/64:lo/64+words])
		cnt += BitmapToSel(bm[:words], hi-lo, uint32(lo), dst[cnt:])
	}
	return cnt
}

// ---- generic references ---------------------------------------------------

// b2u converts a bool to 0 or 1 without a branch.
func b2u(b bool) uint64 {
	var u uint64
	if b {
		u = 1
	}
	return u
}

// cmpSelGeneric is the reference dense compare-to-selection kernel: it
// writes base+i for every i with x[i] op c.
func cmpSelGeneric[T sint](op CmpOp, x []T, c T, base uint32, dst []uint32) int {
	dst = dst[:len(x)]
	n := 0
	switch op {
	case Eq:
		for i, v := range x {
			dst[n] = base + uint32(i)
			n += int(b2u(v == c))
		}
	case Ne:
		for i, v := range x {
			dst[n] = base + uint32(i)
			n += int(b2u(v != c))
		}
	case Lt:
		for i, v := range x {
			dst[n] = base + uint32(i)
			n += int(b2u(v < c))
		}
	case Le:
		for i, v := range x {
			dst[n] = base + uint32(i)
			n += int(b2u(v <= c))
		}
	case Gt:
		for i, v := range x {
			dst[n] = base + uint32(i)
			n += int(b2u(v > c))
		}
	case Ge:
		for i, v := range x {
			dst[n] = base + uint32(i)
			n += int(b2u(v >= c))
		}
	}
	return n
}

func betweenSelGeneric[T sint](x []T, lo, hi T, base uint32, dst []uint32) int {
	dst = dst[:len(x)]
	n := 0
	for i, v := range x {
		dst[n] = base + uint32(i)
		n += int(b2u(v >= lo) & b2u(v <= hi))
	}
	return n
}

func validAt(valid []uint64, i uint32) bool {
	return valid == nil || valid[i>>6]>>(i&63)&1 != 0
}

// cmpSelSelGeneric filters an input selection vector (dst may alias sel).
func cmpSelSelGeneric[T sint](op CmpOp, x []T, c T, valid []uint64, sel, dst []uint32) int {
	dst = dst[:len(sel)]
	n := 0
	for _, s := range sel {
		v := x[s]
		var ok bool
		switch op {
		case Eq:
			ok = v == c
		case Ne:
			ok = v != c
		case Lt:
			ok = v < c
		case Le:
			ok = v <= c
		case Gt:
			ok = v > c
		case Ge:
			ok = v >= c
		}
		if ok && validAt(valid, s) {
			dst[n] = s
			n++
		}
	}
	return n
}

func betweenSelSelGeneric[T sint](x []T, lo, hi T, valid []uint64, sel, dst []uint32) int {
	dst = dst[:len(sel)]
	n := 0
	for _, s := range sel {
		v := x[s]
		if v >= lo && v <= hi && validAt(valid, s) {
			dst[n] = s
			n++
		}
	}
	return n
}

// cmpBmGeneric is the reference compare-to-bitmap kernel.
func cmpBmGeneric[T sint](op CmpOp, x []T, c T, dst []uint64) {
	for w := 0; w*64 < len(x); w++ {
		blk := x[w*64 : min(w*64+64, len(x))]
		var m uint64
		switch op {
		case Eq:
			for j, v := range blk {
				m |= b2u(v == c) << j
			}
		case Ne:
			for j, v := range blk {
				m |= b2u(v != c) << j
			}
		case Lt:
			for j, v := range blk {
				m |= b2u(v < c) << j
			}
		case Le:
			for j, v := range blk {
				m |= b2u(v <= c) << j
			}
		case Gt:
			for j, v := range blk {
				m |= b2u(v > c) << j
			}
		case Ge:
			for j, v := range blk {
				m |= b2u(v >= c) << j
			}
		}
		dst[w] = m
	}
}

func betweenBmGeneric[T sint](x []T, lo, hi T, dst []uint64) {
	for w := 0; w*64 < len(x); w++ {
		blk := x[w*64 : min(w*64+64, len(x))]
		var m uint64
		for j, v := range blk {
			m |= (b2u(v >= lo) & b2u(v <= hi)) << j
		}
		dst[w] = m
	}
}

// Float references assume c is not NaN (see normFloatCmp): then x > c and
// x >= c also hold for a NaN x, and the other operators are IEEE ones.

func floatCmp(op CmpOp, v, c float64) bool {
	switch op {
	case Eq:
		return v == c
	case Ne:
		return v != c
	case Lt:
		return v < c
	case Le:
		return v <= c
	case Gt:
		return v > c || v != v
	case Ge:
		return v >= c || v != v
	}
	return false
}

func cmpSelFloatGeneric(op CmpOp, x []float64, c float64, base uint32, dst []uint32) int {
	dst = dst[:len(x)]
	n := 0
	switch op {
	case Eq:
		for i, v := range x {
			dst[n] = base + uint32(i)
			n += int(b2u(v == c))
		}
	case Ne:
		for i, v := range x {
			dst[n] = base + uint32(i)
			n += int(b2u(v != c))
		}
	case Lt:
		for i, v := range x {
			dst[n] = base + uint32(i)
			n += int(b2u(v < c))
		}
	case Le:
		for i, v := range x {
			dst[n] = base + uint32(i)
			n += int(b2u(v <= c))
		}
	case Gt:
		for i, v := range x {
			dst[n] = base + uint32(i)
			n += int(b2u(!(v <= c)))
		}
	case Ge:
		for i, v := range x {
			dst[n] = base + uint32(i)
			n += int(b2u(!(v < c)))
		}
	}
	return n
}

func betweenSelFloatGeneric(x []float64, lo, hi float64, base uint32, dst []uint32) int {
	dst = dst[:len(x)]
	n := 0
	for i, v := range x {
		dst[n] = base + uint32(i)
		n += int(b2u(!(v < lo)) & b2u(v <= hi))
	}
	return n
}

func cmpSelSelFloatGeneric(op CmpOp, x []float64, c float64, valid []uint64, sel, dst []uint32) int {
	dst = dst[:len(sel)]
	n := 0
	for _, s := range sel {
		if floatCmp(op, x[s], c) && validAt(valid, s) {
			dst[n] = s
			n++
		}
	}
	return n
}

func betweenSelSelFloatGeneric(x []float64, lo, hi float64, valid []uint64, sel, dst []uint32) int {
	dst = dst[:len(sel)]
	n := 0
	for _, s := range sel {
		v := x[s]
		if !(v < lo) && v <= hi && validAt(valid, s) {
			dst[n] = s
			n++
		}
	}
	return n
}

func cmpBmFloatGeneric(op CmpOp, x []float64, c float64, dst []uint64) {
	for w := 0; w*64 < len(x); w++ {
		blk := x[w*64 : min(w*64+64, len(x))]
		var m uint64
		for j, v := range blk {
			m |= b2u(floatCmp(op, v, c)) << j
		}
		dst[w] = m
	}
}

func betweenBmFloatGeneric(x []float64, lo, hi float64, dst []uint64) {
	for w := 0; w*64 < len(x); w++ {
		blk := x[w*64 : min(w*64+64, len(x))]
		var m uint64
		for j, v := range blk {
			m |= (b2u(!(v < lo)) & b2u(v <= hi)) << j
		}
		dst[w] = m
	}
}
