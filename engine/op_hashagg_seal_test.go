package engine

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/lhsql/lhsql/vector"
)

// TestHashAggSeal checks grouped aggregation over inputs whose keys do
// not repeat at a distance (which seal worker tables and merge their
// groups from the spill partitions) and over inputs that keep hitting
// (which must not seal), against a reference computed row by row.
func TestHashAggSeal(t *testing.T) {
	defer func(old int) { aggSealGroups = old }(aggSealGroups)
	aggSealGroups = 64
	types := []vector.Type{vector.BigInt, vector.Varchar, vector.BigInt, vector.Boolean}
	// key returns the keys of row i of n.
	type gen func(rng *rand.Rand, i, n int) (int64, string)
	cases := []struct {
		name  string
		rows  int
		key   gen
		str   bool // group by both key columns (the generic table)
		nulls bool // some integer keys are NULL
		seal  bool // tables must be sealed
	}{
		{"sorted runs int", 20000, func(_ *rand.Rand, i, _ int) (int64, string) { return int64(i / 4), "" }, false, false, true},
		{"sorted runs int nulls", 20000, func(_ *rand.Rand, i, _ int) (int64, string) { return int64(i / 3), "" }, false, true, true},
		{"unique shuffled int", 20011, func(_ *rand.Rand, i, _ int) (int64, string) { return int64(i*7919) % 20011, "" }, false, false, true},
		{"sorted runs pair", 20000, func(_ *rand.Rand, i, _ int) (int64, string) { return int64(i / 8), fmt.Sprintf("s%d", i/4) }, true, false, true},
		{"repeating int", 20000, func(rng *rand.Rand, _, _ int) (int64, string) { return int64(rng.Intn(300)), "" }, false, false, false},
		{"repeating pair", 20000, func(rng *rand.Rand, _, _ int) (int64, string) {
			k := rng.Intn(300)
			return int64(k % 7), fmt.Sprintf("s%d", k)
		}, true, false, false},
	}
	// The states of these aggregates are reset for reuse after a seal
	// and a merged partition; bool_or's are not (new ones are made).
	aggs := []AggExpr{
		{Name: "count_star", Typ: vector.BigInt},
		{Name: "sum", Args: []Expr{rtCol(2, vector.BigInt)}, Typ: vector.HugeInt},
		{Name: "min", Args: []Expr{rtCol(2, vector.BigInt)}, Typ: vector.BigInt},
		{Name: "max", Args: []Expr{rtCol(1, vector.Varchar)}, Typ: vector.Varchar},
	}
	boolOr := AggExpr{Name: "bool_or", Args: []Expr{rtCol(3, vector.Boolean)}, Typ: vector.Boolean}
	type ref struct {
		keys     rtRow
		cnt, sum int64
		min      int64
		max      string
		or       bool
	}
	for _, tc := range cases {
		for _, withOr := range []bool{false, true} {
			for _, size := range []int{1, 100, vector.MaxLen} {
				for _, threads := range []int{1, 3} {
					t.Run(fmt.Sprintf("%s/or%v/size%d/threads%d", tc.name, withOr, size, threads), func(t *testing.T) {
						rng := rand.New(rand.NewSource(int64(tc.rows + size)))
						rows := make([]rtRow, tc.rows)
						refs := map[string]*ref{}
						for i := range rows {
							k, s := tc.key(rng, i, tc.rows)
							kv := vector.IntValue(k)
							if tc.nulls && k%50 == 0 {
								kv = vector.NullValue(vector.BigInt)
							}
							if !tc.str {
								s = fmt.Sprintf("v%d", rng.Intn(50))
							}
							v := int64(rng.Intn(1000) - 500)
							rows[i] = rtRow{kv, vector.StringValue(s), vector.IntValue(v), vector.BoolValue(v > 450)}
							keys := rtRow{kv}
							if tc.str {
								keys = rtRow{kv, vector.StringValue(s)}
							}
							r := refs[keys.String()]
							if r == nil {
								r = &ref{keys: keys, min: v, max: s}
								refs[keys.String()] = r
							}
							r.cnt++
							r.sum += v
							r.min = min(r.min, v)
							r.max = max(r.max, s)
							r.or = r.or || v > 450
						}
						var want []rtRow
						for _, r := range refs {
							row := append(append(rtRow{}, r.keys...),
								vector.IntValue(r.cnt),
								vector.Value{Typ: vector.HugeInt, I64: r.sum},
								vector.IntValue(r.min),
								vector.StringValue(r.max))
							if withOr {
								row = append(row, vector.BoolValue(r.or))
							}
							want = append(want, row)
						}
						n := &HashAggNode{Input: rtValuesNode(types, rows, size), Aggs: aggs,
							Groups: []Expr{rtCol(0, vector.BigInt)}}
						if withOr {
							n.Aggs = append(aggs[:len(aggs):len(aggs)], boolOr)
						}
						if tc.str {
							n.Groups = append(n.Groups, rtCol(1, vector.Varchar))
						}
						before := aggSeals.Load()
						got := rtMustRun(t, n, threads)
						sealed := aggSeals.Load() > before
						rtSameBag(t, tc.name, got, want)
						if sealed != tc.seal {
							t.Fatalf("sealed = %v, want %v", sealed, tc.seal)
						}
					})
				}
			}
		}
	}
}
