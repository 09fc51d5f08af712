package engine

import (
	"errors"

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
