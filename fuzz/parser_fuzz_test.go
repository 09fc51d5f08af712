// Package fuzz holds lhsql's cross-package fuzz targets.
package fuzz

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/lhsql/lhsql/sql/parser"
)

// sharedDir is ../shared relative to the repository root.
func sharedDir() string { return filepath.Join("..", "..", "shared") }

// addParserSeeds adds the TPC-H queries and a sample of statements from
// the DuckDB sqllogictest corpus, when ../shared is present.
func addParserSeeds(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(sharedDir(), "tpch", "queries", "*.sql"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b))
		}
	}
	var tests []string
	_ = filepath.WalkDir(filepath.Join(sharedDir(), "slt", "duckdb"), func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".test") {
			tests = append(tests, path)
		}
		return nil
	})
	sort.Strings(tests)
	// Every 8th file, up to 20 statements each, keeps the seed set varied
	// but small enough for a quick run.
	for i := 0; i < len(tests); i += 8 {
		for j, sql := range sltStatements(tests[i]) {
			if j == 20 {
				break
			}
			f.Add(sql)
		}
	}
}

// sltStatements extracts the SQL of statement/query records of a
// sqllogictest file.
func sltStatements(path string) []string {
	fh, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer fh.Close()
	var out, lines []string
	in := false
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if in {
			if line == "----" || strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
				if len(lines) > 0 {
					out = append(out, strings.Join(lines, "\n"))
				}
				in, lines = false, nil
				continue
			}
			lines = append(lines, line)
			continue
		}
		if strings.HasPrefix(line, "statement ") || strings.HasPrefix(line, "query ") {
			in = true
		}
	}
	if in && len(lines) > 0 {
		out = append(out, strings.Join(lines, "\n"))
	}
	return out
}

// checkParseError asserts that err is a well-formed *parser.Error for sql.
func checkParseError(t *testing.T, sql string, err error) {
	var pe *parser.Error
	if !errors.As(err, &pe) {
		t.Fatalf("error %T (%v) is not *parser.Error", err, err)
	}
	if pe.Pos < 0 || int(pe.Pos) > len(sql) {
		t.Fatalf("error position %d outside the input (len %d)", pe.Pos, len(sql))
	}
	if line, col := parser.LineCol(sql, pe.Pos); line != pe.Line || col != pe.Col {
		t.Fatalf("error at %d:%d, LineCol says %d:%d", pe.Line, pe.Col, line, col)
	}
	msg := pe.Error()
	if !strings.HasPrefix(msg, "Parser Error: ") || strings.Count(msg, "\n") != 2 {
		t.Fatalf("bad error rendering: %q", msg)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"SELECT 1",
		"SELECT a, b FROM t WHERE a > 1 ORDER BY b DESC LIMIT 10",
		"FROM 'x.parquet' SELECT * EXCLUDE (a)",
		"WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM r) SELECT * FROM r",
		"SELECT list_transform([1,2], x -> x * 2), {'a': 1}, l[1:2], x::INT[]",
		"CREATE TABLE t (a INT PRIMARY KEY, b VARCHAR DEFAULT 'x')",
		"COPY (SELECT 1) TO 'out.parquet' (FORMAT PARQUET)",
		"SELECT E'\\x41', $$dollar$$, 'it''s', \"Quoted\", 1_000, .5e3",
	} {
		f.Add(s)
	}
	addParserSeeds(f)
	f.Fuzz(func(t *testing.T, sql string) {
		stmts, err := parser.Parse(sql)
		if err != nil {
			if stmts != nil {
				t.Fatalf("Parse returned statements and an error")
			}
			checkParseError(t, sql, err)
		} else {
			for i, s := range stmts {
				if s == nil {
					t.Fatalf("statement %d is nil", i)
				}
			}
		}
		if _, err := parser.ParseExpr(sql); err != nil {
			checkParseError(t, sql, err)
		}
	})
}
