package parser

import (
	"fmt"
	"strings"
)

// sx renders an expression as a compact S-expression so tests can state
// the expected tree (and so precedence) in one string.
func sx(e Expr) string {
	switch e := e.(type) {
	case nil:
		return "nil"
	case *ColumnRef:
		return strings.Join(e.Parts, ".")
	case *Star:
		s := "*"
		if e.Table != "" {
			s = e.Table + ".*"
		}
		if len(e.Exclude) > 0 {
			s += " exclude(" + strings.Join(e.Exclude, ",") + ")"
		}
		for _, r := range e.Replace {
			s += " replace(" + sx(r.Expr) + " as " + r.Alias + ")"
		}
		for _, r := range e.Rename {
			s += " rename(" + sx(r.Expr) + " as " + r.Alias + ")"
		}
		return s
	case *Literal:
		switch e.Kind {
		case LitNull:
			return "NULL"
		case LitBool:
			return fmt.Sprint(e.Bool)
		case LitString:
			return "'" + e.Value + "'"
		case LitTyped:
			return e.TypeName + "'" + e.Value + "'"
		}
		return e.Value
	case *IntervalLit:
		return "(interval " + sx(e.Value) + " " + e.Unit + ")"
	case *Param:
		if e.Name != "" {
			return "$" + e.Name
		}
		return fmt.Sprintf("$%d", e.Index)
	case *PositionalRef:
		return fmt.Sprintf("#%d", e.Index)
	case *UnaryExpr:
		return "(" + e.Op + " " + sx(e.X) + ")"
	case *BinaryExpr:
		s := "(" + e.Op + " " + sx(e.L) + " " + sx(e.R)
		if e.Escape != nil {
			s += " escape " + sx(e.Escape)
		}
		return s + ")"
	case *IsNullExpr:
		if e.Not {
			return "(isnotnull " + sx(e.X) + ")"
		}
		return "(isnull " + sx(e.X) + ")"
	case *IsBoolExpr:
		return fmt.Sprintf("(is%s %v %s)", map[bool]string{true: "not"}[e.Not], e.Value, sx(e.X))
	case *BetweenExpr:
		return fmt.Sprintf("(%sbetween %s %s %s)", map[bool]string{true: "not"}[e.Not], sx(e.X), sx(e.Lo), sx(e.Hi))
	case *InListExpr:
		return fmt.Sprintf("(%sin %s [%s])", map[bool]string{true: "not"}[e.Not], sx(e.X), sxList(e.List))
	case *InSubqueryExpr:
		return fmt.Sprintf("(%sin %s subquery)", map[bool]string{true: "not"}[e.Not], sx(e.X))
	case *ExistsExpr:
		return fmt.Sprintf("(%sexists)", map[bool]string{true: "not"}[e.Not])
	case *SubqueryExpr:
		return "(subquery)"
	case *QuantifiedExpr:
		q := "any"
		if e.All {
			q = "all"
		}
		if e.Array != nil {
			return fmt.Sprintf("(%s %s %s %s)", e.Op, q, sx(e.X), sx(e.Array))
		}
		return fmt.Sprintf("(%s %s %s subquery)", e.Op, q, sx(e.X))
	case *CaseExpr:
		s := "(case"
		if e.Operand != nil {
			s += " " + sx(e.Operand)
		}
		for _, w := range e.Whens {
			s += " (when " + sx(w.Cond) + " " + sx(w.Result) + ")"
		}
		if e.Else != nil {
			s += " (else " + sx(e.Else) + ")"
		}
		return s + ")"
	case *CastExpr:
		op := "cast"
		if e.Try {
			op = "try_cast"
		}
		return "(" + op + " " + sx(e.X) + " " + sxType(e.To) + ")"
	case *FuncCall:
		s := "(" + e.Name
		if e.Unpack {
			s = "(*" + e.Name
		}
		if e.Distinct {
			s += " distinct"
		}
		if e.Star {
			s += " *"
		}
		for _, a := range e.Args {
			s += " " + sx(a)
		}
		for _, n := range e.Named {
			s += " " + n.Name + ":=" + sx(n.Value)
		}
		if len(e.OrderBy) > 0 {
			s += " order by " + sxOrder(e.OrderBy)
		}
		if e.IgnoreNulls {
			s += " ignore nulls"
		}
		if e.Filter != nil {
			s += " filter " + sx(e.Filter)
		}
		if e.Over != nil {
			s += " over " + sxWindow(e.Over)
		}
		return s + ")"
	case *ExtractExpr:
		return "(extract " + e.Field + " " + sx(e.X) + ")"
	case *SubstringExpr:
		return "(substring " + sx(e.X) + " " + sx(e.From) + " " + sx(e.For) + ")"
	case *TrimExpr:
		return "(trim " + e.Where + " " + sx(e.Chars) + " " + sx(e.X) + ")"
	case *PositionExpr:
		return "(position " + sx(e.Needle) + " " + sx(e.Haystack) + ")"
	case *ListExpr:
		return "[" + sxList(e.Items) + "]"
	case *StructExpr:
		var parts []string
		for i := range e.Names {
			parts = append(parts, e.Names[i]+": "+sx(e.Values[i]))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case *IndexExpr:
		if e.Slice {
			s := "(slice " + sx(e.X) + " " + sx(e.Index) + " " + sx(e.Hi)
			if e.Step != nil {
				s += " " + sx(e.Step)
			}
			return s + ")"
		}
		return "(index " + sx(e.X) + " " + sx(e.Index) + ")"
	case *LambdaExpr:
		return "(lambda (" + strings.Join(e.Params, ",") + ") " + sx(e.Body) + ")"
	case *CollateExpr:
		return "(collate " + sx(e.X) + " " + e.Collation + ")"
	case *DefaultExpr:
		return "DEFAULT"
	case *GroupingSet:
		var sets []string
		for _, s := range e.Sets {
			sets = append(sets, "("+sxList(s)+")")
		}
		return "(" + e.Kind + " " + strings.Join(sets, " ") + ")"
	}
	return fmt.Sprintf("<%T>", e)
}

func sxList(l []Expr) string {
	var parts []string
	for _, e := range l {
		parts = append(parts, sx(e))
	}
	return strings.Join(parts, " ")
}

func sxOrder(items []*OrderItem) string {
	var parts []string
	for _, it := range items {
		s := sx(it.Expr)
		if it.Desc {
			s += " desc"
		}
		if it.NullsFirst != nil {
			if *it.NullsFirst {
				s += " nulls first"
			} else {
				s += " nulls last"
			}
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

func sxWindow(w *WindowDef) string {
	s := "("
	if w.Name != "" {
		s += "name=" + w.Name + " "
	}
	if w.Ref != "" {
		s += "ref=" + w.Ref + " "
	}
	if len(w.PartitionBy) > 0 {
		s += "partition " + sxList(w.PartitionBy) + " "
	}
	if len(w.OrderBy) > 0 {
		s += "order " + sxOrder(w.OrderBy) + " "
	}
	if f := w.Frame; f != nil {
		s += f.Mode + " " + sxBound(f.Start)
		if f.End != nil {
			s += " to " + sxBound(f.End)
		}
		if f.Exclude != "" {
			s += " exclude " + f.Exclude
		}
	}
	return strings.TrimSpace(s) + ")"
}

func sxBound(b *FrameBound) string {
	if b.Offset != nil {
		return sx(b.Offset) + " " + b.Kind
	}
	return b.Kind
}

func sxType(t *TypeName) string {
	if t == nil {
		return "nil"
	}
	s := t.Name
	if len(t.Params) > 0 {
		s += fmt.Sprint(t.Params)
	}
	if t.KeyType != nil {
		s += "(" + sxType(t.KeyType) + "," + sxType(t.ValType) + ")"
	}
	if len(t.Fields) > 0 {
		var f []string
		for _, c := range t.Fields {
			f = append(f, c.Name+" "+sxType(c.Type))
		}
		s += "(" + strings.Join(f, ",") + ")"
	}
	for _, n := range t.ArraySizes {
		if n == 0 {
			s += "[]"
		} else {
			s += fmt.Sprintf("[%d]", n)
		}
	}
	return s
}
