package main

import (
	"reflect"
	"testing"
)

func TestSplitStatements(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		stmts   []string
		rest    string
		pending bool
	}{
		{"empty", "", nil, "", false},
		{"whitespace", " \n\t", nil, " \n\t", false},
		{"one", "SELECT 1;", []string{"SELECT 1"}, "", false},
		{"two on a line", "SELECT 1; SELECT 2;", []string{"SELECT 1", "SELECT 2"}, "", false},
		{"trailing incomplete", "SELECT 1; SELECT", []string{"SELECT 1"}, " SELECT", true},
		{"no semicolon", "SELECT 1\n", nil, "SELECT 1\n", true},
		{"multi-line", "SELECT\n  1\n;", []string{"SELECT\n  1"}, "", false},
		{"empty statements", ";;  ; SELECT 1;;", []string{"SELECT 1"}, "", false},
		{"semicolon in string", "SELECT ';';", []string{"SELECT ';'"}, "", false},
		{"doubled quote", "SELECT 'it''s; ok';", []string{"SELECT 'it''s; ok'"}, "", false},
		{"open string", "SELECT 'abc;\n", nil, "SELECT 'abc;\n", true},
		{"E string escapes", `SELECT E'a\';b';`, []string{`SELECT E'a\';b'`}, "", false},
		{"backslash in plain string", `SELECT 'a\'; SELECT 2;`, []string{`SELECT 'a\'`, "SELECT 2"}, "", false},
		{"identifier ending in e", `SELECT some'x\';`, []string{`SELECT some'x\'`}, "", false},
		{"quoted identifier", `SELECT 1 AS "a;b";`, []string{`SELECT 1 AS "a;b"`}, "", false},
		{"open identifier", `SELECT "a;`, nil, `SELECT "a;`, true},
		{"line comment", "SELECT 1 -- not; the end\n;", []string{"SELECT 1 -- not; the end"}, "", false},
		{"comment only", "-- just a comment;\n", nil, "-- just a comment;\n", false},
		{"comment statement dropped", "/* c */; SELECT 1;", []string{"SELECT 1"}, "", false},
		{"leading comments dropped", "-- a\n/* b */ SELECT /* c */ 1;", []string{"SELECT /* c */ 1"}, "", false},
		{"block comment", "SELECT /* ; */ 1;", []string{"SELECT /* ; */ 1"}, "", false},
		{"nested block comment", "SELECT /* a /* ; */ ; */ 1;", []string{"SELECT /* a /* ; */ ; */ 1"}, "", false},
		{"open block comment", "/* SELECT 1;", nil, "/* SELECT 1;", true},
		{"dollar quote", "SELECT $$a;b$$;", []string{"SELECT $$a;b$$"}, "", false},
		{"tagged dollar quote", "SELECT $x$ $$; $x$;", []string{"SELECT $x$ $$; $x$"}, "", false},
		{"open dollar quote", "SELECT $$a;", nil, "SELECT $$a;", true},
		{"parameters", "SELECT $1, $2;", []string{"SELECT $1, $2"}, "", false},
		{"minus is not a comment", "SELECT 1-1;", []string{"SELECT 1-1"}, "", false},
		{"division", "SELECT 4/2;", []string{"SELECT 4/2"}, "", false},
		{"utf8", "SELECT 'héllo'; SELECT '→';", []string{"SELECT 'héllo'", "SELECT '→'"}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := splitStatements(tt.src)
			if !reflect.DeepEqual(got.Stmts, tt.stmts) {
				t.Errorf("Stmts = %q, want %q", got.Stmts, tt.stmts)
			}
			if got.Rest != tt.rest {
				t.Errorf("Rest = %q, want %q", got.Rest, tt.rest)
			}
			if got.Pending != tt.pending {
				t.Errorf("Pending = %v, want %v", got.Pending, tt.pending)
			}
		})
	}
}

func FuzzSplitStatements(f *testing.F) {
	for _, s := range []string{"SELECT 1;", "SELECT 'a;b'; /* x; */ SELECT $$;$$;", `E'\';`, "$a$", "/* /* */"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		res := splitStatements(src)
		// The rest is a suffix of the input.
		if len(res.Rest) > len(src) || src[len(src)-len(res.Rest):] != res.Rest {
			t.Fatalf("Rest %q is not a suffix of %q", res.Rest, src)
		}
		// Every complete statement, fed again with a terminating ";", splits to itself.
		for _, s := range res.Stmts {
			again := splitStatements(s + "\n;")
			if len(again.Stmts) != 1 || again.Stmts[0] != s {
				t.Fatalf("statement %q resplits to %q", s, again.Stmts)
			}
		}
	})
}
