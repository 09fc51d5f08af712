package sql

import (
	"fmt"
	"strings"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/storage/csv"
	"github.com/lhsql/lhsql/storage/parquet"
	"github.com/lhsql/lhsql/vector"
)

// openTableFunc opens file-reading table functions.
func openTableFunc(name string, args []vector.Value, named map[string]vector.Value) (storage.Table, string, bool, error) {
	switch name {
	case "read_parquet", "parquet_scan":
		if len(args) != 1 || !args[0].Typ.IsString() {
			return nil, "", true, fmt.Errorf("%s expects a path, a glob or a list of paths", name)
		}
		var files []string
		for _, p := range strings.Split(args[0].Str, "\x00") {
			m, err := parquet.Glob(p)
			if err != nil {
				return nil, "", true, err
			}
			files = append(files, m...)
		}
		t, err := parquet.Open(files)
		if err != nil {
			return nil, "", true, err
		}
		return t, args[0].Str, true, nil
	case "read_csv", "read_csv_auto":
		if len(args) != 1 || !args[0].Typ.IsString() {
			return nil, "", true, fmt.Errorf("%s expects a path", name)
		}
		opts, err := csvOptions(named)
		if err != nil {
			return nil, "", true, err
		}
		paths := strings.Split(args[0].Str, "\x00")
		if len(paths) != 1 {
			return nil, "", true, fmt.Errorf("%s: reading several CSV files is not supported yet", name)
		}
		t, err := csv.Open(paths[0], opts)
		if err != nil {
			return nil, "", true, err
		}
		return t, paths[0], true, nil
	case "read_json", "read_json_auto", "read_ndjson":
		return nil, "", true, fmt.Errorf("%s is not supported yet", name)
	}
	return nil, "", false, nil
}

// csvOptions maps read_csv named arguments to reader options.
func csvOptions(named map[string]vector.Value) (csv.Options, error) {
	var o csv.Options
	for k, v := range named {
		switch k {
		case "delim", "sep", "delimiter":
			if len(v.Str) != 1 {
				return o, fmt.Errorf("read_csv: delim must be a single character")
			}
			o.Delim = rune(v.Str[0])
		case "quote":
			if len(v.Str) == 1 {
				o.Quote = rune(v.Str[0])
			}
		case "escape":
			if len(v.Str) == 1 {
				o.Escape = rune(v.Str[0])
			}
		case "header":
			h := v.Bool
			if v.Typ.ID != vector.TypeBoolean {
				h = v.I64 != 0
			}
			o.Header = &h
		case "nullstr":
			o.NullStr = v.Str
		case "auto_detect", "sample_size", "all_varchar":
			// accepted; detection always runs
		default:
			return o, fmt.Errorf("read_csv: unknown option %q", k)
		}
	}
	return o, nil
}
