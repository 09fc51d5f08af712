package sql_test

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	pq "github.com/parquet-go/parquet-go"

	lsql "github.com/lhsql/lhsql/sql"
)

var scanPagesRe = regexp.MustCompile(`files=(\d+) row_groups=(\d+)(?: \(skipped (\d+)\))? pages=(\d+) \(skipped (\d+)\) bytes=\S+(?: \(skipped [^)]+\))? rows=(\d+)`)

// TestExplainAnalyzeParquetPages checks that EXPLAIN ANALYZE reports, for
// a Parquet scan, the files, row groups, pages read and skipped, bytes and
// rows, and that a selective filter on a sorted column skips nearly all
// pages through the page index.
func TestExplainAnalyzeParquetPages(t *testing.T) {
	type row struct {
		ID int64 `parquet:"id"`
		V  int64 `parquet:"v"`
	}
	const n = 200_000
	data := make([]row, n)
	for i := range data {
		data[i] = row{ID: int64(i), V: int64(i % 10)}
	}
	path := filepath.Join(t.TempDir(), "sorted.parquet")
	if err := pq.WriteFile(path, data, pq.PageBufferSize(4<<10), pq.MaxRowsPerRowGroup(100_000)); err != nil {
		t.Fatal(err)
	}
	db, err := lsql.Open(":memory:")
	if err != nil {
		t.Fatal(err)
	}
	c := db.Conn()
	q := fmt.Sprintf("SELECT count(*), sum(v) FROM '%s' WHERE id BETWEEN 150000 AND 150100", path)
	if got := mustRows(t, c, q); len(got) != 1 || got[0] != "101|450|" {
		t.Fatalf("%s = %v, want [101|450|]", q, got)
	}
	plan := strings.Join(mustRows(t, c, "EXPLAIN ANALYZE "+q), "\n")
	m := scanPagesRe.FindStringSubmatch(plan)
	if m == nil {
		t.Fatalf("no scan counters with pages in:\n%s", plan)
	}
	num := func(i int) int64 {
		x, _ := strconv.ParseInt(m[i], 10, 64)
		return x
	}
	files, groups, groupsSkipped, pages, pagesSkipped, rows := num(1), num(2), num(3), num(4), num(5), num(6)
	if files != 1 || groups != 1 || groupsSkipped != 1 {
		t.Errorf("files=%d row_groups=%d (skipped %d), want 1, 1 (skipped 1):\n%s", files, groups, groupsSkipped, plan)
	}
	if pages+pagesSkipped < 100 || float64(pages) > 0.02*float64(pages+pagesSkipped) {
		t.Errorf("pages=%d (skipped %d): want hundreds with at most 2%% read:\n%s", pages, pagesSkipped, plan)
	}
	if rows < 101 || rows > 2048 {
		t.Errorf("scan rows=%d, want 101..2048:\n%s", rows, plan)
	}
	t.Log(m[0])
}
