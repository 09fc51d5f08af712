package sql_test

import (
	"context"
	"strings"
	"testing"

	lsql "github.com/lhsql/lhsql/sql"
)

// TestTimeZoneSetting runs statements on one session and compares the
// first value of each result (as text) or the error. Expected values were
// verified against DuckDB 1.5.6 with ICU.
func TestTimeZoneSetting(t *testing.T) {
	db, err := lsql.Open("")
	if err != nil {
		t.Fatal(err)
	}
	c := db.Conn()
	ctx := context.Background()
	steps := []struct {
		sql  string
		want string // first value, or error text when err is set
		err  bool
	}{
		{"SELECT current_setting('TimeZone')", "UTC", false},
		{"SELECT CAST(TIMESTAMPTZ '2024-07-01 12:00:00' AS VARCHAR)", "2024-07-01 12:00:00+00", false},
		{"SET TimeZone = 'Foo/Bar'", "Not implemented Error: Unknown TimeZone 'Foo/Bar'!", true},
		{"SET TimeZone = 'America/New_York'", "", false},
		{"SELECT current_setting('timezone')", "America/New_York", false},
		{"SELECT CAST(TIMESTAMPTZ '2024-07-01 12:00:00' AS VARCHAR)", "2024-07-01 12:00:00-04", false},
		{"SELECT CAST(TIMESTAMPTZ '2024-07-01 12:00:00+00' AS VARCHAR)", "2024-07-01 08:00:00-04", false},
		{"SELECT CAST(CAST(NULL AS TIMESTAMPTZ) AS VARCHAR)", "NULL", false},
		// A constant folded at bind time and a column cast at run time agree.
		{"SELECT CAST(x AS VARCHAR) FROM (SELECT TIMESTAMPTZ '2024-01-15 12:00:00' + INTERVAL (i) HOUR AS x FROM range(1) t(i))", "2024-01-15 12:00:00-05", false},
		{"SET TimeZone = 'Asia/Kolkata'", "", false},
		{"SELECT CAST(TIMESTAMPTZ '2024-01-01 12:00:00+00' AS TIMESTAMP)", "2024-01-01 17:30:00", false},
		{"RESET TimeZone", "", false},
		{"SELECT current_setting('TimeZone')", "UTC", false},
	}
	for _, s := range steps {
		rows, err := c.Query(ctx, s.sql)
		if s.err {
			if err == nil || !strings.Contains(err.Error(), s.want) {
				t.Errorf("%s: error %v, want %q", s.sql, err, s.want)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", s.sql, err)
		}
		got := ""
		for {
			ch, err := rows.Next()
			if err != nil {
				t.Fatalf("%s: %v", s.sql, err)
			}
			if ch == nil {
				break
			}
			if got == "" && ch.Len > 0 && len(ch.Cols) > 0 {
				got = ch.Cols[0].Get(0).String()
			}
		}
		rows.Close()
		if s.want != "" && got != s.want {
			t.Errorf("%s = %q, want %q", s.sql, got, s.want)
		}
	}
}
