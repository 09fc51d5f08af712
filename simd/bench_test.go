package simd

import (
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
)

// Benchmarks run one sub-benchmark per supported level and report bytes of
// input per second. The "mem" variants stream 1 GiB (memory-bound); they
// are skipped unless LHSQL_SIMD_BENCH_MEM=1 and never run with -short:
//
//	LHSQL_SIMD_BENCH_MEM=1 go test -run '^$' -bench . -count 5 ./simd/

const benchN = 2048

func benchLevels(b *testing.B, f func(b *testing.B)) {
	for _, l := range SupportedLevels() {
		b.Run(l.String(), func(b *testing.B) {
			defer SetLevel(l)()
			f(b)
		})
	}
}

func memBench(b *testing.B) {
	if testing.Short() || os.Getenv("LHSQL_SIMD_BENCH_MEM") != "1" {
		b.Skip("set LHSQL_SIMD_BENCH_MEM=1 (and no -short) for the 1 GiB benchmarks")
	}
}

func benchInt64s(n int) []int64 {
	r := rand.New(rand.NewPCG(1, 1))
	x := make([]int64, n)
	for i := range x {
		x[i] = r.Int64N(1 << 20)
	}
	return x
}

func benchFloat64s(n int) []float64 {
	r := rand.New(rand.NewPCG(2, 2))
	x := make([]float64, n)
	for i := range x {
		x[i] = r.Float64()
	}
	return x
}

var sinkI int64
var sinkF float64
var sinkN int

func BenchmarkSumInt64(b *testing.B) {
	x := benchInt64s(benchN)
	valid := make([]uint64, benchN/64)
	for i := range valid {
		valid[i] = 0xaaaaaaaaaaaaaaaa
	}
	for _, v := range []struct {
		name  string
		valid []uint64
	}{{"dense", nil}, {"valid", valid}} {
		b.Run(v.name, func(b *testing.B) {
			benchLevels(b, func(b *testing.B) {
				b.SetBytes(8 * benchN)
				for b.Loop() {
					s, _ := SumInt64(x, v.valid, nil)
					sinkI += s
				}
			})
		})
	}
}

func BenchmarkSumFloat64(b *testing.B) {
	x := benchFloat64s(benchN)
	benchLevels(b, func(b *testing.B) {
		b.SetBytes(8 * benchN)
		for b.Loop() {
			sinkF += SumFloat64(x, nil, nil)
		}
	})
}

func BenchmarkMinInt64(b *testing.B) {
	x := benchInt64s(benchN)
	benchLevels(b, func(b *testing.B) {
		b.SetBytes(8 * benchN)
		for b.Loop() {
			m, _ := MinInt64(x, nil, nil)
			sinkI += m
		}
	})
}

// BenchmarkCompareSel measures compare-to-selection-vector at about 50%
// selectivity (the branchy worst case for scalar code).
func BenchmarkCompareSel(b *testing.B) {
	xi := benchInt64s(benchN)
	xf := benchFloat64s(benchN)
	x32 := make([]int32, benchN)
	for i, v := range xi {
		x32[i] = int32(v)
	}
	dst := make([]uint32, benchN)
	b.Run("int64", func(b *testing.B) {
		benchLevels(b, func(b *testing.B) {
			b.SetBytes(8 * benchN)
			for b.Loop() {
				sinkN += CompareInt64Sel(Lt, xi, 1<<19, nil, nil, dst)
			}
		})
	})
	b.Run("float64", func(b *testing.B) {
		benchLevels(b, func(b *testing.B) {
			b.SetBytes(8 * benchN)
			for b.Loop() {
				sinkN += CompareFloat64Sel(Ge, xf, 0.5, nil, nil, dst)
			}
		})
	})
	b.Run("int32", func(b *testing.B) {
		benchLevels(b, func(b *testing.B) {
			b.SetBytes(4 * benchN)
			for b.Loop() {
				sinkN += CompareInt32Sel(Lt, x32, 1<<19, nil, nil, dst)
			}
		})
	})
	b.Run("int64-between", func(b *testing.B) {
		benchLevels(b, func(b *testing.B) {
			b.SetBytes(8 * benchN)
			for b.Loop() {
				sinkN += BetweenInt64Sel(xi, 1<<18, 3<<18, nil, nil, dst)
			}
		})
	})
}

func BenchmarkCompareBitmap(b *testing.B) {
	xi := benchInt64s(benchN)
	dst := make([]uint64, benchN/64)
	benchLevels(b, func(b *testing.B) {
		b.SetBytes(8 * benchN)
		for b.Loop() {
			CompareInt64Bitmap(Lt, xi, 1<<19, nil, dst)
		}
	})
}

func BenchmarkHashInt64(b *testing.B) {
	x := benchInt64s(benchN)
	dst := make([]uint64, benchN)
	benchLevels(b, func(b *testing.B) {
		b.SetBytes(8 * benchN)
		for b.Loop() {
			HashInt64(dst, x, nil)
		}
	})
}

func BenchmarkGatherInt64(b *testing.B) {
	x := benchInt64s(benchN)
	sel := make([]uint32, 0, benchN)
	for i := 0; i < benchN; i += 2 {
		sel = append(sel, uint32(i))
	}
	dst := make([]int64, len(sel))
	benchLevels(b, func(b *testing.B) {
		b.SetBytes(int64(8 * len(sel)))
		for b.Loop() {
			GatherInt64(dst, x, sel)
		}
	})
}

func BenchmarkUnpack(b *testing.B) {
	for _, w := range []int{3, 12, 21} {
		src := make([]byte, benchN*w/8+32)
		for i := range src {
			src[i] = byte(i * 37)
		}
		dst := make([]uint32, benchN)
		b.Run(fmt.Sprintf("w=%d", w), func(b *testing.B) {
			benchLevels(b, func(b *testing.B) {
				b.SetBytes(4 * benchN) // output bytes
				for b.Loop() {
					if err := UnpackUint32(dst, src, w); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

func BenchmarkBitmapToSel(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 3))
	bm := make([]uint64, benchN/64)
	for i := range bm {
		bm[i] = r.Uint64()
	}
	dst := make([]uint32, benchN)
	benchLevels(b, func(b *testing.B) {
		b.SetBytes(benchN / 8)
		for b.Loop() {
			sinkN += BitmapToSel(bm, benchN, 0, dst)
		}
	})
}

const memN = 1 << 27 // 128 Mi values of 8 bytes = 1 GiB

var memData []int64

func memInt64s() []int64 {
	if memData == nil {
		memData = make([]int64, memN)
		for i := range memData {
			memData[i] = int64(i & 1023)
		}
	}
	return memData
}

func BenchmarkCompareSelMem(b *testing.B) {
	memBench(b)
	x := memInt64s()
	dst := make([]uint32, benchN)
	benchLevels(b, func(b *testing.B) {
		b.SetBytes(8 * memN)
		for b.Loop() {
			// Chunks of 2048 as the engine runs them; the selection vector
			// stays in cache, the column streams from memory.
			for lo := 0; lo < len(x); lo += benchN {
				sinkN += CompareInt64Sel(Lt, x[lo:lo+benchN], 512, nil, nil, dst)
			}
		}
	})
}

// BenchmarkSumSel sums a 2048-value vector through selection vectors of
// 2048/4 and 2048 increasing indices (what grouped aggregation by selection
// vectors passes), with and without a validity bitmap (random, 50% NULL), every
// level timed in turn (benchInterleaved; metrics are ns per call).
func BenchmarkSumSel(b *testing.B) {
	r := rand.New(rand.NewPCG(9, 9))
	x := benchInt64s(benchN)
	xf := benchFloat64s(benchN)
	valid := make([]uint64, benchN/64) // random, so branches on NULLs mispredict
	for i := range valid {
		valid[i] = r.Uint64()
	}
	for _, n := range []int{benchN / 4, benchN} {
		sel := make([]uint32, 0, n)
		for i := 0; i < benchN; i++ {
			if n == benchN || r.IntN(4) == 0 {
				sel = append(sel, uint32(i))
			}
		}
		for _, v := range []struct {
			name  string
			valid []uint64
		}{{"dense", nil}, {"valid", valid}} {
			b.Run(fmt.Sprintf("sel=%d/%s", len(sel), v.name), func(b *testing.B) {
				var vs []namedRun
				for _, l := range SupportedLevels() {
					vs = append(vs,
						namedRun{"int64-" + l.String(), func() {
							defer SetLevel(l)()
							s, _ := SumInt64(x, v.valid, sel)
							sinkI += s
						}},
						namedRun{"float64-" + l.String(), func() {
							defer SetLevel(l)()
							sinkF += SumFloat64(xf, v.valid, sel)
						}})
				}
				benchInterleaved(b, 100, vs)
			})
		}
	}
}
