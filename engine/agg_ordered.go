package engine

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/lhsql/lhsql/vector"
)

// orderInsensitiveAggs lists the aggregates whose result never depends on
// the order of their input rows; exactOrderInsensitiveAggs those for
// which that holds only over exact (non-floating) arguments, since a
// floating sum rounds differently in another order. As in DuckDB, an
// ORDER BY inside their call is dropped; every other aggregate (first,
// last, any_value, string_agg, list, arg_min, arg_max, mode, sum over
// DOUBLE, the statistics over floating values, ...) honours it.
var (
	orderInsensitiveAggs = map[string]bool{
		"count_star": true, "count": true, "count_if": true, "regr_count": true,
		"min": true, "max": true,
		"bool_and": true, "bool_or": true,
		"bit_and": true, "bit_or": true, "bit_xor": true,
		"approx_count_distinct": true, "histogram": true, "entropy": true,
		"median": true, "quantile_disc": true,
	}
	exactOrderInsensitiveAggs = map[string]bool{"sum": true, "avg": true}
)

// AggOrderMatters reports whether an ORDER BY inside a call of the
// aggregate name over arguments of types args can change its result. It
// is false for unknown names.
func AggOrderMatters(name string, args []vector.Type) bool {
	c := canonicalAgg(name)
	switch {
	case c == "" || orderInsensitiveAggs[c]:
		return false
	case exactOrderInsensitiveAggs[c]:
		for _, t := range args {
			if t.Phys() == vector.PhysFloat64 {
				return true
			}
		}
		return false
	}
	return true
}

// ordered reports whether a sorts its input rows (an ORDER BY the
// aggregate honours).
func (a *AggExpr) ordered() bool {
	if len(a.Order) == 0 {
		return false
	}
	args := a.Args[:len(a.Args)-len(a.Order)]
	types := make([]vector.Type, len(args))
	for i, e := range args {
		types[i] = e.Type()
	}
	return AggOrderMatters(a.Name, types)
}

// unordered returns a without its ORDER BY: the aggregate's own arguments
// only.
func (a *AggExpr) unordered() *AggExpr {
	u := *a
	u.Args = a.Args[:len(a.Args)-len(a.Order)]
	u.Order = nil
	return &u
}

// orderedNoRow ends a group's row list in orderedAggState.
const orderedNoRow = -1

// orderedAggState implements an aggregate with an ORDER BY inside its call.
// It buffers every input row, columnar: cols holds the inner aggregate's
// arguments followed by the sort keys, rows [0, rows) of each. The rows of
// group g form a list threaded through next, from head[g] to tail[g]
// (orderedNoRow: none), in the order they arrived, so row indices increase
// along a list. final sorts each group's rows by the keys and feeds them,
// in that order, to a fresh state of the inner aggregate.
type orderedAggState struct {
	inner *AggExpr // the aggregate without ORDER BY
	order []AggOrder
	nargs int // the inner aggregate's arguments: cols[:nargs]

	cols       []*vector.Vector
	rows       int
	head, tail []int32 // per group
	next       []int32 // per row

	// Scratch of merge and final.
	batch []uint32
	bgids []uint32
}

// newOrderedAggState returns the state of a, which must be ordered.
func newOrderedAggState(a *AggExpr) (aggState, error) {
	inner := a.unordered()
	// Validate the inner aggregate once.
	if _, err := newAggState(inner); err != nil {
		return nil, err
	}
	s := &orderedAggState{inner: inner, order: a.Order, nargs: len(inner.Args)}
	for _, e := range a.Args {
		s.cols = append(s.cols, vector.New(e.Type(), 0))
	}
	return s, nil
}

func (s *orderedAggState) grow(n int) {
	old := len(s.head)
	if n <= old {
		return
	}
	s.head = growTo(s.head, n)
	s.tail = growTo(s.tail, n)
	for g := old; g < n; g++ {
		s.head[g], s.tail[g] = orderedNoRow, orderedNoRow
	}
}

// reset empties every group, keeping the room allocated.
func (s *orderedAggState) reset() {
	for g := range s.head {
		s.head[g], s.tail[g] = orderedNoRow, orderedNoRow
	}
	for c, v := range s.cols {
		s.cols[c] = vector.New(v.Typ, 0)
	}
	s.rows = 0
	s.next = s.next[:0]
}

// link appends the m rows just buffered at [s.rows, s.rows+m) to the
// lists of their groups gids[:m].
func (s *orderedAggState) link(gids []uint32, m int) {
	r := int32(s.rows)
	for _, g := range gids[:m] {
		s.next = append(s.next, orderedNoRow)
		if t := s.tail[g]; t == orderedNoRow {
			s.head[g] = r
		} else {
			s.next[t] = r
		}
		s.tail[g] = r
		r++
	}
	s.rows += m
}

// room reports an error when m more rows would not fit the int32 lists.
func (s *orderedAggState) room(m int) error {
	if s.rows+m > math.MaxInt32 {
		return fmt.Errorf("Out of Memory Error: ordered aggregate %s buffers more than %d rows", s.inner.Name, math.MaxInt32)
	}
	return nil
}

func (s *orderedAggState) update(args []*vector.Vector, gids []uint32, n int) error {
	if n == 0 {
		return nil
	}
	if len(args) != len(s.cols) {
		return fmt.Errorf("Internal Error: ordered aggregate %s got %d argument columns, want %d", s.inner.Name, len(args), len(s.cols))
	}
	if err := s.room(n); err != nil {
		return err
	}
	for c, v := range args {
		appendRows(s.cols[c], s.rows, flatVec(v, n), nil, n)
	}
	s.link(gids, n)
	return nil
}

// merge appends the rows of the groups srcG of src to the groups dstG,
// keeping each group's arrival order. src is only read, so partitions
// may merge from the same src concurrently.
func (s *orderedAggState) merge(src aggState, srcG, dstG []uint32) error {
	o, ok := src.(*orderedAggState)
	if !ok {
		return fmt.Errorf("Internal Error: ordered aggregate merge of %T", src)
	}
	s.batch, s.bgids = s.batch[:0], s.bgids[:0]
	for k, g := range srcG {
		for r := o.head[g]; r != orderedNoRow; r = o.next[r] {
			s.batch = append(s.batch, uint32(r))
			s.bgids = append(s.bgids, dstG[k])
			if len(s.batch) == vector.MaxLen {
				if err := s.appendFrom(o); err != nil {
					return err
				}
			}
		}
	}
	return s.appendFrom(o)
}

// appendFrom appends the rows s.batch of o to the groups s.bgids and
// empties the batch.
func (s *orderedAggState) appendFrom(o *orderedAggState) error {
	m := len(s.batch)
	if m == 0 {
		return nil
	}
	if err := s.room(m); err != nil {
		return err
	}
	for c, v := range o.cols {
		appendRows(s.cols[c], s.rows, v, s.batch, 0)
	}
	s.link(s.bgids, m)
	s.batch, s.bgids = s.batch[:0], s.bgids[:0]
	return nil
}

// final sorts the rows of each group of [lo,hi) by the keys (ties keep
// their arrival order) and aggregates them in that order.
func (s *orderedAggState) final(out *vector.Vector, lo, hi int) error {
	inner, err := newAggState(s.inner)
	if err != nil {
		return err
	}
	inner.grow(hi - lo)
	cmps := make([]func(i, j uint32) int, len(s.order))
	for k, o := range s.order {
		cmps[k] = keyComparer(s.cols[s.nargs+k], SortKey{Desc: o.Desc, NullsFirst: o.NullsFirst})
	}
	less := func(a, b uint32) int {
		for _, c := range cmps {
			if r := c(a, b); r != 0 {
				return r
			}
		}
		return cmp.Compare(a, b)
	}
	// final may run concurrently for disjoint ranges (the morsels of
	// the aggregate's source): it uses no scratch of s.
	var grp, batch, bgids []uint32
	for g := lo; g < hi; g++ {
		grp = grp[:0]
		for r := s.head[g]; r != orderedNoRow; r = s.next[r] {
			grp = append(grp, uint32(r))
		}
		if len(grp) > 1 {
			slices.SortFunc(grp, less)
		}
		for _, r := range grp {
			batch = append(batch, r)
			bgids = append(bgids, uint32(g-lo))
			if len(batch) == vector.MaxLen {
				if err := s.feed(inner, batch, bgids); err != nil {
					return err
				}
				batch, bgids = batch[:0], bgids[:0]
			}
		}
	}
	if err := s.feed(inner, batch, bgids); err != nil {
		return err
	}
	return inner.final(out, 0, hi-lo)
}

// feed passes the buffered rows batch, in order, to the groups bgids of
// inner.
func (s *orderedAggState) feed(inner aggState, batch, bgids []uint32) error {
	m := len(batch)
	if m == 0 {
		return nil
	}
	args := make([]*vector.Vector, s.nargs)
	for c := range args {
		args[c] = s.cols[c].Gather(batch)
	}
	return inner.update(args, bgids, m)
}

// aggOrderString renders the ORDER BY of a (" ORDER BY k DESC, ..."), or
// "" without one; keys spell out only what differs from ASC NULLS LAST.
func aggOrderString(a *AggExpr) string {
	if len(a.Order) == 0 {
		return ""
	}
	keys := a.Args[len(a.Args)-len(a.Order):]
	parts := make([]string, len(keys))
	for i, k := range keys {
		p := k.String()
		if a.Order[i].Desc {
			p += " DESC"
		}
		if a.Order[i].NullsFirst {
			p += " NULLS FIRST"
		}
		parts[i] = p
	}
	return " ORDER BY " + strings.Join(parts, ", ")
}
