package engine

import (
	"fmt"
	"strings"
	"time"

	"github.com/lhsql/lhsql/storage"
)

// Explain renders the plan as an indented operator tree.
func Explain(root Node) string {
	var b strings.Builder
	explainNode(&b, root, 0, nil, map[*ScanNode]*scanNotes{})
	return b.String()
}

// ExplainAnalyze renders the plan with the row counts and times of a
// finished execution.
func ExplainAnalyze(root Node, st *Stats) string {
	var b strings.Builder
	explainNode(&b, root, 0, st, map[*ScanNode]*scanNotes{})
	if st != nil {
		fmt.Fprintf(&b, "Total Time: %s\n", st.Total.Round(time.Microsecond))
	}
	return b.String()
}

func joinKindName(k JoinKind) string {
	switch k {
	case JoinInner:
		return "INNER"
	case JoinLeft:
		return "LEFT"
	case JoinRight:
		return "RIGHT"
	case JoinFull:
		return "FULL"
	case JoinSemi:
		return "SEMI"
	case JoinAnti:
		return "ANTI"
	case JoinMark:
		return "MARK"
	case JoinRightSemi:
		return "RIGHT_SEMI"
	case JoinRightAnti:
		return "RIGHT_ANTI"
	}
	return fmt.Sprintf("KIND(%d)", k)
}

func exprList(es []Expr) string {
	parts := make([]string, len(es))
	for i, e := range es {
		if e == nil {
			parts[i] = "<nil>"
			continue
		}
		parts[i] = e.String()
	}
	return strings.Join(parts, ", ")
}

func filterOpString(op storage.CmpOp) string {
	switch op {
	case storage.OpEq:
		return "="
	case storage.OpNe:
		return "!="
	case storage.OpLt:
		return "<"
	case storage.OpLe:
		return "<="
	case storage.OpGt:
		return ">"
	case storage.OpGe:
		return ">="
	case storage.OpIn:
		return "IN"
	case storage.OpIsNull:
		return "IS NULL"
	case storage.OpIsNotNull:
		return "IS NOT NULL"
	}
	return "?"
}

// scanColName names output column i of scan n.
func scanColName(n *ScanNode, i int) string {
	if i >= 0 && i < len(n.Spec.Columns) && n.Table != nil {
		if c := n.Spec.Columns[i]; c >= 0 && c < len(n.Table.Schema()) {
			return n.Table.Schema()[c].Name
		}
	}
	return fmt.Sprintf("#%d", i)
}

func scanLine(n *ScanNode) string {
	var schema []storage.Column
	if n.Table != nil {
		schema = n.Table.Schema()
	}
	colName := func(i int) string {
		if i >= 0 && i < len(schema) {
			return schema[i].Name
		}
		return fmt.Sprintf("#%d", i)
	}
	var b strings.Builder
	b.WriteString("SEQ_SCAN")
	if n.Label != "" {
		b.WriteString(" " + n.Label)
	}
	cols := make([]string, len(n.Spec.Columns))
	for i, c := range n.Spec.Columns {
		cols[i] = colName(c)
	}
	fmt.Fprintf(&b, " columns: [%s]", strings.Join(cols, ", "))
	if len(n.Spec.Filters) > 0 {
		fs := make([]string, len(n.Spec.Filters))
		for i, f := range n.Spec.Filters {
			switch f.Op {
			case storage.OpIsNull, storage.OpIsNotNull:
				fs[i] = colName(f.Col) + " " + filterOpString(f.Op)
			case storage.OpIn:
				vs := make([]string, len(f.Values))
				for k, v := range f.Values {
					vs[k] = (&Const{Val: v}).String()
				}
				fs[i] = fmt.Sprintf("%s IN (%s)", colName(f.Col), strings.Join(vs, ", "))
			default:
				fs[i] = fmt.Sprintf("%s %s %s", colName(f.Col), filterOpString(f.Op), (&Const{Val: f.Value}).String())
			}
		}
		fmt.Fprintf(&b, " filters: [%s]", strings.Join(fs, " AND "))
	}
	return b.String()
}

func aggString(a *AggExpr) string {
	var b strings.Builder
	b.WriteString(a.Name)
	b.WriteByte('(')
	if a.Distinct {
		b.WriteString("DISTINCT ")
	}
	b.WriteString(exprList(a.Args[:len(a.Args)-len(a.Order)]))
	b.WriteString(aggOrderString(a))
	b.WriteByte(')')
	if a.Filter != nil {
		b.WriteString(" FILTER (WHERE " + a.Filter.String() + ")")
	}
	return b.String()
}

// scanNotes are the runtime filters a scan receives from the operators
// above it: join keys ("column = build key", joinFilterFor), the bound
// of a top-N on a column (topNFilterFor), and filter conditions it may
// evaluate itself (scanPredicates).
type scanNotes struct {
	joins, topN, preds []string
}

// note returns the notes of scan s, creating them.
func note(jf map[*ScanNode]*scanNotes, s *ScanNode) *scanNotes {
	if jf[s] == nil {
		jf[s] = &scanNotes{}
	}
	return jf[s]
}

// explainNode renders n and its inputs at depth. jf collects, for each
// scan below an operator already rendered, the runtime filters it gets.
func explainNode(b *strings.Builder, n Node, depth int, st *Stats, jf map[*ScanNode]*scanNotes) {
	ind := strings.Repeat("  ", depth)
	var line string
	var kids []Node
	switch n := n.(type) {
	case *ScanNode:
		line = scanLine(n)
		if ns := jf[n]; ns != nil {
			if len(ns.preds) > 0 {
				line += " predicates: [" + strings.Join(ns.preds, " AND ") + "]"
			}
			if len(ns.joins) > 0 {
				line += " join filters: [" + strings.Join(ns.joins, ", ") + "]"
			}
			if len(ns.topN) > 0 {
				line += " top-n bound: [" + strings.Join(ns.topN, ", ") + "]"
			}
		}
	case *FilterNode:
		line, kids = "FILTER "+n.Pred.String(), []Node{n.Input}
		if scan, ok := n.Input.(*ScanNode); ok {
			for _, p := range scanPredicates(n.Pred, scan) {
				ns := note(jf, scan)
				ns.preds = append(ns.preds, p.expr.String())
			}
		}
	case *ProjectNode:
		parts := make([]string, len(n.Exprs))
		for i, e := range n.Exprs {
			parts[i] = e.String()
			if i < len(n.Names) && n.Names[i] != "" && n.Names[i] != parts[i] {
				parts[i] += " AS " + n.Names[i]
			}
		}
		line, kids = "PROJECTION "+strings.Join(parts, ", "), []Node{n.Input}
	case *HashJoinNode:
		conds := make([]string, len(n.LeftKeys))
		for i := range n.LeftKeys {
			conds[i] = n.LeftKeys[i].String() + " = " + n.RightKeys[i].String()
		}
		line = "HASH_JOIN " + joinKindName(n.Kind) + " " + strings.Join(conds, " AND ")
		if scan, t, ok := joinFilterFor(n); ok {
			keys := t.keys
			if keys == nil {
				keys = make([]int, len(n.RightKeys))
				for i := range keys {
					keys[i] = i
				}
			}
			for i, k := range keys {
				ns := note(jf, scan)
				ns.joins = append(ns.joins, scanColName(scan, t.cols[i])+" = "+n.RightKeys[k].String())
			}
		}
		if n.Residual != nil {
			line += " residual: " + n.Residual.String()
		}
		kids = []Node{n.Left, n.Right}
	case *NestedLoopJoinNode:
		line = "NESTED_LOOP_JOIN " + joinKindName(n.Kind)
		if n.Cond != nil {
			line += " " + n.Cond.String()
		} else {
			line = "CROSS_PRODUCT"
			if n.Kind != JoinInner {
				line += " " + joinKindName(n.Kind)
			}
		}
		kids = []Node{n.Left, n.Right}
	case *HashAggNode:
		aggs := make([]string, len(n.Aggs))
		for i := range n.Aggs {
			aggs[i] = aggString(&n.Aggs[i])
		}
		if len(n.Groups) == 0 {
			line = "UNGROUPED_AGGREGATE " + strings.Join(aggs, ", ")
		} else {
			line = fmt.Sprintf("HASH_GROUP_BY groups: [%s] aggregates: [%s]", exprList(n.Groups), strings.Join(aggs, ", "))
		}
		kids = []Node{n.Input}
	case *SortNode:
		keys := make([]string, len(n.Keys))
		for i, k := range n.Keys {
			s := k.Expr.String()
			if k.Desc {
				s += " DESC"
			} else {
				s += " ASC"
			}
			if k.NullsFirst {
				s += " NULLS FIRST"
			} else {
				s += " NULLS LAST"
			}
			keys[i] = s
		}
		if _, scan, col := topNFilterFor(n); scan != nil {
			ns := note(jf, scan)
			ns.topN = append(ns.topN, scanColName(scan, col))
		}
		if n.Limit >= 0 {
			line = fmt.Sprintf("TOP_N %d", n.Limit)
			if n.Offset > 0 {
				line += fmt.Sprintf(" OFFSET %d", n.Offset)
			}
			line += " " + strings.Join(keys, ", ")
		} else {
			line = "ORDER_BY " + strings.Join(keys, ", ")
		}
		kids = []Node{n.Input}
	case *LimitNode:
		if n.Limit >= 0 {
			line = fmt.Sprintf("LIMIT %d", n.Limit)
		} else {
			line = "LIMIT ALL"
		}
		if n.Offset > 0 {
			line += fmt.Sprintf(" OFFSET %d", n.Offset)
		}
		kids = []Node{n.Input}
	case *UnionAllNode:
		line, kids = "UNION_ALL", n.Inputs
	case *SetOpNode:
		line = "INTERSECT"
		if n.Op == SetExcept {
			line = "EXCEPT"
		}
		if n.All {
			line += " ALL"
		}
		kids = []Node{n.Left, n.Right}
	case *ValuesNode:
		rows := 0
		for _, c := range n.Chunks {
			if c != nil {
				rows += c.Rows()
			}
		}
		line = fmt.Sprintf("VALUES %d rows", rows)
	case *SingleRowNode:
		line, kids = "SINGLE_ROW", []Node{n.Input}
	case *WindowNode:
		line, kids = windowLine(n), []Node{n.Input}
	case *CTENode:
		line, kids = fmt.Sprintf("CTE_MATERIALIZE %s (#%d)", n.Name, n.ID), []Node{n.Def, n.Input}
	case *CTEScanNode:
		cols := make([]string, len(n.Cols))
		for i, c := range n.Cols {
			cols[i] = fmt.Sprintf("#%d", c)
		}
		line = fmt.Sprintf("CTE_SCAN %s (#%d) columns: [%s]", n.Name, n.ID, strings.Join(cols, ", "))
	case nil:
		line = "<nil>"
	default:
		line = fmt.Sprintf("%T", n)
	}
	b.WriteString(ind)
	b.WriteString(line)
	if st != nil && n != nil {
		o := st.Get(n)
		fmt.Fprintf(b, "  (rows=%d", o.Rows)
		if o.Time > 0 {
			fmt.Fprintf(b, ", time=%s", o.Time.Round(time.Microsecond))
		}
		if o.Scan != nil {
			b.WriteString(", " + o.Scan.String())
		}
		b.WriteByte(')')
	}
	b.WriteByte('\n')
	for _, k := range kids {
		explainNode(b, k, depth+1, st, jf)
	}
}
