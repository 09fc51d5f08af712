package simd

import (
	"math/rand/v2"
	"testing"
)

// packRef packs values of w bits LSB-first, as Parquet does.
func packRef(vals []uint32, w int) []byte {
	out := make([]byte, (len(vals)*w+7)/8)
	for i, v := range vals {
		for b := 0; b < w; b++ {
			if v>>b&1 != 0 {
				bit := i*w + b
				out[bit/8] |= 1 << (bit % 8)
			}
		}
	}
	return out
}

func TestUnpack(t *testing.T) {
	forEachLevel(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(19, 20))
		for w := 0; w <= 32; w++ {
			for _, n := range testLengths() {
				if n > 80 && n%8 != 0 && n != 2048 {
					continue
				}
				vals := make([]uint32, n)
				for i := range vals {
					vals[i] = uint32(r.Uint64() & (1<<w - 1))
				}
				packed := packRef(vals, w)
				off := n % 8
				src := append(make([]byte, off), packed...)[off:]
				dst := make([]uint32, n+1)
				dst[n] = 0xdead
				if err := UnpackUint32(dst[:n], src, w); err != nil {
					t.Fatalf("w=%d n=%d: %v", w, n, err)
				}
				if !sliceEq(dst[:n], vals) || dst[n] != 0xdead {
					t.Fatalf("w=%d n=%d: got %v want %v", w, n, dst[:n], vals)
				}
				d32 := make([]int32, n)
				if err := UnpackInt32(d32, src, w); err != nil {
					t.Fatal(err)
				}
				for i := range d32 {
					if uint32(d32[i]) != vals[i] {
						t.Fatalf("w=%d n=%d: int32 row %d", w, n, i)
					}
				}
				if n > 0 && w > 0 {
					if err := UnpackUint32(dst[:n], src[:len(src)-1], w); err == nil {
						t.Fatalf("w=%d n=%d: short input accepted", w, n)
					}
				}
			}
		}
		if err := UnpackUint32(make([]uint32, 8), make([]byte, 64), 33); err == nil {
			t.Fatal("width 33 accepted")
		}
		if err := UnpackUint32(make([]uint32, 8), make([]byte, 64), -1); err == nil {
			t.Fatal("width -1 accepted")
		}
	})
}
