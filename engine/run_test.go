package engine

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// ---- test-only expressions ----

// rtTestCmp compares two expressions with SQL semantics (NULL in, NULL out).
type rtTestCmp struct {
	op   string // = < > !=
	a, b Expr
}

func (e *rtTestCmp) Type() vector.Type { return vector.Boolean }
func (e *rtTestCmp) String() string    { return e.a.String() + " " + e.op + " " + e.b.String() }

func (e *rtTestCmp) Eval(ec *ExecCtx, c *vector.Chunk) (*vector.Vector, error) {
	av, err := e.a.Eval(ec, c)
	if err != nil {
		return nil, err
	}
	bv, err := e.b.Eval(ec, c)
	if err != nil {
		return nil, err
	}
	out := vector.New(vector.Boolean, c.Len)
	for i := 0; i < c.Len; i++ {
		x, y := av.Get(i), bv.Get(i)
		if x.Null || y.Null {
			out.SetNull(i, c.Len)
			continue
		}
		var r int
		switch x.Typ.Phys() {
		case vector.PhysInt64:
			r = rtCmpInt(x.I64, y.I64)
		case vector.PhysFloat64:
			r = rtCmpInt(int64(x.F64*1000), int64(y.F64*1000))
		case vector.PhysString:
			r = strings.Compare(x.Str, y.Str)
		}
		switch e.op {
		case "=":
			out.Bool[i] = r == 0
		case "!=":
			out.Bool[i] = r != 0
		case "<":
			out.Bool[i] = r < 0
		case ">":
			out.Bool[i] = r > 0
		}
	}
	return out, nil
}

func rtCmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// rtTestAdd adds two BIGINT expressions.
type rtTestAdd struct{ a, b Expr }

func (e *rtTestAdd) Type() vector.Type { return vector.BigInt }
func (e *rtTestAdd) String() string    { return "(" + e.a.String() + " + " + e.b.String() + ")" }

func (e *rtTestAdd) Eval(ec *ExecCtx, c *vector.Chunk) (*vector.Vector, error) {
	av, err := e.a.Eval(ec, c)
	if err != nil {
		return nil, err
	}
	bv, err := e.b.Eval(ec, c)
	if err != nil {
		return nil, err
	}
	out := vector.New(vector.BigInt, c.Len)
	for i := 0; i < c.Len; i++ {
		x, y := av.Get(i), bv.Get(i)
		if x.Null || y.Null {
			out.SetNull(i, c.Len)
			continue
		}
		out.I64[i] = x.I64 + y.I64
	}
	return out, nil
}

// rtTestFail fails after a number of evaluations.
type rtTestFail struct {
	after int64
	n     atomic.Int64
}

func (e *rtTestFail) Type() vector.Type { return vector.Boolean }
func (e *rtTestFail) String() string    { return "fail()" }

func (e *rtTestFail) Eval(_ *ExecCtx, c *vector.Chunk) (*vector.Vector, error) {
	if e.n.Add(1) > e.after {
		return nil, errors.New("Conversion Error: custom failure text")
	}
	v := vector.New(vector.Boolean, c.Len)
	for i := range v.Bool {
		v.Bool[i] = true
	}
	return v, nil
}

func rtCol(i int, t vector.Type) *ColRef { return &ColRef{Idx: i, Typ: t} }

// ---- data helpers ----

type rtRow []vector.Value

func (r rtRow) String() string {
	parts := make([]string, len(r))
	for i, v := range r {
		parts[i] = v.String()
	}
	return strings.Join(parts, "|")
}

// rtValuesNode packs rows into chunks of the given size.
func rtValuesNode(types []vector.Type, rows []rtRow, size int) *ValuesNode {
	n := &ValuesNode{Out: types}
	for lo := 0; lo < len(rows); lo += size {
		hi := min(lo+size, len(rows))
		c := vector.NewChunk(types, hi-lo)
		for k := lo; k < hi; k++ {
			for j := range types {
				c.Cols[j].Set(k-lo, hi-lo, rows[k][j])
			}
		}
		n.Chunks = append(n.Chunks, c)
	}
	return n
}

func rtRunAll(t *testing.T, n Node, threads int) ([]rtRow, error) {
	t.Helper()
	res, err := Run(context.Background(), n, Options{Threads: threads})
	if err != nil {
		return nil, err
	}
	defer res.Close()
	var out []rtRow
	for {
		c, err := res.Next()
		if err != nil {
			return out, err
		}
		if c == nil {
			return out, nil
		}
		if c.Sel != nil {
			t.Fatalf("result chunk with Sel")
		}
		if len(c.Cols) != len(n.Types()) {
			t.Fatalf("result has %d columns, want %d", len(c.Cols), len(n.Types()))
		}
		for i := 0; i < c.Len; i++ {
			r := make(rtRow, len(c.Cols))
			for j, v := range c.Cols {
				if v.Const {
					t.Fatalf("result column %d is constant", j)
				}
				r[j] = v.Get(i)
			}
			out = append(out, r)
		}
	}
}

func rtMustRun(t *testing.T, n Node, threads int) []rtRow {
	t.Helper()
	out, err := rtRunAll(t, n, threads)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return out
}

func rtRowStrings(rs []rtRow) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.String()
	}
	return out
}

func rtSameBag(t *testing.T, what string, got, want []rtRow) {
	t.Helper()
	g, w := rtRowStrings(got), rtRowStrings(want)
	slices.Sort(g)
	slices.Sort(w)
	if !slices.Equal(g, w) {
		t.Fatalf("%s: got %d rows, want %d\n got: %v\nwant: %v", what, len(g), len(w), rtHead(g), rtHead(w))
	}
}

func rtSameList(t *testing.T, what string, got, want []rtRow) {
	t.Helper()
	g, w := rtRowStrings(got), rtRowStrings(want)
	if !slices.Equal(g, w) {
		t.Fatalf("%s: got %d rows, want %d\n got: %v\nwant: %v", what, len(g), len(w), rtHead(g), rtHead(w))
	}
}

func rtHead(s []string) []string {
	if len(s) > 20 {
		return s[:20]
	}
	return s
}

var (
	rtChunkSizes = []int{1, 3, 2048}
	rtThreadCnts = []int{1, 4}
)

// rtGenRows makes rows (k BIGINT, s VARCHAR, v BIGINT, f DOUBLE) with keys
// from small domains and optional NULLs.
func rtGenRows(rng *rand.Rand, n, domain int, nulls bool) []rtRow {
	out := make([]rtRow, n)
	for i := range out {
		k := vector.IntValue(int64(rng.Intn(domain)))
		s := vector.StringValue(fmt.Sprintf("s%d", rng.Intn(domain)))
		v := vector.IntValue(int64(rng.Intn(1000) - 500))
		f := vector.DoubleValue(float64(rng.Intn(100)) / 4)
		if nulls {
			if rng.Intn(7) == 0 {
				k = vector.NullValue(vector.BigInt)
			}
			if rng.Intn(9) == 0 {
				s = vector.NullValue(vector.Varchar)
			}
			if rng.Intn(5) == 0 {
				v = vector.NullValue(vector.BigInt)
			}
			if rng.Intn(6) == 0 {
				f = vector.NullValue(vector.Double)
			}
		}
		out[i] = rtRow{k, s, v, f}
	}
	return out
}

var rtGenTypes = []vector.Type{vector.BigInt, vector.Varchar, vector.BigInt, vector.Double}

// rtForAll runs f for every chunk size, NULL setting and thread count.
func rtForAll(t *testing.T, f func(t *testing.T, size int, nulls bool, threads int)) {
	for _, size := range rtChunkSizes {
		for _, nulls := range []bool{false, true} {
			for _, th := range rtThreadCnts {
				t.Run(fmt.Sprintf("size%d/nulls%v/threads%d", size, nulls, th), func(t *testing.T) {
					f(t, size, nulls, th)
				})
			}
		}
	}
}

// ---- a synthetic storage table ----

type rtFakeTable struct {
	morsels  int
	perMorse int
	delay    time.Duration
	reads    atomic.Int64
}

func (f *rtFakeTable) Schema() []storage.Column {
	return []storage.Column{{Name: "id", Type: vector.BigInt}}
}
func (f *rtFakeTable) RowCount() int64 { return int64(f.morsels * f.perMorse) }
func (f *rtFakeTable) Scan(context.Context, storage.ScanSpec) (storage.Scanner, error) {
	return &rtFakeScanner{t: f}, nil
}

type rtFakeScanner struct{ t *rtFakeTable }

func (s *rtFakeScanner) Morsels() int { return s.t.morsels }
func (s *rtFakeScanner) ReadMorsel(ctx context.Context, i int, emit func(*vector.Chunk) error) error {
	s.t.reads.Add(1)
	base := int64(i * s.t.perMorse)
	for lo := 0; lo < s.t.perMorse; lo += vector.MaxLen {
		if s.t.delay > 0 {
			time.Sleep(s.t.delay)
		}
		n := min(vector.MaxLen, s.t.perMorse-lo)
		c := vector.NewChunk([]vector.Type{vector.BigInt}, n)
		for k := 0; k < n; k++ {
			c.Cols[0].I64[k] = base + int64(lo+k)
		}
		if err := emit(c); err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}
func (s *rtFakeScanner) Stats() storage.ScanStats { return storage.ScanStats{} }
func (s *rtFakeScanner) Close() error             { return nil }

// ---- tests of the runtime ----

func TestScanFilterProjectOrder(t *testing.T) {
	rtForAll(t, func(t *testing.T, size int, nulls bool, threads int) {
		rng := rand.New(rand.NewSource(1))
		rows := rtGenRows(rng, 5000, 50, nulls)
		in := rtValuesNode(rtGenTypes, rows, size)
		pred := &rtTestCmp{op: ">", a: rtCol(2, vector.BigInt), b: &Const{Val: vector.IntValue(0)}}
		plan := &ProjectNode{Input: &FilterNode{Input: in, Pred: pred},
			Exprs: []Expr{rtCol(1, vector.Varchar), &rtTestAdd{rtCol(2, vector.BigInt), rtCol(0, vector.BigInt)}, &Const{Val: vector.IntValue(7)}}}
		var want []rtRow
		for _, r := range rows {
			if r[2].Null || r[2].I64 <= 0 {
				continue
			}
			sum := vector.IntValue(r[2].I64 + r[0].I64)
			if r[0].Null {
				sum = vector.NullValue(vector.BigInt)
			}
			want = append(want, rtRow{r[1], sum, vector.IntValue(7)})
		}
		rtSameList(t, "filter/project", rtMustRun(t, plan, threads), want)
	})
}

func TestScanNodeOrderAndLimitStopsEarly(t *testing.T) {
	for _, th := range rtThreadCnts {
		ft := &rtFakeTable{morsels: 200, perMorse: 5000}
		scan := &ScanNode{Table: ft, Out: []vector.Type{vector.BigInt}, Label: "fake", Spec: storage.ScanSpec{Columns: []int{0}}}
		got := rtMustRun(t, scan, th)
		if len(got) != 200*5000 {
			t.Fatalf("scan rows = %d", len(got))
		}
		for i, r := range got {
			if r[0].I64 != int64(i) {
				t.Fatalf("threads %d: row %d = %d: scan order not preserved", th, i, r[0].I64)
			}
		}
		ft2 := &rtFakeTable{morsels: 100000, perMorse: 5000}
		scan2 := &ScanNode{Table: ft2, Out: []vector.Type{vector.BigInt}, Label: "fake", Spec: storage.ScanSpec{Columns: []int{0}}}
		lim := &LimitNode{Input: scan2, Limit: 10, Offset: 12345}
		got = rtMustRun(t, lim, th)
		if len(got) != 10 || got[0][0].I64 != 12345 || got[9][0].I64 != 12354 {
			t.Fatalf("limit rows: %v", rtRowStrings(got))
		}
		if r := ft2.reads.Load(); r > 50 {
			t.Fatalf("LIMIT read %d morsels; it should stop early", r)
		}
		// A nested limit (below a projection) stops early too.
		ft3 := &rtFakeTable{morsels: 100000, perMorse: 5000}
		scan3 := &ScanNode{Table: ft3, Out: []vector.Type{vector.BigInt}, Spec: storage.ScanSpec{Columns: []int{0}}}
		nested := &ProjectNode{Input: &LimitNode{Input: scan3, Limit: 3, Offset: 0}, Exprs: []Expr{&rtTestAdd{rtCol(0, vector.BigInt), &Const{Val: vector.IntValue(1)}}}}
		got = rtMustRun(t, nested, th)
		if len(got) != 3 || got[0][0].I64 != 1 || got[2][0].I64 != 3 {
			t.Fatalf("nested limit rows: %v", rtRowStrings(got))
		}
		if r := ft3.reads.Load(); r > 50 {
			t.Fatalf("nested LIMIT read %d morsels", r)
		}
	}
}

func TestLimitOffsetValues(t *testing.T) {
	rtForAll(t, func(t *testing.T, size int, nulls bool, threads int) {
		rng := rand.New(rand.NewSource(2))
		rows := rtGenRows(rng, 700, 10, nulls)
		for _, lo := range [][2]int64{{0, 0}, {5, 0}, {5, 3}, {100, 650}, {-1, 10}, {1000, 0}} {
			plan := &LimitNode{Input: rtValuesNode(rtGenTypes, rows, size), Limit: lo[0], Offset: lo[1]}
			end := int64(len(rows))
			if lo[0] >= 0 {
				end = min(end, lo[1]+lo[0])
			}
			want := rows[min(lo[1], int64(len(rows))):end]
			rtSameList(t, fmt.Sprintf("limit %v", lo), rtMustRun(t, plan, threads), want)
		}
	})
}

func TestErrorSurfacesUnchanged(t *testing.T) {
	for _, th := range rtThreadCnts {
		rows := rtGenRows(rand.New(rand.NewSource(3)), 20000, 10, false)
		plan := &FilterNode{Input: rtValuesNode(rtGenTypes, rows, 100), Pred: &rtTestFail{after: 17}}
		_, err := rtRunAll(t, plan, th)
		if err == nil || err.Error() != "Conversion Error: custom failure text" {
			t.Fatalf("threads %d: err = %v", th, err)
		}
	}
}

func TestCancellation(t *testing.T) {
	base := runtime.NumGoroutine()
	for _, th := range rtThreadCnts {
		for _, viaClose := range []bool{false, true} {
			ft := &rtFakeTable{morsels: 1 << 30, perMorse: 4096, delay: time.Millisecond}
			scan := &ScanNode{Table: ft, Out: []vector.Type{vector.BigInt}, Spec: storage.ScanSpec{Columns: []int{0}}}
			// An aggregation never emits before its input ends.
			plan := &HashAggNode{Input: scan, Groups: []Expr{rtCol(0, vector.BigInt)},
				Aggs: []AggExpr{{Name: "count_star", Typ: vector.BigInt}}}
			ctx, cancel := context.WithCancel(context.Background())
			res, err := Run(ctx, plan, Options{Threads: th})
			if err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() {
				_, err := res.Next()
				done <- err
			}()
			time.Sleep(50 * time.Millisecond)
			start := time.Now()
			if viaClose {
				res.Close()
			} else {
				cancel()
			}
			select {
			case err := <-done:
				if err == nil {
					t.Fatalf("Next returned no error after cancel")
				}
			case <-time.After(2 * time.Second):
				t.Fatalf("query did not stop after cancel")
			}
			res.Close()
			if d := time.Since(start); d > 500*time.Millisecond {
				t.Fatalf("stopping took %v", d)
			}
			cancel()
		}
	}
	// Streaming query abandoned mid-way with Close.
	ft := &rtFakeTable{morsels: 1 << 30, perMorse: 4096}
	res, err := Run(context.Background(), &ScanNode{Table: ft, Out: []vector.Type{vector.BigInt}, Spec: storage.ScanSpec{Columns: []int{0}}}, Options{Threads: 4})
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if c, err := res.Next(); err != nil || c == nil {
			t.Fatalf("next: %v %v", c, err)
		}
	}
	res.Close()
	res.Close()
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > base && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if g := runtime.NumGoroutine(); g > base {
		t.Fatalf("goroutines: %d, started with %d", g, base)
	}
}

func TestUnionAll(t *testing.T) {
	rtForAll(t, func(t *testing.T, size int, nulls bool, threads int) {
		rng := rand.New(rand.NewSource(4))
		a, b := rtGenRows(rng, 300, 10, nulls), rtGenRows(rng, 200, 10, nulls)
		plan := &FilterNode{Input: &UnionAllNode{Inputs: []Node{rtValuesNode(rtGenTypes, a, size), rtValuesNode(rtGenTypes, b, size)}},
			Pred: &rtTestCmp{op: ">", a: rtCol(2, vector.BigInt), b: &Const{Val: vector.IntValue(-100)}}}
		var want []rtRow
		for _, r := range append(append([]rtRow{}, a...), b...) {
			if !r[2].Null && r[2].I64 > -100 {
				want = append(want, r)
			}
		}
		rtSameList(t, "union all", rtMustRun(t, plan, threads), want)
	})
}

func TestSingleRow(t *testing.T) {
	types := []vector.Type{vector.BigInt, vector.Varchar}
	for _, th := range rtThreadCnts {
		one := rtValuesNode(types, []rtRow{{vector.IntValue(5), vector.StringValue("x")}}, 1)
		got := rtMustRun(t, &SingleRowNode{Input: one}, th)
		rtSameList(t, "one", got, []rtRow{{vector.IntValue(5), vector.StringValue("x")}})
		empty := &ValuesNode{Out: types}
		got = rtMustRun(t, &SingleRowNode{Input: empty}, th)
		rtSameList(t, "empty", got, []rtRow{{vector.NullValue(vector.BigInt), vector.NullValue(vector.Varchar)}})
		two := rtValuesNode(types, []rtRow{{vector.IntValue(5), vector.StringValue("x")}, {vector.IntValue(6), vector.StringValue("y")}}, 1)
		_, err := rtRunAll(t, &SingleRowNode{Input: two}, th)
		if err == nil || err.Error() != "Invalid Input Error: More than one row returned by a subquery used as an expression - scalar subqueries can only return a single row." {
			t.Fatalf("err = %v", err)
		}
	}
}

func TestSetOps(t *testing.T) {
	rtForAll(t, func(t *testing.T, size int, nulls bool, threads int) {
		rng := rand.New(rand.NewSource(5))
		types := []vector.Type{vector.BigInt, vector.Varchar}
		mk := func(n int) []rtRow {
			var out []rtRow
			for _, r := range rtGenRows(rng, n, 4, nulls) {
				out = append(out, rtRow{r[0], r[1]})
			}
			return out
		}
		a, b := mk(60), mk(40)
		count := func(rs []rtRow) map[string]int {
			m := map[string]int{}
			for _, r := range rs {
				m[r.String()]++
			}
			return m
		}
		ca, cb := count(a), count(b)
		first := map[string]rtRow{}
		for _, r := range a {
			first[r.String()] = r
		}
		for _, op := range []SetOpKind{SetIntersect, SetExcept} {
			for _, all := range []bool{false, true} {
				var want []rtRow
				for k, n := range ca {
					m := cb[k]
					times := 0
					switch {
					case op == SetIntersect && all:
						times = min(n, m)
					case op == SetIntersect && m > 0:
						times = 1
					case op == SetExcept && all:
						times = max(n-m, 0)
					case op == SetExcept && m == 0:
						times = 1
					}
					for range times {
						want = append(want, first[k])
					}
				}
				plan := &SetOpNode{Left: rtValuesNode(types, a, size), Right: rtValuesNode(types, b, size), Op: op, All: all}
				rtSameBag(t, fmt.Sprintf("setop %d all=%v", op, all), rtMustRun(t, plan, threads), want)
			}
		}
	})
}

func TestExplain(t *testing.T) {
	ft := &rtFakeTable{morsels: 1, perMorse: 10}
	scan := &ScanNode{Table: ft, Out: []vector.Type{vector.BigInt}, Label: "t1",
		Spec: storage.ScanSpec{Columns: []int{0}, Filters: []storage.Filter{{Col: 0, Op: storage.OpGt, Value: vector.IntValue(3)}}}}
	plan := &LimitNode{Limit: 5, Input: &SortNode{Limit: -1, Keys: []SortKey{{Expr: rtCol(0, vector.BigInt), Desc: true}},
		Input: &HashAggNode{Input: &FilterNode{Input: scan, Pred: &rtTestCmp{op: ">", a: &ColRef{Idx: 0, Typ: vector.BigInt, Name: "id"}, b: &Const{Val: vector.IntValue(3)}}},
			Groups: []Expr{&ColRef{Idx: 0, Typ: vector.BigInt, Name: "id"}},
			Aggs:   []AggExpr{{Name: "count_star", Typ: vector.BigInt}}}}}
	want := `LIMIT 5
  ORDER_BY #0 DESC NULLS LAST
    HASH_GROUP_BY groups: [id] aggregates: [count_star()]
      FILTER id > 3
        SEQ_SCAN t1 columns: [id] filters: [id > 3]
`
	if got := Explain(plan); got != want {
		t.Fatalf("Explain:\n%s\nwant:\n%s", got, want)
	}
	res, err := Run(context.Background(), plan, Options{Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	for {
		c, err := res.Next()
		if err != nil {
			t.Fatal(err)
		}
		if c == nil {
			break
		}
	}
	res.Close()
	an := ExplainAnalyze(plan, res.Stats())
	if !strings.Contains(an, "SEQ_SCAN t1 columns: [id] filters: [id > 3]  (rows=10") || !strings.Contains(an, "FILTER id > 3  (rows=6)") ||
		!strings.Contains(an, "LIMIT 5  (rows=5)") {
		t.Fatalf("ExplainAnalyze:\n%s", an)
	}
}
