package engine

import (
	"math/bits"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lhsql/lhsql/vector"
)

// aggPartitionMin is the total number of groups from which the merge of
// per-worker tables is split into hash partitions (a variable for tests).
var aggPartitionMin = 4096

// aggPartitionGroups is the number of groups per merge partition aimed
// at when the tables hold many groups: the table a partition merges into
// then stays in the core's cache.
const aggPartitionGroups = 1 << 14

// aggMaxPartitions bounds the number of merge partitions.
const aggMaxPartitions = 256

// aggSealGroups is the group count at which a worker's table may be
// sealed (a variable for tests); see aggLocal.maybeSeal.
var aggSealGroups = 1 << 15

// aggSeals counts the tables sealed since the process started (for
// tests).
var aggSeals atomic.Int64

// aggSpillParts is the number of merge partitions of sealed groups (a
// power of two); the merge uses as many when a table was sealed.
const aggSpillParts = 64

// aggSealHitShare: a table is sealed when fewer than 1/aggSealHitShare of
// the rows of the last chunks found a group the table already had.
const aggSealHitShare = 16

// aggSealWindow is the least number of probing rows over which the hit
// share is judged.
const aggSealWindow = 1024

// zeroGids maps every row to group 0 (aggregation without GROUP BY).
var zeroGids = make([]uint32, vector.MaxLen)

// buildHashAgg ends the input pipeline in an aggSink and starts a pipeline
// reading the groups.
func (b *planBuilder) buildHashAgg(n *HashAggNode) (*pipeline, error) {
	p, err := b.build(n.Input)
	if err != nil {
		return nil, err
	}
	s, err := newAggSink(n, b.q.stat(n))
	if err != nil {
		return nil, err
	}
	b.finish(p, s)
	return newPipeline(func(q *query) (rtSource, error) { return s.source(), nil }), nil
}

// aggSink is a grouped (or global) aggregation: per-worker group tables,
// merged by hash partition in the output source so that the merge runs in
// parallel.
type aggSink struct {
	node     *HashAggNode
	keyTypes []vector.Type
	outTypes []vector.Type
	stat     *opStat

	// groups, args and filters are the sink's expressions (node.Groups,
	// node.Aggs[i].Args and .Filter) with repeated subexpressions shared
	// (shareSubexprs).
	groups  []Expr
	args    [][]Expr
	filters []Expr

	mu     sync.Mutex
	locals []*aggLocal
	// spills[p] are the workers' segments of sealed groups of merge
	// partition p (aggLocal.spill); nil when no table was sealed.
	spills [][]*aggLocal
	final  *aggLocal // single-table result (no merge needed)
	parts  int
	// spare and spareStates are the slot arrays and the (reset) states
	// of merged partitions, for the next ones.
	spare       []groupSlots
	spareStates [][]aggState
}

func newAggSink(n *HashAggNode, st *opStat) (*aggSink, error) {
	s := &aggSink{node: n, stat: st, outTypes: n.Types()}
	for _, g := range n.Groups {
		s.keyTypes = append(s.keyTypes, g.Type())
	}
	if err := checkMaterializable(s.keyTypes, "GROUP BY"); err != nil {
		return nil, err
	}
	for _, a := range n.Aggs {
		if a.Distinct {
			for _, e := range a.Args {
				if err := checkMaterializable([]vector.Type{e.Type()}, "DISTINCT aggregation"); err != nil {
					return nil, err
				}
			}
		}
	}
	lists := [][]Expr{n.Groups}
	filters := make([]Expr, len(n.Aggs))
	for i, a := range n.Aggs {
		lists = append(lists, a.Args)
		filters[i] = a.Filter
	}
	lists = append(lists, filters)
	shared, _ := shareSubexprs(lists...)
	s.groups, s.args, s.filters = shared[0], shared[1:len(n.Aggs)+1], shared[len(n.Aggs)+1]
	// Validate the aggregates once.
	for i := range n.Aggs {
		if _, err := newAggState(&n.Aggs[i]); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// aggLocal is one group table with its aggregate states.
type aggLocal struct {
	s      *aggSink
	w      *worker
	tbl    *groupTable // nil without GROUP BY
	states []aggState  // nil entries for DISTINCT aggregates
	// dist and dset hold the unique (group, arguments) rows of DISTINCT
	// aggregate i: dset[i] for one int64-backed argument, dist[i] for
	// the others (its first key column is the group).
	dist []*groupTable
	dset []*distinctSet
	n    int // groups

	hashes []uint64
	gids   []uint32
	keys   []*vector.Vector
	args   []*vector.Vector

	packed *packedKeys // nil: keys do not pack, or a table without push
	// selOK: chunks with a selection vector are aggregated in place (no
	// DISTINCT or FILTER, every state folds runs only; see pushSel).
	selOK    bool
	selFails int
	argVecs  [][]*vector.Vector // pushSel: the arguments of every aggregate
	full     vector.Chunk       // pushSel: the chunk without its selection
	runs     groupRuns          // the chunk's rows by group (few-groups path)
	useRuns  bool               // runs describes the current chunk

	gmap   []uint32   // local group -> merged group (partitioned merge)
	byPart [][]uint32 // local groups per partition
	// dsetPart[i][p] holds the pairs of dset[i] whose group is in merge
	// partition p (partitioned merge), copied together so that the merge
	// of a partition reads them in sequence.
	dsetPart [][][]distinctPair

	// spill holds, by merge partition, the groups of this worker's
	// sealed tables (see maybeSeal): spill[p] lists segments, tables
	// without slots (keys, hashes, states, all of exactly their group
	// count), one per sealed table with groups in partition p. Segments
	// of int64 keys keep no hashes (hashKeys recomputes them).
	//
	// sealAt is the group count at which the table is considered for
	// sealing (0: never); groups0 is the table's group count before the
	// current chunk, chunkGids the groups of the chunk's rows; winProbes
	// and winHits count the rows of the chunks judged so far.
	spill              [][]*aggLocal
	sealAt             int
	groups0            int
	chunkGids          []uint32
	winProbes, winHits int
	prevGid            int64    // the group of the last row judged (-1: none)
	spillRows          []uint32 // scratch: groups by partition
}

func (s *aggSink) newTable() *aggLocal {
	l := &aggLocal{s: s, states: make([]aggState, len(s.node.Aggs)), dist: make([]*groupTable, len(s.node.Aggs)), dset: make([]*distinctSet, len(s.node.Aggs))}
	if len(s.keyTypes) > 0 {
		l.tbl = newGroupTable(s.keyTypes)
	}
	for i := range s.node.Aggs {
		a := &s.node.Aggs[i]
		st, _ := newAggState(a)
		l.states[i] = st
		if a.Distinct {
			var types []vector.Type
			for _, e := range a.Args {
				types = append(types, e.Type())
			}
			if distinctOneI64(types) {
				l.dset[i] = newDistinctSet(types[0])
				// Groups are merged by partition in parallel: deduplicating
				// high-cardinality pairs there is enough.
				l.dset[i].mayRaw = l.tbl != nil
				continue
			}
			l.dist[i] = newGroupTable(append([]vector.Type{vector.BigInt}, types...))
		}
	}
	if l.tbl == nil {
		l.setGroups(1)
	}
	return l
}

func (l *aggLocal) setGroups(n int) {
	if n <= l.n {
		return
	}
	l.n = n
	for _, st := range l.states {
		st.grow(n)
	}
}

func (s *aggSink) newLocal(w *worker) sinkLocal {
	l := s.newTable()
	l.w = w
	if l.tbl != nil && !l.tbl.i64 {
		l.packed = newPackedKeys(s.keyTypes)
	}
	if l.tbl != nil {
		l.sealAt = aggSealGroups // 0 below with DISTINCT aggregates
	}
	l.prevGid = -1
	// Evaluating over rows a filter removed must have no effect beyond
	// wasted work (and errors, which pushSel does not report): only
	// deterministic expressions of known kinds qualify.
	l.selOK = true
	keys := map[Expr]string{}
	for _, e := range s.groups {
		if _, ok := exprKey(e, keys); !ok {
			l.selOK = false
		}
	}
	for i, a := range s.node.Aggs {
		if a.Distinct || a.Filter != nil || !runsOnly(l.states[i]) {
			l.selOK = false
		}
		if a.Distinct {
			l.sealAt = 0
		}
		for _, e := range s.args[i] {
			if _, ok := exprKey(e, keys); !ok {
				l.selOK = false
			}
		}
	}
	return l
}

// selMaxFails is the number of chunks with a selection vector that
// pushSel may hand back (too many groups) before the local stops taking
// them.
const selMaxFails = 8

// acceptsSel implements selAcceptor: asked per chunk, it turns false once
// the table has too many groups for runs.
func (l *aggLocal) acceptsSel() bool {
	return l.selOK && (l.tbl == nil || l.tbl.n <= runsMaxGroups) && l.selFails < selMaxFails
}

func (l *aggLocal) beginMorsel(int)     {}
func (l *aggLocal) endMorsel(int) error { return nil }

func (l *aggLocal) push(c *vector.Chunk) error {
	// Every vector evaluated here dies with this push: the states copy
	// what they keep.
	ec := l.w.ec
	if l.tbl != nil {
		l.groups0 = l.tbl.n
	}
	if c.Sel != nil && l.selOK {
		mark := ec.beginScratch()
		done, err := l.pushSel(c)
		ec.endScratch(mark)
		ec.clearMemo()
		if err != nil {
			return err
		}
		if done {
			return l.maybeSeal()
		}
	}
	c = c.Compact()
	mark := ec.beginScratch()
	err := l.pushChunk(c)
	ec.endScratch(mark)
	ec.clearMemo()
	if err != nil {
		return err
	}
	return l.maybeSeal()
}

// maybeSeal seals the table once it holds sealAt groups if the rows of
// the last chunks (at least aggSealWindow rows that probed) seldom found
// an existing group other than the previous row's: the input then does
// not repeat the table's keys (unique or clustered keys, such as
// lineitem grouped by l_orderkey), and a table kept small enough for the
// cache serves the rows to come faster than one grown to hold every
// group. Sealing moves the groups to l.spill, scattered by merge
// partition while they are in cache, and empties the table for reuse. A
// table whose rows keep hitting grows on.
func (l *aggLocal) maybeSeal() error {
	t := l.tbl
	if l.sealAt == 0 || t == nil || t.n < l.sealAt {
		return nil
	}
	// Rows continuing the previous row's group cost no probe (the i64
	// table skips them) and say nothing about repetition at a distance.
	gids := l.chunkGids
	probes := len(gids)
	prev := l.prevGid
	for _, g := range gids {
		if int64(g) == prev {
			probes--
		}
		prev = int64(g)
	}
	l.prevGid = prev
	l.winProbes += probes
	l.winHits += probes - (t.n - l.groups0)
	if l.winProbes < aggSealWindow {
		return nil
	}
	probes, hits := l.winProbes, l.winHits
	l.winProbes, l.winHits = 0, 0
	if hits*aggSealHitShare >= probes {
		l.sealAt = 2 * t.n
		return nil
	}
	aggSeals.Add(1)
	if err := l.spillTable(); err != nil {
		return err
	}
	s := l.s
	n := l.n
	t.reset()
	l.n, l.prevGid = 0, -1
	// The next table likely fills up as far: keep or size its states for
	// that at once (entries past l.n are unused, initial states).
	if !resetStates(l.states) {
		for i := range l.states {
			st, _ := newAggState(&s.node.Aggs[i]) // validated by newAggSink
			st.grow(n + vector.MaxLen)
			l.states[i] = st
		}
	}
	if l.packed != nil && !l.packed.off {
		l.packed = newPackedKeys(s.keyTypes)
	}
	return nil
}

// resetStates resets every state of sts for reuse, or none and reports
// false if some state cannot be reset.
func resetStates(sts []aggState) bool {
	for _, st := range sts {
		if _, ok := st.(aggResetter); !ok {
			return false
		}
	}
	for _, st := range sts {
		st.(aggResetter).reset()
	}
	return true
}

// spillTable appends the groups of l's table to l.spill, one segment
// per merge partition.
func (l *aggLocal) spillTable() error {
	s, t := l.s, l.tbl
	if l.spill == nil {
		l.spill = make([][]*aggLocal, aggSpillParts)
	}
	// Counting sort of the groups by partition.
	var off [aggSpillParts + 1]int
	shift := uint(64 - bits.Len(uint(aggSpillParts-1)))
	hs := t.hashes[:t.n]
	for _, h := range hs {
		off[h>>shift+1]++
	}
	for p := 1; p <= aggSpillParts; p++ {
		off[p] += off[p-1]
	}
	l.spillRows = growTo(l.spillRows, t.n)
	rows := l.spillRows[:t.n]
	at := off
	for g, h := range hs {
		p := h >> shift
		rows[at[p]] = uint32(g)
		at[p]++
	}
	for p := range l.spill {
		part := rows[off[p]:off[p+1]]
		m := len(part)
		if m == 0 {
			continue
		}
		b := &aggLocal{s: s, n: m, states: make([]aggState, len(l.states))}
		b.tbl = &groupTable{types: t.types, keys: make([]*vector.Vector, len(t.keys)), n: m, i64: t.i64, nullGid: -1}
		for c, kv := range t.keys {
			b.tbl.keys[c] = vector.New(t.types[c], 0)
			appendRows(b.tbl.keys[c], 0, kv, part, 0)
		}
		if !t.i64 {
			b.tbl.hashes = make([]uint64, m)
			for k, r := range part {
				b.tbl.hashes[k] = hs[r]
			}
		}
		for i, src := range l.states {
			st, _ := newAggState(&s.node.Aggs[i]) // validated by newAggSink
			st.grow(m)
			if err := st.merge(src, part, seqRows(m)); err != nil {
				return err
			}
			b.states[i] = st
		}
		l.spill[p] = append(l.spill[p], b)
	}
	return nil
}

// pushSel aggregates the selected rows of c without gathering them: the
// expressions are evaluated over every row of the chunk (a filter passes
// such chunks only when it keeps most rows), and the group runs select
// the rows. It reports false, having changed no aggregate state, when
// the chunk must be compacted instead: an expression failed (perhaps on
// a row the filter removed, so the error is not reported) or the chunk
// has too many groups for runs. Groups it created then are found again.
func (l *aggLocal) pushSel(c *vector.Chunk) (bool, error) {
	s := l.s
	n, sel := c.Len, []uint32(c.Sel)
	ec := l.w.ec
	l.full = vector.Chunk{Cols: c.Cols, Len: n}
	full := &l.full
	defer func() { l.full.Cols = nil }()
	m := len(sel)
	groups := 1
	if l.tbl != nil {
		if l.tbl.n > runsMaxGroups {
			return false, nil
		}
		l.keys = l.keys[:0]
		for _, e := range s.groups {
			v, err := e.Eval(ec, full)
			if err != nil {
				return false, nil
			}
			l.keys = append(l.keys, flatVec(v, n))
		}
		l.gids = growTo(l.gids[:0], m)
		if l.packed == nil || !l.packed.lookup(l.tbl, l.keys, n, sel, &l.hashes, l.gids) {
			l.hashes = growTo(l.hashes[:0], n)
			hashKeys(l.keys, n, l.hashes)
			l.tbl.findOrInsert(l.keys, l.hashes, sel, l.gids)
		}
		l.setGroups(l.tbl.n)
		groups = l.tbl.n
		l.chunkGids = l.gids[:m]
	} else {
		l.gids = growTo(l.gids[:0], m)
		clear(l.gids[:m])
	}
	if !l.runs.build(l.gids[:m], groups, sel, n) {
		l.selFails++
		return false, nil
	}
	l.argVecs = growTo(l.argVecs, len(s.node.Aggs))
	for i := range s.node.Aggs {
		args := l.argVecs[i][:0]
		for _, e := range s.args[i] {
			v, err := e.Eval(ec, full)
			if err != nil {
				return false, nil
			}
			args = append(args, flatVec(v, n))
		}
		l.argVecs[i] = args
	}
	for i := range s.node.Aggs {
		if err := l.states[i].(runUpdater).updateRuns(l.argVecs[i], &l.runs, nil); err != nil {
			return true, err
		}
	}
	return true, nil
}

// pushChunk folds the rows of c (no selection vector) into the groups.
func (l *aggLocal) pushChunk(c *vector.Chunk) error {
	n := c.Len
	s := l.s
	node := s.node
	ec := l.w.ec
	var gids []uint32
	l.useRuns = false
	if l.tbl != nil {
		l.keys = l.keys[:0]
		for _, e := range s.groups {
			v, err := e.Eval(ec, c)
			if err != nil {
				return err
			}
			l.keys = append(l.keys, flatVec(v, n))
		}
		l.gids = growTo(l.gids[:0], n)
		l.findGroups(n)
		l.setGroups(l.tbl.n)
		gids = l.gids[:n]
		l.chunkGids = gids
		l.useRuns = l.runs.build(gids, l.tbl.n, nil, n)
	} else {
		gids = zeroGidsFor(n)
	}
	for i := range node.Aggs {
		a := &node.Aggs[i]
		l.args = l.args[:0]
		for _, e := range s.args[i] {
			v, err := e.Eval(ec, c)
			if err != nil {
				return err
			}
			l.args = append(l.args, flatVec(v, n))
		}
		args, g, m := l.args, gids, n
		if f := s.filters[i]; f != nil {
			fv, err := f.Eval(ec, c)
			if err != nil {
				return err
			}
			sel, all, err := trueRows(fv, n, nil)
			if err != nil {
				return err
			}
			if !all {
				m = len(sel)
				if m == 0 {
					continue
				}
				fargs := make([]*vector.Vector, len(args))
				for k, v := range args {
					fargs[k] = v.Gather(sel)
				}
				args = fargs
				g = make([]uint32, m)
				for k, r := range sel {
					g[k] = gids[r]
				}
			}
		}
		if a.Distinct {
			l.insertDistinct(i, g, args, m)
			continue
		}
		if u, ok := l.states[i].(ungroupedUpdater); ok && l.tbl == nil {
			if err := u.updateAll(args, m); err != nil {
				return err
			}
			continue
		}
		if u, ok := l.states[i].(runUpdater); ok && l.useRuns && m == n {
			if err := u.updateRuns(args, &l.runs, g); err != nil {
				return err
			}
			continue
		}
		if err := l.states[i].update(args, g, m); err != nil {
			return err
		}
	}
	return nil
}

// findGroups sets l.gids[:n] to the groups of the key rows l.keys,
// creating new groups.
func (l *aggLocal) findGroups(n int) {
	if l.packed != nil && l.packed.lookup(l.tbl, l.keys, n, nil, &l.hashes, l.gids) {
		return
	}
	l.hashes = growTo(l.hashes[:0], n)
	hashKeys(l.keys, n, l.hashes)
	l.tbl.findOrInsert(l.keys, l.hashes, seqRows(n), l.gids)
}

// insertDistinct records the (group, argument) pairs of a DISTINCT
// aggregate; the aggregate sees each unique pair once at finalize.
func (l *aggLocal) insertDistinct(i int, gids []uint32, args []*vector.Vector, m int) {
	if d := l.dset[i]; d != nil {
		d.insert(gids, args[0], m)
		return
	}
	gv := vector.New(vector.BigInt, m)
	for k := 0; k < m; k++ {
		gv.I64[k] = int64(gids[k])
	}
	keys := append([]*vector.Vector{gv}, args...)
	hs := make([]uint64, m)
	hashKeys(keys, m, hs)
	out := make([]uint32, m)
	l.dist[i].findOrInsert(keys, hs, seqRows(m), out)
}

func (l *aggLocal) combine() error {
	s := l.s
	s.mu.Lock()
	s.locals = append(s.locals, l)
	if l.spill != nil {
		if s.spills == nil {
			s.spills = make([][]*aggLocal, aggSpillParts)
		}
		for p, segs := range l.spill {
			s.spills[p] = append(s.spills[p], segs...)
		}
	}
	s.mu.Unlock()
	l.spill = nil
	return nil
}

// replayDistinct feeds the unique (group, args) pairs of a table's
// DISTINCT aggregates into their states.
func (l *aggLocal) replayDistinct() error {
	for i, d := range l.dset {
		if d != nil {
			if err := d.replay(l.states[i]); err != nil {
				return err
			}
		}
	}
	for i, d := range l.dist {
		if d == nil || d.n == 0 {
			continue
		}
		for lo := 0; lo < d.n; lo += vector.MaxLen {
			hi := min(lo+vector.MaxLen, d.n)
			g := make([]uint32, hi-lo)
			for k := range g {
				g[k] = uint32(d.keys[0].I64[lo+k])
			}
			args := make([]*vector.Vector, len(d.keys)-1)
			for k := range args {
				args[k] = d.keys[k+1].Slice(lo, hi)
			}
			if err := l.states[i].update(args, g, hi-lo); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *aggSink) finalize(q *query) error {
	start := time.Now()
	defer func() { s.stat.nanos.Add(int64(time.Since(start))) }()
	if len(s.locals) == 0 {
		s.locals = append(s.locals, s.newTable())
	}
	if len(s.locals) == 1 && s.spills == nil {
		s.final = s.locals[0]
		return s.final.replayDistinct()
	}
	if len(s.keyTypes) == 0 {
		// Global aggregate: merge the other locals into the one with the
		// most DISTINCT rows, whose own rows then need no second pass
		// through a set.
		base := 0
		for k, l := range s.locals {
			if l.distinctRows() > s.locals[base].distinctRows() {
				base = k
			}
		}
		t := s.locals[base]
		if err := t.replayDistinct(); err != nil {
			return err
		}
		others := append(append([]*aggLocal{}, s.locals[:base]...), s.locals[base+1:]...)
		if err := s.mergeLocals(t, others, 0, false); err != nil {
			return err
		}
		s.final = t
		return nil
	}
	total := 0
	for _, l := range s.locals {
		total += l.n
	}
	for _, bs := range s.spills {
		for _, b := range bs {
			total += b.n
		}
	}
	s.parts = 1
	switch {
	case s.spills != nil:
		s.parts = aggSpillParts
	case total > aggPartitionMin:
		// DISTINCT pairs are deduplicated per partition: keep their sets
		// small too.
		pairs := 0
		for _, l := range s.locals {
			pairs = max(pairs, l.distinctRows())
		}
		parts := max(q.threads*4, total/aggPartitionGroups, pairs*len(s.locals)/aggPartitionGroups)
		s.parts = min(aggMaxPartitions, 1<<bits.Len(uint(parts-1)))
	}
	distinct := false
	for _, a := range s.node.Aggs {
		distinct = distinct || a.Distinct
	}
	tasks := make([]func(), len(s.locals))
	for i, l := range s.locals {
		tasks[i] = func() { l.partition(s.parts, distinct) }
	}
	return runTasks(q.threads, tasks)
}

// distinctRows returns the number of rows of l's DISTINCT sets.
func (l *aggLocal) distinctRows() int {
	n := 0
	for i := range l.dist {
		if d := l.dist[i]; d != nil {
			n += d.n
		}
		if d := l.dset[i]; d != nil {
			n += len(d.pairs)
		}
	}
	return n
}

// partition lists the local's groups by merge partition (the top bits of
// their hashes) in l.byPart, and allocates l.gmap when DISTINCT
// aggregates need it.
func (l *aggLocal) partition(parts int, distinct bool) {
	if distinct {
		l.gmap = make([]uint32, l.n)
	}
	l.byPart = make([][]uint32, parts)
	hs := l.tbl.hashes[:l.n]
	if parts == 1 {
		l.byPart[0] = seqRows(l.n)
		return
	}
	shift := uint(64 - bits.Len(uint(parts-1)))
	l.partitionDistinct(parts, shift)
	cnt := make([]int, parts)
	for _, h := range hs {
		cnt[h>>shift]++
	}
	all := make([]uint32, l.n)
	at := 0
	for p, c := range cnt {
		l.byPart[p] = all[at : at : at+c]
		at += c
	}
	for g, h := range hs {
		p := h >> shift
		l.byPart[p] = append(l.byPart[p], uint32(g))
	}
}

// partitionDistinct lists the pairs of l's distinctSets by the merge
// partition (top bits of the group's hash, shifted by shift) of their
// group in l.dsetPart.
func (l *aggLocal) partitionDistinct(parts int, shift uint) {
	hs := l.tbl.hashes
	for i, d := range l.dset {
		if d == nil || len(d.pairs) == 0 {
			continue
		}
		if l.dsetPart == nil {
			l.dsetPart = make([][][]distinctPair, len(l.dset))
		}
		cnt := make([]int, parts+1)
		for _, pr := range d.pairs {
			cnt[hs[pr.gid]>>shift+1]++
		}
		for p := 1; p <= parts; p++ {
			cnt[p] += cnt[p-1]
		}
		all := make([]distinctPair, len(d.pairs))
		byPart := make([][]distinctPair, parts)
		for p := range byPart {
			byPart[p] = all[cnt[p]:cnt[p]:cnt[p+1]]
		}
		for _, pr := range d.pairs {
			p := hs[pr.gid] >> shift
			byPart[p] = append(byPart[p], pr)
		}
		l.dsetPart[i] = byPart
	}
}

// mergeInto merges partition p of every local table into t (all groups
// when partitioned is false).
func (s *aggSink) mergeInto(t *aggLocal, p int, partitioned bool) error {
	return s.mergeLocals(t, s.locals, p, partitioned)
}

// mergeLocals merges partition p of the tables locals into t (all groups
// when partitioned is false).
func (s *aggSink) mergeLocals(t *aggLocal, locals []*aggLocal, p int, partitioned bool) error {
	if t.tbl != nil {
		// Size the table for the groups to come at once (an upper bound:
		// locals may share keys) instead of doubling it step by step.
		total := 0
		for _, l := range locals {
			if partitioned {
				total += len(l.byPart[p])
			} else {
				total += l.n
			}
		}
		if partitioned && s.spills != nil {
			for _, b := range s.spills[p] {
				total += b.n
			}
		}
		t.tbl.reserve(total)
		// Size the states likewise (entries past t.n stay unused).
		for _, st := range t.states {
			st.grow(total)
		}
	}
	if partitioned && s.spills != nil && len(s.spills[p]) > 0 {
		locals = append(s.spills[p][:len(s.spills[p]):len(s.spills[p])], locals...)
	}
	var hs []uint64 // hashes of a segment without them
	for _, l := range locals {
		var rows []uint32
		if partitioned && l.byPart != nil {
			rows = l.byPart[p]
		} else {
			rows = seqRows(l.n)
		}
		if len(rows) == 0 {
			continue
		}
		dst := make([]uint32, len(rows))
		if t.tbl != nil {
			lh := l.tbl.hashes
			if lh == nil {
				hs = growTo(hs, l.n)
				lh = hs[:l.n]
				hashKeys(l.tbl.keys, l.n, lh)
			}
			t.tbl.findOrInsert(l.tbl.keys, lh, rows, dst)
			t.setGroups(t.tbl.n)
		}
		if l.gmap != nil {
			for k, r := range rows {
				l.gmap[r] = dst[k]
			}
		}
		for i, st := range t.states {
			if t.dist[i] != nil || t.dset[i] != nil {
				continue
			}
			if err := st.merge(l.states[i], rows, dst); err != nil {
				return err
			}
		}
		// DISTINCT aggregates: re-deduplicate against merged groups.
		for i, d := range l.dset {
			if d == nil || len(d.pairs) == 0 {
				continue
			}
			pairs := d.pairs
			if partitioned && s.parts > 1 {
				pairs = l.dsetPart[i][p]
			}
			if err := mergeDistinct(t.dset[i], t.states[i], pairs, l.gmap, false); err != nil {
				return err
			}
		}
		for i, d := range l.dist {
			if d == nil || d.n == 0 {
				continue
			}
			var sel []uint32
			for e := 0; e < d.n; e++ {
				g := uint32(d.keys[0].I64[e])
				if !partitioned || (s.parts == 1 || l.partOf(g, s.parts) == p) {
					sel = append(sel, uint32(e))
				}
			}
			for lo := 0; lo < len(sel); lo += vector.MaxLen {
				part := sel[lo:min(lo+vector.MaxLen, len(sel))]
				m := len(part)
				gv := vector.New(vector.BigInt, m)
				g := make([]uint32, m)
				for k, e := range part {
					lg := uint32(d.keys[0].I64[e])
					mg := uint32(0)
					if l.gmap != nil {
						mg = l.gmap[lg]
					}
					g[k] = mg
					gv.I64[k] = int64(mg)
				}
				keys := []*vector.Vector{gv}
				for _, kv := range d.keys[1:] {
					keys = append(keys, kv.Gather(part))
				}
				hs := make([]uint64, m)
				hashKeys(keys, m, hs)
				ids := make([]uint32, m)
				before := t.dist[i].n
				t.dist[i].findOrInsert(keys, hs, seqRows(m), ids)
				var fresh []uint32
				for k, id := range ids {
					if int(id) >= before {
						fresh = append(fresh, uint32(k))
					}
				}
				if len(fresh) == 0 {
					continue
				}
				args := make([]*vector.Vector, len(keys)-1)
				fg := make([]uint32, len(fresh))
				for k, f := range fresh {
					fg[k] = g[f]
				}
				for k := range args {
					args[k] = keys[k+1].Gather(fresh)
				}
				if err := t.states[i].update(args, fg, len(fresh)); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// partOf returns the partition of local group g.
func (l *aggLocal) partOf(g uint32, parts int) int {
	shift := uint(64 - bits.Len(uint(parts-1)))
	return int(l.tbl.hashes[g] >> shift)
}

// output emits the groups of t in chunks.
func (s *aggSink) output(t *aggLocal, lo, hi int, emit func(*vector.Chunk) error) error {
	for a := lo; a < hi; a += vector.MaxLen {
		b := min(a+vector.MaxLen, hi)
		n := b - a
		c := &vector.Chunk{Cols: make([]*vector.Vector, 0, len(s.outTypes)), Len: n}
		if t.tbl != nil {
			for _, k := range t.tbl.keys {
				c.Cols = append(c.Cols, k.Slice(a, b))
			}
		}
		for i, st := range t.states {
			out := vector.New(s.node.Aggs[i].Typ, n)
			if err := st.final(out, a, b); err != nil {
				return err
			}
			c.Cols = append(c.Cols, out)
		}
		s.stat.rows.Add(int64(n))
		if err := emit(c); err != nil {
			return err
		}
	}
	return nil
}

// aggSource reads the aggregation result.
type aggSource struct {
	s *aggSink
}

func (s *aggSink) source() rtSource { return &aggSource{s: s} }

func (a *aggSource) morselCount() int {
	if a.s.final != nil {
		return max(1, (a.s.final.n+vector.MaxLen-1)/vector.MaxLen)
	}
	return a.s.parts
}

func (a *aggSource) readMorsel(_ *worker, i int, emit func(*vector.Chunk) error) error {
	s := a.s
	if s.final != nil {
		return s.output(s.final, i*vector.MaxLen, min((i+1)*vector.MaxLen, s.final.n), emit)
	}
	t := s.newTable()
	if t.tbl != nil {
		s.mu.Lock()
		if k := len(s.spare) - 1; k >= 0 {
			t.tbl.adoptSlots(s.spare[k])
			s.spare = s.spare[:k]
		}
		if k := len(s.spareStates) - 1; k >= 0 {
			t.states = s.spareStates[k]
			s.spareStates = s.spareStates[:k]
		}
		s.mu.Unlock()
	}
	if err := s.mergeInto(t, i, true); err != nil {
		return err
	}
	if s.spills != nil {
		// Partition i is merged once: its segments can go.
		s.spills[i] = nil
	}
	if t.tbl != nil {
		s.mu.Lock()
		s.spare = append(s.spare, t.tbl.takeSlots())
		s.mu.Unlock()
	}
	if err := s.output(t, 0, t.n, emit); err != nil {
		return err
	}
	// output copied the results out of the states.
	if t.tbl != nil && resetStates(t.states) {
		s.mu.Lock()
		s.spareStates = append(s.spareStates, t.states)
		s.mu.Unlock()
	}
	return nil
}

func (a *aggSource) close() {
	a.s.mu.Lock()
	a.s.spare, a.s.spareStates = nil, nil
	a.s.mu.Unlock()
}

// mergeDistinct adds pairs to dst with their groups mapped by gmap (nil:
// the same groups when keep, else group 0) and feeds the pairs new to dst
// to st.
func mergeDistinct(dst *distinctSet, st aggState, pairs []distinctPair, gmap []uint32, keep bool) error {
	dst.reserve(len(pairs))
	var b distinctBatch
	for _, pr := range pairs {
		g := uint32(0)
		switch {
		case gmap != nil:
			g = gmap[pr.gid]
		case keep:
			g = pr.gid
		}
		if dst.add(g, pr.val, pr.null) {
			if err := b.push(st, dst.typ, g, pr.val, pr.null); err != nil {
				return err
			}
		}
	}
	return b.flush(st)
}
