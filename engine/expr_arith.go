package engine

import (
	"math"
	"math/bits"
	"strconv"

	"github.com/lhsql/lhsql/vector"
)

// arithOp is a binary arithmetic operator.
type arithOp uint8

const (
	opAdd arithOp = iota
	opSub
	opMul
	opDiv  // '/'
	opIDiv // '//'
	opMod  // '%'
)

var arithNames = [...]string{"addition", "subtraction", "multiplication", "division", "division", "modulo"}
var arithSyms = [...]string{"+", "-", "*", "/", "//", "%"}

// intClass selects the overflow-checking strategy of an integer type.
type intClass uint8

const (
	clsSmall intClass = iota // fits in int64 arithmetic with a range check
	clsI64                   // BIGINT / HUGEINT (stored as int64)
	clsU64                   // UBIGINT (bit pattern in int64)
)

func classOf(t vector.Type) intClass {
	switch t.ID {
	case vector.TypeBigInt, vector.TypeHugeInt:
		return clsI64
	case vector.TypeUBigInt, vector.TypeUInteger:
		// UINTEGER products can exceed int64, so use unsigned checks.
		return clsU64
	}
	return clsSmall
}

// intScalar applies op to one pair with full checks. null is set for a
// zero divisor.
func intScalar(op arithOp, t vector.Type, x, y int64) (r int64, ok, null bool) {
	lo, hi := intRange(t)
	if classOf(t) == clsU64 {
		ux, uy := uint64(x), uint64(y)
		uhi := uint64(hi)
		if t.ID == vector.TypeUBigInt {
			uhi = math.MaxUint64
		}
		var ur uint64
		switch op {
		case opAdd:
			var c uint64
			ur, c = bits.Add64(ux, uy, 0)
			ok = c == 0
		case opSub:
			ur = ux - uy
			ok = ux >= uy
		case opMul:
			var h uint64
			h, ur = bits.Mul64(ux, uy)
			ok = h == 0
		case opIDiv, opMod:
			if uy == 0 {
				return 0, true, true
			}
			if op == opIDiv {
				ur = ux / uy
			} else {
				ur = ux % uy
			}
			ok = true
		}
		return int64(ur), ok && ur <= uhi, false
	}
	switch op {
	case opAdd:
		r, ok = addI64(x, y)
	case opSub:
		r, ok = subI64(x, y)
	case opMul:
		r, ok = mulI64(x, y)
	case opIDiv, opMod:
		if y == 0 {
			return 0, true, true
		}
		if y == -1 {
			if op == opMod {
				return 0, true, false
			}
			r, ok = subI64(0, x)
		} else {
			ok = true
			if op == opIDiv {
				r = x / y
			} else {
				r = x % y
			}
		}
	}
	return r, ok && r >= lo && r <= hi, false
}

func fmtIntOf(t vector.Type, x int64) string {
	if t.ID == vector.TypeUBigInt {
		return strconv.FormatUint(uint64(x), 10)
	}
	return strconv.FormatInt(x, 10)
}

func overflowErr(op arithOp, t vector.Type, x, y string) error {
	name := physName(t)
	return errorf("Out of Range", "Overflow in %s of %s (%s %s %s)!", arithNames[op], name, x, arithSyms[op], y)
}

// findOverflow reports the first valid row whose operation overflows.
func findOverflow(op arithOp, t vector.Type, a, b *vector.Vector, valid vector.Validity, n int) error {
	for i := 0; i < n; i++ {
		if !valid.IsValid(i) {
			continue
		}
		x, y := i64Of(a, i), i64Of(b, i)
		if _, ok, _ := intScalar(op, t, x, y); !ok {
			return overflowErr(op, t, fmtIntOf(t, x), fmtIntOf(t, y))
		}
	}
	return nil
}

// intArith returns the kernel for +, -, * on integer type t.
func intArith(op arithOp, t vector.Type) kernel {
	cls := classOf(t)
	lo, hi := intRange(t)
	return func(ec *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		a, b := args[0], args[1]
		out := ec.newVec(t, n)
		out.Valid = shareValidity(n, a, b)
		dst := out.I64[:n]
		bad := false
		switch cls {
		case clsSmall:
			bad = smallArith(op, a, b, dst, lo, hi)
		case clsI64:
			bad = i64Arith(op, a, b, dst)
		default:
			for i := range dst {
				r, ok, _ := intScalar(op, t, i64Of(a, i), i64Of(b, i))
				dst[i] = r
				if !ok {
					bad = true
				}
			}
		}
		if bad {
			if err := findOverflow(op, t, a, b, out.Valid, n); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
}

// smallArith computes op over int64 lanes and reports whether any result
// left [lo, hi] (branch-free: (r-lo)|(hi-r) is negative exactly then).
// Operands of types up to 32 bits cannot overflow int64.
func smallArith(op arithOp, a, b *vector.Vector, dst []int64, lo, hi int64) bool {
	n := len(dst)
	var ovf int64
	switch {
	case !a.Const && !b.Const:
		av, bv := a.I64[:n], b.I64[:n]
		switch op {
		case opAdd:
			for i := range dst {
				r := av[i] + bv[i]
				dst[i] = r
				ovf |= (r - lo) | (hi - r)
			}
		case opSub:
			for i := range dst {
				r := av[i] - bv[i]
				dst[i] = r
				ovf |= (r - lo) | (hi - r)
			}
		case opMul:
			for i := range dst {
				r := av[i] * bv[i]
				dst[i] = r
				ovf |= (r - lo) | (hi - r)
			}
		}
	case !a.Const:
		av, y := a.I64[:n], b.I64[0]
		switch op {
		case opAdd:
			for i, x := range av {
				r := x + y
				dst[i] = r
				ovf |= (r - lo) | (hi - r)
			}
		case opSub:
			for i, x := range av {
				r := x - y
				dst[i] = r
				ovf |= (r - lo) | (hi - r)
			}
		case opMul:
			for i, x := range av {
				r := x * y
				dst[i] = r
				ovf |= (r - lo) | (hi - r)
			}
		}
	default:
		x := a.I64[0]
		var bv []int64
		if b.Const {
			bv = b.I64[:1]
			dst = dst[:1]
		} else {
			bv = b.I64[:n]
		}
		switch op {
		case opAdd:
			for i, y := range bv {
				r := x + y
				dst[i] = r
				ovf |= (r - lo) | (hi - r)
			}
		case opSub:
			for i, y := range bv {
				r := x - y
				dst[i] = r
				ovf |= (r - lo) | (hi - r)
			}
		case opMul:
			for i, y := range bv {
				r := x * y
				dst[i] = r
				ovf |= (r - lo) | (hi - r)
			}
		}
	}
	return ovf < 0
}

// mulHiSigned returns the high word of the signed 128-bit product
// combined with the sign of the low word: zero when x*y fits in int64.
func mulOvf(x, y int64) (int64, int64) {
	h, l := bits.Mul64(uint64(x), uint64(y))
	hs := int64(h) - (x>>63)&y - (y>>63)&x
	return int64(l), hs ^ (int64(l) >> 63)
}

// i64Arith computes op with 64-bit overflow detection.
func i64Arith(op arithOp, a, b *vector.Vector, dst []int64) bool {
	n := len(dst)
	var ovf int64
	switch {
	case !a.Const && !b.Const:
		av, bv := a.I64[:n], b.I64[:n]
		switch op {
		case opAdd:
			for i := range dst {
				x, y := av[i], bv[i]
				r := x + y
				dst[i] = r
				ovf |= (x ^ r) & (y ^ r)
			}
		case opSub:
			for i := range dst {
				x, y := av[i], bv[i]
				r := x - y
				dst[i] = r
				ovf |= (x ^ y) & (x ^ r)
			}
		case opMul:
			var m int64
			for i := range dst {
				r, o := mulOvf(av[i], bv[i])
				dst[i] = r
				m |= o
			}
			return m != 0
		}
	case !a.Const:
		av, y := a.I64[:n], b.I64[0]
		switch op {
		case opAdd:
			for i, x := range av {
				r := x + y
				dst[i] = r
				ovf |= (x ^ r) & (y ^ r)
			}
		case opSub:
			for i, x := range av {
				r := x - y
				dst[i] = r
				ovf |= (x ^ y) & (x ^ r)
			}
		case opMul:
			var m int64
			for i, x := range av {
				r, o := mulOvf(x, y)
				dst[i] = r
				m |= o
			}
			return m != 0
		}
	default:
		x := a.I64[0]
		var bv []int64
		if b.Const {
			bv = b.I64[:1]
			dst = dst[:1]
		} else {
			bv = b.I64[:n]
		}
		switch op {
		case opAdd:
			for i, y := range bv {
				r := x + y
				dst[i] = r
				ovf |= (x ^ r) & (y ^ r)
			}
		case opSub:
			for i, y := range bv {
				r := x - y
				dst[i] = r
				ovf |= (x ^ y) & (x ^ r)
			}
		case opMul:
			var m int64
			for i, y := range bv {
				r, o := mulOvf(x, y)
				dst[i] = r
				m |= o
			}
			return m != 0
		}
	}
	return ovf < 0
}

// intDivMod returns the kernel for // and % on integers: a zero divisor
// gives NULL.
func intDivMod(op arithOp, t vector.Type) kernel {
	return func(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		a, b := args[0], args[1]
		out := vector.New(t, n)
		out.Valid = mergeValidity(n, a, b)
		dst := out.I64[:n]
		if b.Const && classOf(t) != clsU64 {
			y := b.I64[0]
			if y == 0 {
				return vector.NullConst(t), nil
			}
			if y != -1 && !a.Const {
				av := a.I64[:n]
				if op == opIDiv {
					for i, x := range av {
						dst[i] = x / y
					}
				} else {
					for i, x := range av {
						dst[i] = x % y
					}
				}
				return out, nil
			}
		}
		for i := range dst {
			if !out.Valid.IsValid(i) {
				continue
			}
			x, y := i64Of(a, i), i64Of(b, i)
			r, ok, null := intScalar(op, t, x, y)
			if null {
				setNull(&out.Valid, i, n)
				continue
			}
			if !ok {
				return nil, overflowErr(op, t, fmtIntOf(t, x), fmtIntOf(t, y))
			}
			dst[i] = r
		}
		return out, nil
	}
}

// floatArith returns the kernel for +, -, *, /, //, % on DOUBLE/FLOAT
// (IEEE semantics: division by zero gives inf or nan).
func floatArith(op arithOp, t vector.Type) kernel {
	return func(ec *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		a, b := args[0], args[1]
		out := ec.newVec(t, n)
		out.Valid = shareValidity(n, a, b)
		dst := out.F64[:n]
		switch {
		case !a.Const && !b.Const:
			av, bv := a.F64[:n], b.F64[:n]
			switch op {
			case opAdd:
				for i := range dst {
					dst[i] = av[i] + bv[i]
				}
			case opSub:
				for i := range dst {
					dst[i] = av[i] - bv[i]
				}
			case opMul:
				for i := range dst {
					dst[i] = av[i] * bv[i]
				}
			case opDiv:
				for i := range dst {
					dst[i] = av[i] / bv[i]
				}
			default:
				for i := range dst {
					dst[i] = floatOp(op, av[i], bv[i])
				}
			}
		case !a.Const:
			av, y := a.F64[:n], b.F64[0]
			switch op {
			case opAdd:
				for i, x := range av {
					dst[i] = x + y
				}
			case opSub:
				for i, x := range av {
					dst[i] = x - y
				}
			case opMul:
				for i, x := range av {
					dst[i] = x * y
				}
			case opDiv:
				for i, x := range av {
					dst[i] = x / y
				}
			default:
				for i, x := range av {
					dst[i] = floatOp(op, x, y)
				}
			}
		default:
			for i := range dst {
				dst[i] = floatOp(op, f64Of(a, i), f64Of(b, i))
			}
		}
		if t.ID == vector.TypeFloat {
			for i, x := range dst {
				dst[i] = float64(float32(x))
			}
		}
		return out, nil
	}
}

func floatOp(op arithOp, x, y float64) float64 {
	switch op {
	case opAdd:
		return x + y
	case opSub:
		return x - y
	case opMul:
		return x * y
	case opDiv:
		return x / y
	case opIDiv:
		return math.Floor(x / y)
	case opMod:
		return math.Mod(x, y)
	}
	return math.NaN()
}

// ---- decimals ----

// decArithType returns the result type of a decimal + - * per DuckDB.
func decArithType(op arithOp, a, b vector.Type) (vector.Type, error) {
	switch op {
	case opAdd, opSub:
		s := max(int(a.Scale), int(b.Scale))
		w := max(int(a.Width)-int(a.Scale), int(b.Width)-int(b.Scale)) + s + 1
		if w > vector.MaxDecimalWidth {
			w = vector.MaxDecimalWidth
		}
		return vector.Decimal(w, s), nil
	case opMul:
		s := int(a.Scale) + int(b.Scale)
		w := int(a.Width) + int(b.Width)
		if s > vector.MaxDecimalWidth {
			return vector.Type{}, errorf("Out of Range", "Needs a scale of at most %d, got %d: the result of multiplying %s and %s has too many decimal places", vector.MaxDecimalWidth, s, a, b)
		}
		if w > vector.MaxDecimalWidth {
			w = vector.MaxDecimalWidth
		}
		return vector.Decimal(w, s), nil
	}
	m := maxDecimal(a, b)
	return m, nil
}

// decArith returns the kernel for + - * % on decimals. at and bt are the
// operand types (integers are viewed as DECIMAL(w,0)); rt the result.
func decArith(op arithOp, at, bt, rt vector.Type) kernel {
	rs := int(rt.Scale)
	var ma, mb int64 = 1, 1
	if op != opMul {
		ma, _ = pow10(rs - int(at.Scale))
		mb, _ = pow10(rs - int(bt.Scale))
	}
	// Without capping, + - * of int64 decimals of width <= 18 fit.
	safe := int(rt.Width) <= 18 && int(at.Width) <= 18 && int(bt.Width) <= 18 && op != opMod
	// DuckDB multiplies int64-backed decimals in 64 bits even when the
	// declared result is wider, and reports results beyond 18 digits as
	// overflow.
	mul18 := op == opMul && int(at.Width) <= 18 && int(bt.Width) <= 18 && int(rt.Width) > 18
	return func(ec *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		a, b := args[0], args[1]
		out := ec.newVec(rt, n)
		dst := out.I64[:n]
		if op == opMod {
			// Rows left unwritten (NULL, zero divisor) must read as zero.
			clear(dst)
			out.Valid = mergeValidity(n, a, b)
			for i := range dst {
				if !out.Valid.IsValid(i) {
					continue
				}
				x, ok1 := mulI64(i64Of(a, i), ma)
				y, ok2 := mulI64(i64Of(b, i), mb)
				if !ok1 || !ok2 {
					return nil, errorf("Out of Range", "Overflow in modulo of %s", rt)
				}
				if y == 0 {
					setNull(&out.Valid, i, n)
					continue
				}
				dst[i] = x % y
			}
			return out, nil
		}
		out.Valid = shareValidity(n, a, b)
		if safe {
			decSafe(op, a, b, ma, mb, dst)
			return out, nil
		}
		// Checked path: scale operands (with overflow checks), then use the
		// branch-free 64-bit kernels.
		sa, oka := scaleVec(a, ma, n)
		sb, okb := scaleVec(b, mb, n)
		if oka && okb && !i64Arith(op, sa, sb, dst) {
			if !mul18 || fits18(dst, out.Valid) {
				return out, nil
			}
		}
		for i := range dst {
			if !out.Valid.IsValid(i) {
				dst[i] = 0
				continue
			}
			x, y := i64Of(a, i), i64Of(b, i)
			xs, ok1 := mulI64(x, ma)
			ys, ok2 := mulI64(y, mb)
			var r int64
			ok := ok1 && ok2
			if ok {
				switch op {
				case opAdd:
					r, ok = addI64(xs, ys)
				case opSub:
					r, ok = subI64(xs, ys)
				case opMul:
					r, ok = mulI64(xs, ys)
				}
			}
			if ok && mul18 && (r >= vector.Pow10[18] || r <= -vector.Pow10[18]) {
				ok = false
			}
			if !ok {
				return nil, overflowErr(op, rt, vector.FormatDecimal(x, int(at.Scale)), vector.FormatDecimal(y, int(bt.Scale)))
			}
			dst[i] = r
		}
		return out, nil
	}
}

// fits18 reports whether every valid value has at most 18 digits.
func fits18(v []int64, valid vector.Validity) bool {
	const lim = 1000000000000000000
	for i, x := range v {
		if (x >= lim || x <= -lim) && valid.IsValid(i) {
			return false
		}
	}
	return true
}

// scaleVec multiplies v by m (m == 1 returns v). ok is false when a value
// overflows (callers then fall back to per-row checks).
func scaleVec(v *vector.Vector, m int64, n int) (*vector.Vector, bool) {
	if m == 1 {
		return v, true
	}
	k := n
	if v.Const {
		k = 1
	}
	out := &vector.Vector{Typ: v.Typ, Const: v.Const, Valid: v.Valid, I64: make([]int64, k)}
	var ovf int64
	for i, x := range v.I64[:k] {
		r, o := mulOvf(x, m)
		out.I64[i] = r
		ovf |= o
	}
	return out, ovf == 0
}

// decSafe computes decimal + - * when overflow is impossible.
func decSafe(op arithOp, a, b *vector.Vector, ma, mb int64, dst []int64) {
	n := len(dst)
	switch {
	case !a.Const && !b.Const:
		av, bv := a.I64[:n], b.I64[:n]
		switch op {
		case opAdd:
			if ma == 1 && mb == 1 {
				for i := range dst {
					dst[i] = av[i] + bv[i]
				}
				return
			}
			for i := range dst {
				dst[i] = av[i]*ma + bv[i]*mb
			}
		case opSub:
			if ma == 1 && mb == 1 {
				for i := range dst {
					dst[i] = av[i] - bv[i]
				}
				return
			}
			for i := range dst {
				dst[i] = av[i]*ma - bv[i]*mb
			}
		case opMul:
			for i := range dst {
				dst[i] = av[i] * bv[i]
			}
		}
	case !a.Const:
		av, y := a.I64[:n], b.I64[0]*mb
		switch op {
		case opAdd:
			for i, x := range av {
				dst[i] = x*ma + y
			}
		case opSub:
			for i, x := range av {
				dst[i] = x*ma - y
			}
		case opMul:
			for i, x := range av {
				dst[i] = x * y
			}
		}
	default:
		// A constant left operand (1 - l_discount).
		x := a.I64[0] * ma
		if b.Const {
			var r int64
			switch y := b.I64[0] * mb; op {
			case opAdd:
				r = x + y
			case opSub:
				r = x - y
			case opMul:
				r = x * y
			}
			for i := range dst {
				dst[i] = r
			}
			return
		}
		bv := b.I64[:n]
		switch op {
		case opAdd:
			if mb == 1 {
				for i, y := range bv {
					dst[i] = x + y
				}
				return
			}
			for i, y := range bv {
				dst[i] = x + y*mb
			}
		case opSub:
			if mb == 1 {
				for i, y := range bv {
					dst[i] = x - y
				}
				return
			}
			for i, y := range bv {
				dst[i] = x - y*mb
			}
		case opMul:
			for i, y := range bv {
				dst[i] = x * y
			}
		}
	}
}

// ---- negation ----

func negateKernel(t vector.Type) kernel {
	return func(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		a := args[0]
		out := vector.New(t, n)
		out.Valid = shareValidity(n, a)
		switch t.Phys() {
		case vector.PhysFloat64:
			for i := range out.F64 {
				out.F64[i] = -f64Of(a, i)
			}
		case vector.PhysInterval:
			for i := range out.Iv {
				iv := a.Iv[idx(a, i)]
				out.Iv[i] = vector.Interval{Months: -iv.Months, Days: -iv.Days, Micros: -iv.Micros}
			}
		default:
			lo, hi := intRange(t)
			if t.ID == vector.TypeDecimal {
				lo, hi = math.MinInt64+1, math.MaxInt64
			}
			bad := false
			for i := range out.I64 {
				x := i64Of(a, i)
				if x == math.MinInt64 || -x < lo || -x > hi {
					bad = true
				}
				out.I64[i] = -x
			}
			if bad {
				for i := range out.I64 {
					x := i64Of(a, i)
					if out.Valid.IsValid(i) && (x == math.MinInt64 || -x < lo || -x > hi) {
						return nil, errorf("Out of Range", "Overflow in negation of integer!")
					}
				}
			}
		}
		return out, nil
	}
}

// ---- binding ----

func noMatch(name string, args []Expr) error {
	s := name + "("
	for i, a := range args {
		if i > 0 {
			s += ", "
		}
		s += a.Type().String()
	}
	return errorf("Binder", "No function matches the given name and argument types '%s)'. You might need to add explicit type casts.", s)
}

// bindArith binds + - * / // % over numeric, temporal and interval types.
func bindArith(name string, op arithOp, args []Expr) (Expr, error) {
	if len(args) == 1 && op == opAdd {
		if t := args[0].Type(); t.IsNumeric() || t.ID == vector.TypeInterval || t.ID == vector.TypeNull {
			return args[0], nil
		}
		return nil, noMatch(name, args)
	}
	if len(args) == 1 && op == opSub {
		return bindNegate(name, args)
	}
	if len(args) != 2 {
		return nil, noMatch(name, args)
	}
	ta, tb := args[0].Type(), args[1].Type()
	// A string literal adopts the other operand's type.
	if isStrLiteral(args[0]) && !tb.IsString() && tb.ID != vector.TypeNull {
		a, err := NewCast(args[0], tb, false)
		if err != nil {
			return nil, err
		}
		if a, err = FoldConstant(a); err != nil {
			return nil, err
		}
		return bindArith(name, op, []Expr{a, args[1]})
	}
	if isStrLiteral(args[1]) && !ta.IsString() && ta.ID != vector.TypeNull {
		lt := ta
		if ta.ID == vector.TypeDate || ta.IsTemporal() {
			// DATE - '...' means a date; DATE + '1 day' an interval.
			if op == opAdd {
				lt = vector.IntervalType
			}
		}
		b, err := NewCast(args[1], lt, false)
		if err != nil {
			return nil, err
		}
		if b, err = FoldConstant(b); err != nil {
			return nil, err
		}
		return bindArith(name, op, []Expr{args[0], b})
	}
	if ta.ID == vector.TypeNull && tb.ID == vector.TypeNull {
		ta, tb = vector.Integer, vector.Integer
	} else if ta.ID == vector.TypeNull {
		ta = tb
	} else if tb.ID == vector.TypeNull {
		tb = ta
	}
	if !ta.IsNumeric() || !tb.IsNumeric() {
		if e, ok, err := bindTemporalArith(name, op, args, ta, tb); ok || err != nil {
			return e, err
		}
		return nil, noMatch(name, args)
	}
	isFloat := ta.ID == vector.TypeFloat || ta.ID == vector.TypeDouble || tb.ID == vector.TypeFloat || tb.ID == vector.TypeDouble
	isDec := ta.ID == vector.TypeDecimal || tb.ID == vector.TypeDecimal
	mk := func(t vector.Type, fn kernel, a, b Expr) (Expr, error) {
		var err error
		if a, err = castTo(a, t); err != nil {
			return nil, err
		}
		if b, err = castTo(b, t); err != nil {
			return nil, err
		}
		e := newFunc(name, t, fn, a, b)
		e.infix = isSymbol(name)
		return e, nil
	}
	switch {
	case isFloat || op == opDiv || (isDec && op == opIDiv):
		t, _ := CommonType(ta, tb)
		if t.ID != vector.TypeFloat {
			t = vector.Double
		}
		return mk(t, floatArith(op, t), args[0], args[1])
	case isDec:
		da, _ := asDecimal(ta)
		db, _ := asDecimal(tb)
		rt, err := decArithType(op, da, db)
		if err != nil {
			return nil, err
		}
		a, b := args[0], args[1]
		if a.Type().ID == vector.TypeNull {
			a = &Const{Val: vector.NullValue(ta)}
		}
		if b.Type().ID == vector.TypeNull {
			b = &Const{Val: vector.NullValue(tb)}
		}
		if ta.ID == vector.TypeUBigInt || tb.ID == vector.TypeUBigInt {
			// UBIGINT values above int64 cannot be viewed as DECIMAL(20,0).
			var err error
			if ta.ID == vector.TypeUBigInt {
				if a, err = castTo(a, vector.Decimal(20, 0)); err != nil {
					return nil, err
				}
			}
			if tb.ID == vector.TypeUBigInt {
				if b, err = castTo(b, vector.Decimal(20, 0)); err != nil {
					return nil, err
				}
			}
		}
		e := newFunc(name, rt, decArith(op, da, db, rt), a, b)
		e.infix = isSymbol(name)
		return e, nil
	default:
		t := commonInt(ta, tb)
		if op == opIDiv || op == opMod {
			return mk(t, intDivMod(op, t), args[0], args[1])
		}
		return mk(t, intArith(op, t), args[0], args[1])
	}
}

func isSymbol(name string) bool {
	return name != "" && (name[0] < 'a' || name[0] > 'z')
}

func bindNegate(name string, args []Expr) (Expr, error) {
	if len(args) != 1 {
		return nil, noMatch(name, args)
	}
	t := args[0].Type()
	a := args[0]
	switch {
	case t.ID == vector.TypeNull:
		t = vector.Integer
		a = &Const{Val: vector.NullValue(t)}
	case t.IsNumeric() || t.ID == vector.TypeInterval:
	default:
		return nil, noMatch("-", args)
	}
	e := newFunc("-", t, negateKernel(t), a)
	return e, nil
}
