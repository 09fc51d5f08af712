package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// Stream-read kernels are the benchmarks' bandwidth reference: they load
// every byte of x with wide loads into eight independent accumulators and
// do nothing else, so their throughput on a large x is the single-core read
// bandwidth that the aggregate kernels are measured against. The prefetching
// variant adds one non-temporal prefetch per cache line, dist bytes ahead.

func genStream() {
	stream(8, "AVX512", false)
	stream(4, "AVX2", false)
	stream(8, "PrefetchAVX512", true)
}

func stream(lanes int, lvl string, pf bool) {
	name := "streamRead" + lvl
	sig := "func(x []int64) int64"
	if pf {
		sig = "func(x []int64, dist int) int64"
	}
	TEXT(name, NOSPLIT, sig)
	Pragma("noescape")
	blk := 8 * lanes // values per iteration
	doc := fmt.Sprintf("%s XORs x[:len(x)&^%d] together, eight vectors per iteration", name, blk-1)
	if pf {
		doc += ", prefetching dist bytes ahead"
	}
	Doc(doc + "; it is the benchmarks' read-bandwidth reference.")
	xp := Load(Param("x").Base(), GP64())
	n := Load(Param("x").Len(), GP64())
	var d Register
	if pf {
		d = Load(Param("dist"), GP64())
	}
	acc := make([]VecVirtual, 8)
	for j := range acc {
		if lanes == 8 {
			acc[j] = ZMM()
			VPXORQ(acc[j], acc[j], acc[j])
		} else {
			acc[j] = YMM()
			VPXOR(acc[j], acc[j], acc[j])
		}
	}
	sh := 0
	for 1<<sh < blk {
		sh++
	}
	SHRQ(U8(sh), n)
	Label(name + "_loop")
	TESTQ(n, n)
	JZ(LabelRef(name + "_done"))
	for j := range acc {
		m := Mem{Base: xp, Disp: 8 * lanes * j}
		if pf && (8*lanes*j)%64 == 0 {
			PREFETCHNTA(Mem{Base: xp, Index: d, Scale: 1, Disp: 8 * lanes * j})
		}
		if lanes == 8 {
			VPXORQ(m, acc[j], acc[j])
		} else {
			VPXOR(m, acc[j], acc[j])
		}
	}
	ADDQ(U32(8*blk), xp)
	DECQ(n)
	JMP(LabelRef(name + "_loop"))
	Label(name + "_done")
	for j := 1; j < 8; j++ {
		if lanes == 8 {
			VPXORQ(acc[j], acc[0], acc[0])
		} else {
			VPXOR(acc[j], acc[0], acc[0])
		}
	}
	r := GP64()
	VMOVQ(acc[0].AsX(), r)
	VZEROUPPER()
	Store(r, ReturnIndex(0))
	RET()
}
