package engine

import (
	"math"
	"strings"

	"github.com/lhsql/lhsql/vector"
)

func strK(f func(string) string) kernel { return unaryStr(vector.Varchar, f) }

func byteLen(s string) int64 { return int64(len(s)) }

func registerStringFuncs() {
	register(overloads(sig(tI, lengthKernel, tV)), "length", "len", "char_length", "character_length")
	register(overloads(
		sig(tI, strToI64(tI, byteLen), tV),
		sig(tI, strToI64(tI, byteLen), vector.Blob),
	), "strlen", "octet_length")
	register(overloads(sig(tI, strToI64(tI, func(s string) int64 { return int64(len(s)) * 8 }), tV)), "bit_length")
	register(overloads(sig(tV, strK(strings.ToLower), tV)), "lower", "lcase")
	register(overloads(sig(tV, strK(strings.ToUpper), tV)), "upper", "ucase")
	register(overloads(
		sig(tV, rowStr(tV, func(v []*vector.Vector, i int) (string, error) {
			return substringChars(strOf(v[0], i), i64Of(v[1], i), i64Of(v[2], i)), nil
		}), tV, tI, tI),
		sig(tV, rowStr(tV, func(v []*vector.Vector, i int) (string, error) {
			return substringChars(strOf(v[0], i), i64Of(v[1], i), math.MaxInt32), nil
		}), tV, tI),
	), "substring", "substr")
	register(overloads(sig(tV, rowStr(tV, func(v []*vector.Vector, i int) (string, error) {
		return leftChars(strOf(v[0], i), i64Of(v[1], i)), nil
	}), tV, tI)), "left")
	register(overloads(sig(tV, rowStr(tV, func(v []*vector.Vector, i int) (string, error) {
		return rightChars(strOf(v[0], i), i64Of(v[1], i)), nil
	}), tV, tI)), "right")
	trim := func(l, r bool) funcBinder {
		return overloads(
			sig(tV, strK(func(s string) string { return trimFunc(s, " ", l, r) }), tV),
			sig(tV, rowStr(tV, func(v []*vector.Vector, i int) (string, error) {
				return trimFunc(strOf(v[0], i), strOf(v[1], i), l, r), nil
			}), tV, tV),
		)
	}
	register(trim(true, true), "trim")
	register(trim(true, false), "ltrim")
	register(trim(false, true), "rtrim")
	register(overloads(sig(tB, strPredKernel(strings.HasPrefix), tV, tV)), "starts_with", "prefix", "^@")
	register(overloads(sig(tB, strPredKernel(strings.HasSuffix), tV, tV)), "ends_with", "suffix")
	register(overloads(sig(tB, strPredKernel(strings.Contains), tV, tV)), "contains")
	register(overloads(sig(tV, rowStr(tV, func(v []*vector.Vector, i int) (string, error) {
		from := strOf(v[1], i)
		if from == "" {
			return strOf(v[0], i), nil
		}
		return strings.ReplaceAll(strOf(v[0], i), from, strOf(v[2], i)), nil
	}), tV, tV, tV)), "replace")
	register(overloads(sig(tI, rowI64(func(v []*vector.Vector, i int) int64 {
		return instrChars(strOf(v[0], i), strOf(v[1], i))
	}), tV, tV)), "position", "strpos", "instr")
	register(overloads(sig(tV, rowStr(tV, func(v []*vector.Vector, i int) (string, error) {
		k := i64Of(v[1], i)
		s := strOf(v[0], i)
		if k <= 0 || s == "" {
			return "", nil
		}
		if int64(len(s))*k > 1<<30 || k > 1<<30 {
			return "", errorf("Out of Range", "repeat: result is too large")
		}
		return strings.Repeat(s, int(k)), nil
	}), tV, tI)), "repeat")
	register(overloads(sig(tV, strK(reverseChars), tV)), "reverse")
	pad := func(left bool) funcBinder {
		return overloads(sig(tV, rowStr(tV, func(v []*vector.Vector, i int) (string, error) {
			return padFunc(strOf(v[0], i), i64Of(v[1], i), strOf(v[2], i), left)
		}), tV, tI, tV))
	}
	register(pad(true), "lpad")
	register(pad(false), "rpad")
	register(overloads(sig(tV, rowStr(tV, func(v []*vector.Vector, i int) (string, error) {
		return splitPart(strOf(v[0], i), strOf(v[1], i), i64Of(v[2], i)), nil
	}), tV, tV, tI)), "split_part")
	register(overloads(sig(vector.Integer, strToI64(vector.Integer, asciiOf), tV)), "ascii")
	register(overloads(sig(tV, rowStr(tV, func(v []*vector.Vector, i int) (string, error) {
		return chrOf(i64Of(v[0], i))
	}), vector.Integer)), "chr")
	register(overloads(sig(tV, strK(md5Hex), tV), sig(tV, strK(md5Hex), vector.Blob)), "md5")
	register(overloads(sig(tV, strK(sha256Hex), tV), sig(tV, strK(sha256Hex), vector.Blob)), "sha256")
	register(bindConcat, "concat")
	register(bindConcatWS, "concat_ws")
	register(bindRegexp, "regexp_matches", "regexp_full_match", "regexp_replace", "regexp_extract")
	register(bindRegexOp, "!~", "~*", "!~*", "similar to", "not similar to")
}

func mathF(f func(float64) float64) funcBinder {
	return overloads(sig(tD, unaryF64(f), tD))
}

func bindAbsSign(name string, args []Expr) (Expr, error) {
	if len(args) != 1 {
		return nil, noMatch(name, args)
	}
	t := args[0].Type()
	x := args[0]
	switch {
	case t.ID == vector.TypeNull:
		return &Const{Val: vector.NullValue(tD)}, nil
	case !t.IsNumeric():
		return nil, noMatch(name, args)
	case t.ID == vector.TypeFloat:
		t = tD
	case t.ID == vector.TypeHugeInt:
		t = vector.BigInt
	}
	x, err := castTo(x, t)
	if err != nil {
		return nil, err
	}
	if name == "sign" {
		return newFunc(name, vector.TinyInt, signKernel(t), x), nil
	}
	return newFunc(name, t, absKernel(t), x), nil
}

func registerMathFuncs() {
	register(bindAbsSign, "abs", "@", "sign")
	roundB := func(mode byte) funcBinder {
		return func(name string, args []Expr) (Expr, error) { return bindRoundLike(name, mode, args) }
	}
	register(roundB('r'), "round")
	register(roundB('f'), "floor")
	register(roundB('c'), "ceil", "ceiling")
	register(roundB('t'), "trunc")
	register(mathF(math.Sqrt), "sqrt")
	register(mathF(math.Cbrt), "cbrt")
	register(mathF(math.Exp), "exp")
	register(mathF(math.Log), "ln")
	register(mathF(math.Log10), "log10")
	register(mathF(math.Log2), "log2")
	register(overloads(sig(tD, unaryF64(math.Log10), tD), sig(tD, binaryF64(logBase), tD, tD)), "log")
	register(mathF(math.Sin), "sin")
	register(mathF(math.Cos), "cos")
	register(mathF(math.Tan), "tan")
	register(mathF(math.Asin), "asin")
	register(mathF(math.Acos), "acos")
	register(mathF(math.Atan), "atan")
	register(mathF(func(x float64) float64 { return 1 / math.Tan(x) }), "cot")
	register(mathF(func(x float64) float64 { return x * 180 / math.Pi }), "degrees")
	register(mathF(func(x float64) float64 { return x * math.Pi / 180 }), "radians")
	register(overloads(sig(tD, binaryF64(math.Atan2), tD, tD)), "atan2")
	register(func(name string, args []Expr) (Expr, error) {
		if len(args) != 0 {
			return nil, noMatch(name, args)
		}
		return &Const{Val: vector.DoubleValue(math.Pi)}, nil
	}, "pi")
	register(overloads(sig(tB, f64Pred(math.IsNaN), tD)), "isnan")
	register(overloads(sig(tB, f64Pred(func(x float64) bool { return math.IsInf(x, 0) }), tD)), "isinf")
	register(overloads(sig(tB, f64Pred(func(x float64) bool { return !math.IsInf(x, 0) && !math.IsNaN(x) }), tD)), "isfinite")
	register(overloads(
		sig(tI, rowI64(func(v []*vector.Vector, i int) int64 { return gcd(i64Of(v[0], i), i64Of(v[1], i)) }), tI, tI),
	), "gcd", "greatest_common_divisor")
	register(overloads(
		sig(tI, rowFn(tI, func(v []*vector.Vector, i int, out *vector.Vector) (bool, error) {
			a, b := i64Of(v[0], i), i64Of(v[1], i)
			if a == 0 || b == 0 {
				out.I64[i] = 0
				return true, nil
			}
			r, ok := mulI64(a/gcd(a, b), b)
			if !ok {
				return false, errorf("Out of Range", "lcm value is out of range")
			}
			out.I64[i] = abs64(r)
			return true, nil
		}), tI, tI),
	), "lcm", "least_common_multiple")
	register(func(name string, args []Expr) (Expr, error) {
		if len(args) != 0 {
			return nil, noMatch(name, args)
		}
		e := newFunc(name, tD, randomKernel)
		e.volatile = true
		return e, nil
	}, "random")
}

// bitKernel applies a bitwise operator to integers of type t.
func bitKernel(op string, t vector.Type) kernel {
	lo, hi := intRange(t)
	bitsOf := intBits(t)
	return rowFn(t, func(v []*vector.Vector, i int, out *vector.Vector) (bool, error) {
		x := i64Of(v[0], i)
		var r int64
		switch op {
		case "~":
			r = ^x
			if isUnsigned(t) && bitsOf < 64 {
				r &= hi
			}
		case "&":
			r = x & i64Of(v[1], i)
		case "|":
			r = x | i64Of(v[1], i)
		case "xor":
			r = x ^ i64Of(v[1], i)
		case "<<", ">>":
			k := i64Of(v[1], i)
			if k < 0 || k >= int64(bitsOf) {
				if x == 0 && k >= 0 {
					out.I64[i] = 0
					return true, nil
				}
				if op == ">>" {
					if x < 0 && !isUnsigned(t) {
						r = -1
					}
					out.I64[i] = r
					return true, nil
				}
				return false, errorf("Out of Range", "Left-shift value %d is out of range", k)
			}
			if op == ">>" {
				if isUnsigned(t) {
					r = int64(uint64(x) >> uint(k))
				} else {
					r = x >> uint(k)
				}
			} else {
				r = x << uint(k)
				if bitsOf < 64 {
					if r < lo || r > hi || (x >= 0) != (r >= 0) && !isUnsigned(t) {
						return false, errorf("Out of Range", "Overflow in left shift (%d << %d)", x, k)
					}
				} else if r>>uint(k) != x {
					return false, errorf("Out of Range", "Overflow in left shift (%d << %d)", x, k)
				}
			}
		}
		out.I64[i] = r
		return true, nil
	})
}

func bindBitwise(name string, args []Expr) (Expr, error) {
	want := 2
	if name == "~" {
		want = 1
	}
	if len(args) != want {
		return nil, noMatch(name, args)
	}
	t := vector.Null
	for k, a := range args {
		at := a.Type()
		if at.ID != vector.TypeNull && !at.IsInteger() {
			return nil, noMatch(name, args)
		}
		if k == 0 || name != "<<" && name != ">>" {
			t, _ = CommonType(t, at)
		}
	}
	if t.ID == vector.TypeNull {
		t = vector.Integer
	}
	cs := make([]Expr, len(args))
	for k, a := range args {
		want := t
		if k == 1 && (name == "<<" || name == ">>") {
			want = vector.BigInt
		}
		var err error
		if cs[k], err = castTo(a, want); err != nil {
			return nil, err
		}
	}
	e := newFunc(name, t, bitKernel(name, t), cs...)
	e.infix = want == 2
	return e, nil
}

// levenshteinDist is the edit distance between a and b in characters.
func levenshteinDist(a, b string) int64 {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int64, len(rb)+1)
	cur := make([]int64, len(rb)+1)
	for j := range prev {
		prev[j] = int64(j)
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = int64(i)
		for j := 1; j <= len(rb); j++ {
			c := int64(1)
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

func registerMiscFuncs() {
	register(overloads(sig(tI, rowI64(func(v []*vector.Vector, i int) int64 {
		return levenshteinDist(strOf(v[0], i), strOf(v[1], i))
	}), tV, tV)), "levenshtein", "editdist3")
	register(overloads(sig(tD, binaryF64(math.Nextafter), tD, tD)), "nextafter")
	register(overloads(
		sig(tD, rowFn(tD, func(v []*vector.Vector, i int, out *vector.Vector) (bool, error) {
			x, k := f64Of(v[0], i), i64Of(v[1], i)
			if k < -308 || k > 308 {
				if k > 308 {
					out.F64[i] = x
				}
				return true, nil
			}
			p := math.Pow10(int(k))
			r := math.RoundToEven(x*p) / p
			if math.IsInf(r, 0) || math.IsNaN(r) {
				r = x
			}
			out.F64[i] = r
			return true, nil
		}), tD, tI),
	), "roundbankers", "round_even")
	register(bindIf, "ifelse")
	register(bindBitwise, "&", "|", "<<", ">>", "xor")
	register(func(name string, args []Expr) (Expr, error) {
		if len(args) == 1 {
			return bindBitwise(name, args)
		}
		return bindRegexOp(name, args)
	}, "~")
	register(func(name string, args []Expr) (Expr, error) {
		if len(args) != 1 {
			return nil, noMatch(name, args)
		}
		return &Const{Val: vector.StringValue(args[0].Type().String())}, nil
	}, "typeof")
	register(func(name string, args []Expr) (Expr, error) {
		if len(args) == 0 {
			return nil, noMatch(name, args)
		}
		e := newFunc(name, vector.UBigInt, hashKernel, args...)
		e.nullSafe = true
		return e, nil
	}, "hash")
}
