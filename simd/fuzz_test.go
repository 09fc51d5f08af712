package simd

import (
	"encoding/binary"
	"math"
	"testing"
)

// Fuzz targets, one per kernel family. Each decodes the fuzzer's bytes into
// columns and checks every level this machine supports against the Go
// reference (or a row-by-row oracle). Run one with, for example,
//
//	go test -run '^$' -fuzz FuzzCompare -fuzztime 30s ./simd/

func bytesToInt64s(b []byte) []int64 {
	out := make([]int64, len(b)/8)
	for i := range out {
		out[i] = int64(binary.LittleEndian.Uint64(b[8*i:]))
	}
	return out
}

func bytesToFloat64s(b []byte) []float64 {
	out := make([]float64, len(b)/8)
	for i := range out {
		out[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
	}
	return out
}

func bytesToInt32s(b []byte) []int32 {
	out := make([]int32, len(b)/4)
	for i := range out {
		out[i] = int32(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return out
}

// fuzzValidSel derives an optional validity bitmap and selection vector
// for n rows from a seed.
func fuzzValidSel(seed uint64, n int) ([]uint64, []uint32) {
	var valid []uint64
	if seed&1 != 0 {
		valid = make([]uint64, (n+63)/64)
		s := seed
		for i := range valid {
			s = s*6364136223846793005 + 1442695040888963407
			valid[i] = s ^ s>>29
		}
	}
	var sel []uint32
	if seed&2 != 0 {
		sel = []uint32{}
		for i := 0; i < n; i++ {
			if (seed>>(i%61))&4 != 0 {
				sel = append(sel, uint32(i))
			}
		}
	}
	return valid, sel
}

func eachLevel(f func(Level)) {
	for _, l := range SupportedLevels() {
		restore := SetLevel(l)
		f(l)
		restore()
	}
}

func FuzzCompare(f *testing.F) {
	f.Add([]byte("\x01\x00\x00\x00\x00\x00\x00\x00\x02\x00\x00\x00\x00\x00\x00\x00"), int64(1), int64(2), uint8(0), uint64(3))
	f.Add(make([]byte, 8*130), int64(0), int64(0), uint8(6), uint64(1))
	f.Fuzz(func(t *testing.T, data []byte, c, c2 int64, opb uint8, seed uint64) {
		op := CmpOp(opb % 7) // 6 = BETWEEN
		xi := bytesToInt64s(data)
		xf := bytesToFloat64s(data)
		x32 := bytesToInt32s(data)
		valid, sel := fuzzValidSel(seed, len(xi))
		valid32, sel32 := fuzzValidSel(seed, len(x32))
		cf, cf2 := math.Float64frombits(uint64(c)), math.Float64frombits(uint64(c2))
		pass := func(r int) bool {
			if op == 6 {
				return r >= 0
			}
			return holds(op, r)
		}
		wantI, wantF, want32 := []uint32{}, []uint32{}, []uint32{}
		for _, i := range rows(len(xi), valid, sel) {
			if op == 6 {
				if cmp3(xi[i], c) >= 0 && cmp3(xi[i], c2) <= 0 {
					wantI = append(wantI, uint32(i))
				}
				if sqlCmp(xf[i], cf) >= 0 && sqlCmp(xf[i], cf2) <= 0 {
					wantF = append(wantF, uint32(i))
				}
				continue
			}
			if pass(cmp3(xi[i], c)) {
				wantI = append(wantI, uint32(i))
			}
			if pass(sqlCmp(xf[i], cf)) {
				wantF = append(wantF, uint32(i))
			}
		}
		for _, i := range rows(len(x32), valid32, sel32) {
			if op == 6 {
				if cmp3(x32[i], int32(c)) >= 0 && cmp3(x32[i], int32(c2)) <= 0 {
					want32 = append(want32, uint32(i))
				}
			} else if pass(cmp3(x32[i], int32(c))) {
				want32 = append(want32, uint32(i))
			}
		}
		eachLevel(func(l Level) {
			dst := make([]uint32, len(x32)+1)
			var n int
			if op == 6 {
				n = BetweenInt64Sel(xi, c, c2, valid, sel, dst)
			} else {
				n = CompareInt64Sel(op, xi, c, valid, sel, dst)
			}
			if !sliceEq(dst[:n], wantI) {
				t.Fatalf("%v int64 op %d: got %v want %v", l, op, dst[:n], wantI)
			}
			if op == 6 {
				n = BetweenFloat64Sel(xf, cf, cf2, valid, sel, dst)
			} else {
				n = CompareFloat64Sel(op, xf, cf, valid, sel, dst)
			}
			if !sliceEq(dst[:n], wantF) {
				t.Fatalf("%v float64 op %d c=%v: got %v want %v", l, op, cf, dst[:n], wantF)
			}
			if op == 6 {
				n = BetweenInt32Sel(x32, int32(c), int32(c2), valid32, sel32, dst)
			} else {
				n = CompareInt32Sel(op, x32, int32(c), valid32, sel32, dst)
			}
			if !sliceEq(dst[:n], want32) {
				t.Fatalf("%v int32 op %d: got %v want %v", l, op, dst[:n], want32)
			}
			if sel == nil {
				bm := make([]uint64, (len(xi)+63)/64)
				if op == 6 {
					BetweenInt64Bitmap(xi, c, c2, valid, bm)
				} else {
					CompareInt64Bitmap(op, xi, c, valid, bm)
				}
				got := make([]uint32, len(xi))
				if k := BitmapToSel(bm, len(xi), 0, got); !sliceEq(got[:k], wantI) {
					t.Fatalf("%v int64 bitmap op %d: got %v want %v", l, op, got[:k], wantI)
				}
			}
		})
	})
}

func FuzzBitmap(f *testing.F) {
	f.Add([]byte("0123456789abcdef0123456789abcdef"), uint16(70), uint32(5))
	f.Fuzz(func(t *testing.T, data []byte, nbits uint16, base uint32) {
		words := bytesToInt64s(data)
		a := make([]uint64, len(words))
		for i, w := range words {
			a[i] = uint64(w)
		}
		b := make([]uint64, len(a))
		for i := range b {
			b[i] = a[len(a)-1-i] * 0x9e3779b97f4a7c15
		}
		n := min(int(nbits), 64*len(a))
		base %= 1 << 30
		var want []uint32
		for i := 0; i < n; i++ {
			if a[i/64]>>(i%64)&1 != 0 {
				want = append(want, base+uint32(i))
			}
		}
		eachLevel(func(l Level) {
			and, or, andn, not := make([]uint64, len(a)), make([]uint64, len(a)), make([]uint64, len(a)), make([]uint64, len(a))
			AndBitmap(and, a, b)
			OrBitmap(or, a, b)
			AndNotBitmap(andn, a, b)
			NotBitmap(not, a)
			for i := range a {
				if and[i] != a[i]&b[i] || or[i] != a[i]|b[i] || andn[i] != a[i]&^b[i] || not[i] != ^a[i] {
					t.Fatalf("%v: bitmap op wrong at word %d", l, i)
				}
			}
			dst := make([]uint32, n)
			k := BitmapToSel(a, n, base, dst)
			if !sliceEq(dst[:k], want) {
				t.Fatalf("%v: BitmapToSel got %v want %v", l, dst[:k], want)
			}
		})
	})
}

func FuzzAggregate(f *testing.F) {
	f.Add([]byte("\xff\xff\xff\xff\xff\xff\xff\x7f\x01\x00\x00\x00\x00\x00\x00\x00"), uint64(0))
	f.Add(make([]byte, 8*200), uint64(3))
	f.Fuzz(func(t *testing.T, data []byte, seed uint64) {
		xi := bytesToInt64s(data)
		xf := bytesToFloat64s(data)
		valid, sel := fuzzValidSel(seed, len(xi))
		ws, wok := sumInt64Generic(xi, valid, sel)
		wmin, wminok := minInt64Generic(xi, valid, sel)
		wmax, _ := maxInt64Generic(xi, valid, sel)
		wfmin, _ := minFloat64Generic(xf, valid, sel)
		wfmax, _ := maxFloat64Generic(xf, valid, sel)
		rs := rows(len(xi), valid, sel)
		if len(rs) > 0 {
			omin, omax := sqlMinMax(xf, rs)
			if !sameFloat(omin, wfmin) || !sameFloat(omax, wfmax) {
				t.Fatalf("reference float min/max %v/%v, oracle %v/%v", wfmin, wfmax, omin, omax)
			}
		}
		eachLevel(func(l Level) {
			if s, ok := SumInt64(xi, valid, sel); ok != wok || (ok && s != ws) {
				t.Fatalf("%v: SumInt64 = %d,%v want %d,%v", l, s, ok, ws, wok)
			}
			if m, ok := MinInt64(xi, valid, sel); ok != wminok || m != wmin {
				t.Fatalf("%v: MinInt64 = %d want %d", l, m, wmin)
			}
			if m, _ := MaxInt64(xi, valid, sel); m != wmax {
				t.Fatalf("%v: MaxInt64 = %d want %d", l, m, wmax)
			}
			if m, _ := MinFloat64(xf, valid, sel); !sameFloat(m, wfmin) {
				t.Fatalf("%v: MinFloat64 = %v want %v", l, m, wfmin)
			}
			if m, _ := MaxFloat64(xf, valid, sel); !sameFloat(m, wfmax) {
				t.Fatalf("%v: MaxFloat64 = %v want %v", l, m, wfmax)
			}
			// Float sums may round differently; compare only finite,
			// moderate inputs with a relative tolerance.
			gs, rs := SumFloat64(xf, valid, sel), sumFloat64Generic(xf, valid, sel)
			if !math.IsNaN(rs) && !math.IsInf(rs, 0) && math.Abs(gs-rs) > 1e-9*math.Max(1, math.Abs(rs)) && absSum(xf) < 1e300 {
				t.Fatalf("%v: SumFloat64 = %v want %v", l, gs, rs)
			}
		})
	})
}

func absSum(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += math.Abs(v)
	}
	return s
}

func FuzzHash(f *testing.F) {
	f.Add([]byte("abcdefgh12345678"), uint64(1))
	f.Fuzz(func(t *testing.T, data []byte, seed uint64) {
		x := bytesToInt64s(data)
		valid, _ := fuzzValidSel(seed, len(x))
		want := make([]uint64, len(x))
		for i, v := range x {
			want[i] = MixInt64(v)
			if !isValid(valid, i) {
				want[i] = NullHash
			}
		}
		hs := HashString(string(data))
		eachLevel(func(l Level) {
			got := make([]uint64, len(x))
			HashInt64(got, x, valid)
			if !sliceEq(got, want) {
				t.Fatalf("%v: HashInt64 differs", l)
			}
			c := append([]uint64(nil), got...)
			HashCombine(c, want)
			for i := range c {
				if c[i] != Combine(want[i], want[i]) {
					t.Fatalf("%v: HashCombine differs at %d", l, i)
				}
			}
			if HashBytes(data) != hs {
				t.Fatalf("%v: HashBytes differs", l)
			}
		})
	})
}

func FuzzGather(f *testing.F) {
	f.Add([]byte("0123456789abcdef"), []byte{0, 1, 1, 0, 3})
	f.Fuzz(func(t *testing.T, data, idx []byte) {
		src := bytesToInt64s(data)
		src32 := bytesToInt32s(data)
		sel := make([]uint32, len(idx))
		for i, b := range idx {
			sel[i] = uint32(b)
		}
		ok64 := true
		for _, s := range sel {
			if int(s) >= len(src) {
				ok64 = false
			}
		}
		ok32 := true
		for _, s := range sel {
			if int(s) >= len(src32) {
				ok32 = false
			}
		}
		eachLevel(func(l Level) {
			d := make([]int64, len(sel))
			if GatherInt64(d, src, sel) != ok64 {
				t.Fatalf("%v: GatherInt64 ok != %v", l, ok64)
			}
			if ok64 {
				for i, s := range sel {
					if d[i] != src[s] {
						t.Fatalf("%v: GatherInt64 row %d", l, i)
					}
				}
			}
			d32 := make([]int32, len(sel))
			if GatherInt32(d32, src32, sel) != ok32 {
				t.Fatalf("%v: GatherInt32 ok != %v", l, ok32)
			}
			if ok32 {
				for i, s := range sel {
					if d32[i] != src32[s] {
						t.Fatalf("%v: GatherInt32 row %d", l, i)
					}
				}
			}
		})
	})
}

func FuzzUnpack(f *testing.F) {
	f.Add([]byte("\xff\x00\xaa\x55\x12\x34\x56\x78\x9a\xbc\xde\xf0"), uint8(3), uint16(20))
	f.Fuzz(func(t *testing.T, src []byte, w uint8, n uint16) {
		width := int(w % 34) // 33 is invalid on purpose
		want := make([]uint32, n)
		wantErr := width > 32 || (int(n)*width+7)/8 > len(src)
		if !wantErr {
			unpackGeneric(want, src, width)
			if width == 0 {
				clear(want)
			}
		}
		eachLevel(func(l Level) {
			got := make([]uint32, n)
			err := UnpackUint32(got, src, width)
			if (err != nil) != wantErr {
				t.Fatalf("%v: err = %v, want error %v", l, err, wantErr)
			}
			if err == nil && !sliceEq(got, want) {
				t.Fatalf("%v: w=%d n=%d: got %v want %v", l, width, n, got, want)
			}
		})
	})
}
