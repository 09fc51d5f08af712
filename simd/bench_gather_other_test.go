//go:build noasm || !amd64

package simd

// gatherExtra returns no variants: there are no hardware-gather kernels.
func gatherExtra() []gatherVariant { return nil }
