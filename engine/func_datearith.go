package engine

import (
	"math"

	"github.com/lhsql/lhsql/vector"
)

// bindTemporalArith binds + and - (and * / for intervals) where at least
// one operand is temporal or an interval. ok is false when no rule applies.
func bindTemporalArith(name string, op arithOp, args []Expr, ta, tb vector.Type) (Expr, bool, error) {
	a, b := args[0], args[1]
	mk := func(rt vector.Type, fn kernel, x, y Expr) (Expr, bool, error) {
		e := newFunc(name, rt, fn, x, y)
		e.infix = isSymbol(name)
		return e, true, nil
	}
	isTS := func(t vector.Type) bool { return t.ID == vector.TypeTimestamp || t.ID == vector.TypeTimestampTZ }
	iv := vector.IntervalType
	switch {
	// DATE +/- integer -> DATE
	case ta.ID == vector.TypeDate && tb.IsInteger() && (op == opAdd || op == opSub):
		y, err := castTo(b, vector.BigInt)
		if err != nil {
			return nil, false, err
		}
		return mk(vector.Date, dateAddDays(op == opSub, false), a, y)
	case tb.ID == vector.TypeDate && ta.IsInteger() && op == opAdd:
		x, err := castTo(a, vector.BigInt)
		if err != nil {
			return nil, false, err
		}
		return mk(vector.Date, dateAddDays(false, true), x, b)
	// DATE - DATE -> BIGINT
	case ta.ID == vector.TypeDate && tb.ID == vector.TypeDate && op == opSub:
		return mk(vector.BigInt, intArith(opSub, vector.BigInt), a, b)
	// DATE/TIMESTAMP +/- INTERVAL -> TIMESTAMP
	case (ta.ID == vector.TypeDate || isTS(ta)) && tb.ID == vector.TypeInterval && (op == opAdd || op == opSub):
		rt := vector.Timestamp
		if ta.ID == vector.TypeTimestampTZ {
			rt = ta
		}
		return mk(rt, tsAddInterval(ta, op == opSub, false), a, b)
	case ta.ID == vector.TypeInterval && (tb.ID == vector.TypeDate || isTS(tb)) && op == opAdd:
		rt := vector.Timestamp
		if tb.ID == vector.TypeTimestampTZ {
			rt = tb
		}
		return mk(rt, tsAddInterval(tb, false, true), a, b)
	// TIME +/- INTERVAL -> TIME
	case ta.ID == vector.TypeTime && tb.ID == vector.TypeInterval && (op == opAdd || op == opSub):
		return mk(vector.Time, timeAddInterval(op == opSub, false), a, b)
	case ta.ID == vector.TypeInterval && tb.ID == vector.TypeTime && op == opAdd:
		return mk(vector.Time, timeAddInterval(false, true), a, b)
	// DATE + TIME, TIMESTAMP + TIME -> TIMESTAMP
	case (ta.ID == vector.TypeDate || isTS(ta)) && tb.ID == vector.TypeTime && op == opAdd:
		return mk(vector.Timestamp, dateAddTime(ta, false), a, b)
	case ta.ID == vector.TypeTime && (tb.ID == vector.TypeDate || isTS(tb)) && op == opAdd:
		return mk(vector.Timestamp, dateAddTime(tb, true), a, b)
	// TIMESTAMP - TIMESTAMP -> INTERVAL, TIME - TIME -> INTERVAL
	// TIMESTAMPTZ - TIMESTAMPTZ, or with a TIMESTAMP or DATE on one side
	// (read as a wall-clock time in the session zone, as DuckDB casts it)
	case op == opSub && (ta.ID == vector.TypeTimestampTZ || tb.ID == vector.TypeTimestampTZ) &&
		(isTS(ta) || ta.ID == vector.TypeDate) && (isTS(tb) || tb.ID == vector.TypeDate):
		x, err := castTo(a, vector.TimestampTZ)
		if err != nil {
			return nil, false, err
		}
		y, err := castTo(b, vector.TimestampTZ)
		if err != nil {
			return nil, false, err
		}
		return mk(iv, tzDiff, x, y)
	case isTS(ta) && isTS(tb) && op == opSub:
		return mk(iv, tsDiff, a, b)
	case (isTS(ta) && tb.ID == vector.TypeDate || ta.ID == vector.TypeDate && isTS(tb)) && op == opSub:
		x, err := castTo(a, vector.Timestamp)
		if err != nil {
			return nil, false, err
		}
		y, err := castTo(b, vector.Timestamp)
		if err != nil {
			return nil, false, err
		}
		return mk(iv, tsDiff, x, y)
	case ta.ID == vector.TypeTime && tb.ID == vector.TypeTime && op == opSub:
		return mk(iv, tsDiff, a, b)
	// INTERVAL +/- INTERVAL
	case ta.ID == vector.TypeInterval && tb.ID == vector.TypeInterval && (op == opAdd || op == opSub):
		return mk(iv, intervalAddSub(op == opSub), a, b)
	// INTERVAL * number, number * INTERVAL, INTERVAL / number
	case ta.ID == vector.TypeInterval && tb.IsNumeric() && (op == opMul || op == opDiv):
		y, err := castTo(b, vector.Double)
		if err != nil {
			return nil, false, err
		}
		if tb.IsInteger() && op == opMul {
			if y, err = castTo(b, vector.BigInt); err != nil {
				return nil, false, err
			}
		}
		return mk(iv, intervalScale(op == opDiv, false), a, y)
	case tb.ID == vector.TypeInterval && ta.IsNumeric() && op == opMul:
		x, err := castTo(a, vector.Double)
		if err != nil {
			return nil, false, err
		}
		if ta.IsInteger() {
			if x, err = castTo(a, vector.BigInt); err != nil {
				return nil, false, err
			}
		}
		return mk(iv, intervalScale(false, true), x, b)
	}
	return nil, false, nil
}

func dateAddDays(sub, swapped bool) kernel {
	return func(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		d, k := args[0], args[1]
		if swapped {
			d, k = k, d
		}
		out := vector.New(vector.Date, n)
		out.Valid = shareValidity(n, d, k)
		for i := range out.I64 {
			x, y := i64Of(d, i), i64Of(k, i)
			if sub {
				y = -y
			}
			r, ok := addI64(x, y)
			if (!ok || r > dateInfinity || r < dateNegInfinity) && out.Valid.IsValid(i) {
				return nil, errorf("Out of Range", "Date out of range")
			}
			out.I64[i] = r
		}
		return out, nil
	}
}

func tsAddInterval(t vector.Type, sub, swapped bool) kernel {
	return func(ec *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		x, y := args[0], args[1]
		if swapped {
			x, y = y, x
		}
		if t.ID == vector.TypeTimestampTZ {
			z, err := ec.sessionZone()
			if err != nil {
				return nil, err
			}
			if !z.IsUTC() {
				return tzAddInterval(z, x, y, n, sub)
			}
		}
		out := vector.New(vector.Timestamp, n)
		out.Valid = shareValidity(n, x, y)
		for i := range out.I64 {
			if !out.Valid.IsValid(i) {
				continue
			}
			v := i64Of(x, i)
			ts := v
			if t.ID == vector.TypeDate {
				switch v {
				case dateInfinity:
					ts = tsInfinity
				case dateNegInfinity:
					ts = tsNegInfinity
				default:
					ts = v * vector.MicrosPerDay
				}
			}
			iv := y.Iv[idx(y, i)]
			if sub {
				iv = negInterval(iv)
			}
			r, ok := addIntervalTS(ts, iv)
			if !ok {
				return nil, errorf("Out of Range", "Timestamp out of range")
			}
			out.I64[i] = r
		}
		return out, nil
	}
}

// tzAddInterval adds (or with sub subtracts) the intervals y to the
// TIMESTAMPTZ values x in zone z (see addIntervalTZ).
func tzAddInterval(z *vector.Zone, x, y *vector.Vector, n int, sub bool) (*vector.Vector, error) {
	zc := z.Cursor()
	out := vector.New(vector.TimestampTZ, n)
	out.Valid = shareValidity(n, x, y)
	for i := range out.I64 {
		if !out.Valid.IsValid(i) {
			continue
		}
		iv := y.Iv[idx(y, i)]
		if sub {
			iv = negInterval(iv)
		}
		r, ok := addIntervalTZ(&zc, i64Of(x, i), iv)
		if !ok {
			return nil, errorf("Out of Range", "Timestamp out of range")
		}
		out.I64[i] = r
	}
	return out, nil
}

// addIntervalTZ adds iv to the instant us as DuckDB's ICU calendar does
// in the cursor's zone: months move the local calendar date (clamped to
// the month's last day) keeping the wall-clock time, read back as
// FromLocal does; days move the instant by whole days and then correct
// for an offset change so that the wall-clock time stays the same where
// that time exists (addDaysTZ); micros move the instant. Infinities are
// unchanged; ok is false on overflow.
func addIntervalTZ(zc *vector.ZoneCursor, us int64, iv vector.Interval) (int64, bool) {
	if us == tsInfinity || us == tsNegInfinity {
		return us, true
	}
	if iv.Months != 0 {
		days, tod := splitTimestamp(zc.ToLocal(us))
		local, ok := mulAdd(addMonths(days, int64(iv.Months)), vector.MicrosPerDay, tod)
		if !ok {
			return 0, false
		}
		us = zc.FromLocal(local)
	}
	if iv.Days != 0 {
		var ok bool
		if us, ok = addDaysTZ(zc, us, int64(iv.Days)); !ok {
			return 0, false
		}
	}
	return addI64(us, iv.Micros)
}

// addDaysTZ adds days whole days to the instant us keeping its
// wall-clock time, as ICU's Calendar::add of a day field does: the
// instant moves by days*24h, and if the zone's offset differs there it
// moves back by the difference (modulo a day) unless that changes the
// time of day, in which case a forward correction is dropped and a
// backward one kept (ICU's default skipped-wall-time rule).
func addDaysTZ(zc *vector.ZoneCursor, us, days int64) (int64, bool) {
	d, ok := mulI64(days, vector.MicrosPerDay)
	if !ok {
		return 0, false
	}
	prevOff := zc.Offset(us)
	prevWall := floorMod(us+prevOff, vector.MicrosPerDay)
	t, ok := addI64(us, d)
	if !ok {
		return 0, false
	}
	newOff := zc.Offset(t)
	if newOff == prevOff {
		return t, true
	}
	adj := (prevOff - newOff) % vector.MicrosPerDay
	if adj == 0 {
		return t, true
	}
	t2 := t + adj
	if floorMod(t2+zc.Offset(t2), vector.MicrosPerDay) != prevWall && adj < 0 {
		return t, true
	}
	return t2, true
}

func timeAddInterval(sub, swapped bool) kernel {
	return func(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		x, y := args[0], args[1]
		if swapped {
			x, y = y, x
		}
		out := vector.New(vector.Time, n)
		out.Valid = shareValidity(n, x, y)
		for i := range out.I64 {
			us := y.Iv[idx(y, i)].Micros
			if sub {
				us = -us
			}
			out.I64[i] = floorMod(i64Of(x, i)+us%vector.MicrosPerDay, vector.MicrosPerDay)
		}
		return out, nil
	}
}

func dateAddTime(t vector.Type, swapped bool) kernel {
	return func(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		x, y := args[0], args[1]
		if swapped {
			x, y = y, x
		}
		out := vector.New(vector.Timestamp, n)
		out.Valid = shareValidity(n, x, y)
		for i := range out.I64 {
			out.I64[i] = temporalMicros(t, i64Of(x, i)) + i64Of(y, i)
		}
		return out, nil
	}
}

// tsDiff returns a - b as an interval of days and microseconds (DuckDB
// normalises whole days out of the microseconds).
func tsDiff(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
	a, b := args[0], args[1]
	out := vector.New(vector.IntervalType, n)
	out.Valid = shareValidity(n, a, b)
	timeOnly := a.Typ.ID == vector.TypeTime
	for i := range out.Iv {
		if !out.Valid.IsValid(i) {
			continue
		}
		d, ok := subI64(i64Of(a, i), i64Of(b, i))
		if !ok {
			return nil, errorf("Out of Range", "Overflow in subtraction of timestamps")
		}
		if timeOnly {
			out.Iv[i] = vector.Interval{Micros: d}
			continue
		}
		days := d / vector.MicrosPerDay
		out.Iv[i] = vector.Interval{Days: int32(days), Micros: d - days*vector.MicrosPerDay}
	}
	return out, nil
}

// tzDiff returns a - b for TIMESTAMPTZ values as DuckDB's ICU
// subtraction does: whole days counted on the session zone's calendar
// (the most days that, added as addDaysTZ adds them, do not pass the
// later value) and the rest as microseconds, negated when a < b. Under
// UTC it is tsDiff.
func tzDiff(ec *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
	z, err := ec.sessionZone()
	if err != nil {
		return nil, err
	}
	if z.IsUTC() {
		return tsDiff(ec, args, n)
	}
	zc := z.Cursor()
	a, b := args[0], args[1]
	out := vector.New(vector.IntervalType, n)
	out.Valid = shareValidity(n, a, b)
	for i := range out.Iv {
		if !out.Valid.IsValid(i) {
			continue
		}
		iv, ok := diffTZ(&zc, i64Of(a, i), i64Of(b, i))
		if !ok {
			return nil, errorf("Out of Range", "Overflow in subtraction of timestamps")
		}
		out.Iv[i] = iv
	}
	return out, nil
}

// diffTZ returns end - start as days on the cursor's zone calendar plus
// microseconds (see tzDiff).
func diffTZ(zc *vector.ZoneCursor, end, start int64) (vector.Interval, bool) {
	neg := end < start
	if neg {
		end, start = start, end
	}
	if _, ok := subI64(end, start); !ok {
		return vector.Interval{}, false
	}
	// Estimate from the wall-clock difference, then settle on the
	// largest count of days whose addition stays <= end.
	days := (zc.ToLocal(end) - zc.ToLocal(start)) / vector.MicrosPerDay
	at := func(d int64) (int64, bool) { return addDaysTZ(zc, start, d) }
	for days > 0 {
		if t, ok := at(days); ok && t <= end {
			break
		}
		days--
	}
	for {
		t, ok := at(days + 1)
		if !ok || t > end {
			break
		}
		days++
	}
	t, _ := at(days)
	if days > math.MaxInt32 {
		return vector.Interval{}, false
	}
	iv := vector.Interval{Days: int32(days), Micros: end - t}
	if neg {
		iv = negInterval(iv)
	}
	return iv, true
}

func intervalAddSub(sub bool) kernel {
	return func(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		a, b := args[0], args[1]
		out := vector.New(vector.IntervalType, n)
		out.Valid = shareValidity(n, a, b)
		for i := range out.Iv {
			x, y := a.Iv[idx(a, i)], b.Iv[idx(b, i)]
			if sub {
				y = negInterval(y)
			}
			m := int64(x.Months) + int64(y.Months)
			d := int64(x.Days) + int64(y.Days)
			us, ok := addI64(x.Micros, y.Micros)
			if (!ok || m > math.MaxInt32 || m < math.MinInt32 || d > math.MaxInt32 || d < math.MinInt32) && out.Valid.IsValid(i) {
				return nil, errorf("Out of Range", "Interval value out of range")
			}
			out.Iv[i] = vector.Interval{Months: int32(m), Days: int32(d), Micros: us}
		}
		return out, nil
	}
}

// intervalScale multiplies (or divides) an interval by a number. Integer
// factors scale each field; fractional factors spill into smaller units.
func intervalScale(div, swapped bool) kernel {
	return func(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		a, f := args[0], args[1]
		if swapped {
			a, f = f, a
		}
		out := vector.New(vector.IntervalType, n)
		out.Valid = mergeValidity(n, a, f)
		for i := range out.Iv {
			if !out.Valid.IsValid(i) {
				continue
			}
			iv := a.Iv[idx(a, i)]
			if f.Typ.Phys() == vector.PhysInt64 {
				k := i64Of(f, i)
				m, ok1 := mulI64(int64(iv.Months), k)
				d, ok2 := mulI64(int64(iv.Days), k)
				us, ok3 := mulI64(iv.Micros, k)
				if !ok1 || !ok2 || !ok3 || m > math.MaxInt32 || m < math.MinInt32 || d > math.MaxInt32 || d < math.MinInt32 {
					return nil, errorf("Out of Range", "Interval multiplication out of range")
				}
				out.Iv[i] = vector.Interval{Months: int32(m), Days: int32(d), Micros: us}
				continue
			}
			k := f64Of(f, i)
			if div {
				if k == 0 {
					setNull(&out.Valid, i, n)
					continue
				}
				k = 1 / k
			}
			fm := float64(iv.Months) * k
			wm := math.Trunc(fm)
			fd := float64(iv.Days)*k + (fm-wm)*30
			wd := math.Trunc(fd)
			fu := float64(iv.Micros)*k + (fd-wd)*float64(vector.MicrosPerDay)
			if math.Abs(wm) > math.MaxInt32 || math.Abs(wd) > math.MaxInt32 || math.Abs(fu) > 9.2e18 || math.IsNaN(fu) {
				return nil, errorf("Out of Range", "Interval multiplication out of range")
			}
			out.Iv[i] = vector.Interval{Months: int32(wm), Days: int32(wd), Micros: int64(math.Round(fu))}
		}
		return out, nil
	}
}
