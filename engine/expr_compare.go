package engine

import (
	"unsafe"

	"github.com/lhsql/lhsql/vector"
)

// cmpOp is a comparison operator.
type cmpOp uint8

const (
	cmpEq cmpOp = iota
	cmpNe
	cmpLt
	cmpLe
	cmpGt
	cmpGe
)

var cmpSyms = [...]string{"=", "<>", "<", "<=", ">", ">="}

// flip returns the operator with its operands swapped (a op b == b flip a).
func (op cmpOp) flip() cmpOp {
	switch op {
	case cmpLt:
		return cmpGt
	case cmpLe:
		return cmpGe
	case cmpGt:
		return cmpLt
	case cmpGe:
		return cmpLe
	}
	return op
}

type ordered interface {
	~int64 | ~uint64 | ~string
}

// CmpFlatConst writes a[i] op c into out; the hot filter kernel.
func cmpFlatConst[T ordered](op cmpOp, a []T, c T, out []bool) {
	out = out[:len(a)]
	switch op {
	case cmpEq:
		for i, x := range a {
			out[i] = x == c
		}
	case cmpNe:
		for i, x := range a {
			out[i] = x != c
		}
	case cmpLt:
		for i, x := range a {
			out[i] = x < c
		}
	case cmpLe:
		for i, x := range a {
			out[i] = x <= c
		}
	case cmpGt:
		for i, x := range a {
			out[i] = x > c
		}
	case cmpGe:
		for i, x := range a {
			out[i] = x >= c
		}
	}
}

// cmpFlatFlat writes a[i] op b[i] into out.
func cmpFlatFlat[T ordered](op cmpOp, a, b []T, out []bool) {
	b = b[:len(a)]
	out = out[:len(a)]
	switch op {
	case cmpEq:
		for i, x := range a {
			out[i] = x == b[i]
		}
	case cmpNe:
		for i, x := range a {
			out[i] = x != b[i]
		}
	case cmpLt:
		for i, x := range a {
			out[i] = x < b[i]
		}
	case cmpLe:
		for i, x := range a {
			out[i] = x <= b[i]
		}
	case cmpGt:
		for i, x := range a {
			out[i] = x > b[i]
		}
	case cmpGe:
		for i, x := range a {
			out[i] = x >= b[i]
		}
	}
}

// cmpOrdered dispatches on the Const shapes of a and b.
func cmpOrdered[T ordered](op cmpOp, a, b []T, aConst, bConst bool, out []bool) {
	n := len(out)
	switch {
	case aConst && bConst:
		out[0] = cmpScalar(op, a[0], b[0])
	case bConst:
		cmpFlatConst(op, a[:n], b[0], out)
	case aConst:
		cmpFlatConst(op.flip(), b[:n], a[0], out)
	default:
		cmpFlatFlat(op, a[:n], b[:n], out)
	}
}

func cmpScalar[T ordered](op cmpOp, x, y T) bool {
	switch op {
	case cmpEq:
		return x == y
	case cmpNe:
		return x != y
	case cmpLt:
		return x < y
	case cmpLe:
		return x <= y
	case cmpGt:
		return x > y
	}
	return x >= y
}

// cmpFloatFlatConst compares with DuckDB's float order: NaN equals NaN and
// sorts above every other value.
func cmpFloatFlatConst(op cmpOp, a []float64, c float64, out []bool) {
	out = out[:len(a)]
	if c != c { // NaN constant
		for i, x := range a {
			isNaN := x != x
			switch op {
			case cmpEq, cmpGe:
				out[i] = isNaN
			case cmpNe, cmpLt:
				out[i] = !isNaN
			case cmpLe:
				out[i] = true
			case cmpGt:
				out[i] = false
			}
		}
		return
	}
	switch op {
	case cmpEq:
		for i, x := range a {
			out[i] = x == c
		}
	case cmpNe:
		for i, x := range a {
			out[i] = x != c
		}
	case cmpLt:
		for i, x := range a {
			out[i] = x < c
		}
	case cmpLe:
		for i, x := range a {
			out[i] = x <= c
		}
	case cmpGt:
		for i, x := range a {
			out[i] = x > c || x != x
		}
	case cmpGe:
		for i, x := range a {
			out[i] = x >= c || x != x
		}
	}
}

// floatCmp3 compares with NaN greatest: -1, 0 or 1.
func floatCmp3(x, y float64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	case x == y:
		return 0
	}
	xn, yn := x != x, y != y
	switch {
	case xn && yn:
		return 0
	case xn:
		return 1
	}
	return -1
}

func cmpResult(op cmpOp, c int) bool {
	switch op {
	case cmpEq:
		return c == 0
	case cmpNe:
		return c != 0
	case cmpLt:
		return c < 0
	case cmpLe:
		return c <= 0
	case cmpGt:
		return c > 0
	}
	return c >= 0
}

func cmpFloat(op cmpOp, a, b *vector.Vector, out []bool) {
	n := len(out)
	switch {
	case a.Const && b.Const:
		out[0] = cmpResult(op, floatCmp3(a.F64[0], b.F64[0]))
	case b.Const:
		cmpFloatFlatConst(op, a.F64[:n], b.F64[0], out)
	case a.Const:
		cmpFloatFlatConst(op.flip(), b.F64[:n], a.F64[0], out)
	default:
		av, bv := a.F64[:n], b.F64[:n]
		switch op {
		case cmpLt:
			for i, x := range av {
				y := bv[i]
				out[i] = x < y || (y != y && x == x)
			}
		case cmpGt:
			for i, x := range av {
				y := bv[i]
				out[i] = x > y || (x != x && y == y)
			}
		default:
			for i, x := range av {
				out[i] = cmpResult(op, floatCmp3(x, bv[i]))
			}
		}
	}
}

// normInterval reduces an interval to (days, micros) with months counted
// as 30 days and 0 <= micros < one day, so that comparison follows the
// total length (DuckDB: '1 month' = '30 days', '1 day' = '24 hours').
func normInterval(iv vector.Interval) (int64, int64, int64) {
	days := int64(iv.Months)*30 + int64(iv.Days) + floorDiv(iv.Micros, vector.MicrosPerDay)
	return 0, days, floorMod(iv.Micros, vector.MicrosPerDay)
}

func intervalCmp3(a, b vector.Interval) int {
	_, ad, au := normInterval(a)
	_, bd, bu := normInterval(b)
	switch {
	case ad != bd:
		if ad < bd {
			return -1
		}
		return 1
	case au != bu:
		if au < bu {
			return -1
		}
		return 1
	}
	return 0
}

func boolCmp3(a, b bool) int {
	switch {
	case a == b:
		return 0
	case b:
		return -1
	}
	return 1
}

func asU64(s []int64) []uint64 {
	if len(s) == 0 {
		return nil
	}
	return unsafe.Slice((*uint64)(unsafe.Pointer(&s[0])), len(s))
}

// compareData fills out (n rows, or 1 when both are Const) with a op b,
// ignoring NULLs. a and b share type t.
func compareData(op cmpOp, t vector.Type, a, b *vector.Vector, out []bool) {
	switch t.Phys() {
	case vector.PhysInt64:
		if t.ID == vector.TypeUBigInt {
			cmpOrdered(op, asU64(a.I64), asU64(b.I64), a.Const, b.Const, out)
			return
		}
		cmpOrdered(op, a.I64, b.I64, a.Const, b.Const, out)
	case vector.PhysFloat64:
		cmpFloat(op, a, b, out)
	case vector.PhysString:
		cmpOrdered(op, a.Str, b.Str, a.Const, b.Const, out)
	case vector.PhysBool:
		for i := range out {
			out[i] = cmpResult(op, boolCmp3(a.Bool[idx(a, i)], b.Bool[idx(b, i)]))
		}
	case vector.PhysInterval:
		for i := range out {
			out[i] = cmpResult(op, intervalCmp3(a.Iv[idx(a, i)], b.Iv[idx(b, i)]))
		}
	}
}

// compareKernel returns the kernel of a comparison over one type.
func compareKernel(op cmpOp, t vector.Type) kernel {
	return func(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		a, b := args[0], args[1]
		out := vector.New(vector.Boolean, n)
		out.Valid = shareValidity(n, a, b)
		compareData(op, t, a, b, out.Bool)
		return out, nil
	}
}

// decCompareKernel compares decimals of different scales exactly: the
// operand with the smaller scale is scaled up; values that overflow int64
// when scaled are beyond every value of the other side.
func decCompareKernel(op cmpOp, sa, sb int) kernel {
	return func(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		a, b := args[0], args[1]
		out := vector.New(vector.Boolean, n)
		out.Valid = shareValidity(n, a, b)
		ob := out.Bool[:n]
		for i := range ob {
			ob[i] = cmpResult(op, decCmp3(i64Of(a, i), sa, i64Of(b, i), sb))
		}
		return out, nil
	}
}

func decCmp3(x int64, sx int, y int64, sy int) int {
	if sx < sy {
		return -decCmp3(y, sy, x, sx)
	}
	// sx >= sy: scale y up.
	ys, ok := rescaleDecimal(y, sy, sx)
	if !ok {
		if y < 0 {
			return 1
		}
		return -1
	}
	switch {
	case x < ys:
		return -1
	case x > ys:
		return 1
	}
	return 0
}

// distinctKernel implements IS [NOT] DISTINCT FROM: NULLs compare equal and
// the result is never NULL.
func distinctKernel(t vector.Type, not bool) kernel {
	return func(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		a, b := args[0], args[1]
		out := vector.New(vector.Boolean, n)
		eq := make([]bool, n)
		compareData(cmpEq, t, a, b, eq)
		for i := range out.Bool {
			va, vb := rowValid(a, i), rowValid(b, i)
			e := va == vb && (!va || eq[i])
			out.Bool[i] = e == not
		}
		return out, nil
	}
}

// bindCompare binds a comparison operator.
func bindCompare(name string, op cmpOp, args []Expr) (Expr, error) {
	if len(args) != 2 {
		return nil, noMatch(name, args)
	}
	if e, ok := dateVsTimestampConst(name, op, args[0], args[1]); ok {
		return e, nil
	}
	a, b, t, dec, err := unifyCompare(name, args[0], args[1])
	if err != nil {
		return nil, err
	}
	var fn kernel
	if dec {
		da, _ := asDecimal(a.Type())
		db, _ := asDecimal(b.Type())
		fn = decCompareKernel(op, int(da.Scale), int(db.Scale))
	} else {
		fn = compareKernel(op, t)
	}
	e := newFunc(name, vector.Boolean, fn, a, b)
	e.display = cmpSyms[op]
	e.infix = true
	return e, nil
}

func bindDistinct(name string, not bool, args []Expr) (Expr, error) {
	if len(args) != 2 {
		return nil, noMatch(name, args)
	}
	a, b, t, dec, err := unifyCompare(name, args[0], args[1])
	if err != nil {
		return nil, err
	}
	if dec {
		// Bring both sides to a common decimal type for the equality test.
		da, _ := asDecimal(a.Type())
		db, _ := asDecimal(b.Type())
		t = maxDecimal(da, db)
		if a, err = castTo(a, t); err != nil {
			return nil, err
		}
		if b, err = castTo(b, t); err != nil {
			return nil, err
		}
	}
	if t.ID == vector.TypeNull {
		t = vector.Integer
		a = &Const{Val: vector.NullValue(t)}
		b = &Const{Val: vector.NullValue(t)}
	}
	e := newFunc(name, vector.Boolean, distinctKernel(t, not), a, b)
	e.nullSafe = true
	e.infix = true
	if not {
		e.display = "IS NOT DISTINCT FROM"
	} else {
		e.display = "IS DISTINCT FROM"
	}
	return e, nil
}

// unifyCompare casts the operands of a comparison to a common type. dec is
// set when both are decimal/integer with different scales; then the
// operands are left uncast and compared by decCompareKernel.
func unifyCompare(name string, a, b Expr) (Expr, Expr, vector.Type, bool, error) {
	ta, tb := a.Type(), b.Type()
	if ta == tb {
		return a, b, ta, false, nil
	}
	var t vector.Type
	switch {
	case ta.ID == vector.TypeNull:
		t = tb
	case tb.ID == vector.TypeNull:
		t = ta
	case ta.IsString() && !tb.IsString():
		// DuckDB prefers the non-string type when comparing with strings.
		t = tb
	case tb.IsString() && !ta.IsString():
		t = ta
	default:
		ct, ok := CommonType(ta, tb)
		if !ok {
			return nil, nil, vector.Type{}, false, errorf("Binder", "Cannot compare values of type %s and type %s - an explicit cast is required", ta, tb)
		}
		t = ct
		if t.ID == vector.TypeDecimal {
			da, oka := asDecimal(ta)
			db, okb := asDecimal(tb)
			if oka && okb && ta.ID != vector.TypeUBigInt && tb.ID != vector.TypeUBigInt {
				if da.Scale == db.Scale {
					return a, b, vector.Decimal(int(t.Width), int(da.Scale)), false, nil
				}
				if t.Width > 18 {
					// Rescaling might overflow int64: compare exactly row by row.
					return a, b, t, true, nil
				}
			}
		}
	}
	var err error
	if a, err = castTo(a, t); err != nil {
		return nil, nil, t, false, err
	}
	if b, err = castTo(b, t); err != nil {
		return nil, nil, t, false, err
	}
	return a, b, t, false, nil
}

// dateVsTimestampConst rewrites date_col op TIMESTAMP constant into a
// comparison with a DATE constant, so the column is not cast row by row.
func dateVsTimestampConst(name string, op cmpOp, a, b Expr) (Expr, bool) {
	swapped := false
	if _, ok := a.(*Const); ok {
		a, b = b, a
		op = op.flip()
		swapped = true
	}
	c, ok := b.(*Const)
	if !ok || c.Val.Null || a.Type().ID != vector.TypeDate || c.Val.Typ.ID != vector.TypeTimestamp {
		return nil, false
	}
	ts := c.Val.I64
	if ts == tsInfinity || ts == tsNegInfinity {
		return nil, false
	}
	d, us := splitTimestamp(ts)
	if us != 0 {
		// The timestamp lies strictly inside day d.
		switch op {
		case cmpEq, cmpNe:
			return nil, false
		case cmpLt:
			op = cmpLe
		case cmpGe:
			op = cmpGt
		}
	}
	dc := &Const{Val: vector.Value{Typ: vector.Date, I64: d}}
	e := newFunc(name, vector.Boolean, compareKernel(op, vector.Date), a, dc)
	e.display = cmpSyms[op]
	e.infix = true
	_ = swapped
	return e, true
}
