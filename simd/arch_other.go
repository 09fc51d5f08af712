//go:build noasm || !(amd64 || arm64)

package simd

// Without assembly every kernel runs its pure-Go reference: the *Arch hooks
// process nothing.

func cmpSelInt64Arch(CmpOp, []int64, int64, []uint32) (int, int)             { return 0, 0 }
func cmpBmInt64Arch(CmpOp, []int64, int64, []uint64) int                     { return 0 }
func betweenSelInt64Arch([]int64, int64, int64, []uint32) (int, int)         { return 0, 0 }
func betweenBmInt64Arch([]int64, int64, int64, []uint64) int                 { return 0 }
func cmpSelInt32Arch(CmpOp, []int32, int32, []uint32) (int, int)             { return 0, 0 }
func cmpBmInt32Arch(CmpOp, []int32, int32, []uint64) int                     { return 0 }
func betweenSelInt32Arch([]int32, int32, int32, []uint32) (int, int)         { return 0, 0 }
func betweenBmInt32Arch([]int32, int32, int32, []uint64) int                 { return 0 }
func cmpSelFloat64Arch(CmpOp, []float64, float64, []uint32) (int, int)       { return 0, 0 }
func cmpBmFloat64Arch(CmpOp, []float64, float64, []uint64) int               { return 0 }
func betweenSelFloat64Arch([]float64, float64, float64, []uint32) (int, int) { return 0, 0 }
func betweenBmFloat64Arch([]float64, float64, float64, []uint64) int         { return 0 }

func bitmapArch(bmOp, []uint64, []uint64, []uint64) int { return 0 }

func bitmapToSelArch(bm []uint64, base uint32, dst []uint32) int {
	return bitmapToSelGeneric(bm, base, dst)
}

func sumInt64Arch([]int64, []uint64, *wide) (int, bool)                  { return 0, true }
func sumFloat64Arch([]float64, []uint64, *[accLanes]float64) int         { return 0 }
func minMaxInt64Arch(bool, []int64, []uint64, *[accLanes]int64) int      { return 0 }
func minFloat64Arch([]float64, []uint64, *[accLanes]float64) int         { return 0 }
func maxFloat64Arch([]float64, []uint64, *[accLanes]float64) (int, bool) { return 0, false }

func hashInt64Arch([]uint64, []int64) int    { return 0 }
func hashCombineArch([]uint64, []uint64) int { return 0 }

func gatherInt64Arch([]int64, []int64, []uint32) (int, bool) { return 0, true }
func gatherInt32Arch([]int32, []int32, []uint32) (int, bool) { return 0, true }

func unpackArch([]uint32, []byte, int) int { return 0 }
