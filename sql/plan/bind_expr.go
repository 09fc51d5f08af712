package plan

import (
	"math/big"
	"strconv"
	"strings"

	"github.com/lhsql/lhsql/engine"
	"github.com/lhsql/lhsql/sql/parser"
	"github.com/lhsql/lhsql/vector"
)

// exprCtx is the context of expression binding.
type exprCtx struct {
	scope *scope
	// aggs collects aggregate calls; nil where aggregates are not allowed.
	aggs *aggCollector
	// applies are joins that subqueries add to the block's plan; they run
	// on the plan the expression is evaluated over.
	applies []func(Op) (Op, error)
	// inAgg is set while binding aggregate arguments.
	inAgg bool
	// wins collects window calls; nil where window functions are not allowed.
	wins *winCollector
	// aliases maps select-list aliases to their expressions: DuckDB lets
	// later select items, HAVING, QUALIFY and ORDER BY refer to them when
	// no column of that name exists. busy guards against self-reference.
	aliases map[string]parser.Expr
	busy    map[string]bool
}

// apply adds the pending subquery joins to cur.
func (c *exprCtx) apply(cur Op) (Op, error) {
	for _, f := range c.applies {
		var err error
		if cur, err = f(cur); err != nil {
			return nil, err
		}
	}
	c.applies = nil
	return cur, nil
}

// bindExpr binds an AST expression.
func (b *Binder) bindExpr(e parser.Expr, ctx *exprCtx) (Expr, error) {
	switch x := e.(type) {
	case *parser.ColumnRef:
		return b.bindColumn(x, ctx)
	case *parser.Literal:
		return b.bindLiteral(x)
	case *parser.IntervalLit:
		return b.bindInterval(x, ctx)
	case *parser.Param:
		if x.Name != "" {
			v, ok := b.Named[strings.ToLower(x.Name)]
			if !ok {
				return nil, b.errorf(x.Pos, "named parameter $%s is not bound", x.Name)
			}
			return &ConstExpr{Val: v}, nil
		}
		if x.Index < 1 || x.Index > len(b.params) {
			return nil, b.errorf(x.Pos, "parameter $%d is not bound (%d given)", x.Index, len(b.params))
		}
		return &ConstExpr{Val: b.params[x.Index-1]}, nil
	case *parser.UnaryExpr:
		if x.Op == "-" {
			if lit, ok := x.X.(*parser.Literal); ok && (lit.Kind == parser.LitInteger || lit.Kind == parser.LitDecimal) {
				neg := *lit
				if v, ok := strings.CutPrefix(lit.Value, "-"); ok {
					neg.Value = v
				} else {
					neg.Value = "-" + lit.Value
				}
				return b.bindLiteral(&neg)
			}
		}
		arg, err := b.bindExpr(x.X, ctx)
		if err != nil {
			return nil, err
		}
		switch x.Op {
		case "-":
			return b.fn(x.Pos, "negate", arg)
		case "+":
			return arg, nil
		default:
			return b.fn(x.Pos, "not", arg)
		}
	case *parser.BinaryExpr:
		return b.bindBinary(x, ctx)
	case *parser.IsNullExpr:
		arg, err := b.bindExpr(x.X, ctx)
		if err != nil {
			return nil, err
		}
		if x.Not {
			return b.fn(x.Pos, "is not null", arg)
		}
		return b.fn(x.Pos, "is null", arg)
	case *parser.IsBoolExpr:
		arg, err := b.bindExpr(x.X, ctx)
		if err != nil {
			return nil, err
		}
		op := "is not distinct from"
		if x.Not {
			op = "is distinct from"
		}
		return b.fn(x.Pos, op, arg, &ConstExpr{Val: vector.BoolValue(x.Value)})
	case *parser.BetweenExpr:
		v, err := b.bindExpr(x.X, ctx)
		if err != nil {
			return nil, err
		}
		lo, err := b.bindExpr(x.Lo, ctx)
		if err != nil {
			return nil, err
		}
		hi, err := b.bindExpr(x.Hi, ctx)
		if err != nil {
			return nil, err
		}
		ge, err := b.compare(">=", v, lo, x.Pos)
		if err != nil {
			return nil, err
		}
		le, err := b.compare("<=", v, hi, x.Pos)
		if err != nil {
			return nil, err
		}
		and, err := b.fn(x.Pos, "and", ge, le)
		if err != nil || !x.Not {
			return and, err
		}
		return b.fn(x.Pos, "not", and)
	case *parser.InListExpr:
		v, err := b.bindExpr(x.X, ctx)
		if err != nil {
			return nil, err
		}
		args := []Expr{v}
		for _, it := range x.List {
			a, err := b.bindExpr(it, ctx)
			if err != nil {
				return nil, err
			}
			args = append(args, a)
		}
		args = coerceLiterals(args)
		name := "in"
		if x.Not {
			name = "not in"
		}
		return b.fn(x.Pos, name, args...)
	case *parser.CaseExpr:
		return b.bindCase(x, ctx)
	case *parser.CastExpr:
		arg, err := b.bindExpr(x.X, ctx)
		if err != nil {
			return nil, err
		}
		t, err := b.typeName(x.To)
		if err != nil {
			return nil, b.wrap(x.Pos, err)
		}
		out, err := b.cast(arg, t, x.Try)
		if err != nil {
			return nil, b.wrap(x.Pos, err)
		}
		return out, nil
	case *parser.FuncCall:
		return b.bindFuncCall(x, ctx)
	case *parser.ExtractExpr:
		arg, err := b.bindExpr(x.X, ctx)
		if err != nil {
			return nil, err
		}
		return b.fn(x.Pos, "date_part", &ConstExpr{Val: vector.StringValue(x.Field)}, arg)
	case *parser.SubstringExpr:
		args := []Expr{}
		for _, a := range []parser.Expr{x.X, x.From, x.For} {
			if a == nil {
				continue
			}
			v, err := b.bindExpr(a, ctx)
			if err != nil {
				return nil, err
			}
			args = append(args, v)
		}
		if x.From == nil {
			args = []Expr{args[0], &ConstExpr{Val: vector.Value{Typ: vector.BigInt, I64: 1}}, args[1]}
		}
		return b.fn(x.Pos, "substring", args...)
	case *parser.TrimExpr:
		arg, err := b.bindExpr(x.X, ctx)
		if err != nil {
			return nil, err
		}
		name := map[string]string{"leading": "ltrim", "trailing": "rtrim"}[x.Where]
		if name == "" {
			name = "trim"
		}
		args := []Expr{arg}
		if x.Chars != nil {
			ch, err := b.bindExpr(x.Chars, ctx)
			if err != nil {
				return nil, err
			}
			args = append(args, ch)
		}
		return b.fn(x.Pos, name, args...)
	case *parser.PositionExpr:
		n, err := b.bindExpr(x.Needle, ctx)
		if err != nil {
			return nil, err
		}
		h, err := b.bindExpr(x.Haystack, ctx)
		if err != nil {
			return nil, err
		}
		return b.fn(x.Pos, "strpos", h, n)
	case *parser.QuantifiedExpr:
		if x.Query == nil {
			return b.bindQuantifiedList(x, ctx)
		}
		return b.bindSubqueryExpr(e, ctx)
	case *parser.SubqueryExpr, *parser.ExistsExpr, *parser.InSubqueryExpr:
		return b.bindSubqueryExpr(e, ctx)
	case *parser.Star:
		return nil, b.errorf(x.Pos, "* is not allowed here")
	case *parser.CollateExpr:
		arg, err := b.bindExpr(x.X, ctx)
		if err != nil {
			return nil, err
		}
		return b.collate(arg, x.Collation, x.Pos)
	case *parser.ListExpr:
		return b.bindList(x, ctx)
	case *parser.StructExpr:
		return b.bindStruct(x, ctx)
	case *parser.IndexExpr:
		return b.bindIndex(x, ctx)
	}
	return nil, b.errorf(e.Position(), "%s is not supported yet", describeAST(e))
}

func describeAST(e parser.Expr) string {
	switch e.(type) {
	case *parser.ListExpr:
		return "LIST literal"
	case *parser.StructExpr:
		return "STRUCT literal"
	case *parser.IndexExpr:
		return "indexing"
	case *parser.LambdaExpr:
		return "lambda"
	case *parser.QuantifiedExpr:
		return "ANY/ALL subquery"
	}
	return "this expression"
}

// fn binds a function and folds it when all arguments are constants.
func (b *Binder) fn(pos parser.Pos, name string, args ...Expr) (Expr, error) {
	f, err := newFunc(name, args)
	if err != nil {
		return nil, b.wrap(pos, err)
	}
	folded, err := foldIfConst(f, args)
	if err != nil && b.tryDepth > 0 {
		return f, nil // inside TRY: raise (and catch) the error at run time
	}
	return folded, err
}

// wrap adds position information to an error from the engine.
func (b *Binder) wrap(pos parser.Pos, err error) error {
	if _, ok := err.(*parser.Error); ok {
		return err
	}
	msg := err.Error()
	kind := "Binder Error"
	if i := strings.Index(msg, " Error: "); i > 0 && i < 30 {
		kind = msg[:i+6]
		msg = msg[i+8:]
	}
	e := parser.Errorf(b.sql, pos, "%s", msg)
	e.Kind = kind
	return e
}

// foldIfConst evaluates f when every argument is constant.
func foldIfConst(f Expr, args []Expr) (Expr, error) {
	for _, a := range args {
		if _, ok := a.(*ConstExpr); !ok {
			return f, nil
		}
	}
	fe, ok := f.(*FuncExpr)
	if !ok || volatile(fe.Name) {
		return f, nil
	}
	folded, err := engine.FoldConstant(fe.E)
	if err != nil {
		return nil, err
	}
	if c, ok := folded.(*engine.Const); ok {
		return &ConstExpr{Val: c.Val}, nil
	}
	return f, nil
}

func volatile(name string) bool {
	switch name {
	case "random", "now", "current_timestamp", "current_date", "gen_random_uuid", "uuid", "nextval":
		return true
	}
	return false
}

func (b *Binder) bindColumn(x *parser.ColumnRef, ctx *exprCtx) (Expr, error) {
	for s := ctx.scope; s != nil; s = s.parent {
		found, _ := s.resolve(x.Parts)
		if len(found) == 1 {
			c := found[0]
			return &ColExpr{ID: c.id, Typ: c.typ, Name: c.name}, nil
		}
		if len(found) > 1 {
			var opts []string
			for _, c := range found {
				opts = append(opts, "\""+c.table+"."+c.name+"\"")
			}
			return nil, b.errorf(x.Pos, "Ambiguous reference to column name %q (use: %s)", x.Parts[len(x.Parts)-1], strings.Join(opts, " or "))
		}
	}
	if len(x.Parts) > 1 {
		if e, ok, err := b.bindFieldAccess(x, ctx); ok {
			return e, err
		}
	}
	if (len(x.Parts) == 1 || (len(x.Parts) == 2 && strings.EqualFold(x.Parts[0], "alias"))) && ctx.aliases != nil {
		// alias.x names a select-list alias explicitly.
		name := strings.ToLower(x.Parts[len(x.Parts)-1])
		if ae, ok := ctx.aliases[name]; ok && !ctx.busy[name] {
			if ctx.busy == nil {
				ctx.busy = map[string]bool{}
			}
			ctx.busy[name] = true
			e, err := b.bindExpr(ae, ctx)
			delete(ctx.busy, name)
			return e, err
		}
	}
	var cands []string
	for s := ctx.scope; s != nil; s = s.parent {
		for _, c := range s.cols {
			if len(x.Parts) > 1 {
				cands = append(cands, c.table+"."+c.name)
			} else {
				cands = append(cands, c.name)
			}
		}
	}
	name := strings.Join(x.Parts, ".")
	if len(x.Parts) > 1 {
		tbl := x.Parts[len(x.Parts)-2]
		known := false
		for s := ctx.scope; s != nil; s = s.parent {
			for _, c := range s.cols {
				if strings.EqualFold(c.table, tbl) {
					known = true
				}
			}
		}
		if !known {
			return nil, b.errorf(x.Pos, "Referenced table %q not found!", tbl)
		}
	}
	return nil, b.errorf(x.Pos, "Referenced column %q not found in FROM clause!%s", name, suggest(name, cands))
}

// bindLiteral types a literal the way DuckDB does.
func (b *Binder) bindLiteral(x *parser.Literal) (Expr, error) {
	switch x.Kind {
	case parser.LitNull:
		return &ConstExpr{Val: vector.NullValue(vector.Null)}, nil
	case parser.LitBool:
		return &ConstExpr{Val: vector.BoolValue(x.Bool)}, nil
	case parser.LitString:
		return &ConstExpr{Val: vector.StringValue(x.Value), StrLit: true}, nil
	case parser.LitInteger:
		s := strings.ReplaceAll(x.Value, "_", "")
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			// Beyond BIGINT. DuckDB types these as HUGEINT, whose values
			// lhsql stores in 64 bits, so they become DOUBLE. (Typing the
			// UBIGINT range as UBIGINT fails comparisons with signed
			// columns, which widen to the 64-bit HUGEINT.)
			f, _, perr := big.ParseFloat(s, 10, 64, big.ToNearestEven)
			if perr != nil {
				return nil, b.errorf(x.Pos, "invalid number %q", x.Value)
			}
			v, _ := f.Float64()
			return &ConstExpr{Val: vector.DoubleValue(v)}, nil
		}
		if n >= -2147483648 && n <= 2147483647 {
			return &ConstExpr{Val: vector.Value{Typ: vector.Integer, I64: n}}, nil
		}
		return &ConstExpr{Val: vector.Value{Typ: vector.BigInt, I64: n}}, nil
	case parser.LitDecimal:
		s := strings.ReplaceAll(x.Value, "_", "")
		if strings.ContainsAny(s, "eE") {
			f, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return nil, b.errorf(x.Pos, "invalid number %q", x.Value)
			}
			return &ConstExpr{Val: vector.DoubleValue(f)}, nil
		}
		neg := strings.HasPrefix(s, "-")
		digits := strings.TrimPrefix(s, "-")
		intPart, frac, _ := strings.Cut(digits, ".")
		intPart = strings.TrimLeft(intPart, "0")
		width := len(intPart) + len(frac)
		scale := len(frac)
		if width > 18 {
			f, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return nil, b.errorf(x.Pos, "invalid number %q", x.Value)
			}
			return &ConstExpr{Val: vector.DoubleValue(f)}, nil
		}
		if width == 0 {
			width = 1
		}
		if width < scale {
			width = scale
		}
		u, err := strconv.ParseInt(intPart+frac+"", 10, 64)
		if intPart+frac == "" {
			u, err = 0, nil
		}
		if err != nil {
			return nil, b.errorf(x.Pos, "invalid number %q", x.Value)
		}
		if neg {
			u = -u
		}
		return &ConstExpr{Val: vector.Value{Typ: vector.Decimal(width, scale), I64: u}}, nil
	case parser.LitTyped:
		t, err := vector.ParseTypeName(x.TypeName, nil)
		if err != nil {
			return nil, b.wrap(x.Pos, err)
		}
		v, err := b.castConst(&ConstExpr{Val: vector.StringValue(x.Value)}, t)
		if err != nil {
			return nil, b.wrap(x.Pos, err)
		}
		return &ConstExpr{Val: v}, nil
	}
	return nil, b.errorf(x.Pos, "unsupported literal")
}

func (b *Binder) bindInterval(x *parser.IntervalLit, ctx *exprCtx) (Expr, error) {
	v, err := b.bindExpr(x.Value, ctx)
	if err != nil {
		return nil, err
	}
	c, ok := v.(*ConstExpr)
	if !ok {
		if x.Unit == "" {
			return nil, b.errorf(x.Pos, "INTERVAL needs a constant")
		}
		// INTERVAL (expr) unit: multiply a one-unit interval.
		one, err := engine.ParseInterval("1 " + x.Unit)
		if err != nil {
			return nil, b.wrap(x.Pos, err)
		}
		return b.fn(x.Pos, "*", &ConstExpr{Val: vector.Value{Typ: vector.IntervalType, Iv: one}}, v)
	}
	text := c.Val.String()
	if x.Unit != "" {
		text += " " + x.Unit
	}
	iv, err := engine.ParseInterval(text)
	if err != nil {
		return nil, b.wrap(x.Pos, err)
	}
	return &ConstExpr{Val: vector.Value{Typ: vector.IntervalType, Iv: iv}}, nil
}

var binaryOps = map[string]string{
	"+": "+", "-": "-", "*": "*", "/": "/", "//": "//", "%": "%", "^": "^", "**": "^",
	"||": "||", "AND": "and", "OR": "or", "LIKE": "like", "NOT LIKE": "not like",
	"ILIKE": "ilike", "NOT ILIKE": "not ilike", "GLOB": "glob",
	"IS DISTINCT FROM": "is distinct from", "IS NOT DISTINCT FROM": "is not distinct from",
	"=": "=", "==": "=", "<>": "<>", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">=",
	"SIMILAR TO": "similar to", "NOT SIMILAR TO": "not similar to",
	"~": "regexp_full_match", "!~": "!~", "~*": "~*", "!~*": "!~*",
	"&": "&", "|": "|", "<<": "<<", ">>": ">>", "XOR": "xor",
	"->": "->", "->>": "->>",
}

func isComparison(op string) bool {
	switch op {
	case "=", "<>", "<", "<=", ">", ">=", "is distinct from", "is not distinct from":
		return true
	}
	return false
}

func (b *Binder) bindBinary(x *parser.BinaryExpr, ctx *exprCtx) (Expr, error) {
	op, ok := binaryOps[strings.ToUpper(x.Op)]
	if !ok {
		return nil, b.errorf(x.Pos, "operator %s is not supported yet", x.Op)
	}
	l, err := b.bindExpr(x.L, ctx)
	if err != nil {
		return nil, err
	}
	r, err := b.bindExpr(x.R, ctx)
	if err != nil {
		return nil, err
	}
	if isComparison(op) {
		return b.compare(op, l, r, x.Pos)
	}
	if x.Escape != nil {
		esc, err := b.bindExpr(x.Escape, ctx)
		if err != nil {
			return nil, err
		}
		out, err := b.fn(x.Pos, "like_escape", l, r, esc)
		if err != nil || op == "like" {
			return out, err
		}
		return b.fn(x.Pos, "not", out)
	}
	if op == "and" || op == "or" {
		out, err := b.fn(x.Pos, op, l, r)
		if err != nil {
			return nil, err
		}
		if op == "or" {
			return factorOr(out)
		}
		return out, nil
	}
	if isArithmetic(op) {
		if err := b.checkLiteralArith(op, l, r, x.Pos); err != nil {
			return nil, err
		}
	}
	args := coerceLiterals([]Expr{l, r})
	return b.fn(x.Pos, op, args...)
}

func isArithmetic(op string) bool {
	switch op {
	case "+", "-", "*", "/", "//", "%", "^":
		return true
	}
	return false
}

// checkLiteralArith rejects arithmetic between an untyped string literal
// and a number, which DuckDB cannot resolve to one function overload.
func (b *Binder) checkLiteralArith(op string, l, r Expr, pos parser.Pos) error {
	name := func(e Expr) (string, bool) {
		if c, ok := e.(*ConstExpr); ok && c.StrLit {
			return "STRING_LITERAL", true
		}
		if c, ok := e.(*ConstExpr); ok && c.Val.Typ.IsInteger() {
			return "INTEGER_LITERAL", false
		}
		return e.Type().String(), false
	}
	ln, lstr := name(l)
	rn, rstr := name(r)
	if lstr == rstr {
		return nil
	}
	other := r
	if rstr {
		other = l
	}
	if !other.Type().IsNumeric() {
		return nil
	}
	return b.errorf(pos, "Could not choose a best candidate function for the function call \"%s(%s, %s)\". In order to select one, please add explicit type casts.", op, ln, rn)
}

// compare binds a comparison, casting untyped string literals to the
// other side's type first.
func (b *Binder) compare(op string, l, r Expr, pos parser.Pos) (Expr, error) {
	args := coerceLiterals([]Expr{l, r})
	return b.fn(pos, op, args...)
}

// coerceLiterals casts untyped string literals to the type of the first
// non-literal argument (DuckDB's string-literal promotion).
func coerceLiterals(args []Expr) []Expr {
	var target *vector.Type
	for _, a := range args {
		if c, ok := a.(*ConstExpr); ok && (c.StrLit || c.Val.Typ.ID == vector.TypeNull) {
			continue
		}
		t := a.Type()
		target = &t
		break
	}
	if target == nil || target.IsString() {
		return args
	}
	out := make([]Expr, len(args))
	copy(out, args)
	for i, a := range args {
		c, ok := a.(*ConstExpr)
		if !ok || !c.StrLit {
			continue
		}
		if v, err := castConst(c, *target); err == nil {
			out[i] = &ConstExpr{Val: v}
		}
	}
	return out
}

func (b *Binder) bindCase(x *parser.CaseExpr, ctx *exprCtx) (Expr, error) {
	var operand Expr
	var err error
	if x.Operand != nil {
		if operand, err = b.bindExpr(x.Operand, ctx); err != nil {
			return nil, err
		}
	}
	out := &CaseExpr{}
	for _, w := range x.Whens {
		c, err := b.bindExpr(w.Cond, ctx)
		if err != nil {
			return nil, err
		}
		if operand != nil {
			if c, err = b.compare("=", operand, c, w.Cond.Position()); err != nil {
				return nil, err
			}
		}
		t, err := b.bindExpr(w.Result, ctx)
		if err != nil {
			return nil, err
		}
		out.Whens = append(out.Whens, c)
		out.Thens = append(out.Thens, t)
	}
	if x.Else != nil {
		if out.Else, err = b.bindExpr(x.Else, ctx); err != nil {
			return nil, err
		}
	}
	thens := make([]engine.Expr, len(out.Thens))
	whens := make([]engine.Expr, len(out.Whens))
	for i := range out.Thens {
		thens[i] = typingExpr(out.Thens[i])
		whens[i] = typingExpr(out.Whens[i])
	}
	var els engine.Expr
	if out.Else != nil {
		els = typingExpr(out.Else)
	}
	ce, err := engine.NewCase(whens, thens, els)
	if err != nil {
		return nil, b.wrap(x.Pos, err)
	}
	out.Typ = ce.Type()
	return out, nil
}

// typeName resolves a SQL type name, including nested types.
func (b *Binder) typeName(t *parser.TypeName) (vector.Type, error) {
	return TypeFromAST(t)
}

// bindFuncCall binds scalar and aggregate function calls.
func (b *Binder) bindFuncCall(x *parser.FuncCall, ctx *exprCtx) (Expr, error) {
	name := strings.ToLower(x.Name)
	if r, ok := b.colsSubst[x]; ok {
		return b.bindExpr(r, ctx)
	}
	if e, ok, err := b.bindMacroCall(x, ctx); ok {
		return e, err
	}
	if e, ok, err := b.bindSequenceCall(x); ok {
		return e, err
	}
	if name == "try" && x.Over == nil {
		return b.bindTry(x, ctx)
	}
	if x.Over != nil {
		return b.bindWindowCall(x, ctx)
	}
	if (name == "grouping" || name == "grouping_id") && ctx.aggs != nil && !ctx.inAgg {
		g := &groupingCall{id: b.newID()}
		for _, a := range x.Args {
			e, err := b.bindExpr(a, &exprCtx{scope: ctx.scope, aliases: ctx.aliases})
			if err != nil {
				return nil, err
			}
			g.args = append(g.args, e)
		}
		ctx.aggs.groupings = append(ctx.aggs.groupings, g)
		return &ColExpr{ID: g.id, Typ: vector.BigInt, Name: name}, nil
	}
	if engine.IsAggregate(name) {
		if ctx.aggs == nil || ctx.inAgg {
			if ctx.inAgg {
				return nil, b.errorf(x.Pos, "aggregate function calls cannot be nested")
			}
			return nil, b.errorf(x.Pos, "aggregate function calls are not allowed here")
		}
		actx := &exprCtx{scope: ctx.scope, inAgg: true, aggs: ctx.aggs}
		call := &AggCall{Name: name, Distinct: x.Distinct}
		if x.Star || (name == "count" && len(x.Args) == 0) {
			call.Name = "count_star"
		}
		for _, a := range x.Args {
			e, err := b.bindExpr(a, actx)
			if err != nil {
				return nil, err
			}
			call.Args = append(call.Args, e)
		}
		if len(actx.applies) > 0 {
			return nil, b.errorf(x.Pos, "subqueries inside aggregates are not supported yet")
		}
		if x.Filter != nil {
			f, err := b.bindExpr(x.Filter, actx)
			if err != nil {
				return nil, err
			}
			call.Filter = f
		}
		types := make([]vector.Type, len(call.Args))
		for i, a := range call.Args {
			types[i] = a.Type()
		}
		t, err := engine.AggResultType(call.Name, types, call.Distinct)
		if err != nil {
			return nil, b.wrap(x.Pos, err)
		}
		call.Typ = t
		if err := b.bindAggOrder(x, call, actx); err != nil {
			return nil, err
		}
		call.ID = b.newID()
		return ctx.aggs.add(call), nil
	}
	if e, ok, err := b.bindNestedCall(x, ctx); ok {
		return e, err
	}
	var args []Expr
	for _, a := range x.Args {
		e, err := b.bindExpr(a, ctx)
		if err != nil {
			return nil, err
		}
		args = append(args, e)
	}
	switch name {
	case "coalesce", "greatest", "least", "nullif", "ifnull":
		args = coerceLiterals(args)
	case "current_setting", "getvariable":
		return b.sessionValue(x, name, args)
	}
	if !engine.IsKnownFunction(name) {
		e := parser.Errorf(b.sql, x.Pos, "Scalar Function with name %s does not exist!%s", name, suggest(name, engine.FunctionNames()))
		e.Kind = "Catalog Error"
		return nil, e
	}
	return b.fn(x.Pos, name, args...)
}

// sessionValue binds current_setting('name') and getvariable('name') to
// the session's value at bind time.
func (b *Binder) sessionValue(x *parser.FuncCall, name string, args []Expr) (Expr, error) {
	if len(args) != 1 {
		return nil, b.errorf(x.Pos, "%s expects one argument", name)
	}
	c, ok := args[0].(*ConstExpr)
	if !ok || !c.Val.Typ.IsString() {
		return nil, b.errorf(x.Pos, "%s needs a constant string argument", name)
	}
	kind := "setting"
	if name == "getvariable" {
		kind = "variable"
	}
	if b.Lookup != nil {
		if v, ok := b.Lookup(kind, c.Val.Str); ok {
			return &ConstExpr{Val: v}, nil
		}
	}
	if kind == "variable" {
		return &ConstExpr{Val: vector.NullValue(vector.Null)}, nil
	}
	return nil, b.errorf(x.Pos, "Catalog Error: unrecognized configuration parameter %q", c.Val.Str)
}

// collate applies a collation by normalizing the string: comparisons,
// grouping and ordering on the result then follow the collation. NOCASE
// folds case; NOACCENT removes accents; C, POSIX and BINARY compare bytes.
func (b *Binder) collate(arg Expr, collation string, pos parser.Pos) (Expr, error) {
	out := arg
	for _, c := range strings.Split(strings.ToLower(collation), ".") {
		switch c {
		case "nocase":
			f, err := b.fn(pos, "lower", out)
			if err != nil {
				return nil, err
			}
			out = f
		case "noaccent":
			if !engine.IsKnownFunction("strip_accents") {
				return nil, b.errorf(pos, "collation NOACCENT is not supported yet")
			}
			f, err := b.fn(pos, "strip_accents", out)
			if err != nil {
				return nil, err
			}
			out = f
		case "c", "posix", "binary", "":
		default:
			return nil, b.errorf(pos, "Catalog Error: Collation with name %s does not exist!", c)
		}
	}
	if !out.Type().IsString() {
		return nil, b.errorf(pos, "collations are only supported for VARCHAR, not %s", arg.Type())
	}
	return out, nil
}

// bindQuantifiedList binds x op ANY (list) / x op ALL (list) (SOME is
// ANY), where list is a LIST expression rather than a subquery. DuckDB
// defines it as x op ANY (SELECT unnest(list)); engine.BindFunc binds the
// equivalent per-row function, which needs no join.
func (b *Binder) bindQuantifiedList(x *parser.QuantifiedExpr, ctx *exprCtx) (Expr, error) {
	op, ok := binaryOps[strings.ToUpper(x.Op)]
	name, ok2 := engine.QuantifiedName(op, x.All)
	if !ok || !ok2 {
		return nil, b.errorf(x.Pos, "Unsupported comparison %q for ANY/ALL", x.Op)
	}
	l, err := b.bindExpr(x.X, ctx)
	if err != nil {
		return nil, err
	}
	r, err := b.bindExpr(x.Array, ctx)
	if err != nil {
		return nil, err
	}
	return b.fn(x.Pos, name, l, r)
}
