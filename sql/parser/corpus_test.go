package parser

import (
	"bufio"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// sharedDir is ../shared relative to the repository root.
func sharedDir(t testing.TB) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "..", "shared"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestTPCHQueriesParse(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(sharedDir(t), "tpch", "queries", "q*.sql"))
	if len(files) == 0 {
		t.Skip("TPC-H queries not found under ../shared/tpch/queries")
	}
	if len(files) != 22 {
		t.Errorf("found %d TPC-H queries, want 22", len(files))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		stmts, err := Parse(string(b))
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		if len(stmts) != 1 {
			t.Errorf("%s: %d statements, want 1", filepath.Base(f), len(stmts))
			continue
		}
		if _, ok := stmts[0].(*SelectStmt); !ok {
			t.Errorf("%s: got %T, want *SelectStmt", filepath.Base(f), stmts[0])
		}
	}
}

// sltRecord is the SQL of one `statement` or `query` record.
type sltRecord struct {
	file  string
	line  int
	kind  string // "ok", "error", "maybe", "query"
	sql   string
	isErr bool
}

// readSLT extracts the SQL of statement and query records from a DuckDB
// sqllogictest file: the lines after the header up to a "----" line, a
// blank line or a comment line.
func readSLT(path string) ([]sltRecord, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var recs []sltRecord
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var cur *sltRecord
	var lines []string
	flush := func() {
		if cur != nil {
			cur.sql = strings.Join(lines, "\n")
			if strings.TrimSpace(cur.sql) != "" {
				recs = append(recs, *cur)
			}
		}
		cur, lines = nil, nil
	}
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), "\r")
		if cur != nil {
			if line == "----" || strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
				flush()
				continue
			}
			lines = append(lines, line)
			continue
		}
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		switch fields[0] {
		case "statement":
			if len(fields) < 2 {
				continue
			}
			cur = &sltRecord{file: path, line: n, kind: fields[1], isErr: fields[1] == "error"}
		case "query":
			cur = &sltRecord{file: path, line: n, kind: "query"}
		}
	}
	flush()
	return recs, sc.Err()
}

// corpusRecords reads every record of the DuckDB sqllogictest corpus.
func corpusRecords(t testing.TB) []sltRecord {
	root := filepath.Join(sharedDir(t), "slt", "duckdb")
	var files []string
	_ = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".test") {
			files = append(files, path)
		}
		return nil
	})
	if len(files) == 0 {
		t.Skip("sqllogictest corpus not found under ../shared/slt/duckdb")
	}
	sort.Strings(files)
	var recs []sltRecord
	for _, f := range files {
		r, err := readSLT(f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		recs = append(recs, r...)
	}
	return recs
}

func TestCorpusParses(t *testing.T) {
	recs := corpusRecords(t)
	var total, ok, errTotal, errRejected int
	failures := map[string]int{}
	var samples []string
	for _, r := range recs {
		_, err := Parse(r.sql)
		if err != nil {
			if _, isPE := err.(*Error); !isPE {
				t.Errorf("%s:%d: error is %T, want *Error", r.file, r.line, err)
			}
		}
		if r.isErr {
			errTotal++
			if err != nil {
				errRejected++
			}
			continue
		}
		if r.kind != "ok" && r.kind != "query" {
			continue
		}
		total++
		if err == nil {
			ok++
			continue
		}
		msg := err.(*Error).Msg
		failures[msg]++
		if failures[msg] <= 3 {
			samples = append(samples, msg+" <<< "+filepath.Base(r.file)+": "+strings.ReplaceAll(r.sql, "\n", " "))
		}
	}
	rate := 100 * float64(ok) / float64(max(total, 1))
	t.Logf("parsed %d of %d statement ok/query records (%.1f%%); statement error records rejected by the parser: %d of %d",
		ok, total, rate, errRejected, errTotal)
	if os.Getenv("PARSER_CORPUS_VERBOSE") != "" {
		type kv struct {
			k string
			v int
		}
		var top []kv
		for k, v := range failures {
			top = append(top, kv{k, v})
		}
		sort.Slice(top, func(i, j int) bool { return top[i].v > top[j].v })
		for i, e := range top {
			if i == 60 {
				break
			}
			t.Logf("%5d  %s", e.v, e.k)
		}
		for _, s := range samples {
			t.Log(s)
		}
	}
	if rate < 90 {
		t.Errorf("parse success rate %.1f%% is below 90%%", rate)
	}
}
