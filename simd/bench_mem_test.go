package simd

import (
	"fmt"
	"runtime"
	"slices"
	"testing"
	"time"
	"unsafe"
)

// The memory-bound sum benchmarks stream a 1 GiB column (memN values)
// through SumInt64 and SumFloat64 and compare them with read-bandwidth
// references: loops that only load the same 1 GiB (see readRefs). Run them
// with
//
//	LHSQL_SIMD_BENCH_MEM=1 go test -run '^$' -bench 'SumMem' -count 10 ./simd/
//
// BenchmarkSumMem reports wall-clock GB/s per sub-benchmark (for benchstat);
// BenchmarkSumMemRatio runs every reference and kernel in turn within each
// iteration and reports the median GB/s of each and its ratio to the best
// reference, so the ratio is taken under the same machine load.

// readRef is a bandwidth reference: it reads all of x and returns a value
// depending on every element.
type readRef struct {
	name string
	read func(x []int64) int64
}

// readGo is the portable reference: eight independent accumulators.
func readGo(x []int64) int64 {
	var a0, a1, a2, a3, a4, a5, a6, a7 int64
	for len(x) >= 8 {
		x8 := x[:8:8]
		a0 ^= x8[0]
		a1 ^= x8[1]
		a2 ^= x8[2]
		a3 ^= x8[3]
		a4 ^= x8[4]
		a5 ^= x8[5]
		a6 ^= x8[6]
		a7 ^= x8[7]
		x = x[8:]
	}
	for _, v := range x {
		a0 ^= v
	}
	return a0 ^ a1 ^ a2 ^ a3 ^ a4 ^ a5 ^ a6 ^ a7
}

// memSum is one memory-bound kernel run.
type memSum struct {
	name  string
	level Level
	run   func()
}

func memSums(x []int64) []memSum {
	xf := unsafe.Slice((*float64)(unsafe.Pointer(&x[0])), len(x))
	valid := make([]uint64, len(x)/64)
	for i := range valid {
		valid[i] = 0xaaaaaaaaaaaaaaaa
	}
	var out []memSum
	for _, l := range SupportedLevels() {
		for _, v := range []struct {
			name  string
			valid []uint64
		}{{"dense", nil}, {"valid", valid}} {
			out = append(out,
				memSum{fmt.Sprintf("SumInt64/%s/%v", v.name, l), l, func() {
					s, _ := SumInt64(x, v.valid, nil)
					sinkI += s
				}},
				memSum{fmt.Sprintf("SumFloat64/%s/%v", v.name, l), l, func() {
					sinkF += SumFloat64(xf, v.valid, nil)
				}})
		}
	}
	return out
}

func BenchmarkSumMem(b *testing.B) {
	memBench(b)
	x := memInt64s()
	for _, r := range readRefs() {
		b.Run("read/"+r.name, func(b *testing.B) {
			b.SetBytes(8 * memN)
			defer reportCPUBandwidth(b)()
			for b.Loop() {
				sinkI += r.read(x)
			}
		})
	}
	for _, s := range memSums(x) {
		b.Run(s.name, func(b *testing.B) {
			defer SetLevel(s.level)()
			b.SetBytes(8 * memN) // bytes of values; the validity bitmap adds 1/64
			defer reportCPUBandwidth(b)()
			for b.Loop() {
				s.run()
			}
		})
	}
}

// reportCPUBandwidth starts timing the thread's CPU time; the function it
// returns reports the bytes set with SetBytes per CPU second as the metric
// cpu-GB/s, which a busy machine distorts much less than the wall-clock
// MB/s.
func reportCPUBandwidth(b *testing.B) func() {
	runtime.LockOSThread()
	t := threadTime()
	return func() {
		d := threadTime() - t
		runtime.UnlockOSThread()
		b.ReportMetric(8*memN*float64(b.N)/d.Seconds()/1e9, "cpu-GB/s")
	}
}

func BenchmarkSumMemRatio(b *testing.B) {
	memBench(b)
	x := memInt64s()
	type variant struct {
		name string
		ref  bool
		run  func()
	}
	var vs []variant
	for _, r := range readRefs() {
		vs = append(vs, variant{"read/" + r.name, true, func() { sinkI += r.read(x) }})
	}
	for _, s := range memSums(x) {
		vs = append(vs, variant{s.name, false, func() {
			defer SetLevel(s.level)()
			s.run()
		}})
	}
	// The thread's CPU time excludes the time other processes on a busy
	// machine hold the core; stalls on memory still count.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	gbs := make([][]float64, len(vs))
	for b.Loop() {
		for i, v := range vs {
			t := threadTime()
			v.run()
			gbs[i] = append(gbs[i], 8*memN/(threadTime()-t).Seconds()/1e9)
		}
	}
	med := make([]float64, len(vs))
	best := 0.0
	for i, v := range vs {
		slices.Sort(gbs[i])
		med[i] = gbs[i][len(gbs[i])/2]
		if v.ref {
			best = max(best, med[i])
		}
	}
	for i, v := range vs {
		b.ReportMetric(med[i], v.name+"-GB/s")
		b.ReportMetric(med[i]/best, v.name+"-ratio")
	}
}

// threadTime returns the calling thread's CPU time where the platform
// offers it (threadCPUTime), else the wall clock.
func threadTime() time.Duration {
	if d, ok := threadCPUTime(); ok {
		return d
	}
	return time.Duration(time.Now().UnixNano())
}
