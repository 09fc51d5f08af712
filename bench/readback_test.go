package bench_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"
	_ "github.com/lhsql/lhsql/driver"
)

// readbackData is the TPC-H directory used by TestDuckDBReadsLhsqlFiles.
func readbackData(t *testing.T) string {
	t.Helper()
	data, err := filepath.Abs("../../shared/tpch/data/sf0.01")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(data, "lineitem.parquet")); err != nil {
		t.Skipf("TPC-H data not found in %s: %v", data, err)
	}
	return data
}

func openBoth(t *testing.T) (lh, duck *sql.DB) {
	t.Helper()
	lh, err := sql.Open("lhsql", "")
	if err != nil {
		t.Fatal(err)
	}
	duck, err = sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	lh.SetMaxOpenConns(1)
	duck.SetMaxOpenConns(1)
	t.Cleanup(func() { lh.Close(); duck.Close() })
	return lh, duck
}

func exec(t *testing.T, db *sql.DB, q string) {
	t.Helper()
	if _, err := db.ExecContext(context.Background(), q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// oneInt runs a query returning a single integer.
func oneInt(t *testing.T, db *sql.DB, q string) int64 {
	t.Helper()
	var n int64
	if err := db.QueryRowContext(context.Background(), q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// strRows runs a query and returns every row as "|"-joined text.
func strRows(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		parts := make([]string, len(cols))
		for i, v := range vals {
			parts[i] = "NULL"
			if v.Valid {
				parts[i] = v.String
			}
		}
		out = append(out, strings.Join(parts, "|"))
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return out
}

// sameRows asserts that DuckDB sees the same multiset of rows in two
// relations.
func sameRows(t *testing.T, duck *sql.DB, label, a, b string) {
	t.Helper()
	na := oneInt(t, duck, "SELECT count(*) FROM "+a)
	nb := oneInt(t, duck, "SELECT count(*) FROM "+b)
	d1 := oneInt(t, duck, fmt.Sprintf("SELECT count(*) FROM (SELECT * FROM %s EXCEPT ALL SELECT * FROM %s)", a, b))
	d2 := oneInt(t, duck, fmt.Sprintf("SELECT count(*) FROM (SELECT * FROM %s EXCEPT ALL SELECT * FROM %s)", b, a))
	if na != nb || d1 != 0 || d2 != 0 || na == 0 {
		t.Errorf("%s: rows %d vs %d, %d and %d rows differ", label, na, nb, d1, d2)
	}
}

// TestDuckDBReadsLhsqlFiles writes the TPC-H tables with lhsql's COPY
// (Parquet in several codecs, hive-partitioned Parquet, CSV and JSON) and
// checks that DuckDB reads back exactly the rows and types DuckDB wrote.
func TestDuckDBReadsLhsqlFiles(t *testing.T) {
	data := readbackData(t)
	lh, duck := openBoth(t)
	dir := t.TempDir()
	codecs := []string{"zstd", "snappy", "gzip", "uncompressed"}
	for i, tbl := range tables {
		orig := fmt.Sprintf("read_parquet('%s/%s.parquet')", data, tbl)
		out := fmt.Sprintf("%s/%s.parquet", dir, tbl)
		codec := codecs[i%len(codecs)]
		exec(t, lh, fmt.Sprintf("COPY (SELECT * FROM %s) TO '%s' (FORMAT parquet, COMPRESSION %s, ROW_GROUP_SIZE 10000)", orig, out, codec))
		back := fmt.Sprintf("read_parquet('%s')", out)
		sameRows(t, duck, tbl+" parquet "+codec, orig, back)
		wantTypes := strRows(t, duck, "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM "+orig+")")
		gotTypes := strRows(t, duck, "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM "+back+")")
		if strings.Join(wantTypes, ",") != strings.Join(gotTypes, ",") {
			t.Errorf("%s: DuckDB sees types %v, want %v", tbl, gotTypes, wantTypes)
		}
		// Statistics and the page index are present for DuckDB too.
		if n := oneInt(t, duck, fmt.Sprintf("SELECT count(*) FROM parquet_metadata('%s') WHERE stats_min_value IS NULL OR stats_max_value IS NULL", out)); n != 0 {
			t.Errorf("%s: %d column chunks without min/max statistics", tbl, n)
		}
	}

	// CSV and JSON: DuckDB loads them into tables typed like the original.
	for _, format := range []string{"csv", "json"} {
		tbl := "lineitem"
		orig := fmt.Sprintf("read_parquet('%s/%s.parquet')", data, tbl)
		out := fmt.Sprintf("%s/%s.%s", dir, tbl, format)
		exec(t, lh, fmt.Sprintf("COPY (SELECT * FROM %s) TO '%s'", orig, out))
		exec(t, duck, fmt.Sprintf("CREATE OR REPLACE TABLE back_%s AS SELECT * FROM %s LIMIT 0", format, orig))
		exec(t, duck, fmt.Sprintf("COPY back_%s FROM '%s'", format, out))
		sameRows(t, duck, tbl+" "+format, orig, "back_"+format)
	}

	// Hive partitions.
	part := filepath.Join(dir, "orders_by_status")
	orig := fmt.Sprintf("read_parquet('%s/orders.parquet')", data)
	exec(t, lh, fmt.Sprintf("COPY (SELECT * FROM %s) TO '%s' (FORMAT parquet, PARTITION_BY (o_orderstatus))", orig, part))
	cols := "o_orderkey, o_custkey, o_orderstatus, o_totalprice, o_orderdate, o_orderpriority, o_clerk, o_shippriority, o_comment"
	sameRows(t, duck, "orders partitioned",
		fmt.Sprintf("(SELECT %s FROM %s)", cols, orig),
		fmt.Sprintf("(SELECT %s FROM read_parquet('%s/*/*.parquet', hive_partitioning=true))", cols, part))
}

// TestDuckDBReadsAllTypes writes one column of every scalar type with NULLs
// and compares DuckDB's VARCHAR rendering of what it reads with lhsql's.
func TestDuckDBReadsAllTypes(t *testing.T) {
	lh, duck := openBoth(t)
	out := filepath.Join(t.TempDir(), "types.parquet")
	exprs := []string{
		"(i % 2 = 0)::BOOLEAN", "(i - 50)::TINYINT", "(i * 300 - 15000)::SMALLINT", "(i * 100000)::INTEGER",
		"(i * 10000000000)::BIGINT", "i::UTINYINT", "(i * 600)::USMALLINT", "(i * 40000000)::UINTEGER",
		"(i / 8)::FLOAT", "(i / 3)::DOUBLE", "(i * 1.25)::DECIMAL(9,2)", "(i * 1000.125)::DECIMAL(18,3)",
		"(i * 12345.6789)::DECIMAL(38,4)", "'str ' || i::VARCHAR", "('\\x' || lpad(i::VARCHAR, 2, '0'))::BLOB",
		"DATE '2020-02-28' + i::INTEGER", "TIME '01:02:03' + INTERVAL (i) SECOND",
		"TIMESTAMP '2021-06-01 12:00:00.123456' + INTERVAL (i) HOUR",
		"('00000000-0000-4000-8000-' || lpad(i::VARCHAR, 12, '0'))::UUID",
	}
	var items, names []string
	for k, e := range exprs {
		name := fmt.Sprintf("c%02d", k)
		items = append(items, fmt.Sprintf("CASE WHEN i %% 7 = %d THEN NULL ELSE %s END AS %s", k%7, e, name))
		names = append(names, name)
	}
	src := fmt.Sprintf("SELECT i, %s FROM range(0, 100) t(i)", strings.Join(items, ", "))
	exec(t, lh, fmt.Sprintf("COPY (%s) TO '%s' (FORMAT parquet)", src, out))
	casts := make([]string, len(names))
	for k, n := range names {
		casts[k] = "CAST(" + n + " AS VARCHAR)"
	}
	want := strRows(t, lh, fmt.Sprintf("SELECT i, %s FROM (%s) ORDER BY i", strings.Join(casts, ", "), src))
	got := strRows(t, duck, fmt.Sprintf("SELECT i, %s FROM read_parquet('%s') ORDER BY i", strings.Join(casts, ", "), out))
	if len(got) != len(want) {
		t.Fatalf("DuckDB read %d rows, want %d", len(got), len(want))
	}
	for r := range want {
		if got[r] != want[r] {
			t.Errorf("row %d:\nduckdb %s\nlhsql  %s", r, got[r], want[r])
		}
	}
	types := strRows(t, duck, fmt.Sprintf("SELECT column_type FROM (DESCRIBE SELECT * FROM read_parquet('%s'))", out))
	wantTypes := "BIGINT,BOOLEAN,TINYINT,SMALLINT,INTEGER,BIGINT,UTINYINT,USMALLINT,UINTEGER,FLOAT,DOUBLE,DECIMAL(9,2),DECIMAL(18,3),DECIMAL(38,4),VARCHAR,BLOB,DATE,TIME,TIMESTAMP,UUID"
	if strings.Join(types, ",") != wantTypes {
		t.Errorf("DuckDB types = %s\nwant            %s", strings.Join(types, ","), wantTypes)
	}
}
