package parser

import (
	"strconv"
	"strings"
)

// Binding powers, lowest first, following PostgreSQL:
// OR < AND < NOT < IS < comparison < BETWEEN/IN/LIKE < other operators
// < + - < * / // % < ^ < AT/COLLATE < unary minus < :: [] . (postfix).
const (
	precNone = iota
	precOr
	precAnd
	precNot
	precIs
	precCmp
	precLike
	precOther
	precAdd
	precMul
	precExp
	precAt
	precUnary
)

// canonicalOp maps operator spellings to the canonical form used in
// BinaryExpr.Op.
var canonicalOp = map[string]string{
	"==": "=", "!=": "<>", "**": "^",
	"~~": "LIKE", "!~~": "NOT LIKE", "~~*": "ILIKE", "!~~*": "NOT ILIKE",
}

// parseExpr parses a full expression.
func (p *parser) parseExpr() Expr { return p.parseExprPrec(precNone) }

// parseExprPrec parses an expression whose infix operators all bind more
// tightly than min.
func (p *parser) parseExprPrec(min int) Expr {
	p.enter()
	defer p.leave()
	left := p.parsePrefix()
	for {
		prec := p.infixPrec()
		if prec <= min {
			return left
		}
		left = p.parseInfix(left, prec)
	}
}

// infixPrec returns the binding power of the current token as an infix
// operator, or precNone if it is not one.
func (p *parser) infixPrec() int {
	t := p.peek()
	switch t.kind {
	case tIdent:
		switch t.val {
		case "or":
			return precOr
		case "and":
			return precAnd
		case "is", "isnull", "notnull":
			return precIs
		case "between", "in", "like", "ilike", "glob", "similar":
			return precLike
		case "not":
			switch n := p.peekN(1); {
			case n.kind == tIdent && (n.val == "between" || n.val == "in" || n.val == "like" ||
				n.val == "ilike" || n.val == "glob" || n.val == "similar"):
				return precLike
			}
		case "at":
			if p.isKwAt(1, "time") && p.isKwAt(2, "zone") {
				return precAt
			}
		case "collate":
			return precAt
		}
	case tOp:
		switch t.val {
		case "=", "==", "<>", "!=", "<", "<=", ">", ">=":
			return precCmp
		case "+", "-":
			return precAdd
		case "%":
			// A trailing % is LIMIT n%, not modulo.
			if n := p.peekN(1); n.kind == tEOF || (n.kind == tOp && (n.val == ";" || n.val == ")")) || (n.kind == tIdent && n.val == "offset") {
				return precNone
			}
			return precMul
		case "*", "/", "//":
			return precMul
		case "^", "**":
			return precExp
		case "||", "->", "->>", "@>", "<@", "&&", "~", "!~", "~*", "!~*", "~~", "!~~", "~~*",
			"!~~*", "<<", ">>", "&", "|", "#", "^@", "<->", "@":
			return precOther
		}
	}
	return precNone
}

// parseInfix parses the operator at the current token applied to left.
func (p *parser) parseInfix(left Expr, prec int) Expr {
	t := p.next()
	pos := left.Position()
	if t.kind == tOp {
		op := t.val
		if c, ok := canonicalOp[op]; ok {
			op = c
		}
		if (prec == precCmp || prec == precOther) && (p.isKw("any") || p.isKw("all") || p.isKw("some")) && p.isOpAt(1, "(") {
			all := p.isKw("all")
			p.next()
			if p.queryAhead(1) {
				p.expectOp("(")
				q := p.parseQuery()
				p.expectOp(")")
				return &QuantifiedExpr{X: left, Op: op, All: all, Query: q, Pos: pos}
			}
			p.expectOp("(")
			arr := p.parseExpr()
			p.expectOp(")")
			return &QuantifiedExpr{X: left, Op: op, All: all, Array: arr, Pos: pos}
		}
		right := p.parseExprPrec(prec)
		return &BinaryExpr{Op: op, L: left, R: right, Pos: pos}
	}
	switch t.val {
	case "or", "and":
		right := p.parseExprPrec(prec)
		return &BinaryExpr{Op: strings.ToUpper(t.val), L: left, R: right, Pos: pos}
	case "isnull":
		return &IsNullExpr{X: left, Pos: pos}
	case "notnull":
		return &IsNullExpr{X: left, Not: true, Pos: pos}
	case "is":
		not := p.acceptKw("not")
		switch {
		case p.acceptKw("null"):
			return &IsNullExpr{X: left, Not: not, Pos: pos}
		case p.acceptKw("true"):
			return &IsBoolExpr{X: left, Not: not, Value: true, Pos: pos}
		case p.acceptKw("false"):
			return &IsBoolExpr{X: left, Not: not, Value: false, Pos: pos}
		case p.acceptKw("unknown"):
			return &IsNullExpr{X: left, Not: not, Pos: pos}
		case p.acceptKws("distinct", "from"):
			right := p.parseExprPrec(precIs)
			op := "IS DISTINCT FROM"
			if not {
				op = "IS NOT DISTINCT FROM"
			}
			return &BinaryExpr{Op: op, L: left, R: right, Pos: pos}
		}
		p.errExpected("NULL, TRUE, FALSE or DISTINCT FROM")
	case "at":
		p.next() // time
		p.next() // zone
		zone := p.parseExprPrec(precAt)
		return &FuncCall{Name: "timezone", Args: []Expr{zone, left}, Pos: pos}
	case "collate":
		name := p.anyIdent()
		for p.acceptOp(".") {
			name += "." + p.anyIdent()
		}
		return &CollateExpr{X: left, Collation: name, Pos: pos}
	}
	// BETWEEN / IN / LIKE family, optionally negated.
	not := false
	kw := t.val
	if kw == "not" {
		not = true
		kw = p.next().val
	}
	switch kw {
	case "between":
		if !p.acceptKw("asymmetric") && p.isKw("symmetric") {
			p.fail(p.pos(), "BETWEEN SYMMETRIC is not supported")
		}
		lo := p.parseExprPrec(precLike)
		p.expectKw("and")
		hi := p.parseExprPrec(precLike)
		return &BetweenExpr{X: left, Lo: lo, Hi: hi, Not: not, Pos: pos}
	case "in":
		if !p.isOp("(") {
			// x IN list_expr tests list membership.
			list := p.parseExprPrec(precLike)
			var e Expr = &FuncCall{Name: "contains", Args: []Expr{list, left}, Pos: pos}
			if not {
				e = &UnaryExpr{Op: "NOT", X: e, Pos: pos}
			}
			return e
		}
		if p.queryStart(1) {
			p.next()
			q := p.parseQuery()
			p.expectOp(")")
			return &InSubqueryExpr{X: left, Query: q, Not: not, Pos: pos}
		}
		p.next()
		var list []Expr
		if !p.isOp(")") {
			first := p.parseExpr()
			if sq, ok := first.(*SubqueryExpr); ok && p.setOpOrTailAhead() {
				// x IN ((SELECT ...) UNION (SELECT ...))
				q := p.parseQueryRest(&SelectStmt{Body: unwrapBody(sq.Query)})
				p.expectOp(")")
				return &InSubqueryExpr{X: left, Query: q, Not: not, Pos: pos}
			}
			list = []Expr{first}
			for p.acceptOp(",") {
				list = append(list, p.parseExpr())
			}
		}
		p.expectOp(")")
		return &InListExpr{X: left, List: list, Not: not, Pos: pos}
	case "like", "ilike", "glob", "similar":
		op := strings.ToUpper(kw)
		if kw == "similar" {
			p.expectKw("to")
			op = "SIMILAR TO"
		}
		if not {
			op = "NOT " + op
		}
		right := p.parseExprPrec(precLike)
		b := &BinaryExpr{Op: op, L: left, R: right, Pos: pos}
		if p.acceptKw("escape") {
			b.Escape = p.parseExprPrec(precLike)
		}
		return b
	}
	p.fail(t.pos, "%s", p.nearText(t))
	return nil
}

// parsePrefix parses prefix operators (NOT, unary minus/plus, ~, @) and
// then a primary with its postfix operators.
func (p *parser) parsePrefix() Expr {
	t := p.peek()
	if t.kind == tIdent && t.val == "not" {
		p.next()
		if p.isKw("exists") && p.isOpAt(1, "(") {
			e := p.parsePostfix(p.parsePrimary()).(*ExistsExpr)
			e.Not = true
			e.Pos = t.pos
			return e
		}
		x := p.parseExprPrec(precNot)
		return &UnaryExpr{Op: "NOT", X: x, Pos: t.pos}
	}
	if t.kind == tOp {
		switch t.val {
		case "*":
			if p.isKwAt(1, "columns") && p.isOpAt(2, "(") {
				p.next()
				e := p.parsePrimary()
				if fc, ok := e.(*FuncCall); ok {
					fc.Unpack = true
					fc.Pos = t.pos
				}
				return p.parsePostfix(e)
			}
		case "-", "+", "~", "@":
			p.next()
			x := p.parseExprPrec(precUnary)
			if lit, ok := x.(*Literal); ok && t.val == "-" && (lit.Kind == LitInteger || lit.Kind == LitDecimal) && !strings.HasPrefix(lit.Value, "-") {
				return &Literal{Kind: lit.Kind, Value: "-" + lit.Value, Pos: t.pos}
			}
			return &UnaryExpr{Op: t.val, X: x, Pos: t.pos}
		}
	}
	return p.parsePostfix(p.parsePrimary())
}

// parsePostfix applies :: casts, [ ] subscripts and .field accesses.
func (p *parser) parsePostfix(x Expr) Expr {
	for {
		t := p.peek()
		if t.kind != tOp {
			return x
		}
		switch t.val {
		case "::":
			p.next()
			x = &CastExpr{X: x, To: p.parseType(), Pos: x.Position()}
		case "[":
			p.next()
			ix := &IndexExpr{X: x, Pos: x.Position()}
			if !p.isOp(":") {
				ix.Index = p.parseExpr()
			}
			if p.acceptOp(":") {
				ix.Slice = true
				if !p.isOp("]") && !p.isOp(":") {
					ix.Hi = p.parseExpr()
				}
				if p.acceptOp(":") {
					ix.Step = p.parseExpr()
				}
			}
			p.expectOp("]")
			x = ix
		case ".":
			n := p.peekN(1)
			if n.kind != tIdent && n.kind != tQIdent {
				return x
			}
			p.next()
			name := p.anyIdent()
			if p.isOp("(") {
				fc := &FuncCall{Name: name, Pos: n.pos}
				p.parseCallArgs(fc)
				fc.Args = append([]Expr{x}, fc.Args...)
				x = p.parseCallSuffix(fc)
				continue
			}
			x = &FuncCall{Name: "struct_extract", Args: []Expr{x, &Literal{Kind: LitString, Value: name, Pos: n.pos}}, Pos: x.Position()}
		default:
			return x
		}
	}
}

// queryStart reports whether the token k ahead begins a query.
func (p *parser) queryStart(k int) bool {
	t := p.peekN(k)
	if t.kind != tIdent {
		return false
	}
	switch t.val {
	case "select", "with", "from":
		return true
	case "pivot", "unpivot", "pivot_wider", "pivot_longer":
		n := p.peekN(k + 1)
		return n.kind == tIdent || n.kind == tQIdent || n.kind == tString || (n.kind == tOp && n.val == "(")
	case "values":
		return p.isOpAt(k+1, "(")
	case "table":
		n := p.peekN(k + 1)
		return n.kind == tIdent || n.kind == tQIdent
	}
	return false
}

// queryAhead reports whether, after skipping opening parentheses from k,
// a query begins.
func (p *parser) queryAhead(k int) bool {
	for n := 0; p.isOpAt(k, "("); n++ {
		if n > maxDepth {
			return false
		}
		k++
	}
	return p.queryStart(k)
}

// parseExprList parses expr {, expr}.
func (p *parser) parseExprList() []Expr {
	list := []Expr{p.parseExpr()}
	for p.acceptOp(",") {
		list = append(list, p.parseExpr())
	}
	return list
}

// parsePrimary parses a literal, name, function call, parenthesised
// expression or special form.
func (p *parser) parsePrimary() Expr {
	t := p.peek()
	switch t.kind {
	case tNumber:
		p.next()
		if t.decimal {
			return &Literal{Kind: LitDecimal, Value: t.val, Pos: t.pos}
		}
		return &Literal{Kind: LitInteger, Value: t.val, Pos: t.pos}
	case tString:
		p.next()
		return &Literal{Kind: LitString, Value: t.val, Pos: t.pos}
	case tParam:
		p.next()
		if t.val == "" {
			p.nparam++
			return &Param{Index: p.nparam, Pos: t.pos}
		}
		if !isDigit(t.val[0]) {
			return &Param{Name: strings.ToLower(t.val), Pos: t.pos}
		}
		n, err := strconv.Atoi(t.val)
		if err != nil || n <= 0 || n > 1<<20 {
			p.fail(t.pos, "invalid parameter number $%s", t.val)
		}
		return &Param{Index: n, Pos: t.pos}
	case tQIdent:
		return p.parseNameExpr()
	case tOp:
		switch t.val {
		case "(":
			return p.parseParen()
		case "[":
			return p.parseListLit()
		case "{":
			return p.parseStructLit()
		case "#":
			if n := p.peekN(1); n.kind == tNumber && !n.decimal && n.pos == t.end {
				p.i += 2
				v, err := strconv.Atoi(n.val)
				if err != nil || v <= 0 {
					p.fail(n.pos, "invalid column position #%s", n.val)
				}
				return &PositionalRef{Index: v, Pos: t.pos}
			}
		}
	case tIdent:
		return p.parseKeywordExpr()
	}
	p.errUnexpected()
	return nil
}

// parseParen parses ( expr ), a scalar subquery, or a row (a, b, ...).
func (p *parser) parseParen() Expr {
	open := p.next()
	if p.queryStart(0) {
		q := p.parseQuery()
		p.expectOp(")")
		return &SubqueryExpr{Query: q, Pos: open.pos}
	}
	x := p.parseExpr()
	if sq, ok := x.(*SubqueryExpr); ok && p.setOpOrTailAhead() {
		// ((SELECT ...) UNION ...) used as a scalar subquery.
		q := p.parseQueryRest(&SelectStmt{Body: unwrapBody(sq.Query)})
		p.expectOp(")")
		return &SubqueryExpr{Query: q, Pos: open.pos}
	}
	if p.isOp(",") {
		row := &FuncCall{Name: "row", Args: []Expr{x}, Pos: open.pos}
		for p.acceptOp(",") {
			if p.isOp(")") {
				break
			}
			row.Args = append(row.Args, p.parseExpr())
		}
		p.expectOp(")")
		return row
	}
	p.expectOp(")")
	return x
}

// setOpOrTailAhead reports whether a set operation or ORDER BY / LIMIT /
// OFFSET follows.
func (p *parser) setOpOrTailAhead() bool {
	t := p.peek()
	if t.kind != tIdent {
		return false
	}
	switch t.val {
	case "union", "intersect", "except", "order", "limit", "offset":
		return true
	}
	return false
}

// parseStructLit parses {'k': v, k2: v2}.
func (p *parser) parseStructLit() Expr {
	open := p.expectOp("{")
	s := &StructExpr{Pos: open.pos}
	for !p.isOp("}") {
		k := p.peek()
		switch k.kind {
		case tString, tIdent, tQIdent:
			p.next()
		default:
			p.errExpected("struct field name")
		}
		p.expectOp(":")
		s.Names = append(s.Names, k.val)
		s.Values = append(s.Values, p.parseExpr())
		if !p.acceptOp(",") {
			break
		}
	}
	p.expectOp("}")
	return s
}

// parseKeywordExpr parses an expression starting with an unquoted word:
// keywords with special syntax, typed literals, calls and column names.
func (p *parser) parseKeywordExpr() Expr {
	t := p.peek()
	n := p.peekN(1)
	call := n.kind == tOp && n.val == "("
	switch t.val {
	case "null":
		p.next()
		return &Literal{Kind: LitNull, Pos: t.pos}
	case "default":
		if p.allowDefault > 0 {
			p.next()
			return &DefaultExpr{Pos: t.pos}
		}
	case "true", "false":
		p.next()
		return &Literal{Kind: LitBool, Bool: t.val == "true", Pos: t.pos}
	case "case":
		return p.parseCase()
	case "cast", "try_cast":
		if call {
			p.next()
			p.next()
			x := p.parseExpr()
			p.expectKw("as")
			typ := p.parseType()
			p.expectOp(")")
			return &CastExpr{X: x, To: typ, Try: t.val == "try_cast", Pos: t.pos}
		}
	case "exists":
		if call {
			p.next()
			p.next()
			q := p.parseQuery()
			p.expectOp(")")
			return &ExistsExpr{Query: q, Pos: t.pos}
		}
	case "extract":
		if call && (p.peekN(2).kind == tIdent || p.peekN(2).kind == tString || p.peekN(2).kind == tQIdent) && p.isKwAt(3, "from") {
			p.next()
			p.next()
			field := strings.ToLower(p.next().val)
			p.expectKw("from")
			x := p.parseExpr()
			p.expectOp(")")
			return &ExtractExpr{Field: field, X: x, Pos: t.pos}
		}
	case "substring":
		if call {
			return p.parseSubstring()
		}
	case "trim":
		if call {
			return p.parseTrim()
		}
	case "overlay":
		if call {
			// OVERLAY(x PLACING y FROM a [FOR b]) is overlay(x, y, a[, b]).
			p.next()
			p.next()
			x := p.parseExpr()
			if p.acceptKw("placing") {
				fc := &FuncCall{Name: "overlay", Args: []Expr{x, p.parseExpr()}, Pos: t.pos}
				p.expectKw("from")
				fc.Args = append(fc.Args, p.parseExpr())
				if p.acceptKw("for") {
					fc.Args = append(fc.Args, p.parseExpr())
				}
				p.expectOp(")")
				return fc
			}
			fc := &FuncCall{Name: "overlay", Args: []Expr{x}, Pos: t.pos}
			for p.acceptOp(",") {
				fc.Args = append(fc.Args, p.parseExpr())
			}
			p.expectOp(")")
			return p.parseCallSuffix(fc)
		}
	case "position":
		if call {
			p.next()
			p.next()
			needle := p.parseExprPrec(precLike)
			if p.acceptKw("in") {
				hay := p.parseExpr()
				p.expectOp(")")
				return &PositionExpr{Needle: needle, Haystack: hay, Pos: t.pos}
			}
			fc := &FuncCall{Name: "position", Args: []Expr{needle}, Pos: t.pos}
			for p.acceptOp(",") {
				fc.Args = append(fc.Args, p.parseExpr())
			}
			p.expectOp(")")
			return p.parseCallSuffix(fc)
		}
	case "interval":
		if e := p.parseInterval(); e != nil {
			return e
		}
	case "array":
		if n.kind == tOp && n.val == "[" {
			p.next()
			l := p.parseListLit()
			if ll, ok := l.(*ListExpr); ok {
				ll.Pos = t.pos
			}
			return l
		}
		if call && p.queryAhead(2) {
			p.next()
			p.next()
			q := p.parseQuery()
			p.expectOp(")")
			return &FuncCall{Name: "array", Args: []Expr{&SubqueryExpr{Query: q, Pos: n.pos}}, Pos: t.pos}
		}
	case "map":
		if n.kind == tOp && n.val == "{" {
			p.next()
			p.next()
			keys := &ListExpr{Pos: n.pos}
			vals := &ListExpr{Pos: n.pos}
			for !p.isOp("}") {
				keys.Items = append(keys.Items, p.parseExpr())
				p.expectOp(":")
				vals.Items = append(vals.Items, p.parseExpr())
				if !p.acceptOp(",") {
					break
				}
			}
			p.expectOp("}")
			return &FuncCall{Name: "map", Args: []Expr{keys, vals}, Pos: t.pos}
		}
	case "row":
		if call {
			p.next()
			fc := &FuncCall{Name: "row", Pos: t.pos}
			p.parseCallArgs(fc)
			return fc
		}
	case "grouping":
		if p.isKwAt(1, "sets") {
			p.errUnexpected()
		}
	case "timestamp", "time":
		// TIMESTAMP WITH TIME ZONE '...'
		if p.isKwAt(1, "with") && p.isKwAt(2, "time") && p.isKwAt(3, "zone") && p.peekN(4).kind == tString {
			p.i += 4
			s := p.next()
			name := "TIMESTAMPTZ"
			if t.val == "time" {
				name = "TIMETZ"
			}
			return &Literal{Kind: LitTyped, TypeName: name, Value: s.val, Pos: t.pos}
		}
	}
	if tn, ok := typeLiteralNames[t.val]; ok && n.kind == tString {
		p.next()
		p.next()
		return &Literal{Kind: LitTyped, TypeName: tn, Value: n.val, Pos: t.pos}
	}
	if niladic[t.val] && !call {
		p.next()
		return &FuncCall{Name: t.val, Pos: t.pos}
	}
	if t.val == "lambda" && (n.kind == tIdent || n.kind == tQIdent) {
		return p.parseLambdaKeyword()
	}
	if reserved[t.val] && !(call && !notFuncName[t.val]) {
		p.errUnexpected()
	}
	return p.parseNameExpr()
}

// knownSchemas are qualifiers dropped from function names: main.f(x)
// calls f. Any other qualifier makes a.f(x) a method call f(a, x).
var knownSchemas = map[string]bool{
	"main": true, "pg_catalog": true, "system": true, "temp": true, "information_schema": true,
}

// parseNameExpr parses a column reference a[.b[.c]] or a function call.
func (p *parser) parseNameExpr() Expr {
	first := p.next()
	parts := []string{first.val}
	for p.isOp(".") {
		n := p.peekN(1)
		if n.kind != tIdent && n.kind != tQIdent {
			break
		}
		p.next()
		p.next()
		parts = append(parts, n.val)
	}
	if !p.isOp("(") {
		return &ColumnRef{Parts: parts, Pos: first.pos}
	}
	name := parts[len(parts)-1]
	fc := &FuncCall{Name: name, Pos: first.pos}
	p.parseCallArgs(fc)
	if len(parts) > 1 {
		qual := parts[:len(parts)-1]
		if !(len(qual) == 1 && knownSchemas[qual[0]]) && len(qual) < 3 && !(len(qual) == 2 && knownSchemas[qual[1]]) {
			// Method-call syntax: x.f(args) is f(x, args).
			fc.Args = append([]Expr{&ColumnRef{Parts: qual, Pos: first.pos}}, fc.Args...)
		}
	}
	return p.parseCallSuffix(fc)
}

// starAhead reports whether a star item (*, t.*, s.t.*) starts here.
func (p *parser) starAhead() bool {
	k := 0
	for {
		t := p.peekN(k)
		if t.kind == tOp && t.val == "*" {
			return !(p.isKwAt(k+1, "columns") && p.isOpAt(k+2, "("))
		}
		if (t.kind == tIdent || t.kind == tQIdent) && p.isOpAt(k+1, ".") {
			k += 2
			continue
		}
		return false
	}
}

// parseStar parses *, t.* with optional EXCLUDE / REPLACE modifiers.
func (p *parser) parseStar() *Star {
	s := &Star{Pos: p.pos()}
	var qual []string
	for !p.isOp("*") {
		qual = append(qual, p.anyIdent())
		p.expectOp(".")
	}
	p.next()
	s.Table = strings.Join(qual, ".")
	for {
		switch {
		case p.acceptKw("exclude") || (p.isKw("except") && (p.isOpAt(1, "(") && !p.queryAhead(2) || isIdentTok(p.peekN(1)) || p.peekN(1).kind == tString) && p.acceptKw("except")):
			if p.acceptOp("(") {
				for {
					s.Exclude = append(s.Exclude, p.starColumnName())
					if !p.acceptOp(",") {
						break
					}
				}
				p.expectOp(")")
			} else {
				s.Exclude = append(s.Exclude, p.starColumnName())
			}
		case p.acceptKw("replace"):
			paren := p.acceptOp("(")
			for {
				x := p.parseExpr()
				p.expectKw("as")
				s.Replace = append(s.Replace, &SelectItem{Expr: x, Alias: p.anyIdent()})
				if !paren || !p.acceptOp(",") {
					break
				}
			}
			if paren {
				p.expectOp(")")
			}
		case p.acceptKw("rename"):
			paren := p.acceptOp("(")
			for {
				t := p.peek()
				parts := p.qualifiedNameAny()
				p.expectKw("as")
				s.Rename = append(s.Rename, &SelectItem{Expr: &ColumnRef{Parts: parts, Pos: t.pos}, Alias: p.anyIdent()})
				if !paren || !p.acceptOp(",") {
					break
				}
			}
			if paren {
				p.expectOp(")")
			}
		case p.isKw("like") || p.isKw("similar"):
			p.fail(p.pos(), "star modifier %s is not supported", strings.ToUpper(p.peek().val))
		default:
			seen := map[string]bool{}
			for _, r := range s.Replace {
				if seen[r.Alias] {
					p.fail(s.Pos, "duplicate entry %q in REPLACE list", r.Alias)
				}
				seen[r.Alias] = true
			}
			for _, x := range s.Exclude {
				if seen[x] {
					p.fail(s.Pos, "column %q cannot occur in both EXCLUDE and REPLACE lists", x)
				}
			}
			return s
		}
	}
}

// starColumnName parses a possibly qualified column name in EXCLUDE and
// returns its last part.
func (p *parser) starColumnName() string {
	if t := p.peek(); t.kind == tString {
		p.next()
		return t.val
	}
	name := p.anyIdent()
	for p.acceptOp(".") {
		name = p.anyIdent()
	}
	return name
}

// parseCallArgs parses ( [DISTINCT|ALL] args [ORDER BY ...] ) into fc.
func (p *parser) parseCallArgs(fc *FuncCall) {
	p.expectOp("(")
	if p.acceptOp(")") {
		return
	}
	if p.isOp("*") && p.isOpAt(1, ")") && fc.Name != "columns" {
		p.next()
		p.next()
		fc.Star = true
		return
	}
	if p.acceptKw("distinct") {
		fc.Distinct = true
	} else if p.isKw("all") && !p.isOpAt(1, ")") && !p.isOpAt(1, ",") {
		p.next()
	}
	for !(p.isKw("order") && p.isKwAt(1, "by")) {
		p.parseCallArg(fc)
		if !p.acceptOp(",") {
			break
		}
		if p.isOp(")") { // trailing comma
			break
		}
	}
	if p.acceptKws("order", "by") {
		fc.OrderBy = p.parseOrderItems()
	}
	p.parseNullsTreatment(fc)
	p.expectOp(")")
}

// parseNullsTreatment accepts IGNORE NULLS / RESPECT NULLS.
func (p *parser) parseNullsTreatment(fc *FuncCall) {
	if p.acceptKws("ignore", "nulls") {
		fc.IgnoreNulls = true
	} else {
		p.acceptKws("respect", "nulls")
	}
}

// parseCallArg parses one argument: name := value, a lambda, a star or an
// expression.
func (p *parser) parseCallArg(fc *FuncCall) {
	t := p.peek()
	if (t.kind == tIdent || t.kind == tQIdent) && (p.isOpAt(1, ":=") || p.isOpAt(1, "=>")) {
		p.next()
		p.next()
		fc.Named = append(fc.Named, &NamedArg{Name: t.val, Value: p.parseExpr()})
		return
	}
	if l := p.tryLambda(); l != nil {
		fc.Args = append(fc.Args, l)
		return
	}
	if p.starAhead() {
		fc.Args = append(fc.Args, p.parseStar())
		return
	}
	fc.Args = append(fc.Args, p.parseExpr())
}

// tryLambda parses x -> body or (x, y) -> body if one starts here.
func (p *parser) tryLambda() Expr {
	t := p.peek()
	if isIdentTok(t) && p.isOpAt(1, "->") {
		p.next()
		p.next()
		return &LambdaExpr{Params: []string{t.val}, Body: p.parseExpr(), Pos: t.pos}
	}
	if t.kind == tOp && t.val == "(" {
		k := 1
		var params []string
		for {
			n := p.peekN(k)
			if !isIdentTok(n) {
				return nil
			}
			params = append(params, n.val)
			k++
			if p.isOpAt(k, ",") {
				k++
				continue
			}
			break
		}
		if !p.isOpAt(k, ")") || !p.isOpAt(k+1, "->") {
			return nil
		}
		p.i += k + 2
		return &LambdaExpr{Params: params, Body: p.parseExpr(), Pos: t.pos}
	}
	if t.kind == tIdent && t.val == "lambda" {
		n := p.peekN(1)
		if n.kind == tIdent || n.kind == tQIdent {
			return p.parseLambdaKeyword()
		}
	}
	return nil
}

// parseLambdaKeyword parses LAMBDA x, y: body.
func (p *parser) parseLambdaKeyword() Expr {
	t := p.next()
	l := &LambdaExpr{Pos: t.pos}
	for {
		l.Params = append(l.Params, p.anyIdent())
		if !p.acceptOp(",") {
			break
		}
	}
	p.expectOp(":")
	l.Body = p.parseExpr()
	return l
}

// parseCallSuffix parses WITHIN GROUP, FILTER, IGNORE NULLS and OVER after
// a call's argument list.
func (p *parser) parseCallSuffix(fc *FuncCall) Expr {
	if p.acceptKws("within", "group") {
		p.expectOp("(")
		p.expectKw("order")
		p.expectKw("by")
		order := p.parseOrderItems()
		p.expectOp(")")
		p.withinGroup(fc, order)
	}
	if p.isKw("filter") && p.isOpAt(1, "(") {
		p.next()
		p.next()
		p.acceptKw("where")
		fc.Filter = p.parseExpr()
		p.expectOp(")")
	}
	p.parseNullsTreatment(fc)
	if p.acceptKw("export_state") {
		fc.ExportState = true
	}
	if p.acceptKw("over") {
		if p.isOp("(") {
			fc.Over = p.parseWindowSpec()
		} else {
			fc.Over = &WindowDef{Name: p.ident()}
		}
	}
	return fc
}

// parseWindowSpec parses ( [ref] [PARTITION BY ...] [ORDER BY ...] [frame] ).
func (p *parser) parseWindowSpec() *WindowDef {
	p.expectOp("(")
	w := &WindowDef{}
	if t := p.peek(); isIdentTok(t) && !(t.kind == tIdent && (t.val == "partition" || t.val == "order" || t.val == "rows" || t.val == "range" || t.val == "groups")) {
		w.Ref = p.ident()
	}
	if p.acceptKws("partition", "by") {
		w.PartitionBy = p.parseExprList()
	}
	if p.acceptKws("order", "by") {
		w.OrderBy = p.parseOrderItems()
	}
	if p.isKw("rows") || p.isKw("range") || p.isKw("groups") {
		f := &Frame{Mode: p.next().val}
		if p.acceptKw("between") {
			f.Start = p.parseFrameBound()
			p.expectKw("and")
			f.End = p.parseFrameBound()
		} else {
			f.Start = p.parseFrameBound()
		}
		if p.acceptKw("exclude") {
			switch {
			case p.acceptKws("current", "row"):
				f.Exclude = "current row"
			case p.acceptKw("group"):
				f.Exclude = "group"
			case p.acceptKw("ties"):
				f.Exclude = "ties"
			case p.acceptKws("no", "others"):
				f.Exclude = "no others"
			default:
				p.errExpected("CURRENT ROW, GROUP, TIES or NO OTHERS")
			}
		}
		w.Frame = f
	}
	p.expectOp(")")
	return w
}

// parseFrameBound parses one window frame bound.
func (p *parser) parseFrameBound() *FrameBound {
	switch {
	case p.acceptKws("unbounded", "preceding"):
		return &FrameBound{Kind: "unbounded preceding"}
	case p.acceptKws("unbounded", "following"):
		return &FrameBound{Kind: "unbounded following"}
	case p.acceptKws("current", "row"):
		return &FrameBound{Kind: "current row"}
	}
	x := p.parseExprPrec(precAnd)
	switch {
	case p.acceptKw("preceding"):
		return &FrameBound{Kind: "preceding", Offset: x}
	case p.acceptKw("following"):
		return &FrameBound{Kind: "following", Offset: x}
	}
	p.errExpected("PRECEDING or FOLLOWING")
	return nil
}

// parseOrderItems parses expr [ASC|DESC] [NULLS FIRST|LAST], ...
func (p *parser) parseOrderItems() []*OrderItem {
	var items []*OrderItem
	for {
		it := &OrderItem{}
		if (p.isKw("all") && !p.isOpAt(1, "(")) || p.isOp("*") {
			t := p.next()
			it.Expr = &Star{Pos: t.pos}
		} else {
			it.Expr = p.parseExpr()
		}
		if p.acceptKw("desc") || p.acceptKw("descending") {
			it.Desc = true
		} else if p.acceptKw("asc") || p.acceptKw("ascending") {
			it.Asc = true
		}
		if p.acceptKw("nulls") {
			var first bool
			switch {
			case p.acceptKw("first"):
				first = true
			case p.acceptKw("last"):
			default:
				p.errExpected("FIRST or LAST")
			}
			it.NullsFirst = &first
		}
		items = append(items, it)
		if !p.acceptOp(",") {
			return items
		}
	}
}

// parseCase parses CASE [x] WHEN ... THEN ... [ELSE ...] END.
func (p *parser) parseCase() Expr {
	t := p.next()
	c := &CaseExpr{Pos: t.pos}
	if !p.isKw("when") {
		c.Operand = p.parseExpr()
	}
	for p.acceptKw("when") {
		w := &WhenClause{Cond: p.parseExpr()}
		p.expectKw("then")
		w.Result = p.parseExpr()
		c.Whens = append(c.Whens, w)
	}
	if len(c.Whens) == 0 {
		p.errExpected("WHEN")
	}
	if p.acceptKw("else") {
		c.Else = p.parseExpr()
	}
	p.expectKw("end")
	return c
}

// parseSubstring parses SUBSTRING(x FROM a [FOR b]) or substring(x, a, b).
func (p *parser) parseSubstring() Expr {
	t := p.next()
	p.next()
	x := p.parseExpr()
	if p.isKw("from") || p.isKw("for") {
		s := &SubstringExpr{X: x, Pos: t.pos}
		if p.acceptKw("from") {
			s.From = p.parseExpr()
		}
		if p.acceptKw("for") {
			s.For = p.parseExpr()
		}
		p.expectOp(")")
		return s
	}
	fc := &FuncCall{Name: "substring", Args: []Expr{x}, Pos: t.pos}
	for p.acceptOp(",") {
		fc.Args = append(fc.Args, p.parseExpr())
	}
	p.expectOp(")")
	return p.parseCallSuffix(fc)
}

// parseTrim parses TRIM([BOTH|LEADING|TRAILING] [chars] FROM x) and the
// plain call forms trim(x) / trim(x, chars).
func (p *parser) parseTrim() Expr {
	t := p.next()
	p.next()
	tr := &TrimExpr{Where: "both", Pos: t.pos}
	explicit := false
	for _, w := range []string{"both", "leading", "trailing"} {
		if p.acceptKw(w) {
			tr.Where = w
			explicit = true
			break
		}
	}
	if p.acceptKw("from") {
		tr.X = p.parseExpr()
		p.expectOp(")")
		return tr
	}
	first := p.parseExpr()
	if p.acceptKw("from") {
		tr.Chars = first
		tr.X = p.parseExpr()
		p.expectOp(")")
		return tr
	}
	if explicit {
		tr.X = first
		p.expectOp(")")
		return tr
	}
	fc := &FuncCall{Name: "trim", Args: []Expr{first}, Pos: t.pos}
	for p.acceptOp(",") {
		fc.Args = append(fc.Args, p.parseExpr())
	}
	p.expectOp(")")
	return p.parseCallSuffix(fc)
}

// parseInterval parses INTERVAL '...' [unit], INTERVAL n unit or
// INTERVAL (expr) unit. It returns nil (consuming nothing) when INTERVAL
// is used as a plain name.
func (p *parser) parseInterval() Expr {
	t := p.peek()
	n := p.peekN(1)
	var val Expr
	switch {
	case n.kind == tString:
		p.i += 2
		val = &Literal{Kind: LitString, Value: n.val, Pos: n.pos}
	case n.kind == tNumber || n.kind == tParam:
		p.next()
		val = p.parsePrimary()
	case n.kind == tOp && n.val == "-" && p.peekN(2).kind == tNumber:
		p.next()
		p.next()
		lit := p.parsePrimary().(*Literal)
		lit.Value = "-" + lit.Value
		lit.Pos = n.pos
		val = lit
	case n.kind == tOp && n.val == "(":
		p.next()
		p.next()
		val = p.parseExpr()
		p.expectOp(")")
	default:
		return nil
	}
	iv := &IntervalLit{Value: val, Pos: t.pos}
	if u := p.peek(); u.kind == tIdent {
		if unit, ok := intervalUnits[u.val]; ok {
			p.next()
			iv.Unit = unit
			if p.isKw("to") {
				if v, ok := intervalUnits[p.peekN(1).val]; ok && p.peekN(1).kind == tIdent {
					p.next()
					p.next()
					iv.Unit = unit + " to " + v
				}
			}
		}
	}
	if iv.Unit == "" {
		if _, isStr := val.(*Literal); !isStr || val.(*Literal).Kind != LitString {
			p.errExpected("interval unit")
		}
	}
	return iv
}

// parseListLit parses [a, b, ...] or the comprehension [expr FOR x IN list
// [IF cond]], which becomes list_transform(list_filter(list, x -> cond),
// x -> expr).
func (p *parser) parseListLit() Expr {
	open := p.expectOp("[")
	l := &ListExpr{Pos: open.pos}
	if p.acceptOp("]") {
		return l
	}
	first := p.parseExpr()
	if p.acceptKw("for") {
		var params []string
		if p.acceptOp("(") {
			for {
				params = append(params, p.ident())
				if !p.acceptOp(",") {
					break
				}
			}
			p.expectOp(")")
		} else {
			params = append(params, p.ident())
			for p.acceptOp(",") {
				params = append(params, p.ident())
			}
		}
		p.expectKw("in")
		src := p.parseExprPrec(precLike)
		if p.acceptKw("if") {
			cond := p.parseExpr()
			src = &FuncCall{Name: "list_filter", Args: []Expr{src, &LambdaExpr{Params: params, Body: cond, Pos: cond.Position()}}, Pos: open.pos}
		}
		p.expectOp("]")
		return &FuncCall{Name: "list_transform", Args: []Expr{src, &LambdaExpr{Params: params, Body: first, Pos: first.Position()}}, Pos: open.pos}
	}
	l.Items = []Expr{first}
	for p.acceptOp(",") {
		if p.isOp("]") {
			break
		}
		l.Items = append(l.Items, p.parseExpr())
	}
	p.expectOp("]")
	return l
}

// withinGroup rewrites the ordered-set aggregate fc WITHIN GROUP (ORDER BY
// order) into the aggregate DuckDB maps it to: mode() into mode(x), and
// percentile_disc(f) / percentile_cont(f) into quantile_disc(x, f) /
// quantile_cont(x, f). Any other aggregate is an error, as in DuckDB.
func (p *parser) withinGroup(fc *FuncCall, order []*OrderItem) {
	name := strings.ToLower(fc.Name)
	var to string
	var nargs int
	switch name {
	case "mode":
		to, nargs = "mode", 0
	case "percentile_disc", "quantile_disc":
		to, nargs = "quantile_disc", 1
	case "percentile_cont", "quantile_cont":
		to, nargs = "quantile_cont", 1
	default:
		p.fail(fc.Pos, "Unknown ordered aggregate \"%s\".", fc.Name)
	}
	if len(order) != 1 || len(fc.Args) != nargs || len(fc.OrderBy) > 0 || fc.Distinct {
		p.fail(fc.Pos, "Wrong number of arguments for %s: it takes %d argument(s) and one ORDER BY key in WITHIN GROUP", fc.Name, nargs)
	}
	if order[0].Desc && nargs > 0 {
		e := Errorf(p.sql, fc.Pos, "%s WITHIN GROUP (ORDER BY ... DESC) is not supported yet", fc.Name)
		e.Kind = "Not implemented Error"
		panic(bailout{e})
	}
	fc.Name = to
	fc.Args = append([]Expr{order[0].Expr}, fc.Args...)
}
