package simd

import "testing"

func TestParseLevel(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Level
		ok   bool
	}{
		{"generic", LevelGeneric, true},
		{"AVX2", LevelAVX2, true},
		{" avx512 ", LevelAVX512, true},
		{"neon", LevelNEON, true},
		{"sse9", LevelGeneric, false},
	} {
		got, ok := ParseLevel(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseLevel(%q) = %v,%v want %v,%v", tc.in, got, ok, tc.want, tc.ok)
		}
		if ok && got.String() != "unknown" {
			if back, _ := ParseLevel(got.String()); back != got {
				t.Errorf("String/Parse round trip of %v", got)
			}
		}
	}
}

func TestSetLevelClamps(t *testing.T) {
	orig := CurrentLevel()
	for _, l := range []Level{LevelGeneric, LevelAVX2, LevelAVX512, LevelNEON} {
		restore := SetLevel(l)
		got := CurrentLevel()
		if !isSupported(got) {
			t.Errorf("SetLevel(%v) selected unsupported %v", l, got)
		}
		if isSupported(l) && got != l {
			t.Errorf("SetLevel(%v) selected %v", l, got)
		}
		restore()
		if CurrentLevel() != orig {
			t.Fatalf("restore left %v, want %v", CurrentLevel(), orig)
		}
	}
	if s := SupportedLevels(); s[0] != LevelGeneric {
		t.Fatalf("SupportedLevels()[0] = %v", s[0])
	}
}

func TestEnvOverride(t *testing.T) {
	best := supported[len(supported)-1]
	for _, tc := range []struct {
		env  string
		want Level
	}{
		{"generic", LevelGeneric},
		{"bogus", best},
		{"avx512", clampLevel(LevelAVX512, best)},
	} {
		t.Setenv(EnvVar, tc.env)
		if got := initialLevel(); got != tc.want {
			t.Errorf("%s=%s: level %v want %v", EnvVar, tc.env, got, tc.want)
		}
	}
}
