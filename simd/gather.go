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
	return gatherGeneric(dst[done:], src, sel[done:])
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
	return gatherGeneric(dst[done:], src, sel[done:])
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
