package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runReal runs the program on the real engine.
func runReal(stdin string, args ...string) (code int, stdout, stderr string) {
	var out, errOut strings.Builder
	code = run(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestEndToEnd(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "setup.sql")
	setup := "CREATE TABLE t (a INTEGER, b VARCHAR);\n" +
		"INSERT INTO t VALUES (1, 'x'), (2, NULL), (3, 'a,b');\n"
	if err := os.WriteFile(script, []byte(setup), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		args   []string
		stdin  string
		code   int
		out    string
		errOut string
	}{
		{name: "box", args: []string{"-c", "SELECT 1 AS a, 'x' AS b"}, out: `┌───────┬─────────┐
│   a   │    b    │
│ int32 │ varchar │
├───────┼─────────┤
│     1 │ x       │
└───────┴─────────┘
`},
		{name: "csv from file and -c", args: []string{"-csv", "-f", script, "-c", "SELECT * FROM t ORDER BY a"},
			out: "a,b\n1,x\n2,\n3,\"a,b\"\n"},
		{name: "json", args: []string{"-json", "-c", "SELECT 2 AS b, 3.5::DOUBLE AS c, NULL::INTEGER AS d, DATE '2024-01-01' AS e"},
			out: `[{"b":2,"c":3.5,"d":null,"e":"2024-01-01"}]` + "\n"},
		{name: "stdin with dot commands", stdin: setup + ".mode list\n.tables\nSELECT count(*) AS n\nFROM t;\n",
			out: "name\nt\nn\n3\n"},
		{name: "error exits 1", args: []string{"-c", "SELECT nope"}, code: 1, errOut: "nope"},
		{name: "error in stdin stops", stdin: "SELECT nope;\nSELECT 1;\n", code: 1, errOut: "nope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runReal(tt.stdin, tt.args...)
			if code != tt.code {
				t.Errorf("exit code %d, want %d (stderr %q)", code, tt.code, errOut)
			}
			if out != tt.out {
				t.Errorf("stdout:\n%s\nwant:\n%s", out, tt.out)
			}
			if tt.errOut == "" && errOut != "" || !strings.Contains(errOut, tt.errOut) {
				t.Errorf("stderr = %q, want containing %q", errOut, tt.errOut)
			}
		})
	}
}
