package parquet

import (
	"fmt"
	"io"
	"slices"

	"github.com/lhsql/lhsql/storage"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"
)

// rowRange is a half-open range [lo, hi) of rows in a row group.
type rowRange struct{ lo, hi int64 }

// readIndex reads and decodes one thrift page index structure.
func readIndex(f io.ReaderAt, off int64, n int32, fsize int64, v any) error {
	if off < 4 || n <= 0 || off > fsize || int64(n) > fsize-off {
		return fmt.Errorf("page index at offset %d with size %d lies outside the file", off, n)
	}
	buf := make([]byte, n)
	if _, err := f.ReadAt(buf, off); err != nil {
		return fmt.Errorf("reading page index: %w", err)
	}
	return thrift.Unmarshal(&thrift.CompactProtocol{}, buf, v)
}

// offsetIndex returns the page locations of a column chunk, or nil when
// the file has no usable offset index for it.
func offsetIndex(fl *file, cc *format.ColumnChunk, nrows int64) []format.PageLocation {
	if cc.OffsetIndexLength <= 0 {
		return nil
	}
	var oi format.OffsetIndex
	if err := readIndex(fl.f, cc.OffsetIndexOffset, cc.OffsetIndexLength, fl.pf.Size(), &oi); err != nil {
		return nil
	}
	locs := oi.PageLocations
	if len(locs) == 0 || locs[0].FirstRowIndex != 0 {
		return nil
	}
	md := &cc.MetaData
	start, end := chunkBounds(md)
	for i, l := range locs {
		if l.Offset < start || l.CompressedPageSize <= 0 || l.Offset+int64(l.CompressedPageSize) > end ||
			l.FirstRowIndex >= nrows || (i > 0 && (l.FirstRowIndex <= locs[i-1].FirstRowIndex ||
			l.Offset < locs[i-1].Offset+int64(locs[i-1].CompressedPageSize))) {
			return nil // inconsistent: read the chunk page by page instead
		}
	}
	return locs
}

// chunkBounds returns the file range of a column chunk.
func chunkBounds(md *format.ColumnMetaData) (start, end int64) {
	start = md.DataPageOffset
	if md.DictionaryPageOffset > 0 && md.DictionaryPageOffset < start {
		start = md.DictionaryPageOffset
	}
	return start, start + md.TotalCompressedSize
}

// pageRanges returns the row ranges of row group rg that may satisfy every
// filter according to the column indexes of the filter columns, and the
// number of pages of the filter columns proven empty. It returns nil
// ranges and ok=false when no filter column has a usable page index.
func pageRanges(fl *file, rg *format.RowGroup, filters []storage.Filter) (ranges []rowRange, ok bool) {
	nrows := rg.NumRows
	ranges = []rowRange{{0, nrows}}
	for i := range filters {
		f := &filters[i]
		if f.Col < 0 || f.Col >= len(fl.cols) {
			continue
		}
		c := &fl.cols[f.Col]
		if c.unsupported != "" || c.leaf < 0 || c.leaf >= len(rg.Columns) {
			continue
		}
		cc := &rg.Columns[c.leaf]
		if cc.ColumnIndexLength <= 0 {
			continue
		}
		locs := offsetIndex(fl, cc, nrows)
		if locs == nil {
			continue
		}
		var ci format.ColumnIndex
		if err := readIndex(fl.f, cc.ColumnIndexOffset, cc.ColumnIndexLength, fl.pf.Size(), &ci); err != nil {
			continue
		}
		n := len(locs)
		if len(ci.NullPages) != n || len(ci.MinValues) != n || len(ci.MaxValues) != n ||
			(len(ci.NullCounts) != 0 && len(ci.NullCounts) != n) {
			continue
		}
		if f.Op == storage.OpIsNull && len(ci.NullCounts) == 0 {
			continue // without null counts, no page is known to lack NULLs
		}
		var keep []rowRange
		for p := 0; p < n; p++ {
			lo := locs[p].FirstRowIndex
			hi := nrows
			if p+1 < n {
				hi = locs[p+1].FirstRowIndex
			}
			md := format.ColumnMetaData{NumValues: hi - lo}
			st := &md.Statistics
			if len(ci.NullCounts) == n {
				st.NullCount = ci.NullCounts[p]
			}
			if ci.NullPages[p] {
				st.NullCount = hi - lo
			} else {
				st.MinValue, st.MaxValue = ci.MinValues[p], ci.MaxValues[p]
			}
			if !pruneColumn(c, &md, f) {
				if k := len(keep); k > 0 && keep[k-1].hi == lo {
					keep[k-1].hi = hi
				} else {
					keep = append(keep, rowRange{lo, hi})
				}
			}
		}
		ranges = intersectRanges(ranges, keep)
		ok = true
	}
	return ranges, ok
}

// intersectRanges intersects two sorted lists of disjoint ranges.
func intersectRanges(a, b []rowRange) []rowRange {
	var out []rowRange
	for i, j := 0, 0; i < len(a) && j < len(b); {
		lo, hi := max(a[i].lo, b[j].lo), min(a[i].hi, b[j].hi)
		if lo < hi {
			out = append(out, rowRange{lo, hi})
		}
		if a[i].hi < b[j].hi {
			i++
		} else {
			j++
		}
	}
	return out
}

// rangeRows is the number of rows in ranges.
func rangeRows(ranges []rowRange) int64 {
	var n int64
	for _, r := range ranges {
		n += r.hi - r.lo
	}
	return n
}

// pagesFor returns the indices of the pages in locs that overlap ranges.
func pagesFor(locs []format.PageLocation, nrows int64, ranges []rowRange) []int {
	var out []int
	j := 0
	for p := range locs {
		lo := locs[p].FirstRowIndex
		hi := nrows
		if p+1 < len(locs) {
			hi = locs[p+1].FirstRowIndex
		}
		for j < len(ranges) && ranges[j].hi <= lo {
			j++
		}
		if j < len(ranges) && ranges[j].lo < hi {
			out = append(out, p)
		}
	}
	return out
}

// segment is a loaded byte range of the file.
type segment struct {
	off  int64
	data []byte
}

// loadPages reads the dictionary page region and the listed pages of a
// column chunk, coalescing adjacent pages into one read, and returns the
// segments and the number of bytes read.
func loadPages(fl *file, md *format.ColumnMetaData, locs []format.PageLocation, pages []int) ([]segment, int64, error) {
	spans := pageSpans(md, locs, pages)
	var total int64
	for _, s := range spans {
		total += s.hi - s.lo
	}
	buf := getBuf(int(total))
	segs := make([]segment, 0, len(spans))
	pos := int64(0)
	for _, s := range spans {
		b := buf[pos : pos+s.hi-s.lo : pos+s.hi-s.lo]
		if _, err := fl.f.ReadAt(b, s.lo); err != nil {
			putBuf(buf)
			return nil, 0, fmt.Errorf("read of %d bytes at offset %d: %w", len(b), s.lo, err)
		}
		segs = append(segs, segment{off: s.lo, data: b})
		pos += s.hi - s.lo
	}
	if len(segs) > 0 {
		segs[0].data = buf[:len(segs[0].data)] // segs[0] owns the buffer
	}
	return segs, total, nil
}

// span is a byte range [lo, hi) of a file.
type span struct{ lo, hi int64 }

// pageSpans returns the byte ranges of a column chunk that hold data pages
// pages (ascending indexes into locs) and whatever precedes the first data
// page (the dictionary page), adjacent ones merged.
func pageSpans(md *format.ColumnMetaData, locs []format.PageLocation, pages []int) []span {
	start, _ := chunkBounds(md)
	var spans []span
	if locs[0].Offset > start {
		spans = append(spans, span{start, locs[0].Offset})
	}
	for _, p := range pages {
		lo, hi := locs[p].Offset, locs[p].Offset+int64(locs[p].CompressedPageSize)
		if k := len(spans); k > 0 && spans[k-1].hi == lo {
			spans[k-1].hi = hi
		} else {
			spans = append(spans, span{lo, hi})
		}
	}
	return spans
}

// segmentAt returns the loaded bytes [off, off+n) from segs.
func segmentAt(segs []segment, off int64, n int) ([]byte, error) {
	i, _ := slices.BinarySearchFunc(segs, off, func(s segment, off int64) int {
		switch {
		case s.off+int64(len(s.data)) <= off:
			return -1
		case s.off > off:
			return 1
		}
		return 0
	})
	if i < len(segs) {
		s := segs[i]
		if off >= s.off && off+int64(n) <= s.off+int64(len(s.data)) {
			return s.data[off-s.off : off-s.off+int64(n)], nil
		}
	}
	return nil, fmt.Errorf("page at offset %d was not loaded", off)
}
