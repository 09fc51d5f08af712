package storage

import (
	"strings"
	"testing"
)

func TestScanStatsString(t *testing.T) {
	tests := []struct {
		name string
		s    ScanStats
		want []string // substrings, in order
		not  []string
	}{
		{"local", ScanStats{Files: 1, RowGroups: 2, BytesRead: 2048, RowsOut: 10},
			[]string{"files=1", "row_groups=2", "bytes=2.0KiB", "rows=10"}, []string{"requests="}},
		{"pages", ScanStats{Pages: 5, PagesSkipped: 95, RowsOut: 1},
			[]string{"pages=5 (skipped 95)", "rows=1"}, nil},
		{"remote", ScanStats{Files: 1, Requests: 3, BytesFetched: 3 << 20, BytesFromCache: 512, RowsOut: 7},
			[]string{"files=1", "requests=3 fetched=3.0MiB cached=512B", "rows=7"}, nil},
		{"warm", ScanStats{Requests: 0, BytesFromCache: 1 << 20},
			[]string{"requests=0 fetched=0B cached=1.0MiB"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.s.String()
			at := 0
			for _, w := range tc.want {
				i := strings.Index(got[at:], w)
				if i < 0 {
					t.Fatalf("String() = %q, want %q after offset %d", got, w, at)
				}
				at += i + len(w)
			}
			for _, n := range tc.not {
				if strings.Contains(got, n) {
					t.Fatalf("String() = %q, must not contain %q", got, n)
				}
			}
		})
	}
}

func TestScanStatsAddLoad(t *testing.T) {
	var s ScanStats
	s.Add(ScanStats{Requests: 2, BytesFetched: 10, BytesFromCache: 5, Pages: 1})
	s.Add(ScanStats{Requests: 1, BytesFetched: 1, BytesFromCache: 1, PagesSkipped: 3})
	got := s.Load()
	want := ScanStats{Requests: 3, BytesFetched: 11, BytesFromCache: 6, Pages: 1, PagesSkipped: 3}
	if got != want {
		t.Fatalf("Load() = %+v, want %+v", got, want)
	}
}
