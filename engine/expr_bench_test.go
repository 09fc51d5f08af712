package engine

import (
	"context"
	"fmt"
	"testing"

	"github.com/lhsql/lhsql/vector"
)

func benchChunk() *vector.Chunk {
	const n = vector.MaxLen
	ints := vector.New(vector.BigInt, n)
	i32 := vector.New(vector.Integer, n)
	flts := vector.New(vector.Double, n)
	decs := vector.New(vector.Decimal(15, 2), n)
	strs := vector.New(vector.Varchar, n)
	dates := vector.New(vector.Date, n)
	for i := 0; i < n; i++ {
		x := int64((i * 7919) % 10007)
		ints.I64[i] = x
		i32.I64[i] = x
		flts.F64[i] = float64(x) / 3
		decs.I64[i] = x * 101
		strs.Str[i] = fmt.Sprintf("customer#%06d special requests %d", x, x%97)
		dates.I64[i] = 8000 + x%3000
	}
	return &vector.Chunk{Len: n, Cols: []*vector.Vector{ints, i32, flts, decs, strs, dates}}
}

func benchExpr(b *testing.B, e Expr, err error) {
	b.Helper()
	if err != nil {
		b.Fatal(err)
	}
	c := benchChunk()
	ec := &ExecCtx{Ctx: context.Background()}
	b.SetBytes(int64(c.Len) * 8)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := e.Eval(ec, c); err != nil {
			b.Fatal(err)
		}
	}
}

func col(i int, t vector.Type) Expr { return &ColRef{Idx: i, Typ: t} }

func BenchmarkExprCmpInt64Const(b *testing.B) {
	e, err := BindFunc("<", []Expr{col(0, vector.BigInt), &Const{Val: vBig(5000)}})
	benchExpr(b, e, err)
}

func BenchmarkExprCmpFloatConst(b *testing.B) {
	e, err := BindFunc(">=", []Expr{col(2, vector.Double), &Const{Val: vDbl(1000)}})
	benchExpr(b, e, err)
}

func BenchmarkExprAddInt32(b *testing.B) {
	e, err := BindFunc("+", []Expr{col(1, vector.Integer), col(1, vector.Integer)})
	benchExpr(b, e, err)
}

func BenchmarkExprMulBigIntConst(b *testing.B) {
	e, err := BindFunc("*", []Expr{col(0, vector.BigInt), &Const{Val: vBig(3)}})
	benchExpr(b, e, err)
}

func BenchmarkExprDecimalMul(b *testing.B) {
	// l_extendedprice * (1 - l_discount)
	one, _ := BindFunc("-", []Expr{&Const{Val: vInt(1)}, col(3, vector.Decimal(15, 2))})
	e, err := BindFunc("*", []Expr{col(3, vector.Decimal(15, 2)), one})
	benchExpr(b, e, err)
}

func BenchmarkExprLikeContains(b *testing.B) {
	e, err := BindFunc("like", []Expr{col(4, vector.Varchar), &Const{Val: vStr("%special%")}})
	benchExpr(b, e, err)
}

func BenchmarkExprLikePrefix(b *testing.B) {
	e, err := BindFunc("like", []Expr{col(4, vector.Varchar), &Const{Val: vStr("customer#0001%")}})
	benchExpr(b, e, err)
}

func BenchmarkExprLikeChain(b *testing.B) {
	e, err := BindFunc("not like", []Expr{col(4, vector.Varchar), &Const{Val: vStr("%special%requests%")}})
	benchExpr(b, e, err)
}

func BenchmarkExprInListInt(b *testing.B) {
	args := []Expr{col(0, vector.BigInt)}
	for _, x := range []int64{3, 17, 99, 1000, 5000} {
		args = append(args, &Const{Val: vBig(x)})
	}
	e, err := BindFunc("in", args)
	benchExpr(b, e, err)
}

func BenchmarkExprInListStr(b *testing.B) {
	args := []Expr{col(4, vector.Varchar)}
	for i := 0; i < 12; i++ {
		args = append(args, &Const{Val: vStr(fmt.Sprintf("customer#%06d special requests %d", i*10, i))})
	}
	e, err := BindFunc("in", args)
	benchExpr(b, e, err)
}

func BenchmarkExprYearOfDate(b *testing.B) {
	e, err := BindFunc("year", []Expr{col(5, vector.Date)})
	benchExpr(b, e, err)
}

func BenchmarkExprCastIntToVarchar(b *testing.B) {
	e, err := NewCast(col(0, vector.BigInt), vector.Varchar, false)
	benchExpr(b, e, err)
}

func BenchmarkExprCaseWhen(b *testing.B) {
	cond, _ := BindFunc("<", []Expr{col(0, vector.BigInt), &Const{Val: vBig(5000)}})
	e, err := NewCase([]Expr{cond}, []Expr{col(2, vector.Double)}, &Const{Val: vDbl(0)})
	benchExpr(b, e, err)
}
