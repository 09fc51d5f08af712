// Command benchmedian reads `go test -bench` output on stdin, copies it to
// stdout, and then prints the median, minimum and maximum milliseconds per
// operation of every benchmark (over its -count repetitions). It exits
// non-zero when the input reports a failure or contains no results.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
)

// resultLine matches "BenchmarkX/sub-8   	  3	  123456 ns/op ...".
var resultLine = regexp.MustCompile(`^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+([0-9.]+) ns/op`)

func main() {
	code, err := run(os.Stdin, os.Stdout)
	if err != nil {
		fmt.Fprintf(os.Stderr, "benchmedian: %v\n", err)
	}
	os.Exit(code)
}

func run(in io.Reader, out io.Writer) (int, error) {
	samples := map[string][]float64{}
	var order []string
	failed := false
	s := bufio.NewScanner(in)
	s.Buffer(make([]byte, 1<<20), 1<<24)
	for s.Scan() {
		line := s.Text()
		fmt.Fprintln(out, line)
		if strings.HasPrefix(line, "FAIL") || strings.HasPrefix(line, "--- FAIL") || strings.HasPrefix(line, "panic:") {
			failed = true
		}
		m := resultLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		ns, err := strconv.ParseFloat(m[2], 64)
		if err != nil {
			continue
		}
		if _, ok := samples[m[1]]; !ok {
			order = append(order, m[1])
		}
		samples[m[1]] = append(samples[m[1]], ns/1e6)
	}
	if err := s.Err(); err != nil {
		return 1, err
	}
	if len(order) == 0 {
		return 1, fmt.Errorf("no benchmark results in the input")
	}
	fmt.Fprintln(out)
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "benchmark\tmedian ms\tmin ms\tmax ms\tsamples\t")
	for _, name := range order {
		xs := slices.Clone(samples[name])
		slices.Sort(xs)
		med := xs[len(xs)/2]
		if len(xs)%2 == 0 {
			med = (xs[len(xs)/2-1] + xs[len(xs)/2]) / 2
		}
		fmt.Fprintf(tw, "%s\t%.1f\t%.1f\t%.1f\t%d\t\n", name, med, xs[0], xs[len(xs)-1], len(xs))
	}
	tw.Flush()
	if failed {
		return 1, fmt.Errorf("the benchmark run reported a failure")
	}
	return 0, nil
}
