package parquet

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Glob expands a file pattern. A path segment may use * and ? (and [...]
// classes) as in filepath.Match; a segment "**" matches any number of
// directories, including none. Matches are returned sorted. A pattern
// without wildcards must name an existing file. It is an error when
// nothing matches.
func Glob(pattern string) ([]string, error) {
	notFound := fmt.Errorf("IO Error: No files found that match the pattern %q", pattern)
	if !hasMeta(pattern) {
		st, err := os.Stat(pattern)
		if err != nil || st.IsDir() {
			return nil, notFound
		}
		return []string{pattern}, nil
	}
	slashed := filepath.ToSlash(pattern)
	segs := strings.Split(slashed, "/")
	// Start at the longest literal prefix.
	i := 0
	for i < len(segs) && !hasMeta(segs[i]) {
		i++
	}
	base := strings.Join(segs[:i], "/")
	switch {
	case i == 0:
		base = "."
	case base == "":
		base = "/" // absolute pattern such as /*.parquet
	}
	for _, s := range segs[i:] {
		if s == "**" {
			continue
		}
		if _, err := filepath.Match(s, ""); err != nil {
			return nil, fmt.Errorf("IO Error: invalid glob pattern %q: %w", pattern, err)
		}
	}
	g := &globber{seen: map[string]bool{}, prefix: i == 0}
	g.match(filepath.FromSlash(base), segs[i:], 0)
	if len(g.out) == 0 {
		return nil, notFound
	}
	sort.Strings(g.out)
	return g.out, nil
}

func hasMeta(s string) bool { return strings.ContainsAny(s, "*?[") }

type globber struct {
	out    []string
	seen   map[string]bool
	prefix bool // pattern was relative without a literal prefix: strip "./"
}

func (g *globber) add(p string) {
	if g.prefix {
		p = strings.TrimPrefix(p, "."+string(filepath.Separator))
	}
	if !g.seen[p] {
		g.seen[p] = true
		g.out = append(g.out, p)
	}
}

func (g *globber) match(dir string, segs []string, depth int) {
	if depth > 64 {
		return // guard against symlink loops
	}
	seg := segs[0]
	rest := segs[1:]
	if seg == "**" {
		if len(rest) == 0 {
			g.walkFiles(dir, depth)
			return
		}
		g.match(dir, rest, depth+1)
		entries, err := os.ReadDir(dir)
		if err != nil {
			return
		}
		for _, e := range entries {
			if isDir(dir, e) {
				g.match(filepath.Join(dir, e.Name()), segs, depth+1)
			}
		}
		return
	}
	if !hasMeta(seg) {
		p := filepath.Join(dir, seg)
		if len(rest) == 0 {
			if st, err := os.Stat(p); err == nil && !st.IsDir() {
				g.add(p)
			}
			return
		}
		g.match(p, rest, depth+1)
		return
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if ok, _ := filepath.Match(seg, e.Name()); !ok {
			continue
		}
		p := filepath.Join(dir, e.Name())
		dirEntry := isDir(dir, e)
		switch {
		case len(rest) == 0 && !dirEntry:
			g.add(p)
		case len(rest) > 0 && dirEntry:
			g.match(p, rest, depth+1)
		}
	}
}

func (g *globber) walkFiles(dir string, depth int) {
	if depth > 64 {
		return
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		if isDir(dir, e) {
			g.walkFiles(p, depth+1)
		} else {
			g.add(p)
		}
	}
}

// isDir follows symlinks.
func isDir(dir string, e os.DirEntry) bool {
	if e.Type()&os.ModeSymlink != 0 {
		st, err := os.Stat(filepath.Join(dir, e.Name()))
		return err == nil && st.IsDir()
	}
	return e.IsDir()
}
