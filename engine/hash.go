package engine

import (
	"hash/maphash"
	"math"
	"math/bits"

	"github.com/lhsql/lhsql/vector"
)

// hashSeed seeds string hashing; one seed per process so every worker and
// every table hashes alike.
var hashSeed = maphash.MakeSeed()

// hashNull is the hash of a NULL key value.
const hashNull = 0x5bd1e9955bd1e995

// hashMix is a 64-bit finalizer (murmur3 fmix64).
func hashMix(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}

// hashCombine folds a column hash into a running row hash; it is not
// symmetric, so (a,b) and (b,a) hash differently.
func hashCombine(h, c uint64) uint64 {
	return hashMix(bits.RotateLeft64(h, 27)*0x9E3779B97F4A7C15 ^ c)
}

// normFloatBits maps a float to bits such that values SQL considers equal
// (0 and -0, all NaNs) get equal bits.
func normFloatBits(f float64) uint64 {
	if f == 0 {
		return 0
	}
	if f != f {
		return 0x7ff8000000000001
	}
	return math.Float64bits(f)
}

// intervalKey normalizes an interval for comparison: a month counts as 30
// days, as DuckDB does.
func intervalKey(iv vector.Interval) int64 {
	return (int64(iv.Months)*30+int64(iv.Days))*vector.MicrosPerDay + iv.Micros
}

// hashVector hashes rows [0,n) of the flat vector v into out; NULL rows hash
// to hashNull. When combine is set the hash is folded into the existing
// values of out.
func hashVector(v *vector.Vector, n int, out []uint64, combine bool) {
	out = out[:n]
	valid := v.Valid
	if combine && valid != nil {
		hashVectorNullSafe(v, n, out)
		return
	}
	switch v.Typ.Phys() {
	case vector.PhysInt64:
		src := v.I64[:n]
		if combine {
			for i, x := range src {
				out[i] = hashCombine(out[i], hashMix(uint64(x)))
			}
		} else {
			for i, x := range src {
				out[i] = hashMix(uint64(x))
			}
		}
	case vector.PhysFloat64:
		src := v.F64[:n]
		for i, x := range src {
			h := hashMix(normFloatBits(x))
			if combine {
				h = hashCombine(out[i], h)
			}
			out[i] = h
		}
	case vector.PhysString:
		src := v.Str[:n]
		for i, x := range src {
			h := maphash.String(hashSeed, x)
			if combine {
				h = hashCombine(out[i], h)
			}
			out[i] = h
		}
	case vector.PhysBool:
		src := v.Bool[:n]
		for i, x := range src {
			var h uint64 = 0x2545F4914F6CDD1D
			if x {
				h = 0x9E3779B97F4A7C15
			}
			if combine {
				h = hashCombine(out[i], h)
			}
			out[i] = h
		}
	case vector.PhysInterval:
		src := v.Iv[:n]
		for i, x := range src {
			h := hashMix(uint64(intervalKey(x)))
			if combine {
				h = hashCombine(out[i], h)
			}
			out[i] = h
		}
	case vector.PhysList, vector.PhysStruct:
		for i := range out {
			h := maphash.String(hashSeed, v.Get(i).String())
			if combine {
				h = hashCombine(out[i], h)
			}
			out[i] = h
		}
	default:
		for i := range out {
			if combine {
				out[i] = hashCombine(out[i], hashNull)
			} else {
				out[i] = hashNull
			}
		}
	}
	if valid != nil {
		for i := 0; i < n; i++ {
			if !valid.IsValid(i) {
				out[i] = hashNull
			}
		}
	}
}

// hashKeys hashes the rows of several flat key vectors.
func hashKeys(keys []*vector.Vector, n int, out []uint64) {
	if len(keys) == 0 {
		for i := range out[:n] {
			out[i] = 0
		}
		return
	}
	for k, v := range keys {
		hashVector(v, n, out, k > 0)
	}
}

// hashVectorNullSafe folds the hash of v into out, hashing NULL rows as a
// fixed constant regardless of the data slot.
func hashVectorNullSafe(v *vector.Vector, n int, out []uint64) {
	var tmp [vector.MaxLen]uint64
	for lo := 0; lo < n; lo += vector.MaxLen {
		hi := min(lo+vector.MaxLen, n)
		part := v.Slice(lo, hi)
		hashVector(part, hi-lo, tmp[:hi-lo], false) // NULL rows get hashNull
		for i := lo; i < hi; i++ {
			out[i] = hashCombine(out[i], tmp[i-lo])
		}
	}
}

// keysEqualRows compares row a[ra[k]] with b[rb[k]] for every k and clears
// eq[k] when they differ. NULL equals NULL when nullsEqual is set;
// otherwise a NULL on either side makes the pair unequal.
func keysEqualRows(a *vector.Vector, ra []uint32, b *vector.Vector, rb []uint32, eq []bool, nullsEqual bool) {
	switch a.Typ.Phys() {
	case vector.PhysList, vector.PhysStruct:
		for k := range ra {
			if compareValues(a.Get(int(ra[k])), b.Get(int(rb[k]))) != 0 {
				eq[k] = false
			}
		}
	case vector.PhysInt64:
		x, y := a.I64, b.I64
		for k := range ra {
			if x[ra[k]] != y[rb[k]] {
				eq[k] = false
			}
		}
	case vector.PhysFloat64:
		x, y := a.F64, b.F64
		for k := range ra {
			p, q := x[ra[k]], y[rb[k]]
			if p != q && !(p != p && q != q) {
				eq[k] = false
			}
		}
	case vector.PhysString:
		x, y := a.Str, b.Str
		for k := range ra {
			if x[ra[k]] != y[rb[k]] {
				eq[k] = false
			}
		}
	case vector.PhysBool:
		x, y := a.Bool, b.Bool
		for k := range ra {
			if x[ra[k]] != y[rb[k]] {
				eq[k] = false
			}
		}
	case vector.PhysInterval:
		x, y := a.Iv, b.Iv
		for k := range ra {
			if intervalKey(x[ra[k]]) != intervalKey(y[rb[k]]) {
				eq[k] = false
			}
		}
	}
	if a.Valid == nil && b.Valid == nil {
		return
	}
	for k := range ra {
		na, nb := !a.Valid.IsValid(int(ra[k])), !b.Valid.IsValid(int(rb[k]))
		if na || nb {
			eq[k] = nullsEqual && na && nb
		}
	}
}

// growValidity extends a validity bitmap to cover n rows, new rows valid.
func growValidity(v vector.Validity, n int) vector.Validity {
	words := (n + 63) / 64
	for len(v) < words {
		v = append(v, ^uint64(0))
	}
	return v
}

// appendRows appends rows of the flat vector src to dst, which holds
// dstLen rows. rows == nil appends rows [0,n).
func appendRows(dst *vector.Vector, dstLen int, src *vector.Vector, rows []uint32, n int) {
	if rows != nil {
		n = len(rows)
	}
	if src.Typ.Nested != nil {
		dst.AppendFrom(src, rows, n)
		return
	}
	reserveRows(dst, n)
	switch src.Typ.Phys() {
	case vector.PhysInt64:
		if rows == nil {
			dst.I64 = append(dst.I64, src.I64[:n]...)
		} else {
			for _, r := range rows {
				dst.I64 = append(dst.I64, src.I64[r])
			}
		}
	case vector.PhysFloat64:
		if rows == nil {
			dst.F64 = append(dst.F64, src.F64[:n]...)
		} else {
			for _, r := range rows {
				dst.F64 = append(dst.F64, src.F64[r])
			}
		}
	case vector.PhysString:
		if rows == nil {
			dst.Str = append(dst.Str, src.Str[:n]...)
		} else {
			for _, r := range rows {
				dst.Str = append(dst.Str, src.Str[r])
			}
		}
	case vector.PhysBool:
		if rows == nil {
			dst.Bool = append(dst.Bool, src.Bool[:n]...)
		} else {
			for _, r := range rows {
				dst.Bool = append(dst.Bool, src.Bool[r])
			}
		}
	case vector.PhysInterval:
		if rows == nil {
			dst.Iv = append(dst.Iv, src.Iv[:n]...)
		} else {
			for _, r := range rows {
				dst.Iv = append(dst.Iv, src.Iv[r])
			}
		}
	}
	if src.Valid == nil && dst.Valid == nil {
		return
	}
	if src.Valid == nil {
		dst.Valid = growValidity(dst.Valid, dstLen+n)
		return
	}
	dst.Valid = growValidity(dst.Valid, dstLen+n)
	for k := 0; k < n; k++ {
		r := k
		if rows != nil {
			r = int(rows[k])
		}
		if !src.Valid.IsValid(r) {
			dst.Valid.SetInvalid(dstLen + k)
		}
	}
}

// reserveRows makes room for n more rows in dst's data slice, doubling the
// capacity (append grows large slices by only 1.25x, which copies too
// much when tables grow to millions of rows).
func reserveRows(dst *vector.Vector, n int) {
	switch dst.Typ.Phys() {
	case vector.PhysInt64:
		dst.I64 = reserveSlice(dst.I64, n)
	case vector.PhysFloat64:
		dst.F64 = reserveSlice(dst.F64, n)
	case vector.PhysString:
		dst.Str = reserveSlice(dst.Str, n)
	case vector.PhysBool:
		dst.Bool = reserveSlice(dst.Bool, n)
	case vector.PhysInterval:
		dst.Iv = reserveSlice(dst.Iv, n)
	}
}

func reserveSlice[T any](s []T, n int) []T {
	if cap(s)-len(s) >= n {
		return s
	}
	ns := make([]T, len(s), max(2*cap(s), len(s)+n, 64))
	copy(ns, s)
	return ns
}

// flatVec returns v as a flat vector of n rows.
func flatVec(v *vector.Vector, n int) *vector.Vector {
	if v.Const {
		return v.Flatten(n)
	}
	return v
}

// nullVector returns a flat all-NULL vector of n rows.
func nullVector(t vector.Type, n int) *vector.Vector {
	v := vector.New(t, n)
	v.Valid = make(vector.Validity, (n+63)/64)
	return v
}

// identitySel holds 0..MaxLen-1.
var identitySel = func() []uint32 {
	s := make([]uint32, vector.MaxLen)
	for i := range s {
		s[i] = uint32(i)
	}
	return s
}()

// seqRows returns the row list 0..n-1, using identitySel when possible.
func seqRows(n int) []uint32 {
	if n <= len(identitySel) {
		return identitySel[:n]
	}
	s := make([]uint32, n)
	for i := range s {
		s[i] = uint32(i)
	}
	return s
}
