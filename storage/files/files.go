// Package files reads a list of files as one table: it adds the filename
// column and hive partition columns (key=value directories, typed), unifies
// schemas by name, and prunes whole files from filters on partition
// columns before opening them. Each file is read by a format-specific
// table (Parquet, CSV, JSON) supplied by an Opener.
package files

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// Opener opens one file as a table.
type Opener func(path string) (storage.Table, error)

// HiveMode says whether partition columns are read from paths.
type HiveMode uint8

// Hive partitioning modes.
const (
	HiveAuto HiveMode = iota // on when every path has the same key=value keys
	HiveOn
	HiveOff
)

// Options configure a multi-file table.
type Options struct {
	// Filename adds a VARCHAR column with each row's file path; the column
	// is called FilenameColumn, or "filename" when that is empty.
	Filename       bool
	FilenameColumn string
	Hive           HiveMode
	// HiveTypes, when set, gives partition column types by name; others
	// are inferred unless HiveVarchar is set.
	HiveTypes   map[string]vector.Type
	HiveVarchar bool
	// UnionByName unifies the columns of all files by name (opening every
	// file up front); a file without a column reads NULL for it.
	UnionByName bool
}

// Table is a set of files read as one table.
type Table struct {
	schema   []storage.Column
	nData    int // schema[:nData] are file columns
	fnameCol int // schema index of the filename column, or -1
	hiveKeys []string
	hiveCol0 int // schema index of the first partition column
	files    []entry
	open     Opener

	mu     sync.Mutex
	opened map[int]*openFile
	rows   int64
}

// entry is one file with its partition values (in hiveKeys order).
type entry struct {
	path string
	hive []vector.Value
}

// openFile is an opened file and how its columns map to the table's.
type openFile struct {
	t   storage.Table
	col []int // table data column -> file column, or -1 (NULL)
	err error
}

var _ storage.Table = (*Table)(nil)

// Open builds a table over paths. The first file (or, with UnionByName,
// every file) is opened to learn the schema; the rest are opened by scans
// that do not prune them.
func Open(paths []string, opts Options, open Opener) (*Table, error) {
	if len(paths) == 0 {
		return nil, fmt.Errorf("IO Error: no files given")
	}
	t := &Table{open: open, opened: map[int]*openFile{}, fnameCol: -1, rows: -1}
	for _, p := range paths {
		t.files = append(t.files, entry{path: p})
	}
	if err := t.detectHive(opts); err != nil {
		return nil, err
	}
	if opts.UnionByName {
		if err := t.unionSchemas(); err != nil {
			return nil, err
		}
	} else {
		ft, err := open(paths[0])
		if err != nil {
			return nil, err
		}
		t.schema = append(t.schema, ft.Schema()...)
		t.nData = len(t.schema)
		of := &openFile{t: ft, col: make([]int, t.nData)}
		for i := range of.col {
			of.col[i] = i
		}
		t.opened[0] = of
		if len(paths) == 1 {
			t.rows = ft.RowCount()
		}
	}
	// Partition keys that are also file columns are read from the file.
	var keep []string
	var keepIdx []int
	for k, key := range t.hiveKeys {
		if t.dataIndex(key) < 0 {
			keep = append(keep, key)
			keepIdx = append(keepIdx, k)
		}
	}
	if len(keep) != len(t.hiveKeys) {
		for i := range t.files {
			vals := make([]vector.Value, len(keepIdx))
			for j, k := range keepIdx {
				vals[j] = t.files[i].hive[k]
			}
			t.files[i].hive = vals
		}
		t.hiveKeys = keep
	}
	if opts.Filename {
		name := opts.FilenameColumn
		if name == "" {
			name = "filename"
		}
		if t.dataIndex(name) >= 0 {
			return nil, fmt.Errorf("Binder Error: Option filename adds column %q, but a column with this name already exists in the file", name)
		}
		t.fnameCol = len(t.schema)
		t.schema = append(t.schema, storage.Column{Name: name, Type: vector.Varchar})
	}
	t.hiveCol0 = len(t.schema)
	for k, key := range t.hiveKeys {
		typ := t.files[0].hive[k].Typ
		t.schema = append(t.schema, storage.Column{Name: key, Type: typ})
	}
	return t, nil
}

func (t *Table) dataIndex(name string) int {
	for i := 0; i < t.nData; i++ {
		if strings.EqualFold(t.schema[i].Name, name) {
			return i
		}
	}
	return -1
}

// detectHive reads partition keys and values from the paths.
func (t *Table) detectHive(opts Options) error {
	if opts.Hive == HiveOff {
		return nil
	}
	first := hivePairs(t.files[0].path)
	consistent := len(first) > 0
	pairs := make([][][2]string, len(t.files))
	for i, f := range t.files {
		pairs[i] = hivePairs(f.path)
		if len(pairs[i]) != len(first) {
			consistent = false
			continue
		}
		for k := range first {
			if pairs[i][k][0] != first[k][0] {
				consistent = false
			}
		}
	}
	if !consistent {
		if opts.Hive == HiveOn {
			if len(first) == 0 {
				return fmt.Errorf("Invalid Input Error: hive_partitioning is enabled, but %q has no key=value directory", t.files[0].path)
			}
			return fmt.Errorf("Invalid Input Error: Hive partition mismatch between file %q and %q", t.files[0].path, t.mismatch(pairs, first))
		}
		return nil
	}
	for k, kv := range first {
		typ, ok := opts.HiveTypes[kv[0]]
		if !ok {
			for name, ht := range opts.HiveTypes {
				if strings.EqualFold(name, kv[0]) {
					typ, ok = ht, true
				}
			}
		}
		if !ok {
			if opts.HiveVarchar {
				typ = vector.Varchar
			} else {
				vals := make([]string, len(pairs))
				for i := range pairs {
					vals[i] = pairs[i][k][1]
				}
				typ = inferHiveType(vals)
			}
		}
		t.hiveKeys = append(t.hiveKeys, kv[0])
		for i := range t.files {
			v, err := parseHiveValue(pairs[i][k][1], typ)
			if err != nil {
				return fmt.Errorf("Invalid Input Error: partition value %q of %q in file %q is not a valid %s", pairs[i][k][1], kv[0], t.files[i].path, typ)
			}
			t.files[i].hive = append(t.files[i].hive, v)
		}
	}
	return nil
}

func (t *Table) mismatch(pairs [][][2]string, first [][2]string) string {
	for i, p := range pairs {
		if len(p) != len(first) {
			return t.files[i].path
		}
		for k := range first {
			if p[k][0] != first[k][0] {
				return t.files[i].path
			}
		}
	}
	return ""
}

// unionSchemas opens every file and unifies their columns by name.
func (t *Table) unionSchemas() error {
	var total int64
	for i, f := range t.files {
		ft, err := t.open(f.path)
		if err != nil {
			return err
		}
		if n := ft.RowCount(); n >= 0 && total >= 0 {
			total += n
		} else {
			total = -1
		}
		of := &openFile{t: ft}
		for _, c := range ft.Schema() {
			j := t.dataIndex(c.Name)
			if j < 0 {
				t.schema = append(t.schema, c)
				t.nData = len(t.schema)
				continue
			}
			wide, ok := unify(t.schema[j].Type, c.Type)
			if !ok {
				return fmt.Errorf("Invalid Input Error: column %q has type %s in %q but %s in an earlier file; union_by_name cannot combine them",
					c.Name, c.Type, f.path, t.schema[j].Type)
			}
			t.schema[j].Type = wide
		}
		t.opened[i] = of
	}
	for _, of := range t.opened {
		of.col = t.mapColumns(of.t.Schema())
	}
	t.rows = total
	return nil
}

// mapColumns maps the table's data columns to a file's columns by name.
func (t *Table) mapColumns(fs []storage.Column) []int {
	col := make([]int, t.nData)
	for i := 0; i < t.nData; i++ {
		col[i] = -1
		for j, c := range fs {
			if strings.EqualFold(c.Name, t.schema[i].Name) {
				col[i] = j
				break
			}
		}
	}
	return col
}

// unify returns a type that holds values of both a and b.
func unify(a, b vector.Type) (vector.Type, bool) {
	switch {
	case a.Equal(b):
		return a, true
	case a.ID == vector.TypeNull:
		return b, true
	case b.ID == vector.TypeNull:
		return a, true
	case a.IsInteger() && b.IsInteger():
		if a.ID == vector.TypeUBigInt || b.ID == vector.TypeUBigInt {
			return vector.Type{}, false
		}
		return vector.BigInt, true
	case (a.IsInteger() || a.Phys() == vector.PhysFloat64) && (b.IsInteger() || b.Phys() == vector.PhysFloat64):
		return vector.Double, true
	case a.ID == vector.TypeVarchar || b.ID == vector.TypeVarchar:
		if a.Nested == nil && b.Nested == nil {
			return vector.Varchar, true
		}
	}
	return vector.Type{}, false
}

// fileAt opens file i (once) and maps its columns.
func (t *Table) fileAt(i int) (*openFile, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if of, ok := t.opened[i]; ok {
		return of, of.err
	}
	of := &openFile{}
	ft, err := t.open(t.files[i].path)
	if err != nil {
		of.err = err
		t.opened[i] = of
		return nil, err
	}
	of.t = ft
	of.col = t.mapColumns(ft.Schema())
	fs := ft.Schema()
	for c := 0; c < t.nData; c++ {
		j := of.col[c]
		if j < 0 {
			of.err = fmt.Errorf("Invalid Input Error: file %q has no column %q (present in %q); use union_by_name=true to read files with different columns",
				t.files[i].path, t.schema[c].Name, t.files[0].path)
			break
		}
		if _, ok := unify(t.schema[c].Type, fs[j].Type); !ok || !convertible(fs[j].Type, t.schema[c].Type) {
			of.err = fmt.Errorf("Invalid Input Error: column %q has type %s in %q but %s in %q",
				t.schema[c].Name, fs[j].Type, t.files[i].path, t.schema[c].Type, t.files[0].path)
			break
		}
	}
	t.opened[i] = of
	return of, of.err
}

// Schema returns the table's columns.
func (t *Table) Schema() []storage.Column { return t.schema }

// RowCount returns the row count when every file has been opened, else -1.
func (t *Table) RowCount() int64 { return t.rows }

// Paths returns the files of the table.
func (t *Table) Paths() []string {
	out := make([]string, len(t.files))
	for i, f := range t.files {
		out[i] = f.path
	}
	return out
}

// Close closes every opened file that has a Close method.
func (t *Table) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	var first error
	for _, of := range t.opened {
		if c, ok := of.t.(interface{ Close() error }); ok && of.t != nil {
			if err := c.Close(); err != nil && first == nil {
				first = err
			}
		}
	}
	return first
}

// source says where an output column comes from.
type source struct {
	data  int // data column index, or -1
	fname bool
	hive  int // partition key index, or -1
}

// scanner reads the morsels of every surviving file.
type scanner struct {
	t       *Table
	spec    storage.ScanSpec
	srcs    []source
	parts   []part
	morsels []morselRef
	skipped int64
	rowsOut int64
}

// part is the scan of one file.
type part struct {
	file   int
	sc     storage.Scanner
	dataK  []int            // output position -> position in the inner chunk (data columns)
	conv   []vector.Type    // per inner column: target type, or zero for none
	consts []*vector.Vector // per output position: constant vector for virtual columns
}

type morselRef struct {
	part, m int
}

// Scan prunes files with filters on partition and filename columns, opens
// the rest and scans them with the remaining filters.
func (t *Table) Scan(ctx context.Context, spec storage.ScanSpec) (storage.Scanner, error) {
	s := &scanner{t: t, spec: spec}
	for _, c := range spec.Columns {
		if c < 0 || c >= len(t.schema) {
			return nil, fmt.Errorf("scan: column index %d out of range (table has %d columns)", c, len(t.schema))
		}
		src := source{data: -1, hive: -1}
		switch {
		case c < t.nData:
			src.data = c
		case c == t.fnameCol:
			src.fname = true
		default:
			src.hive = c - t.hiveCol0
		}
		s.srcs = append(s.srcs, src)
	}
	for i := range t.files {
		if err := ctx.Err(); err != nil {
			s.Close()
			return nil, err
		}
		if t.pruneFile(i, spec.Filters) {
			s.skipped++
			continue
		}
		if err := s.addFile(ctx, i); err != nil {
			s.Close()
			return nil, err
		}
	}
	return s, nil
}

// virtualValue returns the value of a filename or partition column for
// file i, or ok false for a data column.
func (t *Table) virtualValue(i, col int) (vector.Value, bool) {
	switch {
	case col == t.fnameCol:
		return vector.StringValue(t.files[i].path), true
	case col >= t.hiveCol0 && col < len(t.schema):
		return t.files[i].hive[col-t.hiveCol0], true
	}
	return vector.Value{}, false
}

// pruneFile reports whether a filter on a virtual column rules out file i.
func (t *Table) pruneFile(i int, filters []storage.Filter) bool {
	for k := range filters {
		f := &filters[k]
		v, ok := t.virtualValue(i, f.Col)
		if !ok {
			continue
		}
		nulls := int64(0)
		if v.Null {
			nulls = 1
		}
		if storage.StatsExclude(&v, &v, !v.Null, false, nulls, 1, t.schema[f.Col].Type, f) {
			return true
		}
	}
	return false
}

func (s *scanner) addFile(ctx context.Context, i int) error {
	t := s.t
	of, err := t.fileAt(i)
	if err != nil {
		return err
	}
	fs := of.t.Schema()
	p := part{file: i, dataK: make([]int, len(s.srcs)), consts: make([]*vector.Vector, len(s.srcs))}
	var inner storage.ScanSpec
	innerPos := map[int]int{}
	for k, src := range s.srcs {
		p.dataK[k] = -1
		switch {
		case src.data >= 0:
			fc := of.col[src.data]
			if fc < 0 {
				p.consts[k] = vector.NullConst(t.schema[src.data].Type)
				continue
			}
			pos, ok := innerPos[fc]
			if !ok {
				pos = len(inner.Columns)
				innerPos[fc] = pos
				inner.Columns = append(inner.Columns, fc)
				var conv vector.Type
				if !fs[fc].Type.Equal(t.schema[src.data].Type) {
					conv = t.schema[src.data].Type
				}
				p.conv = append(p.conv, conv)
			}
			p.dataK[k] = pos
		default:
			v, _ := t.virtualValue(i, s.spec.Columns[k])
			p.consts[k] = vector.ConstVector(v)
		}
	}
	for _, f := range s.spec.Filters {
		if f.Col < 0 || f.Col >= t.nData {
			continue
		}
		fc := of.col[f.Col]
		if fc < 0 || !fs[fc].Type.Equal(t.schema[f.Col].Type) {
			continue
		}
		f.Col = fc
		inner.Filters = append(inner.Filters, f)
	}
	sc, err := of.t.Scan(ctx, inner)
	if err != nil {
		return err
	}
	p.sc = sc
	s.parts = append(s.parts, p)
	for m := 0; m < sc.Morsels(); m++ {
		s.morsels = append(s.morsels, morselRef{part: len(s.parts) - 1, m: m})
	}
	return nil
}

func (s *scanner) Morsels() int { return len(s.morsels) }

func (s *scanner) ReadMorsel(ctx context.Context, i int, emit func(*vector.Chunk) error) error {
	if i < 0 || i >= len(s.morsels) {
		return fmt.Errorf("scan: morsel %d out of range (%d morsels)", i, len(s.morsels))
	}
	ref := s.morsels[i]
	p := &s.parts[ref.part]
	path := s.t.files[p.file].path
	return p.sc.ReadMorsel(ctx, ref.m, func(ch *vector.Chunk) error {
		for k, to := range p.conv {
			if to.ID == vector.TypeInvalid {
				continue
			}
			v, err := convert(ch.Cols[k], to, ch.Len)
			if err != nil {
				return fmt.Errorf("Invalid Input Error: file %q: %w", path, err)
			}
			ch.Cols[k] = v
		}
		out := &vector.Chunk{Cols: make([]*vector.Vector, len(s.srcs)), Len: ch.Len, Sel: ch.Sel}
		for k := range s.srcs {
			if p.dataK[k] >= 0 {
				out.Cols[k] = ch.Cols[p.dataK[k]]
			} else {
				c := *p.consts[k]
				out.Cols[k] = &c
			}
		}
		atomic.AddInt64(&s.rowsOut, int64(out.Rows()))
		return emit(out)
	})
}

// Stats sums the counters of the file scans; Files counts files opened
// and FilesSkipped those pruned by partition filters.
func (s *scanner) Stats() storage.ScanStats {
	var st storage.ScanStats
	for _, p := range s.parts {
		ps := p.sc.Stats()
		st.Add(ps)
	}
	st.Files = int64(len(s.parts))
	st.FilesSkipped = s.skipped
	st.RowsOut = atomic.LoadInt64(&s.rowsOut)
	return st
}

func (s *scanner) Close() error {
	var first error
	for _, p := range s.parts {
		if p.sc == nil {
			continue
		}
		if err := p.sc.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}
