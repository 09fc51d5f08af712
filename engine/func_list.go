package engine

import (
	"sort"
	"strings"

	"github.com/lhsql/lhsql/vector"
)

// registerNestedFuncs registers the LIST, STRUCT and MAP functions and
// extends operators (comparisons, ||, length) to nested types.
func registerNestedFuncs() {
	register(bindListValue, "list_value", "list_pack", "array_value")
	register(bindListExtract, "list_extract", "list_element", "array_extract", "list_get")
	register(bindListSlice, "list_slice", "array_slice")
	register(bindListContains, "list_contains", "list_has", "array_contains", "array_has")
	register(bindListPosition, "list_position", "list_indexof", "array_position", "array_indexof")
	register(bindListConcat, "list_concat", "list_cat", "array_concat", "array_cat")
	register(bindListSort, "list_sort", "array_sort", "list_reverse_sort", "array_reverse_sort")
	register(bindListUnary, "list_reverse", "array_reverse", "list_distinct", "array_distinct",
		"list_unique", "array_unique", "flatten", "list_sum", "list_min", "list_max", "list_avg",
		"list_count", "list_first", "list_last", "list_product", "list_bool_and", "list_bool_or",
		"list_string_agg", "list_stddev_samp", "list_stddev_pop", "list_var_samp", "list_var_pop",
		"list_any_value", "array_length")
	register(bindListAggregate, "list_aggregate", "array_aggregate", "list_aggr", "array_aggr")
	register(bindStringSplit, "string_split", "str_split", "string_to_array", "split")
	wrapBinder(func(name string, args []Expr) (Expr, bool, error) {
		if len(args) == 1 && (isList(args[0].Type()) || isMap(args[0].Type())) {
			e, err := bindListUnary("array_length", args)
			return e, true, err
		}
		return nil, false, nil
	}, "length", "len", "cardinality")
	wrapBinder(func(name string, args []Expr) (Expr, bool, error) {
		if len(args) == 2 && (isList(args[0].Type()) || isList(args[1].Type())) {
			e, err := bindListConcat(name, args)
			return e, true, err
		}
		return nil, false, nil
	}, "||")
	for op, name := range cmpSyms {
		op := cmpOp(op)
		wrapBinder(func(name string, args []Expr) (Expr, bool, error) {
			if len(args) != 2 || !anyNested(args) {
				return nil, false, nil
			}
			e, err := bindNestedCompare(name, op, args)
			return e, true, err
		}, name)
	}
	wrapBinder(func(name string, args []Expr) (Expr, bool, error) {
		if len(args) != 2 || !anyNested(args) {
			return nil, false, nil
		}
		e, err := bindNestedDistinct(name, args)
		return e, true, err
	}, "is distinct from", "is not distinct from")
	registerStructFuncs()
	registerMapFuncs()
	register(bindListRange, "range", "generate_series")
	registerListSetFuncs()
	register(bindLambdaParam, "__lambda_param")
	register(bindLambdaFunc, lambdaFuncNames...)
}

// lambdaFuncNames lists the functions taking a lambda as second argument.
var lambdaFuncNames = []string{"list_transform", "array_transform", "list_apply", "array_apply", "apply",
	"list_filter", "array_filter", "filter", "list_reduce", "array_reduce", "reduce"}

// IsLambdaFunction reports whether name takes a lambda argument.
func IsLambdaFunction(name string) bool {
	for _, n := range lambdaFuncNames {
		if n == name {
			return true
		}
	}
	return false
}

func bindListValue(name string, args []Expr) (Expr, error) {
	cs, t, err := unifyArgs(name, args)
	if err != nil {
		return nil, err
	}
	lt := vector.ListOf(t)
	k := len(cs)
	e := newFunc(name, lt, func(_ *ExecCtx, vs []*vector.Vector, n int) (*vector.Vector, error) {
		out := vector.New(lt, n)
		child := vector.New(t, n*k)
		for i := 0; i < n; i++ {
			for j, v := range vs {
				child.CopyCell(i*k+j, v, i, n*k)
			}
			out.List[i] = vector.ListEntry{Off: uint32(i * k), Len: uint32(k)}
		}
		out.Child = child
		return out, nil
	}, cs...)
	e.nullSafe = true
	e.display = "list_value"
	return e, nil
}

// listIndex converts a 1-based (negative: from the end) index to a 0-based
// offset, or -1 when out of range.
func listIndex(i int64, n int) int {
	switch {
	case i > 0 && i <= int64(n):
		return int(i - 1)
	case i < 0 && -i <= int64(n):
		return n + int(i)
	}
	return -1
}

func bindListExtract(name string, args []Expr) (Expr, error) {
	if len(args) != 2 {
		return nil, noMatch(name, args)
	}
	if isStruct(args[0].Type()) {
		return bindStructExtract("struct_extract", args)
	}
	if isMap(args[0].Type()) {
		return bindMapExtractValue("map_extract_value", args)
	}
	if args[0].Type().IsString() || isStrLiteral(args[0]) {
		s, err := castTo(args[0], vector.Varchar)
		if err != nil {
			return nil, err
		}
		i, err := castTo(args[1], vector.BigInt)
		if err != nil {
			return nil, err
		}
		return nestedFunc(name, vector.Varchar, true, func(a []vector.Value) (vector.Value, error) {
			r := []rune(a[0].Str)
			k := listIndex(a[1].I64, len(r))
			if k < 0 {
				return vector.StringValue(""), nil
			}
			return vector.StringValue(string(r[k])), nil
		}, s, i), nil
	}
	l, ok := listArg(args[0])
	if !ok {
		return nil, noMatch(name, args)
	}
	i, err := castTo(args[1], vector.BigInt)
	if err != nil {
		return nil, err
	}
	et := l.Type().Elem()
	return newFunc(name, et, func(_ *ExecCtx, vs []*vector.Vector, n int) (*vector.Vector, error) {
		lv, iv := vs[0], vs[1]
		out := vector.New(et, n)
		for r := 0; r < n; r++ {
			if lv.IsNull(r) || iv.IsNull(r) {
				out.SetNull(r, n)
				continue
			}
			e := lv.List[idx(lv, r)]
			k := listIndex(iv.I64[idx(iv, r)], int(e.Len))
			if k < 0 {
				out.SetNull(r, n)
				continue
			}
			out.CopyCell(r, lv.Child, int(e.Off)+k, n)
		}
		return out, nil
	}, l, i), nil
}

// sliceBounds resolves DuckDB slice bounds (1-based, inclusive, negative
// from the end) over a sequence of n items to a half-open range.
func sliceBounds(lo, hi vector.Value, n int) (int, int) {
	b, e := int64(1), int64(n)
	if !lo.Null {
		b = lo.I64
		if b < 0 {
			b = int64(n) + b + 1
		}
		if b < 1 {
			b = 1
		}
	}
	if !hi.Null {
		e = hi.I64
		if e < 0 {
			e = int64(n) + e + 1
		}
		if e > int64(n) {
			e = int64(n)
		}
	}
	if b > e {
		return 0, 0
	}
	return int(b - 1), int(e)
}

func bindListSlice(name string, args []Expr) (Expr, error) {
	if len(args) < 3 || len(args) > 4 {
		return nil, noMatch(name, args)
	}
	base := args[0]
	str := base.Type().IsString() || isStrLiteral(base)
	if str {
		var err error
		if base, err = castTo(base, vector.Varchar); err != nil {
			return nil, err
		}
	} else {
		var ok bool
		if base, ok = listArg(base); !ok {
			return nil, noMatch(name, args)
		}
	}
	cs := []Expr{base}
	for _, a := range args[1:] {
		c, err := castTo(a, vector.BigInt)
		if err != nil {
			return nil, err
		}
		cs = append(cs, c)
	}
	f := func(a []vector.Value) (vector.Value, error) {
		if a[0].Null {
			return a[0], nil
		}
		step := int64(1)
		if len(a) == 4 {
			if a[3].Null {
				return vector.NullValue(a[0].Typ), nil
			}
			step = a[3].I64
			if step == 0 {
				return vector.Value{}, errorf("Invalid Input", "Slice step cannot be zero")
			}
		}
		if str {
			r := []rune(a[0].Str)
			lo, hi := sliceBounds(a[1], a[2], len(r))
			return vector.StringValue(string(r[lo:hi])), nil
		}
		lo, hi := sliceBounds(a[1], a[2], len(a[0].List))
		var out []vector.Value
		if step > 0 {
			for k := lo; k < hi; k += int(step) {
				out = append(out, a[0].List[k])
			}
		} else {
			for k := hi - 1; k >= lo; k += int(step) {
				out = append(out, a[0].List[k])
			}
		}
		v := a[0]
		v.List = out
		return v, nil
	}
	e := nestedFunc(name, base.Type(), false, f, cs...)
	e.nullSafe = true
	return e, nil
}

func bindListContains(name string, args []Expr) (Expr, error) {
	if len(args) != 2 {
		return nil, noMatch(name, args)
	}
	l, ok := listArg(args[0])
	if !ok {
		return nil, noMatch(name, args)
	}
	l, x, err := unifyListElem(l, args[1])
	if err != nil {
		return nil, err
	}
	return nestedFunc(name, vector.Boolean, true, func(a []vector.Value) (vector.Value, error) {
		for _, e := range a[0].List {
			if !e.Null && compareValues(e, a[1]) == 0 {
				return vector.BoolValue(true), nil
			}
		}
		return vector.BoolValue(false), nil
	}, l, x), nil
}

// unifyListElem casts a list and a value to a common element type.
func unifyListElem(l, x Expr) (Expr, Expr, error) {
	et, ok := CommonType(l.Type().Elem(), x.Type())
	if !ok {
		return nil, nil, noMatch("list_contains", []Expr{l, x})
	}
	l, err := castTo(l, vector.ListOf(et))
	if err != nil {
		return nil, nil, err
	}
	x, err = castTo(x, et)
	return l, x, err
}

func bindListPosition(name string, args []Expr) (Expr, error) {
	if len(args) != 2 {
		return nil, noMatch(name, args)
	}
	l, ok := listArg(args[0])
	if !ok {
		return nil, noMatch(name, args)
	}
	l, x, err := unifyListElem(l, args[1])
	if err != nil {
		return nil, err
	}
	e := nestedFunc(name, vector.Integer, false, func(a []vector.Value) (vector.Value, error) {
		if a[0].Null {
			return vector.NullValue(vector.Integer), nil
		}
		for k, e := range a[0].List {
			if e.Null && a[1].Null || !e.Null && !a[1].Null && compareValues(e, a[1]) == 0 {
				return vector.Value{Typ: vector.Integer, I64: int64(k + 1)}, nil
			}
		}
		return vector.NullValue(vector.Integer), nil
	}, l, x)
	return e, nil
}

func bindListConcat(name string, args []Expr) (Expr, error) {
	if len(args) < 1 {
		return nil, noMatch(name, args)
	}
	cs := make([]Expr, len(args))
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
	e := nestedFunc(name, t, false, func(a []vector.Value) (vector.Value, error) {
		out := vector.Value{Typ: t}
		all := true
		for _, x := range a {
			if !x.Null {
				all = false
				out.List = append(out.List, x.List...)
			}
		}
		if all {
			return vector.NullValue(t), nil
		}
		return out, nil
	}, cs...)
	if name == "||" {
		e.infix = true
	}
	return e, nil
}

func bindListSort(name string, args []Expr) (Expr, error) {
	if len(args) < 1 || len(args) > 3 {
		return nil, noMatch(name, args)
	}
	l, ok := listArg(args[0])
	if !ok {
		return nil, noMatch(name, args)
	}
	desc := strings.Contains(name, "reverse")
	nullsFirst := false
	opts := args[1:]
	if desc && len(opts) > 1 {
		return nil, noMatch(name, args)
	}
	for k, o := range opts {
		c, ok := o.(*Const)
		if !ok || c.Val.Null || !c.Val.Typ.IsString() {
			return nil, errorf("Binder", "Sorting order must be a constant")
		}
		s := strings.ToUpper(strings.TrimSpace(c.Val.Str))
		switch {
		case k == 0 && !desc && (s == "ASC" || s == "DESC"):
			desc = s == "DESC"
		case (k == 1 || desc && k == 0) && (s == "NULLS FIRST" || s == "NULLS LAST"):
			nullsFirst = s == "NULLS FIRST"
		default:
			return nil, errorf("Invalid Input", "Invalid sort order %q", c.Val.Str)
		}
	}
	return nestedFunc(name, l.Type(), true, func(a []vector.Value) (vector.Value, error) {
		v := a[0]
		xs := append([]vector.Value(nil), v.List...)
		sort.SliceStable(xs, func(i, j int) bool {
			x, y := xs[i], xs[j]
			if x.Null || y.Null {
				if x.Null && y.Null {
					return false
				}
				return x.Null == nullsFirst
			}
			c := compareValues(x, y)
			if desc {
				return c > 0
			}
			return c < 0
		})
		v.List = xs
		return v, nil
	}, l), nil
}

func bindListUnary(name string, args []Expr) (Expr, error) {
	if len(args) != 1 {
		if name == "array_length" && len(args) == 2 {
			args = args[:1]
		} else {
			return nil, noMatch(name, args)
		}
	}
	if name == "array_length" && isMap(args[0].Type()) {
		return nestedFunc(name, vector.BigInt, true, func(a []vector.Value) (vector.Value, error) {
			return vector.IntValue(int64(len(a[0].List))), nil
		}, args[0]), nil
	}
	l, ok := listArg(args[0])
	if !ok {
		return nil, noMatch(name, args)
	}
	lt := l.Type()
	et := lt.Elem()
	switch name {
	case "array_length":
		return nestedFunc(name, vector.BigInt, true, func(a []vector.Value) (vector.Value, error) {
			return vector.IntValue(int64(len(a[0].List))), nil
		}, l), nil
	case "list_reverse", "array_reverse":
		return nestedFunc(name, lt, true, func(a []vector.Value) (vector.Value, error) {
			v := a[0]
			xs := make([]vector.Value, len(v.List))
			for i, x := range v.List {
				xs[len(xs)-1-i] = x
			}
			v.List = xs
			return v, nil
		}, l), nil
	case "list_distinct", "array_distinct":
		return nestedFunc(name, lt, true, func(a []vector.Value) (vector.Value, error) {
			v := a[0]
			v.List = distinctValues(v.List)
			return v, nil
		}, l), nil
	case "list_unique", "array_unique":
		return nestedFunc(name, vector.UBigInt, true, func(a []vector.Value) (vector.Value, error) {
			return vector.Value{Typ: vector.UBigInt, I64: int64(len(distinctValues(a[0].List)))}, nil
		}, l), nil
	case "flatten":
		if et.ID == vector.TypeNull {
			return nestedFunc(name, lt, true, func(a []vector.Value) (vector.Value, error) {
				return vector.Value{Typ: lt, List: []vector.Value{}}, nil
			}, l), nil
		}
		if !isList(et) {
			return nil, noMatch(name, args)
		}
		return nestedFunc(name, et, true, func(a []vector.Value) (vector.Value, error) {
			out := vector.Value{Typ: et}
			for _, x := range a[0].List {
				if !x.Null {
					out.List = append(out.List, x.List...)
				}
			}
			return out, nil
		}, l), nil
	}
	agg := strings.TrimPrefix(name, "list_")
	return bindListAgg(name, agg, l)
}

func distinctValues(xs []vector.Value) []vector.Value {
	var out []vector.Value
	for _, x := range xs {
		if x.Null {
			continue
		}
		dup := false
		for _, y := range out {
			if compareValues(x, y) == 0 {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, x)
		}
	}
	return out
}

func bindListAggregate(name string, args []Expr) (Expr, error) {
	if len(args) < 2 {
		return nil, noMatch(name, args)
	}
	c, ok := args[1].(*Const)
	if !ok || c.Val.Null || !c.Val.Typ.IsString() {
		return nil, errorf("Binder", "Aggregate function name must be a constant")
	}
	l, ok := listArg(args[0])
	if !ok {
		return nil, noMatch(name, args)
	}
	agg := strings.ToLower(c.Val.Str)
	if agg == "string_agg" && len(args) == 3 {
		sep, err := castTo(args[2], vector.Varchar)
		if err != nil {
			return nil, err
		}
		lt := vector.ListOf(vector.Varchar)
		if l, err = castTo(l, lt); err != nil {
			return nil, err
		}
		return nestedFunc(name, vector.Varchar, true, func(a []vector.Value) (vector.Value, error) {
			var parts []string
			for _, x := range a[0].List {
				if !x.Null {
					parts = append(parts, x.Str)
				}
			}
			if len(parts) == 0 {
				return vector.NullValue(vector.Varchar), nil
			}
			return vector.StringValue(strings.Join(parts, a[1].Str)), nil
		}, l, sep), nil
	}
	if len(args) > 2 {
		return nil, noMatch(name, args)
	}
	return bindListAgg(name, agg, l)
}

// bindListAgg binds an aggregate over the elements of each list by running
// the regular aggregate implementation on the list's elements.
func bindListAgg(name, agg string, l Expr) (Expr, error) {
	et := l.Type().Elem()
	switch agg {
	case "first", "arbitrary", "last", "any_value":
		return nestedFunc(name, et, true, func(a []vector.Value) (vector.Value, error) {
			xs := a[0].List
			if len(xs) == 0 {
				return vector.NullValue(et), nil
			}
			if agg == "last" {
				return xs[len(xs)-1], nil
			}
			if agg == "any_value" {
				for _, x := range xs {
					if !x.Null {
						return x, nil
					}
				}
			}
			return xs[0], nil
		}, l), nil
	}
	rt, err := AggResultType(agg, []vector.Type{et}, false)
	if err != nil {
		return nil, err
	}
	k, err := listAggKernel(agg, et, rt)
	if err != nil {
		return nil, err
	}
	return newFunc(name, rt, k, l), nil
}

func bindStringSplit(name string, args []Expr) (Expr, error) {
	if len(args) != 2 {
		return nil, noMatch(name, args)
	}
	cs := make([]Expr, 2)
	for i, a := range args {
		c, err := castTo(a, vector.Varchar)
		if err != nil {
			return nil, err
		}
		cs[i] = c
	}
	lt := vector.ListOf(vector.Varchar)
	return nestedFunc(name, lt, false, func(a []vector.Value) (vector.Value, error) {
		if a[0].Null {
			return vector.NullValue(lt), nil
		}
		var parts []string
		switch {
		case a[1].Null:
			parts = []string{a[0].Str}
		case a[1].Str == "":
			for _, r := range a[0].Str {
				parts = append(parts, string(r))
			}
			if len(parts) == 0 {
				parts = []string{""}
			}
		default:
			parts = strings.Split(a[0].Str, a[1].Str)
		}
		out := vector.Value{Typ: lt, List: make([]vector.Value, len(parts))}
		for i, p := range parts {
			out.List[i] = vector.StringValue(p)
		}
		return out, nil
	}, cs...), nil
}

// bindNestedCompare compares nested values: lexicographically, with NULL
// elements greater than any value and equal to each other.
func bindNestedCompare(name string, op cmpOp, args []Expr) (Expr, error) {
	t, ok := CommonType(args[0].Type(), args[1].Type())
	if !ok {
		return nil, errorf("Binder", "Cannot compare values of type %s and type %s - an explicit cast is required", args[0].Type(), args[1].Type())
	}
	a, err := castTo(args[0], t)
	if err != nil {
		return nil, err
	}
	b, err := castTo(args[1], t)
	if err != nil {
		return nil, err
	}
	e := nestedFunc(cmpSyms[op], vector.Boolean, true, func(v []vector.Value) (vector.Value, error) {
		return vector.BoolValue(cmpResult(op, compareValues(v[0], v[1]))), nil
	}, a, b)
	e.infix = true
	return e, nil
}

func bindNestedDistinct(name string, args []Expr) (Expr, error) {
	t, ok := CommonType(args[0].Type(), args[1].Type())
	if !ok {
		return nil, errorf("Binder", "Cannot compare values of type %s and type %s - an explicit cast is required", args[0].Type(), args[1].Type())
	}
	a, err := castTo(args[0], t)
	if err != nil {
		return nil, err
	}
	b, err := castTo(args[1], t)
	if err != nil {
		return nil, err
	}
	not := name == "is not distinct from"
	e := nestedFunc(name, vector.Boolean, false, func(v []vector.Value) (vector.Value, error) {
		same := compareValues(v[0], v[1]) == 0
		return vector.BoolValue(same == not), nil
	}, a, b)
	e.infix = true
	return e, nil
}
