package plan_test

import (
	"context"
	"strings"
	"testing"

	"github.com/lhsql/lhsql/sql"
)

// TestLeftJoinNullRejectingWhere checks that a WHERE comparison on the
// right side of a LEFT JOIN turns it into an inner join (EXPLAIN) while
// predicates that accept NULL-padded rows keep it a LEFT JOIN, with the
// same answers either way.
func TestLeftJoinNullRejectingWhere(t *testing.T) {
	db, err := sql.Open(":memory:")
	if err != nil {
		t.Fatal(err)
	}
	c := db.Conn()
	for _, s := range []string{
		"CREATE TABLE l(k INTEGER, a INTEGER)",
		"INSERT INTO l VALUES (1, 10), (2, 20), (3, 30), (NULL, 40)",
		"CREATE TABLE r(k INTEGER, b INTEGER)",
		"INSERT INTO r VALUES (1, 5), (2, 50), (2, NULL)",
	} {
		if _, err := c.Exec(context.Background(), s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	tests := []struct {
		name, where string
		inner       bool
		want        []string
	}{
		{"comparison rejects NULL rows", "a > b", true, []string{"1|10|5"}},
		{"equality with a constant", "b = 50", true, []string{"2|20|50"}},
		{"IS NULL keeps padded rows", "b IS NULL", false, []string{"2|20|NULL", "3|30|NULL", "NULL|40|NULL"}},
		{"left-only predicate", "a >= 30", false, []string{"3|30|NULL", "NULL|40|NULL"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := "SELECT l.k, a, b FROM l LEFT JOIN r ON l.k = r.k WHERE " + tc.where + " ORDER BY l.k NULLS LAST, b NULLS LAST"
			got := queryRows(t, c, q)
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("%s: got %v, want %v", q, got, tc.want)
			}
			plan := strings.Join(queryRows(t, c, "EXPLAIN "+q), "\n")
			if hasLeft := strings.Contains(plan, "LEFT") || strings.Contains(plan, "RIGHT "); hasLeft == tc.inner {
				t.Errorf("%s: inner join expected=%v, plan:\n%s", q, tc.inner, plan)
			}
		})
	}
}
