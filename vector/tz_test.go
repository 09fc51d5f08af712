package vector

import (
	"testing"
	"time"
	_ "time/tzdata" // zone data independent of the system
)

// TestFormatTimestampTZ checks rendering and wall-clock parsing in session
// zones. Expected values were verified against DuckDB 1.5.6 with ICU
// (SET TimeZone = ...; SELECT CAST(TIMESTAMPTZ '...' AS VARCHAR)).
func TestFormatTimestampTZ(t *testing.T) {
	tests := []struct {
		zone  string
		utc   string // instant, as UTC wall time
		local string // wall time read in zone (FromLocal input)
		want  string // rendering of the instant in zone
	}{
		{"UTC", "2024-01-01 12:00:00", "2024-01-01 12:00:00", "2024-01-01 12:00:00+00"},
		{"America/New_York", "2024-01-01 12:00:00", "2024-01-01 07:00:00", "2024-01-01 07:00:00-05"},
		{"America/New_York", "2024-07-01 16:00:00", "2024-07-01 12:00:00", "2024-07-01 12:00:00-04"},
		// Day before and after the spring-forward change (2024-03-10).
		{"America/New_York", "2024-03-09 17:00:00", "2024-03-09 12:00:00", "2024-03-09 12:00:00-05"},
		{"America/New_York", "2024-03-11 16:00:00", "2024-03-11 12:00:00", "2024-03-11 12:00:00-04"},
		// 02:30 does not exist on 2024-03-10: DuckDB reads it as 03:30 EDT.
		{"America/New_York", "2024-03-10 07:30:00", "2024-03-10 02:30:00", "2024-03-10 03:30:00-04"},
		// 01:30 happens twice on 2024-11-03: DuckDB takes the later (EST).
		{"America/New_York", "2024-11-03 06:30:00", "2024-11-03 01:30:00", "2024-11-03 01:30:00-05"},
		{"Asia/Kolkata", "2024-01-01 12:00:00", "2024-01-01 17:30:00", "2024-01-01 17:30:00+05:30"},
		{"america/new_york", "2024-01-01 12:00:00", "2024-01-01 07:00:00", "2024-01-01 07:00:00-05"},
	}
	parse := func(s string) int64 {
		tm, err := time.Parse(time.DateTime, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm.UnixMicro()
	}
	for _, tt := range tests {
		z, err := LoadZone(tt.zone)
		if err != nil {
			t.Fatalf("LoadZone(%q): %v", tt.zone, err)
		}
		us := parse(tt.utc)
		if got := FormatTimestampTZ(us, z); got != tt.want {
			t.Errorf("%s: FormatTimestampTZ(%s) = %q, want %q", tt.zone, tt.utc, got, tt.want)
		}
		c := z.Cursor()
		if got := c.FromLocal(parse(tt.local)); got != us {
			t.Errorf("%s: FromLocal(%s) = %s, want %s", tt.zone, tt.local, FormatTimestamp(got), tt.utc)
		}
	}
}

// TestZoneCursorRuns checks that a cursor reused across a DST change and
// back gives the same offsets as fresh lookups.
func TestZoneCursorRuns(t *testing.T) {
	z, err := LoadZone("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	c := z.Cursor()
	start := time.Date(2024, 3, 9, 0, 0, 0, 0, time.UTC).UnixMicro()
	for _, step := range []int64{3600e6, -3600e6} {
		for i := int64(0); i < 72; i++ {
			us := start + i*step
			fresh := z.Cursor()
			if got, want := c.Offset(us), fresh.Offset(us); got != want {
				t.Fatalf("Offset(%s) = %d with a warm cursor, %d fresh", FormatTimestamp(us), got, want)
			}
		}
	}
}

func TestLoadZoneErrors(t *testing.T) {
	for _, name := range []string{"Foo/Bar", "", "../etc/passwd", "+05:00"} {
		if _, err := LoadZone(name); err == nil {
			t.Errorf("LoadZone(%q) succeeded", name)
		}
	}
	if z, err := LoadZone("utc"); err != nil || z.Name != "UTC" || !z.IsUTC() {
		t.Errorf("LoadZone(utc) = %+v, %v", z, err)
	}
}

// TestStringInNested checks zone rendering of TIMESTAMPTZ values inside
// nested values and HasTimestampTZ over nested types.
func TestStringInNested(t *testing.T) {
	ny, err := LoadZone("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	ts := Value{Typ: TimestampTZ, I64: 1704110400000000} // 2024-01-01 12:00:00+00
	list := Value{Typ: ListOf(TimestampTZ), List: []Value{ts, NullValue(TimestampTZ)}}
	st := Value{Typ: StructOf([]StructField{{Name: "a", Typ: ListOf(TimestampTZ)}, {Name: "b", Typ: Integer}}),
		Fields: []Value{list, {Typ: Integer, I64: 7}}}
	tests := []struct {
		x    Value
		z    *Zone
		want string
	}{
		{ts, ny, "2024-01-01 07:00:00-05"},
		{list, ny, "['2024-01-01 07:00:00-05', NULL]"},
		{list, nil, "['2024-01-01 12:00:00+00', NULL]"},
		{st, ny, "{'a': ['2024-01-01 07:00:00-05', NULL], 'b': 7}"},
		{NullValue(ListOf(TimestampTZ)), ny, "NULL"},
	}
	for _, tc := range tests {
		if got := tc.x.StringIn(tc.z); got != tc.want {
			t.Errorf("StringIn(%v) = %q, want %q", tc.x.Typ, got, tc.want)
		}
	}
	for _, tc := range []struct {
		t    Type
		want bool
	}{
		{TimestampTZ, true}, {Timestamp, false}, {ListOf(Integer), false},
		{ListOf(TimestampTZ), true}, {st.Typ, true}, {MapOf(Varchar, TimestampTZ), true},
	} {
		if got := HasTimestampTZ(tc.t); got != tc.want {
			t.Errorf("HasTimestampTZ(%v) = %v, want %v", tc.t, got, tc.want)
		}
	}
}
