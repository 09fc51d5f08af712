package csv

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// minRangeBytes is the smallest byte range given to one parsing
// goroutine; files smaller than two ranges are parsed serially. Tests
// lower it to exercise the parallel path on small inputs.
var minRangeBytes = 4 << 20

// lineError is an error at a record of a CSV file. line is 1-based; while
// a byte range is parsed it counts from the range's first line and is
// made absolute once the lines of the ranges before it are known.
type lineError struct {
	kind string // "Invalid Input Error", "Conversion Error"
	path string
	line int
	msg  string // text after "line N", starting with ":" or ","
}

func (e *lineError) Error() string {
	return fmt.Sprintf("%s: CSV file %q line %d%s", e.kind, e.path, e.line, e.msg)
}

// withPath names the file in a tokenizer error.
func withPath(err error, path string) error {
	var le *lineError
	if errors.As(err, &le) {
		le.path = path
		return le
	}
	return fmt.Errorf("Invalid Input Error: CSV file %q: %w", path, err)
}

// rangeParser parses the records of a CSV text into typed chunks.
type rangeParser struct {
	path         string
	text         string
	d            dialect
	schema       []storage.Column
	sn           *sniffer
	header       bool // the first non-blank record of the file is skipped
	ignoreErrors bool
}

// rangeResult is what parsing the records that start in one byte range
// produced.
type rangeResult struct {
	start  int // where parsing began (a guess unless validated)
	end    int // offset of the first record starting at or after the range end
	lines  int // line breaks consumed between start and end
	chunks []*vector.Chunk
	err    error // first error; its line is relative to start
}

// parseRange parses the records that start in [start, stop). The first
// range of the file (start == 0) skips the header.
func (p *rangeParser) parseRange(start, stop int) rangeResult {
	res := rangeResult{start: start, end: start}
	tk := newTokenizer(p.text, p.d.delim, p.d.quote, p.d.escape)
	tk.pos = start
	b := newBuilder(p.path, p.schema, p.sn)
	first := start == 0
	for tk.pos < stop {
		ok, err := tk.next()
		if err != nil {
			res.err = err
			break
		}
		if !ok {
			break
		}
		if tk.blank() && len(p.schema) > 1 {
			continue
		}
		if first {
			first = false
			if p.header {
				continue
			}
		}
		if len(tk.fields) != len(p.schema) {
			if p.ignoreErrors {
				continue
			}
			res.err = &lineError{kind: "Invalid Input Error", line: tk.recLine,
				msg: fmt.Sprintf(": expected %d fields, found %d", len(p.schema), len(tk.fields))}
			break
		}
		if err := b.add(tk); err != nil {
			if p.ignoreErrors {
				continue
			}
			res.err = err
			break
		}
		if b.n == vector.MaxLen {
			res.chunks = append(res.chunks, b.flush())
		}
	}
	if b.n > 0 {
		res.chunks = append(res.chunks, b.flush())
	}
	res.end = tk.pos
	res.lines = tk.line - 1
	return res
}

// parseAll parses the whole text with up to threads goroutines and
// returns the chunks in file order.
//
// The text is cut into byte ranges; range i (i > 0) starts, as a guess, at
// the first line start at or after its cut. Each range parses the records
// that start before the next range's guess, ending at the first record
// start at or after it. Range 0 starts at a true record start, so its end
// is one too; when it equals the next range's guess, that guess was a true
// record start and the next range's records are exactly those a serial
// parse finds, and so on. A range whose guess is refuted (a quoted field
// spans the cut) is parsed again from the true position. Errors of a
// refuted guess are discarded, and line numbers are made absolute from
// the line counts of the ranges before.
func (p *rangeParser) parseAll(threads int) ([]*vector.Chunk, error) {
	if threads <= 0 {
		threads = runtime.GOMAXPROCS(0)
	}
	n := len(p.text)
	ranges := 1
	if threads > 1 && n >= 2*minRangeBytes {
		ranges = min(n/minRangeBytes, 4*threads)
	}
	starts := make([]int, ranges+1)
	for i := 1; i < ranges; i++ {
		starts[i] = max(lineStartAtOrAfter(p.text, i*(n/ranges)), starts[i-1])
	}
	starts[ranges] = n
	results := make([]rangeResult, ranges)
	if ranges == 1 {
		results[0] = p.parseRange(0, n)
	} else {
		var next atomic.Int64
		var wg sync.WaitGroup
		for range min(threads, ranges) {
			wg.Go(func() {
				for {
					i := int(next.Add(1) - 1)
					if i >= ranges {
						return
					}
					results[i] = p.parseRange(starts[i], starts[i+1])
				}
			})
		}
		wg.Wait()
	}
	var chunks []*vector.Chunk
	line := 1 // line of the current range's start
	pos := 0  // true start of the current range
	for i := range results {
		r := &results[i]
		if r.start != pos {
			*r = p.parseRange(pos, max(pos, starts[i+1]))
		}
		if r.err != nil {
			var le *lineError
			if errors.As(r.err, &le) {
				le.path = p.path
				le.line += line - 1
				return nil, le
			}
			return nil, withPath(r.err, p.path)
		}
		chunks = append(chunks, r.chunks...)
		line += r.lines
		pos = r.end
	}
	return chunks, nil
}

// lineStartAtOrAfter returns the offset of the first byte that follows a
// '\n' and is at or after off, or len(s).
func lineStartAtOrAfter(s string, off int) int {
	if off <= 0 {
		return 0
	}
	i := strings.IndexByte(s[off-1:], '\n')
	if i < 0 {
		return len(s)
	}
	return off + i
}

// Table is a parsed CSV file: its rows in file order, in chunks of at
// most vector.MaxLen rows. It implements storage.Table; each morsel is a
// run of chunks, so scans are parallel and keep file order.
type Table struct {
	path   string
	schema []storage.Column
	chunks []*vector.Chunk
	rows   int64

	mu    sync.Mutex
	stats map[int][]storage.Zone // per filtered column, per morsel; built on first use
}

var _ storage.Table = (*Table)(nil)

// chunksPerMorsel is the number of chunks a scan worker claims at once.
const chunksPerMorsel = 8

func newTable(path string, schema []storage.Column, chunks []*vector.Chunk) *Table {
	t := &Table{path: path, schema: schema, chunks: chunks}
	for _, c := range chunks {
		t.rows += int64(c.Len)
	}
	return t
}

// Path returns the file the table was read from.
func (t *Table) Path() string { return t.path }

// Schema returns the table's columns.
func (t *Table) Schema() []storage.Column { return t.schema }

// RowCount returns the number of rows read.
func (t *Table) RowCount() int64 { return t.rows }

// Scan returns a scanner producing the columns of spec, skipping morsels
// whose zones prove a filter false (the engine still applies every filter).
func (t *Table) Scan(ctx context.Context, spec storage.ScanSpec) (storage.Scanner, error) {
	for _, c := range spec.Columns {
		if c < 0 || c >= len(t.schema) {
			return nil, fmt.Errorf("CSV file %q: scan of column %d, table has %d columns", t.path, c, len(t.schema))
		}
	}
	s := &scanner{t: t, cols: spec.Columns}
	for m := range (len(t.chunks) + chunksPerMorsel - 1) / chunksPerMorsel {
		if !t.pruned(m, spec.Filters) {
			s.morsels = append(s.morsels, m)
		}
	}
	s.stats.RowGroupsSkipped = int64(t.morsels() - len(s.morsels))
	return s, nil
}

func (t *Table) morsels() int { return (len(t.chunks) + chunksPerMorsel - 1) / chunksPerMorsel }

// pruned reports whether the statistics of morsel m prove one of the
// filters false for all its rows.
func (t *Table) pruned(m int, filters []storage.Filter) bool {
	for i := range filters {
		f := &filters[i]
		if f.Col < 0 || f.Col >= len(t.schema) {
			continue
		}
		if t.columnStats(f.Col)[m].Excludes(t.schema[f.Col].Type, f) {
			return true
		}
	}
	return false
}

// columnStats returns the per-morsel zones of column c, computing them
// on first use.
func (t *Table) columnStats(c int) []storage.Zone {
	t.mu.Lock()
	defer t.mu.Unlock()
	if st, ok := t.stats[c]; ok {
		return st
	}
	out := make([]storage.Zone, t.morsels())
	for m := range out {
		for k, ch := range t.chunks[m*chunksPerMorsel : min((m+1)*chunksPerMorsel, len(t.chunks))] {
			z := storage.ZoneOf(ch.Cols[c], ch.Len)
			if k == 0 {
				out[m] = z
			} else {
				out[m].Merge(&z)
			}
		}
	}
	if t.stats == nil {
		t.stats = map[int][]storage.Zone{}
	}
	t.stats[c] = out
	return out
}

type scanner struct {
	t       *Table
	cols    []int
	morsels []int // morsels of the table left after pruning
	stats   storage.ScanStats
}

func (s *scanner) Morsels() int { return len(s.morsels) }

// ReadMorsel emits the chunks of morsel i. The emitted vectors share the
// table's data: callers own the Chunk and Vector headers but must not
// write into data slices or validity bitmaps.
func (s *scanner) ReadMorsel(ctx context.Context, i int, emit func(*vector.Chunk) error) error {
	if i < 0 || i >= s.Morsels() {
		return fmt.Errorf("CSV file %q: morsel %d out of range (%d morsels)", s.t.path, i, s.Morsels())
	}
	atomic.AddInt64(&s.stats.RowGroups, 1)
	m := s.morsels[i]
	for _, c := range s.t.chunks[m*chunksPerMorsel : min((m+1)*chunksPerMorsel, len(s.t.chunks))] {
		if err := ctx.Err(); err != nil {
			return err
		}
		out := &vector.Chunk{Cols: make([]*vector.Vector, len(s.cols)), Len: c.Len}
		for j, col := range s.cols {
			out.Cols[j] = c.Cols[col].Slice(0, c.Len)
		}
		atomic.AddInt64(&s.stats.RowsOut, int64(c.Len))
		if err := emit(out); err != nil {
			return err
		}
	}
	return nil
}

func (s *scanner) Stats() storage.ScanStats {
	return storage.ScanStats{
		RowGroups:        atomic.LoadInt64(&s.stats.RowGroups),
		RowGroupsSkipped: s.stats.RowGroupsSkipped,
		RowsOut:          atomic.LoadInt64(&s.stats.RowsOut),
	}
}

func (s *scanner) Close() error { return nil }
