package plan_test

import (
	"context"
	"strings"
	"testing"

	"github.com/lhsql/lhsql/sql"
)

// queryRows runs q and renders each row as its values joined by "|".
func queryRows(t *testing.T, c *sql.Conn, q string) []string {
	t.Helper()
	rows, err := c.Query(context.Background(), q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var out []string
	for {
		ch, err := rows.Next()
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if ch == nil {
			return out
		}
		for i := 0; i < ch.Len; i++ {
			vals := make([]string, len(ch.Cols))
			for j, col := range ch.Cols {
				vals[j] = col.Get(i).String()
			}
			out = append(out, strings.Join(vals, "|"))
		}
	}
}

func TestGeneralDecorrelation(t *testing.T) {
	db, err := sql.Open(":memory:")
	if err != nil {
		t.Fatal(err)
	}
	c := db.Conn()
	for _, s := range []string{
		"CREATE TABLE integers(i INTEGER)",
		"INSERT INTO integers VALUES (1), (2), (3), (NULL)",
	} {
		if _, err := c.Exec(context.Background(), s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	tests := []struct {
		name, q string
		want    []string
	}{
		{"aggregate with inequality; COUNT is 0 for every outer value incl. NULL",
			"SELECT i, (SELECT count(*) FROM integers i2 WHERE i2.i > i1.i) FROM integers i1 ORDER BY i NULLS LAST",
			[]string{"1|2", "2|1", "3|0", "NULL|0"}},
		{"ORDER BY + LIMIT per outer row",
			"SELECT i, (SELECT i2.i FROM integers i2 WHERE i2.i > i1.i ORDER BY i2.i LIMIT 1) FROM integers i1 ORDER BY i NULLS LAST",
			[]string{"1|2", "2|3", "3|NULL", "NULL|NULL"}},
		{"correlated UNION ALL",
			"SELECT i, (SELECT sum(x) FROM (SELECT i1.i AS x UNION ALL SELECT i2.i FROM integers i2 WHERE i2.i = i1.i) t) FROM integers i1 ORDER BY i NULLS LAST",
			[]string{"1|2", "2|4", "3|6", "NULL|NULL"}},
		{"correlated ANY is false (not NULL) when the outer row's set is empty",
			"SELECT i, i = ANY(SELECT i FROM integers WHERE i = i1.i) FROM integers i1 ORDER BY i NULLS LAST",
			[]string{"1|true", "2|true", "3|true", "NULL|false"}},
		{"correlated NOT IN sees NULLs only of the outer row's set",
			"SELECT i, i NOT IN (SELECT i2.i FROM integers i2 WHERE i2.i > i1.i OR (i1.i = 3 AND i2.i IS NULL)) FROM integers i1 ORDER BY i NULLS LAST",
			[]string{"1|true", "2|true", "3|NULL", "NULL|true"}},
		{"window function in a correlated subquery",
			"SELECT i, (SELECT max(rn) FROM (SELECT row_number() OVER (ORDER BY i2.i) AS rn FROM integers i2 WHERE i2.i >= i1.i) t) FROM integers i1 ORDER BY i NULLS LAST",
			[]string{"1|3", "2|2", "3|1", "NULL|NULL"}},
		{"two levels of correlation",
			"SELECT i, (SELECT (SELECT count(*) FROM integers i3 WHERE i3.i < i1.i + i2.i) FROM integers i2 WHERE i2.i = 1) FROM integers i1 ORDER BY i NULLS LAST",
			[]string{"1|1", "2|2", "3|3", "NULL|0"}},
		{"NOT EXISTS with OFFSET",
			"SELECT i FROM integers i1 WHERE NOT EXISTS (SELECT 1 FROM integers i2 WHERE i2.i > i1.i LIMIT 1 OFFSET 1) ORDER BY i NULLS LAST",
			[]string{"2", "3", "NULL"}},
		{"subquery in a LEFT JOIN condition",
			"SELECT s1.i, s2.i FROM integers s1 LEFT JOIN integers s2 ON s1.i = s2.i AND s2.i IN (SELECT 2 UNION SELECT 3) ORDER BY 1 NULLS LAST, 2",
			[]string{"1|NULL", "2|2", "3|3", "NULL|NULL"}},
		{"correlated subquery in an INNER JOIN condition",
			"SELECT s1.i, s2.i FROM integers s1 JOIN integers s2 ON (SELECT s1.i + 1 = s2.i) ORDER BY 1, 2",
			[]string{"1|2", "2|3"}},
		{"correlated subquery over a grouped query",
			"SELECT i, (SELECT count(*) FROM integers i2 WHERE i2.i < i1.i) FROM integers i1 GROUP BY i ORDER BY i NULLS LAST",
			[]string{"1|0", "2|1", "3|2", "NULL|0"}},
		{"correlation inside a derived table of the subquery",
			"SELECT i, (SELECT min(x) FROM (SELECT i2.i AS x FROM integers i2 WHERE i2.i > i1.i) t) FROM integers i1 ORDER BY i NULLS LAST",
			[]string{"1|2", "2|3", "3|NULL", "NULL|NULL"}},
		{"correlated row IN is false for an empty set",
			"SELECT i, (i, 1) IN (SELECT i2.i, 1 FROM integers i2 WHERE i2.i >= i1.i) FROM integers i1 ORDER BY i NULLS LAST",
			[]string{"1|true", "2|true", "3|true", "NULL|false"}},
		{"row IN: a NULL element does not matter when another element differs",
			"SELECT (NULL::INT, 8) IN (SELECT 2, 6 UNION ALL SELECT 3, 7), (NULL::INT, 7) IN (SELECT 2, 6 UNION ALL SELECT 3, 7)",
			[]string{"false|NULL"}},
		{"row ordering comparison is lexicographic",
			"SELECT (1, 5) < ANY(SELECT 1, 6), (1, 5) < ALL(SELECT 1, 5)",
			[]string{"true|false"}},
		{"LATERAL subquery in FROM",
			"SELECT i1.i, t.c FROM integers i1, LATERAL (SELECT count(*) AS c FROM integers i2 WHERE i2.i <= i1.i) t ORDER BY i1.i NULLS LAST",
			[]string{"1|1", "2|2", "3|3", "NULL|0"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := queryRows(t, c, tc.q)
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("%s\ngot  %q\nwant %q", tc.q, got, tc.want)
			}
		})
	}
}
