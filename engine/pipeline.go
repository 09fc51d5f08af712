package engine

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/lhsql/lhsql/vector"
)

// rtSource produces the morsels of a pipeline. readMorsel may be called
// concurrently for different morsels.
type rtSource interface {
	morselCount() int
	readMorsel(w *worker, i int, emit func(*vector.Chunk) error) error
	close()
}

// pusher receives chunks; push must not keep or modify the chunk's vectors
// unless it owns them (operators always build new chunks for output).
type pusher interface {
	push(c *vector.Chunk) error
}

// streamOp is a streaming operator of a pipeline. newLocal creates the
// per-worker instance that pushes its output to next.
type streamOp interface {
	newLocal(w *worker, next pusher) pusher
}

// tailOp is a streaming operator that emits more rows after all of the
// pipeline's input has been processed by every worker.
type tailOp interface {
	streamOp
	tailMorsels() int
	emitTail(w *worker, i int, next pusher) error
}

// pipeSink ends a pipeline. Each worker gets a sinkLocal; Finalize runs
// once after every worker has combined its local state.
type pipeSink interface {
	newLocal(w *worker) sinkLocal
	finalize(q *query) error
}

// sinkLocal is the per-worker state of a sink.
type sinkLocal interface {
	pusher
	beginMorsel(i int)
	endMorsel(i int) error
	// combine folds the local state into the sink's global state; it is
	// called once per worker and may run concurrently with other workers.
	combine() error
}

// admitter is implemented by sinks that bound the number of morsels in
// flight (order-preserving sinks buffer out-of-order morsels).
type admitter interface {
	admit(ctx context.Context) error
	release()
}

// pipeBranch is one source plus its operators. A pipeline has several
// branches after a UNION ALL; operators added later are shared by all.
type pipeBranch struct {
	open func(q *query) (rtSource, error)
	ops  []streamOp
}

// pipeline is a set of branches feeding one sink.
type pipeline struct {
	branches []*pipeBranch
	sink     pipeSink
	stop     atomic.Bool
}

// addOp appends a streaming operator to every branch.
func (p *pipeline) addOp(op streamOp) {
	for _, b := range p.branches {
		b.ops = append(b.ops, op)
	}
}

// chain builds the per-worker push chain of branch b from operator index
// from onwards, ending in sl.
func (p *pipeline) chain(w *worker, b, from int, sl sinkLocal) pusher {
	var next pusher = sl
	ops := p.branches[b].ops
	for j := len(ops) - 1; j >= from; j-- {
		next = ops[j].newLocal(w, next)
	}
	return next
}

// ownsTail reports whether branch b is the first branch holding operator
// j, so that a shared operator's tail runs only once.
func (p *pipeline) ownsTail(b, j int) bool {
	op := p.branches[b].ops[j]
	for k := 0; k < b; k++ {
		for _, o := range p.branches[k].ops {
			if o == op {
				return false
			}
		}
	}
	return true
}

// planBuilder turns a Node tree into pipelines in execution order.
type planBuilder struct {
	q     *query
	pipes []*pipeline
	// joinFilters lists the runtime join filters to apply after each scan
	// (see planJoinFilter).
	joinFilters map[*ScanNode][]joinFilterTarget
	// topN lists the top-N filters of the sorts above each scan (see
	// planTopNFilter).
	topN map[*ScanNode][]topNTarget
	// ctes holds the buffers of the materialized CTEs built so far, by
	// CTENode.ID (see buildCTE).
	ctes map[int]*cteSink
}

// finish sets p's sink and schedules it.
func (b *planBuilder) finish(p *pipeline, s pipeSink) {
	p.sink = s
	b.pipes = append(b.pipes, p)
}

// newPipeline starts a pipeline reading from open.
func newPipeline(open func(q *query) (rtSource, error)) *pipeline {
	return &pipeline{branches: []*pipeBranch{{open: open}}}
}

// buildRoot builds all pipelines; the last one streams ordered chunks to
// emit.
func (b *planBuilder) buildRoot(root Node, emit func(*vector.Chunk) error) ([]*pipeline, error) {
	// Materialized CTEs at the root run first; the rest keeps the root's
	// LIMIT handling below.
	for {
		cn, ok := root.(*CTENode)
		if !ok {
			break
		}
		if err := b.buildCTE(cn); err != nil {
			return nil, err
		}
		root = cn.Input
	}
	limit, offset := int64(-1), int64(0)
	var limNode Node
	if ln, ok := root.(*LimitNode); ok {
		limit, offset, limNode = ln.Limit, ln.Offset, ln
		root = ln.Input
	}
	p, err := b.build(root)
	if err != nil {
		return nil, err
	}
	s := newOrderedSink(b.q, p, limit, offset, emit)
	if limNode != nil {
		s.stat = b.q.stat(limNode)
	}
	b.finish(p, s)
	return b.pipes, nil
}

// buildScan returns the pipeline of scan n, whose rows the filter
// conditions preds are applied to: the runtime join filters of n follow
// it, and the scan receives both as hints.
func (b *planBuilder) buildScan(n *ScanNode, preds []*scanPredicate) *pipeline {
	fs, ops := b.joinFilterOps(n)
	p := newPipeline(scanOpener(n, b.q.stat(n), fs, preds, b.topN[n]))
	for _, f := range ops {
		p.addOp(f)
	}
	return p
}

// build returns the open pipeline producing n's rows.
func (b *planBuilder) build(n Node) (*pipeline, error) {
	switch n := n.(type) {
	case *ScanNode:
		return b.buildScan(n, nil), nil
	case *ValuesNode:
		st := b.q.stat(n)
		chunks := splitChunks(n.Chunks)
		return newPipeline(func(q *query) (rtSource, error) {
			return &chunkSource{chunks: chunks, stat: st}, nil
		}), nil
	case *FilterNode:
		var p *pipeline
		if scan, ok := n.Input.(*ScanNode); ok {
			// The scan may evaluate conditions itself, before decoding
			// the columns they do not read; the filter still applies all.
			p = b.buildScan(scan, scanPredicates(n.Pred, scan))
		} else {
			var err error
			if p, err = b.build(n.Input); err != nil {
				return nil, err
			}
		}
		p.addOp(&filterOp{pred: n.Pred, stat: b.q.stat(n)})
		return p, nil
	case *ProjectNode:
		p, err := b.build(n.Input)
		if err != nil {
			return nil, err
		}
		p.addOp(&projectOp{exprs: n.Exprs, stat: b.q.stat(n)})
		return p, nil
	case *UnnestNode:
		p, err := b.build(n.Input)
		if err != nil {
			return nil, err
		}
		p.addOp(&unnestOp{lists: n.Lists, stat: b.q.stat(n)})
		return p, nil
	case *HashJoinNode:
		return b.buildHashJoin(n)
	case *NestedLoopJoinNode:
		return b.buildNLJoin(n)
	case *HashAggNode:
		return b.buildHashAgg(n)
	case *SortNode:
		return b.buildSort(n)
	case *LimitNode:
		p, err := b.build(n.Input)
		if err != nil {
			return nil, err
		}
		s := newOrderedSink(b.q, p, n.Limit, n.Offset, nil)
		s.stat = b.q.stat(n)
		b.finish(p, s)
		return newPipeline(func(q *query) (rtSource, error) {
			return &chunkSource{chunks: s.collected}, nil
		}), nil
	case *UnionAllNode:
		if len(n.Inputs) == 0 {
			return nil, fmt.Errorf("internal error: UNION ALL without inputs")
		}
		b.q.stat(n)
		var out *pipeline
		for _, in := range n.Inputs {
			p, err := b.build(in)
			if err != nil {
				return nil, err
			}
			if out == nil {
				out = p
			} else {
				out.branches = append(out.branches, p.branches...)
			}
		}
		return out, nil
	case *SetOpNode:
		return b.buildSetOp(n)
	case *CTENode:
		if err := b.buildCTE(n); err != nil {
			return nil, err
		}
		return b.build(n.Input)
	case *CTEScanNode:
		return b.buildCTEScan(n)
	case *SingleRowNode:
		return b.buildSingleRow(n)
	case *WindowNode:
		return b.buildWindow(n)
	case *setExpandNode:
		p, err := b.build(n.input)
		if err != nil {
			return nil, err
		}
		p.addOp(&setExpandOp{node: n, stat: b.q.stat(n)})
		return p, nil
	case nil:
		return nil, fmt.Errorf("internal error: nil plan node")
	}
	return nil, fmt.Errorf("internal error: unsupported plan node %T", n)
}

// checkMaterializable reports an error when an operator that copies rows
// into its own columnar storage meets a type it cannot copy (nested types).
func checkMaterializable(types []vector.Type, what string) error {
	for _, t := range types {
		if p := t.Phys(); p == vector.PhysNone {
			return fmt.Errorf("Not implemented Error: %s over %s values is not supported yet", what, t)
		}
	}
	return nil
}

// splitChunks compacts chunks and splits those longer than MaxLen.
func splitChunks(in []*vector.Chunk) []*vector.Chunk {
	out := make([]*vector.Chunk, 0, len(in))
	for _, c := range in {
		if c == nil {
			continue
		}
		c = c.Compact()
		if c.Len == 0 {
			continue
		}
		if c.Len <= vector.MaxLen {
			out = append(out, c)
			continue
		}
		for lo := 0; lo < c.Len; lo += vector.MaxLen {
			hi := min(lo+vector.MaxLen, c.Len)
			s := &vector.Chunk{Cols: make([]*vector.Vector, len(c.Cols)), Len: hi - lo}
			for i, col := range c.Cols {
				s.Cols[i] = col.Slice(lo, hi)
			}
			out = append(out, s)
		}
	}
	return out
}

// chunkSource reads an in-memory list of chunks, one morsel per chunk.
type chunkSource struct {
	chunks []*vector.Chunk
	stat   *opStat
}

func (s *chunkSource) morselCount() int { return len(s.chunks) }

func (s *chunkSource) readMorsel(_ *worker, i int, emit func(*vector.Chunk) error) error {
	c := s.chunks[i]
	if s.stat != nil {
		s.stat.rows.Add(int64(c.Rows()))
	}
	return emit(c)
}

func (s *chunkSource) close() {}
