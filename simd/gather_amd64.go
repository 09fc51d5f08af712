//go:build !noasm

package simd

import "math"

func gatherInt64Arch(dst, src []int64, sel []uint32) (int, bool) {
	if len(src) == 0 || len(src) >= math.MaxUint32 {
		return 0, true
	}
	switch level {
	case LevelAVX512:
		return gatherInt64AVX512(dst, src, sel), true
	case LevelAVX2:
		return gatherInt64AVX2(dst, src, sel), true
	}
	return 0, true
}

func gatherInt32Arch(dst, src []int32, sel []uint32) (int, bool) {
	if len(src) == 0 || len(src) >= math.MaxUint32 {
		return 0, true
	}
	switch level {
	case LevelAVX512:
		return gatherInt32AVX512(dst, src, sel), true
	case LevelAVX2:
		return gatherInt32AVX2(dst, src, sel), true
	}
	return 0, true
}
