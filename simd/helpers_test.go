package simd

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// testLengths are the vector lengths every kernel is checked at.
func testLengths() []int {
	ls := make([]int, 0, 302)
	for n := 0; n <= 300; n++ {
		ls = append(ls, n)
	}
	return append(ls, 2048)
}

// testCase is one input shape: length, start offset into a larger backing
// array (to exercise unaligned starts), NULL density and selection.
type testCase struct {
	n, off  int
	nulls   int // -1: nil bitmap; else percentage of NULL rows (0, 50, 100)
	withSel bool
}

func (tc testCase) String() string {
	return fmt.Sprintf("n=%d/off=%d/nulls=%d/sel=%v", tc.n, tc.off, tc.nulls, tc.withSel)
}

// testCases enumerates lengths 0..300 and 2048 with every start offset
// 0..7 (each length gets offset n%8; a few lengths get all of them), each
// NULL density and with/without a selection vector.
func testCases() []testCase {
	var out []testCase
	for _, n := range testLengths() {
		offs := []int{n % 8}
		if n == 63 || n == 64 || n == 65 || n == 129 || n == 2048 {
			offs = []int{0, 1, 2, 3, 4, 5, 6, 7}
		}
		for _, off := range offs {
			for _, nulls := range []int{-1, 0, 50, 100} {
				for _, ws := range []bool{false, true} {
					out = append(out, testCase{n, off, nulls, ws})
				}
			}
		}
	}
	return out
}

// makeValid returns a validity bitmap for n rows with about pct% NULLs, or
// nil for pct < 0. Bits past n are set, as a careless producer might.
func makeValid(r *rand.Rand, n, pct int) []uint64 {
	if pct < 0 {
		return nil
	}
	v := make([]uint64, (n+63)/64+1)
	for i := range v {
		v[i] = ^uint64(0)
	}
	for i := 0; i < n; i++ {
		if r.IntN(100) < pct {
			v[i/64] &^= 1 << (i % 64)
		}
	}
	return v
}

// makeSel returns a random strictly increasing selection of about half of
// n rows, or nil.
func makeSel(r *rand.Rand, n int, with bool) []uint32 {
	if !with {
		return nil
	}
	sel := make([]uint32, 0, n)
	for i := 0; i < n; i++ {
		if r.IntN(2) == 0 {
			sel = append(sel, uint32(i))
		}
	}
	return sel
}

func isValid(valid []uint64, i int) bool {
	return valid == nil || valid[i/64]>>(i%64)&1 != 0
}

// rows lists the rows a kernel must consider.
func rows(n int, valid []uint64, sel []uint32) []int {
	var out []int
	if sel != nil {
		for _, s := range sel {
			if isValid(valid, int(s)) {
				out = append(out, int(s))
			}
		}
		return out
	}
	for i := 0; i < n; i++ {
		if isValid(valid, i) {
			out = append(out, i)
		}
	}
	return out
}

func randInt64s(r *rand.Rand, n, off int) []int64 {
	b := make([]int64, n+off+8)
	for i := range b {
		switch r.IntN(10) {
		case 0:
			b[i] = math.MaxInt64 - r.Int64N(3)
		case 1:
			b[i] = math.MinInt64 + r.Int64N(3)
		default:
			b[i] = r.Int64N(11) - 5
		}
	}
	return b[off : off+n : off+n]
}

func randInt32s(r *rand.Rand, n, off int) []int32 {
	b := make([]int32, n+off+8)
	for i := range b {
		switch r.IntN(10) {
		case 0:
			b[i] = math.MaxInt32 - r.Int32N(3)
		case 1:
			b[i] = math.MinInt32 + r.Int32N(3)
		default:
			b[i] = r.Int32N(11) - 5
		}
	}
	return b[off : off+n : off+n]
}

var specialFloats = []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), math.MaxFloat64, -math.MaxFloat64, 5e-324}

func randFloat64s(r *rand.Rand, n, off int) []float64 {
	b := make([]float64, n+off+8)
	for i := range b {
		if r.IntN(8) == 0 {
			b[i] = specialFloats[r.IntN(len(specialFloats))]
		} else {
			b[i] = float64(r.IntN(11)-5) / 2
		}
	}
	return b[off : off+n : off+n]
}

// forEachLevel runs f once per level this machine supports.
func forEachLevel(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	for _, l := range SupportedLevels() {
		restore := SetLevel(l)
		if CurrentLevel() != l {
			restore()
			t.Fatalf("SetLevel(%v) gave %v", l, CurrentLevel())
		}
		t.Run(l.String(), f)
		restore()
	}
}

// sqlCmp orders floats as SQL does: NaN equal to NaN and above all else.
func sqlCmp(a, b float64) int {
	an, bn := a != a, b != b
	switch {
	case an && bn:
		return 0
	case an:
		return 1
	case bn:
		return -1
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func holds(op CmpOp, c int) bool {
	switch op {
	case Eq:
		return c == 0
	case Ne:
		return c != 0
	case Lt:
		return c < 0
	case Le:
		return c <= 0
	case Gt:
		return c > 0
	case Ge:
		return c >= 0
	}
	return false
}

func cmp3[T int32 | int64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func sliceEq[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
