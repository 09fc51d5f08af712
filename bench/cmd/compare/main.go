// Command compare runs the same SQL in lhsql and DuckDB over the same
// Parquet files and reports, per query, the median time of each engine,
// their ratio, the peak resident memory of each engine's process and
// whether the two results agree.
//
// Each engine runs in its own child process (this binary started again
// with -child=ENGINE), so the memory figures are per engine. The parent
// sends the children one query run at a time and alternates between them,
// so background noise on the machine affects both engines alike. Every
// query runs once per engine as a warm-up (its result is the one compared)
// and then -runs times per engine.
//
// Usage:
//
//	compare -set=tpch -sf=1 [-data=DIR] [-queries=1,6,9] [-runs=5] [-threads=N]
//	compare -set=clickbench -rows=1000000 [-data=DIR] [-queries=...]
//	compare -set=tpch -sf=1 -engines=lhsql -simd=avx512,generic -queries=1,6
//
// -simd runs lhsql once per SIMD level, as engines lhsql[LEVEL] whose
// children get LHSQL_SIMD=LEVEL (a child fails when the CPU lacks the
// level); without DuckDB the ratio is the first level's time over the
// second's and their results are compared.
//
// Missing data is generated first (TPC-H with internal/tpchgen, the
// ClickBench-style hits table with its hits generator). Results are
// printed as a table and written as CSV and JSON under -out.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/lhsql/lhsql/internal/tpchgen"
)

type options struct {
	set        string
	sf         float64
	rows       int64
	data       string
	queryDir   string
	queries    string
	runs       int
	threads    int
	engines    []string
	out        string
	timeout    time.Duration
	cpuprofile string
	profileTop int
	genWorkers int
}

func main() {
	var o options
	var engines, child, simdLevels string
	flag.StringVar(&o.set, "set", "tpch", "query set: tpch or clickbench")
	flag.Float64Var(&o.sf, "sf", 1, "TPC-H scale factor")
	flag.Int64Var(&o.rows, "rows", 1_000_000, "rows of the ClickBench-style hits table")
	flag.StringVar(&o.data, "data", "", "data directory (default data/sf<SF> or data/hits-<ROWS>)")
	flag.StringVar(&o.queryDir, "query-dir", "../../shared/tpch/queries", "directory of the TPC-H queries q01.sql .. q22.sql")
	flag.StringVar(&o.queries, "queries", "", "comma-separated query numbers or names to run (default all)")
	flag.IntVar(&o.runs, "runs", 5, "timed runs per query and engine, after one warm-up run")
	flag.IntVar(&o.threads, "threads", 0, "SET threads = N in both engines (0 = engine default)")
	flag.StringVar(&engines, "engines", strings.Join(compiledEngines(), ","), "engines to run")
	flag.StringVar(&simdLevels, "simd", "", "comma-separated SIMD levels (generic, avx2, avx512, neon): run lhsql once per level as engine lhsql[LEVEL] with LHSQL_SIMD=LEVEL, in place of plain lhsql")
	flag.StringVar(&o.out, "out", "results", "directory for the CSV and JSON results")
	flag.DurationVar(&o.timeout, "timeout", 10*time.Minute, "time limit of one query run")
	flag.StringVar(&o.cpuprofile, "cpuprofile", "", "directory for a CPU profile of lhsql per query (<query>.pprof)")
	flag.IntVar(&o.profileTop, "profile-top", 0, "with -cpuprofile: print pprof top 10 of the N queries with the worst lhsql/duckdb ratio")
	flag.IntVar(&o.genWorkers, "gen-workers", 0, "goroutines for data generation (0 = all cores)")
	flag.StringVar(&child, "child", "", "internal: run as the child process of this engine")
	flag.Parse()

	if child != "" {
		if err := childMain(child, o.threads, o.timeout); err != nil {
			fmt.Fprintf(os.Stderr, "compare child %s: %v\n", child, err)
			os.Exit(1)
		}
		return
	}
	o.engines = withSIMD(splitList(engines), splitList(simdLevels))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, o); err != nil {
		fmt.Fprintf(os.Stderr, "compare: %v\n", err)
		os.Exit(1)
	}
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func run(ctx context.Context, o options) error {
	if o.runs < 1 {
		return fmt.Errorf("-runs must be at least 1")
	}
	for _, e := range o.engines {
		if !engineCompiled(e) {
			return fmt.Errorf("engine %q is not compiled into this binary (have %v)", e, compiledEngines())
		}
	}
	var (
		qs     []query
		tables []string
		label  string
		err    error
	)
	switch o.set {
	case "tpch":
		if o.data == "" {
			o.data = filepath.Join("data", "sf"+strconv.FormatFloat(o.sf, 'f', -1, 64))
		}
		label = "tpch-sf" + strconv.FormatFloat(o.sf, 'f', -1, 64)
		if err := ensureTPCH(ctx, o); err != nil {
			return err
		}
		if qs, err = loadTPCH(o.queryDir); err != nil {
			return err
		}
		for _, t := range tpchgen.Tables() {
			tables = append(tables, t.Name)
		}
	case "clickbench":
		if o.data == "" {
			o.data = filepath.Join("data", fmt.Sprintf("hits-%d", o.rows))
		}
		label = fmt.Sprintf("clickbench-%d", o.rows)
		if err := ensureHits(ctx, o); err != nil {
			return err
		}
		qs = clickbenchQueries()
		tables = []string{"hits"}
	default:
		return fmt.Errorf("unknown -set %q (want tpch or clickbench)", o.set)
	}
	if qs, err = selectQueries(qs, o.queries); err != nil {
		return err
	}
	data, err := filepath.Abs(o.data)
	if err != nil {
		return err
	}
	var setup []string
	for _, t := range tables {
		path := filepath.ToSlash(filepath.Join(data, t+".parquet"))
		setup = append(setup, fmt.Sprintf("CREATE VIEW %s AS SELECT * FROM read_parquet('%s')", t, strings.ReplaceAll(path, "'", "''")))
	}
	if o.cpuprofile != "" {
		if err := os.MkdirAll(o.cpuprofile, 0o755); err != nil {
			return err
		}
	}
	rep := &report{
		Set: o.set, Label: label, Data: data, Runs: o.runs, Threads: o.threads,
		Engines: o.engines, Started: time.Now().UTC().Format(time.RFC3339),
		Host: hostInfo(),
	}
	if a, b, ok := ratioPair(o.engines); ok {
		rep.RatioOf = []string{a, b}
	}
	if err := runQueries(ctx, o, setup, qs, rep); err != nil {
		return err
	}
	rep.summarize()
	rep.print(os.Stdout)
	if err := rep.write(o.out); err != nil {
		return err
	}
	if o.cpuprofile != "" && o.profileTop > 0 {
		return printProfiles(os.Stdout, rep, o.cpuprofile, o.profileTop)
	}
	return nil
}

// ensureTPCH generates the TPC-H Parquet files if any is missing.
func ensureTPCH(ctx context.Context, o options) error {
	for _, t := range tpchgen.Tables() {
		if _, err := os.Stat(filepath.Join(o.data, t.Name+".parquet")); err != nil {
			fmt.Fprintf(os.Stderr, "generating TPC-H sf=%g in %s ...\n", o.sf, o.data)
			start := time.Now()
			if err := tpchgen.WriteParquet(ctx, o.sf, o.data, o.genWorkers); err != nil {
				return err
			}
			fmt.Fprintf(os.Stderr, "generated in %.1fs\n", time.Since(start).Seconds())
			return nil
		}
	}
	return nil
}

// ensureHits generates the hits table if it is missing.
func ensureHits(ctx context.Context, o options) error {
	path := filepath.Join(o.data, "hits.parquet")
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	if err := os.MkdirAll(o.data, 0o755); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "generating %d hits rows in %s ...\n", o.rows, path)
	start := time.Now()
	if err := tpchgen.WriteHitsParquet(ctx, o.rows, path, o.genWorkers); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "generated in %.1fs\n", time.Since(start).Seconds())
	return nil
}
