package sql

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/lhsql/lhsql/engine"
	"github.com/lhsql/lhsql/sql/parser"
	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/storage/csv"
	"github.com/lhsql/lhsql/storage/json"
	"github.com/lhsql/lhsql/storage/parquet"
	"github.com/lhsql/lhsql/vector"
)

// copyOpt is one COPY option: a constant value, or a list of names for
// options such as PARTITION_BY (a, b).
type copyOpt struct {
	val   vector.Value
	list  []string
	isSet bool // the option has a value (a bare flag has none)
}

// copyOpts holds COPY options by lower-case name.
type copyOpts map[string]copyOpt

func (o copyOpts) str(name string) (string, bool) {
	v, ok := o[name]
	if !ok {
		return "", false
	}
	if len(v.list) > 0 {
		return v.list[0], true
	}
	return v.val.String(), true
}

// flag reads a boolean option; a bare flag is true.
func (o copyOpts) flag(name string) (bool, bool, error) {
	v, ok := o[name]
	if !ok {
		return false, false, nil
	}
	if !v.isSet {
		return true, true, nil
	}
	b, err := optBool(name, v.val)
	return b, true, err
}

func optBool(name string, v vector.Value) (bool, error) {
	switch {
	case v.Null:
		return false, nil
	case v.Typ.ID == vector.TypeBoolean:
		return v.Bool, nil
	case v.Typ.IsInteger():
		return v.I64 != 0, nil
	case v.Typ.IsString():
		switch strings.ToLower(v.Str) {
		case "true", "1", "on", "yes", "t":
			return true, nil
		case "false", "0", "off", "no", "f":
			return false, nil
		}
	}
	return false, fmt.Errorf("Binder Error: option %s expects a boolean, got %s", strings.ToUpper(name), v.String())
}

// copyOptions evaluates the option list of a COPY statement.
func (c *Conn) copyOptions(text string, args []*parser.NamedArg) (copyOpts, error) {
	out := copyOpts{}
	for _, a := range args {
		name := strings.ToLower(a.Name)
		var o copyOpt
		switch e := a.Value.(type) {
		case nil:
		case *parser.ListExpr:
			o.isSet = true
			for _, it := range e.Items {
				s, err := c.optName(text, it)
				if err != nil {
					return nil, err
				}
				o.list = append(o.list, s)
			}
		case *parser.ColumnRef:
			o.isSet = true
			o.val = vector.StringValue(strings.Join(e.Parts, "."))
			o.list = []string{o.val.Str}
		default:
			v, err := c.constValue(text, a.Value)
			if err != nil {
				return nil, fmt.Errorf("COPY option %s: %w", a.Name, err)
			}
			o.isSet = true
			o.val = v
			if v.Typ.IsString() {
				o.list = []string{v.Str}
			}
		}
		out[name] = o
	}
	return out, nil
}

func (c *Conn) optName(text string, e parser.Expr) (string, error) {
	switch x := e.(type) {
	case *parser.ColumnRef:
		return strings.Join(x.Parts, "."), nil
	case *parser.Literal:
		return x.Value, nil
	}
	v, err := c.constValue(text, e)
	if err != nil {
		return "", err
	}
	return v.String(), nil
}

// copy runs COPY ... TO and COPY ... FROM.
func (c *Conn) copy(ctx context.Context, text string, s *parser.CopyStmt, args []vector.Value) (*Rows, error) {
	opts, err := c.copyOptions(text, s.Options)
	if err != nil {
		return nil, err
	}
	format, err := copyFormat(s.Path, opts)
	if err != nil {
		return nil, err
	}
	if !s.To {
		return c.copyFrom(ctx, text, s, format, opts, args)
	}
	q := s.Query
	if q == nil {
		core := &parser.SelectCore{From: []parser.TableRef{&parser.TableName{Name: s.Table, Pos: -1}}}
		if len(s.Columns) == 0 {
			core.Items = []*parser.SelectItem{{Expr: &parser.Star{}}}
		}
		for _, col := range s.Columns {
			core.Items = append(core.Items, &parser.SelectItem{Expr: &parser.ColumnRef{Parts: []string{col}, Pos: -1}})
		}
		q = &parser.SelectStmt{Body: core}
	}
	node, names, types, err := c.planQuery(text, q, args)
	if err != nil {
		return nil, err
	}
	schema := make([]storage.Column, len(names))
	for i := range names {
		schema[i] = storage.Column{Name: names[i], Type: types[i]}
	}
	sink, err := newCopySink(s.Path, format, schema, opts)
	if err != nil {
		return nil, err
	}
	n, err := c.runInto(ctx, node, sink)
	if err != nil {
		sink.abort()
		return nil, err
	}
	if err := sink.commit(); err != nil {
		return nil, err
	}
	return countRows(n), nil
}

// runInto runs a plan and writes every chunk to sink.
func (c *Conn) runInto(ctx context.Context, node engine.Node, sink *copySink) (int64, error) {
	res, err := engine.Run(ctx, node, c.options())
	if err != nil {
		return 0, err
	}
	defer res.Close()
	var n int64
	for {
		ch, err := res.Next()
		if err != nil {
			return n, err
		}
		if ch == nil {
			return n, nil
		}
		if err := ctx.Err(); err != nil {
			return n, err
		}
		if err := sink.write(ch); err != nil {
			return n, err
		}
		n += int64(ch.Rows())
	}
}

// copyFormat picks the file format from the FORMAT option or the path's
// extension (CSV when neither says).
func copyFormat(path string, opts copyOpts) (string, error) {
	if f, ok := opts.str("format"); ok {
		f = strings.ToLower(f)
		switch f {
		case "parquet", "csv", "json":
			return f, nil
		case "ndjson", "jsonl", "newline_delimited":
			return "json", nil
		}
		return "", fmt.Errorf("Catalog Error: Copy Function with name %q does not exist! (use parquet, csv or json)", f)
	}
	p := strings.ToLower(path)
	p = strings.TrimSuffix(strings.TrimSuffix(p, ".gz"), ".zst")
	switch {
	case strings.HasSuffix(p, ".parquet"):
		return "parquet", nil
	case strings.HasSuffix(p, ".json"), strings.HasSuffix(p, ".ndjson"), strings.HasSuffix(p, ".jsonl"):
		return "json", nil
	}
	return "csv", nil
}

// copySink routes chunks to one output file or, with PARTITION_BY, to one
// file per partition. Files are written under temporary names in their
// target directories and renamed into place by commit, so a failed COPY
// leaves no partial file under a target name.
type copySink struct {
	format   string
	opts     copyOpts
	schema   []storage.Column // written columns
	partCols []int            // partition columns (indices into the input)
	keepCols []int            // written columns (indices into the input)
	root     string
	pattern  string
	single   *outFile
	parts    map[string]*outFile
	order    []string
	madeDirs []string
}

// outFile is one file being written.
type outFile struct {
	tmp, final string
	f          *os.File
	closer     []io.Closer // closed in order before f
	w          chunkWriter
	direct     bool // writes straight to the target (stdout)
}

type chunkWriter interface {
	Write(*vector.Chunk) error
	Close() error
}

func newCopySink(path, format string, schema []storage.Column, opts copyOpts) (*copySink, error) {
	s := &copySink{format: format, opts: opts, root: path, parts: map[string]*outFile{}}
	for k := range opts {
		if !knownCopyOption(format, k) {
			return nil, fmt.Errorf("Binder Error: Unrecognized option for %s COPY TO: %q", strings.ToUpper(format), strings.ToUpper(k))
		}
	}
	if c, ok := opts.str("compression"); ok && format == "parquet" {
		if err := parquet.CheckCompression(c); err != nil {
			return nil, err
		}
	}
	pb, partitioned := opts["partition_by"]
	if partitioned {
		if len(pb.list) == 0 {
			return nil, fmt.Errorf("Binder Error: PARTITION_BY expects a list of columns")
		}
		isPart := make([]bool, len(schema))
		for _, name := range pb.list {
			found := -1
			for i, col := range schema {
				if strings.EqualFold(col.Name, name) {
					found = i
				}
			}
			if found < 0 {
				return nil, fmt.Errorf("Binder Error: PARTITION_BY column %q is not in the output", name)
			}
			s.partCols = append(s.partCols, found)
			isPart[found] = true
		}
		writePart, _, err := opts.flag("write_partition_columns")
		if err != nil {
			return nil, err
		}
		for i, col := range schema {
			if !isPart[i] || writePart {
				s.keepCols = append(s.keepCols, i)
				s.schema = append(s.schema, col)
			}
		}
		if len(s.schema) == 0 {
			return nil, fmt.Errorf("Invalid Input Error: PARTITION_BY leaves no columns to write")
		}
		s.pattern = "data_{i}"
		if p, ok := opts.str("filename_pattern"); ok {
			s.pattern = p
		}
		if err := s.prepareDir(); err != nil {
			return nil, err
		}
		return s, nil
	}
	s.schema = schema
	f, err := s.open(path)
	if err != nil {
		return nil, err
	}
	s.single = f
	return s, nil
}

// knownCopyOption reports whether a COPY TO option applies to the format.
func knownCopyOption(format, k string) bool {
	switch k {
	case "format", "partition_by", "overwrite_or_ignore", "overwrite", "filename_pattern",
		"write_partition_columns", "compression", "per_thread_output", "use_tmp_file":
		return true
	}
	switch format {
	case "parquet":
		switch k {
		case "row_group_size", "row_group_size_bytes", "codec", "bloom_filters", "compression_level":
			return true
		}
	case "csv":
		switch k {
		case "header", "delimiter", "delim", "sep", "quote", "escape", "null", "nullstr", "force_quote":
			return true
		}
	case "json":
		switch k {
		case "array":
			return true
		}
	}
	return false
}

// prepareDir checks the PARTITION_BY target directory.
func (s *copySink) prepareDir() error {
	overwrite, _, err := s.opts.flag("overwrite")
	if err != nil {
		return err
	}
	ignore, _, err := s.opts.flag("overwrite_or_ignore")
	if err != nil {
		return err
	}
	st, err := os.Stat(s.root)
	switch {
	case err == nil && !st.IsDir():
		return fmt.Errorf("IO Error: Cannot write to %q: it is a file, not a directory", s.root)
	case err == nil:
		entries, err := os.ReadDir(s.root)
		if err != nil {
			return fmt.Errorf("IO Error: %w", err)
		}
		if len(entries) > 0 && !ignore && !overwrite {
			return fmt.Errorf("IO Error: Directory %q is not empty! Enable OVERWRITE_OR_IGNORE option to force writing", s.root)
		}
		if len(entries) > 0 && overwrite {
			for _, e := range entries {
				if err := os.RemoveAll(filepath.Join(s.root, e.Name())); err != nil {
					return fmt.Errorf("IO Error: %w", err)
				}
			}
		}
	case errors.Is(err, os.ErrNotExist):
		if err := os.MkdirAll(s.root, 0o755); err != nil {
			return fmt.Errorf("IO Error: cannot create directory %q: %w", s.root, err)
		}
		s.madeDirs = append(s.madeDirs, s.root)
	default:
		return fmt.Errorf("IO Error: %w", err)
	}
	return nil
}

// open creates a temporary file next to final and a format writer on it.
func (s *copySink) open(final string) (*outFile, error) {
	of := &outFile{final: final}
	var out io.Writer
	if final == "/dev/stdout" {
		of.direct = true
		out = os.Stdout
	} else {
		dir := filepath.Dir(final)
		f, err := os.CreateTemp(dir, "."+filepath.Base(final)+".tmp-*")
		if err != nil {
			return nil, fmt.Errorf("IO Error: cannot open file %q for writing: %w", final, err)
		}
		// CreateTemp makes the file private; give it the usual mode.
		if err := f.Chmod(0o644); err != nil {
			f.Close()
			os.Remove(f.Name())
			return nil, fmt.Errorf("IO Error: cannot open file %q for writing: %w", final, err)
		}
		of.f, of.tmp = f, f.Name()
		out = f
	}
	w, err := s.newWriter(out, of)
	if err != nil {
		of.discard()
		return nil, err
	}
	of.w = w
	return of, nil
}

func (s *copySink) newWriter(out io.Writer, of *outFile) (chunkWriter, error) {
	comp, _ := s.opts.str("compression")
	comp = strings.ToLower(comp)
	if comp == "" {
		if c, ok := s.opts.str("codec"); ok {
			comp = strings.ToLower(c)
		}
	}
	if s.format != "parquet" {
		if comp == "" || comp == "auto" {
			comp = "none"
			if strings.HasSuffix(strings.ToLower(of.final), ".gz") {
				comp = "gzip"
			}
		}
		switch comp {
		case "none", "uncompressed":
		case "gzip":
			gz := gzip.NewWriter(out)
			of.closer = append(of.closer, gz)
			out = gz
		default:
			return nil, fmt.Errorf("Invalid Input Error: unsupported %s compression %q (use gzip or none)", s.format, comp)
		}
	}
	switch s.format {
	case "parquet":
		o := parquet.WriterOptions{Compression: comp}
		if v, ok := s.opts["row_group_size"]; ok {
			n, err := optInt("ROW_GROUP_SIZE", v.val)
			if err != nil {
				return nil, err
			}
			if n <= 0 {
				return nil, fmt.Errorf("Invalid Input Error: ROW_GROUP_SIZE must be positive")
			}
			o.RowGroupSize = n
		}
		if v, ok := s.opts["bloom_filters"]; ok {
			o.BloomFilters = v.list
		}
		return parquet.NewWriter(out, s.schema, o)
	case "csv":
		o := csv.WriteOptions{Header: true}
		if h, ok, err := s.opts.flag("header"); err != nil {
			return nil, err
		} else if ok {
			o.Header = h
		}
		for _, k := range []string{"delimiter", "delim", "sep"} {
			if d, ok := s.opts.str(k); ok {
				if d == "" {
					return nil, fmt.Errorf("Invalid Input Error: DELIMITER must not be empty")
				}
				o.Delim = d
			}
		}
		if q, ok := s.opts.str("quote"); ok && len(q) == 1 {
			o.Quote = q[0]
		}
		if e, ok := s.opts.str("escape"); ok && len(e) == 1 {
			o.Escape = e[0]
		}
		for _, k := range []string{"null", "nullstr"} {
			if n, ok := s.opts.str(k); ok {
				o.NullStr = n
			}
		}
		if v, ok := s.opts["force_quote"]; ok {
			o.ForceQuote = map[string]bool{}
			for _, n := range v.list {
				o.ForceQuote[strings.ToLower(n)] = true
			}
			if len(v.list) == 1 && v.list[0] == "*" {
				for _, col := range s.schema {
					o.ForceQuote[strings.ToLower(col.Name)] = true
				}
			}
		}
		return csv.NewWriter(out, s.schema, o)
	case "json":
		arr, _, err := s.opts.flag("array")
		if err != nil {
			return nil, err
		}
		return json.NewWriter(out, s.schema, json.WriteOptions{Array: arr})
	}
	return nil, fmt.Errorf("unknown COPY format %q", s.format)
}

func optInt(name string, v vector.Value) (int64, error) {
	switch {
	case v.Typ.IsInteger():
		return v.I64, nil
	case v.Typ.IsString():
		n, err := strconv.ParseInt(strings.TrimSpace(v.Str), 10, 64)
		if err == nil {
			return n, nil
		}
	case v.Typ.ID == vector.TypeDouble && v.F64 == float64(int64(v.F64)):
		return int64(v.F64), nil
	}
	return 0, fmt.Errorf("Binder Error: option %s expects an integer, got %s", name, v.String())
}

func (s *copySink) write(ch *vector.Chunk) error {
	if s.single != nil {
		return s.single.w.Write(ch)
	}
	return s.writePartitioned(ch)
}

// writePartitioned splits ch by the partition columns' values.
func (s *copySink) writePartitioned(ch *vector.Chunk) error {
	n := ch.Rows()
	groups := map[string][]uint32{}
	var keys []string
	var sb strings.Builder
	for r := 0; r < n; r++ {
		i := r
		if ch.Sel != nil {
			i = int(ch.Sel[r])
		}
		sb.Reset()
		for k, pc := range s.partCols {
			if k > 0 {
				sb.WriteByte('/')
			}
			v := ch.Cols[pc]
			j := i
			if v.Const {
				j = 0
			}
			sb.WriteString(hiveEscape(s.schemaName(pc)))
			sb.WriteByte('=')
			if v.IsNull(j) {
				sb.WriteString("NULL")
			} else {
				sb.WriteString(hiveEscape(v.Get(j).String()))
			}
		}
		key := sb.String()
		if _, ok := groups[key]; !ok {
			keys = append(keys, key)
		}
		groups[key] = append(groups[key], uint32(i))
	}
	for _, key := range keys {
		of, err := s.partFile(key)
		if err != nil {
			return err
		}
		rows := groups[key]
		sub := &vector.Chunk{Cols: make([]*vector.Vector, len(s.keepCols)), Len: ch.Len, Sel: vector.Sel(rows)}
		for j, c := range s.keepCols {
			sub.Cols[j] = ch.Cols[c]
		}
		if err := of.w.Write(sub); err != nil {
			return err
		}
	}
	return nil
}

// partNames maps input column indices to names for partition paths.
func (s *copySink) schemaName(col int) string {
	for i, pc := range s.partCols {
		if pc == col {
			return s.opts["partition_by"].list[i]
		}
	}
	return ""
}

func (s *copySink) partFile(key string) (*outFile, error) {
	if of, ok := s.parts[key]; ok {
		return of, nil
	}
	dir := filepath.Join(s.root, filepath.FromSlash(key))
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("IO Error: cannot create directory %q: %w", dir, err)
		}
		s.madeDirs = append(s.madeDirs, dir)
	}
	name := strings.ReplaceAll(s.pattern, "{i}", "0")
	name = strings.ReplaceAll(name, "{uuid}", "0")
	ext := map[string]string{"parquet": ".parquet", "csv": ".csv", "json": ".json"}[s.format]
	of, err := s.open(filepath.Join(dir, name+ext))
	if err != nil {
		return nil, err
	}
	s.parts[key] = of
	s.order = append(s.order, key)
	return of, nil
}

// hiveEscape percent-encodes characters that cannot appear in a hive
// partition path segment.
func hiveEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == 0x7f || strings.IndexByte(`/\:*?"<>|%=#`, c) >= 0 {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// files lists the open output files.
func (s *copySink) files() []*outFile {
	if s.single != nil {
		return []*outFile{s.single}
	}
	keys := append([]string(nil), s.order...)
	sort.Strings(keys)
	out := make([]*outFile, len(keys))
	for i, k := range keys {
		out[i] = s.parts[k]
	}
	return out
}

// commit finishes every file and renames it into place.
func (s *copySink) commit() error {
	files := s.files()
	for _, of := range files {
		if err := of.finish(); err != nil {
			s.abort()
			return err
		}
	}
	for _, of := range files {
		if of.direct {
			continue
		}
		if err := os.Rename(of.tmp, of.final); err != nil {
			s.abort()
			return fmt.Errorf("IO Error: cannot move %q into place: %w", of.final, err)
		}
		of.tmp = ""
	}
	return nil
}

// abort removes every temporary file and the directories COPY created.
func (s *copySink) abort() {
	for _, of := range s.files() {
		of.discard()
	}
	for i := len(s.madeDirs) - 1; i >= 0; i-- {
		os.Remove(s.madeDirs[i]) // only succeeds when empty
	}
}

func (of *outFile) finish() error {
	if err := of.w.Close(); err != nil {
		return err
	}
	for _, c := range of.closer {
		if err := c.Close(); err != nil {
			return fmt.Errorf("IO Error: writing %q: %w", of.final, err)
		}
	}
	of.closer = nil
	if of.f != nil {
		if err := of.f.Close(); err != nil {
			return fmt.Errorf("IO Error: writing %q: %w", of.final, err)
		}
		of.f = nil
	}
	return nil
}

func (of *outFile) discard() {
	if of.f != nil {
		of.f.Close()
		of.f = nil
	}
	if of.tmp != "" {
		os.Remove(of.tmp)
		of.tmp = ""
	}
}

// copyFrom runs COPY table FROM 'file' as INSERT INTO table SELECT * FROM
// read_xxx('file', options).
func (c *Conn) copyFrom(ctx context.Context, text string, s *parser.CopyStmt, format string, opts copyOpts, args []vector.Value) (*Rows, error) {
	fn := &parser.TableFunc{Name: "read_" + format, Args: []parser.Expr{&parser.Literal{Kind: parser.LitString, Value: s.Path, Pos: -1}}, Pos: -1}
	str := func(v string) parser.Expr { return &parser.Literal{Kind: parser.LitString, Value: v, Pos: -1} }
	for k, o := range opts {
		switch k {
		case "format", "compression", "auto_detect":
			continue
		}
		if format != "csv" {
			return nil, fmt.Errorf("Binder Error: Unrecognized option for %s COPY FROM: %q", strings.ToUpper(format), strings.ToUpper(k))
		}
		var e parser.Expr
		switch k {
		case "header":
			b, _, err := opts.flag(k)
			if err != nil {
				return nil, err
			}
			e = &parser.Literal{Kind: parser.LitBool, Bool: b, Pos: -1}
		case "delimiter", "delim", "sep":
			k, e = "delim", str(o.val.String())
		case "quote", "escape", "dateformat", "timestampformat":
			e = str(o.val.String())
		case "null", "nullstr":
			k, e = "nullstr", str(o.val.String())
		case "ignore_errors":
			b, _, err := opts.flag(k)
			if err != nil {
				return nil, err
			}
			e = &parser.Literal{Kind: parser.LitBool, Bool: b, Pos: -1}
		default:
			return nil, fmt.Errorf("Binder Error: Unrecognized option for CSV COPY FROM: %q", strings.ToUpper(k))
		}
		fn.Named = append(fn.Named, &parser.NamedArg{Name: k, Value: e})
	}
	if format == "csv" {
		// Read text and let the INSERT cast it to the table's types, as
		// DuckDB does: re-rendering a sniffed value would change text
		// ("1.50" read as DOUBLE becomes "1.5" in a VARCHAR column).
		// Custom date formats need the sniffed types.
		_, df := opts["dateformat"]
		_, tf := opts["timestampformat"]
		if !df && !tf {
			fn.Named = append(fn.Named, &parser.NamedArg{Name: "all_varchar", Value: &parser.Literal{Kind: parser.LitBool, Bool: true, Pos: -1}})
		}
	}
	q := &parser.SelectStmt{Body: &parser.SelectCore{
		Items: []*parser.SelectItem{{Expr: &parser.Star{}}},
		From:  []parser.TableRef{fn},
	}}
	return c.insert(ctx, text, &parser.InsertStmt{Table: s.Table, Columns: s.Columns, Query: q}, args)
}
