package engine

import (
	"fmt"
	"sort"
	"sync"

	"github.com/lhsql/lhsql/vector"
)

// CTENode materializes a common table expression: the rows of Def are
// computed once, by a pipeline that runs before every pipeline of Input,
// and buffered; each CTEScanNode with the same ID inside Input reads that
// buffer. The output is Input's columns. IDs are unique within one plan,
// and every CTEScanNode must be enclosed by the CTENode with its ID.
type CTENode struct {
	ID    int
	Name  string // for EXPLAIN
	Def   Node
	Input Node
}

// CTEScanNode reads the rows buffered by the enclosing CTENode with the
// same ID. Cols selects the buffered columns (indices into the Def's
// output) in output order; Out are their types.
type CTEScanNode struct {
	ID   int
	Name string // for EXPLAIN
	Cols []int
	Out  []vector.Type
}

// Types implements Node.
func (n *CTENode) Types() []vector.Type { return n.Input.Types() }

// Types implements Node.
func (n *CTEScanNode) Types() []vector.Type { return n.Out }

// VisitNodes calls f for n and every node below it, parents first. It
// reports false, after visiting what it could, when it meets a node type
// whose children it does not know.
func VisitNodes(n Node, f func(Node)) bool {
	if n == nil {
		return true
	}
	f(n)
	var kids []Node
	switch x := n.(type) {
	case *ScanNode, *ValuesNode, *CTEScanNode:
	case *FilterNode:
		kids = []Node{x.Input}
	case *ProjectNode:
		kids = []Node{x.Input}
	case *HashJoinNode:
		kids = []Node{x.Left, x.Right}
	case *NestedLoopJoinNode:
		kids = []Node{x.Left, x.Right}
	case *HashAggNode:
		kids = []Node{x.Input}
	case *SortNode:
		kids = []Node{x.Input}
	case *LimitNode:
		kids = []Node{x.Input}
	case *UnionAllNode:
		kids = x.Inputs
	case *SetOpNode:
		kids = []Node{x.Left, x.Right}
	case *SingleRowNode:
		kids = []Node{x.Input}
	case *WindowNode:
		kids = []Node{x.Input}
	case *UnnestNode:
		kids = []Node{x.Input}
	case *setExpandNode:
		kids = []Node{x.input}
	case *CTENode:
		kids = []Node{x.Def, x.Input}
	default:
		return false
	}
	ok := true
	for _, k := range kids {
		if !VisitNodes(k, f) {
			ok = false
		}
	}
	return ok
}

// buildCTE schedules the pipeline that computes n.Def into a buffer and
// registers the buffer for the CTE scans of n.Input. It must run before
// any of those scans is built, so the pipeline precedes theirs.
func (b *planBuilder) buildCTE(n *CTENode) error {
	if _, dup := b.ctes[n.ID]; dup {
		return fmt.Errorf("internal error: CTE %q (#%d) is materialized twice", n.Name, n.ID)
	}
	p, err := b.build(n.Def)
	if err != nil {
		return err
	}
	s := &cteSink{types: n.Def.Types(), stat: b.q.stat(n), morsels: map[int][]*vector.Chunk{}}
	b.finish(p, s)
	if b.ctes == nil {
		b.ctes = map[int]*cteSink{}
	}
	b.ctes[n.ID] = s
	return nil
}

// buildCTEScan returns a pipeline reading the buffer of the CTE n refers
// to, one morsel per buffered chunk.
func (b *planBuilder) buildCTEScan(n *CTEScanNode) (*pipeline, error) {
	s, ok := b.ctes[n.ID]
	if !ok {
		return nil, fmt.Errorf("internal error: scan of CTE %q (#%d) outside its materialization", n.Name, n.ID)
	}
	if len(n.Cols) != len(n.Out) {
		return nil, fmt.Errorf("internal error: scan of CTE %q has %d columns but %d types", n.Name, len(n.Cols), len(n.Out))
	}
	for j, k := range n.Cols {
		if k < 0 || k >= len(s.types) || !s.types[k].Equal(n.Out[j]) {
			return nil, fmt.Errorf("internal error: scan of CTE %q reads column %d as %s, which the CTE does not buffer", n.Name, k, n.Out[j])
		}
	}
	st := b.q.stat(n)
	return newPipeline(func(*query) (rtSource, error) {
		return &cteSource{s: s, cols: n.Cols, stat: st}, nil
	}), nil
}

// cteSink buffers the rows of a CTE definition. Chunks are kept per morsel
// and concatenated in morsel order by finalize, so a definition that
// ends in ORDER BY is read back in that order.
type cteSink struct {
	types []vector.Type // of the buffered columns
	stat  *opStat

	mu      sync.Mutex
	morsels map[int][]*vector.Chunk // until finalize
	chunks  []*vector.Chunk         // after finalize: the buffer, in order
}

// cteLocal collects the chunks of the morsel a worker is running.
type cteLocal struct {
	s   *cteSink
	cur int
	buf []*vector.Chunk
}

func (s *cteSink) newLocal(*worker) sinkLocal { return &cteLocal{s: s} }

func (l *cteLocal) beginMorsel(i int) { l.cur, l.buf = i, nil }

// push keeps the chunk (the pipeline's workers do not recycle vectors
// for a sink that keeps them); a selection is gathered away first.
func (l *cteLocal) push(c *vector.Chunk) error {
	l.buf = append(l.buf, c.Compact())
	return nil
}

func (l *cteLocal) endMorsel(i int) error {
	if len(l.buf) == 0 {
		return nil
	}
	l.s.mu.Lock()
	l.s.morsels[i] = append(l.s.morsels[i], l.buf...)
	l.s.mu.Unlock()
	l.buf = nil
	return nil
}

func (l *cteLocal) combine() error { return nil }

func (s *cteSink) finalize(*query) error {
	keys := make([]int, 0, len(s.morsels))
	for k := range s.morsels {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	rows := 0
	for _, k := range keys {
		for _, c := range s.morsels[k] {
			rows += c.Len
		}
		s.chunks = append(s.chunks, s.morsels[k]...)
	}
	s.morsels = nil
	s.chunks = splitChunks(s.chunks)
	s.stat.rows.Add(int64(rows))
	return nil
}

// cteSource reads selected columns of a finalized cteSink; several
// sources (one per reference) may read the same buffer, concurrently.
type cteSource struct {
	s    *cteSink
	cols []int // validated against s.types by buildCTEScan
	stat *opStat
}

func (c *cteSource) morselCount() int { return len(c.s.chunks) }

func (c *cteSource) readMorsel(_ *worker, i int, emit func(*vector.Chunk) error) error {
	in := c.s.chunks[i]
	out := &vector.Chunk{Cols: make([]*vector.Vector, len(c.cols)), Len: in.Len}
	for j, k := range c.cols {
		out.Cols[j] = in.Cols[k]
	}
	c.stat.rows.Add(int64(in.Len))
	return emit(out)
}

func (c *cteSource) close() {}
