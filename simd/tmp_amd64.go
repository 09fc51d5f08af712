//go:build !noasm

package simd






func hashInt64Arch([]uint64, []int64) int    { return 0 }
func hashCombineArch([]uint64, []uint64) int { return 0 }

func gatherInt64Arch([]int64, []int64, []uint32) (int, bool) { return 0, true }
func gatherInt32Arch([]int32, []int32, []uint32) (int, bool) { return 0, true }

func unpackArch([]uint32, []byte, int) int { return 0 }
