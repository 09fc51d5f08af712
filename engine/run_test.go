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

// testCmp compares two expressions with SQL semantics (NULL in, NULL out).
type testCmp struct {
	op   string // = < > !=
	a, b Expr
}

func (e *testCmp) Type() vector.Type { return vector.Boolean }
func (e *testCmp) String() string    { return e.a.String() + " " + e.op + " " + e.b.String() }

func (e *testCmp) Eval(ec *ExecCtx, c *vector.Chunk) (*vector.Vector, error) {
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
			r = cmpInt(x.I64, y.I64)
		case vector.PhysFloat64:
			r = cmpInt(int64(x.F64*1000), int64(y.F64*1000))
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

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// testAdd adds two BIGINT expressions.
type testAdd struct{ a, b Expr }

func (e *testAdd) Type() vector.Type { return vector.BigInt }
func (e *testAdd) String() string    { return "(" + e.a.String() + " + " + e.b.String() + ")" }

func (e *testAdd) Eval(ec *ExecCtx, c *vector.Chunk) (*vector.Vector, error) {
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

// testFail fails after a number of evaluations.
type testFail struct {
	after int64
	n     atomic.Int64
}

func (e *testFail) Type() vector.Type { return vector.Boolean }
func (e *testFail) String() string    { return "fail()" }

func (e *testFail) Eval(_ *ExecCtx, c *vector.Chunk) (*vector.Vector, error) {
	if e.n.Add(1) > e.after {
		return nil, errors.New("Conversion Error: custom failure text")
	}
	v := vector.New(vector.Boolean, c.Len)
	for i := range v.Bool {
		v.Bool[i] = true
	}
	return v, nil
}

func col(i int, t vector.Type) *ColRef { return &ColRef{Idx: i, Typ: t} }

// ---- data helpers ----

type row []vector.Value

func (r row) String() string {
	parts := make([]string, len(r))
	for i, v := range r {
		parts[i] = v.String()
	}
	return strings.Join(parts, "|")
}

// valuesNode packs rows into chunks of the given size.
func valuesNode(types []vector.Type, rows []row, size int) *ValuesNode {
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

func runAll(t *testing.T, n Node, threads int) ([]row, error) {
	t.Helper()
	res, err := Run(context.Background(), n, Options{Threads: threads})
	if err != nil {
		return nil, err
	}
	defer res.Close()
	var out []row
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
			r := make(row, len(c.Cols))
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

func mustRun(t *testing.T, n Node, threads int) []row {
	t.Helper()
	out, err := runAll(t, n, threads)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return out
}

func rowStrings(rs []row) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.String()
	}
	return out
}

func sameBag(t *testing.T, what string, got, want []row) {
	t.Helper()
	g, w := rowStrings(got), rowStrings(want)
	slices.Sort(g)
	slices.Sort(w)
	if !slices.Equal(g, w) {
		t.Fatalf("%s: got %d rows, want %d\n got: %v\nwant: %v", what, len(g), len(w), head(g), head(w))
	}
}

func sameList(t *testing.T, what string, got, want []row) {
	t.Helper()
	g, w := rowStrings(got), rowStrings(want)
	if !slices.Equal(g, w) {
		t.Fatalf("%s: got %d rows, want %d\n got: %v\nwant: %v", what, len(g), len(w), head(g), head(w))
	}
}

func head(s []string) []string {
	if len(s) > 20 {
		return s[:20]
	}
	return s
}

var (
	chunkSizes = []int{1, 3, 2048}
	threadCnts = []int{1, 4}
)

// genRows makes rows (k BIGINT, s VARCHAR, v BIGINT, f DOUBLE) with keys
// from small domains and optional NULLs.
func genRows(rng *rand.Rand, n, domain int, nulls bool) []row {
	out := make([]row, n)
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
		out[i] = row{k, s, v, f}
	}
	return out
}

var genTypes = []vector.Type{vector.BigInt, vector.Varchar, vector.BigInt, vector.Double}

// forAll runs f for every chunk size, NULL setting and thread count.
func forAll(t *testing.T, f func(t *testing.T, size int, nulls bool, threads int)) {
	for _, size := range chunkSizes {
		for _, nulls := range []bool{false, true} {
			for _, th := range threadCnts {
				t.Run(fmt.Sprintf("size%d/nulls%v/threads%d", size, nulls, th), func(t *testing.T) {
					f(t, size, nulls, th)
				})
			}
		}
	}
}

// ---- a synthetic storage table ----

type fakeTable struct {
	morsels  int
	perMorse int
	delay    time.Duration
	reads    atomic.Int64
}

func (f *fakeTable) Schema() []storage.Column {
	return []storage.Column{{Name: "id", Type: vector.BigInt}}
}
func (f *fakeTable) RowCount() int64 { return int64(f.morsels * f.perMorse) }
func (f *fakeTable) Scan(context.Context, storage.ScanSpec) (storage.Scanner, error) {
	return &fakeScanner{t: f}, nil
}

type fakeScanner struct{ t *fakeTable }

func (s *fakeScanner) Morsels() int { return s.t.morsels }
func (s *fakeScanner) ReadMorsel(ctx context.Context, i int, emit func(*vector.Chunk) error) error {
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
func (s *fakeScanner) Stats() storage.ScanStats { return storage.ScanStats{} }
func (s *fakeScanner) Close() error             { return nil }

// ---- tests of the runtime ----

func TestScanFilterProjectOrder(t *testing.T) {
	forAll(t, func(t *testing.T, size int, nulls bool, threads int) {
		rng := rand.New(rand.NewSource(1))
		rows := genRows(rng, 5000, 50, nulls)
		in := valuesNode(genTypes, rows, size)
		pred := &testCmp{op: ">", a: col(2, vector.BigInt), b: &Const{Val: vector.IntValue(0)}}
		plan := &ProjectNode{Input: &FilterNode{Input: in, Pred: pred},
			Exprs: []Expr{col(1, vector.Varchar), &testAdd{col(2, vector.BigInt), col(0, vector.BigInt)}, &Const{Val: vector.IntValue(7)}}}
		var want []row
		for _, r := range rows {
			if r[2].Null || r[2].I64 <= 0 {
				continue
			}
			sum := vector.IntValue(r[2].I64 + r[0].I64)
			if r[0].Null {
				sum = vector.NullValue(vector.BigInt)
			}
			want = append(want, row{r[1], sum, vector.IntValue(7)})
		}
		sameList(t, "filter/project", mustRun(t, plan, threads), want)
	})
}

func TestScanNodeOrderAndLimitStopsEarly(t *testing.T) {
	for _, th := range threadCnts {
		ft := &fakeTable{morsels: 200, perMorse: 5000}
		scan := &ScanNode{Table: ft, Out: []vector.Type{vector.BigInt}, Label: "fake", Spec: storage.ScanSpec{Columns: []int{0}}}
		got := mustRun(t, scan, th)
		if len(got) != 200*5000 {
			t.Fatalf("scan rows = %d", len(got))
		}
		for i, r := range got {
			if r[0].I64 != int64(i) {
				t.Fatalf("threads %d: row %d = %d: scan order not preserved", th, i, r[0].I64)
			}
		}
		ft2 := &fakeTable{morsels: 100000, perMorse: 5000}
		scan2 := &ScanNode{Table: ft2, Out: []vector.Type{vector.BigInt}, Label: "fake", Spec: storage.ScanSpec{Columns: []int{0}}}
		lim := &LimitNode{Input: scan2, Limit: 10, Offset: 12345}
		got = mustRun(t, lim, th)
		if len(got) != 10 || got[0][0].I64 != 12345 || got[9][0].I64 != 12354 {
			t.Fatalf("limit rows: %v", rowStrings(got))
		}
		if r := ft2.reads.Load(); r > 50 {
			t.Fatalf("LIMIT read %d morsels; it should stop early", r)
		}
		// A nested limit (below a projection) stops early too.
		ft3 := &fakeTable{morsels: 100000, perMorse: 5000}
		scan3 := &ScanNode{Table: ft3, Out: []vector.Type{vector.BigInt}, Spec: storage.ScanSpec{Columns: []int{0}}}
		nested := &ProjectNode{Input: &LimitNode{Input: scan3, Limit: 3, Offset: 0}, Exprs: []Expr{&testAdd{col(0, vector.BigInt), &Const{Val: vector.IntValue(1)}}}}
		got = mustRun(t, nested, th)
		if len(got) != 3 || got[0][0].I64 != 1 || got[2][0].I64 != 3 {
			t.Fatalf("nested limit rows: %v", rowStrings(got))
		}
		if r := ft3.reads.Load(); r > 50 {
			t.Fatalf("nested LIMIT read %d morsels", r)
		}
	}
}

func TestLimitOffsetValues(t *testing.T) {
	forAll(t, func(t *testing.T, size int, nulls bool, threads int) {
		rng := rand.New(rand.NewSource(2))
		rows := genRows(rng, 700, 10, nulls)
		for _, lo := range [][2]int64{{0, 0}, {5, 0}, {5, 3}, {100, 650}, {-1, 10}, {1000, 0}} {
			plan := &LimitNode{Input: valuesNode(genTypes, rows, size), Limit: lo[0], Offset: lo[1]}
			end := int64(len(rows))
			if lo[0] >= 0 {
				end = min(end, lo[1]+lo[0])
			}
			want := rows[min(lo[1], int64(len(rows))):end]
			sameList(t, fmt.Sprintf("limit %v", lo), mustRun(t, plan, threads), want)
		}
	})
}

func TestErrorSurfacesUnchanged(t *testing.T) {
	for _, th := range threadCnts {
		rows := genRows(rand.New(rand.NewSource(3)), 20000, 10, false)
		plan := &FilterNode{Input: valuesNode(genTypes, rows, 100), Pred: &testFail{after: 17}}
		_, err := runAll(t, plan, th)
		if err == nil || err.Error() != "Conversion Error: custom failure text" {
			t.Fatalf("threads %d: err = %v", th, err)
		}
	}
}

func TestCancellation(t *testing.T) {
	base := runtime.NumGoroutine()
	for _, th := range threadCnts {
		for _, viaClose := range []bool{false, true} {
			ft := &fakeTable{morsels: 1 << 30, perMorse: 4096, delay: time.Millisecond}
			scan := &ScanNode{Table: ft, Out: []vector.Type{vector.BigInt}, Spec: storage.ScanSpec{Columns: []int{0}}}
			// An aggregation never emits before its input ends.
			plan := &HashAggNode{Input: scan, Groups: []Expr{col(0, vector.BigInt)},
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
	ft := &fakeTable{morsels: 1 << 30, perMorse: 4096}
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
	forAll(t, func(t *testing.T, size int, nulls bool, threads int) {
		rng := rand.New(rand.NewSource(4))
		a, b := genRows(rng, 300, 10, nulls), genRows(rng, 200, 10, nulls)
		plan := &FilterNode{Input: &UnionAllNode{Inputs: []Node{valuesNode(genTypes, a, size), valuesNode(genTypes, b, size)}},
			Pred: &testCmp{op: ">", a: col(2, vector.BigInt), b: &Const{Val: vector.IntValue(-100)}}}
		var want []row
		for _, r := range append(append([]row{}, a...), b...) {
			if !r[2].Null && r[2].I64 > -100 {
				want = append(want, r)
			}
		}
		sameList(t, "union all", mustRun(t, plan, threads), want)
	})
}

func TestSingleRow(t *testing.T) {
	types := []vector.Type{vector.BigInt, vector.Varchar}
	for _, th := range threadCnts {
		one := valuesNode(types, []row{{vector.IntValue(5), vector.StringValue("x")}}, 1)
		got := mustRun(t, &SingleRowNode{Input: one}, th)
		sameList(t, "one", got, []row{{vector.IntValue(5), vector.StringValue("x")}})
		empty := &ValuesNode{Out: types}
		got = mustRun(t, &SingleRowNode{Input: empty}, th)
		sameList(t, "empty", got, []row{{vector.NullValue(vector.BigInt), vector.NullValue(vector.Varchar)}})
		two := valuesNode(types, []row{{vector.IntValue(5), vector.StringValue("x")}, {vector.IntValue(6), vector.StringValue("y")}}, 1)
		_, err := runAll(t, &SingleRowNode{Input: two}, th)
		if err == nil || err.Error() != "Invalid Input Error: More than one row returned by a subquery used as an expression - scalar subqueries can only return a single row." {
			t.Fatalf("err = %v", err)
		}
	}
}

func TestSetOps(t *testing.T) {
	forAll(t, func(t *testing.T, size int, nulls bool, threads int) {
		rng := rand.New(rand.NewSource(5))
		types := []vector.Type{vector.BigInt, vector.Varchar}
		mk := func(n int) []row {
			var out []row
			for _, r := range genRows(rng, n, 4, nulls) {
				out = append(out, row{r[0], r[1]})
			}
			return out
		}
		a, b := mk(60), mk(40)
		count := func(rs []row) map[string]int {
			m := map[string]int{}
			for _, r := range rs {
				m[r.String()]++
			}
			return m
		}
		ca, cb := count(a), count(b)
		first := map[string]row{}
		for _, r := range a {
			first[r.String()] = r
		}
		for _, op := range []SetOpKind{SetIntersect, SetExcept} {
			for _, all := range []bool{false, true} {
				var want []row
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
				plan := &SetOpNode{Left: valuesNode(types, a, size), Right: valuesNode(types, b, size), Op: op, All: all}
				sameBag(t, fmt.Sprintf("setop %d all=%v", op, all), mustRun(t, plan, threads), want)
			}
		}
	})
}

func TestExplain(t *testing.T) {
	ft := &fakeTable{morsels: 1, perMorse: 10}
	scan := &ScanNode{Table: ft, Out: []vector.Type{vector.BigInt}, Label: "t1",
		Spec: storage.ScanSpec{Columns: []int{0}, Filters: []storage.Filter{{Col: 0, Op: storage.OpGt, Value: vector.IntValue(3)}}}}
	plan := &LimitNode{Limit: 5, Input: &SortNode{Limit: -1, Keys: []SortKey{{Expr: col(0, vector.BigInt), Desc: true}},
		Input: &HashAggNode{Input: &FilterNode{Input: scan, Pred: &testCmp{op: ">", a: &ColRef{Idx: 0, Typ: vector.BigInt, Name: "id"}, b: &Const{Val: vector.IntValue(3)}}},
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
