package engine

import (
	"strings"
	"testing"

	"github.com/lhsql/lhsql/vector"
)

// fmtTS renders strptime's result as DuckDB prints a TIMESTAMP.
func fmtTS(ts int64) string {
	switch ts {
	case tsInfinity:
		return "infinity"
	case tsNegInfinity:
		return "-infinity"
	}
	return vector.FormatTimestamp(ts)
}

// TestStrptime checks strptime against DuckDB 1.5.6's answers for the
// same string and format ("ERR:" wants an error containing the text).
func TestStrptime(t *testing.T) {
	cases := []struct{ s, format, want string }{
		{"07/03/2020 14:05", "%d/%m/%Y %H:%M", "2020-03-07 14:05:00"},
		{"2020-03-07 02:05:09.5 PM", "%Y-%m-%d %I:%M:%S.%f %p", "2020-03-07 14:05:09.5"},
		{"Mar 7 2020", "%b %d %Y", "2020-03-07 00:00:00"},
		{"nope", "%Y", "ERR:Expected a number"},
		{"  2020 ", "%Y", "2020-01-01 00:00:00"},
		{"200001", "%Y%m", "2000-01-01 00:00:00"},
		{"2021 366", "%Y %j", "2022-01-01 00:00:00"},
		{"2020-1-5", "%Y-%-m-%-d", "2020-01-05 00:00:00"},
		{"1.05", "%S.%f", "1900-01-01 00:00:01.05"},
		{"1.123", "%S.%g", "1900-01-01 00:00:01.123"},
		{"1.123456789", "%S.%n", "1900-01-01 00:00:01.123456"},
		{"12 AM", "%I %p", "1900-01-01 00:00:00"},
		{"12 pm", "%I %p", "1900-01-01 12:00:00"},
		{"20:00 PM", "%H:%M %p", "ERR:Invalid hour: 20 AM/PM, expected an hour within the range [0..12]"},
		{"2020-01-01 12:00 +05:30", "%Y-%m-%d %H:%M %z", "2020-01-01 06:30:00"},
		{"2020-01-01 12:00 -0130", "%Y-%m-%d %H:%M %z", "2020-01-01 13:30:00"},
		{"2020-01-01 12:00 +0", "%Y-%m-%d %H:%M %z", "ERR:Expected ±HH[MM] or -HH[:MM[:SS]]"},
		{"Mon Oct 17 2022 22:00:00 GMT+0000 (GMT)", "%a %b %d %Y %X GMT%z (%Z)", "2022-10-17 22:00:00"},
		{"2019 01 7", "%G %V %u", "2019-01-06 00:00:00"},
		{"2019 00 0", "%Y %U %w", "2018-12-30 00:00:00"},
		{"2019 00 0", "%Y %W %w", "2019-01-06 00:00:00"},
		{"2019 53 6", "%Y %W %w", "2020-01-11 00:00:00"},
		{"1 2", "%w %U", "1900-01-15 00:00:00"},
		{"20 19", "%W %U", "ERR:Multiple week offsets specified"},
		{"20 19", "%V %Y", "0019-01-01 00:00:00"},
		{"20 19", "%Y %V", "ERR:ISO week offsets are incompatible with non-ISO year specifiers. Use '%G' instead"},
		{"20 19", "%U %G", "ERR:Incompatible ISO year offset specified"},
		{"20 19", "%j %V", "ERR:Incompatible ISO week offset specified"},
		{"2001-02-30", "%Y-%m-%d", "ERR:Conversion Error: Date out of range: 2001-2-30"},
		{"2000-10-01 24:00:00", "%Y-%m-%d %H:%M:%S", "ERR:Hour out of range, expected a value between 0 and 23"},
		{"Monday", "%a", "ERR:Full specifier did not match: trailing characters"},
		{"Monday, March 2 2020", "%A, %B %-d %Y", "2020-03-02 00:00:00"},
		{"INFINITY", "%Y", "infinity"},
		{" -infinity", "%Y", "-infinity"},
		{"epoch", "%d", "1970-01-01 00:00:00"},
		{"12345-01-01", "%Y-%m-%d", "ERR:Literal does not match, expected -"},
		{"60", "%V", "ERR:ISO week offset out of range, expected a value between 1 and 53"},
		{"9", "%u", "ERR:ISO weekday offset out of range, expected a value between 1 and 7"},
		{"2020-01-01 12:00:01", "%c", "2020-01-01 12:00:01"},
	}
	for _, c := range cases {
		ts, err := strptime(c.s, c.format)
		got := ""
		if err != nil {
			got = "ERR:" + err.Error()
		} else {
			got = fmtTS(ts)
		}
		if strings.HasPrefix(c.want, "ERR:") {
			if err == nil || !strings.Contains(got, c.want[4:]) {
				t.Errorf("strptime(%q, %q) = %q, want error containing %q", c.s, c.format, got, c.want[4:])
			}
			continue
		}
		if got != c.want {
			t.Errorf("strptime(%q, %q) = %q, want %q", c.s, c.format, got, c.want)
		}
	}
}

func TestStrptimeErrorMessage(t *testing.T) {
	_, err := strptime("10.28.1910", "%m/%d/%Y")
	want := "Invalid Input Error: Could not parse string \"10.28.1910\" according to format specifier \"%m/%d/%Y\"\n10.28.1910\n   ^\nError: Literal does not match, expected /"
	if err == nil || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}
}

func TestStrfFormatErrors(t *testing.T) {
	cases := []struct{ format, want string }{
		{"", "Failed to parse format specifier : Empty format string"},
		{"%", "Failed to parse format specifier %: Trailing format character %"},
		{"abc%-%", "Unrecognized format for strftime/strptime: %-%"},
		{"%-", "Unrecognized format for strftime/strptime: %-"},
		{"%-U", "Unrecognized format for strftime/strptime: %-U"},
		{"%e", "Unrecognized format for strftime/strptime: %e"},
		{"%C", "Unrecognized format for strftime/strptime: %C"},
		{"%Y-%m-%d", ""},
		{"%c %x %X %T %%", ""},
	}
	for _, c := range cases {
		_, err := parseStrfFormat(c.format)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("parseStrfFormat(%q): %v", c.format, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("parseStrfFormat(%q) = %v, want error containing %q", c.format, err, c.want)
		}
	}
}

// TestStrftime checks each specifier against DuckDB 1.5.6's output.
func TestStrftime(t *testing.T) {
	specs := "a A w u d -d b B h m -m y -y Y H -H I -I p M -M S -S f g n z Z j -j U W V G c x X T %"
	cases := []struct {
		ts   string
		tz   bool
		want string
	}{
		{"2020-08-09 03:01:05.123456", false, "Sun | Sunday | 0 | 7 | 09 | 9 | Aug | August | Aug | 08 | 8 | 20 | 20 | 2020 | 03 | 3 | 03 | 3 | AM | 01 | 1 | 05 | 5 | 123456 | 123 | 123456000 | +00 |  | 222 | 222 | 32 | 31 | 32 | 2020 | 2020-08-09 03:01:05 | 2020-08-09 | 03:01:05 | 03:01:05 | %"},
		{"0044-03-05", false, "Sat | Saturday | 6 | 6 | 05 | 5 | Mar | March | Mar | 03 | 3 | 44 | 44 | 0044 | 00 | 0 | 12 | 12 | AM | 00 | 0 | 00 | 0 | 000000 | 000 | 000000000 | +00 |  | 065 | 65 | 09 | 09 | 09 | 0044 | 0044-03-05 00:00:00 | 0044-03-05 | 00:00:00 | 00:00:00 | %"},
		{"2020-08-09 03:01:05.5", true, "Sun | Sunday | 0 | 7 | 09 | 9 | Aug | August | Aug | 08 | 8 | 20 | 20 | 2020 | 03 | 3 | 03 | 3 | AM | 01 | 1 | 05 | 5 | 500000 | 500 | 500000000 | +00 | UTC | 222 | 222 | 32 | 31 | 32 | 2020 | 2020-08-09 03:01:05 | 2020-08-09 | 03:01:05 | 03:01:05 | %"},
		{"2021-01-01 12:00:00", false, "Fri | Friday | 5 | 5 | 01 | 1 | Jan | January | Jan | 01 | 1 | 21 | 21 | 2021 | 12 | 12 | 12 | 12 | PM | 00 | 0 | 00 | 0 | 000000 | 000 | 000000000 | +00 |  | 001 | 1 | 00 | 00 | 53 | 2020 | 2021-01-01 12:00:00 | 2021-01-01 | 12:00:00 | 12:00:00 | %"},
		{"12345-01-01 00:00:00", false, "Mon | Monday | 1 | 1 | 01 | 1 | Jan | January | Jan | 01 | 1 | 45 | 45 | 12345 | 00 | 0 | 12 | 12 | AM | 00 | 0 | 00 | 0 | 000000 | 000 | 000000000 | +00 |  | 001 | 1 | 00 | 01 | 01 | 12345 | 12345-01-01 00:00:00 | 12345-01-01 | 00:00:00 | 00:00:00 | %"},
		{"0005-01-01", false, "Sat | Saturday | 6 | 6 | 01 | 1 | Jan | January | Jan | 01 | 1 | 05 | 5 | 0005 | 00 | 0 | 12 | 12 | AM | 00 | 0 | 00 | 0 | 000000 | 000 | 000000000 | +00 |  | 001 | 1 | 00 | 00 | 53 | 0004 | 0005-01-01 00:00:00 | 0005-01-01 | 00:00:00 | 00:00:00 | %"},
	}
	var parts []string
	for _, s := range strings.Fields(specs) {
		parts = append(parts, "%"+s)
	}
	f, err := parseStrfFormat(strings.Join(parts, " | "))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		v := vCast(t, c.ts, vector.Timestamp)
		zone := ""
		if c.tz {
			zone = "UTC"
		}
		if got := string(appendStrftime(nil, v.I64, f, 0, zone)); got != c.want {
			t.Errorf("strftime(%s):\n got %s\nwant %s", c.ts, got, c.want)
		}
	}
}

// TestStrptimeBind checks the SQL-level functions: constant formats,
// format lists, try_strptime, result types and NULLs.
func TestStrptimeBind(t *testing.T) {
	listOf := func(ss ...string) vector.Value {
		v := vector.Value{Typ: vector.ListOf(vector.Varchar)}
		for _, s := range ss {
			v.List = append(v.List, vStr(s))
		}
		return v
	}
	cases := []struct {
		name     string
		in       []string // "<null>" is NULL; evaluated as a column
		format   vector.Value
		wantType string
		want     string // rows joined by ","; "ERR:" expects an error
	}{
		{"strptime", []string{"2020-01-02", "<null>"}, vStr("%Y-%m-%d"), "TIMESTAMP", "2020-01-02 00:00:00,NULL"},
		{"strptime", []string{"10/28/1910", "28-10-1910"}, listOf("%d-%m-%Y", "%m/%d/%Y"), "TIMESTAMP", "1910-10-28 00:00:00,1910-10-28 00:00:00"},
		{"strptime", []string{"10.28.1910"}, listOf("%d-%m-%Y", "%m/%d/%Y"), "", "ERR:format specifier \"%d-%m-%Y\"\n10.28.1910\n   ^\nError: Literal does not match, expected /"},
		{"try_strptime", []string{"2020-01-02", "x", "2001-02-30"}, vStr("%Y-%m-%d"), "TIMESTAMP", "2020-01-02 00:00:00,NULL,NULL"},
		{"strptime", []string{"2020-01-02 +01"}, vStr("%Y-%m-%d %z"), "TIMESTAMP WITH TIME ZONE", "2020-01-01 23:00:00+00"},
		{"strptime", []string{"x"}, vNull(vector.Varchar), "TIMESTAMP", "NULL"},
		{"strptime", []string{"x"}, vStr(""), "", "ERR:Empty format string"},
		{"try_strptime", []string{"x"}, vStr("%q"), "", "ERR:Unrecognized format"},
		{"strptime", []string{"x"}, listOf(), "", "ERR:strptime format list must not be empty"},
	}
	for _, c := range cases {
		n := len(c.in)
		col := vector.New(vector.Varchar, n)
		for i, s := range c.in {
			if s == "<null>" {
				col.SetNull(i, n)
			} else {
				col.Str[i] = s
			}
		}
		ch := &vector.Chunk{Cols: []*vector.Vector{col}, Len: n}
		got := ""
		e, err := BindFunc(c.name, []Expr{&ColRef{Idx: 0, Typ: vector.Varchar}, &Const{Val: c.format}})
		if err == nil && c.wantType != "" && e.Type().String() != c.wantType {
			t.Errorf("%s(%v, %v) type %s, want %s", c.name, c.in, c.format, e.Type(), c.wantType)
		}
		if err == nil {
			var rows []string
			if rows, err = evalRows(e, ch); err == nil {
				got = strings.Join(rows, ",")
			}
		}
		if err != nil {
			got = "ERR:" + err.Error()
		}
		if strings.HasPrefix(c.want, "ERR:") {
			if !strings.HasPrefix(got, "ERR:") || !strings.Contains(got, c.want[4:]) {
				t.Errorf("%s(%v, %v) = %q, want error containing %q", c.name, c.in, c.format, got, c.want[4:])
			}
			continue
		}
		if got != c.want {
			t.Errorf("%s(%v, %v) = %q, want %q", c.name, c.in, c.format, got, c.want)
		}
	}
}

// TestStrftimeBind checks argument order, constant-format rules and
// infinities at the SQL level.
func TestStrftimeBind(t *testing.T) {
	d := func(s string) vector.Value { return vCast(t, s, vector.Date) }
	ts := func(s string) vector.Value { return vCast(t, s, vector.Timestamp) }
	cases := []struct {
		args []vector.Value
		col  int // argument evaluated as a column
		want string
	}{
		{vals(d("2020-03-07"), vStr("%d/%m/%Y %a %B %j")), 0, "07/03/2020 Sat March 067"},
		{vals(vStr("%Y"), d("2020-03-07")), 1, "2020"},
		{vals(ts("2020-03-07 14:05:09"), vStr("%-m/%-d/%y %-I%p")), 0, "3/7/20 2PM"},
		{vals(d("infinity"), vStr("%Y")), 0, "infinity"},
		{vals(ts("-infinity"), vStr("%Y")), 0, "-infinity"},
		{vals(d("2020-03-07"), vNull(vector.Varchar)), 0, "NULL"},
		{vals(d("2020-03-07"), vStr("%q")), 0, "ERR:Unrecognized format for strftime/strptime: %q"},
		{vals(d("2020-03-07"), vStr("%Y")), 1, "ERR:strftime format must be a constant"},
	}
	for _, c := range cases {
		col := vector.New(c.args[c.col].Typ, 2)
		col.Set(0, 2, c.args[c.col])
		col.Set(1, 2, c.args[c.col])
		exprs := make([]Expr, len(c.args))
		for i, a := range c.args {
			exprs[i] = &Const{Val: a}
		}
		exprs[c.col] = &ColRef{Idx: 0, Typ: c.args[c.col].Typ}
		got := ""
		e, err := BindFunc("strftime", exprs)
		if err == nil {
			var rows []string
			if rows, err = evalRows(e, &vector.Chunk{Cols: []*vector.Vector{col}, Len: 2}); err == nil {
				got = rows[0]
			}
		}
		if err != nil {
			got = "ERR:" + err.Error()
		}
		if strings.HasPrefix(c.want, "ERR:") {
			if !strings.Contains(got, c.want[4:]) {
				t.Errorf("strftime(%s) = %q, want error containing %q", fmtArgs(c.args), got, c.want[4:])
			}
			continue
		}
		if got != c.want {
			t.Errorf("strftime(%s) = %q, want %q", fmtArgs(c.args), got, c.want)
		}
	}
}
