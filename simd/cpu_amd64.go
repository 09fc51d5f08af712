//go:build !noasm

package simd

import "github.com/klauspost/cpuid/v2"

func detectLevels() []Level {
	ls := []Level{LevelGeneric}
	c := cpuid.CPU
	if c.Supports(cpuid.AVX2, cpuid.BMI2, cpuid.POPCNT) {
		ls = append(ls, LevelAVX2)
		if c.Supports(cpuid.AVX512F, cpuid.AVX512BW, cpuid.AVX512VL, cpuid.AVX512DQ) {
			ls = append(ls, LevelAVX512)
		}
	}
	return ls
}
