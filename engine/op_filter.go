package engine

import (
	"fmt"
	"sync"

	"github.com/lhsql/lhsql/simd"
	"github.com/lhsql/lhsql/vector"
)

// filterOp keeps the rows for which pred is true. The predicate is split
// into its AND conjuncts; each conjunct refines a selection vector (a
// column compared with a constant runs as a SIMD kernel over the rows
// still selected), and the surviving rows are gathered once at the end.
type filterOp struct {
	pred  Expr
	stat  *opStat
	once  sync.Once
	conjs []filterConj
}

// filterConj is one conjunct of a filter predicate. When simple is set it
// is col op constant over an int64- or float64-backed column (signed
// ordering); otherwise expr is evaluated.
type filterConj struct {
	expr   Expr
	simple bool
	col    int
	op     simd.CmpOp
	float  bool
	ci     int64
	cf     float64
	never  bool // comparison with a NULL constant: no row passes
}

// newFilterOp returns a filter operator with its predicate compiled.
func newFilterOp(pred Expr, stat *opStat) *filterOp {
	o := &filterOp{pred: pred, stat: stat}
	o.compile()
	return o
}

// compile splits the predicate into conjuncts (once per operator).
func (o *filterOp) compile() {
	o.once.Do(func() {
		for _, e := range splitAnd(o.pred, nil) {
			o.conjs = append(o.conjs, compileConj(e))
		}
	})
}

// splitAnd appends the AND conjuncts of e to out.
func splitAnd(e Expr, out []Expr) []Expr {
	if f, ok := e.(*FuncExpr); ok && f.Name == "and" && f.display == "AND" && len(f.Args) == 2 &&
		f.Args[0].Type().ID == vector.TypeBoolean && f.Args[1].Type().ID == vector.TypeBoolean {
		out = splitAnd(f.Args[0], out)
		return splitAnd(f.Args[1], out)
	}
	return append(out, e)
}

// filterCmpOp maps a comparison's display symbol to the kernel operator.
func filterCmpOp(sym string) (simd.CmpOp, bool) {
	switch sym {
	case "=":
		return simd.Eq, true
	case "<>":
		return simd.Ne, true
	case "<":
		return simd.Lt, true
	case "<=":
		return simd.Le, true
	case ">":
		return simd.Gt, true
	case ">=":
		return simd.Ge, true
	}
	return 0, false
}

// flipCmp returns the operator with its operands swapped.
func flipCmp(op simd.CmpOp) simd.CmpOp {
	switch op {
	case simd.Lt:
		return simd.Gt
	case simd.Le:
		return simd.Ge
	case simd.Gt:
		return simd.Lt
	case simd.Ge:
		return simd.Le
	}
	return op
}

// compileConj recognizes column-versus-constant comparisons.
func compileConj(e Expr) filterConj {
	fc := filterConj{expr: e}
	f, ok := e.(*FuncExpr)
	if !ok || !f.infix || len(f.Args) != 2 || f.Typ.ID != vector.TypeBoolean {
		return fc
	}
	op, ok := filterCmpOp(f.display)
	if !ok || f.Name == "" {
		return fc
	}
	a, b := f.Args[0], f.Args[1]
	if _, isConst := a.(*Const); isConst {
		a, b = b, a
		op = flipCmp(op)
	}
	col, ok1 := a.(*ColRef)
	k, ok2 := b.(*Const)
	if !ok1 || !ok2 {
		return fc
	}
	t := col.Typ
	if t != k.Val.Typ || t.IsNested() {
		return fc
	}
	switch t.Phys() {
	case vector.PhysInt64:
		if t.ID == vector.TypeUBigInt {
			return fc
		}
		fc.ci = k.Val.I64
	case vector.PhysFloat64:
		fc.float = true
		fc.cf = k.Val.F64
	default:
		return fc
	}
	fc.simple, fc.col, fc.op, fc.never = true, col.Idx, op, k.Val.Null
	return fc
}

type filterLocal struct {
	op      *filterOp
	w       *worker
	next    pusher
	sel     []uint32
	spare   spareCols
	passSel selAcceptor // next, when it may take chunks with a selection vector
}

// selAcceptor is implemented by pushers that may handle a chunk with a
// selection vector without compacting it first: when acceptsSel returns
// true, the next chunk may carry one (which push may not keep).
type selAcceptor interface {
	pusher
	acceptsSel() bool
}

// selPassMin is the least fraction, in eighths, of a chunk's rows a
// filter must keep to pass the chunk on with a selection vector (to a
// selAcceptor) instead of gathering the kept rows.
const selPassMin = 7

func (o *filterOp) newLocal(w *worker, next pusher) pusher {
	o.compile()
	l := &filterLocal{op: o, w: w, next: next, sel: make([]uint32, vector.MaxLen)}
	l.passSel, _ = next.(selAcceptor)
	return l
}

func (l *filterLocal) push(c *vector.Chunk) error {
	c = c.Compact()
	n := c.Len
	if cap(l.sel) < n {
		l.sel = make([]uint32, n)
	}
	var sel []uint32 // nil: every row still selected
	for i := range l.op.conjs {
		var err error
		sel, err = l.apply(&l.op.conjs[i], c, sel)
		if err != nil {
			return err
		}
		if sel != nil && len(sel) == 0 {
			return nil
		}
	}
	if sel == nil || len(sel) == n {
		l.op.stat.rows.Add(int64(n))
		return l.next.push(c)
	}
	l.op.stat.rows.Add(int64(len(sel)))
	if l.passSel != nil && len(sel)*8 >= n*selPassMin && l.passSel.acceptsSel() {
		return l.next.push(&vector.Chunk{Cols: c.Cols, Len: n, Sel: sel})
	}
	if !l.w.recycle {
		return l.next.push(gatherChunk(c, sel))
	}
	out := &vector.Chunk{Cols: make([]*vector.Vector, len(c.Cols)), Len: len(sel)}
	for i, col := range c.Cols {
		out.Cols[i] = l.spare.gather(i, col, sel)
	}
	return l.next.push(out)
}

// apply refines sel (nil = all n rows) by conjunct fc and returns the rows
// that remain, stored in l.sel.
func (l *filterLocal) apply(fc *filterConj, c *vector.Chunk, sel []uint32) ([]uint32, error) {
	n := c.Len
	if fc.simple && fc.col < len(c.Cols) && !c.Cols[fc.col].Const {
		if fc.never {
			return l.sel[:0], nil
		}
		v := c.Cols[fc.col]
		valid := []uint64(v.Valid)
		var k int
		if fc.float {
			k = simd.CompareFloat64Sel(fc.op, v.F64[:n], fc.cf, valid, sel, l.sel[:n])
		} else {
			k = simd.CompareInt64Sel(fc.op, v.I64[:n], fc.ci, valid, sel, l.sel[:n])
		}
		return l.sel[:k], nil
	}
	v, err := fc.expr.Eval(l.w.ec, c)
	if err != nil {
		return nil, err
	}
	if sel == nil {
		out, all, err := trueRows(v, n, l.sel[:0])
		if err != nil {
			return nil, err
		}
		if all {
			return nil, nil
		}
		return out, nil
	}
	if v.Typ.Phys() != vector.PhysBool {
		return nil, fmt.Errorf("internal error: filter predicate has type %s, want BOOLEAN", v.Typ)
	}
	if v.Const {
		if v.Valid.IsValid(0) && v.Bool[0] {
			return sel, nil
		}
		return sel[:0], nil
	}
	b, valid := v.Bool, v.Valid
	m := 0
	for _, r := range sel {
		if b[r] && (valid == nil || valid.IsValid(int(r))) {
			sel[m] = r
			m++
		}
	}
	return sel[:m], nil
}

// trueRows appends to sel the rows of the BOOLEAN vector v (n rows) that
// are true (NULL counts as false); all reports that every row is true.
func trueRows(v *vector.Vector, n int, sel []uint32) (out []uint32, all bool, err error) {
	if v.Typ.Phys() != vector.PhysBool {
		return nil, false, fmt.Errorf("internal error: filter predicate has type %s, want BOOLEAN", v.Typ)
	}
	if v.Const {
		if v.Valid.IsValid(0) && v.Bool[0] {
			return sel, true, nil
		}
		return sel, false, nil
	}
	b := v.Bool[:n]
	if v.Valid == nil {
		for i, x := range b {
			if x {
				sel = append(sel, uint32(i))
			}
		}
	} else {
		for i, x := range b {
			if x && v.Valid.IsValid(i) {
				sel = append(sel, uint32(i))
			}
		}
	}
	return sel, len(sel) == n, nil
}

// gatherChunk returns a new chunk holding rows sel of c (which has no Sel).
func gatherChunk(c *vector.Chunk, sel []uint32) *vector.Chunk {
	out := &vector.Chunk{Cols: make([]*vector.Vector, len(c.Cols)), Len: len(sel)}
	for i, col := range c.Cols {
		out.Cols[i] = gatherVec(col, sel)
	}
	return out
}

// gatherVec returns a new flat vector holding rows sel of v, using the
// SIMD gather kernels for fixed-width columns.
func gatherVec(v *vector.Vector, sel []uint32) *vector.Vector {
	if v.Const || v.Valid != nil || v.Typ.IsNested() {
		return v.Gather(sel)
	}
	switch v.Typ.Phys() {
	case vector.PhysInt64:
		out := &vector.Vector{Typ: v.Typ, I64: make([]int64, len(sel))}
		if simd.GatherInt64(out.I64, v.I64, sel) {
			return out
		}
	case vector.PhysFloat64:
		out := &vector.Vector{Typ: v.Typ, F64: make([]float64, len(sel))}
		if simd.GatherFloat64(out.F64, v.F64, sel) {
			return out
		}
	}
	return v.Gather(sel)
}

// spareCols recycles the output vectors of an operator whose pipeline ends
// in a sink that keeps no reference to pushed vectors (worker.recycle):
// once push returns, the vectors gathered for that push are dead and
// their buffers are reused for the next output, instead of allocating
// (and collecting) new ones for every chunk.
type spareCols []*vector.Vector

// gather returns rows sel of v as output column i, reusing the vector
// last gathered for column i when its buffer fits.
func (sp *spareCols) gather(i int, v *vector.Vector, sel []uint32) *vector.Vector {
	for len(*sp) <= i {
		*sp = append(*sp, nil)
	}
	if v.Const || v.Valid != nil || v.Typ.Nested != nil {
		return gatherVec(v, sel)
	}
	n := len(sel)
	d := (*sp)[i]
	if d != nil && d.Typ == v.Typ {
		switch v.Typ.Phys() {
		case vector.PhysInt64:
			if cap(d.I64) >= n && simd.GatherInt64(d.I64[:n], v.I64, sel) {
				d.I64 = d.I64[:n]
				return d
			}
		case vector.PhysFloat64:
			if cap(d.F64) >= n && simd.GatherFloat64(d.F64[:n], v.F64, sel) {
				d.F64 = d.F64[:n]
				return d
			}
		case vector.PhysString:
			if cap(d.Str) >= n {
				out, src := d.Str[:n], v.Str
				for k, r := range sel {
					out[k] = src[r]
				}
				d.Str = out
				return d
			}
		}
	}
	out := gatherVec(v, sel)
	switch v.Typ.Phys() {
	case vector.PhysInt64, vector.PhysFloat64, vector.PhysString:
		if out.Valid == nil && !out.Const {
			(*sp)[i] = out // a fresh vector this operator owns
		}
	}
	return out
}
