package engine

import (
	"math/bits"

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
	if s.boolean || s.unsigned || a.Valid != nil {
		return s.update(args, zeroGidsFor(n), n)
	}
	hi, lo := s.hi[0], s.lo[0]
	for _, x := range a.I64[:n] {
		var c uint64
		lo, c = bits.Add64(lo, uint64(x), 0)
		hi += int64(c) + x>>63
	}
	s.hi[0], s.lo[0] = hi, lo
	s.cnt[0] += int64(n)
	return nil
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
