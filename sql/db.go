// Package sql is lhsql's front end: it parses, binds, optimizes and plans
// SQL statements and runs them on the engine. DB is an in-memory database;
// Conn is a session on it with its own settings.
package sql

import (
	"context"
	"errors"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/lhsql/lhsql/sql/parser"
	"github.com/lhsql/lhsql/sql/plan"
	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// DB is a database instance. It is safe for concurrent use by many Conns.
type DB struct {
	mu     sync.RWMutex
	tables map[string]*table
	views  map[string]*plan.View
	// Other catalog objects (catalog_objects.go), keyed by normKey.
	schemas   map[string]bool
	macros    map[string]*plan.Macro
	sequences map[string]*sequence
	indexes   map[string]*index
	types     map[string]*userType
}

// table is a catalog entry for a base table.
type table struct {
	name   string // as created (for display)
	data   *storage.MemTable
	meta   []colMeta     // per column: DEFAULT, NOT NULL
	checks []parser.Expr // CHECK constraints
	keys   []uniqueKey   // PRIMARY KEY and UNIQUE constraints
}

// Open opens a database. path "" or ":memory:" is an in-memory database.
func Open(path string) (*DB, error) {
	if path != "" && path != ":memory:" {
		return nil, errors.New("persistent databases are not supported yet: open \":memory:\" (or no path)")
	}
	return &DB{tables: map[string]*table{}, views: map[string]*plan.View{}, schemas: map[string]bool{},
		macros: map[string]*plan.Macro{}, sequences: map[string]*sequence{}, indexes: map[string]*index{},
		types: map[string]*userType{}}, nil
}

// Close releases the database.
func (db *DB) Close() error { return nil }

// Conn opens a new session.
func (db *DB) Conn() *Conn {
	return &Conn{db: db, threads: runtime.NumCPU()}
}

// Conn is a session: settings (threads, ...) live here. A Conn runs one
// statement at a time; use one Conn per goroutine.
type Conn struct {
	db        *DB
	threads   int
	settings  map[string]vector.Value  // SET values; defaults in settings
	variables map[string]vector.Value  // SET VARIABLE values
	prepared  map[string]parser.Stmt   // PREPARE name AS ...
	named     map[string]vector.Value  // named parameters of the running EXECUTE
	overlay   map[string]storage.Table // tables visible only to constraint checks
	txn       *txnState                // open transaction (txn.go), nil = auto-commit
	tz        *vector.Zone             // SET TimeZone (settings.go), nil = UTC
}

// Rows is a streaming result. Columns and Types describe the result;
// Next returns chunks without a selection vector until it returns nil.
type Rows struct {
	Columns []string
	Types   []vector.Type
	next    func() (*vector.Chunk, error)
	close   func() error
	// RowsAffected is set for statements that change data.
	RowsAffected int64
	// DML is set for INSERT, UPDATE and DELETE, whose single "Count" row
	// reports RowsAffected.
	DML bool
}

// Next returns the next chunk of rows, or nil at the end.
func (r *Rows) Next() (*vector.Chunk, error) {
	if r.next == nil {
		return nil, nil
	}
	return r.next()
}

// Close stops the query and releases its resources. It is safe to call
// more than once.
func (r *Rows) Close() error {
	if r.close == nil {
		return nil
	}
	f := r.close
	r.close = nil
	return f()
}

// Exec runs query and discards rows, returning the rows affected.
func (c *Conn) Exec(ctx context.Context, query string, args ...vector.Value) (int64, error) {
	r, err := c.Query(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	defer r.Close()
	for {
		ch, err := r.Next()
		if err != nil {
			return 0, err
		}
		if ch == nil {
			break
		}
	}
	return r.RowsAffected, r.Close()
}

// catalog adapts DB to plan.Catalog under a read lock held by the caller.
type catalog struct {
	db   *DB
	conn *Conn
}

// Materialize implements plan.Catalog: it runs op and stores its rows in a
// new in-memory table.
func (c catalog) Materialize(op plan.Op, names []string) (storage.Table, error) {
	if c.conn == nil {
		return nil, errors.New("internal error: no session to materialize with")
	}
	op, err := plan.Optimize(op)
	if err != nil {
		return nil, err
	}
	node, err := plan.Lower(op)
	if err != nil {
		return nil, err
	}
	chunks, err := c.conn.collect(context.Background(), node)
	if err != nil {
		return nil, err
	}
	cols := op.Cols()
	schema := make([]storage.Column, len(cols))
	for i, col := range cols {
		schema[i] = storage.Column{Name: names[i], Type: storageType(col.Typ)}
	}
	t := storage.NewMemTable("", schema)
	for _, ch := range chunks {
		fixNullTypes(ch, schema)
		if err := t.Append(ch); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// LookupTable implements plan.Catalog.
func (c catalog) LookupTable(name string) (storage.Table, bool) {
	if c.conn != nil && c.conn.overlay != nil {
		if t, ok := c.conn.overlay[strings.ToLower(name)]; ok {
			return t, true
		}
	}
	key := normKey(name)
	t, ok := c.db.tables[key]
	if !ok {
		if fn, isInfo := infoSchemaTable(key); isInfo {
			if it, _, err := c.catalogFunc(fn, nil); err == nil {
				return it, true
			}
		}
		return nil, false
	}
	return t.data, true
}

// LookupView implements plan.Catalog.
func (c catalog) LookupView(name string) (*plan.View, bool) {
	v, ok := c.db.views[normKey(name)]
	return v, ok
}

// Names implements plan.Catalog.
func (c catalog) Names() []string {
	var out []string
	for _, t := range c.db.tables {
		out = append(out, t.name)
	}
	for n := range c.db.views {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// OpenTableFunc implements plan.Catalog.
func (c catalog) OpenTableFunc(name string, args []vector.Value, named map[string]vector.Value) (storage.Table, string, bool, error) {
	if t, ok, err := c.catalogFunc(name, args); ok {
		return t, name, true, err
	}
	threads := 0 // GOMAXPROCS
	if c.conn != nil {
		threads = c.conn.threads
	}
	return openTableFunc(name, args, named, threads)
}
