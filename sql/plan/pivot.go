package plan

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/lhsql/lhsql/sql/parser"
	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// PIVOT and UNPIVOT are rewritten into ordinary queries over the source:
// PIVOT becomes a grouped aggregate with one FILTERed aggregate per pivot
// value (the values come from the IN list, or from the distinct values of
// the pivot columns, found by running a query while binding); UNPIVOT
// becomes a UNION ALL with one branch per unpivoted column.

// maxPivotColumns bounds the number of columns a PIVOT may create.
const maxPivotColumns = 10000

func (b *Binder) bindPivot(x *parser.PivotRef, outer *scope) (Op, *scope, error) {
	// Bind the source once to learn its columns.
	_, src, err := b.bindTableRef(x.Source, outer)
	if err != nil {
		return nil, nil, err
	}
	var colNames []string
	for _, c := range src.cols {
		if !c.hidden && !c.pseudo {
			colNames = append(colNames, c.name)
		}
	}
	var q *parser.SelectStmt
	if x.Unpivot {
		q, err = b.unpivotQuery(x, colNames)
	} else {
		q, err = b.pivotQuery(x, colNames, outer)
	}
	if err != nil {
		return nil, nil, err
	}
	op, names, err := b.bindSelect(q, outer)
	if err != nil {
		return nil, nil, err
	}
	alias := x.Alias
	if alias == "" {
		alias = "pivot"
	}
	return b.aliasOp(op, names, alias, x.ColAliases, x.Pos)
}

func colRef(name string) parser.Expr {
	return &parser.ColumnRef{Parts: []string{name}, Pos: -1}
}

// pivotExprs returns the pivot column expressions (a "row" call holds
// several).
func pivotExprs(pc *parser.PivotColumn) []parser.Expr {
	if f, ok := pc.Expr.(*parser.FuncCall); ok && f.Name == "row" {
		return f.Args
	}
	return []parser.Expr{pc.Expr}
}

// pivotValue is one combination of pivot values and its column name.
type pivotValue struct {
	name  string
	conds []parser.Expr
}

func (b *Binder) pivotQuery(x *parser.PivotRef, colNames []string, outer *scope) (*parser.SelectStmt, error) {
	if len(x.Using) == 0 {
		// PIVOT without USING counts rows.
		x.Using = []*parser.SelectItem{{Expr: &parser.FuncCall{Name: "count", Star: true, Pos: -1}}}
	}
	used := map[string]bool{}
	mark := func(e parser.Expr) {
		astWalk(e, func(n parser.Expr) {
			if c, ok := n.(*parser.ColumnRef); ok {
				used[strings.ToLower(c.Parts[len(c.Parts)-1])] = true
			}
		})
	}
	combos := []pivotValue{{}}
	for _, pc := range x.On {
		exprs := pivotExprs(pc)
		for _, e := range exprs {
			mark(e)
		}
		var vals []pivotValue
		if len(pc.In) > 0 {
			for _, it := range pc.In {
				v := pivotValue{name: it.Alias}
				if v.name == "" {
					v.name = literalName(it.Expr)
				}
				v.conds = []parser.Expr{&parser.BinaryExpr{Op: "=", L: exprs[0], R: it.Expr, Pos: -1}}
				vals = append(vals, v)
			}
		} else {
			distinct, err := b.distinctValues(x.Source, exprs, outer)
			if err != nil {
				return nil, err
			}
			for _, row := range distinct {
				v := pivotValue{name: strings.Join(row, "_")}
				for i, e := range exprs {
					v.conds = append(v.conds, &parser.BinaryExpr{Op: "=",
						L: &parser.CastExpr{X: e, To: &parser.TypeName{Name: "VARCHAR"}, Pos: -1},
						R: &parser.Literal{Kind: parser.LitString, Value: row[i], Pos: -1}, Pos: -1})
				}
				vals = append(vals, v)
			}
		}
		var next []pivotValue
		for _, c := range combos {
			for _, v := range vals {
				name := v.name
				if c.name != "" {
					name = c.name + "_" + v.name
				}
				next = append(next, pivotValue{name: name, conds: append(append([]parser.Expr(nil), c.conds...), v.conds...)})
			}
		}
		if len(next) > maxPivotColumns {
			return nil, fmt.Errorf("Binder Error: PIVOT would create more than %d columns", maxPivotColumns)
		}
		combos = next
	}
	for _, u := range x.Using {
		mark(u.Expr)
	}
	core := &parser.SelectCore{From: []parser.TableRef{x.Source}}
	groups := x.GroupBy
	if groups == nil {
		for _, n := range colNames {
			if !used[strings.ToLower(n)] {
				groups = append(groups, colRef(n))
			}
		}
	}
	for _, g := range groups {
		core.Items = append(core.Items, &parser.SelectItem{Expr: g})
	}
	core.GroupBy = groups
	if len(groups) == 0 {
		core.GroupBy = nil
	}
	for _, c := range combos {
		var cond parser.Expr
		for _, e := range c.conds {
			if cond == nil {
				cond = e
			} else {
				cond = &parser.BinaryExpr{Op: "AND", L: cond, R: e, Pos: -1}
			}
		}
		for _, u := range x.Using {
			f, ok := u.Expr.(*parser.FuncCall)
			if !ok {
				return nil, fmt.Errorf("Binder Error: PIVOT USING needs aggregate functions")
			}
			call := *f
			if call.Filter != nil {
				call.Filter = &parser.BinaryExpr{Op: "AND", L: call.Filter, R: cond, Pos: -1}
			} else {
				call.Filter = cond
			}
			name := c.name
			if len(x.Using) > 1 || u.Alias != "" {
				suffix := u.Alias
				if suffix == "" {
					suffix = exprName(f)
				}
				name += "_" + suffix
			}
			core.Items = append(core.Items, &parser.SelectItem{Expr: &call, Alias: name})
		}
	}
	return &parser.SelectStmt{Body: core}, nil
}

// literalName is the column name a pivot IN value produces.
func literalName(e parser.Expr) string {
	if l, ok := e.(*parser.Literal); ok {
		switch l.Kind {
		case parser.LitNull:
			return "NULL"
		case parser.LitString, parser.LitInteger, parser.LitDecimal, parser.LitTyped:
			return l.Value
		}
	}
	return exprName(e)
}

// distinctValues runs SELECT DISTINCT exprs::VARCHAR FROM source and
// returns the rows, sorted, without NULL combinations.
func (b *Binder) distinctValues(source parser.TableRef, exprs []parser.Expr, outer *scope) ([][]string, error) {
	core := &parser.SelectCore{Distinct: true, From: []parser.TableRef{source}}
	for _, e := range exprs {
		core.Items = append(core.Items, &parser.SelectItem{Expr: &parser.CastExpr{X: e, To: &parser.TypeName{Name: "VARCHAR"}, Pos: -1}})
	}
	// This plan runs at bind time, outside the statement's plan: it cannot
	// scan the statement's materialized CTEs.
	b.noMaterialize++
	op, names, err := b.bindSelect(&parser.SelectStmt{Body: core}, outer)
	b.noMaterialize--
	if err != nil {
		return nil, err
	}
	t, err := b.cat.Materialize(op, names)
	if err != nil {
		return nil, err
	}
	rows, err := readAll(t)
	if err != nil {
		return nil, err
	}
	var out [][]string
	for _, r := range rows {
		if r == nil {
			continue
		}
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return strings.Join(out[i], "\x00") < strings.Join(out[j], "\x00") })
	return out, nil
}

// readAll reads a small table as strings; rows with a NULL are nil.
func readAll(t storage.Table) ([][]string, error) {
	n := len(t.Schema())
	cols := make([]int, n)
	for i := range cols {
		cols[i] = i
	}
	sc, err := t.Scan(context.Background(), storage.ScanSpec{Columns: cols})
	if err != nil {
		return nil, err
	}
	defer sc.Close()
	var out [][]string
	for m := 0; m < sc.Morsels(); m++ {
		err := sc.ReadMorsel(context.Background(), m, func(ch *vector.Chunk) error {
			ch = ch.Compact()
			for r := 0; r < ch.Len; r++ {
				row := make([]string, n)
				for c, col := range ch.Cols {
					v := col.Get(r)
					if v.Null {
						row = nil
						break
					}
					row[c] = v.Str
				}
				out = append(out, row)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (b *Binder) unpivotQuery(x *parser.PivotRef, colNames []string) (*parser.SelectStmt, error) {
	var unpivot []string
	for _, pc := range x.On {
		for _, e := range pivotExprs(pc) {
			switch c := e.(type) {
			case *parser.ColumnRef:
				unpivot = append(unpivot, c.Parts[len(c.Parts)-1])
			case *parser.Star:
				unpivot = append(unpivot, colNames...)
			default:
				return nil, fmt.Errorf("Binder Error: UNPIVOT ON supports column names only")
			}
		}
	}
	skip := map[string]bool{}
	for _, u := range unpivot {
		skip[strings.ToLower(u)] = true
	}
	nameCol, valueCol := "name", "value"
	if len(x.NameColumns) > 0 {
		nameCol = x.NameColumns[0]
	}
	if len(x.ValueColumns) > 0 {
		valueCol = x.ValueColumns[0]
	}
	var body parser.QueryBody
	for _, u := range unpivot {
		core := &parser.SelectCore{From: []parser.TableRef{x.Source}}
		for _, n := range colNames {
			if !skip[strings.ToLower(n)] {
				core.Items = append(core.Items, &parser.SelectItem{Expr: colRef(n)})
			}
		}
		core.Items = append(core.Items,
			&parser.SelectItem{Expr: &parser.Literal{Kind: parser.LitString, Value: u, Pos: -1}, Alias: nameCol},
			&parser.SelectItem{Expr: colRef(u), Alias: valueCol})
		if !x.IncludeNulls {
			core.Where = &parser.IsNullExpr{X: colRef(u), Not: true, Pos: -1}
		}
		if body == nil {
			body = core
		} else {
			body = &parser.SetOp{Op: parser.Union, All: true, Left: body, Right: core}
		}
	}
	if body == nil {
		return nil, fmt.Errorf("Binder Error: UNPIVOT needs at least one column")
	}
	return &parser.SelectStmt{Body: body}, nil
}
