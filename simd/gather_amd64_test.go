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
