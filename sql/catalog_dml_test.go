package sql_test

import (
	"context"
	"strings"
	"testing"

	lsql "github.com/lhsql/lhsql/sql"
)

// catRows runs q and renders the rows as "a|b" lines in result order.
func catRows(c *lsql.Conn, q string) ([]string, error) {
	rows, err := c.Query(context.Background(), q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for {
		ch, err := rows.Next()
		if err != nil {
			return nil, err
		}
		if ch == nil {
			return out, nil
		}
		ch = ch.Compact()
		for r := 0; r < ch.Len; r++ {
			parts := make([]string, len(ch.Cols))
			for j, v := range ch.Cols {
				k := r
				if v.Const {
					k = 0
				}
				parts[j] = v.Get(k).String()
			}
			out = append(out, strings.Join(parts, "|"))
		}
	}
}

// TestCatalogAndDML runs small scripts: setup statements, then a query
// whose rows (or error substring) are checked.
func TestCatalogAndDML(t *testing.T) {
	tests := []struct {
		name    string
		setup   []string
		query   string
		want    []string
		wantErr string
	}{
		{name: "scalar macro with default",
			setup: []string{"CREATE MACRO add(a, b := 10) AS a + b"},
			query: "SELECT add(1), add(1, b := 2)", want: []string{"11|3"}},
		{name: "macro argument count",
			setup: []string{"CREATE MACRO one() AS 1"},
			query: "SELECT one(1)", wantErr: "does not support the supplied arguments"},
		{name: "table macro",
			setup: []string{"CREATE TABLE t(i INTEGER)", "INSERT INTO t VALUES (1), (2), (3)",
				"CREATE MACRO above(x) AS TABLE SELECT i FROM t WHERE i > x"},
			query: "SELECT * FROM above(1) ORDER BY i", want: []string{"2", "3"}},
		{name: "macro with table parameter",
			setup: []string{"CREATE TABLE t(i INTEGER)", "INSERT INTO t VALUES (4), (2)",
				"CREATE MACRO min_of(tbl, col) AS (SELECT min(col) FROM tbl)"},
			query: "SELECT min_of(t, i)", want: []string{"2"}},
		{name: "query_table",
			setup: []string{"CREATE TABLE t(i INTEGER)", "INSERT INTO t VALUES (7)"},
			query: "FROM query_table('t')", want: []string{"7"}},
		{name: "sequence nextval per row",
			setup: []string{"CREATE SEQUENCE s START 5 INCREMENT BY 2"},
			query: "SELECT nextval('s') FROM range(3) ORDER BY 1", want: []string{"5", "7", "9"}},
		{name: "sequence currval",
			setup: []string{"CREATE SEQUENCE s", "SELECT nextval('s')"},
			query: "SELECT currval('s')", want: []string{"1"}},
		{name: "sequence maximum",
			setup: []string{"CREATE SEQUENCE s MAXVALUE 2"},
			query: "SELECT nextval('s') FROM range(3)", wantErr: "reached maximum value"},
		{name: "schema qualified table",
			setup: []string{"CREATE SCHEMA s", "CREATE TABLE s.t(i INTEGER)", "INSERT INTO s.t VALUES (1)"},
			query: "SELECT i FROM s.t", want: []string{"1"}},
		{name: "drop schema needs cascade",
			setup: []string{"CREATE SCHEMA s", "CREATE TABLE s.t(i INTEGER)"},
			query: "DROP SCHEMA s", wantErr: "Dependency Error"},
		{name: "on conflict do update",
			setup: []string{"CREATE TABLE t(k INTEGER PRIMARY KEY, v INTEGER)", "INSERT INTO t VALUES (1, 10), (2, 20)",
				"INSERT INTO t VALUES (1, 5), (3, 30) ON CONFLICT (k) DO UPDATE SET v = v + excluded.v"},
			query: "SELECT * FROM t ORDER BY k", want: []string{"1|15", "2|20", "3|30"}},
		{name: "insert or ignore",
			setup: []string{"CREATE TABLE t(k INTEGER PRIMARY KEY, v INTEGER)", "INSERT INTO t VALUES (1, 10)",
				"INSERT OR IGNORE INTO t VALUES (1, 99), (2, 20), (2, 21)"},
			query: "SELECT * FROM t ORDER BY k", want: []string{"1|10", "2|20"}},
		{name: "insert or replace",
			setup: []string{"CREATE TABLE t(k INTEGER PRIMARY KEY, v INTEGER)", "INSERT INTO t VALUES (1, 10)",
				"INSERT OR REPLACE INTO t VALUES (1, 11)"},
			query: "SELECT * FROM t", want: []string{"1|11"}},
		{name: "conflict target must be a key",
			setup: []string{"CREATE TABLE t(k INTEGER PRIMARY KEY, v INTEGER)"},
			query: "INSERT INTO t VALUES (1, 1) ON CONFLICT (v) DO NOTHING", wantErr: "conflict target"},
		{name: "insert returning",
			setup: []string{"CREATE TABLE t(i INTEGER, j INTEGER DEFAULT 7)"},
			query: "INSERT INTO t(i) VALUES (1), (2) RETURNING i * 10, j", want: []string{"10|7", "20|7"}},
		{name: "returning rejects aggregates",
			setup: []string{"CREATE TABLE t(i INTEGER)"},
			query: "INSERT INTO t VALUES (1) RETURNING sum(i)", wantErr: "Aggregate functions are not supported"},
		{name: "update from",
			setup: []string{"CREATE TABLE t(k INTEGER, v INTEGER)", "INSERT INTO t VALUES (1, 0), (2, 0)",
				"CREATE TABLE u(k INTEGER, v INTEGER)", "INSERT INTO u VALUES (2, 5)",
				"UPDATE t SET v = u.v FROM u WHERE t.k = u.k"},
			query: "SELECT * FROM t ORDER BY k", want: []string{"1|0", "2|5"}},
		{name: "delete using returning",
			setup: []string{"CREATE TABLE t(k INTEGER)", "INSERT INTO t VALUES (1), (2), (3)",
				"CREATE TABLE u(k INTEGER)", "INSERT INTO u VALUES (2)"},
			query: "DELETE FROM t USING u WHERE t.k = u.k RETURNING k", want: []string{"2"}},
		{name: "rollback undoes inserts and creates",
			setup: []string{"CREATE TABLE t(i INTEGER)", "INSERT INTO t VALUES (1)", "BEGIN",
				"INSERT INTO t VALUES (2)", "CREATE TABLE u(i INTEGER)", "ROLLBACK"},
			query: "SELECT count(*), (SELECT count(*) FROM duckdb_tables() WHERE table_name = 'u') FROM t", want: []string{"1|0"}},
		{name: "aborted transaction",
			setup: []string{"CREATE TABLE t(i INTEGER PRIMARY KEY)", "BEGIN", "INSERT INTO t VALUES (1)"},
			query: "INSERT INTO t VALUES (1); SELECT 1", wantErr: "violates primary key"},
		{name: "generated columns",
			setup: []string{"CREATE TABLE t(a INTEGER, b AS (a * 2), c AS (b + 1))", "INSERT INTO t VALUES (3)",
				"UPDATE t SET a = 4"},
			query: "SELECT * FROM t", want: []string{"4|8|9"}},
		{name: "unique index",
			setup: []string{"CREATE TABLE t(i INTEGER)", "CREATE UNIQUE INDEX ix ON t(i)", "INSERT INTO t VALUES (1)"},
			query: "INSERT INTO t VALUES (1)", wantErr: "Duplicate key"},
		{name: "pragma table_info",
			setup: []string{"CREATE TABLE t(i INTEGER NOT NULL, s VARCHAR)"},
			query: "SELECT name, type, \"notnull\" FROM pragma_table_info('t')", want: []string{"i|INTEGER|true", "s|VARCHAR|false"}},
		{name: "information_schema",
			setup: []string{"CREATE TABLE t(i INTEGER)", "CREATE VIEW v AS SELECT 1"},
			query: "SELECT table_name, table_type FROM information_schema.tables ORDER BY 1", want: []string{"t|BASE TABLE", "v|VIEW"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db, err := lsql.Open(":memory:")
			if err != nil {
				t.Fatal(err)
			}
			c := db.Conn()
			for _, s := range tc.setup {
				if _, err := c.Exec(context.Background(), s); err != nil {
					t.Fatalf("%s: %v", s, err)
				}
			}
			got, err := catRows(c, tc.query)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("%s: got error %v, want %q", tc.query, err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("%s: %v", tc.query, err)
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Fatalf("%s:\ngot  %q\nwant %q", tc.query, got, tc.want)
			}
		})
	}
}
