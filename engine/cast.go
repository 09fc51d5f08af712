package engine

import (
	"math"
	"strconv"

	"github.com/lhsql/lhsql/vector"
)

// castFn converts a flat (or length-1) vector of n rows to type to. When
// try is set, values that cannot be converted become NULL; otherwise they
// produce an error.
type castFn func(in *vector.Vector, n int, to vector.Type, try bool) (*vector.Vector, error)

// CastExpr converts its input to another type.
type CastExpr struct {
	X   Expr
	To  vector.Type
	Try bool
	fn  castFn
	// zfn, when set, replaces fn with a conversion in the session zone.
	zfn zoneCastFn
}

// Type implements Expr.
func (e *CastExpr) Type() vector.Type { return e.To }

// Eval implements Expr.
func (e *CastExpr) Eval(ec *ExecCtx, c *vector.Chunk) (*vector.Vector, error) {
	v, err := e.X.Eval(ec, c)
	if err != nil {
		return nil, err
	}
	fn := e.fn
	if e.zfn != nil {
		z, err := ec.sessionZone()
		if err != nil {
			return nil, err
		}
		zc := z.Cursor()
		fn = func(in *vector.Vector, n int, to vector.Type, try bool) (*vector.Vector, error) {
			return e.zfn(&zc, in, n, to, try)
		}
	}
	if v.Const {
		if !v.Valid.IsValid(0) {
			return vector.NullConst(e.To), nil
		}
		out, err := fn(v, 1, e.To, e.Try)
		if err != nil {
			return nil, err
		}
		if !out.Const {
			cp := *out
			cp.Const = true
			out = &cp
		}
		return out, nil
	}
	return fn(v, c.Len, e.To, e.Try)
}

func (e *CastExpr) String() string {
	if e.Try {
		return "TRY_CAST(" + e.X.String() + " AS " + e.To.String() + ")"
	}
	return "CAST(" + e.X.String() + " AS " + e.To.String() + ")"
}

// NewCast returns an expression converting x to type to. It fails when
// the conversion is never valid; runtime failures are errors unless try,
// in which case they give NULL.
func NewCast(x Expr, to vector.Type, try bool) (Expr, error) {
	from := x.Type()
	if from == to {
		return x, nil
	}
	if from.ID == vector.TypeNull {
		return &Const{Val: vector.NullValue(to)}, nil
	}
	if zfn := zoneCastFunc(from, to); zfn != nil {
		return &CastExpr{X: x, To: to, Try: try, zfn: zfn}, nil
	}
	fn := castFunc(from, to)
	if fn == nil {
		return nil, errorf("Conversion", "Unimplemented type for cast (%s -> %s)", from, to)
	}
	return &CastExpr{X: x, To: to, Try: try, fn: fn}, nil
}

// CastValue converts a single value (used for constants and parameters);
// TIMESTAMPTZ conversions are in UTC (see CastValueIn).
func CastValue(x vector.Value, to vector.Type, try bool) (vector.Value, error) {
	if x.Typ == to {
		return x, nil
	}
	if x.Null {
		return vector.NullValue(to), nil
	}
	if zoneCastFunc(x.Typ, to) != nil {
		return CastValueIn(x, to, try, nil)
	}
	fn := castFunc(x.Typ, to)
	if fn == nil {
		return vector.Value{}, errorf("Conversion", "Unimplemented type for cast (%s -> %s)", x.Typ, to)
	}
	out, err := fn(vector.ConstVector(x), 1, to, try)
	if err != nil {
		return vector.Value{}, err
	}
	v := out.Get(0)
	v.Typ = to
	return v, nil
}

// castFunc selects the conversion routine, or nil when none exists.
func castFunc(from, to vector.Type) castFn {
	if from.Nested != nil || to.Nested != nil {
		return castNestedFunc(from, to)
	}
	if to.ID == vector.TypeVarchar {
		return castToVarchar
	}
	switch {
	case from.ID == vector.TypeVarchar:
		switch {
		case to.IsInteger():
			return castStrToInt
		case to.ID == vector.TypeFloat || to.ID == vector.TypeDouble:
			return castStrToFloat
		case to.ID == vector.TypeDecimal:
			return castStrToDecimal
		case to.ID == vector.TypeBoolean:
			return castStrToBool
		case to.ID == vector.TypeDate:
			return castStrParse(ParseDate)
		case to.ID == vector.TypeTimestamp || to.ID == vector.TypeTimestampTZ:
			return castStrParse(ParseTimestamp)
		case to.ID == vector.TypeTime:
			return castStrParse(ParseTime)
		case to.ID == vector.TypeInterval:
			return castStrToInterval
		case to.ID == vector.TypeBlob:
			return castStrToBlob
		case to.ID == vector.TypeUUID:
			return castStrToUUID
		}
	case from.IsInteger():
		switch {
		case to.IsInteger():
			return castIntToInt
		case to.ID == vector.TypeFloat || to.ID == vector.TypeDouble:
			return castIntToFloat
		case to.ID == vector.TypeDecimal:
			return castIntToDecimal
		case to.ID == vector.TypeBoolean:
			return castIntToBool
		}
	case from.ID == vector.TypeFloat || from.ID == vector.TypeDouble:
		switch {
		case to.IsInteger():
			return castFloatToInt
		case to.ID == vector.TypeFloat || to.ID == vector.TypeDouble:
			return castFloatToFloat
		case to.ID == vector.TypeDecimal:
			return castFloatToDecimal
		case to.ID == vector.TypeBoolean:
			return castFloatToBool
		}
	case from.ID == vector.TypeDecimal:
		switch {
		case to.IsInteger():
			return castDecimalToInt
		case to.ID == vector.TypeFloat || to.ID == vector.TypeDouble:
			return castDecimalToFloat
		case to.ID == vector.TypeDecimal:
			return castDecimalToDecimal
		case to.ID == vector.TypeBoolean:
			return castDecimalToBool
		}
	case from.ID == vector.TypeBoolean:
		switch {
		case to.IsInteger():
			return castBoolToInt
		case to.ID == vector.TypeFloat || to.ID == vector.TypeDouble:
			return castBoolToFloat
		case to.ID == vector.TypeDecimal:
			return castBoolToDecimal
		}
	case from.ID == vector.TypeDate:
		switch to.ID {
		case vector.TypeTimestamp, vector.TypeTimestampTZ:
			return castDateToTimestamp
		}
	case from.ID == vector.TypeTimestamp || from.ID == vector.TypeTimestampTZ:
		switch to.ID {
		case vector.TypeDate:
			return castTimestampToDate
		case vector.TypeTime:
			return castTimestampToTime
		case vector.TypeTimestamp, vector.TypeTimestampTZ:
			return castRetype
		}
	case from.ID == vector.TypeBlob:
		if to.ID == vector.TypeUUID {
			return castBlobToUUID
		}
	case from.ID == vector.TypeUUID:
		if to.ID == vector.TypeBlob {
			return castUUIDToBlob
		}
	}
	return nil
}

// castFail records a failed conversion of row i: NULL when try, otherwise
// the error from mk.
func castFail(out *vector.Vector, i, n int, try bool, mk func() error) error {
	if !try {
		return mk()
	}
	setNull(&out.Valid, i, n)
	return nil
}

func newCastOut(in *vector.Vector, to vector.Type, n int) *vector.Vector {
	out := vector.New(to, n)
	if in.Valid != nil {
		out.Valid = make(vector.Validity, (n+63)/64)
		copy(out.Valid, in.Valid)
	}
	return out
}

func castRetype(in *vector.Vector, n int, to vector.Type, _ bool) (*vector.Vector, error) {
	out := *in
	out.Typ = to
	return &out, nil
}

func outOfRangeErr(from vector.Type, val string, to vector.Type) func() error {
	return func() error {
		return errorf("Conversion", "Type %s with value %s can't be cast because the value is out of range for the destination type %s", physName(from), val, physName(to))
	}
}

// ---- integer sources ----

func castIntToInt(in *vector.Vector, n int, to vector.Type, try bool) (*vector.Vector, error) {
	from := in.Typ
	flo, fhi := intRange(from)
	tlo, thi := intRange(to)
	fromU := from.ID == vector.TypeUBigInt
	toU := to.ID == vector.TypeUBigInt
	if !fromU && !toU && flo >= tlo && fhi <= thi {
		return castRetype(in, n, to, try)
	}
	if fromU && toU {
		return castRetype(in, n, to, try)
	}
	src := in.I64[:n]
	ok := true
	switch {
	case fromU:
		for _, x := range src {
			if uint64(x) > uint64(thi) {
				ok = false
				break
			}
		}
	default:
		for _, x := range src {
			if x < tlo || x > thi {
				ok = false
				break
			}
		}
	}
	if ok {
		return castRetype(in, n, to, try)
	}
	out := newCastOut(in, to, n)
	copy(out.I64, src)
	for i, x := range src {
		if !out.Valid.IsValid(i) {
			continue
		}
		bad := x < tlo || x > thi
		val := strconv.FormatInt(x, 10)
		if fromU {
			bad = uint64(x) > uint64(thi)
			val = strconv.FormatUint(uint64(x), 10)
		}
		if bad {
			if err := castFail(out, i, n, try, outOfRangeErr(from, val, to)); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

func castIntToFloat(in *vector.Vector, n int, to vector.Type, _ bool) (*vector.Vector, error) {
	out := newCastOut(in, to, n)
	src := in.I64[:n]
	dst := out.F64[:n]
	switch {
	case in.Typ.ID == vector.TypeUBigInt:
		for i, x := range src {
			dst[i] = float64(uint64(x))
		}
	default:
		for i, x := range src {
			dst[i] = float64(x)
		}
	}
	if to.ID == vector.TypeFloat {
		for i, x := range dst {
			dst[i] = float64(float32(x))
		}
	}
	return out, nil
}

func castIntToDecimal(in *vector.Vector, n int, to vector.Type, try bool) (*vector.Vector, error) {
	out := newCastOut(in, to, n)
	src := in.I64[:n]
	dst := out.I64[:n]
	scale := int(to.Scale)
	limit, limited := pow10(int(to.Width))
	mul, mulOK := pow10(scale)
	for i, x := range src {
		if !out.Valid.IsValid(i) {
			continue
		}
		var r int64
		ok := mulOK
		if in.Typ.ID == vector.TypeUBigInt && x < 0 {
			ok = false
		}
		if ok {
			r, ok = mulI64(x, mul)
		}
		if ok && limited && (r >= limit || r <= -limit) {
			ok = false
		}
		if !ok {
			x := x
			if err := castFail(out, i, n, try, func() error {
				return errorf("Conversion", "Could not cast value %d to %s", x, to)
			}); err != nil {
				return nil, err
			}
			continue
		}
		dst[i] = r
	}
	return out, nil
}

func castIntToBool(in *vector.Vector, n int, to vector.Type, _ bool) (*vector.Vector, error) {
	out := newCastOut(in, to, n)
	for i, x := range in.I64[:n] {
		out.Bool[i] = x != 0
	}
	return out, nil
}

// pow10 returns 10^k when it fits in an int64.
func pow10(k int) (int64, bool) {
	if k < 0 || k > 18 {
		return 0, false
	}
	return vector.Pow10[k], true
}

// ---- floating-point sources ----

func castFloatToInt(in *vector.Vector, n int, to vector.Type, try bool) (*vector.Vector, error) {
	out := newCastOut(in, to, n)
	src := in.F64[:n]
	dst := out.I64[:n]
	lo, hi := intRange(to)
	flo, fhi := float64(lo), float64(hi)
	toU := to.ID == vector.TypeUBigInt
	if toU {
		fhi = 18446744073709551615.0
	}
	for i, x := range src {
		r := math.Round(x)
		var ok bool
		if hi == math.MaxInt64 && !toU {
			ok = r >= -9223372036854775808.0 && r < 9223372036854775808.0
		} else if toU {
			ok = r >= 0 && r < 18446744073709551616.0
		} else {
			ok = r >= flo && r <= fhi
		}
		if ok {
			if toU {
				dst[i] = int64(uint64(r))
			} else {
				dst[i] = int64(r)
			}
			continue
		}
		if !out.Valid.IsValid(i) {
			continue
		}
		if err := castFail(out, i, n, try, outOfRangeErr(in.Typ, vector.FormatFloat(x, 64), to)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func castFloatToFloat(in *vector.Vector, n int, to vector.Type, try bool) (*vector.Vector, error) {
	if to.ID == vector.TypeDouble {
		return castRetype(in, n, to, try)
	}
	out := newCastOut(in, to, n)
	for i, x := range in.F64[:n] {
		f := float32(x)
		if math.IsInf(float64(f), 0) && !math.IsInf(x, 0) && out.Valid.IsValid(i) {
			if err := castFail(out, i, n, try, outOfRangeErr(in.Typ, vector.FormatFloat(x, 64), to)); err != nil {
				return nil, err
			}
			continue
		}
		out.F64[i] = float64(f)
	}
	return out, nil
}

func castFloatToDecimal(in *vector.Vector, n int, to vector.Type, try bool) (*vector.Vector, error) {
	out := newCastOut(in, to, n)
	scale := math.Pow10(int(to.Scale))
	limit := math.Pow10(int(to.Width))
	for i, x := range in.F64[:n] {
		r := math.Round(x * scale)
		if r > -limit && r < limit && r >= -9223372036854775808.0 && r < 9223372036854775808.0 {
			out.I64[i] = int64(r)
			continue
		}
		if !out.Valid.IsValid(i) {
			continue
		}
		x := x
		if err := castFail(out, i, n, try, func() error {
			return errorf("Conversion", "Could not cast value %s to %s", vector.FormatFloat(x, 64), to)
		}); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func castFloatToBool(in *vector.Vector, n int, to vector.Type, _ bool) (*vector.Vector, error) {
	out := newCastOut(in, to, n)
	for i, x := range in.F64[:n] {
		out.Bool[i] = x != 0
	}
	return out, nil
}

// ---- decimal sources ----

// divRound divides x by d (d > 0) rounding half away from zero.
func divRound(x, d int64) int64 {
	q := x / d
	r := x % d
	if r < 0 {
		r = -r
	}
	if 2*r >= d {
		if x < 0 {
			q--
		} else {
			q++
		}
	}
	return q
}

func castDecimalToInt(in *vector.Vector, n int, to vector.Type, try bool) (*vector.Vector, error) {
	out := newCastOut(in, to, n)
	src := in.I64[:n]
	dst := out.I64[:n]
	s := int(in.Typ.Scale)
	d, dok := pow10(s)
	lo, hi := intRange(to)
	for i, x := range src {
		var r int64
		if dok {
			r = divRound(x, d)
		}
		if r >= lo && r <= hi {
			dst[i] = r
			continue
		}
		if !out.Valid.IsValid(i) {
			continue
		}
		x := x
		if err := castFail(out, i, n, try, func() error {
			return errorf("Conversion", "Failed to cast decimal value %s to type %s", vector.FormatDecimal(x, s), physName(to))
		}); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// exactF64Int bounds the integers that convert to float64 exactly.
const exactF64Int = 1 << 53

// decimalToF64 converts an unscaled DECIMAL value to the nearest float64.
// When both the value and 10^scale are exact doubles their quotient is
// correctly rounded; otherwise the decimal text is parsed.
func decimalToF64(x int64, scale int) float64 {
	if x > -exactF64Int && x < exactF64Int && scale <= 22 {
		return float64(x) / math.Pow10(scale)
	}
	f, _ := strconv.ParseFloat(vector.FormatDecimal(x, scale), 64)
	return f
}

func castDecimalToFloat(in *vector.Vector, n int, to vector.Type, _ bool) (*vector.Vector, error) {
	out := newCastOut(in, to, n)
	scale := int(in.Typ.Scale)
	div := math.Pow10(scale)
	dst := out.F64[:n]
	if to.ID == vector.TypeFloat {
		// Round once, straight to float32 (via float64 could round twice).
		for i, x := range in.I64[:n] {
			f, _ := strconv.ParseFloat(vector.FormatDecimal(x, scale), 32)
			dst[i] = f
		}
		return out, nil
	}
	for i, x := range in.I64[:n] {
		if x > -exactF64Int && x < exactF64Int && scale <= 22 {
			dst[i] = float64(x) / div
			continue
		}
		dst[i] = decimalToF64(x, scale)
	}
	return out, nil
}

func castDecimalToBool(in *vector.Vector, n int, to vector.Type, _ bool) (*vector.Vector, error) {
	out := newCastOut(in, to, n)
	for i, x := range in.I64[:n] {
		out.Bool[i] = x != 0
	}
	return out, nil
}

// rescaleDecimal converts an unscaled value from scale fs to ts, rounding
// half away from zero when the scale shrinks. ok is false on overflow.
func rescaleDecimal(x int64, fs, ts int) (int64, bool) {
	if ts == fs {
		return x, true
	}
	if ts > fs {
		m, ok := pow10(ts - fs)
		if !ok {
			return 0, x == 0
		}
		return mulI64(x, m)
	}
	d, ok := pow10(fs - ts)
	if !ok {
		return 0, true
	}
	return divRound(x, d), true
}

func castDecimalToDecimal(in *vector.Vector, n int, to vector.Type, try bool) (*vector.Vector, error) {
	from := in.Typ
	fs, ts := int(from.Scale), int(to.Scale)
	if ts >= fs && int(to.Width)-ts >= int(from.Width)-fs && fs == ts {
		return castRetype(in, n, to, try)
	}
	out := newCastOut(in, to, n)
	limit, limited := pow10(int(to.Width))
	src := in.I64[:n]
	dst := out.I64[:n]
	for i, x := range src {
		r, ok := rescaleDecimal(x, fs, ts)
		if ok && limited && (r >= limit || r <= -limit) {
			ok = false
		}
		if ok {
			dst[i] = r
			continue
		}
		if !out.Valid.IsValid(i) {
			continue
		}
		x := x
		if err := castFail(out, i, n, try, func() error {
			return errorf("Conversion", "Casting value \"%s\" to type %s failed: value is out of range!", vector.FormatDecimal(x, fs), to)
		}); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ---- boolean sources ----

func castBoolToInt(in *vector.Vector, n int, to vector.Type, _ bool) (*vector.Vector, error) {
	out := newCastOut(in, to, n)
	for i, b := range in.Bool[:n] {
		if b {
			out.I64[i] = 1
		}
	}
	return out, nil
}

func castBoolToFloat(in *vector.Vector, n int, to vector.Type, _ bool) (*vector.Vector, error) {
	out := newCastOut(in, to, n)
	for i, b := range in.Bool[:n] {
		if b {
			out.F64[i] = 1
		}
	}
	return out, nil
}

func castBoolToDecimal(in *vector.Vector, n int, to vector.Type, _ bool) (*vector.Vector, error) {
	out := newCastOut(in, to, n)
	one, _ := pow10(int(to.Scale))
	for i, b := range in.Bool[:n] {
		if b {
			out.I64[i] = one
		}
	}
	return out, nil
}

// ---- temporal sources ----

func castDateToTimestamp(in *vector.Vector, n int, to vector.Type, try bool) (*vector.Vector, error) {
	out := newCastOut(in, to, n)
	// Fast path: every date is within +-292000 years (no overflow).
	const safe = 106751991
	src, dst := in.I64[:n], out.I64[:n]
	ok := true
	for i, d := range src {
		dst[i] = d * vector.MicrosPerDay
		ok = ok && d < safe && d > -safe
	}
	if ok {
		return out, nil
	}
	for i, d := range in.I64[:n] {
		switch d {
		case dateInfinity:
			out.I64[i] = tsInfinity
			continue
		case dateNegInfinity:
			out.I64[i] = tsNegInfinity
			continue
		}
		r, ok := mulI64(d, vector.MicrosPerDay)
		if !ok && out.Valid.IsValid(i) {
			d := d
			if err := castFail(out, i, n, try, func() error {
				return errorf("Conversion", "Date out of range in timestamp conversion: %s", vector.FormatDate(d))
			}); err != nil {
				return nil, err
			}
			continue
		}
		out.I64[i] = r
	}
	return out, nil
}

// floorDiv divides rounding toward negative infinity.
func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int64) int64 {
	m := a % b
	if m != 0 && (m < 0) != (b < 0) {
		m += b
	}
	return m
}

func castTimestampToDate(in *vector.Vector, n int, to vector.Type, _ bool) (*vector.Vector, error) {
	out := newCastOut(in, to, n)
	for i, t := range in.I64[:n] {
		switch t {
		case tsInfinity:
			out.I64[i] = dateInfinity
		case tsNegInfinity:
			out.I64[i] = dateNegInfinity
		default:
			out.I64[i] = floorDiv(t, vector.MicrosPerDay)
		}
	}
	return out, nil
}

func castTimestampToTime(in *vector.Vector, n int, to vector.Type, _ bool) (*vector.Vector, error) {
	out := newCastOut(in, to, n)
	for i, t := range in.I64[:n] {
		out.I64[i] = floorMod(t, vector.MicrosPerDay)
	}
	return out, nil
}

// castUUIDToBlob packs the canonical text form into 16 bytes.
func castUUIDToBlob(in *vector.Vector, n int, to vector.Type, _ bool) (*vector.Vector, error) {
	out := newCastOut(in, to, n)
	var b [16]byte
	for i, s := range in.Str[:n] {
		if !out.Valid.IsValid(i) {
			continue
		}
		k := 0
		for j := 0; j+1 < len(s) && k < 16; j++ {
			if s[j] == '-' {
				continue
			}
			h, _ := hexVal(s[j])
			l, _ := hexVal(s[j+1])
			b[k] = h<<4 | l
			k++
			j++
		}
		out.Str[i] = string(b[:])
	}
	return out, nil
}

// castBlobToUUID formats 16 bytes as a UUID.
func castBlobToUUID(in *vector.Vector, n int, to vector.Type, try bool) (*vector.Vector, error) {
	out := newCastOut(in, to, n)
	const hexd = "0123456789abcdef"
	for i, s := range in.Str[:n] {
		if !out.Valid.IsValid(i) {
			continue
		}
		if len(s) != 16 {
			s := s
			if err := castFail(out, i, n, try, func() error {
				return errorf("Conversion", "Could not convert blob '%s' to UUID: a UUID needs 16 bytes", vector.FormatBlob(s))
			}); err != nil {
				return nil, err
			}
			continue
		}
		var b [36]byte
		k := 0
		for j := 0; j < 16; j++ {
			if j == 4 || j == 6 || j == 8 || j == 10 {
				b[k] = '-'
				k++
			}
			b[k], b[k+1] = hexd[s[j]>>4], hexd[s[j]&15]
			k += 2
		}
		out.Str[i] = string(b[:])
	}
	return out, nil
}
