package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
)

// Gather kernels stop at the first block holding an index >= len(src) and
// return the number of values gathered so far (a multiple of the block);
// the Go side then reports the bad index.

func genGather() {
	gather512(8)
	gather512(4)
	gather256(8)
	gather256(4)
}

func gatherNames(size int, lvl string) (string, string) {
	if size == 8 {
		return "gatherInt64" + lvl, "func(dst, src []int64, sel []uint32) int"
	}
	return "gatherInt32" + lvl, "func(dst, src []int32, sel []uint32) int"
}

func gather512(size int) {
	name, sig := gatherNames(size, "AVX512")
	TEXT(name, NOSPLIT, sig)
	Pragma("noescape")
	Doc(name + " gathers src[sel[i]] into dst; len(src) must be below 2^32.")
	dp := Load(Param("dst").Base(), GP64())
	sp := Load(Param("src").Base(), GP64())
	ln := GP32()
	Load(Param("src").Len(), ln.As64())
	selp := Load(Param("sel").Base(), GP64())
	n := Load(Param("sel").Len(), GP64())
	lenv := ZMM()
	VPBROADCASTD(ln, lenv)
	blk := 64 / size // indices per iteration: 8 (int64) or 16 (int32)
	ANDQ(I8(int8(-blk)), n)
	i := GP64()
	XORQ(i, i)
	Label(name + "_loop")
	CMPQ(i, n)
	JAE(LabelRef(name + "_done"))
	k := K()
	r := GP32()
	out := ZMM()
	if size == 8 {
		idx := YMM()
		VMOVDQU(Mem{Base: selp, Index: i, Scale: 4}, idx)
		VPCMPUD(U8(1), lenv.AsY(), idx, k) // idx < len
		KMOVB(k, r)
		CMPL(r, U8(0xff))
		JNE(LabelRef(name + "_done"))
		VPGATHERDQ(Mem{Base: sp, Index: idx, Scale: 8}, k, out)
		VMOVDQU64(out, Mem{Base: dp, Index: i, Scale: 8})
	} else {
		idx := ZMM()
		VMOVDQU32(Mem{Base: selp, Index: i, Scale: 4}, idx)
		VPCMPUD(U8(1), lenv, idx, k)
		KMOVW(k, r)
		CMPL(r, U32(0xffff))
		JNE(LabelRef(name + "_done"))
		VPGATHERDD(Mem{Base: sp, Index: idx, Scale: 4}, k, out)
		VMOVDQU32(out, Mem{Base: dp, Index: i, Scale: 4})
	}
	ADDQ(U8(blk), i)
	JMP(LabelRef(name + "_loop"))
	Label(name + "_done")
	VZEROUPPER()
	Store(i, ReturnIndex(0))
	RET()
}

func gather256(size int) {
	name, sig := gatherNames(size, "AVX2")
	TEXT(name, NOSPLIT, sig)
	Pragma("noescape")
	Doc(name + " gathers src[sel[i]] into dst; 0 < len(src) < 2^32.")
	dp := Load(Param("dst").Base(), GP64())
	sp := Load(Param("src").Base(), GP64())
	ln := GP32()
	Load(Param("src").Len(), ln.As64())
	selp := Load(Param("sel").Base(), GP64())
	n := Load(Param("sel").Len(), GP64())
	DECL(ln) // len-1: idx is in range when min(idx, len-1) == idx
	lx := XMM()
	MOVD(ln, lx)
	lenv := YMM()
	VPBROADCASTD(lx, lenv)
	blk := 32 / size // 4 (int64) or 8 (int32)
	ANDQ(I8(int8(-blk)), n)
	i := GP64()
	XORQ(i, i)
	Label(name + "_loop")
	CMPQ(i, n)
	JAE(LabelRef(name + "_done"))
	r := GP32()
	mask, out := YMM(), YMM()
	if size == 8 {
		idx, t := XMM(), XMM()
		VMOVDQU(Mem{Base: selp, Index: i, Scale: 4}, idx)
		VPMINUD(lenv.AsX(), idx, t)
		VPCMPEQD(idx, t, t)
		VMOVMSKPS(t, r)
		CMPL(r, U8(0xf))
		JNE(LabelRef(name + "_done"))
		VPCMPEQQ(mask, mask, mask)
		VPXOR(out, out, out)
		VPGATHERDQ(mask, Mem{Base: sp, Index: idx, Scale: 8}, out)
		VMOVDQU(out, Mem{Base: dp, Index: i, Scale: 8})
	} else {
		idx, t := YMM(), YMM()
		VMOVDQU(Mem{Base: selp, Index: i, Scale: 4}, idx)
		VPMINUD(lenv, idx, t)
		VPCMPEQD(idx, t, t)
		VMOVMSKPS(t, r)
		CMPL(r, U32(0xff))
		JNE(LabelRef(name + "_done"))
		VPCMPEQD(mask, mask, mask)
		VPXOR(out, out, out)
		VPGATHERDD(mask, Mem{Base: sp, Index: idx, Scale: 4}, out)
		VMOVDQU(out, Mem{Base: dp, Index: i, Scale: 4})
	}
	ADDQ(U8(blk), i)
	JMP(LabelRef(name + "_loop"))
	Label(name + "_done")
	VZEROUPPER()
	Store(i, ReturnIndex(0))
	RET()
}
