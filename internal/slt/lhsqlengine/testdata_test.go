package lhsqlengine

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/lhsql/lhsql/internal/slt"
)

// TestRegressionSuite runs the project's own sqllogictest files in
// testdata/slt on lhsql; every record must pass.
func TestRegressionSuite(t *testing.T) {
	files, err := slt.CollectFiles([]string{filepath.Join("..", "..", "..", "testdata", "slt")})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no test files in testdata/slt")
	}
	r := &slt.Runner{Engine: New()}
	for _, res := range r.RunFiles(files) {
		t.Run(filepath.Base(res.Path), func(t *testing.T) {
			if res.SkipReason != "" {
				t.Fatalf("skipped: %s", res.SkipReason)
			}
			if res.Failed > 0 || res.Passed == 0 {
				var buf bytes.Buffer
				slt.WriteReport(&buf, []slt.FileResult{res}, true)
				t.Errorf("%d of %d records failed:\n%s", res.Failed, res.Passed+res.Failed, buf.String())
			}
		})
	}
}
