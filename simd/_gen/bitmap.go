package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

func genBitmap() {
	for _, op := range []string{"and", "or", "andNot", "not"} {
		bitmapOp(op, true)
		bitmapOp(op, false)
	}
	bmToSel512()
	bmToSel256()
}

// bitmapOp emits dst[i] = a[i] OP b[i] over len(dst)&^15 (AVX-512) or
// len(dst)&^7 (AVX2) words, two vectors per iteration.
func bitmapOp(op string, wide bool) {
	lvl, words := "AVX2", 8
	vec := func() VecVirtual { return YMM() }
	if wide {
		lvl, words = "AVX512", 16
		vec = func() VecVirtual { return ZMM() }
	}
	name := op + "Bitmap" + lvl
	sig := "func(dst, a, b []uint64)"
	if op == "not" {
		sig = "func(dst, a []uint64)"
	}
	TEXT(name, NOSPLIT, sig)
	Pragma("noescape")
	Doc(name + " applies the bitmap operation to whole vectors of words.")
	dp := Load(Param("dst").Base(), GP64())
	n := Load(Param("dst").Len(), GP64())
	ap := Load(Param("a").Base(), GP64())
	var bp Register
	if op != "not" {
		bp = Load(Param("b").Base(), GP64())
	}
	ones := vec()
	if op == "not" {
		if wide {
			VPTERNLOGD(U8(0xff), ones, ones, ones)
		} else {
			VPCMPEQD(ones, ones, ones)
		}
	}
	ANDQ(I8(int8(-words)), n)
	i := GP64()
	XORQ(i, i)
	Label(name + "_loop")
	CMPQ(i, n)
	JAE(LabelRef(name + "_done"))
	half := words / 2
	for j := 0; j < 2; j++ {
		am := Mem{Base: ap, Index: i, Scale: 8, Disp: 8 * half * j}
		bm := Mem{Base: bp, Index: i, Scale: 8, Disp: 8 * half * j}
		v := vec()
		switch {
		case op == "not":
			if wide {
				VPXORQ(am, ones, v)
			} else {
				VPXOR(am, ones, v)
			}
		case op == "andNot": // a &^ b = ^b & a
			t := vec()
			if wide {
				VMOVDQU64(bm, t)
				VPANDNQ(am, t, v)
			} else {
				VMOVDQU(bm, t)
				VPANDN(am, t, v)
			}
		default:
			t := vec()
			if wide {
				VMOVDQU64(bm, t)
				if op == "and" {
					VPANDQ(am, t, v)
				} else {
					VPORQ(am, t, v)
				}
			} else {
				VMOVDQU(bm, t)
				if op == "and" {
					VPAND(am, t, v)
				} else {
					VPOR(am, t, v)
				}
			}
		}
		if wide {
			VMOVDQU64(v, Mem{Base: dp, Index: i, Scale: 8, Disp: 8 * half * j})
		} else {
			VMOVDQU(v, Mem{Base: dp, Index: i, Scale: 8, Disp: 8 * half * j})
		}
	}
	ADDQ(U8(words), i)
	JMP(LabelRef(name + "_loop"))
	Label(name + "_done")
	VZEROUPPER()
	RET()
}

func bmToSel512() {
	name := "bitmapToSelAVX512"
	TEXT(name, NOSPLIT, "func(bm []uint64, base uint32, dst []uint32) int")
	Pragma("noescape")
	Doc(name + " writes base+i for every set bit i of bm to dst (len(dst) >= 64*len(bm)).")
	bp := Load(Param("bm").Base(), GP64())
	n := Load(Param("bm").Len(), GP64())
	b := Load(Param("base"), GP32())
	dp := Load(Param("dst").Base(), GP64())
	idx, sixteen, sixtyfour := ZMM(), ZMM(), ZMM()
	VPBROADCASTD(b, idx)
	VPADDD(iotaD, idx, idx)
	t := GP32()
	MOVL(U32(16), t)
	VPBROADCASTD(t, sixteen)
	MOVL(U32(64), t)
	VPBROADCASTD(t, sixtyfour)
	cnt := GP64()
	XORQ(cnt, cnt)
	Label(name + "_loop")
	TESTQ(n, n)
	JZ(LabelRef(name + "_done"))
	CMPQ(Mem{Base: bp}, U8(0))
	JNE(LabelRef(name + "_word"))
	VPADDD(sixtyfour, idx, idx)
	JMP(LabelRef(name + "_next"))
	Label(name + "_word")
	for j := 0; j < 4; j++ {
		k := K()
		KMOVW(Mem{Base: bp, Disp: 2 * j}, k)
		out := ZMM()
		VPCOMPRESSD_Z(idx, k, out)
		VMOVDQU32(out, Mem{Base: dp, Index: cnt, Scale: 4})
		pc := GP32()
		MOVWLZX(Mem{Base: bp, Disp: 2 * j}, pc)
		POPCNTL(pc, pc)
		ADDQ(pc.As64(), cnt)
		VPADDD(sixteen, idx, idx)
	}
	Label(name + "_next")
	ADDQ(U8(8), bp)
	DECQ(n)
	JMP(LabelRef(name + "_loop"))
	Label(name + "_done")
	VZEROUPPER()
	Store(cnt, ReturnIndex(0))
	RET()
}

func bmToSel256() {
	name := "bitmapToSelAVX2"
	TEXT(name, NOSPLIT, "func(bm []uint64, base uint32, dst []uint32) int")
	Pragma("noescape")
	Doc(name + " writes base+i for every set bit i of bm to dst (len(dst) >= 64*len(bm)).")
	bp := Load(Param("bm").Base(), GP64())
	n := Load(Param("bm").Len(), GP64())
	b := Load(Param("base"), GP32())
	dp := Load(Param("dst").Base(), GP64())
	lut := GP64()
	LEAQ(selLUT, lut)
	idx, eight, sixtyfour := YMM(), YMM(), YMM()
	bx := XMM()
	MOVD(b, bx)
	VPBROADCASTD(bx, idx)
	t := GP32()
	MOVL(U32(8), t)
	MOVD(t, bx)
	VPBROADCASTD(bx, eight)
	MOVL(U32(64), t)
	MOVD(t, bx)
	VPBROADCASTD(bx, sixtyfour)
	cnt := GP64()
	XORQ(cnt, cnt)
	Label(name + "_loop")
	TESTQ(n, n)
	JZ(LabelRef(name + "_done"))
	CMPQ(Mem{Base: bp}, U8(0))
	JNE(LabelRef(name + "_word"))
	VPADDD(sixtyfour, idx, idx)
	JMP(LabelRef(name + "_next"))
	Label(name + "_word")
	for j := 0; j < 8; j++ {
		m := GP32()
		MOVBLZX(Mem{Base: bp, Disp: j}, m)
		o := YMM()
		VPMOVZXBD(Mem{Base: lut, Index: m.As64(), Scale: 8}, o)
		VPADDD(idx, o, o)
		VMOVDQU(o, Mem{Base: dp, Index: cnt, Scale: 4})
		POPCNTL(m, m)
		ADDQ(m.As64(), cnt)
		VPADDD(eight, idx, idx)
	}
	Label(name + "_next")
	ADDQ(U8(8), bp)
	DECQ(n)
	JMP(LabelRef(name + "_loop"))
	Label(name + "_done")
	VZEROUPPER()
	Store(cnt, ReturnIndex(0))
	RET()
}
