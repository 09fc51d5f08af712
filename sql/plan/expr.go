// Package plan binds parsed statements into logical plans, optimizes them
// and lowers them to engine physical plans.
//
// Logical operators name their output columns with plan-wide unique
// ColumnIDs; expressions refer to columns by ID, so rules may move
// operators and predicates freely. Lowering maps IDs to positions.
package plan

import (
	"fmt"
	"sort"
	"strings"

	"github.com/lhsql/lhsql/engine"
	"github.com/lhsql/lhsql/vector"
)

// ColumnID identifies a column produced somewhere in a plan.
type ColumnID int32

// Expr is a bound logical expression.
type Expr interface {
	Type() vector.Type
	String() string
}

// ColExpr references a column by ID.
type ColExpr struct {
	ID   ColumnID
	Typ  vector.Type
	Name string
}

// ConstExpr is a constant. StrLit marks an untyped string literal, which
// DuckDB implicitly casts to the type of the other operand.
type ConstExpr struct {
	Val    vector.Value
	StrLit bool
}

// FuncExpr is a scalar function or operator resolved by engine.BindFunc.
// E is the engine expression bound at bind time (used for its type).
type FuncExpr struct {
	Name string
	Args []Expr
	E    engine.Expr
}

// CastExpr converts X to To.
type CastExpr struct {
	X   Expr
	To  vector.Type
	Try bool
}

// CaseExpr is a searched CASE with a unified result type.
type CaseExpr struct {
	Whens, Thens []Expr
	Else         Expr
	Typ          vector.Type
}

// Type implements Expr.
func (e *ColExpr) Type() vector.Type { return e.Typ }

// Type implements Expr.
func (e *ConstExpr) Type() vector.Type { return e.Val.Typ }

// Type implements Expr.
func (e *FuncExpr) Type() vector.Type { return e.E.Type() }

// Type implements Expr.
func (e *CastExpr) Type() vector.Type { return e.To }

// Type implements Expr.
func (e *CaseExpr) Type() vector.Type { return e.Typ }

func (e *ColExpr) String() string {
	if e.Name != "" {
		return e.Name
	}
	return fmt.Sprintf("#%d", e.ID)
}

func (e *ConstExpr) String() string {
	if e.Val.Typ.IsString() && !e.Val.Null {
		return "'" + strings.ReplaceAll(e.Val.Str, "'", "''") + "'"
	}
	return e.Val.String()
}

func (e *FuncExpr) String() string {
	args := make([]string, len(e.Args))
	for i, a := range e.Args {
		args[i] = a.String()
	}
	if len(args) == 2 && isOperator(e.Name) {
		return "(" + args[0] + " " + strings.ToUpper(e.Name) + " " + args[1] + ")"
	}
	return e.Name + "(" + strings.Join(args, ", ") + ")"
}

func (e *CastExpr) String() string {
	return "CAST(" + e.X.String() + " AS " + e.To.String() + ")"
}

func (e *CaseExpr) String() string {
	var b strings.Builder
	b.WriteString("CASE")
	for i := range e.Whens {
		b.WriteString(" WHEN " + e.Whens[i].String() + " THEN " + e.Thens[i].String())
	}
	if e.Else != nil {
		b.WriteString(" ELSE " + e.Else.String())
	}
	b.WriteString(" END")
	return b.String()
}

func isOperator(name string) bool {
	switch name {
	case "+", "-", "*", "/", "//", "%", "^", "=", "<>", "<", "<=", ">", ">=", "||",
		"and", "or", "like", "not like", "ilike", "not ilike", "glob",
		"is distinct from", "is not distinct from":
		return true
	}
	return false
}

// walk calls f for e and every sub-expression, parents first.
func walk(e Expr, f func(Expr)) {
	f(e)
	switch x := e.(type) {
	case *FuncExpr:
		for _, a := range x.Args {
			walk(a, f)
		}
	case *CastExpr:
		walk(x.X, f)
	case *CaseExpr:
		for i := range x.Whens {
			walk(x.Whens[i], f)
			walk(x.Thens[i], f)
		}
		if x.Else != nil {
			walk(x.Else, f)
		}
	}
}

// colSet is a set of column IDs.
type colSet map[ColumnID]struct{}

func (s colSet) add(id ColumnID) { s[id] = struct{}{} }

func (s colSet) has(id ColumnID) bool { _, ok := s[id]; return ok }

func (s colSet) addAll(o colSet) {
	for id := range o {
		s[id] = struct{}{}
	}
}

// subsetOf reports whether every column of s is in o.
func (s colSet) subsetOf(o colSet) bool {
	for id := range s {
		if !o.has(id) {
			return false
		}
	}
	return true
}

// exprCols returns the columns e references.
func exprCols(e Expr) colSet {
	s := colSet{}
	walk(e, func(x Expr) {
		if c, ok := x.(*ColExpr); ok {
			s.add(c.ID)
		}
	})
	return s
}

// rewrite returns e with every sub-expression replaced by f's result when
// f returns non-nil (children are not visited for replaced nodes).
// Function nodes are rebound so types stay consistent.
func rewrite(e Expr, f func(Expr) Expr) (Expr, error) {
	if r := f(e); r != nil {
		return r, nil
	}
	switch x := e.(type) {
	case *FuncExpr:
		args := make([]Expr, len(x.Args))
		changed := false
		for i, a := range x.Args {
			na, err := rewrite(a, f)
			if err != nil {
				return nil, err
			}
			args[i] = na
			changed = changed || na != a
		}
		if !changed {
			return e, nil
		}
		return newFunc(x.Name, args)
	case *CastExpr:
		nx, err := rewrite(x.X, f)
		if err != nil {
			return nil, err
		}
		if nx == x.X {
			return e, nil
		}
		return &CastExpr{X: nx, To: x.To, Try: x.Try}, nil
	case *CaseExpr:
		out := &CaseExpr{Typ: x.Typ, Whens: make([]Expr, len(x.Whens)), Thens: make([]Expr, len(x.Thens))}
		var err error
		for i := range x.Whens {
			if out.Whens[i], err = rewrite(x.Whens[i], f); err != nil {
				return nil, err
			}
			if out.Thens[i], err = rewrite(x.Thens[i], f); err != nil {
				return nil, err
			}
		}
		if x.Else != nil {
			if out.Else, err = rewrite(x.Else, f); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	return e, nil
}

// replaceCols substitutes columns by expressions.
func replaceCols(e Expr, m map[ColumnID]Expr) (Expr, error) {
	return rewrite(e, func(x Expr) Expr {
		if c, ok := x.(*ColExpr); ok {
			if r, ok := m[c.ID]; ok {
				return r
			}
		}
		return nil
	})
}

// newFunc binds a scalar function or operator over logical arguments.
func newFunc(name string, args []Expr) (*FuncExpr, error) {
	eargs := make([]engine.Expr, len(args))
	for i, a := range args {
		eargs[i] = typingExpr(a)
	}
	e, err := engine.BindFunc(name, eargs)
	if err != nil {
		return nil, err
	}
	return &FuncExpr{Name: name, Args: args, E: e}, nil
}

// typingExpr converts a logical expression to an engine expression good
// enough for type resolution (column references point at slot 0).
func typingExpr(e Expr) engine.Expr {
	switch x := e.(type) {
	case *FuncExpr:
		return x.E
	case *ConstExpr:
		return &engine.Const{Val: x.Val}
	}
	return &engine.ColRef{Idx: 0, Typ: e.Type(), Name: e.String()}
}

// key returns a canonical string for structural comparison of expressions.
func key(e Expr) string {
	switch x := e.(type) {
	case *ColExpr:
		return fmt.Sprintf("#%d", x.ID)
	case *ConstExpr:
		return x.Val.Typ.String() + ":" + x.String()
	case *FuncExpr:
		parts := make([]string, len(x.Args))
		for i, a := range x.Args {
			parts[i] = key(a)
		}
		return x.Name + "(" + strings.Join(parts, ",") + ")"
	case *CastExpr:
		return "cast(" + key(x.X) + "," + x.To.String() + ")"
	case *CaseExpr:
		var b strings.Builder
		b.WriteString("case(")
		for i := range x.Whens {
			b.WriteString(key(x.Whens[i]) + "," + key(x.Thens[i]) + ";")
		}
		if x.Else != nil {
			b.WriteString(key(x.Else))
		}
		b.WriteString(")")
		return b.String()
	}
	return fmt.Sprintf("%p", e)
}

// conjuncts splits e on AND.
func conjuncts(e Expr) []Expr {
	if f, ok := e.(*FuncExpr); ok && f.Name == "and" {
		var out []Expr
		for _, a := range f.Args {
			out = append(out, conjuncts(a)...)
		}
		return out
	}
	return []Expr{e}
}

// disjuncts splits e on OR.
func disjuncts(e Expr) []Expr {
	if f, ok := e.(*FuncExpr); ok && f.Name == "or" {
		var out []Expr
		for _, a := range f.Args {
			out = append(out, disjuncts(a)...)
		}
		return out
	}
	return []Expr{e}
}

// andAll combines predicates with AND; nil for none.
func andAll(preds []Expr) (Expr, error) {
	if len(preds) == 0 {
		return nil, nil
	}
	out := preds[0]
	for _, p := range preds[1:] {
		f, err := newFunc("and", []Expr{out, p})
		if err != nil {
			return nil, err
		}
		out = f
	}
	return out, nil
}

// orAll combines predicates with OR.
func orAll(preds []Expr) (Expr, error) {
	out := preds[0]
	for _, p := range preds[1:] {
		f, err := newFunc("or", []Expr{out, p})
		if err != nil {
			return nil, err
		}
		out = f
	}
	return out, nil
}

// factorOr rewrites (a AND b) OR (a AND c) into a AND (b OR c), pulling out
// conjuncts common to every branch so they can become join keys or be
// pushed down.
func factorOr(e Expr) (Expr, error) {
	branches := disjuncts(e)
	if len(branches) < 2 {
		return e, nil
	}
	sets := make([][]Expr, len(branches))
	for i, b := range branches {
		sets[i] = conjuncts(b)
	}
	var common []Expr
	for _, c := range sets[0] {
		k := key(c)
		inAll := true
		for _, s := range sets[1:] {
			found := false
			for _, d := range s {
				if key(d) == k {
					found = true
					break
				}
			}
			if !found {
				inAll = false
				break
			}
		}
		if inAll {
			dup := false
			for _, x := range common {
				if key(x) == k {
					dup = true
				}
			}
			if !dup {
				common = append(common, c)
			}
		}
	}
	if len(common) == 0 {
		return e, nil
	}
	ck := map[string]bool{}
	for _, c := range common {
		ck[key(c)] = true
	}
	var rest []Expr
	for _, s := range sets {
		var keep []Expr
		for _, c := range s {
			if !ck[key(c)] {
				keep = append(keep, c)
			}
		}
		if len(keep) == 0 {
			// One branch is implied entirely by the common part: the OR is true.
			return andAll(common)
		}
		r, err := andAll(keep)
		if err != nil {
			return nil, err
		}
		rest = append(rest, r)
	}
	or, err := orAll(rest)
	if err != nil {
		return nil, err
	}
	return andAll(append(common, or))
}

func sortedIDs(s colSet) []ColumnID {
	out := make([]ColumnID, 0, len(s))
	for id := range s {
		out = append(out, id)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
