package sql

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/lhsql/lhsql/sql/parser"
	"github.com/lhsql/lhsql/sql/plan"
	"github.com/lhsql/lhsql/vector"
)

// setting describes a configuration option a session accepts.
type setting struct {
	typ vector.Type
	// check validates and normalizes a new value; nil accepts any value
	// of typ.
	check func(v vector.Value) (vector.Value, error)
	// dflt is the value before any SET.
	dflt func() vector.Value
}

func str(s string) vector.Value { return vector.StringValue(s) }

// settings lists the options lhsql implements. Options that only tune
// DuckDB internals with no observable effect on results (memory limits,
// caching or profiling switches) are accepted and reported back by
// current_setting, so scripts written for DuckDB run unchanged.
var settings = map[string]setting{
	"threads": {typ: vector.BigInt, check: positiveInt, dflt: func() vector.Value { return vector.IntValue(int64(runtime.NumCPU())) }},
	"default_null_order": {typ: vector.Varchar, check: oneOf("nulls_last", "nulls_first", "sqlite", "postgres",
		"nulls_first_on_asc_last_on_desc", "nulls_last_on_asc_first_on_desc"), dflt: func() vector.Value { return str("nulls_last") }},
	"default_order":            {typ: vector.Varchar, check: oneOf("asc", "desc", "ascending", "descending"), dflt: func() vector.Value { return str("asc") }},
	"memory_limit":             {typ: vector.Varchar, dflt: func() vector.Value { return str("80% of RAM") }},
	"max_memory":               {typ: vector.Varchar, dflt: func() vector.Value { return str("80% of RAM") }},
	"temp_directory":           {typ: vector.Varchar, dflt: func() vector.Value { return str("") }},
	"enable_progress_bar":      {typ: vector.Boolean, dflt: func() vector.Value { return vector.BoolValue(false) }},
	"enable_object_cache":      {typ: vector.Boolean, dflt: func() vector.Value { return vector.BoolValue(false) }},
	"enable_caching_operators": {typ: vector.Boolean, dflt: func() vector.Value { return vector.BoolValue(true) }},
	"preserve_insertion_order": {typ: vector.Boolean, dflt: func() vector.Value { return vector.BoolValue(true) }},
	"debug_force_external":     {typ: vector.Boolean, dflt: func() vector.Value { return vector.BoolValue(false) }},
	"explain_output":           {typ: vector.Varchar, dflt: func() vector.Value { return str("physical_only") }},
	"profiling_mode":           {typ: vector.Varchar, dflt: func() vector.Value { return str("standard") }},
	"timezone":                 {typ: vector.Varchar, check: checkTimeZone, dflt: func() vector.Value { return str("UTC") }},
	"schema":                   {typ: vector.Varchar, dflt: func() vector.Value { return str("main") }},
	"search_path":              {typ: vector.Varchar, dflt: func() vector.Value { return str("") }},
	// Options with no observable effect in lhsql.
	"force_update_to_del_and_insert":          {typ: vector.Boolean, dflt: func() vector.Value { return vector.BoolValue(false) }},
	"storage_compatibility_version":           {typ: vector.Varchar, dflt: func() vector.Value { return str("v0.10.2") }},
	"enable_view_dependencies":                {typ: vector.Boolean, dflt: func() vector.Value { return vector.BoolValue(false) }},
	"enable_macro_dependencies":               {typ: vector.Boolean, dflt: func() vector.Value { return vector.BoolValue(false) }},
	"errors_as_json":                          {typ: vector.Boolean, dflt: func() vector.Value { return vector.BoolValue(false) }},
	"max_vacuum_tasks":                        {typ: vector.BigInt, dflt: func() vector.Value { return vector.IntValue(100) }},
	"checkpoint_threshold":                    {typ: vector.Varchar, dflt: func() vector.Value { return str("16.0 MiB") }},
	"wal_autocheckpoint":                      {typ: vector.Varchar, dflt: func() vector.Value { return str("16.0 MiB") }},
	"enable_profiling":                        {typ: vector.Varchar, dflt: func() vector.Value { return str("") }},
	"immediate_transaction_mode":              {typ: vector.Boolean, dflt: func() vector.Value { return vector.BoolValue(false) }},
	"default_transaction_invalidation_policy": {typ: vector.Varchar, dflt: func() vector.Value { return str("any_error") }},
	"show_behavior":                           {typ: vector.Varchar, check: oneOf("auto", "table", "setting"), dflt: func() vector.Value { return str("auto") }},
	"max_execution_time":                      {typ: vector.BigInt, dflt: func() vector.Value { return vector.IntValue(0) }},
	// lock_configuration makes every later SET / RESET fail.
	"lock_configuration": {typ: vector.Boolean, dflt: func() vector.Value { return vector.BoolValue(false) }},
}

func positiveInt(v vector.Value) (vector.Value, error) {
	if v.Null || v.I64 < 1 {
		return v, fmt.Errorf("Invalid Input Error: the value must be a positive integer")
	}
	return v, nil
}

func oneOf(opts ...string) func(vector.Value) (vector.Value, error) {
	return func(v vector.Value) (vector.Value, error) {
		s := strings.ToLower(v.Str)
		for _, o := range opts {
			if s == o {
				return vector.StringValue(s), nil
			}
		}
		return v, fmt.Errorf("Invalid Input Error: Unrecognized parameter value %q: expected one of %s", v.Str, strings.Join(opts, ", "))
	}
}

// checkTimeZone validates a TimeZone setting and returns the zone's
// canonical name (america/new_york -> America/New_York).
func checkTimeZone(v vector.Value) (vector.Value, error) {
	z, err := vector.LoadZone(v.Str)
	if err != nil {
		return v, fmt.Errorf("Not implemented Error: Unknown TimeZone '%s'!", v.Str)
	}
	return vector.StringValue(z.Name), nil
}

// TimeZone returns the session time zone (SET TimeZone); UTC by default.
// The *time.Location is loaded once per SET, not per query or value.
func (c *Conn) TimeZone() *vector.Zone {
	if c.tz == nil {
		return vector.UTCZone
	}
	return c.tz
}

// settingNames lists the known options for suggestions.
func settingNames() []string {
	out := make([]string, 0, len(settings))
	for k := range settings {
		out = append(out, k)
	}
	return out
}

// getSetting returns the session value of an option.
func (c *Conn) getSetting(name string) (vector.Value, bool) {
	if v, ok := c.settings[name]; ok {
		return v, true
	}
	s, ok := settings[name]
	if !ok {
		return vector.Value{}, false
	}
	return s.dflt(), true
}

// configure applies session settings to a binder.
func (c *Conn) configure(b *plan.Binder) {
	if v, ok := c.settings["default_null_order"]; ok {
		b.NullOrder = v.Str
	}
	if v, ok := c.settings["default_order"]; ok {
		b.DescDefault = strings.HasPrefix(v.Str, "desc")
	}
	b.Zone = c.TimeZone()
}

func (c *Conn) set(ctx context.Context, text string, s *parser.SetStmt) (*Rows, error) {
	name := strings.ToLower(s.Name)
	if name == "worker_threads" {
		name = "threads"
	}
	if s.Variable {
		return c.setVariable(ctx, text, s)
	}
	def, ok := settings[name]
	if !ok {
		return nil, fmt.Errorf("Catalog Error: unrecognized configuration parameter %q%s", s.Name, suggestName(s.Name, settingNames()))
	}
	if v, locked := c.settings["lock_configuration"]; locked && v.Bool {
		return nil, fmt.Errorf("Invalid Input Error: Cannot change/set %s - the configuration has been locked", name)
	}
	if s.Reset {
		delete(c.settings, name)
		if name == "threads" {
			c.threads = runtime.NumCPU()
		}
		if name == "timezone" {
			c.tz = nil
		}
		return &Rows{}, nil
	}
	v, err := c.constValue(text, s.Value)
	if err != nil {
		return nil, err
	}
	if v, err = castValue(v, def.typ); err != nil {
		return nil, fmt.Errorf("Invalid Input Error: SET %s: %w", name, err)
	}
	if def.check != nil {
		if v, err = def.check(v); err != nil {
			return nil, err
		}
	}
	if c.settings == nil {
		c.settings = map[string]vector.Value{}
	}
	c.settings[name] = v
	if name == "threads" {
		c.threads = int(v.I64)
	}
	if name == "timezone" {
		z, err := vector.LoadZone(v.Str)
		if err != nil {
			return nil, fmt.Errorf("Not implemented Error: Unknown TimeZone '%s'!", v.Str)
		}
		c.tz = z
	}
	return &Rows{}, nil
}

// setVariable implements SET VARIABLE name = value.
func (c *Conn) setVariable(ctx context.Context, text string, s *parser.SetStmt) (*Rows, error) {
	if c.variables == nil {
		c.variables = map[string]vector.Value{}
	}
	if s.Reset {
		delete(c.variables, strings.ToLower(s.Name))
		return &Rows{}, nil
	}
	v, err := c.constValue(text, s.Value)
	if err != nil {
		return nil, err
	}
	c.variables[strings.ToLower(s.Name)] = v
	return &Rows{}, nil
}

// constValue evaluates a constant expression (a SET value, an EXECUTE
// argument).
func (c *Conn) constValue(text string, e parser.Expr) (vector.Value, error) {
	q := &parser.SelectStmt{Body: &parser.SelectCore{Items: []*parser.SelectItem{{Expr: e}}}}
	node, _, _, err := c.planQuery(text, q, nil)
	if err != nil {
		return vector.Value{}, err
	}
	chunks, err := c.collect(context.Background(), node)
	if err != nil {
		return vector.Value{}, err
	}
	for _, ch := range chunks {
		if ch.Len > 0 {
			return ch.Cols[0].Get(0), nil
		}
	}
	return vector.Value{}, fmt.Errorf("internal error: constant produced no rows")
}

// castValue converts v to t through the engine's cast rules.
func castValue(v vector.Value, t vector.Type) (vector.Value, error) {
	return plan.CastValue(v, t)
}

// timeLimit applies max_execution_time (milliseconds, 0 = none) to a
// query's context; stop releases it.
func (c *Conn) timeLimit(ctx context.Context) (context.Context, func()) {
	v, ok := c.settings["max_execution_time"]
	if !ok || v.I64 <= 0 {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, time.Duration(v.I64)*time.Millisecond)
}

// limitRows reports a query stopped by max_execution_time as such and
// releases the time limit when the rows are closed.
func (c *Conn) limitRows(ctx context.Context, stop func(), r *Rows) *Rows {
	next, closeFn := r.next, r.close
	r.next = func() (*vector.Chunk, error) {
		ch, err := next()
		if err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, fmt.Errorf("Interrupt Error: Query exceeded maximum execution time")
		}
		return ch, err
	}
	r.close = func() error {
		defer stop()
		return closeFn()
	}
	return r
}
