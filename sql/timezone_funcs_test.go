package sql_test

import (
	"context"
	"testing"

	lsql "github.com/lhsql/lhsql/sql"
)

// tzCase is one query run under a session time zone; want is the first
// value of the result as text ("NULL" for NULL).
type tzCase struct {
	zone, sql, want string
}

// runTZCases runs each case on a fresh session of one database after
// SET TimeZone and compares the first value.
func runTZCases(t *testing.T, cases []tzCase) {
	t.Helper()
	db, err := lsql.Open("")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, tc := range cases {
		c := db.Conn()
		if _, err := c.Exec(ctx, "SET TimeZone = '"+tc.zone+"'"); err != nil {
			t.Fatalf("SET TimeZone %s: %v", tc.zone, err)
		}
		rows, err := c.Query(ctx, tc.sql)
		if err != nil {
			t.Errorf("[%s] %s: %v", tc.zone, tc.sql, err)
			continue
		}
		got, seen := "", false
		for {
			ch, err := rows.Next()
			if err != nil {
				t.Fatalf("[%s] %s: %v", tc.zone, tc.sql, err)
			}
			if ch == nil {
				break
			}
			if !seen && ch.Len > 0 && len(ch.Cols) > 0 {
				got, seen = ch.Cols[0].Get(0).String(), true
			}
		}
		rows.Close()
		if got != tc.want {
			t.Errorf("[%s] %s = %q, want %q", tc.zone, tc.sql, got, tc.want)
		}
	}
}

// TestTimeZoneDatePart checks date_part and its shortcuts, and
// date_trunc, on TIMESTAMPTZ in the session zone, on both sides of DST
// changes. Expected values are DuckDB 1.5.6's (with ICU).
func TestTimeZoneDatePart(t *testing.T) {
	runTZCases(t, []tzCase{
		{"America/New_York", "SELECT date_part('hour', TIMESTAMPTZ '2024-03-10 06:30:00+00')", "1"},
		{"America/New_York", "SELECT date_part('hour', TIMESTAMPTZ '2024-03-10 07:30:00+00')", "3"},
		{"America/New_York", "SELECT date_part('timezone', TIMESTAMPTZ '2024-03-10 06:30:00+00')", "-18000"},
		{"America/New_York", "SELECT date_part('timezone', TIMESTAMPTZ '2024-03-10 07:30:00+00')", "-14400"},
		{"America/New_York", "SELECT date_part('timezone_hour', TIMESTAMPTZ '2024-11-03 05:30:00+00')", "-4"},
		{"America/New_York", "SELECT date_part('timezone_hour', TIMESTAMPTZ '2024-11-03 06:30:00+00')", "-5"},
		{"America/New_York", "SELECT extract(day FROM TIMESTAMPTZ '2024-01-01 03:00:00+00')", "31"},
		{"America/New_York", "SELECT year(TIMESTAMPTZ '2024-01-01 03:00:00+00')", "2023"},
		{"America/New_York", "SELECT dayofweek(TIMESTAMPTZ '2024-03-10 03:30:00+00')", "6"},
		{"America/New_York", "SELECT datepart('yearweek', TIMESTAMPTZ '2024-01-01 03:00:00+00')", "202352"},
		{"America/New_York", "SELECT CAST(date_part('julian', TIMESTAMPTZ '2024-03-10 07:30:00+00') AS VARCHAR)", "2460380.1458333335"},
		{"America/New_York", "SELECT CAST(date_part('epoch', TIMESTAMPTZ '2024-03-10 07:30:00+00') AS VARCHAR)", "1710055800.0"},
		{"America/New_York", "SELECT hour(TIMESTAMPTZ '2024-07-01 00:00:00+00' + INTERVAL (i) HOUR) FROM range(3) t(i) ORDER BY i DESC LIMIT 1", "22"},
		{"America/New_York", "SELECT date_part('hour', CAST(NULL AS TIMESTAMPTZ))", "NULL"},
		{"Asia/Kolkata", "SELECT date_part('minute', TIMESTAMPTZ '2024-03-10 07:00:00+00')", "30"},
		{"Asia/Kolkata", "SELECT date_part('timezone_minute', TIMESTAMPTZ '2024-03-10 07:00:00+00')", "30"},
		{"Asia/Kolkata", "SELECT date_part('timezone', TIMESTAMPTZ '2024-03-10 07:00:00+00')", "19800"},
		{"UTC", "SELECT date_part('hour', TIMESTAMPTZ '2024-03-10 07:30:00+00')", "7"},
		{"UTC", "SELECT date_part('timezone', TIMESTAMPTZ '2024-03-10 07:30:00+00')", "0"},
		{"America/New_York", "SELECT CAST(date_trunc('hour', TIMESTAMPTZ '2024-11-03 05:30:00+00') AS VARCHAR)", "2024-11-03 01:00:00-05"},
		{"America/New_York", "SELECT CAST(date_trunc('hour', TIMESTAMPTZ '2024-11-03 06:30:00+00') AS VARCHAR)", "2024-11-03 01:00:00-05"},
		{"America/New_York", "SELECT CAST(date_trunc('day', TIMESTAMPTZ '2024-11-03 12:30:00+00') AS VARCHAR)", "2024-11-03 00:00:00-04"},
		{"America/New_York", "SELECT CAST(date_trunc('day', TIMESTAMPTZ '2024-03-10 12:30:00+00') AS VARCHAR)", "2024-03-10 00:00:00-05"},
		{"America/New_York", "SELECT CAST(date_trunc('month', TIMESTAMPTZ '2024-03-01 02:30:00+00') AS VARCHAR)", "2024-02-01 00:00:00-05"},
		{"America/New_York", "SELECT CAST(date_trunc('week', TIMESTAMPTZ '2024-03-11 02:30:00+00') AS VARCHAR)", "2024-03-04 00:00:00-05"},
		{"America/New_York", "SELECT CAST(datetrunc('year', TIMESTAMPTZ '2024-01-01 02:30:00+00') AS VARCHAR)", "2023-01-01 00:00:00-05"},
		{"America/New_York", "SELECT CAST(date_trunc('day', TIMESTAMPTZ '2024-03-10 12:30:00+00' + INTERVAL (i) HOUR) AS VARCHAR) FROM range(1) t(i)", "2024-03-10 00:00:00-05"},
		{"America/New_York", "SELECT CAST(date_trunc('day', CAST(NULL AS TIMESTAMPTZ)) AS VARCHAR)", "NULL"},
		{"Asia/Kolkata", "SELECT CAST(date_trunc('hour', TIMESTAMPTZ '2024-11-03 05:10:00+00') AS VARCHAR)", "2024-11-03 10:00:00+05:30"},
		{"Asia/Kolkata", "SELECT CAST(date_trunc('day', TIMESTAMPTZ '2024-11-03 20:10:00+00') AS VARCHAR)", "2024-11-04 00:00:00+05:30"},
		{"UTC", "SELECT CAST(date_trunc('day', TIMESTAMPTZ '2024-11-03 20:10:00+00') AS VARCHAR)", "2024-11-03 00:00:00+00"},
		{"America/New_York", "SELECT CAST(time_bucket(INTERVAL 1 DAY, TIMESTAMPTZ '2024-03-10 12:30:00+00') AS VARCHAR)", "2024-03-09 19:00:00-05"},
	})
}

// TestTimeZoneStrftime checks strftime on TIMESTAMPTZ: the wall-clock
// time in the session zone with its offset (%z) and name (%Z); the
// reversed strftime(format, TIMESTAMPTZ) stays in UTC as in DuckDB.
// Expected values are DuckDB 1.5.6's (with ICU).
func TestTimeZoneStrftime(t *testing.T) {
	runTZCases(t, []tzCase{
		{"America/New_York", "SELECT strftime(TIMESTAMPTZ '2024-03-10 07:30:00+00', '%Y-%m-%d %H:%M:%S %z %Z')", "2024-03-10 03:30:00 -04 America/New_York"},
		{"America/New_York", "SELECT strftime(TIMESTAMPTZ '2024-03-10 06:30:00+00', '%Y-%m-%d %H:%M:%S %z %Z')", "2024-03-10 01:30:00 -05 America/New_York"},
		{"America/New_York", "SELECT strftime(TIMESTAMPTZ '2024-11-03 05:30:00+00', '%c %z')", "2024-11-03 01:30:00 -04"},
		{"America/New_York", "SELECT strftime(TIMESTAMPTZ '2024-11-03 06:30:00+00', '%c %z')", "2024-11-03 01:30:00 -05"},
		{"America/New_York", "SELECT strftime(TIMESTAMP '2024-01-10 07:30:00', '%z %Z')", "+00 "},
		{"America/New_York", "SELECT strftime('%d/%m/%Y %H %z %Z.', TIMESTAMPTZ '2024-01-01 02:00:00+00' + INTERVAL (i) HOUR) FROM range(1) t(i)", "01/01/2024 02 +00 ."},
		{"America/New_York", "SELECT strftime(CAST(NULL AS TIMESTAMPTZ), '%H')", "NULL"},
		{"America/New_York", "SELECT strftime(CAST('infinity' AS TIMESTAMPTZ), '%H %z')", "infinity"},
		{"Asia/Kolkata", "SELECT strftime(TIMESTAMPTZ '2024-03-10 07:30:00+00', '%Y-%m-%d %H:%M:%S %z %Z')", "2024-03-10 13:00:00 +05:30 Asia/Kolkata"},
		{"UTC", "SELECT strftime(TIMESTAMPTZ '2024-03-10 07:30:00+00', '%Y-%m-%d %H:%M:%S %z %Z')", "2024-03-10 07:30:00 +00 UTC"},
		{"EST", "SELECT strftime(TIMESTAMPTZ '2024-07-10 07:30:00+00', '%H %z %Z')", "02 -05 EST"},
		{"America/New_York", "SELECT strftime(TIMESTAMPTZ '2024-01-01 02:00:00+00' + INTERVAL (i) HOUR, '%d/%m/%Y %H %z %Z') FROM range(1) t(i)", "31/12/2023 21 -05 America/New_York"},
	})
}

// TestTimeZoneIntervalArith checks TIMESTAMPTZ +/- INTERVAL and
// TIMESTAMPTZ - TIMESTAMPTZ in the session zone: months and days move
// the local calendar (keeping the wall clock across DST changes where
// that time exists), micros move the instant; differences count local
// calendar days. Expected values are DuckDB 1.5.6's (with ICU).
func TestTimeZoneIntervalArith(t *testing.T) {
	runTZCases(t, []tzCase{
		{"America/New_York", "SELECT CAST(TIMESTAMPTZ '2024-03-09 12:00:00-05' + INTERVAL 1 DAY AS VARCHAR)", "2024-03-10 12:00:00-04"},
		{"America/New_York", "SELECT CAST(TIMESTAMPTZ '2024-03-09 12:00:00-05' + INTERVAL 24 HOUR AS VARCHAR)", "2024-03-10 13:00:00-04"},
		{"America/New_York", "SELECT CAST(TIMESTAMPTZ '2024-03-09 12:00:00-05' + INTERVAL '1 day 2 hours' AS VARCHAR)", "2024-03-10 14:00:00-04"},
		{"America/New_York", "SELECT CAST(TIMESTAMPTZ '2024-03-10 12:00:00-04' - INTERVAL 1 DAY AS VARCHAR)", "2024-03-09 12:00:00-05"},
		{"America/New_York", "SELECT CAST(TIMESTAMPTZ '2024-02-10 12:00:00-05' + INTERVAL 1 MONTH AS VARCHAR)", "2024-03-10 12:00:00-04"},
		{"America/New_York", "SELECT CAST(TIMESTAMPTZ '2024-02-10 02:30:00-05' + INTERVAL 1 MONTH AS VARCHAR)", "2024-03-10 03:30:00-04"},
		{"America/New_York", "SELECT CAST(TIMESTAMPTZ '2024-10-03 01:30:00-04' + INTERVAL 1 MONTH AS VARCHAR)", "2024-11-03 01:30:00-05"},
		{"America/New_York", "SELECT CAST(TIMESTAMPTZ '2024-01-31 12:00:00-05' + INTERVAL 1 MONTH AS VARCHAR)", "2024-02-29 12:00:00-05"},
		{"America/New_York", "SELECT CAST(INTERVAL 1 DAY + TIMESTAMPTZ '2024-11-02 12:00:00-04' AS VARCHAR)", "2024-11-03 12:00:00-05"},
		{"America/New_York", "SELECT CAST(TIMESTAMPTZ '2024-03-09 02:30:00-05' + INTERVAL 1 DAY AS VARCHAR)", "2024-03-10 03:30:00-04"},
		{"America/New_York", "SELECT CAST(TIMESTAMPTZ '2024-11-03 01:30:00-04' + INTERVAL 1 HOUR AS VARCHAR)", "2024-11-03 01:30:00-05"},
		{"America/New_York", "SELECT CAST(TIMESTAMPTZ '2024-11-02 01:30:00-04' + INTERVAL 1 DAY AS VARCHAR)", "2024-11-03 01:30:00-04"},
		{"America/New_York", "SELECT CAST(TIMESTAMPTZ '2024-11-04 01:30:00-05' - INTERVAL 1 DAY AS VARCHAR)", "2024-11-03 01:30:00-05"},
		{"America/New_York", "SELECT CAST(TIMESTAMPTZ '2024-03-11 02:30:00-04' - INTERVAL 1 DAY AS VARCHAR)", "2024-03-10 03:30:00-04"},
		{"America/New_York", "SELECT CAST(TIMESTAMPTZ '2024-01-15 12:00:00-05' + INTERVAL '2 months 3 days 4 hours' AS VARCHAR)", "2024-03-18 16:00:00-04"},
		{"America/New_York", "SELECT CAST(TIMESTAMPTZ '2024-03-09 12:00:00-05' + INTERVAL (i) DAY AS VARCHAR) FROM range(1, 2) t(i)", "2024-03-10 12:00:00-04"},
		{"America/New_York", "SELECT CAST(TIMESTAMPTZ '2024-03-09 12:00:00-05' + CAST(NULL AS INTERVAL) AS VARCHAR)", "NULL"},
		{"America/New_York", "SELECT CAST(CAST('infinity' AS TIMESTAMPTZ) + INTERVAL 1 DAY AS VARCHAR)", "infinity"},
		{"America/New_York", "SELECT CAST(TIMESTAMPTZ '2024-03-10 12:00:00-04' - TIMESTAMPTZ '2024-03-09 12:00:00-05' AS VARCHAR)", "1 day"},
		{"America/New_York", "SELECT CAST(TIMESTAMPTZ '2024-03-09 12:00:00-05' - TIMESTAMPTZ '2024-03-10 12:00:00-04' AS VARCHAR)", "-1 day"},
		{"America/New_York", "SELECT CAST(TIMESTAMPTZ '2024-04-10 12:00:00-04' - TIMESTAMPTZ '2024-03-09 12:00:00-05' AS VARCHAR)", "32 days"},
		{"America/New_York", "SELECT CAST(TIMESTAMPTZ '2024-03-10 11:00:00-04' - TIMESTAMPTZ '2024-03-09 12:00:00-05' AS VARCHAR)", "22:00:00"},
		{"America/New_York", "SELECT CAST(TIMESTAMPTZ '2024-11-04 00:00:00-05' - TIMESTAMPTZ '2024-11-02 23:30:00-04' AS VARCHAR)", "1 day 00:30:00"},
		{"America/New_York", "SELECT CAST(TIMESTAMPTZ '2024-11-03 01:30:00-05' - TIMESTAMPTZ '2024-11-03 01:30:00-04' AS VARCHAR)", "01:00:00"},
		{"Asia/Kolkata", "SELECT CAST(TIMESTAMPTZ '2024-03-09 12:00:00+00' + INTERVAL '1 month 1 day' AS VARCHAR)", "2024-04-10 17:30:00+05:30"},
		{"Asia/Kolkata", "SELECT CAST(TIMESTAMPTZ '2024-03-09 20:00:00+00' - TIMESTAMPTZ '2024-03-08 12:00:00+00' AS VARCHAR)", "1 day 08:00:00"},
		{"UTC", "SELECT CAST(TIMESTAMPTZ '2024-03-09 12:00:00-05' + INTERVAL 1 DAY AS VARCHAR)", "2024-03-10 17:00:00+00"},
		{"UTC", "SELECT CAST(TIMESTAMPTZ '2024-03-09 12:00:00+00' - TIMESTAMPTZ '2024-03-10 13:00:00+00' AS VARCHAR)", "-1 day -01:00:00"},
	})
}

// TestTimeZoneAtTimeZone checks ts AT TIME ZONE zone and timezone(zone,
// ts) in both directions, with constant, NULL and per-row zones.
// Expected values are DuckDB 1.5.6's (with ICU).
func TestTimeZoneAtTimeZone(t *testing.T) {
	runTZCases(t, []tzCase{
		{"America/New_York", "SELECT CAST(TIMESTAMP '2024-01-01 12:00:00' AT TIME ZONE 'Asia/Kolkata' AS VARCHAR)", "2024-01-01 01:30:00-05"},
		{"America/New_York", "SELECT CAST(TIMESTAMPTZ '2024-01-01 12:00:00+00' AT TIME ZONE 'Asia/Kolkata' AS VARCHAR)", "2024-01-01 17:30:00"},
		{"America/New_York", "SELECT typeof(DATE '2024-01-01' AT TIME ZONE 'UTC')", "TIMESTAMP WITH TIME ZONE"},
		{"America/New_York", "SELECT CAST(DATE '2024-01-01' AT TIME ZONE 'UTC' AS VARCHAR)", "2023-12-31 19:00:00-05"},
		{"America/New_York", "SELECT CAST(timezone('america/new_york', TIMESTAMP '2024-03-10 02:30:00') AS VARCHAR)", "2024-03-10 03:30:00-04"},
		{"America/New_York", "SELECT CAST(timezone('America/New_York', TIMESTAMP '2024-11-03 01:30:00') AS VARCHAR)", "2024-11-03 01:30:00-05"},
		{"UTC", "SELECT CAST(timezone('America/New_York', TIMESTAMPTZ '2024-11-03 05:30:00+00') AS VARCHAR)", "2024-11-03 01:30:00"},
		{"UTC", "SELECT CAST(timezone('America/New_York', TIMESTAMPTZ '2024-11-03 06:30:00+00') AS VARCHAR)", "2024-11-03 01:30:00"},
		{"America/New_York", "SELECT CAST(TIMESTAMPTZ '2024-01-01 12:00:00+00' AT TIME ZONE 'UTC' AS VARCHAR)", "2024-01-01 12:00:00"},
		{"UTC", "SELECT CAST(timezone(NULL, TIMESTAMP '2024-01-01 12:00:00') AS VARCHAR)", "NULL"},
		{"UTC", "SELECT typeof(timezone(NULL, TIMESTAMP '2024-01-01 12:00:00'))", "TIMESTAMP WITH TIME ZONE"},
		{"UTC", "SELECT string_agg(CAST(timezone(z, TIMESTAMP '2024-01-01 12:00:00') AS VARCHAR), ',' ORDER BY z) FROM (VALUES ('Asia/Kolkata'), ('America/New_York'), (NULL)) t(z)", "2024-01-01 17:00:00+00,2024-01-01 06:30:00+00"},
		{"UTC", "SELECT CAST(timezone('Asia/Kolkata', CAST(NULL AS TIMESTAMPTZ)) AS VARCHAR)", "NULL"},
		{"Asia/Kolkata", "SELECT CAST(CAST('2024-06-01 10:00:00' AS TIMESTAMP) AT TIME ZONE 'Europe/London' AS VARCHAR)", "2024-06-01 14:30:00+05:30"},
	})
}

// TestTimeZoneNestedRendering checks that TIMESTAMPTZ values inside
// LIST, STRUCT and MAP values render in the session zone when cast to
// VARCHAR. Expected values are DuckDB 1.5.6's (with ICU).
func TestTimeZoneNestedRendering(t *testing.T) {
	runTZCases(t, []tzCase{
		{"America/New_York", "SELECT CAST([TIMESTAMPTZ '2024-01-01 12:00:00+00', NULL, TIMESTAMPTZ '2024-07-01 12:00:00+00'] AS VARCHAR)", "['2024-01-01 07:00:00-05', NULL, '2024-07-01 08:00:00-04']"},
		{"America/New_York", "SELECT CAST({'a': TIMESTAMPTZ '2024-07-01 12:00:00+00', 'b': 1} AS VARCHAR)", "{'a': '2024-07-01 08:00:00-04', 'b': 1}"},
		{"America/New_York", "SELECT CAST(MAP {TIMESTAMPTZ '2024-01-01 12:00:00+00': 1} AS VARCHAR)", "{'2024-01-01 07:00:00-05'=1}"},
		{"America/New_York", "SELECT CAST([[TIMESTAMPTZ '2024-01-01 12:00:00+00', NULL]] AS VARCHAR)", "[['2024-01-01 07:00:00-05', NULL]]"},
		{"America/New_York", "SELECT CAST(list(TIMESTAMPTZ '2024-03-10 06:00:00+00' + INTERVAL (i) HOUR ORDER BY i) AS VARCHAR) FROM range(2) t(i)", "['2024-03-10 01:00:00-05', '2024-03-10 03:00:00-04']"},
		{"Asia/Kolkata", "SELECT CAST([TIMESTAMPTZ '2024-01-01 12:00:00+00'] AS VARCHAR)", "['2024-01-01 17:30:00+05:30']"},
		{"UTC", "SELECT CAST([TIMESTAMPTZ '2024-01-01 12:00:00+00'] AS VARCHAR)", "['2024-01-01 12:00:00+00']"},
		{"America/New_York", "SELECT CAST(CAST(NULL AS TIMESTAMPTZ[]) AS VARCHAR)", "NULL"},
	})
}

// TestTimeZoneDateDiffTrunc checks date_diff and date_trunc on
// TIMESTAMPTZ over a grid of parts and instants around DST changes, in
// fixed-offset zones and before standard time (local mean time offsets
// with seconds), plus DuckDB's decade/century/millennium truncation and
// ISO-year differences. Expected values are DuckDB 1.5.6's (with ICU).
func TestTimeZoneDateDiffTrunc(t *testing.T) {
	runTZCases(t, []tzCase{
		{"America/New_York", "SELECT CAST(date_trunc('century', TIMESTAMPTZ '1900-01-01 12:00:00+00') AS VARCHAR)", "1900-01-01 00:00:00-05"},
		{"America/New_York", "SELECT CAST(date_trunc('day', TIMESTAMPTZ '1900-01-01 12:00:00+00') AS VARCHAR)", "1900-01-01 00:00:00-05"},
		{"America/New_York", "SELECT CAST(date_trunc('day', TIMESTAMPTZ '2024-04-06 15:10:00+00') AS VARCHAR)", "2024-04-06 00:00:00-04"},
		{"America/New_York", "SELECT CAST(date_trunc('day', TIMESTAMPTZ '2024-11-03 05:30:10+00') AS VARCHAR)", "2024-11-03 00:00:00-04"},
		{"America/New_York", "SELECT CAST(date_trunc('day', TIMESTAMPTZ '2024-11-03 06:30:10+00') AS VARCHAR)", "2024-11-03 00:00:00-04"},
		{"America/New_York", "SELECT CAST(date_trunc('millennium', TIMESTAMPTZ '1900-01-01 12:00:00+00') AS VARCHAR)", "1000-01-01 00:00:00-04:56"},
		{"America/New_York", "SELECT CAST(date_trunc('millennium', TIMESTAMPTZ '2024-03-10 07:30:10.5+00') AS VARCHAR)", "2000-01-01 00:00:00-05"},
		{"America/New_York", "SELECT CAST(date_trunc('minute', TIMESTAMPTZ '1900-01-01 12:00:00+00') AS VARCHAR)", "1900-01-01 07:00:00-05"},
		{"America/New_York", "SELECT CAST(date_trunc('minute', TIMESTAMPTZ '2024-03-10 07:30:10.5+00') AS VARCHAR)", "2024-03-10 03:30:00-04"},
		{"America/New_York", "SELECT CAST(date_trunc('minute', TIMESTAMPTZ '2024-04-06 15:10:00+00') AS VARCHAR)", "2024-04-06 11:10:00-04"},
		{"America/New_York", "SELECT CAST(date_trunc('minute', TIMESTAMPTZ '2024-10-05 15:40:00+00') AS VARCHAR)", "2024-10-05 11:40:00-04"},
		{"America/New_York", "SELECT CAST(date_trunc('minute', TIMESTAMPTZ '2024-11-03 05:30:10+00') AS VARCHAR)", "2024-11-03 01:30:00-04"},
		{"America/New_York", "SELECT CAST(date_trunc('minute', TIMESTAMPTZ '2024-11-03 06:30:10+00') AS VARCHAR)", "2024-11-03 01:30:00-05"},
		{"America/New_York", "SELECT CAST(date_trunc('second', TIMESTAMPTZ '1900-01-01 12:00:00+00') AS VARCHAR)", "1900-01-01 07:00:00-05"},
		{"America/New_York", "SELECT date_diff('decade', TIMESTAMPTZ '2024-01-01 05:10:00+00', TIMESTAMPTZ '2024-01-01 05:40:00+00')", "0"},
		{"America/New_York", "SELECT date_diff('decade', TIMESTAMPTZ '2024-03-09 23:30:00-05', TIMESTAMPTZ '2024-03-10 12:30:00-04')", "0"},
		{"America/New_York", "SELECT date_diff('decade', TIMESTAMPTZ '2024-11-03 05:30:00+00', TIMESTAMPTZ '2024-11-03 06:10:00+00')", "0"},
		{"America/New_York", "SELECT date_diff('decade', TIMESTAMPTZ '2024-11-03 06:40:00+00', TIMESTAMPTZ '2024-11-03 05:20:00+00')", "0"},
		{"America/New_York", "SELECT date_diff('decade', TIMESTAMPTZ '2024-12-29 20:00:00+00', TIMESTAMPTZ '2025-01-06 04:50:00+00')", "0"},
		{"America/New_York", "SELECT date_diff('epoch', TIMESTAMPTZ '2024-01-01 05:10:00+00', TIMESTAMPTZ '2024-01-01 05:40:00+00')", "1800"},
		{"America/New_York", "SELECT date_diff('epoch', TIMESTAMPTZ '2024-03-09 23:30:00-05', TIMESTAMPTZ '2024-03-10 12:30:00-04')", "43200"},
		{"America/New_York", "SELECT date_diff('epoch', TIMESTAMPTZ '2024-11-03 05:30:00+00', TIMESTAMPTZ '2024-11-03 06:10:00+00')", "2400"},
		{"America/New_York", "SELECT date_diff('epoch', TIMESTAMPTZ '2024-11-03 06:40:00+00', TIMESTAMPTZ '2024-11-03 05:20:00+00')", "-4800"},
		{"America/New_York", "SELECT date_diff('epoch', TIMESTAMPTZ '2024-12-29 20:00:00+00', TIMESTAMPTZ '2025-01-06 04:50:00+00')", "636600"},
		{"America/New_York", "SELECT date_diff('hour', TIMESTAMPTZ '2024-01-01 05:10:00+00', TIMESTAMPTZ '2024-01-01 05:40:00+00')", "0"},
		{"America/New_York", "SELECT date_diff('hour', TIMESTAMPTZ '2024-03-09 23:30:00-05', TIMESTAMPTZ '2024-03-10 12:30:00-04')", "12"},
		{"America/New_York", "SELECT date_diff('hour', TIMESTAMPTZ '2024-11-03 05:30:00+00', TIMESTAMPTZ '2024-11-03 06:10:00+00')", "0"},
		{"America/New_York", "SELECT date_diff('hour', TIMESTAMPTZ '2024-11-03 06:40:00+00', TIMESTAMPTZ '2024-11-03 05:20:00+00')", "0"},
		{"America/New_York", "SELECT date_diff('hour', TIMESTAMPTZ '2024-12-29 20:00:00+00', TIMESTAMPTZ '2025-01-06 04:50:00+00')", "176"},
		{"America/New_York", "SELECT date_diff('minute', TIMESTAMPTZ '2024-01-01 05:10:00+00', TIMESTAMPTZ '2024-01-01 05:40:00+00')", "30"},
		{"America/New_York", "SELECT date_diff('minute', TIMESTAMPTZ '2024-03-09 23:30:00-05', TIMESTAMPTZ '2024-03-10 12:30:00-04')", "720"},
		{"America/New_York", "SELECT date_diff('minute', TIMESTAMPTZ '2024-11-03 05:30:00+00', TIMESTAMPTZ '2024-11-03 06:10:00+00')", "40"},
		{"America/New_York", "SELECT date_diff('minute', TIMESTAMPTZ '2024-11-03 06:40:00+00', TIMESTAMPTZ '2024-11-03 05:20:00+00')", "-80"},
		{"America/New_York", "SELECT date_diff('minute', TIMESTAMPTZ '2024-12-29 20:00:00+00', TIMESTAMPTZ '2025-01-06 04:50:00+00')", "10610"},
		{"America/New_York", "SELECT date_diff('quarter', TIMESTAMPTZ '2024-03-09 23:30:00-05', TIMESTAMPTZ '2024-03-10 12:30:00-04')", "0"},
		{"America/New_York", "SELECT date_diff('second', TIMESTAMPTZ '2024-01-01 05:10:00+00', TIMESTAMPTZ '2024-01-01 05:40:00+00')", "1800"},
		{"America/New_York", "SELECT date_diff('second', TIMESTAMPTZ '2024-03-09 23:30:00-05', TIMESTAMPTZ '2024-03-10 12:30:00-04')", "43200"},
		{"America/New_York", "SELECT date_diff('second', TIMESTAMPTZ '2024-11-03 05:30:00+00', TIMESTAMPTZ '2024-11-03 06:10:00+00')", "2400"},
		{"America/New_York", "SELECT date_diff('second', TIMESTAMPTZ '2024-11-03 06:40:00+00', TIMESTAMPTZ '2024-11-03 05:20:00+00')", "-4800"},
		{"America/New_York", "SELECT date_diff('second', TIMESTAMPTZ '2024-12-29 20:00:00+00', TIMESTAMPTZ '2025-01-06 04:50:00+00')", "636600"},
		{"Asia/Kolkata", "SELECT CAST(date_trunc('decade', TIMESTAMPTZ '1900-01-01 12:00:00+00') AS VARCHAR)", "1900-01-01 00:00:00+05:21"},
		{"Asia/Kolkata", "SELECT CAST(date_trunc('hour', TIMESTAMPTZ '1900-01-01 12:00:00+00') AS VARCHAR)", "1900-01-01 17:00:00+05:21"},
		{"Asia/Kolkata", "SELECT CAST(date_trunc('minute', TIMESTAMPTZ '1900-01-01 12:00:00+00') AS VARCHAR)", "1900-01-01 17:21:00+05:21"},
		{"Asia/Kolkata", "SELECT CAST(date_trunc('second', TIMESTAMPTZ '1900-01-01 12:00:00+00') AS VARCHAR)", "1900-01-01 17:21:10+05:21"},
		{"Asia/Kolkata", "SELECT date_diff('epoch', TIMESTAMPTZ '2024-01-01 05:10:00+00', TIMESTAMPTZ '2024-01-01 05:40:00+00')", "1800"},
		{"Asia/Kolkata", "SELECT date_diff('epoch', TIMESTAMPTZ '2024-03-09 23:30:00-05', TIMESTAMPTZ '2024-03-10 12:30:00-04')", "43200"},
		{"Asia/Kolkata", "SELECT date_diff('epoch', TIMESTAMPTZ '2024-11-03 05:30:00+00', TIMESTAMPTZ '2024-11-03 06:10:00+00')", "2400"},
		{"Asia/Kolkata", "SELECT date_diff('epoch', TIMESTAMPTZ '2024-11-03 06:40:00+00', TIMESTAMPTZ '2024-11-03 05:20:00+00')", "-4800"},
		{"Asia/Kolkata", "SELECT date_diff('epoch', TIMESTAMPTZ '2024-12-29 20:00:00+00', TIMESTAMPTZ '2025-01-06 04:50:00+00')", "636600"},
		{"Asia/Kolkata", "SELECT date_diff('hour', TIMESTAMPTZ '2024-01-01 05:10:00+00', TIMESTAMPTZ '2024-01-01 05:40:00+00')", "1"},
		{"Asia/Kolkata", "SELECT date_diff('hour', TIMESTAMPTZ '2024-03-09 23:30:00-05', TIMESTAMPTZ '2024-03-10 12:30:00-04')", "12"},
		{"Asia/Kolkata", "SELECT date_diff('hour', TIMESTAMPTZ '2024-11-03 05:30:00+00', TIMESTAMPTZ '2024-11-03 06:10:00+00')", "0"},
		{"Asia/Kolkata", "SELECT date_diff('hour', TIMESTAMPTZ '2024-11-03 06:40:00+00', TIMESTAMPTZ '2024-11-03 05:20:00+00')", "-2"},
		{"Asia/Kolkata", "SELECT date_diff('hour', TIMESTAMPTZ '2024-12-29 20:00:00+00', TIMESTAMPTZ '2025-01-06 04:50:00+00')", "177"},
		{"Asia/Kolkata", "SELECT date_diff('isoyear', TIMESTAMPTZ '2024-01-01 05:10:00+00', TIMESTAMPTZ '2024-01-01 05:40:00+00')", "0"},
		{"Asia/Kolkata", "SELECT date_diff('isoyear', TIMESTAMPTZ '2024-03-09 23:30:00-05', TIMESTAMPTZ '2024-03-10 12:30:00-04')", "0"},
		{"Asia/Kolkata", "SELECT date_diff('isoyear', TIMESTAMPTZ '2024-11-03 05:30:00+00', TIMESTAMPTZ '2024-11-03 06:10:00+00')", "0"},
		{"Asia/Kolkata", "SELECT date_diff('isoyear', TIMESTAMPTZ '2024-11-03 06:40:00+00', TIMESTAMPTZ '2024-11-03 05:20:00+00')", "0"},
		{"Asia/Kolkata", "SELECT date_diff('isoyear', TIMESTAMPTZ '2024-12-29 20:00:00+00', TIMESTAMPTZ '2025-01-06 04:50:00+00')", "0"},
		{"Asia/Kolkata", "SELECT date_diff('minute', TIMESTAMPTZ '2024-01-01 05:10:00+00', TIMESTAMPTZ '2024-01-01 05:40:00+00')", "30"},
		{"Asia/Kolkata", "SELECT date_diff('minute', TIMESTAMPTZ '2024-03-09 23:30:00-05', TIMESTAMPTZ '2024-03-10 12:30:00-04')", "720"},
		{"Asia/Kolkata", "SELECT date_diff('minute', TIMESTAMPTZ '2024-11-03 05:30:00+00', TIMESTAMPTZ '2024-11-03 06:10:00+00')", "40"},
		{"Asia/Kolkata", "SELECT date_diff('minute', TIMESTAMPTZ '2024-11-03 06:40:00+00', TIMESTAMPTZ '2024-11-03 05:20:00+00')", "-80"},
		{"Asia/Kolkata", "SELECT date_diff('minute', TIMESTAMPTZ '2024-12-29 20:00:00+00', TIMESTAMPTZ '2025-01-06 04:50:00+00')", "10610"},
		{"Asia/Kolkata", "SELECT date_diff('year', TIMESTAMPTZ '2024-01-01 05:10:00+00', TIMESTAMPTZ '2024-01-01 05:40:00+00')", "0"},
		{"Asia/Kolkata", "SELECT date_diff('year', TIMESTAMPTZ '2024-03-09 23:30:00-05', TIMESTAMPTZ '2024-03-10 12:30:00-04')", "0"},
		{"Asia/Kolkata", "SELECT date_diff('year', TIMESTAMPTZ '2024-11-03 05:30:00+00', TIMESTAMPTZ '2024-11-03 06:10:00+00')", "0"},
		{"Asia/Kolkata", "SELECT date_diff('year', TIMESTAMPTZ '2024-11-03 06:40:00+00', TIMESTAMPTZ '2024-11-03 05:20:00+00')", "0"},
		{"Asia/Kolkata", "SELECT date_diff('year', TIMESTAMPTZ '2024-12-29 20:00:00+00', TIMESTAMPTZ '2025-01-06 04:50:00+00')", "1"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('century', TIMESTAMPTZ '1900-01-01 12:00:00+00') AS VARCHAR)", "1900-01-01 00:00:00+10"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('century', TIMESTAMPTZ '2024-10-05 15:40:00+00') AS VARCHAR)", "2000-01-01 00:00:00+11"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('century', TIMESTAMPTZ '2024-11-03 05:30:10+00') AS VARCHAR)", "2000-01-01 00:00:00+11"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('century', TIMESTAMPTZ '2024-11-03 06:30:10+00') AS VARCHAR)", "2000-01-01 00:00:00+11"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('day', TIMESTAMPTZ '1900-01-01 12:00:00+00') AS VARCHAR)", "1900-01-01 00:00:00+10"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('day', TIMESTAMPTZ '2024-10-05 15:40:00+00') AS VARCHAR)", "2024-10-06 00:00:00+10:30"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('day', TIMESTAMPTZ '2024-11-03 05:30:10+00') AS VARCHAR)", "2024-11-03 00:00:00+11"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('day', TIMESTAMPTZ '2024-11-03 06:30:10+00') AS VARCHAR)", "2024-11-03 00:00:00+11"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('decade', TIMESTAMPTZ '1900-01-01 12:00:00+00') AS VARCHAR)", "1900-01-01 00:00:00+10"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('decade', TIMESTAMPTZ '2024-10-05 15:40:00+00') AS VARCHAR)", "2020-01-01 00:00:00+11"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('decade', TIMESTAMPTZ '2024-11-03 05:30:10+00') AS VARCHAR)", "2020-01-01 00:00:00+11"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('decade', TIMESTAMPTZ '2024-11-03 06:30:10+00') AS VARCHAR)", "2020-01-01 00:00:00+11"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('hour', TIMESTAMPTZ '1900-01-01 12:00:00+00') AS VARCHAR)", "1900-01-01 22:00:00+10"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('hour', TIMESTAMPTZ '2024-03-10 07:30:10.5+00') AS VARCHAR)", "2024-03-10 18:00:00+11"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('hour', TIMESTAMPTZ '2024-04-06 15:10:00+00') AS VARCHAR)", "2024-04-07 01:00:00+11"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('hour', TIMESTAMPTZ '2024-10-05 15:40:00+00') AS VARCHAR)", "2024-10-06 02:30:00+11"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('hour', TIMESTAMPTZ '2024-11-03 05:30:10+00') AS VARCHAR)", "2024-11-03 16:00:00+11"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('hour', TIMESTAMPTZ '2024-11-03 06:30:10+00') AS VARCHAR)", "2024-11-03 17:00:00+11"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('millennium', TIMESTAMPTZ '1900-01-01 12:00:00+00') AS VARCHAR)", "1000-01-01 00:00:00+10:36"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('millennium', TIMESTAMPTZ '2024-10-05 15:40:00+00') AS VARCHAR)", "2000-01-01 00:00:00+11"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('millennium', TIMESTAMPTZ '2024-11-03 05:30:10+00') AS VARCHAR)", "2000-01-01 00:00:00+11"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('millennium', TIMESTAMPTZ '2024-11-03 06:30:10+00') AS VARCHAR)", "2000-01-01 00:00:00+11"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('minute', TIMESTAMPTZ '1900-01-01 12:00:00+00') AS VARCHAR)", "1900-01-01 22:00:00+10"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('minute', TIMESTAMPTZ '2024-03-10 07:30:10.5+00') AS VARCHAR)", "2024-03-10 18:30:00+11"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('minute', TIMESTAMPTZ '2024-04-06 15:10:00+00') AS VARCHAR)", "2024-04-07 01:40:00+10:30"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('minute', TIMESTAMPTZ '2024-10-05 15:40:00+00') AS VARCHAR)", "2024-10-06 02:40:00+11"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('minute', TIMESTAMPTZ '2024-11-03 05:30:10+00') AS VARCHAR)", "2024-11-03 16:30:00+11"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('minute', TIMESTAMPTZ '2024-11-03 06:30:10+00') AS VARCHAR)", "2024-11-03 17:30:00+11"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('month', TIMESTAMPTZ '1900-01-01 12:00:00+00') AS VARCHAR)", "1900-01-01 00:00:00+10"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('month', TIMESTAMPTZ '2024-10-05 15:40:00+00') AS VARCHAR)", "2024-10-01 00:00:00+10:30"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('month', TIMESTAMPTZ '2024-11-03 05:30:10+00') AS VARCHAR)", "2024-11-01 00:00:00+11"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('month', TIMESTAMPTZ '2024-11-03 06:30:10+00') AS VARCHAR)", "2024-11-01 00:00:00+11"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('quarter', TIMESTAMPTZ '1900-01-01 12:00:00+00') AS VARCHAR)", "1900-01-01 00:00:00+10"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('quarter', TIMESTAMPTZ '2024-10-05 15:40:00+00') AS VARCHAR)", "2024-10-01 00:00:00+10:30"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('quarter', TIMESTAMPTZ '2024-11-03 05:30:10+00') AS VARCHAR)", "2024-10-01 00:00:00+10:30"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('quarter', TIMESTAMPTZ '2024-11-03 06:30:10+00') AS VARCHAR)", "2024-10-01 00:00:00+10:30"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('second', TIMESTAMPTZ '1900-01-01 12:00:00+00') AS VARCHAR)", "1900-01-01 22:00:00+10"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('second', TIMESTAMPTZ '2024-10-05 15:40:00+00') AS VARCHAR)", "2024-10-06 02:40:00+11"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('second', TIMESTAMPTZ '2024-11-03 05:30:10+00') AS VARCHAR)", "2024-11-03 16:30:10+11"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('second', TIMESTAMPTZ '2024-11-03 06:30:10+00') AS VARCHAR)", "2024-11-03 17:30:10+11"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('week', TIMESTAMPTZ '1900-01-01 12:00:00+00') AS VARCHAR)", "1900-01-01 00:00:00+10"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('week', TIMESTAMPTZ '2024-10-05 15:40:00+00') AS VARCHAR)", "2024-09-30 00:00:00+10:30"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('week', TIMESTAMPTZ '2024-11-03 05:30:10+00') AS VARCHAR)", "2024-10-28 00:00:00+11"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('week', TIMESTAMPTZ '2024-11-03 06:30:10+00') AS VARCHAR)", "2024-10-28 00:00:00+11"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('year', TIMESTAMPTZ '1900-01-01 12:00:00+00') AS VARCHAR)", "1900-01-01 00:00:00+10"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('year', TIMESTAMPTZ '2024-10-05 15:40:00+00') AS VARCHAR)", "2024-01-01 00:00:00+11"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('year', TIMESTAMPTZ '2024-11-03 05:30:10+00') AS VARCHAR)", "2024-01-01 00:00:00+11"},
		{"Australia/Lord_Howe", "SELECT CAST(date_trunc('year', TIMESTAMPTZ '2024-11-03 06:30:10+00') AS VARCHAR)", "2024-01-01 00:00:00+11"},
		{"UTC", "SELECT CAST(date_trunc('century', DATE '2000-06-02') AS VARCHAR)", "2000-01-01 00:00:00"},
		{"UTC", "SELECT CAST(date_trunc('century', DATE '0150-05-01 (BC)') AS VARCHAR)", "0101-01-01 (BC) 00:00:00"},
		{"UTC", "SELECT CAST(date_trunc('decade', DATE '0150-05-01 (BC)') AS VARCHAR)", "0141-01-01 (BC) 00:00:00"},
		{"UTC", "SELECT CAST(date_trunc('millennium', TIMESTAMP '1999-12-31 10:00:00') AS VARCHAR)", "1000-01-01 00:00:00"},
		{"UTC", "SELECT CAST(date_trunc('century', TIMESTAMPTZ '2024-03-10 07:30:10+00') AS VARCHAR)", "2000-01-01 00:00:00+00"},
		{"UTC", "SELECT date_diff('isoyear', DATE '2024-12-30', DATE '2025-01-06')", "0"},
		{"UTC", "SELECT date_diff('isoyear', DATE '2024-12-29', DATE '2025-01-06')", "1"},
		{"Asia/Kolkata", "SELECT CAST(TIMESTAMPTZ '1900-01-01 12:00:00+00' AS VARCHAR)", "1900-01-01 17:21:10+05:21"},
		{"Asia/Kolkata", "SELECT strftime(TIMESTAMPTZ '1850-01-01 12:00:00+00', '%z')", "+05:53:28"},
	})
}

// TestTimeZoneMixedSubAndRange checks subtraction with a TIMESTAMPTZ on
// one side and a TIMESTAMP or DATE (a wall-clock time in the session
// zone) on the other, and range/generate_series lists of TIMESTAMPTZ
// stepping in the session zone's calendar. Expected values are DuckDB
// 1.5.6's (with ICU).
func TestTimeZoneMixedSubAndRange(t *testing.T) {
	runTZCases(t, []tzCase{
		{"America/New_York", "SELECT CAST(TIMESTAMPTZ '2024-03-10 12:00:00-04' - DATE '2024-03-09' AS VARCHAR)", "1 day 11:00:00"},
		{"America/New_York", "SELECT CAST(TIMESTAMPTZ '2024-03-10 12:00:00-04' - TIMESTAMP '2024-03-09 12:00:00' AS VARCHAR)", "1 day"},
		{"America/New_York", "SELECT CAST(TIMESTAMP '2024-03-10 12:00:00' - TIMESTAMPTZ '2024-03-09 12:00:00-05' AS VARCHAR)", "1 day"},
		{"America/New_York", "SELECT CAST(DATE '2024-03-11' - TIMESTAMPTZ '2024-03-09 12:00:00-05' AS VARCHAR)", "1 day 12:00:00"},
		{"UTC", "SELECT CAST(TIMESTAMPTZ '2024-03-10 12:00:00-04' - DATE '2024-03-09' AS VARCHAR)", "1 day 16:00:00"},
		{"UTC", "SELECT CAST(TIMESTAMP '2024-03-10 12:00:00' - TIMESTAMPTZ '2024-03-09 12:00:00-05' AS VARCHAR)", "19:00:00"},
		{"America/New_York", "SELECT CAST(range(TIMESTAMPTZ '2024-03-09 12:00:00-05', TIMESTAMPTZ '2024-03-11 12:00:00-04', INTERVAL 1 DAY) AS VARCHAR)", "['2024-03-09 12:00:00-05', '2024-03-10 12:00:00-04']"},
		{"America/New_York", "SELECT CAST(generate_series(TIMESTAMPTZ '2024-03-09 12:00:00-05', TIMESTAMPTZ '2024-03-11 12:00:00-04', INTERVAL 1 DAY) AS VARCHAR)", "['2024-03-09 12:00:00-05', '2024-03-10 12:00:00-04', '2024-03-11 12:00:00-04']"},
		{"America/New_York", "SELECT CAST(generate_series(TIMESTAMPTZ '2024-01-31 12:00:00-05', TIMESTAMPTZ '2024-04-30 12:00:00-04', INTERVAL 1 MONTH) AS VARCHAR)", "['2024-01-31 12:00:00-05', '2024-02-29 12:00:00-05', '2024-03-29 12:00:00-04', '2024-04-29 12:00:00-04']"},
		{"Asia/Kolkata", "SELECT CAST(range(TIMESTAMPTZ '2024-01-01 00:00:00+00', TIMESTAMPTZ '2024-01-03 00:00:00+00', INTERVAL 1 DAY) AS VARCHAR)", "['2024-01-01 05:30:00+05:30', '2024-01-02 05:30:00+05:30']"},
	})
}

// TestTimeZonePartsOfPlainTypes checks that the timezone parts of a
// TIMESTAMP or TIME are 0 (DuckDB 1.5.6), whatever the session zone.
func TestTimeZonePartsOfPlainTypes(t *testing.T) {
	runTZCases(t, []tzCase{
		{"America/New_York", "SELECT date_part('timezone', TIMESTAMP '2024-03-10 07:30:00')", "0"},
		{"America/New_York", "SELECT date_part('timezone_hour', TIMESTAMP '2024-03-10 07:30:00')", "0"},
		{"America/New_York", "SELECT date_part('timezone_minute', TIME '07:30:00')", "0"},
		{"America/New_York", "SELECT date_part('timezone', CAST(NULL AS TIMESTAMP))", "NULL"},
		{"UTC", "SELECT extract(timezone FROM TIMESTAMP '2024-03-10 07:30:00' + INTERVAL (i) HOUR) FROM range(2) t(i)", "0"},
	})
}

// TestTimeZoneMakeTimestampTZ checks make_timestamptz: fields read as a
// wall-clock time in the session zone or a given zone (constant, NULL or
// per row), lenient carrying of out-of-range fields, and the micros
// form. Expected values are DuckDB 1.5.6's (with ICU).
func TestTimeZoneMakeTimestampTZ(t *testing.T) {
	runTZCases(t, []tzCase{
		{"America/New_York", "SELECT CAST(make_timestamptz(2024, 3, 10, 2, 30, 0) AS VARCHAR)", "2024-03-10 03:30:00-04"},
		{"America/New_York", "SELECT CAST(make_timestamptz(2024, 11, 3, 1, 30, 0) AS VARCHAR)", "2024-11-03 01:30:00-05"},
		{"America/New_York", "SELECT CAST(make_timestamptz(2024, 3, 10, 12, 0, 1.5, 'Asia/Kolkata') AS VARCHAR)", "2024-03-10 01:30:01.5-05"},
		{"America/New_York", "SELECT CAST(make_timestamptz(1710055800000000) AS VARCHAR)", "2024-03-10 03:30:00-04"},
		{"America/New_York", "SELECT CAST(make_timestamptz(2024, 13, 10, 12, 0, 0) AS VARCHAR)", "2025-01-10 12:00:00-05"},
		{"America/New_York", "SELECT CAST(make_timestamptz(2024, 3, 0, 12, 0, 0) AS VARCHAR)", "2024-02-29 12:00:00-05"},
		{"America/New_York", "SELECT CAST(make_timestamptz(2024, 3, 1, 25, 61, 59.999999) AS VARCHAR)", "2024-03-02 02:01:59.999999-05"},
		{"America/New_York", "SELECT CAST(make_timestamptz(2024, 3, 1, NULL, 0, 0) AS VARCHAR)", "NULL"},
		{"America/New_York", "SELECT CAST(make_timestamptz(2024, 3, 1, 12, 0, 0, NULL) AS VARCHAR)", "NULL"},
		{"UTC", "SELECT CAST(make_timestamptz(2024, 3, 1, 12, 0, 0) AS VARCHAR)", "2024-03-01 12:00:00+00"},
		{"UTC", "SELECT string_agg(CAST(make_timestamptz(2024, 1, 1, 12, 0, 0, z) AS VARCHAR), ',' ORDER BY z) FROM (VALUES ('Asia/Kolkata'), ('America/New_York')) t(z)", "2024-01-01 17:00:00+00,2024-01-01 06:30:00+00"},
		{"America/New_York", "SELECT CAST(make_timestamptz(2024, 3, 9 + i, 12, 0, 0) AS VARCHAR) FROM range(2) t(i) ORDER BY i DESC LIMIT 1", "2024-03-10 12:00:00-04"},
	})
}

// TestTimeZoneTimeBucketZone checks time_bucket(width, TIMESTAMPTZ,
// zone): day and month widths bucket the zone's wall-clock time, clock
// widths bucket instants from the default origin's instant in the zone;
// without a zone argument the buckets stay in UTC. Expected values are
// DuckDB 1.5.6's (with ICU).
func TestTimeZoneTimeBucketZone(t *testing.T) {
	runTZCases(t, []tzCase{
		{"UTC", "SELECT CAST(time_bucket(INTERVAL '1 DAY', TIMESTAMPTZ '2024-03-10 12:30:00+00', 'America/New_York') AS VARCHAR)", "2024-03-10 05:00:00+00"},
		{"UTC", "SELECT CAST(time_bucket(INTERVAL '1 DAY', TIMESTAMPTZ '2024-11-03 06:30:00+00', 'America/New_York') AS VARCHAR)", "2024-11-03 04:00:00+00"},
		{"UTC", "SELECT CAST(time_bucket(INTERVAL '2 DAY', TIMESTAMPTZ '2024-03-10 07:30:00+00', 'America/New_York') AS VARCHAR)", "2024-03-09 05:00:00+00"},
		{"UTC", "SELECT CAST(time_bucket(INTERVAL '2 DAY', TIMESTAMPTZ '2024-03-01 02:30:00+00', 'America/New_York') AS VARCHAR)", "2024-02-28 05:00:00+00"},
		{"UTC", "SELECT CAST(time_bucket(INTERVAL '1 HOUR', TIMESTAMPTZ '2024-11-03 05:30:00+00', 'America/New_York') AS VARCHAR)", "2024-11-03 05:00:00+00"},
		{"UTC", "SELECT CAST(time_bucket(INTERVAL '15 MINUTE', TIMESTAMPTZ '2024-03-10 12:30:00+00', 'America/New_York') AS VARCHAR)", "2024-03-10 12:30:00+00"},
		{"UTC", "SELECT CAST(time_bucket(INTERVAL '15 MINUTE', TIMESTAMPTZ '2024-11-03 06:30:00+00', 'America/New_York') AS VARCHAR)", "2024-11-03 06:30:00+00"},
		{"UTC", "SELECT CAST(time_bucket(INTERVAL '1 MONTH', TIMESTAMPTZ '2024-03-10 07:30:00+00', 'America/New_York') AS VARCHAR)", "2024-03-01 05:00:00+00"},
		{"UTC", "SELECT CAST(time_bucket(INTERVAL '1 MONTH', TIMESTAMPTZ '2024-03-01 02:30:00+00', 'America/New_York') AS VARCHAR)", "2024-02-01 05:00:00+00"},
		{"UTC", "SELECT CAST(time_bucket(INTERVAL '1 WEEK', TIMESTAMPTZ '2024-11-03 05:30:00+00', 'America/New_York') AS VARCHAR)", "2024-10-28 04:00:00+00"},
		{"UTC", "SELECT CAST(time_bucket(INTERVAL '7 HOUR', TIMESTAMPTZ '2024-03-10 12:30:00+00', 'America/New_York') AS VARCHAR)", "2024-03-10 08:00:00+00"},
		{"UTC", "SELECT CAST(time_bucket(INTERVAL '7 HOUR', TIMESTAMPTZ '2024-03-10 07:30:00+00', 'America/New_York') AS VARCHAR)", "2024-03-10 01:00:00+00"},
		{"UTC", "SELECT CAST(time_bucket(INTERVAL '7 HOUR', TIMESTAMPTZ '2024-11-03 05:30:00+00', 'America/New_York') AS VARCHAR)", "2024-11-03 01:00:00+00"},
		{"UTC", "SELECT CAST(time_bucket(INTERVAL '7 HOUR', TIMESTAMPTZ '2024-11-03 06:30:00+00', 'America/New_York') AS VARCHAR)", "2024-11-03 01:00:00+00"},
		{"UTC", "SELECT CAST(time_bucket(INTERVAL '7 HOUR', TIMESTAMPTZ '2024-03-01 02:30:00+00', 'America/New_York') AS VARCHAR)", "2024-03-01 00:00:00+00"},
		{"UTC", "SELECT CAST(time_bucket(INTERVAL '90 MINUTE', TIMESTAMPTZ '2024-03-10 12:30:00+00', 'America/New_York') AS VARCHAR)", "2024-03-10 12:30:00+00"},
		{"UTC", "SELECT CAST(time_bucket(INTERVAL '90 MINUTE', TIMESTAMPTZ '2024-03-10 07:30:00+00', 'America/New_York') AS VARCHAR)", "2024-03-10 06:30:00+00"},
		{"UTC", "SELECT CAST(time_bucket(INTERVAL '90 MINUTE', TIMESTAMPTZ '2024-11-03 05:30:00+00', 'America/New_York') AS VARCHAR)", "2024-11-03 05:00:00+00"},
		{"UTC", "SELECT CAST(time_bucket(INTERVAL '90 MINUTE', TIMESTAMPTZ '2024-11-03 06:30:00+00', 'America/New_York') AS VARCHAR)", "2024-11-03 06:30:00+00"},
		{"UTC", "SELECT CAST(time_bucket(INTERVAL '90 MINUTE', TIMESTAMPTZ '2024-03-01 02:30:00+00', 'America/New_York') AS VARCHAR)", "2024-03-01 02:00:00+00"},
		{"UTC", "SELECT CAST(time_bucket(INTERVAL '1 DAY', TIMESTAMPTZ '2024-11-03 05:30:00+00', 'Asia/Kolkata') AS VARCHAR)", "2024-11-02 18:30:00+00"},
		{"UTC", "SELECT CAST(time_bucket(INTERVAL '2 DAY', TIMESTAMPTZ '2024-03-10 12:30:00+00', 'Asia/Kolkata') AS VARCHAR)", "2024-03-08 18:30:00+00"},
		{"UTC", "SELECT CAST(time_bucket(INTERVAL '2 DAY', TIMESTAMPTZ '2024-11-03 06:30:00+00', 'Asia/Kolkata') AS VARCHAR)", "2024-11-01 18:30:00+00"},
		{"UTC", "SELECT CAST(time_bucket(INTERVAL '1 HOUR', TIMESTAMPTZ '2024-03-10 07:30:00+00', 'Asia/Kolkata') AS VARCHAR)", "2024-03-10 07:30:00+00"},
		{"UTC", "SELECT CAST(time_bucket(INTERVAL '1 HOUR', TIMESTAMPTZ '2024-03-01 02:30:00+00', 'Asia/Kolkata') AS VARCHAR)", "2024-03-01 02:30:00+00"},
		{"UTC", "SELECT CAST(time_bucket(INTERVAL '15 MINUTE', TIMESTAMPTZ '2024-11-03 05:30:00+00', 'Asia/Kolkata') AS VARCHAR)", "2024-11-03 05:30:00+00"},
		{"UTC", "SELECT CAST(time_bucket(INTERVAL '1 MONTH', TIMESTAMPTZ '2024-03-10 12:30:00+00', 'Asia/Kolkata') AS VARCHAR)", "2024-02-29 18:30:00+00"},
		{"UTC", "SELECT CAST(time_bucket(INTERVAL '1 MONTH', TIMESTAMPTZ '2024-11-03 06:30:00+00', 'Asia/Kolkata') AS VARCHAR)", "2024-10-31 18:30:00+00"},
		{"UTC", "SELECT CAST(time_bucket(INTERVAL '1 WEEK', TIMESTAMPTZ '2024-03-10 07:30:00+00', 'Asia/Kolkata') AS VARCHAR)", "2024-03-03 18:30:00+00"},
		{"UTC", "SELECT CAST(time_bucket(INTERVAL '1 WEEK', TIMESTAMPTZ '2024-03-01 02:30:00+00', 'Asia/Kolkata') AS VARCHAR)", "2024-02-25 18:30:00+00"},
		{"UTC", "SELECT CAST(time_bucket(INTERVAL '7 HOUR', TIMESTAMPTZ '2024-03-10 12:30:00+00', 'Asia/Kolkata') AS VARCHAR)", "2024-03-10 11:30:00+00"},
		{"UTC", "SELECT CAST(time_bucket(INTERVAL '7 HOUR', TIMESTAMPTZ '2024-03-10 07:30:00+00', 'Asia/Kolkata') AS VARCHAR)", "2024-03-10 04:30:00+00"},
		{"UTC", "SELECT CAST(time_bucket(INTERVAL '7 HOUR', TIMESTAMPTZ '2024-11-03 05:30:00+00', 'Asia/Kolkata') AS VARCHAR)", "2024-11-03 04:30:00+00"},
		{"UTC", "SELECT CAST(time_bucket(INTERVAL '7 HOUR', TIMESTAMPTZ '2024-11-03 06:30:00+00', 'Asia/Kolkata') AS VARCHAR)", "2024-11-03 04:30:00+00"},
		{"UTC", "SELECT CAST(time_bucket(INTERVAL '7 HOUR', TIMESTAMPTZ '2024-03-01 02:30:00+00', 'Asia/Kolkata') AS VARCHAR)", "2024-02-29 20:30:00+00"},
		{"UTC", "SELECT CAST(time_bucket(INTERVAL '90 MINUTE', TIMESTAMPTZ '2024-03-10 12:30:00+00', 'Asia/Kolkata') AS VARCHAR)", "2024-03-10 12:30:00+00"},
		{"UTC", "SELECT CAST(time_bucket(INTERVAL '90 MINUTE', TIMESTAMPTZ '2024-03-10 07:30:00+00', 'Asia/Kolkata') AS VARCHAR)", "2024-03-10 06:30:00+00"},
		{"UTC", "SELECT CAST(time_bucket(INTERVAL '90 MINUTE', TIMESTAMPTZ '2024-11-03 05:30:00+00', 'Asia/Kolkata') AS VARCHAR)", "2024-11-03 05:00:00+00"},
		{"UTC", "SELECT CAST(time_bucket(INTERVAL '90 MINUTE', TIMESTAMPTZ '2024-11-03 06:30:00+00', 'Asia/Kolkata') AS VARCHAR)", "2024-11-03 06:30:00+00"},
		{"UTC", "SELECT CAST(time_bucket(INTERVAL '90 MINUTE', TIMESTAMPTZ '2024-03-01 02:30:00+00', 'Asia/Kolkata') AS VARCHAR)", "2024-03-01 02:00:00+00"},
		{"America/New_York", "SELECT CAST(time_bucket(INTERVAL 1 DAY, TIMESTAMPTZ '2024-03-10 12:30:00+00', 'America/New_York') AS VARCHAR)", "2024-03-10 00:00:00-05"},
		{"America/New_York", "SELECT CAST(time_bucket(INTERVAL 1 DAY, TIMESTAMPTZ '2024-03-10 12:30:00+00') AS VARCHAR)", "2024-03-09 19:00:00-05"},
		{"America/New_York", "SELECT CAST(time_bucket(CAST(NULL AS INTERVAL), TIMESTAMPTZ '2024-03-10 12:30:00+00', 'Asia/Kolkata') AS VARCHAR)", "NULL"},
		{"America/New_York", "SELECT CAST(time_bucket(INTERVAL 1 DAY, CAST(NULL AS TIMESTAMPTZ), 'Asia/Kolkata') AS VARCHAR)", "NULL"},
		{"America/New_York", "SELECT CAST(time_bucket(INTERVAL 1 DAY, TIMESTAMPTZ '2024-03-10 12:30:00+00', NULL) AS VARCHAR)", "NULL"},
		{"America/New_York", "SELECT CAST(time_bucket(INTERVAL 1 DAY, CAST('infinity' AS TIMESTAMPTZ), 'Asia/Kolkata') AS VARCHAR)", "infinity"},
		{"America/New_York", "SELECT CAST(time_bucket(INTERVAL 1 DAY, TIMESTAMPTZ '2024-03-10 12:30:00+00', 'UTC') AS VARCHAR)", "2024-03-09 19:00:00-05"},
		{"UTC", "SELECT CAST(time_bucket(INTERVAL 1 HOUR, TIMESTAMPTZ '2024-01-01 05:10:00+00' + INTERVAL (i) MINUTE, 'Asia/Kolkata') AS VARCHAR) FROM range(1) t(i)", "2024-01-01 04:30:00+00"},
	})
}
