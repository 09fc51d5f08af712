package main

import (
	"math/big"
	"slices"
	"testing"
	"time"
)

func TestRender(t *testing.T) {
	tests := []struct {
		in   any
		want rvalue
	}{
		{nil, rvalue{K: "n"}},
		{int64(-5), rvalue{K: "i", S: "-5"}},
		{int32(7), rvalue{K: "i", S: "7"}},
		{big.NewInt(123), rvalue{K: "i", S: "123"}},
		{0.1, rvalue{K: "f", S: "0.1"}},
		{"12.50", rvalue{K: "s", S: "12.50"}},
		{true, rvalue{K: "b", S: "true"}},
		{[]byte{0xab}, rvalue{K: "x", S: "ab"}},
		{time.Date(1998, 9, 2, 0, 0, 0, 0, time.UTC), rvalue{K: "d", S: "1998-09-02"}},
		{time.Date(2013, 7, 1, 10, 5, 3, 500000000, time.UTC), rvalue{K: "d", S: "2013-07-01 10:05:03.5"}},
	}
	for _, tt := range tests {
		if got := render(tt.in); got != tt.want {
			t.Errorf("render(%#v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestFixedDecimal(t *testing.T) {
	tests := []struct {
		v     int64
		scale int
		want  string
	}{
		{897100, 2, "8971.00"}, {5, 2, "0.05"}, {-5, 2, "-0.05"}, {0, 2, "0.00"}, {-123456, 4, "-12.3456"}, {42, 0, "42"},
	}
	for _, tt := range tests {
		if got := fixedDecimal(big.NewInt(tt.v), tt.scale); got != tt.want {
			t.Errorf("fixedDecimal(%d, %d) = %q, want %q", tt.v, tt.scale, got, tt.want)
		}
	}
}

func TestValuesEqual(t *testing.T) {
	f := func(s string) rvalue { return rvalue{K: "f", S: s} }
	tests := []struct {
		a, b rvalue
		want bool
	}{
		{rvalue{K: "n"}, rvalue{K: "n"}, true},
		{rvalue{K: "n"}, rvalue{K: "i", S: "0"}, false},
		{rvalue{K: "i", S: "3"}, rvalue{K: "i", S: "3"}, true},
		{rvalue{K: "s", S: "1.50"}, rvalue{K: "s", S: "1.5"}, false}, // decimals compare exactly
		{f("25.575154611454693"), f("25.575154611454694"), true},
		{f("25.5751546"), f("25.5751547"), false},
		{f("3"), rvalue{K: "i", S: "3"}, true},
		{f("0"), f("0"), true},
		{f("1e-300"), f("0"), false},
		{f("x"), f("1"), false},
	}
	for _, tt := range tests {
		if got := valuesEqual(tt.a, tt.b); got != tt.want {
			t.Errorf("valuesEqual(%v, %v) = %v", tt.a, tt.b, got)
		}
	}
}

func TestCompareResults(t *testing.T) {
	row := func(vals ...string) []rvalue {
		r := make([]rvalue, len(vals))
		for i, v := range vals {
			r[i] = rvalue{K: "s", S: v}
		}
		return r
	}
	a := response{Cols: []string{"x", "y"}, Rows: [][]rvalue{row("a", "1"), row("b", "2")}}
	tests := []struct {
		name string
		b    response
		ok   bool
		msg  string
	}{
		{"same", response{Cols: []string{"p", "q"}, Rows: [][]rvalue{row("a", "1"), row("b", "2")}}, true, "yes"},
		{"order", response{Cols: []string{"x", "y"}, Rows: [][]rvalue{row("b", "2"), row("a", "1")}}, false, "order"},
		{"value", response{Cols: []string{"x", "y"}, Rows: [][]rvalue{row("a", "1"), row("b", "3")}}, false, "row 2: b|2 vs b|3"},
		{"rows", response{Cols: []string{"x", "y"}, Rows: [][]rvalue{row("a", "1")}}, false, "2 rows vs 1"},
		{"cols", response{Cols: []string{"x"}}, false, "2 columns vs 1"},
	}
	for _, tt := range tests {
		ok, msg := compareResults(a, tt.b)
		if ok != tt.ok || msg != tt.msg {
			t.Errorf("%s: got %v %q, want %v %q", tt.name, ok, msg, tt.ok, tt.msg)
		}
	}
}

func TestSelectQueries(t *testing.T) {
	qs := clickbenchQueries()
	if len(qs) < 20 {
		t.Fatalf("only %d ClickBench-style queries", len(qs))
	}
	got, err := selectQueries(qs, "1, c03,30")
	if err != nil || len(got) != 3 || got[0].Name != "c01" || got[1].Name != "c03" || got[2].Name != "c30" {
		t.Fatalf("selectQueries: %v %v", got, err)
	}
	if _, err := selectQueries(qs, "99"); err == nil {
		t.Error("no error for a missing query")
	}
	if m := median([]float64{5, 1, 3, 2}); m != 2.5 {
		t.Errorf("median = %v", m)
	}
}

func TestSIMDEngines(t *testing.T) {
	tests := []struct {
		engines, levels []string
		want            []string
		a, b            string
	}{
		{[]string{"lhsql", "duckdb"}, nil, []string{"lhsql", "duckdb"}, "lhsql", "duckdb"},
		{[]string{"lhsql", "duckdb"}, []string{"avx512", "generic"},
			[]string{"lhsql[avx512]", "lhsql[generic]", "duckdb"}, "lhsql[avx512]", "duckdb"},
		{[]string{"lhsql"}, []string{"avx512", "generic"},
			[]string{"lhsql[avx512]", "lhsql[generic]"}, "lhsql[avx512]", "lhsql[generic]"},
		{[]string{"duckdb"}, []string{"avx2"}, []string{"duckdb", "lhsql[avx2]"}, "lhsql[avx2]", "duckdb"},
		{[]string{"lhsql"}, nil, []string{"lhsql"}, "", ""},
	}
	for _, tt := range tests {
		got := withSIMD(tt.engines, tt.levels)
		if !slices.Equal(got, tt.want) {
			t.Errorf("withSIMD(%v, %v) = %v, want %v", tt.engines, tt.levels, got, tt.want)
		}
		a, b, ok := ratioPair(got)
		if a != tt.a || b != tt.b || ok != (tt.a != "") {
			t.Errorf("ratioPair(%v) = %q, %q, %v; want %q, %q", got, a, b, ok, tt.a, tt.b)
		}
	}
	for _, tt := range []struct{ name, base, simd string }{
		{"lhsql", "lhsql", ""}, {"lhsql[avx512]", "lhsql", "avx512"}, {"duckdb", "duckdb", ""}, {"lhsql[x", "lhsql[x", ""},
	} {
		if b, s := splitEngine(tt.name); b != tt.base || s != tt.simd {
			t.Errorf("splitEngine(%q) = %q, %q", tt.name, b, s)
		}
	}
}
