package json

// This file keeps the previous tree-building reader (parse every record
// into a generic value, then convert) as an oracle: the streaming decoder
// must produce the same schema, rows and errors.

import (
	"bytes"
	stdjson "encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// record is one parsed top-level value with the line it starts on.
type record struct {
	raw  stdjson.RawMessage
	v    any
	line int
}

// splitRecords parses the top-level records of data.
func refSplitRecords(name string, data []byte, opts Options) ([]record, error) {
	p := &parser{data: data}
	p.ws()
	array := opts.Format == FormatArray || (opts.Format == FormatAuto && p.pos < len(data) && data[p.pos] == '[')
	malformed := func(err error) error {
		off := p.pos
		if se, ok := err.(*syntaxError); ok {
			off = se.off
		}
		return fmt.Errorf("Invalid Input Error: Malformed JSON in file %q at line %d: %v", name, lineOf(data, off), err)
	}
	var recs []record
	line, linePos := 1, 0
	lineAt := func(off int) int {
		if off >= linePos {
			line += bytes.Count(data[linePos:off], []byte{'\n'})
			linePos = off
		}
		return line
	}
	if array {
		if p.pos >= len(data) || data[p.pos] != '[' {
			return nil, fmt.Errorf("Invalid Input Error: JSON file %q: expected a top-level array", name)
		}
		p.pos++
		p.ws()
		if p.pos < len(data) && data[p.pos] == ']' {
			p.pos++
		} else {
			for {
				p.ws()
				start := p.pos
				v, err := p.value(0, !opts.Objects)
				if err != nil {
					return nil, malformed(err)
				}
				recs = append(recs, record{raw: data[start:p.pos], v: v, line: lineAt(start)})
				p.ws()
				if p.pos < len(data) && data[p.pos] == ',' {
					p.pos++
					continue
				}
				if p.pos < len(data) && data[p.pos] == ']' {
					p.pos++
					break
				}
				return nil, malformed(p.fail("expected ',' or ']' after an array element"))
			}
		}
		p.ws()
		if p.pos != len(data) {
			return nil, malformed(p.fail("unexpected data after the top-level array"))
		}
		return recs, nil
	}
	for {
		p.ws()
		if p.pos >= len(data) {
			return recs, nil
		}
		start := p.pos
		v, err := p.value(0, !opts.Objects)
		if err != nil {
			if !opts.IgnoreErrors {
				return nil, malformed(err)
			}
			nl := bytes.IndexByte(data[start:], '\n')
			if nl < 0 {
				return recs, nil
			}
			p.pos = start + nl + 1
			continue
		}
		recs = append(recs, record{raw: data[start:p.pos], v: v, line: lineAt(start)})
	}
}

// refParse reads data as the previous implementation did and returns the
// schema and the rows rendered as strings.
func refParse(name string, data []byte, opts Options) ([]storage.Column, []string, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	recs, err := refSplitRecords(name, data, opts)
	if err != nil {
		return nil, nil, err
	}
	var schema []storage.Column
	switch {
	case opts.Objects:
		schema = []storage.Column{{Name: "json", Type: vector.Varchar}}
	case len(opts.Columns) > 0:
		schema = opts.Columns
	default:
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
		schema, err = root.columns(name, len(recs) > 0)
		if err != nil {
			return nil, nil, err
		}
	}
	topObjects := len(schema) > 0 && !(len(schema) == 1 && schema[0].Name == "json" && !refAnyObject(recs))
	var rows []string
	for _, r := range recs {
		parts := make([]string, len(schema))
		if opts.Objects {
			parts[0] = string(r.raw)
		} else {
			ok := true
			obj, isObj := r.v.(*object)
			for c, col := range schema {
				var x any
				switch {
				case topObjects && isObj:
					x = refLookup(obj, col.Name)
				case topObjects:
					x = nil
					if !opts.IgnoreErrors && r.v != nil {
						return nil, nil, fmt.Errorf("Invalid Input Error: JSON file %q line %d: expected an object, found %s", name, r.line, kindName(r.v))
					}
				default:
					x = r.v
				}
				v, err := refToValue(x, col.Type)
				if err != nil {
					if opts.IgnoreErrors {
						ok = false
						break
					}
					return nil, nil, fmt.Errorf("Invalid Input Error: JSON file %q line %d, column %q: %w", name, r.line, col.Name, err)
				}
				parts[c] = v.String()
			}
			if !ok {
				continue
			}
		}
		rows = append(rows, strings.Join(parts, "|"))
	}
	return schema, rows, nil
}

func refAnyObject(recs []record) bool {
	for _, r := range recs {
		if _, ok := r.v.(*object); ok {
			return true
		}
	}
	return false
}

// refLookup finds key in obj, falling back to a case-insensitive match.
func refLookup(obj *object, key string) any {
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

// toValue converts a decoded JSON value to type t.
func refToValue(x any, t vector.Type) (vector.Value, error) {
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
			ev, err := refToValue(e, t.Elem())
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
			fv, err := refToValue(refLookup(obj, f.Name), f.Typ)
			if err != nil {
				return v, err
			}
			v.Fields[i] = fv
		}
		return v, nil
	}
	return v, fmt.Errorf("reading JSON as %s is not supported", t)
}
