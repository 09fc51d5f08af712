package engine

import "github.com/lhsql/lhsql/vector"

// first / last with one ORDER BY key (first(x ORDER BY k DESC)) keep, per
// group, only the row that sorts first (last) and its key, instead of
// buffering and sorting every row as orderedAggState does. Ties keep the
// earlier row for first and take the later one for last, the order in
// which a stable sort would put rows that arrive in that order.

// firstByState implements first and last over one int64-backed or string
// ORDER BY key.
type firstByState[K int64 | string] struct {
	last       bool // the row sorting last wins (ties: the later row)
	desc       bool
	nullsFirst bool
	keys       func(*vector.Vector) []K

	val     []vector.Value
	key     []K
	keyNull []bool
	has     []bool
}

// newFirstByState returns the state of aggregate a when it is first,
// arbitrary or last over one argument with one ORDER BY key of a type
// compared here, or nil.
func newFirstByState(a *AggExpr) aggState {
	c := canonicalAgg(a.Name)
	if (c != "first" && c != "last") || a.Distinct || len(a.Order) != 1 || len(a.Args) != 2 {
		return nil
	}
	o, kt := a.Order[0], a.Args[1].Type()
	switch {
	case kt.Phys() == vector.PhysInt64 && kt.ID != vector.TypeUBigInt:
		return &firstByState[int64]{last: c == "last", desc: o.Desc, nullsFirst: o.NullsFirst,
			keys: func(v *vector.Vector) []int64 { return v.I64 }}
	case kt.Phys() == vector.PhysString && kt.ID != vector.TypeUUID:
		return &firstByState[string]{last: c == "last", desc: o.Desc, nullsFirst: o.NullsFirst,
			keys: func(v *vector.Vector) []string { return v.Str }}
	}
	return nil
}

func (s *firstByState[K]) grow(n int) {
	s.val, s.key, s.keyNull, s.has = growTo(s.val, n), growTo(s.key, n), growTo(s.keyNull, n), growTo(s.has, n)
}

// before reports whether key (a, aNull) sorts strictly before (b, bNull).
func (s *firstByState[K]) before(a K, aNull bool, b K, bNull bool) bool {
	switch {
	case aNull || bNull:
		return aNull != bNull && aNull == s.nullsFirst
	case s.desc:
		return a > b
	}
	return a < b
}

// wins reports whether a row with key (k, kn) replaces group g's row.
func (s *firstByState[K]) wins(g uint32, k K, kn bool) bool {
	if !s.has[g] {
		return true
	}
	if s.last {
		return !s.before(k, kn, s.key[g], s.keyNull[g])
	}
	return s.before(k, kn, s.key[g], s.keyNull[g])
}

func (s *firstByState[K]) update(args []*vector.Vector, gids []uint32, n int) error {
	x, kv := args[0], args[1]
	keys := s.keys(kv)
	for i, g := range gids[:n] {
		r := i
		if kv.Const {
			r = 0
		}
		k, kn := keys[r], !kv.Valid.IsValid(r)
		if s.wins(g, k, kn) {
			s.val[g], s.key[g], s.keyNull[g], s.has[g] = x.Get(i), k, kn, true
		}
	}
	return nil
}

func (s *firstByState[K]) merge(src aggState, srcG, dstG []uint32) error {
	o := src.(*firstByState[K])
	for j, g := range srcG {
		if !o.has[g] {
			continue
		}
		d := dstG[j]
		// Rows of different workers have no order between them: on a tie
		// the destination's row stays.
		replace := !s.has[d]
		switch {
		case replace:
		case s.last:
			replace = s.before(s.key[d], s.keyNull[d], o.key[g], o.keyNull[g])
		default:
			replace = s.before(o.key[g], o.keyNull[g], s.key[d], s.keyNull[d])
		}
		if replace {
			s.val[d], s.key[d], s.keyNull[d], s.has[d] = o.val[g], o.key[g], o.keyNull[g], true
		}
	}
	return nil
}

func (s *firstByState[K]) final(out *vector.Vector, lo, hi int) error {
	return finalValues(out, s.val, s.has, lo, hi)
}
