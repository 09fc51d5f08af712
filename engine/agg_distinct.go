package engine

import (
	"math/bits"

	"github.com/lhsql/lhsql/simd"
	"github.com/lhsql/lhsql/vector"
)

// distinctSet is the set of unique (group, value) pairs of a DISTINCT
// aggregate over one int64-backed argument (COUNT(DISTINCT UserID)): an
// open-addressing table whose slots hold the pair itself, so a lookup
// touches one cache line and compares two integers, with the pairs also
// listed in insertion order for feeding them to the aggregate.
//
// Invariants: every pair is in pairs exactly once and in exactly one
// slot; a NULL value is stored as 0 with null set; the slots are at most
// half full.
//
// A set of a worker's table may turn raw (mayRaw): when nearly every row
// it was given was a new pair (a high-cardinality argument per group,
// such as UserID per RegionID), deduplicating locally only costs, so it
// drops its slots and from then on appends every row to pairs, which may
// then repeat; the merge deduplicates (mergeDistinct, replay).
type distinctSet struct {
	typ   vector.Type // the argument's type
	slots []distinctSlot
	mask  uint64
	pairs []distinctPair

	mayRaw  bool
	raw     bool
	decided bool // whether to turn raw has been judged
	seen    int  // rows inserted
}

// distinctRawJudge (a variable for tests) is the number of rows after
// which a set that may turn raw judges whether it should: it does when
// more than 15/16 of them were new pairs.
var distinctRawJudge = 1 << 17

// distinctSlot is a slot of a distinctSet: the pair's value, its group
// + 1 (0: empty slot) and 1 if the value is NULL.
type distinctSlot struct {
	val  int64
	gid1 uint32
	null uint32
}

// distinctPair is one unique (group, value) pair.
type distinctPair struct {
	val  int64
	gid  uint32
	null bool
}

// distinctOneI64 reports whether a DISTINCT aggregate with arguments of
// the given types takes a distinctSet.
func distinctOneI64(types []vector.Type) bool {
	return len(types) == 1 && types[0].Phys() == vector.PhysInt64 && types[0].Nested == nil
}

func newDistinctSet(typ vector.Type) *distinctSet {
	d := &distinctSet{typ: typ}
	d.resize(256)
	return d
}

// distinctHash hashes a pair (null: 1 for a NULL value, stored as 0).
func distinctHash(g uint32, x int64, null uint32) uint64 {
	const gMul, nullMul = 0x9E3779B97F4A7C15, 0x632BE59BD9B4E019
	return simd.MixInt64(x + int64(uint64(g)*gMul) + int64(uint64(null)*nullMul))
}

func (d *distinctSet) resize(size int) {
	old := d.slots
	d.slots = make([]distinctSlot, size)
	d.mask = uint64(size - 1)
	slots, mask := d.slots, d.mask
	for _, s := range old {
		if s.gid1 == 0 {
			continue
		}
		p := distinctHash(s.gid1-1, s.val, s.null) & mask
		for slots[p].gid1 != 0 {
			p = (p + 1) & mask
		}
		slots[p] = s
	}
}

// reserve keeps the slots at most half full after extra more pairs;
// sets of groupGrow4At slots or more grow at least 4x.
func (d *distinctSet) reserve(extra int) {
	if d.raw {
		return
	}
	need := (len(d.pairs) + extra) * 2
	if need <= len(d.slots) {
		return
	}
	size := 1 << bits.Len(uint(need-1))
	if len(d.slots) >= groupGrow4At {
		// Large and still filling, as for i64 group tables: grow 4x.
		size = max(size, 4*len(d.slots))
	}
	d.resize(size)
}

// insert adds the pairs (gids[k], row k of v) for k < m; v is flat.
func (d *distinctSet) insert(gids []uint32, v *vector.Vector, m int) {
	xs, valid := v.I64[:m], v.Valid
	gids = gids[:m]
	if d.raw {
		for k, x := range xs {
			null := valid != nil && !valid.IsValid(k)
			if null {
				x = 0
			}
			d.pairs = append(d.pairs, distinctPair{val: x, gid: gids[k], null: null})
		}
		return
	}
	d.seen += m
	defer d.judge()
	d.reserve(m)
	slots, mask := d.slots, d.mask
	for k, x := range xs {
		g := gids[k]
		null := uint32(0)
		if valid != nil && !valid.IsValid(k) {
			x, null = 0, 1
		}
		p := distinctHash(g, x, null) & mask
		for {
			s := &slots[p]
			if s.gid1 == 0 {
				*s = distinctSlot{val: x, gid1: g + 1, null: null}
				d.pairs = append(d.pairs, distinctPair{val: x, gid: g, null: null != 0})
				break
			}
			if s.val == x && s.gid1 == g+1 && s.null == null {
				break
			}
			p = (p + 1) & mask
		}
	}
}

// judge turns a set that may turn raw raw once it has seen
// distinctRawJudge rows of which more than 15/16 were new pairs.
func (d *distinctSet) judge() {
	if !d.mayRaw || d.decided || d.seen < distinctRawJudge {
		return
	}
	d.decided = true
	if len(d.pairs)*16 > d.seen*15 {
		d.raw, d.slots = true, nil
	}
}

// add adds one pair and reports whether it is new; the caller reserves
// room first.
func (d *distinctSet) add(g uint32, x int64, isNull bool) bool {
	null := uint32(0)
	if isNull {
		x, null = 0, 1
	}
	slots, mask := d.slots, d.mask
	p := distinctHash(g, x, null) & mask
	for {
		s := &slots[p]
		if s.gid1 == 0 {
			*s = distinctSlot{val: x, gid1: g + 1, null: null}
			d.pairs = append(d.pairs, distinctPair{val: x, gid: g, null: isNull})
			return true
		}
		if s.val == x && s.gid1 == g+1 && s.null == null {
			return false
		}
		p = (p + 1) & mask
	}
}

// distinctBatch collects pairs for one update of an aggregate state.
type distinctBatch struct {
	gids []uint32
	vals *vector.Vector
	n    int
}

// flush feeds the collected pairs to st and empties the batch.
func (b *distinctBatch) flush(st aggState) error {
	if b.n == 0 {
		return nil
	}
	v := b.vals
	v.I64 = v.I64[:b.n]
	if v.Valid != nil {
		v.Valid = v.Valid[:(b.n+63)/64]
	}
	err := st.update([]*vector.Vector{v}, b.gids[:b.n], b.n)
	b.n = 0
	v.Valid = nil
	v.I64 = v.I64[:cap(v.I64)]
	return err
}

// push appends a pair, flushing into st when the batch is full.
func (b *distinctBatch) push(st aggState, typ vector.Type, g uint32, x int64, null bool) error {
	if b.vals == nil {
		b.vals = vector.New(typ, vector.MaxLen)
		b.gids = make([]uint32, vector.MaxLen)
	}
	k := b.n
	b.gids[k] = g
	b.vals.I64[k] = x
	if null {
		b.vals.SetNull(k, vector.MaxLen)
	}
	b.n++
	if b.n == vector.MaxLen {
		return b.flush(st)
	}
	return nil
}

// replay feeds every pair of d to st once.
func (d *distinctSet) replay(st aggState) error {
	if d.raw {
		u := newDistinctSet(d.typ)
		return mergeDistinct(u, st, d.pairs, nil, true)
	}
	var b distinctBatch
	for _, p := range d.pairs {
		if err := b.push(st, d.typ, p.gid, p.val, p.null); err != nil {
			return err
		}
	}
	return b.flush(st)
}
