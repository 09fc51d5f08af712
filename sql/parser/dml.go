package parser

// parseInsert parses INSERT [OR REPLACE|OR IGNORE] INTO t [AS a] [(cols)]
// [BY NAME|BY POSITION] VALUES ... | query | DEFAULT VALUES
// [ON CONFLICT ...] [RETURNING ...].
func (p *parser) parseInsert() Stmt {
	p.expectKw("insert")
	s := &InsertStmt{}
	if p.acceptKw("or") {
		switch {
		case p.acceptKw("replace"):
			s.OrReplace = true
		case p.acceptKw("ignore"):
			s.OrIgnore = true
		default:
			p.errExpected("REPLACE or IGNORE")
		}
	}
	p.expectKw("into")
	s.Table = p.dottedName()
	if p.acceptKw("as") {
		s.Alias = p.anyIdent()
	}
	if p.isOp("(") && !p.queryAhead(1) {
		s.Columns = p.identList()
	}
	if p.acceptKws("by", "name") {
		s.ByName = true
	} else {
		p.acceptKws("by", "position")
	}
	switch {
	case p.isKw("default") && p.isKwAt(1, "values"):
		if s.Columns != nil {
			p.fail(p.pos(), "DEFAULT VALUES cannot be combined with a column list")
		}
		p.i += 2
		s.DefaultValues = true
	case p.isKw("values"):
		p.allowDefault++
		s.Query = p.parseQuery()
		p.allowDefault--
	default:
		s.Query = p.parseQuery()
	}
	if p.acceptKws("on", "conflict") {
		s.OnConflict = p.parseOnConflict()
	}
	if p.acceptKw("returning") {
		s.Returning = p.parseSelectItems()
	}
	return s
}

// parseOnConflict parses [(cols)] [WHERE ..] DO NOTHING | DO UPDATE SET ...
func (p *parser) parseOnConflict() *OnConflict {
	oc := &OnConflict{}
	if p.isOp("(") {
		oc.Columns = p.identList()
	}
	if p.acceptKw("where") {
		oc.TargetWhere = p.parseExpr()
	}
	p.expectKw("do")
	if p.acceptKw("nothing") {
		oc.DoNothing = true
		return oc
	}
	p.expectKw("update")
	p.expectKw("set")
	oc.Set = p.parseSetClauses()
	if p.acceptKw("where") {
		oc.Where = p.parseExpr()
	}
	return oc
}

// parseSetClauses parses col = expr, ... of UPDATE.
func (p *parser) parseSetClauses() []*SetClause {
	var out []*SetClause
	for {
		if p.isOp("(") {
			// (a, b) = (x, y) assigns element-wise.
			t := p.peek()
			cols := p.identList()
			p.expectOp("=")
			p.allowDefault++
			v := p.parseExpr()
			p.allowDefault--
			row, ok := v.(*FuncCall)
			if !ok || row.Name != "row" || len(row.Args) != len(cols) {
				p.fail(t.pos, "multiple-column UPDATE needs a row of %d values", len(cols))
			}
			for i, c := range cols {
				out = append(out, &SetClause{Column: c, Value: row.Args[i]})
			}
		} else {
			t := p.peek()
			name := p.anyIdent()
			if p.isOp(".") {
				p.fail(t.pos, "qualified column names in UPDATE .. SET are not supported")
			}
			p.expectOp("=")
			p.allowDefault++
			out = append(out, &SetClause{Column: name, Value: p.parseExpr()})
			p.allowDefault--
		}
		if !p.acceptOp(",") || p.peek().kind == tEOF || p.isOp(";") || p.isKw("from") || p.isKw("where") || p.isKw("returning") {
			return out
		}
	}
}

// parseUpdate parses UPDATE t [[AS] a] SET ... [FROM ...] [WHERE ...]
// [RETURNING ...].
func (p *parser) parseUpdate() Stmt {
	p.expectKw("update")
	s := &UpdateStmt{Table: p.dottedName()}
	if p.acceptKw("as") {
		s.Alias = p.anyIdent()
	} else if isIdentTok(p.peek()) && !p.isKw("set") {
		s.Alias = p.ident()
	}
	p.expectKw("set")
	s.Set = p.parseSetClauses()
	if p.acceptKw("from") {
		s.From = p.parseFromList()
	}
	if p.acceptKw("where") {
		s.Where = p.parseExpr()
	}
	if p.acceptKw("returning") {
		s.Returning = p.parseSelectItems()
	}
	return s
}

// parseDelete parses DELETE FROM t [[AS] a] [USING ...] [WHERE ...]
// [RETURNING ...], and TRUNCATE [TABLE] t.
func (p *parser) parseDelete() Stmt {
	if p.acceptKw("truncate") {
		p.acceptKw("table")
		return &DeleteStmt{Table: p.dottedName()}
	}
	p.expectKw("delete")
	p.expectKw("from")
	s := &DeleteStmt{Table: p.dottedName()}
	if p.acceptKw("as") {
		s.Alias = p.anyIdent()
	} else if isIdentTok(p.peek()) {
		s.Alias = p.ident()
	}
	if p.acceptKw("using") {
		s.Using = p.parseFromList()
	}
	if p.acceptKw("where") {
		s.Where = p.parseExpr()
	}
	if p.acceptKw("returning") {
		s.Returning = p.parseSelectItems()
	}
	return s
}
