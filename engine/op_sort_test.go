package engine

import (
	"cmp"
	"fmt"
	"math"
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
				want := rtSortRef(rows, keys)
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

// rtSortRef sorts rows stably by keys (column references) as ORDER BY
// does.
func rtSortRef(rows []rtRow, keys []SortKey) []rtRow {
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
	return want
}

// TestSortTopNLarge runs top-N sorts over inputs large enough that each
// worker's run fills up and later rows are rejected against its last
// row: many ties (stability), NULL boundaries and several workers.
func TestSortTopNLarge(t *testing.T) {
	keySets := [][]SortKey{
		{{Expr: rtCol(0, vector.BigInt)}},
		{{Expr: rtCol(0, vector.BigInt), Desc: true, NullsFirst: true}},
		{{Expr: rtCol(1, vector.Varchar), NullsFirst: true}, {Expr: rtCol(3, vector.Double), Desc: true}},
		{{Expr: rtCol(3, vector.Double)}, {Expr: rtCol(0, vector.BigInt), Desc: true}},
		{{Expr: rtCol(2, vector.BigInt), Desc: true}, {Expr: rtCol(1, vector.Varchar), Desc: true}},
	}
	for _, domain := range []int{3, 20, 100000} {
		rtForAll(t, func(t *testing.T, size int, nulls bool, threads int) {
			rng := rand.New(rand.NewSource(int64(size + domain)))
			rows := rtGenRows(rng, 20000, domain, nulls)
			types := append(append([]vector.Type{}, rtGenTypes...), vector.BigInt)
			for i := range rows {
				rows[i] = append(rows[i], vector.IntValue(int64(i)))
			}
			for ki, keys := range keySets {
				sorted := rtSortRef(rows, keys)
				for _, lim := range [][2]int64{{1, 0}, {10, 0}, {3, 50}, {100, 0}} {
					want := sorted[lim[1]:min(lim[0]+lim[1], int64(len(sorted)))]
					n := &SortNode{Input: rtValuesNode(types, rows, size), Keys: keys, Limit: lim[0], Offset: lim[1]}
					rtSameList(t, fmt.Sprintf("domain %d keys %d limit %v", domain, ki, lim), rtMustRun(t, n, threads), want)
				}
			}
		})
	}
}

func TestTopNCompare(t *testing.T) {
	nan := math.NaN()
	iv := func(m int32, d int32, us int64) vector.Value {
		return vector.Value{Typ: vector.IntervalType, Iv: vector.Interval{Months: m, Days: d, Micros: us}}
	}
	tests := []struct {
		name  string
		typ   vector.Type
		vals  []vector.Value // the rows; the last is the boundary
		desc  bool
		nulls bool // NULLS FIRST
		win   string
		eq    []uint32
	}{
		{"bigint asc", vector.BigInt, []vector.Value{vector.IntValue(1), vector.IntValue(5), vector.IntValue(3), vector.NullValue(vector.BigInt), vector.IntValue(3)}, false, false, "10000", []uint32{2, 4}},
		{"bigint desc nulls first", vector.BigInt, []vector.Value{vector.IntValue(1), vector.IntValue(5), vector.IntValue(3), vector.NullValue(vector.BigInt), vector.IntValue(3)}, true, true, "01010", []uint32{2, 4}},
		{"null boundary nulls last", vector.BigInt, []vector.Value{vector.IntValue(1), vector.NullValue(vector.BigInt), vector.NullValue(vector.BigInt)}, false, false, "100", []uint32{1, 2}},
		{"null boundary nulls first", vector.BigInt, []vector.Value{vector.IntValue(1), vector.NullValue(vector.BigInt), vector.NullValue(vector.BigInt)}, true, true, "000", []uint32{1, 2}},
		{"ubigint", vector.UBigInt, []vector.Value{{Typ: vector.UBigInt, I64: -1}, {Typ: vector.UBigInt, I64: 1}, {Typ: vector.UBigInt, I64: 2}}, false, false, "010", []uint32{2}},
		{"double nan", vector.Double, []vector.Value{vector.DoubleValue(nan), vector.DoubleValue(1), vector.DoubleValue(2), vector.DoubleValue(nan), vector.DoubleValue(2)}, false, false, "01000", []uint32{2, 4}},
		{"double nan boundary desc", vector.Double, []vector.Value{vector.DoubleValue(nan), vector.DoubleValue(1e300), vector.DoubleValue(nan)}, true, false, "000", []uint32{0, 2}},
		{"varchar desc", vector.Varchar, []vector.Value{vector.StringValue("b"), vector.StringValue("a"), vector.StringValue("ab"), vector.StringValue("ab")}, true, false, "1000", []uint32{2, 3}},
		{"boolean", vector.Boolean, []vector.Value{vector.BoolValue(false), vector.BoolValue(true), vector.BoolValue(true)}, false, false, "100", []uint32{1, 2}},
		{"interval", vector.IntervalType, []vector.Value{iv(0, 29, 0), iv(1, 0, 0), iv(0, 30, 0)}, false, false, "100", []uint32{1, 2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := len(tc.vals)
			v := vector.New(tc.typ, n)
			for i, x := range tc.vals {
				v.Set(i, n, x)
			}
			win := make([]bool, n)
			eq := topNCompare(v, seqRows(n), v, n-1, SortKey{Desc: tc.desc, NullsFirst: tc.nulls}, win, nil)
			var got strings.Builder
			for _, w := range win {
				if w {
					got.WriteByte('1')
				} else {
					got.WriteByte('0')
				}
			}
			if got.String() != tc.win || !slices.Equal(eq, tc.eq) {
				t.Errorf("win %s eq %v, want win %s eq %v", got.String(), eq, tc.win, tc.eq)
			}
		})
	}
}
