package files

import (
	"fmt"

	"github.com/lhsql/lhsql/vector"
)

// convertible reports whether convert can turn values of type from into
// type to.
func convertible(from, to vector.Type) bool {
	switch {
	case from.Equal(to), from.ID == vector.TypeNull:
		return true
	case from.IsInteger() && to.IsInteger():
		return true
	case from.IsInteger() && to.Phys() == vector.PhysFloat64:
		return true
	case from.Phys() == vector.PhysFloat64 && to.Phys() == vector.PhysFloat64:
		return true
	case to.ID == vector.TypeVarchar:
		return from.Nested == nil
	}
	return false
}

// convert returns v (n rows) as type to. Integers widen in place (they
// share int64 storage); other conversions copy.
func convert(v *vector.Vector, to vector.Type, n int) (*vector.Vector, error) {
	from := v.Typ
	if from.Equal(to) {
		return v, nil
	}
	rows := n
	if v.Const {
		rows = 1
	}
	switch {
	case from.ID == vector.TypeNull:
		out := vector.NullConst(to)
		return out, nil
	case from.IsInteger() && to.IsInteger():
		out := *v
		out.Typ = to
		return &out, nil
	case from.IsInteger() && to.Phys() == vector.PhysFloat64:
		out := &vector.Vector{Typ: to, Const: v.Const, Valid: v.Valid, F64: make([]float64, rows)}
		for i := 0; i < rows && i < len(v.I64); i++ {
			out.F64[i] = float64(v.I64[i])
		}
		return out, nil
	case from.Phys() == vector.PhysFloat64 && to.Phys() == vector.PhysFloat64:
		out := *v
		out.Typ = to
		return &out, nil
	case to.ID == vector.TypeVarchar && from.Nested == nil:
		out := &vector.Vector{Typ: to, Const: v.Const, Valid: v.Valid, Str: make([]string, rows)}
		for i := 0; i < rows; i++ {
			if v.Valid.IsValid(i) {
				out.Str[i] = v.Get(i).String()
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("cannot convert %s to %s", from, to)
}
