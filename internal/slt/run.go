package slt

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultTimeout bounds the time one record may take.
const DefaultTimeout = 10 * time.Second

// graceAfterTimeout is how long a timed-out query may take to notice its
// cancelled context before its connection is given up for the file.
var graceAfterTimeout = 5 * time.Second

// maxShown bounds the result lines kept for a failure report.
const maxShown = 60

// Runner runs test files against an engine.
type Runner struct {
	Engine  Engine
	Timeout time.Duration // per record; DefaultTimeout when zero
	Workers int           // files run in parallel; 2 when zero
}

// Failure describes one failing record.
type Failure struct {
	Line     int
	SQL      string
	Reason   string
	Expected []string // expected result or error lines, if any
	Actual   []string // actual result rows (tab-separated) or error
	Panic    bool     // the engine panicked: a bug to report
}

// FileResult is the outcome of one test file.
type FileResult struct {
	Path       string
	Passed     int
	Failed     int
	Skipped    int
	SkipReason string // set when the whole file was skipped
	Failures   []Failure
	// Abandoned is set when a query ignored its timeout and may still be
	// running on a goroutine of the engine.
	Abandoned bool `json:",omitempty"`
}

// FullyPassed reports whether every record of the file ran and passed.
func (r *FileResult) FullyPassed() bool {
	return r.SkipReason == "" && r.Failed == 0 && r.Passed > 0
}

// CollectFiles expands files and directories into the sorted list of test
// files (*.test and *.test_slow) they name.
func CollectFiles(args []string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	add := func(p string) {
		p = filepath.Clean(p)
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			return nil, fmt.Errorf("slt: %w", err)
		}
		if !st.IsDir() {
			add(a)
			continue
		}
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && (strings.HasSuffix(p, ".test") || strings.HasSuffix(p, ".test_slow")) {
				add(p)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("slt: walking %s: %w", a, err)
		}
	}
	sort.Strings(out)
	return out, nil
}

// RunFiles runs the files on a small worker pool and returns their results
// in the order of paths.
func (r *Runner) RunFiles(paths []string) []FileResult {
	workers := r.Workers
	if workers <= 0 {
		workers = 2
	}
	results := make([]FileResult, len(paths))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = r.RunFile(paths[i])
			}
		}()
	}
	for i := range paths {
		next <- i
	}
	close(next)
	wg.Wait()
	return results
}

// RunFile runs one test file on a fresh database.
func (r *Runner) RunFile(path string) FileResult {
	res := FileResult{Path: path}
	data, err := os.ReadFile(path)
	if err != nil {
		res.Failed = 1
		res.Failures = append(res.Failures, Failure{Reason: fmt.Sprintf("cannot read the file: %v", err)})
		return res
	}
	sc := parseScript(path, string(data))
	if sc.skipReason != "" {
		res.SkipReason = sc.skipReason
		res.Skipped = countRecords(sc.cmds)
		return res
	}
	f := &fileRunner{
		r:      r,
		path:   path,
		sc:     sc,
		res:    &res,
		conns:  map[string]Conn{},
		labels: map[string]string{},
	}
	db, err := r.Engine.Open()
	if err != nil {
		f.dead = fmt.Sprintf("cannot open a database: %v", err)
	} else {
		f.db = db
	}
	f.exec(sc.cmds, nil)
	res.Abandoned = f.abandoned
	if f.db != nil && !f.abandoned {
		if err := f.db.Close(); err != nil {
			res.Failures = append(res.Failures, Failure{Reason: fmt.Sprintf("closing the database: %v", err)})
		}
	}
	if f.tempDir != "" {
		os.RemoveAll(f.tempDir)
	}
	return res
}

// countRecords counts the statement and query records among cmds,
// counting loop bodies once per iteration.
func countRecords(cmds []*command) int {
	n := 0
	for _, c := range cmds {
		switch c.kind {
		case cmdStatement, cmdQuery, cmdBad:
			n++
		case cmdLoop:
			n += len(c.values) * countRecords(c.body)
		}
	}
	return n
}

// fileRunner holds the state of one file's run.
type fileRunner struct {
	r      *Runner
	path   string
	sc     *script
	res    *FileResult
	db     Database
	conns  map[string]Conn
	labels map[string]string

	hashThreshold int
	skipMode      bool
	halted        bool
	// dead is set when no further record can run (the database could not be
	// opened, or a query ignored its timeout); records then fail.
	dead      string
	abandoned bool
	tempDir   string
}

func (f *fileRunner) pass() { f.res.Passed++ }

func (f *fileRunner) fail(fl Failure) {
	f.res.Failed++
	if len(fl.Expected) > maxShown {
		fl.Expected = append(fl.Expected[:maxShown:maxShown], fmt.Sprintf("... %d more lines", len(fl.Expected)-maxShown))
	}
	if len(fl.Actual) > maxShown {
		fl.Actual = append(fl.Actual[:maxShown:maxShown], fmt.Sprintf("... %d more lines", len(fl.Actual)-maxShown))
	}
	f.res.Failures = append(f.res.Failures, fl)
}

func (f *fileRunner) exec(cmds []*command, vars map[string]string) {
	for _, c := range cmds {
		n := countRecords([]*command{c})
		if f.halted {
			f.res.Skipped += n
			continue
		}
		if !f.condsHold(c.conds, vars) {
			f.res.Skipped += n
			continue
		}
		switch c.kind {
		case cmdStatement, cmdQuery, cmdBad:
			switch {
			case f.skipMode:
				f.res.Skipped++
			case c.kind == cmdBad:
				f.fail(Failure{Line: c.line, Reason: "cannot parse the record: " + c.arg})
			case f.dead != "":
				f.fail(Failure{Line: c.line, SQL: c.sql, Reason: "not run: " + f.dead})
			case c.kind == cmdStatement:
				f.runStatement(c, vars)
			default:
				f.runQuery(c, vars)
			}
		case cmdLoop:
			for _, vals := range c.values {
				nv := make(map[string]string, len(vars)+len(vals))
				for k, v := range vars {
					nv[k] = v
				}
				for i, name := range c.vars {
					nv[name] = vals[i]
				}
				f.exec(c.body, nv)
			}
		case cmdHashThreshold:
			f.hashThreshold = c.n
		case cmdHalt:
			f.halted = true
		case cmdModeSkip:
			f.skipMode = true
		case cmdModeUnskip:
			f.skipMode = false
		case cmdResetLabel:
			delete(f.labels, c.arg)
		case cmdReconnect:
			delete(f.conns, "")
		case cmdSleep:
			time.Sleep(min(time.Duration(c.n)*time.Millisecond, 10*time.Second))
		}
	}
}

// ourSystems are the engine names lhsql answers to in skipif/onlyif.
var ourSystems = map[string]bool{"lhsql": true, "duckdb": true, "postgresql": true}

// condsHold reports whether a command's skipif/onlyif conditions let it run.
func (f *fileRunner) condsHold(conds []condition, vars map[string]string) bool {
	for _, c := range conds {
		if f.condTrue(c.arg, vars) == c.skip {
			return false
		}
	}
	return true
}

// condTrue evaluates a skipif/onlyif argument: an engine name, or a
// comparison on a loop variable such as threadid=0.
func (f *fileRunner) condTrue(arg string, vars map[string]string) bool {
	for _, op := range []string{"!=", "<>", ">=", "<=", "=", ">", "<"} {
		i := strings.Index(arg, op)
		if i < 0 {
			continue
		}
		lhs, rhs := arg[:i], arg[i+len(op):]
		if v, ok := vars[lhs]; ok {
			lhs = v
		}
		if v, ok := vars[rhs]; ok {
			rhs = v
		}
		cmp := strings.Compare(lhs, rhs)
		a, err1 := strconv.ParseFloat(lhs, 64)
		b, err2 := strconv.ParseFloat(rhs, 64)
		if err1 == nil && err2 == nil {
			cmp = 0
			if a < b {
				cmp = -1
			} else if a > b {
				cmp = 1
			}
		}
		switch op {
		case "!=", "<>":
			return cmp != 0
		case ">=":
			return cmp >= 0
		case "<=":
			return cmp <= 0
		case "=":
			return cmp == 0
		case ">":
			return cmp > 0
		default:
			return cmp < 0
		}
	}
	return ourSystems[strings.ToLower(arg)]
}

// subst replaces loop variables ({i} and ${i}) and the runner keywords.
func (f *fileRunner) subst(s string, vars map[string]string) string {
	if len(vars) > 0 && strings.Contains(s, "{") {
		names := make([]string, 0, len(vars))
		for k := range vars {
			names = append(names, k)
		}
		// Longer names first so {ii} is not hit by {i}.
		sort.Slice(names, func(a, b int) bool { return len(names[a]) > len(names[b]) })
		for _, k := range names {
			s = strings.ReplaceAll(s, "${"+k+"}", vars[k])
			s = strings.ReplaceAll(s, "{"+k+"}", vars[k])
		}
	}
	if strings.Contains(s, "TEST_DIR") || strings.Contains(s, "{TEMP_DIR}") {
		if f.tempDir == "" {
			d, err := os.MkdirTemp("", "lhsql-slt-")
			if err == nil {
				f.tempDir = d
			}
		}
		s = strings.ReplaceAll(s, "__TEST_DIR__", f.tempDir)
		s = strings.ReplaceAll(s, "{TEST_DIR}", f.tempDir)
		s = strings.ReplaceAll(s, "{TEMP_DIR}", f.tempDir)
	}
	if strings.Contains(s, "{DATA_DIR}") {
		s = strings.ReplaceAll(s, "{DATA_DIR}", f.dataDir())
	}
	return s
}

// dataDir finds a directory named data above the test file, or returns
// "data".
func (f *fileRunner) dataDir() string {
	dir, err := filepath.Abs(filepath.Dir(f.path))
	if err != nil {
		return "data"
	}
	for {
		d := filepath.Join(dir, "data")
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			return d
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "data"
		}
		dir = parent
	}
}

// conn returns the named connection, opening it on first use.
func (f *fileRunner) conn(name string) (Conn, error) {
	if c, ok := f.conns[name]; ok {
		return c, nil
	}
	c, err := f.db.Conn()
	if err != nil {
		return nil, fmt.Errorf("opening connection %q: %w", name, err)
	}
	if f.sc.sqlite {
		// SQLite's tests expect integer division, as DuckDB runs them.
		f.query(c, "SET integer_division=true")
	}
	f.conns[name] = c
	return c, nil
}

// errClass tells apart errors that may be an expected error from those
// that never can.
type errClass uint8

const (
	errNone     errClass = iota
	errNormal            // an ordinary SQL error
	errInternal          // INTERNAL error: never an expected error
	errUnsup             // the engine does not implement something
	errPanic             // the engine panicked
	errTimeout           // the record ran out of time
)

func classify(err error) errClass {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "INTERNAL"):
		return errInternal
	case strings.Contains(strings.ToLower(msg), "not implemented"),
		strings.Contains(strings.ToLower(msg), "not supported yet"):
		// lhsql's wording for features it lacks; DuckDB's own messages say
		// "not yet supported", so no expected error of the corpus contains
		// "not supported yet".
		return errUnsup
	}
	return errNormal
}

// query runs sql on c with the per-record timeout, turning a panic into an
// error.
func (f *fileRunner) query(c Conn, sql string) (*Result, error, errClass) {
	timeout := f.r.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	type outcome struct {
		res   *Result
		err   error
		panic bool
	}
	ch := make(chan outcome, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				ch <- outcome{err: fmt.Errorf("panic: %v\n%s", p, panicStack()), panic: true}
			}
		}()
		res, err := c.Query(ctx, sql)
		ch <- outcome{res: res, err: err}
	}()
	var o outcome
	select {
	case o = <-ch:
	case <-ctx.Done():
		select {
		case o = <-ch:
		case <-time.After(graceAfterTimeout):
			f.dead = fmt.Sprintf("a query at an earlier record ignored its %v timeout", timeout)
			f.abandoned = true
			return nil, fmt.Errorf("timeout after %v (the query did not stop when cancelled)", timeout), errTimeout
		}
	}
	switch {
	case o.panic:
		return nil, o.err, errPanic
	case ctx.Err() != nil && errors.Is(ctx.Err(), context.DeadlineExceeded):
		return nil, fmt.Errorf("timeout after %v", timeout), errTimeout
	case o.err != nil:
		return nil, o.err, classify(o.err)
	case o.res == nil:
		return &Result{}, nil, errNone
	}
	return o.res, nil, errNone
}

// panicStack returns the stack of a recovered panic, starting at the frame
// that panicked.
func panicStack() string {
	lines := strings.Split(string(debug.Stack()), "\n")
	// Skip the runtime and runner frames up to and including panic().
	for i, l := range lines {
		if strings.HasPrefix(l, "panic(") {
			lines = lines[i+2:]
			break
		}
	}
	if len(lines) > 24 {
		lines = lines[:24]
	}
	return strings.Join(lines, "\n")
}

// errorMatches reports whether an error message satisfies an expected
// message: empty (any error), a substring, or a <REGEX>:/<!REGEX>: pattern.
func errorMatches(msg, want string) bool {
	if want == "" || strings.Contains(msg, want) {
		return true
	}
	m, ok, _ := regexMatch(msg, want)
	return ok && m
}

func (f *fileRunner) runStatement(c *command, vars map[string]string) {
	sql := f.subst(c.sql, vars)
	fl := Failure{Line: c.line, SQL: sql}
	conn, err := f.conn(c.conn)
	if err != nil {
		fl.Reason = err.Error()
		f.fail(fl)
		return
	}
	_, qerr, class := f.query(conn, sql)
	fl.Panic = class == errPanic
	if qerr != nil {
		fl.Actual = strings.Split(qerr.Error(), "\n")
	}
	if c.expect == expectOK {
		if qerr != nil {
			fl.Reason = "statement failed"
			f.fail(fl)
			return
		}
		f.pass()
		return
	}
	want := f.subst(c.errMsg, vars)
	if want != "" {
		fl.Expected = strings.Split(want, "\n")
	}
	switch {
	case qerr == nil && c.expect == expectMaybe:
		f.pass()
	case qerr == nil:
		fl.Reason = "statement succeeded, but an error was expected"
		f.fail(fl)
	case class == errPanic || class == errTimeout || class == errInternal:
		fl.Reason = "an internal error, panic or timeout is never the expected error"
		f.fail(fl)
	case class == errUnsup && !strings.Contains(strings.ToLower(want), "not implemented"):
		// A missing feature only counts when the test expects DuckDB's
		// own "Not implemented" error (and the message matches below).
		fl.Reason = "the engine does not implement this statement"
		f.fail(fl)
	case errorMatches(qerr.Error(), want):
		f.pass()
	default:
		fl.Reason = "the error message does not match"
		f.fail(fl)
	}
}

func (f *fileRunner) runQuery(c *command, vars map[string]string) {
	sql := f.subst(c.sql, vars)
	fl := Failure{Line: c.line, SQL: sql}
	expected := make([]string, len(c.expected))
	for i, e := range c.expected {
		expected[i] = f.subst(e, vars)
	}
	fl.Expected = expected
	conn, err := f.conn(c.conn)
	if err != nil {
		fl.Reason = err.Error()
		f.fail(fl)
		return
	}
	res, qerr, class := f.query(conn, sql)
	if qerr != nil {
		fl.Panic = class == errPanic
		fl.Reason = "query failed"
		fl.Actual = strings.Split(qerr.Error(), "\n")
		f.fail(fl)
		return
	}
	ncol := len(res.Columns)
	for _, row := range res.Rows {
		if len(row) != ncol {
			fl.Reason = fmt.Sprintf("the engine returned a row of %d values for %d columns", len(row), ncol)
			f.fail(fl)
			return
		}
	}
	actual := renderResult(res, f.sc.sqlite, c.types)
	sortResult(c.sort, actual, ncol)
	fl.Actual = rowsOf(actual, ncol)

	if len(expected) == 1 && strings.HasPrefix(expected[0], "<FILE>:") {
		exp, err := f.loadResultFile(strings.TrimPrefix(expected[0], "<FILE>:"))
		if err != nil {
			fl.Reason = err.Error()
			f.fail(fl)
			return
		}
		expected = exp
	}
	isHash := len(expected) == 1 && hashRE.MatchString(expected[0])
	var hash string
	if isHash || c.label != "" {
		hash = hashValues(actual)
	}
	if c.label != "" {
		if prev, ok := f.labels[c.label]; ok && prev != hash {
			fl.Reason = fmt.Sprintf("the result differs from the earlier query labelled %s (%s, now %s)", c.label, prev, hash)
			f.fail(fl)
			return
		} else if !ok {
			f.labels[c.label] = hash
		}
	}
	switch {
	case isHash:
		if hash != expected[0] {
			fl.Reason = "the result hash does not match: got " + hash
			f.fail(fl)
			return
		}
	case c.label != "":
		// As in DuckDB's runner, a labelled query is checked through its
		// label's hash only; its expected values are not compared.
	default:
		if msg := compareResult(actual, res.Columns, expected, c.types); msg != "" {
			fl.Reason = "wrong result: " + msg
			f.fail(fl)
			return
		}
	}
	f.pass()
}

// rowsOf formats rendered values as tab-separated rows for reports.
func rowsOf(values []string, ncol int) []string {
	if ncol <= 0 {
		return nil
	}
	var out []string
	for i := 0; i+ncol <= len(values) && len(out) <= maxShown; i += ncol {
		out = append(out, strings.Join(values[i:i+ncol], "\t"))
	}
	if n := len(values) / ncol; n > len(out) {
		out = append(out, fmt.Sprintf("... %d more rows", n-len(out)))
	}
	return out
}

// loadResultFile reads a <FILE>: result: a '|'-separated file whose first
// line is a header, looked up as given, then beside the test file and in
// the directories above it. Empty fields are NULL.
func (f *fileRunner) loadResultFile(name string) ([]string, error) {
	candidates := []string{name}
	if !filepath.IsAbs(name) {
		dir, _ := filepath.Abs(filepath.Dir(f.path))
		for {
			candidates = append(candidates, filepath.Join(dir, name))
			parent := filepath.Dir(dir)
			if parent == dir {
				break
			}
			dir = parent
		}
	}
	var data []byte
	var err error
	for _, p := range candidates {
		if data, err = os.ReadFile(p); err == nil {
			break
		}
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read result file %s: %w", name, err)
	}
	lines := strings.Split(strings.ReplaceAll(string(data), "\r", ""), "\n")
	var out []string
	for i, l := range lines {
		if i == 0 || l == "" {
			continue
		}
		var vals []string
		for _, v := range strings.Split(l, "|") {
			if v == "" {
				v = "NULL"
			}
			vals = append(vals, v)
		}
		out = append(out, strings.Join(vals, "\t"))
	}
	return out, nil
}
