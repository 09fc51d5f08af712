package engine

import (
	"github.com/lhsql/lhsql/simd"
	"github.com/lhsql/lhsql/vector"
)

// Grouped aggregation over chunks with few distinct groups: the rows of
// the chunk are partitioned by group once (a counting sort of the group
// ids), and each aggregate then folds every group's rows with the
// ungrouped SIMD kernels (simd.SumInt64, simd.MinInt64, ...) over a
// selection vector, keeping the running value in registers instead of
// loading and storing the group's state for every row.

const (
	// runsMaxGroups bounds the group count of a table for which
	// partitioning is tried (the counting sort clears one counter per
	// group).
	runsMaxGroups = 4096
	// runsMinRows is the least average number of rows per distinct group
	// of a chunk for which the partitioned update pays off.
	runsMinRows = 16
)

// groupRuns lists the rows of a chunk by group: rows[offs[j]:offs[j+1]]
// are the rows, in ascending order, of group ids[j]. When all is set the
// chunk has a single group (ids[0]) and rows is not filled: the kernels
// run over the chunk's selection base, or without a selection vector.
type groupRuns struct {
	ids  []uint32
	offs []uint32
	rows []uint32
	all  bool
	base []uint32 // the chunk's selection vector (nil: rows 0..n-1)
	n    int      // rows of the argument vectors

	cnt []uint32 // scratch: rows per group, indexed by group id
}

// build partitions gids (group ids < groups) and reports whether the
// chunk has few enough distinct groups for the partitioned update. gids[k]
// is the group of row base[k] of vectors with n rows (base nil: of row k,
// and len(gids) == n).
func (r *groupRuns) build(gids []uint32, groups int, base []uint32, n int) bool {
	r.n, r.base = n, base
	if len(gids) == 0 || groups > runsMaxGroups {
		return false
	}
	// A chunk of a single group is common (sorted or clustered input).
	g0 := gids[0]
	same := true
	for _, g := range gids {
		if g != g0 {
			same = false
			break
		}
	}
	m := len(gids)
	r.ids = append(r.ids[:0], g0)
	r.offs = append(r.offs[:0], 0, uint32(m))
	if same {
		r.all = true
		return true
	}
	r.all = false
	r.cnt = growTo(r.cnt, groups)
	cnt := r.cnt[:groups]
	clear(cnt)
	for _, g := range gids {
		cnt[g]++
	}
	r.ids = r.ids[:0]
	for g, c := range cnt {
		if c != 0 {
			r.ids = append(r.ids, uint32(g))
		}
	}
	if len(r.ids)*runsMinRows > m {
		return false
	}
	// Turn the counts into write positions, then scatter the rows.
	r.offs = r.offs[:0]
	pos := uint32(0)
	for _, g := range r.ids {
		r.offs = append(r.offs, pos)
		c := cnt[g]
		cnt[g] = pos
		pos += c
	}
	r.offs = append(r.offs, pos)
	r.rows = growTo(r.rows, m)
	rows := r.rows[:m]
	if base != nil {
		for k, g := range gids {
			p := cnt[g]
			rows[p] = base[k]
			cnt[g] = p + 1
		}
		return true
	}
	for i, g := range gids {
		p := cnt[g]
		rows[p] = uint32(i)
		cnt[g] = p + 1
	}
	return true
}

// sel returns the selection vector of run j (nil: every row of the chunk).
func (r *groupRuns) sel(j int) []uint32 {
	if r.all {
		return r.base
	}
	return r.rows[r.offs[j]:r.offs[j+1]]
}

// runsOnly reports whether st folds runs without falling back to its
// row-at-a-time update, which needs one group id per argument row; only
// such states can aggregate a chunk with a selection vector in place.
func runsOnly(st aggState) bool {
	switch s := st.(type) {
	case *countState, *sumFloatState:
		return true
	case *sumIntState:
		return !s.boolean && !s.unsigned
	case *minMaxState[int64]:
		return true
	}
	return false
}

// size returns the number of rows of run j.
func (r *groupRuns) size(j int) int {
	return int(r.offs[j+1] - r.offs[j])
}

// runUpdater is implemented by aggregate states that can fold a whole
// run of rows into its group at once. updateRuns is equivalent to
// update(args, gids, n) where gids are the group ids the runs describe.
type runUpdater interface {
	updateRuns(args []*vector.Vector, r *groupRuns, gids []uint32) error
}

// trimValid returns nil when the first n rows of valid are all valid (so
// the kernels take their faster paths), else valid.
func trimValid(valid vector.Validity, n int) vector.Validity {
	if valid == nil {
		return nil
	}
	full := n >> 6
	for _, w := range valid[:full] {
		if w != ^uint64(0) {
			return valid
		}
	}
	if r := uint(n) & 63; r != 0 && valid[full]|^(1<<r-1) != ^uint64(0) {
		return valid
	}
	return nil
}

// countValidSel returns the number of valid rows of sel (all n rows when
// sel is nil) under valid (nil: all valid).
func countValidSel(valid vector.Validity, sel []uint32, n int) int {
	switch {
	case valid == nil && sel == nil:
		return n
	case valid == nil:
		return len(sel)
	case sel == nil:
		return valid.CountValid(n)
	}
	c := 0
	for _, i := range sel {
		c += int(valid[i>>6] >> (i & 63) & 1)
	}
	return c
}

func (s *countState) updateRuns(args []*vector.Vector, r *groupRuns, _ []uint32) error {
	var valid vector.Validity
	if !s.star && len(args) > 0 {
		valid = trimValid(args[0].Valid, r.n)
	}
	for j, g := range r.ids {
		s.cnt[g] += int64(countValidSel(valid, r.sel(j), r.n))
	}
	return nil
}

func (s *sumIntState) updateRuns(args []*vector.Vector, r *groupRuns, gids []uint32) error {
	if s.boolean || s.unsigned {
		return s.update(args, gids, r.n)
	}
	a := args[0]
	xs, valid := a.I64[:r.n], trimValid(a.Valid, r.n)
	for j, g := range r.ids {
		sel := r.sel(j)
		acc := &s.acc[g]
		sum, ok := simd.SumInt64(xs, []uint64(valid), sel)
		if !ok {
			// The run's sum leaves int64: add value by value.
			if sel == nil {
				sel = seqRows(r.n)
			}
			for _, i := range sel {
				if valid.IsValid(int(i)) {
					acc.add(xs[i])
				}
			}
		} else {
			acc.add(sum)
		}
		acc.cnt += int64(countValidSel(valid, sel, r.n))
	}
	return nil
}

func (s *sumFloatState) updateRuns(args []*vector.Vector, r *groupRuns, _ []uint32) error {
	a := args[0]
	xs, valid := a.F64[:r.n], trimValid(a.Valid, r.n)
	for j, g := range r.ids {
		sel := r.sel(j)
		s.sum[g] += simd.SumFloat64(xs, []uint64(valid), sel)
		s.cnt[g] += int64(countValidSel(valid, sel, r.n))
	}
	return nil
}

func (s *minMaxState[T]) updateRuns(args []*vector.Vector, r *groupRuns, gids []uint32) error {
	a := args[0]
	valid := []uint64(trimValid(a.Valid, r.n))
	// Float columns keep the row path (its NaN ordering differs from the
	// kernels').
	if val, ok := any(s.val).([]int64); ok && a.Typ.Phys() == vector.PhysInt64 {
		xs := a.I64[:r.n]
		for j, g := range r.ids {
			var x int64
			var found bool
			if s.isMax {
				x, found = simd.MaxInt64(xs, valid, r.sel(j))
			} else {
				x, found = simd.MinInt64(xs, valid, r.sel(j))
			}
			if found && (!s.has[g] || (s.isMax && x > val[g]) || (!s.isMax && x < val[g])) {
				val[g], s.has[g] = x, true
			}
		}
		return nil
	}
	return s.update(args, gids, r.n)
}
