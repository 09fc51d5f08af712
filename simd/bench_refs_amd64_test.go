//go:build !noasm

package simd

import "slices"

// readRefs returns the read-bandwidth references: the portable Go loop and
// the assembly stream reads the CPU supports (plain wide loads, and with a
// non-temporal prefetch 256 bytes ahead as the sum kernels do).
func readRefs() []readRef {
	refs := []readRef{{"go", readGo}}
	lv := SupportedLevels()
	if slices.Contains(lv, LevelAVX2) {
		refs = append(refs, readRef{"avx2", streamReadAVX2})
	}
	if slices.Contains(lv, LevelAVX512) {
		refs = append(refs,
			readRef{"avx512", streamReadAVX512},
			readRef{"avx512-prefetch", func(x []int64) int64 { return streamReadPrefetchAVX512(x, 256) }})
	}
	return refs
}
