package parser

import (
	"reflect"
	"strings"
	"testing"
)

func parseOne(t *testing.T, sql string) Stmt {
	t.Helper()
	stmts, err := Parse(sql)
	if err != nil {
		t.Fatalf("Parse(%q): %v", sql, err)
	}
	if len(stmts) != 1 {
		t.Fatalf("Parse(%q): %d statements, want 1", sql, len(stmts))
	}
	return stmts[0]
}

func core(t *testing.T, s Stmt) *SelectCore {
	t.Helper()
	q, ok := s.(*SelectStmt)
	if !ok {
		t.Fatalf("got %T, want *SelectStmt", s)
	}
	c, ok := q.Body.(*SelectCore)
	if !ok {
		t.Fatalf("body is %T, want *SelectCore", q.Body)
	}
	return c
}

func items(c *SelectCore) string {
	var parts []string
	for _, it := range c.Items {
		s := sx(it.Expr)
		if it.Alias != "" {
			s += " AS " + it.Alias
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

func TestSelectClauses(t *testing.T) {
	c := core(t, parseOne(t, `SELECT DISTINCT ON (a) a, b AS "B", c d, 1 AS 'lit', x: 2,
		FROM t WHERE a > 1 GROUP BY a, b HAVING count(*) > 1
		WINDOW w AS (PARTITION BY a) QUALIFY row_number() OVER w = 1`))
	if !c.Distinct || len(c.DistinctOn) != 1 {
		t.Errorf("distinct on not parsed: %+v", c)
	}
	if got, want := items(c), "a, b AS B, c AS d, 1 AS lit, 2 AS x"; got != want {
		t.Errorf("items = %q, want %q", got, want)
	}
	if sx(c.Where) != "(> a 1)" || len(c.GroupBy) != 2 || sx(c.Having) != "(> (count *) 1)" {
		t.Errorf("where/group/having wrong: %s %d %s", sx(c.Where), len(c.GroupBy), sx(c.Having))
	}
	if len(c.Windows) != 1 || c.Windows[0].Name != "w" || c.Qualify == nil {
		t.Errorf("window/qualify wrong")
	}

	q := parseOne(t, "SELECT * FROM t ORDER BY a DESC NULLS FIRST, b LIMIT 10 OFFSET 5").(*SelectStmt)
	if sxOrder(q.OrderBy) != "a desc nulls first, b" || sx(q.Limit) != "10" || sx(q.Offset) != "5" {
		t.Errorf("order/limit/offset: %s %s %s", sxOrder(q.OrderBy), sx(q.Limit), sx(q.Offset))
	}
	q = parseOne(t, "SELECT * FROM t OFFSET 5 LIMIT 10%").(*SelectStmt)
	if !q.LimitPercent || sx(q.Limit) != "10" || sx(q.Offset) != "5" {
		t.Errorf("limit percent: %+v", q)
	}
	q = parseOne(t, "SELECT a FROM t GROUP BY ALL ORDER BY ALL DESC").(*SelectStmt)
	if !q.Body.(*SelectCore).GroupByAll || sxOrder(q.OrderBy) != "* desc" {
		t.Errorf("GROUP BY ALL / ORDER BY ALL not parsed")
	}
	c = core(t, parseOne(t, "SELECT * EXCLUDE (a, b), t.* REPLACE (a + 1 AS a), COLUMNS('x') FROM t"))
	if got, want := items(c), "* exclude(a,b), t.* replace((+ a 1) as a), (columns 'x')"; got != want {
		t.Errorf("star items = %q, want %q", got, want)
	}
	c = core(t, parseOne(t, "SELECT a FROM t GROUP BY ROLLUP (a, (b, c)), GROUPING SETS ((a), ())"))
	if got := sxList(c.GroupBy); got != "(rollup (a) (b c)) (sets (a) ())" {
		t.Errorf("grouping sets = %s", got)
	}
}

func TestFromFirst(t *testing.T) {
	c := core(t, parseOne(t, "FROM t WHERE x > 1"))
	if items(c) != "*" || len(c.From) != 1 || c.Where == nil {
		t.Errorf("FROM t WHERE: %q", items(c))
	}
	c = core(t, parseOne(t, "FROM t SELECT a, b"))
	if items(c) != "a, b" {
		t.Errorf("FROM t SELECT: %q", items(c))
	}
	c = core(t, parseOne(t, "FROM 'data/*.parquet'"))
	if tn := c.From[0].(*TableName); !tn.IsPath || tn.Name != "data/*.parquet" {
		t.Errorf("path table: %+v", tn)
	}
}

func TestSetOperations(t *testing.T) {
	q := parseOne(t, "SELECT 1 UNION SELECT 2 INTERSECT SELECT 3 EXCEPT ALL SELECT 4 ORDER BY 1").(*SelectStmt)
	// ((1 UNION (2 INTERSECT 3)) EXCEPT ALL 4)
	top, ok := q.Body.(*SetOp)
	if !ok || top.Op != Except || !top.All {
		t.Fatalf("top = %#v", q.Body)
	}
	u := top.Left.(*SetOp)
	if u.Op != Union || u.All {
		t.Fatalf("left = %#v", u)
	}
	if in := u.Right.(*SetOp); in.Op != Intersect {
		t.Fatalf("intersect should bind tighter: %#v", in)
	}
	if len(q.OrderBy) != 1 {
		t.Errorf("ORDER BY applies to the whole set operation")
	}
	q = parseOne(t, "(SELECT 1 LIMIT 1) UNION ALL BY NAME (SELECT 2)").(*SelectStmt)
	s := q.Body.(*SetOp)
	if !s.All || !s.ByName {
		t.Errorf("UNION ALL BY NAME: %#v", s)
	}
	if inner, ok := s.Left.(*SelectStmt); !ok || inner.Limit == nil {
		t.Errorf("parenthesised query with LIMIT should stay a *SelectStmt: %T", s.Left)
	}
	if _, ok := s.Right.(*SelectCore); !ok {
		t.Errorf("redundant parentheses should unwrap: %T", s.Right)
	}
	q = parseOne(t, "VALUES (1, 'a'), (2, 'b')").(*SelectStmt)
	if v := q.Body.(*ValuesClause); len(v.Rows) != 2 || len(v.Rows[1]) != 2 {
		t.Errorf("VALUES: %#v", v)
	}
}

func TestWith(t *testing.T) {
	q := parseOne(t, `WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3),
		m AS MATERIALIZED (SELECT 2) SELECT * FROM r, m`).(*SelectStmt)
	if len(q.With) != 2 || !q.With[0].Recursive || !reflect.DeepEqual(q.With[0].Columns, []string{"n"}) || q.With[1].Materialized != "materialized" {
		t.Errorf("CTEs: %+v %+v", q.With[0], q.With[1])
	}
}

func TestFromItems(t *testing.T) {
	c := core(t, parseOne(t, `SELECT * FROM main.t1 AS a(x, y)
		JOIN t2 b ON a.x = b.x
		LEFT OUTER JOIN t3 USING (x, y)
		CROSS JOIN t4
		NATURAL JOIN t5
		SEMI JOIN t6 ON true
		ANTI JOIN t7 ON true
		FULL JOIN t8 ON true
		RIGHT JOIN t9 ON true,
		read_parquet('f.parquet', hive_partitioning = true, union_by_name := true) f,
		LATERAL (SELECT 1) s,
		(VALUES (1, 2)) v(a, b),
		range(10) r(i)`))
	if len(c.From) != 5 {
		t.Fatalf("from items = %d, want 5", len(c.From))
	}
	j := c.From[0].(*JoinRef)
	var types []JoinType
	for {
		types = append([]JoinType{j.Type}, types...)
		l, ok := j.Left.(*JoinRef)
		if !ok {
			break
		}
		j = l
	}
	want := []JoinType{JoinInner, JoinLeft, JoinCross, JoinInner, JoinSemi, JoinAnti, JoinFull, JoinRight}
	if !reflect.DeepEqual(types, want) {
		t.Errorf("join types = %v, want %v", types, want)
	}
	base := j.Left.(*TableName)
	if base.Schema != "main" || base.Name != "t1" || base.Alias != "a" || !reflect.DeepEqual(base.ColAliases, []string{"x", "y"}) {
		t.Errorf("base table = %+v", base)
	}
	tf := c.From[1].(*TableFunc)
	if tf.Name != "read_parquet" || len(tf.Args) != 1 || len(tf.Named) != 2 || tf.Named[0].Name != "hive_partitioning" || tf.Alias != "f" {
		t.Errorf("table function = %+v", tf)
	}
	if s := c.From[2].(*SubqueryRef); !s.Lateral || s.Alias != "s" {
		t.Errorf("lateral subquery = %+v", s)
	}
	if v := c.From[3].(*SubqueryRef); v.Alias != "v" || len(v.ColAliases) != 2 {
		t.Errorf("values subquery = %+v", v)
	}
	if r := c.From[4].(*TableFunc); r.Name != "range" || r.Alias != "r" {
		t.Errorf("range = %+v", r)
	}
	c = core(t, parseOne(t, "SELECT * FROM (a JOIN b ON a.x = b.x) JOIN c USING (y)"))
	if j := c.From[0].(*JoinRef); j.Using == nil {
		t.Errorf("parenthesised join: %#v", j)
	} else if _, ok := j.Left.(*JoinRef); !ok {
		t.Errorf("parenthesised join left = %T", j.Left)
	}
}

func TestStatements(t *testing.T) {
	tests := []struct {
		sql   string
		check func(t *testing.T, s Stmt)
	}{
		{"CREATE OR REPLACE TEMP TABLE IF NOT EXISTS s.t (a INTEGER NOT NULL PRIMARY KEY, b VARCHAR(10) DEFAULT 'x' CHECK (b <> ''), c DECIMAL(15,2) UNIQUE, d INT REFERENCES o(id), PRIMARY KEY (a, c), UNIQUE (b), FOREIGN KEY (d) REFERENCES o (id), CHECK (a > 0))",
			func(t *testing.T, s Stmt) {
				c := s.(*CreateTableStmt)
				if c.Name != "s.t" || !c.OrReplace || !c.Temp || !c.IfNotExists || len(c.Columns) != 4 {
					t.Errorf("%+v", c)
				}
				a, b := c.Columns[0], c.Columns[1]
				if !a.NotNull || !a.PrimaryKey || a.Type.Name != "INTEGER" || sx(b.Default) != "'x'" || b.Check == nil || !c.Columns[2].Unique {
					t.Errorf("columns: %+v %+v", a, b)
				}
				if !reflect.DeepEqual(c.PrimaryKey, []string{"a", "c"}) || len(c.Uniques) != 1 || len(c.Checks) != 1 {
					t.Errorf("table constraints: %+v", c)
				}
			}},
		{"CREATE TABLE t AS SELECT 1", func(t *testing.T, s Stmt) {
			if c := s.(*CreateTableStmt); c.AsQuery == nil {
				t.Errorf("%+v", c)
			}
		}},
		{"CREATE VIEW v (x) AS SELECT a FROM t  ;", func(t *testing.T, s Stmt) {
			v := s.(*CreateViewStmt)
			if v.Name != "v" || v.SQL != "SELECT a FROM t" || len(v.Columns) != 1 {
				t.Errorf("%+v", v)
			}
		}},
		{"CREATE SCHEMA IF NOT EXISTS s", func(t *testing.T, s Stmt) {
			if c := s.(*CreateSchemaStmt); c.Name != "s" || !c.IfNotExists {
				t.Errorf("%+v", c)
			}
		}},
		{"CREATE SEQUENCE seq START WITH 10 INCREMENT BY -1 MINVALUE -9223372036854775808 CYCLE", func(t *testing.T, s Stmt) {
			c := s.(*CreateSequenceStmt)
			if c.Start != 10 || !c.HasStart || c.Increment != -1 || c.MinValue == nil || *c.MinValue != -9223372036854775808 || !c.Cycle {
				t.Errorf("%+v", c)
			}
		}},
		{"CREATE MACRO add(a, b := 1) AS a + b", func(t *testing.T, s Stmt) {
			m := s.(*CreateMacroStmt)
			if m.Name != "add" || !reflect.DeepEqual(m.Params, []string{"a"}) || len(m.Defaults) != 1 || sx(m.Body) != "(+ a b)" {
				t.Errorf("%+v", m)
			}
		}},
		{"CREATE FUNCTION f(x) AS TABLE SELECT x", func(t *testing.T, s Stmt) {
			if m := s.(*CreateMacroStmt); m.Table == nil {
				t.Errorf("%+v", m)
			}
		}},
		{"CREATE SECRET s (TYPE s3, KEY_ID 'k', REGION 'eu')", func(t *testing.T, s Stmt) {
			c := s.(*CreateSecretStmt)
			if c.Name != "s" || len(c.Options) != 3 || sx(c.Options[0].Value) != "'s3'" {
				t.Errorf("%+v", c)
			}
		}},
		{"DROP TABLE IF EXISTS a, s.b CASCADE", func(t *testing.T, s Stmt) {
			d := s.(*DropStmt)
			if d.Kind != "table" || !d.IfExists || !d.Cascade || !reflect.DeepEqual(d.Names, []string{"a", "s.b"}) {
				t.Errorf("%+v", d)
			}
		}},
		{"INSERT OR REPLACE INTO t (a, b) VALUES (1, DEFAULT), (2, 3) RETURNING *", func(t *testing.T, s Stmt) {
			i := s.(*InsertStmt)
			v := i.Query.Body.(*ValuesClause)
			if !i.OrReplace || len(i.Columns) != 2 || len(v.Rows) != 2 || sx(v.Rows[0][1]) != "DEFAULT" || len(i.Returning) != 1 {
				t.Errorf("%+v", i)
			}
		}},
		{"INSERT INTO t BY NAME SELECT 1 AS a", func(t *testing.T, s Stmt) {
			if i := s.(*InsertStmt); !i.ByName || i.Query == nil {
				t.Errorf("%+v", i)
			}
		}},
		{"INSERT INTO t DEFAULT VALUES", func(t *testing.T, s Stmt) {
			if i := s.(*InsertStmt); !i.DefaultValues {
				t.Errorf("%+v", i)
			}
		}},
		{"INSERT INTO t VALUES (1) ON CONFLICT (a) DO UPDATE SET b = excluded.b", func(t *testing.T, s Stmt) {
			if i := s.(*InsertStmt); i.OnConflict == nil || len(i.OnConflict.Set) != 1 {
				t.Errorf("%+v", i)
			}
		}},
		{"UPDATE t AS x SET a = a + 1, b = 2 FROM u WHERE x.id = u.id", func(t *testing.T, s Stmt) {
			u := s.(*UpdateStmt)
			if u.Table != "t" || u.Alias != "x" || len(u.Set) != 2 || len(u.From) != 1 || u.Where == nil {
				t.Errorf("%+v", u)
			}
		}},
		{"UPDATE t SET a = 1", func(t *testing.T, s Stmt) {
			if u := s.(*UpdateStmt); u.Alias != "" || len(u.Set) != 1 {
				t.Errorf("%+v", u)
			}
		}},
		{"DELETE FROM t WHERE a = 1", func(t *testing.T, s Stmt) {
			if d := s.(*DeleteStmt); d.Table != "t" || d.Where == nil {
				t.Errorf("%+v", d)
			}
		}},
		{"ALTER TABLE t ADD COLUMN c INT DEFAULT 1", func(t *testing.T, s Stmt) {
			if a := s.(*AlterTableStmt); a.Action != "add column" || a.Column.Name != "c" || a.Column.Default == nil {
				t.Errorf("%+v", a)
			}
		}},
		{"ALTER TABLE t RENAME COLUMN a TO b", func(t *testing.T, s Stmt) {
			if a := s.(*AlterTableStmt); a.Action != "rename column" || a.Name != "a" || a.NewName != "b" {
				t.Errorf("%+v", a)
			}
		}},
		{"ALTER TABLE t RENAME TO u", func(t *testing.T, s Stmt) {
			if a := s.(*AlterTableStmt); a.Action != "rename table" || a.NewName != "u" {
				t.Errorf("%+v", a)
			}
		}},
		{"ALTER TABLE t ALTER COLUMN a SET DATA TYPE BIGINT", func(t *testing.T, s Stmt) {
			if a := s.(*AlterTableStmt); a.Action != "alter type" || a.Column.Type.Name != "BIGINT" {
				t.Errorf("%+v", a)
			}
		}},
		{"ALTER TABLE t DROP COLUMN IF EXISTS a", func(t *testing.T, s Stmt) {
			if a := s.(*AlterTableStmt); a.Action != "drop column" || a.Name != "a" || !a.ColumnIfExists {
				t.Errorf("%+v", a)
			}
		}},
		{"DESCRIBE t", func(t *testing.T, s Stmt) {
			if d := s.(*DescribeStmt); d.Table != "t" {
				t.Errorf("%+v", d)
			}
		}},
		{"DESCRIBE SELECT 1", func(t *testing.T, s Stmt) {
			if d := s.(*DescribeStmt); d.Query == nil {
				t.Errorf("%+v", d)
			}
		}},
		{"SHOW t", func(t *testing.T, s Stmt) {
			if d := s.(*DescribeStmt); d.Table != "t" {
				t.Errorf("%+v", d)
			}
		}},
		{"SHOW TABLES", func(t *testing.T, s Stmt) {
			if d := s.(*ShowTablesStmt); d.All {
				t.Errorf("%+v", d)
			}
		}},
		{"SHOW ALL TABLES", func(t *testing.T, s Stmt) {
			if d := s.(*ShowTablesStmt); !d.All {
				t.Errorf("%+v", d)
			}
		}},
		{"EXPLAIN ANALYZE SELECT 1", func(t *testing.T, s Stmt) {
			if e := s.(*ExplainStmt); !e.Analyze || e.Stmt == nil {
				t.Errorf("%+v", e)
			}
		}},
		{"SET GLOBAL threads = 4", func(t *testing.T, s Stmt) {
			if e := s.(*SetStmt); e.Name != "threads" || sx(e.Value) != "4" || e.Scope != "global" {
				t.Errorf("%+v", e)
			}
		}},
		{"SET default_null_order TO nulls_first", func(t *testing.T, s Stmt) {
			if e := s.(*SetStmt); e.Name != "default_null_order" || sx(e.Value) != "'nulls_first'" {
				t.Errorf("%+v", e)
			}
		}},
		{"RESET threads", func(t *testing.T, s Stmt) {
			if e := s.(*SetStmt); !e.Reset || e.Name != "threads" {
				t.Errorf("%+v", e)
			}
		}},
		{"PRAGMA table_info('t')", func(t *testing.T, s Stmt) {
			if e := s.(*PragmaStmt); e.Name != "table_info" || len(e.Args) != 1 {
				t.Errorf("%+v", e)
			}
		}},
		{"PRAGMA threads = 2", func(t *testing.T, s Stmt) {
			if e := s.(*PragmaStmt); e.Name != "threads" || len(e.Args) != 1 {
				t.Errorf("%+v", e)
			}
		}},
		{"COPY (SELECT 1) TO 'out.parquet' (FORMAT PARQUET, PARTITION_BY (a, b), HEADER)", func(t *testing.T, s Stmt) {
			c := s.(*CopyStmt)
			if !c.To || c.Query == nil || c.Path != "out.parquet" || len(c.Options) != 3 {
				t.Fatalf("%+v", c)
			}
			if sx(c.Options[0].Value) != "'parquet'" || sx(c.Options[1].Value) != "['a' 'b']" || c.Options[2].Value != nil {
				t.Errorf("options: %s %s %v", sx(c.Options[0].Value), sx(c.Options[1].Value), c.Options[2].Value)
			}
		}},
		{"COPY t (a) FROM 'in.csv' WITH (DELIMITER '|', HEADER true)", func(t *testing.T, s Stmt) {
			c := s.(*CopyStmt)
			if c.To || c.Table != "t" || len(c.Columns) != 1 || len(c.Options) != 2 {
				t.Errorf("%+v", c)
			}
		}},
		{"CALL pragma_version()", func(t *testing.T, s Stmt) {
			if c := s.(*CallStmt); c.Func.Name != "pragma_version" {
				t.Errorf("%+v", c)
			}
		}},
		{"BEGIN TRANSACTION", func(t *testing.T, s Stmt) {
			if c := s.(*TransactionStmt); c.Kind != "begin" {
				t.Errorf("%+v", c)
			}
		}},
		{"START TRANSACTION", func(t *testing.T, s Stmt) {
			if c := s.(*TransactionStmt); c.Kind != "begin" {
				t.Errorf("%+v", c)
			}
		}},
		{"END", func(t *testing.T, s Stmt) {
			if c := s.(*TransactionStmt); c.Kind != "commit" {
				t.Errorf("%+v", c)
			}
		}},
		{"ABORT", func(t *testing.T, s Stmt) {
			if c := s.(*TransactionStmt); c.Kind != "rollback" {
				t.Errorf("%+v", c)
			}
		}},
		{"WITH v AS (SELECT 1 AS a) INSERT INTO t SELECT a FROM v", func(t *testing.T, s Stmt) {
			if i := s.(*InsertStmt); len(i.With) != 1 || i.Query == nil {
				t.Errorf("%+v", i)
			}
		}},
		{"WITH v AS (SELECT 1) DELETE FROM t WHERE a IN (FROM v)", func(t *testing.T, s Stmt) {
			if d := s.(*DeleteStmt); len(d.With) != 1 || d.Where == nil {
				t.Errorf("%+v", d)
			}
		}},
		{"WITH v AS (SELECT 1) SELECT * FROM v", func(t *testing.T, s Stmt) {
			if q := s.(*SelectStmt); len(q.With) != 1 {
				t.Errorf("%+v", q)
			}
		}},
		{"PREPARE q AS SELECT $1", func(t *testing.T, s Stmt) {
			if p := s.(*PrepareStmt); p.Name != "q" || p.Stmt == nil {
				t.Errorf("%+v", p)
			}
		}},
		{"EXECUTE q(1, x := 2)", func(t *testing.T, s Stmt) {
			if e := s.(*ExecuteStmt); len(e.Args) != 1 || len(e.Named) != 1 {
				t.Errorf("%+v", e)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.sql, func(t *testing.T) {
			tt.check(t, parseOne(t, tt.sql))
		})
	}
}

func TestMultipleStatements(t *testing.T) {
	stmts, err := Parse(";; SELECT 1; ; CREATE TABLE t(a INT);\n-- trailing comment\n")
	if err != nil {
		t.Fatal(err)
	}
	if len(stmts) != 2 {
		t.Fatalf("got %d statements, want 2", len(stmts))
	}
	if stmts, err := Parse("  -- nothing\n"); err != nil || len(stmts) != 0 {
		t.Errorf("empty input: %v %v", stmts, err)
	}
}

func TestParams(t *testing.T) {
	c := core(t, parseOne(t, "SELECT ?, ? FROM t WHERE a = ? AND b = $2"))
	if got := items(c) + " " + sx(c.Where); got != "$1, $2 (AND (= a $3) (= b $2))" {
		t.Errorf("params = %s", got)
	}
}

func TestPivot(t *testing.T) {
	q := parseOne(t, "PIVOT cities ON country, name IN ('a' AS x, 'b') USING sum(pop) AS total, max(pop) GROUP BY year ORDER BY year LIMIT 3").(*SelectStmt)
	c := q.Body.(*SelectCore)
	pr, ok := c.From[0].(*PivotRef)
	if !ok || items(c) != "*" || q.Limit == nil || len(q.OrderBy) != 1 {
		t.Fatalf("pivot statement: %#v", q)
	}
	if pr.Unpivot || pr.Source.(*TableName).Name != "cities" || len(pr.On) != 2 || pr.On[0].In != nil ||
		len(pr.On[1].In) != 2 || pr.On[1].In[0].Alias != "x" || len(pr.Using) != 2 || pr.Using[0].Alias != "total" || sxList(pr.GroupBy) != "year" {
		t.Errorf("pivot = %+v", pr)
	}
	c = core(t, parseOne(t, "SELECT * FROM sales PIVOT (sum(amount) FOR month IN ('JAN', 'FEB') GROUP BY id) AS p"))
	pr = c.From[0].(*PivotRef)
	if pr.Alias != "p" || len(pr.On) != 1 || sx(pr.On[0].Expr) != "month" || len(pr.On[0].In) != 2 || sxList(pr.GroupBy) != "id" {
		t.Errorf("standard pivot = %+v", pr)
	}
	q = parseOne(t, "UNPIVOT t ON COLUMNS(* EXCLUDE (id)) INTO NAME month VALUE amount").(*SelectStmt)
	pr = q.Body.(*SelectCore).From[0].(*PivotRef)
	if !pr.Unpivot || len(pr.On) != 1 || pr.NameColumns[0] != "month" || pr.ValueColumns[0] != "amount" {
		t.Errorf("unpivot statement = %+v", pr)
	}
	c = core(t, parseOne(t, "FROM t UNPIVOT INCLUDE NULLS (amount FOR month IN (jan, feb AS f))"))
	pr = c.From[0].(*PivotRef)
	if !pr.Unpivot || !pr.IncludeNulls || len(pr.On) != 2 || pr.On[1].In[0].Alias != "f" || pr.ValueColumns[0] != "amount" {
		t.Errorf("standard unpivot = %+v", pr)
	}
	c = core(t, parseOne(t, "SELECT * FROM (PIVOT t ON a USING count(*)) p"))
	if s := c.From[0].(*SubqueryRef); s.Alias != "p" {
		t.Errorf("pivot subquery = %+v", s)
	}
}

// TestGroupByRow checks that a row constructor among the GROUP BY items
// stands for its elements (GROUP BY (a, b) groups by a and b, as in
// DuckDB), while grouping sets keep their own structure.
func TestGroupByRow(t *testing.T) {
	tests := []struct{ sql, want string }{
		{"SELECT 1 FROM t GROUP BY (a, b)", "a b"},
		{"SELECT 1 FROM t GROUP BY (a, b), c", "a b c"},
		{"SELECT 1 FROM t GROUP BY ((a, b))", "a b"},
		{"SELECT 1 FROM t GROUP BY ROW(a, b + 1)", "a (+ b 1)"},
		{"SELECT 1 FROM t GROUP BY (a)", "a"},
		{"SELECT 1 FROM t GROUP BY (1, 2)", "1 2"},
		{"SELECT 1 FROM t GROUP BY ()", "(sets ())"},
		{"SELECT 1 FROM t GROUP BY ROLLUP ((a, b))", "(rollup (a b))"},
		{"SELECT 1 FROM t GROUP BY GROUPING SETS ((a, b), c)", "(sets (a b) (c))"},
	}
	for _, tc := range tests {
		c := core(t, parseOne(t, tc.sql))
		if got := sxList(c.GroupBy); got != tc.want {
			t.Errorf("%s: GROUP BY = %s, want %s", tc.sql, got, tc.want)
		}
	}
}
