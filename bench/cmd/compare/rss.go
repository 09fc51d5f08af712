package main

import (
	"bufio"
	"os"
	"strconv"
	"strings"
)

// peakRSSKB returns the process's peak resident set size (VmHWM) in KiB,
// or 0 when /proc is not available.
func peakRSSKB() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb
		}
	}
	return 0
}

// resetPeakRSS resets VmHWM to the current RSS (Linux: writing 5 to
// clear_refs), so the next reading is the peak since now. It reports
// whether the reset worked.
func resetPeakRSS() bool {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}
