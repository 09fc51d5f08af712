// Package arch holds architecture tests for the repository as a whole.
package arch

import (
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"testing"
)

// layers lists lhsql's layers from top to bottom; a package may import
// packages of its own layer or of layers below it, never above.
var layers = []string{"cmd", "driver", "sql", "engine", "storage", "vector", "simd"}

const module = "github.com/lhsql/lhsql/"

// layerOf returns the layer index of an lhsql package, or -1 for packages
// outside the layered tree (internal/, bench/, fuzz/).
func layerOf(pkg string) int {
	rel, ok := strings.CutPrefix(pkg, module)
	if !ok {
		return -1
	}
	top, _, _ := strings.Cut(rel, "/")
	for i, l := range layers {
		if top == l {
			return i
		}
	}
	return -1
}

type goPackage struct {
	ImportPath string
	Imports    []string
}

// TestImportDirection enforces cmd -> driver -> sql -> engine -> storage
// -> vector -> simd using the package graph from `go list`.
func TestImportDirection(t *testing.T) {
	cmd := exec.Command("go", "list", "-e", "-json", module+"...")
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	checked := 0
	for {
		var p goPackage
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		from := layerOf(p.ImportPath)
		if from < 0 {
			continue
		}
		checked++
		for _, imp := range p.Imports {
			to := layerOf(imp)
			if to >= 0 && to < from {
				t.Errorf("%s (layer %s) imports %s (layer %s): imports must flow %s",
					p.ImportPath, layers[from], imp, layers[to], strings.Join(layers, " -> "))
			}
			if strings.HasPrefix(p.ImportPath, module+"simd") && strings.HasPrefix(imp, module) && !strings.HasPrefix(imp, module+"simd") {
				t.Errorf("simd must not import other lhsql packages: %s imports %s", p.ImportPath, imp)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no packages checked")
	}
}

// TestLayerOf checks the classification itself.
func TestLayerOf(t *testing.T) {
	for _, tc := range []struct {
		pkg  string
		want int
	}{
		{module + "cmd/lhsql", 0},
		{module + "sql/plan", 2},
		{module + "vector", 5},
		{module + "internal/slt", -1},
		{"fmt", -1},
	} {
		if got := layerOf(tc.pkg); got != tc.want {
			t.Errorf("layerOf(%q) = %d, want %d", tc.pkg, got, tc.want)
		}
	}
}
