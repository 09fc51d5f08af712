// Command duckrewrite rewrites every Parquet file of a directory with
// DuckDB's own Parquet writer, so that lhsql and DuckDB can be compared
// on files another engine wrote (DuckDB's encodings, page sizes and
// compression) as well as on lhsql's.
//
//	go run ./cmd/duckrewrite -in data/sf1 -out data/sf1-duckdb [-codec zstd]
package main

import (
	"database/sql"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	_ "github.com/duckdb/duckdb-go/v2"
)

func main() {
	in := flag.String("in", "", "directory of Parquet files to read")
	out := flag.String("out", "", "directory to write to (created)")
	codec := flag.String("codec", "zstd", "compression of the written files (DuckDB COPY COMPRESSION)")
	flag.Parse()
	if *in == "" || *out == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*in, *out, *codec); err != nil {
		log.Fatal(err)
	}
}

func run(in, out, codec string) error {
	files, err := filepath.Glob(filepath.Join(in, "*.parquet"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("no Parquet files in %s", in)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return err
	}
	defer db.Close()
	quote := func(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
	for _, f := range files {
		dst := filepath.Join(out, filepath.Base(f))
		q := fmt.Sprintf("COPY (SELECT * FROM read_parquet(%s)) TO %s (FORMAT parquet, COMPRESSION %s)", quote(f), quote(dst), codec)
		if _, err := db.Exec(q); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		fmt.Println("wrote", dst)
	}
	return nil
}
