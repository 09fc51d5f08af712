package driver

import (
	"context"
	sqldriver "database/sql/driver"
	"errors"
)

// stmt is a prepared statement: the query text, run on its connection on
// every execution.
type stmt struct {
	c      *conn
	query  string
	closed bool
}

var (
	_ sqldriver.Stmt              = (*stmt)(nil)
	_ sqldriver.StmtQueryContext  = (*stmt)(nil)
	_ sqldriver.StmtExecContext   = (*stmt)(nil)
	_ sqldriver.NamedValueChecker = (*stmt)(nil)
)

var errStmtClosed = errors.New("lhsql: statement is closed")

// Close closes the statement.
func (s *stmt) Close() error {
	s.closed = true
	return nil
}

// NumInput returns -1: the number of placeholders is checked when the
// statement runs.
func (s *stmt) NumInput() int { return -1 }

// Exec runs the statement with positional args.
func (s *stmt) Exec(args []sqldriver.Value) (sqldriver.Result, error) {
	return s.ExecContext(context.Background(), valuesToNamed(args))
}

// Query runs the statement with positional args.
func (s *stmt) Query(args []sqldriver.Value) (sqldriver.Rows, error) {
	return s.QueryContext(context.Background(), valuesToNamed(args))
}

// ExecContext runs the statement, discarding any rows.
func (s *stmt) ExecContext(ctx context.Context, args []sqldriver.NamedValue) (sqldriver.Result, error) {
	if s.closed {
		return nil, errStmtClosed
	}
	vals, err := bindArgs(args)
	if err != nil {
		return nil, err
	}
	return s.c.exec(ctx, s.query, vals)
}

// QueryContext runs the statement and returns its rows.
func (s *stmt) QueryContext(ctx context.Context, args []sqldriver.NamedValue) (sqldriver.Rows, error) {
	if s.closed {
		return nil, errStmtClosed
	}
	vals, err := bindArgs(args)
	if err != nil {
		return nil, err
	}
	return s.c.query(ctx, s.query, vals)
}

// CheckNamedValue converts a parameter as conn.CheckNamedValue does.
func (s *stmt) CheckNamedValue(nv *sqldriver.NamedValue) error {
	return checkNamedValue(nv)
}

func valuesToNamed(args []sqldriver.Value) []sqldriver.NamedValue {
	out := make([]sqldriver.NamedValue, len(args))
	for i, a := range args {
		out[i] = sqldriver.NamedValue{Ordinal: i + 1, Value: a}
	}
	return out
}
