package simd

import (
	"math"
	"math/rand/v2"
	"testing"
)

// cmpOracle returns the expected selection and bitmap of a comparison,
// computed row by row from a three-way comparison.
func cmpOracle(n int, pass func(i int) bool, valid []uint64, sel []uint32) ([]uint32, []uint64) {
	var want []uint32
	for _, i := range rows(n, valid, sel) {
		if pass(i) {
			want = append(want, uint32(i))
		}
	}
	bm := make([]uint64, (n+63)/64)
	if sel == nil {
		for _, i := range want {
			bm[i/64] |= 1 << (i % 64)
		}
	}
	return want, bm
}

type cmpImpl[T any] struct {
	sel      func(op CmpOp, x []T, c T, valid []uint64, sel, dst []uint32) int
	bm       func(op CmpOp, x []T, c T, valid, dst []uint64)
	btSel    func(x []T, lo, hi T, valid []uint64, sel, dst []uint32) int
	btBm     func(x []T, lo, hi T, valid, dst []uint64)
	cmp      func(a, b T) int
	gen      func(r *rand.Rand, n, off int) []T
	consts   []T
	inPlaceT bool
}

func testCompare[T any](t *testing.T, im cmpImpl[T]) {
	forEachLevel(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(1, 2))
		for _, tc := range testCases() {
			x := im.gen(r, tc.n, tc.off)
			valid := makeValid(r, tc.n, tc.nulls)
			sel := makeSel(r, tc.n, tc.withSel)
			c := im.consts[r.IntN(len(im.consts))]
			c2 := im.consts[r.IntN(len(im.consts))]
			for op := Eq; op <= Ge+1; op++ {
				var pass func(i int) bool
				if op <= Ge {
					pass = func(i int) bool { return holds(op, im.cmp(x[i], c)) }
				} else { // BETWEEN c AND c2
					pass = func(i int) bool { return im.cmp(x[i], c) >= 0 && im.cmp(x[i], c2) <= 0 }
				}
				want, wantBm := cmpOracle(tc.n, pass, valid, sel)
				dst := make([]uint32, tc.n+1)
				for i := range dst {
					dst[i] = 0xdead
				}
				var got int
				if op <= Ge {
					got = im.sel(op, x, c, valid, sel, dst[:tc.n])
				} else {
					got = im.btSel(x, c, c2, valid, sel, dst[:tc.n])
				}
				if !sliceEq(dst[:got], want) || dst[tc.n] != 0xdead {
					t.Fatalf("%v op=%d c=%v c2=%v: sel got %v want %v", tc, op, c, c2, dst[:got], want)
				}
				if sel != nil {
					// In-place filtering of the selection vector.
					in := append(make([]uint32, 0, len(sel)), sel...)
					if op <= Ge {
						got = im.sel(op, x, c, valid, in, in)
					} else {
						got = im.btSel(x, c, c2, valid, in, in)
					}
					if !sliceEq(in[:got], want) {
						t.Fatalf("%v op=%d: in-place sel got %v want %v", tc, op, in[:got], want)
					}
					continue
				}
				bm := make([]uint64, len(wantBm)+1)
				for i := range bm {
					bm[i] = 0x5555
				}
				if op <= Ge {
					im.bm(op, x, c, valid, bm[:len(wantBm)])
				} else {
					im.btBm(x, c, c2, valid, bm[:len(wantBm)])
				}
				if !sliceEq(bm[:len(wantBm)], wantBm) || bm[len(wantBm)] != 0x5555 {
					t.Fatalf("%v op=%d c=%v: bitmap got %x want %x", tc, op, c, bm, wantBm)
				}
			}
		}
	})
}

func TestCompareInt64(t *testing.T) {
	testCompare(t, cmpImpl[int64]{
		sel: CompareInt64Sel, bm: CompareInt64Bitmap, btSel: BetweenInt64Sel, btBm: BetweenInt64Bitmap,
		cmp: cmp3[int64], gen: randInt64s,
		consts: []int64{-5, -1, 0, 1, 3, 6, math.MaxInt64, math.MinInt64},
	})
}

func TestCompareInt32(t *testing.T) {
	testCompare(t, cmpImpl[int32]{
		sel: CompareInt32Sel, bm: CompareInt32Bitmap, btSel: BetweenInt32Sel, btBm: BetweenInt32Bitmap,
		cmp: cmp3[int32], gen: randInt32s,
		consts: []int32{-5, -1, 0, 1, 3, 6, math.MaxInt32, math.MinInt32},
	})
}

func TestCompareFloat64(t *testing.T) {
	testCompare(t, cmpImpl[float64]{
		sel: CompareFloat64Sel, bm: CompareFloat64Bitmap, btSel: BetweenFloat64Sel, btBm: BetweenFloat64Bitmap,
		cmp: sqlCmp, gen: randFloat64s,
		consts: []float64{-2.5, -1, 0, math.Copysign(0, -1), 0.5, 2, math.NaN(), math.Inf(1), math.Inf(-1)},
	})
}

func TestCompareBadOp(t *testing.T) {
	x := []int64{1, 2, 3}
	dst := make([]uint32, 3)
	if n := CompareInt64Sel(CmpOp(99), x, 2, nil, nil, dst); n != 0 {
		t.Fatalf("invalid op selected %d rows", n)
	}
}
