package json

import (
	"bytes"
	stdjson "encoding/json"
	"fmt"
	"unicode/utf8"
	"unsafe"
)

// maxNesting bounds recursion on hostile input.
const maxNesting = 1000

// parser decodes JSON values from a byte slice. Numbers become
// json.Number, objects *object (keys in text order), arrays []any.
type parser struct {
	data  []byte
	pos   int
	width int // member count of the last object, to presize the next
}

type syntaxError struct {
	off int
	msg string
}

func (e *syntaxError) Error() string { return e.msg }

func (p *parser) fail(msg string) error {
	return &syntaxError{off: p.pos, msg: msg}
}

func (p *parser) ws() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
			continue
		}
		return
	}
}

// value parses one value; raw values (read_json_objects) skip building.
func (p *parser) value(depth int, build bool) (any, error) {
	if depth > maxNesting {
		return nil, p.fail(fmt.Sprintf("nesting deeper than %d levels", maxNesting))
	}
	p.ws()
	if p.pos >= len(p.data) {
		return nil, p.fail("unexpected end of input")
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		p.pos++
		var o *object
		if build {
			w := max(p.width, 4)
			o = &object{keys: make([]string, 0, w), vals: make([]any, 0, w)}
		}
		p.ws()
		if p.pos < len(p.data) && p.data[p.pos] == '}' {
			p.pos++
			return o, nil
		}
		for {
			p.ws()
			if p.pos >= len(p.data) || p.data[p.pos] != '"' {
				return nil, p.fail("expected an object key")
			}
			k, err := p.str()
			if err != nil {
				return nil, err
			}
			p.ws()
			if p.pos >= len(p.data) || p.data[p.pos] != ':' {
				return nil, p.fail("expected ':' after an object key")
			}
			p.pos++
			v, err := p.value(depth+1, build)
			if err != nil {
				return nil, err
			}
			if build {
				replaced := false
				for i := range o.keys {
					if o.keys[i] == k {
						o.vals[i], replaced = v, true
					}
				}
				if !replaced {
					o.keys = append(o.keys, k)
					o.vals = append(o.vals, v)
				}
			}
			p.ws()
			if p.pos < len(p.data) && p.data[p.pos] == ',' {
				p.pos++
				continue
			}
			if p.pos < len(p.data) && p.data[p.pos] == '}' {
				p.pos++
				if build {
					p.width = len(o.keys)
				}
				return o, nil
			}
			return nil, p.fail("expected ',' or '}' in an object")
		}
	case c == '[':
		p.pos++
		var arr []any
		if build {
			arr = []any{}
		}
		p.ws()
		if p.pos < len(p.data) && p.data[p.pos] == ']' {
			p.pos++
			return arr, nil
		}
		for {
			v, err := p.value(depth+1, build)
			if err != nil {
				return nil, err
			}
			if build {
				arr = append(arr, v)
			}
			p.ws()
			if p.pos < len(p.data) && p.data[p.pos] == ',' {
				p.pos++
				continue
			}
			if p.pos < len(p.data) && p.data[p.pos] == ']' {
				p.pos++
				return arr, nil
			}
			return nil, p.fail("expected ',' or ']' in an array")
		}
	case c == '"':
		return p.str()
	case c == '-' || (c >= '0' && c <= '9'):
		start := p.pos
		p.pos++
		for p.pos < len(p.data) {
			d := p.data[p.pos]
			if (d >= '0' && d <= '9') || d == '.' || d == 'e' || d == 'E' || d == '+' || d == '-' {
				p.pos++
				continue
			}
			break
		}
		num := string(p.data[start:p.pos])
		if !validNumber(num) {
			p.pos = start
			return nil, p.fail(fmt.Sprintf("invalid number %q", num))
		}
		return stdjson.Number(num), nil
	case bytes.HasPrefix(p.data[p.pos:], []byte("true")):
		p.pos += 4
		return true, nil
	case bytes.HasPrefix(p.data[p.pos:], []byte("false")):
		p.pos += 5
		return false, nil
	case bytes.HasPrefix(p.data[p.pos:], []byte("null")):
		p.pos += 4
		return nil, nil
	}
	return nil, p.fail(fmt.Sprintf("invalid character %q", p.data[p.pos]))
}

// validNumber checks the JSON number grammar.
func validNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	if i >= len(s) {
		return false
	}
	if s[i] == '0' {
		i++
	} else {
		if s[i] < '1' || s[i] > '9' {
			return false
		}
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	}
	if i < len(s) && s[i] == '.' {
		i++
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == start {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == start {
			return false
		}
	}
	return i == len(s)
}

// str parses a string literal at p.pos.
func (p *parser) str() (string, error) {
	start := p.pos + 1
	i := start
	for i < len(p.data) {
		c := p.data[i]
		if c == '"' {
			p.pos = i + 1
			if i == start {
				return "", nil
			}
			// The input is never modified, so strings can share it.
			return unsafe.String(&p.data[start], i-start), nil
		}
		if c == '\\' {
			break
		}
		if c < 0x20 {
			p.pos = i
			return "", p.fail("control character in a string")
		}
		i++
	}
	// Slow path with escapes.
	b, next, msg := appendUnescaped(append([]byte(nil), p.data[start:i]...), p.data, i)
	p.pos = next
	if msg != "" {
		return "", p.fail(msg)
	}
	if !utf8.Valid(b) {
		return string(bytes.ToValidUTF8(b, []byte("\uFFFD"))), nil
	}
	return string(b), nil
}

// lineOf returns the 1-based line of byte offset off.
func lineOf(data []byte, off int) int {
	if off > len(data) {
		off = len(data)
	}
	return 1 + bytes.Count(data[:off], []byte{'\n'})
}
