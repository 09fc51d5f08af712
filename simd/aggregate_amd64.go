//go:build !noasm

package simd

// aggBlock returns how many values the aggregate kernels of the current
// level fold per iteration, or 0 without assembly.
func aggBlock() int {
	switch level {
	case LevelAVX512:
		return 64
	case LevelAVX2:
		return 32
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

// splitChunk bounds the values one split-sum kernel call adds, so that
// each of its 16 lanes adds fewer than 2^31 values.
const splitChunk = 1 << 34

// sumInt64Arch adds the exact sum of the valid values of x[:done] to s; ok
// is false when a kernel lane overflowed (s is then unusable).
func sumInt64Arch(x []int64, valid []uint64, s *wide) (done int, ok bool) {
	done = aggPrefix(len(x), valid)
	if done == 0 {
		return 0, true
	}
	if level == LevelAVX512 {
		for lo := 0; lo < done; lo += splitChunk {
			hi := min(done, lo+splitChunk)
			var acc [accLanes]int64
			if valid == nil {
				sumInt64AVX512(x[lo:hi], &acc)
			} else {
				sumInt64ValidAVX512(x[lo:hi], valid[lo/64:], &acc)
			}
			addSplitLanes(s, &acc)
		}
		return done, true
	}
	var acc [accLanes]int64
	var ovf bool
	if valid == nil {
		ovf = sumInt64AVX2(x[:done], &acc)
	} else {
		ovf = sumInt64ValidAVX2(x[:done], valid, &acc)
	}
	if ovf {
		return done, false
	}
	addLanes(s, &acc)
	return done, true
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
