package engine

import (
	"github.com/lhsql/lhsql/vector"
)

// andOrKernel implements three-valued AND (or OR when isOr).
func andOrKernel(isOr bool) kernel {
	return func(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		a, b := args[0], args[1]
		out := vector.New(vector.Boolean, n)
		ob := out.Bool[:n]
		noNulls := (a.Const || a.Valid == nil) && (b.Const || b.Valid == nil) &&
			rowValid(a, 0) && rowValid(b, 0)
		if noNulls {
			switch {
			case !a.Const && !b.Const:
				av, bv := a.Bool[:n], b.Bool[:n]
				if isOr {
					for i := range ob {
						ob[i] = av[i] || bv[i]
					}
				} else {
					for i := range ob {
						ob[i] = av[i] && bv[i]
					}
				}
			default:
				for i := range ob {
					x, y := a.Bool[idx(a, i)], b.Bool[idx(b, i)]
					if isOr {
						ob[i] = x || y
					} else {
						ob[i] = x && y
					}
				}
			}
			return out, nil
		}
		for i := range ob {
			va, vb := rowValid(a, i), rowValid(b, i)
			x, y := a.Bool[idx(a, i)], b.Bool[idx(b, i)]
			if isOr {
				// true if either valid-true; NULL unless both valid or one true.
				if (va && x) || (vb && y) {
					ob[i] = true
				} else if !va || !vb {
					setNull(&out.Valid, i, n)
				}
			} else {
				if (va && !x) || (vb && !y) {
					ob[i] = false
				} else if !va || !vb {
					setNull(&out.Valid, i, n)
				} else {
					ob[i] = true
				}
			}
		}
		return out, nil
	}
}

func notKernel(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
	a := args[0]
	out := vector.New(vector.Boolean, n)
	out.Valid = shareValidity(n, a)
	src := a.Bool
	if a.Const {
		out.Bool[0] = !src[0]
		return out, nil
	}
	for i, x := range src[:n] {
		out.Bool[i] = !x
	}
	return out, nil
}

func isNullKernel(not bool) kernel {
	return func(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		a := args[0]
		if a.Const {
			return constOf(vector.Boolean, vector.BoolValue(a.Valid.IsValid(0) == not)), nil
		}
		out := vector.New(vector.Boolean, n)
		if a.Valid == nil {
			if not {
				for i := range out.Bool {
					out.Bool[i] = true
				}
			}
			return out, nil
		}
		for i := range out.Bool {
			out.Bool[i] = a.Valid.IsValid(i) == not
		}
		return out, nil
	}
}

// isBoolKernel implements IS [NOT] TRUE / FALSE.
func isBoolKernel(want, not bool) kernel {
	return func(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		a := args[0]
		out := vector.New(vector.Boolean, n)
		for i := range out.Bool {
			r := rowValid(a, i) && a.Bool[idx(a, i)] == want
			out.Bool[i] = r != not
		}
		return out, nil
	}
}

func toBool(name string, e Expr, args []Expr) (Expr, error) {
	t := e.Type()
	if t.ID == vector.TypeBoolean {
		return e, nil
	}
	if t.ID == vector.TypeNull || t.IsNumeric() || t.ID == vector.TypeVarchar {
		return NewCast(e, vector.Boolean, false)
	}
	return nil, noMatch(name, args)
}

func bindLogic(name string, args []Expr) (Expr, error) {
	switch name {
	case "not":
		if len(args) != 1 {
			return nil, noMatch(name, args)
		}
		a, err := toBool(name, args[0], args)
		if err != nil {
			return nil, err
		}
		e := newFunc("NOT", vector.Boolean, notKernel, a)
		return e, nil
	case "and", "or":
		if len(args) < 2 {
			return nil, noMatch(name, args)
		}
		bs := make([]Expr, len(args))
		for i, a := range args {
			b, err := toBool(name, a, args)
			if err != nil {
				return nil, err
			}
			bs[i] = b
		}
		isOr := name == "or"
		var acc Expr = bs[0]
		for _, b := range bs[1:] {
			e := newFunc(name, vector.Boolean, andOrKernel(isOr), acc, b)
			e.nullSafe = true
			e.infix = true
			if isOr {
				e.display = "OR"
			} else {
				e.display = "AND"
			}
			acc = e
		}
		return acc, nil
	case "is null", "is not null":
		if len(args) != 1 {
			return nil, noMatch(name, args)
		}
		e := newFunc(name, vector.Boolean, isNullKernel(name == "is not null"), args[0])
		e.nullSafe = true
		e.display = name
		return e, nil
	case "is true", "is not true", "is false", "is not false":
		if len(args) != 1 {
			return nil, noMatch(name, args)
		}
		a, err := toBool(name, args[0], args)
		if err != nil {
			return nil, err
		}
		want := name == "is true" || name == "is not true"
		not := name == "is not true" || name == "is not false"
		e := newFunc(name, vector.Boolean, isBoolKernel(want, not), a)
		e.nullSafe = true
		return e, nil
	}
	return nil, noMatch(name, args)
}
