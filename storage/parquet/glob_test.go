package parquet

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestGlob(t *testing.T) {
	dir := t.TempDir()
	files := []string{"a.parquet", "b.parquet", "c.csv", "x/d.parquet", "x/y/e.parquet", "x/y/z/f.parquet", "q1.parquet", "q22.parquet"}
	for _, f := range files {
		p := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	j := func(names ...string) []string {
		out := make([]string, len(names))
		for i, n := range names {
			out[i] = filepath.Join(dir, n)
		}
		return out
	}
	tests := []struct {
		pattern string
		want    []string
	}{
		{"*.parquet", j("a.parquet", "b.parquet", "q1.parquet", "q22.parquet")},
		{"q?.parquet", j("q1.parquet")},
		{"a.parquet", j("a.parquet")},
		{"x/*/*.parquet", j("x/y/e.parquet")},
		{"**/*.parquet", j("a.parquet", "b.parquet", "q1.parquet", "q22.parquet", "x/d.parquet", "x/y/e.parquet", "x/y/z/f.parquet")},
		{"x/**/*.parquet", j("x/d.parquet", "x/y/e.parquet", "x/y/z/f.parquet")},
		{"x/**", j("x/d.parquet", "x/y/e.parquet", "x/y/z/f.parquet")},
		{"[ab].parquet", j("a.parquet", "b.parquet")},
		{"*.json", nil},
		{"missing.parquet", nil},
		{"x", nil}, // a directory is not a file
	}
	for _, tc := range tests {
		t.Run(tc.pattern, func(t *testing.T) {
			pattern := filepath.Join(dir, tc.pattern)
			got, err := Glob(pattern)
			if tc.want == nil {
				if err == nil || !strings.Contains(err.Error(), `No files found that match the pattern "`+pattern+`"`) {
					t.Errorf("got %v, %v; want no-files error", got, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestGlobRelative(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "r.parquet"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	got, err := Glob("*.parquet")
	if err != nil || !reflect.DeepEqual(got, []string{"r.parquet"}) {
		t.Errorf("got %v, %v", got, err)
	}
}
