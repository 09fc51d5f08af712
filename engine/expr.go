// Package engine executes physical plans: vectorized expression evaluation,
// scalar and aggregate functions, physical operators arranged in push-based
// pipelines, and a morsel-driven parallel scheduler.
package engine

import (
	"context"
	"fmt"

	"github.com/lhsql/lhsql/vector"
)

// ExecCtx carries per-query state into expression evaluation. One
// ExecCtx serves one worker goroutine at a time.
type ExecCtx struct {
	Ctx context.Context

	// zone is the session time zone for TIMESTAMPTZ kernels (nil = UTC);
	// zoneUnknown marks constant folding outside a session, where
	// zone-dependent kernels fail with errZoneUnbound (see sessionZone).
	zone        *vector.Zone
	zoneUnknown bool

	// scratch recycles the result vectors of expressions evaluated inside
	// a scratch scope (see beginScratch); depth counts open scopes.
	scratch vecArena
	depth   int
	// memo caches the values of common subexpressions (memoExpr) for the
	// chunk being evaluated.
	memo []memoSlot
}

// beginScratch opens a scratch scope and returns its mark: until the
// matching endScratch, kernels that allocate with newVec take vectors
// from the worker's arena. The caller promises that no vector evaluated
// inside the scope is referenced after endScratch. Scopes nest like calls.
func (ec *ExecCtx) beginScratch() int {
	ec.depth++
	return ec.scratch.used
}

// endScratch closes the scope opened by the beginScratch that returned
// mark, making its vectors available again.
func (ec *ExecCtx) endScratch(mark int) {
	ec.depth--
	ec.scratch.used = mark
}

// newVec returns a flat vector of type t with n rows for a kernel result:
// from the arena inside a scratch scope (the values are not zeroed, so
// the kernel must write every row), else freshly allocated and zeroed.
func (ec *ExecCtx) newVec(t vector.Type, n int) *vector.Vector {
	if ec == nil || ec.depth == 0 || n > vector.MaxLen || t.Nested != nil {
		return vector.New(t, n)
	}
	return ec.scratch.get(t, n)
}

// vecArena is a stack of reusable vectors: get hands out entries[used]
// and advances used; closing a scratch scope resets used to the scope's
// mark. Each entry keeps the buffers of every physical type it has
// served, with capacity for vector.MaxLen rows.
type vecArena struct {
	entries []*arenaEntry
	used    int
}

type arenaEntry struct {
	v    vector.Vector
	i64  []int64
	f64  []float64
	str  []string
	bool []bool
}

// get returns a flat vector of type t (not nested) with n <= MaxLen rows
// whose values are unspecified.
func (a *vecArena) get(t vector.Type, n int) *vector.Vector {
	if a.used == len(a.entries) {
		a.entries = append(a.entries, &arenaEntry{})
	}
	e := a.entries[a.used]
	a.used++
	e.v = vector.Vector{Typ: t}
	switch t.Phys() {
	case vector.PhysInt64:
		if e.i64 == nil {
			e.i64 = make([]int64, vector.MaxLen)
		}
		e.v.I64 = e.i64[:n]
	case vector.PhysFloat64:
		if e.f64 == nil {
			e.f64 = make([]float64, vector.MaxLen)
		}
		e.v.F64 = e.f64[:n]
	case vector.PhysString:
		if e.str == nil {
			e.str = make([]string, vector.MaxLen)
		}
		e.v.Str = e.str[:n]
	case vector.PhysBool:
		if e.bool == nil {
			e.bool = make([]bool, vector.MaxLen)
		}
		e.v.Bool = e.bool[:n]
	default:
		a.used--
		return vector.New(t, n)
	}
	return &e.v
}

// memoSlot is the cached value of one memoExpr: v is the value of the
// expression over chunk c.
type memoSlot struct {
	c *vector.Chunk
	v *vector.Vector
}

// clearMemo drops the cached subexpression values.
func (ec *ExecCtx) clearMemo() {
	clear(ec.memo)
}

// memoExpr evaluates a subexpression that occurs more than once in an
// operator's expressions once per chunk: the first evaluation over a
// chunk is cached in the worker's ExecCtx (slot Slot) and reused by the
// other occurrences. The operator owning the slots clears them
// (clearMemo) before the chunk they refer to can be reused. Only
// deterministic expressions are shared.
type memoExpr struct {
	E    Expr
	Slot int
}

// Type implements Expr.
func (e *memoExpr) Type() vector.Type { return e.E.Type() }

// Eval implements Expr.
func (e *memoExpr) Eval(ec *ExecCtx, c *vector.Chunk) (*vector.Vector, error) {
	if e.Slot < len(ec.memo) {
		if m := ec.memo[e.Slot]; m.c == c && m.v != nil {
			return m.v, nil
		}
	}
	v, err := e.E.Eval(ec, c)
	if err != nil {
		return nil, err
	}
	for len(ec.memo) <= e.Slot {
		ec.memo = append(ec.memo, memoSlot{})
	}
	ec.memo[e.Slot] = memoSlot{c: c, v: v}
	return v, nil
}

func (e *memoExpr) String() string { return e.E.String() }

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
func (e *Const) Eval(ec *ExecCtx, _ *vector.Chunk) (*vector.Vector, error) {
	if ec != nil && ec.depth > 0 && !e.Val.Null && e.Val.Typ.Nested == nil {
		v := ec.newVec(e.Val.Typ, 1)
		v.Const = true
		v.Set(0, 1, e.Val)
		return v, nil
	}
	return vector.ConstVector(e.Val), nil
}

func (e *Const) String() string {
	if e.Val.Typ.IsString() && !e.Val.Null {
		return "'" + e.Val.Str + "'"
	}
	return e.Val.String()
}
