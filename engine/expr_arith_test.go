package engine

import (
	"math"
	"testing"

	"github.com/lhsql/lhsql/vector"
)

func TestExprArithInt(t *testing.T) {
	runCases(t, []fcase{
		{"+", vals(vInt(1), vInt(2)), "3"},
		{"+", vals(vInt(2147483647), vInt(1)), "ERR:Out of Range Error: Overflow in addition of INT32 (2147483647 + 1)!"},
		{"-", vals(vInt(-2147483648), vInt(1)), "ERR:Overflow in subtraction of INT32"},
		{"*", vals(vInt(65536), vInt(65536)), "ERR:Overflow in multiplication of INT32"},
		{"*", vals(vBig(math.MaxInt64), vBig(2)), "ERR:Overflow in multiplication of INT64"},
		{"+", vals(vBig(math.MaxInt64), vBig(1)), "ERR:Overflow in addition of INT64"},
		{"-", vals(vBig(math.MinInt64), vBig(1)), "ERR:Overflow in subtraction of INT64"},
		{"*", vals(vBig(-3037000499), vBig(3037000499)), "-9223372030926249001"},
		{"+", vals(vTyped(vector.TinyInt, 100), vTyped(vector.TinyInt, 27)), "127"},
		{"+", vals(vTyped(vector.TinyInt, 100), vTyped(vector.TinyInt, 28)), "ERR:Overflow in addition of INT8"},
		{"+", vals(vTyped(vector.TinyInt, 100), vInt(28)), "128"},
		{"-", vals(vTyped(vector.UTinyInt, 1), vTyped(vector.UTinyInt, 2)), "ERR:Overflow in subtraction of UINT8"},
		{"+", vals(vTyped(vector.UBigInt, -1), vTyped(vector.UBigInt, 0)), "18446744073709551615"},
		{"+", vals(vTyped(vector.UBigInt, -1), vTyped(vector.UBigInt, 1)), "ERR:Overflow in addition of UINT64"},
		{"*", vals(vTyped(vector.UInteger, 4294967295), vTyped(vector.UInteger, 2)), "ERR:Overflow in multiplication of UINT32"},
		{"/", vals(vInt(7), vInt(2)), "3.5"},
		{"/", vals(vInt(1), vInt(0)), "inf"},
		{"//", vals(vInt(7), vInt(2)), "3"},
		{"//", vals(vInt(-7), vInt(2)), "-3"},
		{"//", vals(vInt(7), vInt(0)), "NULL"},
		{"%", vals(vInt(-7), vInt(3)), "-1"},
		{"%", vals(vInt(7), vInt(0)), "NULL"},
		{"//", vals(vBig(math.MinInt64), vBig(-1)), "ERR:Overflow in division of INT64"},
		{"%", vals(vBig(math.MinInt64), vBig(-1)), "0"},
		{"+", vals(vInt(1), vNull(vector.Integer)), "NULL"},
		{"+", vals(vNull(vector.Null), vInt(1)), "NULL"},
		{"negate", vals(vInt(5)), "-5"},
		{"negate", vals(vTyped(vector.TinyInt, -128)), "ERR:Overflow"},
		{"-", vals(vDbl(1.5)), "-1.5"},
		{"+", vals(vStr("a"), vInt(1)), "ERR:Error"},
		{"add", vals(vInt(1), vInt(2)), "3"},
	})
	if got := bindType(t, "+", vStr("a"), vInt(1)); got != "ERR:Binder Error: No function matches the given name and argument types '+(VARCHAR, INTEGER)'. You might need to add explicit type casts." {
		t.Errorf("VARCHAR column + INTEGER: %s", got)
	}
	if got := bindTypeConst(t, "+", vStr("a"), vInt(1)); got != "ERR:Conversion Error: Could not convert string 'a' to INT32" {
		t.Errorf("'a' + 1: %s", got)
	}
	if got := bindType(t, "+", vTyped(vector.TinyInt, 1), vInt(1)); got != "INTEGER" {
		t.Errorf("TINYINT+INTEGER type %s", got)
	}
	if got := bindType(t, "+", vTyped(vector.UInteger, 1), vInt(1)); got != "BIGINT" {
		t.Errorf("UINTEGER+INTEGER type %s", got)
	}
	if got := bindType(t, "/", vInt(1), vInt(1)); got != "DOUBLE" {
		t.Errorf("INTEGER/INTEGER type %s", got)
	}
}

func TestExprArithFloat(t *testing.T) {
	runCases(t, []fcase{
		{"+", vals(vDbl(0.1), vDbl(0.2)), "0.30000000000000004"},
		{"*", vals(vDbl(1.5), vInt(2)), "3.0"},
		{"/", vals(vDbl(1), vDbl(0)), "inf"},
		{"/", vals(vDbl(0), vDbl(0)), "nan"},
		{"%", vals(vDbl(5.5), vDbl(2)), "1.5"},
		{"//", vals(vDbl(-5.5), vDbl(2)), "-3.0"},
		{"+", vals(vCast(t, "1.5", vector.Float), vCast(t, "2.25", vector.Float)), "3.75"},
	})
	if got := bindType(t, "+", vCast(t, "1", vector.Float), vInt(1)); got != "FLOAT" {
		t.Errorf("FLOAT+INTEGER type %s", got)
	}
}

func TestExprArithDecimal(t *testing.T) {
	runCases(t, []fcase{
		{"+", vals(vDec(t, "1.25", 4, 2), vDec(t, "2.5", 3, 1)), "3.75"},
		{"-", vals(vDec(t, "1.25", 4, 2), vDec(t, "2.5", 3, 1)), "-1.25"},
		{"*", vals(vDec(t, "1.25", 4, 2), vDec(t, "2.5", 3, 1)), "3.125"},
		{"+", vals(vDec(t, "1.25", 4, 2), vInt(2)), "3.25"},
		{"*", vals(vDec(t, "1.25", 4, 2), vInt(-3)), "-3.75"},
		{"/", vals(vDec(t, "1", 4, 2), vDec(t, "4", 4, 2)), "0.25"},
		{"+", vals(vDec(t, "1.5", 4, 2), vDbl(1)), "2.5"},
		{"%", vals(vDec(t, "7.5", 4, 2), vDec(t, "2", 4, 1)), "1.50"},
		{"%", vals(vDec(t, "7.5", 4, 2), vDec(t, "0", 4, 1)), "NULL"},
		{"*", vals(vDec(t, "99999999999999999", 18, 0), vDec(t, "999", 18, 0)), "ERR:Overflow in multiplication of DECIMAL(36,0)"},
		{"+", vals(vDec(t, "999999999999999999", 18, 0), vDec(t, "0.1", 18, 1)), "ERR:Overflow in addition"},
		{"negate", vals(vDec(t, "1.50", 4, 2)), "-1.50"},
	})
	for _, c := range []struct {
		op   string
		a, b vector.Type
		want string
	}{
		{"+", vector.Decimal(4, 2), vector.Decimal(3, 1), "DECIMAL(5,2)"},
		{"*", vector.Decimal(4, 2), vector.Decimal(3, 1), "DECIMAL(7,3)"},
		{"+", vector.Decimal(15, 2), vector.Integer, "DECIMAL(16,2)"},
		{"+", vector.Decimal(15, 2), vector.BigInt, "DECIMAL(22,2)"},
		{"*", vector.Decimal(30, 10), vector.Decimal(30, 10), "DECIMAL(38,20)"},
		{"/", vector.Decimal(4, 2), vector.Decimal(4, 2), "DOUBLE"},
		{"+", vector.Decimal(4, 2), vector.Double, "DOUBLE"},
	} {
		got := bindType(t, c.op, vector.NullValue(c.a), vector.NullValue(c.b))
		if got != c.want {
			t.Errorf("%s %s %s: type %s, want %s", c.a, c.op, c.b, got, c.want)
		}
	}
}

func TestExprArithNullRowsNoError(t *testing.T) {
	// Garbage values in NULL rows must not raise overflow errors.
	c := &vector.Chunk{Len: 2, Cols: []*vector.Vector{vector.New(vector.Integer, 2), vector.New(vector.Integer, 2)}}
	c.Cols[0].I64[0], c.Cols[1].I64[0] = math.MaxInt32, 1
	c.Cols[0].SetNull(0, 2)
	c.Cols[0].I64[1], c.Cols[1].I64[1] = 1, 2
	e, err := BindFunc("+", []Expr{&ColRef{Idx: 0, Typ: vector.Integer}, &ColRef{Idx: 1, Typ: vector.Integer}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := evalRows(e, c)
	if err != nil {
		t.Fatal(err)
	}
	if got[0] != "NULL" || got[1] != "3" {
		t.Fatalf("got %v", got)
	}
}

func TestExprTemporalArith(t *testing.T) {
	d := func(s string) vector.Value { return vCast(t, s, vector.Date) }
	ts := func(s string) vector.Value { return vCast(t, s, vector.Timestamp) }
	iv := func(s string) vector.Value { return vCast(t, s, vector.IntervalType) }
	tm := func(s string) vector.Value { return vCast(t, s, vector.Time) }
	runCases(t, []fcase{
		{"+", vals(d("2020-02-28"), vInt(1)), "2020-02-29"},
		{"+", vals(d("2019-02-28"), vInt(1)), "2019-03-01"},
		{"+", vals(vInt(1), d("2019-12-31")), "2020-01-01"},
		{"-", vals(d("2020-03-01"), vInt(1)), "2020-02-29"},
		{"-", vals(d("2020-03-01"), d("2020-02-01")), "29"},
		{"-", vals(d("0001-01-01"), vInt(1)), "0001-12-31 (BC)"},
		{"+", vals(d("2020-01-31"), iv("1 month")), "2020-02-29 00:00:00"},
		{"+", vals(ts("2021-01-31 10:00:00"), iv("1 month")), "2021-02-28 10:00:00"},
		{"-", vals(ts("2021-03-01 00:00:00"), iv("1 day 1 hour")), "2021-02-27 23:00:00"},
		{"+", vals(iv("2 hours"), ts("2021-03-01 23:00:00")), "2021-03-02 01:00:00"},
		{"-", vals(ts("2021-03-02 01:00:00"), ts("2021-03-01 00:00:00")), "1 day 01:00:00"},
		{"+", vals(iv("1 month"), iv("2 days")), "1 month 2 days"},
		{"-", vals(iv("1 month"), iv("2 days")), "1 month -2 days"},
		{"*", vals(iv("1 day 2 hours"), vInt(3)), "3 days 06:00:00"},
		{"*", vals(vInt(2), iv("1 month")), "2 months"},
		{"*", vals(iv("1 day"), vDbl(1.5)), "1 day 12:00:00"},
		{"/", vals(iv("1 day"), vInt(4)), "06:00:00"},
		{"+", vals(d("2020-01-01"), tm("10:30:00")), "2020-01-01 10:30:00"},
		{"+", vals(tm("23:30:00"), iv("1 hour")), "00:30:00"},
		{"-", vals(tm("10:30:00"), tm("08:00:00")), "02:30:00"},
		{"+", vals(d("2020-01-01"), d("2020-01-01")), "ERR:No function matches"},
		{"-", vals(ts("2020-01-02 12:00:00"), d("2020-01-01")), "1 day 12:00:00"},
		{"+", vals(vDec(t, "1.25", 18, 2), vDec(t, "0.0001", 18, 4)), "1.2501"},
		{"-", vals(vDec(t, "1.25", 18, 2), vDec(t, "0.0001", 18, 4)), "1.2499"},
	})
}

func TestExprStringLiteralCasts(t *testing.T) {
	bind := func(name string, args ...Expr) string {
		e, err := BindFunc(name, args)
		if err != nil {
			return "ERR:" + err.Error()
		}
		f, err := FoldConstant(e)
		if err != nil {
			return "ERR:" + err.Error()
		}
		return f.(*Const).Val.String() + "::" + f.Type().String()
	}
	lit := func(s string) Expr { return &Const{Val: vStr(s)} }
	cases := []struct {
		got, want string
	}{
		{bind("+", lit("1"), &Const{Val: vInt(1)}), "2::INTEGER"},
		{bind("-", &Const{Val: vCast(t, "2020-03-01", vector.Date)}, lit("2020-02-01")), "29::BIGINT"},
		{bind("+", &Const{Val: vCast(t, "2020-03-01", vector.Date)}, lit("1 day")), "2020-03-02 00:00:00::TIMESTAMP"},
		{bind("sqrt", lit("4")), "2.0::DOUBLE"},
		{bind("year", lit("2021-05-01")), "ERR:No function matches"},
	}
	for i, c := range cases {
		if c.got != c.want && !(len(c.want) > 4 && c.want[:4] == "ERR:" && contains(c.got, c.want[4:])) {
			t.Errorf("case %d: got %q, want %q", i, c.got, c.want)
		}
	}
}
