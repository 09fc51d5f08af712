package engine

import (
	"fmt"
	"sort"
	"strings"

	"github.com/lhsql/lhsql/vector"
)

// aggAliases maps alternative aggregate names to canonical ones.
var aggAliases = map[string]string{
	"count_star":   "count_star",
	"count":        "count",
	"sum":          "sum",
	"avg":          "avg",
	"mean":         "avg",
	"min":          "min",
	"max":          "max",
	"bool_and":     "bool_and",
	"bool_or":      "bool_or",
	"every":        "bool_and",
	"string_agg":   "string_agg",
	"group_concat": "string_agg",
	"listagg":      "string_agg",
	"first":        "first",
	"arbitrary":    "first",
	"any_value":    "any_value",
	"stddev":       "stddev_samp",
	"stddev_samp":  "stddev_samp",
	"stddev_pop":   "stddev_pop",
	"variance":     "var_samp",
	"var_samp":     "var_samp",
	"var_pop":      "var_pop",
	"product":      "product",
	"list":         "list",
	"array_agg":    "list",
}

// canonicalAgg returns the canonical name of an aggregate, or "".
func canonicalAgg(name string) string {
	return aggAliases[strings.ToLower(name)]
}

// IsAggregate reports whether name is an aggregate function.
func IsAggregate(name string) bool { return canonicalAgg(name) != "" }

// AggregateNames returns the names of all aggregate functions (with
// aliases), sorted; the binder may merge them into its own suggestions.
func AggregateNames() []string {
	out := make([]string, 0, len(aggAliases))
	for k := range aggAliases {
		if k != "count_star" {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// AggResultType returns the result type of aggregate name over arguments
// of types args, following DuckDB.
func AggResultType(name string, args []vector.Type, distinct bool) (vector.Type, error) {
	c := canonicalAgg(name)
	if c == "" {
		msg := fmt.Sprintf("Catalog Error: Aggregate Function with name %s does not exist!", name)
		if s := closestName(strings.ToLower(name), AggregateNames()); s != "" {
			msg += fmt.Sprintf("\nDid you mean \"%s\"?", s)
		}
		return vector.Type{}, fmt.Errorf("%s", msg)
	}
	noMatch := func() (vector.Type, error) {
		names := make([]string, len(args))
		for i, a := range args {
			names[i] = a.String()
		}
		return vector.Type{}, fmt.Errorf("Binder Error: No function matches the given name and argument types '%s(%s)'. You might need to add explicit type casts.",
			strings.ToLower(name), strings.Join(names, ", "))
	}
	if d, ok := extAggs[c]; ok {
		t, ok := d.result(args)
		if !ok {
			return noMatch()
		}
		return t, nil
	}
	nargs := func(lo, hi int) bool { return len(args) >= lo && len(args) <= hi }
	switch c {
	case "count_star":
		if len(args) != 0 {
			return noMatch()
		}
		return vector.BigInt, nil
	case "count":
		if !nargs(0, 1) {
			return noMatch()
		}
		return vector.BigInt, nil
	}
	if len(args) == 0 {
		return noMatch()
	}
	a := args[0]
	switch c {
	case "sum":
		if !nargs(1, 1) {
			return noMatch()
		}
		switch {
		case a.ID == vector.TypeNull:
			return vector.HugeInt, nil
		case a.ID == vector.TypeBoolean:
			return vector.HugeInt, nil
		case a.IsInteger():
			return vector.HugeInt, nil
		case a.ID == vector.TypeDecimal:
			return vector.Decimal(vector.MaxDecimalWidth, int(a.Scale)), nil
		case a.ID == vector.TypeFloat || a.ID == vector.TypeDouble:
			return vector.Double, nil
		}
		return noMatch()
	case "avg":
		if !nargs(1, 1) {
			return noMatch()
		}
		if a.IsNumeric() || a.ID == vector.TypeNull {
			return vector.Double, nil
		}
		return noMatch()
	case "min", "max", "first", "any_value":
		if !nargs(1, 1) || a.Phys() == vector.PhysNone {
			return noMatch()
		}
		return a, nil
	case "bool_and", "bool_or":
		if !nargs(1, 1) || (a.ID != vector.TypeBoolean && a.ID != vector.TypeNull) {
			return noMatch()
		}
		return vector.Boolean, nil
	case "string_agg":
		if !nargs(1, 2) || a.Phys() == vector.PhysNone {
			return noMatch()
		}
		if len(args) == 2 && !args[1].IsString() && args[1].ID != vector.TypeNull {
			return noMatch()
		}
		return vector.Varchar, nil
	case "stddev_samp", "stddev_pop", "var_samp", "var_pop", "product":
		if !nargs(1, 1) || !(a.IsNumeric() || a.ID == vector.TypeNull) {
			return noMatch()
		}
		return vector.Double, nil
	case "list":
		if !nargs(1, 1) {
			return noMatch()
		}
		return vector.ListOf(a), nil
	}
	return noMatch()
}

// closestName returns the candidate nearest to name by edit distance, or
// "" when nothing is reasonably close.
func closestName(name string, cands []string) string {
	best, bestD := "", 1<<30
	for _, c := range cands {
		d := editDistance(name, c)
		if d < bestD {
			best, bestD = c, d
		}
	}
	if bestD > max(3, len(name)/2) {
		return ""
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// newAggState creates the state of one aggregate for a group table.
func newAggState(a *AggExpr) (aggState, error) {
	if a.ordered() {
		if s := newFirstByState(a); s != nil {
			return s, nil
		}
		return newOrderedAggState(a)
	}
	if len(a.Order) > 0 {
		// An ORDER BY the aggregate ignores: drop its keys.
		a = a.unordered()
	}
	c := canonicalAgg(a.Name)
	var argT vector.Type
	if len(a.Args) > 0 {
		argT = a.Args[0].Type()
	}
	if d, ok := extAggs[c]; ok {
		return d.state(a)
	}
	switch c {
	case "count_star":
		return &countState{star: true}, nil
	case "count":
		return &countState{star: len(a.Args) == 0}, nil
	case "sum":
		switch argT.Phys() {
		case vector.PhysInt64:
			return &sumIntState{unsigned: argT.ID == vector.TypeUBigInt}, nil
		case vector.PhysBool:
			return &sumIntState{boolean: true}, nil
		case vector.PhysFloat64:
			return &sumFloatState{}, nil
		}
	case "avg":
		switch argT.Phys() {
		case vector.PhysInt64:
			scale := 1.0
			if argT.ID == vector.TypeDecimal {
				scale = float64(pow10f(int(argT.Scale)))
			}
			return &sumIntState{avg: true, unsigned: argT.ID == vector.TypeUBigInt, scale: scale}, nil
		case vector.PhysFloat64:
			return &sumFloatState{avg: true}, nil
		}
	case "min", "max":
		isMax := c == "max"
		switch argT.Phys() {
		case vector.PhysInt64:
			return newMinMax(isMax, func(v *vector.Vector) []int64 { return v.I64 }, func(v *vector.Vector, x []int64) { v.I64 = x }), nil
		case vector.PhysFloat64:
			return newMinMax(isMax, func(v *vector.Vector) []float64 { return v.F64 }, func(v *vector.Vector, x []float64) { v.F64 = x }), nil
		case vector.PhysString:
			return newMinMax(isMax, func(v *vector.Vector) []string { return v.Str }, func(v *vector.Vector, x []string) { v.Str = x }), nil
		case vector.PhysBool:
			return &boolAggState{or: isMax}, nil
		case vector.PhysInterval:
			return &intervalMinMaxState{isMax: isMax}, nil
		}
	case "bool_and", "bool_or":
		return &boolAggState{or: c == "bool_or"}, nil
	case "first", "any_value":
		return &firstState{typ: a.Typ, skipNulls: c == "any_value"}, nil
	case "string_agg":
		return &stringAggState{argType: argT}, nil
	case "stddev_samp", "stddev_pop", "var_samp", "var_pop":
		return &varianceState{kind: c, scale: decimalScale(argT)}, nil
	case "product":
		return &productState{scale: decimalScale(argT)}, nil
	case "list":
		return &listAggState{typ: a.Typ}, nil
	}
	if c == "" {
		_, err := AggResultType(a.Name, nil, a.Distinct)
		return nil, err
	}
	return nil, fmt.Errorf("Binder Error: No function matches the given name and argument types '%s(%s)'", a.Name, argT)
}

// decimalScale returns 10^scale for DECIMAL types, else 1.
func decimalScale(t vector.Type) float64 {
	if t.ID == vector.TypeDecimal {
		return pow10f(int(t.Scale))
	}
	return 1
}

func pow10f(s int) float64 {
	f := 1.0
	for range s {
		f *= 10
	}
	return f
}
