package simd

import (
	"math/bits"
	"math/rand/v2"
	"testing"
)

func randWords(r *rand.Rand, n, off int) []uint64 {
	b := make([]uint64, n+off+1)
	for i := range b {
		switch r.IntN(4) {
		case 0:
			b[i] = 0
		case 1:
			b[i] = ^uint64(0)
		default:
			b[i] = r.Uint64()
		}
	}
	return b[off : off+n : off+n]
}

func TestBitmapOps(t *testing.T) {
	ops := []struct {
		name string
		f    func(dst, a, b []uint64)
		want func(a, b uint64) uint64
	}{
		{"and", AndBitmap, func(a, b uint64) uint64 { return a & b }},
		{"or", OrBitmap, func(a, b uint64) uint64 { return a | b }},
		{"andnot", AndNotBitmap, func(a, b uint64) uint64 { return a &^ b }},
		{"not", func(dst, a, _ []uint64) { NotBitmap(dst, a) }, func(a, _ uint64) uint64 { return ^a }},
	}
	forEachLevel(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(3, 4))
		for _, n := range testLengths() {
			off := n % 8
			a, b := randWords(r, n, off), randWords(r, n, (off+3)%8)
			for _, op := range ops {
				dst := make([]uint64, n+1)
				dst[n] = 7
				op.f(dst[:n], a, b)
				for i := 0; i < n; i++ {
					if dst[i] != op.want(a[i], b[i]) {
						t.Fatalf("%s n=%d word %d: got %x want %x", op.name, n, i, dst[i], op.want(a[i], b[i]))
					}
				}
				if dst[n] != 7 {
					t.Fatalf("%s n=%d wrote past dst", op.name, n)
				}
				// Aliased destination.
				in := append([]uint64(nil), a...)
				op.f(in, in, b)
				for i := 0; i < n; i++ {
					if in[i] != op.want(a[i], b[i]) {
						t.Fatalf("%s n=%d aliased word %d wrong", op.name, n, i)
					}
				}
			}
		}
	})
}

func TestBitmapToSel(t *testing.T) {
	forEachLevel(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(5, 6))
		for _, nbits := range append(testLengths(), 64*100+17) {
			for _, nulls := range []int{0, 50, 100} {
				valid := makeValid(r, nbits, nulls)
				if nulls == 50 {
					copy(valid, randWords(r, len(valid), nbits%8))
				}
				base := uint32(r.IntN(1000))
				want := []uint32{}
				for i := 0; i < nbits; i++ {
					if isValid(valid, i) {
						want = append(want, base+uint32(i))
					}
				}
				dst := make([]uint32, nbits+1)
				dst[nbits] = 0xdead
				got := BitmapToSel(valid, nbits, base, dst[:nbits])
				if !sliceEq(dst[:got], want) || dst[nbits] != 0xdead {
					t.Fatalf("n=%d nulls=%d: got %v want %v", nbits, nulls, dst[:got], want)
				}
				if c := CountBitmap(valid, nbits); c != len(want) {
					t.Fatalf("CountBitmap=%d want %d", c, len(want))
				}
			}
		}
	})
	_ = bits.OnesCount64
}
