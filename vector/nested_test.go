package vector

import "testing"

func TestNestedTypesInterned(t *testing.T) {
	a := ListOf(StructOf([]StructField{{"a", Integer}, {"b", Varchar}}))
	b := ListOf(StructOf([]StructField{{"a", Integer}, {"b", Varchar}}))
	if a != b || !a.Equal(b) {
		t.Fatalf("equal nested types differ: %v %v", a, b)
	}
	if ListOf(Integer) == ListOf(BigInt) {
		t.Fatal("different element types compare equal")
	}
	if got := a.String(); got != "STRUCT(a INTEGER, b VARCHAR)[]" {
		t.Fatalf("String() = %q", got)
	}
	if got := MapOf(Varchar, Integer).String(); got != "MAP(VARCHAR, INTEGER)" {
		t.Fatalf("String() = %q", got)
	}
}

func TestNestedValueRoundTrip(t *testing.T) {
	st := StructOf([]StructField{{"a", Integer}, {"b", Varchar}})
	lt := ListOf(st)
	vals := []Value{
		{Typ: lt, List: []Value{{Typ: st, Fields: []Value{{Typ: Integer, I64: 1}, StringValue("x y")}}, NullValue(st)}},
		NullValue(lt),
		{Typ: lt, List: []Value{}},
		{Typ: lt, List: []Value{{Typ: st, Fields: []Value{NullValue(Integer), StringValue("")}}}},
	}
	want := []string{"[{'a': 1, 'b': x y}, NULL]", "NULL", "[]", "[{'a': NULL, 'b': ''}]"}
	v := NewFromValues(lt, vals)
	for _, tc := range []struct {
		name string
		vec  *Vector
		rows []int
	}{
		{"flat", v, []int{0, 1, 2, 3}},
		{"gather", v.Gather([]uint32{3, 0}), []int{3, 0}},
		{"slice", v.Slice(1, 3), []int{1, 2}},
	} {
		for i, r := range tc.rows {
			if got := tc.vec.Get(i).String(); got != want[r] {
				t.Errorf("%s row %d: got %q, want %q", tc.name, i, got, want[r])
			}
		}
	}
	cp := New(lt, 0)
	cp.AppendFrom(v, []uint32{2, 0}, 2)
	if got := cp.Get(1).String(); got != want[0] {
		t.Errorf("AppendFrom: got %q", got)
	}
	c := ConstVector(vals[0]).Flatten(3)
	if got := c.Get(2).String(); got != want[0] {
		t.Errorf("Flatten: got %q", got)
	}
}

func TestNestedQuoting(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want bool
	}{{"abc", false}, {"", true}, {"NULL", true}, {" a", true}, {"a b", false}, {"a,b", true}, {"12:30:00", true}} {
		if got := needsQuotes(tc.s); got != tc.want {
			t.Errorf("needsQuotes(%q) = %v", tc.s, got)
		}
	}
}

func TestParseNestedTypeName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"VARCHAR[]", "VARCHAR[]"},
		{"INTEGER[3][]", "INTEGER[][]"},
		{"DECIMAL(10,2)[]", "DECIMAL(10,2)[]"},
		{"STRUCT(a INTEGER, \"b c\" VARCHAR[])", "STRUCT(a INTEGER, \"b c\" VARCHAR[])"},
		{"MAP(VARCHAR, STRUCT(x DOUBLE))", "MAP(VARCHAR, STRUCT(x DOUBLE))"},
	} {
		typ, err := ParseTypeName(tc.in, nil)
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		if got := typ.String(); got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, bad := range []string{"FOO[]", "STRUCT()", "MAP(INTEGER)", "INTEGER[x]"} {
		if _, err := ParseTypeName(bad, nil); err == nil {
			t.Errorf("%q: expected an error", bad)
		}
	}
}
