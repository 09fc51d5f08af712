//go:build !noasm

package simd

import (
	"math"

	"github.com/klauspost/cpuid/v2"
)

// hwGather enables the VPGATHER kernels. AMD cores (measured on Zen 5:
// 2048 int64 at half density, 1.1 µs in Go vs 1.3 µs AVX2 and 2.1 µs
// AVX-512) run hardware gathers slower than the scalar Go loop, so they
// are used on Intel only. Tests turn it on to check the kernels anywhere.
var hwGather = cpuid.CPU.VendorID == cpuid.Intel

func gatherInt64Arch(dst, src []int64, sel []uint32) (int, bool) {
	if !hwGather || len(src) == 0 || len(src) >= math.MaxUint32 {
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
	if !hwGather || len(src) == 0 || len(src) >= math.MaxUint32 {
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
