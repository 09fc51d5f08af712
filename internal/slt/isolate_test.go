package slt

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// childEnv makes the test binary act as a ServeChild process.
const childEnv = "LHSQL_SLT_TEST_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		answers := baseAnswers()
		answers["SELECT crash"] = answer{crash: true}
		err := ServeChild(&Runner{Engine: &fakeEngine{answers: answers}, Timeout: 200 * time.Millisecond}, os.Stdin, os.Stdout, 0)
		if err != nil {
			os.Stderr.WriteString(err.Error())
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestRunIsolated(t *testing.T) {
	dir := t.TempDir()
	files := []string{
		writeTest(t, dir, "a.test", "query I\nSELECT 1\n----\n1\n"),
		writeTest(t, dir, "b.test", "statement ok\nSELECT 1\n\nquery I\nSELECT crash\n----\n1\n\nquery I\nSELECT 1\n----\n1\n"),
		writeTest(t, dir, "c.test", "query I\nSELECT 1\n----\n2\n"),
		writeTest(t, dir, "d.test", "query I\nSELECT 1\n----\n1\n"),
	}
	newChild := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childEnv+"=1")
		return cmd
	}
	res := RunIsolated(files, 2, newChild)
	want := []struct{ passed, failed int }{{1, 0}, {0, 3}, {0, 1}, {1, 0}}
	for i, w := range want {
		if res[i].Path != files[i] || res[i].Passed != w.passed || res[i].Failed != w.failed {
			t.Errorf("file %d: got %+v, want %d passed %d failed", i, res[i], w.passed, w.failed)
		}
	}
	f := res[1].Failures
	if len(f) != 1 || !f[0].Panic || !strings.Contains(strings.Join(f[0].Actual, "\n"), "goroutine crash") {
		t.Errorf("crash report %+v", f)
	}
}
