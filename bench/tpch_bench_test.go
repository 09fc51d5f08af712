package bench_test

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/lhsql/lhsql/driver"
)

var (
	tpchData    = flag.String("tpch-data", "../../shared/tpch/data/sf0.1", "directory of the TPC-H Parquet files")
	tpchQueries = flag.String("tpch-queries", "../../shared/tpch/queries", "directory of q01.sql .. q22.sql")
	threads     = flag.Int("threads", 0, "SET threads = N before the queries (0 = lhsql's default)")
)

var tables = []string{"nation", "region", "supplier", "customer", "part", "partsupp", "orders", "lineitem"}

// BenchmarkTPCH runs the 22 TPC-H queries in lhsql over views of the
// Parquet files in -tpch-data, one sub-benchmark per query (q01 .. q22).
// Each sub-benchmark runs its query once untimed as a warm-up. Besides
// ns/op it reports ms/op; cmd/benchmedian turns -count=N output into a
// median per query.
func BenchmarkTPCH(b *testing.B) {
	data, err := filepath.Abs(*tpchData)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(data, "lineitem.parquet")); err != nil {
		b.Skipf("TPC-H data not found in %s (set -tpch-data): %v", data, err)
	}
	ctx := context.Background()
	db, err := sql.Open("lhsql", "")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	conn, err := db.Conn(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	if *threads > 0 {
		if _, err := conn.ExecContext(ctx, fmt.Sprintf("SET threads = %d", *threads)); err != nil {
			b.Fatal(err)
		}
	}
	for _, t := range tables {
		path := filepath.ToSlash(filepath.Join(data, t+".parquet"))
		q := fmt.Sprintf("CREATE VIEW %s AS SELECT * FROM read_parquet('%s')", t, strings.ReplaceAll(path, "'", "''"))
		if _, err := conn.ExecContext(ctx, q); err != nil {
			b.Fatalf("%s: %v", q, err)
		}
	}
	for i := 1; i <= 22; i++ {
		name := fmt.Sprintf("q%02d", i)
		text, err := os.ReadFile(filepath.Join(*tpchQueries, name+".sql"))
		if err != nil {
			b.Fatal(err)
		}
		query := string(text)
		b.Run(name, func(b *testing.B) {
			if _, err := runQuery(ctx, conn, query); err != nil {
				b.Fatalf("%s: %v", name, err)
			}
			for b.Loop() {
				if _, err := runQuery(ctx, conn, query); err != nil {
					b.Fatalf("%s: %v", name, err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/1e6/float64(b.N), "ms/op")
		})
	}
}

// runQuery runs query and reads all its rows, returning the row count.
func runQuery(ctx context.Context, conn *sql.Conn, query string) (int, error) {
	rows, err := conn.QueryContext(ctx, query)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	if n == 0 {
		return 0, fmt.Errorf("no rows")
	}
	return n, rows.Close()
}
