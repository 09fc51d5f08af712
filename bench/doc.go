// Package bench holds lhsql's benchmarks: BenchmarkTPCH (go test -bench,
// lhsql alone over ../shared/tpch/data/sf0.1) and, under cmd/compare, the
// side-by-side comparison with DuckDB. It is its own module so that
// DuckDB's CGO bindings never enter the main module.
package bench
