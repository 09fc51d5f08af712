package engine

import (
	"strings"

	"github.com/lhsql/lhsql/vector"
)

// TryExpr is DuckDB's TRY(expr): the value of X, or NULL for the rows on
// which evaluating X raises an error. The chunk is evaluated as a whole
// first, so the common case costs nothing extra; only when that fails are
// the rows evaluated one at a time. Cancellation and internal errors are
// never turned into NULLs.
type TryExpr struct {
	X Expr
}

// NewTry wraps x in a TRY expression.
func NewTry(x Expr) *TryExpr { return &TryExpr{X: x} }

// Type implements Expr.
func (e *TryExpr) Type() vector.Type { return e.X.Type() }

func (e *TryExpr) String() string { return "try(" + e.X.String() + ")" }

// Eval implements Expr.
func (e *TryExpr) Eval(ec *ExecCtx, c *vector.Chunk) (*vector.Vector, error) {
	v, err := e.X.Eval(ec, c)
	if err == nil {
		return v, nil
	}
	if !tryCatches(ec, err) {
		return nil, err
	}
	return e.evalRows(ec, c)
}

// evalRows evaluates X on each row of c separately, storing NULL for the
// rows that fail. Each row's intermediate vectors live in a scratch scope
// that is closed before the next row, so the arena does not grow with the
// number of rows.
func (e *TryExpr) evalRows(ec *ExecCtx, c *vector.Chunk) (*vector.Vector, error) {
	n := c.Len
	out := vector.New(e.X.Type(), n)
	row := &vector.Chunk{Cols: make([]*vector.Vector, len(c.Cols)), Len: 1}
	for i := 0; i < n; i++ {
		for k, col := range c.Cols {
			row.Cols[k] = col.Slice(i, i+1)
		}
		mark := 0
		if ec != nil {
			mark = ec.beginScratch()
		}
		v, err := e.X.Eval(ec, row)
		if err == nil {
			out.CopyCell(i, v, 0, n)
		}
		if ec != nil {
			ec.endScratch(mark)
		}
		if err != nil {
			if !tryCatches(ec, err) {
				return nil, err
			}
			out.SetNull(i, n)
		}
	}
	return out, nil
}

// tryCatches reports whether TRY turns err into a NULL: every error a
// function or cast raises for its input, but not a cancelled query or an
// internal error.
func tryCatches(ec *ExecCtx, err error) bool {
	if ec != nil && ec.Ctx != nil && ec.Ctx.Err() != nil {
		return false
	}
	msg := err.Error()
	return !strings.HasPrefix(msg, "internal error") && !strings.HasPrefix(msg, "INTERNAL Error")
}

// bindTry binds try(x).
func bindTry(name string, args []Expr) (Expr, error) {
	if len(args) != 1 {
		return nil, noMatch(name, args)
	}
	return NewTry(args[0]), nil
}

// bindError binds error(message), which raises an Invalid Input Error
// with the message of the first non-NULL row it is evaluated on; rows
// with a NULL message give NULL. Its type is NULL. It is volatile, so it
// is never folded at bind time (a CASE branch that is never taken must
// not raise).
func bindError(name string, args []Expr) (Expr, error) {
	if len(args) != 1 || (args[0].Type().ID != vector.TypeVarchar && args[0].Type().ID != vector.TypeNull) {
		return nil, noMatch(name, args)
	}
	f := newFunc(name, vector.Null, func(_ *ExecCtx, v []*vector.Vector, n int) (*vector.Vector, error) {
		m := v[0]
		for i := 0; i < n; i++ {
			if !m.IsNull(i) {
				j := i
				if m.Const {
					j = 0
				}
				return nil, errorf("Invalid Input", "%s", m.Str[j])
			}
		}
		return vector.NullConst(vector.Null), nil
	}, args...)
	f.volatile = true
	return f, nil
}

func init() {
	register(bindTry, "try")
	register(bindError, "error")
}
