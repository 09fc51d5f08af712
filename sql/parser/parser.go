package parser

import (
	"fmt"
	"strings"
)

// maxDepth bounds the nesting of expressions, queries and types so that
// hostile input cannot exhaust the stack.
const maxDepth = 1000

// parser holds the state of one parse. Errors abort the parse through a
// panic carrying a *bailout, recovered in Parse / ParseExpr.
type parser struct {
	sql    string
	toks   []token
	i      int
	depth  int
	nparam int // ? placeholders seen so far
	// allowDefault > 0 while parsing INSERT ... VALUES, where DEFAULT is
	// an expression.
	allowDefault int
}

// bailout carries a parse error up the stack to the recover in run.
type bailout struct{ err *Error }

// Parse parses every statement in sql. Statements are separated by ';';
// empty statements are skipped.
func Parse(sql string) ([]Stmt, error) {
	p, err := newParser(sql)
	if err != nil {
		return nil, err
	}
	var stmts []Stmt
	if err := p.run(func() {
		for {
			for p.acceptOp(";") {
			}
			if p.peek().kind == tEOF {
				return
			}
			stmts = append(stmts, p.parseStatement())
			if p.peek().kind != tEOF && !p.isOp(";") {
				p.errUnexpected()
			}
		}
	}); err != nil {
		return nil, err
	}
	return stmts, nil
}

// ParseExpr parses a single expression.
func ParseExpr(sql string) (Expr, error) {
	p, err := newParser(sql)
	if err != nil {
		return nil, err
	}
	var e Expr
	if err := p.run(func() {
		e = p.parseExpr()
		if p.peek().kind != tEOF {
			p.errUnexpected()
		}
	}); err != nil {
		return nil, err
	}
	return e, nil
}

func newParser(sql string) (*parser, error) {
	toks, lerr := lex(sql)
	if lerr != nil {
		return nil, lerr
	}
	return &parser{sql: sql, toks: toks}, nil
}

// run calls f, converting a bailout into a returned error.
func (p *parser) run(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			b, ok := r.(bailout)
			if !ok {
				panic(r)
			}
			err = b.err
		}
	}()
	f()
	return nil
}

// ---------- token helpers ----------

func (p *parser) peek() token { return p.toks[p.i] }

// peekN returns the token k positions ahead (0 = current).
func (p *parser) peekN(k int) token {
	if p.i+k >= len(p.toks) {
		return p.toks[len(p.toks)-1]
	}
	return p.toks[p.i+k]
}

func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}

// prevEnd is the end offset of the last consumed token.
func (p *parser) prevEnd() Pos {
	if p.i == 0 {
		return 0
	}
	return p.toks[p.i-1].end
}

func (p *parser) pos() Pos { return p.peek().pos }

// isKw reports whether the current token is the unquoted keyword kw.
func (p *parser) isKw(kw string) bool {
	t := p.toks[p.i]
	return t.kind == tIdent && t.val == kw
}

// isKwAt reports whether the token k ahead is the unquoted keyword kw.
func (p *parser) isKwAt(k int, kw string) bool {
	t := p.peekN(k)
	return t.kind == tIdent && t.val == kw
}

func (p *parser) acceptKw(kw string) bool {
	if p.isKw(kw) {
		p.i++
		return true
	}
	return false
}

// acceptKws consumes the keyword sequence kws if it is next in full.
func (p *parser) acceptKws(kws ...string) bool {
	for k, kw := range kws {
		if !p.isKwAt(k, kw) {
			return false
		}
	}
	p.i += len(kws)
	return true
}

func (p *parser) expectKw(kw string) token {
	if !p.isKw(kw) {
		p.errExpected(strings.ToUpper(kw))
	}
	return p.next()
}

func (p *parser) isOp(op string) bool {
	t := p.toks[p.i]
	return t.kind == tOp && t.val == op
}

func (p *parser) isOpAt(k int, op string) bool {
	t := p.peekN(k)
	return t.kind == tOp && t.val == op
}

func (p *parser) acceptOp(op string) bool {
	if p.isOp(op) {
		p.i++
		return true
	}
	return false
}

func (p *parser) expectOp(op string) token {
	if !p.isOp(op) {
		p.errExpected(`"` + op + `"`)
	}
	return p.next()
}

// ---------- errors ----------

func (p *parser) fail(pos Pos, format string, args ...any) {
	e := Errorf(p.sql, pos, format, args...)
	e.Msg = strings.NewReplacer("\r", "\\r", "\n", "\\n").Replace(e.Msg)
	panic(bailout{e})
}

// nearText is the message fragment naming token t.
func (p *parser) nearText(t token) string {
	if t.kind == tEOF {
		return "syntax error at end of input"
	}
	text := p.sql[t.pos:t.end]
	// Keep the message on one line and short: long or multi-line tokens
	// (strings, quoted names) are cut.
	if i := strings.IndexAny(text, "\r\n"); i >= 0 {
		text = text[:i] + "..."
	}
	if r := []rune(text); len(r) > 40 {
		text = string(r[:40]) + "..."
	}
	return fmt.Sprintf("syntax error at or near \"%s\"", text)
}

// errUnexpected reports a syntax error at the current token.
func (p *parser) errUnexpected() {
	t := p.peek()
	p.fail(t.pos, "%s", p.nearText(t))
}

// errExpected reports a syntax error at the current token, saying what was
// expected.
func (p *parser) errExpected(what string) {
	t := p.peek()
	p.fail(t.pos, "%s: expected %s", p.nearText(t), what)
}

// enter guards recursion depth; call leave (usually deferred) after.
func (p *parser) enter() {
	p.depth++
	if p.depth > maxDepth {
		p.fail(p.pos(), "statement is too deeply nested (maximum depth %d)", maxDepth)
	}
}

func (p *parser) leave() { p.depth-- }

// ---------- identifiers ----------

// isIdentTok reports whether t can serve as a bare identifier (a quoted
// identifier or an unreserved keyword).
func isIdentTok(t token) bool {
	return t.kind == tQIdent || (t.kind == tIdent && !reserved[t.val])
}

// ident consumes a bare identifier (unreserved keyword or quoted name).
func (p *parser) ident() string {
	t := p.peek()
	if !isIdentTok(t) {
		p.errExpected("identifier")
	}
	p.i++
	return t.val
}

// anyIdent consumes any identifier, reserved keywords included (used
// where the grammar is unambiguous, such as after AS or a dot).
func (p *parser) anyIdent() string {
	t := p.peek()
	if t.kind != tIdent && t.kind != tQIdent {
		p.errExpected("identifier")
	}
	p.i++
	return t.val
}

// qualifiedName parses name [. name ...] and returns the parts.
func (p *parser) qualifiedName() []string {
	parts := []string{p.ident()}
	for p.isOp(".") && (p.peekN(1).kind == tIdent || p.peekN(1).kind == tQIdent) {
		p.i++
		parts = append(parts, p.anyIdent())
	}
	return parts
}

// dottedName parses a qualified name joined with '.' (e.g. "main.t").
func (p *parser) dottedName() string {
	return strings.Join(p.qualifiedName(), ".")
}

// identList parses ( a, b, ... ).
func (p *parser) identList() []string {
	p.expectOp("(")
	var out []string
	for {
		out = append(out, p.anyIdent())
		if !p.acceptOp(",") {
			break
		}
	}
	p.expectOp(")")
	return out
}

// intLit parses an optionally signed integer literal.
func (p *parser) intLit() int64 {
	neg := false
	if p.acceptOp("-") {
		neg = true
	} else {
		p.acceptOp("+")
	}
	t := p.peek()
	if t.kind != tNumber || t.decimal {
		p.errExpected("integer")
	}
	p.i++
	var v uint64
	limit := uint64(1<<63 - 1)
	if neg {
		limit++
	}
	for _, c := range t.val {
		d := uint64(c - '0')
		if v > (limit-d)/10 {
			p.fail(t.pos, "integer %s is out of range", t.val)
		}
		v = v*10 + d
	}
	if neg {
		return int64(-v)
	}
	return int64(v)
}

// nameList parses ( name, ... ) where names may also be string literals.
func (p *parser) nameList() []string {
	p.expectOp("(")
	var out []string
	for {
		if t := p.peek(); t.kind == tString {
			p.next()
			out = append(out, t.val)
		} else {
			out = append(out, p.anyIdent())
		}
		if !p.acceptOp(",") {
			break
		}
	}
	p.expectOp(")")
	return out
}
