package json

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// FuzzDecode checks on arbitrary text that the streaming reader never
// panics and agrees with the previous tree-building reader: both fail,
// or both give the same schema and rows, read serially and in tiny
// parallel ranges.
func FuzzDecode(f *testing.F) {
	seeds := []string{
		"{\"a\": 1, \"b\": \"x\"}\n{\"a\": 2.5, \"c\": [1, {\"d\": null}]}\n",
		`[{"id": 1, "d": "2024-01-02"}, {"id": 2, "d": "2024-03-04"}]`,
		"{\"s\": \"a\\\"b\\u00e9\\ud83d\\ude00\", \"S\": 1, \"s\": 2}\n",
		"1\n2.5\n\"x\"\n[1]\nnull\n",
		"{\"a\": 1}\n{oops\n{\"a\": }\n",
		"{\"a\": [1, 2, [3]], \"b\": {\"c\": {\"d\": 1e5}}}\n{\"a\": [], \"b\": {}}\n",
		"{\"t\": \"2024-01-02 03:04:05\", \"u\": \"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\"}\n",
		"\xef\xbb\xbf{\"a\":\n1}\r\n{\"a\": tru}",
		"[1, 2] 3",
		"{\"a\": \"\\ud800\\u12\"}",
	}
	for _, s := range seeds {
		f.Add([]byte(s), uint8(0))
	}
	f.Fuzz(func(t *testing.T, data []byte, mode uint8) {
		opts := Options{}
		switch mode % 5 {
		case 1:
			opts.IgnoreErrors = true
		case 2:
			opts.Objects = true
		case 3:
			opts.Columns = []storage.Column{{Name: "a", Type: vector.BigInt}, {Name: "b", Type: vector.Varchar},
				{Name: "c", Type: vector.ListOf(vector.Double)}, {Name: "d", Type: vector.StructOf([]vector.StructField{{Name: "x", Typ: vector.Date}})}}
		case 4:
			opts.Format = FormatArray
		}
		wantCols, wantRows, wantErr := refParse("f.json", data, opts)
		path := filepath.Join(t.TempDir(), "f.json")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, hi := range []int64{1 << 30, 11, -13} {
			p := ""
			if hi < 0 {
				// A file read through a tiny window (or in tiny ranges).
				hi, p = -hi, path
			}
			withRanges(t, 1, hi)
			cols, rows, err := readNew("f.json", data, opts, p)
			if err != nil {
				err = errors.New(strings.ReplaceAll(err.Error(), path, "f.json"))
			}
			if (err != nil) != (wantErr != nil) {
				t.Fatalf("ranges ≤ %d: error = %v, want %v", hi, err, wantErr)
			}
			if err != nil {
				continue
			}
			if g, w := colsString(cols), colsString(wantCols); g != w {
				t.Fatalf("ranges ≤ %d: schema = %s, want %s", hi, g, w)
			}
			if g, w := strings.Join(rows, "\n"), strings.Join(wantRows, "\n"); g != w {
				t.Fatalf("ranges ≤ %d: rows = %q, want %q", hi, g, w)
			}
		}
	})
}
