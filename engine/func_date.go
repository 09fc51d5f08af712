package engine

import (
	"math"
	"strings"
	"time"

	"github.com/lhsql/lhsql/vector"
)

// datePart identifies a date_part / date_trunc / date_diff specifier.
type datePart uint8

const (
	dpInvalid datePart = iota
	dpYear
	dpMonth
	dpDay
	dpHour
	dpMinute
	dpSecond
	dpMillisecond
	dpMicrosecond
	dpEpoch
	dpDOW
	dpISODOW
	dpDOY
	dpWeek
	dpISOYear
	dpQuarter
	dpDecade
	dpCentury
	dpMillennium
	dpYearWeek
	dpEra
	dpJulian
	dpTimezone
	dpTimezoneHour
	dpTimezoneMinute
)

func parseDatePart(s string) (datePart, bool) {
	switch strings.ToLower(trimSpace(s)) {
	case "year", "years", "y", "yr", "yrs", "yyyy", "yy":
		return dpYear, true
	case "month", "months", "mon", "mons", "mm":
		return dpMonth, true
	case "day", "days", "d", "dayofmonth":
		return dpDay, true
	case "hour", "hours", "h", "hr", "hrs":
		return dpHour, true
	case "minute", "minutes", "m", "min", "mins":
		return dpMinute, true
	case "second", "seconds", "s", "sec", "secs":
		return dpSecond, true
	case "millisecond", "milliseconds", "ms", "msec", "msecs", "millisec", "millisecs":
		return dpMillisecond, true
	case "microsecond", "microseconds", "us", "usec", "usecs", "microsec", "microsecs":
		return dpMicrosecond, true
	case "epoch":
		return dpEpoch, true
	case "dow", "dayofweek", "weekday":
		return dpDOW, true
	case "isodow":
		return dpISODOW, true
	case "doy", "dayofyear":
		return dpDOY, true
	case "week", "weeks", "w", "weekofyear":
		return dpWeek, true
	case "isoyear":
		return dpISOYear, true
	case "quarter", "quarters":
		return dpQuarter, true
	case "decade", "decades", "dec":
		return dpDecade, true
	case "century", "centuries", "c", "cent":
		return dpCentury, true
	case "millennium", "millennia", "millenniums", "mil", "mils":
		return dpMillennium, true
	case "yearweek":
		return dpYearWeek, true
	case "era":
		return dpEra, true
	case "julian":
		return dpJulian, true
	case "timezone":
		return dpTimezone, true
	case "timezone_hour":
		return dpTimezoneHour, true
	case "timezone_minute":
		return dpTimezoneMinute, true
	}
	return dpInvalid, false
}

func badPart(s string) error {
	return errorf("Conversion", "extract specifier \"%s\" not recognized", s)
}

// isoWeek returns the ISO year and week of a date.
func isoWeek(days int64) (int, int) {
	// ISO weekday 1..7 (Monday = 1); 1970-01-01 was a Thursday.
	wd := int(floorMod(days+3, 7)) + 1
	// Thursday of this week decides the year.
	thu := days + int64(4-wd)
	y, _, _ := vector.CivilFromDate(thu)
	jan1 := vector.DateFromCivil(y, 1, 1)
	return y, int((thu-jan1)/7) + 1
}

// dateField extracts part from a date (days since epoch).
func dateField(p datePart, days int64) int64 {
	switch p {
	case dpDOW:
		return floorMod(days+4, 7)
	case dpISODOW:
		return floorMod(days+3, 7) + 1
	case dpWeek:
		_, w := isoWeek(days)
		return int64(w)
	case dpISOYear:
		y, _ := isoWeek(days)
		return int64(y)
	case dpYearWeek:
		y, w := isoWeek(days)
		if y < 0 {
			return int64(y)*100 - int64(w)
		}
		return int64(y)*100 + int64(w)
	case dpEpoch:
		return days * 86400
	case dpJulian:
		return days + 2440588
	}
	y, m, d := vector.CivilFromDate(days)
	switch p {
	case dpYear:
		return int64(y)
	case dpMonth:
		return int64(m)
	case dpDay:
		return int64(d)
	case dpDOY:
		return days - vector.DateFromCivil(y, 1, 1) + 1
	case dpQuarter:
		return int64((m-1)/3 + 1)
	case dpDecade:
		return int64(y / 10)
	case dpCentury:
		if y > 0 {
			return int64((y-1)/100 + 1)
		}
		return int64(y/100 - 1)
	case dpMillennium:
		if y > 0 {
			return int64((y-1)/1000 + 1)
		}
		return int64(y/1000 - 1)
	case dpEra:
		if y > 0 {
			return 1
		}
		return 0
	}
	return 0
}

// timeField extracts a time-of-day part from microseconds since midnight.
func timeField(p datePart, us int64) int64 {
	switch p {
	case dpHour:
		return us / 3600000000
	case dpMinute:
		return us % 3600000000 / 60000000
	case dpSecond:
		return us % 60000000 / 1000000
	case dpMillisecond:
		return us % 60000000 / 1000
	case dpMicrosecond:
		return us % 60000000
	case dpEpoch:
		return us / 1000000
	}
	return 0
}

func isTimePart(p datePart) bool {
	switch p {
	case dpHour, dpMinute, dpSecond, dpMillisecond, dpMicrosecond:
		return true
	}
	return false
}

func splitTimestamp(ts int64) (days, us int64) {
	return floorDiv(ts, vector.MicrosPerDay), floorMod(ts, vector.MicrosPerDay)
}

// extractPart extracts p from a value of temporal type t (as int64).
func extractPart(p datePart, t vector.Type, x int64) (int64, bool) {
	switch t.ID {
	case vector.TypeDate:
		if isTimePart(p) {
			return 0, true
		}
		return dateField(p, x), true
	case vector.TypeTime:
		if isTimePart(p) || p == dpEpoch {
			return timeField(p, x), true
		}
		return 0, false
	default:
		days, us := splitTimestamp(x)
		if isTimePart(p) {
			return timeField(p, us), true
		}
		if p == dpEpoch {
			return floorDiv(x, 1000000), true
		}
		return dateField(p, days), true
	}
}

func intervalPart(p datePart, iv vector.Interval) (int64, bool) {
	switch p {
	case dpYear:
		return int64(iv.Months / 12), true
	case dpMonth:
		return int64(iv.Months % 12), true
	case dpDay:
		return int64(iv.Days), true
	case dpHour:
		return iv.Micros / 3600000000, true
	case dpMinute:
		return iv.Micros % 3600000000 / 60000000, true
	case dpSecond:
		return iv.Micros % 60000000 / 1000000, true
	case dpMillisecond:
		return iv.Micros % 60000000 / 1000, true
	case dpMicrosecond:
		return iv.Micros % 60000000, true
	case dpQuarter:
		return int64(iv.Months%12/3 + 1), true
	case dpDecade:
		return int64(iv.Months / 120), true
	case dpCentury:
		return int64(iv.Months / 1200), true
	case dpMillennium:
		return int64(iv.Months / 12000), true
	}
	return 0, false
}

func intervalEpoch(iv vector.Interval) float64 {
	return float64(iv.Months)*30*86400 + float64(iv.Days)*86400 + float64(iv.Micros)/1e6
}

// datePartKernel extracts a constant part from a temporal column.
func datePartKernel(p datePart, t vector.Type) kernel {
	if t.ID == vector.TypeTimestampTZ && p != dpEpoch {
		return datePartTZKernel(p)
	}
	return func(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		a := args[len(args)-1]
		if p == dpEpoch || p == dpJulian {
			out := vector.New(vector.Double, n)
			out.Valid = shareValidity(n, a)
			for i := range out.F64 {
				if !out.Valid.IsValid(i) {
					continue
				}
				out.F64[i] = epochOf(t, a, i, p)
			}
			return out, nil
		}
		out := vector.New(vector.BigInt, n)
		out.Valid = shareValidity(n, a)
		dst := out.I64[:n]
		if t.ID == vector.TypeInterval {
			for i := range dst {
				if out.Valid.IsValid(i) {
					v, ok := intervalPart(p, a.Iv[idx(a, i)])
					if !ok {
						return nil, errorf("Not implemented", "\"interval\" units \"%s\" not recognized", partName(p))
					}
					dst[i] = v
				}
			}
			return out, nil
		}
		src := a.I64
		if a.Const {
			src = src[:1]
		} else {
			src = src[:n]
		}
		if t.ID == vector.TypeDate && p == dpYear {
			// Hot path: year of a DATE column.
			for i, d := range src {
				dst[i] = yearOfDate(d)
			}
			return out, nil
		}
		for i, x := range src {
			v, ok := extractPart(p, t, x)
			if !ok {
				return nil, errorf("Not implemented", "\"time\" units \"%s\" not recognized", partName(p))
			}
			dst[i] = v
		}
		return out, nil
	}
}

// datePartTZKernel extracts part p (not epoch, which is zone-free) from
// TIMESTAMPTZ values as DuckDB's ICU functions do: calendar and clock
// fields of the wall-clock time in the session zone, and the timezone
// parts from the zone's UTC offset at each instant. Under UTC it is the
// TIMESTAMP kernel.
func datePartTZKernel(p datePart) kernel {
	plain := datePartKernel(p, vector.Timestamp)
	return func(ec *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		z, err := ec.sessionZone()
		if err != nil {
			return nil, err
		}
		if z.IsUTC() {
			return plain(ec, args, n)
		}
		a := args[len(args)-1]
		m := n
		if a.Const {
			m = 1
		}
		zc := z.Cursor()
		local := vector.New(vector.Timestamp, m)
		local.Const = a.Const
		local.Valid = a.Valid
		switch p {
		case dpTimezone, dpTimezoneHour, dpTimezoneMinute:
			out := vector.New(vector.BigInt, n)
			out.Valid = shareValidity(n, a)
			for i, x := range a.I64[:m] {
				off := zc.Offset(x) / 1_000_000
				switch p {
				case dpTimezoneHour:
					off /= 3600
				case dpTimezoneMinute:
					off = off % 3600 / 60
				}
				out.I64[i] = off
			}
			if a.Const {
				for i := 1; i < n; i++ {
					out.I64[i] = out.I64[0]
				}
			}
			return out, nil
		}
		for i, x := range a.I64[:m] {
			local.I64[i] = zc.ToLocal(x)
		}
		largs := append([]*vector.Vector(nil), args...)
		largs[len(largs)-1] = local
		return plain(ec, largs, n)
	}
}

func epochOf(t vector.Type, a *vector.Vector, i int, p datePart) float64 {
	switch t.ID {
	case vector.TypeInterval:
		return intervalEpoch(a.Iv[idx(a, i)])
	case vector.TypeDate:
		d := a.I64[idx(a, i)]
		if p == dpJulian {
			return float64(d + 2440588)
		}
		return float64(d * 86400)
	case vector.TypeTime:
		return float64(a.I64[idx(a, i)]) / 1e6
	}
	x := a.I64[idx(a, i)]
	if p == dpJulian {
		days, us := splitTimestamp(x)
		return float64(days+2440588) + float64(us)/float64(vector.MicrosPerDay)
	}
	return float64(x) / 1e6
}

func partName(p datePart) string {
	names := map[datePart]string{dpYear: "year", dpMonth: "month", dpDay: "day", dpHour: "hour", dpMinute: "minute",
		dpSecond: "second", dpMillisecond: "milliseconds", dpMicrosecond: "microseconds", dpEpoch: "epoch", dpDOW: "dow",
		dpISODOW: "isodow", dpDOY: "doy", dpWeek: "week", dpISOYear: "isoyear", dpQuarter: "quarter", dpDecade: "decade",
		dpCentury: "century", dpMillennium: "millennium", dpYearWeek: "yearweek", dpEra: "era", dpJulian: "julian"}
	return names[p]
}

// temporalArg returns args[i] when it is temporal (DATE/TIME/TIMESTAMP/
// INTERVAL); VARCHAR is not implicitly converted.
func isDateLike(t vector.Type) bool {
	return t.IsTemporal() || t.ID == vector.TypeInterval
}

// bindDatePart binds date_part(part, x) and the single-part shortcuts.
func bindDatePart(name string, part string, partExpr Expr, x Expr, args []Expr) (Expr, error) {
	t := x.Type()
	if t.ID == vector.TypeNull {
		return &Const{Val: vector.NullValue(vector.BigInt)}, nil
	}
	if !isDateLike(t) {
		return nil, noMatch(name, args)
	}
	p, ok := parseDatePart(part)
	if !ok {
		return nil, badPart(part)
	}
	switch p {
	case dpTimezone, dpTimezoneHour, dpTimezoneMinute:
		// As in DuckDB: a TIMESTAMP or TIME has offset 0, a DATE or
		// INTERVAL has no such unit.
		switch t.ID {
		case vector.TypeTimestamp, vector.TypeTime:
			return newFunc(name, vector.BigInt, func(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
				out := vector.New(vector.BigInt, n)
				out.Valid = mergeValidity(n, args[len(args)-1])
				return out, nil
			}, x), nil
		case vector.TypeDate:
			return nil, errorf("Not implemented", "\"date\" units \"%s\" not recognized", part)
		case vector.TypeInterval:
			return nil, errorf("Not implemented", "\"interval\" units \"%s\" not recognized", part)
		}
	}
	rt := vector.BigInt
	if p == dpEpoch || p == dpJulian {
		rt = vector.Double
	}
	if t.ID == vector.TypeTime && !isTimePart(p) && p != dpEpoch {
		return nil, errorf("Not implemented", "\"time\" units \"%s\" not recognized", part)
	}
	if t.ID == vector.TypeInterval {
		if _, ok := intervalPart(p, vector.Interval{}); !ok && p != dpEpoch {
			return nil, errorf("Not implemented", "\"interval\" units \"%s\" not recognized", part)
		}
	}
	var e *FuncExpr
	if partExpr != nil {
		e = newFunc(name, rt, datePartKernel(p, t), partExpr, x)
	} else {
		e = newFunc(name, rt, datePartKernel(p, t), x)
	}
	return e, nil
}

// ---- date_trunc ----

// truncTimestamp truncates microseconds since epoch to part p.
func truncTimestamp(p datePart, ts int64) (int64, bool) {
	days, us := splitTimestamp(ts)
	switch p {
	case dpMicrosecond:
		return ts, true
	case dpMillisecond:
		return days*vector.MicrosPerDay + us/1000*1000, true
	case dpSecond:
		return days*vector.MicrosPerDay + us/1000000*1000000, true
	case dpMinute:
		return days*vector.MicrosPerDay + us/60000000*60000000, true
	case dpHour:
		return days*vector.MicrosPerDay + us/3600000000*3600000000, true
	}
	d, ok := truncDate(p, days)
	return d * vector.MicrosPerDay, ok
}

func truncDate(p datePart, days int64) (int64, bool) {
	switch p {
	case dpMicrosecond, dpMillisecond, dpSecond, dpMinute, dpHour, dpDay:
		return days, true
	case dpWeek, dpYearWeek:
		return days - (floorMod(days+3, 7)), true
	case dpISOYear:
		y, _ := isoWeek(days)
		// Monday of ISO week 1.
		jan4 := vector.DateFromCivil(y, 1, 4)
		return jan4 - floorMod(jan4+3, 7), true
	}
	y, m, _ := vector.CivilFromDate(days)
	switch p {
	case dpMonth:
		return vector.DateFromCivil(y, m, 1), true
	case dpQuarter:
		return vector.DateFromCivil(y, (m-1)/3*3+1, 1), true
	case dpYear:
		return vector.DateFromCivil(y, 1, 1), true
	// DuckDB truncates decades, centuries and millennia to multiples of
	// 10, 100 and 1000 years, toward year zero (2024 -> 2000, -149 ->
	// -100).
	case dpDecade:
		return vector.DateFromCivil(y/10*10, 1, 1), true
	case dpCentury:
		return vector.DateFromCivil(y/100*100, 1, 1), true
	case dpMillennium:
		return vector.DateFromCivil(y/1000*1000, 1, 1), true
	}
	return 0, false
}

func bindDateTrunc(name string, args []Expr) (Expr, error) {
	if len(args) != 2 {
		return nil, noMatch(name, args)
	}
	x := args[1]
	t := x.Type()
	if args[0].Type().ID != vector.TypeVarchar {
		return nil, noMatch(name, args)
	}
	switch t.ID {
	case vector.TypeNull:
		return &Const{Val: vector.NullValue(vector.Timestamp)}, nil
	case vector.TypeDate, vector.TypeTimestamp, vector.TypeTimestampTZ, vector.TypeInterval:
	default:
		return nil, noMatch(name, args)
	}
	pc, constPart := args[0].(*Const)
	rt := t
	if t.ID == vector.TypeDate {
		// DuckDB returns TIMESTAMP for every part, even date-level ones.
		rt = vector.Timestamp
		if constPart && !pc.Val.Null {
			if _, ok := parseDatePart(pc.Val.Str); !ok {
				return nil, badPart(pc.Val.Str)
			}
		}
	}
	fn := func(ec *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		a := args[1]
		// TIMESTAMPTZ values truncate their wall-clock time in the
		// session zone; the result is read back as a wall-clock time
		// there (a repeated hour takes the later instant, as ICU does).
		var zc vector.ZoneCursor
		local := false
		if t.ID == vector.TypeTimestampTZ {
			z, err := ec.sessionZone()
			if err != nil {
				return nil, err
			}
			zc, local = z.Cursor(), !z.IsUTC()
		}
		out := vector.New(rt, n)
		out.Valid = mergeValidity(n, args...)
		var p datePart
		var lastPart string
		for i := 0; i < n; i++ {
			if !out.Valid.IsValid(i) {
				continue
			}
			ps := strOf(args[0], i)
			if p == dpInvalid || ps != lastPart {
				var ok bool
				if p, ok = parseDatePart(ps); !ok {
					return nil, badPart(ps)
				}
				lastPart = ps
			}
			switch t.ID {
			case vector.TypeInterval:
				out.Iv[i] = truncInterval(p, a.Iv[idx(a, i)])
			case vector.TypeDate:
				d, ok := truncDate(p, a.I64[idx(a, i)])
				if !ok {
					return nil, badPart(ps)
				}
				if rt.ID == vector.TypeDate {
					out.I64[i] = d
				} else {
					r, ok := mulI64(d, vector.MicrosPerDay)
					if !ok {
						return nil, errorf("Conversion", "Date out of range: not in timestamp range")
					}
					out.I64[i] = r
				}
			default:
				var r int64
				var ok bool
				if local {
					r, ok = truncTZ(&zc, p, a.I64[idx(a, i)])
				} else {
					r, ok = truncTimestamp(p, a.I64[idx(a, i)])
				}
				if !ok {
					return nil, badPart(ps)
				}
				out.I64[i] = r
			}
		}
		return out, nil
	}
	return newFunc(name, rt, fn, args...), nil
}

func truncInterval(p datePart, iv vector.Interval) vector.Interval {
	switch p {
	case dpMillennium:
		return vector.Interval{Months: iv.Months / 12000 * 12000}
	case dpCentury:
		return vector.Interval{Months: iv.Months / 1200 * 1200}
	case dpDecade:
		return vector.Interval{Months: iv.Months / 120 * 120}
	case dpYear:
		return vector.Interval{Months: iv.Months / 12 * 12}
	case dpQuarter:
		return vector.Interval{Months: iv.Months / 3 * 3}
	case dpMonth:
		return vector.Interval{Months: iv.Months}
	case dpWeek, dpDay:
		return vector.Interval{Months: iv.Months, Days: iv.Days}
	case dpHour:
		return vector.Interval{Months: iv.Months, Days: iv.Days, Micros: iv.Micros / 3600000000 * 3600000000}
	case dpMinute:
		return vector.Interval{Months: iv.Months, Days: iv.Days, Micros: iv.Micros / 60000000 * 60000000}
	case dpSecond:
		return vector.Interval{Months: iv.Months, Days: iv.Days, Micros: iv.Micros / 1000000 * 1000000}
	case dpMillisecond:
		return vector.Interval{Months: iv.Months, Days: iv.Days, Micros: iv.Micros / 1000 * 1000}
	}
	return iv
}

// ---- date_diff ----

// dateDiff counts part boundaries between a and b, each given as days
// since the epoch plus microseconds within the day. ok is false when the
// part is unknown; err reports overflow.
func dateDiff(p datePart, da, ua, db, ub int64) (int64, bool, error) {
	var r int64
	ok := true
	switch p {
	case dpYear:
		return yearOfDate(db) - yearOfDate(da), true, nil
	case dpISOYear:
		ya, _ := isoWeek(da)
		yb, _ := isoWeek(db)
		return int64(yb - ya), true, nil
	case dpMonth, dpQuarter:
		ya, ma, _ := vector.CivilFromDate(da)
		yb, mb, _ := vector.CivilFromDate(db)
		if p == dpQuarter {
			return int64((yb*4 + (mb-1)/3) - (ya*4 + (ma-1)/3)), true, nil
		}
		return int64((yb*12 + mb) - (ya*12 + ma)), true, nil
	case dpDecade:
		return yearOfDate(db)/10 - yearOfDate(da)/10, true, nil
	case dpCentury:
		return yearOfDate(db)/100 - yearOfDate(da)/100, true, nil
	case dpMillennium:
		return yearOfDate(db)/1000 - yearOfDate(da)/1000, true, nil
	case dpDay, dpDOY, dpDOW, dpISODOW, dpJulian:
		return db - da, true, nil
	case dpWeek, dpYearWeek:
		// DuckDB: whole weeks of epoch seconds (truncating division).
		return db*86400/604800 - da*86400/604800, true, nil
	}
	var unit int64
	switch p {
	case dpHour:
		unit = 3600000000
	case dpMinute:
		unit = 60000000
	case dpSecond, dpEpoch:
		unit = 1000000
	case dpMillisecond:
		unit = 1000
	case dpMicrosecond:
		unit = 1
	default:
		return 0, false, nil
	}
	perDay := vector.MicrosPerDay / unit
	x, ok1 := mulAdd(da, perDay, ua/unit)
	y, ok2 := mulAdd(db, perDay, ub/unit)
	if ok1 && ok2 {
		r, ok = subI64(y, x)
	}
	if !ok1 || !ok2 || !ok {
		return 0, true, errorf("Out of Range", "Overflow in date_diff: result does not fit a BIGINT")
	}
	return r, true, nil
}

func splitTemporal(t vector.Type, x int64) (int64, int64) {
	switch t.ID {
	case vector.TypeDate:
		return x, 0
	case vector.TypeTime:
		return 0, x
	}
	return splitTimestamp(x)
}

func bindDateDiff(name string, args []Expr) (Expr, error) {
	if len(args) != 3 || args[0].Type().ID != vector.TypeVarchar {
		return nil, noMatch(name, args)
	}
	ta, tb := args[1].Type(), args[2].Type()
	t, ok := CommonType(ta, tb)
	if !ok || !(t.ID == vector.TypeDate || t.ID == vector.TypeTimestamp || t.ID == vector.TypeTimestampTZ || t.ID == vector.TypeTime) {
		return nil, noMatch(name, args)
	}
	a, err := castTo(args[1], t)
	if err != nil {
		return nil, err
	}
	b, err := castTo(args[2], t)
	if err != nil {
		return nil, err
	}
	fn := rowFn(vector.BigInt, func(v []*vector.Vector, i int, out *vector.Vector) (bool, error) {
		ps := strOf(v[0], i)
		p, ok := parseDatePart(ps)
		if !ok {
			return false, badPart(ps)
		}
		da, ua := splitTemporal(t, i64Of(v[1], i))
		db, ub := splitTemporal(t, i64Of(v[2], i))
		r, ok, err := dateDiff(p, da, ua, db, ub)
		if err != nil {
			return false, err
		}
		if !ok {
			return false, badPart(ps)
		}
		out.I64[i] = r
		return true, nil
	})
	if t.ID == vector.TypeTimestampTZ {
		fn = dateDiffTZ(fn)
	}
	return newFunc(name, vector.BigInt, fn, args[0], a, b), nil
}

// dateDiffTZ wraps the date_diff kernel plain (used under UTC) for
// TIMESTAMPTZ operands as DuckDB's ICU date_diff: calendar parts count
// boundaries of the local calendar in the session zone; clock parts
// count whole units between the instants truncated to the part on the
// local clock (so an hour in a +05:30 zone starts at :30 UTC, and the
// skipped hour of a DST change is not counted).
func dateDiffTZ(plain kernel) kernel {
	return func(ec *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		z, err := ec.sessionZone()
		if err != nil {
			return nil, err
		}
		if z.IsUTC() {
			return plain(ec, args, n)
		}
		zc := z.Cursor()
		out := vector.New(vector.BigInt, n)
		out.Valid = mergeValidity(n, args...)
		var p datePart
		lastPart := ""
		for i := range out.I64 {
			if !out.Valid.IsValid(i) {
				continue
			}
			if ps := strOf(args[0], i); p == dpInvalid || ps != lastPart {
				var ok bool
				if p, ok = parseDatePart(ps); !ok {
					return nil, badPart(ps)
				}
				lastPart = ps
			}
			x, y := i64Of(args[1], i), i64Of(args[2], i)
			if isTimePart(p) || p == dpEpoch {
				x, y = truncOnLocalClock(&zc, p, x), truncOnLocalClock(&zc, p, y)
			} else {
				x, y = zc.ToLocal(x), zc.ToLocal(y)
			}
			da, ua := splitTimestamp(x)
			db, ub := splitTimestamp(y)
			r, ok, err := dateDiff(p, da, ua, db, ub)
			if err != nil {
				return nil, err
			}
			if !ok {
				return nil, badPart(lastPart)
			}
			out.I64[i] = r
		}
		return out, nil
	}
}

// truncOnLocalClock truncates the instant x to clock part p (epoch:
// seconds) on the zone's local clock and returns the instant it starts.
func truncOnLocalClock(zc *vector.ZoneCursor, p datePart, x int64) int64 {
	if p == dpEpoch {
		p = dpSecond
	}
	if x == tsInfinity || x == tsNegInfinity {
		return x
	}
	r, _ := truncTZ(zc, p, x)
	return r
}

// truncTZ truncates the instant x to part p on the zone's local clock and
// calendar, as DuckDB's ICU date_trunc: below an hour the instant keeps
// its offset (it just drops the local fraction of the unit), so a
// repeated hour truncates within itself; from hours up the truncated
// wall-clock time is read back as FromLocal does (the later instant of a
// repeated time). Infinities are unchanged; ok is false for a part that
// does not truncate.
func truncTZ(zc *vector.ZoneCursor, p datePart, x int64) (int64, bool) {
	if x == tsInfinity || x == tsNegInfinity {
		return x, true
	}
	local := zc.ToLocal(x)
	r, ok := truncTimestamp(p, local)
	if !ok {
		return 0, false
	}
	switch p {
	case dpMicrosecond, dpMillisecond, dpSecond, dpMinute:
		return x - (local - r), true
	}
	return zc.FromLocal(r), true
}

// ---- interval arithmetic on dates ----

// addMonths adds months to a date, clamping the day to the month's end.
func addMonths(days int64, months int64) int64 {
	if months == 0 {
		return days
	}
	y, m, d := vector.CivilFromDate(days)
	total := int64(y)*12 + int64(m-1) + months
	ny := int(floorDiv(total, 12))
	nm := int(floorMod(total, 12)) + 1
	if dim := daysInMonth(ny, nm); d > dim {
		d = dim
	}
	return vector.DateFromCivil(ny, nm, d)
}

// addIntervalTS adds iv to a timestamp (microseconds).
func addIntervalTS(ts int64, iv vector.Interval) (int64, bool) {
	if ts == tsInfinity || ts == tsNegInfinity {
		return ts, true
	}
	days, us := splitTimestamp(ts)
	days = addMonths(days, int64(iv.Months)) + int64(iv.Days)
	r, ok := mulAdd(days, vector.MicrosPerDay, us)
	if !ok {
		return 0, false
	}
	return addI64(r, iv.Micros)
}

func negInterval(iv vector.Interval) vector.Interval {
	return vector.Interval{Months: -iv.Months, Days: -iv.Days, Micros: -iv.Micros}
}

// ---- constructors and misc ----

func makeDate(y, m, d int64) (int64, error) {
	if m < 1 || m > 12 || d < 1 || y > 5877641 || y < -5877641 || d > int64(daysInMonth(int(y), int(m))) {
		return 0, errorf("Conversion", "Date out of range: %d-%d-%d", y, m, d)
	}
	return vector.DateFromCivil(int(y), int(m), int(d)), nil
}

func lastDay(days int64) int64 {
	y, m, _ := vector.CivilFromDate(days)
	return vector.DateFromCivil(y, m, daysInMonth(y, m))
}

var dayNames = [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
var monthNames = [13]string{"", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

// nowMicros is the query's current timestamp; it is read at bind time so
// every row (and every chunk) of one statement sees the same value.
func nowMicros() int64 { return time.Now().UnixMicro() }

// temporalMicros converts a DATE or TIMESTAMP value to microseconds.
func temporalMicros(t vector.Type, x int64) int64 {
	if t.ID == vector.TypeDate {
		return x * vector.MicrosPerDay
	}
	return x
}

func roundF(x float64) int64 { return int64(math.Round(x)) }

// Year-start table for the fast year extraction.
const (
	yearTabFirst = 1800
	yearTabLen   = 500
)

var yearTab = func() [yearTabLen + 1]int64 {
	var t [yearTabLen + 1]int64
	for i := range t {
		t[i] = vector.DateFromCivil(yearTabFirst+i, 1, 1)
	}
	return t
}()

// yearOfDate returns the year of a date with a table lookup for years
// 1800..2299 (and the civil algorithm elsewhere).
func yearOfDate(d int64) int64 {
	off := d - yearTab[0]
	if off < 0 || d >= yearTab[yearTabLen] {
		y, _, _ := vector.CivilFromDate(d)
		return int64(y)
	}
	k := off * 400 / 146097 // estimate, off by at most one
	if k >= yearTabLen {
		k = yearTabLen - 1
	}
	if d < yearTab[k] {
		k--
	} else if d >= yearTab[k+1] {
		k++
	}
	return yearTabFirst + k
}
