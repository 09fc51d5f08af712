package engine

import (
	"math"

	"github.com/lhsql/lhsql/vector"
)

// maxRangeLen bounds each list built by range and generate_series, so a
// typo such as range(1e12) fails instead of exhausting memory.
const maxRangeLen = 1 << 26

// bindListRange binds the scalar range and generate_series, which return
// the series as a LIST: range(stop) and range(start, stop[, step]) over
// BIGINT, and range(start, stop, step INTERVAL) over TIMESTAMP or
// TIMESTAMPTZ (DATE arguments widen to TIMESTAMP, as in DuckDB). range
// excludes stop and generate_series includes it. As in DuckDB, a zero step
// or a step pointing away from stop gives an empty list and a NULL argument
// a NULL list.
func bindListRange(name string, args []Expr) (Expr, error) {
	if len(args) < 1 || len(args) > 3 {
		return nil, noMatch(name, args)
	}
	inclusive := name == "generate_series"
	temporal, tz := false, false
	for _, a := range args {
		switch a.Type().ID {
		case vector.TypeDate, vector.TypeTimestamp, vector.TypeInterval:
			temporal = true
		case vector.TypeTimestampTZ:
			temporal, tz = true, true
		}
	}
	want := []vector.Type{vector.BigInt, vector.BigInt, vector.BigInt}
	if temporal {
		if len(args) != 3 {
			return nil, noMatch(name, args)
		}
		et := vector.Timestamp
		if tz {
			et = vector.TimestampTZ
		}
		want = []vector.Type{et, et, vector.IntervalType}
	}
	cs := make([]Expr, len(args))
	for i, a := range args {
		c, err := castTo(a, want[i])
		if err != nil {
			return nil, noMatch(name, args)
		}
		cs[i] = c
	}
	lt := vector.ListOf(want[0])
	if temporal {
		return newFunc(name, lt, tsListRange(name, lt, inclusive), cs...), nil
	}
	return newFunc(name, lt, intListRange(name, lt, inclusive), cs...), nil
}

// intListRange is the kernel of the BIGINT list range; args are stop, or
// start and stop, or start, stop and step.
func intListRange(name string, lt vector.Type, inclusive bool) kernel {
	return func(_ *ExecCtx, vs []*vector.Vector, n int) (*vector.Vector, error) {
		out := vector.New(lt, n)
		out.Valid = shareValidity(n, vs...)
		var elems []int64
		for i := 0; i < n; i++ {
			out.List[i].Off = uint32(len(elems))
			if !out.Valid.IsValid(i) {
				continue
			}
			start, stop, step := int64(0), i64Of(vs[0], i), int64(1)
			if len(vs) >= 2 {
				start, stop = i64Of(vs[0], i), i64Of(vs[1], i)
			}
			if len(vs) == 3 {
				step = i64Of(vs[2], i)
			}
			if step == 0 {
				continue
			}
			cnt, err := linearCount(name, start, stop, step, inclusive)
			if err != nil {
				return nil, err
			}
			if err := checkListRange(name, cnt, len(elems)); err != nil {
				return nil, err
			}
			for v, k := start, int64(0); k < cnt; k++ {
				elems = append(elems, v)
				v += step
			}
			out.List[i].Len = uint32(cnt)
		}
		out.Child = &vector.Vector{Typ: vector.BigInt, I64: elems}
		return out, nil
	}
}

// tsListRange is the kernel of the TIMESTAMP list range: each element is
// the previous one plus the interval (calendar addition, so a day clamped
// at a month's end stays clamped), as DuckDB computes it.
//
// TIMESTAMPTZ elements add the interval in the session zone's calendar
// (addIntervalTZ), as DuckDB's ICU range does.
func tsListRange(name string, lt vector.Type, inclusive bool) kernel {
	return func(ec *ExecCtx, vs []*vector.Vector, n int) (*vector.Vector, error) {
		var zc vector.ZoneCursor
		inZone := false
		if lt.Nested.Elem.ID == vector.TypeTimestampTZ {
			z, err := ec.sessionZone()
			if err != nil {
				return nil, err
			}
			zc, inZone = z.Cursor(), !z.IsUTC()
		}
		out := vector.New(lt, n)
		out.Valid = shareValidity(n, vs...)
		var elems []int64
		for i := 0; i < n; i++ {
			out.List[i].Off = uint32(len(elems))
			if !out.Valid.IsValid(i) {
				continue
			}
			cur, stop, iv := i64Of(vs[0], i), i64Of(vs[1], i), vs[2].Iv[idx(vs[2], i)]
			pos, neg := intervalSigns(iv)
			switch {
			case !pos && !neg:
				continue
			case isInfiniteTS(cur) || isInfiniteTS(stop):
				return nil, errorf("Invalid Input", "Interval infinite bounds not supported")
			case pos && neg:
				return nil, errorf("Invalid Input", "Interval with mix of negative/positive entries not supported")
			}
			first := len(elems)
			for pos && (cur < stop || inclusive && cur == stop) || neg && (cur > stop || inclusive && cur == stop) {
				if err := checkListRange(name, int64(len(elems)-first+1), first); err != nil {
					return nil, err
				}
				elems = append(elems, cur)
				var next int64
				var ok bool
				if inZone {
					next, ok = addIntervalTZ(&zc, cur, iv)
				} else {
					next, ok = addIntervalTS(cur, iv)
				}
				if !ok || isInfiniteTS(next) {
					break
				}
				cur = next
			}
			out.List[i].Len = uint32(len(elems) - first)
		}
		out.Child = &vector.Vector{Typ: lt.Nested.Elem, I64: elems}
		return out, nil
	}
}

// checkListRange fails when a list of cnt elements is too long, or would
// not fit after the have elements of the chunk's earlier lists (list
// offsets are 32 bits).
func checkListRange(name string, cnt int64, have int) error {
	if cnt > maxRangeLen {
		return errorf("Invalid Input", "%s: lists larger than %d elements are not supported", name, maxRangeLen)
	}
	if int64(have)+cnt > math.MaxUint32 {
		return errorf("Invalid Input", "%s: the lists of one chunk hold more than %d elements", name, uint64(math.MaxUint32))
	}
	return nil
}
