package engine

import (
	"context"
	"slices"
	"sync/atomic"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// Filter conditions evaluated in the scan: each conjunct of a filter right
// above a scan that the filter's own column-versus-constant kernels do not
// cover (string comparisons, LIKE, IN lists, expressions over columns) is
// handed to the scan as a storage.RowPredicate. A scan that evaluates it
// does so on the columns the condition reads, before decoding the scan's
// other columns, so rows that fail are never decoded in them. The filter
// above still applies the whole predicate: a condition that passes nearly
// every row stops being evaluated in the scan.

// scanPredicate is one filter conjunct over the output columns of a scan.
type scanPredicate struct {
	expr  Expr
	cols  []int // output columns expr reads, ascending
	width int   // output columns of the scan

	seen, passed atomic.Int64
	off          atomic.Bool
}

// scanPredMinRows is how many rows a scan predicate inspects before it may
// stop for passing almost everything.
const scanPredMinRows = 1 << 16

// execCtxKey is the context key under which a scan's ReadMorsel receives
// the ExecCtx of the worker that called it (scanSource.readMorsel).
type execCtxKey struct{}

// scanPredicates returns the conjuncts of pred, a filter over the rows of
// scan, that the scan may evaluate: deterministic ones of expression kinds
// known here, reading at least one column, and not a comparison of a
// column with a constant (the scan gets those as storage.Filter).
func scanPredicates(pred Expr, scan *ScanNode) []*scanPredicate {
	var out []*scanPredicate
	width := len(scan.Spec.Columns)
	for _, e := range splitAnd(pred, nil) {
		if compileConj(e).simple {
			continue
		}
		cols := map[int]bool{}
		if !scanEvaluable(e, cols) || len(cols) == 0 {
			continue
		}
		p := &scanPredicate{expr: e, width: width}
		for c := range cols {
			if c < 0 || c >= width {
				p = nil
				break
			}
			p.cols = append(p.cols, c)
		}
		if p != nil {
			slices.Sort(p.cols)
			out = append(out, p)
		}
	}
	return out
}

// scanEvaluable adds to cols the columns e reads and reports whether a
// scan may evaluate e: it is deterministic and made only of expression
// kinds listed here.
func scanEvaluable(e Expr, cols map[int]bool) bool {
	all := func(es []Expr) bool {
		for _, a := range es {
			if !scanEvaluable(a, cols) {
				return false
			}
		}
		return true
	}
	switch x := e.(type) {
	case *Const:
		return true
	case *ColRef:
		cols[x.Idx] = true
		return true
	case *FuncExpr:
		return !x.volatile && x.fn != nil && all(x.Args)
	case *CastExpr:
		return scanEvaluable(x.X, cols)
	case *CaseExpr:
		return all(x.Whens) && all(x.Thens) && scanEvaluable(x.Else, cols)
	case *CoalesceExpr:
		return all(x.Args)
	case *InExpr:
		return scanEvaluable(x.X, cols) && all(x.List)
	}
	return false
}

// withPredicates returns spec with the conditions preds added as
// storage.PredicateFilters over the schema columns they read.
func withPredicates(spec storage.ScanSpec, preds []*scanPredicate) storage.ScanSpec {
	spec.Predicates = slices.Clip(spec.Predicates)
	for _, p := range preds {
		cols := make([]int, len(p.cols))
		for i, c := range p.cols {
			cols[i] = spec.Columns[c]
		}
		spec.Predicates = append(spec.Predicates, storage.PredicateFilter{Cols: cols, Pred: p})
	}
	return spec
}

// Select implements storage.RowPredicate: cols holds the columns p.cols
// (n rows each). Rows where the condition is false or NULL are dropped.
func (p *scanPredicate) Select(ctx context.Context, cols []*vector.Vector, n int, sel, dst []uint32) ([]uint32, error) {
	if p.off.Load() {
		if sel == nil {
			for i := range n {
				dst[i] = uint32(i)
			}
			return dst[:n], nil
		}
		return append(dst[:0], sel...), nil
	}
	ec, _ := ctx.Value(execCtxKey{}).(*ExecCtx)
	if ec == nil {
		ec = &ExecCtx{Ctx: ctx}
	}
	c := &vector.Chunk{Cols: make([]*vector.Vector, p.width), Len: n}
	compact := sel != nil && 2*len(sel) < n
	for k, j := range p.cols {
		if compact {
			c.Cols[j] = gatherVec(cols[k], sel)
		} else {
			c.Cols[j] = cols[k]
		}
	}
	if compact {
		c.Len = len(sel)
	}
	v, err := p.expr.Eval(ec, c)
	if err != nil {
		return nil, err
	}
	if v.Typ.Phys() != vector.PhysBool {
		return nil, errorf("Internal", "scan predicate %s has type %s, want BOOLEAN", p.expr, v.Typ)
	}
	ok := func(i int) bool {
		if v.Const {
			i = 0
		}
		return v.Bool[i] && v.Valid.IsValid(i)
	}
	k := 0
	switch {
	case compact:
		for i, r := range sel {
			if ok(i) {
				dst[k] = r
				k++
			}
		}
	case sel != nil:
		for _, r := range sel {
			if ok(int(r)) {
				dst[k] = r
				k++
			}
		}
	default:
		for i := range n {
			if ok(i) {
				dst[k] = uint32(i)
				k++
			}
		}
	}
	in := n
	if sel != nil {
		in = len(sel)
	}
	seen, passed := p.seen.Add(int64(in)), p.passed.Add(int64(k))
	if seen >= scanPredMinRows && passed*8 > seen*7 {
		p.off.Store(true)
	}
	return dst[:k], nil
}
