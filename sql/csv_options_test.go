package sql_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadCSVOptions checks each read_csv option and the sniffer through
// SQL: the file, the call, the DESCRIBE-style schema and the rows.
func TestReadCSVOptions(t *testing.T) {
	tests := []struct {
		name   string
		data   string
		call   string // read_csv arguments after the path
		schema string // "name TYPE" joined by ", "
		rows   string // rows joined by ";"
		err    string // expected error substring
	}{
		{name: "sniff-comma-header", data: "a,b\n1,x\n2,y\n",
			schema: "a BIGINT, b VARCHAR", rows: "1|x;2|y"},
		{name: "sniff-pipe", data: "a|b\n1|x\n2|y\n",
			schema: "a BIGINT, b VARCHAR", rows: "1|x;2|y"},
		{name: "sniff-semicolon", data: "a;b\n1;x\n2;y\n",
			schema: "a BIGINT, b VARCHAR", rows: "1|x;2|y"},
		{name: "sniff-tab", data: "a\tb\n1\tx\n2\ty\n",
			schema: "a BIGINT, b VARCHAR", rows: "1|x;2|y"},
		{name: "sniff-crlf", data: "a,b\r\n1,x\r\n2,y\r\n",
			schema: "a BIGINT, b VARCHAR", rows: "1|x;2|y"},
		{name: "sniff-cr", data: "a,b\r1,x\r2,y\r",
			schema: "a BIGINT, b VARCHAR", rows: "1|x;2|y"},
		{name: "sniff-no-header", data: "1,x\n2,y\n",
			schema: "column0 BIGINT, column1 VARCHAR", rows: "1|x;2|y"},
		{name: "sniff-quote", data: "a,b\n1,\"x, \"\"q\"\"\"\n2,\"multi\nline\"\n",
			schema: "a BIGINT, b VARCHAR", rows: "1|x, \"q\";2|multi\nline"},
		{name: "sniff-single-quote", data: "a,b\n1,'x,y'\n2,'p'\n",
			schema: "a BIGINT, b VARCHAR", rows: "1|x,y;2|p"},
		{name: "sniff-backslash-escape", data: "a,b\n1,\"x\\\"y,z\"\n2,\"p\"\n",
			schema: "a BIGINT, b VARCHAR", rows: "1|x\"y,z;2|p"},
		{name: "quote-option", data: "a,b\n1,'x,y'\n", call: ", quote='''', escape=''''",
			schema: "a BIGINT, b VARCHAR", rows: "1|x,y"},
		{name: "escape-option", data: "a,b\n1,\"x\\\"y\"\n", call: ", escape='\\'",
			schema: "a BIGINT, b VARCHAR", rows: "1|x\"y"},
		{name: "types-detected",
			data:   "i,d,dec,dt,ts,b,s\n1,1.5,12.25,2024-01-02,2024-01-02 03:04:05,true,x\n-7,2e3,0.5,2024-12-31,2024-12-31 23:59:59.5,false,y\n",
			schema: "i BIGINT, d DOUBLE, dec DOUBLE, dt DATE, ts TIMESTAMP, b BOOLEAN, s VARCHAR",
			rows:   "1|1.5|12.25|2024-01-02|2024-01-02 03:04:05|true|x;-7|2000.0|0.5|2024-12-31|2024-12-31 23:59:59.5|false|y"},
		{name: "columns", data: "1,2.50\n3,4.25\n", call: ", columns={'k': 'INTEGER', 'v': 'DECIMAL(9,2)'}",
			schema: "k INTEGER, v DECIMAL(9,2)", rows: "1|2.50;3|4.25"},
		{name: "types", data: "k,v\n1,2.5\n", call: ", types={'v': 'VARCHAR', 'k': 'SMALLINT'}",
			schema: "k SMALLINT, v VARCHAR", rows: "1|2.5"},
		{name: "delim", data: "a#b\n1#x\n", call: ", delim='#'",
			schema: "a BIGINT, b VARCHAR", rows: "1|x"},
		{name: "header-false", data: "a,b\n1,x\n", call: ", header=false",
			schema: "column0 VARCHAR, column1 VARCHAR", rows: "a|b;1|x"},
		{name: "header-true", data: "1,2\n3,4\n", call: ", header=true",
			schema: "1 BIGINT, 2 BIGINT", rows: "3|4"},
		{name: "nullstr", data: "a,b\n1,NA\nNA,x\n", call: ", nullstr='NA'",
			schema: "a BIGINT, b VARCHAR", rows: "1|NULL;NULL|x"},
		{name: "dateformat", data: "d\n02/01/2024\n31/12/2023\n", call: ", dateformat='%d/%m/%Y'",
			schema: "d DATE", rows: "2024-01-02;2023-12-31"},
		{name: "ignore-errors", data: "a,b\n1,x\nbad,y\n3,z\n4\n", call: ", types={'a': 'INTEGER'}, ignore_errors=true",
			schema: "a INTEGER, b VARCHAR", rows: "1|x;3|z"},
		{name: "error-names-line-column", data: "a,b\n1,x\nbad,y\n", call: ", types={'a': 'INTEGER'}",
			err: `line 3, column 1 ("a"): could not convert "bad" to INTEGER`},
		{name: "parallel-false", data: "a\n1\n2\n", call: ", parallel=false",
			schema: "a BIGINT", rows: "1;2"},
	}
	dir := t.TempDir()
	c := newConn(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, tc.name+".csv")
			if err := os.WriteFile(path, []byte(tc.data), 0o644); err != nil {
				t.Fatal(err)
			}
			src := "read_csv('" + path + "'" + tc.call + ")"
			if tc.err != "" {
				_, err := c.Query(context.Background(), "SELECT * FROM "+src)
				if err == nil {
					rows, qerr := c.Query(context.Background(), "SELECT * FROM "+src)
					if qerr == nil {
						_, err = rows.Next()
						rows.Close()
					}
				}
				if err == nil || !strings.Contains(err.Error(), tc.err) || !strings.Contains(err.Error(), path) {
					t.Fatalf("error %v, want %q naming %s", err, tc.err, path)
				}
				return
			}
			var schema []string
			for _, l := range queryLines(t, c, "DESCRIBE SELECT * FROM "+src) {
				f := strings.Split(l, "|")
				schema = append(schema, f[0]+" "+f[1])
			}
			if got := strings.Join(schema, ", "); got != tc.schema {
				t.Errorf("schema %q, want %q", got, tc.schema)
			}
			if got := strings.Join(queryLines(t, c, "SELECT * FROM "+src), ";"); got != tc.rows {
				t.Errorf("rows %q, want %q", got, tc.rows)
			}
		})
	}
}

// TestCopyFromCSVKeepsText checks that COPY FROM casts the file's text to
// the table's types instead of re-rendering sniffed values.
func TestCopyFromCSVKeepsText(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.csv")
	data := "1,1.50,2024-01-02 03:04:05.000,007,true\n2,,2024-01-03 00:00:00,010,false\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	c := newConn(t)
	mustExec(t, c, "CREATE TABLE t(a INTEGER, b VARCHAR, c VARCHAR, d VARCHAR, e BOOLEAN)")
	mustExec(t, c, "COPY t FROM '"+path+"'")
	got := strings.Join(queryLines(t, c, "SELECT * FROM t ORDER BY a"), ";")
	want := "1|1.50|2024-01-02 03:04:05.000|007|true;2|NULL|2024-01-03 00:00:00|010|false"
	if got != want {
		t.Errorf("rows %q, want %q", got, want)
	}
	mustExec(t, c, "CREATE TABLE u(a INTEGER, b DECIMAL(5,2), c TIMESTAMP, d INTEGER, e BOOLEAN)")
	mustExec(t, c, "COPY u FROM '"+path+"'")
	got = strings.Join(queryLines(t, c, "SELECT * FROM u ORDER BY a"), ";")
	want = "1|1.50|2024-01-02 03:04:05|7|true;2|NULL|2024-01-03 00:00:00|10|false"
	if got != want {
		t.Errorf("typed rows %q, want %q", got, want)
	}
}
