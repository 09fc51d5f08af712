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

// orderedCase is one ordered aggregate of TestOrderedAggregates and its
// reference: ref computes the result over a group's rows, which it gets
// already sorted by keys (stable, in input order).
type orderedCase struct {
	agg    AggExpr
	keys   []int // sort key columns, in the order of agg.Order
	filter func(rtRow) bool
	ref    func(rows []rtRow) vector.Value
}

// cmpKey orders two values of one key column as an aggregate's ORDER BY
// key o does (NULLs by o.NullsFirst, direction applied to non-NULLs).
func cmpKey(a, b vector.Value, o AggOrder) int {
	if a.Null || b.Null {
		switch {
		case a.Null && b.Null:
			return 0
		case a.Null == o.NullsFirst:
			return -1
		}
		return 1
	}
	var c int
	switch a.Typ.Phys() {
	case vector.PhysInt64:
		c = cmp.Compare(a.I64, b.I64)
	case vector.PhysFloat64:
		c = cmp.Compare(a.F64, b.F64)
	case vector.PhysString:
		c = cmp.Compare(a.Str, b.Str)
	}
	if o.Desc {
		return -c
	}
	return c
}

func TestOrderedAggregates(t *testing.T) {
	// Columns of rtGenRows: 0 k BIGINT, 1 s VARCHAR, 2 v BIGINT, 3 f DOUBLE.
	k, s, v, f := rtCol(0, vector.BigInt), rtCol(1, vector.Varchar), rtCol(2, vector.BigInt), rtCol(3, vector.Double)
	listOf := func(rows []rtRow, col int, typ vector.Type, skipNull bool) vector.Value {
		out := vector.Value{Typ: vector.ListOf(typ)}
		for _, r := range rows {
			if skipNull && r[col].Null {
				continue
			}
			out.List = append(out.List, r[col])
		}
		if len(out.List) == 0 && skipNull {
			return vector.NullValue(out.Typ)
		}
		return out
	}
	pos := &rtTestCmp{op: ">", a: v, b: &Const{Val: vector.IntValue(0)}}
	cases := []orderedCase{
		{
			agg:  AggExpr{Name: "list", Args: []Expr{v, f, v}, Order: []AggOrder{{Desc: true}, {}}, Typ: vector.ListOf(vector.BigInt)},
			keys: []int{3, 2},
			ref:  func(rows []rtRow) vector.Value { return listOf(rows, 2, vector.BigInt, false) },
		},
		{
			agg:  AggExpr{Name: "string_agg", Args: []Expr{s, &Const{Val: vector.StringValue(",")}, s}, Order: []AggOrder{{Desc: true, NullsFirst: true}}, Typ: vector.Varchar},
			keys: []int{1},
			ref: func(rows []rtRow) vector.Value {
				var parts []string
				for _, r := range rows {
					if !r[1].Null {
						parts = append(parts, r[1].Str)
					}
				}
				if len(parts) == 0 {
					return vector.NullValue(vector.Varchar)
				}
				return vector.StringValue(strings.Join(parts, ","))
			},
		},
		{
			agg:  AggExpr{Name: "first", Args: []Expr{v, s, v}, Order: []AggOrder{{NullsFirst: true}, {Desc: true}}, Typ: vector.BigInt},
			keys: []int{1, 2},
			ref:  func(rows []rtRow) vector.Value { return rows[0][2] },
		},
		{
			agg:  AggExpr{Name: "last", Args: []Expr{s, v, s}, Order: []AggOrder{{}, {}}, Typ: vector.Varchar},
			keys: []int{2, 1},
			ref:  func(rows []rtRow) vector.Value { return rows[len(rows)-1][1] },
		},
		{
			agg:    AggExpr{Name: "list", Args: []Expr{v, f, v}, Filter: pos, Order: []AggOrder{{}, {Desc: true}}, Typ: vector.ListOf(vector.BigInt)},
			keys:   []int{3, 2},
			filter: func(r rtRow) bool { return !r[2].Null && r[2].I64 > 0 },
			ref:    func(rows []rtRow) vector.Value { return listOf(rows, 2, vector.BigInt, true) },
		},
		{
			// An order-insensitive aggregate ignores its ORDER BY.
			agg:  AggExpr{Name: "count", Args: []Expr{v, s}, Order: []AggOrder{{}}, Typ: vector.BigInt},
			keys: []int{1},
			ref: func(rows []rtRow) vector.Value {
				n := int64(0)
				for _, r := range rows {
					if !r[2].Null {
						n++
					}
				}
				return vector.IntValue(n)
			},
		},
	}
	distinct := orderedCase{
		agg:  AggExpr{Name: "list", Args: []Expr{s, s}, Distinct: true, Order: []AggOrder{{Desc: true}}, Typ: vector.ListOf(vector.Varchar)},
		keys: []int{1},
		ref: func(rows []rtRow) vector.Value {
			out := vector.Value{Typ: vector.ListOf(vector.Varchar)}
			for i, r := range rows {
				if i == 0 || cmpKey(r[1], rows[i-1][1], AggOrder{}) != 0 {
					out.List = append(out.List, r[1])
				}
			}
			return out
		},
	}
	// Small enough that many groups take the partitioned merge, and
	// tables are sealed (spilled by partition) when there is no DISTINCT.
	defer func(p, s int) { aggPartitionMin, aggSealGroups = p, s }(aggPartitionMin, aggSealGroups)
	aggPartitionMin, aggSealGroups = 64, 256
	for _, set := range []struct {
		name  string
		cases []orderedCase
	}{{"plain", cases}, {"distinct", append(slices.Clone(cases), distinct)}} {
		for _, domain := range []int{3, 2000} {
			rtForAll(t, func(t *testing.T, size int, nulls bool, threads int) {
				rng := rand.New(rand.NewSource(int64(size*7 + domain)))
				rows := rtGenRows(rng, 6000, domain, nulls)
				var aggs []AggExpr
				for _, c := range set.cases {
					aggs = append(aggs, c.agg)
				}
				for _, grouped := range []bool{true, false} {
					n := &HashAggNode{Input: rtValuesNode(rtGenTypes, rows, size), Aggs: aggs}
					if grouped {
						n.Groups = []Expr{k}
					}
					byKey := map[string][]rtRow{}
					var order []string
					for _, r := range rows {
						key := ""
						if grouped {
							key = r[0].String()
						}
						if _, ok := byKey[key]; !ok {
							order = append(order, key)
						}
						byKey[key] = append(byKey[key], r)
					}
					var want []rtRow
					for _, key := range order {
						g := byKey[key]
						var out rtRow
						if grouped {
							out = append(out, g[0][0])
						}
						for _, c := range set.cases {
							sorted := make([]rtRow, 0, len(g))
							for _, r := range g {
								if c.filter == nil || c.filter(r) {
									sorted = append(sorted, r)
								}
							}
							slices.SortStableFunc(sorted, func(a, b rtRow) int {
								for i, col := range c.keys {
									if x := cmpKey(a[col], b[col], c.agg.Order[i]); x != 0 {
										return x
									}
								}
								return 0
							})
							if len(sorted) == 0 {
								out = append(out, vector.NullValue(c.agg.Typ))
								continue
							}
							out = append(out, c.ref(sorted))
						}
						want = append(want, out)
					}
					got := rtMustRun(t, n, threads)
					rtSameBag(t, fmt.Sprintf("%s grouped=%v", set.name, grouped), got, want)
				}
			})
		}
	}
}

// TestOrderedAggExplain checks that EXPLAIN shows the ORDER BY inside an
// aggregate that honours it.
func TestOrderedAggExplain(t *testing.T) {
	v, s := rtCol(0, vector.BigInt), rtCol(1, vector.Varchar)
	tests := []struct {
		agg  AggExpr
		want string
	}{
		{AggExpr{Name: "list", Args: []Expr{v, s}, Order: []AggOrder{{Desc: true}}}, "list(#0 ORDER BY #1 DESC)"},
		{AggExpr{Name: "first", Args: []Expr{v, s, v}, Order: []AggOrder{{NullsFirst: true}, {}}}, "first(#0 ORDER BY #1 NULLS FIRST, #0)"},
		{AggExpr{Name: "string_agg", Args: []Expr{s}}, "string_agg(#1)"},
	}
	for _, tc := range tests {
		if got := aggString(&tc.agg); got != tc.want {
			t.Errorf("aggString = %q, want %q", got, tc.want)
		}
	}
}

func TestAggOrderMatters(t *testing.T) {
	tests := []struct {
		name string
		args []vector.Type
		want bool
	}{
		{"first", []vector.Type{vector.Integer}, true},
		{"arbitrary", []vector.Type{vector.Integer}, true},
		{"last", []vector.Type{vector.Integer}, true},
		{"any_value", []vector.Type{vector.Integer}, true},
		{"string_agg", []vector.Type{vector.Varchar, vector.Varchar}, true},
		{"group_concat", []vector.Type{vector.Varchar}, true},
		{"list", []vector.Type{vector.Integer}, true},
		{"array_agg", []vector.Type{vector.Integer}, true},
		{"arg_max", []vector.Type{vector.Integer, vector.Integer}, true},
		{"mode", []vector.Type{vector.Integer}, true},
		{"sum", []vector.Type{vector.Double}, true},
		{"avg", []vector.Type{vector.Float}, true},
		{"sum", []vector.Type{vector.Integer}, false},
		{"avg", []vector.Type{vector.Decimal(18, 3)}, false},
		{"count", []vector.Type{vector.Integer}, false},
		{"count_star", nil, false},
		{"min", []vector.Type{vector.Double}, false},
		{"max", []vector.Type{vector.Varchar}, false},
		{"bool_and", []vector.Type{vector.Boolean}, false},
		{"median", []vector.Type{vector.Double}, false},
		{"no_such_agg", nil, false},
	}
	for _, tc := range tests {
		if got := AggOrderMatters(tc.name, tc.args); got != tc.want {
			t.Errorf("AggOrderMatters(%s, %v) = %v, want %v", tc.name, tc.args, got, tc.want)
		}
	}
}
