package engine

import (
	"math"

	"github.com/lhsql/lhsql/vector"
)

// Math functions: gamma, lgamma, even, fdiv and fmod.

func init() {
	register(overloads(sig(tD, rowFn(tD, func(v []*vector.Vector, i int, out *vector.Vector) (bool, error) {
		x := f64Of(v[0], i)
		if x == 0 {
			return false, errorf("Out of Range", "cannot take gamma of zero")
		}
		out.F64[i] = math.Gamma(x)
		if x < 0 && x == math.Trunc(x) {
			out.F64[i] = math.NaN()
		}
		return true, nil
	}), tD)), "gamma")
	register(overloads(sig(tD, rowFn(tD, func(v []*vector.Vector, i int, out *vector.Vector) (bool, error) {
		x := f64Of(v[0], i)
		if x == 0 {
			return false, errorf("Out of Range", "cannot take log gamma of zero")
		}
		out.F64[i], _ = math.Lgamma(x)
		return true, nil
	}), tD)), "lgamma")
	register(overloads(sig(tD, unaryF64(func(x float64) float64 {
		r := math.Ceil(math.Abs(x))
		if math.Mod(r, 2) != 0 {
			r++
		}
		if x < 0 {
			return -r
		}
		return r
	}), tD)), "even")
	floored := func(mod bool) kernel {
		return rowFn(tD, func(v []*vector.Vector, i int, out *vector.Vector) (bool, error) {
			x, y := f64Of(v[0], i), f64Of(v[1], i)
			if y == 0 {
				return false, nil
			}
			q := math.Floor(x / y)
			if mod {
				out.F64[i] = x - y*q
			} else {
				out.F64[i] = q
			}
			return true, nil
		})
	}
	register(overloads(sig(tD, floored(false), tD, tD)), "fdiv")
	register(overloads(sig(tD, floored(true), tD, tD)), "fmod")
}
