package simd

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkGatherDict gathers 2048 values by random indices, as Parquet
// dictionary decoding does, from sources of several sizes: from a small
// L1-resident dictionary to one far beyond the caches. "reference" is
// gatherGeneric; the levels run GatherInt64 as dispatched; gatherExtra adds
// the hardware-gather kernels forced on where the platform has them.
func BenchmarkGatherDict(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 5))
	for _, n := range []int{16, 2048, 1 << 16, 1 << 22} {
		src := benchInt64s(n)
		src32 := make([]int32, n)
		sel := make([]uint32, benchN)
		for i := range sel {
			sel[i] = uint32(r.IntN(n))
		}
		dst := make([]int64, benchN)
		dst32 := make([]int32, benchN)
		b.Run(fmt.Sprintf("int64/src=%d", n), func(b *testing.B) {
			b.Run("reference", func(b *testing.B) {
				b.SetBytes(8 * benchN)
				for b.Loop() {
					gatherGeneric(dst, src, sel)
				}
			})
			benchLevels(b, func(b *testing.B) {
				b.SetBytes(8 * benchN)
				for b.Loop() {
					GatherInt64(dst, src, sel)
				}
			})
			for _, g := range gatherExtra() {
				b.Run(g.name, func(b *testing.B) {
					defer g.enable()()
					b.SetBytes(8 * benchN)
					for b.Loop() {
						GatherInt64(dst, src, sel)
					}
				})
			}
		})
		b.Run(fmt.Sprintf("int32/src=%d", n), func(b *testing.B) {
			b.Run("reference", func(b *testing.B) {
				b.SetBytes(4 * benchN)
				for b.Loop() {
					gatherGeneric(dst32, src32, sel)
				}
			})
			benchLevels(b, func(b *testing.B) {
				b.SetBytes(4 * benchN)
				for b.Loop() {
					GatherInt32(dst32, src32, sel)
				}
			})
			for _, g := range gatherExtra() {
				b.Run(g.name, func(b *testing.B) {
					defer g.enable()()
					b.SetBytes(4 * benchN)
					for b.Loop() {
						GatherInt32(dst32, src32, sel)
					}
				})
			}
		})
	}
}

// gatherVariant is an extra gather configuration: enable switches it on and
// returns the function that restores the previous one.
type gatherVariant struct {
	name   string
	enable func() (restore func())
}

// BenchmarkGatherDictInterleaved is BenchmarkGatherDict with every variant
// timed in turn (see benchInterleaved); metrics are ns per 2048 values.
func BenchmarkGatherDictInterleaved(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 5))
	for _, n := range []int{16, 2048, 1 << 16, 1 << 22} {
		src := benchInt64s(n)
		src32 := make([]int32, n)
		sel := make([]uint32, benchN)
		for i := range sel {
			sel[i] = uint32(r.IntN(n))
		}
		dst := make([]int64, benchN)
		dst32 := make([]int32, benchN)
		b.Run(fmt.Sprintf("src=%d", n), func(b *testing.B) {
			vs := []namedRun{
				{"int64-reference", func() { gatherGeneric(dst, src, sel) }},
				{"int32-reference", func() { gatherGeneric(dst32, src32, sel) }},
			}
			for _, l := range SupportedLevels() {
				vs = append(vs,
					namedRun{"int64-" + l.String(), func() { defer SetLevel(l)(); GatherInt64(dst, src, sel) }},
					namedRun{"int32-" + l.String(), func() { defer SetLevel(l)(); GatherInt32(dst32, src32, sel) }})
			}
			for _, g := range gatherExtra() {
				vs = append(vs,
					namedRun{"int64-" + g.name, func() { defer g.enable()(); GatherInt64(dst, src, sel) }},
					namedRun{"int32-" + g.name, func() { defer g.enable()(); GatherInt32(dst32, src32, sel) }})
			}
			benchInterleaved(b, 50, vs)
		})
	}
}
