package parser

// parsePivotStatement parses DuckDB's statement forms
//
//	PIVOT source [ON cols [IN (...)]] [USING aggs] [GROUP BY keys]
//	UNPIVOT source ON cols INTO NAME n VALUE v [, ...]
//
// into a SELECT * FROM PivotRef core.
func (p *parser) parsePivotStatement() *SelectCore {
	t := p.next()
	pr := &PivotRef{Unpivot: t.val == "unpivot" || t.val == "pivot_longer", Pos: t.pos}
	pr.Source = p.parseTableRef()
	if pr.Unpivot {
		p.expectKw("on")
		pr.On = p.parseUnpivotColumns()
		if p.acceptKw("into") {
			p.expectKw("name")
			pr.NameColumns = []string{p.anyIdent()}
			p.expectKw("value")
			for {
				pr.ValueColumns = append(pr.ValueColumns, p.anyIdent())
				if !p.acceptOp(",") {
					break
				}
			}
		}
	} else {
		if p.acceptKw("on") {
			pr.On = p.parsePivotColumns(true)
		}
		if p.acceptKw("using") {
			pr.Using = p.parseSelectItems()
		}
		if p.acceptKws("group", "by") {
			pr.GroupBy = p.parseExprList()
		}
		if pr.On == nil && pr.Using == nil && pr.GroupBy == nil {
			p.errExpected("ON, USING or GROUP BY")
		}
	}
	return &SelectCore{Items: []*SelectItem{{Expr: &Star{Pos: t.pos}}}, From: []TableRef{pr}}
}

// parsePivotColumns parses col [IN (...)], ... (IN only when withIn).
func (p *parser) parsePivotColumns(withIn bool) []*PivotColumn {
	var cols []*PivotColumn
	for {
		pc := &PivotColumn{}
		if p.starAhead() {
			pc.Expr = p.parseStar()
		} else {
			pc.Expr = p.parseExprPrec(precLike)
		}
		if withIn && p.acceptKw("in") {
			p.parsePivotIn(pc)
		}
		cols = append(cols, pc)
		if !p.acceptOp(",") {
			return cols
		}
	}
}

// parsePivotIn parses the value list after IN: (v [AS a], ...), (*) or
// an ENUM type name.
func (p *parser) parsePivotIn(pc *PivotColumn) {
	if !p.isOp("(") {
		pc.InEnum = p.dottedName()
		return
	}
	p.next()
	for {
		pc.In = append(pc.In, p.parseSelectItem())
		if !p.acceptOp(",") {
			break
		}
	}
	p.expectOp(")")
}

// parsePivotSuffix parses SQL-standard PIVOT (...) / UNPIVOT (...) clauses
// following a FROM item.
func (p *parser) parsePivotSuffix(src TableRef) TableRef {
	for {
		t := p.peek()
		switch {
		case p.isKw("pivot") && p.isOpAt(1, "("):
			p.i += 2
			pr := &PivotRef{Source: src, Pos: t.pos}
			pr.Using = p.parseSelectItems()
			p.expectKw("for")
			for {
				pc := &PivotColumn{Expr: p.parseExprPrec(precLike)}
				p.expectKw("in")
				p.parsePivotIn(pc)
				pr.On = append(pr.On, pc)
				if p.isOp(")") || p.isKw("group") {
					break
				}
			}
			if p.acceptKws("group", "by") {
				pr.GroupBy = p.parseExprList()
			}
			p.expectOp(")")
			pr.Alias, pr.ColAliases = p.parseTableAlias()
			src = pr
		case p.isKw("unpivot") && (p.isOpAt(1, "(") || p.isKwAt(1, "include") || p.isKwAt(1, "exclude")):
			p.next()
			pr := &PivotRef{Source: src, Unpivot: true, Pos: t.pos}
			if p.acceptKws("include", "nulls") {
				pr.IncludeNulls = true
			} else {
				p.acceptKws("exclude", "nulls")
			}
			p.expectOp("(")
			if p.isOp("(") {
				pr.ValueColumns = p.identList()
			} else {
				pr.ValueColumns = []string{p.anyIdent()}
			}
			p.expectKw("for")
			pr.NameColumns = []string{p.anyIdent()}
			p.expectKw("in")
			p.expectOp("(")
			pr.On = p.parseUnpivotColumns()
			p.expectOp(")")
			p.expectOp(")")
			pr.Alias, pr.ColAliases = p.parseTableAlias()
			src = pr
		default:
			return src
		}
	}
}

// parseUnpivotColumns parses the columns to unpivot: expr [AS alias], ...
// An alias is kept as the single In item of the column.
func (p *parser) parseUnpivotColumns() []*PivotColumn {
	var cols []*PivotColumn
	for {
		item := p.parseSelectItem()
		pc := &PivotColumn{Expr: item.Expr}
		if item.Alias != "" {
			pc.In = []*SelectItem{item}
		}
		cols = append(cols, pc)
		if !p.acceptOp(",") {
			return cols
		}
	}
}
