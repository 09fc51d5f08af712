package sql

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/storage/csv"
	"github.com/lhsql/lhsql/storage/files"
	"github.com/lhsql/lhsql/storage/json"
	"github.com/lhsql/lhsql/storage/parquet"
	"github.com/lhsql/lhsql/vector"
)

// openTableFunc opens file-reading table functions; threads bounds the
// goroutines that parse a CSV file (0 means GOMAXPROCS).
func openTableFunc(name string, args []vector.Value, named map[string]vector.Value, threads int) (storage.Table, string, bool, error) {
	switch name {
	case "read_parquet", "parquet_scan":
		t, label, err := openParquet(name, args, named)
		return t, label, true, err
	case "read_csv", "read_csv_auto":
		t, label, err := openCSV(name, args, named, threads)
		return t, label, true, err
	case "read_json", "read_json_auto", "read_ndjson", "read_ndjson_auto", "read_json_objects":
		t, label, err := openJSON(name, args, named)
		return t, label, true, err
	case "parquet_metadata", "parquet_schema", "parquet_file_metadata", "parquet_kv_metadata":
		t, err := openParquetMeta(name, args)
		return t, name, true, err
	case "cache_info", "lhsql_cache_info", "duckdb_secrets", "lhsql_secrets":
		t, _, err := remoteTableFunc(name)
		return t, name, true, err
	}
	return nil, "", false, nil
}

// pathArgs expands the path argument (one path, a glob, or a list joined
// by NUL) into files.
func pathArgs(name string, args []vector.Value) ([]string, string, error) {
	if len(args) != 1 || args[0].Null {
		return nil, "", fmt.Errorf("%s expects a path, a glob or a list of paths", name)
	}
	var pats []string
	switch {
	case args[0].Typ.IsString():
		pats = strings.Split(args[0].Str, "\x00")
	case args[0].Typ.ID == vector.TypeList:
		for _, e := range args[0].List {
			if e.Null || !e.Typ.IsString() {
				return nil, "", fmt.Errorf("%s: file list entries must be strings", name)
			}
			pats = append(pats, e.Str)
		}
		if len(pats) == 0 {
			return nil, "", fmt.Errorf("%s: the file list is empty", name)
		}
	default:
		return nil, "", fmt.Errorf("%s expects a path, a glob or a list of paths", name)
	}
	label := strings.Join(pats, ", ")
	var out []string
	for _, p := range pats {
		m, err := expandPath(p)
		if err != nil {
			return nil, "", err
		}
		out = append(out, m...)
	}
	return out, label, nil
}

// multiOptions takes the multi-file options out of named.
func multiOptions(name string, named map[string]vector.Value) (files.Options, bool, error) {
	var o files.Options
	used := false
	for k, v := range named {
		switch k {
		case "filename":
			used = true
			if v.Typ.IsString() && !v.Null {
				if b, err := optBool(k, v); err == nil {
					o.Filename = b
				} else {
					o.Filename, o.FilenameColumn = true, v.Str
				}
				continue
			}
			b, err := optBool(k, v)
			if err != nil {
				return o, false, fmt.Errorf("%s: %w", name, err)
			}
			o.Filename = b
		case "hive_partitioning":
			used = true
			b, err := optBool(k, v)
			if err != nil {
				return o, false, fmt.Errorf("%s: %w", name, err)
			}
			o.Hive = files.HiveOff
			if b {
				o.Hive = files.HiveOn
			}
		case "union_by_name":
			used = true
			b, err := optBool(k, v)
			if err != nil {
				return o, false, fmt.Errorf("%s: %w", name, err)
			}
			o.UnionByName = b
		case "hive_types":
			used = true
			if v.Typ.ID != vector.TypeStruct {
				return o, false, fmt.Errorf("%s: hive_types must be a STRUCT such as {'year': 'INTEGER'}", name)
			}
			o.HiveTypes = map[string]vector.Type{}
			for i, f := range v.Typ.StructFields() {
				t, err := parseTypeString(v.Fields[i].Str)
				if err != nil {
					return o, false, fmt.Errorf("%s: hive_types: %w", name, err)
				}
				o.HiveTypes[f.Name] = t
			}
		case "hive_types_autocast":
			used = true
			b, err := optBool(k, v)
			if err != nil {
				return o, false, fmt.Errorf("%s: %w", name, err)
			}
			o.HiveVarchar = !b
		default:
			continue
		}
		delete(named, k)
	}
	return o, used, nil
}

// hasHiveDirs reports whether a path has a key=value directory.
func hasHiveDirs(paths []string) bool {
	for _, p := range paths {
		if strings.Contains(filepath.ToSlash(filepath.Dir(p)), "=") {
			return true
		}
	}
	return false
}

func openParquet(name string, args []vector.Value, named map[string]vector.Value) (storage.Table, string, error) {
	paths, label, err := pathArgs(name, args)
	if err != nil {
		return nil, "", err
	}
	mo, used, err := multiOptions(name, named)
	if err != nil {
		return nil, "", err
	}
	for k := range named {
		switch k {
		case "binary_as_string", "file_row_number", "compression", "encryption_config":
			// accepted and ignored
		default:
			return nil, "", fmt.Errorf("%s: unknown option %q", name, k)
		}
	}
	if !used && !hasHiveDirs(paths) {
		t, err := parquet.Open(paths)
		return t, label, err
	}
	t, err := files.Open(paths, mo, func(p string) (storage.Table, error) { return parquet.Open([]string{p}) })
	return t, label, err
}

func openCSV(name string, args []vector.Value, named map[string]vector.Value, threads int) (storage.Table, string, error) {
	paths, label, err := pathArgs(name, args)
	if err != nil {
		return nil, "", err
	}
	mo, used, err := multiOptions(name, named)
	if err != nil {
		return nil, "", err
	}
	opts, err := csvOptions(named)
	if err != nil {
		return nil, "", err
	}
	if opts.Threads == 0 {
		opts.Threads = threads
	}
	if len(paths) == 1 && !used && !hasHiveDirs(paths) {
		t, err := csv.Open(paths[0], opts)
		return t, label, err
	}
	t, err := files.Open(paths, mo, func(p string) (storage.Table, error) { return csv.Open(p, opts) })
	return t, label, err
}

func openJSON(name string, args []vector.Value, named map[string]vector.Value) (storage.Table, string, error) {
	paths, label, err := pathArgs(name, args)
	if err != nil {
		return nil, "", err
	}
	mo, used, err := multiOptions(name, named)
	if err != nil {
		return nil, "", err
	}
	opts, err := jsonOptions(name, named)
	if err != nil {
		return nil, "", err
	}
	if len(paths) == 1 && !used && !hasHiveDirs(paths) {
		t, err := json.Open(paths[0], opts)
		return t, label, err
	}
	t, err := files.Open(paths, mo, func(p string) (storage.Table, error) { return json.Open(p, opts) })
	return t, label, err
}

// jsonOptions maps read_json named arguments to reader options.
func jsonOptions(name string, named map[string]vector.Value) (json.Options, error) {
	var o json.Options
	switch name {
	case "read_ndjson", "read_ndjson_auto":
		o.Format = json.FormatNewlineDelimited
	case "read_json_objects":
		o.Objects = true
	}
	for k, v := range named {
		switch k {
		case "format":
			switch strings.ToLower(v.Str) {
			case "auto":
				o.Format = json.FormatAuto
			case "newline_delimited", "nd", "ndjson":
				o.Format = json.FormatNewlineDelimited
			case "array":
				o.Format = json.FormatArray
			case "unstructured":
				o.Format = json.FormatAuto
			default:
				return o, fmt.Errorf("%s: format must be auto, newline_delimited or array", name)
			}
		case "columns":
			if v.Typ.ID != vector.TypeStruct {
				return o, fmt.Errorf("%s: columns must be a STRUCT such as {'a': 'INTEGER'}", name)
			}
			for i, f := range v.Typ.StructFields() {
				t, err := parseTypeString(v.Fields[i].Str)
				if err != nil {
					return o, fmt.Errorf("%s: columns: %w", name, err)
				}
				o.Columns = append(o.Columns, storage.Column{Name: f.Name, Type: t})
			}
		case "ignore_errors":
			b, err := optBool(k, v)
			if err != nil {
				return o, err
			}
			o.IgnoreErrors = b
		case "sample_size":
			if v.Typ.IsInteger() {
				o.SampleRows = int(v.I64)
			}
		case "maximum_depth":
			if v.Typ.IsInteger() {
				o.MaxDepth = int(v.I64)
			}
		case "auto_detect", "records", "compression", "maximum_object_size", "dateformat", "timestampformat", "convert_strings_to_integers":
			// accepted; detection always runs
		default:
			return o, fmt.Errorf("%s: unknown option %q", name, k)
		}
	}
	return o, nil
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
			h, err := optBool(k, v)
			if err != nil {
				return o, err
			}
			o.Header = &h
		case "nullstr":
			o.NullStr = v.Str
		case "dateformat":
			o.DateFormat = v.Str
		case "timestampformat":
			o.TimestampFormat = v.Str
		case "all_varchar":
			b, err := optBool(k, v)
			if err != nil {
				return o, err
			}
			o.AllVarchar = b
		case "sample_size":
			if v.Typ.IsInteger() && v.I64 > 0 {
				o.SampleRows = int(v.I64)
			}
		case "columns":
			if v.Typ.ID != vector.TypeStruct {
				return o, fmt.Errorf("read_csv: columns must be a STRUCT such as {'a': 'INTEGER'}")
			}
			for i, f := range v.Typ.StructFields() {
				t, err := parseTypeString(v.Fields[i].Str)
				if err != nil {
					return o, fmt.Errorf("read_csv: columns: %w", err)
				}
				o.Columns = append(o.Columns, storage.Column{Name: f.Name, Type: t})
			}
		case "types", "dtypes", "column_types":
			if v.Typ.ID != vector.TypeStruct {
				return o, fmt.Errorf("read_csv: types must be a STRUCT such as {'a': 'INTEGER'}")
			}
			o.Types = map[string]vector.Type{}
			for i, f := range v.Typ.StructFields() {
				t, err := parseTypeString(v.Fields[i].Str)
				if err != nil {
					return o, fmt.Errorf("read_csv: types: %w", err)
				}
				o.Types[f.Name] = t
			}
		case "ignore_errors":
			b, err := optBool(k, v)
			if err != nil {
				return o, err
			}
			o.IgnoreErrors = b
		case "parallel":
			b, err := optBool(k, v)
			if err != nil {
				return o, err
			}
			if !b {
				o.Threads = 1
			}
		case "auto_detect", "new_line", "compression", "max_line_size":
			// accepted; detection always runs
		default:
			return o, fmt.Errorf("read_csv: unknown option %q", k)
		}
	}
	return o, nil
}

// parseTypeString parses a type name such as INTEGER, DECIMAL(15,2) or
// TIMESTAMP WITH TIME ZONE.
func parseTypeString(s string) (vector.Type, error) {
	s = strings.TrimSpace(s)
	up := strings.ToUpper(s)
	switch up {
	case "TIMESTAMP WITH TIME ZONE":
		return vector.TimestampTZ, nil
	case "JSON":
		return vector.Varchar, nil
	}
	name, params := up, []int(nil)
	if i := strings.IndexByte(up, '('); i >= 0 && strings.HasSuffix(up, ")") {
		name = strings.TrimSpace(up[:i])
		for _, p := range strings.Split(up[i+1:len(up)-1], ",") {
			n, err := strconv.Atoi(strings.TrimSpace(p))
			if err != nil {
				return vector.Type{}, fmt.Errorf("invalid type %q", s)
			}
			params = append(params, n)
		}
	}
	t, err := vector.ParseTypeName(name, params)
	if err != nil {
		return vector.Type{}, fmt.Errorf("invalid type %q: %w", s, err)
	}
	return t, nil
}

// openParquetMeta opens parquet_metadata / parquet_schema and friends.
func openParquetMeta(name string, args []vector.Value) (storage.Table, error) {
	paths, _, err := pathArgs(name, args)
	if err != nil {
		return nil, err
	}
	switch name {
	case "parquet_metadata":
		return parquet.Metadata(paths)
	case "parquet_schema":
		return parquet.SchemaInfo(paths)
	case "parquet_file_metadata":
		return parquet.FileMetadata(paths)
	}
	return parquet.KeyValueMetadata(paths)
}
