package main

import (
	"math"
	"math/bits"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
)

var (
	iotaD  Mem // 16 dwords 0..15
	selLUT Mem // 256 entries of 8 bytes: positions of the set bits of the index
	bitsQ  Mem // 16 qwords 1<<i, for expanding validity bits to qword lanes
	posInf Mem
	negInf Mem
)

func genData() {
	iotaD = GLOBL("iotad", RODATA|NOPTR)
	for i := 0; i < 16; i++ {
		DATA(4*i, U32(uint32(i)))
	}
	selLUT = GLOBL("sellut", RODATA|NOPTR)
	for m := 0; m < 256; m++ {
		k := 0
		for j := 0; j < 8; j++ {
			if m&(1<<j) != 0 {
				DATA(8*m+k, U8(uint8(j)))
				k++
			}
		}
		for ; k < 8; k++ {
			DATA(8*m+k, U8(0))
		}
	}
	bitsQ = GLOBL("bitsq", RODATA|NOPTR)
	for i := 0; i < 16; i++ {
		DATA(8*i, U64(uint64(1)<<i))
	}
	posInf = GLOBL("posinf", RODATA|NOPTR)
	DATA(0, U64(math.Float64bits(math.Inf(1))))
	negInf = GLOBL("neginf", RODATA|NOPTR)
	DATA(0, U64(math.Float64bits(math.Inf(-1))))
	_ = bits.OnesCount
}
