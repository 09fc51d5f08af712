package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// engineResult is one engine's outcome for one query.
type engineResult struct {
	MedianMS float64   `json:"median_ms"`
	RunsMS   []float64 `json:"runs_ms"`
	// CPU time (user + system, all threads) of the engine's process per
	// timed run, and its median: less disturbed than wall time by other
	// processes on a busy machine.
	MedianCPUMS float64   `json:"median_cpu_ms,omitempty"`
	CPURunsMS   []float64 `json:"cpu_runs_ms,omitempty"`
	PeakMB      float64   `json:"peak_rss_mb"`
	Rows        int       `json:"rows"`
	Err         string    `json:"error,omitempty"`
}

// queryResult is one query's outcome on all engines.
type queryResult struct {
	Name    string                   `json:"name"`
	SQL     string                   `json:"sql"`
	Engines map[string]*engineResult `json:"engines"`
	// Ratio is the median time of the report's RatioOf[0] over RatioOf[1]
	// (lhsql over DuckDB unless -simd variants run without DuckDB); 0 when
	// either failed.
	Ratio float64 `json:"ratio"`
	// Agree is "yes", "order" (same rows, other order), a description of
	// the first difference, or "" when the results were not compared.
	Agree string `json:"agree"`
}

// report is the outcome of one compare run.
type report struct {
	Set      string         `json:"set"`
	Label    string         `json:"label"`
	Data     string         `json:"data"`
	Runs     int            `json:"runs"`
	Threads  int            `json:"threads"`
	Engines  []string       `json:"engines"`
	RatioOf  []string       `json:"ratio_of,omitempty"` // the two engines of each query's ratio
	Started  string         `json:"started"`
	Host     map[string]any `json:"host"`
	Queries  []*queryResult `json:"queries"`
	Geomean  float64        `json:"geomean_ratio"`
	GeomeanN int            `json:"geomean_queries"`
	Agreed   int            `json:"agreed"`
	Compared int            `json:"compared"`
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func (q *queryResult) finish(engines []string) {
	for _, e := range engines {
		if er := q.Engines[e]; er != nil && er.Err == "" {
			er.MedianMS = median(er.RunsMS)
			er.MedianCPUMS = median(er.CPURunsMS)
		}
	}
	ea, eb, ok := ratioPair(engines)
	if !ok {
		return
	}
	l, d := q.Engines[ea], q.Engines[eb]
	if l != nil && d != nil && l.Err == "" && d.Err == "" && d.MedianMS > 0 {
		q.Ratio = l.MedianMS / d.MedianMS
	}
}

func (q *queryResult) progressLine(engines []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:", q.Name)
	for _, e := range engines {
		er := q.Engines[e]
		if er.Err != "" {
			fmt.Fprintf(&b, " %s ERROR %s;", e, firstLine(er.Err, 120))
		} else {
			fmt.Fprintf(&b, " %s %.1f ms (cpu %.1f ms);", e, er.MedianMS, er.MedianCPUMS)
		}
	}
	if q.Ratio > 0 {
		fmt.Fprintf(&b, " ratio %.2f;", q.Ratio)
	}
	if q.Agree != "" {
		fmt.Fprintf(&b, " agree %s", firstLine(q.Agree, 120))
	}
	return b.String()
}

func firstLine(s string, n int) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > n {
		s = s[:n] + "..."
	}
	return s
}

func (r *report) summarize() {
	var logSum float64
	for _, q := range r.Queries {
		if q.Ratio > 0 {
			logSum += math.Log(q.Ratio)
			r.GeomeanN++
		}
		if q.Agree != "" {
			r.Compared++
			if q.Agree == "yes" {
				r.Agreed++
			}
		}
	}
	if r.GeomeanN > 0 {
		r.Geomean = math.Exp(logSum / float64(r.GeomeanN))
	}
}

func fmtMS(er *engineResult) string {
	if er == nil {
		return "-"
	}
	if er.Err != "" {
		return "ERROR"
	}
	return strconv.FormatFloat(er.MedianMS, 'f', 1, 64)
}

func fmtMB(er *engineResult) string {
	if er == nil || er.PeakMB == 0 {
		return "-"
	}
	return strconv.FormatFloat(er.PeakMB, 'f', 0, 64)
}

// print writes the result table and the errors below it.
func (r *report) print(w io.Writer) {
	fmt.Fprintf(w, "\n%s  (%d timed runs per engine after a warm-up; median ms; peak RSS in MB)\n", r.Label, r.Runs)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	header := []string{"query"}
	for _, e := range r.Engines {
		header = append(header, e+" ms")
	}
	showRatio := len(r.RatioOf) == 2
	if showRatio {
		header = append(header, "ratio")
	}
	for _, e := range r.Engines {
		header = append(header, e+" MB")
	}
	header = append(header, "agree")
	fmt.Fprintln(tw, strings.Join(header, "\t")+"\t")
	for _, q := range r.Queries {
		cells := []string{q.Name}
		for _, e := range r.Engines {
			cells = append(cells, fmtMS(q.Engines[e]))
		}
		if showRatio {
			if q.Ratio > 0 {
				cells = append(cells, strconv.FormatFloat(q.Ratio, 'f', 2, 64))
			} else {
				cells = append(cells, "-")
			}
		}
		for _, e := range r.Engines {
			cells = append(cells, fmtMB(q.Engines[e]))
		}
		agree := q.Agree
		if agree == "" {
			agree = "-"
		} else if agree != "yes" && agree != "order" {
			agree = "NO"
		}
		cells = append(cells, agree)
		fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
	}
	tw.Flush()
	r.printCPU(w)
	if r.GeomeanN > 0 {
		fmt.Fprintf(w, "geomean ratio %s/%s over %d queries: %.2f\n", r.RatioOf[0], r.RatioOf[1], r.GeomeanN, r.Geomean)
	}
	if r.Compared > 0 {
		fmt.Fprintf(w, "results agree on %d of %d compared queries\n", r.Agreed, r.Compared)
	}
	for _, q := range r.Queries {
		for _, e := range r.Engines {
			if er := q.Engines[e]; er != nil && er.Err != "" {
				fmt.Fprintf(w, "%s %s: %s\n", q.Name, e, firstLine(er.Err, 300))
			}
		}
		if q.Agree != "" && q.Agree != "yes" {
			fmt.Fprintf(w, "%s differs: %s\n", q.Name, firstLine(q.Agree, 300))
		}
	}
}

// printCPU writes the median CPU time per query and engine (and the ratio
// of the ratio engines' CPU times) when the children reported it.
func (r *report) printCPU(w io.Writer) {
	have := false
	for _, q := range r.Queries {
		for _, er := range q.Engines {
			have = have || er.MedianCPUMS > 0
		}
	}
	if !have {
		return
	}
	fmt.Fprintf(w, "CPU time of each engine process (user+sys, all threads; median ms):\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	header := []string{"query"}
	for _, e := range r.Engines {
		header = append(header, e+" cpu ms")
	}
	if len(r.RatioOf) == 2 {
		header = append(header, "cpu ratio")
	}
	fmt.Fprintln(tw, strings.Join(header, "\t")+"\t")
	for _, q := range r.Queries {
		cells := []string{q.Name}
		for _, e := range r.Engines {
			if er := q.Engines[e]; er != nil && er.Err == "" && er.MedianCPUMS > 0 {
				cells = append(cells, strconv.FormatFloat(er.MedianCPUMS, 'f', 1, 64))
			} else {
				cells = append(cells, "-")
			}
		}
		if len(r.RatioOf) == 2 {
			a, b := q.Engines[r.RatioOf[0]], q.Engines[r.RatioOf[1]]
			if a != nil && b != nil && a.Err == "" && b.Err == "" && a.MedianCPUMS > 0 && b.MedianCPUMS > 0 {
				cells = append(cells, strconv.FormatFloat(a.MedianCPUMS/b.MedianCPUMS, 'f', 2, 64))
			} else {
				cells = append(cells, "-")
			}
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
	}
	tw.Flush()
}

// write stores the report as JSON and CSV in dir, under a timestamped name
// and as <label>-latest.
func (r *report) write(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	stamp := time.Now().UTC().Format("20060102T150405Z")
	js, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	var cb strings.Builder
	cw := csv.NewWriter(&cb)
	head := []string{"query"}
	for _, e := range r.Engines {
		head = append(head, e+"_median_ms", e+"_peak_rss_mb", e+"_rows", e+"_error")
	}
	head = append(head, "ratio", "agree")
	cw.Write(head)
	for _, q := range r.Queries {
		row := []string{q.Name}
		for _, e := range r.Engines {
			er := q.Engines[e]
			row = append(row, strconv.FormatFloat(er.MedianMS, 'f', 3, 64),
				strconv.FormatFloat(er.PeakMB, 'f', 1, 64), strconv.Itoa(er.Rows), er.Err)
		}
		row = append(row, strconv.FormatFloat(q.Ratio, 'f', 4, 64), q.Agree)
		cw.Write(row)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	for _, name := range []string{r.Label + "-" + stamp, r.Label + "-latest"} {
		if err := os.WriteFile(filepath.Join(dir, name+".json"), append(js, '\n'), 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, name+".csv"), []byte(cb.String()), 0o644); err != nil {
			return err
		}
	}
	fmt.Printf("wrote %s\n", filepath.Join(dir, r.Label+"-"+stamp+".{json,csv}"))
	return nil
}

// hostInfo describes the machine for the report.
func hostInfo() map[string]any {
	h := map[string]any{
		"goos": runtime.GOOS, "goarch": runtime.GOARCH, "cpus": runtime.NumCPU(),
		"go": runtime.Version(),
	}
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		defer f.Close()
		s := bufio.NewScanner(f)
		for s.Scan() {
			if k, v, ok := strings.Cut(s.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				h["cpu"] = strings.TrimSpace(v)
				break
			}
		}
	}
	return h
}
