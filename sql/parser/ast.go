// Package parser turns SQL text in DuckDB's dialect into an AST. It is a
// hand-written lexer plus recursive-descent parser with Pratt-style
// expression parsing. Errors carry the line and column of the offending
// token and render a caret under it.
package parser

// Pos is a byte offset into the SQL text; Error renders it as line:column.
type Pos int

// Stmt is any SQL statement.
type Stmt interface{ stmtNode() }

// Expr is any expression node. Every Expr records where it starts.
type Expr interface {
	exprNode()
	Position() Pos
}

// TableRef is an item of a FROM clause.
type TableRef interface{ tableRefNode() }

// ---------- statements ----------

// SelectStmt is a full query: optional WITH, a body (a SelectCore, a set
// operation or VALUES), then ORDER BY / LIMIT / OFFSET applying to the body.
type SelectStmt struct {
	With    []*CTE
	Body    QueryBody
	OrderBy []*OrderItem
	Limit   Expr // nil = none
	Offset  Expr // nil = none
	// LimitPercent is set for LIMIT n% (n is a percentage of the rows).
	LimitPercent bool
}

// QueryBody is a SelectCore, SetOp, ValuesClause or a parenthesised
// *SelectStmt.
type QueryBody interface{ queryBody() }

// CTE is one WITH entry: name [(cols)] AS (query).
type CTE struct {
	Name      string
	Columns   []string
	Query     *SelectStmt
	Recursive bool // set on every CTE of a WITH RECURSIVE
	// UsingKey is WITH RECURSIVE t USING KEY (cols) AS (...).
	UsingKey []string
	// Materialized is "materialized", "not materialized" or "" when unset.
	Materialized string
}

// SelectCore is SELECT [DISTINCT] list [FROM] [WHERE] [GROUP BY] [HAVING]
// [QUALIFY]. DuckDB's FROM-first form ("FROM t [SELECT ...]") produces a
// SelectCore too, with Items = a single Star when SELECT is omitted.
type SelectCore struct {
	Distinct   bool
	DistinctOn []Expr
	Items      []*SelectItem
	From       []TableRef // comma-separated items; empty = no FROM
	Where      Expr
	GroupBy    []Expr
	GroupByAll bool // GROUP BY ALL
	Having     Expr
	Qualify    Expr
	Windows    []*WindowDef // WINDOW w AS (...)
}

// SelectItem is one entry of a select list: an expression with an optional
// alias, or a star (Expr is *Star).
type SelectItem struct {
	Expr  Expr
	Alias string
}

// SetOpKind identifies UNION / INTERSECT / EXCEPT.
type SetOpKind uint8

// Set operations.
const (
	Union SetOpKind = iota
	Intersect
	Except
)

// SetOp combines two query bodies. ByName is UNION BY NAME.
type SetOp struct {
	Op          SetOpKind
	All         bool
	ByName      bool
	Left, Right QueryBody
}

// ValuesClause is VALUES (..), (..).
type ValuesClause struct {
	Rows [][]Expr
}

// OrderItem is one ORDER BY entry. NullsFirst is nil when not given.
// ORDER BY ALL is represented by a single item with Expr == *Star.
type OrderItem struct {
	Expr       Expr
	Desc       bool
	Asc        bool // ASC written explicitly
	NullsFirst *bool
}

// ---------- FROM items ----------

// TableName is a (possibly qualified) table or view name, or a quoted file
// path used as a table ('x.parquet'), with an optional alias.
type TableName struct {
	Schema     string // optional qualifier (e.g. main)
	Name       string
	IsPath     bool // FROM 'file.parquet'
	Alias      string
	ColAliases []string
	Pos        Pos
}

// TableFunc is a table function call in FROM: read_parquet(...),
// read_csv(...), range(...), generate_series(...), etc. Named arguments
// (name := value or name = value) go to Named.
type TableFunc struct {
	Name       string
	Args       []Expr
	Named      []*NamedArg
	Alias      string
	ColAliases []string
	Pos        Pos
	// Ordinality is set by WITH ORDINALITY (adds a 1-based row number column).
	Ordinality bool
}

// NamedArg is name := value inside a function call.
type NamedArg struct {
	Name  string
	Value Expr
}

// SubqueryRef is (query) [AS] alias [(cols)] in FROM.
type SubqueryRef struct {
	Query      *SelectStmt
	Alias      string
	ColAliases []string
	Lateral    bool
}

// JoinType of a JoinRef.
type JoinType uint8

// Join types.
const (
	JoinInner JoinType = iota
	JoinLeft
	JoinRight
	JoinFull
	JoinCross
	JoinSemi
	JoinAnti
	JoinPositional // POSITIONAL JOIN: rows matched by position
)

// JoinRef is an explicit join. Natural, On and Using are mutually exclusive.
type JoinRef struct {
	Type        JoinType
	Natural     bool
	Left, Right TableRef
	On          Expr
	Using       []string
	// Asof is set for ASOF [LEFT] JOIN (Type is JoinInner or JoinLeft).
	Asof bool
}

// PivotRef is PIVOT or UNPIVOT applied to a FROM item: the SQL-standard
// form FROM t PIVOT (agg FOR col IN (...)) and DuckDB's statement form
// PIVOT t ON col USING agg GROUP BY g, which parses as SELECT * FROM
// PivotRef (with the statement's ORDER BY / LIMIT on the SelectStmt).
type PivotRef struct {
	Source  TableRef
	Unpivot bool
	// On lists the pivot columns (PIVOT) or the columns to unpivot
	// (UNPIVOT, where In is unused).
	On []*PivotColumn
	// Using lists the aggregates of PIVOT; GroupBy the row keys (nil =
	// every column not otherwise used).
	Using   []*SelectItem
	GroupBy []Expr
	// NameColumns and ValueColumns name UNPIVOT's output columns
	// (INTO NAME n VALUE v, or v FOR n IN (...)); IncludeNulls keeps rows
	// whose value is NULL.
	NameColumns  []string
	ValueColumns []string
	IncludeNulls bool
	Alias        string
	ColAliases   []string
	Pos          Pos
}

// PivotColumn is one pivot column: an expression (a *FuncCall "row" for
// several columns) with an optional IN list of values, each with an
// optional alias (an entry of *Star is IN (*)). InEnum names an ENUM type
// given as IN enum_type. In nil and InEnum "" mean all distinct values.
type PivotColumn struct {
	Expr   Expr
	In     []*SelectItem
	InEnum string
}

// ---------- expressions ----------

// ColumnRef is a possibly qualified column name: a, t.a, s.t.a.
type ColumnRef struct {
	Parts []string // at least one
	Pos   Pos
}

// Star is * or t.* in a select list, with DuckDB's EXCLUDE / REPLACE, or
// COLUMNS(...) handled as a FuncCall. Table is "" for a bare *.
type Star struct {
	Table   string
	Exclude []string
	Replace []*SelectItem // expr AS name
	Pos     Pos
	// Rename lists RENAME (col AS new): Expr is the *ColumnRef renamed.
	Rename []*SelectItem
}

// LiteralKind tells the kind of a Literal.
type LiteralKind uint8

// Literal kinds.
const (
	LitNull LiteralKind = iota
	LitBool
	LitInteger // Value holds the digits (may exceed int64)
	LitDecimal // a number with a '.' or exponent; Value holds the text
	LitString
	LitTyped // DATE '...', TIMESTAMP '...', INTERVAL handled by IntervalLit
)

// Literal is a constant. For LitTyped, TypeName names the type (DATE,
// TIME, TIMESTAMP, ...) and Value is the string.
type Literal struct {
	Kind     LiteralKind
	Value    string
	Bool     bool
	TypeName string
	Pos      Pos
}

// IntervalLit is INTERVAL '...' [unit] or INTERVAL n unit. Value is the
// quoted text or number; Unit is "" when the text carries its own units
// (e.g. INTERVAL '1 day 2 hours').
type IntervalLit struct {
	Value Expr
	Unit  string // year, month, day, hour, minute, second, ... (lower case)
	Pos   Pos
}

// Param is a placeholder: ? (Index = order of appearance, 1-based) or $n.
type Param struct {
	Index int
	Pos   Pos
	// Name is set for a named parameter $name (Index is then 0).
	Name string
}

// UnaryExpr is -x, +x, NOT x.
type UnaryExpr struct {
	Op  string // "-", "+", "NOT"
	X   Expr
	Pos Pos
}

// BinaryExpr is x op y. Op is the canonical spelling: + - * / // % ^ ||
// = <> < <= > >= AND OR LIKE ILIKE GLOB SIMILAR TO, IS DISTINCT FROM,
// IS NOT DISTINCT FROM, ->, ->>, and "NOT LIKE" / "NOT ILIKE". For LIKE
// an ESCAPE clause goes to Escape.
type BinaryExpr struct {
	Op     string
	L, R   Expr
	Escape Expr
	Pos    Pos
}

// IsNullExpr is x IS [NOT] NULL (also x ISNULL / x NOTNULL).
type IsNullExpr struct {
	X   Expr
	Not bool
	Pos Pos
}

// IsBoolExpr is x IS [NOT] TRUE|FALSE.
type IsBoolExpr struct {
	X     Expr
	Not   bool
	Value bool
	Pos   Pos
}

// BetweenExpr is x [NOT] BETWEEN lo AND hi.
type BetweenExpr struct {
	X, Lo, Hi Expr
	Not       bool
	Pos       Pos
}

// InListExpr is x [NOT] IN (a, b, ...).
type InListExpr struct {
	X    Expr
	List []Expr
	Not  bool
	Pos  Pos
}

// InSubqueryExpr is x [NOT] IN (SELECT ...).
type InSubqueryExpr struct {
	X     Expr
	Query *SelectStmt
	Not   bool
	Pos   Pos
}

// ExistsExpr is [NOT] EXISTS (SELECT ...).
type ExistsExpr struct {
	Query *SelectStmt
	Not   bool
	Pos   Pos
}

// SubqueryExpr is a scalar subquery (SELECT ...) used as a value.
type SubqueryExpr struct {
	Query *SelectStmt
	Pos   Pos
}

// QuantifiedExpr is x op ANY|ALL (SELECT ...).
type QuantifiedExpr struct {
	X     Expr
	Op    string
	All   bool
	Query *SelectStmt
	Pos   Pos
	// Array is set instead of Query for x op ANY|ALL (list_expr).
	Array Expr
}

// CaseExpr is CASE [operand] WHEN .. THEN .. [ELSE ..] END.
type CaseExpr struct {
	Operand Expr // nil for searched CASE
	Whens   []*WhenClause
	Else    Expr
	Pos     Pos
}

// WhenClause is one WHEN cond THEN result.
type WhenClause struct {
	Cond, Result Expr
}

// TypeName is a SQL type in CAST or DDL: name, parameters (DECIMAL(p,s),
// VARCHAR(n)), array suffix ([] = LIST) and nested fields for STRUCT/MAP.
type TypeName struct {
	Name    string // upper case
	Params  []int
	Array   int // number of [] suffixes
	Fields  []*ColumnDef
	KeyType *TypeName // MAP(k, v)
	ValType *TypeName
	// ArraySizes has one entry per array suffix, innermost first: 0 for
	// a LIST suffix [], n for a fixed-size ARRAY suffix [n].
	ArraySizes []int
}

// CastExpr is CAST(x AS t), TRY_CAST(x AS t) and x::t.
type CastExpr struct {
	X   Expr
	To  *TypeName
	Try bool
	Pos Pos
}

// FuncCall is name(args) with DISTINCT, ORDER BY inside aggregates,
// FILTER (WHERE ...), and an OVER clause for window functions. count(*)
// has Star = true and no Args.
type FuncCall struct {
	Name     string // lower case; schema-qualified names keep only the last part
	Args     []Expr
	Named    []*NamedArg
	Distinct bool
	Star     bool
	OrderBy  []*OrderItem
	Filter   Expr
	Over     *WindowDef
	Pos      Pos
	// IgnoreNulls is set by IGNORE NULLS (first_value(x IGNORE NULLS)).
	IgnoreNulls bool
	// ExportState is set by agg(x) EXPORT_STATE.
	ExportState bool
	// Unpack is set for *COLUMNS(...), which expands into several
	// arguments of the enclosing call.
	Unpack bool
}

// ExtractExpr is EXTRACT(field FROM x).
type ExtractExpr struct {
	Field string // lower case
	X     Expr
	Pos   Pos
}

// SubstringExpr is SUBSTRING(x FROM a [FOR b]) (the comma form is a FuncCall).
type SubstringExpr struct {
	X, From, For Expr // From or For may be nil
	Pos          Pos
}

// TrimExpr is TRIM([LEADING|TRAILING|BOTH] [chars] FROM x).
type TrimExpr struct {
	Where string // "both", "leading", "trailing"
	Chars Expr   // nil = spaces
	X     Expr
	Pos   Pos
}

// PositionExpr is POSITION(needle IN haystack).
type PositionExpr struct {
	Needle, Haystack Expr
	Pos              Pos
}

// ListExpr is [a, b, c] (a LIST literal).
type ListExpr struct {
	Items []Expr
	Pos   Pos
}

// StructExpr is {'k': v, ...} (a STRUCT literal).
type StructExpr struct {
	Names  []string
	Values []Expr
	Pos    Pos
}

// IndexExpr is x[i] or x[a:b] (Slice = true; Lo/Hi may be nil).
type IndexExpr struct {
	X, Index, Hi Expr
	Slice        bool
	Pos          Pos
	// Step is the third part of x[a:b:step]; nil = none.
	Step Expr
}

// LambdaExpr is x -> expr or (x, y) -> expr.
type LambdaExpr struct {
	Params []string
	Body   Expr
	Pos    Pos
}

// WindowDef is an OVER clause or a WINDOW definition.
type WindowDef struct {
	Name        string // WINDOW name AS (...), or OVER name
	Ref         string // base window name inside (...)
	PartitionBy []Expr
	OrderBy     []*OrderItem
	Frame       *Frame
}

// Frame is ROWS|RANGE|GROUPS BETWEEN start AND end.
type Frame struct {
	Mode       string // "rows", "range", "groups"
	Start, End *FrameBound
	Exclude    string // "", "current row", "group", "ties", "no others"
}

// FrameBound is UNBOUNDED PRECEDING, n PRECEDING, CURRENT ROW, n FOLLOWING,
// UNBOUNDED FOLLOWING.
type FrameBound struct {
	Kind   string // "unbounded preceding", "preceding", "current row", "following", "unbounded following"
	Offset Expr
}

// ---------- other statements ----------

// ColumnDef is a column in CREATE TABLE.
type ColumnDef struct {
	Name       string
	Type       *TypeName
	NotNull    bool
	PrimaryKey bool
	Unique     bool
	Default    Expr
	Check      Expr
	Collation  string // COLLATE name; "" = default
	Generated  Expr   // [GENERATED ALWAYS] AS (expr) [VIRTUAL]; Type may be nil
}

// CreateTableStmt is CREATE [OR REPLACE] [TEMP] TABLE [IF NOT EXISTS]
// name (cols) | AS query.
type CreateTableStmt struct {
	Name        string
	OrReplace   bool
	IfNotExists bool
	Temp        bool
	Columns     []*ColumnDef
	PrimaryKey  []string // table-level PRIMARY KEY (a, b)
	AsQuery     *SelectStmt
	Uniques     [][]string // table-level UNIQUE (a, b)
	Checks      []Expr     // table-level CHECK (expr)
}

// CreateViewStmt is CREATE [OR REPLACE] VIEW name [(cols)] AS query.
type CreateViewStmt struct {
	Name        string
	OrReplace   bool
	IfNotExists bool
	Temp        bool
	Columns     []string
	Query       *SelectStmt
	SQL         string // text of the query, for DESCRIBE / schema output
}

// CreateSchemaStmt is CREATE SCHEMA [IF NOT EXISTS] name.
type CreateSchemaStmt struct {
	Name        string
	IfNotExists bool
}

// DropStmt is DROP TABLE|VIEW|SCHEMA [IF EXISTS] name [, ...] [CASCADE].
type DropStmt struct {
	Kind     string // "table", "view", "schema", "sequence", "macro", "function", "index", "type"
	Names    []string
	IfExists bool
	Cascade  bool
}

// InsertStmt is INSERT [OR REPLACE] INTO name [(cols)] VALUES ... | query
// | DEFAULT VALUES. The VALUES form is a *SelectStmt whose Body is a
// *ValuesClause.
type InsertStmt struct {
	Table         string
	Columns       []string
	Query         *SelectStmt // nil with DefaultValues
	DefaultValues bool
	ByName        bool
	OrReplace     bool
	Returning     []*SelectItem
	With          []*CTE      // WITH ... INSERT
	OrIgnore      bool        // INSERT OR IGNORE
	Alias         string      // INSERT INTO t AS alias
	OnConflict    *OnConflict // nil = none
}

// OnConflict is INSERT's ON CONFLICT [(cols)] [WHERE ..] DO NOTHING | DO
// UPDATE SET ... [WHERE ...].
type OnConflict struct {
	Columns     []string
	TargetWhere Expr
	DoNothing   bool
	Set         []*SetClause
	Where       Expr
}

// UpdateStmt is UPDATE t SET a = x, ... [FROM ...] [WHERE ...].
type UpdateStmt struct {
	Table string
	Alias string
	Set   []*SetClause
	From  []TableRef
	Where Expr
	// Returning is the RETURNING list; nil = none.
	Returning []*SelectItem
	With      []*CTE // WITH ... UPDATE
}

// SetClause is one col = expr of UPDATE.
type SetClause struct {
	Column string
	Value  Expr
}

// DeleteStmt is DELETE FROM t [WHERE ...].
type DeleteStmt struct {
	Table string
	Alias string
	Where Expr
	// Using is DELETE ... USING t, ...; Returning the RETURNING list.
	Using     []TableRef
	Returning []*SelectItem
	With      []*CTE // WITH ... DELETE
}

// AlterTableStmt covers ALTER TABLE t ADD/DROP/RENAME COLUMN and RENAME TO.
type AlterTableStmt struct {
	Table    string
	Action   string // "add column", "drop column", "rename column", "rename table", "alter type"
	Column   *ColumnDef
	Name     string // column to drop/rename/alter
	NewName  string
	IfExists bool
	// IfNotExists is ADD COLUMN IF NOT EXISTS; ColumnIfExists is DROP
	// COLUMN IF EXISTS; Using is ALTER TYPE ... USING expr.
	IfNotExists    bool
	ColumnIfExists bool
	Using          Expr
}

// DescribeStmt is DESCRIBE name | DESCRIBE query (also SHOW name).
type DescribeStmt struct {
	Table string      // set for DESCRIBE name
	Query *SelectStmt // set for DESCRIBE SELECT ...
}

// ShowTablesStmt is SHOW TABLES (and SHOW ALL TABLES).
type ShowTablesStmt struct {
	All bool // SHOW ALL TABLES
}

// ExplainStmt is EXPLAIN [ANALYZE] stmt.
type ExplainStmt struct {
	Analyze bool
	Stmt    Stmt
	Format  string // EXPLAIN (FORMAT x): lower case; "" = default
}

// SetStmt is SET [GLOBAL|SESSION|LOCAL] name = value | name TO value, and
// RESET name (Reset = true, Value nil).
type SetStmt struct {
	Name  string // lower case
	Value Expr
	Reset bool
	// Variable is set for SET VARIABLE name = value / RESET VARIABLE name.
	Variable bool
	// Scope is "global", "session", "local" or "" when not given.
	Scope string
}

// PragmaStmt is PRAGMA name[(args)] or PRAGMA name = value.
type PragmaStmt struct {
	Name string
	Args []Expr
}

// CopyStmt is COPY table|(query) TO 'file' (options) or COPY table FROM
// 'file' (options).
type CopyStmt struct {
	Table   string
	Columns []string
	Query   *SelectStmt
	To      bool
	Path    string
	Options []*NamedArg // key [value]; a flag without a value has Value nil
}

// CallStmt is CALL fn(args).
type CallStmt struct {
	Func *FuncCall
}

// TransactionStmt is BEGIN / COMMIT / ROLLBACK (and START TRANSACTION, END, ABORT).
type TransactionStmt struct {
	Kind string // "begin", "commit", "rollback"
}

// CreateSecretStmt is CREATE [OR REPLACE] [PERSISTENT|TEMPORARY] SECRET [name] (key value, ...).
type CreateSecretStmt struct {
	Name      string
	OrReplace bool
	Options   []*NamedArg
}

// CreateMacroStmt is CREATE [OR REPLACE] MACRO|FUNCTION name(params) AS expr | AS TABLE query.
type CreateMacroStmt struct {
	Name      string
	OrReplace bool
	Params    []string
	Defaults  []*NamedArg
	Body      Expr
	Table     *SelectStmt
}

// CreateSequenceStmt is CREATE [OR REPLACE] SEQUENCE name [START [WITH] n] [INCREMENT [BY] n].
type CreateSequenceStmt struct {
	Name        string
	OrReplace   bool
	IfNotExists bool
	Start       int64
	Increment   int64
	HasStart    bool   // START was given
	MinValue    *int64 // nil = default
	MaxValue    *int64 // nil = default
	Cycle       bool
}

// CreateIndexStmt is CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON t (exprs).
type CreateIndexStmt struct {
	Name        string
	Table       string
	Columns     []Expr
	Unique      bool
	IfNotExists bool
}

// CreateTypeStmt is CREATE TYPE name AS ENUM ('a', ...) | AS type.
type CreateTypeStmt struct {
	Name        string
	OrReplace   bool
	IfNotExists bool
	Enum        []string  // set for ENUM types
	Type        *TypeName // set for AS type
}

// CollateExpr is x COLLATE name.
type CollateExpr struct {
	X         Expr
	Collation string // lower case, e.g. "nocase"
	Pos       Pos
}

// GroupingSet is a GROUP BY item GROUPING SETS (...), ROLLUP (...) or
// CUBE (...). For "sets" each entry of Sets is one grouping set (an
// entry may itself hold a nested *GroupingSet); for "rollup" and "cube"
// each entry is one element (a column or a parenthesised column group).
// A bare () in GROUP BY is Kind "sets" with one empty set.
type GroupingSet struct {
	Kind string // "sets", "rollup", "cube"
	Sets [][]Expr
	Pos  Pos
}

// PositionalRef is DuckDB's #n: the n-th (1-based) column of the select
// list or input.
type PositionalRef struct {
	Index int
	Pos   Pos
}

// PrepareStmt is PREPARE name AS stmt.
type PrepareStmt struct {
	Name string
	Stmt Stmt
}

// ExecuteStmt is EXECUTE name [(args)].
type ExecuteStmt struct {
	Name  string
	Args  []Expr
	Named []*NamedArg // EXECUTE q(name := value) for $name parameters
}

// DeallocateStmt is DEALLOCATE [PREPARE] name.
type DeallocateStmt struct {
	Name string
}

// DefaultExpr is the DEFAULT keyword inside INSERT ... VALUES.
type DefaultExpr struct {
	Pos Pos
}

func (*SelectStmt) stmtNode()         {}
func (*CreateTableStmt) stmtNode()    {}
func (*CreateViewStmt) stmtNode()     {}
func (*CreateSchemaStmt) stmtNode()   {}
func (*DropStmt) stmtNode()           {}
func (*InsertStmt) stmtNode()         {}
func (*UpdateStmt) stmtNode()         {}
func (*DeleteStmt) stmtNode()         {}
func (*AlterTableStmt) stmtNode()     {}
func (*DescribeStmt) stmtNode()       {}
func (*ShowTablesStmt) stmtNode()     {}
func (*ExplainStmt) stmtNode()        {}
func (*SetStmt) stmtNode()            {}
func (*PragmaStmt) stmtNode()         {}
func (*CopyStmt) stmtNode()           {}
func (*CallStmt) stmtNode()           {}
func (*TransactionStmt) stmtNode()    {}
func (*CreateSecretStmt) stmtNode()   {}
func (*CreateMacroStmt) stmtNode()    {}
func (*CreateSequenceStmt) stmtNode() {}
func (*CreateIndexStmt) stmtNode()    {}
func (*CreateTypeStmt) stmtNode()     {}
func (*PrepareStmt) stmtNode()        {}
func (*ExecuteStmt) stmtNode()        {}
func (*DeallocateStmt) stmtNode()     {}

func (*SelectStmt) queryBody()   {}
func (*SelectCore) queryBody()   {}
func (*SetOp) queryBody()        {}
func (*ValuesClause) queryBody() {}

func (*TableName) tableRefNode()   {}
func (*TableFunc) tableRefNode()   {}
func (*SubqueryRef) tableRefNode() {}
func (*JoinRef) tableRefNode()     {}
func (*PivotRef) tableRefNode()    {}

func (*ColumnRef) exprNode()      {}
func (*Star) exprNode()           {}
func (*Literal) exprNode()        {}
func (*IntervalLit) exprNode()    {}
func (*Param) exprNode()          {}
func (*UnaryExpr) exprNode()      {}
func (*BinaryExpr) exprNode()     {}
func (*IsNullExpr) exprNode()     {}
func (*IsBoolExpr) exprNode()     {}
func (*BetweenExpr) exprNode()    {}
func (*InListExpr) exprNode()     {}
func (*InSubqueryExpr) exprNode() {}
func (*ExistsExpr) exprNode()     {}
func (*SubqueryExpr) exprNode()   {}
func (*QuantifiedExpr) exprNode() {}
func (*CaseExpr) exprNode()       {}
func (*CastExpr) exprNode()       {}
func (*FuncCall) exprNode()       {}
func (*ExtractExpr) exprNode()    {}
func (*SubstringExpr) exprNode()  {}
func (*TrimExpr) exprNode()       {}
func (*PositionExpr) exprNode()   {}
func (*ListExpr) exprNode()       {}
func (*StructExpr) exprNode()     {}
func (*IndexExpr) exprNode()      {}
func (*LambdaExpr) exprNode()     {}
func (*CollateExpr) exprNode()    {}
func (*DefaultExpr) exprNode()    {}
func (*GroupingSet) exprNode()    {}
func (*PositionalRef) exprNode()  {}

// Position implements Expr.
func (e *ColumnRef) Position() Pos { return e.Pos }

// Position implements Expr.
func (e *Star) Position() Pos { return e.Pos }

// Position implements Expr.
func (e *Literal) Position() Pos { return e.Pos }

// Position implements Expr.
func (e *IntervalLit) Position() Pos { return e.Pos }

// Position implements Expr.
func (e *Param) Position() Pos { return e.Pos }

// Position implements Expr.
func (e *UnaryExpr) Position() Pos { return e.Pos }

// Position implements Expr.
func (e *BinaryExpr) Position() Pos { return e.Pos }

// Position implements Expr.
func (e *IsNullExpr) Position() Pos { return e.Pos }

// Position implements Expr.
func (e *IsBoolExpr) Position() Pos { return e.Pos }

// Position implements Expr.
func (e *BetweenExpr) Position() Pos { return e.Pos }

// Position implements Expr.
func (e *InListExpr) Position() Pos { return e.Pos }

// Position implements Expr.
func (e *InSubqueryExpr) Position() Pos { return e.Pos }

// Position implements Expr.
func (e *ExistsExpr) Position() Pos { return e.Pos }

// Position implements Expr.
func (e *SubqueryExpr) Position() Pos { return e.Pos }

// Position implements Expr.
func (e *QuantifiedExpr) Position() Pos { return e.Pos }

// Position implements Expr.
func (e *CaseExpr) Position() Pos { return e.Pos }

// Position implements Expr.
func (e *CastExpr) Position() Pos { return e.Pos }

// Position implements Expr.
func (e *FuncCall) Position() Pos { return e.Pos }

// Position implements Expr.
func (e *ExtractExpr) Position() Pos { return e.Pos }

// Position implements Expr.
func (e *SubstringExpr) Position() Pos { return e.Pos }

// Position implements Expr.
func (e *TrimExpr) Position() Pos { return e.Pos }

// Position implements Expr.
func (e *PositionExpr) Position() Pos { return e.Pos }

// Position implements Expr.
func (e *ListExpr) Position() Pos { return e.Pos }

// Position implements Expr.
func (e *StructExpr) Position() Pos { return e.Pos }

// Position implements Expr.
func (e *IndexExpr) Position() Pos { return e.Pos }

// Position implements Expr.
func (e *LambdaExpr) Position() Pos { return e.Pos }

// Position implements Expr.
func (e *CollateExpr) Position() Pos { return e.Pos }

// Position implements Expr.
func (e *DefaultExpr) Position() Pos { return e.Pos }

// Position implements Expr.
func (e *GroupingSet) Position() Pos { return e.Pos }

// Position implements Expr.
func (e *PositionalRef) Position() Pos { return e.Pos }
