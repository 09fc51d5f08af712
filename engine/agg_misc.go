package engine

import "github.com/lhsql/lhsql/vector"

// last(x) and count_if(b).

func init() {
	registerAgg(extAgg{
		result: func(args []vector.Type) (vector.Type, bool) {
			if len(args) != 1 || !orderable(args[0]) {
				return vector.Type{}, false
			}
			return args[0], true
		},
		state: func(a *AggExpr) (aggState, error) { return &lastState{}, nil },
	}, "last")
	registerAgg(extAgg{
		result: func(args []vector.Type) (vector.Type, bool) {
			if len(args) != 1 || (args[0].ID != vector.TypeBoolean && args[0].ID != vector.TypeNull) {
				return vector.Type{}, false
			}
			return vector.BigInt, true
		},
		state: func(a *AggExpr) (aggState, error) { return &countIfState{}, nil },
	}, "count_if", "countif")
}

// lastState keeps the last value (NULL included) of each group.
type lastState struct {
	val []vector.Value
	has []bool
}

func (s *lastState) grow(n int) { s.val, s.has = growTo(s.val, n), growTo(s.has, n) }

func (s *lastState) update(args []*vector.Vector, gids []uint32, n int) error {
	a := args[0]
	for i, g := range gids[:n] {
		s.val[g], s.has[g] = a.Get(i), true
	}
	return nil
}

func (s *lastState) merge(src aggState, srcG, dstG []uint32) error {
	o := src.(*lastState)
	for k, g := range srcG {
		if o.has[g] {
			s.val[dstG[k]], s.has[dstG[k]] = o.val[g], true
		}
	}
	return nil
}

func (s *lastState) final(out *vector.Vector, lo, hi int) error {
	return finalValues(out, s.val, s.has, lo, hi)
}

// countIfState counts the rows where its argument is true.
type countIfState struct{ cnt []int64 }

func (s *countIfState) grow(n int) { s.cnt = growTo(s.cnt, n) }

func (s *countIfState) update(args []*vector.Vector, gids []uint32, n int) error {
	a := args[0]
	if a.Typ.ID != vector.TypeBoolean {
		return nil
	}
	for i, g := range gids[:n] {
		if !a.IsNull(i) && a.Bool[idx(a, i)] {
			s.cnt[g]++
		}
	}
	return nil
}

func (s *countIfState) merge(src aggState, srcG, dstG []uint32) error {
	o := src.(*countIfState)
	for k, g := range srcG {
		s.cnt[dstG[k]] += o.cnt[g]
	}
	return nil
}

func (s *countIfState) final(out *vector.Vector, lo, hi int) error {
	copy(out.I64, s.cnt[lo:hi])
	return nil
}
