package json

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// Byte ranges of newline-delimited text decoded by one morsel: about a
// quarter of the text per core, within [minRangeBytes, maxRangeBytes].
// Tests lower them to exercise many ranges on small inputs.
var (
	minRangeBytes int64 = 1 << 20
	maxRangeBytes int64 = 8 << 20
)

// extendStep is how much is read at a time past a range's nominal end to
// finish its last line.
const extendStep = 64 << 10

// scanner reads a Table. When the table is byLine, morsel i decodes the
// records that start on the lines beginning in the byte range
// [start+i*step, start+(i+1)*step): a line begins at the text's start or
// after a '\n'. JSON strings cannot hold a raw newline, so a line start
// is outside every string; when no record spans a line break (as in the
// sample), every line start is a record start or whitespace, and the
// ranges together decode exactly the records a serial reading does. A
// record that runs past its range's end breaks that assumption and is
// reported as an error rather than read wrongly. Otherwise there is one
// morsel, which decodes the whole text.
type scanner struct {
	t       *Table
	cols    []int
	f       *os.File // nil when the text is in memory
	step    int64
	morsels int

	mu        sync.Mutex
	bufs      [][]byte // free range buffers: decoded strings are copies
	bytesRead atomic.Int64
	rowsOut   atomic.Int64
}

// Scan prepares a scan of the columns spec.Columns; filters are not used.
func (t *Table) Scan(ctx context.Context, spec storage.ScanSpec) (storage.Scanner, error) {
	for _, c := range spec.Columns {
		if c < 0 || c >= len(t.schema) {
			return nil, fmt.Errorf("json scan of %q: column %d out of range", t.path, c)
		}
	}
	s := &scanner{t: t, cols: spec.Columns, morsels: 1}
	if t.data == nil {
		f, err := os.Open(t.path)
		if err != nil {
			return nil, fmt.Errorf("IO Error: cannot open file %q: %w", t.path, err)
		}
		s.f = f
	}
	if body := t.size - t.start; t.byLine && body > 0 {
		s.step = min(max(body/int64(4*runtime.GOMAXPROCS(0)), minRangeBytes), maxRangeBytes)
		s.morsels = int((body + s.step - 1) / s.step)
	}
	return s, nil
}

// Morsels returns the number of byte ranges.
func (s *scanner) Morsels() int { return s.morsels }

// Stats reports bytes read and rows produced.
func (s *scanner) Stats() storage.ScanStats {
	return storage.ScanStats{Files: 1, BytesRead: s.bytesRead.Load(), RowsOut: s.rowsOut.Load()}
}

// Close closes the file and drops the range buffers.
func (s *scanner) Close() error {
	s.mu.Lock()
	s.bufs = nil
	s.mu.Unlock()
	if s.f == nil {
		return nil
	}
	err := s.f.Close()
	s.f = nil
	return err
}

// getBuf returns a buffer of n bytes with room to grow.
func (s *scanner) getBuf(n int) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := len(s.bufs) - 1; i >= 0; i-- {
		if b := s.bufs[i]; cap(b) >= n {
			s.bufs = append(s.bufs[:i], s.bufs[i+1:]...)
			return b[:n]
		}
	}
	return make([]byte, n, n+extendStep)
}

// putBuf keeps b for another range.
func (s *scanner) putBuf(b []byte) {
	s.mu.Lock()
	s.bufs = append(s.bufs, b[:0])
	s.mu.Unlock()
}

// readAt reads len(b) bytes at off.
func (s *scanner) readAt(b []byte, off int64) error {
	if s.t.data != nil {
		copy(b, s.t.data[off:])
		return nil
	}
	n, err := s.f.ReadAt(b, off)
	s.bytesRead.Add(int64(n))
	if err != nil && !(err == io.EOF && n == len(b)) {
		return fmt.Errorf("IO Error: reading %q: %w", s.t.path, err)
	}
	return nil
}

// ReadMorsel decodes morsel i.
func (s *scanner) ReadMorsel(ctx context.Context, i int, emit func(*vector.Chunk) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	t := s.t
	if t.byLine {
		return s.readRange(ctx, i, emit)
	}
	var r *run
	if t.data != nil {
		r = s.newRun(t.data, 0, true, emit)
	} else {
		// Stream the file through a window.
		n := min(windowBytes, t.size)
		buf := make([]byte, n, max(n, 64))
		if err := s.readAt(buf, 0); err != nil {
			return err
		}
		r = s.newRun(buf, 0, true, emit)
		r.next, r.eof = n, n == t.size
	}
	if t.array {
		return r.array(ctx, int(t.start))
	}
	return r.sequence(ctx, int(t.start))
}

// readRange decodes the records on the lines that begin in range i.
func (s *scanner) readRange(ctx context.Context, i int, emit func(*vector.Chunk) error) error {
	t := s.t
	lo := t.start + int64(i)*s.step
	hi := min(lo+s.step, t.size)
	if lo >= hi {
		return nil
	}
	first := int64(0) // offset in buf of the first line start
	base := lo
	if i > 0 {
		base = lo - 1 // to see whether lo follows a '\n'
	}
	var buf []byte
	if t.data != nil {
		buf = t.data[base:hi]
	} else {
		buf = s.getBuf(int(hi - base))
		defer func() { s.putBuf(buf) }()
		if err := s.readAt(buf, base); err != nil {
			return err
		}
	}
	if i > 0 {
		nl := bytes.IndexByte(buf, '\n')
		if nl < 0 || nl+1 >= len(buf) {
			return nil // no line begins in the range
		}
		first = int64(nl + 1)
	}
	// Extend to the end of the last line.
	end := hi
	for end < t.size && buf[len(buf)-1] != '\n' {
		if t.data != nil {
			nl := bytes.IndexByte(t.data[end:], '\n')
			if nl < 0 {
				end = t.size
			} else {
				end += int64(nl) + 1
			}
			buf = t.data[base:end]
			break
		}
		n := min(int64(extendStep), t.size-end)
		old := len(buf)
		buf = slices.Grow(buf, int(n))[:old+int(n)]
		if err := s.readAt(buf[old:], end); err != nil {
			return err
		}
		if nl := bytes.IndexByte(buf[old:], '\n'); nl >= 0 {
			buf = buf[:old+nl+1]
			end += int64(nl) + 1
			break
		}
		end += n
	}
	r := s.newRun(buf, base, end == t.size, emit)
	return r.sequence(ctx, int(first))
}

// run is the decoding of one morsel's text.
type run struct {
	s     *scanner
	d     *decoder
	base  int64 // file offset of d.data[0]
	final bool  // d.data ends where the text or the morsel's text ends
	emit  func(*vector.Chunk) error

	// A serial run over a file holds a window of it: next is the file
	// offset after d.data, eof whether that is the end of the file.
	next int64
	eof  bool
}

// windowBytes is the window a serial scan of a file reads through;
// tests lower it.
var windowBytes int64 = 8 << 20

// margin is how close to a window's end a record may end and still be
// trusted complete: every token cut by the window's end ends within it.
const margin = 16

// nearEnd reports whether the window may have cut what was decoded up to
// offset off.
func (r *run) nearEnd(off int) bool {
	return !r.eof && off+margin > len(r.d.data)
}

// more drops the window's first keep bytes and reads on (growing the
// window when what is kept fills half of it). d.pos moves with the text.
func (r *run) more(keep int) error {
	d := r.d
	buf := d.data
	rest := len(buf) - keep
	if rest > cap(buf)/2 {
		nb := make([]byte, rest, 2*cap(buf))
		copy(nb, buf[keep:])
		buf = nb
	} else {
		buf = buf[:copy(buf, buf[keep:])]
	}
	n := min(int64(cap(buf)-rest), r.s.t.size-r.next)
	buf = buf[:rest+int(n)]
	if err := r.s.readAt(buf[rest:], r.next); err != nil {
		return err
	}
	r.next += n
	r.eof = r.next == r.s.t.size
	r.base += int64(keep)
	d.data = buf
	d.pos -= keep
	return nil
}

// wsMore skips whitespace, reading on at the window's end.
func (r *run) wsMore() error {
	for {
		r.d.ws()
		if r.d.pos < len(r.d.data) || r.eof {
			return nil
		}
		if err := r.more(r.d.pos); err != nil {
			return err
		}
	}
}

func (s *scanner) newRun(data []byte, base int64, final bool, emit func(*vector.Chunk) error) *run {
	d := newDecoder(s.t.schema, s.cols, s.t.topObjects)
	d.objects = s.t.opts.Objects
	d.ignore = s.t.opts.IgnoreErrors
	d.data = data
	d.newChunk()
	return &run{s: s, d: d, base: base, final: final, emit: emit, eof: true}
}

// line returns the 1-based line of offset off of the run's text.
func (r *run) line(off int) int {
	t := r.s.t
	if t.data != nil {
		return lineOf(t.data, int(r.base)+off)
	}
	if r.base == 0 {
		return lineOf(r.d.data, off)
	}
	// Count the line breaks before the range in the file.
	n := 1 + bytes.Count(r.d.data[:min(off, len(r.d.data))], []byte{'\n'})
	buf := make([]byte, 1<<20)
	for pos := int64(0); pos < r.base; {
		b := buf[:min(int64(len(buf)), r.base-pos)]
		if r.s.readAt(b, pos) != nil {
			break
		}
		n += bytes.Count(b, []byte{'\n'})
		pos += int64(len(b))
	}
	return n
}

func (r *run) malformed(err *syntaxError) error {
	return fmt.Errorf("Invalid Input Error: Malformed JSON in file %q at line %d: %v", r.s.t.path, r.line(err.off), err)
}

// commit counts the decoded row and emits the chunk when it is full.
func (r *run) commit(ctx context.Context) error {
	r.d.n++
	if r.d.n < vector.MaxLen {
		return nil
	}
	return r.flush(ctx)
}

func (r *run) flush(ctx context.Context) error {
	if r.d.n == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	ch := r.d.chunk()
	r.s.rowsOut.Add(int64(ch.Len))
	r.d.newChunk()
	return r.emit(ch)
}

// recordError turns an error of the record starting at start into the
// error to return, or nil when the record is to be skipped.
func (r *run) recordError(err error, start int) error {
	t := r.s.t
	switch e := err.(type) {
	case *syntaxError:
		if !r.final && e.off >= len(r.d.data) {
			return fmt.Errorf("Invalid Input Error: Malformed JSON in file %q at line %d: the record does not end on its line; newline-delimited records after the sampled ones are read in parallel line by line (read with sample_size=-1 to detect records spanning lines)", t.path, r.line(start))
		}
		return r.malformed(e)
	case *kindError:
		return fmt.Errorf("Invalid Input Error: JSON file %q line %d: expected an object, found %s", t.path, r.line(start), e.kind)
	case *convError:
		if t.opts.IgnoreErrors {
			return nil
		}
		return fmt.Errorf("Invalid Input Error: JSON file %q line %d, column %q: %w", t.path, r.line(start), t.schema[r.d.errCol].Name, e)
	}
	return err
}

// sequence decodes the records from offset pos to the end of the text.
func (r *run) sequence(ctx context.Context, pos int) error {
	d := r.d
	d.pos = pos
	for {
		if err := r.wsMore(); err != nil {
			return err
		}
		if d.pos >= len(d.data) {
			break
		}
		start := d.pos
		err := d.record()
		se, syntax := err.(*syntaxError)
		if (syntax && r.nearEnd(se.off)) || (!syntax && r.nearEnd(d.pos)) {
			// The window may have cut the record (a conversion error too may
			// come from a cut token): read on and redo it.
			if err := r.more(start); err != nil {
				return err
			}
			d.pos = 0
			continue
		}
		if err != nil {
			if syntax && r.s.t.opts.IgnoreErrors {
				nl := bytes.IndexByte(d.data[start:], '\n')
				if nl < 0 && !r.eof {
					if err := r.more(start); err != nil {
						return err
					}
					d.pos = 0
					continue
				}
				if nl < 0 {
					break
				}
				d.pos = start + nl + 1
				continue
			}
			if err := r.recordError(err, start); err != nil {
				return err
			}
			continue
		}
		if err := r.commit(ctx); err != nil {
			return err
		}
	}
	return r.flush(ctx)
}

// array decodes the one top-level array of records at offset pos.
func (r *run) array(ctx context.Context, pos int) error {
	d := r.d
	d.pos = pos
	if err := r.wsMore(); err != nil {
		return err
	}
	if d.pos >= len(d.data) || d.data[d.pos] != '[' {
		return fmt.Errorf("Invalid Input Error: JSON file %q: expected a top-level array", r.s.t.path)
	}
	d.pos++
	if err := r.wsMore(); err != nil {
		return err
	}
	if d.pos < len(d.data) && d.data[d.pos] == ']' {
		d.pos++
	} else {
		for {
			if err := r.wsMore(); err != nil {
				return err
			}
			start := d.pos
			err := d.record()
			se, syntax := err.(*syntaxError)
			if !syntax {
				d.ws()
			}
			if (syntax && r.nearEnd(se.off)) || (!syntax && r.nearEnd(d.pos)) {
				// The window may have cut the element or what follows.
				if err := r.more(start); err != nil {
					return err
				}
				d.pos = 0
				continue
			}
			if syntax {
				return r.malformed(se)
			}
			if err != nil {
				if err := r.recordError(err, start); err != nil {
					return err
				}
			} else if err := r.commit(ctx); err != nil {
				return err
			}
			if d.pos < len(d.data) && d.data[d.pos] == ',' {
				d.pos++
				continue
			}
			if d.pos < len(d.data) && d.data[d.pos] == ']' {
				d.pos++
				break
			}
			return r.malformed(d.fail("expected ',' or ']' after an array element").(*syntaxError))
		}
	}
	if err := r.wsMore(); err != nil {
		return err
	}
	if d.pos != len(d.data) {
		return r.malformed(d.fail("unexpected data after the top-level array").(*syntaxError))
	}
	return r.flush(ctx)
}

// kindError is a record that is not an object where objects are read.
type kindError struct{ kind string }

func (e *kindError) Error() string { return "expected an object, found " + e.kind }

// record decodes the record at d.pos into row d.n. It returns a
// *syntaxError, a *kindError, or a *convError with d.errCol naming the
// column; after the latter two d.pos is past the record.
func (d *decoder) record() error {
	switch {
	case d.objects:
		start := d.pos
		if _, err := d.skip(0); err != nil {
			return err
		}
		if v := d.vecs[0]; v != nil {
			v.Str[d.n] = d.arena.add(d.data[start:d.pos])
			markValid(v, d.n)
		}
		return nil
	case d.top == nil:
		v := d.vecs[0]
		if v == nil {
			_, err := d.skip(0)
			return err
		}
		d.errCol = 0
		return d.value(d.val, v, d.n, 0)
	}
	c := d.data[d.pos]
	if c == '{' {
		err := d.object(d.top, d.vecs, d.n, 0)
		if _, ok := err.(*convError); ok {
			for f, e := range d.top.errs {
				if e != nil && d.top.level[f] != 0 && d.vecs[f] != nil {
					d.errCol = f
					break
				}
			}
		}
		return err
	}
	if d.hasLit("null") {
		d.pos += 4
		for _, v := range d.vecs {
			if v != nil {
				setNull(v, d.n)
			}
		}
		return nil
	}
	k, err := d.skip(0)
	if err != nil {
		return err
	}
	if d.ignore {
		for _, v := range d.vecs {
			if v != nil {
				setNull(v, d.n)
			}
		}
		return nil
	}
	return &kindError{kind: k}
}
