package engine

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// TestScanPredicates filters a scan with a LIKE condition and a column
// comparison: the scan must receive the LIKE (not the comparison, which
// it gets as a storage.Filter) as a predicate over the schema column it
// reads, the predicate must keep exactly the matching rows (NULL is not a
// match), with and without a selection, and the query's rows must not
// change.
func TestScanPredicates(t *testing.T) {
	mt := storage.NewMemTable("t", []storage.Column{{Name: "k", Type: vector.BigInt}, {Name: "s", Type: vector.Varchar}})
	const rows = 5000
	c := vector.NewChunk([]vector.Type{vector.BigInt, vector.Varchar}, vector.MaxLen)
	for lo := 0; lo < rows; lo += vector.MaxLen {
		n := min(vector.MaxLen, rows-lo)
		c.Len = n
		c.Cols[1].Valid = vector.NewValidity(n)
		for i := range n {
			c.Cols[0].I64[i] = int64(lo + i)
			c.Cols[1].Str[i] = fmt.Sprintf("row-%d", lo+i)
			if (lo+i)%10 == 0 {
				c.Cols[1].Valid.SetInvalid(i)
			}
		}
		if err := mt.Append(c); err != nil {
			t.Fatal(err)
		}
	}
	tbl := &specTable{Table: mt}
	like, err := BindFunc("like", []Expr{rtCol(0, vector.Varchar), &Const{Val: vector.StringValue("%7")}})
	if err != nil {
		t.Fatal(err)
	}
	cmp, err := BindFunc(">", []Expr{rtCol(1, vector.BigInt), &Const{Val: vector.IntValue(100)}})
	if err != nil {
		t.Fatal(err)
	}
	pred, err := BindFunc("and", []Expr{like, cmp})
	if err != nil {
		t.Fatal(err)
	}
	scan := &ScanNode{Table: tbl, Spec: storage.ScanSpec{Columns: []int{1, 0}}, Out: []vector.Type{vector.Varchar, vector.BigInt}, Label: "t"}
	plan := &FilterNode{Input: scan, Pred: pred}
	if ex := Explain(plan); !strings.Contains(ex, "predicates: [(#0 LIKE '%7')]") {
		t.Errorf("EXPLAIN does not show the scan predicate:\n%s", ex)
	}
	res, err := Run(context.Background(), plan, Options{Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	got := 0
	for {
		ch, err := res.Next()
		if err != nil {
			t.Fatal(err)
		}
		if ch == nil {
			break
		}
		for i := range ch.Len {
			k, s := ch.Cols[1].I64[i], ch.Cols[0].Str[i]
			if k <= 100 || !strings.HasSuffix(s, "7") || s != fmt.Sprintf("row-%d", k) {
				t.Fatalf("row %d %q", k, s)
			}
			got++
		}
	}
	want := 0
	for k := 101; k < rows; k++ {
		if k%10 == 7 {
			want++
		}
	}
	if got != want {
		t.Fatalf("%d rows, want %d", got, want)
	}
	if len(tbl.specs) != 1 || len(tbl.specs[0].Predicates) != 1 {
		t.Fatalf("scan specs %+v, want one predicate", tbl.specs)
	}
	pf := tbl.specs[0].Predicates[0]
	if len(pf.Cols) != 1 || pf.Cols[0] != 1 {
		t.Fatalf("predicate reads schema columns %v, want [1]", pf.Cols)
	}
	v := vector.New(vector.Varchar, 20)
	v.Valid = vector.NewValidity(20)
	for i := range v.Str {
		v.Str[i] = fmt.Sprint("x", i)
	}
	v.Valid.SetInvalid(7)
	for _, tc := range []struct {
		sel  []uint32
		want string
	}{
		{nil, "17"},
		{[]uint32{7, 17, 18}, "17"},
		{[]uint32{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}, "17"},
	} {
		dst := make([]uint32, 20)
		out, err := pf.Pred.Select(context.Background(), []*vector.Vector{v}, 20, tc.sel, dst)
		if err != nil {
			t.Fatal(err)
		}
		if g := strings.Trim(strings.Join(strings.Fields(fmt.Sprint(out)), " "), "[]"); g != tc.want {
			t.Errorf("Select(sel %v) = %v, want [%s]", tc.sel, out, tc.want)
		}
	}
}
