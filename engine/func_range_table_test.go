package engine

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// scanRange reads every morsel of t in order and returns the values (nil
// columns: the row count only, as count(*) scans).
func scanRange(t *testing.T, rt *RangeTable, cols []int) ([]int64, int) {
	t.Helper()
	sc, err := rt.Scan(context.Background(), storage.ScanSpec{Columns: cols})
	if err != nil {
		t.Fatal(err)
	}
	defer sc.Close()
	var vals []int64
	rows := 0
	for m := 0; m < sc.Morsels(); m++ {
		err := sc.ReadMorsel(context.Background(), m, func(c *vector.Chunk) error {
			rows += c.Len
			if len(c.Cols) > 0 {
				vals = append(vals, c.Cols[0].I64[:c.Len]...)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return vals, rows
}

func ts(s string) int64 {
	tm, err := time.Parse("2006-01-02 15:04:05", s)
	if err != nil {
		panic(err)
	}
	return tm.UnixMicro()
}

func TestRangeTable(t *testing.T) {
	day := vector.Interval{Days: 1}
	month := vector.Interval{Months: 1}
	tests := []struct {
		name string
		spec RangeSpec
		want []int64 // nil with wantRows: only the count is checked
		rows int
	}{
		{"range 5", RangeSpec{Name: "range", Type: vector.BigInt, Stop: 5, Step: 1}, []int64{0, 1, 2, 3, 4}, 5},
		{"series inclusive", RangeSpec{Name: "generate_series", Type: vector.BigInt, Start: 4, Stop: 19, Step: 5}, []int64{4, 9, 14, 19}, 4},
		{"range exclusive", RangeSpec{Name: "range", Type: vector.BigInt, Start: 4, Stop: 19, Step: 5}, []int64{4, 9, 14}, 3},
		{"negative step", RangeSpec{Name: "range", Type: vector.BigInt, Start: 0, Stop: -5, Step: -2}, []int64{0, -2, -4}, 3},
		{"wrong direction", RangeSpec{Name: "range", Type: vector.BigInt, Start: 0, Stop: 10, Step: -1}, nil, 0},
		{"empty", RangeSpec{Name: "range", Type: vector.BigInt, Start: 3, Stop: 3, Step: 1}, nil, 0},
		{"single inclusive", RangeSpec{Name: "generate_series", Type: vector.BigInt, Start: 3, Stop: 3, Step: 1}, []int64{3}, 1},
		{"null", RangeSpec{Name: "range", Type: vector.BigInt, Stop: 5, Step: 0, Null: true}, nil, 0},
		{"int64 extremes", RangeSpec{Name: "generate_series", Type: vector.BigInt, Start: math.MinInt64, Stop: math.MaxInt64, Step: math.MaxInt64},
			[]int64{math.MinInt64, -1, math.MaxInt64 - 1}, 3},
		{"min step", RangeSpec{Name: "generate_series", Type: vector.BigInt, Start: 0, Stop: math.MinInt64, Step: math.MinInt64},
			[]int64{0, math.MinInt64}, 2},
		{"many morsels", RangeSpec{Name: "range", Type: vector.BigInt, Stop: 3*rangeMorselRows + 7, Step: 1}, nil, 3*rangeMorselRows + 7},
		{"days", RangeSpec{Name: "range", Type: vector.Timestamp, Start: ts("2024-01-01 00:00:00"), Stop: ts("2024-01-04 00:00:00"), Interval: day},
			[]int64{ts("2024-01-01 00:00:00"), ts("2024-01-02 00:00:00"), ts("2024-01-03 00:00:00")}, 3},
		{"months clamp cumulatively", RangeSpec{Name: "generate_series", Type: vector.Timestamp, Start: ts("2024-01-31 00:00:00"), Stop: ts("2024-04-29 00:00:00"), Interval: month},
			[]int64{ts("2024-01-31 00:00:00"), ts("2024-02-29 00:00:00"), ts("2024-03-29 00:00:00"), ts("2024-04-29 00:00:00")}, 4},
		{"months backwards", RangeSpec{Name: "range", Type: vector.Timestamp, Start: ts("1992-03-01 00:00:00"), Stop: ts("1992-01-01 00:00:00"), Interval: vector.Interval{Months: -1}},
			[]int64{ts("1992-03-01 00:00:00"), ts("1992-02-01 00:00:00")}, 2},
		{"months wrong direction", RangeSpec{Name: "range", Type: vector.Timestamp, Start: ts("1993-01-01 00:00:00"), Stop: ts("1992-01-01 00:00:00"), Interval: month}, nil, 0},
		{"sub-second steps", RangeSpec{Name: "generate_series", Type: vector.TimestampTZ, Start: 0, Stop: 10, Interval: vector.Interval{Micros: 4}}, []int64{0, 4, 8}, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rt, err := NewRangeTable(tc.spec)
			if err != nil {
				t.Fatal(err)
			}
			if got := rt.Schema(); len(got) != 1 || got[0].Name != tc.spec.Name || got[0].Type != tc.spec.Type {
				t.Fatalf("schema = %v", got)
			}
			vals, rows := scanRange(t, rt, []int{0})
			if rows != tc.rows || len(vals) != tc.rows {
				t.Fatalf("rows = %d (%d values), want %d", rows, len(vals), tc.rows)
			}
			for i, w := range tc.want {
				if vals[i] != w {
					t.Fatalf("value %d = %d, want %d (all: %v)", i, vals[i], w, vals)
				}
			}
			if tc.want == nil {
				for i := 1; i < len(vals); i++ {
					if vals[i] != vals[i-1]+1 {
						t.Fatalf("value %d = %d after %d", i, vals[i], vals[i-1])
					}
				}
			}
			if _, n := scanRange(t, rt, nil); n != tc.rows {
				t.Fatalf("count-only scan: %d rows, want %d", n, tc.rows)
			}
		})
	}
}

func TestRangeTableErrors(t *testing.T) {
	tests := []struct {
		name string
		spec RangeSpec
		want string
	}{
		{"zero step", RangeSpec{Name: "range", Type: vector.BigInt, Stop: 5}, "Binder Error: interval cannot be 0!"},
		{"zero interval", RangeSpec{Name: "range", Type: vector.Timestamp, Stop: 5}, "Binder Error: interval cannot be 0!"},
		{"mixed signs", RangeSpec{Name: "range", Type: vector.Timestamp, Stop: 5, Interval: vector.Interval{Months: 1, Micros: -1}}, "mixed signs"},
		{"infinite", RangeSpec{Name: "range", Type: vector.Timestamp, Stop: tsInfinity, Interval: vector.Interval{Days: 1}}, "infinite bounds"},
		{"too long", RangeSpec{Name: "generate_series", Type: vector.BigInt, Start: math.MinInt64, Stop: math.MaxInt64, Step: 1}, "Invalid Input Error"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewRangeTable(tc.spec)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

// TestRangeTableCancel checks that a huge series stops at once when its
// context is cancelled, in both the linear and the month-stepped form.
func TestRangeTableCancel(t *testing.T) {
	specs := []RangeSpec{
		{Name: "range", Type: vector.BigInt, Stop: math.MaxInt64, Step: 1},
		{Name: "range", Type: vector.Timestamp, Start: ts("1000-01-01 00:00:00"), Stop: ts("9000-01-01 00:00:00"), Interval: vector.Interval{Months: 1, Micros: 1}},
	}
	for _, s := range specs {
		rt, err := NewRangeTable(s)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		sc, err := rt.Scan(ctx, storage.ScanSpec{Columns: []int{0}})
		if err != nil {
			t.Fatal(err)
		}
		chunks := 0
		err = sc.ReadMorsel(ctx, 0, func(*vector.Chunk) error {
			chunks++
			if chunks == 2 {
				cancel()
			}
			return nil
		})
		if !errors.Is(err, context.Canceled) || chunks != 2 {
			t.Fatalf("%v: err = %v after %d chunks, want context.Canceled after 2", s.Type, err, chunks)
		}
	}
}

// TestRangeTableLastMorsel reads only the last morsel of a series of
// MaxInt64 rows: its bounds and values must not overflow.
func TestRangeTableLastMorsel(t *testing.T) {
	rt, err := NewRangeTable(RangeSpec{Name: "range", Type: vector.BigInt, Stop: math.MaxInt64, Step: 1})
	if err != nil {
		t.Fatal(err)
	}
	sc, err := rt.Scan(context.Background(), storage.ScanSpec{Columns: []int{0}})
	if err != nil {
		t.Fatal(err)
	}
	var last []int64
	err = sc.ReadMorsel(context.Background(), sc.Morsels()-1, func(c *vector.Chunk) error {
		last = append(last, c.Cols[0].I64[:c.Len]...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := math.MaxInt64 % rangeMorselRows
	if len(last) != want || last[len(last)-1] != math.MaxInt64-1 {
		t.Fatalf("last morsel: %d rows ending in %d, want %d ending in %d", len(last), last[len(last)-1], want, int64(math.MaxInt64-1))
	}
}
