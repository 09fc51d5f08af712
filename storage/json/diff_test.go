package json

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// withRanges sets the byte range bounds of parallel scans, and the window
// of serial scans of files, for one test.
func withRanges(t testing.TB, lo, hi int64) {
	oldLo, oldHi, oldWin := minRangeBytes, maxRangeBytes, windowBytes
	minRangeBytes, maxRangeBytes, windowBytes = lo, hi, hi
	t.Cleanup(func() { minRangeBytes, maxRangeBytes, windowBytes = oldLo, oldHi, oldWin })
}

// readTable scans every column of tbl, morsels in order, and returns the
// rows rendered as the reference renders them.
func readTable(tbl storage.Table) ([]string, error) {
	cols := make([]int, len(tbl.Schema()))
	for i := range cols {
		cols[i] = i
	}
	sc, err := tbl.Scan(context.Background(), storage.ScanSpec{Columns: cols})
	if err != nil {
		return nil, err
	}
	defer sc.Close()
	var out []string
	for m := 0; m < sc.Morsels(); m++ {
		err := sc.ReadMorsel(context.Background(), m, func(ch *vector.Chunk) error {
			for r := 0; r < ch.Rows(); r++ {
				parts := make([]string, len(ch.Cols))
				for c, v := range ch.Cols {
					parts[c] = v.Get(r).String()
				}
				out = append(out, strings.Join(parts, "|"))
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// readNew opens data (from a file when path is set, else in memory) and
// scans it.
func readNew(name string, data []byte, opts Options, path string) ([]storage.Column, []string, error) {
	var tbl *Table
	var err error
	if path != "" {
		tbl, err = Open(path, opts)
	} else {
		tbl, err = Parse(name, data, opts)
	}
	if err != nil {
		return nil, nil, err
	}
	rows, err := readTable(tbl)
	return tbl.Schema(), rows, err
}

func colsString(cols []storage.Column) string {
	var parts []string
	for _, c := range cols {
		parts = append(parts, c.Name+" "+c.Type.String())
	}
	return strings.Join(parts, ", ")
}

// compareWithReference checks that the streaming reader, serial and with
// tiny parallel ranges, from memory and from a file, gives the schema,
// rows and error of the previous reader.
func compareWithReference(t *testing.T, data []byte, opts Options) {
	t.Helper()
	wantCols, wantRows, wantErr := refParse("t.json", data, opts)
	path := filepath.Join(t.TempDir(), "t.json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, rc := range []struct {
		name   string
		lo, hi int64
		file   bool
	}{{"serial", 1 << 30, 1 << 30, false}, {"ranges", 7, 61, false}, {"file ranges", 5, 97, true}, {"file tiny", 3, 13, true}} {
		withRanges(t, rc.lo, rc.hi)
		name, p := "t.json", ""
		if rc.file {
			name, p = path, path
		}
		cols, rows, err := readNew(name, data, opts, p)
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("%s: error = %v, want %v\ninput: %q", rc.name, err, wantErr, data)
		}
		if err != nil {
			got := strings.ReplaceAll(err.Error(), path, "t.json")
			if got != wantErr.Error() {
				t.Errorf("%s: error = %s\nwant %s\ninput: %q", rc.name, got, wantErr, data)
			}
			continue
		}
		if g, w := colsString(cols), colsString(wantCols); g != w {
			t.Fatalf("%s: schema = %s, want %s\ninput: %q", rc.name, g, w, data)
		}
		if g, w := strings.Join(rows, "\n"), strings.Join(wantRows, "\n"); g != w {
			t.Fatalf("%s: rows = \n%s\nwant\n%s\ninput: %q", rc.name, g, w, data)
		}
	}
}

func TestMatchesReference(t *testing.T) {
	cases := []struct {
		name string
		in   string
		opts Options
	}{
		{"scalars", "{\"b\": 1, \"a\": \"x\"}\n{\"a\": \"y\", \"b\": 2.5, \"c\": true}\n{\"b\": null}\n", Options{}},
		{"array", `[{"id": 1, "d": "2024-01-02"}, {"id": 2, "d": "2024-03-04"}]`, Options{}},
		{"array pretty", "[\n  {\"id\": 1,\n   \"d\": \"x\"},\n  {\"id\": 2}\n]\n", Options{}},
		{"empty array", "[]", Options{}},
		{"nested", `{"s": {"x": 1, "y": [1, 2]}, "l": ["a", "b"]}` + "\n" + `{"s": {"x": 2}, "l": []}`, Options{}},
		{"conflict", `{"v": 1}` + "\n" + `{"v": {"k": [1, "z"], "k": 2}}` + "\n" + `{"v": true}` + "\n" + `{"v": "s"}`, Options{}},
		{"value records", "1\n2\n3", Options{}},
		{"value records mixed", "1\n2.5\n\"x\"\n[1]\nnull\n", Options{}},
		{"objects", "{\"a\":1}\n{\"b\": [1, 2]}\n  7  \n", Options{Objects: true}},
		{"columns", `{"a": "5", "b": 1}` + "\n" + `{"a": 6.0, "B": 2}`, Options{Columns: []storage.Column{{Name: "a", Type: vector.Integer}, {Name: "b", Type: vector.Double}}}},
		{"ignore errors", "{\"a\": 1}\n{oops\n{\"a\": 3}\n{\"a\": \"x\"}\n[1]\n{\"a\": 4}", Options{IgnoreErrors: true}},
		{"escapes", `{"s": "a\"b\\c\/d\n\t\u00e9\ud83d\ude00\ud800x", "k\u0041": 1}` + "\n" + `{"s": "plain é 日本", "kA": 2}`, Options{}},
		{"duplicate keys", `{"a": 1, "a": 2, "b": "x"}` + "\n" + `{"b": "y", "a": 3}`, Options{}},
		{"case insensitive", `{"a": 1, "b": 1}` + "\n" + `{"A": 2, "B": 5, "b": 6}` + "\n" + `{"A": 3, "a ": 0}`, Options{}},
		{"fold columns", `{"Ab": 1, "aB": 2}` + "\n" + `{"ab": 3}` + "\n" + `{"AB": 4, "ab": 5, "AB": 6}`, Options{}},
		{"dates", `{"d": "2024-01-02", "t": "2024-01-02 03:04:05", "u": "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11"}` + "\n" + `{"d": "2024-02-03T01:02:03Z", "t": "2024-01-02", "u": null}`, Options{}},
		{"blank lines crlf", "\r\n{\"a\": 1}\r\n\r\n{\"a\": 2} {\"a\": 3}\r\n\n", Options{}},
		{"bom", "\xef\xbb\xbf{\"a\": 1}\n{\"a\": 2}\n", Options{}},
		{"multi-line records", "{\"a\":\n 1}\n{\"a\": 2,\n\"b\": [1,\n2]}\n", Options{}},
		{"max depth", `{"a": {"b": {"c": 1}}, "l": [[1]]}`, Options{MaxDepth: 2}},
		{"list of structs", `{"l": [{"x": 1, "y": "a"}, {"y": "b"}, null, {"x": 2, "z": [1]}]}` + "\n" + `{"l": null}` + "\n" + `{"l": [{}]}`, Options{}},
		{"numbers", `{"i": 9223372036854775807, "f": 1e300, "g": -0.0, "h": 12345678901234567890}` + "\n" + `{"i": -9223372036854775808, "f": 0.1, "g": 1E-5, "h": 1.5}`, Options{}},
		{"typed", `{"b": true, "i": "12", "d": 12.345, "f": "1.5", "s": 1.50, "u": "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"}`,
			Options{Columns: []storage.Column{{Name: "b", Type: vector.Boolean}, {Name: "i", Type: vector.SmallInt}, {Name: "d", Type: vector.Decimal(9, 2)},
				{Name: "f", Type: vector.Float}, {Name: "s", Type: vector.Varchar}, {Name: "u", Type: vector.UUID}}}},
		{"decimal forms", `{"d": 1.5e3}` + "\n" + `{"d": -0.005}` + "\n" + `{"d": 123456789012345678}`, Options{Columns: []storage.Column{{Name: "d", Type: vector.Decimal(18, 1)}}}},
		{"sample size", "{\"a\": 1}\n{\"a\": 2}\n{\"a\": \"x\"}\n", Options{SampleRows: 2}},
		{"sample all", "{\"a\": 1}\n{\"b\": 2}\n", Options{SampleRows: -1}},
		{"null records", "null\n{\"a\": 1}\nnull\n", Options{}},
		{"only nulls", "null\nnull\n", Options{}},
		// Errors.
		{"bad line 3", "{\"a\": 1}\n{\"a\": 2}\n{\"a\": }\n", Options{}},
		{"truncated array", "[{\"a\": 1}, ", Options{}},
		{"array then object", "{\"a\": 1}\n[1]\n", Options{}},
		{"deep", strings.Repeat("[", 5000) + strings.Repeat("]", 5000), Options{}},
		{"deep record", `{"a": ` + strings.Repeat("[", 1200) + strings.Repeat("]", 1200) + "}", Options{Columns: []storage.Column{{Name: "b", Type: vector.Integer}}}},
		{"conversion", "{\"a\": 1}\n\n{\"a\": 2}\n{\"a\": \"x\"}\n", Options{Columns: []storage.Column{{Name: "a", Type: vector.Integer}}}},
		{"bad escape", "{\"a\": \"x\"}\n{\"a\": \"\\q\"}\n", Options{}},
		{"control char", "{\"a\": \"x\ty\"}\n", Options{}},
		{"bad number", "{\"a\": 1}\n{\"a\": 01}\n", Options{}},
		{"bad literal", "{\"a\": 1}\n{\"a\": tru}\n", Options{}},
		{"data after array", "[1, 2] 3", Options{}},
		{"not an array", "{\"a\": 1}", Options{Format: FormatArray}},
		{"empty", "", Options{}},
		{"empty objects", "{}\n{}\n", Options{}},
		{"struct kind error", `{"s": {"x": 1}}` + "\n" + `{"s": [1]}`, Options{}},
		{"list elem error", `{"l": [1, 2]}`, Options{Columns: []storage.Column{{Name: "l", Type: vector.ListOf(vector.Boolean)}}}},
		{"two field errors", `{"s": {"y": "a", "x": "b"}}`, Options{Columns: []storage.Column{{Name: "s", Type: vector.StructOf([]vector.StructField{{Name: "x", Typ: vector.Integer}, {Name: "y", Typ: vector.Integer}})}}}},
		{"duplicate fixes error", `{"a": "x", "a": 2}`, Options{Columns: []storage.Column{{Name: "a", Type: vector.Integer}}}},
		{"unsupported", `{"a": 1}` + "\n" + `{"a": null}`, Options{Columns: []storage.Column{{Name: "a", Type: vector.IntervalType}}}},
		{"uuid errors", `{"u": "x"}`, Options{Columns: []storage.Column{{Name: "u", Type: vector.UUID}}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { compareWithReference(t, []byte(tc.in), tc.opts) })
	}
}

// randomRecords makes n newline-delimited records with varying keys,
// types, nesting, escapes and nulls.
func randomRecords(rng *rand.Rand, n int) []byte {
	var sb strings.Builder
	strs := []string{"plain", "é日本", `q\"uote`, `back\\slash`, `\u00e9\n`, "", "2024-05-06", "2024-05-06 07:08:09", `\ud83d\ude00`}
	scalar := func() string {
		switch rng.IntN(7) {
		case 0:
			return "null"
		case 1:
			return fmt.Sprint(rng.Int64N(2000) - 1000)
		case 2:
			return fmt.Sprintf("%.3f", rng.Float64()*100)
		case 3:
			return []string{"true", "false"}[rng.IntN(2)]
		default:
			return `"` + strs[rng.IntN(len(strs))] + `"`
		}
	}
	var value func(depth int) string
	value = func(depth int) string {
		if depth > 2 {
			return scalar()
		}
		switch rng.IntN(6) {
		case 0:
			k := rng.IntN(4)
			parts := make([]string, k)
			for i := range parts {
				parts[i] = value(depth + 1)
			}
			return "[" + strings.Join(parts, ", ") + "]"
		case 1:
			k := rng.IntN(3)
			parts := make([]string, k)
			for i := range parts {
				parts[i] = fmt.Sprintf(`"f%d": %s`, rng.IntN(3), value(depth+1))
			}
			return "{" + strings.Join(parts, ",") + "}"
		}
		return scalar()
	}
	// Per key a preferred kind keeps columns mostly typed.
	typed := []func() string{
		func() string { return fmt.Sprint(rng.Int64N(1 << 40)) },
		func() string { return fmt.Sprintf("%d.%02d", rng.IntN(100000), rng.IntN(100)) },
		func() string { return `"` + strs[rng.IntN(len(strs))] + `"` },
		func() string { return fmt.Sprintf(`"2024-%02d-%02d"`, rng.IntN(12)+1, rng.IntN(28)+1) },
		func() string { return fmt.Sprintf(`{"x": %d, "y": [%d, %d]}`, rng.IntN(9), rng.IntN(9), rng.IntN(9)) },
	}
	for range n {
		keys := rng.Perm(8)[:4+rng.IntN(4)]
		if rng.IntN(4) != 0 {
			// Mostly a stable key order.
			keys = keys[:0]
			for k := 0; k < 8; k++ {
				if rng.IntN(8) != 0 {
					keys = append(keys, k)
				}
			}
		}
		parts := make([]string, 0, len(keys))
		for _, k := range keys {
			var v string
			switch {
			case rng.IntN(20) == 0:
				v = "null"
			case k < len(typed) && rng.IntN(50) != 0:
				v = typed[k]()
			default:
				v = value(0)
			}
			parts = append(parts, fmt.Sprintf(`"k%d":%s`, k, v))
		}
		sb.WriteString("{" + strings.Join(parts, ", ") + "}\n")
	}
	return []byte(sb.String())
}

func TestMatchesReferenceRandom(t *testing.T) {
	for seed := range 20 {
		rng := rand.New(rand.NewPCG(uint64(seed), 1))
		data := randomRecords(rng, 50+rng.IntN(600))
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			compareWithReference(t, data, Options{})
			compareWithReference(t, data, Options{Objects: true})
			// The same records as one pretty array, and with broken
			// records skipped: both read serially.
			lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
			arr := "[\n  " + strings.Join(lines, ",\n  ") + "\n]\n"
			compareWithReference(t, []byte(arr), Options{})
			for i := 3; i < len(lines); i += 17 {
				lines[i] = lines[i][:len(lines[i])/2]
			}
			compareWithReference(t, []byte(strings.Join(lines, "\n")), Options{IgnoreErrors: true})
		})
	}
}

func TestErrorLinesAcrossRanges(t *testing.T) {
	var lines []string
	for i := range 1000 {
		lines = append(lines, fmt.Sprintf("{\"k0\": %d, \"k1\": \"r\\u00e9%d\", \"k2\": [%d, {\"x\": null}]}\n", i, i, i))
	}
	tests := []struct {
		name string
		line int // 1-based line to replace
		with string
		opts Options
		want string
	}{
		{"syntax", 777, "{\"k0\": 1,, \"k1\": 2}\n", Options{SampleRows: 10}, "at line 777:"},
		{"syntax late", 998, "{\"k0\": [1, 2}\n", Options{SampleRows: 10}, "at line 998:"},
		{"conversion", 501, "{\"k0\": \"not a number\"}\n", Options{Columns: []storage.Column{{Name: "k0", Type: vector.BigInt}}}, `line 501, column "k0"`},
		{"not an object", 640, "[1, 2]\n", Options{SampleRows: 10}, "line 640: expected an object"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := slices.Clone(lines)
			in[tc.line-1] = tc.with
			data := []byte(strings.Join(in, ""))
			path := filepath.Join(t.TempDir(), "e.json")
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			for _, hi := range []int64{1 << 30, 4096, 333} {
				withRanges(t, 100, hi)
				for _, p := range []string{"", path} {
					_, _, err := readNew("e.json", data, tc.opts, p)
					if err == nil || !strings.Contains(err.Error(), tc.want) {
						t.Errorf("ranges ≤ %d, file %q: error = %v, want one with %q", hi, p, err, tc.want)
					}
				}
			}
		})
	}
}

// TestRecordSpanningLinesAfterSample checks that a record spanning lines
// after the sampled ones is an error, never rows read from a wrong start.
func TestRecordSpanningLinesAfterSample(t *testing.T) {
	var sb strings.Builder
	for i := range 200 {
		fmt.Fprintf(&sb, "{\"a\": %d, \"b\": \"x%d\"}\n", i, i)
	}
	sb.WriteString("{\"a\": 1000,\n \"b\": \"split\"}\n")
	for i := range 200 {
		fmt.Fprintf(&sb, "{\"a\": %d, \"b\": \"y%d\"}\n", i, i)
	}
	data := []byte(sb.String())
	_, want, err := refParse("s.json", data, Options{SampleRows: 5})
	if err != nil {
		t.Fatal(err)
	}
	for _, hi := range []int64{1 << 30, 500, 97, 41, 13} {
		withRanges(t, 1, hi)
		_, rows, err := readNew("s.json", data, Options{SampleRows: 5}, "")
		switch {
		case err != nil && !strings.Contains(err.Error(), "line 201"):
			t.Errorf("ranges ≤ %d: error = %v, want one at line 201", hi, err)
		case err == nil && strings.Join(rows, "\n") != strings.Join(want, "\n"):
			t.Errorf("ranges ≤ %d: wrong rows without an error", hi)
		}
		// With every record sampled, the file is read serially.
		_, rows, err = readNew("s.json", data, Options{SampleRows: -1}, "")
		if err != nil || strings.Join(rows, "\n") != strings.Join(want, "\n") {
			t.Errorf("ranges ≤ %d, sample_size=-1: err = %v, %d rows, want %d", hi, err, len(rows), len(want))
		}
	}
}
