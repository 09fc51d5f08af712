package simd

import (
	"math/rand/v2"
	"testing"
)

func TestGather(t *testing.T) {
	forEachLevel(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(17, 18))
		for _, n := range testLengths() {
			off := n % 8
			src64 := randInt64s(r, n, off)
			src32 := randInt32s(r, n, off)
			srcf := randFloat64s(r, n, off)
			for _, dense := range []bool{true, false} {
				sel := makeSel(r, n, true)
				if dense {
					sel = sel[:0]
					for i := 0; i < n; i++ {
						sel = append(sel, uint32(i))
					}
				}
				d64 := make([]int64, len(sel)+1)
				d32 := make([]int32, len(sel)+1)
				df := make([]float64, len(sel)+1)
				if !GatherInt64(d64, src64, sel) || !GatherInt32(d32, src32, sel) || !GatherFloat64(df, srcf, sel) {
					t.Fatalf("n=%d: gather failed", n)
				}
				for i, s := range sel {
					if d64[i] != src64[s] || d32[i] != src32[s] || !sameFloat(df[i], srcf[s]) {
						t.Fatalf("n=%d row %d: wrong value", n, i)
					}
				}
				if d64[len(sel)] != 0 || d32[len(sel)] != 0 {
					t.Fatalf("n=%d: wrote past len(sel)", n)
				}
				// An out-of-range index anywhere is reported, never read.
				if len(sel) > 0 {
					bad := append([]uint32(nil), sel...)
					bad[r.IntN(len(bad))] = uint32(n + r.IntN(3))
					if GatherInt64(d64, src64, bad) || GatherInt32(d32, src32, bad) {
						t.Fatalf("n=%d: out-of-range index not reported", n)
					}
					bad[len(bad)-1] = 1 << 31
					if GatherInt64(d64, src64, bad) {
						t.Fatalf("n=%d: huge index not reported", n)
					}
				}
			}
		}
		// Small dictionaries gathered by long random index vectors (Parquet
		// dictionary decoding), and a bad index at every position.
		for _, dict := range []int{1, 7, 300} {
			src64 := randInt64s(r, dict, 0)
			src32 := randInt32s(r, dict, 0)
			for _, n := range []int{2048, 41} {
				sel := make([]uint32, n)
				for i := range sel {
					sel[i] = uint32(r.IntN(dict))
				}
				d64, d32 := make([]int64, n), make([]int32, n)
				if !GatherInt64(d64, src64, sel) || !GatherInt32(d32, src32, sel) {
					t.Fatalf("dict=%d n=%d: gather failed", dict, n)
				}
				for i, s := range sel {
					if d64[i] != src64[s] || d32[i] != src32[s] {
						t.Fatalf("dict=%d n=%d row %d: wrong value", dict, n, i)
					}
				}
				if n > 100 {
					continue
				}
				for pos := range sel {
					bad := append([]uint32(nil), sel...)
					bad[pos] = uint32(dict)
					if GatherInt64(d64, src64, bad) || GatherInt32(d32, src32, bad) {
						t.Fatalf("dict=%d: bad index at %d not reported", dict, pos)
					}
				}
			}
		}
	})
}
