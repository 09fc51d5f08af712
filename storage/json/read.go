// Package json reads and writes JSON as lhsql tables: newline-delimited
// records or one array of records, with schema detection (objects become
// STRUCT, arrays LIST, conflicting values VARCHAR holding JSON text).
//
// Reading has two phases. Open parses a sample of records (the first
// SampleRows) into generic values to detect the schema. A scan then
// decodes records straight into typed column vectors without building
// values (decode.go); newline-delimited files whose records each sit on
// one line are cut into byte ranges decoded by different morsels in
// parallel (scan.go).
package json

import (
	"bytes"
	stdjson "encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// Format is the layout of a JSON file.
type Format uint8

// JSON layouts.
const (
	FormatAuto             Format = iota // array when the file starts with '[', else a sequence of values
	FormatNewlineDelimited               // one value per line (any whitespace separates values)
	FormatArray                          // one top-level array of values
)

// DefaultSampleRows is the number of records used for schema detection.
const DefaultSampleRows = 20480

// Options control JSON reading.
type Options struct {
	Format Format
	// Columns, when set, gives the names and types of the columns; no
	// detection is done and other keys are ignored.
	Columns []storage.Column
	// Objects reads each record as one VARCHAR column "json" holding its
	// text (read_json_objects).
	Objects bool
	// IgnoreErrors skips records that cannot be parsed or converted.
	IgnoreErrors bool
	// SampleRows is the number of records used for detection; 0 means
	// DefaultSampleRows, -1 means all.
	SampleRows int
	// MaxDepth limits STRUCT/LIST detection; deeper values are VARCHAR
	// JSON text. 0 means unlimited.
	MaxDepth int
}

// Table is a JSON file (or text) with a detected schema. Its rows are
// decoded on each scan; nothing but the schema is kept in memory.
type Table struct {
	path   string
	data   []byte // the whole text when made by Parse; nil for a file
	size   int64  // bytes of text
	start  int64  // offset of the first byte after a byte order mark
	schema []storage.Column
	opts   Options
	// array is set when the text is one top-level array of records.
	array bool
	// byLine is set when no sampled record spans a line break: a
	// sequence of records is then cut at line starts and decoded in
	// parallel (see scan.go).
	byLine bool
	// topObjects is set when records are objects whose keys are the
	// columns; otherwise each record is the value of the one column.
	topObjects bool
}

var _ storage.Table = (*Table)(nil)

// Path returns the file the table was read from.
func (t *Table) Path() string { return t.path }

// Schema returns the table's columns.
func (t *Table) Schema() []storage.Column { return t.schema }

// RowCount returns -1: the rows are counted only by a scan.
func (t *Table) RowCount() int64 { return -1 }

// Open opens a JSON file and detects its schema from a sample of its
// records; the file is read again by each scan.
func Open(path string, opts Options) (*Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("IO Error: cannot open file %q: %w", path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("IO Error: cannot open file %q: %w", path, err)
	}
	if st.IsDir() {
		return nil, fmt.Errorf("IO Error: cannot open file %q: is a directory", path)
	}
	t := &Table{path: path, size: st.Size(), opts: opts}
	if err := t.init(&fileSampler{f: f, size: st.Size()}); err != nil {
		return nil, err
	}
	return t, nil
}

// Parse makes a table of JSON text held in memory; name is used in
// errors. data must not be modified while the table is in use.
func Parse(name string, data []byte, opts Options) (*Table, error) {
	t := &Table{path: name, data: data, size: int64(len(data)), opts: opts}
	if err := t.init(&memSampler{data: data}); err != nil {
		return nil, err
	}
	return t, nil
}

// sampler yields a growing prefix of the text for detection.
type sampler interface {
	// more returns a longer prefix than the last call (or the first
	// one), and whether it is the whole text.
	more() ([]byte, bool, error)
}

type memSampler struct {
	data []byte
	done bool
}

func (m *memSampler) more() ([]byte, bool, error) {
	m.done = true
	return m.data, true, nil
}

// fileSampler reads a file's prefix in doubling steps.
type fileSampler struct {
	f    *os.File
	size int64
	buf  []byte
}

// sampleStep is the first prefix read for detection.
const sampleStep = 1 << 20

func (s *fileSampler) more() ([]byte, bool, error) {
	n := int64(max(sampleStep, 2*len(s.buf)))
	n = min(n, s.size)
	old := len(s.buf)
	buf := make([]byte, n)
	copy(buf, s.buf)
	if _, err := s.f.ReadAt(buf[old:], int64(old)); err != nil && err != io.EOF {
		return nil, false, fmt.Errorf("IO Error: reading %q: %w", s.f.Name(), err)
	}
	s.buf = buf
	return buf, n >= s.size, nil
}

// init detects the layout and schema from a sample of records.
func (t *Table) init(src sampler) error {
	sm, err := t.sample(src)
	if err != nil {
		return err
	}
	switch {
	case t.opts.Objects:
		t.schema = []storage.Column{{Name: "json", Type: vector.Varchar}}
	case len(t.opts.Columns) > 0:
		t.schema = t.opts.Columns
	default:
		t.schema, err = sm.root.columns(t.path, sm.records > 0)
		if err != nil {
			return err
		}
	}
	// Records are objects keyed by column unless the one column is the
	// "json" value column and no sampled record is an object.
	t.topObjects = len(t.schema) > 0 && !(len(t.schema) == 1 && t.schema[0].Name == "json" && !sm.anyObject)
	t.byLine = !t.array && !sm.multiLine && !t.opts.IgnoreErrors
	return nil
}

// sampleResult is what detection learnt from the sampled records.
type sampleResult struct {
	root      shape
	records   int
	anyObject bool // some sampled record is an object
	multiLine bool // some sampled record spans a line break
}

// sample parses the first records of the text (all when SampleRows is
// -1 or the schema is given) and merges their shapes. Malformed records
// in the sample are errors, as they would be in a scan.
func (t *Table) sample(src sampler) (*sampleResult, error) {
	limit := t.opts.SampleRows
	if limit == 0 {
		limit = DefaultSampleRows
	}
	// With a given schema only the layout and whether records are
	// objects or span lines are needed: values are not built.
	build := !t.opts.Objects && len(t.opts.Columns) == 0
	res := &sampleResult{}
	d := &decoder{}
	data, eof, err := src.more()
	if err != nil {
		return nil, err
	}
	bom := []byte("\xef\xbb\xbf")
	if bytes.HasPrefix(data, bom) {
		t.start = int64(len(bom))
	}
	p := &parser{data: data, pos: int(t.start)}
	p.ws()
	// A prefix may end inside a record: results within margin of its
	// end are not trusted until more of the text has been read.
	for !eof && p.pos+margin > len(data) {
		if data, eof, err = src.more(); err != nil {
			return nil, err
		}
		p.data = data
	}
	t.array = t.opts.Format == FormatArray || (t.opts.Format == FormatAuto && p.pos < len(data) && data[p.pos] == '[')
	malformed := func(err error) error {
		off := p.pos
		if se, ok := err.(*syntaxError); ok {
			off = se.off
		}
		return fmt.Errorf("Invalid Input Error: Malformed JSON in file %q at line %d: %v", t.path, lineOf(p.data, off), err)
	}
	if t.array {
		if p.pos >= len(data) || data[p.pos] != '[' {
			return nil, fmt.Errorf("Invalid Input Error: JSON file %q: expected a top-level array", t.path)
		}
		p.pos++
	}
	for limit < 0 || res.records < limit {
		p.ws()
		if t.array && res.records == 0 && p.pos < len(p.data) && p.data[p.pos] == ']' {
			break
		}
		if !t.array && p.pos >= len(p.data) && eof {
			break
		}
		start := p.pos
		var v any
		d.data, d.pos = p.data, start
		dup, err := d.checkRecord()
		p.pos = d.pos
		if err != nil || (build && dup) {
			// The tree parser words the errors; repeated keys need trees.
			p.pos = start
			v, err = p.value(0, build)
		} else if build {
			d.pos = start
			d.mergeText(&res.root, 1, t.opts.MaxDepth)
		}
		if !eof && (err != nil || p.pos+margin > len(p.data)) {
			// Read more and parse this record again.
			if p.data, eof, err = src.more(); err != nil {
				return nil, err
			}
			p.pos = start
			continue
		}
		if err != nil {
			if t.array || !t.opts.IgnoreErrors {
				return nil, malformed(err)
			}
			nl := bytes.IndexByte(p.data[start:], '\n')
			if nl < 0 {
				break
			}
			p.pos = start + nl + 1
			continue
		}
		res.records++
		if bytes.IndexByte(p.data[start:p.pos], '\n') >= 0 {
			res.multiLine = true
		}
		if p.data[start] == '{' {
			res.anyObject = true
		}
		if v != nil {
			res.root.merge(v, 1, t.opts.MaxDepth)
		}
		if t.array {
			p.ws()
			if p.pos < len(p.data) && p.data[p.pos] == ',' {
				p.pos++
				continue
			}
			if p.pos < len(p.data) && p.data[p.pos] == ']' {
				break
			}
			return nil, malformed(p.fail("expected ',' or ']' after an array element"))
		}
	}
	return res, nil
}

// columns returns the columns of records of shape s: one per key when
// they are objects, else one "json" column.
func (s *shape) columns(name string, any bool) ([]storage.Column, error) {
	if s.kind == shObject {
		cols := make([]storage.Column, len(s.fields))
		for i, k := range s.fields {
			cols[i] = storage.Column{Name: k, Type: s.field[k].typ()}
		}
		if len(cols) == 0 {
			return nil, fmt.Errorf("Invalid Input Error: JSON file %q: records have no keys", name)
		}
		return cols, nil
	}
	if !any {
		return nil, fmt.Errorf("Invalid Input Error: JSON file %q holds no records", name)
	}
	return []storage.Column{{Name: "json", Type: s.typ()}}, nil
}

// object is a JSON object with its keys in text order.
type object struct {
	keys []string
	vals []any
}

func kindName(x any) string {
	switch x.(type) {
	case *object:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case stdjson.Number:
		return "a number"
	case bool:
		return "a boolean"
	}
	return "null"
}

// shape is the detected type of a set of JSON values.
type shape struct {
	kind   shapeKind
	fields []string          // object keys in first-seen order
	field  map[string]*shape // object members
	elem   *shape            // array elements
	str    strKind           // refinement of string values
}

type shapeKind uint8

const (
	shNull shapeKind = iota
	shBool
	shInt
	shDouble
	shString
	shObject
	shArray
	shJSON // conflicting kinds: JSON text
)

type strKind uint8

const (
	strUnknown strKind = iota // no string seen yet
	strDate
	strTimestamp
	strUUID
	strVarchar
)

// unify merges a value of kind k, seen at nesting depth, into the shape's
// kind: nested values below maxDepth (when positive) count as JSON text,
// INTEGER and DOUBLE unify to DOUBLE, other mixes to JSON.
func (s *shape) unify(k shapeKind, depth, maxDepth int) {
	if maxDepth > 0 && depth > maxDepth && (k == shObject || k == shArray) {
		k = shJSON
	}
	switch {
	case s.kind == shNull:
		s.kind = k
	case s.kind == k:
	case s.kind == shInt && k == shDouble, s.kind == shDouble && k == shInt:
		s.kind = shDouble
	default:
		s.kind = shJSON
	}
}

func (s *shape) merge(x any, depth, maxDepth int) {
	k := kindOf(x)
	if k == shNull {
		return
	}
	s.unify(k, depth, maxDepth)
	switch s.kind {
	case shObject:
		obj := x.(*object)
		if s.field == nil {
			s.field = map[string]*shape{}
		}
		for i, key := range obj.keys {
			f, ok := s.field[key]
			if !ok {
				f = &shape{}
				s.field[key] = f
				s.fields = append(s.fields, key)
			}
			f.merge(obj.vals[i], depth+1, maxDepth)
		}
	case shArray:
		if s.elem == nil {
			s.elem = &shape{}
		}
		for _, e := range x.([]any) {
			s.elem.merge(e, depth+1, maxDepth)
		}
	case shString:
		str := x.(string)
		sk := classifyString(str)
		switch {
		case s.str == strUnknown:
			s.str = sk
		case s.str == sk:
		case s.str == strDate && sk == strTimestamp, s.str == strTimestamp && sk == strDate:
			s.str = strTimestamp
		default:
			s.str = strVarchar
		}
	}
}

func kindOf(x any) shapeKind {
	switch v := x.(type) {
	case nil:
		return shNull
	case bool:
		return shBool
	case stdjson.Number:
		if _, err := strconv.ParseInt(string(v), 10, 64); err == nil {
			return shInt
		}
		return shDouble
	case string:
		return shString
	case *object:
		return shObject
	case []any:
		return shArray
	}
	return shJSON
}

func classifyString(s string) strKind {
	if _, err := vector.ParseISODate(s); err == nil {
		return strDate
	}
	if _, err := vector.ParseISOTimestamp(strings.TrimSuffix(s, "Z")); err == nil {
		return strTimestamp
	}
	if isUUID(s) {
		return strUUID
	}
	return strVarchar
}

func (s *shape) typ() vector.Type {
	switch s.kind {
	case shBool:
		return vector.Boolean
	case shInt:
		return vector.BigInt
	case shDouble:
		return vector.Double
	case shString:
		switch s.str {
		case strDate:
			return vector.Date
		case strTimestamp:
			return vector.Timestamp
		case strUUID:
			return vector.UUID
		}
		return vector.Varchar
	case shObject:
		if len(s.fields) == 0 {
			return vector.Varchar
		}
		fs := make([]vector.StructField, len(s.fields))
		for i, k := range s.fields {
			fs[i] = vector.StructField{Name: k, Typ: s.field[k].typ()}
		}
		return vector.StructOf(fs)
	case shArray:
		if s.elem == nil || s.elem.kind == shNull {
			return vector.ListOf(vector.Varchar)
		}
		return vector.ListOf(s.elem.typ())
	case shNull:
		return vector.Varchar
	}
	return vector.Varchar // JSON text
}

// appendAny re-encodes a decoded value as compact JSON.
func appendAny(b []byte, x any) []byte {
	switch v := x.(type) {
	case nil:
		return append(b, "null"...)
	case bool:
		return strconv.AppendBool(b, v)
	case stdjson.Number:
		return append(b, v...)
	case string:
		return AppendString(b, v)
	case []any:
		b = append(b, '[')
		for i, e := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendAny(b, e)
		}
		return append(b, ']')
	case *object:
		b = append(b, '{')
		for i, k := range v.keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = AppendString(b, k)
			b = append(b, ':')
			b = appendAny(b, v.vals[i])
		}
		return append(b, '}')
	}
	return append(b, "null"...)
}

func parseDecimal(s string, scale int) (int64, error) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	ip, fp, _ := strings.Cut(s, ".")
	if len(fp) > scale {
		fp = fp[:scale]
	}
	fp += strings.Repeat("0", scale-len(fp))
	x, err := strconv.ParseInt(ip+fp, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("cannot read %q as DECIMAL", s)
	}
	if neg {
		x = -x
	}
	return x, nil
}

func isUUID(s string) bool {
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return false
	}
	for i := 0; i < 36; i++ {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			continue
		}
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}
