package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// scanSource reads the morsels of a storage scan.
type scanSource struct {
	sc   storage.Scanner
	stat *opStat
}

// scanOpener opens the scan of n when its pipeline starts; the runtime
// join filters fs applied to its output are complete by then and are
// passed to the scan as hints (withJoinFilters), as are the filter
// conditions preds (withPredicates) and the bounds of the top-N sorts
// above it (withTopN).
func scanOpener(n *ScanNode, st *opStat, fs []*joinFilterOp, preds []*scanPredicate, topN []topNTarget) func(q *query) (rtSource, error) {
	return func(q *query) (rtSource, error) {
		if n.Table == nil {
			return nil, fmt.Errorf("internal error: scan of %q without a table", n.Label)
		}
		spec := n.Spec
		if len(fs) > 0 {
			spec = withJoinFilters(spec, n.Table.Schema(), fs)
		}
		if len(preds) > 0 {
			spec = withPredicates(spec, preds)
		}
		if len(topN) > 0 {
			spec = withTopN(spec, topN)
		}
		sc, err := n.Table.Scan(q.ctx, spec)
		if err != nil {
			return nil, err
		}
		return &scanSource{sc: sc, stat: st}, nil
	}
}

func (s *scanSource) morselCount() int { return s.sc.Morsels() }

func (s *scanSource) readMorsel(w *worker, i int, emit func(*vector.Chunk) error) error {
	start := time.Now()
	var rows int64
	var downstream time.Duration
	f := func(c *vector.Chunk) error {
		rows += int64(c.Rows())
		t := time.Now()
		err := emit(c)
		downstream += time.Since(t)
		return err
	}
	var err error
	// Filter conditions the scan evaluates run with the worker's ExecCtx.
	ctx := context.WithValue(w.q.ctx, execCtxKey{}, w.ec)
	if rc, ok := s.sc.(storage.Recycler); ok && w.recycle {
		err = rc.ReadMorselRecycled(ctx, i, f)
	} else {
		err = s.sc.ReadMorsel(ctx, i, f)
	}
	s.stat.rows.Add(rows)
	s.stat.nanos.Add(int64(time.Since(start) - downstream))
	return err
}

func (s *scanSource) close() {
	st := s.sc.Stats()
	s.stat.scan.Store(&st)
	_ = s.sc.Close()
}
