package engine

import (
	"math"
	"testing"

	"github.com/lhsql/lhsql/vector"
)

func TestExprCompare(t *testing.T) {
	nan := vDbl(math.NaN())
	runCases(t, []fcase{
		{"=", vals(vInt(1), vInt(1)), "true"},
		{"<>", vals(vInt(1), vInt(1)), "false"},
		{"<", vals(vInt(1), vBig(2)), "true"},
		{">=", vals(vInt(1), vDbl(1.5)), "false"},
		{"<", vals(vStr("abc"), vStr("abd")), "true"},
		{"<", vals(vStr("Z"), vStr("a")), "true"},
		{">", vals(vBool(true), vBool(false)), "true"},
		{"=", vals(vInt(1), vNull(vector.Integer)), "NULL"},
		{"=", vals(vNull(vector.Null), vNull(vector.Null)), "NULL"},
		{"=", vals(nan, nan), "true"},
		{">", vals(nan, vDbl(math.Inf(1))), "true"},
		{"<", vals(vDbl(1), nan), "true"},
		{"<=", vals(nan, vDbl(1)), "false"},
		{"=", vals(vDec(t, "1.50", 4, 2), vDec(t, "1.5", 3, 1)), "true"},
		{"<", vals(vDec(t, "1.49", 4, 2), vDec(t, "1.5", 3, 1)), "true"},
		{"=", vals(vDec(t, "2.00", 4, 2), vInt(2)), "true"},
		{">", vals(vDec(t, "2.01", 4, 2), vInt(2)), "true"},
		{"<", vals(vDec(t, "0.000000000000000001", 18, 18), vDec(t, "99999999999999999", 18, 0)), "true"},
		{">", vals(vDec(t, "99999999999999999", 18, 0), vDec(t, "0.000000000000000001", 18, 18)), "true"},
		{"<", vals(vDec(t, "-99999999999999999", 18, 0), vDec(t, "0.000000000000000001", 18, 18)), "true"},
		{"=", vals(vStr("2020-01-01"), vCast(t, "2020-01-01", vector.Date)), "true"},
		{"=", vals(vStr("12"), vInt(12)), "true"},
		{"=", vals(vStr("abc"), vInt(12)), "ERR:Could not convert string 'abc' to INT32"},
		{"<", vals(vCast(t, "2020-01-01", vector.Date), vCast(t, "2020-01-01 00:00:01", vector.Timestamp)), "true"},
		{"=", vals(vCast(t, "1 month", vector.IntervalType), vCast(t, "30 days", vector.IntervalType)), "true"},
		{">", vals(vCast(t, "1 day", vector.IntervalType), vCast(t, "23 hours", vector.IntervalType)), "true"},
		{"<", vals(vTyped(vector.UBigInt, 1), vTyped(vector.UBigInt, -1)), "true"},
		{"is distinct from", vals(vInt(1), vNull(vector.Integer)), "true"},
		{"is distinct from", vals(vNull(vector.Integer), vNull(vector.Integer)), "false"},
		{"is not distinct from", vals(vNull(vector.Integer), vNull(vector.Integer)), "true"},
		{"is not distinct from", vals(vInt(2), vBig(2)), "true"},
		{"is distinct from", vals(vDec(t, "1.5", 3, 1), vDec(t, "1.50", 4, 2)), "false"},
		{"=", vals(vBool(true), vCast(t, "2020-01-01", vector.Date)), "ERR:Cannot compare"},
	})
}

// TestExprCompareKernels checks every operator and Const/flat shape against
// a scalar reference over random-ish data with NULLs.
func TestExprCompareKernels(t *testing.T) {
	const n = 200
	ints := vector.New(vector.BigInt, n)
	flts := vector.New(vector.Double, n)
	strs := vector.New(vector.Varchar, n)
	for i := 0; i < n; i++ {
		x := int64((i*7919)%23) - 11
		ints.I64[i] = x
		flts.F64[i] = float64(x) / 2
		strs.Str[i] = string(rune('a' + (i*31)%7))
		if i%13 == 0 {
			ints.SetNull(i, n)
			flts.SetNull(i, n)
			strs.SetNull(i, n)
		}
	}
	flts.F64[5] = math.NaN()
	c := &vector.Chunk{Len: n, Cols: []*vector.Vector{ints, flts, strs}}
	consts := []vector.Value{vBig(3), vDbl(-1.5), vStr("c")}
	for col, typ := range []vector.Type{vector.BigInt, vector.Double, vector.Varchar} {
		for op, name := range cmpSyms {
			for shape := 0; shape < 3; shape++ {
				var a, b Expr = &ColRef{Idx: col, Typ: typ}, &Const{Val: consts[col]}
				switch shape {
				case 1:
					a, b = b, a
				case 2:
					b = &ColRef{Idx: col, Typ: typ}
					// compare with the reversed column via a shifted copy
				}
				e, err := BindFunc(name, []Expr{a, b})
				if err != nil {
					t.Fatal(err)
				}
				got, err := evalRows(e, c)
				if err != nil {
					t.Fatal(err)
				}
				for i := 0; i < n; i++ {
					av := evalScalar(a, c, i)
					bv := evalScalar(b, c, i)
					want := "NULL"
					if !av.Null && !bv.Null {
						want = vector.BoolValue(cmpResult(cmpOp(op), cmp3Value(av, bv))).String()
					}
					if got[i] != want {
						t.Fatalf("%s col %d shape %d row %d: %v %s %v = %s, want %s", name, col, shape, i, av, name, bv, got[i], want)
					}
				}
			}
		}
	}
}

func evalScalar(e Expr, c *vector.Chunk, i int) vector.Value {
	switch x := e.(type) {
	case *Const:
		return x.Val
	case *ColRef:
		return c.Cols[x.Idx].Get(i)
	}
	panic("unexpected")
}

func cmp3Value(a, b vector.Value) int {
	av, bv := vector.ConstVector(a), vector.ConstVector(b)
	return cmp3Row(a.Typ, av, 0, bv, 0)
}

func TestExprLogic(t *testing.T) {
	T, F, N := vBool(true), vBool(false), vNull(vector.Boolean)
	runCases(t, []fcase{
		{"and", vals(T, T), "true"},
		{"and", vals(T, F), "false"},
		{"and", vals(F, N), "false"},
		{"and", vals(N, F), "false"},
		{"and", vals(T, N), "NULL"},
		{"and", vals(N, N), "NULL"},
		{"or", vals(F, F), "false"},
		{"or", vals(T, N), "true"},
		{"or", vals(N, T), "true"},
		{"or", vals(F, N), "NULL"},
		{"and", vals(T, T, F), "false"},
		{"not", vals(T), "false"},
		{"not", vals(N), "NULL"},
		{"is null", vals(N), "true"},
		{"is null", vals(vInt(1)), "false"},
		{"is not null", vals(vNull(vector.Varchar)), "false"},
		{"is true", vals(N), "false"},
		{"is not false", vals(N), "true"},
	})
}

func TestExprCase(t *testing.T) {
	// CASE WHEN x > 0 THEN x::VARCHAR ... over a column with NULLs; the
	// THEN branch casts '#' strings only on the rows that reach it.
	const n = 6
	col := vector.New(vector.Varchar, n)
	for i, s := range []string{"1", "x", "3", "", "5", "y"} {
		col.Str[i] = s
	}
	col.SetNull(3, n)
	c := &vector.Chunk{Len: n, Cols: []*vector.Vector{col}}
	x := &ColRef{Idx: 0, Typ: vector.Varchar}
	isNum, err := BindFunc("regexp_full_match", []Expr{x, &Const{Val: vStr("[0-9]+")}})
	if err != nil {
		t.Fatal(err)
	}
	asInt, err := NewCast(x, vector.Integer, false)
	if err != nil {
		t.Fatal(err)
	}
	isX, _ := BindFunc("=", []Expr{x, &Const{Val: vStr("x")}})
	e, err := NewCase([]Expr{isNum, isX}, []Expr{asInt, &Const{Val: vBig(-1)}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if e.Type() != vector.BigInt {
		t.Fatalf("type %s", e.Type())
	}
	got, err := evalRows(e, c)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"1", "-1", "3", "NULL", "5", "NULL"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("case = %v, want %v", got, want)
		}
	}
	// Unification of THEN types.
	e2, err := NewCase([]Expr{&Const{Val: vBool(false)}}, []Expr{&Const{Val: vInt(1)}}, &Const{Val: vDbl(2.5)})
	if err != nil {
		t.Fatal(err)
	}
	if f, _ := FoldConstant(e2); f.(*Const).Val.String() != "2.5" || f.Type() != vector.Double {
		t.Fatalf("case fold = %v %s", f, f.Type())
	}
	if _, err := NewCase([]Expr{&Const{Val: vBool(true)}}, []Expr{&Const{Val: vBool(true)}}, &Const{Val: vCast(t, "2020-01-01", vector.Date)}); err == nil {
		t.Fatal("expected error for BOOLEAN vs DATE")
	}
}

func TestExprCoalesceFamily(t *testing.T) {
	N := vNull(vector.Integer)
	runCases(t, []fcase{
		{"coalesce", vals(N, vInt(2), vInt(3)), "2"},
		{"coalesce", vals(N, N), "NULL"},
		{"coalesce", vals(vNull(vector.Null), vDbl(1.5)), "1.5"},
		{"coalesce", vals(vInt(1), vStr("7")), "1"},
		{"ifnull", vals(N, vInt(7)), "7"},
		{"nullif", vals(vInt(1), vInt(1)), "NULL"},
		{"nullif", vals(vInt(1), vInt(2)), "1"},
		{"if", vals(vBool(true), vInt(1), vInt(2)), "1"},
		{"iff", vals(vNull(vector.Boolean), vInt(1), vInt(2)), "2"},
		{"greatest", vals(vInt(1), vInt(5), vInt(3)), "5"},
		{"least", vals(vInt(4), N, vInt(3)), "3"},
		{"greatest", vals(vStr("a"), vStr("b")), "b"},
		{"greatest", vals(vInt(1), vDbl(2.5)), "2.5"},
		{"least", vals(N, N), "NULL"},
	})
	// coalesce over columns with NULL patterns
	const n = 4
	a := vector.New(vector.Integer, n)
	b := vector.New(vector.Integer, n)
	for i := 0; i < n; i++ {
		a.I64[i], b.I64[i] = int64(i), int64(10+i)
	}
	a.SetNull(1, n)
	a.SetNull(3, n)
	b.SetNull(3, n)
	c := &vector.Chunk{Len: n, Cols: []*vector.Vector{a, b}}
	e, err := BindFunc("coalesce", []Expr{&ColRef{Idx: 0, Typ: vector.Integer}, &ColRef{Idx: 1, Typ: vector.Integer}, &Const{Val: vInt(99)}})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := evalRows(e, c)
	want := []string{"0", "11", "2", "99"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("coalesce = %v, want %v", got, want)
		}
	}
}

func TestExprIn(t *testing.T) {
	N := vNull(vector.Integer)
	runCases(t, []fcase{
		{"in", vals(vInt(2), vInt(1), vInt(2), vInt(3)), "true"},
		{"in", vals(vInt(4), vInt(1), vInt(2), vInt(3)), "false"},
		{"in", vals(vInt(4), vInt(1), N), "NULL"},
		{"in", vals(vInt(1), vInt(1), N), "true"},
		{"in", vals(N, vInt(1)), "NULL"},
		{"not in", vals(vInt(4), vInt(1), vInt(2)), "true"},
		{"not in", vals(vInt(4), vInt(1), N), "NULL"},
		{"in", vals(vStr("b"), vStr("a"), vStr("b")), "true"},
		{"in", vals(vDec(t, "1.5", 3, 1), vDbl(1.5)), "true"},
		{"in", vals(vInt(1), vDec(t, "1.00", 4, 2)), "true"},
		{"in", vals(vInt(10), vInt(1), vInt(2), vInt(3), vInt(4), vInt(5), vInt(6), vInt(7), vInt(8), vInt(9), vInt(10)), "true"},
		{"in", vals(vStr("j"), vStr("a"), vStr("b"), vStr("c"), vStr("d"), vStr("e"), vStr("f"), vStr("g"), vStr("h"), vStr("i"), vStr("k")), "false"},
		{"in", vals(vDbl(math.NaN()), vDbl(math.NaN())), "true"},
	})
}

func TestExprCaseLazyErrors(t *testing.T) {
	// The failing cast sits in a branch that is never taken.
	bad, err := castTo(&Const{Val: vStr("abc")}, vector.Integer)
	if err != nil {
		t.Fatal(err)
	}
	e, err := NewCase([]Expr{&Const{Val: vBool(false)}}, []Expr{bad}, &Const{Val: vInt(1)})
	if err != nil {
		t.Fatal(err)
	}
	got, err := evalRows(e, &vector.Chunk{Len: 2})
	if err != nil || got[0] != "1" {
		t.Fatalf("got %v, %v", got, err)
	}
	// Randomised CASE over columns vs a row-wise reference.
	const n = 300
	a := vector.New(vector.BigInt, n)
	b := vector.New(vector.Varchar, n)
	for i := 0; i < n; i++ {
		a.I64[i] = int64((i * 37) % 11)
		b.Str[i] = string(rune('a' + i%5))
		if i%7 == 0 {
			a.SetNull(i, n)
		}
	}
	c := &vector.Chunk{Len: n, Cols: []*vector.Vector{a, b}}
	ca, cb := &ColRef{Idx: 0, Typ: vector.BigInt}, &ColRef{Idx: 1, Typ: vector.Varchar}
	w1, _ := BindFunc("<", []Expr{ca, &Const{Val: vBig(3)}})
	w2, _ := BindFunc("=", []Expr{cb, &Const{Val: vStr("b")}})
	t1, _ := BindFunc("||", []Expr{cb, &Const{Val: vStr("!")}})
	t2, _ := BindFunc("upper", []Expr{cb})
	e, err = NewCase([]Expr{w1, w2}, []Expr{t1, t2}, &Const{Val: vStr("z")})
	if err != nil {
		t.Fatal(err)
	}
	got, err = evalRows(e, c)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		var want string
		switch {
		case !a.IsNull(i) && a.I64[i] < 3:
			want = b.Str[i] + "!"
		case b.Str[i] == "b":
			want = "B"
		default:
			want = "z"
		}
		if got[i] != want {
			t.Fatalf("row %d: got %q want %q", i, got[i], want)
		}
	}
}

func TestExprCompareDateTimestampConst(t *testing.T) {
	d := func(s string) vector.Value { return vCast(t, s, vector.Date) }
	ts := func(s string) vector.Value { return vCast(t, s, vector.Timestamp) }
	for _, day := range []string{"2020-01-01", "2020-01-02", "2020-01-03"} {
		for _, bound := range []string{"2020-01-02 00:00:00", "2020-01-02 12:00:00"} {
			for _, op := range cmpSyms {
				// Reference: compare after casting the date to TIMESTAMP.
				dv, tv := d(day), ts(bound)
				dts, _ := CastValue(dv, vector.Timestamp, false)
				want := vector.BoolValue(cmpResult(cmpOpOf(op), cmp3Value(dts, tv))).String()
				checkFunc(t, op, vals(dv, tv), want)
				rev := vector.BoolValue(cmpResult(cmpOpOf(op), cmp3Value(tv, dts))).String()
				checkFunc(t, op, vals(tv, dv), rev)
			}
		}
	}
}

func cmpOpOf(s string) cmpOp {
	for i, x := range cmpSyms {
		if x == s {
			return cmpOp(i)
		}
	}
	panic(s)
}

// TestExprConcurrentEval evaluates shared expression trees from several
// goroutines (pipelines share bound expressions across workers).
func TestExprConcurrentEval(t *testing.T) {
	const n = 64
	s := vector.New(vector.Varchar, n)
	for i := range s.Str {
		s.Str[i] = string(rune('a'+i%26)) + "x" + string(rune('0'+i%10))
	}
	c := &vector.Chunk{Len: n, Cols: []*vector.Vector{s}}
	x := &ColRef{Idx: 0, Typ: vector.Varchar}
	pat := &ColRef{Idx: 0, Typ: vector.Varchar}
	var exprs []Expr
	for _, b := range []struct {
		name string
		args []Expr
	}{
		{"regexp_matches", []Expr{x, &Const{Val: vStr("[a-f]x")}}},
		{"regexp_matches", []Expr{x, pat}},
		{"regexp_replace", []Expr{x, &Const{Val: vStr("x")}, &Const{Val: vStr("y")}}},
		{"regexp_extract", []Expr{x, &Const{Val: vStr("([0-9])")}, &Const{Val: vInt(1)}}},
		{"like", []Expr{x, &Const{Val: vStr("%x1")}}},
		{"like", []Expr{x, pat}},
		{"in", []Expr{x, &Const{Val: vStr("ax0")}, &Const{Val: vStr("bx1")}}},
	} {
		e, err := BindFunc(b.name, b.args)
		if err != nil {
			t.Fatal(err)
		}
		exprs = append(exprs, e)
	}
	want := make([][]string, len(exprs))
	for k, e := range exprs {
		want[k], _ = evalRows(e, c)
	}
	done := make(chan error, 4)
	for g := 0; g < 4; g++ {
		go func() {
			for it := 0; it < 50; it++ {
				for k, e := range exprs {
					got, err := evalRows(e, c)
					if err != nil {
						done <- err
						return
					}
					for i := range got {
						if got[i] != want[k][i] {
							done <- errString("concurrent result differs")
							return
						}
					}
				}
			}
			done <- nil
		}()
	}
	for g := 0; g < 4; g++ {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}
