package engine

import (
	"math"
	"sort"
	"strconv"

	"github.com/lhsql/lhsql/vector"
)

// Aggregates that need every non-NULL value of a group: mode, entropy,
// approx_count_distinct, histogram, median and the quantiles. Values are
// collected per group and the result is computed at finalisation.

// collectFinal computes a group's result from its non-NULL values (in
// input order); ok false gives NULL.
type collectFinal func(xs []vector.Value, rt vector.Type) (vector.Value, bool, error)

type collectState struct {
	typ  vector.Type
	vals [][]vector.Value
	fin  collectFinal
}

func (s *collectState) grow(n int) { s.vals = growTo(s.vals, n) }

func (s *collectState) update(args []*vector.Vector, gids []uint32, n int) error {
	a := args[0]
	for i, g := range gids[:n] {
		if !a.IsNull(i) {
			s.vals[g] = append(s.vals[g], a.Get(i))
		}
	}
	return nil
}

func (s *collectState) merge(src aggState, srcG, dstG []uint32) error {
	o := src.(*collectState)
	for k, g := range srcG {
		s.vals[dstG[k]] = append(s.vals[dstG[k]], o.vals[g]...)
	}
	return nil
}

func (s *collectState) final(out *vector.Vector, lo, hi int) error {
	n := hi - lo
	for k := 0; k < n; k++ {
		v, ok, err := s.fin(s.vals[lo+k], s.typ)
		if err != nil {
			return err
		}
		if !ok {
			out.SetNull(k, n)
			continue
		}
		v.Typ = s.typ
		out.Set(k, n, v)
	}
	return nil
}

// valueKey returns a string identifying a value for grouping equal values.
func valueKey(v vector.Value) string {
	switch v.Typ.Phys() {
	case vector.PhysInt64:
		return strconv.FormatInt(v.I64, 10)
	case vector.PhysFloat64:
		if v.F64 == 0 {
			return "0"
		}
		if math.IsNaN(v.F64) {
			return "nan"
		}
		return strconv.FormatUint(math.Float64bits(v.F64), 16)
	case vector.PhysString:
		return v.Str
	case vector.PhysBool:
		if v.Bool {
			return "t"
		}
		return "f"
	}
	return v.String()
}

// countDistinct returns the distinct values of xs in order of first
// appearance and how often each occurs.
func countDistinct(xs []vector.Value) ([]vector.Value, []int) {
	idx := make(map[string]int, len(xs))
	var vals []vector.Value
	var cnt []int
	for _, x := range xs {
		k := valueKey(x)
		j, ok := idx[k]
		if !ok {
			j = len(vals)
			idx[k] = j
			vals = append(vals, x)
			cnt = append(cnt, 0)
		}
		cnt[j]++
	}
	return vals, cnt
}

func registerCollect(result func(args []vector.Type) (vector.Type, bool), fin func(a *AggExpr) (collectFinal, error), names ...string) {
	registerAgg(extAgg{
		result: result,
		state: func(a *AggExpr) (aggState, error) {
			f, err := fin(a)
			if err != nil {
				return nil, err
			}
			return &collectState{typ: a.Typ, fin: f}, nil
		},
	}, names...)
}

func fixed(f collectFinal) func(*AggExpr) (collectFinal, error) {
	return func(*AggExpr) (collectFinal, error) { return f, nil }
}

func init() {
	oneArg := func(rt func(vector.Type) (vector.Type, bool)) func([]vector.Type) (vector.Type, bool) {
		return func(args []vector.Type) (vector.Type, bool) {
			if len(args) != 1 || !orderable(args[0]) {
				return vector.Type{}, false
			}
			return rt(args[0])
		}
	}
	same := oneArg(func(t vector.Type) (vector.Type, bool) { return t, true })
	registerCollect(same, fixed(func(xs []vector.Value, _ vector.Type) (vector.Value, bool, error) {
		vals, cnt := countDistinct(xs)
		best := -1
		for j := range vals {
			if best < 0 || cnt[j] > cnt[best] {
				best = j
			}
		}
		if best < 0 {
			return vector.Value{}, false, nil
		}
		return vals[best], true, nil
	}), "mode")
	registerCollect(oneArg(func(vector.Type) (vector.Type, bool) { return vector.Double, true }),
		fixed(func(xs []vector.Value, _ vector.Type) (vector.Value, bool, error) {
			_, cnt := countDistinct(xs)
			e := 0.0
			n := float64(len(xs))
			for _, c := range cnt {
				p := float64(c) / n
				e -= p * math.Log2(p)
			}
			return vector.DoubleValue(e), true, nil
		}), "entropy")
	registerCollect(oneArg(func(vector.Type) (vector.Type, bool) { return vector.BigInt, true }),
		fixed(func(xs []vector.Value, _ vector.Type) (vector.Value, bool, error) {
			vals, _ := countDistinct(xs)
			return vector.IntValue(int64(len(vals))), true, nil
		}), "approx_count_distinct")
	registerCollect(oneArg(func(t vector.Type) (vector.Type, bool) {
		if t.ID == vector.TypeNull {
			t = vector.Integer
		}
		return vector.MapOf(t, vector.UBigInt), true
	}), fixed(histogramFinal), "histogram")
	registerCollect(func(args []vector.Type) (vector.Type, bool) {
		if len(args) != 1 || !(args[0].IsInteger() || args[0].ID == vector.TypeNull) {
			return vector.Type{}, false
		}
		if args[0].ID == vector.TypeNull {
			return vector.Integer, true
		}
		return args[0], true
	}, func(a *AggExpr) (collectFinal, error) {
		return bitAggFinal(a.Name), nil
	}, "bit_and")
	for _, nm := range []string{"bit_or", "bit_xor"} {
		registerCollect(extAggs["bit_and"].result, func(a *AggExpr) (collectFinal, error) {
			return bitAggFinal(a.Name), nil
		}, nm)
	}
	registerCollect(func(args []vector.Type) (vector.Type, bool) {
		if len(args) < 1 || len(args) > 2 || !orderable(args[0]) {
			return vector.Type{}, false
		}
		if len(args) == 2 {
			return quantileType("quantile_cont", args[0], args[1].ID == vector.TypeList)
		}
		return quantileType("median", args[0], false)
	}, quantileFinal, "median", "quantile_cont")
	registerCollect(func(args []vector.Type) (vector.Type, bool) {
		if len(args) != 2 || !orderable(args[0]) {
			return vector.Type{}, false
		}
		return quantileType("quantile_disc", args[0], args[1].ID == vector.TypeList)
	}, quantileFinal, "quantile_disc", "quantile")
}

// histogramFinal builds MAP(value -> count) with keys in ascending order.
func histogramFinal(xs []vector.Value, rt vector.Type) (vector.Value, bool, error) {
	if len(xs) == 0 {
		return vector.Value{}, false, nil
	}
	vals, cnt := countDistinct(xs)
	ord := make([]int, len(vals))
	for i := range ord {
		ord[i] = i
	}
	sort.SliceStable(ord, func(a, b int) bool { return compareValues(vals[ord[a]], vals[ord[b]]) < 0 })
	et := rt.Elem()
	kt := rt.MapKey()
	entries := make([]vector.Value, len(vals))
	for k, j := range ord {
		key := vals[j]
		key.Typ = kt
		entries[k] = vector.Value{Typ: et, Fields: []vector.Value{key, {Typ: vector.UBigInt, I64: int64(cnt[j])}}}
	}
	return vector.Value{Typ: rt, List: entries}, true, nil
}

func bitAggFinal(name string) collectFinal {
	return func(xs []vector.Value, rt vector.Type) (vector.Value, bool, error) {
		if len(xs) == 0 {
			return vector.Value{}, false, nil
		}
		r := xs[0].I64
		for _, x := range xs[1:] {
			switch name {
			case "bit_and":
				r &= x.I64
			case "bit_or":
				r |= x.I64
			default:
				r ^= x.I64
			}
		}
		return vector.Value{Typ: rt, I64: r}, true, nil
	}
}

// quantileType returns the result type of a quantile aggregate.
func quantileType(name string, t vector.Type, list bool) (vector.Type, bool) {
	rt := t
	if name != "quantile_disc" {
		switch {
		case t.IsInteger() || t.ID == vector.TypeDouble || t.ID == vector.TypeNull:
			rt = vector.Double
		case t.ID == vector.TypeFloat || t.ID == vector.TypeDecimal:
		case t.ID == vector.TypeDate:
			rt = vector.Timestamp
		case t.ID == vector.TypeTimestamp || t.ID == vector.TypeTimestampTZ || t.ID == vector.TypeTime ||
			t.ID == vector.TypeInterval:
		case name == "median" && t.Phys() != vector.PhysList && t.Phys() != vector.PhysStruct:
			// median over non-numeric types picks the lower middle value.
		default:
			return vector.Type{}, false
		}
	}
	if list {
		return vector.ListOf(rt), true
	}
	return rt, true
}

// quantileFinal binds the quantile argument of a quantile aggregate.
func quantileFinal(a *AggExpr) (collectFinal, error) {
	name := canonicalAgg(a.Name)
	qs := []float64{0.5}
	list := false
	if len(a.Args) == 2 {
		c, ok := a.Args[1].(*Const)
		if !ok || c.Val.Null {
			return nil, errorf("Binder", "QUANTILE can only take constant quantile parameters")
		}
		list = c.Val.Typ.ID == vector.TypeList
		qs = qs[:0]
		items := []vector.Value{c.Val}
		if list {
			items = c.Val.List
		}
		for _, it := range items {
			q, ok := valueF64(it)
			if !ok {
				return nil, errorf("Binder", "QUANTILE can only take constant quantile parameters")
			}
			if q < -1 || q > 1 {
				return nil, errorf("Binder", "QUANTILE can only take parameters in the range [-1, 1]")
			}
			qs = append(qs, q)
		}
	}
	disc := name == "quantile_disc"
	argT := a.Args[0].Type()
	if name == "median" && !(argT.IsNumeric() || argT.IsTemporal() || argT.ID == vector.TypeInterval || argT.ID == vector.TypeNull) {
		disc = true
	}
	return func(xs []vector.Value, rt vector.Type) (vector.Value, bool, error) {
		if len(xs) == 0 {
			return vector.Value{}, false, nil
		}
		sorted := append([]vector.Value(nil), xs...)
		sort.SliceStable(sorted, func(i, j int) bool { return compareValues(sorted[i], sorted[j]) < 0 })
		et := rt
		if list {
			et = rt.Elem()
		}
		out := make([]vector.Value, len(qs))
		for k, q := range qs {
			desc := q < 0
			if desc {
				q = -q
			}
			v, err := quantileOf(sorted, q, desc, disc, et)
			if err != nil {
				return vector.Value{}, false, err
			}
			out[k] = v
		}
		if list {
			return vector.Value{Typ: rt, List: out}, true, nil
		}
		return out[0], true, nil
	}, nil
}

// quantileOf picks quantile q of sorted values (descending when desc),
// interpolating unless disc, as DuckDB does.
func quantileOf(sorted []vector.Value, q float64, desc, disc bool, rt vector.Type) (vector.Value, error) {
	n := len(sorted)
	at := func(i int) vector.Value {
		if desc {
			return sorted[n-1-i]
		}
		return sorted[i]
	}
	if disc {
		fn := float64(n)
		i := int(fn-math.Floor(fn-q*fn)) - 1
		i = max(i, 0)
		v := at(min(i, n-1))
		v.Typ = rt
		return v, nil
	}
	rn := float64(n-1) * q
	lo, hi := int(math.Floor(rn)), int(math.Ceil(rn))
	a, b := at(lo), at(hi)
	frac := rn - float64(lo)
	switch rt.ID {
	case vector.TypeDouble, vector.TypeFloat:
		x, _ := valueF64(a)
		y, _ := valueF64(b)
		if lo == hi {
			return vector.Value{Typ: rt, F64: x}, nil
		}
		return vector.Value{Typ: rt, F64: x + (y-x)*frac}, nil
	case vector.TypeDecimal:
		if lo == hi {
			return vector.Value{Typ: rt, I64: a.I64}, nil
		}
		d := float64(a.I64) + float64(b.I64-a.I64)*frac
		return vector.Value{Typ: rt, I64: int64(math.Round(d))}, nil
	case vector.TypeTimestamp, vector.TypeTimestampTZ, vector.TypeTime:
		x, y := a.I64, b.I64
		if a.Typ.ID == vector.TypeDate {
			x, y = x*vector.MicrosPerDay, y*vector.MicrosPerDay
		}
		return vector.Value{Typ: rt, I64: x + int64(math.Round(float64(y-x)*frac))}, nil
	case vector.TypeInterval:
		x, y := a.Iv, b.Iv
		return vector.Value{Typ: rt, Iv: vector.Interval{
			Months: x.Months + int32(math.Round(float64(y.Months-x.Months)*frac)),
			Days:   x.Days + int32(math.Round(float64(y.Days-x.Days)*frac)),
			Micros: x.Micros + int64(math.Round(float64(y.Micros-x.Micros)*frac)),
		}}, nil
	}
	v := a
	v.Typ = rt
	return v, nil
}
