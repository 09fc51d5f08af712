package parser

import "strings"

// parseCreate parses CREATE statements.
func (p *parser) parseCreate() Stmt {
	p.expectKw("create")
	orReplace := p.acceptKws("or", "replace")
	temp := false
	switch {
	case p.acceptKw("temp"), p.acceptKw("temporary"):
		temp = true
	case p.acceptKw("persistent"):
	}
	unique := p.acceptKw("unique")
	t := p.peek()
	switch {
	case !unique && p.acceptKw("table"):
		return p.parseCreateTable(orReplace, temp)
	case !unique && p.acceptKw("view"):
		return p.parseCreateView(orReplace, temp)
	case !unique && p.acceptKw("schema"):
		s := &CreateSchemaStmt{IfNotExists: p.acceptKws("if", "not", "exists")}
		s.Name = p.dottedName()
		return s
	case !unique && p.acceptKw("sequence"):
		return p.parseCreateSequence(orReplace)
	case !unique && (p.acceptKw("macro") || p.acceptKw("function")):
		return p.parseCreateMacro(orReplace)
	case !unique && p.acceptKw("secret"):
		return p.parseCreateSecret(orReplace)
	case p.acceptKw("index"):
		return p.parseCreateIndex(unique)
	case !unique && p.acceptKw("type"):
		return p.parseCreateType(orReplace)
	}
	p.fail(t.pos, "%s: CREATE %s is not supported", p.nearText(t), strings.ToUpper(t.val))
	return nil
}

// parseCreateTable parses the rest of CREATE TABLE.
func (p *parser) parseCreateTable(orReplace, temp bool) Stmt {
	s := &CreateTableStmt{OrReplace: orReplace, Temp: temp}
	s.IfNotExists = p.acceptKws("if", "not", "exists")
	s.Name = p.dottedName()
	if p.acceptKw("as") {
		s.AsQuery = p.parseQuery()
		p.acceptKws("with", "data")
		return s
	}
	p.expectOp("(")
	for {
		p.parseTableElement(s)
		if !p.acceptOp(",") {
			break
		}
		if p.isOp(")") {
			break
		}
	}
	p.expectOp(")")
	if p.acceptKw("as") {
		p.fail(p.prevEnd(), "CREATE TABLE with both columns and AS query is not supported")
	}
	return s
}

// parseTableElement parses a column definition or a table constraint.
func (p *parser) parseTableElement(s *CreateTableStmt) {
	if p.acceptKw("constraint") {
		p.anyIdent()
	}
	switch {
	case p.acceptKws("primary", "key"):
		s.PrimaryKey = p.identList()
		return
	case p.acceptKw("unique"):
		s.Uniques = append(s.Uniques, p.identList())
		return
	case p.acceptKw("check"):
		p.expectOp("(")
		s.Checks = append(s.Checks, p.parseExpr())
		p.expectOp(")")
		return
	case p.acceptKws("foreign", "key"):
		p.identList()
		p.parseReferences()
		return
	}
	s.Columns = append(s.Columns, p.parseColumnDef(true))
}

// parseReferences parses REFERENCES t [(cols)] [ON DELETE|UPDATE action]
// and discards it: foreign keys are not enforced.
func (p *parser) parseReferences() {
	p.expectKw("references")
	p.dottedName()
	if p.isOp("(") {
		p.identList()
	}
	for p.isKw("on") && (p.isKwAt(1, "delete") || p.isKwAt(1, "update")) {
		p.i += 2
		switch {
		case p.acceptKw("cascade"), p.acceptKw("restrict"):
		case p.acceptKws("no", "action"), p.acceptKws("set", "null"), p.acceptKws("set", "default"):
		default:
			p.errExpected("referential action")
		}
	}
}

// parseColumnDef parses name type [constraints]. With constraints false
// (STRUCT fields) only name and type are read.
func (p *parser) parseColumnDef(constraints bool) *ColumnDef {
	c := &ColumnDef{Name: p.anyIdent()}
	if !constraints {
		c.Type = p.parseType()
		return c
	}
	// The type may be omitted for generated columns: c AS (expr).
	if !p.isKw("as") && !p.isKw("generated") {
		c.Type = p.parseType()
	}
	for {
		if p.acceptKw("constraint") {
			p.anyIdent()
		}
		switch {
		case p.acceptKws("not", "null"):
			c.NotNull = true
		case p.acceptKw("null"):
		case p.acceptKws("primary", "key"):
			c.PrimaryKey = true
		case p.acceptKw("unique"):
			c.Unique = true
		case p.acceptKw("default"):
			c.Default = p.parseExprPrec(precIs)
		case p.acceptKw("check"):
			p.expectOp("(")
			c.Check = p.parseExpr()
			p.expectOp(")")
		case p.isKw("references"):
			p.parseReferences()
		case p.acceptKw("collate"):
			c.Collation = p.anyIdent()
			for p.acceptOp(".") {
				c.Collation += "." + p.anyIdent()
			}
		case p.isKw("generated") || p.isKw("as"):
			if p.acceptKw("generated") {
				p.expectKw("always")
			}
			p.expectKw("as")
			p.expectOp("(")
			c.Generated = p.parseExpr()
			p.expectOp(")")
			if !p.acceptKw("virtual") {
				if p.isKw("stored") {
					p.fail(p.pos(), "stored generated columns are not supported")
				}
			}
		case p.acceptKws("using", "compression"):
			p.anyIdent()
		default:
			return c
		}
	}
}

// parseCreateView parses the rest of CREATE VIEW.
func (p *parser) parseCreateView(orReplace, temp bool) Stmt {
	s := &CreateViewStmt{OrReplace: orReplace, Temp: temp}
	s.IfNotExists = p.acceptKws("if", "not", "exists")
	s.Name = p.dottedName()
	if p.isOp("(") {
		s.Columns = p.identList()
	}
	p.expectKw("as")
	start := p.pos()
	s.Query = p.parseQuery()
	s.SQL = p.sql[start:p.prevEnd()]
	return s
}

// parseCreateSequence parses the rest of CREATE SEQUENCE.
func (p *parser) parseCreateSequence(orReplace bool) Stmt {
	s := &CreateSequenceStmt{OrReplace: orReplace, Increment: 1}
	s.IfNotExists = p.acceptKws("if", "not", "exists")
	s.Name = p.dottedName()
	for {
		switch {
		case p.acceptKw("start"):
			p.acceptKw("with")
			s.Start = p.intLit()
			s.HasStart = true
		case p.acceptKw("increment"):
			p.acceptKw("by")
			s.Increment = p.intLit()
		case p.acceptKw("minvalue"):
			v := p.intLit()
			s.MinValue = &v
		case p.acceptKw("maxvalue"):
			v := p.intLit()
			s.MaxValue = &v
		case p.acceptKws("no", "minvalue"):
			s.MinValue = nil
		case p.acceptKws("no", "maxvalue"):
			s.MaxValue = nil
		case p.acceptKws("no", "cycle"):
			s.Cycle = false
		case p.acceptKw("cycle"):
			s.Cycle = true
		case p.acceptKw("cache"):
			p.intLit()
		default:
			return s
		}
	}
}

// parseCreateMacro parses the rest of CREATE MACRO / FUNCTION.
func (p *parser) parseCreateMacro(orReplace bool) Stmt {
	s := &CreateMacroStmt{OrReplace: orReplace}
	p.acceptKws("if", "not", "exists")
	s.Name = p.dottedName()
	p.expectOp("(")
	for !p.isOp(")") {
		name := p.anyIdent()
		if p.acceptOp(":=") || p.acceptOp("=>") {
			s.Defaults = append(s.Defaults, &NamedArg{Name: name, Value: p.parseExpr()})
		} else {
			if len(s.Defaults) > 0 {
				p.fail(p.prevEnd(), "parameters without a default cannot follow parameters with one")
			}
			s.Params = append(s.Params, name)
		}
		if !p.acceptOp(",") {
			break
		}
	}
	p.expectOp(")")
	p.expectKw("as")
	if p.acceptKw("table") {
		s.Table = p.parseQuery()
	} else {
		s.Body = p.parseExpr()
	}
	if p.isOp(",") {
		p.fail(p.pos(), "macro overloads are not supported")
	}
	return s
}

// parseCreateSecret parses the rest of CREATE SECRET.
func (p *parser) parseCreateSecret(orReplace bool) Stmt {
	s := &CreateSecretStmt{OrReplace: orReplace}
	p.acceptKws("if", "not", "exists")
	if !p.isOp("(") {
		s.Name = p.anyIdent()
	}
	if p.acceptKw("in") {
		p.anyIdent()
	}
	p.expectOp("(")
	for !p.isOp(")") {
		s.Options = append(s.Options, p.parseCopyOption(true))
		if !p.acceptOp(",") {
			break
		}
	}
	p.expectOp(")")
	return s
}

// parseCreateIndex parses the rest of CREATE [UNIQUE] INDEX.
func (p *parser) parseCreateIndex(unique bool) Stmt {
	s := &CreateIndexStmt{Unique: unique}
	s.IfNotExists = p.acceptKws("if", "not", "exists")
	if !p.isKw("on") {
		s.Name = p.anyIdent()
	}
	p.expectKw("on")
	s.Table = p.dottedName()
	if p.acceptKw("using") {
		p.anyIdent()
	}
	p.expectOp("(")
	for {
		s.Columns = append(s.Columns, p.parseExpr())
		if !p.acceptKw("asc") && !p.acceptKw("desc") {
			p.acceptKw("ascending")
		}
		if !p.acceptOp(",") {
			break
		}
	}
	p.expectOp(")")
	if p.acceptKw("with") {
		p.expectOp("(")
		for !p.isOp(")") {
			p.parseCopyOption(true)
			if !p.acceptOp(",") {
				break
			}
		}
		p.expectOp(")")
	}
	return s
}

// parseCreateType parses CREATE TYPE name AS ENUM (...) | AS type.
func (p *parser) parseCreateType(orReplace bool) Stmt {
	s := &CreateTypeStmt{OrReplace: orReplace}
	s.IfNotExists = p.acceptKws("if", "not", "exists")
	s.Name = p.dottedName()
	p.expectKw("as")
	if p.acceptKw("enum") {
		p.expectOp("(")
		s.Enum = []string{}
		for !p.isOp(")") {
			t := p.peek()
			if t.kind != tString {
				p.errExpected("string")
			}
			p.next()
			s.Enum = append(s.Enum, t.val)
			if !p.acceptOp(",") {
				break
			}
		}
		p.expectOp(")")
		return s
	}
	s.Type = p.parseType()
	return s
}

// parseDrop parses DROP kind [IF EXISTS] names [CASCADE|RESTRICT].
func (p *parser) parseDrop() Stmt {
	p.expectKw("drop")
	t := p.peek()
	s := &DropStmt{}
	switch t.val {
	case "table", "view", "schema", "sequence", "macro", "function", "index", "type", "secret":
		if t.kind != tIdent {
			p.errUnexpected()
		}
		p.next()
		s.Kind = t.val
		if s.Kind == "macro" {
			p.acceptKw("table")
		}
	case "temporary", "persistent":
		p.next()
		p.expectKw("secret")
		s.Kind = "secret"
	default:
		p.fail(t.pos, "%s: DROP %s is not supported", p.nearText(t), strings.ToUpper(t.val))
	}
	s.IfExists = p.acceptKws("if", "exists")
	for {
		s.Names = append(s.Names, p.dottedName())
		if !p.acceptOp(",") {
			break
		}
	}
	if p.acceptKw("cascade") {
		s.Cascade = true
	} else {
		p.acceptKw("restrict")
	}
	return s
}

// parseAlter parses ALTER TABLE / ALTER VIEW.
func (p *parser) parseAlter() Stmt {
	p.expectKw("alter")
	view := false
	if p.acceptKw("view") {
		view = true
	} else {
		p.expectKw("table")
	}
	s := &AlterTableStmt{}
	s.IfExists = p.acceptKws("if", "exists")
	s.Table = p.dottedName()
	t := p.peek()
	switch {
	case p.acceptKw("rename"):
		if p.acceptKw("to") {
			s.Action = "rename table"
			s.NewName = p.anyIdent()
			return s
		}
		if view {
			p.errExpected("TO")
		}
		p.acceptKw("column")
		s.Action = "rename column"
		s.Name = p.anyIdent()
		p.expectKw("to")
		s.NewName = p.anyIdent()
		return s
	case view:
		p.errExpected("RENAME")
	case p.acceptKw("add"):
		if p.isKw("constraint") || p.isKw("primary") || p.isKw("unique") || p.isKw("foreign") || p.isKw("check") {
			p.fail(p.pos(), "ALTER TABLE ADD constraint is not supported")
		}
		p.acceptKw("column")
		s.Action = "add column"
		if p.acceptKws("if", "not", "exists") {
			s.IfNotExists = true
		}
		s.Column = p.parseColumnDef(true)
		return s
	case p.acceptKw("drop"):
		if p.isKw("constraint") {
			p.fail(p.pos(), "ALTER TABLE DROP CONSTRAINT is not supported")
		}
		p.acceptKw("column")
		s.Action = "drop column"
		if p.acceptKws("if", "exists") {
			s.ColumnIfExists = true
		}
		s.Name = p.anyIdent()
		if !p.acceptKw("cascade") {
			p.acceptKw("restrict")
		}
		return s
	case p.acceptKw("alter"):
		p.acceptKw("column")
		s.Name = p.anyIdent()
		switch {
		case p.acceptKws("set", "data", "type"), p.acceptKw("type"), p.acceptKws("set", "type"):
			s.Action = "alter type"
			s.Column = &ColumnDef{Name: s.Name, Type: p.parseType()}
			if p.acceptKw("using") {
				s.Using = p.parseExpr()
			}
		case p.acceptKws("set", "default"):
			s.Action = "set default"
			s.Column = &ColumnDef{Name: s.Name, Default: p.parseExpr()}
		case p.acceptKws("drop", "default"):
			s.Action = "drop default"
		case p.acceptKws("set", "not", "null"):
			s.Action = "set not null"
		case p.acceptKws("drop", "not", "null"):
			s.Action = "drop not null"
		default:
			p.errExpected("TYPE, SET or DROP")
		}
		return s
	}
	p.fail(t.pos, "%s: expected ADD, DROP, ALTER or RENAME", p.nearText(t))
	return nil
}
