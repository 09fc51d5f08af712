package engine

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// Options configures a query execution.
type Options struct {
	// Threads is the number of worker goroutines; <= 0 means
	// runtime.NumCPU().
	Threads int
	// Zone is the session time zone (nil = UTC).
	Zone *vector.Zone
}

// errStopPipeline is returned through push chains when a pipeline has
// produced all the rows it needs (a satisfied LIMIT); it is not an error.
var errStopPipeline = errors.New("pipeline stopped")

// resultBuffer is the number of chunks buffered between the final pipeline
// and Result.Next.
const resultBuffer = 4

// Result streams the chunks of a running query.
type Result struct {
	q         *query
	ch        chan *vector.Chunk
	done      chan struct{}
	closeOnce sync.Once
	types     []vector.Type
}

// query is the shared state of one execution.
type query struct {
	ctx     context.Context
	cancel  context.CancelFunc
	threads int
	zone    *vector.Zone

	errMu sync.Mutex
	err   error

	stats   map[Node]*opStat
	order   []Node // nodes in plan order, for Stats
	started time.Time
	elapsed atomic.Int64
}

// opStat counts what one operator did.
type opStat struct {
	rows  atomic.Int64
	nanos atomic.Int64
	scan  atomic.Pointer[storage.ScanStats] // scans: the storage counters at close
}

// OpStats are the counters of one operator for EXPLAIN ANALYZE.
type OpStats struct {
	Node Node
	// Rows is the number of rows the operator produced.
	Rows int64
	// Time is the time spent in the operator's blocking phases (building
	// hash tables, sorting, scanning), summed over workers.
	Time time.Duration
	// Scan holds the storage counters of a scan (files, row groups read
	// and skipped, bytes); nil for other operators.
	Scan *storage.ScanStats
}

// Stats are per-operator counters of a query.
type Stats struct {
	Ops   []OpStats
	Total time.Duration
}

// Get returns the counters of node n, or zero counters.
func (s *Stats) Get(n Node) OpStats {
	for _, o := range s.Ops {
		if o.Node == n {
			return o
		}
	}
	return OpStats{Node: n}
}

func (q *query) stat(n Node) *opStat {
	if st, ok := q.stats[n]; ok {
		return st
	}
	st := &opStat{}
	q.stats[n] = st
	q.order = append(q.order, n)
	return st
}

// fail records the first error and cancels the query.
func (q *query) fail(err error) {
	if err == nil || errors.Is(err, errStopPipeline) {
		return
	}
	q.errMu.Lock()
	if q.err == nil {
		q.err = err
	}
	q.errMu.Unlock()
	q.cancel()
}

func (q *query) firstErr() error {
	q.errMu.Lock()
	defer q.errMu.Unlock()
	return q.err
}

// Run builds pipelines for the plan and starts executing them; results
// stream back through the returned Result, which must be closed.
func Run(ctx context.Context, root Node, opt Options) (*Result, error) {
	if root == nil {
		return nil, errors.New("internal error: nil plan")
	}
	threads := opt.Threads
	if threads <= 0 {
		threads = runtime.NumCPU()
	}
	qctx, cancel := context.WithCancel(ctx)
	q := &query{ctx: qctx, cancel: cancel, threads: threads, zone: opt.Zone, stats: map[Node]*opStat{}, started: time.Now()}
	res := &Result{q: q, ch: make(chan *vector.Chunk, resultBuffer), done: make(chan struct{}), types: root.Types()}
	b := &planBuilder{q: q}
	pipes, err := b.buildRoot(root, func(c *vector.Chunk) error {
		select {
		case res.ch <- c:
			return nil
		case <-qctx.Done():
			return qctx.Err()
		}
	})
	if err != nil {
		cancel()
		return nil, err
	}
	go func() {
		defer close(res.done)
		defer close(res.ch)
		defer func() { q.elapsed.Store(int64(time.Since(q.started))) }()
		for _, p := range pipes {
			if err := q.ctx.Err(); err != nil {
				q.fail(err)
				return
			}
			if err := q.runPipeline(p); err != nil {
				q.fail(err)
				return
			}
		}
	}()
	return res, nil
}

// Types returns the column types of the result.
func (r *Result) Types() []vector.Type { return r.types }

// Next returns the next chunk of results (Sel == nil), or nil at the end.
// An error from any worker is returned here.
func (r *Result) Next() (*vector.Chunk, error) {
	if err := r.q.firstErr(); err != nil {
		return nil, err
	}
	c, ok := <-r.ch
	if !ok {
		<-r.done
		if err := r.q.firstErr(); err != nil {
			return nil, err
		}
		if err := r.q.ctx.Err(); err != nil {
			return nil, err
		}
		return nil, nil
	}
	if err := r.q.firstErr(); err != nil {
		return nil, err
	}
	return c, nil
}

// Close stops all workers and waits for them to exit. It is idempotent.
func (r *Result) Close() error {
	r.closeOnce.Do(func() {
		r.q.cancel()
		<-r.done
	})
	return nil
}

// Stats returns per-operator counters; complete once Next has returned
// nil or the Result is closed.
func (r *Result) Stats() *Stats {
	s := &Stats{Total: time.Duration(r.q.elapsed.Load())}
	for _, n := range r.q.order {
		st := r.q.stats[n]
		s.Ops = append(s.Ops, OpStats{Node: n, Rows: st.rows.Load(), Time: time.Duration(st.nanos.Load()), Scan: st.scan.Load()})
	}
	return s
}

// worker is the per-goroutine context of a pipeline run.
type worker struct {
	q  *query
	ec *ExecCtx
	// recycle is set when the pipeline's sink keeps no reference to the
	// vectors pushed into it, so streaming operators may reuse their
	// output vectors once push returns (see spareCols).
	recycle bool
}

// protect runs f, turning a panic into an error.
func protect(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error: panic in query execution: %v\n%s", r, debug.Stack())
		}
	}()
	return f()
}

// runPipeline executes one pipeline with up to q.threads workers: all
// source morsels, then the tails of operators that emit rows after their
// input is exhausted, then the sink's Finalize.
func (q *query) runPipeline(p *pipeline) error {
	srcs := make([]rtSource, len(p.branches))
	defer func() {
		for _, s := range srcs {
			if s != nil {
				s.close()
			}
		}
	}()
	starts := make([]int, len(p.branches)+1)
	for i, br := range p.branches {
		s, err := br.open(q)
		if err != nil {
			return err
		}
		srcs[i] = s
		starts[i+1] = starts[i] + s.morselCount()
	}
	total := starts[len(p.branches)]
	read := func(w *worker, chains []pusher, sl sinkLocal, i int) error {
		b := 0
		for starts[b+1] <= i {
			b++
		}
		if chains[b] == nil {
			chains[b] = p.chain(w, b, 0, sl)
		}
		ch := chains[b]
		return srcs[b].readMorsel(w, i-starts[b], func(c *vector.Chunk) error {
			if err := q.ctx.Err(); err != nil {
				return err
			}
			if p.stop.Load() {
				return errStopPipeline
			}
			if c.Rows() == 0 {
				return nil
			}
			return ch.push(c)
		})
	}
	if err := q.runMorsels(p, total, 0, read); err != nil {
		return err
	}
	// Tails (unmatched build rows of RIGHT/FULL joins).
	base := total
	for b, br := range p.branches {
		for j, op := range br.ops {
			t, ok := op.(tailOp)
			if !ok || !p.ownsTail(b, j) {
				continue
			}
			n := t.tailMorsels()
			bb, jj := b, j
			err := q.runMorsels(p, n, base, func(w *worker, chains []pusher, sl sinkLocal, i int) error {
				if chains[0] == nil {
					chains[0] = p.chain(w, bb, jj+1, sl)
				}
				return t.emitTail(w, i-base, chains[0])
			})
			if err != nil {
				return err
			}
			base += n
		}
	}
	if err := q.ctx.Err(); err != nil {
		return err
	}
	return protect(func() error { return p.sink.finalize(q) })
}

// sinkDropsVectors reports whether s copies what it needs out of pushed
// chunks and keeps no reference to their vectors.
func sinkDropsVectors(s pipeSink) bool {
	_, ok := s.(*aggSink)
	return ok
}

// runMorsels runs morsels [base, base+n) of p on parallel workers.
func (q *query) runMorsels(p *pipeline, n, base int, read func(w *worker, chains []pusher, sl sinkLocal, i int) error) error {
	workers := min(q.threads, n)
	if workers < 1 {
		workers = 1
	}
	adm, _ := p.sink.(admitter)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := &worker{q: q, ec: &ExecCtx{Ctx: q.ctx, zone: q.zone}, recycle: sinkDropsVectors(p.sink)}
			err := protect(func() error {
				sl := p.sink.newLocal(w)
				chains := make([]pusher, len(p.branches))
				for {
					if q.ctx.Err() != nil || p.stop.Load() {
						break
					}
					if adm != nil {
						if err := adm.admit(q.ctx); err != nil {
							if errors.Is(err, errStopPipeline) {
								p.stop.Store(true)
								break
							}
							return err
						}
					}
					i := int(next.Add(1)-1) + base
					if i >= base+n {
						if adm != nil {
							adm.release()
						}
						break
					}
					sl.beginMorsel(i)
					err := read(w, chains, sl, i)
					if errors.Is(err, errStopPipeline) {
						p.stop.Store(true)
						break
					}
					if err != nil {
						return err
					}
					if err := sl.endMorsel(i); err != nil {
						if errors.Is(err, errStopPipeline) {
							p.stop.Store(true)
							break
						}
						return err
					}
				}
				if q.ctx.Err() != nil {
					return nil
				}
				return sl.combine()
			})
			if err != nil {
				q.fail(err)
			}
		}()
	}
	wg.Wait()
	if err := q.firstErr(); err != nil {
		return err
	}
	return q.ctx.Err()
}
