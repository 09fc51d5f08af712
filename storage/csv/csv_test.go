package csv

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

func boolp(b bool) *bool { return &b }

// readAll returns the schema as "name:TYPE" strings and all rows rendered
// with Value.String.
func readAll(t *testing.T, tbl storage.Table) ([]string, [][]string) {
	t.Helper()
	var schema []string
	var cols []int
	for i, c := range tbl.Schema() {
		schema = append(schema, c.Name+":"+c.Type.String())
		cols = append(cols, i)
	}
	sc, err := tbl.Scan(context.Background(), storage.ScanSpec{Columns: cols})
	if err != nil {
		t.Fatal(err)
	}
	var out [][]string
	for m := 0; m < sc.Morsels(); m++ {
		err := sc.ReadMorsel(context.Background(), m, func(c *vector.Chunk) error {
			for r := 0; r < c.Len; r++ {
				row := make([]string, len(c.Cols))
				for j, v := range c.Cols {
					row[j] = v.Get(r).String()
				}
				out = append(out, row)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return schema, out
}

func TestSniffing(t *testing.T) {
	tests := []struct {
		name   string
		data   string
		opts   Options
		schema string
		rows   string // rows joined by ";" and values by ","
	}{
		{
			name:   "header-types",
			data:   "id,name,price,ok,day,ts\n1,alice,1.5,true,2024-01-02,2024-01-02 03:04:05\n2,bob,2,false,2024-02-29,2024-01-02T03:04:05.25\n",
			schema: "id:BIGINT name:VARCHAR price:DOUBLE ok:BOOLEAN day:DATE ts:TIMESTAMP",
			rows:   "1,alice,1.5,true,2024-01-02,2024-01-02 03:04:05;2,bob,2.0,false,2024-02-29,2024-01-02 03:04:05.25",
		},
		{
			name:   "pipe-no-header",
			data:   "1|x|3\n4|y|6\n",
			schema: "column0:BIGINT column1:VARCHAR column2:BIGINT",
			rows:   "1,x,3;4,y,6",
		},
		{
			name:   "semicolon-crlf-quotes",
			data:   "a;b\r\n\"x;1\";\"he said \"\"hi\"\"\"\r\n\"multi\nline\";2\r\n",
			schema: "a:VARCHAR b:VARCHAR",
			rows:   "x;1,he said \"hi\";multi\nline,2",
		},
		{
			name:   "tab-nulls",
			data:   "k\tv\n1\t\n\t2.5\n3\t4\n",
			schema: "k:BIGINT v:DOUBLE",
			rows:   "1,NULL;NULL,2.5;3,4.0",
		},
		{
			name:   "all-varchar-header",
			data:   "city,country\nParis,France\nRome,Italy\n",
			schema: "city:VARCHAR country:VARCHAR",
			rows:   "Paris,France;Rome,Italy",
		},
		{
			name:   "mixed-promotes",
			data:   "a,b,c\n1,1,true\n2,2.5,x\n",
			schema: "a:BIGINT b:DOUBLE c:VARCHAR",
			rows:   "1,1.0,true;2,2.5,x",
		},
		{
			name:   "explicit-header-false",
			data:   "a,b\n1,2\n",
			opts:   Options{Header: boolp(false)},
			schema: "column0:VARCHAR column1:VARCHAR",
			rows:   "a,b;1,2",
		},
		{
			name:   "explicit-columns",
			data:   "1,2.50,2024-03-01\n2,3.125,2024-03-02\n",
			opts:   Options{Columns: []storage.Column{{Name: "i", Type: vector.Integer}, {Name: "d", Type: vector.Decimal(10, 2)}, {Name: "dt", Type: vector.Date}}},
			schema: "i:INTEGER d:DECIMAL(10,2) dt:DATE",
			rows:   "1,2.50,2024-03-01;2,3.13,2024-03-02",
		},
		{
			name:   "types-override-and-nullstr",
			data:   "a,b\n1,NA\n2,x\n",
			opts:   Options{Types: map[string]vector.Type{"a": vector.Varchar}, NullStr: "NA"},
			schema: "a:VARCHAR b:VARCHAR",
			rows:   "1,NULL;2,x",
		},
		{
			name:   "date-format",
			data:   "d\n02/01/2024\n31/12/1999\n",
			opts:   Options{DateFormat: "%d/%m/%Y"},
			schema: "d:DATE",
			rows:   "2024-01-02;1999-12-31",
		},
		{
			name:   "escape-char",
			data:   "a,b\n\"x\\\"y\",1\n",
			opts:   Options{Escape: '\\'},
			schema: "a:VARCHAR b:BIGINT",
			rows:   "x\"y,1",
		},
		{
			name:   "duplicate-header-names",
			data:   "a,a,\n1,2,3\n",
			schema: "a:BIGINT a_1:BIGINT column2:BIGINT",
			rows:   "1,2,3",
		},
		{
			name:   "blank-lines-and-no-trailing-newline",
			data:   "a,b\n1,2\n\n3,4",
			schema: "a:BIGINT b:BIGINT",
			rows:   "1,2;3,4",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tbl, err := Parse("test.csv", []byte(tc.data), tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			schema, rows := readAll(t, tbl)
			if got := strings.Join(schema, " "); got != tc.schema {
				t.Errorf("schema %q, want %q", got, tc.schema)
			}
			var rs []string
			for _, r := range rows {
				rs = append(rs, strings.Join(r, ","))
			}
			if got := strings.Join(rs, ";"); got != tc.rows {
				t.Errorf("rows %q, want %q", got, tc.rows)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name string
		data string
		opts Options
		want string
	}{
		{"field-count", "a,b\n1,2\n3\n", Options{}, `line 3: expected 2 fields, found 1`},
		{"unterminated", "a,b\n1,\"x\n", Options{}, `line 2: unterminated quoted field`},
		{"conversion", "a\n1\n2\n", Options{Columns: []storage.Column{{Name: "a", Type: vector.TinyInt}}, Header: boolp(true), SampleRows: 1}, ""},
		{"bad-int", "a\n1\nx\n", Options{Columns: []storage.Column{{Name: "a", Type: vector.Integer}}, Header: boolp(true)}, `line 3, column 1 ("a"): could not convert "x" to INTEGER`},
		{"range", "a\n300\n", Options{Columns: []storage.Column{{Name: "a", Type: vector.TinyInt}}, Header: boolp(true)}, `could not convert "300" to TINYINT`},
		{"bad-date", "d\n2024-02-30\n", Options{Columns: []storage.Column{{Name: "d", Type: vector.Date}}, Header: boolp(true)}, `could not convert "2024-02-30" to DATE`},
		{"empty", "", Options{}, "is empty"},
		{"types-unknown-column", "a\n1\n", Options{Types: map[string]vector.Type{"zz": vector.Integer}}, `column "zz" not found`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("bad.csv", []byte(tc.data), tc.opts)
			if tc.want == "" {
				if err != nil {
					t.Errorf("unexpected error %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "bad.csv") {
				t.Errorf("err = %v, want it to name the file and contain %q", err, tc.want)
			}
		})
	}
}

func TestOpenLargeFile(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,val,name\n")
	const n = 10000
	for i := 0; i < n; i++ {
		b.WriteString(strings.Join([]string{itoa(i), itoa(i * 3), "n" + itoa(i%7)}, ","))
		b.WriteString("\n")
	}
	path := filepath.Join(t.TempDir(), "big.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	tbl, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if tbl.RowCount() != n {
		t.Errorf("RowCount = %d", tbl.RowCount())
	}
	_, rows := readAll(t, tbl)
	for i, r := range rows {
		if r[0] != itoa(i) || r[1] != itoa(i*3) || r[2] != "n"+itoa(i%7) {
			t.Fatalf("row %d = %v", i, r)
		}
	}
	// Pruning through the memory table's statistics.
	sc, err := tbl.Scan(context.Background(), storage.ScanSpec{Columns: []int{0},
		Filters: []storage.Filter{{Col: 0, Op: storage.OpGt, Value: vector.IntValue(n)}}})
	if err != nil {
		t.Fatal(err)
	}
	if sc.Morsels() != 0 {
		t.Errorf("filter id > %d kept %d morsels", n, sc.Morsels())
	}
	if _, err := Open(filepath.Join(t.TempDir(), "missing.csv"), Options{}); err == nil || !strings.Contains(err.Error(), "missing.csv") {
		t.Errorf("missing file: %v", err)
	}
}

func itoa(i int) string { return vector.IntValue(int64(i)).String() }

func TestParseHelpers(t *testing.T) {
	decs := []struct {
		in           string
		width, scale int
		want         int64
		ok           bool
	}{
		{"1.25", 10, 2, 125, true},
		{"-1.255", 10, 2, -126, true},
		{"1.254", 10, 2, 125, true},
		{"007", 5, 0, 7, true},
		{"123456", 5, 0, 0, false},
		{"1e2", 10, 2, 10000, true},
		{".5", 4, 1, 5, true},
		{"1.2.3", 5, 1, 0, false},
		{"", 5, 1, 0, false},
	}
	for _, d := range decs {
		got, ok := parseDecimal(d.in, d.width, d.scale)
		if ok != d.ok || (ok && got != d.want) {
			t.Errorf("parseDecimal(%q,%d,%d) = %d,%v want %d,%v", d.in, d.width, d.scale, got, ok, d.want, d.ok)
		}
	}
	ts := []struct {
		in   string
		want string
		ok   bool
	}{
		{"2024-01-02 03:04:05", "2024-01-02 03:04:05", true},
		{"2024-01-02T03:04:05.123456789", "2024-01-02 03:04:05.123456", true},
		{"2024-01-02 03:04:05+02", "2024-01-02 01:04:05", true},
		{"2024-01-02 03:04:05-01:30", "2024-01-02 04:34:05", true},
		{"2024-01-02", "2024-01-02 00:00:00", true},
		{"2024-13-02", "", false},
		{"2024-01-02 25:00:00", "", false},
	}
	for _, c := range ts {
		us, ok := parseTimestamp(c.in)
		if ok != c.ok || (ok && vector.FormatTimestamp(us) != c.want) {
			t.Errorf("parseTimestamp(%q) = %s,%v want %s,%v", c.in, vector.FormatTimestamp(us), ok, c.want, c.ok)
		}
	}
	for _, s := range []string{"9223372036854775807", "-9223372036854775808"} {
		if _, ok := parseInt(s); !ok {
			t.Errorf("parseInt(%s) failed", s)
		}
	}
	for _, s := range []string{"9223372036854775808", "-", "1a", "+"} {
		if _, ok := parseInt(s); ok {
			t.Errorf("parseInt(%s) succeeded", s)
		}
	}
}
