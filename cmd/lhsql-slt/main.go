// Command lhsql-slt runs sqllogictest files against lhsql and reports the
// records passed, failed and skipped per file and per directory.
//
// Usage:
//
//	lhsql-slt [-v] [-floor FILE] [-timeout 10s] [-j 2] [-isolate=true] PATH...
//
// PATH is a test file or a directory searched for *.test and *.test_slow.
// Files run in child processes (-isolate, the default), so an engine crash
// or a runaway query costs only the file it happens in.
// The last line of the output is "N passed, M failed, K skipped". With
// -floor, the command fails when fewer records pass than the number in
// FILE.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"github.com/lhsql/lhsql/internal/slt"
	"github.com/lhsql/lhsql/internal/slt/lhsqlengine"
)

func main() {
	os.Exit(run())
}

func run() int {
	verbose := flag.Bool("v", false, "print every failing record with its SQL, expected and actual output")
	floor := flag.String("floor", "", "fail when fewer records pass than the number in this file")
	timeout := flag.Duration("timeout", slt.DefaultTimeout, "time limit per record")
	workers := flag.Int("j", 2, "files run in parallel")
	isolate := flag.Bool("isolate", true, "run files in child processes, so a crash fails only its file")
	memLimit := flag.Uint64("memlimit", 4<<30, "heap bytes a child process may use before its file is failed")
	childMode := flag.Bool("child", false, "internal: serve file paths on stdin (used by -isolate)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: lhsql-slt [-v] [-floor FILE] PATH...\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	r := &slt.Runner{Engine: lhsqlengine.New(), Timeout: *timeout, Workers: *workers}
	if *childMode {
		if err := slt.ServeChild(r, os.Stdin, os.Stdout, *memLimit); err != nil {
			fmt.Fprintln(os.Stderr, "lhsql-slt:", err)
			return 1
		}
		return 0
	}
	if flag.NArg() == 0 {
		flag.Usage()
		return 2
	}
	min := -1
	if *floor != "" {
		n, err := readFloor(*floor)
		if err != nil {
			fmt.Fprintln(os.Stderr, "lhsql-slt:", err)
			return 2
		}
		min = n
	}
	files, err := slt.CollectFiles(flag.Args())
	if err != nil {
		fmt.Fprintln(os.Stderr, "lhsql-slt:", err)
		return 2
	}
	if len(files) == 0 {
		fmt.Fprintln(os.Stderr, "lhsql-slt: no test files found")
		return 2
	}
	var results []slt.FileResult
	if *isolate {
		self, err := os.Executable()
		if err != nil {
			fmt.Fprintln(os.Stderr, "lhsql-slt:", err)
			return 2
		}
		results = slt.RunIsolated(files, *workers, func() *exec.Cmd {
			return exec.Command(self, "-child", "-timeout", timeout.String(), "-memlimit", strconv.FormatUint(*memLimit, 10))
		})
	} else {
		results = r.RunFiles(files)
	}
	w := bufio.NewWriter(os.Stdout)
	slt.WriteReport(w, results, *verbose)
	w.Flush()
	t := slt.Sum(results)
	if min >= 0 && t.Passed < min {
		fmt.Fprintf(os.Stderr, "lhsql-slt: %d records passed, below the floor of %d in %s\n", t.Passed, min, *floor)
		return 1
	}
	return 0
}

// readFloor reads the first integer of a floor file; lines starting with #
// are comments.
func readFloor(path string) (int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	for _, l := range strings.Split(string(data), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		n, err := strconv.Atoi(l)
		if err != nil {
			return 0, fmt.Errorf("floor file %s: %w", path, err)
		}
		return n, nil
	}
	return 0, fmt.Errorf("floor file %s holds no number", path)
}
