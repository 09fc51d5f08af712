//go:build !noasm

package simd

// Dispatch of the comparison kernels to the generated AVX2/AVX-512 code.
// Direct calls in switches (rather than tables of func values) keep the
// escape analysis precise: the kernels are //go:noescape, so callers'
// stack buffers stay on the stack.

// selBlockFor returns the rows per iteration of the compare-to-selection
// kernels at the current level, or 0 without assembly.
func selBlockFor() int {
	switch level {
	case LevelAVX512:
		return 16
	case LevelAVX2:
		return 8
	}
	return 0
}

func cmpSelInt64Arch(op CmpOp, x []int64, c int64, dst []uint32) (n, done int) {
	b := selBlockFor()
	if b == 0 || len(x) < b {
		return 0, 0
	}
	done = len(x) &^ (b - 1)
	x, dst = x[:done], dst[:done]
	if level == LevelAVX512 {
		switch op {
		case Eq:
			n = cmpSelInt64EqAVX512(x, c, dst)
		case Ne:
			n = cmpSelInt64NeAVX512(x, c, dst)
		case Lt:
			n = cmpSelInt64LtAVX512(x, c, dst)
		case Le:
			n = cmpSelInt64LeAVX512(x, c, dst)
		case Gt:
			n = cmpSelInt64GtAVX512(x, c, dst)
		case Ge:
			n = cmpSelInt64GeAVX512(x, c, dst)
		}
	} else {
		switch op {
		case Eq:
			n = cmpSelInt64EqAVX2(x, c, dst)
		case Ne:
			n = cmpSelInt64NeAVX2(x, c, dst)
		case Lt:
			n = cmpSelInt64LtAVX2(x, c, dst)
		case Le:
			n = cmpSelInt64LeAVX2(x, c, dst)
		case Gt:
			n = cmpSelInt64GtAVX2(x, c, dst)
		case Ge:
			n = cmpSelInt64GeAVX2(x, c, dst)
		}
	}
	return n, done
}

func cmpBmInt64Arch(op CmpOp, x []int64, c int64, dst []uint64) int {
	done := len(x) &^ 63
	if selBlockFor() == 0 || done == 0 {
		return 0
	}
	x, dst = x[:done], dst[:done/64]
	if level == LevelAVX512 {
		switch op {
		case Eq:
			cmpBmInt64EqAVX512(x, c, dst)
		case Ne:
			cmpBmInt64NeAVX512(x, c, dst)
		case Lt:
			cmpBmInt64LtAVX512(x, c, dst)
		case Le:
			cmpBmInt64LeAVX512(x, c, dst)
		case Gt:
			cmpBmInt64GtAVX512(x, c, dst)
		case Ge:
			cmpBmInt64GeAVX512(x, c, dst)
		}
	} else {
		switch op {
		case Eq:
			cmpBmInt64EqAVX2(x, c, dst)
		case Ne:
			cmpBmInt64NeAVX2(x, c, dst)
		case Lt:
			cmpBmInt64LtAVX2(x, c, dst)
		case Le:
			cmpBmInt64LeAVX2(x, c, dst)
		case Gt:
			cmpBmInt64GtAVX2(x, c, dst)
		case Ge:
			cmpBmInt64GeAVX2(x, c, dst)
		}
	}
	return done
}

func betweenSelInt64Arch(x []int64, lo, hi int64, dst []uint32) (int, int) {
	b := selBlockFor()
	if b == 0 || len(x) < b {
		return 0, 0
	}
	done := len(x) &^ (b - 1)
	if level == LevelAVX512 {
		return cmpSelInt64BetweenAVX512(x[:done], lo, hi, dst[:done]), done
	}
	return cmpSelInt64BetweenAVX2(x[:done], lo, hi, dst[:done]), done
}

func betweenBmInt64Arch(x []int64, lo, hi int64, dst []uint64) int {
	done := len(x) &^ 63
	if selBlockFor() == 0 || done == 0 {
		return 0
	}
	if level == LevelAVX512 {
		cmpBmInt64BetweenAVX512(x[:done], lo, hi, dst[:done/64])
	} else {
		cmpBmInt64BetweenAVX2(x[:done], lo, hi, dst[:done/64])
	}
	return done
}

func cmpSelInt32Arch(op CmpOp, x []int32, c int32, dst []uint32) (n, done int) {
	b := selBlockFor()
	if b == 0 || len(x) < b {
		return 0, 0
	}
	done = len(x) &^ (b - 1)
	x, dst = x[:done], dst[:done]
	if level == LevelAVX512 {
		switch op {
		case Eq:
			n = cmpSelInt32EqAVX512(x, c, dst)
		case Ne:
			n = cmpSelInt32NeAVX512(x, c, dst)
		case Lt:
			n = cmpSelInt32LtAVX512(x, c, dst)
		case Le:
			n = cmpSelInt32LeAVX512(x, c, dst)
		case Gt:
			n = cmpSelInt32GtAVX512(x, c, dst)
		case Ge:
			n = cmpSelInt32GeAVX512(x, c, dst)
		}
	} else {
		switch op {
		case Eq:
			n = cmpSelInt32EqAVX2(x, c, dst)
		case Ne:
			n = cmpSelInt32NeAVX2(x, c, dst)
		case Lt:
			n = cmpSelInt32LtAVX2(x, c, dst)
		case Le:
			n = cmpSelInt32LeAVX2(x, c, dst)
		case Gt:
			n = cmpSelInt32GtAVX2(x, c, dst)
		case Ge:
			n = cmpSelInt32GeAVX2(x, c, dst)
		}
	}
	return n, done
}

func cmpBmInt32Arch(op CmpOp, x []int32, c int32, dst []uint64) int {
	done := len(x) &^ 63
	if selBlockFor() == 0 || done == 0 {
		return 0
	}
	x, dst = x[:done], dst[:done/64]
	if level == LevelAVX512 {
		switch op {
		case Eq:
			cmpBmInt32EqAVX512(x, c, dst)
		case Ne:
			cmpBmInt32NeAVX512(x, c, dst)
		case Lt:
			cmpBmInt32LtAVX512(x, c, dst)
		case Le:
			cmpBmInt32LeAVX512(x, c, dst)
		case Gt:
			cmpBmInt32GtAVX512(x, c, dst)
		case Ge:
			cmpBmInt32GeAVX512(x, c, dst)
		}
	} else {
		switch op {
		case Eq:
			cmpBmInt32EqAVX2(x, c, dst)
		case Ne:
			cmpBmInt32NeAVX2(x, c, dst)
		case Lt:
			cmpBmInt32LtAVX2(x, c, dst)
		case Le:
			cmpBmInt32LeAVX2(x, c, dst)
		case Gt:
			cmpBmInt32GtAVX2(x, c, dst)
		case Ge:
			cmpBmInt32GeAVX2(x, c, dst)
		}
	}
	return done
}

func betweenSelInt32Arch(x []int32, lo, hi int32, dst []uint32) (int, int) {
	b := selBlockFor()
	if b == 0 || len(x) < b {
		return 0, 0
	}
	done := len(x) &^ (b - 1)
	if level == LevelAVX512 {
		return cmpSelInt32BetweenAVX512(x[:done], lo, hi, dst[:done]), done
	}
	return cmpSelInt32BetweenAVX2(x[:done], lo, hi, dst[:done]), done
}

func betweenBmInt32Arch(x []int32, lo, hi int32, dst []uint64) int {
	done := len(x) &^ 63
	if selBlockFor() == 0 || done == 0 {
		return 0
	}
	if level == LevelAVX512 {
		cmpBmInt32BetweenAVX512(x[:done], lo, hi, dst[:done/64])
	} else {
		cmpBmInt32BetweenAVX2(x[:done], lo, hi, dst[:done/64])
	}
	return done
}

func cmpSelFloat64Arch(op CmpOp, x []float64, c float64, dst []uint32) (n, done int) {
	b := selBlockFor()
	if b == 0 || len(x) < b {
		return 0, 0
	}
	done = len(x) &^ (b - 1)
	x, dst = x[:done], dst[:done]
	if level == LevelAVX512 {
		switch op {
		case Eq:
			n = cmpSelFloat64EqAVX512(x, c, dst)
		case Ne:
			n = cmpSelFloat64NeAVX512(x, c, dst)
		case Lt:
			n = cmpSelFloat64LtAVX512(x, c, dst)
		case Le:
			n = cmpSelFloat64LeAVX512(x, c, dst)
		case Gt:
			n = cmpSelFloat64GtAVX512(x, c, dst)
		case Ge:
			n = cmpSelFloat64GeAVX512(x, c, dst)
		}
	} else {
		switch op {
		case Eq:
			n = cmpSelFloat64EqAVX2(x, c, dst)
		case Ne:
			n = cmpSelFloat64NeAVX2(x, c, dst)
		case Lt:
			n = cmpSelFloat64LtAVX2(x, c, dst)
		case Le:
			n = cmpSelFloat64LeAVX2(x, c, dst)
		case Gt:
			n = cmpSelFloat64GtAVX2(x, c, dst)
		case Ge:
			n = cmpSelFloat64GeAVX2(x, c, dst)
		}
	}
	return n, done
}

func cmpBmFloat64Arch(op CmpOp, x []float64, c float64, dst []uint64) int {
	done := len(x) &^ 63
	if selBlockFor() == 0 || done == 0 {
		return 0
	}
	x, dst = x[:done], dst[:done/64]
	if level == LevelAVX512 {
		switch op {
		case Eq:
			cmpBmFloat64EqAVX512(x, c, dst)
		case Ne:
			cmpBmFloat64NeAVX512(x, c, dst)
		case Lt:
			cmpBmFloat64LtAVX512(x, c, dst)
		case Le:
			cmpBmFloat64LeAVX512(x, c, dst)
		case Gt:
			cmpBmFloat64GtAVX512(x, c, dst)
		case Ge:
			cmpBmFloat64GeAVX512(x, c, dst)
		}
	} else {
		switch op {
		case Eq:
			cmpBmFloat64EqAVX2(x, c, dst)
		case Ne:
			cmpBmFloat64NeAVX2(x, c, dst)
		case Lt:
			cmpBmFloat64LtAVX2(x, c, dst)
		case Le:
			cmpBmFloat64LeAVX2(x, c, dst)
		case Gt:
			cmpBmFloat64GtAVX2(x, c, dst)
		case Ge:
			cmpBmFloat64GeAVX2(x, c, dst)
		}
	}
	return done
}

func betweenSelFloat64Arch(x []float64, lo, hi float64, dst []uint32) (int, int) {
	b := selBlockFor()
	if b == 0 || len(x) < b {
		return 0, 0
	}
	done := len(x) &^ (b - 1)
	if level == LevelAVX512 {
		return cmpSelFloat64BetweenAVX512(x[:done], lo, hi, dst[:done]), done
	}
	return cmpSelFloat64BetweenAVX2(x[:done], lo, hi, dst[:done]), done
}

func betweenBmFloat64Arch(x []float64, lo, hi float64, dst []uint64) int {
	done := len(x) &^ 63
	if selBlockFor() == 0 || done == 0 {
		return 0
	}
	if level == LevelAVX512 {
		cmpBmFloat64BetweenAVX512(x[:done], lo, hi, dst[:done/64])
	} else {
		cmpBmFloat64BetweenAVX2(x[:done], lo, hi, dst[:done/64])
	}
	return done
}
