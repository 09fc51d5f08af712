package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
)

// Unpack kernels decode groups of 8 values of w bits (w bytes per group)
// using a per-width table built by the Go side (simd.unpackTables):
//
//	offset   0: perm  [16]uint32  dword indices: value j's 64-bit window is
//	                              dwords perm[2j] (low) and perm[2j+1] (high)
//	offset  64: shift [8]uint64   bit offset of value j inside its window
//	offset 128: mask  uint64      (1<<w)-1
//
// Each group loads 32 bytes, so the caller guarantees that many bytes are
// readable from the start of the last group.

func genUnpack() {
	unpack512()
	unpack256()
}

const unpackSig = "func(dst []uint32, src []byte, w int, tab *[17]uint64)"

func unpack512() {
	name := "unpackAVX512"
	TEXT(name, NOSPLIT, unpackSig)
	Pragma("noescape")
	Doc(name + " unpacks len(dst)/8 groups of 8 values of w bits.")
	dp := Load(Param("dst").Base(), GP64())
	n := Load(Param("dst").Len(), GP64())
	sp := Load(Param("src").Base(), GP64())
	w := Load(Param("w"), GP64())
	tp := Load(Param("tab"), GP64())
	perm, shift, mask := ZMM(), ZMM(), ZMM()
	VMOVDQU32(Mem{Base: tp}, perm)
	VMOVDQU64(Mem{Base: tp, Disp: 64}, shift)
	VPBROADCASTQ(Mem{Base: tp, Disp: 128}, mask)
	SHRQ(U8(3), n)
	Label(name + "_loop")
	TESTQ(n, n)
	JZ(LabelRef(name + "_done"))
	d, v := ZMM(), ZMM()
	VMOVDQU(Mem{Base: sp}, d.AsY()) // zeroes the upper half
	VPERMD(d, perm, v)
	VPSRLVQ(shift, v, v)
	VPANDQ(mask, v, v)
	VPMOVQD(v, Mem{Base: dp})
	ADDQ(w, sp)
	ADDQ(U8(32), dp)
	DECQ(n)
	JMP(LabelRef(name + "_loop"))
	Label(name + "_done")
	VZEROUPPER()
	RET()
}

func unpack256() {
	name := "unpackAVX2"
	TEXT(name, NOSPLIT, unpackSig)
	Pragma("noescape")
	Doc(name + " unpacks len(dst)/8 groups of 8 values of w bits.")
	dp := Load(Param("dst").Base(), GP64())
	n := Load(Param("dst").Len(), GP64())
	sp := Load(Param("src").Base(), GP64())
	w := Load(Param("w"), GP64())
	tp := Load(Param("tab"), GP64())
	plo, phi, slo, shi, mask := YMM(), YMM(), YMM(), YMM(), YMM()
	VMOVDQU(Mem{Base: tp}, plo)
	VMOVDQU(Mem{Base: tp, Disp: 32}, phi)
	VMOVDQU(Mem{Base: tp, Disp: 64}, slo)
	VMOVDQU(Mem{Base: tp, Disp: 96}, shi)
	VPBROADCASTQ(Mem{Base: tp, Disp: 128}, mask)
	SHRQ(U8(3), n)
	Label(name + "_loop")
	TESTQ(n, n)
	JZ(LabelRef(name + "_done"))
	d, a, b := YMM(), YMM(), YMM()
	VMOVDQU(Mem{Base: sp}, d)
	VPERMD(d, plo, a)
	VPERMD(d, phi, b)
	VPSRLVQ(slo, a, a)
	VPSRLVQ(shi, b, b)
	VPAND(mask, a, a)
	VPAND(mask, b, b)
	VSHUFPS(U8(0x88), b, a, a) // low dwords: lane0 v0 v1 v4 v5, lane1 v2 v3 v6 v7
	VPERMQ(U8(0xd8), a, a)
	VMOVDQU(a, Mem{Base: dp})
	ADDQ(w, sp)
	ADDQ(U8(32), dp)
	DECQ(n)
	JMP(LabelRef(name + "_loop"))
	Label(name + "_done")
	VZEROUPPER()
	RET()
}
