package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	lhsql "github.com/lhsql/lhsql/sql"
	"github.com/lhsql/lhsql/vector"
)

// executor runs one SQL statement.
type executor interface {
	Query(ctx context.Context, query string) (result, error)
}

// sqlExecutor runs statements on an lhsql session.
type sqlExecutor struct {
	conn *lhsql.Conn
}

func (e sqlExecutor) Query(ctx context.Context, query string) (result, error) {
	r, err := e.conn.Query(ctx, query)
	if err != nil {
		return nil, err
	}
	return sqlResult{r, e.conn.TimeZone()}, nil
}

// sqlResult adapts *sql.Rows to result; zone is the session time zone
// TIMESTAMPTZ values are shown in.
type sqlResult struct {
	r    *lhsql.Rows
	zone *vector.Zone
}

// Zone returns the session time zone for rendering TIMESTAMPTZ values.
func (s sqlResult) Zone() *vector.Zone { return s.zone }

// Columns returns no columns for INSERT/UPDATE/DELETE, whose row count the
// shell does not print (as DuckDB's shell).
func (s sqlResult) Columns() []string {
	if s.r.DML {
		return nil
	}
	return s.r.Columns
}
func (s sqlResult) Types() []vector.Type         { return s.r.Types }
func (s sqlResult) Next() (*vector.Chunk, error) { return s.r.Next() }
func (s sqlResult) Close() error                 { return s.r.Close() }

// errQuit is returned by a dot command that ends the session.
var errQuit = errors.New("quit")

// shell holds the state of a CLI session: output settings and the text of
// the statement being typed.
type shell struct {
	exec    executor
	out     io.Writer
	errOut  io.Writer
	mode    string
	timer   bool
	maxRows int
	width   int // terminal width for box mode; 0 = unlimited

	pending string // text of an incomplete statement

	mu     sync.Mutex
	cancel context.CancelFunc // cancels the running statement
	now    func() time.Time
}

func newShell(exec executor, out, errOut io.Writer) *shell {
	return &shell{exec: exec, out: out, errOut: errOut, mode: "box", maxRows: 40, now: time.Now}
}

// interrupt cancels the running statement, if any, and reports whether
// there was one.
func (s *shell) interrupt() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cancel == nil {
		return false
	}
	s.cancel()
	return true
}

// hasPending reports whether an incomplete statement is buffered.
func (s *shell) hasPending() bool { return s.pending != "" }

// clearPending drops the incomplete statement.
func (s *shell) clearPending() { s.pending = "" }

// feedLine processes one line of input: a dot command when no statement
// is pending, else SQL text, running every statement it completes. It
// stops at the first failing statement and returns its error; errQuit
// ends the session.
func (s *shell) feedLine(ctx context.Context, line string) error {
	if s.pending == "" {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, ".") {
			return s.dotCommand(ctx, trimmed)
		}
	}
	text := s.pending + line + "\n"
	sp := splitStatements(text)
	if sp.Pending {
		s.pending = sp.Rest
	} else {
		s.pending = ""
	}
	for _, stmt := range sp.Stmts {
		if err := s.runSQL(ctx, stmt); err != nil {
			s.pending = ""
			return err
		}
	}
	return nil
}

// finish runs a statement left without a terminating ';' at the end of
// the input.
func (s *shell) finish(ctx context.Context) error {
	text := s.pending
	s.pending = ""
	if !splitStatements(text).Pending {
		return nil
	}
	return s.runSQL(ctx, strings.TrimSpace(text))
}

// runScript runs every line of r. With stopOnError it returns the first
// error; otherwise it prints errors and carries on.
func (s *shell) runScript(ctx context.Context, r io.Reader, stopOnError bool) error {
	br := bufio.NewReader(r)
	for {
		line, readErr := br.ReadString('\n')
		if readErr != nil && readErr != io.EOF {
			return readErr
		}
		if line != "" || readErr == nil {
			err := s.feedLine(ctx, strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r"))
			if err == errQuit {
				return err
			}
			if err != nil {
				if stopOnError {
					return err
				}
				s.printError(err)
			}
		}
		if readErr == io.EOF {
			break
		}
	}
	err := s.finish(ctx)
	if err != nil && !stopOnError {
		s.printError(err)
		return nil
	}
	return err
}

// printError writes err to the error output as DuckDB does.
func (s *shell) printError(err error) {
	fmt.Fprintln(s.errOut, errorText(err))
}

// errorText prefixes "Error: " unless the message names its own kind of
// error (e.g. "Parser Error: ...").
func errorText(err error) string {
	msg := err.Error()
	if errors.Is(err, context.Canceled) {
		return "Error: Interrupted"
	}
	first, _, _ := strings.Cut(msg, "\n")
	if head, _, ok := strings.Cut(first, ":"); ok && strings.HasSuffix(head, "Error") {
		return msg
	}
	return "Error: " + msg
}

// runSQL runs one statement and renders its result.
func (s *shell) runSQL(ctx context.Context, stmt string) error {
	ctx, cancel := context.WithCancel(ctx)
	s.mu.Lock()
	s.cancel = cancel
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.cancel = nil
		s.mu.Unlock()
		cancel()
	}()
	start := s.now()
	res, err := s.exec.Query(ctx, stmt)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return err
	}
	_, err = render(ctx, s.out, res, renderOptions{Mode: s.mode, MaxRows: s.maxRows, MaxWidth: s.width})
	closeErr := res.Close()
	if err == nil {
		err = closeErr
	}
	if err != nil && ctx.Err() != nil {
		err = ctx.Err()
	}
	if s.timer {
		fmt.Fprintf(s.out, "Run Time (s): real %.3f\n", s.now().Sub(start).Seconds())
	}
	return err
}

const helpText = `.exit                  Exit this program
.help                  Show this message
.maxrows N             Show at most N rows in box mode (0 = all)
.mode MODE             Set the output mode: box, csv, json, jsonlines,
                       line, list, markdown
.quit                  Exit this program
.read FILE             Run the SQL and dot commands in FILE
.schema [TABLE]        Describe TABLE, or every table
.tables                List the tables
.timer on|off          Show the run time of each statement
`

// dotCommand runs a command such as ".mode csv".
func (s *shell) dotCommand(ctx context.Context, line string) error {
	fields := strings.Fields(strings.TrimRight(line, "; \t"))
	cmd, args := fields[0], fields[1:]
	bad := func() error {
		return fmt.Errorf("invalid arguments for %s; enter \".help\" for help", cmd)
	}
	switch cmd {
	case ".help":
		io.WriteString(s.out, helpText)
	case ".quit", ".exit", ".q":
		return errQuit
	case ".tables":
		if len(args) != 0 {
			return bad()
		}
		return s.runSQL(ctx, "SHOW TABLES")
	case ".schema":
		switch len(args) {
		case 0:
			return s.schemaAll(ctx)
		case 1:
			return s.runSQL(ctx, "DESCRIBE "+quoteIdent(args[0]))
		}
		return bad()
	case ".mode":
		if len(args) != 1 {
			fmt.Fprintf(s.out, "current output mode: %s\n", s.mode)
			if len(args) == 0 {
				return nil
			}
			return bad()
		}
		m := strings.ToLower(args[0])
		if m == "duckbox" {
			m = "box"
		}
		if m == "ndjson" {
			m = "jsonlines"
		}
		if !validMode(m) {
			return fmt.Errorf("unknown mode %q; use one of %s", args[0], strings.Join(modes, ", "))
		}
		s.mode = m
	case ".timer":
		if len(args) != 1 {
			return bad()
		}
		switch strings.ToLower(args[0]) {
		case "on", "1", "true":
			s.timer = true
		case "off", "0", "false":
			s.timer = false
		default:
			return bad()
		}
	case ".maxrows":
		if len(args) != 1 {
			return bad()
		}
		n, err := strconv.Atoi(args[0])
		if err != nil {
			return bad()
		}
		s.maxRows = n
	case ".read":
		if len(args) != 1 {
			return bad()
		}
		f, err := os.Open(args[0])
		if err != nil {
			return err
		}
		defer f.Close()
		// A nested script runs on its own statement buffer.
		saved := s.pending
		s.pending = ""
		err = s.runScript(ctx, f, true)
		s.pending = saved
		return err
	default:
		return fmt.Errorf("unknown command %q; enter \".help\" for help", cmd)
	}
	return nil
}

// schemaAll describes every table listed by SHOW TABLES.
func (s *shell) schemaAll(ctx context.Context) error {
	res, err := s.exec.Query(ctx, "SHOW TABLES")
	if err != nil {
		return err
	}
	var names []string
	for {
		ch, err := res.Next()
		if err != nil {
			res.Close()
			return err
		}
		if ch == nil {
			break
		}
		ch = ch.Compact()
		if len(ch.Cols) == 0 {
			continue
		}
		for i := 0; i < ch.Len; i++ {
			names = append(names, ch.Cols[0].Get(i).String())
		}
	}
	if err := res.Close(); err != nil {
		return err
	}
	for _, n := range names {
		fmt.Fprintf(s.out, "%s:\n", n)
		if err := s.runSQL(ctx, "DESCRIBE "+quoteIdent(n)); err != nil {
			return err
		}
	}
	return nil
}

// quoteIdent returns name as a quoted SQL identifier unless it is already
// quoted or qualified.
func quoteIdent(name string) string {
	if strings.HasPrefix(name, `"`) || strings.Contains(name, ".") {
		return name
	}
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}
