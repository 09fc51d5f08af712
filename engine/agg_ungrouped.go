package engine

import (
	"github.com/lhsql/lhsql/simd"
	"github.com/lhsql/lhsql/vector"
)

// ungroupedUpdater is implemented by aggregate states with a fast path for
// aggregation without GROUP BY: every row updates group 0, so the running
// value stays in registers instead of being stored per row.
type ungroupedUpdater interface {
	updateAll(args []*vector.Vector, n int) error
}

func (s *countState) updateAll(args []*vector.Vector, n int) error {
	if s.star || len(args) == 0 || args[0].Valid == nil {
		s.cnt[0] += int64(n)
		return nil
	}
	s.cnt[0] += int64(args[0].Valid.CountValid(n))
	return nil
}

func (s *sumIntState) updateAll(args []*vector.Vector, n int) error {
	a := args[0]
	if s.boolean || s.unsigned {
		return s.update(args, zeroGidsFor(n), n)
	}
	valid := []uint64(a.Valid)
	acc := &s.acc[0]
	if sum, ok := simd.SumInt64(a.I64[:n], valid, nil); ok {
		// The common case: the chunk's sum fits in int64.
		acc.add(sum)
		acc.cnt += int64(a.Valid.CountValid(n))
		return nil
	}
	if a.Valid != nil {
		return s.update(args, zeroGidsFor(n), n)
	}
	for _, x := range a.I64[:n] {
		acc.add(x)
	}
	acc.cnt += int64(n)
	return nil
}

// updateAll folds the min or max of an int64 column into group 0 with the
// SIMD kernels; other element types take the grouped path.
func (s *minMaxState[T]) updateAll(args []*vector.Vector, n int) error {
	a := args[0]
	if val, ok := any(s.val).([]int64); ok && a.Typ.Phys() == vector.PhysInt64 {
		xs, valid := a.I64[:n], []uint64(a.Valid)
		var x int64
		var found bool
		if s.isMax {
			x, found = simd.MaxInt64(xs, valid, nil)
		} else {
			x, found = simd.MinInt64(xs, valid, nil)
		}
		if found && (!s.has[0] || (s.isMax && x > val[0]) || (!s.isMax && x < val[0])) {
			val[0], s.has[0] = x, true
		}
		return nil
	}
	return s.update(args, zeroGidsFor(n), n)
}

func (s *sumFloatState) updateAll(args []*vector.Vector, n int) error {
	a := args[0]
	if a.Valid != nil {
		return s.update(args, zeroGidsFor(n), n)
	}
	sum := s.sum[0]
	for _, x := range a.F64[:n] {
		sum += x
	}
	s.sum[0] = sum
	s.cnt[0] += int64(n)
	return nil
}

// zeroGidsFor returns n zero group ids.
func zeroGidsFor(n int) []uint32 {
	if n <= len(zeroGids) {
		return zeroGids[:n]
	}
	return make([]uint32, n)
}
