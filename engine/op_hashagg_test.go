package engine

import (
	"fmt"
	"math"
	"math/rand"
	"strings"
	"testing"

	"github.com/lhsql/lhsql/vector"
)

type rtRefAgg struct {
	cnt, cntV, sumV int64
	sumF            float64
	cntF            int64
	minS, maxF      vector.Value
	distinct        map[int64]bool
	sumPos          int64
	cntPos          int64
}

func TestHashAgg(t *testing.T) {
	posFilter := &rtTestCmp{op: ">", a: rtCol(2, vector.BigInt), b: &Const{Val: vector.IntValue(0)}}
	aggs := []AggExpr{
		{Name: "count_star", Typ: vector.BigInt},
		{Name: "count", Args: []Expr{rtCol(2, vector.BigInt)}, Typ: vector.BigInt},
		{Name: "sum", Args: []Expr{rtCol(2, vector.BigInt)}, Typ: vector.HugeInt},
		{Name: "avg", Args: []Expr{rtCol(2, vector.BigInt)}, Typ: vector.Double},
		{Name: "min", Args: []Expr{rtCol(1, vector.Varchar)}, Typ: vector.Varchar},
		{Name: "max", Args: []Expr{rtCol(3, vector.Double)}, Typ: vector.Double},
		{Name: "sum", Args: []Expr{rtCol(3, vector.Double)}, Typ: vector.Double},
		{Name: "count", Args: []Expr{rtCol(2, vector.BigInt)}, Distinct: true, Typ: vector.BigInt},
		{Name: "sum", Args: []Expr{rtCol(2, vector.BigInt)}, Distinct: true, Typ: vector.HugeInt},
		{Name: "sum", Args: []Expr{rtCol(2, vector.BigInt)}, Filter: posFilter, Typ: vector.HugeInt},
		{Name: "count_star", Filter: posFilter, Typ: vector.BigInt},
	}
	// Small enough that the larger domain takes the partitioned merge.
	defer func(old int) { aggPartitionMin = old }(aggPartitionMin)
	aggPartitionMin = 64
	for _, domain := range []int{5, 1000} {
		rtForAll(t, func(t *testing.T, size int, nulls bool, threads int) {
			rng := rand.New(rand.NewSource(int64(size + domain)))
			rows := rtGenRows(rng, 2500, domain, nulls)
			for _, grouped := range []bool{true, false} {
				for _, empty := range []bool{false, true} {
					in := rows
					if empty {
						in = nil
					}
					n := &HashAggNode{Input: rtValuesNode(rtGenTypes, in, size), Aggs: aggs}
					if grouped {
						n.Groups = []Expr{rtCol(0, vector.BigInt), rtCol(1, vector.Varchar)}
					}
					ref := map[string]*rtRefAgg{}
					keys := map[string]rtRow{}
					var order []string
					if !grouped {
						ref[""] = &rtRefAgg{distinct: map[int64]bool{}}
						keys[""] = rtRow{}
						order = append(order, "")
					}
					for _, r := range in {
						k := ""
						if grouped {
							k = rtRow{r[0], r[1]}.String()
						}
						a := ref[k]
						if a == nil {
							a = &rtRefAgg{distinct: map[int64]bool{}}
							ref[k] = a
							keys[k] = rtRow{r[0], r[1]}
							order = append(order, k)
						}
						a.cnt++
						if !r[2].Null {
							a.cntV++
							a.sumV += r[2].I64
							a.distinct[r[2].I64] = true
							if r[2].I64 > 0 {
								a.sumPos += r[2].I64
								a.cntPos++
							}
						}
						if !r[3].Null {
							a.sumF += r[3].F64
							a.cntF++
							if a.maxF.Typ.ID == 0 || r[3].F64 > a.maxF.F64 {
								a.maxF = r[3]
							}
						}
						if !r[1].Null && (a.minS.Typ.ID == 0 || r[1].Str < a.minS.Str) {
							a.minS = r[1]
						}
					}
					var want []rtRow
					for _, k := range order {
						a := ref[k]
						out := append(rtRow{}, keys[k]...)
						nullOr := func(ok bool, v vector.Value, t vector.Type) vector.Value {
							if !ok {
								return vector.NullValue(t)
							}
							return v
						}
						dsum := int64(0)
						for v := range a.distinct {
							dsum += v
						}
						minS, maxF := a.minS, a.maxF
						out = append(out,
							vector.IntValue(a.cnt),
							vector.IntValue(a.cntV),
							nullOr(a.cntV > 0, vector.Value{Typ: vector.HugeInt, I64: a.sumV}, vector.HugeInt),
							nullOr(a.cntV > 0, vector.DoubleValue(float64(a.sumV)/float64(a.cntV)), vector.Double),
							nullOr(minS.Typ.ID != 0, minS, vector.Varchar),
							nullOr(maxF.Typ.ID != 0, maxF, vector.Double),
							nullOr(a.cntF > 0, vector.DoubleValue(a.sumF), vector.Double),
							vector.IntValue(int64(len(a.distinct))),
							nullOr(len(a.distinct) > 0, vector.Value{Typ: vector.HugeInt, I64: dsum}, vector.HugeInt),
							nullOr(a.cntPos > 0, vector.Value{Typ: vector.HugeInt, I64: a.sumPos}, vector.HugeInt),
							vector.IntValue(a.cntPos),
						)
						want = append(want, out)
					}
					got := rtMustRun(t, n, threads)
					rtSameBag(t, fmt.Sprintf("grouped=%v empty=%v", grouped, empty), got, want)
				}
			}
		})
	}
}

func TestAggDecimalAndStats(t *testing.T) {
	dec := vector.Decimal(15, 2)
	types := []vector.Type{dec, vector.Boolean, vector.Varchar}
	var rows []rtRow
	var sum int64
	var xs []float64
	for i := 0; i < 5000; i++ {
		u := int64(i*37%1000 - 300)
		sum += u
		xs = append(xs, float64(u)/100)
		rows = append(rows, rtRow{{Typ: dec, I64: u}, vector.BoolValue(i%3 != 0), vector.StringValue("a")})
	}
	aggs := []AggExpr{
		{Name: "sum", Args: []Expr{rtCol(0, dec)}, Typ: vector.Decimal(38, 2)},
		{Name: "avg", Args: []Expr{rtCol(0, dec)}, Typ: vector.Double},
		{Name: "min", Args: []Expr{rtCol(0, dec)}, Typ: dec},
		{Name: "bool_and", Args: []Expr{rtCol(1, vector.Boolean)}, Typ: vector.Boolean},
		{Name: "bool_or", Args: []Expr{rtCol(1, vector.Boolean)}, Typ: vector.Boolean},
		{Name: "var_samp", Args: []Expr{rtCol(0, dec)}, Typ: vector.Double},
		{Name: "stddev_pop", Args: []Expr{rtCol(0, dec)}, Typ: vector.Double},
		{Name: "string_agg", Args: []Expr{rtCol(2, vector.Varchar), &Const{Val: vector.StringValue("-")}}, Typ: vector.Varchar},
		{Name: "any_value", Args: []Expr{rtCol(2, vector.Varchar)}, Typ: vector.Varchar},
	}
	var mean, m2 float64
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		m2 += (x - mean) * (x - mean)
	}
	for _, size := range rtChunkSizes {
		for _, th := range rtThreadCnts {
			got := rtMustRun(t, &HashAggNode{Input: rtValuesNode(types, rows, size), Aggs: aggs}, th)
			if len(got) != 1 {
				t.Fatalf("rows = %d", len(got))
			}
			g := got[0]
			if g[0].Typ != vector.Decimal(38, 2) || g[0].I64 != sum {
				t.Fatalf("sum = %v", g[0])
			}
			if want := float64(sum) / 5000 / 100; math.Abs(g[1].F64-want) > 1e-12 {
				t.Fatalf("avg = %v want %v", g[1].F64, want)
			}
			if g[2].String() != "-3.00" || g[3].Bool || !g[4].Bool {
				t.Fatalf("min/bool = %v", g)
			}
			if math.Abs(g[5].F64-m2/4999) > 1e-6 || math.Abs(g[6].F64-math.Sqrt(m2/5000)) > 1e-9 {
				t.Fatalf("variance = %v %v want %v %v", g[5].F64, g[6].F64, m2/4999, math.Sqrt(m2/5000))
			}
			if g[7].Str != strings.Repeat("a-", 4999)+"a" {
				t.Fatalf("string_agg length %d", len(g[7].Str))
			}
			if g[8].Str != "a" {
				t.Fatalf("any_value = %v", g[8])
			}
		}
	}
}

func TestSumOverflow(t *testing.T) {
	types := []vector.Type{vector.BigInt}
	rows := []rtRow{{vector.IntValue(math.MaxInt64)}, {vector.IntValue(1)}}
	n := &HashAggNode{Input: rtValuesNode(types, rows, 1), Aggs: []AggExpr{{Name: "sum", Args: []Expr{rtCol(0, vector.BigInt)}, Typ: vector.HugeInt}}}
	if _, err := rtRunAll(t, n, 2); err == nil || !strings.Contains(err.Error(), "Out of Range") {
		t.Fatalf("err = %v", err)
	}
	// An intermediate overflow that comes back into range is fine.
	rows = append(rows, rtRow{vector.IntValue(-10)})
	got := rtMustRun(t, &HashAggNode{Input: rtValuesNode(types, rows, 1), Aggs: n.Aggs}, 1)
	if got[0][0].I64 != math.MaxInt64-9 {
		t.Fatalf("sum = %v", got[0][0])
	}
}

func TestAggResultType(t *testing.T) {
	cases := []struct {
		name string
		args []vector.Type
		want string
		err  string
	}{
		{"count_star", nil, "BIGINT", ""},
		{"count", []vector.Type{vector.Varchar}, "BIGINT", ""},
		{"sum", []vector.Type{vector.Integer}, "HUGEINT", ""},
		{"sum", []vector.Type{vector.Decimal(15, 2)}, "DECIMAL(38,2)", ""},
		{"sum", []vector.Type{vector.Float}, "DOUBLE", ""},
		{"avg", []vector.Type{vector.Decimal(15, 2)}, "DOUBLE", ""},
		{"min", []vector.Type{vector.Date}, "DATE", ""},
		{"MAX", []vector.Type{vector.Varchar}, "VARCHAR", ""},
		{"string_agg", []vector.Type{vector.Varchar, vector.Varchar}, "VARCHAR", ""},
		{"stddev", []vector.Type{vector.Integer}, "DOUBLE", ""},
		{"sum", []vector.Type{vector.Varchar}, "", "No function matches the given name and argument types 'sum(VARCHAR)'"},
		{"summ", []vector.Type{vector.Integer}, "", "Did you mean \"sum\"?"},
	}
	for _, c := range cases {
		got, err := AggResultType(c.name, c.args, false)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s: err = %v, want %q", c.name, err, c.err)
			}
			continue
		}
		if err != nil || got.String() != c.want {
			t.Errorf("%s(%v) = %v, %v; want %s", c.name, c.args, got, err, c.want)
		}
	}
	if !IsAggregate("SUM") || IsAggregate("abs") {
		t.Errorf("IsAggregate")
	}
}

func TestGroupByOtherKeyTypes(t *testing.T) {
	types := []vector.Type{vector.Double, vector.Boolean, vector.IntervalType, vector.Decimal(10, 2)}
	var rows []rtRow
	negZero := math.Copysign(0, -1)
	fs := []float64{0, negZero, 1.5, math.NaN(), math.NaN()}
	for i := 0; i < 200; i++ {
		r := rtRow{vector.DoubleValue(fs[i%len(fs)]), vector.BoolValue(i%3 == 0),
			{Typ: vector.IntervalType, Iv: vector.Interval{Days: int32(i % 2 * 30), Months: int32((i + 1) % 2)}},
			{Typ: vector.Decimal(10, 2), I64: int64(i % 4)}}
		if i%7 == 0 {
			r[1] = vector.NullValue(vector.Boolean)
		}
		rows = append(rows, r)
	}
	for _, size := range rtChunkSizes {
		for _, th := range rtThreadCnts {
			// 0 and -0 are one group, NaNs are one group; 1 month = 30 days.
			n := &HashAggNode{Input: rtValuesNode(types, rows, size), Groups: []Expr{rtCol(0, vector.Double)},
				Aggs: []AggExpr{{Name: "count_star", Typ: vector.BigInt}}}
			got := rtMustRun(t, n, th)
			if len(got) != 3 {
				t.Fatalf("double groups: %v", rtRowStrings(got))
			}
			n = &HashAggNode{Input: rtValuesNode(types, rows, size), Groups: []Expr{rtCol(1, vector.Boolean), rtCol(2, vector.IntervalType), rtCol(3, vector.Decimal(10, 2))},
				Aggs: []AggExpr{{Name: "count_star", Typ: vector.BigInt}}}
			got = rtMustRun(t, n, th)
			want := map[string]bool{}
			for _, r := range rows {
				want[r[1].String()+"|"+fmt.Sprint(r[3].I64)] = true
			}
			if len(got) != len(want) {
				t.Fatalf("bool/interval/decimal groups = %d, want %d", len(got), len(want))
			}
			// Join on the same keys: each row matches every row with equal keys.
			j := &HashJoinNode{Left: rtValuesNode(types, rows, size), Right: rtValuesNode(types, rows, size), Kind: JoinInner,
				LeftKeys:  []Expr{rtCol(0, vector.Double), rtCol(2, vector.IntervalType)},
				RightKeys: []Expr{rtCol(0, vector.Double), rtCol(2, vector.IntervalType)}}
			cnt := map[string]int{}
			for _, r := range rows {
				f := r[0].F64
				if f == 0 {
					f = 0
				}
				cnt[fmt.Sprint(f)]++
			}
			wantRows := 0
			for _, c := range cnt {
				wantRows += c * c
			}
			if got := rtMustRun(t, j, th); len(got) != wantRows {
				t.Fatalf("join rows = %d, want %d", len(got), wantRows)
			}
		}
	}
}
