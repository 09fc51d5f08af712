package main

import (
	"cmp"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
)

// printProfiles prints `go tool pprof -top` (10 entries) of the lhsql CPU
// profiles of the n queries with the worst lhsql/duckdb ratio.
func printProfiles(w io.Writer, rep *report, dir string, n int) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	qs := slices.Clone(rep.Queries)
	slices.SortFunc(qs, func(a, b *queryResult) int { return cmp.Compare(b.Ratio, a.Ratio) })
	for _, q := range qs[:min(n, len(qs))] {
		if q.Ratio == 0 {
			continue
		}
		path := filepath.Join(dir, q.Name+".pprof")
		if _, err := os.Stat(path); err != nil {
			continue
		}
		a, b := rep.RatioOf[0], rep.RatioOf[1]
		fmt.Fprintf(w, "\n== %s: %s/%s %.2f (%.1f ms vs %.1f ms); profile %s\n", q.Name, a, b, q.Ratio,
			q.Engines[a].MedianMS, q.Engines[b].MedianMS, path)
		out, err := exec.Command("go", "tool", "pprof", "-top", "-nodecount=10", exe, path).CombinedOutput()
		if err != nil {
			fmt.Fprintf(w, "go tool pprof: %v\n", err)
		}
		w.Write(out)
	}
	return nil
}
