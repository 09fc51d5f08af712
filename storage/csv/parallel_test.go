package csv

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/lhsql/lhsql/vector"
)

// withSmallRanges makes parseAll split even tiny inputs.
func withSmallRanges(t *testing.T, n int) {
	t.Helper()
	old := minRangeBytes
	minRangeBytes = n
	t.Cleanup(func() { minRangeBytes = old })
}

// genCSV writes rows of id, text, amount, day where the text is sometimes
// quoted and holds delimiters, doubled quotes and newlines.
func genCSV(rng *rand.Rand, rows int, quotedNewlines bool) string {
	var b strings.Builder
	b.WriteString("id,note,amount,day\n")
	for i := range rows {
		note := fmt.Sprintf("n%d", rng.IntN(1000))
		switch rng.IntN(6) {
		case 0:
			note = `"a, b"`
		case 1:
			note = `"say ""hi"""`
		case 2:
			if quotedNewlines {
				note = "\"line one\nline two\r\nline three\""
			}
		case 3:
			note = ""
		}
		fmt.Fprintf(&b, "%d,%s,%d.%02d,2024-%02d-%02d\n", i, note, rng.IntN(10000), rng.IntN(100), 1+rng.IntN(12), 1+rng.IntN(28))
	}
	return b.String()
}

func TestParallelMatchesSerial(t *testing.T) {
	withSmallRanges(t, 97)
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct {
		name string
		data string
		opts Options
	}{
		{"plain", genCSV(rng, 3000, false), Options{}},
		{"quoted-newlines", genCSV(rng, 3000, true), Options{}},
		{"no-header", strings.SplitN(genCSV(rng, 2000, true), "\n", 2)[1], Options{Header: boolp(false)}},
		{"crlf", strings.ReplaceAll(genCSV(rng, 2000, false), "\n", "\r\n"), Options{}},
		{"blank-lines", strings.ReplaceAll(genCSV(rng, 1000, false), "\n1", "\n\n1"), Options{}},
		{"ignore-errors", strings.ReplaceAll(genCSV(rng, 2000, true), ",2024-03-0", ",x2024-03-0"), Options{IgnoreErrors: true, Types: map[string]vector.Type{"day": vector.Date}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			serialOpts := tc.opts
			serialOpts.Threads = 1
			want, err := Parse("s.csv", []byte(tc.data), serialOpts)
			if err != nil {
				t.Fatal(err)
			}
			wantSchema, wantRows := readAll(t, want)
			for _, threads := range []int{2, 3, 8} {
				opts := tc.opts
				opts.Threads = threads
				got, err := Parse("s.csv", []byte(tc.data), opts)
				if err != nil {
					t.Fatalf("threads=%d: %v", threads, err)
				}
				gotSchema, gotRows := readAll(t, got)
				if !slices.Equal(gotSchema, wantSchema) {
					t.Fatalf("threads=%d: schema %v, serial %v", threads, gotSchema, wantSchema)
				}
				if len(gotRows) != len(wantRows) {
					t.Fatalf("threads=%d: %d rows, serial %d", threads, len(gotRows), len(wantRows))
				}
				for i := range gotRows {
					if !slices.Equal(gotRows[i], wantRows[i]) {
						t.Fatalf("threads=%d: row %d = %v, serial %v", threads, i, gotRows[i], wantRows[i])
					}
				}
			}
			if tc.opts.IgnoreErrors && len(wantRows) >= 2000 {
				t.Errorf("ignore_errors kept all %d rows; the bad dates were not skipped", len(wantRows))
			}
		})
	}
}

// TestParallelErrorLines checks that errors found by any range name the
// file, the absolute line and the column, as a serial parse does.
func TestParallelErrorLines(t *testing.T) {
	withSmallRanges(t, 61)
	rng := rand.New(rand.NewPCG(3, 4))
	base := genCSV(rng, 2500, true)
	lines := strings.SplitAfter(base, "\n")
	// Corrupt the amount of the record starting at a physical line near the end.
	bad := -1
	for i := len(lines) - 40; i < len(lines); i++ {
		if strings.Count(lines[i], ",") == 3 && !strings.Contains(lines[i], `"`) {
			bad = i
			break
		}
	}
	if bad < 0 {
		t.Fatal("no plain line to corrupt")
	}
	f := strings.Split(lines[bad], ",")
	f[2] = "12x"
	lines[bad] = strings.Join(f, ",")
	data := strings.Join(lines, "")
	path := filepath.Join(t.TempDir(), "bad.csv")
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("line %d, column 3 (\"amount\"): could not convert \"12x\"", bad+1)
	for _, threads := range []int{1, 2, 4} {
		_, err := Open(path, Options{Threads: threads, Types: map[string]vector.Type{"amount": vector.Double}})
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), path) {
			t.Errorf("threads=%d: error %v, want it to name %s and %q", threads, err, path, want)
		}
	}
	// A field-count error and an unterminated quote, too.
	data2 := strings.Join(lines[:bad], "") + "1,2\n" + strings.Join(lines[bad+1:], "")
	data3 := strings.Join(lines[:bad], "") + "1,\"open,2.5,2024-01-01\n"
	for _, tc := range []struct{ data, want string }{
		{data2, fmt.Sprintf("line %d: expected 4 fields, found 2", bad+1)},
		{data3, fmt.Sprintf("line %d: unterminated quoted field", bad+1)},
	} {
		for _, threads := range []int{1, 3} {
			_, err := Parse("e.csv", []byte(tc.data), Options{Threads: threads, SampleRows: 100})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("threads=%d: error %v, want %q", threads, err, tc.want)
			}
		}
	}
}

// BenchmarkOpenLarge parses the file named by LHSQL_CSV_BENCH (for
// example lineitem written by COPY ... TO) with 1 and 2 threads.
func BenchmarkOpenLarge(b *testing.B) {
	path := os.Getenv("LHSQL_CSV_BENCH")
	if path == "" {
		b.Skip("LHSQL_CSV_BENCH not set")
	}
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	for _, threads := range []int{1, 2} {
		b.Run(fmt.Sprintf("threads=%d", threads), func(b *testing.B) {
			b.SetBytes(st.Size())
			cpu := cpuSeconds()
			for b.Loop() {
				t, err := Open(path, Options{Threads: threads})
				if err != nil {
					b.Fatal(err)
				}
				if t.RowCount() == 0 {
					b.Fatal("no rows")
				}
			}
			// CPU time per parse: on a busy machine wall time cannot show
			// the speed-up, but equal CPU time shows no work is repeated.
			b.ReportMetric((cpuSeconds()-cpu)/float64(b.N), "cpu-s/op")
		})
	}
}
