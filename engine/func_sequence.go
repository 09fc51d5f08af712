package engine

import (
	"github.com/lhsql/lhsql/vector"
)

// SequenceExpr is nextval / currval on a sequence: a volatile expression
// that calls a catalog callback once per row. It is never constant-folded.
type SequenceExpr struct {
	display string
	next    func() (int64, error)
}

// NewSequenceExpr returns an expression producing next() for every row;
// display is its EXPLAIN text.
func NewSequenceExpr(display string, next func() (int64, error)) *SequenceExpr {
	return &SequenceExpr{display: display, next: next}
}

// Type implements Expr.
func (e *SequenceExpr) Type() vector.Type { return vector.BigInt }

// Eval implements Expr.
func (e *SequenceExpr) Eval(_ *ExecCtx, c *vector.Chunk) (*vector.Vector, error) {
	n := c.Len
	out := vector.New(vector.BigInt, n)
	vals := out.I64
	for i := 0; i < n; i++ {
		v, err := e.next()
		if err != nil {
			return nil, err
		}
		vals[i] = v
	}
	return out, nil
}

func (e *SequenceExpr) String() string { return e.display }
