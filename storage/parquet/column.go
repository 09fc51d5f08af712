package parquet

import (
	"errors"
	"fmt"
	"io"
	"sync"
	"unsafe"

	"github.com/lhsql/lhsql/simd"
	"github.com/lhsql/lhsql/vector"
	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
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

// colReader streams the values of one column chunk into vectors. Pages
// are decoded natively (decode_page.go) from the column chunk bytes in
// memory; chunks too large to buffer go through parquet-go's pages.
type colReader struct {
	c *colInfo

	// Native page source: the column chunk bytes data, which start at file
	// offset base; next is the file offset of the next page header and end
	// the end of the chunk.
	native bool
	codec  format.CompressionCodec
	data   []byte
	base   int64
	next   int64
	end    int64
	hdrs   pageHeaderReader
	hdr    format.PageHeader // current data page
	body   []byte            // its (compressed) body
	hasHdr bool              // hdr/body describe the current page
	loaded bool              // the current page's values are decoded

	// Page-index source: the locations of the chunk's data pages (from the
	// offset index) and the loaded byte ranges holding the pages that are
	// read; li is the current page. nrows is the row group's row count.
	locs  []format.PageLocation
	li    int
	segs  []segment
	nrows int64

	// Fallback source: parquet-go pages read through src.
	src   io.ReaderAt
	pages pq.Pages
	page  pq.Page

	pageFirst int64 // row (in the row group) of the current page's first row
	defs      []byte
	hasNulls  bool
	rowPos    int // next row (level index) in page
	rowEnd    int // rows in page
	valPos    int // next dense value in page
	nvals     int // dense values in page

	form  form
	i64   []int64
	f64   []float64
	str   string
	offs  []uint32
	strs  []string
	bools []bool
	ivs   []vector.Interval
	idx   []int32

	dict     pq.Dictionary // fallback: parquet-go's dictionary of the chunk
	hasDict  bool          // native: the dictionary page was decoded
	dictForm form
	dictLen  int
	dI64     []int64
	dF64     []float64
	dStr     []string
	dBool    []bool
	dIv      []vector.Interval

	pagesRead, pagesSkipped int64

	// Buffers kept across pages and, through readerPool, across column
	// chunks.
	pageBuf    []uint64
	alignBuf   []uint64
	idxBuf     []int32
	defBuf     []byte
	lvlScratch []int32
	scratchI   []int64
	scratchF   []float64
	scratchB   []bool
	offsBuf    []uint32
	pos        []int32 // per-row dense index, -1 for NULL
}

// readerPool recycles column readers with their buffers. Unlike a
// sync.Pool it survives garbage collections, which a scan triggers often,
// but it holds at most maxPooledBytes of buffers.
var readerPool struct {
	mu    sync.Mutex
	free  []*colReader
	bytes int
}

const maxPooledBytes = 64 << 20

// getReader returns a reset reader for column c.
func getReader(c *colInfo) *colReader {
	p := &readerPool
	p.mu.Lock()
	var r *colReader
	if n := len(p.free); n > 0 {
		r = p.free[n-1]
		p.free[n-1] = nil
		p.free = p.free[:n-1]
		p.bytes -= r.bufBytes()
	}
	p.mu.Unlock()
	if r == nil {
		r = new(colReader)
	}
	r.c = c
	return r
}

// bufBytes is the size of the buffers r keeps.
func (r *colReader) bufBytes() int {
	return 8*(cap(r.pageBuf)+cap(r.alignBuf)+cap(r.scratchI)+cap(r.scratchF)+cap(r.dI64)+cap(r.dF64)) +
		4*(cap(r.idxBuf)+cap(r.lvlScratch)+cap(r.offsBuf)+cap(r.pos)) +
		cap(r.defBuf) + cap(r.scratchB) + cap(r.dBool) + 16*cap(r.dStr) + 16*cap(r.dIv)
}

// putReader closes r and returns it to the pool, keeping its buffers.
func putReader(r *colReader) {
	r.close()
	clear(r.dStr[:cap(r.dStr)]) // drop references to dictionary strings
	*r = colReader{
		hdrs:       r.hdrs,
		pageBuf:    r.pageBuf,
		alignBuf:   r.alignBuf,
		idxBuf:     r.idxBuf[:0],
		defBuf:     r.defBuf[:0],
		lvlScratch: r.lvlScratch[:0],
		scratchI:   r.scratchI[:0],
		scratchF:   r.scratchF[:0],
		scratchB:   r.scratchB[:0],
		pos:        r.pos[:0],
		offsBuf:    r.offsBuf[:0],
		dI64:       r.dI64[:0],
		dF64:       r.dF64[:0],
		dStr:       r.dStr[:0],
		dBool:      r.dBool[:0],
		dIv:        r.dIv[:0],
	}
	p := &readerPool
	n := r.bufBytes()
	p.mu.Lock()
	if p.bytes+n <= maxPooledBytes {
		p.free = append(p.free, r)
		p.bytes += n
	}
	p.mu.Unlock()
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
	}
	r.src = nil
	if r.locs != nil {
		r.pagesSkipped = int64(len(r.locs)) - r.pagesRead
		r.locs = nil
		if len(r.segs) > 0 {
			putBuf(r.segs[0].data)
		}
		r.segs, r.data = nil, nil
		return
	}
	if r.hasHdr && !r.loaded {
		r.pagesSkipped++
	}
	r.hasHdr = false
	if r.native && r.data != nil {
		putBuf(r.data)
	}
	r.data = nil
}

// row returns the row (in the row group) the reader is positioned at.
func (r *colReader) row() int64 { return r.pageFirst + int64(r.rowPos) }

// openPages sets r up to read the pages in locs from segs, the loaded
// ranges of the chunk; segs[0] may hold the dictionary page region.
func (r *colReader) openPages(md *format.ColumnMetaData, locs []format.PageLocation, segs []segment, nrows int64) error {
	r.native = true
	r.codec = md.Codec
	r.locs, r.segs, r.nrows, r.li = locs, segs, nrows, -1
	start, _ := chunkBounds(md)
	if locs[0].Offset > start {
		region, err := segmentAt(segs, start, int(locs[0].Offset-start))
		if err != nil {
			return err
		}
		for pos := 0; pos < len(region); {
			hl, err := r.hdrs.read(region[pos:], &r.hdr)
			if err != nil {
				return err
			}
			size := int(r.hdr.CompressedPageSize)
			if size > len(region)-pos-hl {
				return fmt.Errorf("page of %d bytes overruns the dictionary region", size)
			}
			if r.hdr.Type == format.DictionaryPage && r.hdr.DictionaryPageHeader.Valid {
				if err := r.loadDictPage(&r.hdr, region[pos+hl:pos+hl+size]); err != nil {
					return err
				}
			}
			pos += hl + size
		}
	}
	return nil
}

// advance moves to the next data page without decoding its values.
func (r *colReader) advance() error {
	r.pageFirst += int64(r.rowEnd)
	if !r.native {
		r.rowEnd = 0
		if err := r.nextPage(); err != nil {
			return err
		}
		r.pagesRead++
		r.loaded = true
		return nil
	}
	if r.locs != nil {
		r.li++
		if r.li >= len(r.locs) {
			return fmt.Errorf("column chunk ended before the row group's last row")
		}
		lo, hi := r.locs[r.li].FirstRowIndex, r.nrows
		if r.li+1 < len(r.locs) {
			hi = r.locs[r.li+1].FirstRowIndex
		}
		r.pageFirst = lo
		r.rowPos, r.rowEnd, r.valPos = 0, int(hi-lo), 0
		r.hasHdr, r.loaded = false, false
		return nil
	}
	if r.hasHdr && !r.loaded {
		r.pagesSkipped++
	}
	r.hasHdr, r.loaded = false, false
	r.rowPos, r.rowEnd, r.valPos = 0, 0, 0
	for {
		if r.next >= r.end {
			return fmt.Errorf("column chunk ended before the row group's last row")
		}
		b := r.data[r.next-r.base : r.end-r.base]
		hl, err := r.hdrs.read(b, &r.hdr)
		if err != nil {
			return err
		}
		size := int(r.hdr.CompressedPageSize)
		if size > len(b)-hl {
			return fmt.Errorf("page of %d bytes overruns the column chunk (%d bytes left)", size, len(b)-hl)
		}
		body := b[hl : hl+size]
		r.next += int64(hl + size)
		rows := 0
		switch r.hdr.Type {
		case format.DictionaryPage:
			if !r.hdr.DictionaryPageHeader.Valid {
				return fmt.Errorf("dictionary page without a dictionary page header")
			}
			if err := r.loadDictPage(&r.hdr, body); err != nil {
				return err
			}
			continue
		case format.DataPage:
			if !r.hdr.DataPageHeader.Valid {
				return fmt.Errorf("data page without a data page header")
			}
			rows = int(r.hdr.DataPageHeader.V.NumValues)
		case format.DataPageV2:
			if !r.hdr.DataPageHeaderV2.Valid {
				return fmt.Errorf("data page without a data page header")
			}
			rows = int(r.hdr.DataPageHeaderV2.V.NumRows)
		default:
			continue // index pages and unknown page types carry no rows
		}
		if rows < 0 {
			return fmt.Errorf("page has a negative row count")
		}
		if rows == 0 {
			continue
		}
		r.body, r.rowEnd, r.hasHdr = body, rows, true
		return nil
	}
}

// load decodes the values of the current page.
func (r *colReader) load() error {
	r.loaded = true
	r.pagesRead++
	if r.locs != nil && !r.hasHdr {
		l := &r.locs[r.li]
		b, err := segmentAt(r.segs, l.Offset, int(l.CompressedPageSize))
		if err != nil {
			return err
		}
		hl, err := r.hdrs.read(b, &r.hdr)
		if err != nil {
			return err
		}
		size := int(r.hdr.CompressedPageSize)
		if size > len(b)-hl {
			return fmt.Errorf("page of %d bytes overruns its offset index entry (%d bytes)", size, len(b)-hl)
		}
		rows := -1
		switch {
		case r.hdr.Type == format.DataPage && r.hdr.DataPageHeader.Valid:
			rows = int(r.hdr.DataPageHeader.V.NumValues)
		case r.hdr.Type == format.DataPageV2 && r.hdr.DataPageHeaderV2.Valid:
			rows = int(r.hdr.DataPageHeaderV2.V.NumRows)
		}
		if rows != r.rowEnd {
			return fmt.Errorf("page has %d rows, offset index says %d", rows, r.rowEnd)
		}
		r.body, r.hasHdr = b[hl:hl+size], true
	}
	if err := r.loadDataPage(); err != nil {
		return err
	}
	// Rows skipped before the page was decoded.
	r.valPos = r.rowPos
	if r.hasNulls {
		r.valPos = 0
		md := r.c.maxDef
		for _, d := range r.defs[:r.rowPos] {
			if d == md {
				r.valPos++
			}
		}
	}
	return nil
}

// skip passes over k rows; pages passed as a whole are not decoded.
func (r *colReader) skip(k int) error {
	for k > 0 {
		if r.rowPos >= r.rowEnd {
			if err := r.advance(); err != nil {
				return err
			}
			continue
		}
		avail := r.rowEnd - r.rowPos
		s := min(k, avail)
		if !r.loaded {
			// Decoding waits until a row of the page is read (load
			// then positions the values at rowPos).
			r.rowPos += s
			k -= s
			continue
		}
		if r.hasNulls {
			md := r.c.maxDef
			for _, d := range r.defs[r.rowPos : r.rowPos+s] {
				if d == md {
					r.valPos++
				}
			}
		} else {
			r.valPos += s
		}
		r.rowPos += s
		k -= s
	}
	return nil
}

// nextPage loads the next data page of the column chunk through parquet-go.
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
	return r.setValues(page.Data())
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
	// Indices are checked against the dictionary where they are used.
	r.idx = idx[:r.nvals]
	r.form = r.dictForm
	return nil
}

func (r *colReader) loadDict(d pq.Dictionary) error {
	saved := r.nvals
	r.nvals = d.Len()
	err := r.setValues(d.Page().Data())
	n := r.nvals
	r.nvals = saved
	if err != nil {
		return err
	}
	return r.adoptDict(n)
}

// read returns the next n rows as a new vector of type t. Dense values
// of one page are copied into a fresh slice without zeroing it first.
func (r *colReader) read(t vector.Type, n int) (*vector.Vector, error) {
	if r.rowPos >= r.rowEnd {
		if err := r.advance(); err != nil {
			return nil, err
		}
	}
	if !r.loaded {
		if err := r.load(); err != nil {
			return nil, err
		}
	}
	if !r.hasNulls && r.rowEnd-r.rowPos >= n && r.valPos+n <= r.nvals {
		from := r.valPos
		switch r.form {
		case formI64:
			r.valPos += n
			r.rowPos += n
			return &vector.Vector{Typ: t, I64: append([]int64(nil), r.i64[from:from+n]...)}, nil
		case formF64:
			r.valPos += n
			r.rowPos += n
			return &vector.Vector{Typ: t, F64: append([]float64(nil), r.f64[from:from+n]...)}, nil
		}
	}
	v := vector.New(t, n)
	if err := r.fill(v, 0, n, n); err != nil {
		return nil, err
	}
	return v, nil
}

// fill writes n rows into dst starting at row off; dst holds total rows.
func (r *colReader) fill(dst *vector.Vector, off, n, total int) error {
	for n > 0 {
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
	case formStrPL:
		out := dst.Str[off : off+k]
		offs := r.offs[from : from+k+1]
		s := r.str
		for i := range out {
			out[i] = s[offs[i]+4 : offs[i+1]]
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
	case formStrPL:
		out := dst.Str[off:]
		for i, p := range pos {
			if p >= 0 {
				out[i] = r.str[r.offs[p]+4 : r.offs[p+1]]
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
