package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/lhsql/lhsql/vector"
)

// strChunk returns a one-column VARCHAR chunk; "<null>" is NULL.
func strChunk(vals ...string) *vector.Chunk {
	v := vector.New(vector.Varchar, len(vals))
	for i, s := range vals {
		if s == "<null>" {
			v.SetNull(i, len(vals))
			continue
		}
		v.Str[i] = s
	}
	return &vector.Chunk{Cols: []*vector.Vector{v}, Len: len(vals)}
}

func TestTryExpr(t *testing.T) {
	col := &ColRef{Idx: 0, Typ: vector.Varchar}
	cast, err := NewCast(col, vector.Integer, false)
	if err != nil {
		t.Fatal(err)
	}
	errFn, err := BindFunc("error", []Expr{col})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		x    Expr
		in   []string
		want []string
	}{
		{"no errors", cast, []string{"1", "2", "<null>"}, []string{"1", "2", "NULL"}},
		{"some rows fail", cast, []string{"1", "x", "3", "", "-5"}, []string{"1", "NULL", "3", "NULL", "-5"}},
		{"all rows fail", cast, []string{"a", "b"}, []string{"NULL", "NULL"}},
		{"error() on non-NULL rows", errFn, []string{"boom", "<null>"}, []string{"NULL", "NULL"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ec := &ExecCtx{Ctx: context.Background()}
			out, err := NewTry(c.x).Eval(ec, strChunk(c.in...))
			if err != nil {
				t.Fatalf("Eval: %v", err)
			}
			for i, w := range c.want {
				if got := out.Get(i).String(); got != w {
					t.Errorf("row %d: got %s, want %s", i, got, w)
				}
			}
		})
	}
}

func TestTryExprKeepsCancellation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	cast, err := NewCast(&ColRef{Idx: 0, Typ: vector.Varchar}, vector.Integer, false)
	if err != nil {
		t.Fatal(err)
	}
	_, err = NewTry(cast).Eval(&ExecCtx{Ctx: ctx}, strChunk("x"))
	if err == nil || !strings.Contains(err.Error(), "Could not convert") {
		t.Fatalf("cancelled query: got %v, want the conversion error", err)
	}
}

func TestErrorFunc(t *testing.T) {
	runCases(t, []fcase{
		{"error", vals(vStr("boom")), "ERR:Invalid Input Error: boom"},
		{"error", vals(vNull(vector.Varchar)), "NULL"},
	})
}
