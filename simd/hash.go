package simd

import (
	"math"
	"math/bits"
)

// Hashing constants. The int64 mixer is the MurmurHash3 64-bit finalizer
// applied to the key plus hashOffset, so that no small key hashes to 0.
const (
	hashOffset = 0x9e3779b97f4a7c15
	hashMul1   = 0xff51afd7ed558ccd
	hashMul2   = 0xc4ceb9fe1a85ec53
	combineMul = 0x9e3779b97f4a7c15 // odd: combine is a bijection in a

	strP0 = 0xa0761d6478bd642f
	strP1 = 0xe7037ed1a0b428db
	strP2 = 0x8ebc6af09c88c6e3
)

// NullHash is the hash the hashing kernels give a NULL row.
const NullHash uint64 = 0x6c8e9cf570932bd5

// MixInt64 is the scalar int64 hash: the same function HashInt64 applies
// to every row, on every level.
func MixInt64(x int64) uint64 {
	h := uint64(x) + hashOffset
	h ^= h >> 33
	h *= hashMul1
	h ^= h >> 33
	h *= hashMul2
	h ^= h >> 33
	return h
}

// Combine mixes the hash b of the next key column into the running hash a
// of a multi-column key. It is not symmetric: Combine(a, b) and
// Combine(b, a) differ in general.
func Combine(a, b uint64) uint64 {
	h := a*combineMul ^ b
	h ^= h >> 33
	h *= hashMul1
	h ^= h >> 33
	h *= hashMul2
	h ^= h >> 33
	return h
}

// HashInt64 sets dst[i] to MixInt64(x[i]), or to NullHash when row i is
// not valid (valid may be nil). dst must have at least len(x) entries.
func HashInt64(dst []uint64, x []int64, valid []uint64) {
	dst = dst[:len(x)]
	done := hashInt64Arch(dst, x)
	hashInt64Generic(dst[done:], x[done:])
	if valid != nil {
		nullHashes(dst, valid)
	}
}

// HashCombine sets dst[i] = Combine(dst[i], h[i]) for i < len(dst); h must
// be at least as long as dst.
func HashCombine(dst, h []uint64) {
	h = h[:len(dst)]
	done := hashCombineArch(dst, h)
	hashCombineGeneric(dst[done:], h[done:])
}

// HashInt64Combine combines the hashes of x (NullHash for invalid rows)
// into dst, as HashInt64 into a temporary followed by HashCombine.
func HashInt64Combine(dst []uint64, x []int64, valid []uint64) {
	var tmp [256]uint64
	dst = dst[:len(x)]
	for lo := 0; lo < len(x); lo += len(tmp) {
		hi := min(lo+len(tmp), len(x))
		t := tmp[:hi-lo]
		HashInt64(t, x[lo:hi], nil)
		if valid != nil {
			for i := range t {
				if !validAt(valid, uint32(lo+i)) {
					t[i] = NullHash
				}
			}
		}
		HashCombine(dst[lo:hi], t)
	}
}

// HashFloat64 hashes float64 keys so that values SQL treats as equal hash
// alike: dst[i] = MixInt64(int64(FloatKeyBits(x[i]))), NullHash for invalid
// rows (valid may be nil). dst must have at least len(x) entries.
func HashFloat64(dst []uint64, x []float64, valid []uint64) {
	var tmp [256]int64
	dst = dst[:len(x)]
	for lo := 0; lo < len(x); lo += len(tmp) {
		hi := min(lo+len(tmp), len(x))
		t := tmp[:hi-lo]
		for i, v := range x[lo:hi] {
			t[i] = int64(FloatKeyBits(v))
		}
		HashInt64(dst[lo:hi], t, nil)
	}
	if valid != nil {
		nullHashes(dst, valid)
	}
}

// FloatKeyBits returns the bits of f normalized for hashing and equality
// of keys: 0 and -0 map to 0 and every NaN to one canonical NaN.
func FloatKeyBits(f float64) uint64 {
	if f == 0 {
		return 0
	}
	if f != f {
		return 0x7ff8000000000001
	}
	return math.Float64bits(f)
}

// nullHashes stores NullHash at every invalid row.
func nullHashes(dst []uint64, valid []uint64) {
	for w := 0; w*64 < len(dst); w++ {
		inv := ^valid[w]
		if w*64+64 > len(dst) {
			inv &= 1<<(uint(len(dst))&63) - 1
		}
		for inv != 0 {
			dst[w*64+bits.TrailingZeros64(inv)] = NullHash
			inv &= inv - 1
		}
	}
}

func hashInt64Generic(dst []uint64, x []int64) {
	dst = dst[:len(x)]
	for i, v := range x {
		dst[i] = MixInt64(v)
	}
}

func hashCombineGeneric(dst, h []uint64) {
	h = h[:len(dst)]
	for i := range dst {
		dst[i] = Combine(dst[i], h[i])
	}
}

// HashString returns the 64-bit hash of s. The same bytes hash the same on
// every level and platform.
func HashString(s string) uint64 {
	n := len(s)
	h := uint64(n)*strP0 ^ strP2
	for len(s) > 16 {
		a := le64(s[:8])
		b := le64(s[8:16])
		h = mum(a^strP1, b^h)
		s = s[16:]
	}
	var a, b uint64
	switch {
	case len(s) >= 8: // 8..16 bytes: two overlapping words
		a = le64(s[:8])
		b = le64(s[len(s)-8:])
	case len(s) >= 4:
		a = uint64(le32(s[:4]))
		b = uint64(le32(s[len(s)-4:]))
	case len(s) > 0:
		a = uint64(s[0])<<16 | uint64(s[len(s)>>1])<<8 | uint64(s[len(s)-1])
	}
	h = mum(a^strP1^uint64(n), b^h^strP0)
	return mum(h^strP2, h>>29^strP1)
}

// HashBytes is HashString for a byte slice.
func HashBytes(b []byte) uint64 { return HashString(string(b)) }

func mum(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	return hi ^ lo
}

// HashStrings sets dst[i] to HashString(s[i]), or to NullHash when row i is
// not valid (valid may be nil). dst must have at least len(s) entries.
func HashStrings(dst []uint64, s []string, valid []uint64) {
	dst = dst[:len(s)]
	for i, v := range s {
		dst[i] = HashString(v)
	}
	if valid != nil {
		nullHashes(dst, valid)
	}
}

func le64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

func le32(s string) uint32 {
	_ = s[3]
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}
