package storage

import (
	"fmt"
	"strings"
	"sync/atomic"
)

// Add adds o's counters to s.
func (s *ScanStats) Add(o ScanStats) {
	s.Files += o.Files
	s.RowGroups += o.RowGroups
	s.RowGroupsSkipped += o.RowGroupsSkipped
	s.BytesRead += o.BytesRead
	s.BytesSkipped += o.BytesSkipped
	s.RowsOut += o.RowsOut
	s.FilesSkipped += o.FilesSkipped
	s.Pages += o.Pages
	s.PagesSkipped += o.PagesSkipped
	s.Requests += o.Requests
	s.BytesFetched += o.BytesFetched
	s.BytesFromCache += o.BytesFromCache
}

// Load returns a copy of s read with atomic loads, for scanners that
// update s concurrently.
func (s *ScanStats) Load() ScanStats {
	return ScanStats{
		Files:            atomic.LoadInt64(&s.Files),
		RowGroups:        atomic.LoadInt64(&s.RowGroups),
		RowGroupsSkipped: atomic.LoadInt64(&s.RowGroupsSkipped),
		BytesRead:        atomic.LoadInt64(&s.BytesRead),
		BytesSkipped:     atomic.LoadInt64(&s.BytesSkipped),
		RowsOut:          atomic.LoadInt64(&s.RowsOut),
		FilesSkipped:     atomic.LoadInt64(&s.FilesSkipped),
		Pages:            atomic.LoadInt64(&s.Pages),
		PagesSkipped:     atomic.LoadInt64(&s.PagesSkipped),
		Requests:         atomic.LoadInt64(&s.Requests),
		BytesFetched:     atomic.LoadInt64(&s.BytesFetched),
		BytesFromCache:   atomic.LoadInt64(&s.BytesFromCache),
	}
}

// String renders the counters for EXPLAIN ANALYZE, leaving out zero
// groups: "files=2 (skipped 3) row_groups=4 (skipped 96) pages=10
// (skipped 2) bytes=1.2MB (skipped 30MB) requests=7 fetched=1.1MiB
// cached=100KiB rows=8192". The remote group appears only for scans
// that went through storage/remote.
func (s ScanStats) String() string {
	var parts []string
	pair := func(name string, n, skipped int64) {
		if n == 0 && skipped == 0 {
			return
		}
		p := fmt.Sprintf("%s=%d", name, n)
		if skipped > 0 {
			p += fmt.Sprintf(" (skipped %d)", skipped)
		}
		parts = append(parts, p)
	}
	pair("files", s.Files, s.FilesSkipped)
	pair("row_groups", s.RowGroups, s.RowGroupsSkipped)
	pair("pages", s.Pages, s.PagesSkipped)
	if s.BytesRead > 0 || s.BytesSkipped > 0 {
		p := "bytes=" + formatBytes(s.BytesRead)
		if s.BytesSkipped > 0 {
			p += " (skipped " + formatBytes(s.BytesSkipped) + ")"
		}
		parts = append(parts, p)
	}
	if s.Requests > 0 || s.BytesFetched > 0 || s.BytesFromCache > 0 {
		parts = append(parts, fmt.Sprintf("requests=%d fetched=%s cached=%s",
			s.Requests, formatBytes(s.BytesFetched), formatBytes(s.BytesFromCache)))
	}
	parts = append(parts, fmt.Sprintf("rows=%d", s.RowsOut))
	return strings.Join(parts, " ")
}

func formatBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1fGiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1fMiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1fKiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%dB", n)
}
