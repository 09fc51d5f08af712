package vector

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Value is a single typed scalar; used for constants, parameters and
// row-at-a-time access outside hot loops. Exactly the field selected by
// Typ.Phys() is meaningful unless Null is set.
type Value struct {
	Typ  Type
	Null bool
	Bool bool
	I64  int64
	F64  float64
	Str  string
	Iv   Interval
	// List holds the elements of a LIST, or the entries of a MAP as
	// STRUCT(key, value) values.
	List []Value
	// Fields holds the field values of a STRUCT, in type order.
	Fields []Value
}

// NullValue returns a NULL of type t.
func NullValue(t Type) Value { return Value{Typ: t, Null: true} }

// IntValue returns a BIGINT value.
func IntValue(x int64) Value { return Value{Typ: BigInt, I64: x} }

// DoubleValue returns a DOUBLE value.
func DoubleValue(x float64) Value { return Value{Typ: Double, F64: x} }

// StringValue returns a VARCHAR value.
func StringValue(s string) Value { return Value{Typ: Varchar, Str: s} }

// BoolValue returns a BOOLEAN value.
func BoolValue(b bool) Value { return Value{Typ: Boolean, Bool: b} }

// Get returns row i of v as a Value.
func (v *Vector) Get(i int) Value {
	if v.Const {
		i = 0
	}
	out := Value{Typ: v.Typ}
	if !v.Valid.IsValid(i) {
		out.Null = true
		return out
	}
	switch v.Typ.Phys() {
	case PhysBool:
		out.Bool = v.Bool[i]
	case PhysInt64:
		out.I64 = v.I64[i]
	case PhysFloat64:
		out.F64 = v.F64[i]
	case PhysString:
		out.Str = v.Str[i]
	case PhysInterval:
		out.Iv = v.Iv[i]
	case PhysList, PhysStruct:
		getNested(v, i, &out)
	}
	return out
}

// Set stores x at row i of a flat vector with room for n rows. x must have
// the vector's physical type.
func (v *Vector) Set(i, n int, x Value) {
	if x.Null {
		v.SetNull(i, n)
		return
	}
	if v.Valid != nil {
		v.Valid.SetValid(i)
	}
	switch v.Typ.Phys() {
	case PhysBool:
		v.Bool[i] = x.Bool
	case PhysInt64:
		v.I64[i] = x.I64
	case PhysFloat64:
		v.F64[i] = x.F64
	case PhysString:
		v.Str[i] = x.Str
	case PhysInterval:
		v.Iv[i] = x.Iv
	case PhysList, PhysStruct:
		setNested(v, i, n, x)
	}
}

// ConstVector returns a constant vector holding x.
func ConstVector(x Value) *Vector {
	v := NewConst(x.Typ)
	v.Set(0, 1, x)
	return v
}

// String renders the value as DuckDB's cast to VARCHAR does; NULL renders
// as "NULL".
func (x Value) String() string {
	if x.Null {
		return "NULL"
	}
	switch x.Typ.ID {
	case TypeBoolean:
		if x.Bool {
			return "true"
		}
		return "false"
	case TypeUBigInt:
		return strconv.FormatUint(uint64(x.I64), 10)
	case TypeTinyInt, TypeSmallInt, TypeInteger, TypeBigInt, TypeUTinyInt, TypeUSmallInt,
		TypeUInteger, TypeHugeInt, TypeNull:
		return strconv.FormatInt(x.I64, 10)
	case TypeDecimal:
		return FormatDecimal(x.I64, int(x.Typ.Scale))
	case TypeFloat:
		return FormatFloat(x.F64, 32)
	case TypeDouble:
		return FormatFloat(x.F64, 64)
	case TypeVarchar, TypeUUID:
		return x.Str
	case TypeBlob:
		return FormatBlob(x.Str)
	case TypeDate:
		return FormatDate(x.I64)
	case TypeTime:
		return FormatTime(x.I64)
	case TypeTimestamp:
		return FormatTimestamp(x.I64)
	case TypeTimestampTZ:
		if x.I64 == math.MaxInt64 || x.I64 == -math.MaxInt64 {
			return FormatTimestamp(x.I64)
		}
		return FormatTimestamp(x.I64) + "+00"
	case TypeInterval:
		return FormatInterval(x.Iv)
	case TypeList, TypeStruct, TypeMap:
		return string(appendNestedValue(nil, x, nil))
	}
	return "?"
}

// Pow10 holds powers of ten that fit in an int64.
var Pow10 = [19]int64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

// FormatDecimal renders an unscaled decimal with the given scale.
func FormatDecimal(u int64, scale int) string {
	if scale == 0 {
		return strconv.FormatInt(u, 10)
	}
	neg := u < 0
	var mag uint64
	if neg {
		mag = uint64(-u)
	} else {
		mag = uint64(u)
	}
	s := strconv.FormatUint(mag, 10)
	if len(s) <= scale {
		s = strings.Repeat("0", scale-len(s)+1) + s
	}
	s = s[:len(s)-scale] + "." + s[len(s)-scale:]
	if neg {
		s = "-" + s
	}
	return s
}

// FormatFloat renders a floating-point number in the shortest form that
// round-trips, as DuckDB does (e.g. 0.1, 1e+21, inf, nan).
func FormatFloat(f float64, bitSize int) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return strconv.FormatFloat(f, 'f', 1, bitSize)
	}
	a := math.Abs(f)
	if a >= 1e-5 && a < 1e15 {
		return strconv.FormatFloat(f, 'f', -1, bitSize)
	}
	s := strconv.FormatFloat(f, 'e', -1, bitSize)
	// Go writes e+21 / e-07; DuckDB writes e+21 / e-07 as well.
	return s
}

// FormatBlob renders bytes with printable ASCII kept and others as \xHH.
func FormatBlob(s string) string {
	var b strings.Builder
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 32 && c < 127 && c != '\\' && c != '\'' && c != '"' {
			b.WriteByte(c)
		} else {
			b.WriteString(`\x`)
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

// epochDays is the civil date of day 0.
var epoch = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)

// DateFromCivil returns days since 1970-01-01 for a proleptic Gregorian date.
func DateFromCivil(y, m, d int) int64 {
	// Algorithm from H. Hinnant's days_from_civil.
	if m <= 2 {
		y--
	}
	era := y
	if era < 0 {
		era -= 399
	}
	era /= 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era*146097 + doe - 719468)
}

// CivilFromDate is the inverse of DateFromCivil.
func CivilFromDate(days int64) (y, m, d int) {
	z := days + 719468
	era := z
	if era < 0 {
		era -= 146096
	}
	era /= 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	yy := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	dd := doy - (153*mp+2)/5 + 1
	mm := mp + 3
	if mm > 12 {
		mm -= 12
	}
	if mm <= 2 {
		yy++
	}
	return int(yy), int(mm), int(dd)
}

// FormatDate renders days since the epoch as YYYY-MM-DD (with " (BC)" for
// years before 1); DuckDB's infinity markers (math.MaxInt32 and its
// negation) render as "infinity" and "-infinity".
func FormatDate(days int64) string {
	switch days {
	case math.MaxInt32:
		return "infinity"
	case -math.MaxInt32:
		return "-infinity"
	}
	y, m, d := CivilFromDate(days)
	var b []byte
	bc := y <= 0
	if bc {
		y = 1 - y
	}
	b = appendPad(b, y, 4)
	b = append(b, '-')
	b = appendPad(b, m, 2)
	b = append(b, '-')
	b = appendPad(b, d, 2)
	if bc {
		b = append(b, " (BC)"...)
	}
	return string(b)
}

func appendPad(b []byte, x, width int) []byte {
	s := strconv.Itoa(x)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// MicrosPerDay is the number of microseconds in a day.
const MicrosPerDay = 86400 * 1000000

// FormatTime renders microseconds since midnight as HH:MM:SS[.ffffff].
func FormatTime(us int64) string {
	return string(appendTime(nil, us))
}

func appendTime(b []byte, us int64) []byte {
	h := us / 3600000000
	us -= h * 3600000000
	mi := us / 60000000
	us -= mi * 60000000
	s := us / 1000000
	us -= s * 1000000
	b = appendPad(b, int(h), 2)
	b = append(b, ':')
	b = appendPad(b, int(mi), 2)
	b = append(b, ':')
	b = appendPad(b, int(s), 2)
	if us != 0 {
		frac := []byte(strconv.FormatInt(us+1000000, 10)[1:])
		for len(frac) > 0 && frac[len(frac)-1] == '0' {
			frac = frac[:len(frac)-1]
		}
		b = append(b, '.')
		b = append(b, frac...)
	}
	return b
}

// FormatTimestamp renders microseconds since the epoch as
// YYYY-MM-DD HH:MM:SS[.ffffff], with " (BC)" after the date for years
// before 1 (as DuckDB does: "1001-01-01 (BC) 01:03:20") and DuckDB's
// infinity markers (math.MaxInt64 and its negation) as "infinity" and
// "-infinity".
func FormatTimestamp(us int64) string {
	switch us {
	case math.MaxInt64:
		return "infinity"
	case -math.MaxInt64:
		return "-infinity"
	}
	days := us / MicrosPerDay
	rem := us % MicrosPerDay
	if rem < 0 {
		rem += MicrosPerDay
		days--
	}
	b := append([]byte(FormatDate(days)), ' ')
	b = appendTime(b, rem)
	return string(b)
}

// FormatInterval renders an interval as DuckDB does, e.g.
// "1 year 2 months 3 days 04:05:06".
func FormatInterval(iv Interval) string {
	var parts []string
	unit := func(n int64, one, many string) {
		if n == 0 {
			return
		}
		if n == 1 || n == -1 {
			parts = append(parts, strconv.FormatInt(n, 10)+" "+one)
		} else {
			parts = append(parts, strconv.FormatInt(n, 10)+" "+many)
		}
	}
	years := int64(iv.Months / 12)
	months := int64(iv.Months % 12)
	unit(years, "year", "years")
	unit(months, "month", "months")
	unit(int64(iv.Days), "day", "days")
	if iv.Micros != 0 {
		us := iv.Micros
		neg := us < 0
		if neg {
			us = -us
		}
		t := string(appendTime(nil, us))
		if us >= 100*3600000000 {
			// hours beyond two digits
			h := us / 3600000000
			t = strconv.FormatInt(h, 10) + string(appendTime(nil, us-h*3600000000))[2:]
		}
		if neg {
			t = "-" + t
		}
		parts = append(parts, t)
	}
	if len(parts) == 0 {
		return "00:00:00"
	}
	return strings.Join(parts, " ")
}

// TimeOf converts days or microseconds of a temporal type to a time.Time in UTC.
func TimeOf(t Type, x int64) time.Time {
	switch t.ID {
	case TypeDate:
		return epoch.AddDate(0, 0, int(x))
	case TypeTime:
		return time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(x) * time.Microsecond)
	}
	return time.UnixMicro(x).UTC()
}
