package simd

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

func TestSumInt64(t *testing.T) {
	forEachLevel(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(7, 8))
		for _, tc := range testCases() {
			for _, mode := range []string{"small", "extreme", "cancel", "edges", "fits"} {
				var x []int64
				switch mode {
				case "small":
					x = make([]int64, tc.n+tc.off)[tc.off:]
					for i := range x {
						x[i] = r.Int64N(2001) - 1000
					}
				case "extreme":
					x = randInt64s(r, tc.n, tc.off)
				case "edges": // high halves at their extremes
					x = make([]int64, tc.n+tc.off)[tc.off:]
					edges := []int64{math.MinInt64, math.MaxInt64, -1, 1 << 32, -1 << 32, 1<<32 - 1}
					for i := range x {
						x[i] = edges[(i*7)%len(edges)]
					}
				case "fits": // one MinInt64 and small positive values: fits exactly
					x = make([]int64, tc.n+tc.off)[tc.off:]
					for i := range x {
						x[i] = r.Int64N(3)
					}
					if len(x) > 0 {
						x[len(x)/2] = math.MinInt64
					}
				case "cancel": // lanes overflow but the total fits
					x = make([]int64, tc.n+tc.off)[tc.off:]
					for i := range x {
						if i%2 == 0 {
							x[i] = math.MaxInt64 - int64(i)
						} else {
							x[i] = -math.MaxInt64 + int64(i)
						}
					}
				}
				valid := makeValid(r, tc.n, tc.nulls)
				sel := makeSel(r, tc.n, tc.withSel)
				exact := new(big.Int)
				for _, i := range rows(tc.n, valid, sel) {
					exact.Add(exact, big.NewInt(x[i]))
				}
				got, ok := SumInt64(x, valid, sel)
				wantOK := exact.IsInt64()
				if ok != wantOK || (ok && got != exact.Int64()) {
					t.Fatalf("%v %s: got %d,%v want %v,%v", tc, mode, got, ok, exact, wantOK)
				}
			}
		}
	})
}

func TestMinMaxInt64(t *testing.T) {
	forEachLevel(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(9, 10))
		for _, tc := range testCases() {
			x := randInt64s(r, tc.n, tc.off)
			if r.IntN(2) == 0 {
				for i := range x {
					x[i] = r.Int64N(1000)
				}
			}
			valid := makeValid(r, tc.n, tc.nulls)
			sel := makeSel(r, tc.n, tc.withSel)
			rs := rows(tc.n, valid, sel)
			gmin, okmin := MinInt64(x, valid, sel)
			gmax, okmax := MaxInt64(x, valid, sel)
			if okmin != (len(rs) > 0) || okmax != (len(rs) > 0) {
				t.Fatalf("%v: ok = %v,%v with %d rows", tc, okmin, okmax, len(rs))
			}
			if len(rs) == 0 {
				continue
			}
			wmin, wmax := x[rs[0]], x[rs[0]]
			for _, i := range rs {
				wmin, wmax = min(wmin, x[i]), max(wmax, x[i])
			}
			if gmin != wmin || gmax != wmax {
				t.Fatalf("%v: min,max = %d,%d want %d,%d", tc, gmin, gmax, wmin, wmax)
			}
		}
	})
}

func TestSumFloat64(t *testing.T) {
	forEachLevel(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(11, 12))
		for _, tc := range testCases() {
			x := make([]float64, tc.n+tc.off)[tc.off:]
			for i := range x {
				x[i] = r.Float64()*200 - 100
			}
			valid := makeValid(r, tc.n, tc.nulls)
			sel := makeSel(r, tc.n, tc.withSel)
			want, abs := 0.0, 0.0
			for _, i := range rows(tc.n, valid, sel) {
				want += x[i]
				abs += math.Abs(x[i])
			}
			got := SumFloat64(x, valid, sel)
			if math.Abs(got-want) > 1e-12*abs+1e-300 {
				t.Fatalf("%v: got %v want %v", tc, got, want)
			}
		}
		// Specials propagate as IEEE addition does.
		x := make([]float64, 300)
		x[200] = math.Inf(1)
		if got := SumFloat64(x, nil, nil); !math.IsInf(got, 1) {
			t.Fatalf("sum with +Inf = %v", got)
		}
		x[100] = math.NaN()
		if got := SumFloat64(x, nil, nil); !math.IsNaN(got) {
			t.Fatalf("sum with NaN = %v", got)
		}
		// Specials in invalid rows are skipped, with and without sel.
		valid := make([]uint64, 5)
		for i := range valid {
			valid[i] = ^uint64(0)
		}
		valid[100/64] &^= 1 << (100 % 64)
		valid[200/64] &^= 1 << (200 % 64)
		x[7] = 1.5
		sel := []uint32{7, 100, 200, 250, 3, 9}
		for _, s := range [][]uint32{nil, sel} {
			if got := SumFloat64(x, valid, s); got != 1.5 {
				t.Fatalf("sel %v: sum skipping invalid NaN/Inf = %v", s, got)
			}
		}
		if got := SumFloat64(x, nil, sel); !math.IsNaN(got) {
			t.Fatalf("sel sum with NaN = %v", got)
		}
	})
}

// sqlMinMax is the oracle for float min/max under SQL ordering.
func sqlMinMax(x []float64, rs []int) (float64, float64) {
	mn, mx := x[rs[0]], x[rs[0]]
	for _, i := range rs {
		if sqlCmp(x[i], mn) < 0 {
			mn = x[i]
		}
		if sqlCmp(x[i], mx) > 0 {
			mx = x[i]
		}
	}
	return mn, mx
}

func sameFloat(a, b float64) bool { return sqlCmp(a, b) == 0 }

func TestMinMaxFloat64(t *testing.T) {
	forEachLevel(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(13, 14))
		for _, tc := range testCases() {
			for _, mode := range []int{0, 1, 2} {
				x := randFloat64s(r, tc.n, tc.off)
				switch mode {
				case 1: // all NaN but one +Inf maybe
					for i := range x {
						x[i] = math.NaN()
					}
					if tc.n > 0 && r.IntN(2) == 0 {
						x[r.IntN(tc.n)] = math.Inf(1)
					}
				case 2: // no NaN
					for i := range x {
						if x[i] != x[i] {
							x[i] = 1.5
						}
					}
				}
				valid := makeValid(r, tc.n, tc.nulls)
				sel := makeSel(r, tc.n, tc.withSel)
				rs := rows(tc.n, valid, sel)
				gmin, okmin := MinFloat64(x, valid, sel)
				gmax, okmax := MaxFloat64(x, valid, sel)
				if okmin != (len(rs) > 0) || okmax != (len(rs) > 0) {
					t.Fatalf("%v: ok = %v,%v with %d rows", tc, okmin, okmax, len(rs))
				}
				if len(rs) == 0 {
					continue
				}
				wmin, wmax := sqlMinMax(x, rs)
				if !sameFloat(gmin, wmin) || !sameFloat(gmax, wmax) {
					t.Fatalf("%v mode %d: min,max = %v,%v want %v,%v", tc, mode, gmin, gmax, wmin, wmax)
				}
			}
		}
	})
}
