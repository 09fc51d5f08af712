package tpchgen

import (
	"context"
	"testing"

	"github.com/lhsql/lhsql/vector"
)

func collectHits(t *testing.T, rows int64, workers int) []*vector.Vector {
	t.Helper()
	def := HitsTable()
	out := make([]*vector.Vector, len(def.Columns))
	for i, c := range def.Columns {
		out[i] = vector.New(c.Type, 0)
	}
	err := GenHits(context.Background(), rows, workers, func(cols []*vector.Vector, n int) error {
		for i, v := range cols {
			if v.Len() != n || !v.Typ.Equal(def.Columns[i].Type) {
				t.Fatalf("column %s: %d values of %s for %d rows", def.Columns[i].Name, v.Len(), v.Typ, n)
			}
			out[i].I64 = append(out[i].I64, v.I64...)
			out[i].Str = append(out[i].Str, v.Str...)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestHits(t *testing.T) {
	def := HitsTable()
	if len(def.Columns) != 105 {
		t.Fatalf("%d columns", len(def.Columns))
	}
	seen := map[string]bool{}
	for _, c := range def.Columns {
		if seen[c.Name] {
			t.Fatalf("duplicate column %s", c.Name)
		}
		seen[c.Name] = true
	}
	const rows = 20000
	a := collectHits(t, rows, 1)
	b := collectHits(t, rows, 3)
	for c := range a {
		for i := range a[c].I64 {
			if a[c].I64[i] != b[c].I64[i] {
				t.Fatalf("%s row %d depends on the worker count", def.Columns[c].Name, i)
			}
		}
		for i := range a[c].Str {
			if a[c].Str[i] != b[c].Str[i] {
				t.Fatalf("%s row %d depends on the worker count", def.Columns[c].Name, i)
			}
		}
	}
	col := func(name string) *vector.Vector {
		for i, c := range def.Columns {
			if c.Name == name {
				return a[i]
			}
		}
		t.Fatalf("no column %s", name)
		return nil
	}
	if n := col("WatchID").Len(); n != rows {
		t.Fatalf("%d rows", n)
	}
	et, ed := col("EventTime").I64, col("EventDate").I64
	july1, aug1 := epochDay(2013, 7, 1), epochDay(2013, 8, 1)
	for i := range et {
		if ed[i] != et[i]/86_400_000_000 || ed[i] < july1 || ed[i] >= aug1 {
			t.Fatalf("row %d: EventTime %d, EventDate %d", i, et[i], ed[i])
		}
	}
	if et[rows-1] <= et[0] {
		t.Errorf("event times do not advance")
	}
	// Skew: the most frequent CounterID covers far more than a uniform share.
	counts := map[int64]int{}
	top := 0
	for _, v := range col("CounterID").I64 {
		counts[v]++
		top = max(top, counts[v])
	}
	if top < rows/20 || len(counts) < 100 {
		t.Errorf("CounterID: top count %d over %d distinct values", top, len(counts))
	}
	empty := 0
	for _, s := range col("SearchPhrase").Str {
		if s == "" {
			empty++
		}
	}
	if share := float64(empty) / rows; share < 0.7 || share > 0.8 {
		t.Errorf("empty SearchPhrase share %.3f, want about 0.75", share)
	}
	users := map[int64]bool{}
	for _, u := range col("UserID").I64 {
		users[u] = true
	}
	if len(users) < rows/10 || len(users) > rows*9/10 {
		t.Errorf("%d distinct users in %d rows", len(users), rows)
	}
	if err := GenHits(context.Background(), 0, 1, nil); err == nil {
		t.Error("no error for 0 rows")
	}
}
