//go:build !noasm

package simd

func hashInt64Arch(dst []uint64, x []int64) int {
	var done int
	switch level {
	case LevelAVX512:
		done = len(x) &^ 15
		hashInt64AVX512(dst[:done], x[:done])
	case LevelAVX2:
		done = len(x) &^ 7
		hashInt64AVX2(dst[:done], x[:done])
	}
	return done
}

func hashCombineArch(dst, h []uint64) int {
	var done int
	switch level {
	case LevelAVX512:
		done = len(dst) &^ 15
		hashCombineAVX512(dst[:done], h[:done])
	case LevelAVX2:
		done = len(dst) &^ 7
		hashCombineAVX2(dst[:done], h[:done])
	}
	return done
}
