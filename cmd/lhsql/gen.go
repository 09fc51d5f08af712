package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/lhsql/lhsql/internal/tpchgen"
)

const genUsage = `usage: lhsql gen tpch --sf N --out DIR [--workers N]

Generates the eight TPC-H tables at scale factor N and writes them to DIR
as <table>.parquet (zstd, row groups of ~122,880 rows, min/max statistics).
`

// genMain runs "lhsql gen ...": data generators. It returns the exit code.
func genMain(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	return genRun(ctx, args, os.Stdout, os.Stderr)
}

// genRun implements genMain with explicit context and output streams.
func genRun(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "tpch" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			io.WriteString(stdout, genUsage)
			return 0
		}
		fmt.Fprint(stderr, genUsage)
		return 2
	}
	fs := flag.NewFlagSet("lhsql gen tpch", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, genUsage) }
	sf := fs.Float64("sf", 1, "scale factor")
	out := fs.String("out", "", "output directory")
	workers := fs.Int("workers", 0, "generator goroutines (0 = all cores)")
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *out == "" || fs.NArg() > 0 {
		fmt.Fprint(stderr, genUsage)
		return 2
	}
	start := time.Now()
	if err := tpchgen.WriteParquet(ctx, *sf, *out, *workers); err != nil {
		fmt.Fprintf(stderr, "lhsql gen: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "wrote TPC-H sf=%g to %s in %.1fs\n", *sf, *out, time.Since(start).Seconds())
	return 0
}
