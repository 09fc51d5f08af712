//go:build !noasm

package simd

// arm64 dispatch: NEON kernels cover dense int64/float64 comparisons,
// sums, min/max and int64 hashing; everything else runs the Go reference.

// NEON compare modes (see kernels_arm64.s).
const (
	neonNeg = 16
)

var (
	neonIntMode   = [numCmpOps]int{Eq: 0, Ne: 0 | neonNeg, Lt: 1, Ge: 1 | neonNeg, Gt: 2, Le: 2 | neonNeg}
	neonFloatMode = [numCmpOps]int{Eq: 0, Ne: 0 | neonNeg, Lt: 1, Ge: 1 | neonNeg, Le: 2, Gt: 2 | neonNeg}
)

const neonBetween = 3 | neonNeg

func neonOn() bool { return level == LevelNEON }

// neonSelInt64 turns the NEON bitmap kernel into a selection kernel,
// block by block through a stack bitmap; it returns (count, rows consumed).
func neonSelInt64(x []int64, c, c2 int64, mode int, dst []uint32) (int, int) {
	done := len(x) &^ 63
	var bm [selBlock / 64]uint64
	cnt := 0
	for lo := 0; lo < done; lo += selBlock {
		hi := min(lo+selBlock, done)
		w := (hi - lo) / 64
		cmpBmInt64NEON(x[lo:hi], c, c2, mode, bm[:w])
		cnt += bitmapToSelGeneric(bm[:w], uint32(lo), dst[cnt:])
	}
	return cnt, done
}

// neonSelFloat64 is neonSelInt64 for float64 columns.
func neonSelFloat64(x []float64, c, c2 float64, mode int, dst []uint32) (int, int) {
	done := len(x) &^ 63
	var bm [selBlock / 64]uint64
	cnt := 0
	for lo := 0; lo < done; lo += selBlock {
		hi := min(lo+selBlock, done)
		w := (hi - lo) / 64
		cmpBmFloat64NEON(x[lo:hi], c, c2, mode, bm[:w])
		cnt += bitmapToSelGeneric(bm[:w], uint32(lo), dst[cnt:])
	}
	return cnt, done
}

func cmpSelInt64Arch(op CmpOp, x []int64, c int64, dst []uint32) (int, int) {
	if !neonOn() {
		return 0, 0
	}
	return neonSelInt64(x, c, 0, neonIntMode[op], dst)
}

func cmpBmInt64Arch(op CmpOp, x []int64, c int64, dst []uint64) int {
	if !neonOn() {
		return 0
	}
	done := len(x) &^ 63
	cmpBmInt64NEON(x[:done], c, 0, neonIntMode[op], dst[:done/64])
	return done
}

func betweenSelInt64Arch(x []int64, lo, hi int64, dst []uint32) (int, int) {
	if !neonOn() {
		return 0, 0
	}
	return neonSelInt64(x, lo, hi, neonBetween, dst)
}

func betweenBmInt64Arch(x []int64, lo, hi int64, dst []uint64) int {
	if !neonOn() {
		return 0
	}
	done := len(x) &^ 63
	cmpBmInt64NEON(x[:done], lo, hi, neonBetween, dst[:done/64])
	return done
}

func cmpSelInt32Arch(CmpOp, []int32, int32, []uint32) (int, int)     { return 0, 0 }
func cmpBmInt32Arch(CmpOp, []int32, int32, []uint64) int             { return 0 }
func betweenSelInt32Arch([]int32, int32, int32, []uint32) (int, int) { return 0, 0 }
func betweenBmInt32Arch([]int32, int32, int32, []uint64) int         { return 0 }

func cmpSelFloat64Arch(op CmpOp, x []float64, c float64, dst []uint32) (int, int) {
	if !neonOn() {
		return 0, 0
	}
	return neonSelFloat64(x, c, 0, neonFloatMode[op], dst)
}

func cmpBmFloat64Arch(op CmpOp, x []float64, c float64, dst []uint64) int {
	if !neonOn() {
		return 0
	}
	done := len(x) &^ 63
	cmpBmFloat64NEON(x[:done], c, 0, neonFloatMode[op], dst[:done/64])
	return done
}

func betweenSelFloat64Arch(x []float64, lo, hi float64, dst []uint32) (int, int) {
	if !neonOn() {
		return 0, 0
	}
	return neonSelFloat64(x, lo, hi, neonBetween, dst)
}

func betweenBmFloat64Arch(x []float64, lo, hi float64, dst []uint64) int {
	if !neonOn() {
		return 0
	}
	done := len(x) &^ 63
	cmpBmFloat64NEON(x[:done], lo, hi, neonBetween, dst[:done/64])
	return done
}

func bitmapArch(bmOp, []uint64, []uint64, []uint64) int { return 0 }

func bitmapToSelArch(bm []uint64, base uint32, dst []uint32) int {
	return bitmapToSelGeneric(bm, base, dst)
}

// neonPrefix is the dense prefix the NEON aggregates handle (none with a
// validity bitmap).
func neonPrefix(n int, valid []uint64) int {
	if !neonOn() || valid != nil {
		return 0
	}
	return n &^ 63
}

// sumInt64Arch adds the exact sum of the valid values of x[:done] to s; ok
// is false when a kernel lane overflowed (s is then unusable).
func sumInt64Arch(x []int64, valid []uint64, s *wide) (done int, ok bool) {
	done = neonPrefix(len(x), valid)
	if done == 0 {
		return 0, true
	}
	var acc [accLanes]int64
	if sumInt64NEON(x[:done], &acc) {
		return done, false
	}
	addLanes(s, &acc)
	return done, true
}

func sumFloat64Arch(x []float64, valid []uint64, acc *[accLanes]float64) int {
	done := neonPrefix(len(x), valid)
	if done > 0 {
		sumFloat64NEON(x[:done], acc)
	}
	return done
}

func minMaxInt64Arch(isMax bool, x []int64, valid []uint64, acc *[accLanes]int64) int {
	done := neonPrefix(len(x), valid)
	switch {
	case done == 0:
	case isMax:
		maxInt64NEON(x[:done], acc)
	default:
		minInt64NEON(x[:done], acc)
	}
	return done
}

func minFloat64Arch(x []float64, valid []uint64, acc *[accLanes]float64) int {
	done := neonPrefix(len(x), valid)
	if done > 0 {
		minFloat64NEON(x[:done], acc)
	}
	return done
}

func maxFloat64Arch(x []float64, valid []uint64, acc *[accLanes]float64) (int, bool) {
	done := neonPrefix(len(x), valid)
	if done == 0 {
		return 0, false
	}
	return done, maxFloat64NEON(x[:done], acc)
}

func hashInt64Arch(dst []uint64, x []int64) int {
	if !neonOn() {
		return 0
	}
	done := len(x) &^ 1
	hashInt64NEON(dst[:done], x[:done])
	return done
}

func hashCombineArch([]uint64, []uint64) int { return 0 }

func gatherInt64Arch([]int64, []int64, []uint32) (int, bool) { return 0, true }
func gatherInt32Arch([]int32, []int32, []uint32) (int, bool) { return 0, true }

func unpackArch([]uint32, []byte, int) int { return 0 }
