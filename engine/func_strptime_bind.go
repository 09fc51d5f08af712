package engine

import (
	"github.com/lhsql/lhsql/vector"
)

// isTemporalForStrftime reports whether t is a type strftime formats.
func isTemporalForStrftime(t vector.Type) bool {
	switch t.ID {
	case vector.TypeDate, vector.TypeTimestamp, vector.TypeTimestampTZ:
		return true
	}
	return false
}

// bindStrftime binds strftime(temporal, format) and DuckDB's reversed
// strftime(format, temporal). As in DuckDB the format must be a
// constant; it is parsed once here, so a bad format is a bind error even
// when the other argument is NULL.
func bindStrftime(name string, args []Expr) (Expr, error) {
	if len(args) != 2 {
		return nil, noMatch(name, args)
	}
	tsIdx := 0
	if !isTemporalForStrftime(args[0].Type()) && isTemporalForStrftime(args[1].Type()) {
		tsIdx = 1
	}
	tsArg, fmtArg := args[tsIdx], args[1-tsIdx]
	tt := tsArg.Type()
	if isStrLiteral(tsArg) {
		tt = vector.Timestamp
	}
	switch tt.ID {
	case vector.TypeDate, vector.TypeTimestamp, vector.TypeTimestampTZ:
	case vector.TypeNull:
		tt = vector.Timestamp
	default:
		return nil, noMatch(name, args)
	}
	ft := fmtArg.Type().ID
	if ft != vector.TypeVarchar && ft != vector.TypeNull {
		return nil, noMatch(name, args)
	}
	fc, ok := fmtArg.(*Const)
	if !ok {
		return nil, errorf("Invalid Input", "strftime format must be a constant")
	}
	ts, err := castTo(tsArg, tt)
	if err != nil {
		return nil, err
	}
	cargs := []Expr{ts, fmtArg}
	if tsIdx == 1 {
		cargs = []Expr{fmtArg, ts}
	}
	if fc.Val.Null {
		return newFunc(name, tV, func(_ *ExecCtx, _ []*vector.Vector, _ int) (*vector.Vector, error) {
			return vector.NullConst(tV), nil
		}, cargs...), nil
	}
	f, err := parseStrfFormat(fc.Val.Str)
	if err != nil {
		return nil, err
	}
	return newFunc(name, tV, strftimeKernel(tt, tsIdx, f), cargs...), nil
}

// strftimeKernel formats argument tsIdx (of type t) with f.
func strftimeKernel(t vector.Type, tsIdx int, f *strfFormat) kernel {
	// Only strftime(TIMESTAMPTZ, format) is DuckDB's ICU function; the
	// reversed strftime(format, TIMESTAMPTZ) formats the UTC instant
	// with an empty %Z.
	isDate, tz := t.ID == vector.TypeDate, t.ID == vector.TypeTimestampTZ && tsIdx == 0
	return func(ec *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		// TIMESTAMPTZ values format their wall-clock time in the session
		// zone, with its offset (%z) and name (%Z).
		var zc vector.ZoneCursor
		zname := ""
		if tz {
			z, err := ec.sessionZone()
			if err != nil {
				return nil, err
			}
			zc, zname = z.Cursor(), z.Name
		}
		a := args[tsIdx]
		out := vector.New(tV, n)
		out.Valid = mergeValidity(n, a)
		var buf []byte
		for i := 0; i < n; i++ {
			if !out.Valid.IsValid(i) {
				continue
			}
			x := i64Of(a, i)
			switch {
			case isDate && x == dateInfinity, !isDate && x == tsInfinity:
				out.Str[i] = "infinity"
				continue
			case isDate && x == dateNegInfinity, !isDate && x == tsNegInfinity:
				out.Str[i] = "-infinity"
				continue
			}
			if isDate {
				x *= vector.MicrosPerDay
			}
			var off int64
			if tz {
				off = zc.Offset(x)
				x += off
				off /= 1_000_000
			}
			buf = appendStrftime(buf[:0], x, f, off, zname)
			out.Str[i] = string(buf)
		}
		return out, nil
	}
}

// bindStrptime binds strptime / try_strptime(string, format) where the
// format is a constant VARCHAR or a constant VARCHAR[] of alternatives
// (tried in order). The result is TIMESTAMP WITH TIME ZONE when a format
// has %z or %Z, else TIMESTAMP. try_strptime yields NULL where strptime
// raises a per-row error; format errors are bind errors for both.
func bindStrptime(name string, args []Expr) (Expr, error) {
	if len(args) != 2 {
		return nil, noMatch(name, args)
	}
	try := name == "try_strptime"
	st := args[0].Type().ID
	if st != vector.TypeVarchar && st != vector.TypeNull {
		return nil, noMatch(name, args)
	}
	ft := args[1].Type()
	isList := ft.ID == vector.TypeList && ft.Nested != nil && ft.Nested.Elem.ID == vector.TypeVarchar
	if ft.ID != vector.TypeVarchar && ft.ID != vector.TypeNull && !isList {
		return nil, noMatch(name, args)
	}
	fc, ok := args[1].(*Const)
	if !ok {
		return nil, errorf("Invalid Input", "strptime format must be a constant")
	}
	if fc.Val.Null {
		return &Const{Val: vector.NullValue(vector.Timestamp)}, nil
	}
	var srcs []string
	if isList {
		if len(fc.Val.List) == 0 {
			return nil, errorf("Invalid Input", "strptime format list must not be empty")
		}
		for _, v := range fc.Val.List {
			if v.Null {
				srcs = append(srcs, "NULL")
			} else {
				srcs = append(srcs, v.Str)
			}
		}
	} else {
		srcs = []string{fc.Val.Str}
	}
	formats := make([]*strfFormat, len(srcs))
	rt := vector.Timestamp
	for i, s := range srcs {
		f, err := parseStrfFormat(s)
		if err != nil {
			return nil, err
		}
		formats[i] = f
		if f.tz {
			rt = vector.TimestampTZ
		}
	}
	in := args[0]
	if st == vector.TypeNull {
		var err error
		if in, err = castTo(in, tV); err != nil {
			return nil, err
		}
	}
	return newFunc(name, rt, func(_ *ExecCtx, v []*vector.Vector, n int) (*vector.Vector, error) {
		a := v[0]
		out := vector.New(rt, n)
		out.Valid = mergeValidity(n, a)
		for i := 0; i < n; i++ {
			if !out.Valid.IsValid(i) {
				continue
			}
			ts, err := strptimeFormats(strOf(a, i), formats)
			if err != nil {
				if !try {
					return nil, err
				}
				setNull(&out.Valid, i, n)
				continue
			}
			out.I64[i] = ts
		}
		return out, nil
	}, in, args[1]), nil
}
