package engine

import (
	"github.com/lhsql/lhsql/simd"
	"github.com/lhsql/lhsql/vector"
)

// intervalKey normalizes an interval for comparison: a month counts as 30
// days, as DuckDB does.
func intervalKey(iv vector.Interval) int64 {
	return (int64(iv.Months)*30+int64(iv.Days))*vector.MicrosPerDay + iv.Micros
}

// hashBlock is the number of rows hashVector hashes per step when it
// combines (a multiple of 64, so validity words stay aligned).
const hashBlock = 256

// hashVector hashes rows [0,n) of the flat vector v into out; NULL rows hash
// to simd.NullHash. When combine is set the hash is folded into the
// existing values of out (simd.Combine). Fixed-width and string columns use
// the SIMD hashing kernels.
func hashVector(v *vector.Vector, n int, out []uint64, combine bool) {
	out = out[:n]
	if !combine {
		hashRange(v, 0, n, out)
		return
	}
	if v.Typ.Phys() == vector.PhysInt64 && v.Typ.Nested == nil {
		simd.HashInt64Combine(out, v.I64[:n], []uint64(v.Valid))
		return
	}
	var tmp [hashBlock]uint64
	for lo := 0; lo < n; lo += hashBlock {
		hi := min(lo+hashBlock, n)
		t := tmp[:hi-lo]
		hashRange(v, lo, hi, t)
		simd.HashCombine(out[lo:hi], t)
	}
}

// hashRange hashes rows [lo,hi) of the flat vector v into dst (hi-lo
// entries); lo must be a multiple of 64.
func hashRange(v *vector.Vector, lo, hi int, dst []uint64) {
	var valid []uint64
	if v.Valid != nil {
		valid = v.Valid[lo/64:]
	}
	if v.Typ.Nested != nil {
		for i := range dst {
			dst[i] = simd.HashString(v.Get(lo + i).String())
		}
		if valid != nil {
			hashNulls(dst, valid)
		}
		return
	}
	switch v.Typ.Phys() {
	case vector.PhysInt64:
		simd.HashInt64(dst, v.I64[lo:hi], valid)
		return
	case vector.PhysFloat64:
		simd.HashFloat64(dst, v.F64[lo:hi], valid)
		return
	case vector.PhysString:
		simd.HashStrings(dst, v.Str[lo:hi], valid)
		return
	case vector.PhysBool:
		for i, x := range v.Bool[lo:hi] {
			var h uint64 = 0x2545F4914F6CDD1D
			if x {
				h = 0x9E3779B97F4A7C15
			}
			dst[i] = h
		}
	case vector.PhysInterval:
		for i, x := range v.Iv[lo:hi] {
			dst[i] = simd.MixInt64(intervalKey(x))
		}
	default:
		for i := range dst {
			dst[i] = simd.NullHash
		}
	}
	if valid != nil {
		hashNulls(dst, valid)
	}
}

// hashNulls sets the hash of every invalid row of dst to simd.NullHash.
func hashNulls(dst []uint64, valid []uint64) {
	for i := range dst {
		if valid[i>>6]&(1<<(uint(i)&63)) == 0 {
			dst[i] = simd.NullHash
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
