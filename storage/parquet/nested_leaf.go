package parquet

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/lhsql/lhsql/vector"
	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// This file decodes the leaf column chunks of nested columns: every page
// of a chunk is decoded, with the native page decoder of decode_page.go
// (or parquet-go's pages as a fallback), into repetition and definition
// levels and the dense values in typed slices. Record assembly (nested.go)
// builds vectors from them.

// leafData holds the decoded entries of one leaf column chunk. Entry i has
// repetition level rep[i] and definition level def[i]; the entries whose
// definition level is the leaf's maximum carry the dense values, in order,
// in the typed slice of vals that matches the leaf's physical type.
//
// Invariants after decoding: len(rep) == len(def); every level is at most
// the leaf's maximum; the number of entries at the maximum definition level
// is nvals; rep[0] == 0 when there are entries.
type leafData struct {
	rep, def []byte
	vals     vector.Vector // dense values; never has validity
	nvals    int
	pos      int // first entry of the next batch of rows
	vpos     int // first dense value of the next batch of rows
}

// leafPool recycles leafData buffers across row groups (like readerPool,
// it survives garbage collections and holds at most maxPooledBytes).
var leafPool struct {
	mu    sync.Mutex
	free  []*leafData
	bytes int
}

// bufBytes is the size of the buffers d keeps.
func (d *leafData) bufBytes() int {
	v := &d.vals
	return cap(d.rep) + cap(d.def) + 8*(cap(v.I64)+cap(v.F64)) + 16*(cap(v.Str)+cap(v.Iv)) + cap(v.Bool)
}

// getLeaf returns empty leaf data for values of type t.
func getLeaf(t vector.Type) *leafData {
	p := &leafPool
	p.mu.Lock()
	var d *leafData
	if n := len(p.free); n > 0 {
		d = p.free[n-1]
		p.free[n-1] = nil
		p.free = p.free[:n-1]
		p.bytes -= d.bufBytes()
	}
	p.mu.Unlock()
	if d == nil {
		d = new(leafData)
	}
	d.vals.Typ = t
	return d
}

// putLeaf returns d to the pool, dropping references to string data.
func putLeaf(d *leafData) {
	v := &d.vals
	clear(v.Str)
	*d = leafData{rep: d.rep[:0], def: d.def[:0], vals: vector.Vector{
		I64: v.I64[:0], F64: v.F64[:0], Str: v.Str[:0], Bool: v.Bool[:0], Iv: v.Iv[:0],
	}}
	n := d.bufBytes()
	p := &leafPool
	p.mu.Lock()
	if p.bytes+n <= maxPooledBytes {
		p.free = append(p.free, d)
		p.bytes += n
	}
	p.mu.Unlock()
}

// extend returns s grown by k elements (not zeroed when reused).
func extend[T any](s []T, k int) []T {
	return slices.Grow(s, k)[:len(s)+k]
}

// levels grows the level slices by k entries and returns the new tails.
func (d *leafData) levels(k int) (rep, def []byte) {
	n := len(d.rep)
	d.rep, d.def = extend(d.rep, k), extend(d.def, k)
	return d.rep[n:], d.def[n:]
}

// maxPageEntries bounds the entries of one page beyond what its size
// implies, so that a corrupt header cannot size a huge allocation.
const maxPageEntries = 1 << 24

// readLeaf decodes the leaf column chunk (metadata md) of leaf node ln into
// new leaf data, which the caller releases with putLeaf.
func (s *scanner) readLeaf(fl *file, md *format.ColumnMetaData, chunk pq.ColumnChunk, ln *nestNode) (*leafData, error) {
	if md.NumValues < 0 || md.NumValues > 1<<31-1 {
		return nil, fmt.Errorf("column chunk has %d values", md.NumValues)
	}
	ra, n, err := loadChunk(fl, md)
	if err != nil {
		return nil, err
	}
	atomic.AddInt64(&s.stats.BytesRead, n)
	d := getLeaf(ln.typ)
	var pages int64
	if cr, ok := ra.(*chunkReader); ok && !forceFallback {
		r := getReader(&ln.info)
		r.codec = md.Codec
		pages, err = d.decodeChunk(r, ln, md, cr.data)
		putReader(r)
	} else if cc, ok := chunk.(*pq.FileColumnChunk); ok {
		pages, err = d.decodePages(cc.PagesFrom(ra), ln, md)
	} else {
		err = fmt.Errorf("unexpected column chunk type %T", chunk)
	}
	if cr, ok := ra.(*chunkReader); ok {
		putBuf(cr.data)
		cr.data = nil
	}
	atomic.AddInt64(&s.stats.Pages, pages)
	if err == nil && len(d.rep) > 0 && d.rep[0] != 0 {
		err = fmt.Errorf("first value has repetition level %d", d.rep[0])
	}
	if err != nil {
		putLeaf(d)
		return nil, err
	}
	return d, nil
}

// decodeChunk decodes the pages of a column chunk held in memory with the
// native page decoder r.
func (d *leafData) decodeChunk(r *colReader, ln *nestNode, md *format.ColumnMetaData, data []byte) (int64, error) {
	total := int(md.NumValues)
	d.rep = slices.Grow(d.rep, min(total, maxPageEntries))
	d.def = slices.Grow(d.def, min(total, maxPageEntries))
	var pages int64
	for pos := 0; pos < len(data); {
		h := &r.hdr
		hl, err := r.hdrs.read(data[pos:], h)
		if err != nil {
			return pages, err
		}
		size := int(h.CompressedPageSize)
		if size > len(data)-pos-hl {
			return pages, fmt.Errorf("page of %d bytes overruns the column chunk (%d bytes left)", size, len(data)-pos-hl)
		}
		body := data[pos+hl : pos+hl+size]
		pos += hl + size
		switch h.Type {
		case format.DictionaryPage:
			if !h.DictionaryPageHeader.Valid {
				return pages, fmt.Errorf("dictionary page without a dictionary page header")
			}
			if err := r.loadDictPage(h, body); err != nil {
				return pages, err
			}
			continue
		case format.DataPage:
			if !h.DataPageHeader.Valid {
				return pages, fmt.Errorf("data page without a data page header")
			}
		case format.DataPageV2:
			if !h.DataPageHeaderV2.Valid {
				return pages, fmt.Errorf("data page without a data page header")
			}
		default:
			continue // index pages and unknown page types carry no values
		}
		pages++
		if err := d.decodeDataPage(r, ln, body, total); err != nil {
			return pages, fmt.Errorf("page %d: %w", pages-1, err)
		}
	}
	if len(d.rep) != total {
		return pages, fmt.Errorf("pages hold %d values, column chunk metadata says %d", len(d.rep), total)
	}
	return pages, nil
}

// decodeDataPage decodes the levels and values of the data page r.hdr with
// body and appends them to d; the chunk holds total entries.
func (d *leafData) decodeDataPage(r *colReader, ln *nestNode, body []byte, total int) error {
	h := &r.hdr
	var nv int
	var enc format.Encoding
	var repLv, defLv, values []byte
	repRLE, defRLE := true, true
	if h.Type == format.DataPage {
		dh := &h.DataPageHeader.V
		nv, enc = int(dh.NumValues), dh.Encoding
		raw, err := r.decompress(body, int(h.UncompressedPageSize))
		if err != nil {
			return err
		}
		if ln.rep > 0 {
			if repLv, raw, repRLE, err = splitLevelsV1(raw, dh.RepetitionLevelEncoding, nv, ln.rep); err != nil {
				return fmt.Errorf("repetition levels: %w", err)
			}
		}
		if ln.def > 0 {
			if defLv, raw, defRLE, err = splitLevelsV1(raw, dh.DefinitionLevelEncoding, nv, ln.def); err != nil {
				return fmt.Errorf("definition levels: %w", err)
			}
		}
		values = raw
	} else {
		dh := &h.DataPageHeaderV2.V
		nv, enc = int(dh.NumValues), dh.Encoding
		rl, dl := int(dh.RepetitionLevelsByteLength), int(dh.DefinitionLevelsByteLength)
		if rl < 0 || dl < 0 || rl+dl > len(body) {
			return fmt.Errorf("page levels of %d+%d bytes in a page of %d", rl, dl, len(body))
		}
		repLv, defLv, values = body[:rl], body[rl:rl+dl], body[rl+dl:]
		if !dh.IsCompressed.Valid || dh.IsCompressed.V {
			var err error
			if values, err = r.decompress(values, int(h.UncompressedPageSize)-rl-dl); err != nil {
				return err
			}
		}
	}
	if nv < 0 || nv > total-len(d.rep) {
		return fmt.Errorf("page holds %d values, more than the column chunk's %d", nv, total)
	}
	if nv > maxPageEntries && nv > 8*int(h.UncompressedPageSize)+64 {
		return fmt.Errorf("page of %d bytes claims %d values", h.UncompressedPageSize, nv)
	}
	rep, def := d.levels(nv)
	if err := decodeLevelsAs(rep, repLv, ln.rep, repRLE, &r.lvlScratch); err != nil {
		return fmt.Errorf("repetition levels: %w", err)
	}
	if err := decodeLevelsAs(def, defLv, ln.def, defRLE, &r.lvlScratch); err != nil {
		return fmt.Errorf("definition levels: %w", err)
	}
	if top := maxLevel(rep); top > ln.rep {
		return fmt.Errorf("repetition level %d exceeds the maximum %d", top, ln.rep)
	}
	maxDef := ln.def
	dense, top := 0, byte(0)
	for _, x := range def {
		top = max(top, x)
		if x == maxDef {
			dense++
		}
	}
	if top > maxDef {
		return fmt.Errorf("definition level %d exceeds the maximum %d", top, maxDef)
	}
	r.nvals = dense
	if dense == 0 {
		return nil
	}
	if err := r.decodeValues(values, enc); err != nil {
		return err
	}
	return d.appendDense(r, dense)
}

// maxLevel returns the largest level in b (0 for none).
func maxLevel(b []byte) byte {
	var m byte
	for _, x := range b {
		m = max(m, x)
	}
	return m
}

// splitLevelsV1 splits the levels of nv entries (maximum level max) off the
// front of a V1 page body in encoding enc. It returns the level bytes, the
// rest of the body and whether the levels use the RLE/bit-packed hybrid
// (else the deprecated BIT_PACKED encoding).
func splitLevelsV1(raw []byte, enc format.Encoding, nv int, max byte) ([]byte, []byte, bool, error) {
	switch enc {
	case format.RLE:
		if len(raw) < 4 {
			return nil, nil, false, errors.New("truncated")
		}
		n := int(binary.LittleEndian.Uint32(raw))
		if n < 0 || n > len(raw)-4 {
			return nil, nil, false, fmt.Errorf("%d bytes in a page of %d", n, len(raw))
		}
		return raw[4 : 4+n], raw[4+n:], true, nil
	case format.BitPacked:
		nb := (nv*bits.Len8(max) + 7) / 8
		if nb > len(raw) {
			return nil, nil, false, errors.New("truncated")
		}
		return raw[:nb], raw[nb:], false, nil
	}
	return nil, nil, false, fmt.Errorf("unsupported encoding %s", enc)
}

// decodeLevelsAs decodes len(dst) levels of maximum max from src, all zero
// when max is zero.
func decodeLevelsAs(dst, src []byte, max byte, rle bool, scratch *[]int32) error {
	if max == 0 {
		clear(dst)
		return nil
	}
	w := bits.Len8(max)
	if rle {
		return decodeLevels(dst, src, w, scratch)
	}
	_, err := decodeBitPackedLevels(dst, src, w)
	return err
}

// appendDense appends the k dense values just decoded into r (r.form) to
// d.vals.
func (d *leafData) appendDense(r *colReader, k int) error {
	phys := d.vals.Typ.Phys()
	var want vector.Phys
	switch r.form {
	case formI64, formDictI:
		want = vector.PhysInt64
	case formF64, formDictF:
		want = vector.PhysFloat64
	case formStr, formStrPL, formStrs, formDictS:
		want = vector.PhysString
	case formBool, formDictB:
		want = vector.PhysBool
	case formIv, formDictV:
		want = vector.PhysInterval
	}
	if want != phys || phys == vector.PhysNone {
		return fmt.Errorf("internal error: values of form %d for a %s column", r.form, d.vals.Typ)
	}
	switch r.form {
	case formDictI, formDictF, formDictS, formDictB, formDictV:
		if len(r.idx) < k {
			return errShort(k, len(r.idx))
		}
		n := uint32(r.dictLen)
		for _, x := range r.idx[:k] {
			if uint32(x) >= n {
				return fmt.Errorf("dictionary index %d out of range (%d entries)", x, n)
			}
		}
	}
	v := &d.vals
	off := d.nvals
	switch phys {
	case vector.PhysInt64:
		v.I64 = extend(v.I64, k)
	case vector.PhysFloat64:
		v.F64 = extend(v.F64, k)
	case vector.PhysString:
		v.Str = extend(v.Str, k)
	case vector.PhysBool:
		v.Bool = extend(v.Bool, k)
	case vector.PhysInterval:
		v.Iv = extend(v.Iv, k)
	}
	r.copyDense(v, off, 0, k)
	d.nvals += k
	return nil
}

// decodePages decodes a column chunk through parquet-go's pages (for
// chunks too large to buffer, and in tests).
func (d *leafData) decodePages(pages pq.Pages, ln *nestNode, md *format.ColumnMetaData) (int64, error) {
	defer pages.Close()
	buf := make([]pq.Value, 1024)
	var n int64
	for {
		p, err := pages.ReadPage()
		if err == io.EOF {
			break
		}
		if err != nil {
			return n, err
		}
		n++
		err = d.appendValues(p.Values(), ln, buf)
		pq.Release(p)
		if err != nil {
			return n, err
		}
		if int64(len(d.rep)) > md.NumValues {
			return n, fmt.Errorf("pages hold more than the column chunk's %d values", md.NumValues)
		}
	}
	return n, nil
}

// appendValues appends the levels and values read from vr, in batches
// through buf.
func (d *leafData) appendValues(vr pq.ValueReader, ln *nestNode, buf []pq.Value) error {
	for {
		got, err := vr.ReadValues(buf)
		for _, v := range buf[:got] {
			r, df := v.RepetitionLevel(), v.DefinitionLevel()
			if r < 0 || r > int(ln.rep) || df < 0 || df > int(ln.def) {
				return fmt.Errorf("levels %d/%d exceed the maximum %d/%d", r, df, ln.rep, ln.def)
			}
			if df == int(ln.def) {
				if v.IsNull() {
					return errors.New("NULL value at the maximum definition level")
				}
				if cerr := appendLeafValue(&d.vals, &ln.info, v); cerr != nil {
					return cerr
				}
				d.nvals++
			}
			d.rep = append(d.rep, byte(r))
			d.def = append(d.def, byte(df))
		}
		if err == io.EOF || (err == nil && got == 0) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// appendLeafValue converts one non-NULL leaf value and appends it to the
// typed slice of dst.
func appendLeafValue(dst *vector.Vector, c *colInfo, v pq.Value) error {
	switch c.conv {
	case cvBool:
		dst.Bool = append(dst.Bool, v.Boolean())
	case cvInt32:
		dst.I64 = append(dst.I64, int64(v.Int32())*c.mul)
	case cvUint32:
		dst.I64 = append(dst.I64, int64(v.Uint32()))
	case cvInt64:
		x := v.Int64()
		if c.div != 1 {
			x /= c.div
		} else {
			x *= c.mul
		}
		dst.I64 = append(dst.I64, x)
	case cvInt96:
		t := v.Int96()
		nanos := int64(uint64(t[1])<<32 | uint64(t[0]))
		dst.I64 = append(dst.I64, (int64(int32(t[2]))-julianEpoch)*vector.MicrosPerDay+nanos/1000)
	case cvFloat:
		dst.F64 = append(dst.F64, float64(v.Float()))
	case cvDouble:
		dst.F64 = append(dst.F64, v.Double())
	case cvBytes, cvFixed:
		dst.Str = append(dst.Str, string(v.ByteArray()))
	case cvUUID:
		b := v.ByteArray()
		if len(b) != 16 {
			return fmt.Errorf("UUID value has %d bytes", len(b))
		}
		s := make([]byte, 36)
		formatUUID(s, b)
		dst.Str = append(dst.Str, string(s))
	case cvDecBytes, cvDecFixed:
		n, err := decodeBigEndian(v.ByteArray())
		if err != nil {
			return err
		}
		dst.I64 = append(dst.I64, n)
	case cvInterval:
		b := v.ByteArray()
		if len(b) != 12 {
			return fmt.Errorf("INTERVAL value has %d bytes", len(b))
		}
		dst.Iv = append(dst.Iv, vector.Interval{
			Months: int32(binary.LittleEndian.Uint32(b)),
			Days:   int32(binary.LittleEndian.Uint32(b[4:])),
			Micros: int64(binary.LittleEndian.Uint32(b[8:])) * 1000,
		})
	case cvFloat16:
		b := v.ByteArray()
		if len(b) != 2 {
			return fmt.Errorf("FLOAT16 value has %d bytes", len(b))
		}
		dst.F64 = append(dst.F64, halfToFloat(binary.LittleEndian.Uint16(b)))
	default:
		return fmt.Errorf("internal error: conversion %d", c.conv)
	}
	return nil
}
