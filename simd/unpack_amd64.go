//go:build !noasm

package simd

// unpackTables[w] drives the AVX2/AVX-512 bit-unpacking of width w (see
// simd/_gen/unpack.go): dword permutation, per-value shifts and the mask.
var unpackTables = buildUnpackTables()

func buildUnpackTables() (t [33][17]uint64) {
	for w := 1; w <= 32; w++ {
		for j := 0; j < 8; j++ {
			bit := j * w
			lo := uint64(bit >> 5)
			hi := min(lo+1, 7)    // a value reaching into dword 8 cannot exist
			t[w][j] = lo | hi<<32 // perm[2j], perm[2j+1] as little-endian dwords
			t[w][8+j] = uint64(bit & 31)
		}
		t[w][16] = 1<<uint(w) - 1
	}
	return t
}

func unpackArch(dst []uint32, src []byte, w int) int {
	if level != LevelAVX512 && level != LevelAVX2 {
		return 0
	}
	if len(src) < 32 {
		return 0
	}
	groups := min(len(dst)/8, (len(src)-32)/w+1)
	if groups == 0 {
		return 0
	}
	done := groups * 8
	if level == LevelAVX512 {
		unpackAVX512(dst[:done], src, w, &unpackTables[w])
	} else {
		unpackAVX2(dst[:done], src, w, &unpackTables[w])
	}
	return done
}
