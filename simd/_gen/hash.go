package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// Hash constants; they must match simd/hash.go.
const (
	hashOffset = 0x9e3779b97f4a7c15
	hashMul1   = 0xff51afd7ed558ccd
	hashMul2   = 0xc4ceb9fe1a85ec53
	combineMul = 0x9e3779b97f4a7c15
)

func genHash() {
	hash512(false)
	hash512(true)
	hash256(false)
	hash256(true)
}

func bcastConst512(bits uint64) VecVirtual {
	r := GP64()
	MOVQ(U64(bits), r)
	z := ZMM()
	VPBROADCASTQ(r, z)
	return z
}

// hash512 emits hashInt64AVX512(dst, x) (combine=false: dst = mix(x)) or
// hashCombineAVX512(dst, h) (dst = combine(dst, h)) over len&^15 values.
func hash512(combine bool) {
	name, sig, src := "hashInt64AVX512", "func(dst []uint64, x []int64)", "x"
	if combine {
		name, sig, src = "hashCombineAVX512", "func(dst, h []uint64)", "h"
	}
	TEXT(name, NOSPLIT, sig)
	Pragma("noescape")
	Doc(name + " hashes 16 values per iteration; see simd.MixInt64 and simd.Combine.")
	dp := Load(Param("dst").Base(), GP64())
	n := Load(Param("dst").Len(), GP64())
	sp := Load(Param(src).Base(), GP64())
	var pre VecVirtual
	if combine {
		pre = bcastConst512(combineMul)
	} else {
		pre = bcastConst512(hashOffset)
	}
	m1, m2 := bcastConst512(hashMul1), bcastConst512(hashMul2)
	SHRQ(U8(4), n)
	Label(name + "_loop")
	TESTQ(n, n)
	JZ(LabelRef(name + "_done"))
	for j := 0; j < 2; j++ {
		h, t := ZMM(), ZMM()
		if combine {
			VPMULLQ(Mem{Base: dp, Disp: 64 * j}, pre, h)
			VPXORQ(Mem{Base: sp, Disp: 64 * j}, h, h)
		} else {
			VPADDQ(Mem{Base: sp, Disp: 64 * j}, pre, h)
		}
		VPSRLQ(U8(33), h, t)
		VPXORQ(t, h, h)
		VPMULLQ(m1, h, h)
		VPSRLQ(U8(33), h, t)
		VPXORQ(t, h, h)
		VPMULLQ(m2, h, h)
		VPSRLQ(U8(33), h, t)
		VPXORQ(t, h, h)
		VMOVDQU64(h, Mem{Base: dp, Disp: 64 * j})
	}
	ADDQ(U32(128), dp)
	ADDQ(U32(128), sp)
	DECQ(n)
	JMP(LabelRef(name + "_loop"))
	Label(name + "_done")
	VZEROUPPER()
	RET()
}

// mul256 multiplies the 64-bit lanes of h by a constant whose low and
// high 32-bit halves are broadcast in klo and khi (AVX2 has no 64-bit
// multiply): h*k = lo(h)*lo(k) + (hi(h)*lo(k) + lo(h)*hi(k)) << 32.
func mul256(h, klo, khi VecVirtual) {
	lo, hh, c1, c2 := YMM(), YMM(), YMM(), YMM()
	VPMULUDQ(klo, h, lo)
	VPSRLQ(U8(32), h, hh)
	VPMULUDQ(klo, hh, c1)
	VPMULUDQ(khi, h, c2)
	VPADDQ(c1, c2, c1)
	VPSLLQ(U8(32), c1, c1)
	VPADDQ(lo, c1, h)
}

func hash256(combine bool) {
	name, sig, src := "hashInt64AVX2", "func(dst []uint64, x []int64)", "x"
	if combine {
		name, sig, src = "hashCombineAVX2", "func(dst, h []uint64)", "h"
	}
	TEXT(name, NOSPLIT, sig)
	Pragma("noescape")
	Doc(name + " hashes 8 values per iteration; see simd.MixInt64 and simd.Combine.")
	dp := Load(Param("dst").Base(), GP64())
	n := Load(Param("dst").Len(), GP64())
	sp := Load(Param(src).Base(), GP64())
	var pre, prehi VecVirtual
	if combine {
		pre, prehi = bcastConst256(combineMul), bcastConst256(combineMul>>32)
	} else {
		pre = bcastConst256(hashOffset)
	}
	m1, m1hi := bcastConst256(hashMul1), bcastConst256(hashMul1>>32)
	m2, m2hi := bcastConst256(hashMul2), bcastConst256(hashMul2>>32)
	SHRQ(U8(3), n)
	Label(name + "_loop")
	TESTQ(n, n)
	JZ(LabelRef(name + "_done"))
	for j := 0; j < 2; j++ {
		h, t := YMM(), YMM()
		if combine {
			VMOVDQU(Mem{Base: dp, Disp: 32 * j}, h)
			mul256(h, pre, prehi)
			VPXOR(Mem{Base: sp, Disp: 32 * j}, h, h)
		} else {
			VPADDQ(Mem{Base: sp, Disp: 32 * j}, pre, h)
		}
		VPSRLQ(U8(33), h, t)
		VPXOR(t, h, h)
		mul256(h, m1, m1hi)
		VPSRLQ(U8(33), h, t)
		VPXOR(t, h, h)
		mul256(h, m2, m2hi)
		VPSRLQ(U8(33), h, t)
		VPXOR(t, h, h)
		VMOVDQU(h, Mem{Base: dp, Disp: 32 * j})
	}
	ADDQ(U8(64), dp)
	ADDQ(U8(64), sp)
	DECQ(n)
	JMP(LabelRef(name + "_loop"))
	Label(name + "_done")
	VZEROUPPER()
	RET()
}
