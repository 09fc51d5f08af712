package engine

import (
	"cmp"
	"math"
	"strings"

	"github.com/lhsql/lhsql/vector"
)

// This file holds helpers shared by the LIST, STRUCT and MAP functions:
// row-wise kernels over vector.Value, a total order on values and type
// unification for nested types.

// rowKernel builds a kernel computing each row from the argument values.
// When strict, a row with any NULL argument is NULL without calling f.
func rowKernel(ret vector.Type, strict bool, f func(args []vector.Value) (vector.Value, error)) kernel {
	return func(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		out := vector.New(ret, n)
		vals := make([]vector.Value, len(args))
		for i := 0; i < n; i++ {
			null := false
			for j, a := range args {
				vals[j] = a.Get(i)
				null = null || vals[j].Null
			}
			if strict && null {
				out.SetNull(i, n)
				continue
			}
			r, err := f(vals)
			if err != nil {
				return nil, err
			}
			if r.Null {
				out.SetNull(i, n)
				continue
			}
			out.Set(i, n, r)
		}
		return out, nil
	}
}

// nestedFunc returns a FuncExpr over a row-wise kernel.
func nestedFunc(name string, ret vector.Type, strict bool, f func(args []vector.Value) (vector.Value, error), args ...Expr) *FuncExpr {
	e := newFunc(name, ret, rowKernel(ret, strict, f), args...)
	e.nullSafe = !strict
	return e
}

// compareValues orders two values of the same type. NULLs sort after
// every other value (as inside nested values in DuckDB) and equal each
// other.
func compareValues(a, b vector.Value) int {
	switch {
	case a.Null && b.Null:
		return 0
	case a.Null:
		return 1
	case b.Null:
		return -1
	}
	t := a.Typ
	switch t.Phys() {
	case vector.PhysBool:
		switch {
		case a.Bool == b.Bool:
			return 0
		case !a.Bool:
			return -1
		}
		return 1
	case vector.PhysInt64:
		if t.ID == vector.TypeUBigInt {
			return cmp.Compare(uint64(a.I64), uint64(b.I64))
		}
		if t.ID == vector.TypeDecimal && b.Typ.ID == vector.TypeDecimal && a.Typ.Scale != b.Typ.Scale {
			return cmp.Compare(float64(a.I64)/math.Pow10(int(a.Typ.Scale)), float64(b.I64)/math.Pow10(int(b.Typ.Scale)))
		}
		return cmp.Compare(a.I64, b.I64)
	case vector.PhysFloat64:
		return floatCmp3(a.F64, b.F64)
	case vector.PhysString:
		return strings.Compare(a.Str, b.Str)
	case vector.PhysInterval:
		return intervalCmp3(a.Iv, b.Iv)
	case vector.PhysList:
		if t.ID == vector.TypeMap {
			return compareLists(a.List, b.List)
		}
		return compareLists(a.List, b.List)
	case vector.PhysStruct:
		for k := range a.Fields {
			if k >= len(b.Fields) {
				return 1
			}
			if c := compareValues(a.Fields[k], b.Fields[k]); c != 0 {
				return c
			}
		}
		if len(a.Fields) < len(b.Fields) {
			return -1
		}
		return 0
	}
	return 0
}

func compareLists(a, b []vector.Value) int {
	for k := 0; k < len(a) && k < len(b); k++ {
		if c := compareValues(a[k], b[k]); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a), len(b))
}

// retype sets the declared type of a value and, recursively, of its
// nested parts, so values read from differently typed vectors compare
// and render consistently.
func retype(v vector.Value, t vector.Type) vector.Value {
	v.Typ = t
	if v.Null {
		return v
	}
	switch t.ID {
	case vector.TypeList, vector.TypeMap:
		if t.Nested == nil {
			return v
		}
		et := t.Elem()
		out := make([]vector.Value, len(v.List))
		for i, e := range v.List {
			out[i] = retype(e, et)
		}
		v.List = out
	case vector.TypeStruct:
		fs := t.StructFields()
		out := make([]vector.Value, len(v.Fields))
		for i, e := range v.Fields {
			if i < len(fs) {
				out[i] = retype(e, fs[i].Typ)
			}
		}
		v.Fields = out
	}
	return v
}

// commonNested unifies two types of which at least one is nested.
func commonNested(a, b vector.Type) (vector.Type, bool) {
	if a.ID == vector.TypeVarchar && b.Nested != nil {
		return b, true
	}
	if b.ID == vector.TypeVarchar && a.Nested != nil {
		return a, true
	}
	if a.ID != b.ID || a.Nested == nil || b.Nested == nil {
		return vector.Type{}, false
	}
	switch a.ID {
	case vector.TypeList:
		e, ok := CommonType(a.Elem(), b.Elem())
		if !ok {
			return vector.Type{}, false
		}
		return vector.ListOf(e), true
	case vector.TypeMap:
		k, ok := CommonType(a.MapKey(), b.MapKey())
		if !ok {
			return vector.Type{}, false
		}
		v, ok := CommonType(a.MapValue(), b.MapValue())
		if !ok {
			return vector.Type{}, false
		}
		return vector.MapOf(k, v), true
	}
	fa, fb := a.StructFields(), b.StructFields()
	if len(fa) != len(fb) {
		return vector.Type{}, false
	}
	out := make([]vector.StructField, len(fa))
	for i := range fa {
		t, ok := CommonType(fa[i].Typ, fb[i].Typ)
		if !ok {
			return vector.Type{}, false
		}
		out[i] = vector.StructField{Name: fa[i].Name, Typ: t}
	}
	return vector.StructOf(out), true
}

// nestedCastCost is implicitCastCost for nested types.
func nestedCastCost(from, to vector.Type) int {
	if from.ID != to.ID || from.Nested == nil || to.Nested == nil {
		return -1
	}
	switch from.ID {
	case vector.TypeList:
		c := implicitCastCost(from.Elem(), to.Elem())
		if c < 0 {
			return -1
		}
		return c + 1
	case vector.TypeMap:
		c1 := implicitCastCost(from.MapKey(), to.MapKey())
		c2 := implicitCastCost(from.MapValue(), to.MapValue())
		if c1 < 0 || c2 < 0 {
			return -1
		}
		return c1 + c2 + 1
	}
	fa, fb := from.StructFields(), to.StructFields()
	if len(fa) != len(fb) {
		return -1
	}
	cost := 1
	for i := range fa {
		c := implicitCastCost(fa[i].Typ, fb[i].Typ)
		if c < 0 {
			return -1
		}
		cost += c
	}
	return cost
}

// unifyArgs casts every argument to the common type of all of them.
func unifyArgs(name string, args []Expr) ([]Expr, vector.Type, error) {
	t := vector.Null
	for _, a := range args {
		nt, ok := CommonType(t, a.Type())
		if !ok {
			return nil, vector.Type{}, errorf("Binder", "Cannot deduce template type for %s: %s and %s have no common type", name, t, a.Type())
		}
		t = nt
	}
	out := make([]Expr, len(args))
	for i, a := range args {
		c, err := castTo(a, t)
		if err != nil {
			return nil, vector.Type{}, err
		}
		out[i] = c
	}
	return out, t, nil
}

func isList(t vector.Type) bool   { return t.ID == vector.TypeList && t.Nested != nil }
func isStruct(t vector.Type) bool { return t.ID == vector.TypeStruct && t.Nested != nil }
func isMap(t vector.Type) bool    { return t.ID == vector.TypeMap && t.Nested != nil }

// listArg casts a NULL-typed argument to a list type so list functions
// accept untyped NULLs.
func listArg(e Expr) (Expr, bool) {
	if e.Type().ID == vector.TypeNull {
		c, err := castTo(e, vector.ListOf(vector.Null))
		return c, err == nil
	}
	return e, isList(e.Type())
}

// wrapBinder replaces the binder registered under each name with one that
// tries f first; f returns ok = false to defer to the previous binder.
func wrapBinder(f func(name string, args []Expr) (Expr, bool, error), names ...string) {
	for _, n := range names {
		prev := registry[n]
		register(func(name string, args []Expr) (Expr, error) {
			e, ok, err := f(name, args)
			if ok || prev == nil {
				if !ok {
					return nil, noMatch(name, args)
				}
				return e, err
			}
			return prev(name, args)
		}, n)
	}
}

func anyNested(args []Expr) bool {
	for _, a := range args {
		if a.Type().Nested != nil {
			return true
		}
	}
	return false
}
