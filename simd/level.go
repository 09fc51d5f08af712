package simd

import (
	"os"
	"strings"
)

// Level is a SIMD instruction-set level a kernel implementation targets.
type Level uint8

// The dispatch levels, in increasing order of capability on each
// architecture. LevelNEON is the only non-generic level on arm64.
const (
	LevelGeneric Level = iota // pure Go
	LevelAVX2                 // amd64 AVX2 (+BMI2, POPCNT)
	LevelAVX512               // amd64 AVX-512 F+BW+VL+DQ
	LevelNEON                 // arm64 Advanced SIMD
)

// String returns the name used by LHSQL_SIMD for l.
func (l Level) String() string {
	switch l {
	case LevelGeneric:
		return "generic"
	case LevelAVX2:
		return "avx2"
	case LevelAVX512:
		return "avx512"
	case LevelNEON:
		return "neon"
	}
	return "unknown"
}

// ParseLevel parses a level name as accepted by LHSQL_SIMD.
func ParseLevel(s string) (Level, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "generic", "go", "none", "noasm":
		return LevelGeneric, true
	case "avx2":
		return LevelAVX2, true
	case "avx512", "avx-512":
		return LevelAVX512, true
	case "neon", "asimd":
		return LevelNEON, true
	}
	return LevelGeneric, false
}

// EnvVar is the environment variable that forces a dispatch level.
const EnvVar = "LHSQL_SIMD"

var (
	// supported lists the levels this CPU and build can run, generic first.
	supported = detectLevels()
	// level is the level the dispatched entry points use. It is set once at
	// init (and by SetLevel in tests); kernels read it without locking.
	level = initialLevel()
)

func initialLevel() Level {
	best := supported[len(supported)-1]
	if s, ok := os.LookupEnv(EnvVar); ok {
		if l, ok := ParseLevel(s); ok {
			return clampLevel(l, best)
		}
	}
	return best
}

// clampLevel returns l if it is supported, else the best supported level
// below it (generic at worst). A level of another architecture maps to
// generic.
func clampLevel(l, best Level) Level {
	if isSupported(l) {
		return l
	}
	if l == LevelAVX512 && isSupported(LevelAVX2) {
		return LevelAVX2
	}
	_ = best
	return LevelGeneric
}

func isSupported(l Level) bool {
	for _, s := range supported {
		if s == l {
			return true
		}
	}
	return false
}

// CurrentLevel returns the level the dispatched kernels use.
func CurrentLevel() Level { return level }

// SupportedLevels returns every level this CPU and build can run, generic
// first and the best last.
func SupportedLevels() []Level { return append([]Level(nil), supported...) }

// SetLevel forces the dispatch level (clamped to what the CPU supports) and
// returns a function that restores the previous level. It is a test and
// benchmark hook: it must not be called while kernels run concurrently.
func SetLevel(l Level) (restore func()) {
	prev := level
	level = clampLevel(l, supported[len(supported)-1])
	return func() { level = prev }
}
