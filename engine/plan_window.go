package engine

import "github.com/lhsql/lhsql/vector"

// FrameBoundKind is one end of a window frame.
type FrameBoundKind uint8

// Frame bound kinds.
const (
	BoundUnboundedPreceding FrameBoundKind = iota
	BoundPreceding                         // Offset rows/values/groups before the current row
	BoundCurrentRow
	BoundFollowing // Offset after the current row
	BoundUnboundedFollowing
)

// FrameMode is ROWS, RANGE or GROUPS.
type FrameMode uint8

// Frame modes.
const (
	FrameRange FrameMode = iota // the default
	FrameRows
	FrameGroups
)

// FrameExclude is the EXCLUDE clause of a frame.
type FrameExclude uint8

// Frame exclusions.
const (
	ExcludeNoOthers FrameExclude = iota
	ExcludeCurrentRow
	ExcludeGroup
	ExcludeTies
)

// WindowFrame is a frame specification. Offsets are expressions over the
// input (usually constants); nil unless the bound kind needs one. The
// default frame (no frame clause) is RANGE BETWEEN UNBOUNDED PRECEDING AND
// CURRENT ROW when the window has ORDER BY, else the whole partition.
type WindowFrame struct {
	Mode        FrameMode
	Start, End  FrameBoundKind
	StartOffset Expr
	EndOffset   Expr
	Exclude     FrameExclude
}

// WindowFunc is one window function: a ranking/navigation function
// (row_number, rank, dense_rank, percent_rank, cume_dist, ntile, lag,
// lead, first_value, last_value, nth_value) or any aggregate of the
// aggregate registry, evaluated over its partition and frame.
type WindowFunc struct {
	Name        string
	Args        []Expr
	Distinct    bool
	IgnoreNulls bool
	Filter      Expr // optional FILTER (WHERE ...), aggregates only
	Partition   []Expr
	Order       []SortKey
	Frame       WindowFrame
	Typ         vector.Type
}

// WindowNode computes window functions. Output: the input columns followed
// by one column per function, in Funcs order. Row order of the output is
// unspecified (a SortNode above imposes ORDER BY).
type WindowNode struct {
	Input Node
	Funcs []WindowFunc
}

// Types implements Node.
func (n *WindowNode) Types() []vector.Type {
	out := append([]vector.Type(nil), n.Input.Types()...)
	for _, f := range n.Funcs {
		out = append(out, f.Typ)
	}
	return out
}
