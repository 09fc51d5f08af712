//go:build !noasm

// Hand-written NEON kernels for arm64. The Go assembler lacks several
// Advanced SIMD instructions, so those are emitted as WORDs by the macros
// below (register numbers as arguments; encodings checked against GNU as).

#include "textflag.h"

#define CMGT2D(d, n, m)   WORD $(0x4EE03400 | ((m)<<16) | ((n)<<5) | (d)) // cmgt vd.2d, vn.2d, vm.2d (signed n > m)
#define CMEQ2D(d, n, m)   WORD $(0x6EE08C00 | ((m)<<16) | ((n)<<5) | (d)) // cmeq vd.2d, vn.2d, vm.2d
#define FCMEQ2D(d, n, m)  WORD $(0x4E60E400 | ((m)<<16) | ((n)<<5) | (d)) // fcmeq vd.2d, vn.2d, vm.2d
#define FCMGE2D(d, n, m)  WORD $(0x6E60E400 | ((m)<<16) | ((n)<<5) | (d)) // fcmge vd.2d, vn.2d, vm.2d
#define FCMGT2D(d, n, m)  WORD $(0x6EE0E400 | ((m)<<16) | ((n)<<5) | (d)) // fcmgt vd.2d, vn.2d, vm.2d
#define FADD2D(d, n, m)   WORD $(0x4E60D400 | ((m)<<16) | ((n)<<5) | (d)) // fadd vd.2d, vn.2d, vm.2d
#define FMINNM2D(d, n, m) WORD $(0x4EE0C400 | ((m)<<16) | ((n)<<5) | (d)) // fminnm vd.2d, vn.2d, vm.2d
#define FMAXNM2D(d, n, m) WORD $(0x4E60C400 | ((m)<<16) | ((n)<<5) | (d)) // fmaxnm vd.2d, vn.2d, vm.2d
#define MUL4S(d, n, m)    WORD $(0x4EA09C00 | ((m)<<16) | ((n)<<5) | (d)) // mul vd.4s, vn.4s, vm.4s
#define UMULL2D(d, n, m)  WORD $(0x2EA0C000 | ((m)<<16) | ((n)<<5) | (d)) // umull vd.2d, vn.2s, vm.2s
#define NOT16B(d, n)      WORD $(0x6E205800 | ((n)<<5) | (d))             // mvn vd.16b, vn.16b
#define XTN2S(d, n)       WORD $(0x0EA12800 | ((n)<<5) | (d))             // xtn vd.2s, vn.2d

// Bit weights for turning four 2-lane masks (V10..V13) into one byte.
DATA neonbits<>+0(SB)/8, $1
DATA neonbits<>+8(SB)/8, $2
DATA neonbits<>+16(SB)/8, $4
DATA neonbits<>+24(SB)/8, $8
DATA neonbits<>+32(SB)/8, $16
DATA neonbits<>+40(SB)/8, $32
DATA neonbits<>+48(SB)/8, $64
DATA neonbits<>+56(SB)/8, $128
GLOBL neonbits<>(SB), RODATA|NOPTR, $64

// COLLECT folds the masks in V10..V13 into 8 bits, flips them with R7 and
// stores the byte at R2 (post-increment).
#define COLLECT \
	VAND	V6.B16, V10.B16, V10.B16; \
	VAND	V7.B16, V11.B16, V11.B16; \
	VAND	V8.B16, V12.B16, V12.B16; \
	VAND	V9.B16, V13.B16, V13.B16; \
	VORR	V11.B16, V10.B16, V10.B16; \
	VORR	V13.B16, V12.B16, V12.B16; \
	VORR	V12.B16, V10.B16, V10.B16; \
	VMOV	V10.D[0], R8; \
	VMOV	V10.D[1], R9; \
	ORR	R9, R8, R8; \
	EORW	R7, R8, R8; \
	MOVB.P	R8, 1(R2)

// Shared prologue of the compare kernels: R0 = x, R1 = number of 8-value
// blocks, R2 = dst, V4/V5 = constants, V6..V9 = bit weights, R7 = 0 or
// 0xff (negate), R5 = mode & 15.
#define CMP_PROLOGUE \
	MOVD	x_base+0(FP), R0; \
	MOVD	x_len+8(FP), R1; \
	MOVD	c+24(FP), R3; \
	MOVD	c2+32(FP), R4; \
	MOVD	mode+40(FP), R5; \
	MOVD	dst_base+48(FP), R2; \
	LSR	$3, R1, R1; \
	VDUP	R3, V4.D2; \
	VDUP	R4, V5.D2; \
	MOVD	$neonbits<>(SB), R6; \
	VLD1	(R6), [V6.D2, V7.D2, V8.D2, V9.D2]; \
	MOVD	$0, R7; \
	TBZ	$4, R5, 2(PC); \
	MOVD	$0xff, R7; \
	AND	$15, R5, R5

// Aggregates fold 8 values per iteration into V16..V19, loaded from and
// stored back to *acc (lanes 0..7); they handle len(x)&^7 values.
#define AGG_PROLOGUE \
	MOVD	x_base+0(FP), R0; \
	MOVD	x_len+8(FP), R1; \
	MOVD	acc+24(FP), R2; \
	VLD1	(R2), [V16.D2, V17.D2, V18.D2, V19.D2]; \
	LSR	$3, R1, R1

// SUMSTEP adds x (register vx, number nx) to accumulator va with the
// signed-overflow sign bit (a^r)&(x^r) or-ed into V20.
#define SUMSTEP(vx, va) \
	VADD	vx.D2, va.D2, V21.D2; \
	VEOR	va.B16, V21.B16, V22.B16; \
	VEOR	vx.B16, V21.B16, V23.B16; \
	VAND	V22.B16, V23.B16, V22.B16; \
	VORR	V22.B16, V20.B16, V20.B16; \
	VORR	V21.B16, V21.B16, va.B16

// MUL64(h, nh) multiplies the 64-bit lanes of register h (number nh) by
// the constant whose dword-swapped form is in V(ks) and low half in V(kl):
// h*k = lo(h)*lo(k) + ((lo(h)*hi(k) + hi(h)*lo(k)) << 32).
#define MUL64(h, nh, ks, kl) \
	MUL4S(2, nh, ks); \
	VREV64	V2.S4, V3.S4; \
	VADD	V3.S4, V2.S4, V2.S4; \
	VSHL	$32, V2.D2, V2.D2; \
	XTN2S(3, nh); \
	UMULL2D(4, 3, kl); \
	VADD	V4.D2, V2.D2, h.D2

#define XSHIFT33(h) \
	VUSHR	$33, h.D2, V5.D2; \
	VEOR	V5.B16, h.B16, h.B16

// func cmpBmInt64NEON(x []int64, c, c2 int64, mode int, dst []uint64)
// mode&15: 0 x==c, 1 c>x, 2 x>c, 3 c>x || x>c2; mode&16 negates.
// Handles len(x)&^7 values (the caller passes whole 64-value words).
TEXT ·cmpBmInt64NEON(SB), NOSPLIT, $0-72
	CMP_PROLOGUE
	CBZ	R1, idone
	CMP	$1, R5
	BEQ	ilt
	CMP	$2, R5
	BEQ	igt
	CMP	$3, R5
	BEQ	ibt
ieq:
	VLD1.P	64(R0), [V0.D2, V1.D2, V2.D2, V3.D2]
	CMEQ2D(10, 0, 4)
	CMEQ2D(11, 1, 4)
	CMEQ2D(12, 2, 4)
	CMEQ2D(13, 3, 4)
	COLLECT
	SUBS	$1, R1, R1
	BNE	ieq
	RET
ilt:
	VLD1.P	64(R0), [V0.D2, V1.D2, V2.D2, V3.D2]
	CMGT2D(10, 4, 0)
	CMGT2D(11, 4, 1)
	CMGT2D(12, 4, 2)
	CMGT2D(13, 4, 3)
	COLLECT
	SUBS	$1, R1, R1
	BNE	ilt
	RET
igt:
	VLD1.P	64(R0), [V0.D2, V1.D2, V2.D2, V3.D2]
	CMGT2D(10, 0, 4)
	CMGT2D(11, 1, 4)
	CMGT2D(12, 2, 4)
	CMGT2D(13, 3, 4)
	COLLECT
	SUBS	$1, R1, R1
	BNE	igt
	RET
ibt:
	VLD1.P	64(R0), [V0.D2, V1.D2, V2.D2, V3.D2]
	CMGT2D(10, 4, 0)
	CMGT2D(11, 4, 1)
	CMGT2D(12, 4, 2)
	CMGT2D(13, 4, 3)
	CMGT2D(16, 0, 5)
	CMGT2D(17, 1, 5)
	CMGT2D(18, 2, 5)
	CMGT2D(19, 3, 5)
	VORR	V16.B16, V10.B16, V10.B16
	VORR	V17.B16, V11.B16, V11.B16
	VORR	V18.B16, V12.B16, V12.B16
	VORR	V19.B16, V13.B16, V13.B16
	COLLECT
	SUBS	$1, R1, R1
	BNE	ibt
idone:
	RET

// func cmpBmFloat64NEON(x []float64, c, c2 float64, mode int, dst []uint64)
// mode&15: 0 x==c, 1 c>x, 2 c>=x, 3 c>x || !(c2>=x); mode&16 negates.
TEXT ·cmpBmFloat64NEON(SB), NOSPLIT, $0-72
	CMP_PROLOGUE
	CBZ	R1, fdone
	CMP	$1, R5
	BEQ	flt
	CMP	$2, R5
	BEQ	fle
	CMP	$3, R5
	BEQ	fbt
feq:
	VLD1.P	64(R0), [V0.D2, V1.D2, V2.D2, V3.D2]
	FCMEQ2D(10, 0, 4)
	FCMEQ2D(11, 1, 4)
	FCMEQ2D(12, 2, 4)
	FCMEQ2D(13, 3, 4)
	COLLECT
	SUBS	$1, R1, R1
	BNE	feq
	RET
flt:
	VLD1.P	64(R0), [V0.D2, V1.D2, V2.D2, V3.D2]
	FCMGT2D(10, 4, 0)
	FCMGT2D(11, 4, 1)
	FCMGT2D(12, 4, 2)
	FCMGT2D(13, 4, 3)
	COLLECT
	SUBS	$1, R1, R1
	BNE	flt
	RET
fle:
	VLD1.P	64(R0), [V0.D2, V1.D2, V2.D2, V3.D2]
	FCMGE2D(10, 4, 0)
	FCMGE2D(11, 4, 1)
	FCMGE2D(12, 4, 2)
	FCMGE2D(13, 4, 3)
	COLLECT
	SUBS	$1, R1, R1
	BNE	fle
	RET
fbt:
	VLD1.P	64(R0), [V0.D2, V1.D2, V2.D2, V3.D2]
	FCMGT2D(10, 4, 0)
	FCMGT2D(11, 4, 1)
	FCMGT2D(12, 4, 2)
	FCMGT2D(13, 4, 3)
	FCMGE2D(16, 5, 0)
	FCMGE2D(17, 5, 1)
	FCMGE2D(18, 5, 2)
	FCMGE2D(19, 5, 3)
	NOT16B(16, 16)
	NOT16B(17, 17)
	NOT16B(18, 18)
	NOT16B(19, 19)
	VORR	V16.B16, V10.B16, V10.B16
	VORR	V17.B16, V11.B16, V11.B16
	VORR	V18.B16, V12.B16, V12.B16
	VORR	V19.B16, V13.B16, V13.B16
	COLLECT
	SUBS	$1, R1, R1
	BNE	fbt
fdone:
	RET

// func sumInt64NEON(x []int64, acc *[32]int64) bool
TEXT ·sumInt64NEON(SB), NOSPLIT, $0-33
	AGG_PROLOGUE
	VEOR	V20.B16, V20.B16, V20.B16
	CBZ	R1, sidone
siloop:
	VLD1.P	64(R0), [V0.D2, V1.D2, V2.D2, V3.D2]
	SUMSTEP(V0, V16)
	SUMSTEP(V1, V17)
	SUMSTEP(V2, V18)
	SUMSTEP(V3, V19)
	SUBS	$1, R1, R1
	BNE	siloop
sidone:
	VST1	[V16.D2, V17.D2, V18.D2, V19.D2], (R2)
	VMOV	V20.D[0], R3
	VMOV	V20.D[1], R4
	ORR	R4, R3, R3
	LSR	$63, R3, R3
	MOVB	R3, ret+32(FP)
	RET

// func sumFloat64NEON(x []float64, acc *[32]float64)
TEXT ·sumFloat64NEON(SB), NOSPLIT, $0-32
	AGG_PROLOGUE
	CBZ	R1, sfdone
sfloop:
	VLD1.P	64(R0), [V0.D2, V1.D2, V2.D2, V3.D2]
	FADD2D(16, 16, 0)
	FADD2D(17, 17, 1)
	FADD2D(18, 18, 2)
	FADD2D(19, 19, 3)
	SUBS	$1, R1, R1
	BNE	sfloop
sfdone:
	VST1	[V16.D2, V17.D2, V18.D2, V19.D2], (R2)
	RET

// func minInt64NEON(x []int64, acc *[32]int64)
TEXT ·minInt64NEON(SB), NOSPLIT, $0-32
	AGG_PROLOGUE
	CBZ	R1, mindone
minloop:
	VLD1.P	64(R0), [V0.D2, V1.D2, V2.D2, V3.D2]
	CMGT2D(24, 16, 0) // acc > x
	CMGT2D(25, 17, 1)
	CMGT2D(26, 18, 2)
	CMGT2D(27, 19, 3)
	VBIT	V24.B16, V0.B16, V16.B16
	VBIT	V25.B16, V1.B16, V17.B16
	VBIT	V26.B16, V2.B16, V18.B16
	VBIT	V27.B16, V3.B16, V19.B16
	SUBS	$1, R1, R1
	BNE	minloop
mindone:
	VST1	[V16.D2, V17.D2, V18.D2, V19.D2], (R2)
	RET

// func maxInt64NEON(x []int64, acc *[32]int64)
TEXT ·maxInt64NEON(SB), NOSPLIT, $0-32
	AGG_PROLOGUE
	CBZ	R1, maxdone
maxloop:
	VLD1.P	64(R0), [V0.D2, V1.D2, V2.D2, V3.D2]
	CMGT2D(24, 0, 16) // x > acc
	CMGT2D(25, 1, 17)
	CMGT2D(26, 2, 18)
	CMGT2D(27, 3, 19)
	VBIT	V24.B16, V0.B16, V16.B16
	VBIT	V25.B16, V1.B16, V17.B16
	VBIT	V26.B16, V2.B16, V18.B16
	VBIT	V27.B16, V3.B16, V19.B16
	SUBS	$1, R1, R1
	BNE	maxloop
maxdone:
	VST1	[V16.D2, V17.D2, V18.D2, V19.D2], (R2)
	RET

// func minFloat64NEON(x []float64, acc *[32]float64)
// FMINNM ignores a NaN operand, as the Go side expects.
TEXT ·minFloat64NEON(SB), NOSPLIT, $0-32
	AGG_PROLOGUE
	CBZ	R1, fmindone
fminloop:
	VLD1.P	64(R0), [V0.D2, V1.D2, V2.D2, V3.D2]
	FMINNM2D(16, 16, 0)
	FMINNM2D(17, 17, 1)
	FMINNM2D(18, 18, 2)
	FMINNM2D(19, 19, 3)
	SUBS	$1, R1, R1
	BNE	fminloop
fmindone:
	VST1	[V16.D2, V17.D2, V18.D2, V19.D2], (R2)
	RET

// func maxFloat64NEON(x []float64, acc *[32]float64) bool
// Returns whether any value was NaN (x != x) in V20.
TEXT ·maxFloat64NEON(SB), NOSPLIT, $0-33
	AGG_PROLOGUE
	VEOR	V20.B16, V20.B16, V20.B16
	CBZ	R1, fmaxdone
fmaxloop:
	VLD1.P	64(R0), [V0.D2, V1.D2, V2.D2, V3.D2]
	FMAXNM2D(16, 16, 0)
	FMAXNM2D(17, 17, 1)
	FMAXNM2D(18, 18, 2)
	FMAXNM2D(19, 19, 3)
	FCMEQ2D(24, 0, 0)
	FCMEQ2D(25, 1, 1)
	FCMEQ2D(26, 2, 2)
	FCMEQ2D(27, 3, 3)
	VAND	V25.B16, V24.B16, V24.B16
	VAND	V27.B16, V26.B16, V26.B16
	VAND	V26.B16, V24.B16, V24.B16
	NOT16B(24, 24)
	VORR	V24.B16, V20.B16, V20.B16
	SUBS	$1, R1, R1
	BNE	fmaxloop
fmaxdone:
	VST1	[V16.D2, V17.D2, V18.D2, V19.D2], (R2)
	VMOV	V20.D[0], R3
	VMOV	V20.D[1], R4
	ORR	R4, R3, R3
	CMP	$0, R3
	CSET	NE, R3
	MOVB	R3, ret+32(FP)
	RET

// func hashInt64NEON(dst []uint64, x []int64)
// dst[i] = fmix64(x[i] + hashOffset) for len(x)&^1 values, matching
// simd.MixInt64.
TEXT ·hashInt64NEON(SB), NOSPLIT, $0-48
	MOVD	dst_base+0(FP), R0
	MOVD	x_base+24(FP), R1
	MOVD	x_len+32(FP), R2
	LSR	$1, R2, R2
	CBZ	R2, hdone
	MOVD	$0x9e3779b97f4a7c15, R3
	VDUP	R3, V24.D2
	MOVD	$0xed558ccdff51afd7, R3 // hashMul1 with its dwords swapped
	VDUP	R3, V25.D2
	MOVD	$0xed558ccd, R3 // low dword of hashMul1
	VDUP	R3, V26.S4
	MOVD	$0x1a85ec53c4ceb9fe, R3 // hashMul2 with its dwords swapped
	VDUP	R3, V27.D2
	MOVD	$0x1a85ec53, R3 // low dword of hashMul2
	VDUP	R3, V28.S4
hloop:
	VLD1.P	16(R1), [V0.D2]
	VADD	V24.D2, V0.D2, V0.D2
	XSHIFT33(V0)
	MUL64(V0, 0, 25, 26)
	XSHIFT33(V0)
	MUL64(V0, 0, 27, 28)
	XSHIFT33(V0)
	VST1.P	[V0.D2], 16(R0)
	SUBS	$1, R2, R2
	BNE	hloop
hdone:
	RET
