package engine

import (
	"fmt"
	"strings"

	"github.com/lhsql/lhsql/vector"
)

// windowOnlyFuncs are the ranking and navigation window functions (the
// aggregates of the aggregate registry are window functions too).
var windowOnlyFuncs = map[string]bool{
	"row_number": true, "rank": true, "dense_rank": true, "percent_rank": true,
	"cume_dist": true, "ntile": true, "lag": true, "lead": true,
	"first_value": true, "last_value": true, "nth_value": true,
}

// IsWindowFunction reports whether name is a ranking or navigation window
// function (aggregates are detected with IsAggregate).
func IsWindowFunction(name string) bool { return windowOnlyFuncs[strings.ToLower(name)] }

// WindowResultType returns the result type of window function name over
// arguments of types args, following DuckDB: row_number, rank, dense_rank
// and ntile return BIGINT, percent_rank and cume_dist DOUBLE, the
// navigation functions the type of their first argument, and aggregates
// the type AggResultType gives.
func WindowResultType(name string, args []vector.Type) (vector.Type, error) {
	lname := strings.ToLower(name)
	noMatch := func() (vector.Type, error) {
		names := make([]string, len(args))
		for i, a := range args {
			names[i] = a.String()
		}
		return vector.Type{}, fmt.Errorf("Binder Error: No function matches the given name and argument types '%s(%s)'. You might need to add explicit type casts.",
			lname, strings.Join(names, ", "))
	}
	isInt := func(t vector.Type) bool { return t.IsInteger() || t.ID == vector.TypeNull }
	switch lname {
	case "row_number", "rank", "dense_rank":
		if len(args) != 0 {
			return noMatch()
		}
		return vector.BigInt, nil
	case "percent_rank", "cume_dist":
		if len(args) != 0 {
			return noMatch()
		}
		return vector.Double, nil
	case "ntile":
		if len(args) != 1 || !isInt(args[0]) {
			return noMatch()
		}
		return vector.BigInt, nil
	case "lag", "lead":
		if len(args) < 1 || len(args) > 3 || (len(args) >= 2 && !isInt(args[1])) {
			return noMatch()
		}
		return args[0], nil
	case "first_value", "last_value":
		if len(args) != 1 {
			return noMatch()
		}
		return args[0], nil
	case "nth_value":
		if len(args) != 2 || !isInt(args[1]) {
			return noMatch()
		}
		return args[0], nil
	}
	if IsAggregate(lname) {
		return AggResultType(lname, args, false)
	}
	return vector.Type{}, fmt.Errorf("Catalog Error: Window Function with name %s does not exist!", name)
}

// windowLine renders a WindowNode for EXPLAIN.
func windowLine(n *WindowNode) string {
	parts := make([]string, len(n.Funcs))
	for i := range n.Funcs {
		parts[i] = windowFuncString(&n.Funcs[i])
	}
	return "WINDOW " + strings.Join(parts, ", ")
}

func windowFuncString(f *WindowFunc) string {
	var b strings.Builder
	b.WriteString(f.Name)
	b.WriteByte('(')
	if f.Distinct {
		b.WriteString("DISTINCT ")
	}
	b.WriteString(exprList(f.Args))
	b.WriteByte(')')
	if f.IgnoreNulls {
		b.WriteString(" IGNORE NULLS")
	}
	if f.Filter != nil {
		b.WriteString(" FILTER (WHERE " + f.Filter.String() + ")")
	}
	b.WriteString(" OVER (")
	var sp []string
	if len(f.Partition) > 0 {
		sp = append(sp, "PARTITION BY "+exprList(f.Partition))
	}
	if len(f.Order) > 0 {
		keys := make([]string, len(f.Order))
		for i, k := range f.Order {
			keys[i] = k.Expr.String()
			if k.Desc {
				keys[i] += " DESC"
			}
			if k.NullsFirst {
				keys[i] += " NULLS FIRST"
			}
		}
		sp = append(sp, "ORDER BY "+strings.Join(keys, ", "))
	}
	if fr := frameString(&f.Frame); fr != "" {
		sp = append(sp, fr)
	}
	b.WriteString(strings.Join(sp, " "))
	b.WriteByte(')')
	return b.String()
}

func frameString(fr *WindowFrame) string {
	mode := [...]string{"RANGE", "ROWS", "GROUPS"}[fr.Mode%3]
	bound := func(k FrameBoundKind, off Expr) string {
		switch k {
		case BoundUnboundedPreceding:
			return "UNBOUNDED PRECEDING"
		case BoundPreceding:
			return offString(off) + " PRECEDING"
		case BoundCurrentRow:
			return "CURRENT ROW"
		case BoundFollowing:
			return offString(off) + " FOLLOWING"
		}
		return "UNBOUNDED FOLLOWING"
	}
	s := mode + " BETWEEN " + bound(fr.Start, fr.StartOffset) + " AND " + bound(fr.End, fr.EndOffset)
	switch fr.Exclude {
	case ExcludeCurrentRow:
		s += " EXCLUDE CURRENT ROW"
	case ExcludeGroup:
		s += " EXCLUDE GROUP"
	case ExcludeTies:
		s += " EXCLUDE TIES"
	}
	return s
}

func offString(e Expr) string {
	if e == nil {
		return "?"
	}
	return e.String()
}
