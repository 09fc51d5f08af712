//go:build noasm || !(amd64 || arm64)

package simd

func detectLevels() []Level { return []Level{LevelGeneric} }
