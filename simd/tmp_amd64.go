//go:build !noasm

package simd



func bitmapArch(bmOp, []uint64, []uint64, []uint64) int { return 0 }

func bitmapToSelArch(bm []uint64, base uint32, dst []uint32) int {
	return bitmapToSelGeneric(bm, base, dst)
}

func sumInt64Arch([]int64, []uint64, *[accLanes]int64) (int, bool)       { return 0, false }
func sumFloat64Arch([]float64, []uint64, *[accLanes]float64) int         { return 0 }
func minMaxInt64Arch(bool, []int64, []uint64, *[accLanes]int64) int      { return 0 }
func minFloat64Arch([]float64, []uint64, *[accLanes]float64) int         { return 0 }
func maxFloat64Arch([]float64, []uint64, *[accLanes]float64) (int, bool) { return 0, false }

func hashInt64Arch([]uint64, []int64) int    { return 0 }
func hashCombineArch([]uint64, []uint64) int { return 0 }

func gatherInt64Arch([]int64, []int64, []uint32) (int, bool) { return 0, true }
func gatherInt32Arch([]int32, []int32, []uint32) (int, bool) { return 0, true }

func unpackArch([]uint32, []byte, int) int { return 0 }
