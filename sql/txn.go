package sql

import (
	"context"
	"errors"
	"fmt"
	"maps"

	"github.com/lhsql/lhsql/sql/parser"
	"github.com/lhsql/lhsql/sql/plan"
	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// Transactions: BEGIN snapshots the catalog; ROLLBACK restores it.
// Tables are restored from a copy of their catalog entry; since MemTables
// only grow in place (other changes replace the MemTable), a table whose
// rows were appended to is cut back to its row count at BEGIN. A failed
// statement aborts the transaction: later statements fail until ROLLBACK
// (or COMMIT, which then rolls back).

// txnState is the snapshot taken by BEGIN.
type txnState struct {
	aborted   bool
	tables    map[string]*table
	saved     map[*table]savedTable
	views     map[string]*plan.View
	schemas   map[string]bool
	macros    map[string]*plan.Macro
	sequences map[string]*sequence
	seqState  map[*sequence]seqState
	indexes   map[string]*index
	types     map[string]*userType
}

type savedTable struct {
	entry table
	rows  int64
}

type seqState struct {
	cur    int64
	called bool
}

// errAborted is returned for statements in an aborted transaction.
var errAborted = errors.New("TransactionContext Error: Current transaction is aborted (please ROLLBACK)")

// transaction runs BEGIN, COMMIT and ROLLBACK.
func (c *Conn) transaction(s *parser.TransactionStmt) (*Rows, error) {
	switch s.Kind {
	case "begin":
		if c.txn != nil {
			return nil, fmt.Errorf("TransactionContext Error: cannot start a transaction within a transaction")
		}
		c.txn = c.snapshot()
	case "commit":
		if c.txn == nil {
			return nil, fmt.Errorf("TransactionContext Error: cannot commit - no transaction is active")
		}
		if c.txn.aborted {
			if err := c.rollback(); err != nil {
				return nil, err
			}
			return &Rows{}, nil
		}
		c.txn = nil
	case "rollback":
		if c.txn == nil {
			return nil, fmt.Errorf("TransactionContext Error: cannot rollback - no transaction is active")
		}
		if err := c.rollback(); err != nil {
			return nil, err
		}
	}
	return &Rows{}, nil
}

// snapshot copies the catalog.
func (c *Conn) snapshot() *txnState {
	db := c.db
	db.mu.RLock()
	defer db.mu.RUnlock()
	st := &txnState{
		tables:    maps.Clone(db.tables),
		saved:     map[*table]savedTable{},
		views:     maps.Clone(db.views),
		schemas:   maps.Clone(db.schemas),
		macros:    maps.Clone(db.macros),
		sequences: maps.Clone(db.sequences),
		seqState:  map[*sequence]seqState{},
		indexes:   maps.Clone(db.indexes),
		types:     maps.Clone(db.types),
	}
	for _, t := range db.tables {
		e := *t
		e.meta = append([]colMeta(nil), t.meta...)
		e.checks = append([]parser.Expr(nil), t.checks...)
		e.keys = append([]uniqueKey(nil), t.keys...)
		st.saved[t] = savedTable{entry: e, rows: t.data.RowCount()}
	}
	for _, s := range db.sequences {
		s.mu.Lock()
		st.seqState[s] = seqState{cur: s.cur, called: s.called}
		s.mu.Unlock()
	}
	return st
}

// rollback restores the snapshot and ends the transaction.
func (c *Conn) rollback() error {
	st := c.txn
	c.txn = nil
	db := c.db
	db.mu.Lock()
	defer db.mu.Unlock()
	for t, sv := range st.saved {
		*t = sv.entry
		if n := t.data.RowCount(); n > sv.rows {
			cut, err := truncated(t.data, sv.rows)
			if err != nil {
				return err
			}
			t.data = cut
		}
	}
	for s, ss := range st.seqState {
		s.mu.Lock()
		s.cur, s.called = ss.cur, ss.called
		s.mu.Unlock()
	}
	db.tables, db.views, db.schemas = st.tables, st.views, st.schemas
	db.macros, db.sequences, db.indexes, db.types = st.macros, st.sequences, st.indexes, st.types
	return nil
}

// truncated returns a copy of the first n rows of t.
func truncated(t *storage.MemTable, n int64) (*storage.MemTable, error) {
	chunks, err := scanChunks(context.Background(), t)
	if err != nil {
		return nil, err
	}
	out := storage.NewMemTable(t.Name(), t.Schema())
	var have int64
	for _, ch := range chunks {
		if have >= n {
			break
		}
		if rest := n - have; int64(ch.Len) > rest {
			sel := make(vector.Sel, rest)
			for i := range sel {
				sel[i] = uint32(i)
			}
			ch = &vector.Chunk{Cols: ch.Cols, Len: ch.Len, Sel: sel}
		}
		if err := out.Append(ch); err != nil {
			return nil, err
		}
		have += int64(ch.Rows())
	}
	return out, nil
}

// txnCheck fails statements of an aborted transaction; COMMIT and
// ROLLBACK pass.
func (c *Conn) txnCheck(st parser.Stmt) error {
	if c.txn == nil || !c.txn.aborted {
		return nil
	}
	if _, ok := st.(*parser.TransactionStmt); ok {
		return nil
	}
	return errAborted
}

// txnFailed marks the running transaction aborted after a failed statement.
func (c *Conn) txnFailed() {
	if c.txn != nil {
		c.txn.aborted = true
	}
}
