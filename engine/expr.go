// Package engine executes physical plans: vectorized expression evaluation,
// scalar and aggregate functions, physical operators arranged in push-based
// pipelines, and a morsel-driven parallel scheduler.
package engine

import (
	"context"
	"fmt"

	"github.com/lhsql/lhsql/vector"
)

// ExecCtx carries per-query state into expression evaluation.
type ExecCtx struct {
	Ctx context.Context
}

// Expr is a bound, typed scalar expression evaluated a chunk at a time.
// Eval receives a chunk without a selection vector (Sel == nil) and returns a
// vector with c.Len rows, or a constant vector. Eval must not modify its
// inputs, and must not keep references into the chunk beyond the returned
// vector (which may share data with it, e.g. a column reference).
type Expr interface {
	Type() vector.Type
	Eval(ec *ExecCtx, c *vector.Chunk) (*vector.Vector, error)
	String() string
}

// ColRef reads column Idx of the input chunk.
type ColRef struct {
	Idx  int
	Typ  vector.Type
	Name string // for EXPLAIN only
}

// Type implements Expr.
func (e *ColRef) Type() vector.Type { return e.Typ }

// Eval implements Expr.
func (e *ColRef) Eval(_ *ExecCtx, c *vector.Chunk) (*vector.Vector, error) {
	if e.Idx >= len(c.Cols) {
		return nil, fmt.Errorf("internal error: column #%d out of range (%d columns)", e.Idx, len(c.Cols))
	}
	return c.Cols[e.Idx], nil
}

func (e *ColRef) String() string {
	if e.Name != "" {
		return e.Name
	}
	return fmt.Sprintf("#%d", e.Idx)
}

// Const is a literal value.
type Const struct {
	Val vector.Value
}

// Type implements Expr.
func (e *Const) Type() vector.Type { return e.Val.Typ }

// Eval implements Expr.
func (e *Const) Eval(_ *ExecCtx, _ *vector.Chunk) (*vector.Vector, error) {
	return vector.ConstVector(e.Val), nil
}

func (e *Const) String() string {
	if e.Val.Typ.IsString() && !e.Val.Null {
		return "'" + e.Val.Str + "'"
	}
	return e.Val.String()
}
