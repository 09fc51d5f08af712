//go:build !noasm

package simd

// Dispatch of the comparison kernels to the generated AVX2/AVX-512 code.

// asmIdx returns 0 for AVX2, 1 for AVX-512 and -1 when the current level
// has no amd64 assembly.
func asmIdx() int {
	switch level {
	case LevelAVX2:
		return 0
	case LevelAVX512:
		return 1
	}
	return -1
}

// selBlockOf is the number of rows a compare-to-selection kernel handles
// per iteration at each asmIdx.
var selBlockOf = [2]int{8, 16}

type cmpKernels[T any] struct {
	sel        [2][numCmpOps]func([]T, T, []uint32) int
	bm         [2][numCmpOps]func([]T, T, []uint64)
	betweenSel [2]func([]T, T, T, []uint32) int
	betweenBm  [2]func([]T, T, T, []uint64)
}

func (k *cmpKernels[T]) selArch(op CmpOp, x []T, c T, dst []uint32) (int, int) {
	a := asmIdx()
	if a < 0 {
		return 0, 0
	}
	done := len(x) &^ (selBlockOf[a] - 1)
	if done == 0 {
		return 0, 0
	}
	return k.sel[a][op](x[:done], c, dst[:done]), done
}

func (k *cmpKernels[T]) bmArch(op CmpOp, x []T, c T, dst []uint64) int {
	a := asmIdx()
	done := len(x) &^ 63
	if a < 0 || done == 0 {
		return 0
	}
	k.bm[a][op](x[:done], c, dst[:done/64])
	return done
}

func (k *cmpKernels[T]) betweenSelArch(x []T, lo, hi T, dst []uint32) (int, int) {
	a := asmIdx()
	if a < 0 {
		return 0, 0
	}
	done := len(x) &^ (selBlockOf[a] - 1)
	if done == 0 {
		return 0, 0
	}
	return k.betweenSel[a](x[:done], lo, hi, dst[:done]), done
}

func (k *cmpKernels[T]) betweenBmArch(x []T, lo, hi T, dst []uint64) int {
	a := asmIdx()
	done := len(x) &^ 63
	if a < 0 || done == 0 {
		return 0
	}
	k.betweenBm[a](x[:done], lo, hi, dst[:done/64])
	return done
}

var int64Cmp = cmpKernels[int64]{
	sel: [2][numCmpOps]func([]int64, int64, []uint32) int{
		{cmpSelInt64EqAVX2, cmpSelInt64NeAVX2, cmpSelInt64LtAVX2, cmpSelInt64LeAVX2, cmpSelInt64GtAVX2, cmpSelInt64GeAVX2},
		{cmpSelInt64EqAVX512, cmpSelInt64NeAVX512, cmpSelInt64LtAVX512, cmpSelInt64LeAVX512, cmpSelInt64GtAVX512, cmpSelInt64GeAVX512},
	},
	bm: [2][numCmpOps]func([]int64, int64, []uint64){
		{cmpBmInt64EqAVX2, cmpBmInt64NeAVX2, cmpBmInt64LtAVX2, cmpBmInt64LeAVX2, cmpBmInt64GtAVX2, cmpBmInt64GeAVX2},
		{cmpBmInt64EqAVX512, cmpBmInt64NeAVX512, cmpBmInt64LtAVX512, cmpBmInt64LeAVX512, cmpBmInt64GtAVX512, cmpBmInt64GeAVX512},
	},
	betweenSel: [2]func([]int64, int64, int64, []uint32) int{cmpSelInt64BetweenAVX2, cmpSelInt64BetweenAVX512},
	betweenBm:  [2]func([]int64, int64, int64, []uint64){cmpBmInt64BetweenAVX2, cmpBmInt64BetweenAVX512},
}

func cmpSelInt64Arch(op CmpOp, x []int64, c int64, dst []uint32) (int, int) {
	return int64Cmp.selArch(op, x, c, dst)
}

func cmpBmInt64Arch(op CmpOp, x []int64, c int64, dst []uint64) int {
	return int64Cmp.bmArch(op, x, c, dst)
}

func betweenSelInt64Arch(x []int64, lo, hi int64, dst []uint32) (int, int) {
	return int64Cmp.betweenSelArch(x, lo, hi, dst)
}

func betweenBmInt64Arch(x []int64, lo, hi int64, dst []uint64) int {
	return int64Cmp.betweenBmArch(x, lo, hi, dst)
}

var int32Cmp = cmpKernels[int32]{
	sel: [2][numCmpOps]func([]int32, int32, []uint32) int{
		{cmpSelInt32EqAVX2, cmpSelInt32NeAVX2, cmpSelInt32LtAVX2, cmpSelInt32LeAVX2, cmpSelInt32GtAVX2, cmpSelInt32GeAVX2},
		{cmpSelInt32EqAVX512, cmpSelInt32NeAVX512, cmpSelInt32LtAVX512, cmpSelInt32LeAVX512, cmpSelInt32GtAVX512, cmpSelInt32GeAVX512},
	},
	bm: [2][numCmpOps]func([]int32, int32, []uint64){
		{cmpBmInt32EqAVX2, cmpBmInt32NeAVX2, cmpBmInt32LtAVX2, cmpBmInt32LeAVX2, cmpBmInt32GtAVX2, cmpBmInt32GeAVX2},
		{cmpBmInt32EqAVX512, cmpBmInt32NeAVX512, cmpBmInt32LtAVX512, cmpBmInt32LeAVX512, cmpBmInt32GtAVX512, cmpBmInt32GeAVX512},
	},
	betweenSel: [2]func([]int32, int32, int32, []uint32) int{cmpSelInt32BetweenAVX2, cmpSelInt32BetweenAVX512},
	betweenBm:  [2]func([]int32, int32, int32, []uint64){cmpBmInt32BetweenAVX2, cmpBmInt32BetweenAVX512},
}

func cmpSelInt32Arch(op CmpOp, x []int32, c int32, dst []uint32) (int, int) {
	return int32Cmp.selArch(op, x, c, dst)
}

func cmpBmInt32Arch(op CmpOp, x []int32, c int32, dst []uint64) int {
	return int32Cmp.bmArch(op, x, c, dst)
}

func betweenSelInt32Arch(x []int32, lo, hi int32, dst []uint32) (int, int) {
	return int32Cmp.betweenSelArch(x, lo, hi, dst)
}

func betweenBmInt32Arch(x []int32, lo, hi int32, dst []uint64) int {
	return int32Cmp.betweenBmArch(x, lo, hi, dst)
}

var float64Cmp = cmpKernels[float64]{
	sel: [2][numCmpOps]func([]float64, float64, []uint32) int{
		{cmpSelFloat64EqAVX2, cmpSelFloat64NeAVX2, cmpSelFloat64LtAVX2, cmpSelFloat64LeAVX2, cmpSelFloat64GtAVX2, cmpSelFloat64GeAVX2},
		{cmpSelFloat64EqAVX512, cmpSelFloat64NeAVX512, cmpSelFloat64LtAVX512, cmpSelFloat64LeAVX512, cmpSelFloat64GtAVX512, cmpSelFloat64GeAVX512},
	},
	bm: [2][numCmpOps]func([]float64, float64, []uint64){
		{cmpBmFloat64EqAVX2, cmpBmFloat64NeAVX2, cmpBmFloat64LtAVX2, cmpBmFloat64LeAVX2, cmpBmFloat64GtAVX2, cmpBmFloat64GeAVX2},
		{cmpBmFloat64EqAVX512, cmpBmFloat64NeAVX512, cmpBmFloat64LtAVX512, cmpBmFloat64LeAVX512, cmpBmFloat64GtAVX512, cmpBmFloat64GeAVX512},
	},
	betweenSel: [2]func([]float64, float64, float64, []uint32) int{cmpSelFloat64BetweenAVX2, cmpSelFloat64BetweenAVX512},
	betweenBm:  [2]func([]float64, float64, float64, []uint64){cmpBmFloat64BetweenAVX2, cmpBmFloat64BetweenAVX512},
}

func cmpSelFloat64Arch(op CmpOp, x []float64, c float64, dst []uint32) (int, int) {
	return float64Cmp.selArch(op, x, c, dst)
}

func cmpBmFloat64Arch(op CmpOp, x []float64, c float64, dst []uint64) int {
	return float64Cmp.bmArch(op, x, c, dst)
}

func betweenSelFloat64Arch(x []float64, lo, hi float64, dst []uint32) (int, int) {
	return float64Cmp.betweenSelArch(x, lo, hi, dst)
}

func betweenBmFloat64Arch(x []float64, lo, hi float64, dst []uint64) int {
	return float64Cmp.betweenBmArch(x, lo, hi, dst)
}
