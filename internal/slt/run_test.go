package slt

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// answer is a fake engine's reply to one SQL text.
type answer struct {
	res    *Result
	err    error
	panic  bool
	wait   bool // block until the context is done
	ignore bool // block for a long time, ignoring the context
	crash  bool // panic on a goroutine the runner cannot recover
}

// fakeEngine answers SQL texts from a table and logs what it ran.
type fakeEngine struct {
	answers map[string]answer
	mu      sync.Mutex
	log     []string
	opened  int
}

func (e *fakeEngine) Open() (Database, error) {
	e.mu.Lock()
	e.opened++
	e.mu.Unlock()
	return &fakeDB{e: e}, nil
}

type fakeDB struct {
	e     *fakeEngine
	conns int
}

func (d *fakeDB) Conn() (Conn, error) {
	d.conns++
	return &fakeConn{e: d.e, id: d.conns}, nil
}

func (d *fakeDB) Close() error { return nil }

type fakeConn struct {
	e  *fakeEngine
	id int
}

func (c *fakeConn) Query(ctx context.Context, sql string) (*Result, error) {
	c.e.mu.Lock()
	c.e.log = append(c.e.log, sql)
	a, ok := c.e.answers[sql]
	c.e.mu.Unlock()
	if !ok {
		return nil, errors.New("Parser Error: unknown fake statement")
	}
	switch {
	case a.panic:
		var m map[string]int
		m["boom"]++ // a nil map write, as a real engine bug would
	case a.crash:
		// The panic on another goroutine ends the process; wait for it.
		go panic("goroutine crash")
		select {}
	case a.wait:
		<-ctx.Done()
		return nil, ctx.Err()
	case a.ignore:
		time.Sleep(2 * time.Second)
	}
	if a.err != nil {
		return nil, a.err
	}
	if a.res == nil {
		return &Result{}, nil
	}
	return a.res, nil
}

// res builds a result: kinds has one letter per column (I integer, D
// double, T string, B bool, N decimal(2)); the value NULL is a NULL cell.
func res(kinds string, rows ...[]string) *Result {
	r := &Result{}
	for i, k := range kinds {
		c := Column{Name: "c" + string(rune('0'+i))}
		switch k {
		case 'I':
			c.Kind = KindInteger
		case 'D':
			c.Kind = KindDouble
		case 'B':
			c.Kind = KindBool
		case 'N':
			c.Kind, c.Scale = KindDecimal, 2
		default:
			c.Kind = KindString
		}
		r.Columns = append(r.Columns, c)
	}
	for _, row := range rows {
		var cells []Cell
		for _, v := range row {
			if v == "NULL" {
				cells = append(cells, Cell{Null: true})
			} else {
				cells = append(cells, Cell{Text: v})
			}
		}
		r.Rows = append(r.Rows, cells)
	}
	return r
}

func row(v ...string) []string { return v }

func writeTest(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func baseAnswers() map[string]answer {
	return map[string]answer{
		"CREATE TABLE t(i INTEGER)":   {},
		"SELECT 1":                    {res: res("I", row("1"))},
		"SELECT 1, 'a'":               {res: res("IT", row("1", "a"))},
		"SELECT i, s FROM t":          {res: res("IT", row("2", "b"), row("1", ""), row("3", "NULL"))},
		"SELECT 0.1 + 0.2":            {res: res("D", row("0.30000000000000004"))},
		"SELECT true":                 {res: res("B", row("true"))},
		"SELECT x":                    {err: errors.New(`Binder Error: Referenced column "x" not found`)},
		"SELECT internal":             {err: errors.New("INTERNAL Error: assertion failed")},
		"SELECT unsupported":          {err: errors.New("not implemented: frobnication")},
		"SELECT unsupported2":         {err: errors.New("Binder Error: QUALIFY is not supported yet")},
		"SELECT notimpl":              {err: errors.New("Not implemented Error: ALTER SCHEMA is not supported")},
		"SELECT panic":                {panic: true},
		"SELECT 1.50":                 {res: res("N", row("1.50"))},
		"SELECT range(3)":             {res: res("I", row("0"), row("1"), row("2"))},
		"SELECT 2":                    {res: res("I", row("2"))},
		"SELECT 10":                   {res: res("I", row("10"))},
		"SELECT 'x'::tinyint":         {},
		"SELECT 'x'::varchar":         {},
		"SELECT 2.9, 2.9, 'a', 7":     {res: res("DDTI", row("2.9", "2.9", "a", "7"))},
		"SET integer_division=true":   {},
		"SELECT 'nested'":             {res: res("T", row("nested"))},
		"SELECT 5 // 2":               {res: res("I", row("2"))},
		"SELECT zero rows":            {res: res("I")},
		"SELECT wait":                 {wait: true},
		"SELECT ignore":               {ignore: true},
		"INSERT INTO t VALUES (1)":    {},
		"SELECT count(*) FROM t":      {res: res("I", row("1"))},
		"SELECT 'a\tb'":               {res: res("T", row("a\tb"))},
		"SELECT NULL, ''":             {res: res("TT", row("NULL", ""))},
		"SELECT 3.0":                  {res: res("D", row("3.0"))},
		"SELECT 'hello world'":        {res: res("T", row("hello world"))},
		"SELECT 1 UNION ALL SELECT 2": {res: res("I", row("2"), row("1"))},
	}
}

func runText(t *testing.T, answers map[string]answer, text string) (FileResult, *fakeEngine) {
	t.Helper()
	e := &fakeEngine{answers: answers}
	p := writeTest(t, t.TempDir(), "x.test", text)
	r := &Runner{Engine: e, Timeout: 300 * time.Millisecond}
	return r.RunFile(p), e
}

func TestRunRecords(t *testing.T) {
	tests := []struct {
		name                    string
		text                    string
		passed, failed, skipped int
		reason                  string // substring of the first failure's reason
	}{
		{"statement ok", "statement ok\nCREATE TABLE t(i INTEGER)\n", 1, 0, 0, ""},
		{"statement ok fails", "statement ok\nSELECT x\n", 0, 1, 0, "statement failed"},
		{"statement error any", "statement error\nSELECT x\n----\n\n", 1, 0, 0, ""},
		{"statement error substring", "statement error\nSELECT x\n----\nReferenced column \"x\"\n", 1, 0, 0, ""},
		{"statement error regex", "statement error\nSELECT x\n----\n<REGEX>:Binder Error.*not found\n", 1, 0, 0, ""},
		{"statement error not regex", "statement error\nSELECT x\n----\n<!REGEX>:.*Catalog.*\n", 1, 0, 0, ""},
		{"statement error wrong message", "statement error\nSELECT x\n----\nCatalog Error\n", 0, 1, 0, "does not match"},
		{"statement error succeeded", "statement error\nSELECT 1\n----\n\n", 0, 1, 0, "succeeded"},
		{"internal error is not expected", "statement error\nSELECT internal\n----\n\n", 0, 1, 0, "internal"},
		{"unsupported is not expected", "statement error\nSELECT unsupported\n----\n\n", 0, 1, 0, "does not implement"},
		{"not supported yet is not expected", "statement error\nSELECT unsupported2\n----\nBinder Error\n", 0, 1, 0, "does not implement"},
		{"DuckDB's not implemented error", "statement error\nSELECT notimpl\n----\nNot implemented Error\n", 1, 0, 0, ""},
		{"not implemented, other message", "statement error\nSELECT notimpl\n----\nNot implemented Error: triggers\n", 0, 1, 0, "does not match"},
		{"maybe success", "statement maybe\nSELECT 1\n----\nwhatever\n", 1, 0, 0, ""},
		{"maybe matching error", "statement maybe\nSELECT x\n----\nBinder Error\n", 1, 0, 0, ""},
		{"maybe other error", "statement maybe\nSELECT x\n----\nCatalog Error\n", 0, 1, 0, "does not match"},
		{"query", "query I\nSELECT 1\n----\n1\n", 1, 0, 0, ""},
		{"query wrong", "query I\nSELECT 1\n----\n2\n", 0, 1, 0, "wrong result"},
		{"query error", "query I\nSELECT x\n----\n1\n", 0, 1, 0, "query failed"},
		{"query column count", "query II\nSELECT 1\n----\n1\n", 0, 1, 0, "columns"},
		{"query tabs", "query IT\nSELECT 1, 'a'\n----\n1\ta\n", 1, 0, 0, ""},
		{"rowsort", "query IT rowsort\nSELECT i, s FROM t\n----\n1\t(empty)\n2\tb\n3\tNULL\n", 1, 0, 0, ""},
		{"nosort keeps order", "query IT\nSELECT i, s FROM t\n----\n1\t(empty)\n2\tb\n3\tNULL\n", 0, 1, 0, "wrong result"},
		{"valuesort", "query I valuesort\nSELECT 1 UNION ALL SELECT 2\n----\n1\n2\n", 1, 0, 0, ""},
		{"float tolerance", "query R\nSELECT 0.1 + 0.2\n----\n0.3\n", 1, 0, 0, ""},
		{"decimal", "query R\nSELECT 1.50\n----\n1.5\n", 1, 0, 0, ""},
		{"bool as true", "query I\nSELECT true\n----\ntrue\n", 1, 0, 0, ""},
		{"bool as 1", "query I\nSELECT true\n----\n1\n", 1, 0, 0, ""},
		{"double 3 matches 3.0", "query I\nSELECT 3.0\n----\n3\n", 1, 0, 0, ""},
		{"null and empty", "query II\nSELECT NULL, ''\n----\nNULL\t(empty)\n", 1, 0, 0, ""},
		{"value with tab", "query I\nSELECT 'a\tb'\n----\na\tb\n", 0, 1, 0, "wrong result"},
		{"regex value", "query I\nSELECT 'hello world'\n----\n<REGEX>:hello.*\n", 1, 0, 0, ""},
		{"hash", "query I\nSELECT range(3)\n----\n3 values hashing to 1f4ff1dc8aa8ec9e8b8a6ea5b7a3c9bc\n", 0, 1, 0, "hash"},
		{"hash ok", "query I\nSELECT range(3)\n----\n3 values hashing to " + hashValues([]string{"0", "1", "2"})[len("3 values hashing to "):] + "\n", 1, 0, 0, ""},
		{"empty result", "query I\nSELECT zero rows\n----\n\n", 1, 0, 0, ""},
		{"no result line means empty", "query I\nSELECT zero rows\n", 1, 0, 0, ""},
		{"no result line but rows", "query I\nSELECT 1\n", 0, 1, 0, "rows"},
		{"labels agree", "query I nosort l1\nSELECT 1\n----\n\nquery I nosort l1\nSELECT 1\n----\n", 2, 0, 0, ""},
		{"labels differ", "query I nosort l1\nSELECT 1\n----\n\nquery I nosort l1\nSELECT 2\n----\n", 1, 1, 0, "label"},
		{"reset label", "query I nosort l1\nSELECT 1\n----\n\nreset label l1\n\nquery I nosort l1\nSELECT 2\n----\n", 2, 0, 0, ""},
		{"skipif ours", "skipif duckdb\nquery I\nSELECT 2\n----\n1\n", 0, 0, 1, ""},
		{"skipif postgresql", "skipif postgresql\nquery I\nSELECT 2\n----\n1\n", 0, 0, 1, ""},
		{"skipif mysql runs", "skipif mysql\nquery I\nSELECT 1\n----\n1\n", 1, 0, 0, ""},
		{"onlyif mysql", "onlyif mysql\nquery I\nSELECT 2\n----\n1\n", 0, 0, 1, ""},
		{"onlyif lhsql", "onlyif lhsql\nquery I\nSELECT 1\n----\n1\n", 1, 0, 0, ""},
		{"halt", "query I\nSELECT 1\n----\n1\n\nhalt\n\nquery I\nSELECT 2\n----\n1\n\nstatement ok\nSELECT 1\n", 1, 0, 2, ""},
		{"mode skip", "mode skip\n\nquery I\nSELECT 2\n----\n1\n\nmode unskip\n\nquery I\nSELECT 1\n----\n1\n", 1, 0, 1, ""},
		{"bad record fails", "frobnicate\n\nquery I\nSELECT 1\n----\n1\n", 1, 1, 0, "cannot parse"},
		{"loop", "loop i 0 3\n\nquery I\nSELECT range({i})\n----\n\nendloop\n", 0, 3, 0, ""},
		{"foreach", "foreach v 1 2 10\n\nquery I\nSELECT ${v}\n----\n{v}\n\nendloop\n", 3, 0, 0, ""},
		{"foreach condition", "foreach v 1 2 10\n\nonlyif v=2\nquery I\nSELECT ${v}\n----\n{v}\n\nendloop\n", 1, 0, 2, ""},
		{"require skips file", "require parquet\n\nquery I\nSELECT 1\n----\n1\n\nloop i 0 2\n\nstatement ok\nSELECT 1\n\nendloop\n", 0, 0, 3, ""},
		{"panic", "query I\nSELECT panic\n----\n1\n\nquery I\nSELECT 1\n----\n1\n", 1, 1, 0, "query failed"},
		{"panic is not an expected error", "statement error\nSELECT panic\n----\n\n", 0, 1, 0, "panic"},
		{"timeout", "query I\nSELECT wait\n----\n1\n\nquery I\nSELECT 1\n----\n1\n", 1, 1, 0, "query failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := runText(t, baseAnswers(), tt.text)
			if got.Passed != tt.passed || got.Failed != tt.failed || got.Skipped != tt.skipped {
				t.Errorf("got %d passed, %d failed, %d skipped; want %d, %d, %d; failures %+v",
					got.Passed, got.Failed, got.Skipped, tt.passed, tt.failed, tt.skipped, got.Failures)
			}
			if tt.reason != "" && (len(got.Failures) == 0 || !strings.Contains(got.Failures[0].Reason, tt.reason)) {
				t.Errorf("first failure %+v, want a reason containing %q", got.Failures, tt.reason)
			}
		})
	}
}

func TestRunPanicDetails(t *testing.T) {
	got, _ := runText(t, baseAnswers(), "query I\nSELECT panic\n----\n1\n")
	if len(got.Failures) != 1 || !got.Failures[0].Panic {
		t.Fatalf("failures %+v", got.Failures)
	}
	act := strings.Join(got.Failures[0].Actual, "\n")
	if !strings.Contains(act, "panic: assignment to entry in nil map") || !strings.Contains(act, "fakeConn") {
		t.Errorf("panic report lacks the message or the stack: %s", act)
	}
}

func TestRunTimeoutIgnored(t *testing.T) {
	old := graceAfterTimeout
	graceAfterTimeout = 100 * time.Millisecond
	defer func() { graceAfterTimeout = old }()
	e := &fakeEngine{answers: baseAnswers()}
	p := writeTest(t, t.TempDir(), "x.test", "statement ok\nSELECT ignore\n\nquery I\nSELECT 1\n----\n1\n\nquery I\nSELECT 1\n----\n1\n")
	got := (&Runner{Engine: e, Timeout: 50 * time.Millisecond}).RunFile(p)
	if got.Passed != 0 || got.Failed != 3 {
		t.Fatalf("got %+v", got)
	}
	if !strings.Contains(got.Failures[1].Reason, "not run") {
		t.Errorf("records after a stuck query should not run: %+v", got.Failures[1])
	}
}

func TestRunSubstitution(t *testing.T) {
	text := "loop i 0 2\n\nforeach t tinyint varchar\n\nstatement ok\nSELECT 'x'::${t}\n\nendloop\n\nendloop\n\nstatement error\nSELECT '{TEST_DIR}/f'\n----\n\n"
	got, e := runText(t, baseAnswers(), text)
	// The fake engine does not know the last statement, so it errors as
	// expected.
	if got.Passed != 5 || got.Failed != 0 {
		t.Fatalf("got %+v", got)
	}
	if len(e.log) != 5 || e.log[2] != "SELECT 'x'::tinyint" || e.log[3] != "SELECT 'x'::varchar" {
		t.Fatalf("log %q", e.log)
	}
	last := e.log[len(e.log)-1]
	if strings.Contains(last, "{TEST_DIR}") || !strings.HasSuffix(last, "/f'") {
		t.Errorf("TEST_DIR not replaced: %q", last)
	}
}

func TestRunConnections(t *testing.T) {
	answers := baseAnswers()
	var conns []int
	e := &fakeEngine{answers: answers}
	p := writeTest(t, t.TempDir(), "x.test", "statement ok con1\nSELECT 1\n\nstatement ok con2\nSELECT 1\n\nstatement ok con1\nSELECT 1\n\nreconnect\n\nstatement ok\nSELECT 1\n")
	r := &Runner{Engine: &connRecorder{fakeEngine: e, ids: &conns}}
	got := r.RunFile(p)
	if got.Passed != 4 {
		t.Fatalf("got %+v", got)
	}
	if want := []int{1, 2, 1, 3}; len(conns) != 4 || conns[0] != want[0] || conns[1] != want[1] || conns[2] != want[2] || conns[3] != want[3] {
		t.Errorf("connections used %v, want %v", conns, want)
	}
}

// connRecorder records which connection ran each statement.
type connRecorder struct {
	*fakeEngine
	ids *[]int
}

func (c *connRecorder) Open() (Database, error) {
	return &recDB{fakeDB: &fakeDB{e: c.fakeEngine}, ids: c.ids}, nil
}

type recDB struct {
	*fakeDB
	ids *[]int
}

func (d *recDB) Conn() (Conn, error) {
	c, _ := d.fakeDB.Conn()
	return &recConn{fakeConn: c.(*fakeConn), ids: d.ids}, nil
}

type recConn struct {
	*fakeConn
	ids *[]int
}

func (c *recConn) Query(ctx context.Context, sql string) (*Result, error) {
	*c.ids = append(*c.ids, c.id)
	return c.fakeConn.Query(ctx, sql)
}

func TestRunSQLiteStyle(t *testing.T) {
	text := "hash-threshold 8\n\nquery IRTI nosort\nSELECT 2.9, 2.9, 'a', 7\n----\n2\n2.900\na\n7\n\nstatement error\nSELECT x\n\nquery I nosort\nSELECT 5 // 2\n----\n2\n"
	got, e := runText(t, baseAnswers(), text)
	if got.Passed != 3 || got.Failed != 0 {
		t.Fatalf("got %+v", got)
	}
	if e.log[0] != "SET integer_division=true" {
		t.Errorf("SQLite-style files should run with integer division: %q", e.log)
	}
}

func TestRunFilesAndReport(t *testing.T) {
	dir := t.TempDir()
	writeTest(t, dir, "b/two.test", "query I\nSELECT 1\n----\n2\n\nstatement ok\nSELECT 1\n")
	writeTest(t, dir, "a/one.test", "query I\nSELECT 1\n----\n1\n")
	writeTest(t, dir, "a/skip.test_slow", "require json\n\nstatement ok\nSELECT 1\n")
	writeTest(t, dir, "a/notatest.txt", "garbage\n")
	files, err := CollectFiles([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 3 || !strings.HasSuffix(files[0], "one.test") || !strings.HasSuffix(files[2], "two.test") {
		t.Fatalf("files %q", files)
	}
	e := &fakeEngine{answers: baseAnswers()}
	results := (&Runner{Engine: e}).RunFiles(files)
	if e.opened != 2 {
		t.Errorf("opened %d databases, want one per run file (2)", e.opened)
	}
	var buf bytes.Buffer
	WriteReport(&buf, results, true)
	out := buf.String()
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if last := lines[len(lines)-1]; last != "2 passed, 1 failed, 1 skipped" {
		t.Errorf("last line %q", last)
	}
	for _, want := range []string{
		"PASS " + files[0] + ": 1 passed, 0 failed, 0 skipped",
		"SKIP " + files[1] + ": 0 passed, 0 failed, 1 skipped (require json)",
		"FAIL " + files[2] + ": 1 passed, 1 failed, 0 skipped",
		"--- FAILED " + files[2] + ":1: wrong result",
		"a/ ", "b/ ", "total ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	tot := Sum(results)
	if tot.Files != 3 || tot.FullyPassing != 1 || tot.SkippedFiles != 1 {
		t.Errorf("totals %+v", tot)
	}
	// Deterministic: a second run prints the same report.
	var buf2 bytes.Buffer
	WriteReport(&buf2, (&Runner{Engine: &fakeEngine{answers: baseAnswers()}, Workers: 3}).RunFiles(files), true)
	if buf2.String() != out {
		t.Errorf("reports differ between runs")
	}
}
