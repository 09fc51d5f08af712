package parser

import (
	"math/big"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokKind classifies a token.
type tokKind uint8

const (
	tEOF    tokKind = iota
	tIdent          // unquoted identifier or keyword; val is lower case
	tQIdent         // "quoted identifier"; val keeps its case
	tString         // 'string' (val is unescaped)
	tNumber         // integer or decimal; val has underscores removed
	tParam          // ? or $n; val is "" for ? or the digits of $n
	tOp             // operator or punctuation; val is its text
)

// token is one lexical token. pos and end delimit its source text.
type token struct {
	kind tokKind
	val  string
	pos  Pos
	end  Pos
	// decimal is set on numbers with a '.' or an exponent.
	decimal bool
}

// multiOps lists the operators longer than one character, longest first
// within each starting character so that a greedy scan picks the longest.
var multiOps = []string{
	"!~~*", "->>", "!~~", "~~*", "<->", "!~*",
	"->", "::", ":=", "<=", ">=", "<>", "!=", "==", "||", "//", "**",
	"<<", ">>", "!~", "~~", "~*", "@>", "<@", "&&", "^@", "=>",
}

const singleOps = "+-*/%^<>=~!@#&|(),;.[]{}:"

// multiOpStart holds the first characters of multiOps.
const multiOpStart = "!-~<:>=|/*@&^"

// lex splits sql into tokens, ending with a tEOF token.
func lex(sql string) ([]token, *Error) {
	toks := make([]token, 0, len(sql)/3+2)
	i := 0
	n := len(sql)
	for {
		// Skip whitespace and comments.
		for i < n {
			c := sql[i]
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' {
				i++
				continue
			}
			if c == '-' && i+1 < n && sql[i+1] == '-' {
				for i < n && sql[i] != '\n' {
					i++
				}
				continue
			}
			if c == '/' && i+1 < n && sql[i+1] == '*' {
				start := i
				depth := 0
				for i < n {
					if sql[i] == '/' && i+1 < n && sql[i+1] == '*' {
						depth++
						i += 2
						continue
					}
					if sql[i] == '*' && i+1 < n && sql[i+1] == '/' {
						depth--
						i += 2
						if depth == 0 {
							break
						}
						continue
					}
					i++
				}
				if depth != 0 {
					return nil, Errorf(sql, Pos(start), "unterminated /* comment")
				}
				continue
			}
			if c >= utf8.RuneSelf {
				r, sz := utf8.DecodeRuneInString(sql[i:])
				if unicode.IsSpace(r) {
					i += sz
					continue
				}
			}
			break
		}
		if i >= n {
			// End-of-input errors point just after the last token, not
			// at trailing comments or blank lines.
			end := Pos(0)
			if len(toks) > 0 {
				end = toks[len(toks)-1].end
			}
			toks = append(toks, token{kind: tEOF, pos: end, end: end})
			return toks, nil
		}
		start := i
		c := sql[i]
		switch {
		case (c == 'e' || c == 'E') && i+1 < n && sql[i+1] == '\'':
			s, j, err := lexEscapeString(sql, i+1)
			if err != nil {
				return nil, err
			}
			i = j
			toks = append(toks, token{kind: tString, val: s, pos: Pos(start), end: Pos(i)})
		case c == '\'':
			s, j, err := lexString(sql, i)
			if err != nil {
				return nil, err
			}
			i = j
			// Strings separated only by whitespace containing a newline
			// are concatenated (SQL standard).
			for {
				k := i
				nl := false
				for k < n && (sql[k] == ' ' || sql[k] == '\t' || sql[k] == '\n' || sql[k] == '\r') {
					if sql[k] == '\n' {
						nl = true
					}
					k++
				}
				if !nl || k >= n || sql[k] != '\'' {
					break
				}
				s2, j2, err := lexString(sql, k)
				if err != nil {
					return nil, err
				}
				s += s2
				i = j2
			}
			toks = append(toks, token{kind: tString, val: s, pos: Pos(start), end: Pos(i)})
		case c == '"':
			var b strings.Builder
			j := i + 1
			closed := false
			for j < n {
				if sql[j] == '"' {
					if j+1 < n && sql[j+1] == '"' {
						b.WriteByte('"')
						j += 2
						continue
					}
					j++
					closed = true
					break
				}
				b.WriteByte(sql[j])
				j++
			}
			if !closed {
				return nil, Errorf(sql, Pos(start), "unterminated quoted identifier")
			}
			if b.Len() == 0 {
				return nil, Errorf(sql, Pos(start), "zero-length delimited identifier")
			}
			i = j
			toks = append(toks, token{kind: tQIdent, val: b.String(), pos: Pos(start), end: Pos(i)})
		case c == '`':
			j := strings.IndexByte(sql[i+1:], '`')
			if j < 0 {
				return nil, Errorf(sql, Pos(start), "unterminated quoted identifier")
			}
			if j == 0 {
				return nil, Errorf(sql, Pos(start), "zero-length delimited identifier")
			}
			toks = append(toks, token{kind: tQIdent, val: sql[i+1 : i+1+j], pos: Pos(start), end: Pos(i + 2 + j)})
			i += j + 2
		case isDigit(c) || (c == '.' && i+1 < n && isDigit(sql[i+1])):
			t, err := lexNumber(sql, i)
			if err != nil {
				return nil, err
			}
			i = int(t.end)
			toks = append(toks, t)
		case c == '?':
			i++
			toks = append(toks, token{kind: tParam, pos: Pos(start), end: Pos(i)})
		case c == '$':
			j := i + 1
			for j < n && isDigit(sql[j]) {
				j++
			}
			if j > i+1 {
				toks = append(toks, token{kind: tParam, val: sql[i+1 : j], pos: Pos(start), end: Pos(j)})
				i = j
				break
			}
			// Dollar-quoted string: $tag$ ... $tag$.
			k := j
			for k < n && sql[k] != '$' && isIdentChar(sql[k]) {
				k++
			}
			if k > j && (k >= n || sql[k] != '$') {
				// Named parameter $name.
				toks = append(toks, token{kind: tParam, val: sql[j:k], pos: Pos(start), end: Pos(k)})
				i = k
				break
			}
			if k < n && sql[k] == '$' {
				tag := sql[i : k+1]
				end := strings.Index(sql[k+1:], tag)
				if end < 0 {
					return nil, Errorf(sql, Pos(start), "unterminated dollar-quoted string")
				}
				toks = append(toks, token{kind: tString, val: sql[k+1 : k+1+end], pos: Pos(start), end: Pos(k + 1 + end + len(tag))})
				i = k + 1 + end + len(tag)
				break
			}
			return nil, Errorf(sql, Pos(start), "syntax error at or near \"$\"")
		case isIdentStart(c):
			j := i
			for j < n {
				if isIdentChar(sql[j]) {
					j++
					continue
				}
				if sql[j] >= utf8.RuneSelf {
					// Like PostgreSQL, any non-ASCII character other than
					// white space may appear in an identifier.
					r, sz := utf8.DecodeRuneInString(sql[j:])
					if !unicode.IsSpace(r) {
						j += sz
						continue
					}
				}
				break
			}
			toks = append(toks, token{kind: tIdent, val: strings.ToLower(sql[i:j]), pos: Pos(start), end: Pos(j)})
			i = j
		default:
			op := ""
			if strings.IndexByte(multiOpStart, c) >= 0 {
				for _, m := range multiOps {
					if strings.HasPrefix(sql[i:], m) {
						op = m
						break
					}
				}
			}
			if op == "" && strings.IndexByte(singleOps, c) >= 0 {
				op = sql[i : i+1]
			}
			if op == "" {
				r, _ := utf8.DecodeRuneInString(sql[i:])
				return nil, Errorf(sql, Pos(start), "syntax error at or near %q", string(r))
			}
			i += len(op)
			toks = append(toks, token{kind: tOp, val: op, pos: Pos(start), end: Pos(i)})
		}
	}
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isIdentStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= utf8.RuneSelf
}

func isIdentChar(c byte) bool {
	return c == '_' || c == '$' || isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

// lexString reads a standard '...' string starting at the quote at i, with
// ” as an escaped quote. It returns the content and the offset after it.
func lexString(sql string, i int) (string, int, *Error) {
	var b strings.Builder
	j := i + 1
	for j < len(sql) {
		if sql[j] == '\'' {
			if j+1 < len(sql) && sql[j+1] == '\'' {
				b.WriteByte('\'')
				j += 2
				continue
			}
			return b.String(), j + 1, nil
		}
		b.WriteByte(sql[j])
		j++
	}
	return "", 0, Errorf(sql, Pos(i), "unterminated quoted string")
}

// lexEscapeString reads an E'...' string whose quote is at i, decoding
// backslash escapes.
func lexEscapeString(sql string, i int) (string, int, *Error) {
	var b strings.Builder
	j := i + 1
	n := len(sql)
	for j < n {
		c := sql[j]
		if c == '\'' {
			if j+1 < n && sql[j+1] == '\'' {
				b.WriteByte('\'')
				j += 2
				continue
			}
			s := b.String()
			if strings.IndexByte(s, 0) >= 0 {
				return "", 0, Errorf(sql, Pos(i-1), "null character not permitted in escape string literal")
			}
			if !utf8.ValidString(s) {
				return "", 0, Errorf(sql, Pos(i-1), "invalid UTF-8 in escape string literal")
			}
			return s, j + 1, nil
		}
		if c != '\\' || j+1 >= n {
			b.WriteByte(c)
			j++
			continue
		}
		j++
		e := sql[j]
		j++
		switch e {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'x':
			v, k := 0, 0
			for k < 2 && j < n && isHex(sql[j]) {
				v = v*16 + hexVal(sql[j])
				j++
				k++
			}
			if k == 0 {
				b.WriteByte('x')
			} else {
				b.WriteByte(byte(v))
			}
		case 'u', 'U':
			want := 4
			if e == 'U' {
				want = 8
			}
			v, k := 0, 0
			for k < want && j < n && isHex(sql[j]) {
				v = v*16 + hexVal(sql[j])
				j++
				k++
			}
			if k != want || !utf8.ValidRune(rune(v)) {
				return "", 0, Errorf(sql, Pos(j-k-2), "invalid Unicode escape")
			}
			b.WriteRune(rune(v))
		default:
			if e >= '0' && e <= '7' {
				v := int(e - '0')
				for k := 0; k < 2 && j < n && sql[j] >= '0' && sql[j] <= '7'; k++ {
					v = v*8 + int(sql[j]-'0')
					j++
				}
				b.WriteByte(byte(v))
			} else {
				b.WriteByte(e)
			}
		}
	}
	return "", 0, Errorf(sql, Pos(i-1), "unterminated quoted string")
}

func isHex(c byte) bool {
	return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

func hexVal(c byte) int {
	switch {
	case isDigit(c):
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	default:
		return int(c-'A') + 10
	}
}

// lexNumber reads a numeric literal at i: digits with optional '_'
// separators, a fraction, an exponent, or a 0x / 0b prefixed integer.
func lexNumber(sql string, i int) (token, *Error) {
	start := i
	n := len(sql)
	if sql[i] == '0' && i+2 < n && (sql[i+1] == 'x' || sql[i+1] == 'X' || sql[i+1] == 'b' || sql[i+1] == 'B') {
		base := 16
		valid := isHex
		if sql[i+1] == 'b' || sql[i+1] == 'B' {
			base = 2
			valid = func(c byte) bool { return c == '0' || c == '1' }
		}
		j := i + 2
		for j < n && (valid(sql[j]) || sql[j] == '_') {
			j++
		}
		digits := strings.ReplaceAll(sql[i+2:j], "_", "")
		if digits != "" && (j >= n || !isIdentChar(sql[j])) {
			v, ok := new(big.Int).SetString(digits, base)
			if ok {
				return token{kind: tNumber, val: v.String(), pos: Pos(start), end: Pos(j)}, nil
			}
		}
	}
	var b strings.Builder
	digits := func() {
		for i < n && (isDigit(sql[i]) || (sql[i] == '_' && i > start && isDigit(sql[i-1]) && i+1 < n && isDigit(sql[i+1]))) {
			if sql[i] != '_' {
				b.WriteByte(sql[i])
			}
			i++
		}
	}
	digits()
	dec := false
	if i < n && sql[i] == '.' && !(i+1 < n && sql[i+1] == '.') {
		dec = true
		b.WriteByte('.')
		i++
		digits()
	}
	if i < n && (sql[i] == 'e' || sql[i] == 'E') {
		j := i + 1
		if j < n && (sql[j] == '+' || sql[j] == '-') {
			j++
		}
		if j < n && isDigit(sql[j]) {
			dec = true
			b.WriteString(sql[i:j])
			i = j
			digits()
		}
	}
	return token{kind: tNumber, val: b.String(), pos: Pos(start), end: Pos(i), decimal: dec}, nil
}
