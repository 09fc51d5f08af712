package slt

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseRecords(t *testing.T) {
	text := strings.Join([]string{
		"# name: test/sql/x.test",
		"",
		"statement ok",
		"CREATE TABLE t(i INTEGER);",
		"",
		"statement error con2",
		"SELECT x",
		"FROM t",
		"----",
		"Binder Error",
		"",
		"statement maybe",
		"SELECT 1",
		"----",
		"",
		"query IT rowsort",
		"SELECT 1, 'a'",
		"----",
		"1\ta",
		"",
		"query I valuesort q1",
		"SELECT 1",
		"----",
		"1",
		"2",
		"",
		"query R con1",
		"SELECT 1.5",
		"----",
		"1.5",
		"",
		"query I sort",
		"SELECT 1",
		"",
		"query I none",
		"SELECT 1",
		"----",
		"1",
	}, "\r\n")
	sc := parseScript("x.test", text)
	if sc.skipReason != "" || sc.sqlite {
		t.Fatalf("skipReason %q sqlite %v", sc.skipReason, sc.sqlite)
	}
	want := []command{
		{kind: cmdStatement, line: 3, expect: expectOK, sql: "CREATE TABLE t(i INTEGER);"},
		{kind: cmdStatement, line: 6, expect: expectError, conn: "con2", sql: "SELECT x\nFROM t", errMsg: "Binder Error"},
		{kind: cmdStatement, line: 12, expect: expectMaybe, sql: "SELECT 1"},
		{kind: cmdQuery, line: 16, types: "IT", sort: sortRows, sql: "SELECT 1, 'a'", hasResult: true, expected: []string{"1\ta"}},
		{kind: cmdQuery, line: 21, types: "I", sort: sortValues, label: "q1", sql: "SELECT 1", hasResult: true, expected: []string{"1", "2"}},
		{kind: cmdQuery, line: 27, types: "R", conn: "con1", sql: "SELECT 1.5", hasResult: true, expected: []string{"1.5"}},
		{kind: cmdQuery, line: 32, types: "I", sort: sortRows, sql: "SELECT 1"},
		{kind: cmdQuery, line: 35, types: "I", sort: sortNone, sql: "SELECT 1", hasResult: true, expected: []string{"1"}},
	}
	if len(sc.cmds) != len(want) {
		t.Fatalf("got %d commands, want %d: %+v", len(sc.cmds), len(want), sc.cmds)
	}
	for i := range want {
		if !reflect.DeepEqual(*sc.cmds[i], want[i]) {
			t.Errorf("command %d:\n got %+v\nwant %+v", i, *sc.cmds[i], want[i])
		}
	}
}

func TestParseCommentsInSQL(t *testing.T) {
	text := "statement ok\nSELECT 1\n# a comment\nSELECT 2\n\nquery I\nSELECT 3\n----\n3\n"
	// DuckDB: the comment ends the SQL; the next line starts a new record,
	// which is not a command.
	sc := parseScript("x.test", text)
	if len(sc.cmds) != 3 || sc.cmds[0].sql != "SELECT 1" || sc.cmds[1].kind != cmdBad || sc.cmds[2].kind != cmdQuery {
		t.Fatalf("duckdb style: %+v", sc.cmds)
	}
	// SQLite: comment lines inside a record are dropped.
	sc = parseScript("x.test", "hash-threshold 8\n\n"+text)
	if !sc.sqlite {
		t.Fatal("hash-threshold should make the file SQLite style")
	}
	if len(sc.cmds) != 3 || sc.cmds[1].sql != "SELECT 1\nSELECT 2" {
		t.Fatalf("sqlite style: %+v", sc.cmds)
	}
}

func TestParseStatementErrorNeedsMessage(t *testing.T) {
	sc := parseScript("x.test", "statement error\nSELECT x\n\nstatement ok\nSELECT 1\n----\nboom\n")
	if len(sc.cmds) != 2 || sc.cmds[0].kind != cmdBad || sc.cmds[1].kind != cmdBad {
		t.Fatalf("got %+v", sc.cmds)
	}
	// In the SQLite format statement error has no message.
	sc = parseScript("sqllogictest/x.test", "statement error\nSELECT x\n")
	if len(sc.cmds) != 1 || sc.cmds[0].kind != cmdStatement || sc.cmds[0].expect != expectError {
		t.Fatalf("got %+v", sc.cmds)
	}
}

func TestParseConditions(t *testing.T) {
	text := "skipif mysql # not in mysql\nonlyif postgresql\nquery I\nSELECT 1\n----\n1\n\nonlyif threadid = 0\nstatement ok\nSELECT 2\n"
	sc := parseScript("x.test", text)
	if len(sc.cmds) != 2 {
		t.Fatalf("got %+v", sc.cmds)
	}
	want := []condition{{skip: true, arg: "mysql"}, {skip: false, arg: "postgresql"}}
	if !reflect.DeepEqual(sc.cmds[0].conds, want) || sc.cmds[0].line != 3 {
		t.Errorf("conds %+v line %d", sc.cmds[0].conds, sc.cmds[0].line)
	}
	if !reflect.DeepEqual(sc.cmds[1].conds, []condition{{arg: "threadid=0"}}) {
		t.Errorf("conds %+v", sc.cmds[1].conds)
	}
}

func TestParseLoops(t *testing.T) {
	text := strings.Join([]string{
		"loop i 0 3",
		"",
		"foreach type <signed> varchar",
		"",
		"statement ok",
		"SELECT {i}::${type}",
		"",
		"endloop",
		"",
		"endloop",
		"",
		"foreach a,b 1,x 2,y",
		"",
		"query I",
		"SELECT {a}",
		"----",
		"{a}",
		"",
		"endloop",
	}, "\n")
	sc := parseScript("x.test", text)
	if len(sc.cmds) != 2 {
		t.Fatalf("got %d commands", len(sc.cmds))
	}
	outer := sc.cmds[0]
	if outer.kind != cmdLoop || !reflect.DeepEqual(outer.vars, []string{"i"}) || len(outer.values) != 3 || outer.values[2][0] != "2" {
		t.Fatalf("outer loop %+v", outer)
	}
	inner := outer.body[0]
	if inner.kind != cmdLoop || len(inner.values) != 6 || inner.values[4][0] != "hugeint" || inner.values[5][0] != "varchar" {
		t.Fatalf("inner loop %+v", inner)
	}
	if len(inner.body) != 1 || inner.body[0].sql != "SELECT {i}::${type}" {
		t.Fatalf("inner body %+v", inner.body)
	}
	multi := sc.cmds[1]
	if !reflect.DeepEqual(multi.vars, []string{"a", "b"}) || !reflect.DeepEqual(multi.values, [][]string{{"1", "x"}, {"2", "y"}}) {
		t.Fatalf("foreach a,b: %+v", multi)
	}
	if n := countRecords(sc.cmds); n != 3*6+2 {
		t.Errorf("countRecords = %d, want 20", n)
	}
}

func TestParseDirectives(t *testing.T) {
	tests := []struct {
		name, text, skip string
	}{
		{"satisfied require", "require skip_reload\n\nrequire ram 16gb\n\nrequire 64bit\n", ""},
		{"extension require", "require json\n\nstatement ok\nSELECT 1\n", "require json"},
		{"load", "load __TEST_DIR__/x.db\n", "uses load"},
		{"restart", "restart\n", "uses restart"},
		{"concurrentloop", "concurrentloop i 0 2\n\nstatement ok\nSELECT 1\n\nendloop\n", "uses concurrentloop"},
		{"set", "set seed 0.5\n", "uses set"},
		{"reset other", "reset ignore_error_messages\n", "uses reset ignore_error_messages"},
		{"build directory", "statement ok\nLOAD '{BUILD_DIRECTORY}/x'\n", "uses {BUILD_DIRECTORY}"},
		{"require-env missing", "require-env LHSQL_SLT_SURELY_UNSET_VARIABLE\n", "require-env LHSQL_SLT_SURELY_UNSET_VARIABLE"},
		{"tags and mode", "tags a b\n\nmode output_result\n\nhash-threshold 0\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := parseScript("x.test", tt.text)
			if sc.skipReason != tt.skip {
				t.Errorf("skipReason = %q, want %q", sc.skipReason, tt.skip)
			}
		})
	}
}

func TestParseBadRecords(t *testing.T) {
	tests := []string{
		"frobnicate\n",
		"statement\nSELECT 1\n",
		"statement sure\nSELECT 1\n",
		"statement ok\n----\n",
		"query\nSELECT 1\n",
		"endloop\n",
		"loop i a b\n\nendloop\n",
		"skipif\nstatement ok\nSELECT 1\n",
		"mode frob\n",
		"hash-threshold x\n",
	}
	for _, text := range tests {
		sc := parseScript("x.test", text)
		if len(sc.cmds) != 1 || sc.cmds[0].kind != cmdBad {
			t.Errorf("%q: got %+v, want one bad record", text, sc.cmds)
		}
	}
}

func TestIsSQLiteStyle(t *testing.T) {
	tests := []struct {
		path, text string
		want       bool
	}{
		{"a/b.test", "statement ok\nSELECT 1\n", false},
		{"a/b.test", "hash-threshold 8\n", true},
		{"a/b.test", "# name: test/sqlite/select1.test_slow\n# group: [sqlite]\n", true},
		{"sqllogictest/test/select1.test", "query I\nSELECT 1\n", true},
		{"x/sqlite/select1.test", "", true},
		{"x/sqlite_like/select1.test", "", false},
	}
	for _, tt := range tests {
		if got := isSQLiteStyle(tt.path, strings.Split(tt.text, "\n")); got != tt.want {
			t.Errorf("isSQLiteStyle(%q, %q) = %v, want %v", tt.path, tt.text, got, tt.want)
		}
	}
}
