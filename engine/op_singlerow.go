package engine

import (
	"errors"
	"sync"

	"github.com/lhsql/lhsql/vector"
)

// errScalarSubquery is DuckDB's error for a scalar subquery with several
// rows.
var errScalarSubquery = errors.New("Invalid Input Error: More than one row returned by a subquery used as an expression - scalar subqueries can only return a single row.")

// buildSingleRow collects at most one row of the input.
func (b *planBuilder) buildSingleRow(n *SingleRowNode) (*pipeline, error) {
	p, err := b.build(n.Input)
	if err != nil {
		return nil, err
	}
	s := &singleRowSink{types: n.Input.Types(), stat: b.q.stat(n)}
	b.finish(p, s)
	return newPipeline(func(q *query) (rtSource, error) {
		return &chunkSource{chunks: []*vector.Chunk{s.row}}, nil
	}), nil
}

// singleRowSink checks that at most one row arrives and keeps it.
type singleRowSink struct {
	types []vector.Type
	stat  *opStat
	mu    sync.Mutex
	count int
	row   *vector.Chunk
}

type singleRowLocal struct{ s *singleRowSink }

func (s *singleRowSink) newLocal(*worker) sinkLocal { return &singleRowLocal{s: s} }

func (l *singleRowLocal) beginMorsel(int)     {}
func (l *singleRowLocal) endMorsel(int) error { return nil }
func (l *singleRowLocal) combine() error      { return nil }

func (l *singleRowLocal) push(c *vector.Chunk) error {
	s := l.s
	s.mu.Lock()
	defer s.mu.Unlock()
	s.count += c.Rows()
	if s.count > 1 {
		return errScalarSubquery
	}
	c = resultChunk(c)
	s.row = sliceChunk(c, 0, 1)
	return nil
}

func (s *singleRowSink) finalize(*query) error {
	if s.row == nil {
		s.row = &vector.Chunk{Cols: make([]*vector.Vector, len(s.types)), Len: 1}
		for i, t := range s.types {
			s.row.Cols[i] = nullVector(t, 1)
		}
	}
	s.stat.rows.Add(1)
	return nil
}
