//go:build !noasm

package simd

// NEON kernels in kernels_arm64.s.

//go:noescape
func cmpBmInt64NEON(x []int64, c, c2 int64, mode int, dst []uint64)

//go:noescape
func cmpBmFloat64NEON(x []float64, c, c2 float64, mode int, dst []uint64)

//go:noescape
func sumInt64NEON(x []int64, acc *[accLanes]int64) bool

//go:noescape
func sumFloat64NEON(x []float64, acc *[accLanes]float64)

//go:noescape
func minInt64NEON(x []int64, acc *[accLanes]int64)

//go:noescape
func maxInt64NEON(x []int64, acc *[accLanes]int64)

//go:noescape
func minFloat64NEON(x []float64, acc *[accLanes]float64)

//go:noescape
func maxFloat64NEON(x []float64, acc *[accLanes]float64) bool

//go:noescape
func hashInt64NEON(dst []uint64, x []int64)
