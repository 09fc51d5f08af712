package sql_test

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	lsql "github.com/lhsql/lhsql/sql"
)

var (
	tScanRe   = regexp.MustCompile(`SEQ_SCAN t columns: [^\n]*\(rows=(\d+)`)
	cteScanRe = regexp.MustCompile(`CTE_SCAN \w+ \(#\d+\)[^\n]*\(rows=(\d+)`)
	cteMatRe  = regexp.MustCompile(`CTE_MATERIALIZE \w+ \(#\d+\)\s+\(rows=(\d+)`)
)

// countsOf returns how often re matches in plan and the sum of the rows
// it captures.
func countsOf(re *regexp.Regexp, plan string) (n int, rows int64) {
	for _, m := range re.FindAllStringSubmatch(plan, -1) {
		r, _ := strconv.ParseInt(m[1], 10, 64)
		n++
		rows += r
	}
	return n, rows
}

// cteTestConn returns a connection with t(k, v): 1000 rows, k = v % 10.
func cteTestConn(t *testing.T) *lsql.Conn {
	t.Helper()
	c := newConn(t)
	mustExec(t, c, "CREATE TABLE t (k INTEGER, v INTEGER)")
	mustExec(t, c, "INSERT INTO t SELECT i % 10, i FROM range(1000) r(i)")
	mustExec(t, c, "CREATE TABLE u (k INTEGER)")
	mustExec(t, c, "INSERT INTO u VALUES (1), (3), (5), (42)")
	return c
}

// TestCTEMaterialization checks, from EXPLAIN ANALYZE, how often the
// base table of a CTE is scanned (once when the CTE is materialized, once
// per reference when it is inlined) and that the results equal those of
// the same query with every CTE inlined (AS NOT MATERIALIZED).
func TestCTEMaterialization(t *testing.T) {
	tests := []struct {
		name     string
		sql      string // CTEs written "AS (" are also run "AS NOT MATERIALIZED ("
		tScans   int    // SEQ_SCAN t lines
		cteScans int    // CTE_SCAN lines
		want     []string
	}{
		{
			name:     "aggregate referenced twice",
			sql:      "WITH c AS (SELECT k, sum(v) AS s FROM t GROUP BY k) SELECT a.k, b.s FROM c a JOIN c b ON a.k = b.k + 1 WHERE a.k < 3",
			tScans:   1,
			cteScans: 2,
			want:     []string{"1|49500", "2|49600"},
		},
		{
			name:     "q15 shape: scalar subquery over the same CTE",
			sql:      "WITH c AS (SELECT k, sum(v) AS s FROM t GROUP BY k) SELECT k, s FROM c WHERE s = (SELECT max(s) FROM c)",
			tScans:   1,
			cteScans: 2,
			want:     []string{"9|50400"},
		},
		{
			name:     "in and exists subqueries",
			sql:      "WITH c AS (SELECT DISTINCT k FROM t WHERE v < 500) SELECT k FROM u WHERE k IN (SELECT k FROM c) AND EXISTS (SELECT 1 FROM c WHERE c.k = 9)",
			tScans:   1,
			cteScans: 2,
			want:     []string{"1", "3", "5"},
		},
		{
			name:     "referenced once is inlined",
			sql:      "WITH c AS (SELECT k, count(*) AS n FROM t GROUP BY k) SELECT k, n FROM c WHERE k = 4",
			tScans:   1,
			cteScans: 0,
			want:     []string{"4|100"},
		},
		{
			name:     "cheap CTE is inlined",
			sql:      "WITH c AS (SELECT k, v FROM t WHERE v < 3) SELECT a.v, b.v FROM c a JOIN c b ON a.v = b.v",
			tScans:   2,
			cteScans: 0,
			want:     []string{"0|0", "1|1", "2|2"},
		},
		{
			name:     "explicit MATERIALIZED referenced once",
			sql:      "WITH c AS MATERIALIZED (SELECT k, v FROM t WHERE v < 3) SELECT v FROM c",
			tScans:   1,
			cteScans: 1,
			want:     []string{"0", "1", "2"},
		},
		{
			name:     "explicit NOT MATERIALIZED referenced twice",
			sql:      "WITH c AS NOT MATERIALIZED (SELECT k, sum(v) AS s FROM t GROUP BY k) SELECT k FROM c WHERE s = (SELECT min(s) FROM c)",
			tScans:   2,
			cteScans: 0,
			want:     []string{"0"},
		},
		{
			name:     "CTE over a materialized CTE",
			sql:      "WITH c AS (SELECT k, sum(v) AS s FROM t GROUP BY k), d AS (SELECT max(s) AS m FROM c) SELECT k FROM c, d WHERE s = m UNION ALL SELECT m FROM d, c WHERE c.k = 0",
			tScans:   1,
			cteScans: 5, // three of c (one in d's body), two of d
			want:     []string{"50400", "9"},
		},
		{
			name:     "inner WITH shadows the name",
			sql:      "WITH c AS (SELECT k, sum(v) AS s FROM t GROUP BY k) SELECT (WITH c AS (SELECT 7 AS s) SELECT s FROM c), s FROM c WHERE k = (SELECT min(k) FROM c)",
			tScans:   1,
			cteScans: 2,
			want:     []string{"7|49500"},
		},
		{
			name:     "correlated CTE stays inlined",
			sql:      "SELECT u.k, (WITH c AS (SELECT count(*) AS n FROM t WHERE t.k = u.k) SELECT n FROM c WHERE n = (SELECT max(n) FROM c)) FROM u",
			tScans:   2,
			cteScans: 0,
			want:     []string{"1|100", "3|100", "42|NULL", "5|100"},
		},
		{
			name:     "ordered CTE keeps its order",
			sql:      "WITH c AS MATERIALIZED (SELECT v FROM t WHERE v % 100 = 7 ORDER BY v DESC) SELECT v FROM c LIMIT 3",
			tScans:   1,
			cteScans: 1,
			want:     []string{"907", "807", "707"},
		},
	}
	c := cteTestConn(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := queryLines(t, c, tt.sql)
			ordered := strings.Contains(tt.sql, "ORDER BY")
			if !ordered {
				sort.Strings(got)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("rows = %v, want %v", got, tt.want)
			}
			plan := strings.Join(queryLines(t, c, "EXPLAIN ANALYZE "+tt.sql), "\n")
			if n, _ := countsOf(tScanRe, plan); n != tt.tScans {
				t.Errorf("scans of t = %d, want %d:\n%s", n, tt.tScans, plan)
			}
			ns, scanned := countsOf(cteScanRe, plan)
			if ns != tt.cteScans {
				t.Errorf("CTE scans = %d, want %d:\n%s", ns, tt.cteScans, plan)
			}
			if nm, buffered := countsOf(cteMatRe, plan); tt.cteScans > 0 && (nm == 0 || buffered == 0 && scanned > 0) {
				t.Errorf("materializations = %d buffering %d rows for %d CTE scans reading %d rows:\n%s", nm, buffered, ns, scanned, plan)
			}
			inl := strings.ReplaceAll(tt.sql, " AS (", " AS NOT MATERIALIZED (")
			inl = strings.ReplaceAll(inl, " AS MATERIALIZED (", " AS NOT MATERIALIZED (")
			want := queryLines(t, c, inl)
			if !ordered {
				sort.Strings(want)
			}
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("materialized rows %v differ from inlined rows %v", got, want)
			}
		})
	}
}

// TestCTEMaterializedExplain checks that EXPLAIN shows the materialization
// above the plan and one CTE_SCAN per reference.
func TestCTEMaterializedExplain(t *testing.T) {
	c := cteTestConn(t)
	plan := strings.Join(queryLines(t, c, "EXPLAIN WITH c AS (SELECT k, sum(v) AS s FROM t GROUP BY k) SELECT * FROM c a, c b WHERE a.k = b.k"), "\n")
	mat := strings.Index(plan, "CTE_MATERIALIZE c")
	if mat < 0 || strings.Count(plan, "CTE_SCAN c") != 2 || strings.Index(plan, "CTE_SCAN c") < mat {
		t.Fatalf("want CTE_MATERIALIZE c above two CTE_SCAN c:\n%s", plan)
	}
}
