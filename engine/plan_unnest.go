package engine

import "github.com/lhsql/lhsql/vector"

// UnnestNode emits, for every input row, one row per element of the
// longest of its Lists: the input columns followed by one column per list
// holding the element (NULL where a shorter list has run out). Rows whose
// lists are all NULL or empty produce nothing.
type UnnestNode struct {
	Input Node
	Lists []Expr
}

// Types implements Node.
func (n *UnnestNode) Types() []vector.Type {
	out := append([]vector.Type(nil), n.Input.Types()...)
	for _, l := range n.Lists {
		out = append(out, l.Type().Elem())
	}
	return out
}
