package engine

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/lhsql/lhsql/vector"
)

func TestNestedLoopJoin(t *testing.T) {
	rtForAll(t, func(t *testing.T, size int, nulls bool, threads int) {
		rng := rand.New(rand.NewSource(int64(size)*11 + 3))
		left := rtGenRows(rng, 60, 8, nulls)
		right := rtGenRows(rng, 50, 8, nulls)
		for _, kind := range rtAllKinds {
			for _, cross := range []bool{false, true} {
				for _, emptyRight := range []bool{false, true} {
					r := right
					if emptyRight {
						r = nil
					}
					n := &NestedLoopJoinNode{Left: rtValuesNode(rtGenTypes, left, size), Right: rtValuesNode(rtGenTypes, r, size), Kind: kind}
					var match func(l, rr rtRow) (bool, bool)
					if cross {
						match = func(l, rr rtRow) (bool, bool) { return true, false }
					} else {
						// left.k < right.k (non-equi; NULL when either is NULL)
						n.Cond = &rtTestCmp{op: "<", a: rtCol(0, vector.BigInt), b: rtCol(4, vector.BigInt)}
						match = func(l, rr rtRow) (bool, bool) {
							if l[0].Null || rr[0].Null {
								return false, true
							}
							return l[0].I64 < rr[0].I64, false
						}
					}
					want := rtRefJoin(kind, left, r, 4, 4, match, nil)
					got := rtMustRun(t, n, threads)
					rtSameBag(t, fmt.Sprintf("kind=%s cross=%v empty=%v", joinKindName(kind), cross, emptyRight), got, want)
				}
			}
		}
	})
}
