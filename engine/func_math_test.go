package engine

import (
	"math"
	"testing"

	"github.com/lhsql/lhsql/vector"
)

func TestFuncMath(t *testing.T) {
	D, I := vDbl, vBig
	runCases(t, []fcase{
		{"abs", vals(vInt(-3)), "3"},
		{"abs", vals(D(-2.5)), "2.5"},
		{"abs", vals(vDec(t, "-1.50", 4, 2)), "1.50"},
		{"abs", vals(I(math.MinInt64)), "ERR:Overflow"},
		{"abs", vals(vTyped(vector.TinyInt, -128)), "ERR:Overflow"},
		{"sign", vals(D(-2.5)), "-1"},
		{"sign", vals(vInt(0)), "0"},
		{"round", vals(D(2.5)), "3.0"},
		{"round", vals(D(-2.5)), "-3.0"},
		{"round", vals(D(1.2345), vInt(2)), "1.23"},
		{"round", vals(D(1234.5), vInt(-2)), "1200.0"},
		{"round", vals(vDec(t, "1.255", 5, 3), vInt(2)), "1.26"},
		{"round", vals(vDec(t, "-1.255", 5, 3), vInt(2)), "-1.26"},
		{"round", vals(vDec(t, "1.255", 5, 3)), "1"},
		{"round", vals(vDec(t, "1.5", 5, 3), vInt(5)), "1.500"},
		{"round", vals(vDec(t, "1250.5", 6, 1), vInt(-2)), "1300"},
		{"round", vals(vInt(1249), vInt(-2)), "1200"},
		{"round", vals(vInt(17)), "17"},
		{"floor", vals(D(-1.5)), "-2.0"},
		{"floor", vals(vDec(t, "-1.5", 3, 1)), "-2"},
		{"ceil", vals(vDec(t, "1.1", 3, 1)), "2"},
		{"ceiling", vals(D(1.1)), "2.0"},
		{"trunc", vals(D(-1.7)), "-1.0"},
		{"trunc", vals(vDec(t, "-1.7", 3, 1)), "-1"},
		{"sqrt", vals(vInt(16)), "4.0"},
		{"sqrt", vals(D(-1)), "nan"},
		{"cbrt", vals(D(27)), "3.0"},
		{"power", vals(vInt(2), vInt(10)), "1024.0"},
		{"^", vals(D(2), D(0.5)), "1.4142135623730951"},
		{"pow", vals(D(0), D(-1)), "inf"},
		{"exp", vals(D(0)), "1.0"},
		{"ln", vals(D(1)), "0.0"},
		{"ln", vals(D(0)), "-inf"},
		{"log10", vals(D(1000)), "3.0"},
		{"log", vals(D(100)), "2.0"},
		{"log", vals(D(2), D(8)), "3.0"},
		{"log2", vals(D(8)), "3.0"},
		{"pi", nil, "3.141592653589793"},
		{"sin", vals(D(0)), "0.0"},
		{"atan2", vals(D(1), D(1)), "0.7853981633974483"},
		{"degrees", vals(D(math.Pi)), "180.0"},
		{"isnan", vals(D(math.NaN())), "true"},
		{"isinf", vals(D(math.Inf(-1))), "true"},
		{"isfinite", vals(D(1)), "true"},
		{"gcd", vals(I(12), I(18)), "6"},
		{"lcm", vals(I(4), I(6)), "12"},
		{"mod", vals(vInt(7), vInt(3)), "1"},
		{"abs", vals(vStr("x")), "ERR:No function matches"},
	})
	if got := bindTypeConst(t, "round", vDec(t, "1.255", 5, 3), vInt(2)); got != "DECIMAL(5,2)" {
		t.Errorf("round(DECIMAL(5,3), 2) type %s", got)
	}
}

func TestFuncRandomVolatile(t *testing.T) {
	e, err := BindFunc("random", nil)
	if err != nil {
		t.Fatal(err)
	}
	if f, _ := FoldConstant(e); f != e {
		t.Fatal("random must not be folded")
	}
	rows, err := evalRows(e, &vector.Chunk{Len: 100})
	if err != nil {
		t.Fatal(err)
	}
	distinct := map[string]bool{}
	for _, r := range rows {
		distinct[r] = true
	}
	if len(distinct) < 90 {
		t.Fatalf("random produced %d distinct values in 100 rows", len(distinct))
	}
}

func TestFuncUnknown(t *testing.T) {
	_, err := BindFunc("flor", []Expr{&Const{Val: vDbl(1)}})
	if err == nil || err.Error() != "Catalog Error: Scalar Function with name flor does not exist!\nDid you mean \"floor\"?" {
		t.Fatalf("err = %v", err)
	}
	if !IsKnownFunction("UPPER") || IsKnownFunction("nope_nope") {
		t.Fatal("IsKnownFunction")
	}
	names := FunctionNames()
	if len(names) < 100 {
		t.Fatalf("only %d function names", len(names))
	}
}

func TestFuncFoldConstant(t *testing.T) {
	a, _ := BindFunc("+", []Expr{&Const{Val: vInt(1)}, &Const{Val: vInt(2)}})
	f, err := FoldConstant(a)
	if err != nil {
		t.Fatal(err)
	}
	c, ok := f.(*Const)
	if !ok || c.Val.I64 != 3 || c.Val.Typ != vector.Integer {
		t.Fatalf("fold = %#v", f)
	}
	b, _ := BindFunc("+", []Expr{&ColRef{Idx: 0, Typ: vector.Integer}, &Const{Val: vInt(2)}})
	if f, _ := FoldConstant(b); f != b {
		t.Fatal("expression with a column must not fold")
	}
	bad, _ := NewCast(&Const{Val: vStr("abc")}, vector.Integer, false)
	if _, err := FoldConstant(bad); err == nil {
		t.Fatal("expected conversion error")
	}
}
