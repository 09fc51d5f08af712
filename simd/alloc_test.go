package simd

import "testing"

// TestNoAllocs checks that the dispatched kernels do not allocate.
func TestNoAllocs(t *testing.T) {
	x := benchInt64s(2048)
	xf := benchFloat64s(2048)
	valid := make([]uint64, 32)
	for i := range valid {
		valid[i] = 0xf0f0f0f0f0f0f0f0
	}
	dst := make([]uint32, 2048)
	bm := make([]uint64, 32)
	h := make([]uint64, 2048)
	forEachLevel(t, func(t *testing.T) {
		for name, f := range map[string]func(){
			"CompareInt64Sel":        func() { CompareInt64Sel(Lt, x, 500, nil, nil, dst) },
			"CompareInt64SelValid":   func() { CompareInt64Sel(Lt, x, 500, valid, nil, dst) },
			"CompareFloat64SelValid": func() { CompareFloat64Sel(Ge, xf, 0.5, valid, nil, dst) },
			"BetweenInt64Bitmap":     func() { BetweenInt64Bitmap(x, 1, 9, valid, bm) },
			"SumInt64":               func() { SumInt64(x, valid, nil) },
			"MaxFloat64":             func() { MaxFloat64(xf, nil, nil) },
			"HashInt64Combine":       func() { HashInt64Combine(h, x, valid) },
			"BitmapToSel":            func() { BitmapToSel(valid, 2048, 0, dst) },
		} {
			if n := testing.AllocsPerRun(20, f); n != 0 {
				t.Errorf("%s allocates %.1f times per call", name, n)
			}
		}
	})
}
