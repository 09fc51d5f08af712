package engine

import (
	"cmp"

	"github.com/lhsql/lhsql/vector"
)

// topNScratch rejects the rows of a chunk that a top-N sort cannot keep:
// once a worker's run holds the keep rows ordered first so far (sorted,
// as truncate leaves it), a new row makes it only if it orders before the
// run's last row, its boundary. Most rows of a large input fail that on
// the first key, so they are never gathered, copied or sorted.
type topNScratch struct {
	win  []bool   // per chunk row: orders before the boundary
	und  []uint32 // rows equal to the boundary on the keys so far
	next []uint32
	sel  []uint32
}

// beating returns the rows (increasing) of a chunk of n rows with sort
// key vectors keys (flat) and first ordinal ord0 that order before the
// last row of the sorted run r, under the sort keys sk. Rows equal on
// every key are ordered by ordinal, as the sort is stable. The result
// is scratch, valid until the next call.
func (t *topNScratch) beating(sk []SortKey, keys []*vector.Vector, n int, ord0 uint64, r *sortRun) []uint32 {
	b := r.n - 1
	t.win = growTo(t.win[:0], n)
	win := t.win[:n]
	clear(win)
	und := append(t.und[:0], seqRows(n)...)
	for k, key := range sk {
		if len(und) == 0 {
			break
		}
		next := topNCompare(keys[k], und, r.keys[k], b, key, win, t.next[:0])
		t.next, und = und, next
	}
	if len(und) > 0 {
		bo := r.ord[b]
		for _, j := range und {
			if ord0+uint64(j) < bo {
				win[j] = true
			}
		}
	}
	t.und = und
	sel := t.sel[:0]
	for j, w := range win {
		if w {
			sel = append(sel, uint32(j))
		}
	}
	t.sel = sel
	return sel
}

// topNCompare compares rows of the flat vector v against row bi of bv
// under key (direction and NULL order applied, as keyComparer does): it
// sets win[j] for the rows j ordered before it and returns eq with the
// rows equal to it appended; rows ordered after it are dropped.
func topNCompare(v *vector.Vector, rows []uint32, bv *vector.Vector, bi int, key SortKey, win []bool, eq []uint32) []uint32 {
	valid := v.Valid
	if !bv.Valid.IsValid(bi) {
		// A NULL boundary: NULL rows tie; the others are on the side of
		// the non-NULL values.
		nonNullWins := !key.NullsFirst
		for _, j := range rows {
			switch {
			case valid != nil && !valid.IsValid(int(j)):
				eq = append(eq, j)
			case nonNullWins:
				win[j] = true
			}
		}
		return eq
	}
	nullWins := key.NullsFirst
	desc := key.Desc
	switch v.Typ.Phys() {
	case vector.PhysInt64:
		xs, x := v.I64, bv.I64[bi]
		if v.Typ.ID == vector.TypeUBigInt {
			ux := uint64(x)
			for _, j := range rows {
				if valid != nil && !valid.IsValid(int(j)) {
					win[j] = nullWins
					continue
				}
				a := uint64(xs[j])
				if a == ux {
					eq = append(eq, j)
				} else if (a < ux) != desc {
					win[j] = true
				}
			}
			return eq
		}
		for _, j := range rows {
			if valid != nil && !valid.IsValid(int(j)) {
				win[j] = nullWins
				continue
			}
			a := xs[j]
			if a == x {
				eq = append(eq, j)
			} else if (a < x) != desc {
				win[j] = true
			}
		}
	case vector.PhysString:
		xs, x := v.Str, bv.Str[bi]
		for _, j := range rows {
			if valid != nil && !valid.IsValid(int(j)) {
				win[j] = nullWins
				continue
			}
			a := xs[j]
			if a == x {
				eq = append(eq, j)
			} else if (a < x) != desc {
				win[j] = true
			}
		}
	default:
		c := keyComparerAgainst(v, bv, bi)
		for _, j := range rows {
			if valid != nil && !valid.IsValid(int(j)) {
				win[j] = nullWins
				continue
			}
			switch d := c(j); {
			case d == 0:
				eq = append(eq, j)
			case (d < 0) != desc:
				win[j] = true
			}
		}
	}
	return eq
}

// keyComparerAgainst returns the ascending comparison of valid row j of
// v with valid row bi of bv (same type), for the types topNCompare has
// no inline loop for.
func keyComparerAgainst(v, bv *vector.Vector, bi int) func(j uint32) int {
	switch v.Typ.Phys() {
	case vector.PhysFloat64:
		xs, x := v.F64, bv.F64[bi]
		return func(j uint32) int { return compareF64(xs[j], x) }
	case vector.PhysBool:
		xs, x := v.Bool, bv.Bool[bi]
		return func(j uint32) int {
			switch a := xs[j]; {
			case a == x:
				return 0
			case !a:
				return -1
			}
			return 1
		}
	case vector.PhysInterval:
		xs, x := v.Iv, intervalKey(bv.Iv[bi])
		return func(j uint32) int { return cmp.Compare(intervalKey(xs[j]), x) }
	case vector.PhysList, vector.PhysStruct:
		x := bv.Get(bi)
		return func(j uint32) int { return compareValues(v.Get(int(j)), x) }
	}
	return func(uint32) int { return 0 }
}

// compareF64 orders doubles with NaN above every number (and equal to
// itself), as DuckDB sorts them.
func compareF64(x, y float64) int {
	if x != x || y != y {
		switch {
		case x != x && y != y:
			return 0
		case x != x:
			return 1
		}
		return -1
	}
	return cmp.Compare(x, y)
}
