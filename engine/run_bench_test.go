package engine

import (
	"context"
	"math/rand"
	"testing"

	"github.com/lhsql/lhsql/vector"
)

// rtBenchData builds n rows of (key BIGINT in [0,keys), flag VARCHAR in
// 4 values, price DECIMAL(15,2), qty DOUBLE) in full chunks.
func rtBenchData(n, keys int) *ValuesNode {
	rng := rand.New(rand.NewSource(42))
	types := []vector.Type{vector.BigInt, vector.Varchar, vector.Decimal(15, 2), vector.Double}
	flags := []string{"A", "N", "R", "O"}
	out := &ValuesNode{Out: types}
	for lo := 0; lo < n; lo += vector.MaxLen {
		m := min(vector.MaxLen, n-lo)
		c := vector.NewChunk(types, m)
		for i := 0; i < m; i++ {
			c.Cols[0].I64[i] = int64(rng.Intn(keys))
			c.Cols[1].Str[i] = flags[rng.Intn(4)]
			c.Cols[2].I64[i] = int64(rng.Intn(1000000))
			c.Cols[3].F64[i] = float64(rng.Intn(50))
		}
		out.Chunks = append(out.Chunks, c)
	}
	return out
}

func rtDrain(b *testing.B, n Node) {
	res, err := Run(context.Background(), n, Options{})
	if err != nil {
		b.Fatal(err)
	}
	for {
		c, err := res.Next()
		if err != nil {
			b.Fatal(err)
		}
		if c == nil {
			break
		}
	}
	res.Close()
}

func BenchmarkAggFewGroups(b *testing.B) {
	in := rtBenchData(1<<20, 1000)
	dec := vector.Decimal(15, 2)
	n := &HashAggNode{Input: in, Groups: []Expr{rtCol(1, vector.Varchar)}, Aggs: []AggExpr{
		{Name: "sum", Args: []Expr{rtCol(2, dec)}, Typ: vector.Decimal(38, 2)},
		{Name: "avg", Args: []Expr{rtCol(3, vector.Double)}, Typ: vector.Double},
		{Name: "count_star", Typ: vector.BigInt},
	}}
	b.SetBytes(1 << 20)
	for b.Loop() {
		rtDrain(b, n)
	}
}

func BenchmarkAggManyGroups(b *testing.B) {
	in := rtBenchData(1<<20, 1<<18)
	n := &HashAggNode{Input: in, Groups: []Expr{rtCol(0, vector.BigInt)}, Aggs: []AggExpr{
		{Name: "sum", Args: []Expr{rtCol(3, vector.Double)}, Typ: vector.Double},
		{Name: "count_star", Typ: vector.BigInt},
	}}
	b.SetBytes(1 << 20)
	for b.Loop() {
		rtDrain(b, n)
	}
}

func BenchmarkHashJoin(b *testing.B) {
	probe := rtBenchData(1<<20, 1<<18)
	types := []vector.Type{vector.BigInt, vector.BigInt}
	build := &ValuesNode{Out: types}
	for lo := 0; lo < 1<<18; lo += vector.MaxLen {
		c := vector.NewChunk(types, vector.MaxLen)
		for i := range c.Cols[0].I64 {
			c.Cols[0].I64[i] = int64(lo + i)
			c.Cols[1].I64[i] = int64(i)
		}
		build.Chunks = append(build.Chunks, c)
	}
	n := &HashAggNode{Input: &HashJoinNode{Left: probe, Right: build, Kind: JoinInner,
		LeftKeys: []Expr{rtCol(0, vector.BigInt)}, RightKeys: []Expr{rtCol(0, vector.BigInt)}},
		Aggs: []AggExpr{{Name: "count_star", Typ: vector.BigInt}}}
	b.SetBytes(1 << 20)
	for b.Loop() {
		rtDrain(b, n)
	}
}

func BenchmarkSort(b *testing.B) {
	in := rtBenchData(1<<20, 1<<30)
	n := &SortNode{Input: in, Keys: []SortKey{{Expr: rtCol(0, vector.BigInt)}}, Limit: -1}
	b.SetBytes(1 << 20)
	for b.Loop() {
		rtDrain(b, n)
	}
}

func BenchmarkSortTwoKeys(b *testing.B) {
	in := rtBenchData(1<<20, 1<<30)
	n := &SortNode{Input: in, Keys: []SortKey{{Expr: rtCol(1, vector.Varchar)}, {Expr: rtCol(2, vector.Decimal(15, 2)), Desc: true}}, Limit: -1}
	b.SetBytes(1 << 20)
	for b.Loop() {
		rtDrain(b, n)
	}
}
