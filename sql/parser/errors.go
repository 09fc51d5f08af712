package parser

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Error kinds rendered as the message prefix.
const (
	KindParser = "Parser Error"
	KindBinder = "Binder Error"
)

// Error is an error located in SQL text. Error() renders the kind, the
// message, the line and column, and the offending line with a caret under
// the position:
//
//	Parser Error: syntax error at or near "FROM" (line 1, column 8)
//	LINE 1: SELECT FROM t
//	               ^
//
// A negative Pos means the position is unknown; then only the message is
// rendered.
type Error struct {
	Kind string // message prefix; "" renders as "Parser Error"
	Msg  string
	Pos  Pos
	Line int // 1-based; 0 when Pos is unknown
	Col  int // 1-based, in characters
	SQL  string
}

// Errorf returns a parser error at pos in sql with a formatted message.
// Other layers (the binder) reuse it and set Kind, e.g. to KindBinder.
func Errorf(sql string, pos Pos, format string, args ...any) *Error {
	e := &Error{Kind: KindParser, Msg: fmt.Sprintf(format, args...), Pos: pos, SQL: sql}
	if pos >= 0 {
		e.Line, e.Col = LineCol(sql, pos)
	}
	return e
}

// NewError is Errorf with an explicit kind (KindParser, KindBinder, ...).
func NewError(kind, sql string, pos Pos, format string, args ...any) *Error {
	e := Errorf(sql, pos, format, args...)
	e.Kind = kind
	return e
}

// LineCol converts a byte offset into a 1-based line and a 1-based column
// counted in characters. Offsets past the end map to the end of the text.
func LineCol(sql string, pos Pos) (line, col int) {
	p := int(pos)
	if p < 0 {
		p = 0
	}
	if p > len(sql) {
		p = len(sql)
	}
	line = 1 + strings.Count(sql[:p], "\n")
	start := strings.LastIndexByte(sql[:p], '\n') + 1
	col = 1 + utf8.RuneCountInString(sql[start:p])
	return line, col
}

// maxContext is the widest part of a line shown around the caret.
const maxContext = 100

// Error implements error.
func (e *Error) Error() string {
	kind := e.Kind
	if kind == "" {
		kind = KindParser
	}
	var b strings.Builder
	b.WriteString(kind)
	b.WriteString(": ")
	b.WriteString(e.Msg)
	if e.Pos < 0 || e.Line == 0 {
		return b.String()
	}
	fmt.Fprintf(&b, " (line %d, column %d)", e.Line, e.Col)
	p := int(e.Pos)
	if p > len(e.SQL) {
		p = len(e.SQL)
	}
	start := strings.LastIndexByte(e.SQL[:p], '\n') + 1
	end := strings.IndexByte(e.SQL[p:], '\n')
	if end < 0 {
		end = len(e.SQL)
	} else {
		end += p
	}
	line := strings.TrimRight(e.SQL[start:end], "\r")
	before := e.SQL[start:p]
	if len(before) > len(line) {
		before = line
	}
	after := line[len(before):]
	// Keep long lines readable: show a window around the caret.
	prefix, suffix := "", ""
	if n := utf8.RuneCountInString(before); n > maxContext/2 {
		r := []rune(before)
		before = string(r[n-maxContext/2:])
		prefix = "..."
	}
	if n := utf8.RuneCountInString(after); n > maxContext/2 {
		r := []rune(after)
		after = string(r[:maxContext/2])
		suffix = "..."
	}
	lead := fmt.Sprintf("LINE %d: %s", e.Line, prefix)
	b.WriteString("\n")
	b.WriteString(lead)
	b.WriteString(before)
	b.WriteString(after)
	b.WriteString(suffix)
	b.WriteString("\n")
	b.WriteString(strings.Repeat(" ", len(lead)))
	for _, r := range before {
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
	}
	b.WriteString("^")
	return b.String()
}
