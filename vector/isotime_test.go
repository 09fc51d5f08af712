package vector

import "testing"

func TestParseISO(t *testing.T) {
	dates := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"1970-01-01", 0, true},
		{"2024-02-29", 19782, true},
		{"2023-02-29", 0, false},
		{"2024-13-01", 0, false},
		{"2024-1-01", 0, false},
		{"20240101", 0, false},
	}
	for _, tc := range dates {
		got, err := ParseISODate(tc.in)
		if (err == nil) != tc.ok || (tc.ok && got != tc.want) {
			t.Errorf("ParseISODate(%q) = %d, %v; want %d ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
	stamps := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"1970-01-01 00:00:01", 1_000_000, true},
		{"1970-01-01T00:00:00.5", 500_000, true},
		{"1970-01-02 00:00:00.000001", 86_400_000_001, true},
		{"1970-01-01 24:00:00", 0, false},
		{"1970-01-01 00:00:00.1234567", 0, false},
		{"1970-01-01 00:00:00Z", 0, false},
		{"1970-01-01", 0, false},
	}
	for _, tc := range stamps {
		got, err := ParseISOTimestamp(tc.in)
		if (err == nil) != tc.ok || (tc.ok && got != tc.want) {
			t.Errorf("ParseISOTimestamp(%q) = %d, %v; want %d ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}
