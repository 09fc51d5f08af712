package simd

import "unsafe"

// GatherInt64 sets dst[i] = src[sel[i]] for i < len(sel). The indices
// need not be increasing (dictionary decoding gathers with arbitrary
// codes). It returns false, leaving dst partly written, when an index is
// out of range. dst must have at least len(sel) entries.
func GatherInt64(dst, src []int64, sel []uint32) bool {
	dst = dst[:len(sel)]
	done, ok := gatherInt64Arch(dst, src, sel)
	if !ok {
		return false
	}
	return gatherGo(dst[done:], src, sel[done:])
}

// GatherFloat64 is GatherInt64 for float64 values.
func GatherFloat64(dst, src []float64, sel []uint32) bool {
	return GatherInt64(f64AsI64(dst), f64AsI64(src), sel)
}

// GatherInt32 is GatherInt64 for int32 values.
func GatherInt32(dst, src []int32, sel []uint32) bool {
	dst = dst[:len(sel)]
	done, ok := gatherInt32Arch(dst, src, sel)
	if !ok {
		return false
	}
	return gatherGo(dst[done:], src, sel[done:])
}

// gatherGo is the scalar gather the dispatcher uses: blocks of four
// indices, each tested against len(src) before any of the four loads (so the
// loads need no further bounds checks), and no per-value loop overhead. A
// block holding a bad index, and the tail, go to gatherGeneric, which writes
// the values before the bad index and reports it.
func gatherGo[T int32 | int64](dst, src []T, sel []uint32) bool {
	dst = dst[:len(sel)]
	i := 0
	for ; i+4 <= len(sel); i += 4 {
		s := (*[4]uint32)(sel[i : i+4])
		d := (*[4]T)(dst[i : i+4])
		s0, s1, s2, s3 := int(s[0]), int(s[1]), int(s[2]), int(s[3])
		if s0 >= len(src) || s1 >= len(src) || s2 >= len(src) || s3 >= len(src) {
			break
		}
		d[0], d[1], d[2], d[3] = src[s0], src[s1], src[s2], src[s3]
	}
	return gatherGeneric(dst[i:], src, sel[i:])
}

// gatherGeneric is the reference gather.
func gatherGeneric[T any](dst, src []T, sel []uint32) bool {
	dst = dst[:len(sel)]
	for i, s := range sel {
		if int(s) >= len(src) {
			return false
		}
		dst[i] = src[s]
	}
	return true
}

func f64AsI64(x []float64) []int64 {
	if len(x) == 0 {
		return nil
	}
	return unsafe.Slice((*int64)(unsafe.Pointer(&x[0])), len(x))
}
