package plan_test

import (
	"context"
	"strings"
	"testing"

	"github.com/lhsql/lhsql/sql"
)

// TestColumnNames checks the names of unaliased result columns against
// those DuckDB 1.5.6 gives the same queries (read from DuckDB's Go driver).
func TestColumnNames(t *testing.T) {
	db, err := sql.Open(":memory:")
	if err != nil {
		t.Fatal(err)
	}
	c := db.Conn()
	if _, err := c.Exec(context.Background(), "CREATE TABLE t AS SELECT {'a': 1} AS s, 2 AS x, [1,2] AS l"); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ q, want string }{
		{"SELECT sum(t.x), sum(s.a), max(s['a']), sum(main.t.x) FROM t", "sum(t.x)|sum(s.a)|max(s['a'])|sum(main.t.x)"},
		{"SELECT s.a, t.x, x + 1, t.x + 1, l[1], struct_extract(s, 'a'), t.s.a, s['a'], l[1:1] FROM t",
			"a|x|(x + 1)|(t.x + 1)|l[1]|struct_extract(s, 'a')|a|s['a']|l[1:1]"},
	}
	for _, tc := range tests {
		rows, err := c.Query(context.Background(), tc.q)
		if err != nil {
			t.Fatalf("%s: %v", tc.q, err)
		}
		got := strings.Join(rows.Columns, "|")
		rows.Close()
		if got != tc.want {
			t.Errorf("%s:\n got  %s\n want %s", tc.q, got, tc.want)
		}
	}
}
