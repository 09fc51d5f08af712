package storage

import (
	"context"
	"fmt"
	"math"
	"sync"
	"sync/atomic"

	"github.com/lhsql/lhsql/vector"
)

// MorselChunks is the number of chunks in one MemTable morsel.
const MorselChunks = 60

// MemTable is an in-memory table: a list of immutable chunks of up to
// vector.MaxLen rows. Appends coalesce small inputs into full chunks; scans
// see a snapshot and run concurrently with appends.
type MemTable struct {
	name   string
	schema []Column

	mu     sync.RWMutex
	chunks []*memChunk // all but the last are full
	rows   int64
}

// memChunk is one sealed chunk with per-column statistics. It is never
// modified after it is published in MemTable.chunks.
type memChunk struct {
	cols  []*vector.Vector
	n     int
	stats []Zone
}

// colStats summarises one column of a chunk or morsel.
type Zone struct {
	nulls   int  // NULL rows
	rows    int  // rows
	ok      bool // min/max are set and usable
	min     vector.Value
	max     vector.Value
	hasNaNs bool
}

var _ Table = (*MemTable)(nil)

// NewMemTable returns an empty in-memory table.
func NewMemTable(name string, schema []Column) *MemTable {
	return &MemTable{name: name, schema: append([]Column(nil), schema...)}
}

// Name returns the table name.
func (t *MemTable) Name() string { return t.name }

// Schema returns the table's columns.
func (t *MemTable) Schema() []Column { return t.schema }

// RowCount returns the number of rows.
func (t *MemTable) RowCount() int64 {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.rows
}

// Append copies the live rows of c into the table. The columns of c must
// match the schema. c is not retained.
func (t *MemTable) Append(c *vector.Chunk) error {
	if err := t.check(c); err != nil {
		return err
	}
	src := c.Compact()
	n := src.Len
	if n == 0 {
		return nil
	}
	cols := make([]*vector.Vector, len(src.Cols))
	for i, v := range src.Cols {
		cols[i] = v.Flatten(n)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.appendLocked(cols, n)
	return nil
}

func (t *MemTable) check(c *vector.Chunk) error {
	if c == nil {
		return nil
	}
	if len(c.Cols) != len(t.schema) {
		return fmt.Errorf("table %q: cannot append %d columns to a table with %d", t.name, len(c.Cols), len(t.schema))
	}
	for i, v := range c.Cols {
		if v.Typ.Phys() != t.schema[i].Type.Phys() {
			return fmt.Errorf("table %q: column %q has type %s, cannot append %s",
				t.name, t.schema[i].Name, t.schema[i].Type, v.Typ)
		}
		if !v.Const && v.Len() < c.Len {
			return fmt.Errorf("table %q: column %q holds %d rows, chunk has %d", t.name, t.schema[i].Name, v.Len(), c.Len)
		}
	}
	return nil
}

// appendLocked copies n rows of flat cols. The partial tail chunk is
// replaced by a new chunk (never modified in place) so that concurrent
// scans holding the old one stay consistent.
func (t *MemTable) appendLocked(cols []*vector.Vector, n int) {
	off := 0
	if k := len(t.chunks); k > 0 && t.chunks[k-1].n < vector.MaxLen {
		tail := t.chunks[k-1]
		take := min(vector.MaxLen-tail.n, n)
		t.chunks[k-1] = t.build([]span{{tail.cols, 0, tail.n}, {cols, 0, take}})
		off = take
	}
	for off < n {
		take := min(vector.MaxLen, n-off)
		t.chunks = append(t.chunks, t.build([]span{{cols, off, off + take}}))
		off += take
	}
	t.rows += int64(n)
}

// span is rows [lo, hi) of a set of flat columns.
type span struct {
	cols   []*vector.Vector
	lo, hi int
}

// build copies spans into a new sealed chunk and computes its statistics.
func (t *MemTable) build(spans []span) *memChunk {
	n := 0
	for _, s := range spans {
		n += s.hi - s.lo
	}
	mc := &memChunk{cols: make([]*vector.Vector, len(t.schema)), n: n, stats: make([]Zone, len(t.schema))}
	for j, col := range t.schema {
		dst := vector.New(col.Type, n)
		dst.Typ = col.Type
		at := 0
		for _, s := range spans {
			copyRows(dst, at, s.cols[j], s.lo, s.hi, n)
			at += s.hi - s.lo
		}
		mc.cols[j] = dst
		mc.stats[j] = ZoneOf(dst, n)
	}
	return mc
}

// copyRows copies src[lo:hi) into dst[at:], including NULLs.
func copyRows(dst *vector.Vector, at int, src *vector.Vector, lo, hi, total int) {
	k := hi - lo
	switch dst.Typ.Phys() {
	case vector.PhysList, vector.PhysStruct:
		vector.CopyRows(dst, at, src, lo, hi, total)
		return
	case vector.PhysBool:
		copy(dst.Bool[at:at+k], src.Bool[lo:hi])
	case vector.PhysInt64:
		copy(dst.I64[at:at+k], src.I64[lo:hi])
	case vector.PhysFloat64:
		copy(dst.F64[at:at+k], src.F64[lo:hi])
	case vector.PhysString:
		copy(dst.Str[at:at+k], src.Str[lo:hi])
	case vector.PhysInterval:
		copy(dst.Iv[at:at+k], src.Iv[lo:hi])
	}
	if src.Valid == nil {
		return
	}
	for i := lo; i < hi; i++ {
		if !src.Valid.IsValid(i) {
			dst.SetNull(at+i-lo, total)
		}
	}
}

// ZoneOf computes the Zone of the first n rows of v. Min/max are kept for
// booleans, numbers, temporal types and strings; NaNs are counted apart.
func ZoneOf(v *vector.Vector, n int) Zone {
	if v.Typ.Nested != nil {
		// No min/max for nested values; the NULL count still prunes IS NULL.
		return Zone{rows: n, nulls: n - v.Valid.CountValid(n)}
	}
	st := Zone{rows: n, min: vector.Value{Typ: v.Typ}, max: vector.Value{Typ: v.Typ}}
	valid := v.Valid
	first := true
	for i := 0; i < n; i++ {
		if !valid.IsValid(i) {
			st.nulls++
			continue
		}
		switch v.Typ.Phys() {
		case vector.PhysBool:
			x := v.Bool[i]
			if first || !x && st.min.Bool {
				st.min.Bool = x
			}
			if first || x && !st.max.Bool {
				st.max.Bool = x
			}
		case vector.PhysInt64:
			x := v.I64[i]
			if first || x < st.min.I64 {
				st.min.I64 = x
			}
			if first || x > st.max.I64 {
				st.max.I64 = x
			}
		case vector.PhysFloat64:
			x := v.F64[i]
			if math.IsNaN(x) {
				st.hasNaNs = true
				continue
			}
			if first || x < st.min.F64 {
				st.min.F64 = x
			}
			if first || x > st.max.F64 {
				st.max.F64 = x
			}
		case vector.PhysString:
			x := v.Str[i]
			if first || x < st.min.Str {
				st.min.Str = x
			}
			if first || x > st.max.Str {
				st.max.Str = x
			}
		default:
			return Zone{rows: n, nulls: st.nulls}
		}
		first = false
	}
	st.ok = !first && v.Typ.ID != vector.TypeUBigInt
	return st
}

// Merge folds o, the Zone of other rows of the same column, into s.
func (s *Zone) Merge(o *Zone) {
	if o.ok {
		if !s.ok {
			s.min, s.max, s.ok = o.min, o.max, true
		} else {
			if cmpValues(&o.min, &s.min) < 0 {
				s.min = o.min
			}
			if cmpValues(&o.max, &s.max) > 0 {
				s.max = o.max
			}
		}
	}
	s.nulls += o.nulls
	s.rows += o.rows
	s.hasNaNs = s.hasNaNs || o.hasNaNs
}

// Truncate removes all rows.
func (t *MemTable) Truncate() {
	t.mu.Lock()
	t.chunks = nil
	t.rows = 0
	t.mu.Unlock()
}

// Replace atomically replaces the table's rows with the rows of chunks
// (for CREATE OR REPLACE and DELETE). On error the table is unchanged.
func (t *MemTable) Replace(chunks []*vector.Chunk) error {
	fresh := &MemTable{name: t.name, schema: t.schema}
	for _, c := range chunks {
		if err := fresh.Append(c); err != nil {
			return err
		}
	}
	t.mu.Lock()
	t.chunks, t.rows = fresh.chunks, fresh.rows
	t.mu.Unlock()
	return nil
}

// memMorsel is a run of chunks with merged statistics.
type memMorsel struct {
	chunks []*memChunk
	start  int64 // row number of the first row (for rowid)
}

// RowIDColumn in ScanSpec.Columns asks a MemTable scan for the rowid
// pseudo-column: each row's position in the table, as BIGINT.
const RowIDColumn = -1

type memScanner struct {
	cols    []int
	filters []Filter
	morsels []memMorsel
	stats   ScanStats
}

// Scan snapshots the table and prunes morsels with spec.Filters.
func (t *MemTable) Scan(ctx context.Context, spec ScanSpec) (Scanner, error) {
	for _, c := range spec.Columns {
		if c != RowIDColumn && (c < 0 || c >= len(t.schema)) {
			return nil, fmt.Errorf("table %q: column index %d out of range", t.name, c)
		}
	}
	t.mu.RLock()
	// Copy the pointers: Append replaces the partial tail element in place.
	snap := append([]*memChunk(nil), t.chunks...)
	t.mu.RUnlock()
	s := &memScanner{cols: spec.Columns, filters: spec.Filters}
	var start int64
	for lo := 0; lo < len(snap); lo += MorselChunks {
		m := memMorsel{chunks: snap[lo:min(lo+MorselChunks, len(snap))], start: start}
		for _, c := range m.chunks {
			start += int64(c.n)
		}
		if len(spec.Filters) > 0 && pruneMem(t.schema, m.chunks, spec.Filters) {
			s.stats.RowGroupsSkipped++
			continue
		}
		s.morsels = append(s.morsels, m)
	}
	return s, nil
}

// pruneMem reports whether merged statistics of chunks prove a filter
// false for all their rows.
func pruneMem(schema []Column, chunks []*memChunk, filters []Filter) bool {
	for i := range filters {
		f := &filters[i]
		if f.Col < 0 || f.Col >= len(schema) {
			continue
		}
		st := chunks[0].stats[f.Col]
		for _, c := range chunks[1:] {
			st.Merge(&c.stats[f.Col])
		}
		if st.Excludes(schema[f.Col].Type, f) {
			return true
		}
	}
	return false
}

// Excludes reports whether no row summarised by s, of a column of type
// typ, can satisfy f.
func (s *Zone) Excludes(typ vector.Type, f *Filter) bool {
	return StatsExclude(&s.min, &s.max, s.ok, s.hasNaNs, int64(s.nulls), int64(s.rows), typ, f)
}

// StatsExclude reports whether a column with the given statistics can
// hold no row satisfying f. ok says whether lo/hi are valid; hasNaN says
// the column may hold NaNs not reflected in lo/hi; nulls and rows count
// NULLs and rows (nulls < 0 when unknown). It is conservative.
func StatsExclude(lo, hi *vector.Value, ok, hasNaN bool, nulls, rows int64, typ vector.Type, f *Filter) bool {
	switch f.Op {
	case OpIsNull:
		return nulls == 0
	case OpIsNotNull:
		return rows > 0 && nulls == rows
	}
	if rows > 0 && nulls == rows {
		return true
	}
	if !ok {
		return false
	}
	float := typ.Phys() == vector.PhysFloat64
	usable := func(v *vector.Value) bool {
		return !v.Null && v.Typ.Phys() == typ.Phys() && sameScale(v.Typ, typ) && !(float && math.IsNaN(v.F64))
	}
	switch f.Op {
	case OpEq:
		return usable(&f.Value) && (cmpValues(&f.Value, lo) < 0 || cmpValues(&f.Value, hi) > 0)
	case OpNe:
		return !hasNaN && usable(&f.Value) && cmpValues(lo, hi) == 0 && cmpValues(lo, &f.Value) == 0
	case OpLt:
		return usable(&f.Value) && cmpValues(lo, &f.Value) >= 0
	case OpLe:
		return usable(&f.Value) && cmpValues(lo, &f.Value) > 0
	case OpGt:
		return !hasNaN && usable(&f.Value) && cmpValues(hi, &f.Value) <= 0
	case OpGe:
		return !hasNaN && usable(&f.Value) && cmpValues(hi, &f.Value) < 0
	case OpIn:
		for j := range f.Values {
			v := &f.Values[j]
			if v.Null {
				continue
			}
			if !usable(v) || (cmpValues(v, lo) >= 0 && cmpValues(v, hi) <= 0) {
				return false
			}
		}
		return true
	}
	return false
}

// sameScale rejects comparing DECIMAL constants of another scale, or
// values of a different temporal type, by their raw integers.
func sameScale(v, col vector.Type) bool {
	if v.IsInteger() && col.IsInteger() {
		return true
	}
	if v.ID != col.ID {
		return v.IsString() && col.IsString()
	}
	return v.ID != vector.TypeDecimal || v.Scale == col.Scale
}

func cmpValues(a, b *vector.Value) int {
	switch a.Typ.Phys() {
	case vector.PhysBool:
		switch {
		case a.Bool == b.Bool:
			return 0
		case !a.Bool:
			return -1
		}
		return 1
	case vector.PhysInt64:
		switch {
		case a.I64 < b.I64:
			return -1
		case a.I64 > b.I64:
			return 1
		}
	case vector.PhysFloat64:
		switch {
		case a.F64 < b.F64:
			return -1
		case a.F64 > b.F64:
			return 1
		}
	case vector.PhysString:
		switch {
		case a.Str < b.Str:
			return -1
		case a.Str > b.Str:
			return 1
		}
	}
	return 0
}

func (s *memScanner) Morsels() int { return len(s.morsels) }

// ReadMorsel emits the chunks of morsel i. Emitted vectors share the
// table's immutable data slices: the callee owns the Chunk and Vector
// headers and may replace slices or set Sel, but must not write into the
// data slices or validity bitmaps.
func (s *memScanner) ReadMorsel(ctx context.Context, i int, emit func(*vector.Chunk) error) error {
	if i < 0 || i >= len(s.morsels) {
		return fmt.Errorf("memory scan: morsel %d out of range (%d morsels)", i, len(s.morsels))
	}
	atomic.AddInt64(&s.stats.RowGroups, 1)
	row := s.morsels[i].start
	for _, mc := range s.morsels[i].chunks {
		if err := ctx.Err(); err != nil {
			return err
		}
		out := &vector.Chunk{Cols: make([]*vector.Vector, len(s.cols)), Len: mc.n}
		for j, c := range s.cols {
			if c == RowIDColumn {
				ids := vector.New(vector.BigInt, mc.n)
				for k := range ids.I64 {
					ids.I64[k] = row + int64(k)
				}
				out.Cols[j] = ids
				continue
			}
			out.Cols[j] = view(mc.cols[c], mc.n)
		}
		row += int64(mc.n)
		atomic.AddInt64(&s.stats.RowsOut, int64(mc.n))
		if err := emit(out); err != nil {
			return err
		}
	}
	return nil
}

// view returns a new Vector header over the first n rows of v, with
// capacities clipped so appends by the callee cannot touch shared memory.
func view(v *vector.Vector, n int) *vector.Vector {
	out := &vector.Vector{Typ: v.Typ}
	switch v.Typ.Phys() {
	case vector.PhysList, vector.PhysStruct:
		return v.Slice(0, n)
	case vector.PhysBool:
		out.Bool = v.Bool[:n:n]
	case vector.PhysInt64:
		out.I64 = v.I64[:n:n]
	case vector.PhysFloat64:
		out.F64 = v.F64[:n:n]
	case vector.PhysString:
		out.Str = v.Str[:n:n]
	case vector.PhysInterval:
		out.Iv = v.Iv[:n:n]
	}
	if v.Valid != nil {
		w := (n + 63) / 64
		out.Valid = v.Valid[:w:w]
	}
	return out
}

func (s *memScanner) Stats() ScanStats {
	return ScanStats{
		RowGroups:        atomic.LoadInt64(&s.stats.RowGroups),
		RowGroupsSkipped: atomic.LoadInt64(&s.stats.RowGroupsSkipped),
		RowsOut:          atomic.LoadInt64(&s.stats.RowsOut),
	}
}

func (s *memScanner) Close() error { return nil }
