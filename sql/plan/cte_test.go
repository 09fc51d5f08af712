package plan

import (
	"strings"
	"testing"

	"github.com/lhsql/lhsql/sql/parser"
)

// TestCountCTERefs checks reference counting over a statement's AST:
// references in subqueries and other CTE bodies count, references an
// inner WITH of the same name shadows do not.
func TestCountCTERefs(t *testing.T) {
	tests := []struct {
		name string
		sql  string
		want map[string]int // by CTE name of the outermost WITH
	}{
		{"once", "WITH a AS (SELECT 1) SELECT * FROM a", map[string]int{"a": 1}},
		{"unused", "WITH a AS (SELECT 1) SELECT 2", map[string]int{"a": 0}},
		{"self join", "WITH a AS (SELECT 1 x) SELECT * FROM a, a AS b", map[string]int{"a": 2}},
		{"scalar subquery", "WITH a AS (SELECT 1 x) SELECT * FROM a WHERE x = (SELECT max(x) FROM a)", map[string]int{"a": 2}},
		{"exists and in", "WITH a AS (SELECT 1 x) SELECT 1 WHERE EXISTS (SELECT * FROM a) AND 1 IN (SELECT x FROM a)", map[string]int{"a": 2}},
		{"from subquery and join", "WITH a AS (SELECT 1 x) SELECT * FROM (SELECT * FROM a) s JOIN a ON s.x = a.x", map[string]int{"a": 2}},
		{"other cte body", "WITH a AS (SELECT 1 x), b AS (SELECT * FROM a) SELECT * FROM a, b", map[string]int{"a": 2, "b": 1}},
		{"shadowed", "WITH a AS (SELECT 1 x) SELECT * FROM a, (WITH a AS (SELECT 2 x) SELECT * FROM a) s", map[string]int{"a": 1}},
		{"shadow ends", "WITH a AS (SELECT 1 x) SELECT (WITH a AS (SELECT 2) SELECT * FROM a), (SELECT x FROM a) FROM a", map[string]int{"a": 2}},
		{"set operation", "WITH a AS (SELECT 1 x) SELECT * FROM a UNION ALL SELECT * FROM a", map[string]int{"a": 2}},
		{"qualified name is a table", "WITH a AS (SELECT 1 x) SELECT * FROM main.a, a", map[string]int{"a": 1}},
		{"case insensitive", "WITH Aa AS (SELECT 1 x) SELECT * FROM aA, AA", map[string]int{"aa": 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stmts, err := parser.Parse(tt.sql)
			if err != nil {
				t.Fatal(err)
			}
			sel, ok := stmts[0].(*parser.SelectStmt)
			if !ok {
				t.Fatalf("not a SELECT: %T", stmts[0])
			}
			got := countCTERefs(sel)
			for _, cte := range sel.With {
				name := strings.ToLower(cte.Name)
				if got[cte] != tt.want[name] {
					t.Errorf("references to %s = %d, want %d", name, got[cte], tt.want[name])
				}
			}
		})
	}
}
