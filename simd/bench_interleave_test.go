package simd

import (
	"runtime"
	"slices"
	"testing"
)

// namedRun is one variant of an interleaved benchmark.
type namedRun struct {
	name string
	run  func()
}

// benchInterleaved runs every variant reps times in a row, in turn, once
// per benchmark iteration, timing each batch by the thread's CPU time, and
// reports each variant's median ns per run (metric "<name>-ns"). On a
// loaded machine this compares variants under the same conditions, which
// separate sub-benchmarks minutes apart do not.
func benchInterleaved(b *testing.B, reps int, vs []namedRun) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	ns := make([][]float64, len(vs))
	for b.Loop() {
		for i, v := range vs {
			t := threadTime()
			for range reps {
				v.run()
			}
			ns[i] = append(ns[i], float64(threadTime()-t)/float64(reps))
		}
	}
	for i, v := range vs {
		slices.Sort(ns[i])
		b.ReportMetric(ns[i][len(ns[i])/2], v.name+"-ns")
	}
}
