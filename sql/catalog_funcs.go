package sql

import (
	"fmt"
	"sort"
	"strings"

	"github.com/lhsql/lhsql/sql/plan"
	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// Catalog table functions (duckdb_tables(), pragma_table_info('t'), ...)
// and information_schema views, built as in-memory tables when bound.
// The caller holds db.mu (read).

// colSpec is a result column: name and type.
type colSpec struct {
	name string
	typ  vector.Type
}

func specSchema(cols []colSpec) []storage.Column {
	out := make([]storage.Column, len(cols))
	for i, c := range cols {
		out[i] = storage.Column{Name: c.name, Type: c.typ}
	}
	return out
}

var (
	vVarchar = vector.Varchar
	vBigInt  = vector.BigInt
	vBool    = vector.Boolean
	vInt     = vector.Integer
)

func sv(s string) vector.Value { return vector.StringValue(s) }
func iv(i int64) vector.Value  { return vector.IntValue(i) }
func bv(b bool) vector.Value   { return vector.BoolValue(b) }
func nullv(t vector.Type) vector.Value {
	return vector.NullValue(t)
}

// catEntry is one table or view of the catalog with its schema name.
type catEntry struct {
	schema, name string
	t            *table
	v            *plan.View
}

// entries lists tables and views sorted by schema and name.
func (c catalog) entries() []catEntry {
	var out []catEntry
	for k, t := range c.db.tables {
		s, _ := splitKey(k)
		out = append(out, catEntry{schema: s, name: t.name, t: t})
	}
	for k, v := range c.db.views {
		s, n := splitKey(k)
		out = append(out, catEntry{schema: s, name: n, v: v})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].schema != out[j].schema {
			return out[i].schema < out[j].schema
		}
		return out[i].name < out[j].name
	})
	return out
}

// tableSQL renders a CREATE TABLE statement for t.
func tableSQL(name string, t *table) string {
	var parts []string
	for i, col := range t.data.Schema() {
		p := col.Name + " " + col.Type.String()
		if t.metaAt(i).notNull {
			p += " NOT NULL"
		}
		parts = append(parts, p)
	}
	return "CREATE TABLE " + name + "(" + strings.Join(parts, ", ") + ");"
}

// catalogFunc opens a catalog table function; ok is false for other names.
func (c catalog) catalogFunc(name string, args []vector.Value) (storage.Table, bool, error) {
	var cols []colSpec
	var rows [][]vector.Value
	switch name {
	case "duckdb_tables":
		cols = []colSpec{{"database_name", vVarchar}, {"database_oid", vBigInt}, {"schema_name", vVarchar}, {"schema_oid", vBigInt},
			{"table_name", vVarchar}, {"table_oid", vBigInt}, {"comment", vVarchar}, {"tags", vVarchar}, {"internal", vBool},
			{"temporary", vBool}, {"has_primary_key", vBool}, {"estimated_size", vBigInt}, {"column_count", vBigInt},
			{"index_count", vBigInt}, {"check_constraint_count", vBigInt}, {"sql", vVarchar}}
		for i, e := range c.entries() {
			if e.t == nil {
				continue
			}
			pk := false
			for _, k := range e.t.keys {
				pk = pk || k.primary
			}
			nidx := 0
			for _, ix := range c.db.indexes {
				if ix.table == normKey(e.schema+"."+e.name) {
					nidx++
				}
			}
			rows = append(rows, []vector.Value{sv("memory"), iv(0), sv(e.schema), iv(1), sv(e.name), iv(int64(1000 + i)), nullv(vVarchar),
				sv("{}"), bv(false), bv(false), bv(pk), iv(e.t.data.RowCount()), iv(int64(len(e.t.data.Schema()))),
				iv(int64(nidx)), iv(int64(len(e.t.checks))), sv(tableSQL(e.name, e.t))})
		}
	case "duckdb_views":
		cols = []colSpec{{"database_name", vVarchar}, {"database_oid", vBigInt}, {"schema_name", vVarchar}, {"schema_oid", vBigInt},
			{"view_name", vVarchar}, {"view_oid", vBigInt}, {"comment", vVarchar}, {"tags", vVarchar}, {"internal", vBool},
			{"temporary", vBool}, {"column_count", vBigInt}, {"sql", vVarchar}}
		for i, e := range c.entries() {
			if e.v == nil {
				continue
			}
			rows = append(rows, []vector.Value{sv("memory"), iv(0), sv(e.schema), iv(1), sv(e.name), iv(int64(2000 + i)), nullv(vVarchar),
				sv("{}"), bv(false), bv(false), iv(int64(len(e.v.Columns))), nullv(vVarchar)})
		}
	case "duckdb_columns", "information_schema_columns":
		if name == "duckdb_columns" {
			cols = []colSpec{{"database_name", vVarchar}, {"database_oid", vBigInt}, {"schema_name", vVarchar}, {"schema_oid", vBigInt},
				{"table_name", vVarchar}, {"table_oid", vBigInt}, {"column_name", vVarchar}, {"column_index", vBigInt},
				{"comment", vVarchar}, {"internal", vBool}, {"column_default", vVarchar}, {"is_nullable", vBool},
				{"data_type", vVarchar}, {"data_type_id", vBigInt}, {"character_maximum_length", vInt},
				{"numeric_precision", vInt}, {"numeric_precision_radix", vInt}, {"numeric_scale", vInt}}
		} else {
			cols = []colSpec{{"table_catalog", vVarchar}, {"table_schema", vVarchar}, {"table_name", vVarchar},
				{"column_name", vVarchar}, {"ordinal_position", vInt}, {"column_default", vVarchar}, {"is_nullable", vVarchar},
				{"data_type", vVarchar}, {"character_maximum_length", vInt}, {"numeric_precision", vInt},
				{"numeric_precision_radix", vInt}, {"numeric_scale", vInt}}
		}
		for i, e := range c.entries() {
			if e.t == nil {
				continue
			}
			for j, col := range e.t.data.Schema() {
				m := e.t.metaAt(j)
				dflt := nullv(vVarchar)
				if m.dflt != nil {
					dflt = sv(exprText(m.dflt))
				}
				prec, radix, scale := nullv(vInt), nullv(vInt), nullv(vInt)
				if p, r, s, ok := numericInfo(col.Type); ok {
					prec, radix, scale = vector.Value{Typ: vInt, I64: p}, vector.Value{Typ: vInt, I64: r}, vector.Value{Typ: vInt, I64: s}
				}
				if name == "duckdb_columns" {
					rows = append(rows, []vector.Value{sv("memory"), iv(0), sv(e.schema), iv(1), sv(e.name), iv(int64(1000 + i)),
						sv(col.Name), iv(int64(j + 1)), nullv(vVarchar), bv(false), dflt, bv(!m.notNull), sv(col.Type.String()),
						iv(int64(col.Type.ID)), nullv(vInt), prec, radix, scale})
				} else {
					yes := "YES"
					if m.notNull {
						yes = "NO"
					}
					rows = append(rows, []vector.Value{sv("memory"), sv(e.schema), sv(e.name), sv(col.Name),
						{Typ: vInt, I64: int64(j + 1)}, dflt, sv(yes), sv(col.Type.String()), nullv(vInt), prec, radix, scale})
				}
			}
		}
	case "duckdb_schemas", "information_schema_schemata":
		names := []string{"information_schema", "main", "pg_catalog"}
		for s := range c.db.schemas {
			names = append(names, s)
		}
		sort.Strings(names)
		if name == "duckdb_schemas" {
			cols = []colSpec{{"oid", vBigInt}, {"database_name", vVarchar}, {"database_oid", vBigInt}, {"schema_name", vVarchar},
				{"comment", vVarchar}, {"tags", vVarchar}, {"internal", vBool}, {"sql", vVarchar}}
			for i, s := range names {
				rows = append(rows, []vector.Value{iv(int64(i + 1)), sv("memory"), iv(0), sv(s), nullv(vVarchar), sv("{}"),
					bv(builtinSchemas[s]), nullv(vVarchar)})
			}
		} else {
			cols = []colSpec{{"catalog_name", vVarchar}, {"schema_name", vVarchar}, {"schema_owner", vVarchar},
				{"default_character_set_catalog", vVarchar}, {"default_character_set_schema", vVarchar},
				{"default_character_set_name", vVarchar}, {"sql_path", vVarchar}}
			for _, s := range names {
				rows = append(rows, []vector.Value{sv("memory"), sv(s), sv("duckdb"), nullv(vVarchar), nullv(vVarchar), nullv(vVarchar), nullv(vVarchar)})
			}
		}
	case "information_schema_tables":
		cols = []colSpec{{"table_catalog", vVarchar}, {"table_schema", vVarchar}, {"table_name", vVarchar}, {"table_type", vVarchar},
			{"self_referencing_column_name", vVarchar}, {"reference_generation", vVarchar}, {"user_defined_type_catalog", vVarchar},
			{"user_defined_type_schema", vVarchar}, {"user_defined_type_name", vVarchar}, {"is_insertable_into", vVarchar},
			{"is_typed", vVarchar}, {"commit_action", vVarchar}, {"TABLE_COMMENT", vVarchar}}
		for _, e := range c.entries() {
			typ, ins := "BASE TABLE", "YES"
			if e.v != nil {
				typ, ins = "VIEW", "NO"
			}
			rows = append(rows, []vector.Value{sv("memory"), sv(e.schema), sv(e.name), sv(typ), nullv(vVarchar), nullv(vVarchar),
				nullv(vVarchar), nullv(vVarchar), nullv(vVarchar), sv(ins), sv("NO"), nullv(vVarchar), nullv(vVarchar)})
		}
	case "duckdb_sequences":
		cols = []colSpec{{"database_name", vVarchar}, {"database_oid", vBigInt}, {"schema_name", vVarchar}, {"schema_oid", vBigInt},
			{"sequence_name", vVarchar}, {"sequence_oid", vBigInt}, {"comment", vVarchar}, {"tags", vVarchar}, {"temporary", vBool},
			{"start_value", vBigInt}, {"min_value", vBigInt}, {"max_value", vBigInt}, {"increment_by", vBigInt}, {"cycle", vBool},
			{"last_value", vBigInt}, {"sql", vVarchar}}
		keys := make([]string, 0, len(c.db.sequences))
		for k := range c.db.sequences {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for i, k := range keys {
			s := c.db.sequences[k]
			sch, _ := splitKey(k)
			s.mu.Lock()
			last := nullv(vBigInt)
			if s.called {
				last = iv(s.cur)
			}
			rows = append(rows, []vector.Value{sv("memory"), iv(0), sv(sch), iv(1), sv(s.name), iv(int64(3000 + i)), nullv(vVarchar),
				sv("{}"), bv(false), iv(s.start), iv(s.minVal), iv(s.maxVal), iv(s.incr), bv(s.cycle), last, nullv(vVarchar)})
			s.mu.Unlock()
		}
	case "duckdb_indexes":
		cols = []colSpec{{"database_name", vVarchar}, {"database_oid", vBigInt}, {"schema_name", vVarchar}, {"schema_oid", vBigInt},
			{"index_name", vVarchar}, {"index_oid", vBigInt}, {"table_name", vVarchar}, {"table_oid", vBigInt}, {"comment", vVarchar},
			{"tags", vVarchar}, {"is_unique", vBool}, {"is_primary", vBool}, {"expressions", vVarchar}, {"sql", vVarchar}}
		keys := make([]string, 0, len(c.db.indexes))
		for k := range c.db.indexes {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for i, k := range keys {
			ix := c.db.indexes[k]
			sch, tn := splitKey(ix.table)
			rows = append(rows, []vector.Value{sv("memory"), iv(0), sv(sch), iv(1), sv(ix.name), iv(int64(4000 + i)), sv(tn), iv(0),
				nullv(vVarchar), sv("{}"), bv(ix.unique), bv(false), sv("[" + strings.Join(ix.columns, ", ") + "]"), sv(ix.sql)})
		}
	case "duckdb_settings":
		cols = []colSpec{{"name", vVarchar}, {"value", vVarchar}, {"description", vVarchar}, {"input_type", vVarchar}, {"scope", vVarchar}}
		names := settingNames()
		sort.Strings(names)
		for _, n := range names {
			v, _ := c.conn.getSetting(n)
			rows = append(rows, []vector.Value{sv(n), sv(v.String()), sv(""), sv(settings[n].typ.String()), sv("GLOBAL")})
		}
	case "pragma_table_info", "pragma_show":
		if len(args) != 1 || !args[0].Typ.IsString() {
			return nil, true, fmt.Errorf("%s expects a table name", name)
		}
		cols = []colSpec{{"cid", vInt}, {"name", vVarchar}, {"type", vVarchar}, {"notnull", vBool}, {"dflt_value", vVarchar}, {"pk", vBool}}
		key := normKey(args[0].Str)
		if t, ok := c.db.tables[key]; ok {
			for i, col := range t.data.Schema() {
				m := t.metaAt(i)
				pk := false
				for _, k := range t.keys {
					for _, kc := range k.cols {
						pk = pk || (k.primary && kc == i)
					}
				}
				dflt := nullv(vVarchar)
				if m.dflt != nil {
					dflt = sv(exprText(m.dflt))
				}
				rows = append(rows, []vector.Value{{Typ: vInt, I64: int64(i)}, sv(col.Name), sv(col.Type.String()), bv(m.notNull), dflt, bv(pk)})
			}
		} else if v, ok := c.db.views[key]; ok {
			b := c.conn.binder("", nil)
			res, err := b.BindQuery(v.Query)
			if err != nil {
				return nil, true, err
			}
			for i, col := range res.Op.Cols() {
				n := res.Names[i]
				if i < len(v.Columns) {
					n = v.Columns[i]
				}
				rows = append(rows, []vector.Value{{Typ: vInt, I64: int64(i)}, sv(n), sv(col.Typ.String()), bv(false), nullv(vVarchar), bv(false)})
			}
		} else {
			return nil, true, fmt.Errorf("Catalog Error: Table with name %s does not exist!", args[0].Str)
		}
	default:
		return nil, false, nil
	}
	t, err := rowsTable(name, specSchema(cols), rows)
	return t, true, err
}

// numericInfo returns precision, radix and scale of numeric types.
func numericInfo(t vector.Type) (prec, radix, scale int64, ok bool) {
	switch t.ID {
	case vector.TypeTinyInt:
		return 8, 2, 0, true
	case vector.TypeSmallInt:
		return 16, 2, 0, true
	case vector.TypeInteger:
		return 32, 2, 0, true
	case vector.TypeBigInt:
		return 64, 2, 0, true
	case vector.TypeHugeInt:
		return 128, 2, 0, true
	case vector.TypeFloat:
		return 24, 2, 0, true
	case vector.TypeDouble:
		return 53, 2, 0, true
	case vector.TypeDecimal:
		return int64(t.Width), 10, int64(t.Scale), true
	}
	return 0, 0, 0, false
}

// infoSchemaTable maps information_schema.x to its catalog function.
func infoSchemaTable(key string) (string, bool) {
	switch key {
	case "information_schema.tables":
		return "information_schema_tables", true
	case "information_schema.columns":
		return "information_schema_columns", true
	case "information_schema.schemata":
		return "information_schema_schemata", true
	}
	return "", false
}
