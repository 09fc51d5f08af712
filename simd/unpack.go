package simd

import (
	"fmt"
	"unsafe"
)

// UnpackUint32 decodes len(dst) values of bitWidth bits (0..32) from src,
// packed as in Parquet's bit-packed runs: little-endian, the first value in
// the least significant bits of the first byte, in groups of 8 values that
// take bitWidth bytes each. It needs ceil(len(dst)*bitWidth/8) bytes of
// src and returns an error when src is shorter or the width is invalid.
func UnpackUint32(dst []uint32, src []byte, bitWidth int) error {
	if bitWidth < 0 || bitWidth > 32 {
		return fmt.Errorf("simd: unpack: bit width %d out of range 0..32", bitWidth)
	}
	need := (len(dst)*bitWidth + 7) / 8
	if len(src) < need {
		return fmt.Errorf("simd: unpack: %d values of %d bits need %d bytes, have %d",
			len(dst), bitWidth, need, len(src))
	}
	if bitWidth == 0 {
		clear(dst)
		return nil
	}
	done := unpackArch(dst, src, bitWidth)
	unpackGeneric(dst[done:], src[done/8*bitWidth:], bitWidth)
	return nil
}

// UnpackInt32 is UnpackUint32 writing into an int32 slice (a 32-bit value
// keeps its bit pattern).
func UnpackInt32(dst []int32, src []byte, bitWidth int) error {
	var u []uint32
	if len(dst) > 0 {
		u = unsafe.Slice((*uint32)(unsafe.Pointer(&dst[0])), len(dst))
	}
	return UnpackUint32(u, src, bitWidth)
}

// unpackGeneric is the reference bit-unpacker; src must hold enough bytes.
func unpackGeneric(dst []uint32, src []byte, w int) {
	mask := uint64(1)<<uint(w) - 1
	bit := 0
	for i := range dst {
		off := bit >> 3
		var word uint64
		if off+8 <= len(src) {
			b := src[off : off+8]
			word = uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
				uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
		} else {
			for j := off; j < len(src); j++ {
				word |= uint64(src[j]) << (8 * uint(j-off))
			}
		}
		dst[i] = uint32(word >> uint(bit&7) & mask)
		bit += w
	}
}
