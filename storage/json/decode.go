package json

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/bits"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// This file decodes JSON records straight into typed column vectors. A
// decoder walks the text once: keys are matched to columns (see objDec),
// values are parsed into the target vector's typed slice, strings are
// copied into a per-chunk arena, and values of keys that are not wanted
// are validated and skipped. No value tree is built except for values
// read as JSON text into a VARCHAR column (and for error messages).

// kind classifies a column type for the decoder.
type kind uint8

const (
	kBool kind = iota
	kInt
	kFloat
	kDecimal
	kDate
	kTimestamp
	kUUID
	kString // VARCHAR and BLOB: strings, or other values as JSON text
	kList
	kStruct
	kUnsupported
)

// node is the decoding plan of one type: a column, a LIST's elements or
// a STRUCT's field.
type node struct {
	typ   vector.Type
	kind  kind
	scale int
	elem  *node   // kList
	obj   *objDec // kStruct
}

func newNode(t vector.Type) *node {
	n := &node{typ: t}
	switch t.ID {
	case vector.TypeBoolean:
		n.kind = kBool
	case vector.TypeTinyInt, vector.TypeSmallInt, vector.TypeInteger, vector.TypeBigInt,
		vector.TypeUTinyInt, vector.TypeUSmallInt, vector.TypeUInteger, vector.TypeHugeInt:
		n.kind = kInt
	case vector.TypeFloat, vector.TypeDouble:
		n.kind = kFloat
	case vector.TypeDecimal:
		n.kind, n.scale = kDecimal, int(t.Scale)
	case vector.TypeDate:
		n.kind = kDate
	case vector.TypeTimestamp, vector.TypeTimestampTZ:
		n.kind = kTimestamp
	case vector.TypeUUID:
		n.kind = kUUID
	case vector.TypeVarchar, vector.TypeBlob:
		n.kind = kString
	case vector.TypeList:
		n.kind, n.elem = kList, newNode(t.Elem())
	case vector.TypeStruct:
		fs := t.StructFields()
		names := make([]string, len(fs))
		nodes := make([]*node, len(fs))
		for i, f := range fs {
			names[i], nodes[i] = f.Name, newNode(f.Typ)
		}
		n.kind, n.obj = kStruct, newObjDec(names, nodes)
	default:
		n.kind = kUnsupported
	}
	return n
}

// objDec matches the keys of objects to fields (top-level columns or
// STRUCT fields) as the previous reader's lookup did: a key equal to a
// field's name sets it, the last such key winning; a field that no key
// equals takes the value of the first key equal to its name ignoring case
// (again the last value of that key).
//
// Keys usually arrive in the same order in every object, so the field of
// the k-th key of the last object is tried first (slots).
type objDec struct {
	names []string
	nodes []*node // nil: not wanted (validated and skipped)
	exact map[string]int
	slots []keyInfo
	other map[string]*keyInfo // keys that name no field

	// State of the object being decoded (an objDec never decodes two
	// objects at once: types are trees).
	level   []uint8 // per field: 0 unset, 1 set by a case-insensitive match, 2 set by an equal key
	foldKey []string
	errs    []error // per field: conversion error of the value that set it
}

// keyInfo says which fields a key sets.
type keyInfo struct {
	key   string
	exact int   // field named key, or -1
	fold  []int // other fields whose names equal key ignoring case
	raw   bool  // key needs no escapes: its JSON text is "key"
	// With words, the text key" is w masked by m (keys under 16 bytes).
	words bool
	w, m  [2]uint64
}

// maxSlots bounds the key order remembered per object type, and
// maxOther the keys remembered that name no field.
const (
	maxSlots = 1024
	maxOther = 4096
)

func newObjDec(names []string, nodes []*node) *objDec {
	o := &objDec{names: names, nodes: nodes, exact: make(map[string]int, len(names)),
		other: map[string]*keyInfo{}, level: make([]uint8, len(names)),
		foldKey: make([]string, len(names)), errs: make([]error, len(names))}
	for i := len(names) - 1; i >= 0; i-- {
		o.exact[names[i]] = i
	}
	return o
}

// info returns what key kb (the k-th key of its object) sets. kb may be
// scratch memory: it is not retained.
func (o *objDec) info(kb []byte, k int) *keyInfo {
	if k < len(o.slots) && o.slots[k].key == string(kb) {
		return &o.slots[k]
	}
	var ki keyInfo
	if f, ok := o.exact[string(kb)]; ok {
		ki = keyInfo{key: o.names[f], exact: f, fold: o.foldOf(o.names[f], f)}
	} else if p, ok := o.other[string(kb)]; ok {
		ki = *p
	} else {
		key := string(kb)
		ki = keyInfo{key: key, exact: -1, fold: o.foldOf(key, -1)}
		if len(o.other) < maxOther {
			c := ki
			o.other[key] = &c
		}
	}
	ki.raw = true
	for i := 0; i < len(ki.key); i++ {
		if strStop[ki.key[i]] {
			ki.raw = false
		}
	}
	if ki.raw && len(ki.key) < 16 {
		// The text key" as two masked little-endian words.
		var pat [16]byte
		copy(pat[:], ki.key)
		pat[len(ki.key)] = '"'
		for j := range 2 {
			ki.w[j] = binary.LittleEndian.Uint64(pat[8*j:])
			n := min(max(len(ki.key)+1-8*j, 0), 8)
			if n == 8 {
				ki.m[j] = ^uint64(0)
			} else {
				ki.m[j] = 1<<(8*n) - 1
			}
		}
		ki.words = true
	}
	switch {
	case k < len(o.slots):
		o.slots[k] = ki
		return &o.slots[k]
	case k == len(o.slots) && k < maxSlots:
		o.slots = append(o.slots, ki)
		return &o.slots[k]
	}
	r := ki
	return &r
}

// foldOf lists the fields other than not whose names equal key ignoring
// case.
func (o *objDec) foldOf(key string, not int) []int {
	var fs []int
	for i, n := range o.names {
		if i != not && n != key && strings.EqualFold(n, key) {
			fs = append(fs, i)
		}
	}
	return fs
}

// arenaBlock is the size of the blocks strings are copied into.
const arenaBlock = 64 << 10

// arena holds the bytes of decoded strings. Strings refer to its blocks,
// which are never written again once a string refers to them.
type arena struct{ buf []byte }

func (a *arena) add(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if cap(a.buf)-len(a.buf) < len(b) {
		a.buf = make([]byte, 0, max(arenaBlock, len(b)))
	}
	off := len(a.buf)
	a.buf = append(a.buf, b...)
	return unsafe.String(&a.buf[off], len(b))
}

// convError is a value that is valid JSON but cannot be read as its
// column's type; the decoder has moved past the value.
type convError struct{ msg string }

func (e *convError) Error() string { return e.msg }

func convErrorf(format string, args ...any) error {
	return &convError{msg: fmt.Sprintf(format, args...)}
}

// decoder decodes records of one text range into chunks.
type decoder struct {
	data  []byte
	pos   int
	arena arena
	tmp   []byte // scratch for unescaped keys and numbers

	top    *objDec          // top-level columns (records are objects)
	val    *node            // the column node when records are values
	vecs   []*vector.Vector // per schema column: the current chunk's vector, nil when not wanted
	outIdx []int            // schema column of each output column
	types  []vector.Type    // of the output columns
	n      int              // rows in the current chunk
	// objects reads each record's text into the one column.
	objects bool
	// ignore reads records that are not objects, where objects are
	// read, as rows of NULLs (as the previous reader did).
	ignore bool
	// errCol is the schema column of the last conversion error.
	errCol int

	// With checkDup, skip sets dup when an object repeats a key; keys
	// holds the keys of the objects being skipped (see sniff.go).
	checkDup bool
	dup      bool
	keys     [][]byte
	keyArena []byte
}

// newDecoder prepares decoding of the schema columns cols.
func newDecoder(schema []storage.Column, cols []int, topObjects bool) *decoder {
	d := &decoder{vecs: make([]*vector.Vector, len(schema)), outIdx: cols}
	nodes := make([]*node, len(schema))
	names := make([]string, len(schema))
	for i, c := range schema {
		names[i] = c.Name
	}
	for _, c := range cols {
		if nodes[c] == nil {
			nodes[c] = newNode(schema[c].Type)
		}
		d.types = append(d.types, schema[c].Type)
	}
	if topObjects {
		d.top = newObjDec(names, nodes)
	} else if len(schema) > 0 {
		d.val = nodes[0]
	}
	return d
}

// newChunk allocates the vectors of the next chunk.
func (d *decoder) newChunk() {
	clear(d.vecs)
	for j, c := range d.outIdx {
		if d.vecs[c] == nil {
			d.vecs[c] = vector.New(d.types[j], vector.MaxLen)
		}
	}
	d.n = 0
}

// chunk returns the current chunk's n rows and starts a new one.
func (d *decoder) chunk() *vector.Chunk {
	ch := &vector.Chunk{Cols: make([]*vector.Vector, len(d.outIdx)), Len: d.n}
	for j, c := range d.outIdx {
		v := d.vecs[c]
		finish(v, d.n)
		ch.Cols[j] = v
	}
	return ch
}

// finish cuts a top-level vector to n rows and makes the validity of it
// and its children cover exactly their rows.
func finish(v *vector.Vector, n int) {
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
		fixValidity(v.Child, v.Child.Len())
	case vector.PhysStruct:
		for _, f := range v.Fields {
			finish(f, n)
		}
	}
	fitValidity(v, n)
}

// fixValidity fits the validity of a child vector (and its children) to
// its n rows.
func fixValidity(v *vector.Vector, n int) {
	switch v.Typ.Phys() {
	case vector.PhysList:
		fixValidity(v.Child, v.Child.Len())
	case vector.PhysStruct:
		for _, f := range v.Fields {
			fixValidity(f, n)
		}
	}
	fitValidity(v, n)
}

// fitValidity makes a non-nil validity exactly (n+63)/64 words; rows
// beyond the old bitmap are valid.
func fitValidity(v *vector.Vector, n int) {
	if v.Valid == nil {
		return
	}
	w := (n + 63) / 64
	for len(v.Valid) < w {
		v.Valid = append(v.Valid, ^uint64(0))
	}
	v.Valid = v.Valid[:w]
}

// markValid marks row i of v valid.
func markValid(v *vector.Vector, i int) {
	if v.Valid != nil {
		if w := i >> 6; w < len(v.Valid) {
			v.Valid[w] |= 1 << (uint(i) & 63)
		}
	}
}

// setNull marks row i of v NULL; a NULL STRUCT's fields are NULL too and
// a NULL LIST is empty.
func setNull(v *vector.Vector, i int) {
	w := i >> 6
	if len(v.Valid) <= w {
		n := max(w+1, (v.Len()+63)/64)
		for len(v.Valid) < n {
			v.Valid = append(v.Valid, ^uint64(0))
		}
	}
	v.Valid[w] &^= 1 << (uint(i) & 63)
	switch v.Typ.Phys() {
	case vector.PhysList:
		v.List[i] = vector.ListEntry{Off: uint32(v.Child.Len())}
	case vector.PhysStruct:
		for _, f := range v.Fields {
			setNull(f, i)
		}
	}
}

// appendRow adds a row to a child vector and returns its index.
func appendRow(v *vector.Vector) int {
	switch v.Typ.Phys() {
	case vector.PhysBool:
		v.Bool = append(v.Bool, false)
		return len(v.Bool) - 1
	case vector.PhysInt64:
		v.I64 = append(v.I64, 0)
		return len(v.I64) - 1
	case vector.PhysFloat64:
		v.F64 = append(v.F64, 0)
		return len(v.F64) - 1
	case vector.PhysString:
		v.Str = append(v.Str, "")
		return len(v.Str) - 1
	case vector.PhysInterval:
		v.Iv = append(v.Iv, vector.Interval{})
		return len(v.Iv) - 1
	case vector.PhysList:
		v.List = append(v.List, vector.ListEntry{})
		return len(v.List) - 1
	case vector.PhysStruct:
		i := 0
		for _, f := range v.Fields {
			i = appendRow(f)
		}
		return i
	}
	return 0
}

func (d *decoder) fail(msg string) error {
	return &syntaxError{off: d.pos, msg: msg}
}

// ws skips whitespace.
func (d *decoder) ws() {
	for d.pos < len(d.data) && d.data[d.pos] <= ' ' {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
			continue
		}
		return
	}
}

// hasLit reports whether the literal lit starts at d.pos.
func (d *decoder) hasLit(lit string) bool {
	return len(d.data)-d.pos >= len(lit) && string(d.data[d.pos:d.pos+len(lit)]) == lit
}

// strStop marks the bytes that end the fast scan of a string.
var strStop = func() (t [256]bool) {
	for c := 0; c < 0x20; c++ {
		t[c] = true
	}
	t['"'], t['\\'] = true, true
	return t
}()

// numChar marks the bytes a number token may contain.
var numChar = func() (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	t['.'], t['e'], t['E'], t['+'], t['-'] = true, true, true, true, true
	return t
}()

// str scans the string literal at d.pos (a '"'). Without escapes it
// returns the text itself; with escapes the unescaped text (invalid UTF-8
// replaced as the previous reader did) in d.tmp, valid until the next
// use of d.tmp.
func (d *decoder) str() ([]byte, error) {
	data := d.data
	start := d.pos + 1
	i := start
	// Eight bytes at a time: the lowest marked byte of stopMask is the
	// first quote, backslash or control character.
	for i+8 <= len(data) {
		if m := stopMask(binary.LittleEndian.Uint64(data[i:])); m != 0 {
			i += bits.TrailingZeros64(m) >> 3
			break
		}
		i += 8
	}
	for i < len(data) && !strStop[data[i]] {
		i++
	}
	if i < len(data) && data[i] == '"' {
		d.pos = i + 1
		return data[start:i], nil
	}
	if i < len(data) && data[i] != '\\' {
		d.pos = i
		return nil, d.fail("control character in a string")
	}
	b, next, msg := appendUnescaped(append(d.tmp[:0], data[start:i]...), data, i)
	if msg != "" {
		d.pos = next
		return nil, d.fail(msg)
	}
	d.pos = next
	d.tmp = b[:0]
	if !utf8.Valid(b) {
		b = bytes.ToValidUTF8(b, []byte("\uFFFD"))
	}
	return b, nil
}

// appendUnescaped appends to b the rest of a JSON string whose text from
// data[i] on still holds escapes, up to the closing quote, and returns it
// with the offset just past that quote. On malformed input msg says what
// is wrong and next is the offset it refers to.
func appendUnescaped(b, data []byte, i int) (out []byte, next int, msg string) {
	for i < len(data) {
		c := data[i]
		switch {
		case c == '"':
			return b, i + 1, ""
		case c < 0x20:
			return nil, i, "control character in a string"
		case c != '\\':
			b = append(b, c)
			i++
			continue
		}
		if i+1 >= len(data) {
			break
		}
		e := data[i+1]
		i += 2
		switch e {
		case '"', '\\', '/':
			b = append(b, e)
		case 'n':
			b = append(b, '\n')
		case 't':
			b = append(b, '\t')
		case 'r':
			b = append(b, '\r')
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'u':
			if i+4 > len(data) {
				return nil, i, "truncated \\u escape"
			}
			r, ok := hex4(data[i : i+4])
			if !ok {
				return nil, i, "invalid \\u escape"
			}
			i += 4
			if utf16.IsSurrogate(r) && i+6 <= len(data) && data[i] == '\\' && data[i+1] == 'u' {
				if lo, ok := hex4(data[i+2 : i+6]); ok {
					if dr := utf16.DecodeRune(r, lo); dr != utf8.RuneError {
						r = dr
						i += 6
					}
				}
			}
			b = utf8.AppendRune(b, r)
		default:
			return nil, i - 1, fmt.Sprintf("invalid escape '\\%c'", e)
		}
	}
	return nil, len(data), "unterminated string"
}

// numberText reads the text of a value for a numeric column: a JSON
// number (isNum) or a quoted string; another kind (first byte c) is the
// column's kind error.
func (d *decoder) numberText(nd *node, depth int, isNum bool, c byte) ([]byte, error) {
	switch {
	case isNum:
		return d.number()
	case c == '"':
		return d.str()
	}
	return nil, d.kindError(nd, depth)
}

// SWAR constants: every byte 0x01, every byte 0x80.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// stopMask marks (with 0x80) bytes of x that are '"', '\\' or below
// 0x20. Bytes above the first marked one may be marked wrongly (borrows),
// the lowest mark is exact.
func stopMask(x uint64) uint64 {
	q := x ^ (ones * '"')
	b := x ^ (ones * '\\')
	return ((q-ones)&^q | (b-ones)&^b | (x-ones*0x20)&^x) & highs
}

// hex4 decodes four hex digits.
func hex4(b []byte) (rune, bool) {
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// number scans the number token at d.pos and checks its grammar.
func (d *decoder) number() ([]byte, error) {
	// Follow the grammar -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?;
	// text it does not take whole goes the slow way, for the error.
	data := d.data
	start := d.pos
	i := start
	if data[i] == '-' {
		i++
	}
	ok := false
	if i < len(data) && data[i] == '0' {
		i++
		ok = true
	} else {
		for i < len(data) && data[i]-'0' < 10 {
			i++
			ok = true
		}
	}
	if ok && i < len(data) && data[i] == '.' {
		i++
		ok = false
		for i < len(data) && data[i]-'0' < 10 {
			i++
			ok = true
		}
	}
	if ok && i < len(data) && data[i]|0x20 == 'e' {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		ok = false
		for i < len(data) && data[i]-'0' < 10 {
			i++
			ok = true
		}
	}
	if ok && (i == len(data) || !numChar[data[i]]) {
		d.pos = i
		return data[start:i], nil
	}
	i = start + 1
	for i < len(d.data) && numChar[d.data[i]] {
		i++
	}
	b := d.data[start:i]
	if !validNumber(unsafe.String(&b[0], len(b))) {
		return nil, d.fail(fmt.Sprintf("invalid number %q", b))
	}
	d.pos = i
	return b, nil
}

// skip validates and skips the value at d.pos. It returns what the value
// is, as kindName words it.
func (d *decoder) skip(depth int) (string, error) {
	if depth > maxNesting {
		return "", d.fail(fmt.Sprintf("nesting deeper than %d levels", maxNesting))
	}
	d.ws()
	if d.pos >= len(d.data) {
		return "", d.fail("unexpected end of input")
	}
	switch c := d.data[d.pos]; {
	case c == '{':
		d.pos++
		d.ws()
		if d.pos < len(d.data) && d.data[d.pos] == '}' {
			d.pos++
			return "an object", nil
		}
		base := len(d.keys)
		for {
			d.ws()
			if d.pos >= len(d.data) || d.data[d.pos] != '"' {
				return "", d.fail("expected an object key")
			}
			kb, err := d.str()
			if err != nil {
				return "", err
			}
			if d.checkDup {
				d.noteKey(kb, base)
			}
			d.ws()
			if d.pos >= len(d.data) || d.data[d.pos] != ':' {
				return "", d.fail("expected ':' after an object key")
			}
			d.pos++
			if _, err := d.skip(depth + 1); err != nil {
				return "", err
			}
			d.ws()
			if d.pos < len(d.data) && d.data[d.pos] == ',' {
				d.pos++
				continue
			}
			if d.pos < len(d.data) && d.data[d.pos] == '}' {
				d.pos++
				d.keys = d.keys[:base]
				return "an object", nil
			}
			return "", d.fail("expected ',' or '}' in an object")
		}
	case c == '[':
		d.pos++
		d.ws()
		if d.pos < len(d.data) && d.data[d.pos] == ']' {
			d.pos++
			return "an array", nil
		}
		for {
			if _, err := d.skip(depth + 1); err != nil {
				return "", err
			}
			d.ws()
			if d.pos < len(d.data) && d.data[d.pos] == ',' {
				d.pos++
				continue
			}
			if d.pos < len(d.data) && d.data[d.pos] == ']' {
				d.pos++
				return "an array", nil
			}
			return "", d.fail("expected ',' or ']' in an array")
		}
	case c == '"':
		_, err := d.str()
		return "a string", err
	case c == '-' || (c >= '0' && c <= '9'):
		_, err := d.number()
		return "a number", err
	case d.hasLit("true"):
		d.pos += 4
		return "a boolean", nil
	case d.hasLit("false"):
		d.pos += 5
		return "a boolean", nil
	case d.hasLit("null"):
		d.pos += 4
		return "null", nil
	}
	return "", d.fail(fmt.Sprintf("invalid character %q", d.data[d.pos]))
}

// tree parses the value at d.pos into a generic value (slow paths only).
func (d *decoder) tree(depth int) (any, error) {
	p := parser{data: d.data, pos: d.pos}
	x, err := p.value(depth, true)
	d.pos = p.pos
	return x, err
}

// value decodes the value at d.pos into row i of v, which has type nd.
// It returns a *syntaxError for malformed text and a *convError for a
// value of the wrong kind, after which d.pos is past the value.
func (d *decoder) value(nd *node, v *vector.Vector, i, depth int) error {
	if depth > maxNesting {
		return d.fail(fmt.Sprintf("nesting deeper than %d levels", maxNesting))
	}
	d.ws()
	if d.pos >= len(d.data) {
		return d.fail("unexpected end of input")
	}
	c := d.data[d.pos]
	if c == 'n' && d.hasLit("null") {
		d.pos += 4
		setNull(v, i)
		return nil
	}
	isNum := c == '-' || (c >= '0' && c <= '9')
	switch nd.kind {
	case kString:
		switch {
		case c == '"':
			b, err := d.str()
			if err != nil {
				return err
			}
			v.Str[i] = d.arena.add(b)
		case isNum:
			b, err := d.number()
			if err != nil {
				return err
			}
			v.Str[i] = d.arena.add(b)
		case d.hasLit("true"):
			d.pos += 4
			v.Str[i] = "true"
		case d.hasLit("false"):
			d.pos += 5
			v.Str[i] = "false"
		default:
			x, err := d.tree(depth)
			if err != nil {
				return err
			}
			d.tmp = appendAny(d.tmp[:0], x)
			v.Str[i] = d.arena.add(d.tmp)
		}
		markValid(v, i)
		return nil
	case kInt:
		b, err := d.numberText(nd, depth, isNum, c)
		if err != nil {
			return err
		}
		x, ok := parseInt(b)
		if !ok {
			return convErrorf("cannot read %q as %s", b, nd.typ)
		}
		v.I64[i] = x
		markValid(v, i)
		return nil
	case kFloat:
		b, err := d.numberText(nd, depth, isNum, c)
		if err != nil {
			return err
		}
		f, ok := parseFloatFast(b)
		if !ok {
			var perr error
			f, perr = strconv.ParseFloat(string(b), 64)
			if perr != nil {
				return convErrorf("cannot read %q as %s", b, nd.typ)
			}
		}
		v.F64[i] = f
		markValid(v, i)
		return nil
	case kDecimal:
		if !isNum {
			return d.kindError(nd, depth)
		}
		b, err := d.number()
		if err != nil {
			return err
		}
		x, ok := parseDecimalFast(b, nd.scale)
		if !ok {
			var perr error
			if x, perr = parseDecimal(string(b), nd.scale); perr != nil {
				return &convError{msg: perr.Error()}
			}
		}
		v.I64[i] = x
		markValid(v, i)
		return nil
	case kBool:
		switch {
		case d.hasLit("true"):
			d.pos += 4
			v.Bool[i] = true
		case d.hasLit("false"):
			d.pos += 5
			v.Bool[i] = false
		default:
			return d.kindError(nd, depth)
		}
		markValid(v, i)
		return nil
	case kDate, kTimestamp:
		if c != '"' {
			return d.kindError(nd, depth)
		}
		b, err := d.str()
		if err != nil {
			return err
		}
		var s string
		if len(b) > 0 {
			s = unsafe.String(&b[0], len(b))
		}
		var x int64
		if nd.kind == kDate {
			x, err = vector.ParseISODate(s)
		} else {
			x, err = vector.ParseISOTimestamp(strings.TrimSuffix(s, "Z"))
		}
		if err != nil {
			return convErrorf("cannot read %q as %s", s, nd.typ)
		}
		v.I64[i] = x
		markValid(v, i)
		return nil
	case kUUID:
		if c != '"' {
			x, err := d.tree(depth)
			if err != nil {
				return err
			}
			return convErrorf("cannot read %s as UUID", appendAny(nil, x))
		}
		b, err := d.str()
		if err != nil {
			return err
		}
		s := unsafe.String(unsafe.SliceData(b), len(b))
		if !isUUID(s) {
			return convErrorf("cannot read %v as UUID", s)
		}
		u := d.arena.add(b)
		lowerASCII(unsafe.Slice(unsafe.StringData(u), len(u)))
		v.Str[i] = u
		markValid(v, i)
		return nil
	case kList:
		if c != '[' {
			return d.kindError(nd, depth)
		}
		return d.list(nd, v, i, depth)
	case kStruct:
		if c != '{' {
			return d.kindError(nd, depth)
		}
		if err := d.object(nd.obj, v.Fields, i, depth); err != nil {
			return err
		}
		markValid(v, i)
		return nil
	}
	if _, err := d.skip(depth); err != nil {
		return err
	}
	return convErrorf("reading JSON as %s is not supported", nd.typ)
}

// kindError skips a value of the wrong kind for nd and returns the
// conversion error (or the syntax error found while skipping).
func (d *decoder) kindError(nd *node, depth int) error {
	k, err := d.skip(depth)
	if err != nil {
		return err
	}
	if nd.kind == kBool {
		return convErrorf("cannot read %s as BOOLEAN", k)
	}
	return convErrorf("cannot read %s as %s", k, nd.typ)
}

// list decodes the array at d.pos into LIST row i of v.
func (d *decoder) list(nd *node, v *vector.Vector, i, depth int) error {
	d.pos++
	child := v.Child
	v.List[i] = vector.ListEntry{Off: uint32(child.Len())}
	markValid(v, i)
	d.ws()
	if d.pos < len(d.data) && d.data[d.pos] == ']' {
		d.pos++
		return nil
	}
	var first error
	n := 0
	for {
		j := appendRow(child)
		if err := d.value(nd.elem, child, j, depth+1); err != nil {
			if _, ok := err.(*convError); !ok {
				return err
			}
			if first == nil {
				first = err
			}
		}
		n++
		d.ws()
		if d.pos < len(d.data) && d.data[d.pos] == ',' {
			d.pos++
			continue
		}
		if d.pos < len(d.data) && d.data[d.pos] == ']' {
			d.pos++
			v.List[i].Len = uint32(n)
			return first
		}
		return d.fail("expected ',' or ']' in an array")
	}
}

// object decodes the object at d.pos into row i of the field vectors
// vecs of o (nil entries are not wanted). Fields no key sets are NULL. A
// conversion error is that of the first field, in field order, whose
// value could not be read.
func (d *decoder) object(o *objDec, vecs []*vector.Vector, i, depth int) error {
	d.pos++
	clear(o.level)
	clear(o.errs)
	d.ws()
	if d.pos < len(d.data) && d.data[d.pos] == '}' {
		d.pos++
		return o.end(vecs, i)
	}
	for k := 0; ; k++ {
		d.ws()
		if d.pos >= len(d.data) || d.data[d.pos] != '"' {
			return d.fail("expected an object key")
		}
		var ki *keyInfo
		if k < len(o.slots) && o.slots[k].raw {
			// The key of the last object at this place, as its text?
			s := &o.slots[k]
			if p := d.pos + 1; s.words && p+16 <= len(d.data) {
				x0 := binary.LittleEndian.Uint64(d.data[p:])
				x1 := binary.LittleEndian.Uint64(d.data[p+8:])
				if (x0^s.w[0])&s.m[0] == 0 && (x1^s.w[1])&s.m[1] == 0 {
					d.pos = p + len(s.key) + 1
					ki = s
				}
			} else if end := p + len(s.key); end < len(d.data) && d.data[end] == '"' && string(d.data[p:end]) == s.key {
				d.pos = end + 1
				ki = s
			}
		}
		if ki == nil {
			kb, err := d.str()
			if err != nil {
				return err
			}
			ki = o.info(kb, k)
		}
		d.ws()
		if d.pos >= len(d.data) || d.data[d.pos] != ':' {
			return d.fail("expected ':' after an object key")
		}
		d.pos++
		if err := d.member(o, ki, vecs, i, depth+1); err != nil {
			return err
		}
		d.ws()
		if d.pos < len(d.data) && d.data[d.pos] == ',' {
			d.pos++
			continue
		}
		if d.pos < len(d.data) && d.data[d.pos] == '}' {
			d.pos++
			return o.end(vecs, i)
		}
		return d.fail("expected ',' or '}' in an object")
	}
}

// member decodes the value of key ki into the fields it sets, or skips
// it. Only syntax errors are returned; conversion errors are kept per
// field.
func (d *decoder) member(o *objDec, ki *keyInfo, vecs []*vector.Vector, i, depth int) error {
	if f := ki.exact; f >= 0 && ki.fold == nil {
		// The common case: one field, or none wanted.
		o.level[f] = 2
		if vecs[f] == nil {
			_, err := d.skip(depth)
			return err
		}
		err := d.value(o.nodes[f], vecs[f], i, depth)
		if _, ok := err.(*convError); ok {
			o.errs[f] = err
			return nil
		}
		o.errs[f] = nil
		return err
	}
	start := d.pos
	decoded := false
	set := func(f int, lvl uint8) error {
		if decoded {
			d.pos = start
		}
		decoded = true
		o.level[f] = lvl
		err := d.value(o.nodes[f], vecs[f], i, depth)
		if _, ok := err.(*convError); ok {
			o.errs[f] = err
			return nil
		}
		o.errs[f] = nil
		return err
	}
	if f := ki.exact; f >= 0 && vecs[f] != nil {
		if err := set(f, 2); err != nil {
			return err
		}
	} else if f >= 0 {
		o.level[f] = 2
	}
	for _, f := range ki.fold {
		switch {
		case o.level[f] == 2:
			continue
		case o.level[f] == 1 && o.foldKey[f] != ki.key:
			continue
		}
		o.foldKey[f] = ki.key
		if vecs[f] == nil {
			o.level[f] = 1
			continue
		}
		if err := set(f, 1); err != nil {
			return err
		}
	}
	if !decoded {
		_, err := d.skip(depth)
		return err
	}
	return nil
}

// end sets the fields no key set to NULL and returns the first
// conversion error in field order.
func (o *objDec) end(vecs []*vector.Vector, i int) error {
	var first error
	for f, v := range vecs {
		if v == nil {
			continue
		}
		if o.level[f] == 0 {
			setNull(v, i)
		} else if first == nil && o.errs[f] != nil {
			first = o.errs[f]
		}
	}
	return first
}

// lowerASCII lower-cases ASCII letters in place.
func lowerASCII(b []byte) {
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
}

// parseInt reads an integer as the previous reader did: as an integer,
// or as a float with an integral value.
func parseInt(b []byte) (int64, bool) {
	if n := len(b); n > 0 && n <= 18 {
		i := 0
		neg := b[0] == '-'
		if neg {
			i = 1
		}
		var x int64
		ok := i < n
		for ; i < n; i++ {
			c := b[i]
			if c < '0' || c > '9' {
				ok = false
				break
			}
			x = x*10 + int64(c-'0')
		}
		if ok {
			if neg {
				x = -x
			}
			return x, true
		}
	}
	s := string(b)
	x, err := strconv.ParseInt(s, 10, 64)
	if err == nil {
		return x, true
	}
	f, ferr := strconv.ParseFloat(s, 64)
	if ferr != nil || f != float64(int64(f)) {
		return 0, false
	}
	return int64(f), true
}

// pow10f holds the powers of ten that float64 represents exactly.
var pow10f = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// parseFloatFast parses a plain decimal [-]digits[.digits] of at most 15
// digits exactly (an exact mantissa divided by an exact power of ten is
// correctly rounded); other text reports false.
func parseFloatFast(b []byte) (float64, bool) {
	i := 0
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		i = 1
	}
	var mant uint64
	digits, frac := 0, 0
	dot := false
	for ; i < len(b); i++ {
		c := b[i]
		switch {
		case c >= '0' && c <= '9':
			if digits == 15 {
				return 0, false
			}
			mant = mant*10 + uint64(c-'0')
			digits++
			if dot {
				frac++
			}
		case c == '.' && !dot:
			dot = true
		default:
			return 0, false
		}
	}
	if digits == 0 {
		return 0, false
	}
	f := float64(mant) / pow10f[frac]
	if neg {
		f = -f
	}
	return f, true
}

// parseDecimalFast is parseDecimal for plain [-]digits[.digits] text with
// at most 18 digits once scaled; other text reports false.
func parseDecimalFast(b []byte, scale int) (int64, bool) {
	i := 0
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		i = 1
	}
	var x int64
	digits, frac := 0, 0
	dot := false
	for ; i < len(b); i++ {
		c := b[i]
		switch {
		case c >= '0' && c <= '9':
			if dot {
				if frac == scale {
					continue
				}
				frac++
			}
			if digits == 18 {
				return 0, false
			}
			x = x*10 + int64(c-'0')
			digits++
		case c == '.' && !dot:
			dot = true
		default:
			return 0, false
		}
	}
	for ; frac < scale; frac++ {
		if digits == 18 {
			return 0, false
		}
		x *= 10
		digits++
	}
	if neg {
		x = -x
	}
	return x, true
}
