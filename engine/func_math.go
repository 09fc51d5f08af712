package engine

import (
	"math"
	"math/rand/v2"

	"github.com/lhsql/lhsql/vector"
)

// roundHalfAway rounds to n decimal places, half away from zero.
func roundHalfAway(x float64, n int64) float64 {
	if n == 0 {
		return math.Round(x)
	}
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return x
	}
	if n > 0 {
		if n > 308 {
			return x
		}
		p := math.Pow10(int(n))
		r := math.Round(x*p) / p
		if math.IsInf(r, 0) || math.IsNaN(r) {
			return x
		}
		return r
	}
	if n < -308 {
		return 0
	}
	p := math.Pow10(int(-n))
	return math.Round(x/p) * p
}

// decRoundKernel rounds an unscaled decimal of scale s to target scale ts
// (result scale rs, which is ts or s when keeping the type); mode is
// 'r' round, 'f' floor, 'c' ceil, 't' trunc.
func decRound(x int64, s, ts int, mode byte) (int64, bool) {
	if ts >= s {
		return x, true
	}
	d, ok := pow10(s - ts)
	if !ok {
		return 0, true
	}
	q, r := x/d, x%d
	switch mode {
	case 'r':
		if 2*abs64(r) >= d {
			if x < 0 {
				q--
			} else {
				q++
			}
		}
	case 'f':
		if r < 0 {
			q--
		}
	case 'c':
		if r > 0 {
			q++
		}
	}
	return q, true
}

func abs64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// decRoundKernel applies decRound and rescales to the result scale rs.
func decRoundKernel(s, ts, rs int, mode byte, rt vector.Type) kernel {
	up, _ := pow10(rs - ts)
	if rs < ts {
		up = 1
	}
	return func(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		a := args[0]
		out := vector.New(rt, n)
		out.Valid = shareValidity(n, a)
		for i := range out.I64 {
			q, _ := decRound(i64Of(a, i), s, ts, mode)
			out.I64[i] = q * up
		}
		return out, nil
	}
}

// intRoundNeg rounds integers to -n decimal places (n < 0).
func intRoundKernel(t vector.Type) kernel {
	return func(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		a, p := args[0], args[1]
		out := vector.New(t, n)
		out.Valid = shareValidity(n, a, p)
		for i := range out.I64 {
			x, k := i64Of(a, i), i64Of(p, i)
			if k >= 0 {
				out.I64[i] = x
				continue
			}
			d, ok := pow10(int(-k))
			if !ok {
				out.I64[i] = 0
				continue
			}
			out.I64[i] = divRound(x, d) * d
		}
		return out, nil
	}
}

func bindRoundLike(name string, mode byte, args []Expr) (Expr, error) {
	if len(args) < 1 || len(args) > 2 || (len(args) == 2 && mode != 'r' && mode != 't') {
		return nil, noMatch(name, args)
	}
	x := args[0]
	t := x.Type()
	if t.ID == vector.TypeNull {
		t = vector.Double
	}
	if len(args) == 2 && !args[1].Type().IsInteger() && args[1].Type().ID != vector.TypeNull {
		return nil, noMatch(name, args)
	}
	switch {
	case t.IsInteger():
		if len(args) == 2 && mode == 'r' {
			p, err := castTo(args[1], vector.BigInt)
			if err != nil {
				return nil, err
			}
			return newFunc(name, t, intRoundKernel(t), x, p), nil
		}
		return x, nil
	case t.ID == vector.TypeDecimal:
		s := int(t.Scale)
		if len(args) == 1 {
			rt := vector.Decimal(int(t.Width), 0)
			return newFunc(name, rt, decRoundKernel(s, 0, 0, mode, rt), x), nil
		}
		pc, ok := args[1].(*Const)
		if !ok {
			// Non-constant precision: compute in DOUBLE.
			d, err := castTo(x, vector.Double)
			if err != nil {
				return nil, err
			}
			return bindRoundLike(name, mode, []Expr{d, args[1]})
		}
		if pc.Val.Null {
			return &Const{Val: vector.NullValue(t)}, nil
		}
		k := int(pc.Val.I64)
		if k >= s {
			return x, nil
		}
		if k < 0 {
			// Round to tens, hundreds, ...: result scale 0.
			rt := vector.Decimal(int(t.Width), 0)
			inner := decRoundKernel(s, k, 0, mode, rt)
			_ = inner
			fn := func(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
				a := args[0]
				out := vector.New(rt, n)
				out.Valid = shareValidity(n, a)
				d, ok := pow10(s - k)
				m, _ := pow10(-k)
				for i := range out.I64 {
					if !ok {
						out.I64[i] = 0
						continue
					}
					out.I64[i] = divRound(i64Of(a, i), d) * m
				}
				return out, nil
			}
			return newFunc(name, rt, fn, x, args[1]), nil
		}
		rt := vector.Decimal(int(t.Width), k)
		return newFunc(name, rt, decRoundKernel(s, k, k, mode, rt), x, args[1]), nil
	case t.ID == vector.TypeFloat || t.ID == vector.TypeDouble:
		d, err := castTo(x, vector.Double)
		if err != nil {
			return nil, err
		}
		if len(args) == 1 {
			var f func(float64) float64
			switch mode {
			case 'r':
				f = math.Round
			case 'f':
				f = math.Floor
			case 'c':
				f = math.Ceil
			default:
				f = math.Trunc
			}
			e := newFunc(name, vector.Double, unaryF64(f), d)
			return castBack(e, t)
		}
		p, err := castTo(args[1], vector.BigInt)
		if err != nil {
			return nil, err
		}
		fn := rowFn(vector.Double, func(v []*vector.Vector, i int, out *vector.Vector) (bool, error) {
			x, k := f64Of(v[0], i), i64Of(v[1], i)
			if mode == 't' {
				p := math.Pow10(int(k))
				out.F64[i] = math.Trunc(x*p) / p
			} else {
				out.F64[i] = roundHalfAway(x, k)
			}
			return true, nil
		})
		return castBack(newFunc(name, vector.Double, fn, d, p), t)
	}
	return nil, noMatch(name, args)
}

func castBack(e Expr, t vector.Type) (Expr, error) {
	if t.ID == vector.TypeFloat {
		return NewCast(e, t, false)
	}
	return e, nil
}

// absKernel handles integers, decimals and doubles.
func absKernel(t vector.Type) kernel {
	return func(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		a := args[0]
		out := vector.New(t, n)
		out.Valid = shareValidity(n, a)
		if t.Phys() == vector.PhysFloat64 {
			for i := range out.F64 {
				out.F64[i] = math.Abs(f64Of(a, i))
			}
			return out, nil
		}
		unsigned := isUnsigned(t)
		for i := range out.I64 {
			x := i64Of(a, i)
			if x < 0 && !unsigned {
				if x == math.MinInt64 && out.Valid.IsValid(i) {
					return nil, errorf("Out of Range", "Overflow on abs(%d)", x)
				}
				x = -x
			}
			out.I64[i] = x
		}
		if lo, hi := intRange(t); t.IsInteger() && !unsigned && t.ID != vector.TypeBigInt && t.ID != vector.TypeHugeInt {
			for i, x := range out.I64 {
				if x > hi && out.Valid.IsValid(i) {
					return nil, errorf("Out of Range", "Overflow on abs(%d)", -x)
				}
			}
			_ = lo
		}
		return out, nil
	}
}

func signKernel(t vector.Type) kernel {
	return func(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		a := args[0]
		out := vector.New(vector.TinyInt, n)
		out.Valid = shareValidity(n, a)
		for i := range out.I64 {
			var s int64
			if t.Phys() == vector.PhysFloat64 {
				x := f64Of(a, i)
				switch {
				case x > 0:
					s = 1
				case x < 0:
					s = -1
				}
			} else {
				x := i64Of(a, i)
				switch {
				case isUnsigned(t):
					if x != 0 {
						s = 1
					}
				case x > 0:
					s = 1
				case x < 0:
					s = -1
				}
			}
			out.I64[i] = s
		}
		return out, nil
	}
}

// binaryF64 maps a two-argument float function.
func binaryF64(f func(a, b float64) float64) kernel {
	return func(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		a, b := args[0], args[1]
		out := vector.New(vector.Double, n)
		out.Valid = shareValidity(n, a, b)
		for i := range out.F64 {
			out.F64[i] = f(f64Of(a, i), f64Of(b, i))
		}
		return out, nil
	}
}

func f64Pred(f func(float64) bool) kernel {
	return func(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		a := args[0]
		out := vector.New(vector.Boolean, n)
		out.Valid = shareValidity(n, a)
		for i := range out.Bool {
			out.Bool[i] = f(f64Of(a, i))
		}
		return out, nil
	}
}

func gcd(a, b int64) int64 {
	a, b = abs64(a), abs64(b)
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func randomKernel(_ *ExecCtx, _ []*vector.Vector, n int) (*vector.Vector, error) {
	out := vector.New(vector.Double, n)
	for i := range out.F64 {
		out.F64[i] = rand.Float64()
	}
	return out, nil
}

func logBase(b, x float64) float64 { return math.Log(x) / math.Log(b) }
