package parquet

import (
	"errors"
	"fmt"
	"io"
	"unsafe"

	"github.com/lhsql/lhsql/simd"
	"github.com/lhsql/lhsql/vector"
	pq "github.com/parquet-go/parquet-go"
)

// form is the in-memory shape of the dense (non-NULL) values of the page
// being read.
type form uint8

const (
	formI64   form = iota + 1 // i64
	formF64                   // f64
	formStr                   // str sliced by offs
	formStrs                  // strs
	formBool                  // bools
	formIv                    // ivs
	formDictI                 // idx into dI64
	formDictF                 // idx into dF64
	formDictS                 // idx into dStr
	formDictB                 // idx into dBool
	formDictV                 // idx into dIv
)

// colReader streams the values of one column chunk into vectors.
type colReader struct {
	c     *colInfo
	src   io.ReaderAt // column chunk bytes
	pages pq.Pages

	page     pq.Page
	defs     []byte
	hasNulls bool
	rowPos   int // next row (level index) in page
	rowEnd   int // rows in page
	valPos   int // next dense value in page
	nvals    int // dense values in page

	form  form
	i64   []int64
	f64   []float64
	str   string
	offs  []uint32
	strs  []string
	bools []bool
	ivs   []vector.Interval
	idx   []int32

	dict  pq.Dictionary
	dI64  []int64
	dF64  []float64
	dStr  []string
	dBool []bool
	dIv   []vector.Interval

	scratchI []int64
	scratchF []float64
	scratchB []bool
	pos      []int32 // per-row dense index, -1 for NULL
}

func (r *colReader) close() {
	if r.page != nil {
		pq.Release(r.page)
		r.page = nil
	}
	if r.pages != nil {
		r.pages.Close()
		r.pages = nil
	}
	if cr, ok := r.src.(*chunkReader); ok {
		putBuf(cr.data)
		cr.data = nil
		r.src = nil
	}
}

// nextPage loads the next data page of the column chunk.
func (r *colReader) nextPage() error {
	if r.page != nil {
		pq.Release(r.page)
		r.page = nil
	}
	page, err := r.pages.ReadPage()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return fmt.Errorf("column chunk ended before the row group's last row")
		}
		return err
	}
	r.page = page
	r.rowPos, r.valPos = 0, 0
	r.rowEnd = int(page.NumRows())
	r.defs = nil
	r.hasNulls = false
	nulls := 0
	if r.c.maxDef > 0 {
		r.defs = page.DefinitionLevels()
		if len(r.defs) != r.rowEnd {
			return fmt.Errorf("page has %d definition levels for %d rows", len(r.defs), r.rowEnd)
		}
		nulls = int(page.NumNulls())
		r.hasNulls = nulls > 0
	}
	r.nvals = r.rowEnd - nulls
	if r.nvals < 0 {
		return fmt.Errorf("page has more NULLs than rows")
	}
	if d := page.Dictionary(); d != nil {
		return r.loadIndexed(page, d)
	}
	return r.loadPlain(page)
}

func (r *colReader) loadIndexed(page pq.Page, d pq.Dictionary) error {
	if d != r.dict {
		if err := r.loadDict(d); err != nil {
			return fmt.Errorf("dictionary: %w", err)
		}
		r.dict = d
	}
	data := page.Data()
	idx := data.Int32()
	if len(idx) < r.nvals {
		return errShort(r.nvals, len(idx))
	}
	idx = idx[:r.nvals]
	var n int
	switch r.form {
	case formDictI:
		n = len(r.dI64)
	case formDictF:
		n = len(r.dF64)
	case formDictS:
		n = len(r.dStr)
	case formDictB:
		n = len(r.dBool)
	case formDictV:
		n = len(r.dIv)
	}
	bad := false
	for _, x := range idx {
		bad = bad || uint32(x) >= uint32(n)
	}
	if bad {
		return fmt.Errorf("dictionary index out of range (dictionary has %d entries)", n)
	}
	r.idx = idx
	return nil
}

func (r *colReader) loadDict(d pq.Dictionary) error {
	v := d.Page().Data()
	n := d.Len()
	var err error
	switch r.c.typ.Phys() {
	case vector.PhysInt64:
		r.form = formDictI
		r.dI64, err = int64s(r.c, v, n, nil)
		if err == nil && r.c.conv == cvInt64 && r.c.mul == 1 && r.c.div == 1 {
			// The view points into dictionary memory owned by parquet-go;
			// copy so it stays valid for the whole column chunk.
			r.dI64 = append([]int64(nil), r.dI64...)
		}
	case vector.PhysFloat64:
		r.form = formDictF
		r.dF64, err = float64s(r.c, v, n, nil)
		if err == nil && r.c.conv == cvDouble {
			r.dF64 = append([]float64(nil), r.dF64...)
		}
	case vector.PhysString:
		r.form = formDictS
		r.dStr, err = strs(r.c, v, n)
	case vector.PhysBool:
		r.form = formDictB
		r.dBool, err = bools(v, n, nil)
	case vector.PhysInterval:
		r.form = formDictV
		r.dIv, err = intervals(v, n)
	default:
		err = fmt.Errorf("unsupported type %s", r.c.typ)
	}
	return err
}

func (r *colReader) loadPlain(page pq.Page) error {
	v := page.Data()
	n := r.nvals
	var err error
	switch r.c.typ.Phys() {
	case vector.PhysInt64:
		r.form = formI64
		r.i64, err = int64s(r.c, v, n, r.scratchI)
		if r.c.conv != cvInt64 || r.c.mul != 1 || r.c.div != 1 {
			r.scratchI = r.i64 // a converted copy, not a view of page memory
		}
	case vector.PhysFloat64:
		r.form = formF64
		r.f64, err = float64s(r.c, v, n, r.scratchF)
		if r.c.conv != cvDouble {
			r.scratchF = r.f64
		}
	case vector.PhysString:
		if r.c.conv != cvBytes {
			r.form = formStrs
			r.strs, err = strs(r.c, v, n)
			break
		}
		r.form = formStr
		data, offs := v.ByteArray()
		if len(offs) < n+1 {
			return errShort(n, len(offs)-1)
		}
		offs = offs[:n+1]
		prev := offs[0]
		bad := false
		for _, o := range offs[1:] {
			bad = bad || o < prev
			prev = o
		}
		if bad || int(prev) > len(data) {
			return fmt.Errorf("corrupt byte array offsets")
		}
		// One copy of the page's bytes; every value is a substring of it.
		r.str = string(data[:prev])
		r.offs = offs
	case vector.PhysBool:
		r.form = formBool
		r.bools, err = bools(v, n, r.scratchB)
		r.scratchB = r.bools
	case vector.PhysInterval:
		r.form = formIv
		r.ivs, err = intervals(v, n)
	default:
		err = fmt.Errorf("unsupported type %s", r.c.typ)
	}
	return err
}

// fill writes n rows into dst starting at row off; dst holds total rows.
func (r *colReader) fill(dst *vector.Vector, off, n, total int) error {
	for n > 0 {
		if r.rowPos >= r.rowEnd {
			if err := r.nextPage(); err != nil {
				return err
			}
			continue
		}
		k := min(n, r.rowEnd-r.rowPos)
		if !r.hasNulls {
			if r.valPos+k > r.nvals {
				return fmt.Errorf("page holds fewer values than rows")
			}
			r.copyDense(dst, off, r.valPos, k)
			r.valPos += k
		} else {
			pos := grow(r.pos, k)
			r.pos = pos
			defs := r.defs[r.rowPos : r.rowPos+k]
			vp := int32(r.valPos)
			for i, d := range defs {
				if d == r.c.maxDef {
					pos[i] = vp
					vp++
				} else {
					pos[i] = -1
				}
			}
			if int(vp) > r.nvals {
				return fmt.Errorf("page holds fewer values than rows")
			}
			r.valPos = int(vp)
			r.gather(dst, off, pos, total)
		}
		r.rowPos += k
		off += k
		n -= k
	}
	return nil
}

// copyDense copies k dense values starting at value from into dst[off:].
func (r *colReader) copyDense(dst *vector.Vector, off, from, k int) {
	switch r.form {
	case formI64:
		copy(dst.I64[off:off+k], r.i64[from:from+k])
	case formF64:
		copy(dst.F64[off:off+k], r.f64[from:from+k])
	case formStr:
		out := dst.Str[off : off+k]
		offs := r.offs[from : from+k+1]
		s := r.str
		for i := range out {
			out[i] = s[offs[i]:offs[i+1]]
		}
	case formStrs:
		copy(dst.Str[off:off+k], r.strs[from:from+k])
	case formBool:
		copy(dst.Bool[off:off+k], r.bools[from:from+k])
	case formIv:
		copy(dst.Iv[off:off+k], r.ivs[from:from+k])
	case formDictI:
		// Indices were checked against the dictionary in loadIndexed.
		if !simd.GatherInt64(dst.I64[off:off+k], r.dI64, idxU32(r.idx[from:from+k])) {
			panic("dictionary index out of range")
		}
	case formDictF:
		if !simd.GatherFloat64(dst.F64[off:off+k], r.dF64, idxU32(r.idx[from:from+k])) {
			panic("dictionary index out of range")
		}
	case formDictS:
		out := dst.Str[off : off+k]
		d := r.dStr
		for i, x := range r.idx[from : from+k] {
			out[i] = d[x]
		}
	case formDictB:
		out := dst.Bool[off : off+k]
		d := r.dBool
		for i, x := range r.idx[from : from+k] {
			out[i] = d[x]
		}
	case formDictV:
		out := dst.Iv[off : off+k]
		d := r.dIv
		for i, x := range r.idx[from : from+k] {
			out[i] = d[x]
		}
	}
}

// gather writes rows whose dense index is pos[i] (or NULL for -1) into
// dst[off:].
func (r *colReader) gather(dst *vector.Vector, off int, pos []int32, total int) {
	if dst.Valid == nil {
		dst.Valid = vector.NewValidity(total)
	}
	valid := dst.Valid
	for i, p := range pos {
		if p < 0 {
			valid.SetInvalid(off + i)
		}
	}
	switch r.form {
	case formI64:
		out := dst.I64[off:]
		for i, p := range pos {
			if p >= 0 {
				out[i] = r.i64[p]
			}
		}
	case formF64:
		out := dst.F64[off:]
		for i, p := range pos {
			if p >= 0 {
				out[i] = r.f64[p]
			}
		}
	case formStr:
		out := dst.Str[off:]
		for i, p := range pos {
			if p >= 0 {
				out[i] = r.str[r.offs[p]:r.offs[p+1]]
			}
		}
	case formStrs:
		out := dst.Str[off:]
		for i, p := range pos {
			if p >= 0 {
				out[i] = r.strs[p]
			}
		}
	case formBool:
		out := dst.Bool[off:]
		for i, p := range pos {
			if p >= 0 {
				out[i] = r.bools[p]
			}
		}
	case formIv:
		out := dst.Iv[off:]
		for i, p := range pos {
			if p >= 0 {
				out[i] = r.ivs[p]
			}
		}
	case formDictI:
		out := dst.I64[off:]
		for i, p := range pos {
			if p >= 0 {
				out[i] = r.dI64[r.idx[p]]
			}
		}
	case formDictF:
		out := dst.F64[off:]
		for i, p := range pos {
			if p >= 0 {
				out[i] = r.dF64[r.idx[p]]
			}
		}
	case formDictS:
		out := dst.Str[off:]
		for i, p := range pos {
			if p >= 0 {
				out[i] = r.dStr[r.idx[p]]
			}
		}
	case formDictB:
		out := dst.Bool[off:]
		for i, p := range pos {
			if p >= 0 {
				out[i] = r.dBool[r.idx[p]]
			}
		}
	case formDictV:
		out := dst.Iv[off:]
		for i, p := range pos {
			if p >= 0 {
				out[i] = r.dIv[r.idx[p]]
			}
		}
	}
}

// idxU32 views dictionary indices (already checked to be non-negative) as
// the uint32 positions the gather kernels take.
func idxU32(idx []int32) []uint32 {
	if len(idx) == 0 {
		return nil
	}
	return unsafe.Slice((*uint32)(unsafe.Pointer(&idx[0])), len(idx))
}
