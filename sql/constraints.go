package sql

import (
	"context"
	"fmt"
	"strings"

	"github.com/lhsql/lhsql/sql/parser"
	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// colMeta holds per-column catalog metadata of a base table.
type colMeta struct {
	dflt      parser.Expr // DEFAULT expression, nil = NULL
	notNull   bool
	generated parser.Expr // AS (expr) of a generated column
}

// uniqueKey is a PRIMARY KEY or UNIQUE constraint over column indexes.
type uniqueKey struct {
	cols    []int
	primary bool
	index   string // catalog key of the UNIQUE index that created it, if any
}

// metaAt returns column i's metadata (zero when none was declared).
func (t *table) metaAt(i int) colMeta {
	if i < len(t.meta) {
		return t.meta[i]
	}
	return colMeta{}
}

// tableConstraints collects column and table constraints of CREATE TABLE.
func tableConstraints(s *parser.CreateTableStmt, schema []storage.Column) ([]colMeta, []parser.Expr, []uniqueKey, error) {
	meta := make([]colMeta, len(schema))
	var checks []parser.Expr
	var keys []uniqueKey
	index := func(name string) (int, error) {
		for i, c := range schema {
			if strings.EqualFold(c.Name, name) {
				return i, nil
			}
		}
		return -1, fmt.Errorf("Binder Error: column %q named in key does not exist", name)
	}
	for i, d := range s.Columns {
		meta[i].dflt = d.Default
		meta[i].generated = d.Generated
		meta[i].notNull = d.NotNull || d.PrimaryKey
		if d.Check != nil {
			checks = append(checks, d.Check)
		}
		if d.PrimaryKey || d.Unique {
			keys = append(keys, uniqueKey{cols: []int{i}, primary: d.PrimaryKey})
		}
	}
	if len(s.PrimaryKey) > 0 {
		k := uniqueKey{primary: true}
		for _, n := range s.PrimaryKey {
			i, err := index(n)
			if err != nil {
				return nil, nil, nil, err
			}
			k.cols = append(k.cols, i)
			meta[i].notNull = true
		}
		keys = append(keys, k)
	}
	for _, u := range s.Uniques {
		var k uniqueKey
		for _, n := range u {
			i, err := index(n)
			if err != nil {
				return nil, nil, nil, err
			}
			k.cols = append(k.cols, i)
		}
		keys = append(keys, k)
	}
	checks = append(checks, s.Checks...)
	return meta, checks, keys, nil
}

// validate checks t's constraints for rows about to be stored. fresh holds
// the new rows; when replace is false they are added to t's current rows,
// otherwise they replace them.
func (c *Conn) validate(ctx context.Context, t *table, fresh storage.Table, replace bool) error {
	schema := t.data.Schema()
	for i := range schema {
		if !t.metaAt(i).notNull {
			continue
		}
		if err := c.checkNotNullIn(fresh, i, t.name, schema[i].Name); err != nil {
			return err
		}
	}
	if len(t.checks) == 0 && len(t.keys) == 0 {
		return nil
	}
	const newName, oldName = "__lhsql_new", "__lhsql_old"
	c.overlay = map[string]storage.Table{newName: fresh, oldName: t.data}
	defer func() { c.overlay = nil }()
	count := func(q string) (int64, error) {
		r, err := c.Query(ctx, q)
		if err != nil {
			return 0, err
		}
		defer r.Close()
		var n int64
		for {
			ch, err := r.Next()
			if err != nil {
				return 0, err
			}
			if ch == nil {
				return n, nil
			}
			n += int64(ch.Len)
		}
	}
	for _, chk := range t.checks {
		// A CHECK fails only when its expression is false (NULL passes).
		q := &parser.SelectStmt{Body: &parser.SelectCore{
			Items: []*parser.SelectItem{{Expr: &parser.Literal{Kind: parser.LitInteger, Value: "1", Pos: -1}}},
			From:  []parser.TableRef{&parser.TableName{Name: newName, Alias: t.name, Pos: -1}},
			Where: &parser.IsBoolExpr{X: chk, Value: false, Pos: -1},
		}, Limit: &parser.Literal{Kind: parser.LitInteger, Value: "1", Pos: -1}}
		node, _, _, err := c.planQuery("", q, nil)
		if err != nil {
			return err
		}
		chunks, err := c.collect(ctx, node)
		if err != nil {
			return err
		}
		for _, ch := range chunks {
			if ch.Len > 0 {
				return fmt.Errorf("Constraint Error: CHECK constraint failed on table %s with expression CHECK(%s)", t.name, exprText(chk))
			}
		}
	}
	for _, k := range t.keys {
		var cols, notNull []string
		for _, i := range k.cols {
			q := quoteIdent(schema[i].Name)
			cols = append(cols, q)
			notNull = append(notNull, q+" IS NOT NULL")
		}
		src := "SELECT " + strings.Join(cols, ", ") + " FROM " + newName
		if !replace {
			src += " UNION ALL SELECT " + strings.Join(cols, ", ") + " FROM " + oldName
		}
		q := "SELECT " + strings.Join(cols, ", ") + " FROM (" + src + ") WHERE " + strings.Join(notNull, " AND ") +
			" GROUP BY ALL HAVING count(*) > 1 LIMIT 1"
		r, err := c.Query(ctx, q)
		if err != nil {
			return err
		}
		ch, err := r.Next()
		r.Close()
		if err != nil {
			return err
		}
		if ch != nil && ch.Len > 0 {
			var parts []string
			for j, i := range k.cols {
				parts = append(parts, schema[i].Name+": "+ch.Cols[j].Get(0).String())
			}
			kind := "unique"
			if k.primary {
				kind = "primary key"
			}
			return fmt.Errorf("Constraint Error: Duplicate key \"%s\" violates %s constraint.", strings.Join(parts, ", "), kind)
		}
	}
	_ = count
	return nil
}

// checkNotNullIn fails when column i of tbl holds a NULL.
func (c *Conn) checkNotNullIn(tbl storage.Table, i int, tname, cname string) error {
	sc, err := tbl.Scan(context.Background(), storage.ScanSpec{Columns: []int{i}})
	if err != nil {
		return err
	}
	defer sc.Close()
	for m := 0; m < sc.Morsels(); m++ {
		err := sc.ReadMorsel(context.Background(), m, func(ch *vector.Chunk) error {
			col := ch.Cols[0]
			for r := 0; r < ch.Len; r++ {
				if col.IsNull(r) {
					return fmt.Errorf("Constraint Error: NOT NULL constraint failed: %s.%s", tname, cname)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// exprText renders a constraint expression for messages.
func exprText(e parser.Expr) string {
	switch x := e.(type) {
	case *parser.BinaryExpr:
		return exprText(x.L) + " " + x.Op + " " + exprText(x.R)
	case *parser.ColumnRef:
		return strings.Join(x.Parts, ".")
	case *parser.Literal:
		if x.Kind == parser.LitString {
			return "'" + x.Value + "'"
		}
		return x.Value
	}
	return "..."
}
