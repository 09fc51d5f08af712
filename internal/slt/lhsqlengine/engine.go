// Package lhsqlengine adapts lhsql's sql package to the sqllogictest
// runner in internal/slt. It is kept apart from the runner so the runner's
// own tests build without the engine.
package lhsqlengine

import (
	"context"
	"fmt"

	"github.com/lhsql/lhsql/internal/slt"
	"github.com/lhsql/lhsql/sql"
	"github.com/lhsql/lhsql/vector"
)

// maxResultCells bounds the values one query may return to the runner, so
// a runaway result fails its record instead of exhausting memory.
const maxResultCells = 20_000_000

// New returns an Engine running lhsql in memory, one database per file.
func New() slt.Engine { return lhsqlEngine{} }

type lhsqlEngine struct{}

func (lhsqlEngine) Open() (slt.Database, error) {
	db, err := sql.Open(":memory:")
	if err != nil {
		return nil, err
	}
	return &lhsqlDB{db: db}, nil
}

type lhsqlDB struct{ db *sql.DB }

func (d *lhsqlDB) Conn() (slt.Conn, error) { return &lhsqlConn{c: d.db.Conn()}, nil }

func (d *lhsqlDB) Close() error { return d.db.Close() }

type lhsqlConn struct{ c *sql.Conn }

// Query runs text and materializes its result, rendering each value with
// DuckDB's VARCHAR cast (vector.Value.String).
func (c *lhsqlConn) Query(ctx context.Context, text string) (*slt.Result, error) {
	rows, err := c.c.Query(ctx, text)
	if err != nil {
		return nil, err
	}
	if rows == nil {
		return &slt.Result{}, nil
	}
	defer rows.Close()
	res := &slt.Result{Columns: make([]slt.Column, len(rows.Columns))}
	for i, name := range rows.Columns {
		res.Columns[i].Name = name
		if i < len(rows.Types) {
			res.Columns[i].Kind, res.Columns[i].Scale = kindOf(rows.Types[i])
		}
	}
	cells := 0
	for {
		ch, err := rows.Next()
		if err != nil {
			return nil, err
		}
		if ch == nil {
			break
		}
		ch = ch.Compact()
		if len(ch.Cols) != len(res.Columns) {
			return nil, fmt.Errorf("INTERNAL: chunk has %d columns, the result %d", len(ch.Cols), len(res.Columns))
		}
		for i := 0; i < ch.Len; i++ {
			row := make([]slt.Cell, len(ch.Cols))
			for j, col := range ch.Cols {
				v := col.Get(i)
				if v.Null {
					row[j] = slt.Cell{Null: true}
				} else {
					row[j] = slt.Cell{Text: v.String()}
				}
			}
			res.Rows = append(res.Rows, row)
		}
		cells += ch.Len * len(ch.Cols)
		if cells > maxResultCells {
			return nil, fmt.Errorf("result too large: more than %d values", maxResultCells)
		}
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	return res, nil
}

// kindOf maps an lhsql type to its comparison kind.
func kindOf(t vector.Type) (slt.Kind, int) {
	switch {
	case t.ID == vector.TypeBoolean:
		return slt.KindBool, 0
	case t.IsInteger():
		return slt.KindInteger, 0
	case t.ID == vector.TypeFloat:
		return slt.KindFloat, 0
	case t.ID == vector.TypeDouble:
		return slt.KindDouble, 0
	case t.ID == vector.TypeDecimal:
		return slt.KindDecimal, int(t.Scale)
	case t.ID == vector.TypeVarchar, t.ID == vector.TypeBlob:
		return slt.KindString, 0
	}
	return slt.KindOther, 0
}
