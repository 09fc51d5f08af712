package sql

import (
	"context"
	"fmt"
	"strings"

	"github.com/lhsql/lhsql/engine"
	"github.com/lhsql/lhsql/sql/parser"
	"github.com/lhsql/lhsql/sql/plan"
	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// Row-level DML helpers: INSERT ... ON CONFLICT (upsert), RETURNING,
// UPDATE ... FROM and DELETE ... USING. They work on materialized rows;
// the plain statements keep their vectorized paths in ddl.go.

const (
	rowIDCol    = "__lhsql_rowid"
	pairTable   = "__lhsql_pairs"
	retTable    = "__lhsql_returning"
	targetTable = "__lhsql_target"
	exclPrefix  = "__lhsql_excluded_"
)

// scanChunks reads every row of t in storage order as compact chunks.
func scanChunks(ctx context.Context, t storage.Table) ([]*vector.Chunk, error) {
	cols := make([]int, len(t.Schema()))
	for i := range cols {
		cols[i] = i
	}
	sc, err := t.Scan(ctx, storage.ScanSpec{Columns: cols})
	if err != nil {
		return nil, err
	}
	defer sc.Close()
	var out []*vector.Chunk
	for m := 0; m < sc.Morsels(); m++ {
		err := sc.ReadMorsel(ctx, m, func(ch *vector.Chunk) error {
			out = append(out, ch.Compact())
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// chunkRows converts chunks to rows of values.
func chunkRows(chunks []*vector.Chunk) [][]vector.Value {
	var out [][]vector.Value
	for _, ch := range chunks {
		ch = ch.Compact()
		for r := 0; r < ch.Len; r++ {
			row := make([]vector.Value, len(ch.Cols))
			for j, col := range ch.Cols {
				row[j] = col.Get(r)
			}
			out = append(out, row)
		}
	}
	return out
}

// rowsTable builds an in-memory table from rows of values.
func rowsTable(name string, schema []storage.Column, rows [][]vector.Value) (*storage.MemTable, error) {
	mt := storage.NewMemTable(name, schema)
	types := make([]vector.Type, len(schema))
	for i, c := range schema {
		types[i] = c.Type
	}
	for lo := 0; lo < len(rows); lo += vector.MaxLen {
		hi := min(lo+vector.MaxLen, len(rows))
		n := hi - lo
		ch := vector.NewChunk(types, n)
		for i := lo; i < hi; i++ {
			for j, v := range rows[i] {
				if !v.Null && v.Typ.ID != types[j].ID {
					cv, err := plan.CastValue(v, types[j])
					if err != nil {
						return nil, err
					}
					v = cv
				}
				if v.Null {
					ch.Cols[j].SetNull(i-lo, n)
					continue
				}
				ch.Cols[j].Set(i-lo, n, v)
			}
		}
		if err := mt.Append(ch); err != nil {
			return nil, err
		}
	}
	return mt, nil
}

// valueKey renders the values of cols of row as a map key; ok is false
// when one of them is NULL (NULLs never conflict).
func valueKey(row []vector.Value, cols []int) (string, bool) {
	var b strings.Builder
	for _, c := range cols {
		v := row[c]
		if v.Null {
			return "", false
		}
		b.WriteString(v.String())
		b.WriteByte(0)
	}
	return b.String(), true
}

// conflictKeys resolves the ON CONFLICT target to the table keys it names.
func conflictKeys(t *table, s *parser.InsertStmt, doUpdate bool) ([]uniqueKey, error) {
	schema := t.data.Schema()
	if s.OnConflict != nil && len(s.OnConflict.Columns) > 0 {
		want := map[int]bool{}
		for _, n := range s.OnConflict.Columns {
			found := false
			for i, c := range schema {
				if strings.EqualFold(c.Name, n) {
					want[i] = true
					found = true
				}
			}
			if !found {
				return nil, fmt.Errorf("Binder Error: Table %q does not have a column with name %q", t.name, n)
			}
		}
		for _, k := range t.keys {
			if len(k.cols) != len(want) {
				continue
			}
			all := true
			for _, c := range k.cols {
				all = all && want[c]
			}
			if all {
				return []uniqueKey{k}, nil
			}
		}
		return nil, fmt.Errorf("Binder Error: The specified columns as conflict target are not referenced by a UNIQUE/PRIMARY KEY CONSTRAINT or INDEX")
	}
	if doUpdate && len(t.keys) > 1 {
		return nil, fmt.Errorf("Binder Error: Conflict target has to be provided for a DO UPDATE operation when the table has multiple UNIQUE/PRIMARY KEY constraints")
	}
	return t.keys, nil
}

// upsert inserts rows with ON CONFLICT handling (also INSERT OR REPLACE /
// OR IGNORE) and returns the rows inserted or updated.
func (c *Conn) upsert(ctx context.Context, text string, t *table, s *parser.InsertStmt, chunks []*vector.Chunk, args []vector.Value) ([][]vector.Value, error) {
	schema := t.data.Schema()
	oc := s.OnConflict
	if oc == nil {
		oc = &parser.OnConflict{DoNothing: s.OrIgnore}
		if s.OrReplace {
			oc.DoNothing = false
		}
	}
	doUpdate := !oc.DoNothing
	if len(t.keys) == 0 {
		if len(oc.Columns) > 0 {
			return nil, fmt.Errorf("Binder Error: The specified columns as conflict target are not referenced by a UNIQUE/PRIMARY KEY CONSTRAINT or INDEX")
		}
		// Nothing can conflict: a plain insert.
		return c.appendRows(ctx, t, chunks)
	}
	keys, err := conflictKeys(t, &parser.InsertStmt{OnConflict: oc}, doUpdate)
	if err != nil {
		return nil, err
	}
	// Fast path: when no new row conflicts, this is a plain append.
	if rows, err := c.appendRows(ctx, t, chunks); err == nil {
		return rows, nil
	} else if !strings.Contains(err.Error(), "Duplicate key") {
		return nil, err
	}
	var set []*parser.SetClause
	if doUpdate {
		set = oc.Set
		if s.OnConflict == nil || len(set) == 0 {
			// INSERT OR REPLACE: every column not in the conflict key.
			inKey := map[int]bool{}
			for _, k := range keys {
				for _, col := range k.cols {
					inKey[col] = true
				}
			}
			set = nil
			listed := func(name string) bool {
				if len(s.Columns) == 0 {
					return true
				}
				for _, n := range s.Columns {
					if strings.EqualFold(n, name) {
						return true
					}
				}
				return false
			}
			for i, col := range schema {
				if !inKey[i] && listed(col.Name) && t.metaAt(i).generated == nil {
					set = append(set, &parser.SetClause{Column: col.Name,
						Value: &parser.ColumnRef{Parts: []string{"excluded", col.Name}, Pos: -1}})
				}
			}
		}
		for _, sc := range set {
			found := false
			for _, col := range schema {
				found = found || strings.EqualFold(col.Name, sc.Column)
			}
			if !found {
				return nil, fmt.Errorf("Binder Error: Referenced update column %s not found in table!", sc.Column)
			}
		}
	}
	if !doUpdate || len(set) == 0 {
		// Vectorized when the new rows do not collide with each other;
		// otherwise the row-wise path below skips the later duplicates.
		rows, err := c.insertNew(ctx, t, keys, chunks)
		if err == nil || !strings.Contains(err.Error(), "Duplicate key") {
			return rows, err
		}
	}
	oldChunks, err := scanChunks(ctx, t.data)
	if err != nil {
		return nil, err
	}
	existing := chunkRows(oldChunks)
	newRows := chunkRows(chunks)
	// index[k][key] = existing row (>= 0) or -(new row)-1.
	index := make([]map[string]int, len(keys))
	for ki, k := range keys {
		index[ki] = map[string]int{}
		for r, row := range existing {
			if key, ok := valueKey(row, k.cols); ok {
				index[ki][key] = r
			}
		}
	}
	type pair struct{ old, new int }
	var pairs []pair
	var inserts [][]vector.Value
	// out collects the returned rows in input order.
	out := make([][]vector.Value, len(newRows))
	touched := map[int]bool{}
	for ni, row := range newRows {
		conflict, withNew := -1, false
		for ki, k := range keys {
			key, ok := valueKey(row, k.cols)
			if !ok {
				continue
			}
			if r, hit := index[ki][key]; hit {
				conflict = r
				withNew = r < 0
				break
			}
		}
		if conflict == -1 {
			for ki, k := range keys {
				if key, ok := valueKey(row, k.cols); ok {
					index[ki][key] = -len(inserts) - 2
				}
			}
			inserts = append(inserts, row)
			out[ni] = row
			continue
		}
		if !doUpdate {
			continue
		}
		if withNew || touched[conflict] {
			return nil, fmt.Errorf("Invalid Input Error: ON CONFLICT DO UPDATE can not update the same row twice in the same command. Ensure that no rows proposed for insertion within the same command have duplicate constrained values")
		}
		touched[conflict] = true
		pairs = append(pairs, pair{conflict, ni})
	}
	var changed [][]vector.Value
	if len(pairs) > 0 {
		// Evaluate SET and WHERE over (existing row, excluded row) pairs.
		pschema := append([]storage.Column(nil), schema...)
		for i, col := range schema {
			pschema = append(pschema, storage.Column{Name: fmt.Sprintf("%s%d", exclPrefix, i), Type: col.Type})
		}
		pschema = append(pschema, storage.Column{Name: rowIDCol, Type: vector.BigInt})
		prow := make([][]vector.Value, len(pairs))
		for i, p := range pairs {
			r := append(append(append([]vector.Value(nil), existing[p.old]...), newRows[p.new]...), vector.IntValue(int64(i)))
			prow[i] = r
		}
		pt, err := rowsTable(pairTable, pschema, prow)
		if err != nil {
			return nil, err
		}
		alias := t.name
		if s.Alias != "" {
			alias = s.Alias
		}
		excl := func(e parser.Expr) parser.Expr {
			return plan.RewriteColumnRefs(e, func(cr *parser.ColumnRef) parser.Expr {
				if len(cr.Parts) == 2 && strings.EqualFold(cr.Parts[0], "excluded") && !strings.EqualFold(alias, "excluded") {
					for i, col := range schema {
						if strings.EqualFold(col.Name, cr.Parts[1]) {
							return &parser.ColumnRef{Parts: []string{fmt.Sprintf("%s%d", exclPrefix, i)}, Pos: cr.Pos}
						}
					}
				}
				return nil
			}).(parser.Expr)
		}
		setExpr := map[string]parser.Expr{}
		for _, sc := range set {
			if _, isDef := sc.Value.(*parser.DefaultExpr); isDef {
				return nil, fmt.Errorf("Binder Error: DEFAULT is not allowed here!")
			}
			setExpr[strings.ToLower(sc.Column)] = excl(sc.Value)
		}
		core := &parser.SelectCore{From: []parser.TableRef{&parser.TableName{Name: pairTable, Alias: alias, Pos: -1}}}
		core.Items = append(core.Items, &parser.SelectItem{Expr: &parser.ColumnRef{Parts: []string{rowIDCol}, Pos: -1}})
		for _, col := range schema {
			var e parser.Expr = &parser.ColumnRef{Parts: []string{alias, col.Name}, Pos: -1}
			if v, ok := setExpr[strings.ToLower(col.Name)]; ok {
				e = &parser.CastExpr{X: v, To: typeNameOf(col.Type), Pos: -1}
			}
			core.Items = append(core.Items, &parser.SelectItem{Expr: e})
		}
		if oc.Where != nil {
			core.Where = excl(oc.Where)
		}
		c.overlay = map[string]storage.Table{pairTable: pt}
		node, _, _, err := c.planQuery(text, &parser.SelectStmt{Body: core}, args)
		c.overlay = nil
		if err != nil {
			return nil, err
		}
		res, err := c.collect(ctx, node)
		if err != nil {
			return nil, err
		}
		for _, row := range chunkRows(res) {
			p := pairs[row[0].I64]
			existing[p.old] = row[1:]
			changed = append(changed, row[1:])
			out[p.new] = row[1:]
		}
	}
	if len(changed) == 0 && len(inserts) == 0 {
		return nil, nil
	}
	all := append(existing, inserts...)
	mt, err := rowsTable(t.name, schema, all)
	if err != nil {
		return nil, err
	}
	if err := c.validate(ctx, t, mt, true); err != nil {
		return nil, err
	}
	c.db.mu.Lock()
	t.data = mt
	c.db.mu.Unlock()
	var res [][]vector.Value
	for _, r := range out {
		if r != nil {
			res = append(res, r)
		}
	}
	return res, nil
}

// insertNew appends the rows of chunks whose keys are not in t yet (ON
// CONFLICT DO NOTHING, or an update with nothing to set), with an anti
// join.
func (c *Conn) insertNew(ctx context.Context, t *table, keys []uniqueKey, chunks []*vector.Chunk) ([][]vector.Value, error) {
	const newTable, oldTable = "__lhsql_new", "__lhsql_old"
	schema := t.data.Schema()
	ext := append(append([]storage.Column(nil), schema...), storage.Column{Name: rowIDCol, Type: vector.BigInt})
	nt := storage.NewMemTable(newTable, ext)
	var next int64
	for _, ch := range chunks {
		ch = ch.Compact()
		ids := vector.New(vector.BigInt, ch.Len)
		for i := range ch.Len {
			ids.I64[i] = next
			next++
		}
		if err := nt.Append(&vector.Chunk{Cols: append(append([]*vector.Vector(nil), ch.Cols...), ids), Len: ch.Len}); err != nil {
			return nil, err
		}
	}
	ref := func(tbl string, i int) parser.Expr {
		return &parser.ColumnRef{Parts: []string{tbl, schema[i].Name}, Pos: -1}
	}
	core := &parser.SelectCore{From: []parser.TableRef{&parser.TableName{Name: newTable, Alias: "n", Pos: -1}}}
	for i := range schema {
		core.Items = append(core.Items, &parser.SelectItem{Expr: ref("n", i)})
	}
	for _, k := range keys {
		var cond parser.Expr
		for _, i := range k.cols {
			eq := &parser.BinaryExpr{Op: "=", L: ref("o", i), R: ref("n", i), Pos: -1}
			if cond == nil {
				cond = eq
			} else {
				cond = &parser.BinaryExpr{Op: "AND", L: cond, R: eq, Pos: -1}
			}
		}
		sub := &parser.SelectStmt{Body: &parser.SelectCore{
			Items: []*parser.SelectItem{{Expr: &parser.Literal{Kind: parser.LitInteger, Value: "1", Pos: -1}}},
			From:  []parser.TableRef{&parser.TableName{Name: oldTable, Alias: "o", Pos: -1}},
			Where: cond,
		}}
		var notEx parser.Expr = &parser.ExistsExpr{Query: sub, Not: true, Pos: -1}
		if core.Where == nil {
			core.Where = notEx
		} else {
			core.Where = &parser.BinaryExpr{Op: "AND", L: core.Where, R: notEx, Pos: -1}
		}
	}
	q := &parser.SelectStmt{Body: core, OrderBy: []*parser.OrderItem{{Expr: &parser.ColumnRef{Parts: []string{"n", rowIDCol}, Pos: -1}}}}
	c.overlay = map[string]storage.Table{newTable: nt, oldTable: t.data}
	node, _, _, err := c.planQuery("", q, nil)
	c.overlay = nil
	if err != nil {
		return nil, err
	}
	fresh, err := c.collect(ctx, node)
	if err != nil {
		return nil, err
	}
	for _, ch := range fresh {
		fixNullTypes(ch, schema)
	}
	return c.appendRows(ctx, t, fresh)
}

// appendRows validates and appends chunks to t, returning the new rows.
func (c *Conn) appendRows(ctx context.Context, t *table, chunks []*vector.Chunk) ([][]vector.Value, error) {
	schema := t.data.Schema()
	fresh := storage.NewMemTable(t.name, schema)
	for _, ch := range chunks {
		if err := fresh.Append(ch); err != nil {
			return nil, err
		}
	}
	if err := c.validate(ctx, t, fresh, false); err != nil {
		return nil, err
	}
	for _, ch := range chunks {
		if err := t.data.Append(ch); err != nil {
			return nil, err
		}
	}
	return chunkRows(chunks), nil
}

// returning evaluates a RETURNING list over the rows a statement changed.
func (c *Conn) returning(ctx context.Context, text string, t *table, alias string, rows [][]vector.Value, items []*parser.SelectItem, args []vector.Value) (*Rows, error) {
	schema := t.data.Schema()
	rt, err := rowsTable(retTable, schema, rows)
	if err != nil {
		return nil, err
	}
	if alias == "" {
		alias = t.name
	}
	core := &parser.SelectCore{Items: items, From: []parser.TableRef{&parser.TableName{Name: retTable, Alias: alias, Pos: -1}}}
	c.overlay = map[string]storage.Table{retTable: rt}
	node, names, types, err := c.planQuery(text, &parser.SelectStmt{Body: core}, args)
	c.overlay = nil
	if err != nil {
		return nil, err
	}
	chunks, err := c.collect(ctx, node)
	if err != nil {
		return nil, err
	}
	out := chunkRows(chunks)
	r := valueRows(names, types, out)
	r.RowsAffected = int64(len(rows))
	return r, nil
}

// checkReturning rejects a RETURNING list before the statement changes
// anything: it must produce columns and may not use aggregates, window
// functions or subqueries.
func (c *Conn) checkReturning(text string, t *table, alias string, items []*parser.SelectItem, args []vector.Value) error {
	if items == nil {
		return nil
	}
	var bad string
	for _, it := range items {
		plan.WalkAST(it.Expr, func(e parser.Expr) {
			switch x := e.(type) {
			case *parser.SubqueryExpr, *parser.InSubqueryExpr, *parser.ExistsExpr, *parser.QuantifiedExpr:
				bad = "SUBQUERY is not supported in RETURNING statements"
			case *parser.FuncCall:
				if x.Over != nil {
					bad = "Window functions are not supported in RETURNING statements"
				} else if engine.IsAggregate(strings.ToLower(x.Name)) {
					bad = "Aggregate functions are not supported in RETURNING statements"
				}
			}
		})
	}
	if bad != "" {
		return fmt.Errorf("Binder Error: %s", bad)
	}
	r, err := c.returning(context.Background(), text, t, alias, nil, items, args)
	if err != nil {
		return err
	}
	if len(r.Columns) == 0 {
		return fmt.Errorf("Binder Error: RETURNING list is empty")
	}
	return nil
}

// withRowIDs copies t's rows into a table with an extra row number
// column (named rowIDCol) and returns it with the original chunks.
func withRowIDs(ctx context.Context, t *table) (*storage.MemTable, []*vector.Chunk, error) {
	schema := t.data.Schema()
	chunks, err := scanChunks(ctx, t.data)
	if err != nil {
		return nil, nil, err
	}
	ext := append(append([]storage.Column(nil), schema...), storage.Column{Name: rowIDCol, Type: vector.BigInt})
	mt := storage.NewMemTable(targetTable, ext)
	var next int64
	for _, ch := range chunks {
		ids := vector.New(vector.BigInt, ch.Len)
		for i := range ch.Len {
			ids.I64[i] = next
			next++
		}
		cols := append(append([]*vector.Vector(nil), ch.Cols...), ids)
		if err := mt.Append(&vector.Chunk{Cols: cols, Len: ch.Len}); err != nil {
			return nil, nil, err
		}
	}
	return mt, chunks, nil
}

// rowidQuery runs a query over the target table (with row numbers, under
// the statement's name or alias) and extra FROM items; its first output
// column must be the row number.
func (c *Conn) rowidQuery(ctx context.Context, text string, t *table, target storage.Table, alias string, items []*parser.SelectItem, from []parser.TableRef, where parser.Expr, args []vector.Value) ([][]vector.Value, error) {
	if alias == "" {
		alias = t.name
	}
	core := &parser.SelectCore{
		Items: append([]*parser.SelectItem{{Expr: &parser.ColumnRef{Parts: []string{alias, rowIDCol}, Pos: -1}}}, items...),
		From:  append([]parser.TableRef{&parser.TableName{Name: targetTable, Alias: alias, Pos: -1}}, from...),
		Where: where,
	}
	c.overlay = map[string]storage.Table{targetTable: target}
	node, _, _, err := c.planQuery(text, &parser.SelectStmt{Body: core}, args)
	c.overlay = nil
	if err != nil {
		return nil, err
	}
	chunks, err := c.collect(ctx, node)
	if err != nil {
		return nil, err
	}
	return chunkRows(chunks), nil
}

// deleteRows implements DELETE with USING or RETURNING: it returns the
// deleted rows.
func (c *Conn) deleteRows(ctx context.Context, text string, t *table, s *parser.DeleteStmt, args []vector.Value) ([][]vector.Value, error) {
	target, chunks, err := withRowIDs(ctx, t)
	if err != nil {
		return nil, err
	}
	hits, err := c.rowidQuery(ctx, text, t, target, s.Alias, nil, s.Using, s.Where, args)
	if err != nil {
		return nil, err
	}
	del := map[int64]bool{}
	for _, h := range hits {
		del[h[0].I64] = true
	}
	schema := t.data.Schema()
	mt := storage.NewMemTable(t.name, schema)
	var gone [][]vector.Value
	var id int64
	for _, ch := range chunks {
		var keep vector.Sel
		for i := range ch.Len {
			if del[id] {
				row := make([]vector.Value, len(ch.Cols))
				for j, col := range ch.Cols {
					row[j] = col.Get(i)
				}
				gone = append(gone, row)
			} else {
				keep = append(keep, uint32(i))
			}
			id++
		}
		if len(keep) == 0 {
			continue
		}
		if err := mt.Append(&vector.Chunk{Cols: ch.Cols, Len: ch.Len, Sel: keep}); err != nil {
			return nil, err
		}
	}
	if len(gone) > 0 {
		c.db.mu.Lock()
		t.data = mt
		c.db.mu.Unlock()
	}
	return gone, nil
}

// updateRows implements UPDATE with FROM or RETURNING: it returns the new
// values of the updated rows.
func (c *Conn) updateRows(ctx context.Context, text string, t *table, s *parser.UpdateStmt, args []vector.Value) ([][]vector.Value, error) {
	target, chunks, err := withRowIDs(ctx, t)
	if err != nil {
		return nil, err
	}
	schema := t.data.Schema()
	alias := s.Alias
	if alias == "" {
		alias = t.name
	}
	set := map[string]parser.Expr{}
	for _, sc := range s.Set {
		set[strings.ToLower(sc.Column)] = sc.Value
	}
	var items []*parser.SelectItem
	for _, col := range schema {
		var e parser.Expr = &parser.ColumnRef{Parts: []string{alias, col.Name}, Pos: -1}
		if v, ok := set[strings.ToLower(col.Name)]; ok {
			e = &parser.CastExpr{X: v, To: typeNameOf(col.Type), Pos: v.Position()}
		}
		items = append(items, &parser.SelectItem{Expr: e})
	}
	hits, err := c.rowidQuery(ctx, text, t, target, s.Alias, items, s.From, s.Where, args)
	if err != nil {
		return nil, err
	}
	upd := map[int64][]vector.Value{}
	var changed [][]vector.Value
	for _, h := range hits {
		if _, dup := upd[h[0].I64]; dup {
			continue
		}
		upd[h[0].I64] = h[1:]
		changed = append(changed, h[1:])
	}
	if len(changed) == 0 {
		return nil, nil
	}
	all := chunkRows(chunks)
	for id, row := range upd {
		all[id] = row
	}
	mt, err := rowsTable(t.name, schema, all)
	if err != nil {
		return nil, err
	}
	if t.hasGenerated() {
		full, err := scanChunks(ctx, mt)
		if err != nil {
			return nil, err
		}
		if full, err = c.computeGenerated(ctx, t, full); err != nil {
			return nil, err
		}
		mt = storage.NewMemTable(t.name, schema)
		for _, ch := range full {
			if err := mt.Append(ch); err != nil {
				return nil, err
			}
		}
	}
	if err := c.validate(ctx, t, mt, true); err != nil {
		return nil, err
	}
	c.db.mu.Lock()
	t.data = mt
	c.db.mu.Unlock()
	return changed, nil
}
