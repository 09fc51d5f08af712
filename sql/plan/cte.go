package plan

import (
	"strings"

	"github.com/lhsql/lhsql/engine"
	"github.com/lhsql/lhsql/sql/parser"
	"github.com/lhsql/lhsql/vector"
)

// Materialized CTEs.
//
// A CTE referenced more than once whose query is expensive to repeat (it
// aggregates, groups, removes duplicates, uses windows, or calls volatile
// functions), or one written AS MATERIALIZED, is bound once per statement
// into a CTEDef; every reference becomes a CTEScan leaf with fresh column
// IDs. BindQuery and BindInsert wrap the statement's plan in one
// CTEMaterialize per definition, so the engine computes each definition
// once, before the pipelines that read it. Other CTEs (AS NOT
// MATERIALIZED, referenced once, cheap, or correlated with an enclosing
// query) are inlined: bound afresh at every reference.

// CTEDef is a CTE computed once per statement. Plan's output columns are
// the CTE's columns; Plan is uncorrelated (it references no column it does
// not define). ID is unique within the statement.
type CTEDef struct {
	ID   int
	Name string
	Plan Op
}

// CTEMaterialize computes CTE.Plan once and then runs Input, whose
// CTEScans of CTE read the result. Its columns are Input's.
type CTEMaterialize struct {
	CTE   *CTEDef
	Input Op
}

// CTEScan reads a materialized CTE: column i (ID IDs[i], type Types[i]) is
// column i of CTE.Plan. Each reference has its own IDs.
type CTEScan struct {
	CTE   *CTEDef
	IDs   []ColumnID
	Types []vector.Type
}

// Cols implements Op.
func (o *CTEMaterialize) Cols() []Col { return o.Input.Cols() }

// Cols implements Op.
func (o *CTEScan) Cols() []Col {
	out := make([]Col, len(o.IDs))
	for i := range o.IDs {
		out[i] = Col{o.IDs[i], o.Types[i]}
	}
	return out
}

// cteState is the binding decision for one CTE: def is nil when the CTE
// is inlined at every reference.
type cteState struct {
	def   *CTEDef
	names []string
}

// bindCTE binds a reference x to the CTE cte, found in scope level i of
// b.ctes under name. The first reference decides whether the CTE is
// materialized; references bound while materialization is off (inside a
// recursive CTE or another plan run at bind time) always inline.
func (b *Binder) bindCTE(cte *parser.CTE, i int, name string, x *parser.TableName, alias string, outer *scope) (Op, *scope, error) {
	st, decided := b.cteStates[cte]
	if !decided && b.noMaterialize == 0 && b.mayMaterialize(cte) {
		op, names, err := b.bindCTEBody(cte, i, name, outer)
		if err != nil {
			return nil, nil, err
		}
		st = &cteState{names: names}
		if !correlated(op) && (cte.Materialized == "materialized" || worthMaterializing(op)) {
			st.def = &CTEDef{ID: len(b.matCTEs) + 1, Name: cte.Name, Plan: op}
			b.matCTEs = append(b.matCTEs, st.def)
		}
		if b.cteStates == nil {
			b.cteStates = map[*parser.CTE]*cteState{}
		}
		b.cteStates[cte] = st
		if st.def == nil {
			// Inlined: this binding serves the first reference.
			return b.aliasCTE(op, names, cte, x, alias)
		}
		decided = true
	}
	if decided && st.def != nil && b.noMaterialize == 0 {
		return b.aliasCTE(b.cteScan(st.def), st.names, cte, x, alias)
	}
	op, names, err := b.bindCTEBody(cte, i, name, outer)
	if err != nil {
		return nil, nil, err
	}
	return b.aliasCTE(op, names, cte, x, alias)
}

// aliasCTE exposes the columns of a CTE reference op under alias: the
// names are the query's, renamed by the CTE's column list, renamed by the
// reference's column aliases (each list may name a prefix).
func (b *Binder) aliasCTE(op Op, names []string, cte *parser.CTE, x *parser.TableName, alias string) (Op, *scope, error) {
	if len(cte.Columns) > len(names) {
		return nil, nil, b.errorf(x.Pos, "table %q has %d columns available but %d columns specified", cte.Name, len(names), len(cte.Columns))
	}
	if len(cte.Columns) > 0 {
		names = append(append([]string(nil), cte.Columns...), names[len(cte.Columns):]...)
	}
	return b.aliasOp(op, names, alias, x.ColAliases, x.Pos)
}

// mayMaterialize reports whether cte is a candidate for materialization:
// written AS MATERIALIZED, or not AS NOT MATERIALIZED and referenced more
// than once in the statement that defines it.
func (b *Binder) mayMaterialize(cte *parser.CTE) bool {
	switch cte.Materialized {
	case "materialized":
		return true
	case "not materialized":
		return false
	}
	return b.cteRefs[cte] > 1
}

// bindCTEBody binds cte's query (found in scope level i of b.ctes under
// name) with the CTE scopes visible at its definition: the enclosing
// levels and the other CTEs of the same WITH.
func (b *Binder) bindCTEBody(cte *parser.CTE, i int, name string, outer *scope) (Op, []string, error) {
	saved := b.ctes
	b.ctes = append([]map[string]*parser.CTE(nil), b.ctes[:i]...)
	if i < len(saved) {
		prior := map[string]*parser.CTE{}
		for k, v := range saved[i] {
			if k != name {
				prior[k] = v
			}
		}
		b.ctes = append(b.ctes, prior)
	}
	op, names, err := b.bindSelect(cte.Query, outer)
	b.ctes = saved
	return op, names, err
}

// cteScan returns a reference to a materialized CTE with fresh column IDs.
func (b *Binder) cteScan(def *CTEDef) *CTEScan {
	s := &CTEScan{CTE: def}
	for _, c := range def.Plan.Cols() {
		s.IDs = append(s.IDs, b.newID())
		s.Types = append(s.Types, c.Typ)
	}
	return s
}

// wrapMaterialized puts the statement's materialized CTEs around op, the
// first defined outermost: a definition may scan only CTEs defined before
// it, and the engine computes outer definitions first.
func (b *Binder) wrapMaterialized(op Op) Op {
	for i := len(b.matCTEs) - 1; i >= 0; i-- {
		op = &CTEMaterialize{CTE: b.matCTEs[i], Input: op}
	}
	b.matCTEs = nil
	return op
}

// correlated reports whether op references columns it does not define
// (columns of an enclosing query).
func correlated(op Op) bool {
	refs, defs := colSet{}, colSet{}
	planCols(op, refs, defs)
	return !refs.subsetOf(defs)
}

// worthMaterializing reports whether computing op once pays off against
// inlining it at every reference: it aggregates (including DISTINCT and
// grouping), computes windows or set operations, or calls volatile
// functions (which must yield the same rows at every reference).
func worthMaterializing(op Op) bool {
	found := false
	var visit func(Op)
	visit = func(op Op) {
		if found || op == nil {
			return
		}
		var kids []Op
		var es []Expr
		switch x := op.(type) {
		case *Aggregate, *Window, *SetOp:
			found = true
			return
		case *Scan:
			es = x.Filters
		case *Filter:
			kids, es = []Op{x.Input}, x.Conds
		case *Project:
			kids, es = []Op{x.Input}, x.Exprs
		case *Join:
			kids, es = []Op{x.Left, x.Right}, x.Conds
		case *Sort:
			kids = []Op{x.Input}
		case *Limit:
			kids = []Op{x.Input}
		case *SingleRow:
			kids = []Op{x.Input}
		case *Unnest:
			kids = []Op{x.Input}
		case *UnionAll:
			kids = x.Inputs
		}
		for _, e := range es {
			if hasVolatile(e) {
				found = true
				return
			}
		}
		for _, k := range kids {
			visit(k)
		}
	}
	visit(op)
	return found
}

// countCTERefs counts, for each CTE defined by stmt's WITH, the references
// to it in stmt: in its body, in the bodies of the other CTEs, and in
// subqueries at any depth, except where an inner WITH defines the same
// name. A CTE body is counted once however often it is referenced.
func countCTERefs(stmt *parser.SelectStmt) map[*parser.CTE]int {
	counts := map[*parser.CTE]int{}
	c := &cteCounter{counts: counts, own: map[*parser.CTE]bool{}}
	for _, cte := range stmt.With {
		c.own[cte] = true
	}
	c.stmt(stmt)
	return counts
}

// cteCounter walks an AST resolving table names against the CTE scopes
// in force, as the binder does.
type cteCounter struct {
	counts map[*parser.CTE]int
	own    map[*parser.CTE]bool // the CTEs being counted
	scopes []map[string]*parser.CTE
}

func (c *cteCounter) stmt(s *parser.SelectStmt) {
	if s == nil {
		return
	}
	if len(s.With) > 0 {
		m := map[string]*parser.CTE{}
		for _, cte := range s.With {
			m[strings.ToLower(cte.Name)] = cte
		}
		for _, cte := range s.With {
			// A body sees the other CTEs of its WITH; a recursive CTE's
			// references to itself are to its working table.
			others := map[string]*parser.CTE{}
			for k, v := range m {
				if v != cte {
					others[k] = v
				}
			}
			if cte.Recursive {
				others[strings.ToLower(cte.Name)] = nil
			}
			c.scopes = append(c.scopes, others)
			c.stmt(cte.Query)
			c.scopes = c.scopes[:len(c.scopes)-1]
		}
		c.scopes = append(c.scopes, m)
		defer func() { c.scopes = c.scopes[:len(c.scopes)-1] }()
	}
	c.body(s.Body)
	for _, o := range s.OrderBy {
		c.expr(o.Expr)
	}
	c.expr(s.Limit)
	c.expr(s.Offset)
}

func (c *cteCounter) body(q parser.QueryBody) {
	switch x := q.(type) {
	case *parser.SelectStmt:
		c.stmt(x)
	case *parser.SetOp:
		c.body(x.Left)
		c.body(x.Right)
	case *parser.ValuesClause:
		for _, row := range x.Rows {
			for _, e := range row {
				c.expr(e)
			}
		}
	case *parser.SelectCore:
		for _, r := range x.From {
			c.ref(r)
		}
		for _, it := range x.Items {
			c.expr(it.Expr)
		}
		for _, e := range x.DistinctOn {
			c.expr(e)
		}
		c.expr(x.Where)
		for _, e := range x.GroupBy {
			c.expr(e)
		}
		c.expr(x.Having)
		c.expr(x.Qualify)
		for _, w := range x.Windows {
			c.window(w)
		}
	}
}

func (c *cteCounter) ref(r parser.TableRef) {
	switch x := r.(type) {
	case *parser.TableName:
		if x.IsPath || x.Schema != "" {
			return
		}
		name := strings.ToLower(x.Name)
		for i := len(c.scopes) - 1; i >= 0; i-- {
			if cte, ok := c.scopes[i][name]; ok {
				if cte != nil && c.own[cte] {
					c.counts[cte]++
				}
				return
			}
		}
	case *parser.SubqueryRef:
		c.stmt(x.Query)
	case *parser.JoinRef:
		c.ref(x.Left)
		c.ref(x.Right)
		c.expr(x.On)
	case *parser.TableFunc:
		for _, a := range x.Args {
			c.expr(a)
		}
		for _, a := range x.Named {
			c.expr(a.Value)
		}
	case *parser.PivotRef:
		c.ref(x.Source)
		for _, p := range x.On {
			c.expr(p.Expr)
			for _, it := range p.In {
				c.expr(it.Expr)
			}
		}
		for _, it := range x.Using {
			c.expr(it.Expr)
		}
		for _, e := range x.GroupBy {
			c.expr(e)
		}
	}
}

func (c *cteCounter) window(w *parser.WindowDef) {
	if w == nil {
		return
	}
	for _, e := range w.PartitionBy {
		c.expr(e)
	}
	for _, o := range w.OrderBy {
		c.expr(o.Expr)
	}
}

// expr visits the subqueries of e (and of its window clauses, ORDER BY
// arguments and lambdas, which astWalk does not enter).
func (c *cteCounter) expr(e parser.Expr) {
	astWalk(e, func(x parser.Expr) {
		switch y := x.(type) {
		case *parser.SubqueryExpr:
			c.stmt(y.Query)
		case *parser.ExistsExpr:
			c.stmt(y.Query)
		case *parser.InSubqueryExpr:
			c.stmt(y.Query)
		case *parser.QuantifiedExpr:
			c.stmt(y.Query)
			c.expr(y.Array)
		case *parser.FuncCall:
			c.window(y.Over)
			for _, o := range y.OrderBy {
				c.expr(o.Expr)
			}
			for _, a := range y.Named {
				c.expr(a.Value)
			}
		case *parser.LambdaExpr:
			c.expr(y.Body)
		}
	})
}

// lowerCTE lowers a CTEMaterialize: Input first, then the definition,
// producing only the columns some scan of it reads.
func lowerCTE(x *CTEMaterialize, need colSet) (engine.Node, []ColumnID, error) {
	in, layout, err := lower(x.Input, need)
	if err != nil {
		return nil, nil, err
	}
	defCols := x.CTE.Plan.Cols()
	used := make([]bool, len(defCols))
	var scans []*engine.CTEScanNode
	known := engine.VisitNodes(in, func(n engine.Node) {
		if s, ok := n.(*engine.CTEScanNode); ok && s.ID == x.CTE.ID {
			scans = append(scans, s)
			for _, c := range s.Cols {
				if c >= 0 && c < len(used) {
					used[c] = true
				}
			}
		}
	})
	if !known {
		// A node whose children VisitNodes does not know may hide scans:
		// buffer every column.
		for i := range used {
			used[i] = true
		}
	}
	pos := make([]int, len(defCols))
	var keep []Col
	for i, c := range defCols {
		if used[i] {
			pos[i] = len(keep)
			keep = append(keep, c)
		}
	}
	if len(keep) == 0 {
		keep = defCols[:1]
	}
	keepSet := colSet{}
	for _, c := range keep {
		keepSet.add(c.ID)
	}
	def, dlayout, err := lower(x.CTE.Plan, keepSet)
	if err != nil {
		return nil, nil, err
	}
	if def, err = project(def, dlayout, keep); err != nil {
		return nil, nil, err
	}
	for _, s := range scans {
		for j, c := range s.Cols {
			s.Cols[j] = pos[c]
		}
	}
	return &engine.CTENode{ID: x.CTE.ID, Name: x.CTE.Name, Def: def, Input: in}, layout, nil
}

// lowerCTEScan lowers a reference to the needed columns of the CTE; Cols
// hold positions in the CTE's columns until lowerCTE maps them to buffer
// columns.
func lowerCTEScan(x *CTEScan, need colSet) (engine.Node, []ColumnID, error) {
	n := &engine.CTEScanNode{ID: x.CTE.ID, Name: x.CTE.Name}
	var layout []ColumnID
	for i, id := range x.IDs {
		if need.has(id) {
			n.Cols = append(n.Cols, i)
			n.Out = append(n.Out, x.Types[i])
			layout = append(layout, id)
		}
	}
	if len(n.Cols) == 0 && len(x.IDs) > 0 {
		n.Cols, n.Out, layout = []int{0}, []vector.Type{x.Types[0]}, []ColumnID{x.IDs[0]}
	}
	return n, layout, nil
}
