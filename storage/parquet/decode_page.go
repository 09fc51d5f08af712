package parquet

import (
	"encoding/binary"
	"fmt"
	"math"
	"unsafe"

	"github.com/lhsql/lhsql/simd"
	"github.com/lhsql/lhsql/vector"
	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/encoding"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"
)

// This file decodes the pages of flat column chunks without parquet-go's
// page abstraction: page headers are read with parquet-go's thrift types,
// page bodies are decompressed into buffers the reader keeps, and PLAIN
// values, dictionary indices and definition levels are decoded straight
// into the reader's slices (bit-packed runs with simd.UnpackInt32). Value
// encodings other than PLAIN and the dictionary ones go through
// parquet-go's encoding package.

// maxPageSize bounds the uncompressed size of one page; a larger size in a
// page header is taken as corruption rather than allocated.
const maxPageSize = 1 << 30

// formStrPL is the form of PLAIN BYTE_ARRAY values: value i is
// str[offs[i]+4 : offs[i+1]] (the length prefixes stay in str).
const formStrPL form = 100

// pageHeaderReader decodes thrift page headers, reusing its decoder.
type pageHeaderReader struct {
	proto thrift.CompactProtocol
	br    thrift.BytesReader
	dec   *thrift.Decoder
}

// read decodes the page header at the start of b and returns its length.
func (p *pageHeaderReader) read(b []byte, h *format.PageHeader) (int, error) {
	if p.br == nil {
		p.br = p.proto.NewReaderFromBytes(b)
		p.dec = thrift.NewDecoder(p.br)
	} else {
		p.br.ResetBytes(b)
	}
	*h = format.PageHeader{}
	if err := p.dec.Decode(h); err != nil {
		return 0, fmt.Errorf("page header: %w", err)
	}
	n := p.br.BytesRead()
	if h.CompressedPageSize < 0 || h.UncompressedPageSize < 0 || h.UncompressedPageSize > maxPageSize {
		return 0, fmt.Errorf("page header has invalid sizes (compressed %d, uncompressed %d)",
			h.CompressedPageSize, h.UncompressedPageSize)
	}
	return n, nil
}

// decompress returns the uncompressed form of src, which must have size
// bytes, in r's page buffer (or src itself for uncompressed data).
func (r *colReader) decompress(src []byte, size int) ([]byte, error) {
	if r.codec == format.Uncompressed {
		if len(src) != size {
			return nil, fmt.Errorf("uncompressed page holds %d bytes, header says %d", len(src), size)
		}
		return src, nil
	}
	if size > len(src)*1024+1<<16 {
		// No codec used in Parquet expands data beyond this.
		return nil, fmt.Errorf("page of %d compressed bytes claims %d uncompressed bytes", len(src), size)
	}
	buf := alignedBuf(&r.pageBuf, size)
	out, err := pq.LookupCompressionCodec(r.codec).Decode(buf[:0], src)
	if err != nil {
		return nil, fmt.Errorf("decompressing %s page: %w", r.codec, err)
	}
	if len(out) != size {
		return nil, fmt.Errorf("page decompressed to %d bytes, header says %d", len(out), size)
	}
	return out, nil
}

// alignedBuf returns n bytes of *words, grown when needed, viewed as bytes
// so that the start is 8-byte aligned.
func alignedBuf(words *[]uint64, n int) []byte {
	w := (n + 7) / 8
	if cap(*words) < w {
		*words = make([]uint64, w+w/4)
	}
	*words = (*words)[:cap(*words)]
	if len(*words) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&(*words)[0])), len(*words)*8)[:n]
}

// aligned returns b when it starts on a multiple of align bytes, and
// otherwise a copy of b in *words.
func aligned(words *[]uint64, b []byte, align uintptr) []byte {
	if len(b) == 0 || uintptr(unsafe.Pointer(&b[0]))%align == 0 {
		return b
	}
	buf := alignedBuf(words, len(b))
	copy(buf, b)
	return buf
}

// viewInt64 views 8-byte aligned little-endian bytes as int64 values.
func viewInt64(b []byte, n int) []int64 {
	if n == 0 {
		return nil
	}
	return unsafe.Slice((*int64)(unsafe.Pointer(&b[0])), n)
}

func viewFloat64(b []byte, n int) []float64 {
	if n == 0 {
		return nil
	}
	return unsafe.Slice((*float64)(unsafe.Pointer(&b[0])), n)
}

// bigEndian is true on big-endian machines, where PLAIN values cannot be
// viewed in place.
var bigEndian = func() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 0
}()

// uvarint decodes an unsigned LEB128 of at most 5 bytes.
func uvarint(b []byte) (uint64, int) {
	var x uint64
	for i := 0; i < len(b) && i < 5; i++ {
		c := b[i]
		x |= uint64(c&0x7f) << (7 * uint(i))
		if c < 0x80 {
			return x, i + 1
		}
	}
	return 0, 0
}

// decodeHybridInt32 decodes len(dst) values of bit width w (0..32) from
// the RLE/bit-packed hybrid encoding in src (without a length prefix).
func decodeHybridInt32(dst []int32, src []byte, w int) error {
	if w < 0 || w > 32 {
		return fmt.Errorf("bit width %d out of range", w)
	}
	if w == 0 {
		clear(dst)
		return nil
	}
	vb := (w + 7) / 8
	for len(dst) > 0 {
		h, n := uvarint(src)
		if n == 0 {
			return fmt.Errorf("RLE/bit-packed data ends %d values early", len(dst))
		}
		src = src[n:]
		if h&1 == 0 { // RLE run
			cnt := int(min(h>>1, uint64(len(dst))))
			if len(src) < vb {
				return fmt.Errorf("truncated RLE run")
			}
			var v uint32
			for i := 0; i < vb; i++ {
				v |= uint32(src[i]) << (8 * uint(i))
			}
			src = src[vb:]
			fillInt32(dst[:cnt], int32(v))
			dst = dst[cnt:]
			continue
		}
		groups := h >> 1
		nb := int(min(groups*uint64(w), uint64(len(src))))
		cnt := int(min(groups*8, uint64(len(dst))))
		if nb < 64 && 8%w == 0 {
			// Short runs of narrow values (low-cardinality columns
			// alternate them with RLE runs) are cheaper byte by byte.
			if (cnt*w+7)/8 > nb {
				return fmt.Errorf("truncated bit-packed run")
			}
			unpackSmall(dst[:cnt], src[:nb], w)
		} else if err := simd.UnpackInt32(dst[:cnt], src[:nb], w); err != nil {
			return fmt.Errorf("truncated bit-packed run")
		}
		src = src[nb:]
		dst = dst[cnt:]
	}
	return nil
}

// unpackSmall unpacks values of width w (1, 2, 4 or 8 bits) from src.
func unpackSmall(dst []int32, src []byte, w int) {
	per := 8 / w
	mask := byte(1)<<uint(w) - 1
	if w == 8 {
		mask = 0xff
	}
	i := 0
	for _, b := range src {
		if len(dst)-i < per {
			for ; i < len(dst); i++ {
				dst[i] = int32(b & mask)
				b >>= uint(w)
			}
			return
		}
		out := dst[i : i+per]
		for j := range out {
			out[j] = int32(b & mask)
			b >>= uint(w)
		}
		i += per
	}
}

func fillInt32(s []int32, v int32) {
	if len(s) == 0 {
		return
	}
	s[0] = v
	for i := 1; i < len(s); i *= 2 {
		copy(s[i:], s[:i])
	}
}

func fillBytes(s []byte, v byte) {
	if len(s) == 0 {
		return
	}
	s[0] = v
	for i := 1; i < len(s); i *= 2 {
		copy(s[i:], s[:i])
	}
}

// decodeLevels decodes len(dst) definition levels of bit width w (1..8)
// from RLE/bit-packed hybrid data, using scratch for bit-packed runs.
func decodeLevels(dst []byte, src []byte, w int, scratch *[]int32) error {
	if w < 1 || w > 8 {
		return fmt.Errorf("level bit width %d out of range", w)
	}
	for len(dst) > 0 {
		h, n := uvarint(src)
		if n == 0 {
			return fmt.Errorf("definition levels end %d values early", len(dst))
		}
		src = src[n:]
		if h&1 == 0 {
			cnt := int(min(h>>1, uint64(len(dst))))
			if len(src) < 1 {
				return fmt.Errorf("truncated RLE run in definition levels")
			}
			fillBytes(dst[:cnt], src[0])
			src = src[1:]
			dst = dst[cnt:]
			continue
		}
		groups := h >> 1
		nb := int(min(groups*uint64(w), uint64(len(src))))
		cnt := int(min(groups*8, uint64(len(dst))))
		if (cnt*w+7)/8 > nb {
			return fmt.Errorf("truncated bit-packed run in definition levels")
		}
		if w == 1 {
			b := src[:nb]
			out := dst[:cnt]
			for i := range out {
				out[i] = b[i>>3] >> (uint(i) & 7) & 1
			}
		} else {
			tmp := grow(*scratch, cnt)
			*scratch = tmp
			if err := simd.UnpackInt32(tmp, src[:nb], w); err != nil {
				return err
			}
			for i, x := range tmp {
				dst[i] = byte(x)
			}
		}
		src = src[nb:]
		dst = dst[cnt:]
	}
	return nil
}

// decodeBitPackedLevels decodes the deprecated BIT_PACKED level encoding
// (most significant bit first) and returns the bytes it used.
func decodeBitPackedLevels(dst []byte, src []byte, w int) (int, error) {
	nb := (len(dst)*w + 7) / 8
	if len(src) < nb {
		return 0, fmt.Errorf("truncated BIT_PACKED definition levels")
	}
	bit := 0
	for i := range dst {
		var v byte
		for j := 0; j < w; j++ {
			v = v<<1 | src[bit>>3]>>(7-uint(bit&7))&1
			bit++
		}
		dst[i] = v
	}
	return nb, nil
}

// physType returns the parquet-go type of the column's physical values,
// for decoding with parquet-go's encodings.
func physType(c *colInfo) pq.Type {
	switch c.conv {
	case cvBool:
		return pq.BooleanType
	case cvInt32, cvUint32:
		return pq.Int32Type
	case cvInt64:
		return pq.Int64Type
	case cvInt96:
		return pq.Int96Type
	case cvFloat:
		return pq.FloatType
	case cvDouble:
		return pq.DoubleType
	case cvBytes, cvDecBytes:
		return pq.ByteArrayType
	}
	return pq.FixedLenByteArrayType(c.size)
}

// decodePlain decodes n PLAIN values from b into r's value slices and sets
// r.form. Slices may view b.
func (r *colReader) decodePlain(b []byte, n int) error {
	c := r.c
	switch c.conv {
	case cvInt64:
		if len(b) < 8*n {
			return errShort(n, len(b)/8)
		}
		b = b[:8*n]
		r.form = formI64
		if c.mul == 1 && c.div == 1 && !bigEndian {
			r.i64 = viewInt64(aligned(&r.alignBuf, b, 8), n)
			return nil
		}
		dst := grow(r.scratchI, n)
		r.scratchI = dst
		switch {
		case c.div != 1:
			for i := range dst {
				dst[i] = int64(binary.LittleEndian.Uint64(b[8*i:])) / c.div
			}
		default:
			for i := range dst {
				dst[i] = int64(binary.LittleEndian.Uint64(b[8*i:])) * c.mul
			}
		}
		r.i64 = dst
		return nil
	case cvInt32, cvUint32:
		if len(b) < 4*n {
			return errShort(n, len(b)/4)
		}
		b = b[:4*n]
		dst := grow(r.scratchI, n)
		r.scratchI = dst
		if c.conv == cvUint32 {
			for i := range dst {
				dst[i] = int64(binary.LittleEndian.Uint32(b[4*i:]))
			}
		} else if m := c.mul; m != 1 {
			for i := range dst {
				dst[i] = int64(int32(binary.LittleEndian.Uint32(b[4*i:]))) * m
			}
		} else {
			for i := range dst {
				dst[i] = int64(int32(binary.LittleEndian.Uint32(b[4*i:])))
			}
		}
		r.form, r.i64 = formI64, dst
		return nil
	case cvInt96:
		if len(b) < 12*n {
			return errShort(n, len(b)/12)
		}
		dst := grow(r.scratchI, n)
		r.scratchI = dst
		for i := range dst {
			x := b[12*i:]
			nanos := int64(binary.LittleEndian.Uint64(x))
			days := int64(int32(binary.LittleEndian.Uint32(x[8:]))) - julianEpoch
			dst[i] = days*vector.MicrosPerDay + nanos/1000
		}
		r.form, r.i64 = formI64, dst
		return nil
	case cvDouble:
		if len(b) < 8*n {
			return errShort(n, len(b)/8)
		}
		b = b[:8*n]
		r.form = formF64
		if !bigEndian {
			r.f64 = viewFloat64(aligned(&r.alignBuf, b, 8), n)
			return nil
		}
		dst := grow(r.scratchF, n)
		r.scratchF = dst
		for i := range dst {
			dst[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
		}
		r.f64 = dst
		return nil
	case cvFloat:
		if len(b) < 4*n {
			return errShort(n, len(b)/4)
		}
		dst := grow(r.scratchF, n)
		r.scratchF = dst
		for i := range dst {
			dst[i] = float64(math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:])))
		}
		r.form, r.f64 = formF64, dst
		return nil
	case cvBool:
		if len(b)*8 < n {
			return errShort(n, len(b)*8)
		}
		dst := grow(r.scratchB, n)
		r.scratchB = dst
		for i := range dst {
			dst[i] = b[i>>3]>>(uint(i)&7)&1 != 0
		}
		r.form, r.bools = formBool, dst
		return nil
	case cvBytes:
		offs := grow(r.offsBuf, n+1)
		r.offsBuf, r.offs = offs, offs
		pos := 0
		for i := 0; i < n; i++ {
			if len(b)-pos < 4 {
				return errShort(n, i)
			}
			l := int(binary.LittleEndian.Uint32(b[pos:]))
			offs[i] = uint32(pos)
			if l < 0 || l > len(b)-pos-4 {
				return fmt.Errorf("corrupt byte array length %d", l)
			}
			pos += 4 + l
		}
		offs[n] = uint32(pos)
		r.form = formStrPL
		r.str = string(b[:pos])
		return nil
	case cvDecBytes:
		dst := grow(r.scratchI, n)
		r.scratchI = dst
		pos := 0
		for i := 0; i < n; i++ {
			if len(b)-pos < 4 {
				return errShort(n, i)
			}
			l := int(binary.LittleEndian.Uint32(b[pos:]))
			if l < 0 || l > len(b)-pos-4 {
				return fmt.Errorf("corrupt byte array length %d", l)
			}
			x, err := decodeBigEndian(b[pos+4 : pos+4+l])
			if err != nil {
				return err
			}
			dst[i] = x
			pos += 4 + l
		}
		r.form, r.i64 = formI64, dst
		return nil
	}
	// FIXED_LEN_BYTE_ARRAY conversions.
	size := c.size
	if size <= 0 || len(b)/size < n {
		return errShort(n, len(b)/max(size, 1))
	}
	return r.setValues(encoding.FixedLenByteArrayValues(b[:n*size], size))
}

// setValues converts n = r.nvals dense values decoded by parquet-go into
// r's value slices and sets r.form.
func (r *colReader) setValues(v encoding.Values) error {
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
		r.offsBuf = append(r.offsBuf[:0], offs...)
		r.offs = r.offsBuf
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

// decodeValues decodes the r.nvals dense values of a data page in encoding
// enc.
func (r *colReader) decodeValues(b []byte, enc format.Encoding) error {
	switch enc {
	case format.Plain:
		return r.decodePlain(b, r.nvals)
	case format.PlainDictionary, format.RLEDictionary:
		if !r.hasDict {
			return fmt.Errorf("dictionary-encoded page without a dictionary page")
		}
		if len(b) < 1 {
			if r.nvals == 0 {
				r.form = r.dictForm
				r.idx = r.idx[:0]
				return nil
			}
			return fmt.Errorf("dictionary-encoded page without data")
		}
		idx := grow(r.idxBuf, r.nvals)
		r.idxBuf = idx
		if err := decodeHybridInt32(idx, b[1:], int(b[0])); err != nil {
			return fmt.Errorf("dictionary indices: %w", err)
		}
		// Indices are checked against the dictionary where they are used.
		r.form, r.idx = r.dictForm, idx
		return nil
	}
	if isNativeDeltaEncoding(enc) {
		plain, err := decodeToPlain(b, enc, physType(r.c).Kind(), r.c.size, r.nvals)
		if err != nil {
			return fmt.Errorf("decoding %s values: %w", enc, err)
		}
		return r.decodePlain(plain, r.nvals)
	}
	e := pq.LookupEncoding(enc)
	if _, ok := e.(encoding.NotSupported); ok {
		return fmt.Errorf("unsupported encoding %s", enc)
	}
	pt := physType(r.c)
	v, err := pt.Decode(pt.NewValues(nil, nil), b, e)
	if err != nil {
		return fmt.Errorf("decoding %s values: %w", enc, err)
	}
	return r.setValues(v)
}

// loadDictPage decodes a dictionary page body.
func (r *colReader) loadDictPage(h *format.PageHeader, body []byte) error {
	dh := &h.DictionaryPageHeader.V
	n := int(dh.NumValues)
	raw, err := r.decompress(body, int(h.UncompressedPageSize))
	if err != nil {
		return fmt.Errorf("dictionary: %w", err)
	}
	// Every PLAIN value takes at least one bit; more entries than bits is
	// corruption (and would otherwise size a huge allocation).
	if n < 0 || n > 8*len(raw)+8 {
		return fmt.Errorf("dictionary: page of %d bytes claims %d values", len(raw), n)
	}
	saved := r.nvals
	r.nvals = n
	defer func() { r.nvals = saved }()
	switch dh.Encoding {
	case format.Plain, format.PlainDictionary:
		err = r.decodePlain(raw, n)
	default:
		err = r.decodeValues(raw, dh.Encoding)
	}
	if err != nil {
		return fmt.Errorf("dictionary: %w", err)
	}
	if err := r.adoptDict(n); err != nil {
		return fmt.Errorf("dictionary: %w", err)
	}
	r.hasDict = true
	return nil
}

// adoptDict keeps the n values just decoded (r.form) as the column
// chunk's dictionary: it copies them into the dictionary slices, sets
// r.dictForm to the matching indexed form and r.dictLen to n.
func (r *colReader) adoptDict(n int) error {
	switch r.form {
	case formI64:
		r.dI64 = append(r.dI64[:0], r.i64[:n]...)
		r.dictForm = formDictI
	case formF64:
		r.dF64 = append(r.dF64[:0], r.f64[:n]...)
		r.dictForm = formDictF
	case formStrPL:
		d := grow(r.dStr, n)
		s := r.str
		for i := range d {
			d[i] = s[r.offs[i]+4 : r.offs[i+1]]
		}
		r.dStr, r.dictForm = d, formDictS
	case formStr:
		d := grow(r.dStr, n)
		s := r.str
		for i := range d {
			d[i] = s[r.offs[i]:r.offs[i+1]]
		}
		r.dStr, r.dictForm = d, formDictS
	case formStrs:
		r.dStr, r.dictForm = append(r.dStr[:0], r.strs[:n]...), formDictS
	case formBool:
		r.dBool, r.dictForm = append(r.dBool[:0], r.bools[:n]...), formDictB
	case formIv:
		r.dIv, r.dictForm = append(r.dIv[:0], r.ivs[:n]...), formDictV
	default:
		return fmt.Errorf("unsupported value form %d", r.form)
	}
	r.dictLen = n
	return nil
}

// loadDataPage decodes the body of the current data page (r.hdr, r.body):
// definition levels into r.defs and the dense values.
func (r *colReader) loadDataPage() error {
	h := &r.hdr
	rows := r.rowEnd
	maxDef := r.c.maxDef
	var levels, values []byte
	var enc format.Encoding
	levelsRLE := true
	switch {
	case h.Type == format.DataPage:
		dh := &h.DataPageHeader.V
		enc = dh.Encoding
		raw, err := r.decompress(r.body, int(h.UncompressedPageSize))
		if err != nil {
			return err
		}
		values = raw
		if maxDef > 0 {
			switch dh.DefinitionLevelEncoding {
			case format.RLE:
				if len(raw) < 4 {
					return fmt.Errorf("truncated definition levels")
				}
				n := int(binary.LittleEndian.Uint32(raw))
				if n < 0 || n > len(raw)-4 {
					return fmt.Errorf("definition levels of %d bytes in a page of %d", n, len(raw))
				}
				levels, values = raw[4:4+n], raw[4+n:]
			case format.BitPacked:
				levelsRLE = false
				levels = raw
			default:
				return fmt.Errorf("unsupported definition level encoding %s", dh.DefinitionLevelEncoding)
			}
		}
	default: // format.DataPageV2
		dh := &h.DataPageHeaderV2.V
		enc = dh.Encoding
		rl, dl := int(dh.RepetitionLevelsByteLength), int(dh.DefinitionLevelsByteLength)
		if rl < 0 || dl < 0 || rl+dl > len(r.body) {
			return fmt.Errorf("page levels of %d+%d bytes in a page of %d", rl, dl, len(r.body))
		}
		levels = r.body[rl : rl+dl]
		values = r.body[rl+dl:]
		if !dh.IsCompressed.Valid || dh.IsCompressed.V {
			var err error
			values, err = r.decompress(values, int(h.UncompressedPageSize)-rl-dl)
			if err != nil {
				return err
			}
		}
	}
	nulls := 0
	r.hasNulls = false
	if maxDef > 0 {
		defs := grow(r.defBuf, rows)
		r.defBuf = defs
		if levelsRLE {
			if err := decodeLevels(defs, levels, 1, &r.lvlScratch); err != nil {
				return err
			}
		} else {
			n, err := decodeBitPackedLevels(defs, levels, 1)
			if err != nil {
				return err
			}
			values = levels[n:]
		}
		valid := 0
		for _, d := range defs {
			if d == maxDef {
				valid++
			}
		}
		nulls = rows - valid
		r.defs = defs
		r.hasNulls = nulls > 0
	}
	r.nvals = rows - nulls
	return r.decodeValues(values, enc)
}
