// Package parquet reads Parquet files as lhsql tables. A set of files with
// the same schema forms one table; every row group is one morsel. Pages are
// decoded straight into vector slices, and row groups whose statistics
// prove a pushed-down filter false are skipped.
package parquet

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"slices"
	"sync/atomic"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// Table is a set of Parquet files read as one table. It implements
// storage.Table and is safe for concurrent scans.
type Table struct {
	schema []storage.Column
	files  []*file
	rows   int64
}

// file is one open Parquet file.
type file struct {
	path string
	f    fileSource
	pf   *pq.File
	cols []colInfo // by table schema index
}

var _ storage.Table = (*Table)(nil)

// Open opens the given Parquet files as one table. All files must have the
// same columns (matched by name) with the same types. Files are opened
// (footers read and parsed) in parallel, at most openParallelism at once:
// opening a remote file costs round trips, and a glob may name many.
func Open(paths []string) (*Table, error) {
	if len(paths) == 0 {
		return nil, fmt.Errorf("IO Error: no Parquet files given")
	}
	files, err := openFiles(paths)
	if err != nil {
		return nil, err
	}
	t := &Table{files: files}
	for i, fl := range files {
		if i == 0 {
			t.schema = make([]storage.Column, len(fl.cols))
			for i, c := range fl.cols {
				t.schema[i] = storage.Column{Name: c.name, Type: c.typ}
			}
		} else if err := t.adopt(fl); err != nil {
			t.Close()
			return nil, err
		}
		t.rows += fl.pf.NumRows()
	}
	return t, nil
}

// adopt reorders fl's columns to the table schema, failing when the
// schemas differ.
func (t *Table) adopt(fl *file) error {
	if len(fl.cols) != len(t.schema) {
		return fmt.Errorf("Invalid Input Error: schema of %q has %d columns, but %q has %d",
			fl.path, len(fl.cols), t.files[0].path, len(t.schema))
	}
	byName := make(map[string]int, len(fl.cols))
	for i, c := range fl.cols {
		byName[c.name] = i
	}
	cols := make([]colInfo, len(t.schema))
	for i, sc := range t.schema {
		j, ok := byName[sc.Name]
		if !ok {
			return fmt.Errorf("Invalid Input Error: file %q has no column %q (present in %q)",
				fl.path, sc.Name, t.files[0].path)
		}
		if !fl.cols[j].typ.Equal(sc.Type) {
			return fmt.Errorf("Invalid Input Error: column %q has type %s in %q but %s in %q",
				sc.Name, fl.cols[j].typ, fl.path, sc.Type, t.files[0].path)
		}
		cols[i] = fl.cols[j]
	}
	fl.cols = cols
	return nil
}

func openFile(path string) (fl *file, err error) {
	f, size, err := openSource(path)
	if err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("Invalid Input Error: corrupt Parquet file %q: %v", path, r)
		}
		if err != nil {
			f.Close()
		}
	}()
	if size < 12 {
		return nil, fmt.Errorf("Invalid Input Error: file %q too small to be a Parquet file", path)
	}
	if err := checkFooter(f, size); err != nil {
		return nil, fmt.Errorf("Invalid Input Error: %q is not a valid Parquet file: %w", path, err)
	}
	pf, err := pq.OpenFile(f, size, pq.SkipPageIndex(true), pq.SkipBloomFilters(true))
	if err != nil {
		return nil, fmt.Errorf("Invalid Input Error: %q is not a valid Parquet file: %w", path, err)
	}
	if err := loadPageIndexes(f, pf.Metadata(), size); err != nil {
		return nil, err // names the URL
	}
	cols, err := fieldsOf(pf.Metadata().Schema)
	if err != nil {
		return nil, fmt.Errorf("Invalid Input Error: Parquet file %q: %w", path, err)
	}
	md := pf.Metadata()
	nleaves := 0
	for _, c := range cols {
		if c.leaf >= 0 {
			nleaves = max(nleaves, c.leaf+1)
		}
		if c.nest != nil {
			nleaves = max(nleaves, c.leafBase+c.nest.leafHi)
		}
	}
	for i, rg := range md.RowGroups {
		if len(rg.Columns) < nleaves {
			return nil, fmt.Errorf("Invalid Input Error: Parquet file %q: row group %d has %d column chunks, schema needs %d",
				path, i, len(rg.Columns), nleaves)
		}
		if rg.NumRows < 0 {
			return nil, fmt.Errorf("Invalid Input Error: Parquet file %q: row group %d has negative row count", path, i)
		}
	}
	if len(pf.RowGroups()) != len(md.RowGroups) {
		return nil, fmt.Errorf("Invalid Input Error: Parquet file %q: inconsistent row group metadata", path)
	}
	return &file{path: path, f: f, pf: pf, cols: cols}, nil
}

// checkFooter validates the trailing magic and footer length before
// parquet-go trusts the length for an allocation.
func checkFooter(f io.ReaderAt, size int64) error {
	var tail [8]byte
	if _, err := f.ReadAt(tail[:], size-8); err != nil {
		return fmt.Errorf("reading footer: %w", err)
	}
	if string(tail[4:]) != "PAR1" && string(tail[4:]) != "PARE" {
		return fmt.Errorf("invalid magic footer %q", tail[4:])
	}
	n := int64(binary.LittleEndian.Uint32(tail[:4]))
	if n <= 0 || n > size-12 {
		return fmt.Errorf("footer length %d does not fit in a file of %d bytes", n, size)
	}
	return nil
}

// Schema returns the table's columns.
func (t *Table) Schema() []storage.Column { return t.schema }

// RowCount returns the total number of rows in all files.
func (t *Table) RowCount() int64 { return t.rows }

// Paths returns the files of the table.
func (t *Table) Paths() []string {
	out := make([]string, len(t.files))
	for i, f := range t.files {
		out[i] = f.path
	}
	return out
}

// RowGroups returns the number of row groups in all files.
func (t *Table) RowGroups() int {
	n := 0
	for _, f := range t.files {
		n += len(f.pf.Metadata().RowGroups)
	}
	return n
}

// Close closes the files. Scans must be finished.
func (t *Table) Close() error {
	var first error
	for _, f := range t.files {
		if f.f != nil {
			if err := f.f.Close(); err != nil && first == nil {
				first = err
			}
			f.f = nil
		}
	}
	return first
}

// morsel is one row group of one file.
type morsel struct {
	file *file
	rg   int
}

// scanner reads the surviving row groups of a scan.
type scanner struct {
	t       *Table
	cols    []int
	filters []storage.Filter
	types   []vector.Type
	morsels []morsel
	keys    []storage.KeyFilter
	preds   []storage.PredicateFilter
	stats   storage.ScanStats
	// dictBatches counts batches whose late filters were answered from
	// dictionary indices (dictSel); for tests.
	dictBatches atomic.Int64
}

// Scan prunes row groups with spec.Filters and returns a scanner over the
// rest.
func (t *Table) Scan(ctx context.Context, spec storage.ScanSpec) (storage.Scanner, error) {
	s := &scanner{t: t, cols: spec.Columns, filters: spec.Filters, keys: spec.Keys, preds: spec.Predicates}
	for _, ci := range spec.Columns {
		if ci < 0 || ci >= len(t.schema) {
			return nil, fmt.Errorf("parquet scan: column index %d out of range (table has %d columns)", ci, len(t.schema))
		}
		for _, f := range t.files {
			if msg := f.cols[ci].unsupported; msg != "" {
				return nil, fmt.Errorf("Not implemented Error: Parquet file %q: %s", f.path, msg)
			}
		}
		s.types = append(s.types, t.schema[ci].Type)
	}
	for _, fl := range t.files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		s.stats.Files++
		md := fl.pf.Metadata()
		for rg := range md.RowGroups {
			if md.RowGroups[rg].NumRows == 0 {
				continue
			}
			if pruneRowGroup(fl, &md.RowGroups[rg], spec.Filters) || bloomPrune(fl, rg, spec.Filters) {
				s.stats.RowGroupsSkipped++
				for _, c := range md.RowGroups[rg].Columns {
					s.stats.BytesSkipped += c.MetaData.TotalCompressedSize
				}
				continue
			}
			s.morsels = append(s.morsels, morsel{file: fl, rg: rg})
		}
	}
	for _, k := range spec.Keys {
		if o, ok := k.Set.(storage.OrderedKeySet); ok {
			s.orderMorsels(k.Col, o.Desc())
			break
		}
	}
	return s, nil
}

// orderMorsels sorts the morsels by the minimum (desc: the maximum) of
// schema column col in their row group's statistics, ascending (desc:
// descending); morsels without usable statistics keep their order after
// the others. A top-N bound on col then becomes tight on the first
// morsels and lets the scan skip most of the rest.
func (s *scanner) orderMorsels(col int, desc bool) {
	type keyed struct {
		m   morsel
		v   vector.Value
		has bool
	}
	ks := make([]keyed, len(s.morsels))
	for i, m := range s.morsels {
		ks[i].m = m
		if col < 0 || col >= len(m.file.cols) {
			continue
		}
		c := &m.file.cols[col]
		rg := &m.file.pf.Metadata().RowGroups[m.rg]
		if c.unsupported != "" || c.nest != nil || c.leaf < 0 || c.leaf >= len(rg.Columns) {
			continue
		}
		lo, hi, ok := bounds(c, &rg.Columns[c.leaf].MetaData.Statistics)
		if !ok {
			continue
		}
		ks[i].v, ks[i].has = lo, true
		if desc {
			ks[i].v = hi
		}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int {
		switch {
		case a.has != b.has:
			if a.has {
				return -1
			}
			return 1
		case !a.has:
			return 0
		}
		if desc {
			return cmp(&b.v, &a.v)
		}
		return cmp(&a.v, &b.v)
	})
	for i := range ks {
		s.morsels[i] = ks[i].m
	}
}

func (s *scanner) Morsels() int { return len(s.morsels) }

func (s *scanner) Stats() storage.ScanStats { return s.stats.Load() }

func (s *scanner) Close() error { return nil }

// forceFallback makes every column chunk go through parquet-go's page
// reader instead of the native page decoder (tests compare the two).
var forceFallback = false

// openReader returns a reader for column c of the row group. When paged
// is set and the column has an offset index, only the pages overlapping
// ranges are read.
func (s *scanner) openReader(fl *file, rgMeta *format.RowGroup, chunks []pq.ColumnChunk, c *colInfo, paged bool, ranges []rowRange) (*colReader, error) {
	md := &rgMeta.Columns[c.leaf].MetaData
	if paged {
		if locs := offsetIndex(fl, &rgMeta.Columns[c.leaf], rgMeta.NumRows); locs != nil {
			pages := pagesFor(locs, rgMeta.NumRows, ranges)
			segs, n, err := loadPages(fl, md, locs, pages)
			if err != nil {
				return nil, err
			}
			atomic.AddInt64(&s.stats.BytesRead, n)
			var skipped int64
			for _, p := range locs {
				skipped += int64(p.CompressedPageSize)
			}
			for _, p := range pages {
				skipped -= int64(locs[p].CompressedPageSize)
			}
			atomic.AddInt64(&s.stats.BytesSkipped, skipped)
			r := getReader(c)
			if err := r.openPages(md, locs, segs, rgMeta.NumRows); err != nil {
				putReader(r)
				return nil, err
			}
			return r, nil
		}
	}
	ra, n, err := loadChunk(fl, md)
	if err != nil {
		return nil, err
	}
	atomic.AddInt64(&s.stats.BytesRead, n)
	r := getReader(c)
	if cr, ok := ra.(*chunkReader); ok && !forceFallback {
		r.native = true
		r.codec = md.Codec
		r.data, r.base = cr.data, cr.base
		r.next, r.end = cr.base, cr.base+int64(len(cr.data))
		return r, nil
	}
	cc, ok := chunks[c.leaf].(*pq.FileColumnChunk)
	if !ok {
		putReader(r)
		return nil, fmt.Errorf("parquet scan: unexpected column chunk type %T", chunks[c.leaf])
	}
	r.src, r.pages = ra, cc.PagesFrom(ra)
	return r, nil
}

// ReadMorsel decodes row group i and emits chunks of up to vector.MaxLen
// rows.
func (s *scanner) ReadMorsel(ctx context.Context, i int, emit func(*vector.Chunk) error) error {
	return s.readMorsel(ctx, i, emit, false)
}

// ReadMorselRecycled implements storage.Recycler: the flat vectors of one
// chunk are overwritten by the next chunk of the same call.
func (s *scanner) ReadMorselRecycled(ctx context.Context, i int, emit func(*vector.Chunk) error) error {
	return s.readMorsel(ctx, i, emit, true)
}

// readMorsel reads morsel i; with reuse, the flat output vectors of a
// chunk are recycled for the next chunk once emit has returned.
func (s *scanner) readMorsel(ctx context.Context, i int, emit func(*vector.Chunk) error, reuse bool) (err error) {
	if i < 0 || i >= len(s.morsels) {
		return fmt.Errorf("parquet scan: morsel %d out of range (%d morsels)", i, len(s.morsels))
	}
	m := s.morsels[i]
	fl := m.file
	atomic.AddInt64(&s.stats.RowGroups, 1)
	readers := make([]*colReader, len(s.cols))
	defer func() {
		var read, skipped int64
		for _, r := range readers {
			if r == nil {
				continue
			}
			func() {
				defer func() { recover() }()
				r.close()
				read += r.pagesRead
				skipped += r.pagesSkipped
				putReader(r)
			}()
		}
		atomic.AddInt64(&s.stats.Pages, read)
		atomic.AddInt64(&s.stats.PagesSkipped, skipped)
	}()
	cur := -1 // column being decoded, for error messages
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("Invalid Input Error: corrupt Parquet file %q (row group %d%s): %v",
				fl.path, m.rg, colSuffix(fl, s.cols, cur), r)
		}
	}()
	if fl.f == nil {
		return fmt.Errorf("parquet scan: file %q is closed", fl.path)
	}
	rgMeta := &fl.pf.Metadata().RowGroups[m.rg]
	// Filters that tightened since the scan was planned (the bound of a
	// top-N) may exclude the row group by its statistics now.
	for _, k := range s.keys {
		if d, ok := k.Set.(storage.DynamicKeySet); ok {
			if fs := d.Bounds(); len(fs) > 0 && pruneRowGroup(fl, rgMeta, fs) {
				atomic.AddInt64(&s.stats.RowGroups, -1)
				atomic.AddInt64(&s.stats.RowGroupsSkipped, 1)
				return nil
			}
		}
	}
	chunks := fl.pf.RowGroups()[m.rg].ColumnChunks()
	nrows := rgMeta.NumRows
	// With a page index on filter columns, only the row ranges whose pages
	// may pass every filter are read, and of each column only the pages
	// overlapping them.
	ranges := []rowRange{{0, nrows}}
	paged := false
	// Nested columns are assembled whole: page skipping and late
	// materialization apply only to scans of flat columns.
	nested := make([]*nestedReader, len(s.cols))
	defer func() {
		for _, nr := range nested {
			if nr != nil {
				nr.close()
			}
		}
	}()
	hasNested := false
	for _, ci := range s.cols {
		hasNested = hasNested || fl.cols[ci].nest != nil
	}
	if len(s.filters) > 0 && !forceFallback && !hasNested {
		if rs, ok := pageRanges(fl, rgMeta, s.filters); ok && rangeRows(rs) < nrows {
			ranges, paged = rs, true
		}
	}
	// A remote file fetches the column chunks (or, when paged, only the
	// pages openReader will read) in one batch of ranged requests.
	var pages func(leaf int) ([]span, bool)
	if paged {
		pages = func(leaf int) ([]span, bool) {
			locs := offsetIndex(fl, &rgMeta.Columns[leaf], nrows)
			if locs == nil {
				return nil, false
			}
			return pageSpans(&rgMeta.Columns[leaf].MetaData, locs, pagesFor(locs, nrows, ranges)), true
		}
	}
	release, err := fl.prefetch(ctx, rgMeta, s.cols, &s.stats, pages)
	if err != nil {
		return err // names the URL
	}
	defer release()
	for j, ci := range s.cols {
		cur = j
		c := &fl.cols[ci]
		if c.nest != nil {
			nr, err := s.openNested(fl, rgMeta, chunks, c)
			if err != nil {
				return fmt.Errorf("Invalid Input Error: reading %q (row group %d, column %q): %w", fl.path, m.rg, c.name, err)
			}
			nested[j] = nr
			continue
		}
		r, err := s.openReader(fl, rgMeta, chunks, c, paged, ranges)
		if err != nil {
			return fmt.Errorf("IO Error: reading %q (row group %d, column %q): %w", fl.path, m.rg, c.name, err)
		}
		readers[j] = r
	}
	cur = -1
	var late []lateFilter
	if !hasNested {
		late = lateFilters(s.t.schema, s.cols, s.filters)
	}
	// A filter no dictionary entry passes rejects the whole row group when
	// every data page of the chunk is dictionary-encoded.
	for _, lf := range late {
		r := readers[lf.j]
		c := r.c
		if !r.native || forceFallback || !allDictEncoded(&rgMeta.Columns[c.leaf].MetaData) {
			continue
		}
		if r.locs == nil && r.rowEnd == 0 && !r.hasDict {
			cur = lf.j
			if err := r.advance(); err != nil { // decodes the dictionary page
				return fmt.Errorf("Invalid Input Error: reading %q (row group %d%s): %w",
					fl.path, m.rg, colSuffix(fl, s.cols, lf.j), err)
			}
			cur = -1
		}
		if dictRejects(r, s.types[lf.j], lf.f) {
			atomic.AddInt64(&s.stats.RowGroups, -1)
			atomic.AddInt64(&s.stats.RowGroupsSkipped, 1)
			return nil
		}
	}
	var keys []keyFilter
	var preds []predFilter
	if !hasNested {
		keys = keyFilters(s.cols, s.keys)
		preds = predFilters(s.cols, s.preds)
	}
	if (len(late) > 0 || len(keys) > 0 || len(preds) > 0) && !forceFallback {
		return s.readLate(ctx, m, readers, ranges, late, keys, preds, &cur, emit, reuse)
	}
	var spare []*vector.Vector // reuse: last chunk's vectors, per column
	if reuse {
		spare = make([]*vector.Vector, len(readers))
	}
	for _, rr := range ranges {
		for row := rr.lo; row < rr.hi; {
			if err := ctx.Err(); err != nil {
				return err
			}
			n := int(min(vector.MaxLen, rr.hi-row))
			ch := &vector.Chunk{Cols: make([]*vector.Vector, len(s.cols)), Len: n}
			for j, r := range readers {
				cur = j
				var v *vector.Vector
				var err error
				switch {
				case nested[j] != nil:
					v, err = nested[j].read(s.types[j], n)
				case reuse:
					if err = r.skip(int(row - r.row())); err == nil {
						v = vector.Reuse(spare[j], s.types[j], n)
						spare[j] = v
						err = r.fill(v, 0, n, n)
					}
				default:
					if err = r.skip(int(row - r.row())); err == nil {
						v, err = r.read(s.types[j], n)
					}
				}
				if err != nil {
					return fmt.Errorf("Invalid Input Error: reading %q (row group %d%s, row %d): %w",
						fl.path, m.rg, colSuffix(fl, s.cols, j), row, err)
				}
				ch.Cols[j] = v
			}
			cur = -1
			row += int64(n)
			atomic.AddInt64(&s.stats.RowsOut, int64(n))
			if err := emit(ch); err != nil {
				return err
			}
		}
	}
	return nil
}

// readLate emits the rows of ranges that pass the late filters: per batch
// it decodes the filter columns into scratch vectors, evaluates the
// filters, and reads the other columns only at the surviving rows.
func (s *scanner) readLate(ctx context.Context, m morsel, readers []*colReader, ranges []rowRange,
	late []lateFilter, keys []keyFilter, preds []predFilter, cur *int, emit func(*vector.Chunk) error, reuse bool) error {
	fl := m.file
	scratch := make([]*vector.Vector, len(readers))
	var spare []*vector.Vector // reuse: last chunk's output vectors, per column
	if reuse {
		spare = make([]*vector.Vector, len(readers))
	}
	isFilter := make([]bool, len(readers))
	for _, lf := range late {
		isFilter[lf.j] = true
	}
	selA := make([]uint32, vector.MaxLen)
	decoded := make([]bool, len(readers))
	dicts := make([]dictPass, len(late)+len(keys)) // late filters, then keys
	for k, lf := range late {
		f := lf.f
		dicts[k].entries = func(v *vector.Vector, m int, dst []uint32) []uint32 { return evalFilter(f, v, m, nil, dst) }
	}
	for k, kf := range keys {
		set := kf.set
		dicts[len(late)+k].entries = func(v *vector.Vector, m int, dst []uint32) []uint32 { return set.Select(v, m, nil, dst) }
	}
	dictBatches := int64(0)
	defer func() { s.dictBatches.Add(dictBatches) }()
	// decode reads the next n rows of column j into scratch[j], once per
	// batch.
	decode := func(j, n int) error {
		if decoded[j] {
			return nil
		}
		scratch[j] = vector.Reuse(scratch[j], s.types[j], n)
		if err := readers[j].fill(scratch[j], 0, n, n); err != nil {
			return err
		}
		decoded[j] = true
		return nil
	}
	for _, rr := range ranges {
		for row := rr.lo; row < rr.hi; {
			if err := ctx.Err(); err != nil {
				return err
			}
			n := int(min(vector.MaxLen, rr.hi-row))
			fail := func(j int, err error) error {
				return fmt.Errorf("Invalid Input Error: reading %q (row group %d%s, row %d): %w",
					fl.path, m.rg, colSuffix(fl, s.cols, j), row, err)
			}
			for j, r := range readers {
				*cur = j
				if err := r.skip(int(row - r.row())); err != nil {
					return fail(j, err)
				}
				decoded[j] = false
			}
			// Filter columns first, narrowing the selection.
			var sel []uint32
			all := true
			for k, lf := range late {
				j := lf.j
				*cur = j
				if !decoded[j] && !forceFallback {
					// Dictionary-encoded rows: the filter's result per
					// dictionary entry, looked up by index.
					var dst []uint32
					if all {
						dst = selA
					} else {
						dst = sel
					}
					out, ok, err := readers[j].dictSel(&dicts[k], s.types[j], n, sel, all, dst)
					if err != nil {
						return fail(j, err)
					}
					if ok {
						dictBatches++
						sel, all = out, false
						if len(sel) == 0 {
							break
						}
						continue
					}
				}
				if err := decode(j, n); err != nil {
					return fail(j, err)
				}
				if all {
					sel = evalFilter(lf.f, scratch[j], n, nil, selA)
					all = false
				} else {
					sel = evalFilter(lf.f, scratch[j], n, sel, sel)
				}
				if len(sel) == 0 {
					break
				}
			}
			// Then the join keys of runtime filters.
			for k, kf := range keys {
				if !all && len(sel) == 0 {
					break
				}
				j := kf.j
				*cur = j
				if !decoded[j] && !forceFallback {
					dst := selA
					if !all {
						dst = sel
					}
					out, ok, err := readers[j].dictSel(&dicts[len(late)+k], s.types[j], n, sel, all, dst)
					if err != nil {
						return fail(j, err)
					}
					if ok {
						dictBatches++
						sel, all = out, false
						continue
					}
				}
				if err := decode(j, n); err != nil {
					return fail(j, err)
				}
				if all {
					sel = kf.set.Select(scratch[j], n, nil, selA)
					all = false
				} else {
					sel = kf.set.Select(scratch[j], n, sel, sel)
				}
			}
			// Then the engine's other filter conditions.
			for _, pf := range preds {
				if !all && len(sel) == 0 {
					break
				}
				vecs := pf.vecs[:0]
				for _, j := range pf.js {
					*cur = j
					if err := decode(j, n); err != nil {
						return fail(j, err)
					}
					vecs = append(vecs, scratch[j])
				}
				*cur = -1
				in, dst := sel, sel
				if all {
					in, dst = nil, selA
				}
				out, err := pf.pred.Select(ctx, vecs, n, in, dst)
				if err != nil {
					return err // the condition's own error, as the engine's filter would give it
				}
				sel, all = out, false
			}
			*cur = -1
			if len(sel) == 0 {
				row += int64(n) // readers left behind catch up with skip
				continue
			}
			// When most rows pass, emitting the whole batch (the engine
			// filters again) is cheaper than gathering the survivors.
			dense := 4*len(sel) >= 3*n
			out := len(sel)
			if dense {
				out = n
			}
			ch := &vector.Chunk{Cols: make([]*vector.Vector, len(s.cols)), Len: out}
			for j, r := range readers {
				*cur = j
				var v *vector.Vector
				var err error
				switch {
				case decoded[j] && dense && reuse:
					v = scratch[j] // decoded again only after emit returns
				case decoded[j] && dense:
					v = cloneVector(scratch[j], n)
				case decoded[j] && reuse:
					v = gatherInto(spare[j], scratch[j], sel)
					spare[j] = v
				case decoded[j]:
					v = scratch[j].Gather(sel)
				case dense && reuse:
					v = vector.Reuse(spare[j], s.types[j], n)
					spare[j] = v
					err = r.fill(v, 0, n, n)
				case dense:
					v, err = r.read(s.types[j], n)
				default:
					if reuse {
						v = vector.Reuse(spare[j], s.types[j], len(sel))
						spare[j] = v
					} else {
						v = vector.New(s.types[j], len(sel))
					}
					err = r.readSel(v, n, sel)
				}
				if err != nil {
					return fail(j, err)
				}
				ch.Cols[j] = v
			}
			*cur = -1
			row += int64(n)
			atomic.AddInt64(&s.stats.RowsOut, int64(out))
			if err := emit(ch); err != nil {
				return err
			}
		}
	}
	// Pass over the pages no batch needed, so that they count as skipped.
	nrows := fl.pf.Metadata().RowGroups[m.rg].NumRows
	for j, r := range readers {
		if r.locs == nil && r.native {
			*cur = j
			if err := r.skip(int(nrows - r.row())); err != nil {
				return fmt.Errorf("Invalid Input Error: reading %q (row group %d%s): %w",
					fl.path, m.rg, colSuffix(fl, s.cols, j), err)
			}
		}
	}
	*cur = -1
	return nil
}

func colSuffix(fl *file, cols []int, j int) string {
	if j < 0 || j >= len(cols) {
		return ""
	}
	return fmt.Sprintf(", column %q", fl.cols[cols[j]].name)
}
