package engine

import "github.com/lhsql/lhsql/vector"

// maxRangeLen bounds the lists built by range and generate_series.
const maxRangeLen = 1 << 26

// bindListRange binds the scalar range(stop) / range(start, stop[, step])
// (stop excluded) and generate_series (stop included) over BIGINT.
func bindListRange(name string, args []Expr) (Expr, error) {
	if len(args) < 1 || len(args) > 3 {
		return nil, noMatch(name, args)
	}
	cs := make([]Expr, len(args))
	for i, a := range args {
		c, err := castTo(a, vector.BigInt)
		if err != nil {
			return nil, noMatch(name, args)
		}
		cs[i] = c
	}
	inclusive := name == "generate_series"
	lt := vector.ListOf(vector.BigInt)
	return nestedFunc(name, lt, true, func(a []vector.Value) (vector.Value, error) {
		start, stop, step := int64(0), a[0].I64, int64(1)
		if len(a) >= 2 {
			start, stop = a[0].I64, a[1].I64
		}
		if len(a) == 3 {
			step = a[2].I64
		}
		if step == 0 {
			return vector.Value{}, errorf("Binder", "%s step cannot be 0", name)
		}
		out := vector.Value{Typ: lt, List: []vector.Value{}}
		for x := start; ; x += step {
			if step > 0 && (x > stop || !inclusive && x == stop) || step < 0 && (x < stop || !inclusive && x == stop) {
				break
			}
			if len(out.List) >= maxRangeLen {
				return vector.Value{}, errorf("Invalid Input", "%s is too large", name)
			}
			out.List = append(out.List, vector.IntValue(x))
		}
		return out, nil
	}, cs...), nil
}
