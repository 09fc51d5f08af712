package engine

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/lhsql/lhsql/vector"
)

// TestHashAggDistinctI64 checks DISTINCT aggregates over one int64
// argument (distinctSet): grouped and global, NULL groups and values,
// local sets that turn raw or not, several workers with the partitioned
// merge, and one worker replaying its set.
func TestHashAggDistinctI64(t *testing.T) {
	defer func(pm, rj int) { aggPartitionMin, distinctRawJudge = pm, rj }(aggPartitionMin, distinctRawJudge)
	aggPartitionMin = 64
	aggs := []AggExpr{
		{Name: "count", Args: []Expr{rtCol(1, vector.BigInt)}, Distinct: true, Typ: vector.BigInt},
		{Name: "sum", Args: []Expr{rtCol(1, vector.BigInt)}, Distinct: true, Typ: vector.HugeInt},
		{Name: "count_star", Typ: vector.BigInt},
	}
	types := []vector.Type{vector.BigInt, vector.BigInt}
	cases := []struct {
		groups, values int
		rawJudge       int
	}{
		{groups: 3, values: 5, rawJudge: 1 << 17},
		{groups: 40, values: 100000, rawJudge: 1 << 17},
		{groups: 40, values: 100000, rawJudge: 64},
		{groups: 3000, values: 100000, rawJudge: 64},
		{groups: 3, values: 4, rawJudge: 64},
	}
	for _, tc := range cases {
		distinctRawJudge = tc.rawJudge
		rtForAll(t, func(t *testing.T, size int, nulls bool, threads int) {
			if size == 1 {
				return // slow and covered by size 3
			}
			rng := rand.New(rand.NewSource(int64(size + tc.groups + tc.values + tc.rawJudge)))
			rows := make([]rtRow, 6000)
			for i := range rows {
				g := vector.IntValue(int64(rng.Intn(tc.groups)))
				v := vector.IntValue(int64(rng.Intn(tc.values)) - int64(tc.values/2))
				if nulls && rng.Intn(10) == 0 {
					g = vector.NullValue(vector.BigInt)
				}
				if nulls && rng.Intn(8) == 0 {
					v = vector.NullValue(vector.BigInt)
				}
				rows[i] = rtRow{g, v}
			}
			for _, grouped := range []bool{true, false} {
				type ref struct {
					key     vector.Value
					seen    map[int64]bool
					sum     int64
					cntStar int64
				}
				refs := map[string]*ref{}
				var order []string
				for _, r := range rows {
					k := "all"
					if grouped {
						k = r[0].String()
					}
					a := refs[k]
					if a == nil {
						a = &ref{key: r[0], seen: map[int64]bool{}}
						refs[k] = a
						order = append(order, k)
					}
					a.cntStar++
					if !r[1].Null && !a.seen[r[1].I64] {
						a.seen[r[1].I64] = true
						a.sum += r[1].I64
					}
				}
				var want []rtRow
				for _, k := range order {
					a := refs[k]
					sum := vector.Value{Typ: vector.HugeInt, Null: true}
					if len(a.seen) > 0 {
						sum = vector.Value{Typ: vector.HugeInt, I64: a.sum}
					}
					row := rtRow{vector.IntValue(int64(len(a.seen))), sum, vector.IntValue(a.cntStar)}
					if grouped {
						row = append(rtRow{a.key}, row...)
					}
					want = append(want, row)
				}
				n := &HashAggNode{Input: rtValuesNode(types, rows, size), Aggs: aggs}
				if grouped {
					n.Groups = []Expr{rtCol(0, vector.BigInt)}
				}
				what := fmt.Sprintf("groups %d values %d raw %d grouped %v", tc.groups, tc.values, tc.rawJudge, grouped)
				rtSameBag(t, what, rtMustRun(t, n, threads), want)
			}
		})
	}
}
