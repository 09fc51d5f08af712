package json

import (
	"bytes"
	"strconv"
	"unsafe"
)

// Schema detection without value trees. A sampled record is read twice:
// skip validates it and looks for repeated keys (noteKey), then
// mergeText merges its shape straight from the text, exactly as
// shape.merge does for the record's tree. A record with a repeated key
// is merged from its tree instead, since only the last value of a
// repeated key counts.

// noteKey records key kb of the object whose keys start at d.keys[base]
// and sets d.dup when the object already has it.
func (d *decoder) noteKey(kb []byte, base int) {
	for _, k := range d.keys[base:] {
		if len(k) == len(kb) && bytes.Equal(k, kb) {
			d.dup = true
		}
	}
	// Keys may be unescaped into scratch memory: keep copies.
	off := len(d.keyArena)
	d.keyArena = append(d.keyArena, kb...)
	kb = d.keyArena[off:len(d.keyArena):len(d.keyArena)]
	d.keys = append(d.keys, kb)
}

// checkRecord validates the value at d.pos and reports whether some
// object in it repeats a key.
func (d *decoder) checkRecord() (dup bool, err error) {
	d.checkDup, d.dup = true, false
	d.keys, d.keyArena = d.keys[:0], d.keyArena[:0]
	_, err = d.skip(0)
	d.checkDup = false
	return d.dup, err
}

// mergeText merges the shape of the valid value at d.pos, which has no
// repeated keys, into s: shape.merge without the value.
func (d *decoder) mergeText(s *shape, depth, maxDepth int) {
	d.ws()
	c := d.data[d.pos]
	var k shapeKind
	consumed := false
	switch {
	case c == '{':
		k = shObject
	case c == '[':
		k = shArray
	case c == '"':
		k = shString
	case c == 't':
		k, consumed = shBool, true
		d.pos += 4
	case c == 'f':
		k, consumed = shBool, true
		d.pos += 5
	case c == 'n':
		d.pos += 4
		return
	default:
		b, _ := d.number()
		k, consumed = shDouble, true
		if isInt(b) {
			k = shInt
		}
	}
	s.unify(k, depth, maxDepth)
	switch s.kind {
	case shObject:
		if s.field == nil {
			s.field = map[string]*shape{}
		}
		d.pos++
		d.ws()
		if d.data[d.pos] == '}' {
			d.pos++
			return
		}
		for {
			d.ws()
			kb, _ := d.str()
			f, ok := s.field[string(kb)]
			if !ok {
				f = &shape{}
				key := string(kb)
				s.field[key] = f
				s.fields = append(s.fields, key)
			}
			d.ws()
			d.pos++ // ':'
			d.mergeText(f, depth+1, maxDepth)
			d.ws()
			if d.data[d.pos] == ',' {
				d.pos++
				continue
			}
			d.pos++ // '}'
			return
		}
	case shArray:
		if s.elem == nil {
			s.elem = &shape{}
		}
		d.pos++
		d.ws()
		if d.data[d.pos] == ']' {
			d.pos++
			return
		}
		for {
			d.mergeText(s.elem, depth+1, maxDepth)
			d.ws()
			if d.data[d.pos] == ',' {
				d.pos++
				continue
			}
			d.pos++ // ']'
			return
		}
	case shString:
		b, _ := d.str()
		sk := classifyString(unsafe.String(unsafe.SliceData(b), len(b)))
		switch {
		case s.str == strUnknown:
			s.str = sk
		case s.str == sk:
		case s.str == strDate && sk == strTimestamp, s.str == strTimestamp && sk == strDate:
			s.str = strTimestamp
		default:
			s.str = strVarchar
		}
		return
	}
	if !consumed {
		_, _ = d.skip(depth) // validated by checkRecord
	}
}

// isInt reports whether number text b is an int64, as kindOf decides.
func isInt(b []byte) bool {
	if n := len(b); n > 0 && n <= 18 {
		i := 0
		if b[0] == '-' {
			i = 1
		}
		if i == n {
			return false
		}
		for ; i < n; i++ {
			if b[i] < '0' || b[i] > '9' {
				return false
			}
		}
		return true
	}
	_, err := strconv.ParseInt(string(b), 10, 64)
	return err == nil
}
