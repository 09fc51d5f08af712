package engine

import (
	"fmt"
	"strings"

	"github.com/lhsql/lhsql/vector"
)

// kernel evaluates a scalar function over already evaluated arguments.
// Arguments are flat vectors of n rows or Const vectors (index 0 applies to
// every row). A kernel returns a flat vector of n rows or a Const vector.
// When every argument is Const, FuncExpr calls the kernel with n == 1 and
// marks the result Const.
type kernel func(ec *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error)

// FuncExpr is a bound call of a scalar function or operator.
type FuncExpr struct {
	Name string
	Args []Expr
	Typ  vector.Type

	fn       kernel
	infix    bool // render as "a op b"
	volatile bool // never constant-folded (random, ...)
	nullSafe bool // kernel handles NULL constants itself (coalesce, is null, and, or ...)
	display  string
}

// Type implements Expr.
func (e *FuncExpr) Type() vector.Type { return e.Typ }

// Eval implements Expr.
func (e *FuncExpr) Eval(ec *ExecCtx, c *vector.Chunk) (*vector.Vector, error) {
	var buf [4]*vector.Vector
	args := buf[:0]
	if len(e.Args) > len(buf) {
		args = make([]*vector.Vector, 0, len(e.Args))
	}
	allConst := true
	for _, a := range e.Args {
		v, err := a.Eval(ec, c)
		if err != nil {
			return nil, err
		}
		if !v.Const {
			allConst = false
		} else if !e.nullSafe && !v.Valid.IsValid(0) {
			// Strict function: a NULL constant argument gives NULL.
			return vector.NullConst(e.Typ), nil
		}
		args = append(args, v)
	}
	if e.volatile {
		allConst = false
	}
	n := c.Len
	if allConst {
		n = 1
	}
	out, err := e.fn(ec, args, n)
	if err != nil {
		return nil, err
	}
	if allConst && !out.Const {
		out.Const = true
	}
	return out, nil
}

func (e *FuncExpr) String() string {
	name := e.display
	if name == "" {
		name = e.Name
	}
	if e.infix && len(e.Args) == 2 {
		return "(" + e.Args[0].String() + " " + name + " " + e.Args[1].String() + ")"
	}
	parts := make([]string, len(e.Args))
	for i, a := range e.Args {
		parts[i] = a.String()
	}
	return name + "(" + strings.Join(parts, ", ") + ")"
}

// newFunc builds a strict FuncExpr.
func newFunc(name string, typ vector.Type, fn kernel, args ...Expr) *FuncExpr {
	return &FuncExpr{Name: name, Args: args, Typ: typ, fn: fn}
}

// ---- validity helpers ----

// validOf returns the validity bitmap that applies to n rows of v, or nil
// when all rows are valid. For a Const NULL it returns an all-NULL bitmap
// (ok = false signals "all null").
func constNull(v *vector.Vector) bool { return v.Const && !v.Valid.IsValid(0) }

// mergeValidity returns a new bitmap (or nil) marking rows valid in every
// input. It never aliases an input bitmap, so the caller may modify it.
func mergeValidity(n int, vs ...*vector.Vector) vector.Validity {
	var out vector.Validity
	words := (n + 63) / 64
	for _, v := range vs {
		if v.Const {
			if !v.Valid.IsValid(0) {
				return make(vector.Validity, words)
			}
			continue
		}
		if v.Valid == nil {
			continue
		}
		if out == nil {
			out = make(vector.Validity, words)
			copy(out, v.Valid[:words])
			continue
		}
		src := v.Valid[:words]
		for i := range out {
			out[i] &= src[i]
		}
	}
	return out
}

// shareValidity is like mergeValidity but may return an input's bitmap
// when only one input has NULLs; the result must not be modified.
func shareValidity(n int, vs ...*vector.Vector) vector.Validity {
	var only vector.Validity
	cnt := 0
	for _, v := range vs {
		if v.Const {
			if !v.Valid.IsValid(0) {
				return make(vector.Validity, (n+63)/64)
			}
			continue
		}
		if v.Valid != nil {
			only = v.Valid
			cnt++
		}
	}
	if cnt == 0 {
		return nil
	}
	if cnt == 1 {
		return only[:(n+63)/64]
	}
	return mergeValidity(n, vs...)
}

// setNull marks row i NULL in *valid, allocating it for n rows when nil.
func setNull(valid *vector.Validity, i, n int) {
	if *valid == nil {
		*valid = vector.NewValidity(n)
	}
	(*valid).SetInvalid(i)
}

// rowValid reports whether row i of v is valid (Const aware).
func rowValid(v *vector.Vector, i int) bool {
	if v.Const {
		return v.Valid.IsValid(0)
	}
	return v.Valid.IsValid(i)
}

// idx returns the index to read row i of v (0 for Const).
func idx(v *vector.Vector, i int) int {
	if v.Const {
		return 0
	}
	return i
}

// firstInvalid returns the first valid row i < n (per valid) for which
// bad(i) holds, or -1. Used to report errors only for non-NULL rows.
func firstBad(valid vector.Validity, n int, bad func(i int) bool) int {
	for i := 0; i < n; i++ {
		if valid.IsValid(i) && bad(i) {
			return i
		}
	}
	return -1
}

// ---- generic row-wise adapters for functions off the hot path ----

func i64Of(v *vector.Vector, i int) int64 {
	if v.Const {
		return v.I64[0]
	}
	return v.I64[i]
}

func f64Of(v *vector.Vector, i int) float64 {
	if v.Const {
		return v.F64[0]
	}
	return v.F64[i]
}

func strOf(v *vector.Vector, i int) string {
	if v.Const {
		return v.Str[0]
	}
	return v.Str[i]
}

// rowFn adapts a per-row function (for functions that are not hot
// paths). f returns the value, whether it is NULL, and an error. Rows where
// any argument is NULL produce NULL without calling f, unless callOnNull.
func rowFn(typ vector.Type, f func(args []*vector.Vector, i int, out *vector.Vector) (bool, error)) kernel {
	return func(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		out := vector.New(typ, n)
		out.Valid = mergeValidity(n, args...)
		for i := 0; i < n; i++ {
			if !out.Valid.IsValid(i) {
				continue
			}
			ok, err := f(args, i, out)
			if err != nil {
				return nil, err
			}
			if !ok {
				setNull(&out.Valid, i, n)
			}
		}
		return out, nil
	}
}

// unaryF64 maps a float64 function over a DOUBLE argument.
func unaryF64(f func(float64) float64) kernel {
	return func(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		a := args[0]
		out := vector.New(vector.Double, n)
		out.Valid = shareValidity(n, a)
		if a.Const {
			out.F64[0] = f(a.F64[0])
			out.Const = true
			out.F64 = out.F64[:1]
			return out, nil
		}
		src := a.F64[:n]
		dst := out.F64[:n]
		for i, x := range src {
			dst[i] = f(x)
		}
		return out, nil
	}
}

// unaryStr maps a string function over a VARCHAR argument.
func unaryStr(typ vector.Type, f func(string) string) kernel {
	return func(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		a := args[0]
		if a.Const {
			return constOf(typ, vector.Value{Typ: typ, Str: f(a.Str[0])}), nil
		}
		out := vector.New(typ, n)
		out.Valid = shareValidity(n, a)
		src := a.Str[:n]
		dst := out.Str[:n]
		for i, x := range src {
			if out.Valid.IsValid(i) {
				dst[i] = f(x)
			}
		}
		return out, nil
	}
}

// strToI64 maps a string -> int64 function.
func strToI64(typ vector.Type, f func(string) int64) kernel {
	return func(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		a := args[0]
		out := vector.New(typ, n)
		out.Valid = shareValidity(n, a)
		if a.Const {
			out.I64 = out.I64[:1]
			out.I64[0] = f(a.Str[0])
			out.Const = true
			return out, nil
		}
		src := a.Str[:n]
		dst := out.I64[:n]
		for i, x := range src {
			dst[i] = f(x)
		}
		return out, nil
	}
}

// constOf returns a Const vector of value x (x.Typ is forced to typ).
func constOf(typ vector.Type, x vector.Value) *vector.Vector {
	x.Typ = typ
	return vector.ConstVector(x)
}

// errorf builds an error with DuckDB's "<Kind> Error: " prefix.
func errorf(kind, format string, args ...any) error {
	return fmt.Errorf(kind+" Error: "+format, args...)
}
