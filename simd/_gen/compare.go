package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

type elem struct {
	name  string // Int64, Int32, Float64
	gotyp string
	size  int
	float bool
}

var (
	eI64 = elem{"Int64", "int64", 8, false}
	eI32 = elem{"Int32", "int32", 4, false}
	eF64 = elem{"Float64", "float64", 8, true}
)

// cmpOps are the operators in simd.CmpOp order, then Between.
var cmpOps = []string{"Eq", "Ne", "Lt", "Le", "Gt", "Ge", "Between"}

// AVX-512 predicates for "c PRED x" (the constant is the register operand,
// the column the memory operand), equivalent to "x OP c".
var (
	intPred512 = map[string]uint8{"Eq": 0, "Ne": 4, "Lt": 6, "Le": 5, "Gt": 1, "Ge": 2}
	// Float predicates implement SQL ordering for a non-NaN constant: NaN
	// x values pass > and >= (unordered-true predicates) and <> only.
	floatPred = map[string]uint8{"Eq": 0x00, "Ne": 0x04, "Lt": 0x1E, "Le": 0x1D, "Gt": 0x19, "Ge": 0x1A}
)

func cmpSig(e elem, op, dst string) string {
	if op == "Between" {
		return fmt.Sprintf("func(x []%s, lo, hi %s, dst []%s)", e.gotyp, e.gotyp, dst)
	}
	return fmt.Sprintf("func(x []%s, c %s, dst []%s)", e.gotyp, e.gotyp, dst)
}

func consts(e elem, op string, wide bool) (VecVirtual, VecVirtual) {
	if op == "Between" {
		return bcast(e, "lo", wide), bcast(e, "hi", wide)
	}
	return bcast(e, "c", wide), nil
}

// bcast broadcasts scalar parameter name into a ZMM (wide) or YMM register.
func bcast(e elem, name string, wide bool) VecVirtual {
	var v VecVirtual
	if wide {
		v = ZMM()
	} else {
		v = YMM()
	}
	switch e {
	case eF64:
		x := Load(Param(name), XMM())
		VBROADCASTSD(x, v)
	case eI64:
		r := Load(Param(name), GP64())
		if wide {
			VPBROADCASTQ(r, v)
		} else {
			x := XMM()
			MOVQ(r, x)
			VPBROADCASTQ(x, v)
		}
	case eI32:
		r := Load(Param(name), GP32())
		if wide {
			VPBROADCASTD(r, v)
		} else {
			x := XMM()
			MOVD(r, x)
			VPBROADCASTD(x, v)
		}
	}
	return v
}

// cmp512 sets opmask k to the result of x OP c for the ZMM at m.
func cmp512(e elem, op string, m Mem, c, c2 VecVirtual, k Register) {
	if e.float {
		if op == "Between" {
			VCMPPD(U8(0x1A), m, c, k)     // x >= lo or NaN
			VCMPPD(U8(0x1D), m, c2, k, k) // hi >= x
			return
		}
		VCMPPD(U8(floatPred[op]), m, c, k)
		return
	}
	cmp := VPCMPQ
	if e.size == 4 {
		cmp = VPCMPD
	}
	if op == "Between" {
		cmp(U8(2), m, c, k)     // lo <= x
		cmp(U8(5), m, c2, k, k) // hi >= x
		return
	}
	cmp(U8(intPred512[op]), m, c, k)
}

func genCompare() {
	for _, e := range []elem{eI64, eI32, eF64} {
		for _, op := range cmpOps {
			cmpSel512(e, op)
			cmpBm512(e, op)
			cmpSel256(e, op)
			cmpBm256(e, op)
		}
	}
}

func cmpSel512(e elem, op string) {
	name := "cmpSel" + e.name + op + "AVX512"
	TEXT(name, NOSPLIT, cmpSig(e, op, "uint32")+" int")
	Pragma("noescape")
	Doc(name + " writes the indices of the passing rows of x[:len(x)&^15] to dst and returns their number.")
	xp := Load(Param("x").Base(), GP64())
	n := Load(Param("x").Len(), GP64())
	dp := Load(Param("dst").Base(), GP64())
	c, c2 := consts(e, op, true)
	ANDQ(I8(-16), n)
	idx := ZMM()
	VMOVDQU32(iotaD, idx)
	sixteen := ZMM()
	t := GP32()
	MOVL(U32(16), t)
	VPBROADCASTD(t, sixteen)
	i, cnt := GP64(), GP64()
	XORQ(i, i)
	XORQ(cnt, cnt)
	Label(name + "_loop")
	CMPQ(i, n)
	JAE(LabelRef(name + "_done"))
	k := K()
	if e.size == 8 {
		k1, k2 := K(), K()
		cmp512(e, op, Mem{Base: xp, Index: i, Scale: 8}, c, c2, k1)
		cmp512(e, op, Mem{Base: xp, Index: i, Scale: 8, Disp: 64}, c, c2, k2)
		KUNPCKBW(k1, k2, k)
	} else {
		cmp512(e, op, Mem{Base: xp, Index: i, Scale: 4}, c, c2, k)
	}
	out := ZMM()
	VPCOMPRESSD_Z(idx, k, out)
	VMOVDQU32(out, Mem{Base: dp, Index: cnt, Scale: 4})
	pc := GP32()
	KMOVW(k, pc)
	POPCNTL(pc, pc)
	ADDQ(pc.As64(), cnt)
	VPADDD(sixteen, idx, idx)
	ADDQ(U8(16), i)
	JMP(LabelRef(name + "_loop"))
	Label(name + "_done")
	VZEROUPPER()
	Store(cnt, ReturnIndex(0))
	RET()
}

func cmpBm512(e elem, op string) {
	name := "cmpBm" + e.name + op + "AVX512"
	TEXT(name, NOSPLIT, cmpSig(e, op, "uint64"))
	Pragma("noescape")
	Doc(name + " writes the result bitmap of x[:len(x)&^63] to dst.")
	xp := Load(Param("x").Base(), GP64())
	n := Load(Param("x").Len(), GP64())
	dp := Load(Param("dst").Base(), GP64())
	c, c2 := consts(e, op, true)
	SHRQ(U8(6), n)
	Label(name + "_loop")
	TESTQ(n, n)
	JZ(LabelRef(name + "_done"))
	// Collect 64 result bits into one opmask, low elements in low bits.
	per := 64 / e.size // elements per ZMM
	var k16 []Register
	if e.size == 8 {
		for j := 0; j < 8; j += 2 {
			a, b, w := K(), K(), K()
			cmp512(e, op, Mem{Base: xp, Disp: 64 * j}, c, c2, a)
			cmp512(e, op, Mem{Base: xp, Disp: 64 * (j + 1)}, c, c2, b)
			KUNPCKBW(a, b, w)
			k16 = append(k16, w)
		}
	} else {
		for j := 0; j < 4; j++ {
			a := K()
			cmp512(e, op, Mem{Base: xp, Disp: 64 * j}, c, c2, a)
			k16 = append(k16, a)
		}
	}
	_ = per
	lo, hi, all := K(), K(), K()
	KUNPCKWD(k16[0], k16[1], lo)
	KUNPCKWD(k16[2], k16[3], hi)
	KUNPCKDQ(lo, hi, all)
	KMOVQ(all, Mem{Base: dp})
	ADDQ(U32(64*e.size), xp)
	ADDQ(U8(8), dp)
	DECQ(n)
	JMP(LabelRef(name + "_loop"))
	Label(name + "_done")
	VZEROUPPER()
	RET()
}

// vcmp256 compares the YMM at m with the constant(s): the lanes of the
// result are all ones where x OP c holds, or where it fails when neg.
func vcmp256(e elem, op string, m Mem, c, c2 VecVirtual) (VecVirtual, bool) {
	y := YMM()
	if e.float {
		if op == "Between" {
			t := YMM()
			VCMPPD(U8(0x1A), m, c, y)
			VCMPPD(U8(0x1D), m, c2, t)
			VANDPD(t, y, y)
			return y, false
		}
		VCMPPD(U8(floatPred[op]), m, c, y)
		return y, false
	}
	eq, gt := VPCMPEQQ, VPCMPGTQ
	if e.size == 4 {
		eq, gt = VPCMPEQD, VPCMPGTD
	}
	switch op {
	case "Eq", "Ne":
		eq(m, c, y)
		return y, op == "Ne"
	case "Lt", "Ge": // c > x
		gt(m, c, y)
		return y, op == "Ge"
	case "Gt", "Le": // x > c
		x := YMM()
		VMOVDQU(m, x)
		gt(c, x, y)
		return y, op == "Le"
	}
	// Between: not (lo > x or x > hi)
	x, t := YMM(), YMM()
	VMOVDQU(m, x)
	gt(m, c, y)
	gt(c2, x, t)
	VPOR(t, y, y)
	return y, true
}

func movmsk(e elem, y VecVirtual) GPVirtual {
	r := GP32()
	if e.size == 8 {
		VMOVMSKPD(y, r)
	} else {
		VMOVMSKPS(y, r)
	}
	return r
}

func cmpSel256(e elem, op string) {
	name := "cmpSel" + e.name + op + "AVX2"
	TEXT(name, NOSPLIT, cmpSig(e, op, "uint32")+" int")
	Pragma("noescape")
	Doc(name + " writes the indices of the passing rows of x[:len(x)&^7] to dst and returns their number.")
	xp := Load(Param("x").Base(), GP64())
	n := Load(Param("x").Len(), GP64())
	dp := Load(Param("dst").Base(), GP64())
	c, c2 := consts(e, op, false)
	ANDQ(I8(-8), n)
	lut := GP64()
	LEAQ(selLUT, lut)
	base, eight := YMM(), YMM()
	VPXOR(base, base, base)
	t := GP32()
	MOVL(U32(8), t)
	tx := XMM()
	MOVD(t, tx)
	VPBROADCASTD(tx, eight)
	i, cnt := GP64(), GP64()
	XORQ(i, i)
	XORQ(cnt, cnt)
	Label(name + "_loop")
	CMPQ(i, n)
	JAE(LabelRef(name + "_done"))
	var m GPVirtual
	var neg bool
	if e.size == 8 {
		y0, ng := vcmp256(e, op, Mem{Base: xp, Index: i, Scale: 8}, c, c2)
		y1, _ := vcmp256(e, op, Mem{Base: xp, Index: i, Scale: 8, Disp: 32}, c, c2)
		m = movmsk(e, y0)
		m1 := movmsk(e, y1)
		SHLL(U8(4), m1)
		ORL(m1, m)
		neg = ng
	} else {
		y, ng := vcmp256(e, op, Mem{Base: xp, Index: i, Scale: 4}, c, c2)
		m = movmsk(e, y)
		neg = ng
	}
	if neg {
		XORL(U32(0xff), m)
	}
	o := YMM()
	VPMOVZXBD(Mem{Base: lut, Index: m.As64(), Scale: 8}, o)
	VPADDD(base, o, o)
	VMOVDQU(o, Mem{Base: dp, Index: cnt, Scale: 4})
	POPCNTL(m, m)
	ADDQ(m.As64(), cnt)
	VPADDD(eight, base, base)
	ADDQ(U8(8), i)
	JMP(LabelRef(name + "_loop"))
	Label(name + "_done")
	VZEROUPPER()
	Store(cnt, ReturnIndex(0))
	RET()
}

func cmpBm256(e elem, op string) {
	name := "cmpBm" + e.name + op + "AVX2"
	TEXT(name, NOSPLIT, cmpSig(e, op, "uint64"))
	Pragma("noescape")
	Doc(name + " writes the result bitmap of x[:len(x)&^63] to dst.")
	xp := Load(Param("x").Base(), GP64())
	n := Load(Param("x").Len(), GP64())
	dp := Load(Param("dst").Base(), GP64())
	c, c2 := consts(e, op, false)
	SHRQ(U8(6), n)
	Label(name + "_loop")
	TESTQ(n, n)
	JZ(LabelRef(name + "_done"))
	lanes := 32 / e.size
	acc := GP64()
	var neg bool
	for j := 0; j < 64/lanes; j++ {
		y, ng := vcmp256(e, op, Mem{Base: xp, Disp: 32 * j}, c, c2)
		neg = ng
		r := movmsk(e, y)
		if j == 0 {
			MOVL(r, acc.As32())
			continue
		}
		SHLQ(U8(lanes*j), r.As64())
		ORQ(r.As64(), acc)
	}
	if neg {
		NOTQ(acc)
	}
	MOVQ(acc, Mem{Base: dp})
	ADDQ(U32(64*e.size), xp)
	ADDQ(U8(8), dp)
	DECQ(n)
	JMP(LabelRef(name + "_loop"))
	Label(name + "_done")
	VZEROUPPER()
	RET()
}
