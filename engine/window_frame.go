package engine

import (
	"fmt"
	"math"

	"github.com/lhsql/lhsql/vector"
)

// winRangeKind is the value domain of a RANGE frame with offsets.
type winRangeKind uint8

const (
	rangeInt        winRangeKind = iota // int64 key and offset (same scale)
	rangeFloat                          // compared as float64
	rangeTSInterval                     // DATE/TIMESTAMP key, INTERVAL offset (microseconds)
	rangeTimeInterval
	rangeIntervalKey // INTERVAL key and offset
)

// winFramer computes the frame of each row of one function.
type winFramer struct {
	ev       *winEval
	fr       *WindowFrame
	startOff *vector.Vector
	endOff   *vector.Vector

	// RANGE with offsets.
	rangeOn bool
	kind    winRangeKind
	key     *vector.Vector
	desc    bool
	nulls1  bool    // NULL keys sort first
	ints    []int64 // sortable key values (negated for DESC)
	floats  []float64
	nnPart  int // partition start the non-NULL range was computed for
	nnLo    int
	nnHi    int
}

func newWinFramer(ev *winEval, fi int) (*winFramer, error) {
	f := ev.s.funcs[fi]
	fc := ev.s.fcols[fi]
	fr := &winFramer{ev: ev, fr: &f.Frame, startOff: ev.col(fc.startOff), endOff: ev.col(fc.endOff), nnPart: -1}
	needRange := f.Frame.Mode == FrameRange &&
		(f.Frame.Start == BoundPreceding || f.Frame.Start == BoundFollowing ||
			f.Frame.End == BoundPreceding || f.Frame.End == BoundFollowing)
	if !needRange {
		return fr, nil
	}
	if len(ev.s.order) != 1 {
		return nil, fmt.Errorf("Binder Error: RANGE frames must have only one ORDER BY expression")
	}
	fr.rangeOn = true
	fr.key = ev.col(ev.s.order[0])
	fr.desc = ev.s.keys[0].Desc
	fr.nulls1 = ev.s.keys[0].NullsFirst
	offT := vector.Type{}
	if fr.startOff != nil {
		offT = fr.startOff.Typ
	} else if fr.endOff != nil {
		offT = fr.endOff.Typ
	}
	kt := fr.key.Typ
	switch {
	case offT.ID == vector.TypeInterval:
		switch kt.ID {
		case vector.TypeDate, vector.TypeTimestamp, vector.TypeTimestampTZ:
			fr.kind = rangeTSInterval
		case vector.TypeTime:
			fr.kind = rangeTimeInterval
		case vector.TypeInterval:
			fr.kind = rangeIntervalKey
		default:
			return nil, fmt.Errorf("Binder Error: Invalid type for Window RANGE expression: %s with INTERVAL offset", kt)
		}
	case kt.Phys() == vector.PhysInt64 && offT.Phys() == vector.PhysInt64 &&
		(kt.ID != vector.TypeDecimal && offT.ID != vector.TypeDecimal || kt.ID == offT.ID && kt.Scale == offT.Scale):
		fr.kind = rangeInt
	case (kt.IsNumeric() || kt.Phys() == vector.PhysInt64) && (offT.IsNumeric() || offT.ID == vector.TypeNull):
		fr.kind = rangeFloat
	default:
		return nil, fmt.Errorf("Binder Error: Invalid type for Window RANGE expression: %s with %s offset", kt, offT)
	}
	n := ev.n
	if fr.kind == rangeFloat {
		fr.floats = make([]float64, n)
		for p := 0; p < n; p++ {
			x := numAt(fr.key, p, decimalScale(kt))
			if fr.desc {
				x = -x
			}
			fr.floats[p] = x
		}
	} else {
		fr.ints = make([]int64, n)
		for p := 0; p < n; p++ {
			var x int64
			switch fr.kind {
			case rangeInt, rangeTimeInterval:
				x = fr.key.I64[p]
			case rangeTSInterval:
				x = fr.key.I64[p]
				if kt.ID == vector.TypeDate {
					x = dateMicros(x)
				}
			case rangeIntervalKey:
				x = intervalKey(fr.key.Iv[p])
			}
			if fr.desc {
				x = negSat(x)
			}
			fr.ints[p] = x
		}
	}
	return fr, nil
}

func dateMicros(d int64) int64 {
	switch d {
	case dateInfinity:
		return tsInfinity
	case dateNegInfinity:
		return tsNegInfinity
	}
	return d * vector.MicrosPerDay
}

func negSat(x int64) int64 {
	if x == math.MinInt64 {
		return math.MaxInt64
	}
	return -x
}

func addSat(a, b int64) int64 {
	r, ok := addI64(a, b)
	if ok {
		return r
	}
	if b > 0 {
		return math.MaxInt64
	}
	return math.MinInt64
}

func modeName(m FrameMode) string {
	switch m {
	case FrameRows:
		return "ROWS"
	case FrameGroups:
		return "GROUPS"
	}
	return "RANGE"
}

func (fr *winFramer) offErr(kind FrameBoundKind) error {
	dir := "PRECEDING"
	if kind == BoundFollowing {
		dir = "FOLLOWING"
	}
	return fmt.Errorf("Out of Range Error: Invalid %s %s value", modeName(fr.fr.Mode), dir)
}

// intOffset reads a ROWS/GROUPS offset.
func (fr *winFramer) intOffset(v *vector.Vector, i int, kind FrameBoundKind) (int64, error) {
	x, ok := intArg(v, i)
	if !ok || x < 0 {
		return 0, fr.offErr(kind)
	}
	return x, nil
}

// bounds returns the frame [s, e) of sorted row i in partition [ps, pe)
// before exclusion; s >= e means an empty frame.
func (fr *winFramer) bounds(i, ps, pe int) (int, int, error) {
	s, err := fr.bound(fr.fr.Start, fr.startOff, true, i, ps, pe)
	if err != nil {
		return 0, 0, err
	}
	e, err := fr.bound(fr.fr.End, fr.endOff, false, i, ps, pe)
	if err != nil {
		return 0, 0, err
	}
	return s, e, nil
}

func (fr *winFramer) bound(kind FrameBoundKind, off *vector.Vector, start bool, i, ps, pe int) (int, error) {
	ev := fr.ev
	switch kind {
	case BoundUnboundedPreceding:
		return ps, nil
	case BoundUnboundedFollowing:
		return pe, nil
	}
	switch fr.fr.Mode {
	case FrameRows:
		var t int64
		switch kind {
		case BoundCurrentRow:
			t = int64(i)
		case BoundPreceding:
			o, err := fr.intOffset(off, i, kind)
			if err != nil {
				return 0, err
			}
			t = int64(i) - o
		case BoundFollowing:
			o, err := fr.intOffset(off, i, kind)
			if err != nil {
				return 0, err
			}
			t = int64(i) + min(o, int64(pe))
		}
		if !start {
			t++
		}
		return int(max(int64(ps), min(int64(pe), t))), nil
	case FrameGroups:
		g := int64(ev.gidx[i])
		g0, g1 := int64(ev.gidx[ps]), int64(ev.gidx[pe-1])
		switch kind {
		case BoundPreceding:
			o, err := fr.intOffset(off, i, kind)
			if err != nil {
				return 0, err
			}
			g -= o
		case BoundFollowing:
			o, err := fr.intOffset(off, i, kind)
			if err != nil {
				return 0, err
			}
			g += min(o, int64(pe))
		}
		if start {
			switch {
			case g < g0:
				return ps, nil
			case g > g1:
				return pe, nil
			}
			return int(ev.gstart[g]), nil
		}
		switch {
		case g < g0:
			return ps, nil
		case g > g1:
			return pe, nil
		}
		return int(ev.gstart[g+1]), nil
	}
	// RANGE
	gs, ge := ev.peers(i)
	if kind == BoundCurrentRow {
		if start {
			return gs, nil
		}
		return ge, nil
	}
	if !fr.key.Valid.IsValid(i) {
		// A NULL key: the frame bound is its peer group.
		if start {
			return gs, nil
		}
		return ge, nil
	}
	fr.nonNull(ps, pe)
	if off == nil || !off.Valid.IsValid(i) {
		return 0, fr.offErr(kind)
	}
	sub := (kind == BoundPreceding) != fr.desc // raw key - offset
	lo, hi := fr.nnLo, fr.nnHi
	if fr.kind == rangeFloat {
		o := numAt(off, i, decimalScale(off.Typ))
		if o < 0 || o != o {
			return 0, fr.offErr(kind)
		}
		raw := numAt(fr.key, i, decimalScale(fr.key.Typ))
		if sub {
			raw -= o
		} else {
			raw += o
		}
		t := raw
		if fr.desc {
			t = -raw
		}
		return searchFloat(fr.floats, lo, hi, t, start), nil
	}
	var raw int64
	switch fr.kind {
	case rangeInt:
		o := off.I64[i]
		if o < 0 {
			return 0, fr.offErr(kind)
		}
		if sub {
			o = negSat(o)
		}
		raw = addSat(fr.key.I64[i], o)
	case rangeTSInterval:
		iv := off.Iv[i]
		if intervalKey(iv) < 0 {
			return 0, fr.offErr(kind)
		}
		if sub {
			iv = negInterval(iv)
		}
		x := fr.key.I64[i]
		if fr.key.Typ.ID == vector.TypeDate {
			x = dateMicros(x)
		}
		r, ok := addIntervalTS(x, iv)
		if !ok {
			if sub {
				r = math.MinInt64
			} else {
				r = math.MaxInt64
			}
		}
		raw = r
	case rangeTimeInterval:
		iv := off.Iv[i]
		if intervalKey(iv) < 0 {
			return 0, fr.offErr(kind)
		}
		d := int64(iv.Days)*vector.MicrosPerDay + iv.Micros
		if sub {
			d = -d
		}
		raw = addSat(fr.key.I64[i], d)
	case rangeIntervalKey:
		d := intervalKey(off.Iv[i])
		if d < 0 {
			return 0, fr.offErr(kind)
		}
		if sub {
			d = -d
		}
		raw = addSat(intervalKey(fr.key.Iv[i]), d)
	}
	t := raw
	if fr.desc {
		t = negSat(raw)
	}
	return searchInt(fr.ints, lo, hi, t, start), nil
}

// nonNull computes the range of non-NULL keys of partition [ps, pe).
func (fr *winFramer) nonNull(ps, pe int) {
	if fr.nnPart == ps {
		return
	}
	fr.nnPart = ps
	lo, hi := ps, pe
	v := fr.key.Valid
	if v != nil {
		if fr.nulls1 {
			for lo < hi && !v.IsValid(lo) {
				lo++
			}
		} else {
			for hi > lo && !v.IsValid(hi-1) {
				hi--
			}
		}
	}
	fr.nnLo, fr.nnHi = lo, hi
}

// searchInt returns the first position in [lo, hi) whose value is >= t
// (start) or > t (end).
func searchInt(xs []int64, lo, hi int, t int64, start bool) int {
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if xs[m] < t || (!start && xs[m] == t) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

func searchFloat(xs []float64, lo, hi int, t float64, start bool) int {
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if xs[m] < t || (!start && xs[m] == t) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// ranges returns the frame of row i as up to three disjoint, ordered
// ranges after applying the EXCLUDE clause.
func (fr *winFramer) ranges(i, ps, pe int, out *[3][2]int) (int, error) {
	s, e, err := fr.bounds(i, ps, pe)
	if err != nil {
		return 0, err
	}
	return fr.exclude(i, s, e, out), nil
}

func (fr *winFramer) exclude(i, s, e int, out *[3][2]int) int {
	if s >= e {
		return 0
	}
	nr := 0
	add := func(a, b int) {
		a, b = max(a, s), min(b, e)
		if a < b {
			out[nr] = [2]int{a, b}
			nr++
		}
	}
	switch fr.fr.Exclude {
	case ExcludeCurrentRow:
		add(s, i)
		add(i+1, e)
	case ExcludeGroup:
		gs, ge := fr.ev.peers(i)
		add(s, gs)
		add(ge, e)
	case ExcludeTies:
		gs, ge := fr.ev.peers(i)
		add(s, gs)
		add(i, i+1)
		add(ge, e)
	default:
		out[0] = [2]int{s, e}
		nr = 1
	}
	return nr
}
