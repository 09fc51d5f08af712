package plan

import (
	"fmt"
	"strings"

	"github.com/lhsql/lhsql/engine"
	"github.com/lhsql/lhsql/sql/parser"
	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// maxRecursion bounds the iterations of a recursive CTE.
const maxRecursion = 100_000

// recursiveCTE is the materialized result of a WITH RECURSIVE entry.
type recursiveCTE struct {
	table storage.Table
	names []string
}

// bindRecursiveCTE evaluates a recursive CTE by iteration: the anchor
// (left side of its UNION) seeds the working table; the recursive term is
// re-bound against the working table until it produces no new rows. Each
// step runs through Catalog.Materialize. UNION (without ALL) discards rows
// already produced.
func (b *Binder) bindRecursiveCTE(cte *parser.CTE, outer *scope) (*recursiveCTE, error) {
	name := strings.ToLower(cte.Name)
	key := fmt.Sprintf("%p", cte)
	// The anchor and steps run through Catalog.Materialize at bind time,
	// outside the statement's plan: they cannot scan its materialized CTEs.
	b.noMaterialize++
	defer func() { b.noMaterialize-- }()
	if r, ok := b.recDone[key]; ok {
		return r, nil
	}
	set, ok := cte.Query.Body.(*parser.SetOp)
	if !ok || set.Op != parser.Union || len(cte.Query.OrderBy) > 0 || cte.Query.Limit != nil {
		// Not actually recursive in shape: bind as a plain CTE.
		return nil, nil
	}
	if !refersTo(set.Right, name) {
		return nil, nil
	}
	anchor, names, err := b.bindBody(set.Left, outer)
	if err != nil {
		return nil, err
	}
	if len(cte.Columns) > 0 {
		if len(cte.Columns) > len(names) {
			return nil, fmt.Errorf("Binder Error: recursive CTE %q has %d columns but %d names", cte.Name, len(names), len(cte.Columns))
		}
		names = append(append([]string(nil), cte.Columns...), names[len(cte.Columns):]...)
	}
	types := make([]vector.Type, 0, len(names))
	for _, c := range anchor.Cols() {
		t := c.Typ
		if t.ID == vector.TypeNull {
			t = vector.Integer
		}
		types = append(types, t)
	}
	if anchor, err = b.castCols(anchor, types); err != nil {
		return nil, err
	}
	if !set.All {
		anchor = b.distinct(anchor)
	}
	result, err := b.cat.Materialize(anchor, names)
	if err != nil {
		return nil, err
	}
	work := result
	var all []storage.Table
	all = append(all, result)
	for iter := 0; ; iter++ {
		if iter >= maxRecursion {
			return nil, fmt.Errorf("Invalid Input Error: recursive CTE %q exceeded %d iterations", cte.Name, maxRecursion)
		}
		if b.recWork == nil {
			b.recWork = map[string]*recursiveCTE{}
		}
		saved, had := b.recWork[name]
		b.recWork[name] = &recursiveCTE{table: work, names: names}
		step, _, err := b.bindBody(set.Right, outer)
		if had {
			b.recWork[name] = saved
		} else {
			delete(b.recWork, name)
		}
		if err != nil {
			return nil, err
		}
		if len(step.Cols()) != len(types) {
			return nil, fmt.Errorf("Binder Error: recursive CTE %q: the recursive term returns %d columns, the anchor %d", cte.Name, len(step.Cols()), len(types))
		}
		if step, err = b.castCols(step, types); err != nil {
			return nil, err
		}
		if !set.All {
			// New rows only: distinct step rows minus everything so far.
			var prev []Op
			for _, t := range all {
				prev = append(prev, b.scanAll(t, types))
			}
			var seen Op = prev[0]
			if len(prev) > 1 {
				seen = &UnionAll{Inputs: prev, IDs: b.newIDs(len(types))}
			}
			step = &SetOp{Left: b.distinct(step), Right: seen, Kind: engine.SetExcept, IDs: b.newIDs(len(types))}
		}
		next, err := b.cat.Materialize(step, names)
		if err != nil {
			return nil, err
		}
		if next.RowCount() == 0 {
			break
		}
		all = append(all, next)
		work = next
	}
	var inputs []Op
	for _, t := range all {
		inputs = append(inputs, b.scanAll(t, types))
	}
	var final Op = inputs[0]
	if len(inputs) > 1 {
		final = &UnionAll{Inputs: inputs, IDs: b.newIDs(len(types))}
	}
	table, err := b.cat.Materialize(final, names)
	if err != nil {
		return nil, err
	}
	r := &recursiveCTE{table: table, names: names}
	if b.recDone == nil {
		b.recDone = map[string]*recursiveCTE{}
	}
	b.recDone[key] = r
	return r, nil
}

func (b *Binder) newIDs(n int) []ColumnID {
	out := make([]ColumnID, n)
	for i := range out {
		out[i] = b.newID()
	}
	return out
}

// scanAll is a scan of every column of t.
func (b *Binder) scanAll(t storage.Table, types []vector.Type) Op {
	s := &Scan{Table: t, Label: "recursive cte"}
	for i := range t.Schema() {
		s.IDs = append(s.IDs, b.newID())
		s.Types = append(s.Types, types[i])
	}
	return s
}

// refersTo reports whether a query body mentions table name in a FROM
// clause (at any depth).
func refersTo(body parser.QueryBody, name string) bool {
	found := false
	var visitRef func(r parser.TableRef)
	var visitBody func(q parser.QueryBody)
	visitStmt := func(s *parser.SelectStmt) {
		if s != nil {
			visitBody(s.Body)
		}
	}
	visitExpr := func(e parser.Expr) {
		astWalk(e, func(x parser.Expr) {
			switch y := x.(type) {
			case *parser.SubqueryExpr:
				visitStmt(y.Query)
			case *parser.ExistsExpr:
				visitStmt(y.Query)
			case *parser.InSubqueryExpr:
				visitStmt(y.Query)
			}
		})
	}
	visitRef = func(r parser.TableRef) {
		switch x := r.(type) {
		case *parser.TableName:
			if !x.IsPath && strings.EqualFold(x.Name, name) {
				found = true
			}
		case *parser.SubqueryRef:
			visitStmt(x.Query)
		case *parser.JoinRef:
			visitRef(x.Left)
			visitRef(x.Right)
		}
	}
	visitBody = func(q parser.QueryBody) {
		switch x := q.(type) {
		case *parser.SelectStmt:
			visitBody(x.Body)
		case *parser.SetOp:
			visitBody(x.Left)
			visitBody(x.Right)
		case *parser.SelectCore:
			for _, r := range x.From {
				visitRef(r)
			}
			visitExpr(x.Where)
		}
	}
	visitBody(body)
	return found
}
