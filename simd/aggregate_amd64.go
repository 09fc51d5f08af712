//go:build !noasm

package simd

// aggBlock returns how many values the aggregate kernels of the current
// level fold per iteration, or 0 without assembly.
func aggBlock() int {
	switch level {
	case LevelAVX512:
		return 32
	case LevelAVX2:
		return 16
	}
	return 0
}

// aggPrefix returns the prefix length of x the kernels handle; with a
// validity bitmap it is also limited by the bitmap's length.
func aggPrefix(n int, valid []uint64) int {
	b := aggBlock()
	if b == 0 {
		return 0
	}
	if valid != nil {
		n = min(n, len(valid)*64)
	}
	// A multiple of 64 keeps the remaining rows word-aligned in valid.
	return n &^ 63
}

func sumInt64Arch(x []int64, valid []uint64, acc *[accLanes]int64) (int, bool) {
	done := aggPrefix(len(x), valid)
	if done == 0 {
		return 0, false
	}
	x = x[:done]
	var ovf bool
	switch {
	case level == LevelAVX512 && valid == nil:
		ovf = sumInt64AVX512(x, acc)
	case level == LevelAVX512:
		ovf = sumInt64ValidAVX512(x, valid, acc)
	case valid == nil:
		ovf = sumInt64AVX2(x, acc)
	default:
		ovf = sumInt64ValidAVX2(x, valid, acc)
	}
	return done, ovf
}

func sumFloat64Arch(x []float64, valid []uint64, acc *[accLanes]float64) int {
	done := aggPrefix(len(x), valid)
	if done == 0 {
		return 0
	}
	x = x[:done]
	switch {
	case level == LevelAVX512 && valid == nil:
		sumFloat64AVX512(x, acc)
	case level == LevelAVX512:
		sumFloat64ValidAVX512(x, valid, acc)
	case valid == nil:
		sumFloat64AVX2(x, acc)
	default:
		sumFloat64ValidAVX2(x, valid, acc)
	}
	return done
}

func minMaxInt64Arch(isMax bool, x []int64, valid []uint64, acc *[accLanes]int64) int {
	done := aggPrefix(len(x), valid)
	if done == 0 {
		return 0
	}
	x = x[:done]
	a512 := level == LevelAVX512
	switch {
	case !isMax && a512 && valid == nil:
		minInt64AVX512(x, acc)
	case !isMax && a512:
		minInt64ValidAVX512(x, valid, acc)
	case !isMax && valid == nil:
		minInt64AVX2(x, acc)
	case !isMax:
		minInt64ValidAVX2(x, valid, acc)
	case a512 && valid == nil:
		maxInt64AVX512(x, acc)
	case a512:
		maxInt64ValidAVX512(x, valid, acc)
	case valid == nil:
		maxInt64AVX2(x, acc)
	default:
		maxInt64ValidAVX2(x, valid, acc)
	}
	return done
}

func minFloat64Arch(x []float64, valid []uint64, acc *[accLanes]float64) int {
	done := aggPrefix(len(x), valid)
	if done == 0 {
		return 0
	}
	x = x[:done]
	switch {
	case level == LevelAVX512 && valid == nil:
		minFloat64AVX512(x, acc)
	case level == LevelAVX512:
		minFloat64ValidAVX512(x, valid, acc)
	case valid == nil:
		minFloat64AVX2(x, acc)
	default:
		minFloat64ValidAVX2(x, valid, acc)
	}
	return done
}

func maxFloat64Arch(x []float64, valid []uint64, acc *[accLanes]float64) (int, bool) {
	done := aggPrefix(len(x), valid)
	if done == 0 {
		return 0, false
	}
	x = x[:done]
	var nan bool
	switch {
	case level == LevelAVX512 && valid == nil:
		nan = maxFloat64AVX512(x, acc)
	case level == LevelAVX512:
		nan = maxFloat64ValidAVX512(x, valid, acc)
	case valid == nil:
		nan = maxFloat64AVX2(x, acc)
	default:
		nan = maxFloat64ValidAVX2(x, valid, acc)
	}
	return done, nan
}
