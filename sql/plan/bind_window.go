package plan

import (
	"fmt"
	"strings"

	"github.com/lhsql/lhsql/engine"
	"github.com/lhsql/lhsql/sql/parser"
	"github.com/lhsql/lhsql/vector"
)

// WinFrame is a bound window frame.
type WinFrame struct {
	Mode             engine.FrameMode
	Start, End       engine.FrameBoundKind
	StartOff, EndOff Expr
	Exclude          engine.FrameExclude
}

// WinCall is one window function of a Window operator.
type WinCall struct {
	Name        string
	Args        []Expr
	Distinct    bool
	IgnoreNulls bool
	Filter      Expr
	Partition   []Expr
	Order       []SortKey
	Frame       WinFrame
	Typ         vector.Type
	ID          ColumnID
}

// Window computes window functions over its input; output is the input
// columns followed by one column per call.
type Window struct {
	Input Op
	Funcs []*WinCall
}

// Cols implements Op.
func (o *Window) Cols() []Col {
	out := append([]Col(nil), o.Input.Cols()...)
	for _, f := range o.Funcs {
		out = append(out, Col{f.ID, f.Typ})
	}
	return out
}

// exprs returns every expression of the call (for column analysis and
// rewriting).
func (w *WinCall) exprs() []Expr {
	var out []Expr
	out = append(out, w.Args...)
	out = append(out, w.Partition...)
	for _, k := range w.Order {
		out = append(out, k.Expr)
	}
	for _, e := range []Expr{w.Filter, w.Frame.StartOff, w.Frame.EndOff} {
		if e != nil {
			out = append(out, e)
		}
	}
	return out
}

// rewriteAll applies f to every expression of the call.
func (w *WinCall) rewriteAll(f func(Expr) (Expr, error)) error {
	var err error
	for i := range w.Args {
		if w.Args[i], err = f(w.Args[i]); err != nil {
			return err
		}
	}
	for i := range w.Partition {
		if w.Partition[i], err = f(w.Partition[i]); err != nil {
			return err
		}
	}
	for i := range w.Order {
		if w.Order[i].Expr, err = f(w.Order[i].Expr); err != nil {
			return err
		}
	}
	for _, p := range []*Expr{&w.Filter, &w.Frame.StartOff, &w.Frame.EndOff} {
		if *p != nil {
			if *p, err = f(*p); err != nil {
				return err
			}
		}
	}
	return nil
}

// winCollector gathers the window calls of one query block.
type winCollector struct {
	calls     []*WinCall
	named     map[string]*parser.WindowDef
	resolving []string // named windows being resolved (cycle guard)
}

// resolveWindow merges a window definition with the named window it
// references.
func (b *Binder) resolveWindow(def *parser.WindowDef, wc *winCollector, pos parser.Pos) (*parser.WindowDef, error) {
	ref := def.Ref
	if ref == "" && def.Name != "" && len(def.PartitionBy) == 0 && len(def.OrderBy) == 0 && def.Frame == nil {
		if named, ok := wc.named[strings.ToLower(def.Name)]; !ok || named != def {
			ref = def.Name // OVER w: a reference to a named window
		}
	}
	if ref == "" {
		return def, nil
	}
	if depth := len(wc.resolving); depth > 32 {
		return nil, b.errorf(pos, "window %q refers to itself", ref)
	}
	wc.resolving = append(wc.resolving, ref)
	defer func() { wc.resolving = wc.resolving[:len(wc.resolving)-1] }()
	base, ok := wc.named[strings.ToLower(ref)]
	if !ok {
		return nil, b.errorf(pos, "window %q does not exist", ref)
	}
	base, err := b.resolveWindow(base, wc, pos)
	if err != nil {
		return nil, err
	}
	out := *base
	out.Name, out.Ref = "", ""
	if len(def.PartitionBy) > 0 {
		out.PartitionBy = def.PartitionBy
	}
	if len(def.OrderBy) > 0 {
		out.OrderBy = def.OrderBy
	}
	if def.Frame != nil {
		out.Frame = def.Frame
	}
	return &out, nil
}

// bindWindowCall binds f(...) OVER (...).
func (b *Binder) bindWindowCall(x *parser.FuncCall, ctx *exprCtx) (Expr, error) {
	if ctx.wins == nil {
		return nil, b.errorf(x.Pos, "window functions are not allowed here")
	}
	name := strings.ToLower(x.Name)
	def, err := b.resolveWindow(x.Over, ctx.wins, x.Pos)
	if err != nil {
		return nil, err
	}
	// Arguments and keys may use aggregates (bound in the enclosing
	// aggregation) but not other window functions.
	actx := &exprCtx{scope: ctx.scope, aggs: ctx.aggs}
	call := &WinCall{Name: name, Distinct: x.Distinct, IgnoreNulls: x.IgnoreNulls}
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
	if x.Filter != nil {
		if call.Filter, err = b.bindExpr(x.Filter, actx); err != nil {
			return nil, err
		}
	}
	for _, p := range def.PartitionBy {
		e, err := b.bindExpr(p, actx)
		if err != nil {
			return nil, err
		}
		call.Partition = append(call.Partition, e)
	}
	for _, o := range def.OrderBy {
		e, err := b.bindExpr(o.Expr, actx)
		if err != nil {
			return nil, err
		}
		call.Order = append(call.Order, b.sortKey(e, o))
	}
	if len(actx.applies) > 0 {
		return nil, b.errorf(x.Pos, "subqueries inside window functions are not supported yet")
	}
	if call.Frame, err = b.bindFrame(def.Frame, len(call.Order) > 0, actx, x.Pos); err != nil {
		return nil, err
	}
	if engine.IsWindowFunction(call.Name) {
		types := make([]vector.Type, len(call.Args))
		for i, a := range call.Args {
			types[i] = a.Type()
		}
		t, err := engine.WindowResultType(call.Name, types)
		if err != nil {
			return nil, b.wrap(x.Pos, err)
		}
		call.Typ = t
	} else if engine.IsAggregate(call.Name) {
		types := make([]vector.Type, len(call.Args))
		for i, a := range call.Args {
			types[i] = a.Type()
		}
		t, err := engine.AggResultType(call.Name, types, call.Distinct)
		if err != nil {
			return nil, b.wrap(x.Pos, err)
		}
		call.Typ = t
	} else {
		e := parser.Errorf(b.sql, x.Pos, "%s is not an aggregate function", name)
		e.Kind = "Catalog Error"
		if !engine.IsKnownFunction(name) {
			e.Msg = fmt.Sprintf("Window Function with name %s does not exist!", name)
		}
		return nil, e
	}
	if len(x.OrderBy) > 0 && (engine.IsWindowFunction(call.Name) || engine.AggOrderMatters(call.Name, exprTypes(call.Args))) {
		// An order-insensitive aggregate (sum, count, ...) drops it, as
		// in DuckDB; ordered window aggregates are not implemented.
		e := parser.Errorf(b.sql, x.Pos, "ORDER BY inside the arguments of window function %s is not supported yet", name)
		e.Kind = "Not implemented Error"
		return nil, e
	}
	call.ID = b.newID()
	ctx.wins.calls = append(ctx.wins.calls, call)
	return &ColExpr{ID: call.ID, Typ: call.Typ, Name: name}, nil
}

func (b *Binder) bindFrame(f *parser.Frame, ordered bool, ctx *exprCtx, pos parser.Pos) (WinFrame, error) {
	if f == nil {
		if ordered {
			return WinFrame{Mode: engine.FrameRange, Start: engine.BoundUnboundedPreceding, End: engine.BoundCurrentRow}, nil
		}
		return WinFrame{Mode: engine.FrameRows, Start: engine.BoundUnboundedPreceding, End: engine.BoundUnboundedFollowing}, nil
	}
	var out WinFrame
	switch strings.ToLower(f.Mode) {
	case "rows":
		out.Mode = engine.FrameRows
	case "groups":
		out.Mode = engine.FrameGroups
	default:
		out.Mode = engine.FrameRange
	}
	bound := func(fb *parser.FrameBound, dflt engine.FrameBoundKind) (engine.FrameBoundKind, Expr, error) {
		if fb == nil {
			return dflt, nil, nil
		}
		var k engine.FrameBoundKind
		switch strings.ToLower(fb.Kind) {
		case "unbounded preceding":
			k = engine.BoundUnboundedPreceding
		case "preceding":
			k = engine.BoundPreceding
		case "current row":
			k = engine.BoundCurrentRow
		case "following":
			k = engine.BoundFollowing
		case "unbounded following":
			k = engine.BoundUnboundedFollowing
		default:
			return 0, nil, b.errorf(pos, "unknown frame bound %q", fb.Kind)
		}
		if fb.Offset == nil {
			return k, nil, nil
		}
		e, err := b.bindExpr(fb.Offset, ctx)
		return k, e, err
	}
	var err error
	if out.Start, out.StartOff, err = bound(f.Start, engine.BoundUnboundedPreceding); err != nil {
		return out, err
	}
	if out.End, out.EndOff, err = bound(f.End, engine.BoundCurrentRow); err != nil {
		return out, err
	}
	if out.Start == engine.BoundUnboundedFollowing {
		return out, b.errorf(pos, "frame start cannot be UNBOUNDED FOLLOWING")
	}
	if out.End == engine.BoundUnboundedPreceding {
		return out, b.errorf(pos, "frame end cannot be UNBOUNDED PRECEDING")
	}
	switch strings.ToLower(f.Exclude) {
	case "current row":
		out.Exclude = engine.ExcludeCurrentRow
	case "group":
		out.Exclude = engine.ExcludeGroup
	case "ties":
		out.Exclude = engine.ExcludeTies
	}
	return out, nil
}

// lowerWindow converts a Window operator.
func lowerWindow(x *Window, need colSet) (engine.Node, []ColumnID, error) {
	in := colSet{}
	in.addAll(need)
	for _, f := range x.Funcs {
		for _, e := range f.exprs() {
			in.addAll(exprCols(e))
		}
	}
	child, layout, err := lower(x.Input, in)
	if err != nil {
		return nil, nil, err
	}
	n := &engine.WindowNode{Input: child}
	out := append([]ColumnID(nil), layout...)
	for _, f := range x.Funcs {
		wf := engine.WindowFunc{Name: f.Name, Distinct: f.Distinct, IgnoreNulls: f.IgnoreNulls, Typ: f.Typ}
		if wf.Args, err = lowerExprs(f.Args, layout); err != nil {
			return nil, nil, err
		}
		if wf.Partition, err = lowerExprs(f.Partition, layout); err != nil {
			return nil, nil, err
		}
		for _, k := range f.Order {
			e, err := lowerExpr(k.Expr, layout)
			if err != nil {
				return nil, nil, err
			}
			wf.Order = append(wf.Order, engine.SortKey{Expr: e, Desc: k.Desc, NullsFirst: k.NullsFirst})
		}
		if f.Filter != nil {
			if wf.Filter, err = lowerExpr(f.Filter, layout); err != nil {
				return nil, nil, err
			}
		}
		wf.Frame = engine.WindowFrame{Mode: f.Frame.Mode, Start: f.Frame.Start, End: f.Frame.End, Exclude: f.Frame.Exclude}
		if f.Frame.StartOff != nil {
			if wf.Frame.StartOffset, err = lowerExpr(f.Frame.StartOff, layout); err != nil {
				return nil, nil, err
			}
		}
		if f.Frame.EndOff != nil {
			if wf.Frame.EndOffset, err = lowerExpr(f.Frame.EndOff, layout); err != nil {
				return nil, nil, err
			}
		}
		n.Funcs = append(n.Funcs, wf)
		out = append(out, f.ID)
	}
	return n, out, nil
}
