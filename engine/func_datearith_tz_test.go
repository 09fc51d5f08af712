package engine

import (
	"testing"

	"github.com/lhsql/lhsql/vector"
)

// TestDiffTZRoundTrip checks, over half-hour steps spanning both 2024 DST
// changes in New York and a fixed-offset zone, that the day/micros split
// of diffTZ adds back (days with addDaysTZ, then micros) to the later
// value, that the micros are below the gap to the next day step, and
// that reversing the operands negates the result.
func TestDiffTZRoundTrip(t *testing.T) {
	for _, name := range []string{"America/New_York", "Asia/Kolkata"} {
		z, err := vector.LoadZone(name)
		if err != nil {
			t.Fatal(err)
		}
		zc := z.Cursor()
		const half = 30 * 60 * 1_000_000
		base := []int64{1709964000000000, 1730527200000000} // 2024-03-09 06:00Z, 2024-11-02 06:00Z
		for _, b := range base {
			for i := int64(0); i < 100; i++ {
				start := b + i*half
				for j := int64(0); j < 120; j += 7 {
					end := start + j*half
					iv, ok := diffTZ(&zc, end, start)
					if !ok || iv.Months != 0 || iv.Micros < 0 {
						t.Fatalf("%s diffTZ(%d, %d) = %+v, %v", name, end, start, iv, ok)
					}
					at, _ := addDaysTZ(&zc, start, int64(iv.Days))
					if at+iv.Micros != end {
						t.Errorf("%s: start %d + %+v = %d, want %d", name, start, iv, at+iv.Micros, end)
					}
					if next, _ := addDaysTZ(&zc, start, int64(iv.Days)+1); next <= end {
						t.Errorf("%s: start %d end %d: %d days is not the most", name, start, end, iv.Days)
					}
					if r, _ := diffTZ(&zc, start, end); r != negInterval(iv) {
						t.Errorf("%s: reversed diff %+v, want %+v", name, r, negInterval(iv))
					}
				}
			}
		}
	}
}
