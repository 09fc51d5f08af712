package bench_test

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCSVSniffingMatchesDuckDB reads the same CSV files with lhsql's and
// DuckDB's read_csv and compares the detected column names and types and
// every value rendered as text.
func TestCSVSniffingMatchesDuckDB(t *testing.T) {
	lh, duck := openBoth(t)
	exec(t, duck, "SET TimeZone = 'UTC'")
	dir := t.TempDir()
	tests := []struct{ name, data, opts string }{
		{"comma", "a,b,c\n1,x,2.5\n2,y,3\n", ""},
		{"semicolon", "a;b\n1;x\n2;y\n", ""},
		{"pipe", "a|b\n1|x\n2|y\n", ""},
		{"tab", "a\tb\n1\tx\n2\ty\n", ""},
		{"crlf", "a,b\r\n1,x\r\n2,y\r\n", ""},
		{"no-header", "1,x\n2,y\n3,z\n", ""},
		{"quoted", "a,b\n1,\"x, y\"\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\"\n", ""},
		{"types", "i,d,dt,ts,b,s\n1,1.5,2024-01-02,2024-01-02 03:04:05,true,x\n-7,2e3,2024-12-31,2024-12-31 23:59:59.5,false,y\n", ""},
		{"big-int", "a\n9223372036854775807\n-9223372036854775808\n", ""},
		{"int-too-big", "a\n99999999999999999999\n1\n", ""},
		{"nulls", "a,b\n1,\n,x\n3,y\n", ""},
		{"all-null-col", "a,b\n1,\n2,\n", ""},
		{"time", "t\n12:34:56\n01:02:03.5\n", ""},
		{"mixed-date", "d\n2024-01-02\nnot a date\n", ""},
		{"bool-words", "b\nTRUE\nfalse\n", ""},
		{"leading-zeros", "z\n007\n010\n", ""},
		{"decimal-text", "p\n12.25\n0.5\n", ""},
		{"nullstr", "a,b\n1,NA\nNA,x\n", ", nullstr='NA'"},
		{"dateformat", "d\n02/01/2024\n31/12/2023\n", ", dateformat='%d/%m/%Y'"},
		{"types-opt", "k,v\n1,2.5\n", ", types={'k': 'SMALLINT', 'v': 'VARCHAR'}"},
		{"header-false", "a,b\n1,x\n", ", header=false"},
		{"delim-opt", "a#b\n1#x\n", ", delim='#'"},
		{"blank-lines", "a,b\n1,x\n\n2,y\n", ""},
		{"spaces", "a, b\n1, x\n2, y\n", ""},
		{"tz", "t\n2024-01-02 03:04:05+02\n2024-01-03 00:00:00+00\n", ""},
		{"floats", "f\n-1.5\n1e-3\n.5\n3.\n", ""},
		{"dup-header", "a,a,b\n1,2,3\n", ""},
		{"header-only", "a,b\n", ""},
		{"quoted-header", "\"x y\",\"z\"\n1,2\n", ""},
		{"unicode", "name,v\nzürich,1\n日本,2\n", ""},
		{"nan-text", "v\nNaN\n1.5\n", ""},
		{"inf-text", "v\ninf\n-Infinity\n2\n", ""},
		{"single-numeric-row", "1,2\n", ""},
		{"single-mixed-row", "a,2\n", ""},
		{"all-varchar-no-header", "1,x\n2,y\n", ", all_varchar=true"},
		{"all-varchar-header", "a,b\n1,x\n", ", all_varchar=true"},
		{"all-varchar-text-header", "a,b\nx,y\n", ", all_varchar=true"},
		{"sniff-single-quote", "a,b\n1,'x,y'\n2,'p,q'\n", ""},
		{"sniff-backslash-escape", "a,b\n1,\"x\\\"y,z\"\n2,\"p\"\n", ""},
		{"tz-z", "t\n2024-01-02T03:04:05Z\n", ""},
		{"ts-t", "t\n2024-01-02T03:04:05\n2024-01-02T03:04:05.123\n", ""},
		{"slash-date", "d\n2024/01/02\n2024/12/31\n", ""},
		{"negative-int", "i\n-1\n+2\n", ""},
		{"mixed-int-float", "v\n1\n2.5\n", ""},
		{"bool-01", "b\n0\n1\n", ""},
		{"empty-quoted", "a,b\n\"\",1\n\"x\",2\n", ""},
		{"backslash-escape", "a,b\n\"x\\\"y\",1\n", ", escape='\\'"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, tc.name+".csv")
			if err := os.WriteFile(path, []byte(tc.data), 0o644); err != nil {
				t.Fatal(err)
			}
			src := fmt.Sprintf("read_csv('%s'%s)", path, tc.opts)
			desc := "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM " + src + ")"
			wantTypes := strRows(t, duck, desc)
			gotTypes := describe(t, lh, src)
			if strings.Join(gotTypes, ",") != strings.Join(wantTypes, ",") {
				t.Errorf("types: lhsql %v, DuckDB %v", gotTypes, wantTypes)
				return
			}
			var casts []string
			for _, nt := range wantTypes {
				casts = append(casts, fmt.Sprintf("CAST(%q AS VARCHAR)", strings.SplitN(nt, "|", 2)[0]))
			}
			q := fmt.Sprintf("SELECT %s FROM %s", strings.Join(casts, ", "), src)
			compareRendered(t, strRows(t, lh, q), strRows(t, duck, q))
		})
	}
}

// describe returns lhsql's "name|type" rows for the columns of src.
func describe(t *testing.T, lh *sql.DB, src string) []string {
	t.Helper()
	var out []string
	for _, r := range strRows(t, lh, "DESCRIBE SELECT * FROM "+src) {
		f := strings.SplitN(r, "|", 3)
		out = append(out, f[0]+"|"+f[1])
	}
	return out
}
