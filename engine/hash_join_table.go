package engine

import (
	"fmt"
	"math/bits"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lhsql/lhsql/vector"
)

// joinTable is the build side of a hash join (or the materialized right
// side of a nested-loop join): columnar copies of all build rows, their key
// columns and hashes, and a chained hash directory. Entry ids are 1-based
// row numbers; 0 ends a chain.
type joinTable struct {
	n      int
	cols   []*vector.Vector
	keys   []*vector.Vector
	hashes []uint64

	head []uint32
	next []uint32
	mask uint64

	// hasNullKey is set when some build row has a NULL key.
	hasNullKey bool
	// matched flags build rows that found a partner (RIGHT/FULL joins).
	matched []uint32
}

// buildSink collects the build side of a join in per-worker lists of
// chunks, then concatenates them into a joinTable.
type buildSink struct {
	types    []vector.Type
	keyExprs []Expr
	hashed   bool // build the hash directory
	track    bool // allocate matched flags
	// keysOnly drops the build columns (the table's cols stay empty): set
	// when the probe reads only keys and hashes (semi, anti and mark joins
	// without a residual).
	keysOnly bool
	stat     *opStat

	mu     sync.Mutex
	locals []*buildLocal
	table  *joinTable
}

type buildLocal struct {
	s      *buildSink
	w      *worker
	chunks []*vector.Chunk
	keys   [][]*vector.Vector
	hashes [][]uint64
	n      int
}

func (s *buildSink) newLocal(w *worker) sinkLocal { return &buildLocal{s: s, w: w} }

func (l *buildLocal) beginMorsel(int)     {}
func (l *buildLocal) endMorsel(int) error { return nil }

func (l *buildLocal) push(c *vector.Chunk) error {
	c = c.Compact()
	n := c.Len
	flat := &vector.Chunk{Len: n}
	if !l.s.keysOnly {
		flat.Cols = make([]*vector.Vector, len(c.Cols))
		for i, col := range c.Cols {
			flat.Cols[i] = flatVec(col, n)
		}
	}
	l.chunks = append(l.chunks, flat)
	if len(l.s.keyExprs) > 0 {
		ks := make([]*vector.Vector, len(l.s.keyExprs))
		for i, e := range l.s.keyExprs {
			v, err := e.Eval(l.w.ec, c)
			if err != nil {
				return err
			}
			ks[i] = flatVec(v, n)
		}
		h := make([]uint64, n)
		hashKeys(ks, n, h)
		l.keys = append(l.keys, ks)
		l.hashes = append(l.hashes, h)
	}
	l.n += n
	return nil
}

func (l *buildLocal) combine() error {
	l.s.mu.Lock()
	l.s.locals = append(l.s.locals, l)
	l.s.mu.Unlock()
	return nil
}

func (s *buildSink) finalize(q *query) error {
	start := time.Now()
	defer func() { s.stat.nanos.Add(int64(time.Since(start))) }()
	t := &joinTable{}
	for _, l := range s.locals {
		t.n += l.n
	}
	if t.n >= 1<<32-1 {
		return fmt.Errorf("Out of Memory Error: join build side has too many rows (%d)", t.n)
	}
	s.stat.rows.Add(int64(t.n))
	// Concatenate columns in parallel, one task per column.
	var tasks []func()
	types := s.types
	if s.keysOnly {
		types = nil
	}
	t.cols = make([]*vector.Vector, len(types))
	for i, typ := range types {
		tasks = append(tasks, func() {
			t.cols[i] = concatVectors(typ, s.locals, t.n, func(l *buildLocal, k int) *vector.Vector { return l.chunks[k].Cols[i] })
		})
	}
	// aliasKeys lists keys that are plain build columns: they share the
	// concatenated column instead of a second copy.
	var aliasKeys [][2]int
	if s.hashed {
		t.keys = make([]*vector.Vector, len(s.keyExprs))
		for i, e := range s.keyExprs {
			if r, ok := e.(*ColRef); ok && r.Idx >= 0 && r.Idx < len(types) && e.Type().Equal(types[r.Idx]) {
				aliasKeys = append(aliasKeys, [2]int{i, r.Idx})
				continue
			}
			tasks = append(tasks, func() {
				t.keys[i] = concatVectors(e.Type(), s.locals, t.n, func(l *buildLocal, k int) *vector.Vector { return l.keys[k][i] })
			})
		}
		tasks = append(tasks, func() {
			t.hashes = make([]uint64, 0, t.n)
			for _, l := range s.locals {
				for _, h := range l.hashes {
					t.hashes = append(t.hashes, h...)
				}
			}
		})
	}
	if err := runTasks(q.threads, tasks); err != nil {
		return err
	}
	for _, a := range aliasKeys {
		t.keys[a[0]] = t.cols[a[1]]
	}
	if s.hashed {
		if err := q.ctx.Err(); err != nil {
			return err
		}
		t.buildDirectory()
	}
	if s.track {
		t.matched = make([]uint32, t.n)
	}
	s.locals = nil
	s.table = t
	return nil
}

// runTasks runs fs on up to threads goroutines and waits for them; a
// panic in a task becomes an error.
func runTasks(threads int, fs []func()) error {
	var errMu sync.Mutex
	var first error
	run := func(f func()) {
		if err := protect(func() error { f(); return nil }); err != nil {
			errMu.Lock()
			if first == nil {
				first = err
			}
			errMu.Unlock()
		}
	}
	if threads <= 1 || len(fs) <= 1 {
		for _, f := range fs {
			run(f)
		}
		return first
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(threads, len(fs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(fs) {
					return
				}
				run(fs[i])
			}
		}()
	}
	wg.Wait()
	return first
}

// concatVectors copies the per-chunk vectors of all locals into one flat
// vector of n rows.
func concatVectors(typ vector.Type, locals []*buildLocal, n int, get func(l *buildLocal, k int) *vector.Vector) *vector.Vector {
	out := vector.New(typ, 0)
	switch typ.Phys() {
	case vector.PhysInt64:
		out.I64 = make([]int64, 0, n)
	case vector.PhysFloat64:
		out.F64 = make([]float64, 0, n)
	case vector.PhysString:
		out.Str = make([]string, 0, n)
	case vector.PhysBool:
		out.Bool = make([]bool, 0, n)
	case vector.PhysInterval:
		out.Iv = make([]vector.Interval, 0, n)
	}
	at := 0
	for _, l := range locals {
		for k, c := range l.chunks {
			v := get(l, k)
			appendRows(out, at, v, nil, c.Len)
			at += c.Len
		}
	}
	return out
}

// buildDirectory links every row without NULL keys into its bucket chain,
// keeping insertion order within a chain.
func (t *joinTable) buildDirectory() {
	size := 16
	if t.n > 8 {
		size = 1 << bits.Len(uint(t.n*2-1))
	}
	t.head = make([]uint32, size)
	t.mask = uint64(size - 1)
	t.next = make([]uint32, t.n+1)
	var nullRow []bool
	for _, k := range t.keys {
		if k.Valid == nil {
			continue
		}
		if nullRow == nil {
			nullRow = make([]bool, t.n)
		}
		for r := 0; r < t.n; r++ {
			if !k.Valid.IsValid(r) {
				nullRow[r] = true
			}
		}
	}
	head, next, hs, mask := t.head, t.next, t.hashes, t.mask
	for r := t.n - 1; r >= 0; r-- {
		if nullRow != nil && nullRow[r] {
			t.hasNullKey = true
			continue
		}
		b := hs[r] & mask
		next[r+1] = head[b]
		head[b] = uint32(r + 1)
	}
}

// markMatched flags build row r as matched.
func (t *joinTable) markMatched(r uint32) {
	if atomic.LoadUint32(&t.matched[r]) == 0 {
		atomic.StoreUint32(&t.matched[r], 1)
	}
}
