package main

import (
	"fmt"
	"math"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// Aggregate kernels keep four vector accumulators that they load from and
// store back to *acc (the Go side pre-fills the identity and reduces the
// lanes). They process len(x)&^63 (AVX-512) or len(x)&^31 (AVX2) values:
// each iteration folds aggUnroll vectors into every accumulator (512 or 256
// bytes) and prefetches the cache lines aggPrefetch bytes ahead, which keeps
// enough reads in flight for a memory-bound column to stream at close to the
// core's read bandwidth (see BenchmarkSumMem in simd/bench_test.go).

const (
	aggUnroll   = 2   // loads per accumulator and iteration
	aggPrefetch = 256 // software prefetch distance in bytes (best of 0, 256, 512, 1024 measured on Zen 5)
)

// prefetch emits a non-temporal prefetch of the cache line at m (the column
// is read once; prefetches of addresses past the end are harmless).
func prefetch(m Mem) { PREFETCHNTA(m) }

type aggKind struct {
	name  string // sumInt64, ...
	elem  elem
	ret   string // "" or "bool"
	int64 bool
}

var aggKinds = []aggKind{
	{"sumInt64", eI64, "bool", true},
	{"sumFloat64", eF64, "", false},
	{"minInt64", eI64, "", true},
	{"maxInt64", eI64, "", true},
	{"minFloat64", eF64, "", false},
	{"maxFloat64", eF64, "bool", false},
}

func genAggregate() {
	for _, k := range aggKinds {
		for _, valid := range []bool{false, true} {
			if k.name == "sumInt64" {
				sumInt64Split512(valid)
			} else {
				agg512(k, valid)
			}
			agg256(k, valid)
		}
	}
}

// sumInt64Split512 generates the AVX-512 exact int64 sum. Instead of
// testing every addition for overflow it keeps, per lane, the wrapping sum
// S of the values and the exact sum H of their high halves x>>32
// (arithmetic shift); the Go side rebuilds each lane's exact 128-bit sum
// as H<<32 + (S - H<<32 mod 2^64), which is exact while a lane adds fewer
// than 2^31 values. That is three fused operations per 64 bytes against
// five for the overflow test, so a memory-bound column streams at close to
// the core's read bandwidth.
func sumInt64Split512(valid bool) {
	name := aggName(aggKind{name: "sumInt64"}, valid, "AVX512")
	v := ""
	if valid {
		v = "valid []uint64, "
	}
	TEXT(name, NOSPLIT, "func(x []int64, "+v+"acc *[32]int64)")
	Pragma("noescape")
	Doc(name+" adds x[:len(x)&^63] into acc: lanes 0..15 hold wrapping sums,",
		"lanes 16..31 sums of x>>32; a lane must add fewer than 2^31 values in all.")
	xp := Load(Param("x").Base(), GP64())
	n := Load(Param("x").Len(), GP64())
	var vp Register
	if valid {
		vp = Load(Param("valid").Base(), GP64())
	}
	ap := Load(Param("acc"), GP64())
	var sum, hi [2]VecVirtual
	for j := range 2 {
		sum[j], hi[j] = ZMM(), ZMM()
		VMOVDQU64(Mem{Base: ap, Disp: 64 * j}, sum[j])
		VMOVDQU64(Mem{Base: ap, Disp: 128 + 64*j}, hi[j])
	}
	SHRQ(U8(6), n)
	Label(name + "_loop")
	TESTQ(n, n)
	JZ(LabelRef(name + "_done"))
	for i := 0; i < 8; i++ {
		j := i % 2
		m := Mem{Base: xp, Disp: 64 * i}
		prefetch(m.Offset(aggPrefetch))
		x, t := ZMM(), ZMM()
		if valid {
			km := K()
			KMOVB(Mem{Base: vp, Disp: i}, km)
			VMOVDQU64_Z(m, km, x)
		} else {
			VMOVDQU64(m, x)
		}
		VPSRAQ(U8(32), x, t)
		VPADDQ(x, sum[j], sum[j])
		VPADDQ(t, hi[j], hi[j])
	}
	ADDQ(U32(512), xp)
	if valid {
		ADDQ(U8(8), vp)
	}
	DECQ(n)
	JMP(LabelRef(name + "_loop"))
	Label(name + "_done")
	for j := range 2 {
		VMOVDQU64(sum[j], Mem{Base: ap, Disp: 64 * j})
		VMOVDQU64(hi[j], Mem{Base: ap, Disp: 128 + 64*j})
	}
	VZEROUPPER()
	RET()
}

func aggName(k aggKind, valid bool, lvl string) string {
	n := k.name
	if valid {
		n += "Valid"
	}
	return n + lvl
}

func aggSig(k aggKind, valid bool) string {
	v := ""
	if valid {
		v = "valid []uint64, "
	}
	s := fmt.Sprintf("func(x []%s, %sacc *[32]%s)", k.elem.gotyp, v, k.elem.gotyp)
	if k.ret != "" {
		s += " " + k.ret
	}
	return s
}

func agg512(k aggKind, valid bool) {
	name := aggName(k, valid, "AVX512")
	TEXT(name, NOSPLIT, aggSig(k, valid))
	Pragma("noescape")
	Doc(name + " folds x[:len(x)&^63] into the accumulator lanes.")
	xp := Load(Param("x").Base(), GP64())
	n := Load(Param("x").Len(), GP64())
	var vp Register
	if valid {
		vp = Load(Param("valid").Base(), GP64())
	}
	ap := Load(Param("acc"), GP64())
	acc := make([]VecVirtual, 4)
	for j := range acc {
		acc[j] = ZMM()
		VMOVDQU64(Mem{Base: ap, Disp: 64 * j}, acc[j])
	}
	flag := ZMM()
	var knan Register
	switch k.name {
	case "sumInt64":
		VPXORQ(flag, flag, flag)
	case "maxFloat64":
		knan = K()
		KXORB(knan, knan, knan)
	}
	SHRQ(U8(6), n)
	Label(name + "_loop")
	TESTQ(n, n)
	JZ(LabelRef(name + "_done"))
	for v := 0; v < 4*aggUnroll; v++ {
		j := v % 4
		m := Mem{Base: xp, Disp: 64 * v}
		prefetch(m.Offset(aggPrefetch))
		var km Register
		if valid {
			km = K()
			KMOVB(Mem{Base: vp, Disp: v}, km)
		}
		a := acc[j]
		switch k.name {
		case "sumInt64":
			x, r := ZMM(), ZMM()
			if valid {
				VMOVDQU64_Z(m, km, x)
			} else {
				VMOVDQU64(m, x)
			}
			VPADDQ(x, a, r)
			VPTERNLOGQ(U8(0x42), r, x, a) // a = (a^r)&(x^r): sign set on overflow
			VPORQ(a, flag, flag)
			VMOVDQA64(r, a)
		case "sumFloat64":
			if valid {
				VADDPD(m, a, km, a)
			} else {
				VADDPD(m, a, a)
			}
		case "minInt64", "maxInt64":
			f := VPMINSQ
			if k.name == "maxInt64" {
				f = VPMAXSQ
			}
			if valid {
				f(m, a, km, a)
			} else {
				f(m, a, a)
			}
		case "minFloat64", "maxFloat64":
			// min/max(src1=x, src2=acc) returns acc when x is NaN.
			f := VMINPD
			if k.name == "maxFloat64" {
				f = VMAXPD
			}
			x := ZMM()
			VMOVUPD(m, x)
			if valid {
				f(a, x, km, a)
			} else {
				f(a, x, a)
			}
			if k.name == "maxFloat64" {
				kt := K()
				if valid {
					VCMPPD(U8(3), x, x, km, kt)
				} else {
					VCMPPD(U8(3), x, x, kt)
				}
				KORB(kt, knan, knan)
			}
		}
	}
	ADDQ(U32(256*aggUnroll), xp)
	if valid {
		ADDQ(U8(4*aggUnroll), vp)
	}
	DECQ(n)
	JMP(LabelRef(name + "_loop"))
	Label(name + "_done")
	for j := range acc {
		VMOVDQU64(acc[j], Mem{Base: ap, Disp: 64 * j})
	}
	switch k.name {
	case "sumInt64":
		kf := K()
		VPMOVQ2M(flag, kf)
		r := GP32()
		KMOVB(kf, r)
		TESTL(r, r)
		b := GP8()
		SETNE(b)
		VZEROUPPER()
		Store(b, ReturnIndex(0))
	case "maxFloat64":
		r := GP32()
		KMOVB(knan, r)
		TESTL(r, r)
		b := GP8()
		SETNE(b)
		VZEROUPPER()
		Store(b, ReturnIndex(0))
	default:
		VZEROUPPER()
	}
	RET()
}

func bcastConst256(bits uint64) VecVirtual {
	r := GP64()
	MOVQ(U64(bits), r)
	x := XMM()
	MOVQ(r, x)
	y := YMM()
	VPBROADCASTQ(x, y)
	return y
}

func agg256(k aggKind, valid bool) {
	name := aggName(k, valid, "AVX2")
	TEXT(name, NOSPLIT, aggSig(k, valid))
	Pragma("noescape")
	Doc(name + " folds x[:len(x)&^31] into the accumulator lanes.")
	xp := Load(Param("x").Base(), GP64())
	n := Load(Param("x").Len(), GP64())
	var vp Register
	if valid {
		vp = Load(Param("valid").Base(), GP64())
	}
	ap := Load(Param("acc"), GP64())
	acc := make([]VecVirtual, 4)
	for j := range acc {
		acc[j] = YMM()
		VMOVDQU(Mem{Base: ap, Disp: 32 * j}, acc[j])
	}
	flag := YMM()
	if k.name == "sumInt64" || k.name == "maxFloat64" {
		VPXOR(flag, flag, flag)
	}
	// Identity for masked-out lanes of min/max.
	var ident VecVirtual
	if valid {
		switch k.name {
		case "minInt64":
			ident = bcastConst256(math.MaxInt64)
		case "maxInt64":
			ident = bcastConst256(1 << 63)
		case "minFloat64":
			ident = bcastConst256(math.Float64bits(math.Inf(1)))
		case "maxFloat64":
			ident = bcastConst256(math.Float64bits(math.Inf(-1)))
		}
	}
	var bitc []VecVirtual
	if valid {
		for j := 0; j < 4; j++ {
			c := YMM()
			VMOVDQU(bitsQ.Offset(32*j), c)
			bitc = append(bitc, c)
		}
	}
	SHRQ(U8(5), n)
	Label(name + "_loop")
	TESTQ(n, n)
	JZ(LabelRef(name + "_done"))
	var vb VecVirtual
	for v := 0; v < 4*aggUnroll; v++ {
		j := v % 4
		m := Mem{Base: xp, Disp: 32 * v}
		if v%2 == 0 {
			prefetch(m.Offset(aggPrefetch))
		}
		if valid && j == 0 {
			// 16 validity bits for the next four vectors.
			t := GP32()
			MOVWLZX(Mem{Base: vp, Disp: 2 * (v / 4)}, t)
			tx := XMM()
			MOVQ(t.As64(), tx)
			vb = YMM()
			VPBROADCASTQ(tx, vb)
		}
		var mask VecVirtual
		if valid {
			mask = YMM()
			VPAND(bitc[j], vb, mask)
			VPCMPEQQ(bitc[j], mask, mask)
		}
		a := acc[j]
		if k.name == "sumFloat64" && !valid {
			VADDPD(m, a, a) // folded load: fewer operations per byte
			continue
		}
		x := YMM()
		VMOVDQU(m, x)
		switch k.name {
		case "sumInt64":
			if valid {
				VPAND(mask, x, x)
			}
			r, t1, t2 := YMM(), YMM(), YMM()
			VPADDQ(x, a, r)
			VPXOR(a, r, t1)
			VPXOR(x, r, t2)
			VPAND(t1, t2, t1)
			VPOR(t1, flag, flag)
			VMOVDQA(r, a)
		case "sumFloat64":
			if valid {
				VANDPD(mask, x, x)
			}
			VADDPD(x, a, a)
		case "minInt64", "maxInt64":
			if valid {
				VBLENDVPD(mask, x, ident, x)
			}
			gt := YMM()
			if k.name == "minInt64" {
				VPCMPGTQ(x, a, gt) // a > x
			} else {
				VPCMPGTQ(a, x, gt) // x > a
			}
			VBLENDVPD(gt, x, a, a)
		case "minFloat64", "maxFloat64":
			if valid {
				VBLENDVPD(mask, x, ident, x)
			}
			if k.name == "minFloat64" {
				VMINPD(a, x, a)
			} else {
				VMAXPD(a, x, a)
				t := YMM()
				VCMPPD(U8(3), x, x, t)
				VORPD(t, flag, flag)
			}
		}
	}
	ADDQ(U32(128*aggUnroll), xp)
	if valid {
		ADDQ(U8(2*aggUnroll), vp)
	}
	DECQ(n)
	JMP(LabelRef(name + "_loop"))
	Label(name + "_done")
	for j := range acc {
		VMOVDQU(acc[j], Mem{Base: ap, Disp: 32 * j})
	}
	if k.ret == "bool" {
		r := GP32()
		VMOVMSKPD(flag, r)
		TESTL(r, r)
		b := GP8()
		SETNE(b)
		VZEROUPPER()
		Store(b, ReturnIndex(0))
	} else {
		VZEROUPPER()
	}
	RET()
}
