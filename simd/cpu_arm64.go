//go:build !noasm

package simd

// detectLevels reports NEON unconditionally: Advanced SIMD is mandatory in
// ARMv8-A and Go's arm64 port already requires it.
func detectLevels() []Level { return []Level{LevelGeneric, LevelNEON} }
