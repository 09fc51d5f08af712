package simd

import "math/bits"

// AndBitmap sets dst[i] = a[i] & b[i] for i < len(dst); a and b must be at
// least as long as dst and may alias it.
func AndBitmap(dst, a, b []uint64) {
	a, b = a[:len(dst)], b[:len(dst)]
	done := bitmapArch(bmAnd, dst, a, b)
	andBitmapGeneric(dst[done:], a[done:], b[done:])
}

// OrBitmap sets dst[i] = a[i] | b[i] for i < len(dst).
func OrBitmap(dst, a, b []uint64) {
	a, b = a[:len(dst)], b[:len(dst)]
	done := bitmapArch(bmOr, dst, a, b)
	orBitmapGeneric(dst[done:], a[done:], b[done:])
}

// AndNotBitmap sets dst[i] = a[i] &^ b[i] for i < len(dst).
func AndNotBitmap(dst, a, b []uint64) {
	a, b = a[:len(dst)], b[:len(dst)]
	done := bitmapArch(bmAndNot, dst, a, b)
	andNotBitmapGeneric(dst[done:], a[done:], b[done:])
}

// NotBitmap sets dst[i] = ^a[i] for i < len(dst). Callers that care about
// bits past the last row must clear them (see ClearTail).
func NotBitmap(dst, a []uint64) {
	a = a[:len(dst)]
	done := bitmapArch(bmNot, dst, a, a)
	notBitmapGeneric(dst[done:], a[done:])
}

// ClearTail clears the bits at positions >= n in the word holding bit n-1
// of a bitmap for n rows.
func ClearTail(bm []uint64, n int) {
	if n&63 != 0 {
		bm[n>>6] &= 1<<(uint(n)&63) - 1
	}
}

// CountBitmap returns the number of set bits among the first n bits of bm.
func CountBitmap(bm []uint64, n int) int {
	full := n >> 6
	c := 0
	for _, w := range bm[:full] {
		c += bits.OnesCount64(w)
	}
	if n&63 != 0 {
		c += bits.OnesCount64(bm[full] & (1<<(uint(n)&63) - 1))
	}
	return c
}

// BitmapToSel writes base+i for every set bit i < n of bm, in increasing
// order, to dst and returns their number. dst must have room for n entries.
func BitmapToSel(bm []uint64, n int, base uint32, dst []uint32) int {
	full := n >> 6
	cnt := 0
	if full > 0 {
		cnt = bitmapToSelArch(bm[:full], base, dst[:full*64])
	}
	if n&63 != 0 {
		m := bm[full] & (1<<(uint(n)&63) - 1)
		b := base + uint32(full*64)
		for m != 0 {
			dst[cnt] = b + uint32(bits.TrailingZeros64(m))
			cnt++
			m &= m - 1
		}
	}
	return cnt
}

type bmOp uint8

const (
	bmAnd bmOp = iota
	bmOr
	bmAndNot
	bmNot
)

func andBitmapGeneric(dst, a, b []uint64) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] & b[i]
	}
}

func orBitmapGeneric(dst, a, b []uint64) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] | b[i]
	}
}

func andNotBitmapGeneric(dst, a, b []uint64) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] &^ b[i]
	}
}

func notBitmapGeneric(dst, a []uint64) {
	a = a[:len(dst)]
	for i := range dst {
		dst[i] = ^a[i]
	}
}

// bitmapToSelGeneric is the reference for whole words: it writes
// base+64*w+j for every set bit j of bm[w].
func bitmapToSelGeneric(bm []uint64, base uint32, dst []uint32) int {
	cnt := 0
	for w, m := range bm {
		b := base + uint32(w*64)
		for m != 0 {
			dst[cnt] = b + uint32(bits.TrailingZeros64(m))
			cnt++
			m &= m - 1
		}
	}
	return cnt
}
