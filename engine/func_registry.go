package engine

import (
	"math"
	"sort"
	"strings"

	"github.com/lhsql/lhsql/vector"
)

// funcBinder binds one function name (or family) to argument expressions.
type funcBinder func(name string, args []Expr) (Expr, error)

// anyType in an overload matches every argument type without a cast.
var anyType = vector.Type{ID: vector.TypeInvalid}

// overload is one fixed signature of a scalar function.
type overload struct {
	args    []vector.Type
	varargs bool // the last argument type repeats
	ret     vector.Type
	fn      kernel
}

func sig(ret vector.Type, fn kernel, args ...vector.Type) overload {
	return overload{args: args, ret: ret, fn: fn}
}

// overloads resolves among fixed signatures by the least implicit-cast cost.
func overloads(ovs ...overload) funcBinder {
	return func(name string, args []Expr) (Expr, error) {
		best, bestCost := -1, math.MaxInt
		for k, o := range ovs {
			if !o.varargs && len(args) != len(o.args) || o.varargs && len(args) < len(o.args)-1 {
				continue
			}
			cost := 0
			for i, a := range args {
				want := o.args[min(i, len(o.args)-1)]
				if want == anyType {
					continue
				}
				c := implicitCastCost(a.Type(), want)
				if c < 0 && isStrLiteral(a) {
					c = 100 // string literals cast to any type
				}
				if c < 0 {
					cost = -1
					break
				}
				cost += c
			}
			if cost >= 0 && cost < bestCost {
				best, bestCost = k, cost
			}
		}
		if best < 0 {
			return nil, noMatch(name, args)
		}
		o := ovs[best]
		cs := make([]Expr, len(args))
		for i, a := range args {
			want := o.args[min(i, len(o.args)-1)]
			if want == anyType {
				cs[i] = a
				continue
			}
			var err error
			if cs[i], err = castTo(a, want); err != nil {
				return nil, err
			}
		}
		return newFunc(name, o.ret, o.fn, cs...), nil
	}
}

// isStrLiteral reports whether e is a non-NULL VARCHAR constant, which
// DuckDB implicitly casts to whatever type a function needs.
func isStrLiteral(e Expr) bool {
	c, ok := e.(*Const)
	return ok && c.Val.Typ.ID == vector.TypeVarchar && !c.Val.Null
}

var (
	tV = vector.Varchar
	tI = vector.BigInt
	tD = vector.Double
	tB = vector.Boolean
)

// registry maps lower-case names to binders. It is initialised in its
// declaration so that init functions of any file may register functions.
var registry = map[string]funcBinder{}

func register(b funcBinder, names ...string) {
	for _, n := range names {
		registry[n] = b
	}
}

func init() {
	registerOperators()
	registerStringFuncs()
	registerMathFuncs()
	registerDateFuncs()
	registerMiscFuncs()
	registerNestedFuncs()
}

// BindFunc resolves a scalar function or operator by lower-case name and
// bound argument expressions, inserting implicit casts per DuckDB's rules.
func BindFunc(name string, args []Expr) (Expr, error) {
	key := strings.ToLower(name)
	b, ok := registry[key]
	if !ok {
		msg := "Scalar Function with name " + name + " does not exist!"
		if s := closestFuncName(key); s != "" {
			msg += "\nDid you mean \"" + s + "\"?"
		}
		return nil, errorf("Catalog", "%s", msg)
	}
	return b(key, args)
}

// IsKnownFunction reports whether name is a scalar function or operator.
func IsKnownFunction(name string) bool {
	_, ok := registry[strings.ToLower(name)]
	return ok
}

// FunctionNames lists the scalar functions by name (for suggestions).
func FunctionNames() []string {
	out := make([]string, 0, len(registry))
	for k := range registry {
		if k != "" && k[0] >= 'a' && k[0] <= 'z' && !strings.Contains(k, " ") {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// closestFuncName returns the known function name nearest to s.
func closestFuncName(s string) string {
	best, bestD := "", math.MaxInt
	for _, n := range FunctionNames() {
		if d := funcEditDistance(s, n); d < bestD {
			best, bestD = n, d
		}
	}
	if bestD > max(3, len(s)/2) {
		return ""
	}
	return best
}

func funcEditDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func registerOperators() {
	arith := func(op arithOp) funcBinder {
		return func(name string, args []Expr) (Expr, error) { return bindArith(name, op, args) }
	}
	register(arith(opAdd), "+", "add")
	register(arith(opSub), "-", "subtract")
	register(arith(opMul), "*", "multiply")
	register(arith(opDiv), "/", "divide")
	register(arith(opIDiv), "//")
	register(arith(opMod), "%", "mod")
	register(bindNegate, "negate")
	cmp := func(op cmpOp) funcBinder {
		return func(name string, args []Expr) (Expr, error) { return bindCompare(name, op, args) }
	}
	register(cmp(cmpEq), "=", "==")
	register(cmp(cmpNe), "<>", "!=")
	register(cmp(cmpLt), "<")
	register(cmp(cmpLe), "<=")
	register(cmp(cmpGt), ">")
	register(cmp(cmpGe), ">=")
	register(func(name string, args []Expr) (Expr, error) { return bindDistinct(name, false, args) }, "is distinct from")
	register(func(name string, args []Expr) (Expr, error) { return bindDistinct(name, true, args) }, "is not distinct from")
	register(bindLogic, "and", "or", "not", "is null", "is not null", "is true", "is not true", "is false", "is not false")
	register(bindIn, "in", "not in")
	register(bindLike, "like", "not like", "ilike", "not ilike", "glob", "like_escape", "not_like_escape", "ilike_escape", "not_ilike_escape")
	register(bindConcatOp, "||")
	register(bindCoalesce, "coalesce")
	register(func(name string, args []Expr) (Expr, error) {
		if len(args) != 2 {
			return nil, noMatch(name, args)
		}
		return bindCoalesce(name, args)
	}, "ifnull", "nvl")
	register(bindNullIf, "nullif")
	register(bindIf, "if", "iff")
	register(bindGreatest, "greatest", "least")
	register(overloads(sig(tD, binaryF64(math.Pow), tD, tD)), "^", "**", "power", "pow")
}
