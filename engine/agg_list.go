package engine

import "github.com/lhsql/lhsql/vector"

// listAggState implements list(x) / array_agg(x): the values of each group,
// NULLs included, in input order; a group without rows gives NULL.
type listAggState struct {
	typ  vector.Type
	vals [][]vector.Value
	has  []bool
}

func (s *listAggState) grow(n int) { s.vals, s.has = growTo(s.vals, n), growTo(s.has, n) }

func (s *listAggState) update(args []*vector.Vector, gids []uint32, n int) error {
	a := args[0]
	for i, g := range gids[:n] {
		s.vals[g] = append(s.vals[g], a.Get(i))
		s.has[g] = true
	}
	return nil
}

func (s *listAggState) merge(src aggState, srcG, dstG []uint32) error {
	o := src.(*listAggState)
	for k, g := range srcG {
		if o.has[g] {
			d := dstG[k]
			s.vals[d] = append(s.vals[d], o.vals[g]...)
			s.has[d] = true
		}
	}
	return nil
}

func (s *listAggState) final(out *vector.Vector, lo, hi int) error {
	n := hi - lo
	for k := 0; k < n; k++ {
		if !s.has[lo+k] {
			out.SetNull(k, n)
			continue
		}
		out.Set(k, n, vector.Value{Typ: s.typ, List: s.vals[lo+k]})
	}
	return nil
}
