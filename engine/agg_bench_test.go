package engine

import (
	"context"
	"math/rand"
	"syscall"
	"testing"
	"time"

	"github.com/lhsql/lhsql/vector"
)

// q1BenchData builds n lineitem-like rows: quantity, extendedprice,
// discount, tax (DECIMAL(15,2)), returnflag, linestatus (VARCHAR),
// shipdate (DATE).
func q1BenchData(n int) *ValuesNode {
	rng := rand.New(rand.NewSource(1))
	dec := vector.Decimal(15, 2)
	types := []vector.Type{dec, dec, dec, dec, vector.Varchar, vector.Varchar, vector.Date}
	out := &ValuesNode{Out: types}
	for lo := 0; lo < n; lo += vector.MaxLen {
		m := min(vector.MaxLen, n-lo)
		c := vector.NewChunk(types, m)
		for i := 0; i < m; i++ {
			q := int64(1 + rng.Intn(50))
			c.Cols[0].I64[i] = q * 100
			c.Cols[1].I64[i] = q * int64(90000+rng.Intn(1000000))
			c.Cols[2].I64[i] = int64(rng.Intn(11))
			c.Cols[3].I64[i] = int64(rng.Intn(9))
			ship := int64(8036 + rng.Intn(2526))
			c.Cols[6].I64[i] = ship
			switch {
			case ship > 9298: // after 1995-06-17: open
				c.Cols[4].Str[i], c.Cols[5].Str[i] = "N", "O"
			case rng.Intn(2) == 0:
				c.Cols[4].Str[i], c.Cols[5].Str[i] = "R", "F"
			default:
				c.Cols[4].Str[i], c.Cols[5].Str[i] = "A", "F"
			}
		}
		out.Chunks = append(out.Chunks, c)
	}
	return out
}

// q1BenchPlan is TPC-H Q1's filter and aggregation over q1BenchData.
func q1BenchPlan(tb testing.TB, in Node) Node {
	dec := vector.Decimal(15, 2)
	bind := func(name string, args ...Expr) Expr {
		e, err := BindFunc(name, args)
		if err != nil {
			tb.Fatal(err)
		}
		return e
	}
	one := &Const{Val: vInt(1)}
	price, disc, tax := rtCol(1, dec), rtCol(2, dec), rtCol(3, dec)
	discPrice := bind("*", price, bind("-", one, disc))
	charge := bind("*", bind("*", price, bind("-", one, disc)), bind("+", one, tax))
	sum := func(e Expr) AggExpr {
		return AggExpr{Name: "sum", Args: []Expr{e}, Typ: vector.Decimal(38, int(e.Type().Scale))}
	}
	avg := func(e Expr) AggExpr { return AggExpr{Name: "avg", Args: []Expr{e}, Typ: vector.Double} }
	filter := &FilterNode{Input: in, Pred: bind("<=", rtCol(6, vector.Date), &Const{Val: vTyped(vector.Date, 10471)})}
	return &HashAggNode{
		Input:  filter,
		Groups: []Expr{rtCol(4, vector.Varchar), rtCol(5, vector.Varchar)},
		Aggs: []AggExpr{
			sum(rtCol(0, dec)), sum(price), sum(discPrice), sum(charge),
			avg(rtCol(0, dec)), avg(price), avg(disc),
			{Name: "count_star", Typ: vector.BigInt},
		},
	}
}

// cpuTime returns the user plus system CPU time of the process, a
// measure less disturbed than wall time by other load on the machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchLoop runs plan b.N times and reports the CPU time per run as
// cpu-ms/op beside the wall time.
func benchLoop(b *testing.B, plan Node, rows int) {
	b.SetBytes(int64(rows))
	b.ReportAllocs()
	var cpu time.Duration
	for b.Loop() {
		t0 := cpuTime()
		benchDrain(b, plan, 1)
		cpu += cpuTime() - t0
	}
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

func benchDrain(b *testing.B, n Node, threads int) {
	res, err := Run(context.Background(), n, Options{Threads: threads})
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

// BenchmarkAggQ1 runs TPC-H Q1's filter and grouped aggregation (4 groups,
// 8 aggregates over decimal expressions) over 1M in-memory rows on one
// thread.
func BenchmarkAggQ1(b *testing.B) {
	const rows = 1 << 20
	plan := q1BenchPlan(b, q1BenchData(rows))
	benchLoop(b, plan, rows)
}

// BenchmarkAggOrderKey groups 1M rows by an int64 key with 4 rows per key
// in key order (TPC-H Q18's GROUP BY l_orderkey) and sums a decimal.
func BenchmarkAggOrderKey(b *testing.B) {
	const rows = 1 << 20
	dec := vector.Decimal(15, 2)
	types := []vector.Type{vector.BigInt, dec}
	in := &ValuesNode{Out: types}
	rng := rand.New(rand.NewSource(2))
	for lo := 0; lo < rows; lo += vector.MaxLen {
		c := vector.NewChunk(types, vector.MaxLen)
		for i := range vector.MaxLen {
			c.Cols[0].I64[i] = int64((lo+i)/4*8 + 1)
			c.Cols[1].I64[i] = int64(100 * (1 + rng.Intn(50)))
		}
		in.Chunks = append(in.Chunks, c)
	}
	plan := &HashAggNode{Input: in, Groups: []Expr{rtCol(0, vector.BigInt)}, Aggs: []AggExpr{
		{Name: "sum", Args: []Expr{rtCol(1, dec)}, Typ: vector.Decimal(38, 2)},
	}}
	benchLoop(b, plan, rows)
}

// BenchmarkAggOrderKeyParallel is BenchmarkAggOrderKey at TPC-H SF1 size
// (6M rows, 1.5M groups) on two threads, whose tables are merged.
func BenchmarkAggOrderKeyParallel(b *testing.B) {
	const rows = 6 << 20
	dec := vector.Decimal(15, 2)
	types := []vector.Type{vector.BigInt, dec}
	in := &ValuesNode{Out: types}
	rng := rand.New(rand.NewSource(2))
	for lo := 0; lo < rows; lo += vector.MaxLen {
		c := vector.NewChunk(types, vector.MaxLen)
		for i := range vector.MaxLen {
			c.Cols[0].I64[i] = int64((lo+i)/4*8 + 1)
			c.Cols[1].I64[i] = int64(100 * (1 + rng.Intn(50)))
		}
		in.Chunks = append(in.Chunks, c)
	}
	plan := &HashAggNode{Input: in, Groups: []Expr{rtCol(0, vector.BigInt)}, Aggs: []AggExpr{
		{Name: "sum", Args: []Expr{rtCol(1, dec)}, Typ: vector.Decimal(38, 2)},
	}}
	b.SetBytes(rows)
	b.ReportAllocs()
	var cpu time.Duration
	for b.Loop() {
		t0 := cpuTime()
		benchDrain(b, plan, 2)
		cpu += cpuTime() - t0
	}
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
}
