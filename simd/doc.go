// Package simd holds leaf kernels on raw slices with CPU-feature dispatch.
//
// Every kernel has a pure-Go reference implementation (named xxxGeneric) that
// is always compiled. On amd64 the kernels also have AVX2 and AVX-512
// variants generated with avo from simd/_gen; on arm64 the most important
// kernels have hand-written NEON variants. The level is chosen once at init
// from the CPU features (github.com/klauspost/cpuid/v2 on amd64; Advanced
// SIMD is mandatory on arm64); the environment variable
// LHSQL_SIMD=generic|avx2|avx512|neon forces a level (never above what the
// CPU supports) and SetLevel does the same in tests. Building with
// -tags noasm gives a pure-Go package.
//
// Conventions shared by all kernels:
//   - A validity bitmap is a []uint64 where bit i (word i/64, bit i%64) set
//     means row i is valid (not NULL). A nil bitmap means all rows are valid.
//   - A selection vector is a []uint32 of strictly increasing row indices.
//     A nil selection vector means all rows; an empty non-nil one, none.
//   - Output slices must be large enough (documented per kernel); kernels
//     panic like ordinary slice indexing when a caller breaks that contract,
//     while kernels that interpret data (gather indices, bit-packed input)
//     report bad input with an error or a false result instead.
//   - Every level returns bit-identical results, except for floating-point
//     sums, whose rounding depends on the order of additions, and the sign
//     of a zero returned by float min/max.
//
// Kernel families (each in its own file):
//   - compare.go: CompareInt64Sel/Bitmap, CompareInt32Sel/Bitmap,
//     CompareFloat64Sel/Bitmap and the Between* variants: a column against a
//     constant into a selection vector (optionally filtering an input
//     selection in place) or a bitmap.
//   - bitmap.go: AndBitmap, OrBitmap, AndNotBitmap, NotBitmap, BitmapToSel,
//     CountBitmap, ClearTail.
//   - aggregate.go: SumInt64 (exact, reports overflow), SumFloat64,
//     MinInt64/MaxInt64, MinFloat64/MaxFloat64. The dense kernels prefetch
//     and fold 512 bytes per iteration so that a column streamed from memory
//     runs at close to the core's read bandwidth (BenchmarkSumMemRatio
//     compares them with the streamRead* references); the AVX-512 and
//     selection-vector int64 sums keep a wrapping sum and a sum of high
//     halves instead of testing each addition for overflow.
//   - hash.go: MixInt64/HashInt64, HashFloat64, Combine/HashCombine/
//     HashInt64Combine for multi-column keys, HashString/HashStrings.
//   - gather.go: GatherInt64, GatherFloat64, GatherInt32 (VPGATHER kernels
//     on Intel only; elsewhere an unrolled Go loop, which is faster on AMD).
//   - unpack.go: UnpackUint32/UnpackInt32 for Parquet bit-packed runs.
//
// Floating-point comparisons and min/max follow SQL (DuckDB/PostgreSQL)
// ordering: NaN equals NaN and sorts above every other value, including
// +Inf; -0 equals +0.
package simd

//go:generate sh -c "cd _gen && go run ."
