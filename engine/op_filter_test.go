package engine

import (
	"context"
	"math"
	"math/rand"
	"testing"

	"github.com/lhsql/lhsql/vector"
)

// filterCapture collects the rows a filter pushes.
type filterCapture struct{ rows []string }

func (p *filterCapture) push(c *vector.Chunk) error {
	c = c.Compact()
	for i := 0; i < c.Len; i++ {
		s := ""
		for _, col := range c.Cols {
			s += col.Get(i).String() + "|"
		}
		p.rows = append(p.rows, s)
	}
	return nil
}

// TestFilterConjuncts checks the compiled filter (SIMD comparisons, AND
// refinement, single gather) against plain evaluation of the predicate.
func TestFilterConjuncts(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	const n = 3000
	types := []vector.Type{vector.BigInt, vector.Double, vector.Date, vector.Varchar, vector.BigInt, vector.UBigInt}
	mk := func(nullPct int) *vector.Chunk {
		c := vector.NewChunk(types, n)
		for i := 0; i < n; i++ {
			c.Cols[0].I64[i] = int64(rng.Intn(21) - 10)
			switch rng.Intn(8) {
			case 0:
				c.Cols[1].F64[i] = math.NaN()
			case 1:
				c.Cols[1].F64[i] = math.Copysign(0, -1)
			default:
				c.Cols[1].F64[i] = float64(rng.Intn(9) - 4)
			}
			c.Cols[2].I64[i] = int64(9000 + rng.Intn(30))
			c.Cols[3].Str[i] = string(rune('a' + rng.Intn(4)))
			c.Cols[5].I64[i] = int64(rng.Uint64())
			for k := 0; k < 4; k++ {
				if rng.Intn(100) < nullPct {
					c.Cols[k].SetNull(i, n)
				}
			}
		}
		c.Cols[4] = vector.ConstVector(vector.IntValue(3))
		return c
	}
	col := func(i int) Expr { return &ColRef{Idx: i, Typ: types[i]} }
	k := func(v vector.Value) Expr { return &Const{Val: v} }
	bind := func(name string, args ...Expr) Expr {
		e, err := BindFunc(name, args)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return e
	}
	and := func(args ...Expr) Expr { return bind("and", args...) }
	date := vector.Value{Typ: vector.Date, I64: 9010}
	preds := []Expr{
		bind("<", col(0), k(vector.IntValue(3))),
		bind(">=", k(vector.IntValue(2)), col(0)),
		bind("=", col(1), k(vector.DoubleValue(0))),
		bind(">", col(1), k(vector.DoubleValue(math.NaN()))),
		bind(">=", col(1), k(vector.DoubleValue(math.NaN()))),
		bind("<>", col(1), k(vector.DoubleValue(1))),
		bind("=", col(0), k(vector.NullValue(vector.BigInt))),
		and(bind(">=", col(2), k(date)), bind("<", col(2), k(vector.Value{Typ: vector.Date, I64: 9020})), bind("<=", col(0), k(vector.IntValue(5)))),
		and(bind("=", col(3), k(vector.StringValue("b"))), bind(">", col(0), k(vector.IntValue(-3)))),
		and(bind(">", col(0), k(vector.IntValue(-3))), bind("=", col(3), k(vector.StringValue("b"))), bind("<", col(1), k(vector.DoubleValue(2)))),
		and(bind("=", col(4), k(vector.IntValue(3))), bind("<", col(0), k(vector.IntValue(0)))),
		and(bind("<", col(0), k(vector.IntValue(0))), bind("=", col(4), k(vector.IntValue(4)))),
		bind(">", col(5), k(vector.Value{Typ: vector.UBigInt, I64: 1 << 62})),
		bind("or", bind("<", col(0), k(vector.IntValue(-8))), bind(">", col(0), k(vector.IntValue(8)))),
	}
	for pi := 0; pi <= 7; pi++ {
		if !newFilterOp(preds[pi], &opStat{}).conjs[0].simple {
			t.Fatalf("pred %d (%s) did not compile to a kernel comparison", pi, preds[pi])
		}
	}
	if newFilterOp(preds[12], &opStat{}).conjs[0].simple {
		t.Fatalf("UBIGINT comparison must not use the signed kernel")
	}
	ec := &ExecCtx{Ctx: context.Background()}
	for _, nullPct := range []int{0, 30, 100} {
		c := mk(nullPct)
		for pi, pred := range preds {
			st := &opStat{}
			op := newFilterOp(pred, st)
			got := &filterCapture{}
			l := op.newLocal(&worker{ec: ec}, got)
			if err := l.push(c); err != nil {
				t.Fatalf("pred %d (%s): %v", pi, pred, err)
			}
			v, err := pred.Eval(ec, c)
			if err != nil {
				t.Fatal(err)
			}
			sel, _, err := trueRows(v, n, nil)
			if err != nil {
				t.Fatal(err)
			}
			want := &filterCapture{}
			if err := want.push(gatherChunk(c, sel)); err != nil {
				t.Fatal(err)
			}
			if len(got.rows) != len(want.rows) {
				t.Fatalf("nulls %d%% pred %d (%s): %d rows, want %d", nullPct, pi, pred, len(got.rows), len(want.rows))
			}
			for i := range got.rows {
				if got.rows[i] != want.rows[i] {
					t.Fatalf("nulls %d%% pred %d (%s): row %d = %s, want %s", nullPct, pi, pred, i, got.rows[i], want.rows[i])
				}
			}
			if st.rows.Load() != int64(len(want.rows)) {
				t.Fatalf("pred %d: stat rows %d, want %d", pi, st.rows.Load(), len(want.rows))
			}
		}
	}
}

// TestSpareColsReuse checks that recycled output vectors hold exactly the
// gathered rows on every reuse and that vectors the operator does not own
// (constants, vectors with NULLs) are never recycled.
func TestSpareColsReuse(t *testing.T) {
	var sp spareCols
	src := vector.New(vector.BigInt, 100)
	strs := vector.New(vector.Varchar, 100)
	for i := range src.I64 {
		src.I64[i] = int64(i * 3)
		strs.Str[i] = string(rune('a' + i%26))
	}
	first := sp.gather(0, src, []uint32{1, 5, 7})
	for round, sel := range [][]uint32{{2, 3}, {0, 10, 20, 30}, {99}} {
		got := sp.gather(0, src, sel)
		if round == 0 && got != first {
			t.Fatalf("int64 vector not reused")
		}
		if len(got.I64) != len(sel) {
			t.Fatalf("round %d: %d rows, want %d", round, len(got.I64), len(sel))
		}
		for k, r := range sel {
			if got.I64[k] != src.I64[r] {
				t.Fatalf("round %d row %d: %d, want %d", round, k, got.I64[k], src.I64[r])
			}
		}
		s := sp.gather(1, strs, sel)
		for k, r := range sel {
			if s.Str[k] != strs.Str[r] {
				t.Fatalf("round %d string row %d: %q, want %q", round, k, s.Str[k], strs.Str[r])
			}
		}
	}
	c := vector.ConstVector(vector.IntValue(9))
	sp2 := spareCols{}
	if sp2.gather(0, c, []uint32{0, 1}); sp2[0] != nil {
		t.Fatalf("constant vector recycled")
	}
	nulls := vector.New(vector.BigInt, 4)
	nulls.SetNull(2, 4)
	if g := sp2.gather(0, nulls, []uint32{1, 2}); g.IsNull(1) != true || sp2[0] != nil {
		t.Fatalf("vector with NULLs recycled or NULL lost")
	}
}
