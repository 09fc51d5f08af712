package slt

import (
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
)

// Totals sums records and files over results.
type Totals struct {
	Files        int
	FullyPassing int
	SkippedFiles int
	Passed       int
	Failed       int
	Skipped      int
}

func (t *Totals) add(r *FileResult) {
	t.Files++
	if r.FullyPassed() {
		t.FullyPassing++
	}
	if r.SkipReason != "" {
		t.SkippedFiles++
	}
	t.Passed += r.Passed
	t.Failed += r.Failed
	t.Skipped += r.Skipped
}

// Sum returns the totals over results.
func Sum(results []FileResult) Totals {
	var t Totals
	for i := range results {
		t.add(&results[i])
	}
	return t
}

// commonDir returns the deepest directory containing every path.
func commonDir(paths []string) string {
	if len(paths) == 0 {
		return "."
	}
	common := strings.Split(filepath.ToSlash(filepath.Dir(paths[0])), "/")
	for _, p := range paths[1:] {
		parts := strings.Split(filepath.ToSlash(filepath.Dir(p)), "/")
		n := 0
		for n < len(common) && n < len(parts) && common[n] == parts[n] {
			n++
		}
		common = common[:n]
	}
	if len(common) == 0 {
		return ""
	}
	return strings.Join(common, "/")
}

// group returns the directory a file is counted under: the first directory
// below the common directory of the run, or "." for files directly in it.
func group(common, path string) string {
	rel := filepath.ToSlash(path)
	if common != "" {
		rel = strings.TrimPrefix(strings.TrimPrefix(rel, common), "/")
	}
	if i := strings.Index(rel, "/"); i >= 0 {
		return rel[:i] + "/"
	}
	return "."
}

// WriteReport prints one line per file, the failures when verbose, a table
// per directory and, as its last line, "N passed, M failed, K skipped".
func WriteReport(w io.Writer, results []FileResult, verbose bool) {
	sorted := make([]FileResult, len(results))
	copy(sorted, results)
	sort.Slice(sorted, func(a, b int) bool { return sorted[a].Path < sorted[b].Path })

	paths := make([]string, len(sorted))
	for i := range sorted {
		paths[i] = sorted[i].Path
	}
	common := commonDir(paths)
	groups := map[string]*Totals{}
	var total Totals
	for i := range sorted {
		r := &sorted[i]
		total.add(r)
		g := group(common, r.Path)
		if groups[g] == nil {
			groups[g] = &Totals{}
		}
		groups[g].add(r)

		status := "FAIL"
		switch {
		case r.SkipReason != "":
			status = "SKIP"
		case r.FullyPassed():
			status = "PASS"
		}
		fmt.Fprintf(w, "%s %s: %d passed, %d failed, %d skipped", status, r.Path, r.Passed, r.Failed, r.Skipped)
		if r.SkipReason != "" {
			fmt.Fprintf(w, " (%s)", r.SkipReason)
		}
		fmt.Fprintln(w)
		if verbose {
			for _, f := range r.Failures {
				writeFailure(w, r.Path, &f)
			}
		}
	}

	names := make([]string, 0, len(groups))
	for g := range groups {
		names = append(names, g)
	}
	sort.Strings(names)
	fmt.Fprintln(w)
	if common != "" {
		fmt.Fprintf(w, "directories under %s:\n", common)
	}
	fmt.Fprintf(w, "%-24s %6s %8s %6s %8s %8s %8s %7s\n", "directory", "files", "all-pass", "skip", "passed", "failed", "skipped", "pass%")
	row := func(name string, t *Totals) {
		fmt.Fprintf(w, "%-24s %6d %8d %6d %8d %8d %8d %6.1f%%\n", name, t.Files, t.FullyPassing, t.SkippedFiles,
			t.Passed, t.Failed, t.Skipped, percent(t.Passed, t.Passed+t.Failed+t.Skipped))
	}
	for _, g := range names {
		row(g, groups[g])
	}
	row("total", &total)
	fmt.Fprintf(w, "%d passed, %d failed, %d skipped\n", total.Passed, total.Failed, total.Skipped)
}

func percent(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

func writeFailure(w io.Writer, path string, f *Failure) {
	tag := "FAILED"
	if f.Panic {
		tag = "PANIC"
	}
	fmt.Fprintf(w, "  --- %s %s:%d: %s\n", tag, path, f.Line, f.Reason)
	section := func(title string, lines []string) {
		if len(lines) == 0 {
			return
		}
		fmt.Fprintf(w, "      %s\n", title)
		for _, l := range lines {
			fmt.Fprintf(w, "        %s\n", l)
		}
	}
	if f.SQL != "" {
		section("sql:", strings.Split(f.SQL, "\n"))
	}
	section("expected:", f.Expected)
	section("actual:", f.Actual)
}
