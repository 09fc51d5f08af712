package plan

import (
	"github.com/lhsql/lhsql/engine"
	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// Col describes one output column of a logical operator.
type Col struct {
	ID  ColumnID
	Typ vector.Type
}

// Op is a logical operator.
type Op interface {
	Cols() []Col
}

// Scan reads a table; IDs has one entry per schema column.
type Scan struct {
	Table   storage.Table
	Label   string
	IDs     []ColumnID
	Types   []vector.Type
	Filters []Expr // conjuncts over this scan's columns, pushed by the optimizer
	// RowID, when non-zero, is the ID of the rowid pseudo-column.
	RowID ColumnID
}

// Filter keeps rows where every condition holds.
type Filter struct {
	Input Op
	Conds []Expr
}

// Project computes expressions.
type Project struct {
	Input Op
	Exprs []Expr
	IDs   []ColumnID
}

// Join joins Left (probe) with Right (build). Conds are conjuncts over both
// sides. MarkID is the boolean output column of a mark join.
type Join struct {
	Left, Right Op
	Kind        engine.JoinKind
	Conds       []Expr
	MarkID      ColumnID
}

// AggCall is one aggregate of an Aggregate.
type AggCall struct {
	Name     string
	Args     []Expr
	Distinct bool
	Filter   Expr
	Typ      vector.Type
	ID       ColumnID
	// Order is the ORDER BY inside the call, for aggregates whose result
	// depends on it: the last len(Order) entries of Args are its sort
	// keys (as in engine.AggExpr).
	Order []engine.AggOrder
}

// Aggregate groups its input.
type Aggregate struct {
	Input    Op
	Groups   []Expr
	GroupIDs []ColumnID
	Aggs     []*AggCall
}

// SortKey is an ORDER BY key with NULL order resolved.
type SortKey struct {
	Expr       Expr
	Desc       bool
	NullsFirst bool
}

// Sort orders its input; Limit >= 0 makes it a top-N.
type Sort struct {
	Input  Op
	Keys   []SortKey
	Limit  int64
	Offset int64
}

// Limit keeps rows [Offset, Offset+Limit).
type Limit struct {
	Input  Op
	Limit  int64
	Offset int64
}

// UnionAll concatenates inputs; input i's columns are taken in order.
type UnionAll struct {
	Inputs []Op
	IDs    []ColumnID
}

// SetOp is INTERSECT/EXCEPT [ALL].
type SetOp struct {
	Left, Right Op
	Kind        engine.SetOpKind
	All         bool
	IDs         []ColumnID
}

// Values is a constant relation.
type Values struct {
	IDs    []ColumnID
	Types  []vector.Type
	Chunks []*vector.Chunk
}

// SingleRow enforces at most one row and yields exactly one.
type SingleRow struct {
	Input Op
}

// Cols implements Op.
func (o *Scan) Cols() []Col {
	out := make([]Col, len(o.IDs), len(o.IDs)+1)
	for i := range o.IDs {
		out[i] = Col{o.IDs[i], o.Types[i]}
	}
	if o.RowID != 0 {
		out = append(out, Col{o.RowID, vector.BigInt})
	}
	return out
}

// Cols implements Op.
func (o *Filter) Cols() []Col { return o.Input.Cols() }

// Cols implements Op.
func (o *Project) Cols() []Col {
	out := make([]Col, len(o.IDs))
	for i := range o.IDs {
		out[i] = Col{o.IDs[i], o.Exprs[i].Type()}
	}
	return out
}

// Cols implements Op.
func (o *Join) Cols() []Col {
	switch o.Kind {
	case engine.JoinSemi, engine.JoinAnti:
		return o.Left.Cols()
	case engine.JoinMark:
		return append(append([]Col(nil), o.Left.Cols()...), Col{o.MarkID, vector.Boolean})
	}
	return append(append([]Col(nil), o.Left.Cols()...), o.Right.Cols()...)
}

// Cols implements Op.
func (o *Aggregate) Cols() []Col {
	out := make([]Col, 0, len(o.Groups)+len(o.Aggs))
	for i, g := range o.Groups {
		out = append(out, Col{o.GroupIDs[i], g.Type()})
	}
	for _, a := range o.Aggs {
		out = append(out, Col{a.ID, a.Typ})
	}
	return out
}

// Cols implements Op.
func (o *Sort) Cols() []Col { return o.Input.Cols() }

// Cols implements Op.
func (o *Limit) Cols() []Col { return o.Input.Cols() }

// Cols implements Op.
func (o *UnionAll) Cols() []Col {
	in := o.Inputs[0].Cols()
	out := make([]Col, len(o.IDs))
	for i := range o.IDs {
		out[i] = Col{o.IDs[i], in[i].Typ}
	}
	return out
}

// Cols implements Op.
func (o *SetOp) Cols() []Col {
	in := o.Left.Cols()
	out := make([]Col, len(o.IDs))
	for i := range o.IDs {
		out[i] = Col{o.IDs[i], in[i].Typ}
	}
	return out
}

// Cols implements Op.
func (o *Values) Cols() []Col {
	out := make([]Col, len(o.IDs))
	for i := range o.IDs {
		out[i] = Col{o.IDs[i], o.Types[i]}
	}
	return out
}

// Cols implements Op.
func (o *SingleRow) Cols() []Col { return o.Input.Cols() }

func colIDSet(cols []Col) colSet {
	s := colSet{}
	for _, c := range cols {
		s.add(c.ID)
	}
	return s
}
