package parquet

import (
	"fmt"
	"slices"

	"github.com/parquet-go/parquet-go/format"

	"github.com/lhsql/lhsql/simd"
	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// Late materialization: the scan decodes the columns of pushed-down
// filters first, evaluates the filters it can decide exactly, and decodes
// the other columns only at the surviving rows (pages without survivors
// are passed over undecoded). Rows that fail a filter are not emitted; the
// engine re-applies the full predicate to the rest.

// lateFilter is a pushed-down filter the scan evaluates on column j of its
// output.
type lateFilter struct {
	j int
	f *storage.Filter
}

// lateFilters returns the filters on projected columns whose result the
// scan can compute exactly as the engine would.
func lateFilters(schema []storage.Column, cols []int, filters []storage.Filter) []lateFilter {
	var out []lateFilter
	for i := range filters {
		f := &filters[i]
		j := -1
		for k, c := range cols {
			if c == f.Col {
				j = k
				break
			}
		}
		if j < 0 || f.PruneOnly || !lateEvaluable(schema[f.Col].Type, f) {
			continue
		}
		out = append(out, lateFilter{j: j, f: f})
	}
	return out
}

// keyFilter is a runtime join filter on scan output column j.
type keyFilter struct {
	j   int
	set storage.KeySet
}

// keyFilters maps the runtime filters on projected columns to their
// output positions.
func keyFilters(cols []int, keys []storage.KeyFilter) []keyFilter {
	var out []keyFilter
	for _, k := range keys {
		if j := slices.Index(cols, k.Col); j >= 0 && k.Set != nil {
			out = append(out, keyFilter{j: j, set: k.Set})
		}
	}
	return out
}

// predFilter is an engine filter condition over scan output columns js;
// vecs is scratch for the decoded columns passed to it.
type predFilter struct {
	js   []int
	pred storage.RowPredicate
	vecs []*vector.Vector
}

// predFilters maps the filter conditions whose columns are all projected
// to their output positions.
func predFilters(cols []int, preds []storage.PredicateFilter) []predFilter {
	var out []predFilter
next:
	for _, p := range preds {
		if p.Pred == nil || len(p.Cols) == 0 {
			continue
		}
		js := make([]int, len(p.Cols))
		for i, c := range p.Cols {
			if js[i] = slices.Index(cols, c); js[i] < 0 {
				continue next
			}
		}
		out = append(out, predFilter{js: js, pred: p.Pred, vecs: make([]*vector.Vector, 0, len(js))})
	}
	return out
}

// lateEvaluable reports whether f on a column of type t is evaluated in
// the scan: NULL tests on any type, comparisons of integer-like values in
// the column's own domain, and equality of (non-UUID) strings.
func lateEvaluable(t vector.Type, f *storage.Filter) bool {
	switch f.Op {
	case storage.OpIsNull, storage.OpIsNotNull:
		return t.Phys() != vector.PhysNone
	}
	usable := func(v *vector.Value) bool {
		switch t.Phys() {
		case vector.PhysInt64:
			return v.Typ.Phys() == vector.PhysInt64 && sameDomain(v.Typ, t)
		case vector.PhysString:
			return t.ID != vector.TypeUUID && v.Typ.ID == t.ID
		}
		return false
	}
	switch f.Op {
	case storage.OpIn:
		for k := range f.Values {
			if v := &f.Values[k]; !v.Null && !usable(v) {
				return false
			}
		}
		return len(f.Values) > 0
	case storage.OpEq:
		return !f.Value.Null && usable(&f.Value)
	case storage.OpNe, storage.OpLt, storage.OpLe, storage.OpGt, storage.OpGe:
		return t.Phys() == vector.PhysInt64 && !f.Value.Null && usable(&f.Value)
	}
	return false
}

var simdOps = [...]simd.CmpOp{
	storage.OpEq: simd.Eq, storage.OpNe: simd.Ne, storage.OpLt: simd.Lt,
	storage.OpLe: simd.Le, storage.OpGt: simd.Gt, storage.OpGe: simd.Ge,
}

// evalFilter narrows the selection sel (nil: all n rows) of vector v to
// the rows passing f, writing the result to dst (which may be sel) and
// returning it.
func evalFilter(f *storage.Filter, v *vector.Vector, n int, sel, dst []uint32) []uint32 {
	valid := []uint64(v.Valid)
	each := func(pass func(i int) bool) []uint32 {
		k := 0
		if sel == nil {
			for i := 0; i < n; i++ {
				if pass(i) {
					dst[k] = uint32(i)
					k++
				}
			}
		} else {
			for _, i := range sel {
				if pass(int(i)) {
					dst[k] = i
					k++
				}
			}
		}
		return dst[:k]
	}
	switch f.Op {
	case storage.OpIsNull:
		return each(func(i int) bool { return v.Valid != nil && !v.Valid.IsValid(i) })
	case storage.OpIsNotNull:
		return each(func(i int) bool { return v.Valid.IsValid(i) })
	}
	if v.Typ.Phys() == vector.PhysInt64 {
		x := v.I64[:n]
		if f.Op == storage.OpIn {
			vals := make([]int64, 0, len(f.Values))
			for k := range f.Values {
				if !f.Values[k].Null {
					vals = append(vals, f.Values[k].I64)
				}
			}
			return each(func(i int) bool {
				if !v.Valid.IsValid(i) {
					return false
				}
				for _, c := range vals {
					if x[i] == c {
						return true
					}
				}
				return false
			})
		}
		k := simd.CompareInt64Sel(simdOps[f.Op], x, f.Value.I64, valid, sel, dst)
		return dst[:k]
	}
	s := v.Str[:n]
	if f.Op == storage.OpIn {
		return each(func(i int) bool {
			if !v.Valid.IsValid(i) {
				return false
			}
			for k := range f.Values {
				if c := &f.Values[k]; !c.Null && s[i] == c.Str {
					return true
				}
			}
			return false
		})
	}
	c := f.Value.Str
	return each(func(i int) bool { return v.Valid.IsValid(i) && s[i] == c })
}

// readSel writes the rows sel (ascending, relative to the reader's
// position) of the next n rows into v, which holds len(sel) rows, and
// leaves the reader after the n rows. Pages holding no selected row are
// not decoded.
func (r *colReader) readSel(v *vector.Vector, n int, sel []uint32) error {
	consumed := 0 // rows of the n passed so far
	for i := 0; i < len(sel); {
		target := int(sel[i])
		if err := r.skip(target - consumed); err != nil {
			return err
		}
		consumed = target
		if r.rowPos >= r.rowEnd {
			if err := r.advance(); err != nil {
				return err
			}
			continue
		}
		if !r.loaded {
			if err := r.load(); err != nil {
				return err
			}
		}
		end := consumed + r.rowEnd - r.rowPos // first row past this page
		j := i
		for j < len(sel) && int(sel[j]) < end {
			j++
		}
		span := int(sel[j-1]) - consumed + 1
		pos := grow(r.pos, j-i)
		r.pos = pos
		if !r.hasNulls {
			if r.valPos+span > r.nvals {
				return errShort(r.valPos+span, r.nvals)
			}
			for k := i; k < j; k++ {
				pos[k-i] = int32(r.valPos + int(sel[k]) - consumed)
			}
			r.valPos += span
		} else {
			md := r.c.maxDef
			defs := r.defs[r.rowPos : r.rowPos+span]
			vp := int32(r.valPos)
			k := i
			for row, d := range defs {
				if k < j && int(sel[k])-consumed == row {
					if d == md {
						pos[k-i] = vp
					} else {
						pos[k-i] = -1
					}
					k++
				}
				if d == md {
					vp++
				}
			}
			if int(vp) > r.nvals {
				return errShort(int(vp), r.nvals)
			}
			r.valPos = int(vp)
		}
		r.gather(v, i, pos, len(sel))
		r.rowPos += span
		consumed += span
		i = j
	}
	if err := r.skip(n - consumed); err != nil {
		return err
	}
	return nil
}

// gatherInto returns rows sel of the flat vector src, written into dst
// when dst can be reused (vector.Reuse).
func gatherInto(dst, src *vector.Vector, sel []uint32) *vector.Vector {
	n := len(sel)
	switch src.Typ.Phys() {
	case vector.PhysInt64:
		dst = vector.Reuse(dst, src.Typ, n)
		if !simd.GatherInt64(dst.I64, src.I64, sel) {
			return src.Gather(sel)
		}
	case vector.PhysFloat64:
		dst = vector.Reuse(dst, src.Typ, n)
		if !simd.GatherFloat64(dst.F64, src.F64, sel) {
			return src.Gather(sel)
		}
	case vector.PhysString:
		dst = vector.Reuse(dst, src.Typ, n)
		for i, x := range sel {
			dst.Str[i] = src.Str[x]
		}
	default:
		return src.Gather(sel)
	}
	if src.Valid != nil {
		dst.Valid = vector.NewValidity(n)
		for i, x := range sel {
			if !src.Valid.IsValid(int(x)) {
				dst.Valid.SetInvalid(i)
			}
		}
	}
	return dst
}

// cloneVector copies the first n rows of a flat scratch vector.
func cloneVector(v *vector.Vector, n int) *vector.Vector {
	out := &vector.Vector{Typ: v.Typ}
	switch v.Typ.Phys() {
	case vector.PhysInt64:
		out.I64 = append([]int64(nil), v.I64[:n]...)
	case vector.PhysFloat64:
		out.F64 = append([]float64(nil), v.F64[:n]...)
	case vector.PhysString:
		out.Str = append([]string(nil), v.Str[:n]...)
	case vector.PhysBool:
		out.Bool = append([]bool(nil), v.Bool[:n]...)
	case vector.PhysInterval:
		out.Iv = append([]vector.Interval(nil), v.Iv[:n]...)
	default:
		sel := make([]uint32, n)
		for i := range sel {
			sel[i] = uint32(i)
		}
		return v.Gather(sel)
	}
	if v.Valid != nil {
		out.Valid = append(vector.Validity(nil), v.Valid[:(n+63)/64]...)
	}
	return out
}

// allDictEncoded reports whether the metadata proves that every data page
// of the column chunk is dictionary-encoded.
func allDictEncoded(md *format.ColumnMetaData) bool {
	dict := func(e format.Encoding) bool { return e == format.PlainDictionary || e == format.RLEDictionary }
	if len(md.EncodingStats) > 0 {
		for _, es := range md.EncodingStats {
			if (es.PageType == format.DataPage || es.PageType == format.DataPageV2) && es.Count > 0 && !dict(es.Encoding) {
				return false
			}
		}
		return true
	}
	// Without encoding stats, PLAIN may be the dictionary page's or a data
	// page's encoding: only a list without it is proof.
	for _, e := range md.Encoding {
		if !dict(e) && e != format.RLE && e != format.BitPacked {
			return false
		}
	}
	return true
}

// dictRejects reports whether the dictionary of reader r, which holds
// every value of its column chunk, has no entry passing f; the chunk's
// NULLs fail f unless it is IS NULL, which is not decided here.
func dictRejects(r *colReader, t vector.Type, f *storage.Filter) bool {
	if !r.hasDict || f.Op == storage.OpIsNull || f.Op == storage.OpIsNotNull {
		return false
	}
	n := r.dictLen
	if n > 1<<20 {
		return false
	}
	v := &vector.Vector{Typ: t}
	switch r.dictForm {
	case formDictI:
		v.I64 = r.dI64[:n]
	case formDictS:
		v.Str = r.dStr[:n]
	default:
		return false
	}
	sel := make([]uint32, n)
	return len(evalFilter(f, v, n, nil, sel)) == 0
}

// dictPass holds, for one late or key filter and the dictionary of one
// column chunk, whether each dictionary entry passes the filter (1) or not (0).
// It is computed on first use; off is set when the dictionary cannot be
// used (too large, or of a type the filters do not evaluate).
type dictPass struct {
	// entries returns the dictionary entries (rows of v, which holds m)
	// passing the filter, written into dst.
	entries func(v *vector.Vector, m int, dst []uint32) []uint32
	pass    []uint8
	off     bool
}

// maxDictPass bounds the dictionaries whose entries are evaluated one by
// one: beyond it, evaluating the decoded rows is no more work.
const maxDictPass = 1 << 16

// dictSel narrows the next n rows of r (all of them when all, else the
// rows sel) to those passing the filter of dp, from the rows' dictionary
// indices and the filter's per-entry results (computed on first use), writing the
// selection into dst, which may alias sel. The reader keeps its position.
// ok is false when the rows cannot be answered this way: they are not all
// in one dictionary-encoded page without NULLs.
func (r *colReader) dictSel(dp *dictPass, t vector.Type, n int, sel []uint32, all bool, dst []uint32) (out []uint32, ok bool, err error) {
	if dp.off || !r.native {
		return nil, false, nil
	}
	if r.rowPos >= r.rowEnd {
		if err := r.advance(); err != nil {
			return nil, false, err
		}
	}
	if !r.loaded {
		if err := r.load(); err != nil {
			return nil, false, err
		}
	}
	if !r.hasDict || r.hasNulls || (r.form != formDictI && r.form != formDictS) ||
		r.rowEnd-r.rowPos < n || r.valPos+n > r.nvals {
		return nil, false, nil
	}
	if dp.pass == nil {
		m := r.dictLen
		v := &vector.Vector{Typ: t}
		switch {
		case m > maxDictPass:
			dp.off = true
		case r.dictForm == formDictI && t.Phys() == vector.PhysInt64:
			v.I64 = r.dI64[:m]
		case r.dictForm == formDictS && t.Phys() == vector.PhysString:
			v.Str = r.dStr[:m]
		default:
			dp.off = true
		}
		if dp.off {
			return nil, false, nil
		}
		dp.pass = make([]uint8, m)
		for _, e := range dp.entries(v, m, make([]uint32, m)) {
			dp.pass[e] = 1
		}
	}
	pass := dp.pass
	idx := r.idx[r.valPos : r.valPos+n]
	k := 0
	if all {
		for i, x := range idx {
			if uint(x) >= uint(len(pass)) {
				return nil, false, errDictIndex(x, len(pass))
			}
			dst[k] = uint32(i)
			k += int(pass[x])
		}
	} else {
		for _, i := range sel {
			x := idx[i]
			if uint(x) >= uint(len(pass)) {
				return nil, false, errDictIndex(x, len(pass))
			}
			dst[k] = i
			k += int(pass[x])
		}
	}
	return dst[:k], true, nil
}

// errDictIndex reports a dictionary index outside a dictionary of n
// entries.
func errDictIndex(x int32, n int) error {
	return fmt.Errorf("dictionary index %d out of range (%d entries)", x, n)
}
