package engine

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/lhsql/lhsql/vector"
)

// orderedSink releases chunks in morsel order, applying an optional
// LIMIT/OFFSET. It ends the final pipeline (emit sends to the Result) and
// implements LimitNode (emit == nil collects the rows). When the limit is
// reached it stops its pipeline, so upstream work ends early.
type orderedSink struct {
	q      *query
	p      *pipeline
	limit  int64 // < 0: none
	offset int64
	emit   func(*vector.Chunk) error
	stat   *opStat

	tokens chan struct{}
	stopCh chan struct{} // closed when the limit is reached

	mu        sync.Mutex
	next      atomic.Int64 // lowest morsel not yet released
	pending   map[int][]*vector.Chunk
	skipped   int64
	taken     int64
	done      atomic.Bool
	collected []*vector.Chunk
}

func newOrderedSink(q *query, p *pipeline, limit, offset int64, emit func(*vector.Chunk) error) *orderedSink {
	window := 2*q.threads + 2
	s := &orderedSink{q: q, p: p, limit: limit, offset: offset, emit: emit,
		pending: map[int][]*vector.Chunk{}, tokens: make(chan struct{}, window), stopCh: make(chan struct{})}
	for range window {
		s.tokens <- struct{}{}
	}
	if limit == 0 {
		s.done.Store(true)
		p.stop.Store(true)
		close(s.stopCh)
	}
	return s
}

func (s *orderedSink) admit(ctx context.Context) error {
	select {
	case <-s.tokens:
		return nil
	case <-s.stopCh:
		return errStopPipeline
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *orderedSink) release() {
	select {
	case s.tokens <- struct{}{}:
	default:
	}
}

type orderedLocal struct {
	s   *orderedSink
	cur int
	buf []*vector.Chunk
}

func (s *orderedSink) newLocal(*worker) sinkLocal { return &orderedLocal{s: s} }

func (l *orderedLocal) beginMorsel(i int) { l.cur = i; l.buf = l.buf[:0] }

func (l *orderedLocal) push(c *vector.Chunk) error {
	s := l.s
	if s.done.Load() {
		return errStopPipeline
	}
	c = resultChunk(c)
	if int(s.next.Load()) != l.cur {
		l.buf = append(l.buf, c)
		return nil
	}
	// This morsel is at the head: release directly.
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, b := range l.buf {
		if err := s.deliver(b); err != nil {
			return err
		}
	}
	l.buf = l.buf[:0]
	return s.deliver(c)
}

func (l *orderedLocal) endMorsel(i int) error {
	s := l.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if int(s.next.Load()) != i {
		s.pending[i] = append([]*vector.Chunk(nil), l.buf...)
		l.buf = l.buf[:0]
		return nil
	}
	for _, b := range l.buf {
		if err := s.deliver(b); err != nil {
			return err
		}
	}
	l.buf = l.buf[:0]
	s.advance()
	for {
		k := int(s.next.Load())
		cs, ok := s.pending[k]
		if !ok {
			return nil
		}
		delete(s.pending, k)
		for _, c := range cs {
			if err := s.deliver(c); err != nil {
				return err
			}
		}
		s.advance()
	}
}

func (s *orderedSink) advance() {
	s.next.Add(1)
	s.release()
}

func (l *orderedLocal) combine() error { return nil }

// deliver passes one chunk on, applying OFFSET and LIMIT; s.mu is held.
func (s *orderedSink) deliver(c *vector.Chunk) error {
	if s.done.Load() {
		return errStopPipeline
	}
	n := int64(c.Len)
	if s.skipped < s.offset {
		skip := min(s.offset-s.skipped, n)
		s.skipped += skip
		if skip == n {
			return nil
		}
		c = sliceChunk(c, int(skip), c.Len)
		n = int64(c.Len)
	}
	if s.limit >= 0 && s.taken+n >= s.limit {
		c = sliceChunk(c, 0, int(s.limit-s.taken))
		s.taken = s.limit
		s.done.Store(true)
		s.p.stop.Store(true)
		close(s.stopCh)
		if err := s.out(c); err != nil {
			return err
		}
		return errStopPipeline
	}
	s.taken += n
	return s.out(c)
}

func (s *orderedSink) out(c *vector.Chunk) error {
	if c.Len == 0 {
		return nil
	}
	if s.stat != nil {
		s.stat.rows.Add(int64(c.Len))
	}
	if s.emit != nil {
		return s.emit(c)
	}
	s.collected = append(s.collected, c)
	return nil
}

func (s *orderedSink) finalize(*query) error { return nil }

// resultChunk returns c without a selection vector and with flat columns.
func resultChunk(c *vector.Chunk) *vector.Chunk {
	c = c.Compact()
	flat := true
	for _, col := range c.Cols {
		if col.Const {
			flat = false
			break
		}
	}
	if flat {
		return c
	}
	out := &vector.Chunk{Cols: make([]*vector.Vector, len(c.Cols)), Len: c.Len}
	for i, col := range c.Cols {
		out.Cols[i] = flatVec(col, c.Len)
	}
	return out
}

// sliceChunk returns rows [lo,hi) of a chunk without Sel.
func sliceChunk(c *vector.Chunk, lo, hi int) *vector.Chunk {
	if lo == 0 && hi == c.Len {
		return c
	}
	out := &vector.Chunk{Cols: make([]*vector.Vector, len(c.Cols)), Len: hi - lo}
	for i, col := range c.Cols {
		out.Cols[i] = col.Slice(lo, hi)
	}
	return out
}
