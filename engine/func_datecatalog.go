package engine

import (
	"math"

	"github.com/lhsql/lhsql/vector"
)

func bindDatePartFunc(name string, args []Expr) (Expr, error) {
	if len(args) != 2 || (args[0].Type().ID != vector.TypeVarchar && args[0].Type().ID != vector.TypeNull) {
		return nil, noMatch(name, args)
	}
	pc, ok := args[0].(*Const)
	if !ok {
		return nil, errorf("Binder", "%s: the part specifier must be a constant", name)
	}
	if pc.Val.Null {
		return &Const{Val: vector.NullValue(tI)}, nil
	}
	return bindDatePart(name, pc.Val.Str, args[0], args[1], args)
}

func singlePart(part string) funcBinder {
	return func(name string, args []Expr) (Expr, error) {
		if len(args) != 1 {
			return nil, noMatch(name, args)
		}
		return bindDatePart(name, part, nil, args[0], args)
	}
}

func registerDateFuncs() {
	register(bindDatePartFunc, "date_part", "datepart", "extract")
	for _, p := range []string{"year", "month", "day", "hour", "minute", "second", "millisecond", "microsecond",
		"quarter", "week", "isodow", "isoyear", "yearweek", "decade", "century", "millennium", "era", "julian"} {
		register(singlePart(p), p)
	}
	register(singlePart("dow"), "dayofweek", "weekday")
	register(singlePart("day"), "dayofmonth")
	register(singlePart("doy"), "dayofyear")
	register(singlePart("week"), "weekofyear")
	register(singlePart("epoch"), "epoch")
	register(bindDateTrunc, "date_trunc", "datetrunc")
	register(bindDateDiff, "date_diff", "datediff")
	register(func(name string, args []Expr) (Expr, error) {
		if len(args) != 2 {
			return nil, noMatch(name, args)
		}
		return bindArith("+", opAdd, args)
	}, "date_add")
	register(overloads(
		sig(vector.Date, rowFn(vector.Date, func(v []*vector.Vector, i int, out *vector.Vector) (bool, error) {
			out.I64[i] = lastDay(i64Of(v[0], i))
			return true, nil
		}), vector.Date),
		sig(vector.Date, rowFn(vector.Date, func(v []*vector.Vector, i int, out *vector.Vector) (bool, error) {
			out.I64[i] = lastDay(floorDiv(i64Of(v[0], i), vector.MicrosPerDay))
			return true, nil
		}), vector.Timestamp),
	), "last_day")
	register(overloads(sig(vector.Date, rowFn(vector.Date, func(v []*vector.Vector, i int, out *vector.Vector) (bool, error) {
		d, err := makeDate(i64Of(v[0], i), i64Of(v[1], i), i64Of(v[2], i))
		out.I64[i] = d
		return err == nil, err
	}), tI, tI, tI)), "make_date")
	register(overloads(sig(vector.Time, rowFn(vector.Time, func(v []*vector.Vector, i int, out *vector.Vector) (bool, error) {
		h, m, s := i64Of(v[0], i), i64Of(v[1], i), f64Of(v[2], i)
		if h < 0 || h > 24 || m < 0 || m > 59 || s < 0 || s >= 61 {
			return false, errorf("Conversion", "Time out of range: %d:%d:%v", h, m, s)
		}
		out.I64[i] = h*3600000000 + m*60000000 + roundF(s*1e6)
		return true, nil
	}), tI, tI, tD)), "make_time")
	register(overloads(
		sig(vector.Timestamp, rowFn(vector.Timestamp, func(v []*vector.Vector, i int, out *vector.Vector) (bool, error) {
			d, err := makeDate(i64Of(v[0], i), i64Of(v[1], i), i64Of(v[2], i))
			if err != nil {
				return false, err
			}
			h, m, s := i64Of(v[3], i), i64Of(v[4], i), f64Of(v[5], i)
			ts, ok := mulAdd(d, vector.MicrosPerDay, h*3600000000+m*60000000+roundF(s*1e6))
			if !ok || ts >= tsInfinity || ts <= tsNegInfinity {
				return false, errorf("Conversion", "Timestamp out of range")
			}
			out.I64[i] = ts
			return true, nil
		}), tI, tI, tI, tI, tI, tD),
		sig(vector.Timestamp, rowFn(vector.Timestamp, func(v []*vector.Vector, i int, out *vector.Vector) (bool, error) {
			x := i64Of(v[0], i)
			if x >= tsInfinity || x <= tsNegInfinity {
				return false, errorf("Conversion", "Timestamp microseconds out of range")
			}
			out.I64[i] = x
			return true, nil
		}), tI),
	), "make_timestamp")
	register(bindStrftime, "strftime")
	register(bindStrptime, "strptime", "try_strptime")
	register(overloads(sig(vector.TimestampTZ, rowFn(vector.TimestampTZ, func(v []*vector.Vector, i int, out *vector.Vector) (bool, error) {
		f := f64Of(v[0], i) * 1e6
		if math.IsNaN(f) || f >= 9.2e18 || f <= -9.2e18 {
			return false, errorf("Conversion", "Epoch seconds out of range for TIMESTAMP WITH TIME ZONE")
		}
		out.I64[i] = int64(math.Round(f))
		return true, nil
	}), tD)), "to_timestamp")
	epochUnit := func(div int64) funcBinder {
		k := func(t vector.Type) kernel {
			return rowI64(func(v []*vector.Vector, i int) int64 {
				return floorDiv(temporalMicros(t, i64Of(v[0], i)), div)
			})
		}
		return overloads(
			sig(tI, k(vector.Date), vector.Date),
			sig(tI, k(vector.Timestamp), vector.Timestamp),
			sig(tI, k(vector.Timestamp), vector.TimestampTZ),
		)
	}
	register(epochUnit(1000), "epoch_ms")
	register(epochUnit(1), "epoch_us")
	register(epochUnit(1000000), "epoch_s")
	nameFn := func(month bool) funcBinder {
		k := func(t vector.Type) kernel {
			return rowStr(tV, func(v []*vector.Vector, i int) (string, error) {
				days := floorDiv(temporalMicros(t, i64Of(v[0], i)), vector.MicrosPerDay)
				if month {
					_, m, _ := vector.CivilFromDate(days)
					return monthNames[m], nil
				}
				return dayNames[dateField(dpDOW, days)], nil
			})
		}
		return overloads(sig(tV, k(vector.Date), vector.Date), sig(tV, k(vector.Timestamp), vector.Timestamp))
	}
	register(nameFn(true), "monthname")
	register(nameFn(false), "dayname")
	noArgs := func(mk func() vector.Value) funcBinder {
		return func(name string, args []Expr) (Expr, error) {
			if len(args) != 0 {
				return nil, noMatch(name, args)
			}
			return &Const{Val: mk()}, nil
		}
	}
	register(noArgs(func() vector.Value {
		return vector.Value{Typ: vector.TimestampTZ, I64: nowMicros()}
	}), "now", "current_timestamp", "get_current_timestamp", "transaction_timestamp")
	register(noArgs(func() vector.Value {
		return vector.Value{Typ: vector.Date, I64: floorDiv(nowMicros(), vector.MicrosPerDay)}
	}), "current_date", "today")
	register(noArgs(func() vector.Value {
		return vector.Value{Typ: vector.Time, I64: floorMod(nowMicros(), vector.MicrosPerDay)}
	}), "current_time", "get_current_time")
}
