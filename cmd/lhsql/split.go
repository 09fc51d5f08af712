package main

import "strings"

// splitResult is the outcome of splitting SQL text at top-level semicolons.
type splitResult struct {
	// Stmts are the complete statements, from their first token to
	// before their ';', trimmed; comments before the first token are
	// dropped, and so are statements holding only whitespace and comments.
	Stmts []string
	// Rest is the text after the last ';'.
	Rest string
	// Pending reports that Rest holds the start of a statement: a token,
	// or an unterminated string, quoted identifier or block comment.
	Pending bool
}

// splitStatements splits src at every ';' that is outside string literals
// ('...', E'...', $tag$...$tag$), quoted identifiers ("...") and comments
// (-- to end of line, nested /* ... */).
func splitStatements(src string) splitResult {
	var res splitResult
	start := 0      // just after the last ';'
	first := 0      // first token of the current statement
	tokens := false // the current statement has a token
	open := false   // src ends inside a quote or comment
	token := func(i int) {
		if !tokens {
			tokens, first = true, i
		}
	}
	i := 0
	for i < len(src) {
		c := src[i]
		switch {
		case c == ';':
			if tokens {
				res.Stmts = append(res.Stmts, strings.TrimSpace(src[first:i]))
			}
			i++
			start, tokens = i, false
		case c == '-' && i+1 < len(src) && src[i+1] == '-':
			nl := strings.IndexByte(src[i:], '\n')
			if nl < 0 {
				i = len(src)
			} else {
				i += nl + 1
			}
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			var ok bool
			i, ok = skipBlockComment(src, i)
			open = open || !ok
		case c == '\'':
			escapes := i > 0 && (src[i-1] == 'e' || src[i-1] == 'E') && (i == 1 || !isIdentByte(src[i-2]))
			token(i)
			var ok bool
			i, ok = skipQuoted(src, i, '\'', escapes)
			open = open || !ok
		case c == '"':
			token(i)
			var ok bool
			i, ok = skipQuoted(src, i, '"', false)
			open = open || !ok
		case c == '$':
			token(i)
			if tag, ok := dollarTag(src, i); ok {
				end := strings.Index(src[i+len(tag):], tag)
				if end < 0 {
					i = len(src)
					open = true
				} else {
					i += len(tag) + end + len(tag)
				}
			} else {
				i++
			}
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			i++
		default:
			token(i)
			i++
		}
	}
	res.Rest = src[start:]
	res.Pending = tokens || open
	return res
}

// skipQuoted returns the index after the quoted text starting at src[i]
// (which is q), and whether the closing quote was found. A doubled quote
// stands for itself; with escapes, a backslash escapes the next byte.
func skipQuoted(src string, i int, q byte, escapes bool) (int, bool) {
	i++
	for i < len(src) {
		switch src[i] {
		case '\\':
			if escapes {
				i += 2
				continue
			}
		case q:
			if i+1 < len(src) && src[i+1] == q {
				i += 2
				continue
			}
			return i + 1, true
		}
		i++
	}
	return len(src), false
}

// skipBlockComment returns the index after the (possibly nested) block
// comment starting at src[i], and whether it was closed.
func skipBlockComment(src string, i int) (int, bool) {
	depth := 0
	for i < len(src) {
		switch {
		case src[i] == '/' && i+1 < len(src) && src[i+1] == '*':
			depth++
			i += 2
		case src[i] == '*' && i+1 < len(src) && src[i+1] == '/':
			depth--
			i += 2
			if depth == 0 {
				return i, true
			}
		default:
			i++
		}
	}
	return len(src), false
}

// dollarTag returns the opening delimiter ($$ or $tag$) of a dollar-quoted
// string starting at src[i]. A '$' followed by a digit is a parameter.
func dollarTag(src string, i int) (string, bool) {
	if i > 0 && isIdentByte(src[i-1]) {
		return "", false
	}
	j := i + 1
	if j < len(src) && src[j] >= '0' && src[j] <= '9' {
		return "", false
	}
	for j < len(src) && isIdentByte(src[j]) {
		j++
	}
	if j < len(src) && src[j] == '$' {
		return src[i : j+1], true
	}
	return "", false
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}
