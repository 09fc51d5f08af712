package engine

import (
	"math"

	"github.com/lhsql/lhsql/vector"
)

// This file lets aggregate families live in their own files: each
// registers a result-type rule and a state constructor with registerAgg,
// and AggResultType / newAggState consult extAggs.

// extAgg describes one aggregate registered with registerAgg.
type extAgg struct {
	// result returns the result type for the argument types, or false
	// when the arguments do not match.
	result func(args []vector.Type) (vector.Type, bool)
	// state builds the group state for a bound call.
	state func(a *AggExpr) (aggState, error)
}

// extAggs maps canonical names to registered aggregates. It is initialised
// in its declaration so that init functions of any file may register.
var extAggs = map[string]extAgg{}

// registerAgg registers an aggregate under its canonical name names[0]
// and any aliases.
func registerAgg(d extAgg, names ...string) {
	extAggs[names[0]] = d
	for _, n := range names {
		aggAliases[n] = names[0]
	}
}

// valueF64 converts a numeric value to float64 (DECIMAL honours its scale,
// UBIGINT its unsigned range); ok is false for NULL or non-numeric values.
func valueF64(v vector.Value) (float64, bool) {
	if v.Null {
		return 0, false
	}
	switch v.Typ.ID {
	case vector.TypeBoolean:
		if v.Bool {
			return 1, true
		}
		return 0, true
	case vector.TypeUBigInt:
		return float64(uint64(v.I64)), true
	case vector.TypeDecimal:
		return decimalToF64(v.I64, int(v.Typ.Scale)), true
	case vector.TypeFloat, vector.TypeDouble:
		return v.F64, true
	}
	if v.Typ.IsInteger() || v.Typ.IsTemporal() {
		return float64(v.I64), true
	}
	return 0, false
}

// f64At reads row i of a flat numeric vector as float64.
func f64At(v *vector.Vector, i int) float64 {
	if v.Const {
		i = 0
	}
	switch v.Typ.Phys() {
	case vector.PhysFloat64:
		return v.F64[i]
	case vector.PhysBool:
		if v.Bool[i] {
			return 1
		}
		return 0
	case vector.PhysInt64:
		switch v.Typ.ID {
		case vector.TypeUBigInt:
			return float64(uint64(v.I64[i]))
		case vector.TypeDecimal:
			return float64(v.I64[i]) / pow10f(int(v.Typ.Scale))
		}
		return float64(v.I64[i])
	}
	return math.NaN()
}

// numericOrNull reports whether t is accepted by the statistical
// aggregates (numbers and untyped NULL).
func numericOrNull(t vector.Type) bool {
	return t.IsNumeric() || t.ID == vector.TypeNull
}

// orderable reports whether values of t can be compared.
func orderable(t vector.Type) bool { return t.Phys() != vector.PhysNone }
