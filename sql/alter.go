package sql

import (
	"context"
	"fmt"
	"strings"

	"github.com/lhsql/lhsql/sql/parser"
	"github.com/lhsql/lhsql/sql/plan"
	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// alterTable implements ALTER TABLE: columns are added, dropped, renamed
// or retyped by rewriting the table's data through a query.
func (c *Conn) alterTable(ctx context.Context, text string, s *parser.AlterTableStmt, args []vector.Value) (*Rows, error) {
	t, err := c.lookupTable(s.Table)
	if err != nil {
		if s.IfExists {
			return &Rows{}, nil
		}
		return nil, err
	}
	schema := t.data.Schema()
	find := func(name string) int {
		for i, col := range schema {
			if strings.EqualFold(col.Name, name) {
				return i
			}
		}
		return -1
	}
	names := func() []string {
		out := make([]string, len(schema))
		for i, col := range schema {
			out[i] = col.Name
		}
		return out
	}
	colRef := func(name string) parser.Expr { return &parser.ColumnRef{Parts: []string{name}, Pos: -1} }
	missing := func(name string) error {
		return fmt.Errorf("Binder Error: Table %q does not have a column with name %q%s", s.Table, name, suggestName(name, names()))
	}

	switch s.Action {
	case "rename table":
		oldKey := normKey(s.Table)
		newKey := normKey(s.NewName)
		if sch, _ := splitKey(oldKey); sch != "main" && !strings.Contains(newKey, ".") {
			newKey = sch + "." + newKey
		}
		c.db.mu.Lock()
		defer c.db.mu.Unlock()
		if _, dup := c.db.tables[newKey]; dup {
			return nil, fmt.Errorf("Catalog Error: Could not rename %q to %q: another entry with this name already exists!", s.Table, s.NewName)
		}
		delete(c.db.tables, oldKey)
		t.name = s.NewName
		c.db.tables[newKey] = t
		return &Rows{}, nil

	case "rename column":
		i := find(s.Name)
		if i < 0 {
			return nil, missing(s.Name)
		}
		if j := find(s.NewName); j >= 0 && j != i {
			return nil, fmt.Errorf("Catalog Error: Column with name %s already exists!", s.NewName)
		}
		newSchema := append([]storage.Column(nil), schema...)
		newSchema[i].Name = s.NewName
		for _, chk := range t.checks {
			plan.WalkAST(chk, func(e parser.Expr) {
				if cr, ok := e.(*parser.ColumnRef); ok && strings.EqualFold(cr.Parts[len(cr.Parts)-1], schema[i].Name) {
					cr.Parts[len(cr.Parts)-1] = s.NewName
				}
			})
		}
		return c.rebuild(ctx, text, t, newSchema, nil, args)

	case "add column":
		if find(s.Column.Name) >= 0 {
			if s.IfNotExists {
				return &Rows{}, nil
			}
			return nil, fmt.Errorf("Catalog Error: Column with name %s already exists!", s.Column.Name)
		}
		if g := s.Column.Generated; g != nil {
			typ, err := c.generatedType(text, t.name, schema, s.Column.Name, g)
			if err != nil {
				return nil, err
			}
			if s.Column.Type == nil {
				s.Column.Type = typeNameOf(typ)
			}
		}
		typ, err := plan.TypeFromAST(s.Column.Type)
		if err != nil {
			return nil, err
		}
		var items []parser.Expr
		for _, col := range schema {
			items = append(items, colRef(col.Name))
		}
		var dflt parser.Expr = &parser.Literal{Kind: parser.LitNull, Pos: -1}
		if s.Column.Default != nil {
			dflt = s.Column.Default
		}
		if s.Column.Generated != nil {
			dflt = s.Column.Generated
		}
		items = append(items, &parser.CastExpr{X: dflt, To: s.Column.Type, Pos: -1})
		newSchema := append(append([]storage.Column(nil), schema...), storage.Column{Name: s.Column.Name, Type: typ})
		meta := append(append([]colMeta(nil), t.meta...), colMeta{dflt: s.Column.Default, notNull: s.Column.NotNull, generated: s.Column.Generated})
		return c.rebuildWith(ctx, text, t, newSchema, items, meta, args)

	case "drop column":
		i := find(s.Name)
		if i < 0 {
			if s.ColumnIfExists {
				return &Rows{}, nil
			}
			return nil, missing(s.Name)
		}
		if len(schema) == 1 {
			return nil, fmt.Errorf("Catalog Error: Cannot drop column: table only has one column remaining!")
		}
		for _, chk := range t.checks {
			if mentionsColumn(chk, schema[i].Name) {
				return nil, fmt.Errorf("Catalog Error: Cannot drop column %q because there is a CHECK constraint that depends on it", s.Name)
			}
		}
		var keys []uniqueKey
		for _, k := range t.keys {
			nk := uniqueKey{primary: k.primary}
			for _, ci := range k.cols {
				if ci == i {
					return nil, fmt.Errorf("Catalog Error: Cannot drop column %q because there is a UNIQUE constraint that depends on it", s.Name)
				}
				if ci > i {
					ci--
				}
				nk.cols = append(nk.cols, ci)
			}
			keys = append(keys, nk)
		}
		c.db.mu.Lock()
		t.keys = keys
		c.db.mu.Unlock()
		var items []parser.Expr
		var newSchema []storage.Column
		var meta []colMeta
		for j, col := range schema {
			if j != i {
				items = append(items, colRef(col.Name))
				newSchema = append(newSchema, col)
				meta = append(meta, t.metaAt(j))
			}
		}
		return c.rebuildWith(ctx, text, t, newSchema, items, meta, args)

	case "alter type":
		i := find(s.Name)
		if i < 0 {
			return nil, missing(s.Name)
		}
		typ, err := plan.TypeFromAST(s.Column.Type)
		if err != nil {
			return nil, err
		}
		var items []parser.Expr
		for j, col := range schema {
			if j != i {
				items = append(items, colRef(col.Name))
				continue
			}
			var src parser.Expr = colRef(col.Name)
			if s.Using != nil {
				src = s.Using
			}
			items = append(items, &parser.CastExpr{X: src, To: s.Column.Type, Pos: -1})
		}
		newSchema := append([]storage.Column(nil), schema...)
		newSchema[i].Type = typ
		return c.rebuildWith(ctx, text, t, newSchema, items, t.meta, args)

	case "set default", "drop default", "set not null", "drop not null":
		i := find(s.Name)
		if i < 0 {
			return nil, missing(s.Name)
		}
		meta := append([]colMeta(nil), t.meta...)
		for len(meta) < len(schema) {
			meta = append(meta, colMeta{})
		}
		switch s.Action {
		case "set default":
			if s.Column != nil {
				meta[i].dflt = s.Column.Default
			}
		case "drop default":
			meta[i].dflt = nil
		case "set not null":
			if err := c.checkNotNull(t, i); err != nil {
				return nil, err
			}
			meta[i].notNull = true
		case "drop not null":
			meta[i].notNull = false
		}
		c.db.mu.Lock()
		t.meta = meta
		c.db.mu.Unlock()
		return &Rows{}, nil
	}
	return nil, fmt.Errorf("Not implemented Error: ALTER TABLE %s is not supported yet", strings.ToUpper(s.Action))
}

// rebuild rewrites t with the same rows under a new schema (names only).
func (c *Conn) rebuild(ctx context.Context, text string, t *table, schema []storage.Column, meta []colMeta, args []vector.Value) (*Rows, error) {
	var items []parser.Expr
	for _, col := range t.data.Schema() {
		items = append(items, &parser.ColumnRef{Parts: []string{col.Name}, Pos: -1})
	}
	if meta == nil {
		meta = t.meta
	}
	return c.rebuildWith(ctx, text, t, schema, items, meta, args)
}

// rebuildWith replaces t's data with SELECT items FROM t under schema.
func (c *Conn) rebuildWith(ctx context.Context, text string, t *table, schema []storage.Column, items []parser.Expr, meta []colMeta, args []vector.Value) (*Rows, error) {
	core := &parser.SelectCore{From: []parser.TableRef{&parser.TableName{Name: t.name, Pos: -1}}}
	for i, e := range items {
		core.Items = append(core.Items, &parser.SelectItem{Expr: e, Alias: schema[i].Name})
	}
	node, _, _, err := c.planQuery(text, &parser.SelectStmt{Body: core}, args)
	if err != nil {
		return nil, err
	}
	chunks, err := c.collect(ctx, node)
	if err != nil {
		return nil, err
	}
	mt := storage.NewMemTable(t.name, schema)
	for _, ch := range chunks {
		fixNullTypes(ch, schema)
		if err := mt.Append(ch); err != nil {
			return nil, err
		}
	}
	c.db.mu.Lock()
	t.data = mt
	t.meta = meta
	c.db.mu.Unlock()
	return &Rows{}, nil
}

// checkNotNull fails when column i of t holds a NULL.
func (c *Conn) checkNotNull(t *table, i int) error {
	return c.checkNotNullIn(t.data, i, t.name, t.data.Schema()[i].Name)
}

// mentionsColumn reports whether e refers to column name.
func mentionsColumn(e parser.Expr, name string) bool {
	found := false
	plan.WalkAST(e, func(x parser.Expr) {
		if cr, ok := x.(*parser.ColumnRef); ok && strings.EqualFold(cr.Parts[len(cr.Parts)-1], name) {
			found = true
		}
	})
	return found
}
