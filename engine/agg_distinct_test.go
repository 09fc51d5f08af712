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

// TestDistinctSetGrowth inserts pairs into a distinctSet until it grows
// past groupGrow4At slots (4x steps) and checks its unique pairs against
// a map, with NULL values and several groups.
func TestDistinctSetGrowth(t *testing.T) {
	type pair struct {
		g    uint32
		x    int64
		null bool
	}
	for _, tc := range []struct {
		name           string
		groups, values int
		rows           int
		nulls          bool
	}{
		{"few", 3, 50, 10_000, true},
		{"global many", 1, 300_000, 300_000, false},
		{"grouped many nulls", 7, 60_000, 300_000, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewSource(int64(tc.values)))
			d := newDistinctSet(vector.BigInt)
			want := map[pair]bool{}
			gids := make([]uint32, vector.MaxLen)
			for done := 0; done < tc.rows; done += vector.MaxLen {
				m := min(vector.MaxLen, tc.rows-done)
				v := vector.New(vector.BigInt, m)
				for k := 0; k < m; k++ {
					gids[k] = uint32(rng.Intn(tc.groups))
					v.I64[k] = int64(rng.Intn(tc.values)) << 20
					p := pair{g: gids[k], x: v.I64[k]}
					if tc.nulls && rng.Intn(9) == 0 {
						if v.Valid == nil {
							v.Valid = vector.NewValidity(m)
						}
						v.Valid.SetInvalid(k)
						p.x, p.null = 0, true
					}
					want[p] = true
				}
				d.insert(gids, v, m)
			}
			got := map[pair]bool{}
			for _, p := range d.pairs {
				q := pair{g: p.gid, x: p.val, null: p.null}
				if got[q] {
					t.Fatalf("pair %+v kept twice", q)
				}
				if !want[q] {
					t.Fatalf("pair %+v never inserted", q)
				}
				got[q] = true
			}
			if len(got) != len(want) {
				t.Fatalf("%d pairs, want %d", len(got), len(want))
			}
			if 2*len(d.pairs) > len(d.slots) {
				t.Fatalf("%d pairs in %d slots: over half full", len(d.pairs), len(d.slots))
			}
		})
	}
}
