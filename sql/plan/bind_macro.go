package plan

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/lhsql/lhsql/engine"
	"github.com/lhsql/lhsql/sql/parser"
	"github.com/lhsql/lhsql/vector"
)

// Macro is a stored CREATE MACRO / CREATE FUNCTION definition: a scalar
// macro has Body, a table macro has Table. Calls substitute the argument
// expressions for the parameters in a copy of the definition's AST.
type Macro struct {
	Name     string
	Params   []string
	Defaults []*parser.NamedArg // parameters with defaults, in order
	Body     parser.Expr
	Table    *parser.SelectStmt
}

// MacroCatalog is implemented by catalogs that store macros.
type MacroCatalog interface {
	// LookupMacro returns a macro by (lower-case) name.
	LookupMacro(name string) (*Macro, bool)
}

// SequenceCatalog is implemented by catalogs that store sequences.
// Sequence resolves a (lower-case) sequence name to callbacks that the
// engine calls once per row: next advances the sequence, curr reads it.
type SequenceCatalog interface {
	Sequence(name string) (next, curr func() (int64, error), ok bool)
}

// maxMacroDepth bounds nested macro expansion (a macro calling itself).
const maxMacroDepth = 64

// lookupMacro finds a macro in the catalog, if it stores macros.
func (b *Binder) lookupMacro(name string) (*Macro, bool) {
	mc, ok := b.cat.(MacroCatalog)
	if !ok {
		return nil, false
	}
	return mc.LookupMacro(strings.ToLower(name))
}

// macroArgs matches a call's arguments to a macro's parameters.
func (b *Binder) macroArgs(m *Macro, args []parser.Expr, named []*parser.NamedArg, pos parser.Pos) (map[string]parser.Expr, error) {
	sig := func() string {
		parts := append([]string(nil), m.Params...)
		for _, d := range m.Defaults {
			parts = append(parts, d.Name+" := "+exprSQL(d.Value))
		}
		return m.Name + "(" + strings.Join(parts, ", ") + ")"
	}
	seen := map[string]bool{}
	for _, n := range named {
		k := strings.ToLower(n.Name)
		if seen[k] {
			return nil, b.errorf(pos, "Macro %s() has named argument repeated '%s'", m.Name, n.Name)
		}
		seen[k] = true
	}
	if len(args)+len(named) < len(m.Params) || len(args) > len(m.Params)+len(m.Defaults) {
		return nil, b.errorf(pos, "Macro function '%s' requires %d positional argument(s), but %d positional argument(s) were provided. Macro function %s does not support the supplied arguments.",
			sig(), len(m.Params), len(args), m.Name)
	}
	sub := map[string]parser.Expr{}
	for i, a := range args {
		if i < len(m.Params) {
			sub[strings.ToLower(m.Params[i])] = a
		} else {
			sub[strings.ToLower(m.Defaults[i-len(m.Params)].Name)] = a
		}
	}
	for _, n := range named {
		k := strings.ToLower(n.Name)
		found := false
		for _, d := range m.Defaults {
			if strings.EqualFold(d.Name, n.Name) {
				found = true
			}
		}
		for _, p := range m.Params {
			if strings.EqualFold(p, n.Name) {
				found = true
			}
		}
		if !found {
			return nil, b.errorf(pos, "Macro %s does not have default parameter %s!", m.Name, n.Name)
		}
		if _, dup := sub[k]; dup {
			return nil, b.errorf(pos, "Macro %s() has named argument repeated '%s'", m.Name, n.Name)
		}
		sub[k] = n.Value
	}
	for _, p := range m.Params {
		if _, ok := sub[strings.ToLower(p)]; !ok {
			return nil, b.errorf(pos, "Macro function '%s' requires %d positional argument(s). Macro function %s does not support the supplied arguments.", sig(), len(m.Params), m.Name)
		}
	}
	for _, d := range m.Defaults {
		k := strings.ToLower(d.Name)
		if _, ok := sub[k]; !ok {
			sub[k] = d.Value
		}
	}
	return sub, nil
}

// bindMacroCall expands a scalar macro call; ok is false when name is not
// a scalar macro.
func (b *Binder) bindMacroCall(x *parser.FuncCall, ctx *exprCtx) (Expr, bool, error) {
	m, ok := b.lookupMacro(x.Name)
	if len(x.Args) > 0 {
		// schema.macro(args) parses as the method call macro(schema, args).
		if cr, isRef := x.Args[0].(*parser.ColumnRef); isRef && len(cr.Parts) == 1 {
			if qm, found := b.lookupMacro(cr.Parts[0] + "." + x.Name); found {
				cp := *x
				cp.Args = x.Args[1:]
				x, m, ok = &cp, qm, true
			} else if isDefaultSchema(cr.Parts[0]) && ok {
				cp := *x
				cp.Args = x.Args[1:]
				x = &cp
			}
		}
	}
	if !ok {
		return nil, false, nil
	}
	if m.Body == nil {
		return nil, true, b.errorf(x.Pos, "Macro %s is a table macro: use it in FROM", m.Name)
	}
	if b.macroDepth >= maxMacroDepth {
		return nil, true, b.errorf(x.Pos, "Max expression depth limit of %d exceeded expanding macro %s", maxMacroDepth, m.Name)
	}
	sub, err := b.macroArgs(m, x.Args, x.Named, x.Pos)
	if err != nil {
		return nil, true, err
	}
	body := substituteAST(m.Body, sub).(parser.Expr)
	if x.Over != nil {
		f, isCall := body.(*parser.FuncCall)
		if !isCall {
			return nil, true, b.errorf(x.Pos, "OVER clause on macro %s that is not a function call", m.Name)
		}
		f.Over = x.Over
	}
	b.macroDepth++
	e, err := b.bindExpr(body, ctx)
	b.macroDepth--
	return e, true, err
}

// macroTable returns the expanded query of a table macro call in FROM, or
// of query('SELECT ...') and query_table(name); nil when name is neither.
func (b *Binder) macroTable(x *parser.TableFunc) (*parser.SelectStmt, error) {
	name := strings.ToLower(x.Name)
	switch name {
	case "query":
		if _, ok := b.lookupMacro(name); !ok {
			return b.queryFunc(x)
		}
	case "query_table":
		if _, ok := b.lookupMacro(name); !ok {
			return b.queryTableFunc(x)
		}
	}
	m, ok := b.lookupMacro(name)
	if !ok || m.Table == nil {
		return nil, nil
	}
	if b.macroDepth >= maxMacroDepth {
		return nil, b.errorf(x.Pos, "Max expression depth limit of %d exceeded expanding macro %s", maxMacroDepth, m.Name)
	}
	sub, err := b.macroArgs(m, x.Args, x.Named, x.Pos)
	if err != nil {
		return nil, err
	}
	return substituteAST(m.Table, sub).(*parser.SelectStmt), nil
}

// bindMacroTable binds a table-macro call (or query / query_table) as a
// subquery; ok is false when x is none of them.
func (b *Binder) bindMacroTable(x *parser.TableFunc) (Op, *scope, bool, error) {
	q, err := b.macroTable(x)
	if err != nil {
		return nil, nil, true, err
	}
	if q == nil {
		return nil, nil, false, nil
	}
	saved := b.ctes
	if _, isMacro := b.lookupMacro(x.Name); isMacro {
		b.ctes = nil
	}
	b.macroDepth++
	op, names, err := b.bindSelect(q, nil)
	b.macroDepth--
	b.ctes = saved
	if err != nil {
		return nil, nil, true, err
	}
	alias := x.Alias
	if alias == "" {
		alias = strings.ToLower(x.Name)
	}
	op, sc, err := b.aliasOp(op, names, alias, x.ColAliases, x.Pos)
	return op, sc, true, err
}

// constString evaluates a constant string argument.
func (b *Binder) constString(e parser.Expr, fname string) (string, error) {
	be, err := b.bindExpr(e, &exprCtx{scope: &scope{}})
	if err != nil {
		return "", err
	}
	c, ok := be.(*ConstExpr)
	if !ok || c.Val.Null || !c.Val.Typ.IsString() {
		return "", b.errorf(e.Position(), "Table function \"%s\" requires a constant string argument", fname)
	}
	return c.Val.Str, nil
}

// queryFunc parses query('SELECT ...').
func (b *Binder) queryFunc(x *parser.TableFunc) (*parser.SelectStmt, error) {
	if len(x.Args) != 1 {
		return nil, b.errorf(x.Pos, "query expects one argument (the query string)")
	}
	text, err := b.constString(x.Args[0], "query")
	if err != nil {
		return nil, err
	}
	stmts, err := parser.Parse(text)
	if err != nil {
		return nil, err
	}
	if len(stmts) != 1 {
		return nil, b.errorf(x.Pos, "Parser Error: Expected a single SELECT statement")
	}
	q, ok := stmts[0].(*parser.SelectStmt)
	if !ok {
		return nil, b.errorf(x.Pos, "Parser Error: Expected a single SELECT statement")
	}
	return q, nil
}

// queryTableFunc expands query_table(name) and query_table([names],
// by_name) into SELECT * FROM name [UNION ALL [BY NAME] ...].
func (b *Binder) queryTableFunc(x *parser.TableFunc) (*parser.SelectStmt, error) {
	if len(x.Args) < 1 || len(x.Args) > 2 {
		return nil, b.errorf(x.Pos, "query_table expects a table name or a list of table names")
	}
	var names []string
	if l, ok := x.Args[0].(*parser.ListExpr); ok {
		for _, it := range l.Items {
			if cr, isRef := it.(*parser.ColumnRef); isRef {
				names = append(names, strings.Join(cr.Parts, "."))
				continue
			}
			s, err := b.constString(it, "query_table")
			if err != nil {
				return nil, err
			}
			names = append(names, s)
		}
	} else if cr, isRef := x.Args[0].(*parser.ColumnRef); isRef {
		names = append(names, strings.Join(cr.Parts, "."))
	} else {
		be, err := b.bindExpr(x.Args[0], &exprCtx{scope: &scope{}})
		if err != nil {
			return nil, err
		}
		c, ok := be.(*ConstExpr)
		if !ok || c.Val.Null {
			return nil, b.errorf(x.Pos, "Binder Error: Table function \"query_table\" requires a constant table name")
		}
		if c.Val.Typ.ID == vector.TypeList {
			for _, v := range c.Val.List {
				names = append(names, v.Str)
			}
		} else {
			names = append(names, c.Val.Str)
		}
	}
	if len(names) == 0 {
		return nil, b.errorf(x.Pos, "Binder Error: Table function \"query_table\" requires at least one table name")
	}
	byName := false
	if len(x.Args) == 2 {
		be, err := b.bindExpr(x.Args[1], &exprCtx{scope: &scope{}})
		if err != nil {
			return nil, err
		}
		if c, ok := be.(*ConstExpr); ok && c.Val.Typ.ID == vector.TypeBoolean {
			byName = c.Val.Bool
		}
	}
	var body parser.QueryBody
	for _, n := range names {
		ref := &parser.TableName{Name: n, Pos: x.Pos}
		if i := strings.LastIndexByte(n, '.'); i > 0 {
			ref.Schema, ref.Name = n[:i], n[i+1:]
		}
		core := &parser.SelectCore{Items: []*parser.SelectItem{{Expr: &parser.Star{Pos: -1}}}, From: []parser.TableRef{ref}}
		if body == nil {
			body = core
		} else {
			body = &parser.SetOp{Op: parser.Union, All: true, ByName: byName, Left: body, Right: core}
		}
	}
	return &parser.SelectStmt{Body: body}, nil
}

// bindSequenceCall binds nextval('seq') / currval('seq') to an engine
// expression evaluated per row; ok is false for other names.
func (b *Binder) bindSequenceCall(x *parser.FuncCall) (Expr, bool, error) {
	name := strings.ToLower(x.Name)
	if name != "nextval" && name != "currval" {
		return nil, false, nil
	}
	sc, ok := b.cat.(SequenceCatalog)
	if !ok {
		return nil, false, nil
	}
	if len(x.Args) != 1 {
		return nil, true, b.errorf(x.Pos, "%s expects one argument (the sequence name)", name)
	}
	seq, err := b.constString(x.Args[0], name)
	if err != nil {
		return nil, true, err
	}
	next, curr, found := sc.Sequence(strings.ToLower(seq))
	if !found {
		return nil, true, b.errorf(x.Pos, "Catalog Error: Sequence with name %s does not exist!", seq)
	}
	f := next
	if name == "currval" {
		f = curr
	}
	return &FuncExpr{Name: name, E: engine.NewSequenceExpr(name+"('"+seq+"')", f)}, true, nil
}

var (
	columnRefType = reflect.TypeOf(&parser.ColumnRef{})
	tableNameType = reflect.TypeOf(&parser.TableName{})
)

// substituteAST returns a deep copy of node in which every single-part
// column reference naming a key of sub is replaced by a copy of its
// expression.
func substituteAST(node any, sub map[string]parser.Expr) any {
	if sub == nil {
		return cloneValue(reflect.ValueOf(node), nil).Interface()
	}
	return cloneValue(reflect.ValueOf(node), func(cr *parser.ColumnRef) parser.Expr {
		if len(cr.Parts) == 1 {
			if r, ok := sub[strings.ToLower(cr.Parts[0])]; ok {
				return cloneAST(r).(parser.Expr)
			}
		}
		if len(cr.Parts) == 2 {
			// tbl.col where the parameter tbl names a table.
			if r, ok := sub[strings.ToLower(cr.Parts[0])].(*parser.ColumnRef); ok && len(r.Parts) == 1 {
				return &parser.ColumnRef{Parts: []string{r.Parts[0], cr.Parts[1]}, Pos: cr.Pos}
			}
		}
		return nil
	}).Interface()
}

// tableParam renames a FROM table whose name is a macro parameter bound
// to a plain identifier (CREATE MACRO m(tbl) AS (SELECT ... FROM tbl)).
func tableParam(v reflect.Value, repl refRewriter) (reflect.Value, bool) {
	tn, ok := v.Interface().(*parser.TableName)
	if !ok || tn.Schema != "" || tn.IsPath || repl == nil {
		return v, false
	}
	r := repl(&parser.ColumnRef{Parts: []string{tn.Name}, Pos: tn.Pos})
	cr, ok := r.(*parser.ColumnRef)
	if !ok {
		return v, false
	}
	cp := *tn
	cp.ColAliases = append([]string(nil), tn.ColAliases...)
	if cp.Alias == "" {
		cp.Alias = tn.Name
	}
	cp.Name = cr.Parts[len(cr.Parts)-1]
	if len(cr.Parts) > 1 {
		cp.Schema = strings.Join(cr.Parts[:len(cr.Parts)-1], ".")
	}
	return reflect.ValueOf(&cp), true
}

// cloneAST returns a deep copy of an AST node.
func cloneAST(node any) any { return substituteAST(node, nil) }

// refRewriter returns a replacement for a column reference, or nil to
// keep (a copy of) it.
type refRewriter func(*parser.ColumnRef) parser.Expr

func cloneValue(v reflect.Value, repl refRewriter) reflect.Value {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		if repl != nil && v.Type() == columnRefType {
			if r := repl(v.Interface().(*parser.ColumnRef)); r != nil {
				return reflect.ValueOf(r)
			}
		}
		if v.Type() == tableNameType {
			if r, ok := tableParam(v, repl); ok {
				return r
			}
		}
		out := reflect.New(v.Type().Elem())
		out.Elem().Set(cloneValue(v.Elem(), repl))
		return out
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		c := cloneValue(v.Elem(), repl)
		out := reflect.New(v.Type()).Elem()
		if c.Type().AssignableTo(v.Type()) {
			out.Set(c)
		} else {
			out.Set(v.Elem())
		}
		return out
	case reflect.Struct:
		out := reflect.New(v.Type()).Elem()
		out.Set(v)
		for i := 0; i < v.NumField(); i++ {
			if !out.Field(i).CanSet() {
				continue
			}
			out.Field(i).Set(cloneInto(v.Field(i), repl))
		}
		return out
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		out := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := 0; i < v.Len(); i++ {
			out.Index(i).Set(cloneInto(v.Index(i), repl))
		}
		return out
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		out := reflect.MakeMapWithSize(v.Type(), v.Len())
		it := v.MapRange()
		for it.Next() {
			out.SetMapIndex(it.Key(), cloneValue(it.Value(), repl))
		}
		return out
	}
	return v
}

// cloneInto clones v for a slot of v's own type: a replacement that
// would not fit the slot (a column reference held as *ColumnRef) is
// skipped.
func cloneInto(v reflect.Value, repl refRewriter) reflect.Value {
	c := cloneValue(v, repl)
	if c.Type().AssignableTo(v.Type()) {
		return c
	}
	return cloneValue(v, nil)
}

// exprSQL renders simple expressions for messages.
func exprSQL(e parser.Expr) string {
	switch x := e.(type) {
	case *parser.Literal:
		switch x.Kind {
		case parser.LitNull:
			return "NULL"
		case parser.LitString:
			return "'" + x.Value + "'"
		case parser.LitBool:
			if x.Bool {
				return "true"
			}
			return "false"
		}
		return x.Value
	case *parser.ColumnRef:
		return strings.Join(x.Parts, ".")
	}
	return fmt.Sprintf("%T", e)
}

// CloneAST returns a deep copy of a parsed statement or expression.
func CloneAST(node any) any { return cloneAST(node) }

// RewriteColumnRefs returns a deep copy of node in which each column
// reference for which f returns non-nil is replaced by f's result.
func RewriteColumnRefs(node any, f func(*parser.ColumnRef) parser.Expr) any {
	return cloneValue(reflect.ValueOf(node), f).Interface()
}

// SubstituteAST returns a deep copy of node with single-part column
// references named in sub (lower-case keys) replaced by copies of the
// mapped expressions.
func SubstituteAST(node any, sub map[string]parser.Expr) any { return substituteAST(node, sub) }

// isDefaultSchema reports whether a qualifier names the default catalog or
// schema (main.f(x), pg_catalog.f(x)).
func isDefaultSchema(s string) bool {
	switch strings.ToLower(s) {
	case "main", "pg_catalog", "system", "memory":
		return true
	}
	return false
}
