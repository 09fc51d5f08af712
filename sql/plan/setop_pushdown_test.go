package plan_test

import (
	"context"
	"strings"
	"testing"

	"github.com/lhsql/lhsql/sql"
)

// TestSetOpFilterPushdown checks that a WHERE over UNION, INTERSECT and
// EXCEPT (with and without ALL) is applied to both inputs before the set
// operation (EXPLAIN shows no filter above it), with the answers of the
// unfiltered set operation filtered afterwards; a volatile predicate
// stays above.
func TestSetOpFilterPushdown(t *testing.T) {
	db, err := sql.Open(":memory:")
	if err != nil {
		t.Fatal(err)
	}
	c := db.Conn()
	for _, s := range []string{
		"CREATE TABLE a AS SELECT i % 7 AS x, i % 3 AS y FROM range(100) t(i)",
		"CREATE TABLE b AS SELECT i % 5 AS x, i % 3 AS y FROM range(40) t(i)",
	} {
		if _, err := c.Exec(context.Background(), s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	for _, op := range []string{"UNION", "UNION ALL", "INTERSECT", "INTERSECT ALL", "EXCEPT", "EXCEPT ALL"} {
		t.Run(op, func(t *testing.T) {
			inner := "SELECT x, y FROM a " + op + " SELECT x, y FROM b"
			where := "x >= 2 AND y = 1"
			q := "SELECT x, y, count(*) FROM (" + inner + ") s WHERE " + where + " GROUP BY ALL ORDER BY ALL"
			// The reference filters a materialized result.
			if _, err := c.Exec(context.Background(), "CREATE OR REPLACE TABLE ref AS "+inner); err != nil {
				t.Fatal(err)
			}
			want := queryRows(t, c, "SELECT x, y, count(*) FROM ref WHERE "+where+" GROUP BY ALL ORDER BY ALL")
			got := queryRows(t, c, q)
			if strings.Join(got, ",") != strings.Join(want, ",") || len(want) == 0 {
				t.Fatalf("got %v, want %v", got, want)
			}
			plan := strings.Split(strings.Join(queryRows(t, c, "EXPLAIN "+q), "\n"), "\n")
			above := true // no FILTER line before the set operation's line
			filters := 0
			for _, l := range plan {
				if strings.Contains(l, "UNION") || strings.Contains(l, "INTERSECT") || strings.Contains(l, "EXCEPT") {
					above = false
				}
				if strings.Contains(l, "FILTER") || strings.Contains(l, "filters:") {
					if above {
						t.Errorf("filter above the set operation:\n%s", strings.Join(plan, "\n"))
					}
					filters++
				}
			}
			if filters < 2 {
				t.Errorf("want the filter on both inputs, plan:\n%s", strings.Join(plan, "\n"))
			}
			if strings.HasPrefix(op, "UNION") {
				return // UNION is an aggregate over UNION ALL, which pushes any predicate
			}
			vplan := strings.Join(queryRows(t, c, "EXPLAIN SELECT * FROM ("+inner+") s WHERE random() < 2"), "\n")
			if i, j := strings.Index(vplan, "FILTER"), strings.Index(vplan, strings.Fields(op)[0]); i < 0 || j < 0 || i > j {
				t.Errorf("volatile predicate not kept above the set operation:\n%s", vplan)
			}
		})
	}
}
