package engine

import (
	"cmp"
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/lhsql/lhsql/vector"
)

func TestSort(t *testing.T) {
	keySets := [][]SortKey{
		{{Expr: rtCol(0, vector.BigInt)}},
		{{Expr: rtCol(0, vector.BigInt), Desc: true, NullsFirst: true}},
		{{Expr: rtCol(1, vector.Varchar), NullsFirst: true}, {Expr: rtCol(3, vector.Double), Desc: true}},
		{{Expr: rtCol(3, vector.Double)}, {Expr: rtCol(0, vector.BigInt), Desc: true}},
	}
	rtForAll(t, func(t *testing.T, size int, nulls bool, threads int) {
		rng := rand.New(rand.NewSource(int64(size) + 9))
		rows := rtGenRows(rng, 1200, 20, nulls)
		// Tag rows with their position to check stability.
		types := append(append([]vector.Type{}, rtGenTypes...), vector.BigInt)
		for i := range rows {
			rows[i] = append(rows[i], vector.IntValue(int64(i)))
		}
		for ki, keys := range keySets {
			for _, lim := range [][2]int64{{-1, 0}, {10, 0}, {25, 7}, {5000, 0}, {0, 0}, {3, 1190}} {
				want := slices.Clone(rows)
				slices.SortStableFunc(want, func(a, b rtRow) int {
					for _, k := range keys {
						c := k.Expr.(*ColRef).Idx
						x, y := a[c], b[c]
						if x.Null || y.Null {
							if x.Null && y.Null {
								continue
							}
							if x.Null == k.NullsFirst {
								return -1
							}
							return 1
						}
						var r int
						switch x.Typ.Phys() {
						case vector.PhysInt64:
							r = cmp.Compare(x.I64, y.I64)
						case vector.PhysFloat64:
							r = cmp.Compare(x.F64, y.F64)
						case vector.PhysString:
							r = strings.Compare(x.Str, y.Str)
						}
						if k.Desc {
							r = -r
						}
						if r != 0 {
							return r
						}
					}
					return 0
				})
				if lim[0] >= 0 {
					want = want[min(int(lim[1]), len(want)):min(int(lim[0]+lim[1]), len(want))]
				}
				n := &SortNode{Input: rtValuesNode(types, rows, size), Keys: keys, Limit: lim[0], Offset: lim[1]}
				rtSameList(t, fmt.Sprintf("keys %d limit %v", ki, lim), rtMustRun(t, n, threads), want)
				// LIMIT over ORDER BY is the same as top-N.
				if lim[0] >= 0 {
					n2 := &LimitNode{Input: &SortNode{Input: rtValuesNode(types, rows, size), Keys: keys, Limit: -1}, Limit: lim[0], Offset: lim[1]}
					rtSameList(t, fmt.Sprintf("keys %d limit node %v", ki, lim), rtMustRun(t, n2, threads), want)
				}
			}
		}
	})
}
