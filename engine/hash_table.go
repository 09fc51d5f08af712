package engine

import (
	"math/bits"

	"github.com/lhsql/lhsql/simd"
	"github.com/lhsql/lhsql/vector"
)

// groupTable is an open-addressing hash table from key tuples to dense
// group ids. Keys are stored column-wise (one growing flat vector per key
// column) with their hashes; NULL keys compare equal. Lookups are
// vectorized: a batch of rows probes slot by slot in rounds, comparing key
// columns with typed loops.
type groupTable struct {
	types  []vector.Type
	keys   []*vector.Vector
	hashes []uint64
	n      int

	// slots hold the high 32 bits of the key hash (a salt that rejects
	// most mismatches without touching the group arrays) and, in the low
	// 32 bits, group id + 1; 0 marks an empty slot.
	slots []uint64
	mask  uint64

	// i64 tables (one non-nested int64-backed key column) keep the key
	// beside its slot, so a lookup touches one cache line, and keep the
	// NULL group (nullGid >= 0) outside the slots.
	i64     bool
	ents    []i64Slot
	nullGid int64

	// touched sums the slots read ahead of probing (kept so the reads
	// are not optimized away).
	touched uint64

	// scratch
	pos              []uint64
	active, nact     []uint32
	cmpK, cmpR, cmpG []uint32
	newRows          []uint32
	eq               []bool
}

const saltMask = 0xffffffff00000000

// groupTouchMin is the slot count from which lookups read every row's
// home slot ahead of probing: smaller tables (up to 1 MiB of slots for
// generic tables, 2 MiB for i64 tables) mostly stay in cache.
const groupTouchMin = 1 << 17

// i64Slot is a slot of an i64 table: group id + 1 (0 = empty) and the key.
type i64Slot struct {
	gid uint64
	key int64
}

func newGroupTable(types []vector.Type) *groupTable {
	t := &groupTable{types: types, keys: make([]*vector.Vector, len(types)), nullGid: -1}
	t.i64 = len(types) == 1 && types[0].Phys() == vector.PhysInt64 && types[0].Nested == nil
	for i, typ := range types {
		t.keys[i] = vector.New(typ, 0)
	}
	t.resize(256)
	return t
}

// resize rebuilds the slot array with size slots (a power of two).
func (t *groupTable) resize(size int) {
	t.mask = uint64(size - 1)
	if t.i64 {
		// Walk the old slots in order: a key's hash is simd.MixInt64 of
		// the key (hashKeys of one int64 column), and entries of
		// neighboring old slots land in neighboring new slots, so the
		// rehash streams through memory instead of probing at random.
		old := t.ents
		t.ents = make([]i64Slot, size)
		ents, mask := t.ents, t.mask
		for _, e := range old {
			if e.gid == 0 {
				continue
			}
			p := simd.MixInt64(e.key) & mask
			for ents[p].gid != 0 {
				p = (p + 1) & mask
			}
			ents[p] = e
		}
		return
	}
	t.slots = make([]uint64, size)
	slots, mask := t.slots, t.mask
	for g, h := range t.hashes[:t.n] {
		p := h & mask
		for slots[p] != 0 {
			p = (p + 1) & mask
		}
		slots[p] = h&saltMask | uint64(g+1)
	}
}

// reset empties t for reuse, keeping the capacity of its slot, key and
// hash arrays.
func (t *groupTable) reset() {
	for i, v := range t.keys {
		if t.types[i].Nested != nil {
			t.keys[i] = vector.New(t.types[i], 0)
			continue
		}
		v.Valid = nil
		v.Bool, v.I64, v.F64, v.Str, v.Iv = v.Bool[:0], v.I64[:0], v.F64[:0], v.Str[:0], v.Iv[:0]
	}
	t.hashes = t.hashes[:0]
	t.n, t.nullGid = 0, -1
	clear(t.ents)
	clear(t.slots)
}

// groupSlots is the slot array of a table that is done with it, kept
// for another table (its memory is then in cache and mapped already).
type groupSlots struct {
	ents  []i64Slot
	slots []uint64
}

// takeSlots moves t's slot array out; t then serves only reading its
// groups (keys, hashes, n), not findOrInsert.
func (t *groupTable) takeSlots() groupSlots {
	s := groupSlots{ents: t.ents, slots: t.slots}
	t.ents, t.slots = nil, nil
	return s
}

// adoptSlots makes the empty table t use the slot array s, cleared, if it
// is larger than t's own.
func (t *groupTable) adoptSlots(s groupSlots) {
	if t.n != 0 {
		return
	}
	if t.i64 && len(s.ents) > len(t.ents) {
		clear(s.ents)
		t.ents, t.mask = s.ents, uint64(len(s.ents)-1)
	}
	if !t.i64 && len(s.slots) > len(t.slots) {
		clear(s.slots)
		t.slots, t.mask = s.slots, uint64(len(s.slots)-1)
	}
}

// reserve makes sure extra more groups keep the load factor <= 1/2.
func (t *groupTable) reserve(extra int) {
	need := (t.n + extra) * 2
	size := int(t.mask) + 1
	if need <= size {
		return
	}
	newSize := 1 << bits.Len(uint(need-1))
	if t.i64 && size >= groupGrow4At {
		newSize = max(newSize, 4*size)
	}
	t.resize(newSize)
}

// groupGrow4At is the slot count from which an i64 table that must grow
// grows 4x instead of 2x: a table this large that still fills up likely
// goes on filling (a high-cardinality key), and fewer, larger steps
// rehash each group fewer times. (Generic tables measured no faster on
// ClickBench c15/c30 with 4x steps, and used up to 30% more memory.)
const groupGrow4At = 1 << 15

// findOrInsert maps rows[k] of the flat key vectors (hashes hs, indexed by
// row, as hashKeys computes them) to group ids gids[k], creating groups
// for new keys.
func (t *groupTable) findOrInsert(keys []*vector.Vector, hs []uint64, rows []uint32, gids []uint32) {
	m := len(rows)
	if m == 0 {
		return
	}
	t.reserve(m)
	t.hashes = reserveSlice(t.hashes, m)
	if t.i64 {
		t.findOrInsertI64(keys[0], hs, rows, gids)
		return
	}
	t.pos = growTo(t.pos[:0], m)
	t.active = growTo(t.active[:0], m)
	pos, active := t.pos, t.active
	mask := t.mask
	for k, r := range rows {
		pos[k] = hs[r] & mask
		active[k] = uint32(k)
	}
	if len(t.slots) >= groupTouchMin {
		// Read every row's home slot ahead, as findOrInsertI64 does.
		var acc uint64
		for _, p := range pos {
			acc += t.slots[p]
		}
		t.touched += acc
	}
	for len(active) > 0 {
		slots := t.slots
		cmpK, cmpR, cmpG, nact := t.cmpK[:0], t.cmpR[:0], t.cmpG[:0], t.nact[:0]
		newRows := t.newRows[:0]
		for _, k := range active {
			r := rows[k]
			p := pos[k]
			s := slots[p]
			h := hs[r]
			switch {
			case s == 0:
				g := uint32(t.n)
				t.n++
				slots[p] = h&saltMask | uint64(g+1)
				t.hashes = append(t.hashes, h)
				newRows = append(newRows, r)
				gids[k] = g
			case (s^h)&saltMask == 0:
				cmpK = append(cmpK, k)
				cmpR = append(cmpR, r)
				cmpG = append(cmpG, uint32(s)-1)
			default:
				pos[k] = (p + 1) & mask
				nact = append(nact, k)
			}
		}
		if len(newRows) > 0 {
			base := t.n - len(newRows)
			for c, v := range keys {
				appendRows(t.keys[c], base, v, newRows, 0)
			}
		}
		if len(cmpK) > 0 {
			t.eq = growTo(t.eq[:0], len(cmpK))
			eq := t.eq
			for i := range eq {
				eq[i] = true
			}
			for c, v := range keys {
				keysEqualRows(v, cmpR, t.keys[c], cmpG, eq, true)
			}
			for i, k := range cmpK {
				if eq[i] {
					gids[k] = cmpG[i]
				} else {
					pos[k] = (pos[k] + 1) & mask
					nact = append(nact, k)
				}
			}
		}
		t.cmpK, t.cmpR, t.cmpG, t.newRows = cmpK, cmpR, cmpG, newRows
		t.nact = active[:0]
		active = nact
	}
	t.active = active
}

// findOrInsertI64 is findOrInsert for i64 tables: linear probing with the
// key compared in the slot, one row at a time.
func (t *groupTable) findOrInsertI64(kv *vector.Vector, hs []uint64, rows []uint32, gids []uint32) {
	start := t.n
	newRows := t.newRows[:0]
	xs, valid := kv.I64, kv.Valid
	ents, mask := t.ents, t.mask
	// The previous row's key and group: sorted or clustered input (TPC-H
	// lineitem by l_orderkey) repeats keys in runs, which then skip the
	// probe and its likely cache miss.
	prevKey, prevGid := int64(0), uint32(0)
	havePrev := false
	// Touch every row's home slot first: the loads are independent, so
	// the CPU overlaps their cache misses, and the probe loop below (whose
	// branches and inserts serialize it) then finds the lines in cache.
	if len(ents) >= groupTouchMin {
		var acc uint64
		for _, r := range rows {
			acc += ents[hs[r]&mask].gid
		}
		t.touched += acc
	}
	for k, r := range rows {
		if havePrev && xs[r] == prevKey && (valid == nil || valid.IsValid(int(r))) {
			gids[k] = prevGid
			continue
		}
		h := hs[r]
		if valid != nil && !valid.IsValid(int(r)) {
			if t.nullGid < 0 {
				t.nullGid = int64(t.n)
				t.n++
				t.hashes = append(t.hashes, h)
				newRows = append(newRows, r)
			}
			gids[k] = uint32(t.nullGid)
			continue
		}
		x := xs[r]
		p := h & mask
		for {
			e := &ents[p]
			if e.gid == 0 {
				g := t.n
				t.n++
				*e = i64Slot{gid: uint64(g + 1), key: x}
				t.hashes = append(t.hashes, h)
				newRows = append(newRows, r)
				gids[k] = uint32(g)
				break
			}
			if e.key == x {
				gids[k] = uint32(e.gid - 1)
				break
			}
			p = (p + 1) & mask
		}
		prevKey, prevGid, havePrev = x, gids[k], true
	}
	if len(newRows) > 0 {
		appendRows(t.keys[0], start, kv, newRows, 0)
	}
	t.newRows = newRows
}
