// Package json reads and writes JSON as lhsql tables: newline-delimited
// records or one array of records, with schema detection (objects become
// STRUCT, arrays LIST, conflicting values VARCHAR holding JSON text).
package json

import (
	"bytes"
	stdjson "encoding/json"
	"fmt"
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

// Table is a parsed JSON file.
type Table struct {
	*storage.MemTable
	path string
}

var _ storage.Table = (*Table)(nil)

// Path returns the file the table was read from.
func (t *Table) Path() string { return t.path }

// Open reads and parses a JSON file.
func Open(path string, opts Options) (*Table, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("IO Error: cannot open file %q: %w", path, err)
	}
	return Parse(path, data, opts)
}

// record is one parsed top-level value with the line it starts on.
type record struct {
	raw  stdjson.RawMessage
	v    any
	line int
}

// Parse parses JSON text held in memory; name is used in errors. The
// table's strings share data, which must not be modified afterwards.
func Parse(name string, data []byte, opts Options) (*Table, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	recs, err := splitRecords(name, data, opts)
	if err != nil {
		return nil, err
	}
	var schema []storage.Column
	switch {
	case opts.Objects:
		schema = []storage.Column{{Name: "json", Type: vector.Varchar}}
	case len(opts.Columns) > 0:
		schema = opts.Columns
	default:
		schema, err = detect(name, recs, opts)
		if err != nil {
			return nil, err
		}
	}
	mt := storage.NewMemTable(name, schema)
	types := make([]vector.Type, len(schema))
	for i, c := range schema {
		types[i] = c.Type
	}
	topObjects := len(schema) > 0 && !(len(schema) == 1 && schema[0].Name == "json" && !anyObject(recs))
	var ch *vector.Chunk
	n := 0
	flush := func() error {
		if ch == nil || n == 0 {
			return nil
		}
		ch.Len = n
		for _, v := range ch.Cols {
			truncate(v, n)
		}
		err := mt.Append(ch)
		ch, n = nil, 0
		return err
	}
	row := make([]vector.Value, len(schema))
	for _, r := range recs {
		if opts.Objects {
			row[0] = vector.StringValue(string(r.raw))
		} else {
			ok := true
			obj, isObj := r.v.(*object)
			for c, col := range schema {
				var x any
				switch {
				case topObjects && isObj:
					x = lookup(obj, col.Name)
				case topObjects:
					x = nil
					if !opts.IgnoreErrors && r.v != nil {
						return nil, fmt.Errorf("Invalid Input Error: JSON file %q line %d: expected an object, found %s", name, r.line, kindName(r.v))
					}
				default:
					x = r.v
				}
				v, err := toValue(x, col.Type)
				if err != nil {
					if opts.IgnoreErrors {
						ok = false
						break
					}
					return nil, fmt.Errorf("Invalid Input Error: JSON file %q line %d, column %q: %w", name, r.line, col.Name, err)
				}
				row[c] = v
			}
			if !ok {
				continue
			}
		}
		if ch == nil {
			ch = vector.NewChunk(types, vector.MaxLen)
		}
		for c := range row {
			ch.Cols[c].Set(n, vector.MaxLen, row[c])
		}
		n++
		if n == vector.MaxLen {
			if err := flush(); err != nil {
				return nil, err
			}
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return &Table{MemTable: mt, path: name}, nil
}

// truncate shortens a freshly built vector to n rows.
func truncate(v *vector.Vector, n int) {
	switch v.Typ.Phys() {
	case vector.PhysBool:
		v.Bool = v.Bool[:n]
	case vector.PhysInt64:
		v.I64 = v.I64[:n]
	case vector.PhysFloat64:
		v.F64 = v.F64[:n]
	case vector.PhysString:
		v.Str = v.Str[:n]
	case vector.PhysInterval:
		v.Iv = v.Iv[:n]
	case vector.PhysList:
		v.List = v.List[:n]
	case vector.PhysStruct:
		for _, f := range v.Fields {
			truncate(f, n)
		}
	}
	if v.Valid != nil {
		v.Valid = v.Valid[:(n+63)/64]
	}
}

func anyObject(recs []record) bool {
	for _, r := range recs {
		if _, ok := r.v.(*object); ok {
			return true
		}
	}
	return false
}

// lookup finds key in obj, falling back to a case-insensitive match.
func lookup(obj *object, key string) any {
	for i, k := range obj.keys {
		if k == key {
			return obj.vals[i]
		}
	}
	for i, k := range obj.keys {
		if strings.EqualFold(k, key) {
			return obj.vals[i]
		}
	}
	return nil
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

func detect(name string, recs []record, opts Options) ([]storage.Column, error) {
	limit := opts.SampleRows
	if limit == 0 {
		limit = DefaultSampleRows
	}
	root := &shape{}
	for i, r := range recs {
		if limit > 0 && i >= limit {
			break
		}
		root.merge(r.v, 1, opts.MaxDepth)
	}
	if root.kind == shObject {
		cols := make([]storage.Column, len(root.fields))
		for i, k := range root.fields {
			cols[i] = storage.Column{Name: k, Type: root.field[k].typ()}
		}
		if len(cols) == 0 {
			return nil, fmt.Errorf("Invalid Input Error: JSON file %q: records have no keys", name)
		}
		return cols, nil
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("Invalid Input Error: JSON file %q holds no records", name)
	}
	return []storage.Column{{Name: "json", Type: root.typ()}}, nil
}

func (s *shape) merge(x any, depth, maxDepth int) {
	k := kindOf(x)
	if k == shNull {
		return
	}
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

// toValue converts a decoded JSON value to type t.
func toValue(x any, t vector.Type) (vector.Value, error) {
	if x == nil {
		return vector.NullValue(t), nil
	}
	v := vector.Value{Typ: t}
	switch t.ID {
	case vector.TypeBoolean:
		b, ok := x.(bool)
		if !ok {
			return v, fmt.Errorf("cannot read %s as BOOLEAN", kindName(x))
		}
		v.Bool = b
		return v, nil
	case vector.TypeTinyInt, vector.TypeSmallInt, vector.TypeInteger, vector.TypeBigInt,
		vector.TypeUTinyInt, vector.TypeUSmallInt, vector.TypeUInteger, vector.TypeHugeInt:
		var s string
		switch n := x.(type) {
		case stdjson.Number:
			s = string(n)
		case string:
			s = n
		default:
			return v, fmt.Errorf("cannot read %s as %s", kindName(x), t)
		}
		i, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			f, ferr := strconv.ParseFloat(s, 64)
			if ferr != nil || f != float64(int64(f)) {
				return v, fmt.Errorf("cannot read %q as %s", s, t)
			}
			i = int64(f)
		}
		v.I64 = i
		return v, nil
	case vector.TypeFloat, vector.TypeDouble:
		var s string
		switch n := x.(type) {
		case stdjson.Number:
			s = string(n)
		case string:
			s = n
		default:
			return v, fmt.Errorf("cannot read %s as %s", kindName(x), t)
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return v, fmt.Errorf("cannot read %q as %s", s, t)
		}
		v.F64 = f
		return v, nil
	case vector.TypeDecimal:
		n, ok := x.(stdjson.Number)
		if !ok {
			return v, fmt.Errorf("cannot read %s as %s", kindName(x), t)
		}
		d, err := parseDecimal(string(n), int(t.Scale))
		if err != nil {
			return v, err
		}
		v.I64 = d
		return v, nil
	case vector.TypeDate, vector.TypeTimestamp, vector.TypeTimestampTZ:
		s, ok := x.(string)
		if !ok {
			return v, fmt.Errorf("cannot read %s as %s", kindName(x), t)
		}
		var err error
		if t.ID == vector.TypeDate {
			v.I64, err = vector.ParseISODate(s)
		} else {
			v.I64, err = vector.ParseISOTimestamp(strings.TrimSuffix(s, "Z"))
		}
		if err != nil {
			return v, fmt.Errorf("cannot read %q as %s", s, t)
		}
		return v, nil
	case vector.TypeUUID:
		s, ok := x.(string)
		if !ok || !isUUID(s) {
			return v, fmt.Errorf("cannot read %v as UUID", x)
		}
		v.Str = strings.ToLower(s)
		return v, nil
	case vector.TypeVarchar, vector.TypeBlob:
		if s, ok := x.(string); ok {
			v.Str = s
			return v, nil
		}
		v.Str = string(appendAny(nil, x))
		return v, nil
	case vector.TypeList:
		arr, ok := x.([]any)
		if !ok {
			return v, fmt.Errorf("cannot read %s as %s", kindName(x), t)
		}
		v.List = make([]vector.Value, len(arr))
		for i, e := range arr {
			ev, err := toValue(e, t.Elem())
			if err != nil {
				return v, err
			}
			v.List[i] = ev
		}
		return v, nil
	case vector.TypeStruct:
		obj, ok := x.(*object)
		if !ok {
			return v, fmt.Errorf("cannot read %s as %s", kindName(x), t)
		}
		fs := t.StructFields()
		v.Fields = make([]vector.Value, len(fs))
		for i, f := range fs {
			fv, err := toValue(lookup(obj, f.Name), f.Typ)
			if err != nil {
				return v, err
			}
			v.Fields[i] = fv
		}
		return v, nil
	}
	return v, fmt.Errorf("reading JSON as %s is not supported", t)
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
