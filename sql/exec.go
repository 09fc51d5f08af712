package sql

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/lhsql/lhsql/engine"
	"github.com/lhsql/lhsql/sql/parser"
	"github.com/lhsql/lhsql/sql/plan"
	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// Query runs every statement of query in order and returns the result of
// the last one. args bind placeholders ? and $n.
func (c *Conn) Query(ctx context.Context, query string, args ...vector.Value) (rows *Rows, err error) {
	defer func() {
		// A panic anywhere below is a bug; report it as an error rather
		// than crashing the host program.
		if r := recover(); r != nil {
			rows, err = nil, fmt.Errorf("INTERNAL Error: %v", r)
		}
	}()
	stmts, err := parser.Parse(query)
	if err != nil {
		return nil, err
	}
	if len(stmts) == 0 {
		return &Rows{}, nil
	}
	for i, st := range stmts {
		if err := c.txnCheck(st); err != nil {
			return nil, err
		}
		r, err := c.run(ctx, query, st, args)
		if err != nil {
			c.txnFailed()
			return nil, err
		}
		if i == len(stmts)-1 {
			return r, nil
		}
		if err := drain(r); err != nil {
			return nil, err
		}
	}
	return nil, nil
}

func drain(r *Rows) error {
	defer r.Close()
	for {
		ch, err := r.Next()
		if err != nil {
			return err
		}
		if ch == nil {
			return r.Close()
		}
	}
}

// run executes one statement.
func (c *Conn) run(ctx context.Context, text string, st parser.Stmt, args []vector.Value) (*Rows, error) {
	switch s := st.(type) {
	case *parser.SelectStmt:
		return c.query(ctx, text, s, args)
	case *parser.ExplainStmt:
		return c.explain(ctx, text, s, args)
	case *parser.CreateTableStmt:
		return c.createTable(ctx, text, s, args)
	case *parser.CreateViewStmt:
		return c.createView(text, s)
	case *parser.DropStmt:
		if s.Kind == "secret" {
			return c.dropSecret(s)
		}
		return c.drop(s)
	case *parser.CreateSecretStmt:
		return c.createSecret(text, s)
	case *parser.InsertStmt:
		return c.insert(ctx, text, s, args)
	case *parser.DescribeStmt:
		return c.show(text, s, args)
	case *parser.ShowTablesStmt:
		return c.showTables()
	case *parser.SetStmt:
		return c.set(ctx, text, s)
	case *parser.PrepareStmt:
		if c.prepared == nil {
			c.prepared = map[string]parser.Stmt{}
		}
		c.prepared[strings.ToLower(s.Name)] = s.Stmt
		return &Rows{}, nil
	case *parser.ExecuteStmt:
		return c.execute(ctx, text, s)
	case *parser.DeallocateStmt:
		delete(c.prepared, strings.ToLower(s.Name))
		return &Rows{}, nil
	case *parser.TransactionStmt:
		return c.transaction(s)
	case *parser.CallStmt:
		return c.call(ctx, text, s)
	case *parser.AlterTableStmt:
		return c.alterTable(ctx, text, s, args)
	case *parser.DeleteStmt:
		return c.delete(ctx, text, s, args)
	case *parser.UpdateStmt:
		return c.update(ctx, text, s, args)
	case *parser.CreateSchemaStmt:
		return c.createSchema(s)
	case *parser.CreateMacroStmt:
		return c.createMacro(text, s)
	case *parser.CreateSequenceStmt:
		return c.createSequence(s)
	case *parser.CreateIndexStmt:
		return c.createIndex(text, s)
	case *parser.CreateTypeStmt:
		return c.createType(s)
	case *parser.PragmaStmt:
		return c.pragma(ctx, text, s)
	case *parser.CopyStmt:
		return c.copy(ctx, text, s, args)
	}
	return nil, fmt.Errorf("Not implemented Error: %s is not supported yet", stmtName(st))
}

func stmtName(st parser.Stmt) string {
	n := fmt.Sprintf("%T", st)
	n = strings.TrimPrefix(n, "*parser.")
	return strings.TrimSuffix(n, "Stmt") + " statement"
}

// planQuery binds, optimizes and lowers a query under the catalog lock.
func (c *Conn) planQuery(text string, s *parser.SelectStmt, args []vector.Value) (engine.Node, []string, []vector.Type, error) {
	c.db.mu.RLock()
	defer c.db.mu.RUnlock()
	b := c.binder(text, args)
	res, err := b.BindQuery(s)
	if err != nil {
		return nil, nil, nil, err
	}
	op, err := plan.Optimize(res.Op)
	if err != nil {
		return nil, nil, nil, err
	}
	node, err := plan.Lower(op)
	if err != nil {
		return nil, nil, nil, err
	}
	types := make([]vector.Type, 0, len(res.Names))
	for _, col := range op.Cols() {
		types = append(types, col.Typ)
	}
	return node, res.Names, types, nil
}

// binder returns a binder configured with the session's settings.
func (c *Conn) binder(text string, args []vector.Value) *plan.Binder {
	b := plan.NewBinder(catalog{db: c.db, conn: c}, text, args)
	c.configure(b)
	b.Named = c.named
	b.Lookup = func(kind, name string) (vector.Value, bool) {
		switch kind {
		case "setting":
			return c.getSetting(strings.ToLower(name))
		case "variable":
			v, ok := c.variables[strings.ToLower(name)]
			return v, ok
		}
		return vector.Value{}, false
	}
	return b
}

// execute runs EXECUTE name(args).
func (c *Conn) execute(ctx context.Context, text string, s *parser.ExecuteStmt) (*Rows, error) {
	st, ok := c.prepared[strings.ToLower(s.Name)]
	if !ok {
		return nil, fmt.Errorf("Binder Error: Prepared statement %q does not exist", s.Name)
	}
	var args []vector.Value
	for _, a := range s.Args {
		v, err := c.constValue(text, a)
		if err != nil {
			return nil, err
		}
		args = append(args, v)
	}
	named := map[string]vector.Value{}
	for _, n := range s.Named {
		v, err := c.constValue(text, n.Value)
		if err != nil {
			return nil, err
		}
		named[strings.ToLower(n.Name)] = v
	}
	saved := c.named
	c.named = named
	defer func() { c.named = saved }()
	// Positions in errors refer to the PREPARE text, which is part of an
	// earlier query; report them without a caret.
	return c.run(ctx, "", st, args)
}

func (c *Conn) options() engine.Options {
	return engine.Options{Threads: c.threads, Zone: c.TimeZone()}
}

// query runs a SELECT and streams its result.
func (c *Conn) query(ctx context.Context, text string, s *parser.SelectStmt, args []vector.Value) (*Rows, error) {
	node, names, types, err := c.planQuery(text, s, args)
	if err != nil {
		return nil, err
	}
	ctx, stop := c.timeLimit(ctx)
	res, err := engine.Run(ctx, node, c.options())
	if err != nil {
		stop()
		return nil, err
	}
	return c.limitRows(ctx, stop, &Rows{Columns: names, Types: types, next: res.Next, close: res.Close}), nil
}

// collect runs a query to completion and returns its chunks.
func (c *Conn) collect(ctx context.Context, node engine.Node) ([]*vector.Chunk, error) {
	res, err := engine.Run(ctx, node, c.options())
	if err != nil {
		return nil, err
	}
	defer res.Close()
	var out []*vector.Chunk
	for {
		ch, err := res.Next()
		if err != nil {
			return nil, err
		}
		if ch == nil {
			return out, nil
		}
		out = append(out, ch)
	}
}

// textRows returns a one-column VARCHAR result.
func textRows(name string, lines []string) *Rows {
	return valueRows([]string{name}, []vector.Type{vector.Varchar}, func() [][]vector.Value {
		out := make([][]vector.Value, len(lines))
		for i, l := range lines {
			out[i] = []vector.Value{vector.StringValue(l)}
		}
		return out
	}())
}

// valueRows materializes small results.
func valueRows(names []string, types []vector.Type, rows [][]vector.Value) *Rows {
	done := false
	return &Rows{Columns: names, Types: types, next: func() (*vector.Chunk, error) {
		if done || len(rows) == 0 {
			return nil, nil
		}
		done = true
		ch := vector.NewChunk(types, len(rows))
		for i, r := range rows {
			for j, v := range r {
				ch.Cols[j].Set(i, len(rows), v)
			}
		}
		return ch, nil
	}}
}

func (c *Conn) explain(ctx context.Context, text string, s *parser.ExplainStmt, args []vector.Value) (*Rows, error) {
	q, ok := s.Stmt.(*parser.SelectStmt)
	if !ok {
		return nil, errors.New("EXPLAIN supports queries only")
	}
	node, _, _, err := c.planQuery(text, q, args)
	if err != nil {
		return nil, err
	}
	if !s.Analyze {
		return valueRows([]string{"explain_key", "explain_value"}, []vector.Type{vector.Varchar, vector.Varchar},
			[][]vector.Value{{vector.StringValue("physical_plan"), vector.StringValue(engine.Explain(node))}}), nil
	}
	res, err := engine.Run(ctx, node, c.options())
	if err != nil {
		return nil, err
	}
	for {
		ch, err := res.Next()
		if err != nil {
			res.Close()
			return nil, err
		}
		if ch == nil {
			break
		}
	}
	res.Close()
	return valueRows([]string{"explain_key", "explain_value"}, []vector.Type{vector.Varchar, vector.Varchar},
		[][]vector.Value{{vector.StringValue("analyzed_plan"), vector.StringValue(engine.ExplainAnalyze(node, res.Stats()))}}), nil
}

func (c *Conn) showTables() (*Rows, error) {
	c.db.mu.RLock()
	names := catalog{db: c.db, conn: c}.Names()
	c.db.mu.RUnlock()
	return textRows("name", names), nil
}

func (c *Conn) describe(text string, s *parser.DescribeStmt, args []vector.Value) (*Rows, error) {
	var names []string
	var types []vector.Type
	if s.Query != nil {
		_, n, t, err := c.planQuery(text, s.Query, args)
		if err != nil {
			return nil, err
		}
		names, types = n, t
	} else {
		q := &parser.SelectStmt{Body: &parser.SelectCore{
			Items: []*parser.SelectItem{{Expr: &parser.Star{}}},
			From:  []parser.TableRef{&parser.TableName{Name: s.Table, IsPath: strings.ContainsAny(s.Table, "./")}},
		}}
		_, n, t, err := c.planQuery(text, q, args)
		if err != nil {
			return nil, err
		}
		names, types = n, t
	}
	cols := []string{"column_name", "column_type", "null", "key", "default", "extra"}
	ct := []vector.Type{vector.Varchar, vector.Varchar, vector.Varchar, vector.Varchar, vector.Varchar, vector.Varchar}
	var rows [][]vector.Value
	for i := range names {
		rows = append(rows, []vector.Value{vector.StringValue(names[i]), vector.StringValue(types[i].String()),
			vector.StringValue("YES"), vector.NullValue(vector.Varchar), vector.NullValue(vector.Varchar), vector.NullValue(vector.Varchar)})
	}
	return valueRows(cols, ct, rows), nil
}

// schemaFromDefs converts column definitions.
func schemaFromDefs(defs []*parser.ColumnDef) ([]storage.Column, error) {
	var out []storage.Column
	seen := map[string]bool{}
	for _, d := range defs {
		t, err := plan.TypeFromAST(d.Type)
		if err != nil {
			return nil, fmt.Errorf("column %q: %w", d.Name, err)
		}
		k := strings.ToLower(d.Name)
		if seen[k] {
			return nil, fmt.Errorf("Catalog Error: Column with name %s already exists!", d.Name)
		}
		seen[k] = true
		out = append(out, storage.Column{Name: d.Name, Type: t})
	}
	return out, nil
}

// countRows is the result of INSERT, UPDATE and DELETE: like DuckDB, one
// BIGINT column "Count" holding the number of rows changed. DML marks it so
// shells can stay quiet.
func countRows(n int64) *Rows {
	r := valueRows([]string{"Count"}, []vector.Type{vector.BigInt}, [][]vector.Value{{vector.IntValue(n)}})
	r.RowsAffected = n
	r.DML = true
	return r
}
