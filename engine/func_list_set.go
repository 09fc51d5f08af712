package engine

import (
	"strings"

	"github.com/lhsql/lhsql/vector"
)

// registerListSetFuncs registers set-like list functions and list/map
// membership tests.
func registerListSetFuncs() {
	register(bindListSetOp, "list_has_any", "array_has_any", "list_has_all", "array_has_all",
		"list_intersect", "array_intersect")
	register(bindArrayToString, "array_to_string", "list_to_string")
	register(bindMapContains, "map_contains", "map_contains_key", "map_contains_value")
}

func bindListSetOp(name string, args []Expr) (Expr, error) {
	if len(args) != 2 {
		return nil, noMatch(name, args)
	}
	cs := make([]Expr, 2)
	for i, a := range args {
		var ok bool
		if cs[i], ok = listArg(a); !ok {
			return nil, noMatch(name, args)
		}
	}
	cs, t, err := unifyArgs(name, cs)
	if err != nil {
		return nil, err
	}
	has := func(xs []vector.Value, y vector.Value) bool {
		for _, x := range xs {
			if !x.Null && compareValues(x, y) == 0 {
				return true
			}
		}
		return false
	}
	switch {
	case strings.HasSuffix(name, "has_any"):
		return nestedFunc(name, vector.Boolean, true, func(a []vector.Value) (vector.Value, error) {
			for _, y := range a[1].List {
				if !y.Null && has(a[0].List, y) {
					return vector.BoolValue(true), nil
				}
			}
			return vector.BoolValue(false), nil
		}, cs...), nil
	case strings.HasSuffix(name, "has_all"):
		return nestedFunc(name, vector.Boolean, true, func(a []vector.Value) (vector.Value, error) {
			for _, y := range a[1].List {
				if !y.Null && !has(a[0].List, y) {
					return vector.BoolValue(false), nil
				}
			}
			return vector.BoolValue(true), nil
		}, cs...), nil
	}
	return nestedFunc(name, t, true, func(a []vector.Value) (vector.Value, error) {
		out := vector.Value{Typ: t, List: []vector.Value{}}
		for _, x := range distinctValues(a[0].List) {
			if has(a[1].List, x) {
				out.List = append(out.List, x)
			}
		}
		return out, nil
	}, cs...), nil
}

func bindArrayToString(name string, args []Expr) (Expr, error) {
	if len(args) != 2 {
		return nil, noMatch(name, args)
	}
	l, ok := listArg(args[0])
	if !ok {
		return nil, noMatch(name, args)
	}
	l, err := castTo(l, vector.ListOf(vector.Varchar))
	if err != nil {
		return nil, err
	}
	sep, err := castTo(args[1], vector.Varchar)
	if err != nil {
		return nil, err
	}
	return nestedFunc(name, vector.Varchar, true, func(a []vector.Value) (vector.Value, error) {
		var parts []string
		for _, x := range a[0].List {
			if !x.Null {
				parts = append(parts, x.Str)
			}
		}
		return vector.StringValue(strings.Join(parts, a[1].Str)), nil
	}, l, sep), nil
}

func bindMapContains(name string, args []Expr) (Expr, error) {
	if len(args) != 2 || !isMap(args[0].Type()) {
		return nil, noMatch(name, args)
	}
	mt := args[0].Type()
	field := 0
	want := mt.MapKey()
	if name == "map_contains_value" {
		field, want = 1, mt.MapValue()
	}
	t, ok := CommonType(want, args[1].Type())
	if !ok || t != want {
		t = want
	}
	x, err := castTo(args[1], t)
	if err != nil {
		return nil, err
	}
	return nestedFunc(name, vector.Boolean, true, func(a []vector.Value) (vector.Value, error) {
		for _, e := range a[0].List {
			if !e.Fields[field].Null && compareValues(e.Fields[field], a[1]) == 0 {
				return vector.BoolValue(true), nil
			}
		}
		return vector.BoolValue(false), nil
	}, args[0], x), nil
}
