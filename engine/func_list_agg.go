package engine

import (
	"github.com/lhsql/lhsql/vector"
)

// listAggKernel computes aggregate agg (argument type et, result type
// rt) over the elements of each list of its argument, as list_aggregate,
// list_sum, list_min and the like: the list's child vector is fed once
// per chunk to the aggregate's own vectorized update, with the row of
// each element as its group. A NULL list gives NULL; an empty list gives
// the aggregate of no rows (NULL for sum, 0 for count).
func listAggKernel(agg string, et, rt vector.Type) (kernel, error) {
	a := &AggExpr{Name: agg, Args: []Expr{&ColRef{Idx: 0, Typ: et}}, Typ: rt}
	if _, err := newAggState(a); err != nil {
		return nil, err
	}
	return func(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		lv := args[0]
		st, err := newAggState(a)
		if err != nil {
			return nil, err
		}
		st.grow(n)
		total := 0
		for i := range n {
			if r := listRow(lv, i); !lv.IsNull(i) {
				total += int(lv.List[r].Len)
			}
		}
		gids := make([]uint32, 0, total)
		sel := make([]uint32, 0, total)
		contiguous, next := true, uint32(0)
		for i := range n {
			if lv.IsNull(i) {
				continue
			}
			e := lv.List[listRow(lv, i)]
			if e.Off != next {
				contiguous = false
			}
			next = e.Off + e.Len
			for k := range e.Len {
				gids = append(gids, uint32(i))
				sel = append(sel, e.Off+k)
			}
		}
		if total > 0 {
			in := lv.Child
			if !contiguous {
				in = lv.Child.Gather(sel)
			}
			if err := st.update([]*vector.Vector{in}, gids, total); err != nil {
				return nil, err
			}
		}
		out := vector.New(rt, n)
		if err := st.final(out, 0, n); err != nil {
			return nil, err
		}
		for i := range n {
			if lv.IsNull(i) {
				out.SetNull(i, n)
			}
		}
		return out, nil
	}, nil
}

// listRow is the index of row i's entry in a list vector.
func listRow(v *vector.Vector, i int) int {
	if v.Const {
		return 0
	}
	return i
}
