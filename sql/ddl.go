package sql

import (
	"context"
	"fmt"
	"strings"

	"github.com/lhsql/lhsql/internal/tpchgen"
	"github.com/lhsql/lhsql/sql/parser"
	"github.com/lhsql/lhsql/sql/plan"
	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

func (c *Conn) createTable(ctx context.Context, text string, s *parser.CreateTableStmt, args []vector.Value) (*Rows, error) {
	name := normKey(s.Name)
	c.db.mu.RLock()
	_, exists := c.db.tables[name]
	_, isView := c.db.views[name]
	c.db.mu.RUnlock()
	if (exists || isView) && !s.OrReplace {
		if s.IfNotExists {
			return &Rows{}, nil
		}
		return nil, fmt.Errorf("Catalog Error: Table with name %q already exists!", s.Name)
	}
	var schema []storage.Column
	var chunks []*vector.Chunk
	if s.AsQuery != nil {
		node, names, types, err := c.planQuery(text, s.AsQuery, args)
		if err != nil {
			return nil, err
		}
		for i := range names {
			schema = append(schema, storage.Column{Name: names[i], Type: storageType(types[i])})
		}
		if chunks, err = c.collect(ctx, node); err != nil {
			return nil, err
		}
	} else {
		if err := c.resolveGenerated(text, s.Name, s.Columns); err != nil {
			return nil, err
		}
		var err error
		if schema, err = schemaFromDefs(s.Columns); err != nil {
			return nil, err
		}
	}
	mt := storage.NewMemTable(name, schema)
	var n int64
	for _, ch := range chunks {
		fixNullTypes(ch, schema)
		if err := mt.Append(ch); err != nil {
			return nil, err
		}
		n += int64(ch.Len)
	}
	_, bare := splitKey(name)
	tbl := &table{name: s.Name[len(s.Name)-len(bare):], data: mt}
	if s.AsQuery == nil {
		var err error
		if tbl.meta, tbl.checks, tbl.keys, err = tableConstraints(s, schema); err != nil {
			return nil, err
		}
	}
	c.db.mu.Lock()
	defer c.db.mu.Unlock()
	if err := c.db.checkSchema(name); err != nil {
		return nil, err
	}
	if _, dup := c.db.tables[name]; dup && !s.OrReplace && !s.IfNotExists {
		return nil, fmt.Errorf("Catalog Error: Table with name %q already exists!", s.Name)
	}
	delete(c.db.views, name)
	c.db.tables[name] = tbl
	return &Rows{RowsAffected: n}, nil
}

// storageType maps result types that cannot be stored to storable ones
// (an untyped NULL column becomes INTEGER, as in DuckDB).
func storageType(t vector.Type) vector.Type {
	if t.ID == vector.TypeNull {
		return vector.Integer
	}
	return t
}

func fixNullTypes(ch *vector.Chunk, schema []storage.Column) {
	for i, col := range ch.Cols {
		if col.Typ.ID == vector.TypeNull {
			col.Typ = schema[i].Type
		}
	}
}

func (c *Conn) createView(text string, s *parser.CreateViewStmt) (*Rows, error) {
	// Bind once to validate the definition.
	if _, _, _, err := c.planQuery(text, s.Query, nil); err != nil {
		return nil, err
	}
	name := normKey(s.Name)
	c.db.mu.Lock()
	defer c.db.mu.Unlock()
	if err := c.db.checkSchema(name); err != nil {
		return nil, err
	}
	_, isTable := c.db.tables[name]
	_, isView := c.db.views[name]
	if isTable || (isView && !s.OrReplace) {
		if s.IfNotExists {
			return &Rows{}, nil
		}
		return nil, fmt.Errorf("Catalog Error: View with name %q already exists!", s.Name)
	}
	c.db.views[name] = &plan.View{Query: s.Query, Columns: s.Columns}
	return &Rows{}, nil
}

func (c *Conn) drop(s *parser.DropStmt) (*Rows, error) {
	c.db.mu.Lock()
	defer c.db.mu.Unlock()
	for _, n := range s.Names {
		name := normKey(n)
		switch s.Kind {
		case "table":
			if _, ok := c.db.tables[name]; !ok {
				if s.IfExists {
					continue
				}
				return nil, fmt.Errorf("Catalog Error: Table with name %s does not exist!%s", n, suggestName(n, catalog{db: c.db, conn: c}.Names()))
			}
			delete(c.db.tables, name)
		case "view":
			if _, ok := c.db.views[name]; !ok {
				if s.IfExists {
					continue
				}
				return nil, fmt.Errorf("Catalog Error: View with name %s does not exist!", n)
			}
			delete(c.db.views, name)
		default:
			if err := c.dropOther(s, n); err != nil {
				return nil, err
			}
		}
	}
	return &Rows{}, nil
}

// suggestName returns a "Did you mean" hint for name among cands, or ""
// when name itself is a candidate.
func suggestName(name string, cands []string) string {
	for _, c := range cands {
		if strings.EqualFold(c, name) {
			return ""
		}
	}
	return plan.Suggest(name, cands)
}

// lookupTable finds a base table for DML.
func (c *Conn) lookupTable(name string) (*table, error) {
	c.db.mu.RLock()
	defer c.db.mu.RUnlock()
	t, ok := c.db.tables[normKey(name)]
	if !ok {
		return nil, fmt.Errorf("Catalog Error: Table with name %s does not exist!%s", name, suggestName(name, catalog{db: c.db, conn: c}.Names()))
	}
	return t, nil
}

func (c *Conn) insert(ctx context.Context, text string, s *parser.InsertStmt, args []vector.Value) (*Rows, error) {
	t, err := c.lookupTable(s.Table)
	if err != nil {
		return nil, err
	}
	schema := t.data.Schema()
	if s.ByName && s.Query != nil && len(s.Columns) == 0 {
		_, names, _, err := c.planQuery(text, s.Query, args)
		if err != nil {
			return nil, err
		}
		cp := *s
		cp.Columns = names
		s = &cp
	}
	// srcIdx[i] is the source column feeding table column i, or -1 (NULL).
	srcIdx := make([]int, len(schema))
	nbase := -1 // source columns expected when generated columns are skipped
	if len(s.Columns) == 0 {
		k := 0
		for i := range srcIdx {
			if t.metaAt(i).generated != nil {
				srcIdx[i] = -1
				continue
			}
			srcIdx[i] = k
			k++
		}
		if k < len(schema) {
			nbase = k
		}
	} else {
		for i := range srcIdx {
			srcIdx[i] = -1
		}
		for j, name := range s.Columns {
			found := false
			for i, col := range schema {
				if strings.EqualFold(col.Name, name) {
					if srcIdx[i] >= 0 {
						return nil, fmt.Errorf("Binder Error: column %q specified more than once", name)
					}
					srcIdx[i] = j
					found = true
				}
			}
			if !found {
				return nil, fmt.Errorf("Binder Error: Table %q does not have a column with name %q", s.Table, name)
			}
			if t.generatedIndex(name) >= 0 {
				return nil, fmt.Errorf("Binder Error: Cannot insert into a generated column")
			}
		}
	}
	query := s.Query
	if len(s.With) > 0 && query != nil {
		// WITH ... INSERT: the CTEs belong to the source query.
		cp := *query
		cp.With = append(append([]*parser.CTE(nil), s.With...), query.With...)
		query = &cp
	}
	if s.DefaultValues || query == nil {
		// One row of column defaults.
		core := &parser.SelectCore{}
		for i := range schema {
			var d parser.Expr = &parser.Literal{Kind: parser.LitNull, Pos: -1}
			if m := t.metaAt(i); m.dflt != nil {
				d = m.dflt
			}
			core.Items = append(core.Items, &parser.SelectItem{Expr: d})
			srcIdx[i] = i
		}
		query = &parser.SelectStmt{Body: core}
	}
	types := make([]vector.Type, len(schema))
	for i, col := range schema {
		types[i] = col.Type
	}
	defaults := make([]parser.Expr, len(schema))
	for i := range schema {
		defaults[i] = t.metaAt(i).dflt
	}
	c.db.mu.RLock()
	b := c.binder(text, args)
	b.InsertTable = s.Table
	nsrc := len(s.Columns)
	if nbase >= 0 {
		nsrc = nbase
	}
	if query != s.Query && (s.Query == nil || len(s.With) == 0) {
		nsrc = 0
	}
	op, err := b.BindInsert(query, types, srcIdx, nsrc, defaults)
	c.db.mu.RUnlock()
	if err != nil {
		return nil, err
	}
	if op, err = plan.Optimize(op); err != nil {
		return nil, err
	}
	node, err := plan.Lower(op)
	if err != nil {
		return nil, err
	}
	chunks, err := c.collect(ctx, node)
	if err != nil {
		return nil, err
	}
	for _, ch := range chunks {
		fixNullTypes(ch, schema)
	}
	if chunks, err = c.computeGenerated(ctx, t, chunks); err != nil {
		return nil, err
	}
	if s.OnConflict != nil || s.OrReplace || s.OrIgnore || s.Returning != nil {
		if err := c.checkReturning(text, t, s.Alias, s.Returning, args); err != nil {
			return nil, err
		}
		var rows [][]vector.Value
		if s.OnConflict != nil || s.OrReplace || s.OrIgnore {
			rows, err = c.upsert(ctx, text, t, s, chunks, args)
		} else {
			rows, err = c.appendRows(ctx, t, chunks)
		}
		if err != nil {
			return nil, err
		}
		if s.Returning != nil {
			return c.returning(ctx, text, t, s.Alias, rows, s.Returning, args)
		}
		return countRows(int64(len(rows))), nil
	}
	fresh := storage.NewMemTable(t.name, schema)
	for _, ch := range chunks {
		fixNullTypes(ch, schema)
		if err := fresh.Append(ch); err != nil {
			return nil, err
		}
	}
	if err := c.validate(ctx, t, fresh, false); err != nil {
		return nil, err
	}
	var n int64
	for _, ch := range chunks {
		if err := t.data.Append(ch); err != nil {
			return nil, err
		}
		n += int64(ch.Len)
	}
	return countRows(n), nil
}

// rewriteTable replaces a table's contents with the result of a query over
// it (used by DELETE and UPDATE) and returns the old and new row counts.
func (c *Conn) rewriteTable(ctx context.Context, text string, t *table, q *parser.SelectStmt, args []vector.Value) (int64, error) {
	node, _, _, err := c.planQuery(text, q, args)
	if err != nil {
		return 0, err
	}
	chunks, err := c.collect(ctx, node)
	if err != nil {
		return 0, err
	}
	schema := t.data.Schema()
	for _, ch := range chunks {
		fixNullTypes(ch, schema)
	}
	if chunks, err = c.computeGenerated(ctx, t, chunks); err != nil {
		return 0, err
	}
	mt := storage.NewMemTable(t.name, schema)
	for _, ch := range chunks {
		fixNullTypes(ch, schema)
		if err := mt.Append(ch); err != nil {
			return 0, err
		}
	}
	if err := c.validate(ctx, t, mt, true); err != nil {
		return 0, err
	}
	c.db.mu.Lock()
	t.data = mt
	c.db.mu.Unlock()
	return mt.RowCount(), nil
}

func typeNameOf(t vector.Type) *parser.TypeName {
	if t.ID == vector.TypeDecimal {
		return &parser.TypeName{Name: "DECIMAL", Params: []int{int(t.Width), int(t.Scale)}}
	}
	n := t.String()
	if t.ID == vector.TypeTimestampTZ {
		n = "TIMESTAMPTZ"
	}
	return &parser.TypeName{Name: n}
}

func (c *Conn) delete(ctx context.Context, text string, s *parser.DeleteStmt, args []vector.Value) (*Rows, error) {
	t, err := c.lookupTable(s.Table)
	if err != nil {
		return nil, err
	}
	if len(s.Using) > 0 || s.Returning != nil {
		if err := c.checkReturning(text, t, s.Alias, s.Returning, args); err != nil {
			return nil, err
		}
		gone, err := c.deleteRows(ctx, text, t, s, args)
		if err != nil {
			return nil, err
		}
		if s.Returning != nil {
			return c.returning(ctx, text, t, s.Alias, gone, s.Returning, args)
		}
		return countRows(int64(len(gone))), nil
	}
	before := t.data.RowCount()
	core := &parser.SelectCore{
		Items: []*parser.SelectItem{{Expr: &parser.Star{Pos: -1}}},
		From:  []parser.TableRef{&parser.TableName{Name: s.Table, Alias: s.Alias, Pos: -1}},
	}
	if s.Where != nil {
		core.Where = &parser.IsBoolExpr{X: s.Where, Not: true, Value: true, Pos: s.Where.Position()}
	} else {
		core.Where = &parser.Literal{Kind: parser.LitBool, Bool: false, Pos: -1}
	}
	after, err := c.rewriteTable(ctx, text, t, &parser.SelectStmt{Body: core}, args)
	if err != nil {
		return nil, err
	}
	return countRows(before - after), nil
}

func (c *Conn) update(ctx context.Context, text string, s *parser.UpdateStmt, args []vector.Value) (*Rows, error) {
	t, err := c.lookupTable(s.Table)
	if err != nil {
		return nil, err
	}
	schema := t.data.Schema()
	set := map[string]parser.Expr{}
	for _, sc := range s.Set {
		found := false
		for _, col := range schema {
			if strings.EqualFold(col.Name, sc.Column) {
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("Binder Error: Referenced update column %s not found in table!", sc.Column)
		}
		if t.generatedIndex(sc.Column) >= 0 {
			return nil, fmt.Errorf("Binder Error: Cannot update column \"%s\" because it is a generated column", sc.Column)
		}
		set[strings.ToLower(sc.Column)] = sc.Value
	}
	if len(s.From) > 0 || s.Returning != nil {
		if err := c.checkReturning(text, t, s.Alias, s.Returning, args); err != nil {
			return nil, err
		}
		changed, err := c.updateRows(ctx, text, t, s, args)
		if err != nil {
			return nil, err
		}
		if s.Returning != nil {
			return c.returning(ctx, text, t, s.Alias, changed, s.Returning, args)
		}
		return countRows(int64(len(changed))), nil
	}
	core := &parser.SelectCore{From: []parser.TableRef{&parser.TableName{Name: s.Table, Alias: s.Alias, Pos: -1}}}
	for _, col := range schema {
		var e parser.Expr = &parser.ColumnRef{Parts: []string{col.Name}, Pos: -1}
		if v, ok := set[strings.ToLower(col.Name)]; ok {
			nv := &parser.CastExpr{X: v, To: typeNameOf(col.Type), Pos: v.Position()}
			if s.Where != nil {
				e = &parser.CaseExpr{Whens: []*parser.WhenClause{{Cond: s.Where, Result: nv}}, Else: e, Pos: -1}
			} else {
				e = nv
			}
		}
		core.Items = append(core.Items, &parser.SelectItem{Expr: e, Alias: col.Name})
	}
	// Count the rows the update touches.
	var affected int64
	if s.Where != nil {
		cnt := &parser.SelectCore{
			Items: []*parser.SelectItem{{Expr: &parser.FuncCall{Name: "count", Star: true, Pos: -1}}},
			From:  core.From,
			Where: s.Where,
		}
		node, _, _, err := c.planQuery(text, &parser.SelectStmt{Body: cnt}, args)
		if err != nil {
			return nil, err
		}
		chunks, err := c.collect(ctx, node)
		if err != nil {
			return nil, err
		}
		if len(chunks) > 0 && chunks[0].Len > 0 {
			affected = chunks[0].Cols[0].Get(0).I64
		}
	} else {
		affected = t.data.RowCount()
	}
	if _, err := c.rewriteTable(ctx, text, t, &parser.SelectStmt{Body: core}, args); err != nil {
		return nil, err
	}
	return countRows(affected), nil
}

// call runs CALL statements: dbgen(sf = N) creates the TPC-H tables; any
// other CALL f(args) is SELECT * FROM f(args), as in DuckDB.
func (c *Conn) call(ctx context.Context, text string, s *parser.CallStmt) (*Rows, error) {
	if s.Func.Name != "dbgen" {
		tf := &parser.TableFunc{Name: s.Func.Name, Args: s.Func.Args, Named: s.Func.Named, Pos: s.Func.Pos}
		core := &parser.SelectCore{Items: []*parser.SelectItem{{Expr: &parser.Star{Pos: s.Func.Pos}}}, From: []parser.TableRef{tf}}
		return c.query(ctx, text, &parser.SelectStmt{Body: core}, nil)
	}
	sf := 1.0
	for _, n := range s.Func.Named {
		if strings.ToLower(n.Name) != "sf" {
			return nil, fmt.Errorf("Binder Error: dbgen: unknown parameter %q", n.Name)
		}
		lit, ok := n.Value.(*parser.Literal)
		if !ok {
			return nil, fmt.Errorf("Binder Error: dbgen: sf must be a number")
		}
		if _, err := fmt.Sscan(lit.Value, &sf); err != nil || sf <= 0 {
			return nil, fmt.Errorf("Binder Error: dbgen: invalid sf %q", lit.Value)
		}
	}
	for _, def := range tpchgen.Tables() {
		schema := make([]storage.Column, len(def.Columns))
		for i, col := range def.Columns {
			schema[i] = storage.Column{Name: col.Name, Type: col.Type}
		}
		mt := storage.NewMemTable(def.Name, schema)
		err := tpchgen.Gen(ctx, sf, def.Name, c.threads, func(cols []*vector.Vector, n int) error {
			return mt.Append(&vector.Chunk{Cols: cols, Len: n})
		})
		if err != nil {
			return nil, fmt.Errorf("dbgen %s: %w", def.Name, err)
		}
		c.db.mu.Lock()
		c.db.tables[def.Name] = &table{name: def.Name, data: mt}
		delete(c.db.views, def.Name)
		c.db.mu.Unlock()
	}
	return &Rows{}, nil
}
