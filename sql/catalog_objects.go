package sql

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"

	"github.com/lhsql/lhsql/sql/parser"
	"github.com/lhsql/lhsql/sql/plan"
)

// Catalog objects besides tables and views: schemas, macros, sequences,
// indexes and user types. Names of objects in schema main are stored
// bare; objects of other schemas are stored as "schema.name".

// normKey returns the catalog key of a possibly qualified name: lower
// case, with the default catalog and schema (memory, main, temp) removed.
func normKey(name string) string {
	parts := strings.Split(strings.ToLower(name), ".")
	if len(parts) == 3 && (parts[0] == "memory" || parts[0] == "temp" || parts[0] == "system") {
		parts = parts[1:]
	}
	if len(parts) == 2 && (parts[0] == "main" || parts[0] == "memory" || parts[0] == "temp" || parts[0] == "pg_catalog") {
		parts = parts[1:]
	}
	return strings.Join(parts, ".")
}

// splitKey returns the schema and object name of a catalog key.
func splitKey(key string) (schema, name string) {
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		return key[:i], key[i+1:]
	}
	return "main", key
}

// builtinSchemas always exist.
var builtinSchemas = map[string]bool{"main": true, "pg_catalog": true, "information_schema": true, "temp": true}

// checkSchema fails when the schema of a qualified key does not exist.
// The caller holds db.mu.
func (db *DB) checkSchema(key string) error {
	s, _ := splitKey(key)
	if builtinSchemas[s] || db.schemas[s] {
		return nil
	}
	return fmt.Errorf("Catalog Error: Schema with name %s does not exist!", s)
}

// sequence is a CREATE SEQUENCE object.
type sequence struct {
	mu                sync.Mutex
	name              string
	start, incr       int64
	minVal, maxVal    int64
	cycle             bool
	cur               int64
	called            bool
	usage             int64
	ownerTable        string
	startWasGiven     bool
	hasMin, hasMaxSet bool
}

// next advances the sequence.
func (s *sequence) next() (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.called {
		s.called = true
		s.cur = s.start
		s.usage++
		return s.cur, nil
	}
	v := s.cur
	var nv int64
	overflow := false
	if s.incr > 0 {
		if v > s.maxVal-s.incr {
			overflow = true
		} else {
			nv = v + s.incr
		}
		if overflow {
			if !s.cycle {
				return 0, fmt.Errorf("Sequence Error: nextval: reached maximum value of sequence \"%s\" (%d)", s.name, s.maxVal)
			}
			nv = s.minVal
		}
	} else {
		if v < s.minVal-s.incr {
			overflow = true
		} else {
			nv = v + s.incr
		}
		if overflow {
			if !s.cycle {
				return 0, fmt.Errorf("Sequence Error: nextval: reached minimum value of sequence \"%s\" (%d)", s.name, s.minVal)
			}
			nv = s.maxVal
		}
	}
	s.cur = nv
	s.usage++
	return nv, nil
}

// curr reads the sequence's last value.
func (s *sequence) curr() (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.called {
		return 0, fmt.Errorf("Sequence Error: currval: sequence is not yet defined in this session")
	}
	return s.cur, nil
}

// index is a CREATE INDEX entry; a UNIQUE index adds a unique key to its
// table.
type index struct {
	name    string
	table   string // catalog key of the table
	unique  bool
	columns []string
	sql     string
}

// enumType is a CREATE TYPE ... AS ENUM; aliasType a CREATE TYPE ... AS type.
type userType struct {
	name   string
	enum   []string
	alias  *parser.TypeName
	schema string
}

// LookupMacro implements plan.MacroCatalog: user macros first, then the
// built-in system macros.
func (c catalog) LookupMacro(name string) (*plan.Macro, bool) {
	key := normKey(name)
	if m, ok := c.db.macros[key]; ok {
		return m, true
	}
	m, ok := systemMacros()[key]
	return m, ok
}

// systemMacroSQL defines session and PostgreSQL-compatibility functions
// as macros.
const systemMacroSQL = `
CREATE MACRO current_user() AS 'duckdb';
CREATE MACRO session_user() AS 'duckdb';
CREATE MACRO "user"() AS 'duckdb';
CREATE MACRO current_role() AS 'duckdb';
CREATE MACRO current_catalog() AS 'memory';
CREATE MACRO current_database() AS 'memory';
CREATE MACRO current_schema() AS 'main';
CREATE MACRO inet_client_addr() AS NULL;
CREATE MACRO inet_client_port() AS NULL;
CREATE MACRO inet_server_addr() AS NULL;
CREATE MACRO inet_server_port() AS NULL;
CREATE MACRO pg_is_other_temp_schema(oid) AS false;
CREATE MACRO col_description(table_oid, column_number) AS NULL;
CREATE MACRO obj_description(object_oid, catalog_name) AS NULL;
CREATE MACRO shobj_description(object_oid, catalog_name) AS NULL;
CREATE MACRO pg_has_role(a, b) AS true;
CREATE MACRO has_schema_privilege(a, b) AS true;
CREATE MACRO has_table_privilege(a, b) AS true;
CREATE MACRO pg_get_expr(pg_node_tree, relation_oid) AS pg_node_tree;
`

var (
	sysMacrosOnce sync.Once
	sysMacros     map[string]*plan.Macro
)

// systemMacros parses systemMacroSQL once.
func systemMacros() map[string]*plan.Macro {
	sysMacrosOnce.Do(func() {
		sysMacros = map[string]*plan.Macro{}
		stmts, err := parser.Parse(systemMacroSQL)
		if err != nil {
			return
		}
		for _, st := range stmts {
			if m, ok := st.(*parser.CreateMacroStmt); ok {
				sysMacros[strings.ToLower(m.Name)] = &plan.Macro{Name: strings.ToLower(m.Name), Params: m.Params, Body: m.Body}
			}
		}
	})
	return sysMacros
}

// Sequence implements plan.SequenceCatalog.
func (c catalog) Sequence(name string) (next, curr func() (int64, error), ok bool) {
	s, ok := c.db.sequences[normKey(name)]
	if !ok {
		return nil, nil, false
	}
	return s.next, s.curr, true
}

func (c *Conn) createSchema(s *parser.CreateSchemaStmt) (*Rows, error) {
	name := normKeySchema(s.Name)
	c.db.mu.Lock()
	defer c.db.mu.Unlock()
	if builtinSchemas[name] || c.db.schemas[name] {
		if s.IfNotExists {
			return &Rows{}, nil
		}
		return nil, fmt.Errorf("Catalog Error: Schema with name %s already exists!", s.Name)
	}
	c.db.schemas[name] = true
	return &Rows{}, nil
}

// normKeySchema normalizes a schema name (memory.s -> s).
func normKeySchema(name string) string {
	n := strings.ToLower(name)
	if i := strings.IndexByte(n, '.'); i >= 0 && (n[:i] == "memory" || n[:i] == "temp") {
		n = n[i+1:]
	}
	return n
}

func (c *Conn) createMacro(text string, s *parser.CreateMacroStmt) (*Rows, error) {
	key := normKey(s.Name)
	_, bare := splitKey(key)
	seen := map[string]bool{}
	for _, p := range s.Params {
		if strings.Contains(p, ".") {
			return nil, fmt.Errorf("Parser Error: Invalid parameter name '%s': must be unqualified", p)
		}
		if seen[strings.ToLower(p)] {
			return nil, fmt.Errorf("Binder Error: Duplicate parameter '%s' in macro definition", p)
		}
		seen[strings.ToLower(p)] = true
	}
	for _, d := range s.Defaults {
		if seen[strings.ToLower(d.Name)] {
			return nil, fmt.Errorf("Binder Error: Duplicate parameter '%s' in macro definition", d.Name)
		}
		seen[strings.ToLower(d.Name)] = true
		if hasColumnRef(d.Value) {
			return nil, fmt.Errorf("Binder Error: Default value for parameter \"%s\" cannot contain column names", d.Name)
		}
	}
	m := &plan.Macro{Name: bare, Params: s.Params, Defaults: s.Defaults, Body: s.Body, Table: s.Table}
	if err := c.validateMacro(text, m); err != nil {
		return nil, err
	}
	c.db.mu.Lock()
	defer c.db.mu.Unlock()
	if err := c.db.checkSchema(key); err != nil {
		return nil, err
	}
	if _, dup := c.db.macros[key]; dup && !s.OrReplace {
		return nil, fmt.Errorf("Catalog Error: Macro Function with name \"%s\" already exists!", bare)
	}
	c.db.macros[key] = m
	return &Rows{}, nil
}

// validateMacro binds a scalar macro's body with NULL parameters to
// report references to columns that cannot exist.
func (c *Conn) validateMacro(text string, m *plan.Macro) error {
	if m.Body == nil || c.exprMentionsParam(m.Body) {
		return nil
	}
	sub := map[string]parser.Expr{}
	for _, p := range m.Params {
		sub[strings.ToLower(p)] = &parser.Literal{Kind: parser.LitNull, Pos: -1}
	}
	for _, d := range m.Defaults {
		sub[strings.ToLower(d.Name)] = &parser.Literal{Kind: parser.LitNull, Pos: -1}
	}
	body := plan.SubstituteAST(m.Body, sub).(parser.Expr)
	q := &parser.SelectStmt{Body: &parser.SelectCore{Items: []*parser.SelectItem{{Expr: body}}}}
	c.db.mu.RLock()
	b := c.binder("", nil)
	_, err := b.BindQuery(q)
	c.db.mu.RUnlock()
	if err != nil && strings.Contains(err.Error(), "not found in FROM clause") {
		col := ""
		if i := strings.Index(err.Error(), "\""); i >= 0 {
			rest := err.Error()[i+1:]
			if j := strings.Index(rest, "\""); j >= 0 {
				col = rest[:j]
			}
		}
		return fmt.Errorf("Binder Error: Referenced column \"%s\" not found in FROM clause! (column \"%s\" was not found because the FROM clause is missing)", col, col)
	}
	return nil
}

// exprMentionsParam reports whether e contains a placeholder; such
// macros are rejected by binding anyway.
func (c *Conn) exprMentionsParam(e parser.Expr) bool {
	_, isSub := e.(*parser.SubqueryExpr)
	return isSub
}

// hasColumnRef reports whether e is or directly contains a column
// reference outside of subqueries.
func hasColumnRef(e parser.Expr) bool {
	switch x := e.(type) {
	case *parser.ColumnRef:
		return true
	case *parser.BinaryExpr:
		return hasColumnRef(x.L) || hasColumnRef(x.R)
	case *parser.UnaryExpr:
		return hasColumnRef(x.X)
	case *parser.CastExpr:
		return hasColumnRef(x.X)
	case *parser.FuncCall:
		for _, a := range x.Args {
			if hasColumnRef(a) {
				return true
			}
		}
	}
	return false
}

func (c *Conn) createSequence(s *parser.CreateSequenceStmt) (*Rows, error) {
	key := normKey(s.Name)
	_, bare := splitKey(key)
	if s.Increment == 0 {
		return nil, fmt.Errorf("Parser Error: Increment must not be zero")
	}
	seq := &sequence{name: bare, incr: s.Increment, cycle: s.Cycle}
	if s.Increment > 0 {
		seq.minVal, seq.maxVal = 1, math.MaxInt64
	} else {
		seq.minVal, seq.maxVal = math.MinInt64, -1
	}
	if s.MinValue != nil {
		seq.minVal = *s.MinValue
	}
	if s.MaxValue != nil {
		seq.maxVal = *s.MaxValue
	}
	if s.Increment > 0 {
		seq.start = seq.minVal
	} else {
		seq.start = seq.maxVal
	}
	if s.HasStart {
		seq.start = s.Start
	}
	if seq.maxVal <= seq.minVal {
		return nil, fmt.Errorf("Parser Error: MINVALUE (%d) must be less than MAXVALUE (%d)", seq.minVal, seq.maxVal)
	}
	if seq.start < seq.minVal {
		return nil, fmt.Errorf("Parser Error: START value (%d) cannot be less than MINVALUE (%d)", seq.start, seq.minVal)
	}
	if seq.start > seq.maxVal {
		return nil, fmt.Errorf("Parser Error: START value (%d) cannot be greater than MAXVALUE (%d)", seq.start, seq.maxVal)
	}
	c.db.mu.Lock()
	defer c.db.mu.Unlock()
	if err := c.db.checkSchema(key); err != nil {
		return nil, err
	}
	if _, dup := c.db.sequences[key]; dup && !s.OrReplace {
		if s.IfNotExists {
			return &Rows{}, nil
		}
		return nil, fmt.Errorf("Catalog Error: Sequence with name %s already exists!", bare)
	}
	c.db.sequences[key] = seq
	return &Rows{}, nil
}

func (c *Conn) createIndex(text string, s *parser.CreateIndexStmt) (*Rows, error) {
	t, err := c.lookupTable(s.Table)
	if err != nil {
		return nil, err
	}
	schema := t.data.Schema()
	var cols []int
	var names []string
	for _, e := range s.Columns {
		cr, ok := e.(*parser.ColumnRef)
		if !ok {
			// Expression indexes do not change results; only plain
			// columns can back a UNIQUE index here.
			if s.Unique {
				return nil, fmt.Errorf("Not implemented Error: UNIQUE indexes on expressions are not supported yet")
			}
			names = append(names, exprText(e))
			continue
		}
		col := cr.Parts[len(cr.Parts)-1]
		found := -1
		for i, sc := range schema {
			if strings.EqualFold(sc.Name, col) {
				found = i
			}
		}
		if found < 0 {
			return nil, fmt.Errorf("Binder Error: Referenced column \"%s\" not found in FROM clause!", col)
		}
		cols = append(cols, found)
		names = append(names, schema[found].Name)
	}
	key := normKey(s.Name)
	if sch, _ := splitKey(normKey(s.Table)); sch != "main" && !strings.Contains(key, ".") {
		key = sch + "." + key
	}
	c.db.mu.RLock()
	_, dup := c.db.indexes[key]
	c.db.mu.RUnlock()
	if dup {
		if s.IfNotExists {
			return &Rows{}, nil
		}
		return nil, fmt.Errorf("Catalog Error: Index with name \"%s\" already exists!", s.Name)
	}
	if s.Unique {
		// Existing rows must already be unique.
		probe := &table{name: t.name, data: t.data, keys: []uniqueKey{{cols: cols}}}
		if err := c.validate(context.Background(), probe, t.data, true); err != nil {
			return nil, err
		}
	}
	c.db.mu.Lock()
	defer c.db.mu.Unlock()
	c.db.indexes[key] = &index{name: s.Name, table: normKey(s.Table), unique: s.Unique, columns: names, sql: text}
	if s.Unique {
		t.keys = append(t.keys, uniqueKey{cols: cols, index: key})
	}
	return &Rows{}, nil
}

func (c *Conn) createType(s *parser.CreateTypeStmt) (*Rows, error) {
	key := normKey(s.Name)
	_, bare := splitKey(key)
	if s.Enum != nil {
		seen := map[string]bool{}
		for _, v := range s.Enum {
			if seen[v] {
				return nil, fmt.Errorf("Parser Error: Duplicate enum value '%s'", v)
			}
			seen[v] = true
		}
	}
	c.db.mu.Lock()
	defer c.db.mu.Unlock()
	if err := c.db.checkSchema(key); err != nil {
		return nil, err
	}
	if _, dup := c.db.types[key]; dup && !s.OrReplace {
		if s.IfNotExists {
			return &Rows{}, nil
		}
		return nil, fmt.Errorf("Catalog Error: Type with name \"%s\" already exists!", bare)
	}
	c.db.types[key] = &userType{name: bare, enum: s.Enum, alias: s.Type}
	return &Rows{}, nil
}

// dropOther drops schemas, sequences, macros, indexes and types. The
// caller holds db.mu.
func (c *Conn) dropOther(s *parser.DropStmt, n string) error {
	key := normKey(n)
	missing := func(kind string) error {
		if s.IfExists {
			return nil
		}
		return fmt.Errorf("Catalog Error: %s with name %s does not exist!", kind, n)
	}
	switch s.Kind {
	case "schema":
		name := normKeySchema(n)
		if name == "main" || builtinSchemas[name] {
			return fmt.Errorf("Catalog Error: Cannot drop schema \"%s\" because it is required by the database system", name)
		}
		if !c.db.schemas[name] {
			return missing("Schema")
		}
		var inside []string
		prefix := name + "."
		for k := range c.db.tables {
			if strings.HasPrefix(k, prefix) {
				inside = append(inside, k)
			}
		}
		for k := range c.db.views {
			if strings.HasPrefix(k, prefix) {
				inside = append(inside, k)
			}
		}
		for k := range c.db.sequences {
			if strings.HasPrefix(k, prefix) {
				inside = append(inside, k)
			}
		}
		for k := range c.db.macros {
			if strings.HasPrefix(k, prefix) {
				inside = append(inside, k)
			}
		}
		for k := range c.db.types {
			if strings.HasPrefix(k, prefix) {
				inside = append(inside, k)
			}
		}
		if len(inside) > 0 && !s.Cascade {
			sort.Strings(inside)
			return fmt.Errorf("Dependency Error: Cannot drop entry \"%s\" because there are entries that depend on it. Use DROP...CASCADE to drop all dependents.", name)
		}
		for _, k := range inside {
			delete(c.db.tables, k)
			delete(c.db.views, k)
			delete(c.db.sequences, k)
			delete(c.db.macros, k)
			delete(c.db.types, k)
		}
		for k, ix := range c.db.indexes {
			if strings.HasPrefix(k, prefix) || strings.HasPrefix(ix.table, prefix) {
				delete(c.db.indexes, k)
			}
		}
		delete(c.db.schemas, name)
	case "sequence":
		if _, ok := c.db.sequences[key]; !ok {
			return missing("Sequence")
		}
		delete(c.db.sequences, key)
	case "macro", "function", "macro table":
		if _, ok := c.db.macros[key]; !ok {
			return missing("Macro Function")
		}
		delete(c.db.macros, key)
	case "index":
		ix, ok := c.db.indexes[key]
		if !ok {
			return missing("Index")
		}
		if t, ok := c.db.tables[ix.table]; ok {
			keys := t.keys[:0:0]
			for _, k := range t.keys {
				if k.index != key {
					keys = append(keys, k)
				}
			}
			t.keys = keys
		}
		delete(c.db.indexes, key)
	case "type":
		if _, ok := c.db.types[key]; !ok {
			return missing("Type")
		}
		delete(c.db.types, key)
	default:
		return fmt.Errorf("Not implemented Error: DROP %s is not supported yet", strings.ToUpper(s.Kind))
	}
	return nil
}
