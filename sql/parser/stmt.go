package parser

import "strings"

// parseStatement parses one statement.
func (p *parser) parseStatement() Stmt {
	p.enter()
	defer p.leave()
	t := p.peek()
	if t.kind == tOp && t.val == "(" {
		return p.parseQuery()
	}
	if t.kind != tIdent {
		p.errUnexpected()
	}
	switch t.val {
	case "select", "with", "values", "from", "table", "pivot", "unpivot", "pivot_wider", "pivot_longer":
		if t.val == "with" {
			return p.parseWithStatement()
		}
		return p.parseQuery()
	case "create":
		return p.parseCreate()
	case "drop":
		return p.parseDrop()
	case "insert":
		return p.parseInsert()
	case "update":
		return p.parseUpdate()
	case "delete", "truncate":
		return p.parseDelete()
	case "alter":
		return p.parseAlter()
	case "describe", "desc":
		p.next()
		if n := p.peek(); n.kind == tEOF || (n.kind == tOp && n.val == ";") {
			return &ShowTablesStmt{All: true}
		}
		return p.parseDescribeTarget()
	case "show":
		p.next()
		if p.acceptKw("tables") {
			return &ShowTablesStmt{}
		}
		if p.acceptKws("all", "tables") {
			return &ShowTablesStmt{All: true}
		}
		return p.parseDescribeTarget()
	case "explain":
		p.next()
		e := &ExplainStmt{}
		if p.acceptKw("analyze") || p.acceptKw("analyse") {
			e.Analyze = true
		}
		if p.isOp("(") && !p.queryAhead(1) {
			p.next()
			for {
				switch opt := p.anyIdent(); opt {
				case "format":
					e.Format = strings.ToLower(p.anyIdent())
				case "analyze", "analyse":
					e.Analyze = true
					if p.acceptKw("false") {
						e.Analyze = false
					} else {
						p.acceptKw("true")
					}
				default:
					p.fail(p.prevEnd(), "unknown EXPLAIN option %q", opt)
				}
				if !p.acceptOp(",") {
					break
				}
			}
			p.expectOp(")")
		}
		if p.acceptKw("analyze") || p.acceptKw("analyse") {
			e.Analyze = true
		}
		e.Stmt = p.parseStatement()
		return e
	case "set":
		return p.parseSet()
	case "reset":
		p.next()
		scope := p.parseSetScope()
		variable := false
		if p.isKw("variable") && (p.peekN(1).kind == tIdent || p.peekN(1).kind == tQIdent) {
			p.next()
			variable = true
		}
		return &SetStmt{Name: p.settingName(), Reset: true, Variable: variable, Scope: scope}
	case "pragma":
		return p.parsePragma()
	case "copy":
		return p.parseCopy()
	case "call":
		p.next()
		t := p.peek()
		parts := p.qualifiedNameAny()
		fc := &FuncCall{Name: parts[len(parts)-1], Pos: t.pos}
		p.parseCallArgs(fc)
		return &CallStmt{Func: fc}
	case "prepare":
		p.next()
		s := &PrepareStmt{Name: p.anyIdent()}
		if p.isOp("(") {
			// Parameter types are inferred; a type list is accepted and ignored.
			p.next()
			for !p.isOp(")") {
				p.parseType()
				if !p.acceptOp(",") {
					break
				}
			}
			p.expectOp(")")
		}
		p.expectKw("as")
		s.Stmt = p.parseStatement()
		return s
	case "execute":
		p.next()
		s := &ExecuteStmt{Name: p.anyIdent()}
		if p.isOp("(") {
			fc := &FuncCall{}
			p.parseCallArgs(fc)
			if fc.Star || fc.Distinct || fc.OrderBy != nil {
				p.fail(p.prevEnd(), "invalid EXECUTE arguments")
			}
			s.Args, s.Named = fc.Args, fc.Named
		}
		return s
	case "deallocate":
		p.next()
		p.acceptKw("prepare")
		return &DeallocateStmt{Name: p.anyIdent()}
	case "begin", "start":
		p.next()
		if t.val == "start" {
			p.expectKw("transaction")
		} else if !p.acceptKw("transaction") {
			p.acceptKw("work")
		}
		return &TransactionStmt{Kind: "begin"}
	case "commit", "end":
		p.next()
		if !p.acceptKw("transaction") {
			p.acceptKw("work")
		}
		return &TransactionStmt{Kind: "commit"}
	case "rollback", "abort":
		p.next()
		if !p.acceptKw("transaction") {
			p.acceptKw("work")
		}
		return &TransactionStmt{Kind: "rollback"}
	}
	p.fail(t.pos, "%s", p.nearText(t))
	return nil
}

// parseWithStatement parses a statement starting with WITH: a query, or
// a CTE list before INSERT / UPDATE / DELETE.
func (p *parser) parseWithStatement() Stmt {
	start := p.i
	depth := p.depth
	with := p.parseWith()
	switch {
	case p.isKw("insert"):
		s := p.parseInsert().(*InsertStmt)
		s.With = with
		return s
	case p.isKw("update"):
		s := p.parseUpdate().(*UpdateStmt)
		s.With = with
		return s
	case p.isKw("delete"):
		s := p.parseDelete().(*DeleteStmt)
		s.With = with
		return s
	}
	// A query: parse it again from the start (the CTE list is short to
	// re-read and parseQuery owns WITH handling).
	p.i, p.depth = start, depth
	return p.parseQuery()
}

// parseDescribeTarget parses the object of DESCRIBE / SHOW.
func (p *parser) parseDescribeTarget() Stmt {
	if p.queryStart(0) || p.isOp("(") {
		return &DescribeStmt{Query: p.parseQuery()}
	}
	t := p.peek()
	if t.kind == tString {
		p.next()
		return &DescribeStmt{Query: &SelectStmt{Body: &SelectCore{
			Items: []*SelectItem{{Expr: &Star{Pos: t.pos}}},
			From:  []TableRef{&TableName{Name: t.val, IsPath: true, Pos: t.pos}},
		}}}
	}
	return &DescribeStmt{Table: p.dottedName()}
}

// settingName parses a setting name, possibly dotted (s3.region).
func (p *parser) settingName() string {
	return strings.Join(p.qualifiedNameAny(), ".")
}

// parseSet parses SET [SESSION|GLOBAL|LOCAL] name = value | name TO value.
func (p *parser) parseSet() Stmt {
	p.expectKw("set")
	scope := p.parseSetScope()
	variable := false
	if p.isKw("variable") && (p.peekN(1).kind == tIdent || p.peekN(1).kind == tQIdent) {
		p.next()
		variable = true
	}
	s := &SetStmt{Name: p.settingName(), Variable: variable, Scope: scope}
	if !p.acceptOp("=") {
		p.expectKw("to")
	}
	s.Value = p.parseOptionValue()
	return s
}

// parseOptionValue parses a setting or option value. A bare word becomes
// a string literal, so that SET x TO foo and (FORMAT parquet) read as
// strings.
func (p *parser) parseOptionValue() Expr {
	if p.isKw("default") {
		t := p.next()
		return &Literal{Kind: LitString, Value: "default", Pos: t.pos}
	}
	if p.isOp("(") && !p.queryAhead(1) {
		// A parenthesised list: (a, b).
		t := p.next()
		l := &ListExpr{Pos: t.pos}
		if !p.isOp(")") {
			for {
				l.Items = append(l.Items, p.wordToString(p.parseExpr()))
				if !p.acceptOp(",") {
					break
				}
			}
		}
		p.expectOp(")")
		if len(l.Items) == 1 {
			if _, isList := l.Items[0].(*ListExpr); !isList {
				return l.Items[0]
			}
		}
		return l
	}
	return p.wordToString(p.parseExpr())
}

// wordToString turns a single bare name into a string literal.
func (p *parser) wordToString(e Expr) Expr {
	if c, ok := e.(*ColumnRef); ok && len(c.Parts) == 1 {
		return &Literal{Kind: LitString, Value: c.Parts[0], Pos: c.Pos}
	}
	return e
}

// parsePragma parses PRAGMA name[(args)] | PRAGMA name = value.
func (p *parser) parsePragma() Stmt {
	p.expectKw("pragma")
	s := &PragmaStmt{Name: p.anyIdent()}
	switch {
	case p.acceptOp("="):
		s.Args = []Expr{p.parseOptionValue()}
	case p.acceptOp("("):
		if !p.isOp(")") {
			s.Args = p.parseExprList()
		}
		p.expectOp(")")
	}
	return s
}

// parseCopy parses COPY t [(cols)] | (query) TO|FROM 'path' [options].
func (p *parser) parseCopy() Stmt {
	p.expectKw("copy")
	c := &CopyStmt{}
	if p.isOp("(") {
		p.next()
		c.Query = p.parseQuery()
		p.expectOp(")")
	} else {
		c.Table = p.dottedName()
		if p.isOp("(") {
			c.Columns = p.identList()
		}
	}
	switch {
	case p.acceptKw("to"):
		c.To = true
	case p.acceptKw("from"):
		if c.Query != nil {
			p.fail(p.prevEnd(), "COPY (query) FROM is not allowed: use COPY table FROM")
		}
	default:
		p.errExpected("TO or FROM")
	}
	t := p.peek()
	switch {
	case t.kind == tString:
		p.next()
		c.Path = t.val
	case p.isKw("stdout") || p.isKw("stdin"):
		p.next()
		c.Path = "/dev/" + t.val
	default:
		p.errExpected("file path")
	}
	p.acceptKw("with")
	if p.acceptOp("(") {
		for !p.isOp(")") {
			c.Options = append(c.Options, p.parseCopyOption(true))
			if !p.acceptOp(",") {
				break
			}
		}
		p.expectOp(")")
	} else {
		// Old-style options: WITH CSV HEADER DELIMITER ','.
		for p.peek().kind == tIdent && !reserved[p.peek().val] || p.isKw("null") {
			c.Options = append(c.Options, p.parseCopyOption(false))
		}
	}
	return c
}

// parseCopyOption parses key [value] of a COPY / SECRET option list.
// Without parentheses (words false) only a literal can be a value, so
// that flags such as CSV HEADER stay separate options.
func (p *parser) parseCopyOption(words bool) *NamedArg {
	name := p.anyIdent()
	a := &NamedArg{Name: name}
	t := p.peek()
	if t.kind == tEOF || (t.kind == tOp && (t.val == "," || t.val == ")" || t.val == ";")) {
		return a
	}
	if !words && t.kind != tString && t.kind != tNumber {
		return a
	}
	p.acceptOp("=")
	a.Value = p.parseOptionValue()
	return a
}

// parseSetScope accepts SESSION, GLOBAL or LOCAL before a setting name.
func (p *parser) parseSetScope() string {
	for _, sc := range []string{"session", "global", "local"} {
		if p.isKw(sc) && (p.peekN(1).kind == tIdent || p.peekN(1).kind == tQIdent) {
			p.next()
			return sc
		}
	}
	return ""
}
