// Command _gen generates the amd64 AVX2 and AVX-512 kernels of package
// simd with avo. Run it from this directory (or via go generate in simd/):
//
//	go run .
//
// which writes ../kernels_amd64.s and ../kernels_stubs_amd64.go. Extra
// arguments are passed to avo (for example -out and -stubs to write
// elsewhere, as the check-generate make target does).
package main

import (
	"os"

	. "github.com/mmcloughlin/avo/build"
)

func main() {
	if len(os.Args) == 1 {
		os.Args = append(os.Args, "-out", "../kernels_amd64.s", "-stubs", "../kernels_stubs_amd64.go", "-pkg", "simd")
	}
	ConstraintExpr("!noasm")
	genData()
	genCompare()
	genBitmap()
	genAggregate()
	genHash()
	genGather()
	genUnpack()
	genStream()
	Generate()
}
