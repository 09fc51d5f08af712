package engine

import (
	"testing"

	"github.com/lhsql/lhsql/vector"
)

func intC(x int64) Expr  { return &Const{Val: vector.Value{Typ: vector.Integer, I64: x}} }
func strC(s string) Expr { return &Const{Val: vector.StringValue(s)} }

func listC(t *testing.T, xs ...Expr) Expr {
	t.Helper()
	e, err := BindFunc("list_value", xs)
	if err != nil {
		t.Fatal(err)
	}
	f, err := FoldConstant(e)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestNestedFunctions(t *testing.T) {
	l123 := listC(t, intC(1), intC(2), intC(3))
	lnull := listC(t, intC(3), &Const{Val: vector.NullValue(vector.Integer)}, intC(1))
	st, err := BindFunc("struct_pack_named", []Expr{strC("a"), intC(1), strC("b"), strC("x y")})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []Expr
		want string
	}{
		{"list_value", []Expr{intC(1), &Const{Val: vector.NullValue(vector.Null)}}, "[1, NULL]"},
		{"list_extract", []Expr{l123, intC(-1)}, "3"},
		{"list_extract", []Expr{l123, intC(4)}, "NULL"},
		{"array_slice", []Expr{l123, intC(2), intC(-1)}, "[2, 3]"},
		{"list_contains", []Expr{l123, intC(2)}, "true"},
		{"list_position", []Expr{l123, intC(3)}, "3"},
		{"list_sort", []Expr{lnull}, "[1, 3, NULL]"},
		{"list_reverse_sort", []Expr{lnull}, "[3, 1, NULL]"},
		{"list_concat", []Expr{l123, lnull}, "[1, 2, 3, 3, NULL, 1]"},
		{"list_distinct", []Expr{listC(t, intC(1), intC(1), intC(2))}, "[1, 2]"},
		{"list_sum", []Expr{l123}, "6"},
		{"len", []Expr{l123}, "3"},
		{"string_split", []Expr{strC("a,b"), strC(",")}, "[a, b]"},
		{"struct_extract", []Expr{st, strC("B")}, "x y"},
		{"<", []Expr{l123, lnull}, "true"},
		{"=", []Expr{lnull, lnull}, "true"},
		{"list_has_all", []Expr{l123, listC(t, intC(3), intC(1))}, "true"},
	} {
		e, err := BindFunc(tc.name, tc.args)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		f, err := FoldConstant(e)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		c, ok := f.(*Const)
		if !ok {
			t.Errorf("%s: not folded", tc.name)
			continue
		}
		if got := c.Val.String(); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestNestedCasts(t *testing.T) {
	it := vector.ListOf(vector.Integer)
	st := vector.StructOf([]vector.StructField{{Name: "a", Typ: vector.Integer}, {Name: "b", Typ: it}})
	for _, tc := range []struct {
		in   string
		to   vector.Type
		want string
		err  bool
	}{
		{"[1, 2, NULL]", it, "[1, 2, NULL]", false},
		{"[]", it, "[]", false},
		{"{'a': 5, 'b': [1]}", st, "{'a': 5, 'b': [1]}", false},
		{"{a: 5}", st, "{'a': 5, 'b': NULL}", false},
		{"[1, x]", it, "", true},
		{"[1, 2", it, "", true},
	} {
		v, err := CastValue(vector.StringValue(tc.in), tc.to, false)
		if tc.err {
			if err == nil {
				t.Errorf("%q: expected an error, got %s", tc.in, v)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		if got := v.String(); got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.in, got, tc.want)
		}
		back, err := CastValue(v, vector.Varchar, false)
		if err != nil || back.Str != tc.want {
			t.Errorf("%q to VARCHAR: got %q (%v)", tc.in, back.Str, err)
		}
	}
	l, err := CastValue(vector.StringValue("[1, 2]"), it, false)
	if err != nil {
		t.Fatal(err)
	}
	d, err := CastValue(l, vector.ListOf(vector.Double), false)
	if err != nil || d.String() != "[1.0, 2.0]" {
		t.Errorf("INTEGER[] -> DOUBLE[]: %s %v", d, err)
	}
}
