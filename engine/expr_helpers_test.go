package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/lhsql/lhsql/vector"
)

// Value constructors for tests.
func vInt(x int64) vector.Value        { return vector.Value{Typ: vector.Integer, I64: x} }
func vBig(x int64) vector.Value        { return vector.IntValue(x) }
func vDbl(x float64) vector.Value      { return vector.DoubleValue(x) }
func vStr(s string) vector.Value       { return vector.StringValue(s) }
func vBool(b bool) vector.Value        { return vector.BoolValue(b) }
func vNull(t vector.Type) vector.Value { return vector.NullValue(t) }
func vTyped(t vector.Type, x int64) vector.Value {
	return vector.Value{Typ: t, I64: x}
}

// vCast parses s as type t (through the VARCHAR cast).
func vCast(tb testing.TB, s string, t vector.Type) vector.Value {
	tb.Helper()
	v, err := CastValue(vStr(s), t, false)
	if err != nil {
		tb.Fatalf("cast %q to %s: %v", s, t, err)
	}
	return v
}

func vDec(tb testing.TB, s string, w, sc int) vector.Value {
	return vCast(tb, s, vector.Decimal(w, sc))
}

// evalRows evaluates e over c and renders every row.
func evalRows(e Expr, c *vector.Chunk) ([]string, error) {
	v, err := e.Eval(&ExecCtx{Ctx: context.Background()}, c)
	if err != nil {
		return nil, err
	}
	out := make([]string, c.Len)
	for i := range out {
		if v.Const {
			out[i] = v.Get(0).String()
		} else {
			if v.Len() < c.Len && !v.Const {
				return nil, errString("short result vector")
			}
			out[i] = v.Get(i).String()
		}
	}
	return out, nil
}

type errString string

func (e errString) Error() string { return string(e) }

// constOnlyFuncs need constant arguments in some positions.
var constOnlyFuncs = map[string]bool{"date_part": true, "datepart": true, "extract": true}

// constHeadFuncs change their result type when the first argument is not
// constant; constTailFuncs when a later argument is not.
var (
	constHeadFuncs = map[string]bool{"date_trunc": true, "datetrunc": true}
	constTailFuncs = map[string]bool{"round": true, "regexp_extract": true}
)

// run binds name over args with each argument either constant or a flat
// column (3 equal rows), and checks every combination gives want. want
// "ERR:text" expects an error containing text (at bind or run time).
func checkFunc(t *testing.T, name string, args []vector.Value, want string) {
	t.Helper()
	masks := []int{0}
	if len(args) > 0 {
		masks = append(masks, (1<<len(args))-1, 1)
	}
	if len(args) >= 2 {
		masks = append(masks, 2)
	}
	for _, mask := range masks {
		if constHeadFuncs[name] && mask&1 != 0 || constTailFuncs[name] && mask > 1 {
			continue
		}
		const rows = 3
		c := &vector.Chunk{Len: rows}
		exprs := make([]Expr, len(args))
		for i, a := range args {
			if mask&(1<<i) != 0 {
				col := vector.New(a.Typ, rows)
				for r := 0; r < rows; r++ {
					col.Set(r, rows, a)
				}
				exprs[i] = &ColRef{Idx: len(c.Cols), Typ: a.Typ}
				c.Cols = append(c.Cols, col)
			} else {
				exprs[i] = &Const{Val: a}
			}
		}
		e, err := BindFunc(name, exprs)
		got := ""
		if err == nil {
			var res []string
			res, err = evalRows(e, c)
			if err == nil {
				for _, r := range res[1:] {
					if r != res[0] {
						t.Errorf("%s%v mask %b: rows differ: %v", name, args, mask, res)
					}
				}
				got = res[0]
				if e.Type() != typeOfResult(e) {
					t.Errorf("type mismatch")
				}
			}
		}
		if err != nil {
			if mask != 0 && constOnlyFuncs[name] && strings.Contains(err.Error(), "constant") {
				continue
			}
			got = "ERR:" + err.Error()
		}
		if strings.HasPrefix(want, "ERR:") {
			if !strings.HasPrefix(got, "ERR:") || !strings.Contains(got, want[4:]) {
				t.Errorf("%s(%s) mask %b = %q, want error containing %q", name, fmtArgs(args), mask, got, want[4:])
			}
			continue
		}
		if got != want {
			t.Errorf("%s(%s) mask %b = %q, want %q", name, fmtArgs(args), mask, got, want)
		}
	}
}

func typeOfResult(e Expr) vector.Type { return e.Type() }

func fmtArgs(args []vector.Value) string {
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = a.String() + "::" + a.Typ.String()
	}
	return strings.Join(parts, ", ")
}

type fcase struct {
	name string
	args []vector.Value
	want string
}

func runCases(t *testing.T, cases []fcase) {
	t.Helper()
	for _, c := range cases {
		checkFunc(t, c.name, c.args, c.want)
	}
}

// bindType binds name over constant args and returns the result type.
func bindType(t *testing.T, name string, args ...vector.Value) string {
	t.Helper()
	exprs := make([]Expr, len(args))
	for i, a := range args {
		exprs[i] = &ColRef{Idx: i, Typ: a.Typ}
	}
	e, err := BindFunc(name, exprs)
	if err != nil {
		return "ERR:" + err.Error()
	}
	return e.Type().String()
}

// bindTypeConst binds name over constant args and returns the result type.
func bindTypeConst(t *testing.T, name string, args ...vector.Value) string {
	t.Helper()
	exprs := make([]Expr, len(args))
	for i, a := range args {
		exprs[i] = &Const{Val: a}
	}
	e, err := BindFunc(name, exprs)
	if err != nil {
		return "ERR:" + err.Error()
	}
	return e.Type().String()
}

func vals(v ...vector.Value) []vector.Value { return v }
