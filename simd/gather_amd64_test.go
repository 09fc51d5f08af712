//go:build !noasm

package simd

import "testing"

// TestGatherHW runs the gather tests with the VPGATHER kernels enabled
// whatever the CPU vendor.
func TestGatherHW(t *testing.T) {
	prev := hwGather
	hwGather = true
	defer func() { hwGather = prev }()
	TestGather(t)
}

// gatherExtra returns the hardware-gather kernels forced on, one variant
// per level that has them, for BenchmarkGatherDict.
func gatherExtra() []gatherVariant {
	var out []gatherVariant
	for _, l := range SupportedLevels() {
		if l == LevelGeneric {
			continue
		}
		out = append(out, gatherVariant{"hw-" + l.String(), func() func() {
			prevHW := hwGather
			hwGather = true
			restore := SetLevel(l)
			return func() { restore(); hwGather = prevHW }
		}})
	}
	return out
}
