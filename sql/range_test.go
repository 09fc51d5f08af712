package sql_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// TestRangeFunctions checks range / generate_series as table functions
// and as list functions over integers, dates and timestamps.
func TestRangeFunctions(t *testing.T) {
	tests := []struct {
		sql  string
		want []string
	}{
		{"SELECT * FROM range(DATE '2024-01-01', DATE '2024-01-04', INTERVAL 1 DAY)",
			[]string{"2024-01-01 00:00:00", "2024-01-02 00:00:00", "2024-01-03 00:00:00"}},
		{"SELECT * FROM generate_series(TIMESTAMP '2024-01-01', TIMESTAMP '2024-01-02', INTERVAL 12 HOUR)",
			[]string{"2024-01-01 00:00:00", "2024-01-01 12:00:00", "2024-01-02 00:00:00"}},
		{"SELECT g FROM generate_series(DATE '2024-01-31', DATE '2024-04-30', INTERVAL 1 MONTH) t(g)",
			[]string{"2024-01-31 00:00:00", "2024-02-29 00:00:00", "2024-03-29 00:00:00", "2024-04-29 00:00:00"}},
		{"SELECT * FROM range(TIMESTAMP '1992-03-01', TIMESTAMP '1992-01-01', -INTERVAL 1 MONTH)",
			[]string{"1992-03-01 00:00:00", "1992-02-01 00:00:00"}},
		{"SELECT typeof(range) FROM range(DATE '2024-01-01', DATE '2024-01-02', INTERVAL 1 DAY)", []string{"TIMESTAMP"}},
		{"SELECT typeof(generate_series) FROM generate_series(TIMESTAMPTZ '2024-01-01 00:00:00+00', TIMESTAMPTZ '2024-01-01 00:00:00+00', INTERVAL 1 DAY)",
			[]string{"TIMESTAMP WITH TIME ZONE"}},
		{"SELECT count(*) FROM range(NULL, TIMESTAMP '1992-12-31', INTERVAL 1 MONTH)", []string{"0"}},
		{"SELECT count(*) FROM range(NULL)", []string{"0"}},
		{"SELECT count(*) FROM range(0, 10, -1)", []string{"0"}},
		{"SELECT count(*), sum(range) FROM range(300000)", []string{"300000|44999850000"}},
		{"SELECT * FROM generate_series(-9223372036854775808, 9223372036854775807, 9223372036854775807)",
			[]string{"-9223372036854775808", "-1", "9223372036854775806"}},
		{"CALL generate_series(2, 3)", []string{"2", "3"}},
		{"SELECT x, y FROM generate_series(1, 3) AS a(x), generate_series(x, 2) AS b(y) ORDER BY ALL", []string{"1|1", "1|2", "2|2"}},
		{"SELECT generate_series(DATE '2024-01-01', DATE '2024-01-02', INTERVAL 1 DAY)",
			[]string{"['2024-01-01 00:00:00', '2024-01-02 00:00:00']"}},
		{"SELECT range(TIMESTAMP '2024-01-31', TIMESTAMP '2024-03-29', INTERVAL 1 MONTH)",
			[]string{"['2024-01-31 00:00:00', '2024-02-29 00:00:00']"}},
		{"SELECT range(0, 10, 0), range(3, 0), generate_series(5, 1, -2), range(NULL, 3)", []string{"[]|[]|[5, 3, 1]|NULL"}},
		{"SELECT range(TIMESTAMP '2024-01-01', TIMESTAMP '2024-01-02', INTERVAL 0 DAY)", []string{"[]"}},
		{"SELECT list_count(range(i)) FROM range(4) t(i)", []string{"0", "1", "2", "3"}},
	}
	c := newConn(t)
	for _, tc := range tests {
		got := queryLines(t, c, tc.sql)
		if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
			t.Errorf("%s\n got: %q\nwant: %q", tc.sql, got, tc.want)
		}
	}
}

func TestRangeFunctionErrors(t *testing.T) {
	tests := []struct{ sql, want string }{
		{"SELECT * FROM range(0, 10, 0)", "Binder Error: interval cannot be 0!"},
		{"SELECT * FROM range(3) a(x), range(0, 10, 0)", "Binder Error: interval cannot be 0!"},
		{"SELECT * FROM range(DATE '2024-01-01', DATE '2024-01-02', INTERVAL 0 DAY)", "Binder Error: interval cannot be 0!"},
		{"SELECT * FROM range(TIMESTAMP '1992-01-01', TIMESTAMP '1993-01-01', INTERVAL 1 MONTH - INTERVAL 1 HOUR)", "mixed signs"},
		{"SELECT * FROM range(TIMESTAMP '1992-01-01', 'infinity'::TIMESTAMP, INTERVAL 1 DAY)", "infinite bounds"},
		{"SELECT * FROM range(DATE '2024-01-01', DATE '2024-01-02')", "Binder Error"},
		{"SELECT * FROM range('hello')", "Binder Error"},
		{"SELECT range(TIMESTAMP '1992-01-01', 'infinity'::TIMESTAMP, INTERVAL 1 DAY)", "Invalid Input Error: Interval infinite bounds not supported"},
		{"SELECT range(TIMESTAMP '1992-01-01', TIMESTAMP '1993-01-01', INTERVAL 1 MONTH - INTERVAL 1 HOUR)", "Invalid Input Error: Interval with mix of negative/positive entries"},
		{"SELECT range(1000000000000)", "Invalid Input Error"},
	}
	c := newConn(t)
	for _, tc := range tests {
		_, err := c.Exec(context.Background(), tc.sql)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.sql, err, tc.want)
		}
	}
}

// TestRangeCancel checks that counting a series of ten billion rows stops
// promptly when the query's context ends.
func TestRangeCancel(t *testing.T) {
	c := newConn(t)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	rows, err := c.Query(ctx, "SELECT count(*) FROM range(10000000000)")
	if err == nil {
		_, err = rows.Next()
		rows.Close()
	}
	if err == nil || !errors.Is(err, context.DeadlineExceeded) && !strings.HasPrefix(err.Error(), "Interrupt Error") {
		t.Fatalf("err = %v, want an interrupt", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("cancelled query took %v", d)
	}
}
