package parser

// parseFromList parses item {, item}.
func (p *parser) parseFromList() []TableRef {
	refs := []TableRef{p.parseJoinedTable()}
	for p.acceptOp(",") {
		if p.selectClauseEnd() {
			break
		}
		refs = append(refs, p.parseJoinedTable())
	}
	return refs
}

// parseJoinedTable parses a table reference followed by any joins.
func (p *parser) parseJoinedTable() TableRef {
	p.enter()
	defer p.leave()
	left := p.parsePivotSuffix(p.parseTableRef())
	for {
		j, ok := p.parseJoinType()
		if !ok {
			return left
		}
		j.Left = left
		j.Right = p.parsePivotSuffix(p.parseTableRef())
		switch {
		case j.Type == JoinCross || j.Type == JoinPositional || j.Natural:
		case p.acceptKw("on"):
			j.On = p.parseExpr()
		case p.acceptKw("using"):
			j.Using = p.identList()
		default:
			p.errExpected("ON or USING")
		}
		left = j
	}
}

// parseJoinType consumes a join keyword sequence, if any.
func (p *parser) parseJoinType() (*JoinRef, bool) {
	j := &JoinRef{}
	start := p.i
	if p.acceptKw("natural") {
		j.Natural = true
	}
	switch {
	case p.acceptKw("join"):
		return j, true
	case p.acceptKw("inner"):
	case p.acceptKw("left"):
		j.Type = JoinLeft
		if p.acceptKw("semi") {
			j.Type = JoinSemi
		} else if p.acceptKw("anti") {
			j.Type = JoinAnti
		} else {
			p.acceptKw("outer")
		}
	case p.acceptKw("right"):
		j.Type = JoinRight
		p.acceptKw("outer")
	case p.acceptKw("full"):
		j.Type = JoinFull
		p.acceptKw("outer")
	case !j.Natural && p.acceptKw("cross"):
		j.Type = JoinCross
	case p.acceptKw("semi"):
		j.Type = JoinSemi
	case p.acceptKw("anti"):
		j.Type = JoinAnti
	case !j.Natural && p.acceptKw("positional"):
		j.Type = JoinPositional
	case !j.Natural && p.acceptKw("asof"):
		j.Asof = true
		if p.acceptKw("left") {
			j.Type = JoinLeft
			p.acceptKw("outer")
		} else {
			p.acceptKw("inner")
		}
	default:
		if j.Natural {
			p.errExpected("JOIN")
		}
		p.i = start
		return nil, false
	}
	p.expectKw("join")
	return j, true
}

// parseTableRef parses one FROM item with its alias.
func (p *parser) parseTableRef() TableRef {
	// DuckDB prefix alias: alias : table_ref
	if t := p.peek(); isIdentTok(t) && p.isOpAt(1, ":") {
		p.i += 2
		ref := p.parseTableRef()
		setTableAlias(ref, t.val)
		return ref
	}
	t := p.peek()
	lateral := p.acceptKw("lateral")
	if p.isOp("(") {
		if lateral || p.queryAhead(1) {
			p.next()
			q := p.parseQuery()
			p.expectOp(")")
			s := &SubqueryRef{Query: q, Lateral: lateral}
			s.Alias, s.ColAliases = p.parseTableAlias()
			return s
		}
		p.next()
		ref := p.parseJoinedTable()
		p.expectOp(")")
		if alias, cols := p.parseTableAlias(); alias != "" {
			// (a JOIN b) AS x: wrap as a subquery selecting everything.
			return &SubqueryRef{
				Query:      &SelectStmt{Body: &SelectCore{Items: []*SelectItem{{Expr: &Star{Pos: t.pos}}}, From: []TableRef{ref}}},
				Alias:      alias,
				ColAliases: cols,
			}
		}
		return ref
	}
	if lateral && !(isIdentTok(p.peek()) || p.peek().kind == tIdent) {
		p.errExpected(`"(" or a table function`)
	}
	if p.isKw("values") && p.isOpAt(1, "(") {
		v := p.parseValues()
		s := &SubqueryRef{Query: &SelectStmt{Body: v}}
		s.Alias, s.ColAliases = p.parseTableAlias()
		return s
	}
	if t.kind == tString {
		p.next()
		tn := &TableName{Name: t.val, IsPath: true, Pos: t.pos}
		tn.Alias, tn.ColAliases = p.parseTableAlias()
		return tn
	}
	t = p.peek()
	if t.kind != tIdent && t.kind != tQIdent {
		p.errUnexpected()
	}
	// Table function: name(args) (possibly qualified).
	k := 1
	for p.isOpAt(k, ".") && (p.peekN(k+1).kind == tIdent || p.peekN(k+1).kind == tQIdent) {
		k += 2
	}
	if p.isOpAt(k, "(") {
		if t.kind == tIdent && notFuncName[t.val] {
			p.errUnexpected()
		}
		parts := p.qualifiedNameAny()
		f := &TableFunc{Name: parts[len(parts)-1], Pos: t.pos}
		fc := &FuncCall{Name: f.Name, Pos: t.pos}
		p.parseCallArgs(fc)
		if fc.Star || fc.Distinct || fc.OrderBy != nil {
			p.fail(t.pos, "invalid arguments to table function %s", f.Name)
		}
		for _, a := range fc.Args {
			// name = value is a named argument in table functions.
			if b, ok := a.(*BinaryExpr); ok && b.Op == "=" {
				if c, ok := b.L.(*ColumnRef); ok && len(c.Parts) == 1 {
					f.Named = append(f.Named, &NamedArg{Name: c.Parts[0], Value: b.R})
					continue
				}
			}
			f.Args = append(f.Args, a)
		}
		f.Named = append(f.Named, fc.Named...)
		if p.acceptKws("with", "ordinality") {
			f.Ordinality = true
		}
		f.Alias, f.ColAliases = p.parseTableAlias()
		return f
	}
	if lateral {
		p.errExpected(`"(" or a table function`)
	}
	tn := p.parseTableName()
	tn.Alias, tn.ColAliases = p.parseTableAlias()
	if p.isKw("tablesample") || (p.isKw("using") && p.isKwAt(1, "sample")) {
		p.fail(p.pos(), "SAMPLE is not supported")
	}
	return tn
}

// qualifiedNameAny parses a dotted name whose first part may be any
// non-function-reserved word.
func (p *parser) qualifiedNameAny() []string {
	parts := []string{p.anyIdent()}
	for p.isOp(".") {
		p.next()
		parts = append(parts, p.anyIdent())
	}
	return parts
}

// parseTableName parses [catalog.][schema.]name (without alias).
func (p *parser) parseTableName() *TableName {
	t := p.peek()
	parts := p.qualifiedName()
	tn := &TableName{Name: parts[len(parts)-1], Pos: t.pos}
	if len(parts) > 1 {
		tn.Schema = parts[len(parts)-2]
	}
	return tn
}

// parseTableAlias parses [AS] alias [(col, ...)].
func (p *parser) parseTableAlias() (string, []string) {
	var alias string
	if p.acceptKw("as") {
		if t := p.peek(); t.kind == tString {
			p.next()
			alias = t.val
		} else {
			alias = p.anyIdent()
		}
	} else if t := p.peek(); isIdentTok(t) {
		p.next()
		alias = t.val
	} else {
		return "", nil
	}
	var cols []string
	if p.isOp("(") {
		cols = p.nameList()
	}
	return alias, cols
}

// setTableAlias sets the alias of a FROM item from a prefix alias.
func setTableAlias(ref TableRef, alias string) {
	switch r := ref.(type) {
	case *TableName:
		r.Alias = alias
	case *TableFunc:
		r.Alias = alias
	case *SubqueryRef:
		r.Alias = alias
	}
}
