package engine

import (
	"testing"

	"github.com/lhsql/lhsql/vector"
)

// vIntList is an INTEGER[] value; nil elements are NULL.
func vIntList(xs ...*int64) vector.Value {
	l := vector.Value{Typ: vector.ListOf(vector.Integer), List: []vector.Value{}}
	for _, x := range xs {
		if x == nil {
			l.List = append(l.List, vNull(vector.Integer))
		} else {
			l.List = append(l.List, vInt(*x))
		}
	}
	return l
}

func ip(x int64) *int64 { return &x }

func TestQuantifiedList(t *testing.T) {
	one, two, three := ip(1), ip(2), ip(3)
	runCases(t, []fcase{
		{"= any", vals(vInt(1), vIntList(one, nil)), "true"},
		{"= any", vals(vInt(3), vIntList(one, nil)), "NULL"},
		{"= any", vals(vInt(3), vIntList(one, two)), "false"},
		{"= any", vals(vInt(1), vIntList()), "false"},
		{"= any", vals(vNull(vector.Integer), vIntList(one)), "NULL"},
		{"= any", vals(vNull(vector.Integer), vIntList()), "false"},
		{"= any", vals(vInt(1), vNull(vector.ListOf(vector.Integer))), "false"},
		{"<> all", vals(vInt(1), vIntList()), "true"},
		{"<> all", vals(vInt(3), vIntList(one, two)), "true"},
		{"<> all", vals(vInt(2), vIntList(one, two)), "false"},
		{"<> all", vals(vInt(3), vIntList(one, nil)), "NULL"},
		{"<> all", vals(vInt(1), vNull(vector.ListOf(vector.Integer))), "true"},
		{"> any", vals(vInt(2), vIntList(one, three)), "true"},
		{"> all", vals(vInt(2), vIntList(one, three)), "false"},
		{"> all", vals(vInt(2), vIntList(one, nil)), "NULL"},
		{"> all", vals(vInt(0), vIntList(one, nil)), "false"},
		{">= all", vals(vInt(2), vIntList(two, one)), "true"},
		{"< any", vals(vInt(2), vIntList(one, two)), "false"},
		{"<= any", vals(vInt(2), vIntList(one, two)), "true"},
		{"= any", vals(vDbl(1.5), vIntList(one, two)), "false"},
		{"= any", vals(vInt(1), vStrList("1")), "ERR:Cannot compare values of type INTEGER and VARCHAR in IN/ANY/ALL clause"},
		{"= any", vals(vInt(1), vInt(1)), "ERR:needs a subquery or a LIST"},
	})
}

func vStrList(xs ...string) vector.Value {
	l := vector.Value{Typ: vector.ListOf(vector.Varchar)}
	for _, x := range xs {
		l.List = append(l.List, vStr(x))
	}
	return l
}

// TestQuantifiedListLong checks rows whose lists together span several
// comparison batches of vector.MaxLen pairs.
func TestQuantifiedListLong(t *testing.T) {
	const rows, per = 5, vector.MaxLen + 300
	lt := vector.ListOf(vector.BigInt)
	lists := vector.New(lt, rows)
	child := vector.New(vector.BigInt, rows*per)
	xs := vector.New(vector.BigInt, rows)
	for r := 0; r < rows; r++ {
		lists.List[r] = vector.ListEntry{Off: uint32(r * per), Len: per}
		for k := 0; k < per; k++ {
			child.I64[r*per+k] = int64(k)
		}
		xs.I64[r] = int64(r * per / 2) // inside the list (0..per-1) for r < 2, above it after
	}
	lists.Child = child
	c := &vector.Chunk{Cols: []*vector.Vector{xs, lists}, Len: rows}
	args := []Expr{&ColRef{Idx: 0, Typ: vector.BigInt}, &ColRef{Idx: 1, Typ: lt}}
	for _, tc := range []struct {
		name string
		want []string
	}{
		{"= any", []string{"true", "true", "false", "false", "false"}},
		{"<> all", []string{"false", "false", "true", "true", "true"}},
		{"> all", []string{"false", "false", "true", "true", "true"}},
	} {
		e, err := BindFunc(tc.name, args)
		if err != nil {
			t.Fatal(err)
		}
		got, err := evalRows(e, c)
		if err != nil {
			t.Fatal(err)
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s: row %d (x=%d) = %s, want %s", tc.name, i, xs.I64[i], got[i], tc.want[i])
			}
		}
	}
}
