//go:build !noasm

package simd

func bitmapArch(op bmOp, dst, a, b []uint64) int {
	a512 := level == LevelAVX512
	words := 8
	switch {
	case a512:
		words = 16
	case level != LevelAVX2:
		return 0
	}
	done := len(dst) &^ (words - 1)
	if done == 0 {
		return 0
	}
	d, a, b := dst[:done], a[:done], b[:done]
	switch {
	case op == bmAnd && a512:
		andBitmapAVX512(d, a, b)
	case op == bmAnd:
		andBitmapAVX2(d, a, b)
	case op == bmOr && a512:
		orBitmapAVX512(d, a, b)
	case op == bmOr:
		orBitmapAVX2(d, a, b)
	case op == bmAndNot && a512:
		andNotBitmapAVX512(d, a, b)
	case op == bmAndNot:
		andNotBitmapAVX2(d, a, b)
	case a512:
		notBitmapAVX512(d, a)
	default:
		notBitmapAVX2(d, a)
	}
	return done
}

func bitmapToSelArch(bm []uint64, base uint32, dst []uint32) int {
	dst = dst[:len(bm)*64]
	switch level {
	case LevelAVX512:
		return bitmapToSelAVX512(bm, base, dst)
	case LevelAVX2:
		return bitmapToSelAVX2(bm, base, dst)
	}
	return bitmapToSelGeneric(bm, base, dst)
}
