package simd

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestHashInt64(t *testing.T) {
	ref := func(x []int64, valid []uint64) []uint64 {
		out := make([]uint64, len(x))
		for i, v := range x {
			out[i] = MixInt64(v)
			if !isValid(valid, i) {
				out[i] = NullHash
			}
		}
		return out
	}
	forEachLevel(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(15, 16))
		for _, tc := range testCases() {
			if tc.withSel {
				continue
			}
			x := randInt64s(r, tc.n, tc.off)
			for i := range x {
				if r.IntN(2) == 0 {
					x[i] = int64(r.Uint64())
				}
			}
			valid := makeValid(r, tc.n, tc.nulls)
			want := ref(x, valid)
			dst := make([]uint64, tc.n+1)
			dst[tc.n] = 42
			HashInt64(dst[:tc.n], x, valid)
			if !sliceEq(dst[:tc.n], want) || dst[tc.n] != 42 {
				t.Fatalf("%v: HashInt64 differs from MixInt64", tc)
			}
			// Combine with a second column, both ways.
			y := randInt64s(r, tc.n, (tc.off+1)%8)
			h := make([]uint64, tc.n)
			HashInt64(h, y, nil)
			c1 := append([]uint64(nil), dst[:tc.n]...)
			HashCombine(c1, h)
			c2 := append([]uint64(nil), dst[:tc.n]...)
			HashInt64Combine(c2, y, nil)
			for i := range c1 {
				w := Combine(want[i], MixInt64(y[i]))
				if c1[i] != w || c2[i] != w {
					t.Fatalf("%v row %d: combine %x/%x want %x", tc, i, c1[i], c2[i], w)
				}
			}
		}
	})
}

func TestHashQuality(t *testing.T) {
	// Sequential keys must spread over the low bits (hash-table buckets)
	// and a single flipped input bit must flip about half the output bits.
	const n = 1 << 16
	buckets := make([]int, 256)
	for i := int64(0); i < n; i++ {
		buckets[MixInt64(i)&255]++
	}
	for b, c := range buckets {
		if c < n/256*3/4 || c > n/256*5/4 {
			t.Fatalf("bucket %d has %d of %d sequential keys", b, c, n)
		}
	}
	if MixInt64(0) == 0 {
		t.Fatal("MixInt64(0) == 0")
	}
	if Combine(1, MixInt64(2)) == Combine(2, MixInt64(1)) {
		t.Fatal("Combine is symmetric")
	}
	r := rand.New(rand.NewPCG(1, 1))
	total := 0
	for i := 0; i < 1000; i++ {
		x := int64(r.Uint64())
		d := MixInt64(x) ^ MixInt64(x^(1<<(i%64)))
		total += popcount(d)
	}
	if avg := float64(total) / 1000; avg < 28 || avg > 36 {
		t.Fatalf("avalanche: %.1f bits flip on average", avg)
	}
}

func popcount(x uint64) int {
	c := 0
	for ; x != 0; x &= x - 1 {
		c++
	}
	return c
}

func TestHashString(t *testing.T) {
	seen := map[uint64]string{}
	var s []string
	for n := 0; n <= 64; n++ {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('a' + i%26)
		}
		s = append(s, string(b))
		for i := range b { // every single-byte change must change the hash
			b2 := append([]byte(nil), b...)
			b2[i] ^= 1
			if HashBytes(b2) == HashString(string(b)) {
				t.Fatalf("len %d: flipping byte %d keeps the hash", n, i)
			}
		}
	}
	for _, v := range s {
		h := HashString(v)
		if o, ok := seen[h]; ok {
			t.Fatalf("collision %q %q", o, v)
		}
		seen[h] = v
	}
	valid := []uint64{^uint64(2)}
	dst := make([]uint64, 3)
	HashStrings(dst, []string{"a", "b", "c"}, valid)
	if dst[0] != HashString("a") || dst[1] != NullHash || dst[2] != HashString("c") {
		t.Fatalf("HashStrings = %x", dst)
	}
}

func TestHashFloat64(t *testing.T) {
	x := []float64{0, math.Copysign(0, -1), math.NaN(), math.Float64frombits(0xfff8000000000123), 1.5, -2, math.Inf(1)}
	for n := 0; n < 300; n++ {
		x = append(x, float64(n)/3)
	}
	forEachLevel(t, func(t *testing.T) {
		dst := make([]uint64, len(x))
		HashFloat64(dst, x, nil)
		if dst[0] != dst[1] || dst[2] != dst[3] {
			t.Fatalf("SQL-equal floats hash differently: %x", dst[:4])
		}
		for i, v := range x {
			if dst[i] != MixInt64(int64(FloatKeyBits(v))) {
				t.Fatalf("row %d: %x", i, dst[i])
			}
		}
		valid := []uint64{^uint64(1), ^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0)}
		HashFloat64(dst, x, valid)
		if dst[0] != NullHash || dst[1] == NullHash {
			t.Fatal("validity not applied")
		}
	})
}
