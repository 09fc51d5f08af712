package main

import (
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	tests := []struct {
		name, in string
		code     int
		want     []string
	}{
		{"medians", `goos: linux
BenchmarkTPCH/q01-2         	       1	  30000000 ns/op	        30.0 ms/op
BenchmarkTPCH/q01-2         	       1	  10000000 ns/op	        10.0 ms/op
BenchmarkTPCH/q01-2         	       1	  20000000 ns/op	        20.0 ms/op
BenchmarkTPCH/q02-2         	       2	   1500000 ns/op
BenchmarkTPCH/q02-2         	       2	   2500000 ns/op
PASS
`, 0, []string{"BenchmarkTPCH/q01  20.0  10.0  30.0  3", "BenchmarkTPCH/q02  2.0  1.5  2.5  2"}},
		{"failure", "BenchmarkTPCH/q01-2 1 5 ns/op\n--- FAIL: BenchmarkTPCH/q02\nFAIL\n", 1, []string{"BenchmarkTPCH/q01"}},
		{"empty", "PASS\n", 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out strings.Builder
			code, _ := run(strings.NewReader(tt.in), &out)
			if code != tt.code {
				t.Errorf("exit %d, want %d", code, tt.code)
			}
			got := strings.Join(strings.Fields(out.String()), " ")
			for _, w := range tt.want {
				if !strings.Contains(got, strings.Join(strings.Fields(w), " ")) {
					t.Errorf("output lacks %q:\n%s", w, out.String())
				}
			}
		})
	}
}
