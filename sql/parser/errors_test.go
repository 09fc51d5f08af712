package parser

import (
	"errors"
	"strings"
	"testing"
)

func TestErrorRendering(t *testing.T) {
	_, err := Parse("SELECT FROM t")
	want := "Parser Error: syntax error at or near \"FROM\" (line 1, column 8)\n" +
		"LINE 1: SELECT FROM t\n" +
		"               ^"
	if err == nil || err.Error() != want {
		t.Fatalf("got:\n%v\nwant:\n%s", err, want)
	}
}

func TestErrorPositions(t *testing.T) {
	tests := []struct {
		sql       string
		msg       string // substring of Msg
		line, col int
		caretLine string // the LINE n: ... text shown
	}{
		{"SELECT 1 +", "syntax error at end of input", 1, 11, "SELECT 1 +"},
		{"SELECT *\nFROM t\nWHERE a = = 1", `syntax error at or near "="`, 3, 11, "WHERE a = = 1"},
		{"SELECT (1 + 2", `end of input: expected ")"`, 1, 14, "SELECT (1 + 2"},
		{"SELECT 'abc", "unterminated quoted string", 1, 8, "SELECT 'abc"},
		{"SELECT \"abc", "unterminated quoted identifier", 1, 8, `SELECT "abc`},
		{"SELECT 1 /* open", "unterminated /* comment", 1, 10, "SELECT 1 /* open"},
		{"SELECT a FROM t WHERE", "syntax error at end of input", 1, 22, "SELECT a FROM t WHERE"},
		{"SELECT a FROM t WHERE\n-- comment\n\n", "syntax error at end of input", 1, 22, "SELECT a FROM t WHERE"},
		{"SELEC 1", `syntax error at or near "SELEC"`, 1, 1, "SELEC 1"},
		{"SELECT 1;\n  GRANT x", `syntax error at or near "GRANT"`, 2, 3, "  GRANT x"},
		{"SELECT CAST(1 AS) FROM t", `syntax error at or near ")": expected type name`, 1, 17, "SELECT CAST(1 AS) FROM t"},
		{"SELECT é, ü FROM", "syntax error at end of input", 1, 17, "SELECT é, ü FROM"},
		{"SELECT a FROM t JOIN u", "expected ON or USING", 1, 23, "SELECT a FROM t JOIN u"},
		{"CREATE TRIGGER x", `CREATE TRIGGER is not supported`, 1, 8, "CREATE TRIGGER x"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.sql)
		var pe *Error
		if !errors.As(err, &pe) {
			t.Errorf("Parse(%q): error %v is not *Error", tt.sql, err)
			continue
		}
		if !strings.Contains(pe.Msg, tt.msg) {
			t.Errorf("Parse(%q): msg %q does not contain %q", tt.sql, pe.Msg, tt.msg)
		}
		if pe.Line != tt.line || pe.Col != tt.col {
			t.Errorf("Parse(%q): at %d:%d, want %d:%d", tt.sql, pe.Line, pe.Col, tt.line, tt.col)
		}
		lines := strings.Split(pe.Error(), "\n")
		if len(lines) != 3 {
			t.Errorf("Parse(%q): rendering has %d lines: %q", tt.sql, len(lines), pe.Error())
			continue
		}
		prefix := "LINE " + itoa(tt.line) + ": "
		if lines[1] != prefix+tt.caretLine {
			t.Errorf("Parse(%q): context line %q, want %q", tt.sql, lines[1], prefix+tt.caretLine)
		}
		caret := strings.IndexByte(lines[2], '^')
		if want := len(prefix) + tt.col - 1; caret != want || strings.TrimSpace(lines[2]) != "^" {
			t.Errorf("Parse(%q): caret at %d, want %d:\n%s", tt.sql, caret, want, pe.Error())
		}
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + itoa(n%10)
}

func TestErrorfForBinder(t *testing.T) {
	sql := "SELECT x\nFROM t"
	e := NewError(KindBinder, sql, 7, "Referenced column %q not found", "x")
	want := "Binder Error: Referenced column \"x\" not found (line 1, column 8)\n" +
		"LINE 1: SELECT x\n" +
		"               ^"
	if e.Error() != want {
		t.Errorf("got:\n%s\nwant:\n%s", e.Error(), want)
	}
	e = Errorf(sql, -1, "no position")
	if e.Error() != "Parser Error: no position" {
		t.Errorf("unknown position rendering: %q", e.Error())
	}
	e = Errorf(sql, 9, "second line")
	if e.Line != 2 || e.Col != 1 || !strings.Contains(e.Error(), "LINE 2: FROM t\n        ^") {
		t.Errorf("second line rendering: %q", e.Error())
	}
}

func TestErrorLongLineWindow(t *testing.T) {
	sql := "SELECT " + strings.Repeat("a + ", 100) + "FROM"
	_, err := Parse(sql)
	var pe *Error
	if !errors.As(err, &pe) {
		t.Fatalf("got %v", err)
	}
	lines := strings.Split(pe.Error(), "\n")
	if len(lines[1]) > 200 {
		t.Errorf("context line not shortened: %d chars", len(lines[1]))
	}
	caret := strings.IndexByte(lines[2], '^')
	if got := lines[1][caret : caret+4]; got != "FROM" {
		t.Errorf("caret points at %q, want FROM", got)
	}
}

func TestLineCol(t *testing.T) {
	sql := "ab\ncé\n\nx"
	tests := []struct {
		pos       Pos
		line, col int
	}{{0, 1, 1}, {2, 1, 3}, {3, 2, 1}, {5, 2, 3}, {7, 3, 1}, {8, 4, 1}, {100, 4, 2}, {-5, 1, 1}}
	for _, tt := range tests {
		if l, c := LineCol(sql, tt.pos); l != tt.line || c != tt.col {
			t.Errorf("LineCol(%d) = %d:%d, want %d:%d", tt.pos, l, c, tt.line, tt.col)
		}
	}
}

func TestDeepNesting(t *testing.T) {
	for _, sql := range []string{
		"SELECT " + strings.Repeat("(", 20000) + "1" + strings.Repeat(")", 20000),
		"SELECT " + strings.Repeat("- ", 20000) + "1",
		"SELECT " + strings.Repeat("NOT ", 20000) + "true",
		strings.Repeat("(", 10000) + "SELECT 1" + strings.Repeat(")", 10000),
		"SELECT * FROM " + strings.Repeat("(", 10000) + "t" + strings.Repeat(")", 10000),
		"SELECT 1::" + strings.Repeat("STRUCT(a ", 10000) + "INT" + strings.Repeat(")", 10000),
		"SELECT " + strings.Repeat("[", 20000),
		"SELECT " + strings.Repeat("f(", 20000),
		"SELECT " + strings.Repeat("CASE WHEN ", 20000),
		strings.Repeat("EXPLAIN ", 20000) + "SELECT 1",
	} {
		_, err := Parse(sql)
		var pe *Error
		if !errors.As(err, &pe) {
			t.Errorf("deep nesting: got %v, want *Error", err)
			continue
		}
		if !strings.Contains(pe.Msg, "too deeply nested") {
			t.Errorf("deep nesting: msg %q", pe.Msg)
		}
	}
	// Moderate nesting is fine.
	if _, err := Parse("SELECT " + strings.Repeat("(", 200) + "1" + strings.Repeat(")", 200)); err != nil {
		t.Errorf("nesting 200: %v", err)
	}
}

func TestRejects(t *testing.T) {
	for _, sql := range []string{
		"SELECT",
		"SELECT 1 2",
		"SELECT * FROM",
		"SELECT a FROM t WHERE",
		"SELECT (SELECT 1",
		"SELECT CASE END",
		"SELECT x IS 5",
		"SELECT * FROM t LIMIT 1, 2",
		"INSERT INTO t",
		"CREATE TABLE t (",
		"DROP t",
		"SELECT 1 UNION",
		"SELECT a FROM t GROUP BY",
		"SELECT [1, 2",
		"SELECT {'a' 1}",
		"SELECT $0",
		"SELECT f(x => )",
		"WITH x AS SELECT 1 SELECT 2",
		"UPDATE t SET",
		"SELECT 1 FROM t NATURAL CROSS JOIN u",
		"SELECT INTERVAL 3",
		"COPY t TO",
		`SELECT ""`,
		"SELECT ``",
		`SELECT E'\000'`,
		`SELECT E'\xFF'`,
		"VALUES (1, 2), (3)",
		"WITH a AS (SELECT 1), a AS (SELECT 2) SELECT 1",
		"UPDATE t SET t.a = 1",
		"SELECT * REPLACE (1 AS a, 2 AS a) FROM t",
		"SELECT * EXCLUDE (a) REPLACE (1 AS a) FROM t",
		"INSERT INTO t (a) DEFAULT VALUES",
		"SELECT * FROM t PIVOT (sum(x) FOR y IN ())",
	} {
		if _, err := Parse(sql); err == nil {
			t.Errorf("Parse(%q) succeeded, want error", sql)
		} else if _, ok := err.(*Error); !ok {
			t.Errorf("Parse(%q): %T is not *Error", sql, err)
		}
	}
}
