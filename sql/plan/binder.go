package plan

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/lhsql/lhsql/engine"
	"github.com/lhsql/lhsql/sql/parser"
	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// View is a stored view definition.
type View struct {
	Query   *parser.SelectStmt
	Columns []string
}

// Catalog is what the binder needs from the database.
type Catalog interface {
	// LookupTable returns a base table by (lower-case) name.
	LookupTable(name string) (storage.Table, bool)
	// LookupView returns a view by (lower-case) name.
	LookupView(name string) (*View, bool)
	// Names lists table and view names, for suggestions.
	Names() []string
	// Materialize runs a plan to completion and returns its rows as a
	// table with the given column names.
	Materialize(op Op, names []string) (storage.Table, error)
	// OpenTableFunc opens a table function such as read_parquet; ok is
	// false when name is not a known table function.
	OpenTableFunc(name string, args []vector.Value, named map[string]vector.Value) (t storage.Table, label string, ok bool, err error)
}

// Binder turns parsed statements into logical plans. A Binder binds one
// statement; it is not safe for concurrent use.
type Binder struct {
	cat    Catalog
	sql    string
	params []vector.Value
	nextID ColumnID
	ctes   []map[string]*parser.CTE

	// Named holds values for named parameters ($name).
	Named map[string]vector.Value
	// NullOrder is the default_null_order setting: "nulls_last" (the
	// default), "nulls_first", "sqlite" (first on ASC, last on DESC) or
	// "postgres" (last on ASC, first on DESC).
	NullOrder string
	// DescDefault makes ORDER BY default to DESC (default_order).
	DescDefault bool
	// Zone is the session time zone in which constant TIMESTAMPTZ
	// conversions are folded (nil = UTC).
	Zone *vector.Zone
	// recWork maps a recursive CTE's name to its working table while its
	// recursive term is bound; recDone caches finished recursive CTEs.
	recWork map[string]*recursiveCTE
	recDone map[string]*recursiveCTE
	// macroDepth counts nested macro expansions (see bind_macro.go).
	macroDepth int
	// views lists the views being expanded (to reject self-reference).
	views []string
	// cteRefs counts the references to each CTE in the statement that
	// defines it (see countCTERefs); cteStates records which CTEs are
	// materialized; matCTEs lists the materialized definitions in the
	// order they were bound, for wrapMaterialized. While noMaterialize is
	// positive (binding a plan that runs at bind time, such as a recursive
	// CTE step), CTE references are inlined.
	cteRefs       map[*parser.CTE]int
	cteStates     map[*parser.CTE]*cteState
	matCTEs       []*CTEDef
	noMaterialize int
	// InsertTable names the target table of BindInsert (for messages).
	InsertTable string
	// colsSubst maps the COLUMNS(...) calls of the select item being bound
	// to the column it stands for in this expansion.
	colsSubst map[*parser.FuncCall]parser.Expr
	// tryDepth counts the TRY(...) expressions being bound: inside one,
	// constant folding that fails leaves the expression unfolded so the
	// error is raised, and turned into NULL, at run time (bind_try.go).
	tryDepth int

	// Lookup resolves session state for current_setting ("setting") and
	// getvariable ("variable").
	Lookup func(kind, name string) (vector.Value, bool)
}

// CastValue converts a constant to type t with the engine's cast rules.
func CastValue(v vector.Value, t vector.Type) (vector.Value, error) {
	return castConstZ(&ConstExpr{Val: v}, t, false, vector.UTCZone)
}

// CastValueIn converts v to t as CastValue does, with TIMESTAMPTZ
// conversions in the session zone z (nil = UTC).
func CastValueIn(v vector.Value, t vector.Type, z *vector.Zone) (vector.Value, error) {
	return castConstZ(&ConstExpr{Val: v}, t, false, zoneOrUTC(z))
}

func zoneOrUTC(z *vector.Zone) *vector.Zone {
	if z == nil {
		return vector.UTCZone
	}
	return z
}

// NewBinder returns a binder for one statement of text sql.
func NewBinder(cat Catalog, sql string, params []vector.Value) *Binder {
	return &Binder{cat: cat, sql: sql, params: params}
}

func (b *Binder) newID() ColumnID {
	b.nextID++
	return b.nextID
}

// errorf returns a binder error pointing at pos.
func (b *Binder) errorf(pos parser.Pos, format string, args ...any) error {
	e := parser.Errorf(b.sql, pos, format, args...)
	e.Kind = "Binder Error"
	return e
}

// scopeCol is a column visible to name resolution.
type scopeCol struct {
	table  string
	name   string
	id     ColumnID
	typ    vector.Type
	hidden bool // the right side of a USING pair: only qualified access
	pseudo bool // rowid: resolvable, but not part of * and yields to real columns
}

// scope is the set of columns visible in a query block; parent is the
// enclosing block's scope (for correlated references).
type scope struct {
	cols   []scopeCol
	parent *scope
}

func (s *scope) add(table, name string, id ColumnID, t vector.Type) {
	s.cols = append(s.cols, scopeCol{table: table, name: name, id: id, typ: t})
}

// resolve finds a column reference in s (not its parents).
func (s *scope) resolve(parts []string) ([]scopeCol, error) {
	var table, name string
	switch len(parts) {
	case 1:
		name = parts[0]
	case 2:
		table, name = parts[0], parts[1]
	default:
		table, name = parts[len(parts)-2], parts[len(parts)-1]
	}
	var out []scopeCol
	for _, c := range s.cols {
		if !strings.EqualFold(c.name, name) {
			continue
		}
		if table == "" && c.hidden {
			continue
		}
		if table != "" && !strings.EqualFold(c.table, table) {
			continue
		}
		out = append(out, c)
	}
	if len(out) > 1 {
		// A real column shadows the rowid pseudo-column.
		real := out[:0:0]
		for _, c := range out {
			if !c.pseudo {
				real = append(real, c)
			}
		}
		out = real
	}
	return out, nil
}

// Result is a bound query: the plan and its output column names.
type Result struct {
	Op    Op
	Names []string
}

// BindQuery binds a SELECT statement.
func (b *Binder) BindQuery(stmt *parser.SelectStmt) (*Result, error) {
	op, names, err := b.bindSelect(stmt, nil)
	if err != nil {
		return nil, err
	}
	return &Result{Op: b.wrapMaterialized(op), Names: names}, nil
}

// bindSelect binds a full query; outer is the enclosing scope for
// correlated subqueries (nil at top level).
func (b *Binder) bindSelect(stmt *parser.SelectStmt, outer *scope) (Op, []string, error) {
	if len(stmt.With) > 0 {
		m := map[string]*parser.CTE{}
		for _, c := range stmt.With {
			m[strings.ToLower(c.Name)] = c
		}
		if _, counted := b.cteRefs[stmt.With[0]]; !counted {
			if b.cteRefs == nil {
				b.cteRefs = map[*parser.CTE]int{}
			}
			refs := countCTERefs(stmt)
			for _, c := range stmt.With {
				b.cteRefs[c] = refs[c]
			}
		}
		b.ctes = append(b.ctes, m)
		defer func() { b.ctes = b.ctes[:len(b.ctes)-1] }()
	}
	limit, offset, err := b.limitOffset(stmt)
	if err != nil {
		return nil, nil, err
	}
	if core, ok := stmt.Body.(*parser.SelectCore); ok {
		return b.bindCore(core, stmt.OrderBy, limit, offset, outer)
	}
	op, names, err := b.bindBody(stmt.Body, outer)
	if err != nil {
		return nil, nil, err
	}
	if len(stmt.OrderBy) > 0 {
		cols := op.Cols()
		var keys []SortKey
		for _, item := range stmt.OrderBy {
			idx := -1
			switch x := item.Expr.(type) {
			case *parser.Literal:
				if x.Kind == parser.LitInteger {
					n, _ := strconv.Atoi(x.Value)
					if n < 1 || n > len(cols) {
						return nil, nil, b.errorf(x.Pos, "ORDER term out of range - should be between 1 and %d", len(cols))
					}
					idx = n - 1
				}
			case *parser.ColumnRef:
				nm := x.Parts[len(x.Parts)-1]
				for i, n := range names {
					if strings.EqualFold(n, nm) {
						idx = i
						break
					}
				}
				if idx < 0 {
					return nil, nil, b.errorf(x.Pos, "Referenced column %q not found in the result of the set operation%s", nm, suggest(nm, names))
				}
			case *parser.Star:
				for i := range cols {
					keys = append(keys, b.sortKey(&ColExpr{ID: cols[i].ID, Typ: cols[i].Typ}, item))
				}
				continue
			}
			if idx < 0 {
				return nil, nil, b.errorf(item.Expr.Position(), "ORDER BY of a set operation must name an output column or position")
			}
			keys = append(keys, b.sortKey(&ColExpr{ID: cols[idx].ID, Typ: cols[idx].Typ, Name: names[idx]}, item))
		}
		op = &Sort{Input: op, Keys: keys, Limit: limit, Offset: offset}
	} else if limit >= 0 || offset > 0 {
		op = &Limit{Input: op, Limit: limit, Offset: offset}
	}
	return op, names, nil
}

func (b *Binder) sortKey(e Expr, item *parser.OrderItem) SortKey {
	k := SortKey{Expr: e, Desc: item.Desc}
	if !item.Asc && !item.Desc && b.DescDefault {
		k.Desc = true
	}
	if item.NullsFirst != nil {
		k.NullsFirst = *item.NullsFirst
		return k
	}
	switch b.NullOrder {
	case "nulls_first":
		k.NullsFirst = true
	case "sqlite", "nulls_first_on_asc_last_on_desc":
		k.NullsFirst = !k.Desc
	case "postgres", "nulls_last_on_asc_first_on_desc":
		k.NullsFirst = k.Desc
	}
	// Otherwise DuckDB's default: NULLS LAST for both directions.
	return k
}

func (b *Binder) limitOffset(stmt *parser.SelectStmt) (int64, int64, error) {
	limit, offset := int64(-1), int64(0)
	eval := func(e parser.Expr, what string) (int64, error) {
		x, err := b.bindExpr(e, &exprCtx{scope: &scope{}})
		if err != nil {
			return 0, err
		}
		c, ok := x.(*ConstExpr)
		if !ok || c.Val.Null {
			return 0, b.errorf(e.Position(), "%s must be a constant integer", what)
		}
		v, err := b.castConst(c, vector.BigInt)
		if err != nil {
			return 0, b.errorf(e.Position(), "%s: %v", what, err)
		}
		if v.I64 < 0 {
			return 0, b.errorf(e.Position(), "%s cannot be negative", what)
		}
		return v.I64, nil
	}
	var err error
	if stmt.Limit != nil {
		if limit, err = eval(stmt.Limit, "LIMIT"); err != nil {
			return 0, 0, err
		}
	}
	if stmt.Offset != nil {
		if offset, err = eval(stmt.Offset, "OFFSET"); err != nil {
			return 0, 0, err
		}
	}
	return limit, offset, nil
}

// bindBody binds a query body without ORDER BY / LIMIT.
func (b *Binder) bindBody(body parser.QueryBody, outer *scope) (Op, []string, error) {
	switch x := body.(type) {
	case *parser.SelectStmt:
		return b.bindSelect(x, outer)
	case *parser.SelectCore:
		return b.bindCore(x, nil, -1, 0, outer)
	case *parser.ValuesClause:
		return b.bindValues(x)
	case *parser.SetOp:
		return b.bindSetOp(x, outer)
	}
	return nil, nil, fmt.Errorf("unsupported query body %T", body)
}

func (b *Binder) bindValues(v *parser.ValuesClause) (Op, []string, error) {
	if len(v.Rows) == 0 {
		return nil, nil, fmt.Errorf("VALUES needs at least one row")
	}
	ncol := len(v.Rows[0])
	rows := make([][]*ConstExpr, len(v.Rows))
	types := make([]vector.Type, ncol)
	for i, r := range v.Rows {
		if len(r) != ncol {
			return nil, nil, b.errorf(r[0].Position(), "VALUES lists must all be the same length")
		}
		rows[i] = make([]*ConstExpr, ncol)
		for j, e := range r {
			x, err := b.bindExpr(e, &exprCtx{scope: &scope{}})
			if err != nil {
				return nil, nil, err
			}
			c, ok := x.(*ConstExpr)
			if !ok {
				return nil, nil, b.errorf(e.Position(), "VALUES entries must be constant expressions")
			}
			rows[i][j] = c
			if i == 0 {
				types[j] = c.Val.Typ
			} else if t, ok := commonType(types[j], c); ok {
				types[j] = t
			} else {
				return nil, nil, b.errorf(e.Position(), "cannot mix types %s and %s in VALUES column %d", types[j], c.Val.Typ, j+1)
			}
		}
	}
	for j := range types {
		if types[j].ID == vector.TypeNull {
			types[j] = vector.Integer
		}
	}
	ch := vector.NewChunk(types, len(rows))
	for i, r := range rows {
		for j, c := range r {
			v, err := b.castConst(c, types[j])
			if err != nil {
				return nil, nil, err
			}
			ch.Cols[j].Set(i, len(rows), v)
		}
	}
	ids := make([]ColumnID, ncol)
	names := make([]string, ncol)
	for j := range ids {
		ids[j] = b.newID()
		names[j] = fmt.Sprintf("col%d", j)
	}
	return &Values{IDs: ids, Types: types, Chunks: []*vector.Chunk{ch}}, names, nil
}

// commonType unifies a running column type with a new constant.
func commonType(t vector.Type, c *ConstExpr) (vector.Type, bool) {
	if c.Val.Null && c.Val.Typ.ID == vector.TypeNull {
		return t, true
	}
	if t.ID == vector.TypeNull {
		return c.Val.Typ, true
	}
	return engine.CommonType(t, c.Val.Typ)
}

func (b *Binder) bindSetOp(s *parser.SetOp, outer *scope) (Op, []string, error) {
	l, lnames, err := b.bindBody(s.Left, outer)
	if err != nil {
		return nil, nil, err
	}
	r, _, err := b.bindBody(s.Right, outer)
	if err != nil {
		return nil, nil, err
	}
	lc, rc := l.Cols(), r.Cols()
	if len(lc) != len(rc) {
		return nil, nil, b.errorf(-1, "Set operations can only apply to expressions with the same number of result columns")
	}
	types := make([]vector.Type, len(lc))
	for i := range lc {
		t, ok := unify(lc[i].Typ, rc[i].Typ)
		if !ok {
			return nil, nil, b.errorf(-1, "Set operation column %d has incompatible types %s and %s", i+1, lc[i].Typ, rc[i].Typ)
		}
		types[i] = t
	}
	if l, err = b.castCols(l, types); err != nil {
		return nil, nil, err
	}
	if r, err = b.castCols(r, types); err != nil {
		return nil, nil, err
	}
	ids := make([]ColumnID, len(types))
	for i := range ids {
		ids[i] = b.newID()
	}
	switch s.Op {
	case parser.Union:
		var op Op = &UnionAll{Inputs: []Op{l, r}, IDs: ids}
		if !s.All {
			op = b.distinct(op)
		}
		return op, lnames, nil
	case parser.Intersect:
		return &SetOp{Left: l, Right: r, Kind: engine.SetIntersect, All: s.All, IDs: ids}, lnames, nil
	default:
		return &SetOp{Left: l, Right: r, Kind: engine.SetExcept, All: s.All, IDs: ids}, lnames, nil
	}
}

// unify returns the common type of two column types.
func unify(a, b vector.Type) (vector.Type, bool) {
	if a.ID == vector.TypeNull {
		return b, true
	}
	if b.ID == vector.TypeNull {
		return a, true
	}
	return engine.CommonType(a, b)
}

// castCols projects op's columns cast to types (a no-op projection is
// still added so the result has exactly these columns in order).
func (b *Binder) castCols(op Op, types []vector.Type) (Op, error) {
	cols := op.Cols()
	p := &Project{Input: op}
	same := true
	for i, c := range cols {
		var e Expr = &ColExpr{ID: c.ID, Typ: c.Typ}
		if !c.Typ.Equal(types[i]) {
			same = false
			ce, err := b.cast(e, types[i], false)
			if err != nil {
				return nil, err
			}
			e = ce
		}
		p.Exprs = append(p.Exprs, e)
		p.IDs = append(p.IDs, b.newID())
	}
	if same {
		return op, nil
	}
	return p, nil
}

// distinct groups by every column of op.
func (b *Binder) distinct(op Op) Op {
	agg := &Aggregate{Input: op}
	for _, c := range op.Cols() {
		agg.Groups = append(agg.Groups, &ColExpr{ID: c.ID, Typ: c.Typ})
		agg.GroupIDs = append(agg.GroupIDs, b.newID())
	}
	return agg
}

// cast builds a cast expression, folding constants.
func (b *Binder) cast(e Expr, to vector.Type, try bool) (Expr, error) {
	if e.Type().Equal(to) {
		return e, nil
	}
	if _, err := engine.NewCast(typingExpr(e), to, try); err != nil {
		return nil, err
	}
	ce := &CastExpr{X: e, To: to, Try: try}
	if c, ok := e.(*ConstExpr); ok {
		v, err := castConstZ(c, to, try, zoneOrUTC(b.Zone))
		if err != nil && b.tryDepth > 0 {
			return ce, nil // inside TRY: raise (and catch) the error at run time
		}
		if err != nil {
			return nil, err
		}
		return &ConstExpr{Val: v}, nil
	}
	return ce, nil
}

// castConst converts a constant to type t; conversions that depend on the
// session time zone fail (use the Binder's castConst).
func castConst(c *ConstExpr, t vector.Type) (vector.Value, error) {
	return castConstZ(c, t, false, nil)
}

// castConst converts a constant to type t in the session time zone.
func (b *Binder) castConst(c *ConstExpr, t vector.Type) (vector.Value, error) {
	return castConstZ(c, t, false, zoneOrUTC(b.Zone))
}

// castConstZ converts a constant to type t, folding TIMESTAMPTZ
// conversions in zone z; a nil z leaves them unfolded, which is an error.
func castConstZ(c *ConstExpr, t vector.Type, try bool, z *vector.Zone) (vector.Value, error) {
	if c.Val.Typ.Equal(t) {
		return c.Val, nil
	}
	if c.Val.Null {
		return vector.NullValue(t), nil
	}
	ce, err := engine.NewCast(&engine.Const{Val: c.Val}, t, try)
	if err != nil {
		return vector.Value{}, err
	}
	f, err := engine.FoldConstant(ce)
	if z != nil {
		f, err = engine.FoldConstantIn(ce, z)
	}
	if err != nil {
		return vector.Value{}, err
	}
	k, ok := f.(*engine.Const)
	if !ok {
		return vector.Value{}, fmt.Errorf("internal error: cast did not fold")
	}
	return k.Val, nil
}

// Suggest returns a "Did you mean" hint naming the closest candidate, or
// "" when none is close.
func Suggest(name string, candidates []string) string { return suggest(name, candidates) }

// suggest returns ` Did you mean "x"?` for the closest candidate, or "".
func suggest(name string, candidates []string) string {
	best, bestD := "", 1<<30
	for _, c := range candidates {
		d := levenshtein(strings.ToLower(name), strings.ToLower(c))
		if d < bestD {
			best, bestD = c, d
		}
	}
	if best == "" || bestD > max(2, len(name)/2) {
		return ""
	}
	return fmt.Sprintf("\nDid you mean %q?", best)
}

func levenshtein(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// BindInsert binds the source query of an INSERT and projects it onto the
// target table's columns: table column i takes source column srcIdx[i]
// (cast to types[i]) or NULL when srcIdx[i] < 0. nsrc is the number of
// columns named in the INSERT column list (0 when none was given).
func (b *Binder) BindInsert(q *parser.SelectStmt, types []vector.Type, srcIdx []int, nsrc int, defaults []parser.Expr) (Op, error) {
	// DEFAULT inside VALUES takes the target column's default.
	if vc, ok := q.Body.(*parser.ValuesClause); ok {
		target := make([]int, len(types))
		for i := range target {
			target[i] = -1
		}
		for i, si := range srcIdx {
			if si >= 0 {
				target[si] = i
			}
		}
		for _, row := range vc.Rows {
			for j, e := range row {
				if _, isDef := e.(*parser.DefaultExpr); !isDef {
					continue
				}
				var d parser.Expr = &parser.Literal{Kind: parser.LitNull, Pos: -1}
				if j < len(target) && target[j] >= 0 && defaults[target[j]] != nil {
					d = defaults[target[j]]
				}
				row[j] = d
			}
		}
	}
	op, _, err := b.bindSelect(q, nil)
	if err != nil {
		return nil, err
	}
	cols := op.Cols()
	want := len(types)
	if nsrc > 0 {
		want = nsrc
	}
	if len(cols) != want {
		return nil, fmt.Errorf("Binder Error: table %s has %d columns but %d values were supplied", b.InsertTable, want, len(cols))
	}
	p := &Project{Input: op}
	for i, t := range types {
		var e Expr
		if srcIdx[i] < 0 {
			e = &ConstExpr{Val: vector.NullValue(t)}
			if defaults[i] != nil {
				d, err := b.bindExpr(defaults[i], &exprCtx{scope: &scope{}})
				if err != nil {
					return nil, err
				}
				if e, err = b.cast(d, t, false); err != nil {
					return nil, err
				}
			}
		} else {
			c := cols[srcIdx[i]]
			if e, err = b.cast(&ColExpr{ID: c.ID, Typ: c.Typ}, t, false); err != nil {
				return nil, err
			}
		}
		p.Exprs = append(p.Exprs, e)
		p.IDs = append(p.IDs, b.newID())
	}
	return b.wrapMaterialized(p), nil
}
