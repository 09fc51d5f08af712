// Package slt runs sqllogictest files (DuckDB's dialect, and the original
// SQLite format) against a SQL engine and counts the records that pass.
//
// The runner talks to the engine through the small Engine interface so its
// parsing and comparison logic can be tested without the real database;
// the lhsqlengine subpackage adapts lhsql's sql package to it. FORMAT.md in
// the shared corpus describes the format this package implements.
package slt

import "context"

// Kind is the comparison class of a result column. DuckDB compares an
// expected value with an actual one as strings first and, failing that, by
// casting both to the column's type; the kind selects that cast.
type Kind uint8

// Column kinds.
const (
	KindOther   Kind = iota // compared as strings only
	KindBool                // true/false, 1/0
	KindInteger             // any signed or unsigned integer, HUGEINT included
	KindFloat               // FLOAT (compared in float32 with a 1% tolerance)
	KindDouble              // DOUBLE (1% tolerance)
	KindDecimal             // DECIMAL(p,s); Scale is set
	KindString              // VARCHAR, BLOB and other text
)

// Column describes one result column.
type Column struct {
	Name  string
	Kind  Kind
	Scale int // DECIMAL scale
}

// Cell is one result value: either NULL or its text, which is the engine's
// cast to VARCHAR (DuckDB's rendering: booleans as true/false, doubles in
// shortest round-trip form, dates in ISO form, ...). The runner applies the
// sqllogictest rendering rules on top.
type Cell struct {
	Null bool
	Text string
}

// Result is a fully materialized query result.
type Result struct {
	Columns []Column
	Rows    [][]Cell
}

// Engine opens one fresh database per test file.
type Engine interface {
	Open() (Database, error)
}

// Database is one database instance; its connections share the catalog.
type Database interface {
	// Conn opens a new session.
	Conn() (Conn, error)
	Close() error
}

// Conn runs SQL text (possibly several statements, the last one's result is
// returned) in one session. A Conn is used by one goroutine at a time.
type Conn interface {
	Query(ctx context.Context, sql string) (*Result, error)
}
