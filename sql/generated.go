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

// Generated columns (col [type] [GENERATED ALWAYS] AS (expr)) are stored:
// their values are computed from the other columns whenever rows are
// inserted or updated.

const genTable = "__lhsql_generated"

// hasGenerated reports whether t has generated columns.
func (t *table) hasGenerated() bool {
	for _, m := range t.meta {
		if m.generated != nil {
			return true
		}
	}
	return false
}

// resolveGenerated validates the generated columns of a CREATE TABLE and
// fills in the types of those declared without one.
func (c *Conn) resolveGenerated(text, tname string, defs []*parser.ColumnDef) error {
	var base []*parser.ColumnDef
	var gen []*parser.ColumnDef
	for _, d := range defs {
		if d.Generated != nil {
			gen = append(gen, d)
		} else {
			base = append(base, d)
		}
	}
	if len(gen) == 0 {
		return nil
	}
	schema, err := schemaFromDefs(base)
	if err != nil {
		return err
	}
	// A generated column may use other generated columns: inline their
	// expressions.
	exprs := map[string]parser.Expr{}
	for _, d := range gen {
		exprs[strings.ToLower(d.Name)] = d.Generated
	}
	done := map[string]parser.Expr{}
	var expand func(name string, stack map[string]bool) (parser.Expr, error)
	expand = func(name string, stack map[string]bool) (parser.Expr, error) {
		if e, ok := done[name]; ok {
			return e, nil
		}
		if stack[name] {
			return nil, fmt.Errorf("Binder Error: Generated column %q has a circular dependency", name)
		}
		stack[name] = true
		defer delete(stack, name)
		sub := map[string]parser.Expr{}
		var ferr error
		plan.WalkAST(exprs[name], func(x parser.Expr) {
			if cr, ok := x.(*parser.ColumnRef); ok && len(cr.Parts) == 1 {
				k := strings.ToLower(cr.Parts[0])
				if _, isGen := exprs[k]; isGen {
					e, err := expand(k, stack)
					if err != nil {
						ferr = err
						return
					}
					sub[k] = e
				}
			}
		})
		if ferr != nil {
			return nil, ferr
		}
		e := exprs[name]
		if len(sub) > 0 {
			e = plan.SubstituteAST(e, sub).(parser.Expr)
		}
		done[name] = e
		return e, nil
	}
	for _, d := range gen {
		e, err := expand(strings.ToLower(d.Name), map[string]bool{})
		if err != nil {
			return err
		}
		d.Generated = e
	}
	for _, d := range gen {
		if d.Default != nil {
			return fmt.Errorf("Binder Error: Generated columns cannot have a default value")
		}
		typ, err := c.generatedType(text, tname, schema, d.Name, d.Generated)
		if err != nil {
			return err
		}
		if d.Type == nil {
			d.Type = typeNameOf(typ)
		}
	}
	return nil
}

// generatedType binds a generated column's expression over the other
// columns and returns its type.
func (c *Conn) generatedType(text, tname string, schema []storage.Column, col string, e parser.Expr) (vector.Type, error) {
	bad := ""
	plan.WalkAST(e, func(x parser.Expr) {
		switch f := x.(type) {
		case *parser.SubqueryExpr, *parser.ExistsExpr, *parser.InSubqueryExpr:
			bad = "subqueries"
		case *parser.FuncCall:
			if f.Over != nil {
				bad = "window functions"
			}
		}
	})
	if bad != "" {
		return vector.Type{}, fmt.Errorf("Binder Error: Expression of generated column %q contains %s, which isn't allowed", col, bad)
	}
	empty := storage.NewMemTable(genTable, schema)
	q := &parser.SelectStmt{Body: &parser.SelectCore{
		Items: []*parser.SelectItem{{Expr: e}},
		From:  []parser.TableRef{&parser.TableName{Name: genTable, Alias: tname, Pos: -1}},
	}}
	c.overlay = map[string]storage.Table{genTable: empty}
	_, _, types, err := c.planQuery(text, q, nil)
	c.overlay = nil
	if err != nil {
		return vector.Type{}, err
	}
	return storageType(types[0]), nil
}

// computeGenerated recomputes t's generated columns over chunks holding
// full rows of t, keeping the row order.
func (c *Conn) computeGenerated(ctx context.Context, t *table, chunks []*vector.Chunk) ([]*vector.Chunk, error) {
	if !t.hasGenerated() || len(chunks) == 0 {
		return chunks, nil
	}
	schema := t.data.Schema()
	ext := append(append([]storage.Column(nil), schema...), storage.Column{Name: rowIDCol, Type: vector.BigInt})
	mt := storage.NewMemTable(genTable, ext)
	var next int64
	for _, ch := range chunks {
		ch = ch.Compact()
		ids := vector.New(vector.BigInt, ch.Len)
		for i := range ch.Len {
			ids.I64[i] = next
			next++
		}
		cols := append(append([]*vector.Vector(nil), ch.Cols...), ids)
		if err := mt.Append(&vector.Chunk{Cols: cols, Len: ch.Len}); err != nil {
			return nil, err
		}
	}
	core := &parser.SelectCore{From: []parser.TableRef{&parser.TableName{Name: genTable, Alias: t.name, Pos: -1}}}
	for i, col := range schema {
		var e parser.Expr = &parser.ColumnRef{Parts: []string{col.Name}, Pos: -1}
		if g := t.metaAt(i).generated; g != nil {
			e = &parser.CastExpr{X: g, To: typeNameOf(col.Type), Pos: -1}
		}
		core.Items = append(core.Items, &parser.SelectItem{Expr: e, Alias: col.Name})
	}
	q := &parser.SelectStmt{Body: core, OrderBy: []*parser.OrderItem{{Expr: &parser.ColumnRef{Parts: []string{rowIDCol}, Pos: -1}}}}
	c.overlay = map[string]storage.Table{genTable: mt}
	node, _, _, err := c.planQuery("", q, nil)
	c.overlay = nil
	if err != nil {
		return nil, err
	}
	out, err := c.collect(ctx, node)
	if err != nil {
		return nil, err
	}
	for _, ch := range out {
		fixNullTypes(ch, schema)
	}
	return out, nil
}

// generatedIndex returns the index of a generated column named name, or -1.
func (t *table) generatedIndex(name string) int {
	for i, col := range t.data.Schema() {
		if strings.EqualFold(col.Name, name) && t.metaAt(i).generated != nil {
			return i
		}
	}
	return -1
}
