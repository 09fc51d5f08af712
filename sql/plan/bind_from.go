package plan

import (
	"fmt"
	"strings"

	"github.com/lhsql/lhsql/engine"
	"github.com/lhsql/lhsql/sql/parser"
	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// bindFrom binds a FROM list (comma items are cross-joined).
func (b *Binder) bindFrom(items []parser.TableRef, outer *scope) (Op, *scope, error) {
	sc := &scope{parent: outer}
	if len(items) == 0 {
		ch := &vector.Chunk{Len: 1}
		return &Values{Chunks: []*vector.Chunk{ch}}, sc, nil
	}
	var op Op
	for _, it := range items {
		o, s, lat, err := b.bindLateralRef(op, sc, it, outer)
		if err != nil {
			return nil, nil, err
		}
		sc.cols = append(sc.cols, s.cols...)
		if op == nil {
			op = o
		} else {
			op = &Join{Left: op, Right: o, Kind: engine.JoinInner, Conds: lat}
		}
	}
	return op, sc, nil
}

func (b *Binder) bindTableRef(ref parser.TableRef, outer *scope) (Op, *scope, error) {
	switch x := ref.(type) {
	case *parser.TableName:
		return b.bindTableName(x, outer)
	case *parser.TableFunc:
		return b.bindTableFunc(x)
	case *parser.SubqueryRef:
		op, names, err := b.bindSelect(x.Query, outer)
		if err != nil {
			return nil, nil, err
		}
		return b.aliasOp(op, names, x.Alias, x.ColAliases, 0)
	case *parser.JoinRef:
		return b.bindJoin(x, outer)
	case *parser.PivotRef:
		return b.bindPivot(x, outer)
	}
	return nil, nil, fmt.Errorf("unsupported FROM item %T", ref)
}

// aliasOp exposes op's columns under alias with optional column aliases.
func (b *Binder) aliasOp(op Op, names []string, alias string, colAliases []string, pos parser.Pos) (Op, *scope, error) {
	cols := op.Cols()
	if len(colAliases) > len(cols) {
		return nil, nil, b.errorf(pos, "table %q has %d columns available but %d columns specified", alias, len(cols), len(colAliases))
	}
	sc := &scope{}
	for i, c := range cols {
		name := names[i]
		if i < len(colAliases) {
			name = colAliases[i]
		}
		sc.add(alias, name, c.ID, c.Typ)
	}
	return op, sc, nil
}

func (b *Binder) bindTableName(x *parser.TableName, outer *scope) (Op, *scope, error) {
	alias := x.Alias
	name := strings.ToLower(x.Name)
	if x.Schema != "" && !x.IsPath {
		name = strings.ToLower(x.Schema) + "." + name
	}
	if x.IsPath {
		if alias == "" {
			alias = tableNameFromPath(x.Name)
		}
		t, label, ok, err := b.cat.OpenTableFunc(fileFunc(x.Name), []vector.Value{vector.StringValue(x.Name)}, nil)
		if err != nil {
			return nil, nil, b.wrap(x.Pos, err)
		}
		if !ok {
			return nil, nil, b.errorf(x.Pos, "cannot read %q: unknown file type", x.Name)
		}
		return b.scanOp(t, label, alias, x.ColAliases)
	}
	if alias == "" {
		alias = x.Name
	}
	if r, ok := b.recWork[name]; ok {
		return b.scanOp(r.table, x.Name, alias, x.ColAliases)
	}
	for i := len(b.ctes) - 1; i >= 0; i-- {
		if cte, ok := b.ctes[i][name]; ok {
			if cte.Recursive {
				saved := b.ctes
				b.ctes = append([]map[string]*parser.CTE(nil), b.ctes[:i+1]...)
				r, err := b.bindRecursiveCTE(cte, outer)
				b.ctes = saved
				if err != nil {
					return nil, nil, b.wrap(x.Pos, err)
				}
				if r != nil {
					cols := x.ColAliases
					if len(cols) == 0 {
						cols = r.names
					}
					return b.scanOp(r.table, x.Name, alias, cols)
				}
			}
			return b.bindCTE(cte, i, name, x, alias, outer)
		}
	}
	if v, ok := b.cat.LookupView(name); ok {
		for _, open := range b.views {
			if open == name {
				return nil, nil, b.errorf(x.Pos, "infinite recursion detected: view %q refers to itself", x.Name)
			}
		}
		saved := b.ctes
		b.ctes = nil
		b.views = append(b.views, name)
		op, names, err := b.bindSelect(v.Query, nil)
		b.views = b.views[:len(b.views)-1]
		b.ctes = saved
		if err != nil {
			return nil, nil, err
		}
		cols := x.ColAliases
		if len(cols) == 0 {
			cols = v.Columns
		}
		return b.aliasOp(op, names, alias, cols, x.Pos)
	}
	t, ok := b.cat.LookupTable(name)
	if !ok {
		cands := b.cat.Names()
		for _, m := range b.ctes {
			for k := range m {
				cands = append(cands, k)
			}
		}
		e := parser.Errorf(b.sql, x.Pos, "Table with name %s does not exist!%s", x.Name, suggest(x.Name, cands))
		e.Kind = "Catalog Error"
		return nil, nil, e
	}
	return b.scanOp(t, x.Name, alias, x.ColAliases)
}

// scanOp binds a scan of t exposing its columns under alias.
func (b *Binder) scanOp(t storage.Table, label, alias string, colAliases []string) (Op, *scope, error) {
	schema := t.Schema()
	if len(colAliases) > len(schema) {
		return nil, nil, fmt.Errorf("table %q has %d columns available but %d columns specified", alias, len(schema), len(colAliases))
	}
	s := &Scan{Table: t, Label: label}
	sc := &scope{}
	for i, c := range schema {
		id := b.newID()
		s.IDs = append(s.IDs, id)
		s.Types = append(s.Types, c.Type)
		name := c.Name
		if i < len(colAliases) {
			name = colAliases[i]
		}
		sc.add(alias, name, id, c.Type)
	}
	if _, ok := t.(*storage.MemTable); ok {
		s.RowID = b.newID()
		sc.cols = append(sc.cols, scopeCol{table: alias, name: "rowid", id: s.RowID, typ: vector.BigInt, pseudo: true})
	}
	return s, sc, nil
}

// fileFunc picks the reader for a path by extension.
func fileFunc(path string) string {
	p := strings.ToLower(path)
	for _, suf := range []string{".gz", ".zst"} {
		p = strings.TrimSuffix(p, suf)
	}
	switch {
	case strings.HasSuffix(p, ".csv"), strings.HasSuffix(p, ".tsv"), strings.HasSuffix(p, ".txt"):
		return "read_csv"
	case strings.HasSuffix(p, ".json"), strings.HasSuffix(p, ".ndjson"), strings.HasSuffix(p, ".jsonl"):
		return "read_json"
	}
	return "read_parquet"
}

// tableNameFromPath returns the file's base name without extension, the
// default alias DuckDB gives FROM 'path'.
func tableNameFromPath(path string) string {
	base := path
	if i := strings.LastIndexAny(base, "/\\"); i >= 0 {
		base = base[i+1:]
	}
	if i := strings.IndexByte(base, '.'); i > 0 {
		base = base[:i]
	}
	return base
}

func (b *Binder) bindTableFunc(x *parser.TableFunc) (Op, *scope, error) {
	if op, sc, ok, err := b.bindMacroTable(x); ok {
		return op, sc, err
	}
	name := strings.ToLower(x.Name)
	args := make([]vector.Value, len(x.Args))
	for i, a := range x.Args {
		e, err := b.bindExpr(a, &exprCtx{scope: &scope{}})
		if err != nil {
			return nil, nil, err
		}
		c, ok := e.(*ConstExpr)
		if !ok {
			if l, ok := a.(*parser.ListExpr); ok && (name == "read_parquet" || name == "parquet_scan" || name == "read_csv" || name == "read_csv_auto" || name == "read_json" || name == "read_json_auto" || name == "read_ndjson") {
				// A list of paths: pass them joined; the catalog splits them.
				var parts []string
				for _, it := range l.Items {
					ie, err := b.bindExpr(it, &exprCtx{scope: &scope{}})
					if err != nil {
						return nil, nil, err
					}
					ic, ok := ie.(*ConstExpr)
					if !ok || !ic.Val.Typ.IsString() {
						return nil, nil, b.errorf(it.Position(), "%s: file list entries must be constant strings", name)
					}
					parts = append(parts, ic.Val.Str)
				}
				args[i] = vector.Value{Typ: vector.Varchar, Str: strings.Join(parts, "\x00")}
				continue
			}
			return nil, nil, b.errorf(a.Position(), "%s: arguments must be constants", name)
		}
		args[i] = c.Val
	}
	named := map[string]vector.Value{}
	for _, n := range x.Named {
		e, err := b.bindExpr(n.Value, &exprCtx{scope: &scope{}})
		if err != nil {
			return nil, nil, err
		}
		c, ok := e.(*ConstExpr)
		if !ok {
			return nil, nil, b.errorf(n.Value.Position(), "%s: argument %s must be a constant", name, n.Name)
		}
		named[strings.ToLower(n.Name)] = c.Val
	}
	alias := x.Alias
	if alias == "" {
		alias = name
	}
	switch name {
	case "range", "generate_series":
		return b.rangeFunc(name, args, alias, x.ColAliases, x.Pos)
	}
	t, label, ok, err := b.cat.OpenTableFunc(name, args, named)
	if err != nil {
		return nil, nil, b.wrap(x.Pos, err)
	}
	if !ok {
		return nil, nil, b.errorf(x.Pos, "Table Function with name %s does not exist!%s", name,
			suggest(name, []string{"read_parquet", "read_csv", "read_csv_auto", "parquet_scan", "range", "generate_series"}))
	}
	return b.scanOp(t, label, alias, x.ColAliases)
}

// rangeFunc binds the range / generate_series table function (stop
// excluded / included) over integers, or over timestamps with an INTERVAL
// step (DATE arguments are widened to TIMESTAMP, as in DuckDB). Overloads
// are resolved as DuckDB does for table functions: only types with an
// implicit cast to the parameter's type match. Rows are produced while
// the scan runs (engine.RangeTable), never materialized.
func (b *Binder) rangeFunc(name string, args []vector.Value, alias string, colAliases []string, pos parser.Pos) (Op, *scope, error) {
	spec := engine.RangeSpec{Name: name, Type: vector.BigInt, Step: 1}
	kind := rangeOverload(args)
	switch kind {
	case vector.TypeBigInt:
	case vector.TypeTimestamp, vector.TypeTimestampTZ:
		spec.Type = vector.Timestamp
		if kind == vector.TypeTimestampTZ {
			spec.Type = vector.TimestampTZ
		}
	default:
		types := make([]string, len(args))
		for i, a := range args {
			types[i] = a.Typ.String()
			if a.Typ.ID == vector.TypeNull {
				types[i] = "NULL"
			}
		}
		return nil, nil, b.errorf(pos, "No function matches the given name and argument types '%s(%s)'. You might need to add explicit type casts.\n"+
			"\tCandidate functions:\n\t%[1]s(BIGINT)\n\t%[1]s(BIGINT, BIGINT)\n\t%[1]s(BIGINT, BIGINT, BIGINT)\n"+
			"\t%[1]s(TIMESTAMP, TIMESTAMP, INTERVAL)\n\t%[1]s(TIMESTAMP WITH TIME ZONE, TIMESTAMP WITH TIME ZONE, INTERVAL)",
			name, strings.Join(types, ", "))
	}
	want := []vector.Type{spec.Type, spec.Type, vector.IntervalType}
	if kind == vector.TypeBigInt {
		want = []vector.Type{vector.BigInt, vector.BigInt, vector.BigInt}
	}
	vals := make([]int64, len(args))
	for i, a := range args {
		v, err := b.castConst(&ConstExpr{Val: a}, want[i])
		if err != nil {
			return nil, nil, b.wrap(pos, err)
		}
		spec.Null = spec.Null || v.Null
		if want[i].ID == vector.TypeInterval {
			spec.Interval = v.Iv
		} else {
			vals[i] = v.I64
		}
	}
	switch len(vals) {
	case 1:
		spec.Stop = vals[0]
	default:
		spec.Start, spec.Stop = vals[0], vals[1]
	}
	if len(vals) == 3 && kind == vector.TypeBigInt {
		spec.Step = vals[2]
	}
	t, err := engine.NewRangeTable(spec)
	if err != nil {
		return nil, nil, b.wrap(pos, err)
	}
	if len(colAliases) > 1 {
		colAliases = colAliases[:1] // DuckDB ignores the extra names: range(3) t(a, b)
	}
	return b.scanOp(t, name, alias, colAliases)
}

// rangeOverload picks the overload of the range table function that args
// match: BIGINT for one to three integers, TIMESTAMP or TIMESTAMPTZ for
// (start, stop, INTERVAL) with DATE or TIMESTAMP bounds (TIMESTAMPTZ when a
// bound has a time zone). NULL matches any parameter; all-NULL arguments
// pick BIGINT. It returns TypeInvalid when nothing matches.
func rangeOverload(args []vector.Value) vector.TypeID {
	if len(args) < 1 || len(args) > 3 {
		return vector.TypeInvalid
	}
	ints := true
	for _, a := range args {
		switch a.Typ.ID {
		case vector.TypeNull, vector.TypeTinyInt, vector.TypeSmallInt, vector.TypeInteger, vector.TypeBigInt,
			vector.TypeUTinyInt, vector.TypeUSmallInt, vector.TypeUInteger:
		default:
			ints = false
		}
	}
	if ints {
		return vector.TypeBigInt
	}
	if len(args) != 3 {
		return vector.TypeInvalid
	}
	kind := vector.TypeTimestamp
	for _, a := range args[:2] {
		switch a.Typ.ID {
		case vector.TypeNull, vector.TypeDate, vector.TypeTimestamp:
		case vector.TypeTimestampTZ:
			kind = vector.TypeTimestampTZ
		default:
			return vector.TypeInvalid
		}
	}
	if id := args[2].Typ.ID; id != vector.TypeNull && id != vector.TypeInterval {
		return vector.TypeInvalid
	}
	return kind
}

func (b *Binder) bindJoin(j *parser.JoinRef, outer *scope) (Op, *scope, error) {
	l, ls, err := b.bindTableRef(j.Left, outer)
	if err != nil {
		return nil, nil, err
	}
	r, rs, lat, err := b.bindLateralRef(l, ls, j.Right, outer)
	if err != nil {
		return nil, nil, err
	}
	sc := &scope{parent: outer}
	sc.cols = append(append(sc.cols, ls.cols...), rs.cols...)
	var kind engine.JoinKind
	switch j.Type {
	case parser.JoinInner, parser.JoinCross:
		kind = engine.JoinInner
	case parser.JoinLeft:
		kind = engine.JoinLeft
	case parser.JoinRight:
		kind = engine.JoinRight
	case parser.JoinFull:
		kind = engine.JoinFull
	case parser.JoinSemi:
		kind = engine.JoinSemi
	case parser.JoinAnti:
		kind = engine.JoinAnti
	}
	if len(lat) > 0 && (kind == engine.JoinRight || kind == engine.JoinFull) {
		return nil, nil, b.errorf(-1, "The right side of a %s JOIN cannot reference the left side (LATERAL)", joinTypeName(j.Type))
	}
	join := &Join{Left: l, Right: r, Kind: kind, Conds: lat}
	using := j.Using
	if j.Natural {
		for _, c := range ls.cols {
			for _, d := range rs.cols {
				if strings.EqualFold(c.name, d.name) && !c.hidden && !d.hidden && !c.pseudo && !d.pseudo {
					using = append(using, c.name)
				}
			}
		}
	}
	if len(using) > 0 {
		var extra []Expr // FULL JOIN: merged columns
		for _, name := range using {
			lc, _ := ls.resolve([]string{name})
			rc, _ := rs.resolve([]string{name})
			if len(lc) != 1 || len(rc) != 1 {
				return nil, nil, b.errorf(-1, "Column %q does not exist on both sides of the join (USING)", name)
			}
			eq, err := b.compare("=", &ColExpr{ID: lc[0].id, Typ: lc[0].typ, Name: name}, &ColExpr{ID: rc[0].id, Typ: rc[0].typ, Name: name}, 0)
			if err != nil {
				return nil, nil, err
			}
			join.Conds = append(join.Conds, eq)
			// Hide the right copy from unqualified lookup.
			for i := range sc.cols {
				if sc.cols[i].id == rc[0].id {
					sc.cols[i].hidden = true
				}
				if kind == engine.JoinRight && sc.cols[i].id == lc[0].id {
					sc.cols[i].hidden = true
					for k := range sc.cols {
						if sc.cols[k].id == rc[0].id {
							sc.cols[k].hidden = false
						}
					}
				}
			}
			_ = extra
		}
		if kind == engine.JoinFull {
			// Merge USING columns with COALESCE above the join.
			p := &Project{Input: join}
			merged := map[ColumnID]ColumnID{}
			for _, name := range using {
				lc, _ := ls.resolve([]string{name})
				rc, _ := rs.resolve([]string{name})
				co, err := newFunc("coalesce", []Expr{&ColExpr{ID: lc[0].id, Typ: lc[0].typ}, &ColExpr{ID: rc[0].id, Typ: rc[0].typ}})
				if err != nil {
					return nil, nil, err
				}
				nid := b.newID()
				p.Exprs = append(p.Exprs, co)
				p.IDs = append(p.IDs, nid)
				merged[lc[0].id] = nid
			}
			for _, c := range join.Cols() {
				p.Exprs = append(p.Exprs, &ColExpr{ID: c.ID, Typ: c.Typ})
				p.IDs = append(p.IDs, c.ID)
			}
			for i := range sc.cols {
				if nid, ok := merged[sc.cols[i].id]; ok {
					sc.cols[i].id = nid
				}
			}
			return p, sc, nil
		}
		if kind == engine.JoinSemi || kind == engine.JoinAnti {
			sc.cols = append([]scopeCol(nil), ls.cols...)
		}
		return join, sc, nil
	}
	if j.On != nil {
		ctx := &exprCtx{scope: sc}
		cond, err := b.bindExpr(j.On, ctx)
		if err != nil {
			return nil, nil, err
		}
		if cond.Type().ID != vector.TypeBoolean {
			return nil, nil, b.errorf(j.On.Position(), "JOIN condition must be a boolean expression, not %s", cond.Type())
		}
		join.Conds = append(join.Conds, conjuncts(cond)...)
		if kind == engine.JoinSemi || kind == engine.JoinAnti {
			// Only the left side's columns leave a SEMI/ANTI join.
			sc.cols = append([]scopeCol(nil), ls.cols...)
		}
		if len(ctx.applies) > 0 {
			op, err := b.joinOnSubqueries(join, ctx, j.On.Position())
			if err != nil {
				return nil, nil, err
			}
			return op, sc, nil
		}
	} else if j.Type != parser.JoinCross && j.Type != parser.JoinInner {
		return nil, nil, b.errorf(-1, "%s JOIN requires an ON or USING clause", joinTypeName(j.Type))
	}
	return join, sc, nil
}

func joinTypeName(t parser.JoinType) string {
	switch t {
	case parser.JoinLeft:
		return "LEFT"
	case parser.JoinRight:
		return "RIGHT"
	case parser.JoinFull:
		return "FULL"
	case parser.JoinSemi:
		return "SEMI"
	case parser.JoinAnti:
		return "ANTI"
	}
	return "INNER"
}
