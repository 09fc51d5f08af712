package engine

import (
	"github.com/lhsql/lhsql/vector"
)

// time_bucket(width INTERVAL, t [, offset INTERVAL | origin]) truncates t
// to the start of the width-wide bucket containing it, as DuckDB does.
// Widths made of days and microseconds bucket on microseconds from the
// origin (default 2000-01-03, a Monday); widths made of months bucket on
// calendar months from the origin's month (default 2000-01). An offset
// shifts the buckets: bucket(t - offset) + offset. t may be a DATE (the
// result is a DATE), TIMESTAMP, TIMESTAMPTZ (taken as UTC) or TIME (placed
// on 1970-01-01; the result is its time of day).

const (
	tbOriginMicros = int64(946857600000000) // 2000-01-03 00:00:00
	tbOriginMonths = int64(360)             // 2000-01 in months since 1970-01
)

func init() {
	register(bindTimeBucket, "time_bucket")
}

func bindTimeBucket(name string, args []Expr) (Expr, error) {
	if len(args) < 2 || len(args) > 3 {
		return nil, noMatch(name, args)
	}
	w, err := castArg(name, args, 0, vector.IntervalType)
	if err != nil {
		return nil, err
	}
	tt := args[1].Type()
	switch tt.ID {
	case vector.TypeDate, vector.TypeTimestamp, vector.TypeTimestampTZ, vector.TypeTime:
	case vector.TypeNull:
		tt = vector.Timestamp
	case vector.TypeVarchar:
		if !isStrLiteral(args[1]) {
			return nil, noMatch(name, args)
		}
		tt = vector.Timestamp
	default:
		return nil, noMatch(name, args)
	}
	t, err := castTo(args[1], tt)
	if err != nil {
		return nil, err
	}
	cs := []Expr{w, t}
	mode := byte(0) // 0: default origin, 'o': offset interval, 'g': origin
	if len(args) == 3 {
		third := args[2]
		switch at := third.Type(); {
		case at.ID == vector.TypeInterval:
			mode = 'o'
		case at.ID == vector.TypeNull:
			mode = 'o'
			third, _ = castTo(third, vector.IntervalType)
		case at.ID == vector.TypeVarchar && tt.ID == vector.TypeTimestampTZ:
			// A constant time zone name: bucket the wall-clock times in
			// that zone (see timeBucketInZone).
			c, ok := third.(*Const)
			if !ok {
				return nil, errorf("Not implemented", "time_bucket with a non-constant time zone")
			}
			if c.Val.Null {
				return &Const{Val: vector.NullValue(tt)}, nil
			}
			z, err := loadZoneArg(c.Val.Str)
			if err != nil {
				return nil, err
			}
			return newFunc(name, tt, timeBucketInZone(z), cs...), nil
		case at.ID == vector.TypeVarchar && isStrLiteral(third):
			mode = 'g'
			if third, err = castTo(third, tt); err != nil {
				return nil, err
			}
		case at.IsTemporal():
			mode = 'g'
			ot := tt
			if tt.ID == vector.TypeDate {
				ot = vector.Date
			}
			if third, err = castTo(third, ot); err != nil {
				return nil, err
			}
		default:
			return nil, noMatch(name, args)
		}
		cs = append(cs, third)
	}
	return newFunc(name, tt, timeBucketKernel(tt, mode), cs...), nil
}

// timeBucketInZone is time_bucket(width, TIMESTAMPTZ, zone) as DuckDB's
// ICU function: a width of days or months buckets each instant's
// wall-clock time in z as a TIMESTAMP (default origin) and reads the
// bucket start back as a wall-clock time in z (as FromLocal does); a
// width of only microseconds buckets the instants themselves from the
// default origin's instant in z.
func timeBucketInZone(z *vector.Zone) kernel {
	plain := timeBucketKernel(vector.Timestamp, 0)
	return func(ec *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		zc := z.Cursor()
		origin := zc.FromLocal(tbOriginMicros)
		w, a := args[0], args[1]
		clock := func(i int) bool {
			iv := w.Iv[idx(w, i)]
			return iv.Months == 0 && iv.Days == 0
		}
		in := vector.New(vector.Timestamp, n)
		in.Valid = shareValidity(n, a)
		for i := range in.I64 {
			x := i64Of(a, i)
			switch {
			case !in.Valid.IsValid(i) || x == tsInfinity || x == tsNegInfinity:
				in.I64[i] = x
			case clock(i):
				// Shift so that plain's origin stands for origin.
				in.I64[i] = x - origin + tbOriginMicros
			default:
				in.I64[i] = zc.ToLocal(x)
			}
		}
		r, err := plain(ec, []*vector.Vector{w, in}, n)
		if err != nil {
			return nil, err
		}
		out := vector.New(vector.TimestampTZ, n)
		out.Valid = shareValidity(n, r)
		for i := range out.I64 {
			if !out.Valid.IsValid(i) {
				continue
			}
			y := r.I64[idx(r, i)]
			switch {
			case y == tsInfinity || y == tsNegInfinity:
				out.I64[i] = y
			case clock(i):
				out.I64[i] = y - tbOriginMicros + origin
			default:
				out.I64[i] = zc.FromLocal(y)
			}
		}
		return out, nil
	}
}

// castArg casts argument i to t, allowing string literals.
func castArg(name string, args []Expr, i int, t vector.Type) (Expr, error) {
	a := args[i]
	if a.Type() != t && a.Type().ID != vector.TypeNull && !isStrLiteral(a) && implicitCastCost(a.Type(), t) < 0 {
		return nil, noMatch(name, args)
	}
	return castTo(a, t)
}

// toMicros converts a value of a temporal type to microseconds since the
// epoch; infinite reports DuckDB's infinity markers.
func toMicros(t vector.Type, x int64) (us int64, infinite bool) {
	switch t.ID {
	case vector.TypeDate:
		if x == dateInfinity || x == dateNegInfinity {
			return x, true
		}
		return x * vector.MicrosPerDay, false
	case vector.TypeTime:
		return x, false
	}
	return x, x == tsInfinity || x == tsNegInfinity
}

func fromMicros(t vector.Type, us int64) int64 {
	switch t.ID {
	case vector.TypeDate:
		return floorDiv(us, vector.MicrosPerDay)
	case vector.TypeTime:
		return floorMod(us, vector.MicrosPerDay)
	}
	return us
}

// epochMonths returns the months since 1970-01 of a timestamp.
func epochMonths(us int64) int64 {
	days, _ := splitTimestamp(us)
	y, m, _ := vector.CivilFromDate(days)
	return (int64(y)-1970)*12 + int64(m) - 1
}

func bucketFloor(x, width, origin int64) (int64, bool) {
	origin %= width
	d, ok := subI64(x, origin)
	if !ok {
		return 0, false
	}
	r := floorDiv(d, width) * width
	return addI64(r, origin)
}

func timeBucketKernel(tt vector.Type, mode byte) kernel {
	return func(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		out := vector.New(tt, n)
		out.Valid = mergeValidity(n, args...)
		for i := 0; i < n; i++ {
			if !out.Valid.IsValid(i) {
				continue
			}
			w := args[0].Iv[idx(args[0], i)]
			if w.Months != 0 && (w.Days != 0 || w.Micros != 0) {
				return nil, errorf("Invalid Input", "Month intervals cannot have day or time component")
			}
			widthUs, ok := mulAdd(int64(w.Days), vector.MicrosPerDay, w.Micros)
			if w.Months < 0 || (w.Months == 0 && (!ok || widthUs <= 0)) {
				return nil, errorf("Out of Range", "Period must be greater than 0")
			}
			x := args[1].I64[idx(args[1], i)]
			ts, inf := toMicros(tt, x)
			if inf {
				out.I64[i] = x
				continue
			}
			if tt.ID == vector.TypeDate && w.Months > 0 && mode == 0 {
				// Month buckets of a date need no timestamp conversion, so
				// they cover the whole DATE range.
				y, m, _ := vector.CivilFromDate(x)
				em := (int64(y)-1970)*12 + int64(m) - 1
				b, _ := bucketFloor(em, int64(w.Months), tbOriginMonths)
				out.I64[i] = vector.DateFromCivil(int(floorDiv(b, 12)+1970), int(floorMod(b, 12))+1, 1)
				continue
			}
			if tt.ID == vector.TypeDate {
				if _, ok := mulI64(x, vector.MicrosPerDay); !ok || x > 106751991 || x < -106751991 {
					return nil, errorf("Conversion", "Date out of range: not in timestamp range")
				}
			}
			originUs, originMonths := tbOriginMicros, tbOriginMonths
			var offset vector.Interval
			switch mode {
			case 'o':
				offset = args[2].Iv[idx(args[2], i)]
				if ts, ok = addIntervalTS(ts, negInterval(offset)); !ok {
					return nil, errorf("Out of Range", "Timestamp out of range")
				}
			case 'g':
				ot := args[2].Typ
				o, oinf := toMicros(ot, args[2].I64[idx(args[2], i)])
				if oinf {
					setNull(&out.Valid, i, n)
					continue
				}
				originUs, originMonths = o, epochMonths(o)
			}
			var r int64
			if w.Months > 0 {
				m, ok := bucketFloor(epochMonths(ts), int64(w.Months), originMonths)
				if !ok {
					return nil, errorf("Out of Range", "Timestamp out of range")
				}
				y := floorDiv(m, 12) + 1970
				mo := floorMod(m, 12) + 1
				r = vector.DateFromCivil(int(y), int(mo), 1) * vector.MicrosPerDay
			} else {
				r, ok = bucketFloor(ts, widthUs, originUs)
				if !ok {
					return nil, errorf("Out of Range", "Overflow in addition")
				}
			}
			if mode == 'o' {
				if r, ok = addIntervalTS(r, offset); !ok {
					return nil, errorf("Out of Range", "Timestamp out of range")
				}
			}
			out.I64[i] = fromMicros(tt, r)
		}
		return out, nil
	}
}
