package engine

import (
	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// Node is a physical plan operator. The sql planner builds a tree of Nodes;
// Run turns it into pipelines. Every node's output is a list of columns
// whose types Types returns.
type Node interface {
	Types() []vector.Type
}

// ScanNode reads a table. Output columns follow Spec.Columns.
type ScanNode struct {
	Table storage.Table
	Spec  storage.ScanSpec
	Out   []vector.Type
	Label string // table or file name for EXPLAIN
}

// FilterNode keeps rows where Pred is true (NULL and false drop the row).
type FilterNode struct {
	Input Node
	Pred  Expr
}

// ProjectNode computes Exprs over its input.
type ProjectNode struct {
	Input Node
	Exprs []Expr
	Names []string // for EXPLAIN only
}

// JoinKind selects join semantics.
type JoinKind uint8

// Join kinds.
const (
	JoinInner JoinKind = iota
	JoinLeft           // all probe (Left) rows; NULLs for missing build columns
	JoinRight          // all build (Right) rows; NULLs for missing probe columns
	JoinFull
	JoinSemi // probe rows with at least one match; output = Left columns
	JoinAnti // probe rows with no match; output = Left columns
	// JoinMark outputs Left columns plus one BOOLEAN column: true when the
	// row has a match; otherwise NULL when the probe key is NULL or any build
	// key is NULL (and the build side is non-empty), else false. This gives
	// SQL's IN / NOT IN semantics.
	JoinMark
	// JoinRightSemi outputs the build (Right) rows with at least one match;
	// output = Right columns. It is a semi join with the sides swapped, so
	// the smaller side can be built.
	JoinRightSemi
	// JoinRightAnti outputs the build (Right) rows with no match; output =
	// Right columns (NOT EXISTS with the sides swapped).
	JoinRightAnti
)

// tracksBuild reports whether the kind needs per-build-row match flags and
// emits build rows after the probe (a tail).
func (k JoinKind) tracksBuild() bool {
	return k == JoinRight || k == JoinFull || k == JoinRightSemi || k == JoinRightAnti
}

// HashJoinNode is an equi-join. Left is the probe side, Right the build
// side. Keys compare with SQL equality (NULL never matches). Residual, if
// set, is evaluated over the concatenation Left columns ++ Right columns and
// must be true for a pair to match. Output: Left ++ Right columns for
// Inner/Left/Right/Full; Left columns for Semi/Anti; Left + mark for Mark;
// Right columns for RightSemi/RightAnti.
type HashJoinNode struct {
	Left, Right         Node
	Kind                JoinKind
	LeftKeys, RightKeys []Expr
	Residual            Expr
}

// NestedLoopJoinNode joins without equality keys: every pair is tested
// with Cond (nil = cross product) over Left ++ Right columns. Output as for
// HashJoinNode.
type NestedLoopJoinNode struct {
	Left, Right Node
	Kind        JoinKind
	Cond        Expr
}

// AggExpr is one aggregate of a HashAggNode.
type AggExpr struct {
	Name     string // count, count_star, sum, avg, min, max, ...
	Args     []Expr
	Distinct bool
	Filter   Expr // optional FILTER (WHERE ...)
	Typ      vector.Type
	// Order is the ORDER BY inside the call (string_agg(s, ',' ORDER BY
	// k DESC)). Its sort keys are the last len(Order) entries of Args,
	// after the aggregate's own arguments; key i sorts by Order[i].
	Order []AggOrder
}

// AggOrder is the direction and NULL order of one ORDER BY key of an
// aggregate call (see AggExpr.Order).
type AggOrder struct {
	Desc       bool
	NullsFirst bool
}

// HashAggNode groups by Groups and computes Aggs. Output: Groups ++ Aggs.
// With no Groups it returns exactly one row, even for empty input.
type HashAggNode struct {
	Input  Node
	Groups []Expr
	Aggs   []AggExpr
}

// SortKey is one ORDER BY key.
type SortKey struct {
	Expr       Expr
	Desc       bool
	NullsFirst bool
}

// SortNode sorts its input. When Limit >= 0 it keeps only rows
// [Offset, Offset+Limit) of the sorted order (top-N).
type SortNode struct {
	Input  Node
	Keys   []SortKey
	Limit  int64
	Offset int64
}

// LimitNode passes rows [Offset, Offset+Limit); Limit < 0 means no limit.
// It preserves the input order.
type LimitNode struct {
	Input  Node
	Limit  int64
	Offset int64
}

// UnionAllNode concatenates inputs with equal column types.
type UnionAllNode struct {
	Inputs []Node
}

// SetOpKind selects INTERSECT or EXCEPT.
type SetOpKind uint8

// Set operations other than UNION ALL.
const (
	SetIntersect SetOpKind = iota
	SetExcept
)

// SetOpNode computes INTERSECT [ALL] / EXCEPT [ALL] with NULLs comparing
// equal. (UNION DISTINCT is a HashAggNode over a UnionAllNode.)
type SetOpNode struct {
	Left, Right Node
	Op          SetOpKind
	All         bool
}

// ValuesNode produces fixed rows (already evaluated).
type ValuesNode struct {
	Out    []vector.Type
	Chunks []*vector.Chunk
}

// SingleRowNode checks that its input has at most one row (a scalar
// subquery) and outputs exactly one row: the input row, or NULLs.
type SingleRowNode struct {
	Input Node
}

// Types implements Node.
func (n *ScanNode) Types() []vector.Type { return n.Out }

// Types implements Node.
func (n *FilterNode) Types() []vector.Type { return n.Input.Types() }

// Types implements Node.
func (n *ProjectNode) Types() []vector.Type {
	out := make([]vector.Type, len(n.Exprs))
	for i, e := range n.Exprs {
		out[i] = e.Type()
	}
	return out
}

func joinTypes(kind JoinKind, l, r Node) []vector.Type {
	switch kind {
	case JoinSemi, JoinAnti:
		return l.Types()
	case JoinRightSemi, JoinRightAnti:
		return r.Types()
	case JoinMark:
		return append(append([]vector.Type(nil), l.Types()...), vector.Boolean)
	}
	return append(append([]vector.Type(nil), l.Types()...), r.Types()...)
}

// Types implements Node.
func (n *HashJoinNode) Types() []vector.Type { return joinTypes(n.Kind, n.Left, n.Right) }

// Types implements Node.
func (n *NestedLoopJoinNode) Types() []vector.Type { return joinTypes(n.Kind, n.Left, n.Right) }

// Types implements Node.
func (n *HashAggNode) Types() []vector.Type {
	out := make([]vector.Type, 0, len(n.Groups)+len(n.Aggs))
	for _, g := range n.Groups {
		out = append(out, g.Type())
	}
	for _, a := range n.Aggs {
		out = append(out, a.Typ)
	}
	return out
}

// Types implements Node.
func (n *SortNode) Types() []vector.Type { return n.Input.Types() }

// Types implements Node.
func (n *LimitNode) Types() []vector.Type { return n.Input.Types() }

// Types implements Node.
func (n *UnionAllNode) Types() []vector.Type { return n.Inputs[0].Types() }

// Types implements Node.
func (n *SetOpNode) Types() []vector.Type { return n.Left.Types() }

// Types implements Node.
func (n *ValuesNode) Types() []vector.Type { return n.Out }

// Types implements Node.
func (n *SingleRowNode) Types() []vector.Type { return n.Input.Types() }
