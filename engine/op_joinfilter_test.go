package engine

import (
	"context"
	"fmt"
	"testing"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// TestJoinFilterThroughAggregate joins an aggregation over a scanned table
// with a few build keys: results must match a reference for every kind,
// and for the kinds that drop unmatched probe rows the runtime filter must
// have removed the other groups before the aggregation.
func TestJoinFilterThroughAggregate(t *testing.T) {
	types := []vector.Type{vector.BigInt}
	mt := storage.NewMemTable("fact", []storage.Column{{Name: "k", Type: vector.BigInt}})
	const groups, perGroup = 500, 40
	var aggRows []rtRow
	for g := 0; g < groups; g++ {
		aggRows = append(aggRows, rtRow{vector.IntValue(int64(g)), vector.IntValue(perGroup)})
	}
	for lo := 0; lo < groups*perGroup; lo += vector.MaxLen {
		n := min(vector.MaxLen, groups*perGroup-lo)
		c := vector.NewChunk(types, n)
		for i := 0; i < n; i++ {
			c.Cols[0].I64[i] = int64((lo + i) % groups)
		}
		if err := mt.Append(c); err != nil {
			t.Fatal(err)
		}
	}
	build := []rtRow{{vector.IntValue(3)}, {vector.IntValue(7)}, {vector.IntValue(499)}, {vector.IntValue(1000)},
		{vector.NullValue(vector.BigInt)}}
	cases := []struct {
		kind     JoinKind
		filtered bool // the aggregation sees only matching groups
	}{
		{JoinInner, true}, {JoinRight, true}, {JoinSemi, true}, {JoinRightSemi, true},
		{JoinLeft, false}, {JoinAnti, false}, {JoinRightAnti, false}, {JoinMark, false},
	}
	for _, tc := range cases {
		for _, threads := range []int{1, 2} {
			name := fmt.Sprintf("%s/threads=%d", joinKindName(tc.kind), threads)
			scan := &ScanNode{Table: mt, Spec: storage.ScanSpec{Columns: []int{0}}, Out: types, Label: "fact"}
			agg := &HashAggNode{Input: scan, Groups: []Expr{rtCol(0, vector.BigInt)},
				Aggs: []AggExpr{{Name: "count_star", Typ: vector.BigInt}}}
			n := &HashJoinNode{Left: agg, Right: rtValuesNode(types, build, 2), Kind: tc.kind,
				LeftKeys: []Expr{rtCol(0, vector.BigInt)}, RightKeys: []Expr{rtCol(0, vector.BigInt)}}
			match := func(l, r rtRow) (bool, bool) { return rtEqVal(l[0], r[0]), false }
			want := rtRefJoin(tc.kind, aggRows, build, 2, 1, match, func(rtRow) bool { return true })
			res, err := Run(context.Background(), n, Options{Threads: threads})
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			var got []rtRow
			for {
				c, err := res.Next()
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if c == nil {
					break
				}
				for i := 0; i < c.Len; i++ {
					r := make(rtRow, len(c.Cols))
					for j, v := range c.Cols {
						r[j] = v.Get(i)
					}
					got = append(got, r)
				}
			}
			res.Close()
			rtSameBag(t, name, got, want)
			var aggOut int64 = -1
			for _, op := range res.Stats().Ops {
				if op.Node == Node(agg) {
					aggOut = op.Rows
				}
			}
			if tc.filtered && (aggOut < 3 || aggOut > 10) {
				t.Errorf("%s: aggregation produced %d groups, want about 3 after the runtime filter", name, aggOut)
			}
			if !tc.filtered && aggOut != groups {
				t.Errorf("%s: aggregation produced %d groups, want all %d (no filter allowed)", name, aggOut, groups)
			}
		}
	}
}
