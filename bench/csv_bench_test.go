package bench_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"
	"github.com/lhsql/lhsql/storage/csv"
)

// BenchmarkReadCSV parses the CSV file named by LHSQL_CSV_BENCH (for
// example 2M lineitem rows written by lhsql's COPY ... TO) into memory:
// lhsql's reader with 1 and 2 parsing goroutines, and DuckDB's read_csv
// loading a temporary table with threads=1 and 2.
func BenchmarkReadCSV(b *testing.B) {
	path := os.Getenv("LHSQL_CSV_BENCH")
	if path == "" {
		b.Skip("LHSQL_CSV_BENCH not set")
	}
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	for _, threads := range []int{1, 2} {
		b.Run(fmt.Sprintf("engine=lhsql/threads=%d", threads), func(b *testing.B) {
			b.SetBytes(st.Size())
			for b.Loop() {
				t, err := csv.Open(path, csv.Options{Threads: threads})
				if err != nil {
					b.Fatal(err)
				}
				if t.RowCount() == 0 {
					b.Fatal("no rows")
				}
			}
		})
	}
	duck, err := sql.Open("duckdb", "")
	if err != nil {
		b.Fatal(err)
	}
	defer duck.Close()
	duck.SetMaxOpenConns(1)
	ctx := context.Background()
	for _, threads := range []int{1, 2} {
		b.Run(fmt.Sprintf("engine=duckdb/threads=%d", threads), func(b *testing.B) {
			if _, err := duck.ExecContext(ctx, fmt.Sprintf("SET threads = %d", threads)); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(st.Size())
			for b.Loop() {
				if _, err := duck.ExecContext(ctx, fmt.Sprintf("CREATE OR REPLACE TEMP TABLE csv_bench AS FROM read_csv('%s')", path)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
