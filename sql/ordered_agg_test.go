package sql_test

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// oaRow is one row of the table of TestOrderedAggregatesSQL; a nil
// pointer is NULL.
type oaRow struct {
	i, g int64
	v    *int64
	s    *string
}

// oaRows mirrors the table the test creates with SQL.
func oaRows(n int64) []oaRow {
	out := make([]oaRow, n)
	for i := range n {
		r := oaRow{i: i, g: i % 997}
		if i%13 != 0 {
			v := (i * 7919) % 1000
			r.v = &v
		}
		if i%11 != 0 {
			s := "s" + strconv.FormatInt((i*104729)%500, 10)
			r.s = &s
		}
		out[i] = r
	}
	return out
}

// oaCmpNull orders two possibly NULL values: NULLs first or last as
// nullsFirst says, the rest by c (direction already applied).
func oaCmpNull(aNull, bNull, nullsFirst bool, c func() int) int {
	switch {
	case aNull && bNull:
		return 0
	case aNull:
		if nullsFirst {
			return -1
		}
		return 1
	case bNull:
		if nullsFirst {
			return 1
		}
		return -1
	}
	return c()
}

func oaInt(p *int64) string {
	if p == nil {
		return "NULL"
	}
	return strconv.FormatInt(*p, 10)
}

// TestOrderedAggregatesSQL runs aggregates with ORDER BY inside the call
// over many groups, with one and two threads (so that per-thread states
// merge), and compares them with results computed here by sorting.
func TestOrderedAggregatesSQL(t *testing.T) {
	const n = 20000
	rows := oaRows(n)
	groups := map[int64][]oaRow{}
	for _, r := range rows {
		groups[r.g] = append(groups[r.g], r)
	}
	var gs []int64
	for g := range groups {
		gs = append(gs, g)
	}
	slices.Sort(gs)
	sortedBy := func(in []oaRow, keep func(oaRow) bool, c func(a, b oaRow) int) []oaRow {
		var out []oaRow
		for _, r := range in {
			if keep == nil || keep(r) {
				out = append(out, r)
			}
		}
		slices.SortStableFunc(out, c)
		return out
	}
	// v DESC NULLS FIRST, i ASC
	byVDescNullsFirst := func(a, b oaRow) int {
		if c := oaCmpNull(a.v == nil, b.v == nil, true, func() int { return cmp.Compare(*b.v, *a.v) }); c != 0 {
			return c
		}
		return cmp.Compare(a.i, b.i)
	}
	// s ASC (NULLS LAST), i ASC
	byS := func(a, b oaRow) int {
		if c := oaCmpNull(a.s == nil, b.s == nil, false, func() int { return cmp.Compare(*a.s, *b.s) }); c != 0 {
			return c
		}
		return cmp.Compare(a.i, b.i)
	}
	// v ASC NULLS FIRST, i DESC
	byVNullsFirstIDesc := func(a, b oaRow) int {
		if c := oaCmpNull(a.v == nil, b.v == nil, true, func() int { return cmp.Compare(*a.v, *b.v) }); c != 0 {
			return c
		}
		return cmp.Compare(b.i, a.i)
	}
	tests := []struct {
		name string
		sql  string
		ref  func(rs []oaRow) string // one group's result columns, "|"-joined
	}{
		{"list v desc nulls first",
			"list(v ORDER BY v DESC NULLS FIRST, i)",
			func(rs []oaRow) string {
				var parts []string
				for _, r := range sortedBy(rs, nil, byVDescNullsFirst) {
					parts = append(parts, oaInt(r.v))
				}
				return "[" + strings.Join(parts, ", ") + "]"
			}},
		{"string_agg by s",
			"string_agg(s, ',' ORDER BY s, i)",
			func(rs []oaRow) string {
				var parts []string
				for _, r := range sortedBy(rs, func(r oaRow) bool { return r.s != nil }, byS) {
					parts = append(parts, *r.s)
				}
				if len(parts) == 0 {
					return "NULL"
				}
				return strings.Join(parts, ",")
			}},
		{"distinct string_agg desc with filter",
			"string_agg(DISTINCT s, ',' ORDER BY s DESC) FILTER (WHERE v > 500)",
			func(rs []oaRow) string {
				set := map[string]bool{}
				for _, r := range rs {
					if r.s != nil && r.v != nil && *r.v > 500 {
						set[*r.s] = true
					}
				}
				if len(set) == 0 {
					return "NULL"
				}
				var parts []string
				for s := range set {
					parts = append(parts, s)
				}
				slices.Sort(parts)
				slices.Reverse(parts)
				return strings.Join(parts, ",")
			}},
		{"first and last",
			"first(i ORDER BY v NULLS FIRST, i DESC), last(v ORDER BY s, i), arg_max(i, v ORDER BY i DESC)",
			func(rs []oaRow) string {
				f := sortedBy(rs, nil, byVNullsFirstIDesc)[0].i
				l := sortedBy(rs, nil, byS)
				// arg_max keeps the first row with the largest v in the
				// order given (i descending).
				best := int64(-1)
				var bestV int64 = -1
				for _, r := range sortedBy(rs, nil, func(a, b oaRow) int { return cmp.Compare(b.i, a.i) }) {
					if r.v != nil && *r.v > bestV {
						best, bestV = r.i, *r.v
					}
				}
				return fmt.Sprintf("%d|%s|%d", f, oaInt(l[len(l)-1].v), best)
			}},
	}
	c := newConn(t)
	mustExec(t, c, fmt.Sprintf(`CREATE TABLE t AS SELECT i, i %% 997 AS g,
		CASE WHEN i %% 13 = 0 THEN NULL ELSE (i * 7919) %% 1000 END AS v,
		CASE WHEN i %% 11 = 0 THEN NULL ELSE 's' || ((i * 104729) %% 500) END AS s
		FROM range(%d) r(i)`, n))
	for _, threads := range []int{1, 2} {
		mustExec(t, c, fmt.Sprintf("SET threads = %d", threads))
		for _, tc := range tests {
			var want []string
			for _, g := range gs {
				want = append(want, fmt.Sprintf("%d|%s", g, tc.ref(groups[g])))
			}
			got := queryLines(t, c, "SELECT g, "+tc.sql+" FROM t GROUP BY g ORDER BY g")
			if !slices.Equal(got, want) {
				t.Errorf("threads=%d %s: got %d rows, want %d\nfirst got:  %.300q\nfirst want: %.300q", threads, tc.name, len(got), len(want), got[:min(2, len(got))], want[:min(2, len(want))])
			}
			// Ungrouped: the whole table is one group.
			got = queryLines(t, c, "SELECT "+tc.sql+" FROM t")
			if w := tc.ref(rows); len(got) != 1 || got[0] != w {
				t.Errorf("threads=%d %s ungrouped: got %.300q, want %.300q", threads, tc.name, got, w)
			}
		}
	}
}

// TestOrderedAggregateErrors checks the errors of ORDER BY inside calls.
func TestOrderedAggregateErrors(t *testing.T) {
	c := newConn(t)
	mustExec(t, c, "CREATE TABLE t AS SELECT range AS i, range % 3 AS g FROM range(10)")
	tests := []struct{ sql, want string }{
		{"SELECT list(DISTINCT i ORDER BY g) FROM t", "Binder Error: In a DISTINCT aggregate, ORDER BY expressions must appear in the argument list"},
		{"SELECT first(i ORDER BY g) OVER () FROM t", "Not implemented Error"},
		{"SELECT first(i ORDER BY nope) FROM t", "Binder Error"},
		{"SELECT group_concat(i) WITHIN GROUP (ORDER BY i) FROM t", `Parser Error: Unknown ordered aggregate "group_concat"`},
		{"SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY i DESC) FROM t", "Not implemented Error"},
	}
	for _, tc := range tests {
		_, err := c.Query(context.Background(), tc.sql)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.sql, err, tc.want)
		}
	}
	// Order-insensitive aggregates drop their ORDER BY, also in windows.
	for q, want := range map[string]string{
		"SELECT sum(i ORDER BY g DESC), count(i ORDER BY i), min(i ORDER BY g) FROM t": "45|10|0",
		"SELECT DISTINCT sum(i ORDER BY g) OVER () FROM t":                             "45",
		"SELECT list(DISTINCT g ORDER BY g DESC) FROM t":                               "[2, 1, 0]",
	} {
		if got := queryLines(t, c, q); strings.Join(got, "\n") != want {
			t.Errorf("%s: got %q, want %q", q, got, want)
		}
	}
}
