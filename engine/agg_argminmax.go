package engine

import (
	"sort"

	"github.com/lhsql/lhsql/vector"
)

// arg_min(arg, val) / arg_max(arg, val) (aliases min_by, max_by, argmin,
// argmax) return arg at the row with the smallest / largest val. Rows where
// arg or val is NULL are ignored; the _null variants ignore only rows whose
// val is NULL. With a third argument n they return a LIST of the args of
// the n extreme rows, best first.

func init() {
	for _, v := range []struct {
		max, keepNull bool
		names         []string
	}{
		{false, false, []string{"arg_min", "argmin", "min_by"}},
		{true, false, []string{"arg_max", "argmax", "max_by"}},
		{false, true, []string{"arg_min_null"}},
		{true, true, []string{"arg_max_null"}},
	} {
		v := v
		registerAgg(extAgg{
			result: func(args []vector.Type) (vector.Type, bool) {
				if len(args) < 2 || len(args) > 3 || !orderable(args[0]) || !orderable(args[1]) {
					return vector.Type{}, false
				}
				if len(args) == 3 {
					if v.keepNull || !(args[2].IsInteger() || args[2].ID == vector.TypeNull) {
						return vector.Type{}, false
					}
					return vector.ListOf(args[0]), true
				}
				return args[0], true
			},
			state: func(a *AggExpr) (aggState, error) {
				st := &argMinMaxState{max: v.max, keepNull: v.keepNull, typ: a.Typ}
				if len(a.Args) == 3 {
					c, ok := a.Args[2].(*Const)
					if !ok || c.Val.Null || !c.Val.Typ.IsInteger() {
						return nil, errorf("Binder", "%s: the third argument must be a constant integer", a.Name)
					}
					if c.Val.I64 <= 0 {
						return nil, errorf("Invalid Input", "Invalid input for %s: n value must be > 0", a.Name)
					}
					if c.Val.I64 >= 1000000 {
						return nil, errorf("Invalid Input", "Invalid input for %s: n value must be < 1000000", a.Name)
					}
					st.n = int(c.Val.I64)
				}
				return st, nil
			},
		}, v.names...)
	}
}

// argPair is one candidate row of an arg_min/arg_max group.
type argPair struct{ arg, val vector.Value }

type argMinMaxState struct {
	max      bool
	keepNull bool
	n        int // 0: scalar result; else the top-n list length
	typ      vector.Type
	best     [][]argPair // per group; at most max(n,1) entries, best first
}

func (s *argMinMaxState) grow(n int) { s.best = growTo(s.best, n) }

// better reports whether val a beats val b.
func (s *argMinMaxState) better(a, b vector.Value) bool {
	c := compareValues(a, b)
	if s.max {
		return c > 0
	}
	return c < 0
}

func (s *argMinMaxState) add(g uint32, p argPair) {
	limit := max(s.n, 1)
	cur := s.best[g]
	if len(cur) == limit && !s.better(p.val, cur[len(cur)-1].val) {
		return
	}
	// Insert after every entry that is at least as good (stable for ties).
	k := sort.Search(len(cur), func(i int) bool { return s.better(p.val, cur[i].val) })
	if len(cur) < limit {
		cur = append(cur, argPair{})
	}
	copy(cur[k+1:], cur[k:len(cur)-1])
	cur[k] = p
	s.best[g] = cur
}

func (s *argMinMaxState) update(args []*vector.Vector, gids []uint32, n int) error {
	a, v := args[0], args[1]
	for i, g := range gids[:n] {
		if v.IsNull(i) || (!s.keepNull && a.IsNull(i)) {
			continue
		}
		val := v.Get(i)
		if cur := s.best[g]; s.n == 0 && len(cur) == 1 && !s.better(val, cur[0].val) {
			continue
		}
		s.add(g, argPair{arg: a.Get(i), val: val})
	}
	return nil
}

func (s *argMinMaxState) merge(src aggState, srcG, dstG []uint32) error {
	o := src.(*argMinMaxState)
	for k, g := range srcG {
		for _, p := range o.best[g] {
			s.add(dstG[k], p)
		}
	}
	return nil
}

func (s *argMinMaxState) final(out *vector.Vector, lo, hi int) error {
	n := hi - lo
	for k := 0; k < n; k++ {
		cur := s.best[lo+k]
		if len(cur) == 0 {
			out.SetNull(k, n)
			continue
		}
		if s.n == 0 {
			out.Set(k, n, cur[0].arg)
			continue
		}
		vals := make([]vector.Value, len(cur))
		for j, p := range cur {
			vals[j] = p.arg
		}
		out.Set(k, n, vector.Value{Typ: s.typ, List: vals})
	}
	return nil
}
