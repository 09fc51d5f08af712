package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lhsql/lhsql/vector"
)

// fakeExec answers a few known statements and records what it ran.
type fakeExec struct {
	mu      sync.Mutex
	queries []string
	started chan struct{} // closed when "SLOW" starts, if set
}

func (f *fakeExec) Query(ctx context.Context, q string) (result, error) {
	f.mu.Lock()
	f.queries = append(f.queries, q)
	f.mu.Unlock()
	q = strings.Join(strings.Fields(q), " ")
	switch {
	case q == "SELECT 1" || q == "select 1":
		return table([]string{"1"}, []vector.Type{vector.Integer}, 10, []any{1}), nil
	case q == "SELECT 'a' AS s, 2 AS n":
		return table([]string{"s", "n"}, []vector.Type{vector.Varchar, vector.BigInt}, 10, []any{"a", 2}), nil
	case q == "CREATE TABLE t (a INT)":
		return &fakeResult{}, nil
	case q == "SHOW TABLES":
		return table([]string{"name"}, []vector.Type{vector.Varchar}, 10, []any{"t"}, []any{"u v"}), nil
	case strings.HasPrefix(q, "DESCRIBE "):
		name := strings.Trim(strings.TrimPrefix(q, "DESCRIBE "), `"`)
		return table([]string{"column_name", "column_type"}, []vector.Type{vector.Varchar, vector.Varchar}, 10,
			[]any{"col_of_" + name, "INTEGER"}), nil
	case q == "SELECT range FROM range(100)":
		var rows [][]any
		for i := range 100 {
			rows = append(rows, []any{i})
		}
		return table([]string{"range"}, []vector.Type{vector.BigInt}, 30, rows...), nil
	case q == "SLOW":
		if f.started != nil {
			close(f.started)
		}
		<-ctx.Done()
		return nil, errors.New("engine: query interrupted")
	}
	return nil, fmt.Errorf("Parser Error: syntax error at or near %q", q)
}

func (f *fakeExec) ran() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.queries...)
}

// runFake runs the program with the fake engine.
func runFake(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string, fe *fakeExec) {
	t.Helper()
	fe = &fakeExec{}
	saved := openDatabase
	openDatabase = func(path string) (executor, func() error, error) {
		if path == "bad.db" {
			return nil, nil, errors.New("cannot open")
		}
		return fe, func() error { return nil }, nil
	}
	defer func() { openDatabase = saved }()
	var out, errOut strings.Builder
	code = run(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String(), fe
}

const oneBox = `┌───────┐
│   1   │
│ int32 │
├───────┤
│     1 │
└───────┘
`

func TestRunCommandLine(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "s.sql")
	if err := os.WriteFile(script, []byte("CREATE TABLE t (a INT);\n-- comment\nSELECT 'a' AS s,\n  2 AS n;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.sql")
	if err := os.WriteFile(bad, []byte("SELECT 1;\nBOGUS;\nSELECT 1;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		args    []string
		stdin   string
		code    int
		out     string
		errOut  string // substring; "" means stderr must be empty
		queries []string
	}{
		{name: "-c", args: []string{"-c", "SELECT 1"}, code: 0, out: oneBox, queries: []string{"SELECT 1"}},
		{name: "-c with db path after", args: []string{"-c", "SELECT 1;", ":memory:"}, code: 0, out: oneBox, queries: []string{"SELECT 1"}},
		{name: "-c=", args: []string{"--c=SELECT 1;"}, code: 0, out: oneBox, queries: []string{"SELECT 1"}},
		{name: "-c two statements", args: []string{"-csv", "-c", "SELECT 1; SELECT 'a' AS s, 2 AS n"}, code: 0,
			out: "1\n1\ns,n\na,2\n", queries: []string{"SELECT 1", "SELECT 'a' AS s, 2 AS n"}},
		{name: "-c error", args: []string{"-c", "SELECT 1; BOGUS; SELECT 1"}, code: 1, out: oneBox,
			errOut: "Parser Error: syntax error at or near \"BOGUS\"", queries: []string{"SELECT 1", "BOGUS"}},
		{name: "-c dot command", args: []string{"-c", ".mode list\nSELECT 1;"}, code: 0, out: "1\n1\n"},
		{name: "extra argument is SQL", args: []string{":memory:", "SELECT 1"}, code: 0, out: oneBox},
		{name: "-f", args: []string{"-json", "-f", script}, code: 0, out: "[{\"s\":\"a\",\"n\":2}]\n",
			queries: []string{"CREATE TABLE t (a INT)", "SELECT 'a' AS s,\n  2 AS n"}},
		{name: "-f stops at error", args: []string{"-list", "-f", bad}, code: 1, out: "1\n1\n", errOut: "BOGUS",
			queries: []string{"SELECT 1", "BOGUS"}},
		{name: "-f missing file", args: []string{"-f", filepath.Join(dir, "nope.sql")}, code: 1, errOut: "no such file"},
		{name: "stdin", stdin: "SELECT 1;\nSELECT\n1\n", code: 0, out: oneBox + oneBox, queries: []string{"SELECT 1", "SELECT\n1"}},
		{name: "stdin error", stdin: "BOGUS;\nSELECT 1;\n", code: 1, errOut: "BOGUS", queries: []string{"BOGUS"}},
		{name: "stdin .quit", stdin: "SELECT 1;\n.quit\nSELECT 1;\n", code: 0, out: oneBox, queries: []string{"SELECT 1"}},
		{name: "stdin comment only", stdin: "-- nothing\n", code: 0},
		{name: "-version", args: []string{"-version"}, code: 0, out: "lhsql dev\n"},
		{name: "-help", args: []string{"--help"}, code: 0, out: usage},
		{name: "unknown option", args: []string{"-frobnicate"}, code: 1, errOut: "unknown option -frobnicate"},
		{name: "-c without argument", args: []string{"-c"}, code: 1, errOut: "needs an argument"},
		{name: "bad database", args: []string{"bad.db", "-c", "SELECT 1"}, code: 1, errOut: "cannot open"},
		{name: "gen dispatches", args: []string{"gen"}, code: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut, fe := runFake(t, tt.stdin, tt.args...)
			if code != tt.code {
				t.Errorf("exit code %d, want %d (stderr %q)", code, tt.code, errOut)
			}
			if out != tt.out {
				t.Errorf("stdout:\n%s\nwant:\n%s", out, tt.out)
			}
			if tt.errOut == "" && errOut != "" || !strings.Contains(errOut, tt.errOut) {
				t.Errorf("stderr = %q, want containing %q", errOut, tt.errOut)
			}
			if tt.queries != nil {
				if got := fe.ran(); fmt.Sprint(got) != fmt.Sprint(tt.queries) {
					t.Errorf("ran %q, want %q", got, tt.queries)
				}
			}
		})
	}
}

func newTestShell() (*shell, *fakeExec, *strings.Builder, *strings.Builder) {
	fe := &fakeExec{}
	var out, errOut strings.Builder
	sh := newShell(fe, &out, &errOut)
	return sh, fe, &out, &errOut
}

func TestDotCommands(t *testing.T) {
	dir := t.TempDir()
	inc := filepath.Join(dir, "inc.sql")
	if err := os.WriteFile(inc, []byte(".mode csv\nSELECT 1;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		lines   []string
		out     string
		err     string
		queries []string
	}{
		{name: "mode list", lines: []string{".mode list", "SELECT 1;"}, out: "1\n1\n"},
		{name: "mode shows current", lines: []string{".mode"}, out: "current output mode: box\n"},
		{name: "mode unknown", lines: []string{".mode fancy"}, err: `unknown mode "fancy"`},
		{name: "mode duckbox", lines: []string{".mode duckbox", "SELECT 1;"}, out: oneBox},
		{name: "tables", lines: []string{".mode list", ".tables"}, out: "name\nt\nu v\n", queries: []string{"SHOW TABLES"}},
		{name: "schema table", lines: []string{".mode csv", ".schema t;"}, out: "column_name,column_type\ncol_of_t,INTEGER\n",
			queries: []string{`DESCRIBE "t"`}},
		{name: "schema all", lines: []string{".mode list", ".schema"},
			out:     "t:\ncolumn_name|column_type\ncol_of_t|INTEGER\nu v:\ncolumn_name|column_type\ncol_of_u v|INTEGER\n",
			queries: []string{"SHOW TABLES", `DESCRIBE "t"`, `DESCRIBE "u v"`}},
		{name: "timer", lines: []string{".mode list", ".timer on", "SELECT 1;", ".timer off", "SELECT 1;"},
			out: "1\n1\nRun Time (s): real 0.250\n1\n1\n"},
		{name: "timer bad", lines: []string{".timer maybe"}, err: "invalid arguments for .timer"},
		{name: "maxrows", lines: []string{".maxrows 2", "SELECT range FROM range(100);"},
			out: "┌────────────────────┐\n│       range        │\n│       int64        │\n├────────────────────┤\n" +
				"│                  0 │\n│         ·          │\n│         ·          │\n│         ·          │\n" +
				"│                 99 │\n├────────────────────┤\n│ 100 rows (2 shown) │\n└────────────────────┘\n"},
		{name: "maxrows bad", lines: []string{".maxrows lots"}, err: "invalid arguments for .maxrows"},
		{name: "read", lines: []string{".read " + inc, "SELECT 1;"}, out: "1\n1\n1\n1\n"},
		{name: "read missing", lines: []string{".read " + filepath.Join(dir, "none")}, err: "no such file"},
		{name: "unknown", lines: []string{".frob"}, err: `unknown command ".frob"`},
		{name: "help", lines: []string{".help"}, out: helpText},
		{name: "dot inside statement is SQL", lines: []string{"SELECT", ".5;"}, err: `"SELECT .5"`, queries: []string{"SELECT\n.5"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sh, fe, out, _ := newTestShell()
			tick := time.Unix(0, 0)
			sh.now = func() time.Time { tick = tick.Add(250 * time.Millisecond); return tick }
			var err error
			for _, l := range tt.lines {
				if err = sh.feedLine(context.Background(), l); err != nil {
					break
				}
			}
			if tt.err == "" && err != nil || tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
				t.Errorf("error = %v, want %q", err, tt.err)
			}
			if out.String() != tt.out {
				t.Errorf("output:\n%s\nwant:\n%s", out.String(), tt.out)
			}
			if tt.queries != nil {
				if got := fe.ran(); fmt.Sprint(got) != fmt.Sprint(tt.queries) {
					t.Errorf("ran %q, want %q", got, tt.queries)
				}
			}
		})
	}
}

func TestErrorText(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{errors.New("boom"), "Error: boom"},
		{errors.New("Parser Error: bad token at 1:3"), "Parser Error: bad token at 1:3"},
		{errors.New("Binder Error: no such column\nLINE 1: ..."), "Binder Error: no such column\nLINE 1: ..."},
		{errors.New("x: Error: y"), "Error: x: Error: y"},
		{fmt.Errorf("wrapped: %w", context.Canceled), "Error: Interrupted"},
	}
	for _, tt := range tests {
		if got := errorText(tt.err); got != tt.want {
			t.Errorf("errorText(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}

// scriptedReader returns canned lines and records the prompts shown.
type scriptedReader struct {
	lines   []any // string, or error
	prompts []string
}

func (s *scriptedReader) ReadLine(prompt string) (string, error) {
	s.prompts = append(s.prompts, prompt)
	if len(s.lines) == 0 {
		return "", io.EOF
	}
	x := s.lines[0]
	s.lines = s.lines[1:]
	if err, ok := x.(error); ok {
		return "", err
	}
	return x.(string), nil
}

func TestREPL(t *testing.T) {
	tests := []struct {
		name    string
		lines   []any
		prompts []string
		out     string
		errOut  string
		queries []string
	}{
		{
			name:    "multi-line statement",
			lines:   []any{"SELECT", "1", ";"},
			prompts: []string{"D ", "‣ ", "‣ ", "D "},
			out:     oneBox,
			queries: []string{"SELECT\n1"},
		},
		{
			name:    "errors do not end the session",
			lines:   []any{"BOGUS;", "SELECT 1;"},
			prompts: []string{"D ", "D ", "D "},
			out:     oneBox,
			errOut:  "Parser Error: syntax error at or near \"BOGUS\"\n",
		},
		{
			name:    "ctrl-c clears the statement",
			lines:   []any{"SELECT 'oops", errInterrupt, "SELECT 1;"},
			prompts: []string{"D ", "‣ ", "D ", "D "},
			out:     oneBox,
			queries: []string{"SELECT 1"},
		},
		{
			name:    "quit",
			lines:   []any{".quit", "SELECT 1;"},
			prompts: []string{"D "},
		},
		{
			name:    "dot command errors are printed",
			lines:   []any{".nope"},
			prompts: []string{"D ", "D "},
			errOut:  "Error: unknown command \".nope\"; enter \".help\" for help\n",
		},
		{
			name:    "statement pending at EOF is not run",
			lines:   []any{"SELECT 1"},
			prompts: []string{"D ", "‣ "},
			queries: []string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sh, fe, out, errOut := newTestShell()
			lr := &scriptedReader{lines: tt.lines}
			if err := sh.repl(context.Background(), lr); err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(lr.prompts) != fmt.Sprint(tt.prompts) {
				t.Errorf("prompts %q, want %q", lr.prompts, tt.prompts)
			}
			if out.String() != tt.out {
				t.Errorf("output:\n%s\nwant:\n%s", out.String(), tt.out)
			}
			if errOut.String() != tt.errOut {
				t.Errorf("stderr %q, want %q", errOut.String(), tt.errOut)
			}
			if tt.queries != nil {
				if got := fe.ran(); fmt.Sprint(got) != fmt.Sprint(tt.queries) {
					t.Errorf("ran %q, want %q", got, tt.queries)
				}
			}
		})
	}
}

func TestInterruptCancelsQuery(t *testing.T) {
	sh, fe, _, _ := newTestShell()
	fe.started = make(chan struct{})
	if sh.interrupt() {
		t.Error("interrupt reported a running statement while idle")
	}
	done := make(chan error, 1)
	go func() { done <- sh.feedLine(context.Background(), "SLOW;") }()
	<-fe.started
	if !sh.interrupt() {
		t.Error("interrupt found no running statement")
	}
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("interrupted statement returned %v, want context.Canceled", err)
		}
		if got := errorText(err); got != "Error: Interrupted" {
			t.Errorf("errorText = %q", got)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("statement not interrupted")
	}
}

// pipeRW feeds bytes to a term.Terminal and collects what it writes.
type pipeRW struct {
	in  *strings.Reader
	out strings.Builder
}

func (p *pipeRW) Read(b []byte) (int, error)  { return p.in.Read(b) }
func (p *pipeRW) Write(b []byte) (int, error) { return p.out.Write(b) }

func TestTermReader(t *testing.T) {
	dir := t.TempDir()
	histPath := filepath.Join(dir, "hist")
	if err := os.WriteFile(histPath, []byte("SELECT 'old';\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	hist := loadHistory(histPath)
	// Typed: a line with a cursor edit; Ctrl-C in the middle of a line;
	// up-arrow recalls the previous line; Ctrl-D ends.
	keys := "SELECT X1\x1b[D\x7f\r" + "SELECT 'abc\x03" + "\x1b[A\r" + "\x1b[A\x1b[A\x1b[A\r" + "\x04"
	rw := &pipeRW{in: strings.NewReader(keys)}
	ir := &interruptReader{r: rw}
	lr := &termReader{in: ir, t: newTerminalFor(ir, rw, hist), hist: hist}
	var got []string
	for {
		line, err := lr.readLine()
		if err == io.EOF {
			break
		}
		if err == errInterrupt {
			got = append(got, "<interrupt>")
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, line)
	}
	want := []string{"SELECT 1", "<interrupt>", "SELECT 1", "SELECT 'old';"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("lines %q, want %q", got, want)
	}
	data, err := os.ReadFile(histPath)
	if err != nil {
		t.Fatal(err)
	}
	if want := "SELECT 'old';\nSELECT 1\nSELECT 'old';\n"; string(data) != want {
		t.Errorf("history file %q, want %q", data, want)
	}
	if h2 := loadHistory(histPath); h2.Len() != 3 || h2.At(0) != "SELECT 'old';" || h2.At(1) != "SELECT 1" {
		t.Errorf("reloaded history has %d entries", h2.Len())
	}
}

func TestHistoryFileTrimmed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hist")
	var sb strings.Builder
	for i := range 2*historyLimit + 10 {
		fmt.Fprintf(&sb, "SELECT %d;\n", i)
	}
	if err := os.WriteFile(path, []byte(sb.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	h := loadHistory(path)
	if h.Len() != historyLimit || h.At(0) != fmt.Sprintf("SELECT %d;", 2*historyLimit+9) {
		t.Fatalf("loaded %d entries, newest %q", h.Len(), h.At(0))
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(data), "\n"); n != historyLimit {
		t.Errorf("history file has %d lines after trimming, want %d", n, historyLimit)
	}
}
