package csv

import (
	"fmt"
	"strings"
)

// field is one raw field of a record: text[s:e], which needs unescaping
// when esc is set. quoted records whether the field was in quotes.
type field struct {
	s, e   int
	esc    bool
	quoted bool
}

// tokenizer splits CSV text into records without copying.
type tokenizer struct {
	text   string
	pos    int
	line   int // 1-based line of the next record
	delim  byte
	quote  byte
	escape byte
	fields []field
	// recLine is the line where the current record started.
	recLine int
}

func newTokenizer(text string, delim, quote, escape byte) *tokenizer {
	return &tokenizer{text: text, line: 1, delim: delim, quote: quote, escape: escape}
}

// next reads the next record into t.fields. It returns false at the end
// of the text.
func (t *tokenizer) next() (bool, error) {
	t.fields = t.fields[:0]
	text := t.text
	n := len(text)
	if t.pos >= n {
		return false, nil
	}
	t.recLine = t.line
	for {
		var f field
		if t.pos < n && text[t.pos] == t.quote && t.quote != 0 {
			startLine := t.line
			p := t.pos + 1
			f.s, f.quoted = p, true
			for {
				i := indexQuoteOrEscape(text, p, t.quote, t.escape)
				if i < 0 {
					return false, &lineError{kind: "Invalid Input Error", line: startLine, msg: ": unterminated quoted field"}
				}
				t.line += strings.Count(text[p:i], "\n")
				c := text[i]
				if c == t.escape && t.escape != t.quote {
					if i+1 < n && text[i+1] == '\n' {
						t.line++
					}
					f.esc = true
					p = i + 2
					continue
				}
				if i+1 < n && text[i+1] == t.quote && t.escape == t.quote {
					f.esc = true
					p = i + 2
					continue
				}
				f.e = i
				p = i + 1
				break
			}
			t.pos = p
			// Only spaces may follow the closing quote.
			for t.pos < n && text[t.pos] == ' ' && t.delim != ' ' {
				t.pos++
			}
			if t.pos < n && text[t.pos] != t.delim && text[t.pos] != '\n' && text[t.pos] != '\r' {
				return false, &lineError{kind: "Invalid Input Error", line: t.line, msg: fmt.Sprintf(": unexpected character %q after quoted field", text[t.pos])}
			}
		} else {
			p := t.pos
			for p < n {
				c := text[p]
				if c == t.delim || c == '\n' || c == '\r' {
					break
				}
				p++
			}
			f.s, f.e = t.pos, p
			t.pos = p
		}
		t.fields = append(t.fields, f)
		if t.pos >= n {
			return true, nil
		}
		switch text[t.pos] {
		case t.delim:
			t.pos++
			continue
		case '\r':
			t.pos++
			if t.pos < n && text[t.pos] == '\n' {
				t.pos++
			}
		default: // '\n'
			t.pos++
		}
		t.line++
		return true, nil
	}
}

func indexQuoteOrEscape(s string, from int, quote, escape byte) int {
	if escape == quote || escape == 0 {
		i := strings.IndexByte(s[from:], quote)
		if i < 0 {
			return -1
		}
		return from + i
	}
	for i := from; i < len(s); i++ {
		if s[i] == quote || s[i] == escape {
			return i
		}
	}
	return -1
}

// value returns the text of field f, unescaped.
func (t *tokenizer) value(f field) string {
	s := t.text[f.s:f.e]
	if !f.esc {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c == t.escape || c == t.quote) && i+1 < len(s) {
			b.WriteByte(s[i+1])
			i++
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// blank reports whether the current record is an empty line.
func (t *tokenizer) blank() bool {
	return len(t.fields) == 1 && t.fields[0].s == t.fields[0].e && !t.fields[0].quoted
}
