package driver

import (
	"context"
	sqldriver "database/sql/driver"
	"errors"
	"fmt"

	lhsql "github.com/lhsql/lhsql/sql"
	"github.com/lhsql/lhsql/vector"
)

// conn is one database/sql connection: an lhsql session. database/sql
// never uses a driver connection from two goroutines at once.
type conn struct {
	sess   *lhsql.Conn
	active *rows // the last rows opened on this connection, if still open
	closed bool
}

var (
	_ sqldriver.Conn               = (*conn)(nil)
	_ sqldriver.ConnPrepareContext = (*conn)(nil)
	_ sqldriver.ConnBeginTx        = (*conn)(nil)
	_ sqldriver.QueryerContext     = (*conn)(nil)
	_ sqldriver.ExecerContext      = (*conn)(nil)
	_ sqldriver.NamedValueChecker  = (*conn)(nil)
	_ sqldriver.Pinger             = (*conn)(nil)
	_ sqldriver.SessionResetter    = (*conn)(nil)
	_ sqldriver.Validator          = (*conn)(nil)
)

// errRowsOpen is returned when a statement is started while the rows of
// the previous one on the same connection are still open.
var errRowsOpen = errors.New("lhsql: the rows of a previous query on this connection are still open; close them first")

// Prepare returns a statement for query.
func (c *conn) Prepare(query string) (sqldriver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

// PrepareContext returns a statement for query. Statements are not
// compiled ahead: each execution parses and plans query again.
func (c *conn) PrepareContext(ctx context.Context, query string) (sqldriver.Stmt, error) {
	if c.closed {
		return nil, sqldriver.ErrBadConn
	}
	return &stmt{c: c, query: query}, nil
}

// Close ends the session, closing any rows still open.
func (c *conn) Close() error {
	if c.closed {
		return nil
	}
	c.closed = true
	if c.active != nil {
		err := c.active.Close()
		c.active = nil
		return err
	}
	return nil
}

// Begin starts a transaction.
func (c *conn) Begin() (sqldriver.Tx, error) {
	return c.BeginTx(context.Background(), sqldriver.TxOptions{})
}

// BeginTx starts a transaction with BEGIN TRANSACTION. Only the default
// isolation level is supported.
func (c *conn) BeginTx(ctx context.Context, opts sqldriver.TxOptions) (sqldriver.Tx, error) {
	if opts.Isolation != 0 {
		return nil, fmt.Errorf("lhsql: isolation level %d is not supported", opts.Isolation)
	}
	if opts.ReadOnly {
		return nil, errors.New("lhsql: read-only transactions are not supported")
	}
	if _, err := c.exec(ctx, "BEGIN TRANSACTION", nil); err != nil {
		return nil, err
	}
	return &tx{c: c}, nil
}

// QueryContext runs query with args and returns its rows.
func (c *conn) QueryContext(ctx context.Context, query string, args []sqldriver.NamedValue) (sqldriver.Rows, error) {
	vals, err := bindArgs(args)
	if err != nil {
		return nil, err
	}
	return c.query(ctx, query, vals)
}

func (c *conn) query(ctx context.Context, query string, vals []vector.Value) (sqldriver.Rows, error) {
	if err := c.ready(ctx); err != nil {
		return nil, err
	}
	r, err := c.sess.Query(ctx, query, vals...)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, err
	}
	rs := newRows(ctx, r.Columns, r.Types, r)
	c.active = rs
	return rs, nil
}

// ExecContext runs query with args, discarding any rows.
func (c *conn) ExecContext(ctx context.Context, query string, args []sqldriver.NamedValue) (sqldriver.Result, error) {
	vals, err := bindArgs(args)
	if err != nil {
		return nil, err
	}
	return c.exec(ctx, query, vals)
}

func (c *conn) exec(ctx context.Context, query string, vals []vector.Value) (sqldriver.Result, error) {
	if err := c.ready(ctx); err != nil {
		return nil, err
	}
	n, err := c.sess.Exec(ctx, query, vals...)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, err
	}
	return result(n), nil
}

// ready checks that a new statement may start on c.
func (c *conn) ready(ctx context.Context) error {
	if c.closed {
		return sqldriver.ErrBadConn
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if c.active != nil {
		if !c.active.isClosed() {
			return errRowsOpen
		}
		c.active = nil
	}
	return nil
}

// CheckNamedValue converts a parameter to a vector.Value (see the package
// documentation for the mapping); other types go to database/sql's default
// conversion.
func (c *conn) CheckNamedValue(nv *sqldriver.NamedValue) error {
	return checkNamedValue(nv)
}

// Ping reports whether the connection is usable.
func (c *conn) Ping(ctx context.Context) error {
	if c.closed {
		return sqldriver.ErrBadConn
	}
	return ctx.Err()
}

// ResetSession is called before a pooled connection is reused.
func (c *conn) ResetSession(ctx context.Context) error {
	if c.closed {
		return sqldriver.ErrBadConn
	}
	if c.active != nil {
		err := c.active.Close()
		c.active = nil
		if err != nil {
			return sqldriver.ErrBadConn
		}
	}
	return nil
}

// closeActive closes the rows still open on c, if any.
func (c *conn) closeActive() {
	if c.active != nil {
		c.active.Close()
		c.active = nil
	}
}

// IsValid reports whether the connection may be reused.
func (c *conn) IsValid() bool { return !c.closed }

// result is the Result of an Exec: rows affected only.
type result int64

// LastInsertId is not supported: lhsql has no auto-increment row ids.
func (r result) LastInsertId() (int64, error) {
	return 0, errors.New("lhsql: LastInsertId is not supported")
}

// RowsAffected returns the number of rows the statement changed.
func (r result) RowsAffected() (int64, error) { return int64(r), nil }

// tx is a transaction on one connection.
type tx struct {
	c *conn
}

// Commit commits the transaction, closing rows still open on it.
func (t *tx) Commit() error {
	t.c.closeActive()
	_, err := t.c.exec(context.Background(), "COMMIT", nil)
	return err
}

// Rollback aborts the transaction, closing rows still open on it.
func (t *tx) Rollback() error {
	t.c.closeActive()
	_, err := t.c.exec(context.Background(), "ROLLBACK", nil)
	return err
}
