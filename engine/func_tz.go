package engine

import (
	"errors"
	"math"

	"github.com/lhsql/lhsql/vector"
)

// errZoneUnbound is returned by zone-dependent kernels evaluated while
// folding constants without a session (FoldConstant); the folder then
// leaves the expression for run time, when the session zone is known.
var errZoneUnbound = errors.New("internal error: session time zone not bound")

// sessionZone returns the zone TIMESTAMPTZ kernels work in: the query's
// session zone, UTC when none was given, or errZoneUnbound while folding
// constants outside a session.
func (ec *ExecCtx) sessionZone() (*vector.Zone, error) {
	if ec == nil {
		return vector.UTCZone, nil
	}
	if ec.zoneUnknown {
		return nil, errZoneUnbound
	}
	if ec.zone == nil {
		return vector.UTCZone, nil
	}
	return ec.zone, nil
}

// zoneCastFn is a cast whose result depends on the session time zone; zc
// is a cursor of that zone private to the call.
type zoneCastFn func(zc *vector.ZoneCursor, in *vector.Vector, n int, to vector.Type, try bool) (*vector.Vector, error)

// zoneCastFunc returns the session-zone-aware conversion between from and
// to, or nil when the conversion does not depend on the zone. As in
// DuckDB with ICU, TIMESTAMPTZ values render, parse (without an explicit
// offset) and convert to and from TIMESTAMP, DATE and TIME in the session
// zone.
func zoneCastFunc(from, to vector.Type) zoneCastFn {
	if from.Nested != nil && to.ID == vector.TypeVarchar && vector.HasTimestampTZ(from) {
		return castNestedToVarcharIn
	}
	if from.Nested != nil || to.Nested != nil {
		return nil
	}
	switch {
	case from.ID == vector.TypeTimestampTZ && to.ID == vector.TypeVarchar:
		return castTZToVarchar
	case from.ID == vector.TypeVarchar && to.ID == vector.TypeTimestampTZ:
		return castStrToTZ
	case from.ID == vector.TypeTimestampTZ && to.ID == vector.TypeTimestamp:
		return castTZLocal(castRetype)
	case from.ID == vector.TypeTimestampTZ && to.ID == vector.TypeDate:
		return castTZLocal(castTimestampToDate)
	case from.ID == vector.TypeTimestampTZ && to.ID == vector.TypeTime:
		return castTZLocal(castTimestampToTime)
	case from.ID == vector.TypeTimestamp && to.ID == vector.TypeTimestampTZ:
		return castLocalToTZ(castRetype)
	case from.ID == vector.TypeDate && to.ID == vector.TypeTimestampTZ:
		return castLocalToTZ(castDateToTimestamp)
	}
	return nil
}

// castNestedToVarcharIn renders LIST, STRUCT and MAP values with their
// TIMESTAMPTZ elements in the session zone, as DuckDB does.
func castNestedToVarcharIn(zc *vector.ZoneCursor, in *vector.Vector, n int, to vector.Type, _ bool) (*vector.Vector, error) {
	out := vector.New(vector.Varchar, n)
	for i := 0; i < n; i++ {
		v := in.Get(i)
		if v.Null {
			out.SetNull(i, n)
			continue
		}
		out.Str[i] = v.StringAt(zc)
	}
	return out, nil
}

// castTZToVarchar renders TIMESTAMPTZ values with the session zone's
// offset ("2024-01-01 07:00:00-05").
func castTZToVarchar(zc *vector.ZoneCursor, in *vector.Vector, n int, to vector.Type, _ bool) (*vector.Vector, error) {
	out := newCastOut(in, to, n)
	dst := out.Str[:n]
	var a strArena
	a.buf = make([]byte, 0, n*24)
	for i, x := range in.I64[:n] {
		if out.Valid.IsValid(i) {
			a.buf = vector.AppendTimestampTZ(a.buf, x, zc)
		}
		a.mark()
	}
	a.fill(dst)
	return out, nil
}

// castStrToTZ parses TIMESTAMPTZ text: a value with an explicit offset is
// that instant, one without is a wall-clock time in the session zone.
func castStrToTZ(zc *vector.ZoneCursor, in *vector.Vector, n int, to vector.Type, try bool) (*vector.Vector, error) {
	out := newCastOut(in, to, n)
	dst := out.I64[:n]
	for i, s := range in.Str[:n] {
		if !out.Valid.IsValid(i) {
			continue
		}
		v, hasOff, err := parseTimestampOffset(s)
		if err != nil {
			if err := castFail(out, i, n, try, func() error { return err }); err != nil {
				return nil, err
			}
			continue
		}
		if !hasOff {
			v = zc.FromLocal(v)
		}
		dst[i] = v
	}
	return out, nil
}

// castTZLocal converts TIMESTAMPTZ instants to wall-clock times in the
// session zone and then applies next, a cast from TIMESTAMP.
func castTZLocal(next castFn) zoneCastFn {
	return func(zc *vector.ZoneCursor, in *vector.Vector, n int, to vector.Type, try bool) (*vector.Vector, error) {
		local := vector.New(vector.Timestamp, n)
		local.Valid = in.Valid
		for i, x := range in.I64[:n] {
			local.I64[i] = zc.ToLocal(x)
		}
		return next(local, n, to, try)
	}
}

// castLocalToTZ applies first, a cast to TIMESTAMP, and reads the result
// as wall-clock times in the session zone.
func castLocalToTZ(first castFn) zoneCastFn {
	return func(zc *vector.ZoneCursor, in *vector.Vector, n int, to vector.Type, try bool) (*vector.Vector, error) {
		local, err := first(in, n, to, try)
		if err != nil {
			return nil, err
		}
		// first may return a view of in (castRetype): write a new vector.
		out := vector.New(to, n)
		out.Valid = local.Valid
		for i, x := range local.I64[:n] {
			out.I64[i] = zc.FromLocal(x)
		}
		return out, nil
	}
}

// CastValueIn converts a single value as CastValue does, with
// TIMESTAMPTZ conversions in zone z (nil = UTC).
func CastValueIn(x vector.Value, to vector.Type, try bool, z *vector.Zone) (vector.Value, error) {
	if x.Typ == to {
		return x, nil
	}
	if x.Null {
		return vector.NullValue(to), nil
	}
	zfn := zoneCastFunc(x.Typ, to)
	if zfn == nil {
		return CastValue(x, to, try)
	}
	zc := z.Cursor()
	out, err := zfn(&zc, vector.ConstVector(x), 1, to, try)
	if err != nil {
		return vector.Value{}, err
	}
	v := out.Get(0)
	v.Typ = to
	return v, nil
}

func init() { register(bindTimezone, "timezone") }

// bindTimezone binds timezone(zone, ts), which `ts AT TIME ZONE zone`
// parses to, as DuckDB's ICU function: a TIMESTAMP (or DATE, as its
// midnight) is a wall-clock time in zone and becomes that instant
// (TIMESTAMPTZ); a TIMESTAMPTZ becomes the zone's wall-clock time
// (TIMESTAMP). A constant zone is resolved here, so an unknown name is a
// bind error; a zone column is resolved per distinct run of names.
func bindTimezone(name string, args []Expr) (Expr, error) {
	if len(args) != 2 {
		return nil, noMatch(name, args)
	}
	switch args[0].Type().ID {
	case vector.TypeVarchar, vector.TypeNull:
	default:
		return nil, noMatch(name, args)
	}
	x := args[1]
	var rt vector.Type
	switch x.Type().ID {
	case vector.TypeTimestampTZ:
		rt = vector.Timestamp
	case vector.TypeTimestamp, vector.TypeDate, vector.TypeNull:
		rt = vector.TimestampTZ
		var err error
		if x, err = castTo(x, vector.Timestamp); err != nil {
			return nil, err
		}
	default:
		return nil, noMatch(name, args)
	}
	zoneArg, err := castTo(args[0], vector.Varchar)
	if err != nil {
		return nil, err
	}
	toInstant := rt.ID == vector.TypeTimestampTZ
	if c, ok := zoneArg.(*Const); ok {
		if c.Val.Null {
			return &Const{Val: vector.NullValue(rt)}, nil
		}
		z, err := loadZoneArg(c.Val.Str)
		if err != nil {
			return nil, err
		}
		return newFunc(name, rt, func(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
			zc := z.Cursor()
			a := args[1]
			out := vector.New(rt, n)
			out.Valid = shareValidity(n, a)
			for i := range out.I64 {
				out.I64[i] = convertAtZone(&zc, i64Of(a, i), toInstant)
			}
			return out, nil
		}, zoneArg, x), nil
	}
	return newFunc(name, rt, func(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		zs, a := args[0], args[1]
		out := vector.New(rt, n)
		out.Valid = mergeValidity(n, zs, a)
		var zc vector.ZoneCursor
		last, loaded := "", false
		for i := range out.I64 {
			if !out.Valid.IsValid(i) {
				continue
			}
			if s := strOf(zs, i); !loaded || s != last {
				z, err := loadZoneArg(s)
				if err != nil {
					return nil, err
				}
				zc, last, loaded = z.Cursor(), s, true
			}
			out.I64[i] = convertAtZone(&zc, i64Of(a, i), toInstant)
		}
		return out, nil
	}, zoneArg, x), nil
}

// convertAtZone reads the wall-clock time x as an instant in the
// cursor's zone (toInstant) or the instant x as its wall-clock time.
func convertAtZone(zc *vector.ZoneCursor, x int64, toInstant bool) int64 {
	if toInstant {
		return zc.FromLocal(x)
	}
	return zc.ToLocal(x)
}

// loadZoneArg resolves a zone name given to timezone() / AT TIME ZONE,
// failing as DuckDB does for an unknown name.
func loadZoneArg(name string) (*vector.Zone, error) {
	z, err := vector.LoadZone(name)
	if err != nil {
		return nil, errorf("Not implemented", "Unknown TimeZone '%s'!", name)
	}
	return z, nil
}

func init() { register(bindMakeTimestampTZ, "make_timestamptz") }

// bindMakeTimestampTZ binds make_timestamptz as DuckDB's ICU function:
// (micros) is that instant; (year, month, day, hour, minute, seconds
// [, zone]) is a wall-clock time in zone (default: the session zone),
// with out-of-range fields carried over as ICU's lenient calendar does
// (month 13 is January of the next year), read back as FromLocal does.
func bindMakeTimestampTZ(name string, args []Expr) (Expr, error) {
	switch len(args) {
	case 1:
		x, err := castTo(args[0], vector.BigInt)
		if err != nil {
			return nil, noMatch(name, args)
		}
		return newFunc(name, vector.TimestampTZ, func(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
			a := args[0]
			out := vector.New(vector.TimestampTZ, n)
			out.Valid = shareValidity(n, a)
			for i := range out.I64 {
				out.I64[i] = i64Of(a, i)
			}
			return out, nil
		}, x), nil
	case 6, 7:
	default:
		return nil, noMatch(name, args)
	}
	cargs := make([]Expr, len(args))
	for i, a := range args {
		t := vector.BigInt
		switch i {
		case 5:
			t = vector.Double
		case 6:
			t = vector.Varchar
		}
		c, err := castTo(a, t)
		if err != nil {
			return nil, noMatch(name, args)
		}
		cargs[i] = c
	}
	var fixed *vector.Zone
	if len(cargs) == 7 {
		if c, ok := cargs[6].(*Const); ok {
			if c.Val.Null {
				return &Const{Val: vector.NullValue(vector.TimestampTZ)}, nil
			}
			z, err := loadZoneArg(c.Val.Str)
			if err != nil {
				return nil, err
			}
			fixed = z
		}
	}
	return newFunc(name, vector.TimestampTZ, func(ec *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		z := fixed
		perRow := len(args) == 7 && fixed == nil
		if len(args) == 6 {
			var err error
			if z, err = ec.sessionZone(); err != nil {
				return nil, err
			}
		}
		var zc vector.ZoneCursor
		if z != nil {
			zc = z.Cursor()
		}
		out := vector.New(vector.TimestampTZ, n)
		out.Valid = mergeValidity(n, args...)
		last, loaded := "", false
		for i := range out.I64 {
			if !out.Valid.IsValid(i) {
				continue
			}
			if perRow {
				if s := strOf(args[6], i); !loaded || s != last {
					rz, err := loadZoneArg(s)
					if err != nil {
						return nil, err
					}
					zc, last, loaded = rz.Cursor(), s, true
				}
			}
			local, ok := lenientLocal(i64Of(args[0], i), i64Of(args[1], i), i64Of(args[2], i),
				i64Of(args[3], i), i64Of(args[4], i), f64Of(args[5], i))
			if !ok {
				return nil, errorf("Conversion", "Timestamp out of range")
			}
			out.I64[i] = zc.FromLocal(local)
		}
		return out, nil
	}, cargs...), nil
}

// lenientLocal returns the wall-clock time (microseconds since the epoch)
// of the given fields, carrying out-of-range months, days, hours,
// minutes and seconds into the larger units; ok is false when the result
// is not a finite timestamp.
func lenientLocal(y, mo, d, h, mi int64, s float64) (int64, bool) {
	if y < -290000 || y > 294000 || mo < -1e6 || mo > 1e6 || math.IsNaN(s) || math.Abs(s) > 1e12 {
		return 0, false
	}
	total := y*12 + mo - 1
	days := vector.DateFromCivil(int(floorDiv(total, 12)), int(floorMod(total, 12))+1, 1)
	days, ok := addI64(days, d-1)
	if !ok {
		return 0, false
	}
	us, ok1 := mulAdd(h, 3_600_000_000, 0)
	m, ok2 := mulAdd(mi, 60_000_000, 0)
	if !ok1 || !ok2 {
		return 0, false
	}
	clock, ok := addI64(us, m)
	if !ok {
		return 0, false
	}
	if clock, ok = addI64(clock, int64(math.Round(s*1e6))); !ok {
		return 0, false
	}
	r, ok := mulAdd(days, vector.MicrosPerDay, clock)
	if !ok || r >= tsInfinity || r <= tsNegInfinity {
		return 0, false
	}
	return r, true
}
