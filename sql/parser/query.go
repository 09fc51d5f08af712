package parser

// parseQuery parses [WITH ...] body [ORDER BY] [LIMIT] [OFFSET].
func (p *parser) parseQuery() *SelectStmt {
	p.enter()
	defer p.leave()
	var with []*CTE
	if p.isKw("with") {
		with = p.parseWith()
	}
	body := p.parseSetExpr(p.parseSetTerm(p.parseQueryPrimary()))
	q := &SelectStmt{With: with, Body: body}
	p.parseQueryTail(q)
	return q
}

// parseQueryRest continues a query whose first primary body is already
// parsed in q.Body: set operations, then ORDER BY / LIMIT / OFFSET.
func (p *parser) parseQueryRest(q *SelectStmt) *SelectStmt {
	q.Body = p.parseSetExpr(p.parseSetTerm(q.Body))
	p.parseQueryTail(q)
	return q
}

// parseWith parses WITH [RECURSIVE] name [(cols)] AS [NOT] [MATERIALIZED] (q), ...
func (p *parser) parseWith() []*CTE {
	p.expectKw("with")
	rec := p.acceptKw("recursive")
	var ctes []*CTE
	for {
		t := p.peek()
		c := &CTE{Name: p.ident(), Recursive: rec}
		for _, prev := range ctes {
			if prev.Name == c.Name {
				p.fail(t.pos, "duplicate CTE name %q", c.Name)
			}
		}
		if p.isOp("(") {
			c.Columns = p.identList()
		}
		if p.acceptKws("using", "key") {
			c.UsingKey = p.identList()
		}
		p.expectKw("as")
		if p.acceptKw("materialized") {
			c.Materialized = "materialized"
		} else if p.acceptKws("not", "materialized") {
			c.Materialized = "not materialized"
		}
		p.expectOp("(")
		c.Query = p.parseQuery()
		p.expectOp(")")
		ctes = append(ctes, c)
		if !p.acceptOp(",") {
			return ctes
		}
	}
}

// parseSetExpr parses left {UNION|EXCEPT term}. INTERSECT binds tighter and
// is handled in parseSetTerm.
func (p *parser) parseSetExpr(left QueryBody) QueryBody {
	for {
		var op SetOpKind
		switch {
		case p.isKw("union"):
			op = Union
		case p.isKw("except"):
			op = Except
		default:
			return left
		}
		p.next()
		s := &SetOp{Op: op, Left: left}
		p.parseSetQuantifier(s)
		s.Right = p.parseSetTerm(p.parseQueryPrimary())
		left = s
	}
}

// parseSetTerm parses left {INTERSECT primary}.
func (p *parser) parseSetTerm(left QueryBody) QueryBody {
	for p.acceptKw("intersect") {
		s := &SetOp{Op: Intersect, Left: left}
		p.parseSetQuantifier(s)
		s.Right = p.parseQueryPrimary()
		left = s
	}
	return left
}

func (p *parser) parseSetQuantifier(s *SetOp) {
	if p.acceptKw("all") {
		s.All = true
	} else {
		p.acceptKw("distinct")
	}
	if p.acceptKws("by", "name") {
		s.ByName = true
	}
}

// unwrapBody returns q's body when q carries nothing but a body, so that
// redundant parentheses do not show in the AST.
func unwrapBody(q *SelectStmt) QueryBody {
	if q.With == nil && q.OrderBy == nil && q.Limit == nil && q.Offset == nil {
		return q.Body
	}
	return q
}

// parseQueryPrimary parses SELECT ..., FROM-first, VALUES, TABLE t or a
// parenthesised query.
func (p *parser) parseQueryPrimary() QueryBody {
	p.enter()
	defer p.leave()
	switch {
	case p.isOp("("):
		p.next()
		q := p.parseQuery()
		p.expectOp(")")
		return unwrapBody(q)
	case p.isKw("select"):
		return p.parseSelectCore()
	case p.isKw("from"):
		return p.parseFromFirst()
	case p.isKw("values"):
		return p.parseValues()
	case p.isKw("table"):
		p.next()
		t := p.parseTableName()
		return &SelectCore{Items: []*SelectItem{{Expr: &Star{Pos: t.Pos}}}, From: []TableRef{t}}
	case p.isKw("with"):
		q := p.parseQuery()
		return q
	case p.queryStart(0) && (p.isKw("pivot") || p.isKw("unpivot") || p.isKw("pivot_wider") || p.isKw("pivot_longer")):
		return p.parsePivotStatement()
	}
	p.errUnexpected()
	return nil
}

// parseValues parses VALUES (..), (..).
func (p *parser) parseValues() *ValuesClause {
	p.expectKw("values")
	v := &ValuesClause{}
	for {
		p.expectOp("(")
		var row []Expr
		for !p.isOp(")") {
			row = append(row, p.parseExpr())
			if !p.acceptOp(",") {
				break
			}
		}
		end := p.expectOp(")")
		if len(v.Rows) > 0 && len(row) != len(v.Rows[0]) {
			p.fail(end.pos, "VALUES lists must all be the same length")
		}
		v.Rows = append(v.Rows, row)
		if !p.acceptOp(",") || !p.isOp("(") {
			return v
		}
	}
}

// parseQueryTail parses ORDER BY, LIMIT, OFFSET and FETCH in any order
// DuckDB accepts.
func (p *parser) parseQueryTail(q *SelectStmt) {
	if p.acceptKws("order", "by") {
		q.OrderBy = p.parseOrderItems()
	}
	for {
		switch {
		case q.Limit == nil && p.acceptKw("limit"):
			if p.acceptKw("all") {
				continue
			}
			q.Limit = p.parseExpr()
			if p.acceptOp("%") || p.acceptKw("percent") {
				q.LimitPercent = true
			}
			if p.isOp(",") {
				p.fail(p.pos(), "LIMIT a, b is not supported: use LIMIT b OFFSET a")
			}
		case q.Offset == nil && p.acceptKw("offset"):
			q.Offset = p.parseExpr()
			if !p.acceptKw("rows") {
				p.acceptKw("row")
			}
		case q.Limit == nil && p.acceptKw("fetch"):
			if !p.acceptKw("first") {
				p.expectKw("next")
			}
			if p.isKw("row") || p.isKw("rows") {
				q.Limit = &Literal{Kind: LitInteger, Value: "1", Pos: p.pos()}
			} else {
				q.Limit = p.parseExprPrec(precAdd)
			}
			if !p.acceptKw("rows") {
				p.expectKw("row")
			}
			p.expectKw("only")
		default:
			return
		}
	}
}

// selectClauseEnd reports whether the current token ends a select list
// (used to allow a trailing comma).
func (p *parser) selectClauseEnd() bool {
	t := p.peek()
	switch t.kind {
	case tEOF:
		return true
	case tOp:
		return t.val == ")" || t.val == ";"
	case tIdent:
		switch t.val {
		case "from", "where", "group", "having", "window", "qualify", "order", "limit",
			"offset", "union", "intersect", "except", "into", "fetch":
			return true
		}
	}
	return false
}

// parseSelectCore parses SELECT [DISTINCT [ON (..)]] items [FROM ...] ...
func (p *parser) parseSelectCore() *SelectCore {
	p.expectKw("select")
	c := &SelectCore{}
	p.parseDistinct(c)
	c.Items = p.parseSelectItems()
	if p.acceptKw("from") {
		c.From = p.parseFromList()
	}
	p.parseCoreClauses(c)
	return c
}

func (p *parser) parseDistinct(c *SelectCore) {
	if p.acceptKw("distinct") {
		c.Distinct = true
		if p.acceptKw("on") {
			p.expectOp("(")
			c.DistinctOn = p.parseExprList()
			p.expectOp(")")
		}
	} else {
		p.acceptKw("all")
	}
}

// parseFromFirst parses DuckDB's FROM t [SELECT ...] [WHERE ...] ...
func (p *parser) parseFromFirst() *SelectCore {
	t := p.expectKw("from")
	c := &SelectCore{From: p.parseFromList()}
	if p.acceptKw("select") {
		p.parseDistinct(c)
		c.Items = p.parseSelectItems()
	} else {
		c.Items = []*SelectItem{{Expr: &Star{Pos: t.pos}}}
	}
	p.parseCoreClauses(c)
	return c
}

// parseCoreClauses parses WHERE, GROUP BY, HAVING, WINDOW and QUALIFY.
func (p *parser) parseCoreClauses(c *SelectCore) {
	if p.acceptKw("where") {
		c.Where = p.parseExpr()
	}
	if p.acceptKws("group", "by") {
		if (p.isKw("all") && !p.isOpAt(1, "(")) || p.isOp("*") {
			p.next()
			c.GroupByAll = true
		} else {
			for {
				// GROUP BY (a, b) groups by a and b, as in DuckDB: a row
				// constructor among the grouping items stands for its
				// elements.
				c.GroupBy = append(c.GroupBy, groupingSetExprs(p.parseGroupingItem())...)
				if !p.acceptOp(",") || p.selectClauseEnd() {
					break
				}
			}
		}
	}
	if p.acceptKw("having") {
		c.Having = p.parseExpr()
	}
	if p.acceptKw("window") {
		for {
			name := p.ident()
			p.expectKw("as")
			w := p.parseWindowSpec()
			w.Name = name
			c.Windows = append(c.Windows, w)
			if !p.acceptOp(",") {
				break
			}
		}
	}
	if p.acceptKw("qualify") {
		c.Qualify = p.parseExpr()
	}
	if p.isKw("using") && p.isKwAt(1, "sample") || p.isKw("tablesample") {
		p.fail(p.pos(), "SAMPLE is not supported")
	}
}

// parseSelectItems parses the select list, allowing a trailing comma.
func (p *parser) parseSelectItems() []*SelectItem {
	var items []*SelectItem
	for {
		items = append(items, p.parseSelectItem())
		if !p.acceptOp(",") {
			return items
		}
		if p.selectClauseEnd() {
			return items
		}
	}
}

// parseSelectItem parses expr [[AS] alias], alias: expr, or a star.
func (p *parser) parseSelectItem() *SelectItem {
	if p.starAhead() {
		return &SelectItem{Expr: p.parseStar()}
	}
	// DuckDB prefix alias: alias: expr
	if t := p.peek(); isIdentTok(t) && p.isOpAt(1, ":") {
		p.next()
		p.next()
		return &SelectItem{Expr: p.parseExpr(), Alias: t.val}
	}
	it := &SelectItem{Expr: p.parseExpr()}
	it.Alias = p.parseAlias()
	return it
}

// parseAlias parses an optional [AS] alias after a select item.
func (p *parser) parseAlias() string {
	if p.acceptKw("as") {
		t := p.peek()
		switch t.kind {
		case tIdent, tQIdent, tString:
			p.next()
			return t.val
		}
		p.errExpected("alias")
	}
	t := p.peek()
	if isIdentTok(t) {
		p.next()
		return t.val
	}
	return ""
}

// parseGroupingItem parses one GROUP BY item: an expression, (), or
// GROUPING SETS / ROLLUP / CUBE.
func (p *parser) parseGroupingItem() Expr {
	t := p.peek()
	switch {
	case p.isOp("(") && p.isOpAt(1, ")"):
		p.i += 2
		return &GroupingSet{Kind: "sets", Sets: [][]Expr{{}}, Pos: t.pos}
	case p.isKw("grouping") && p.isKwAt(1, "sets"):
		p.i += 2
		p.expectOp("(")
		g := &GroupingSet{Kind: "sets", Pos: t.pos}
		for {
			if p.isOp("(") && p.isOpAt(1, ")") {
				p.i += 2
				g.Sets = append(g.Sets, []Expr{})
				if !p.acceptOp(",") {
					break
				}
				continue
			}
			item := p.parseGroupingItem()
			// Each item is one set: (a, b) is a row of expressions.
			g.Sets = append(g.Sets, groupingSetExprs(item))
			if !p.acceptOp(",") {
				break
			}
		}
		p.expectOp(")")
		return g
	case (p.isKw("rollup") || p.isKw("cube")) && p.isOpAt(1, "("):
		p.next()
		g := &GroupingSet{Kind: t.val, Pos: t.pos}
		p.expectOp("(")
		for {
			g.Sets = append(g.Sets, groupingSetExprs(p.parseExpr()))
			if !p.acceptOp(",") {
				break
			}
		}
		p.expectOp(")")
		return g
	}
	return p.parseExpr()
}

// groupingSetExprs turns a parsed grouping element into its expressions:
// a row (a, b) gives [a, b]; a nested GroupingSet is kept as one element.
func groupingSetExprs(e Expr) []Expr {
	if f, ok := e.(*FuncCall); ok && f.Name == "row" && f.Over == nil && !f.Star {
		return f.Args
	}
	return []Expr{e}
}
