package engine

import (
	"math/bits"

	"github.com/lhsql/lhsql/simd"
	"github.com/lhsql/lhsql/vector"
)

// packedKeys is a front cache of a groupTable whose key tuples pack into
// one uint64 (short strings, small-range integers, booleans; TPC-H Q1's
// l_returnflag, l_linestatus): each row's key columns are packed into a
// code, and the code is looked up in a small open-addressing table of
// (code, group id) — no string hashing and no key comparison per row.
// Rows whose code is not cached yet go through the groupTable (which
// stays the only owner of keys and groups) and are then cached.
//
// Packing is exact: two rows get the same code iff their keys are equal
// (NULL equal to NULL). The layout (bit position and width per column)
// covers every key seen so far; a chunk outside it widens the layout and
// rebuilds the cache from the table's keys. When the keys stop fitting in
// 64 bits, or most rows miss the cache (many groups), the cache turns
// itself off for good.
type packedKeys struct {
	off   bool
	cols  []packCol
	slots []packSlot
	mask  uint64
	shift uint // 64 - log2(len(slots))
	n     int  // cached codes

	relayouts    int
	rows, misses int

	codes   []uint64 // scratch, per row
	miss    []uint32 // scratch: rows not in the cache
	missG   []uint32
	missPos []uint32
}

// packSlot is one cache entry: code and group id + 1 (0 = empty).
type packSlot struct {
	code uint64
	gid  uint32
}

// Kinds of packed column.
const (
	packInt  = iota // int64-backed: x - base in width bits
	packStr         // string of at most width bytes: bytes, then length
	packBool        // one bit
)

// packCol is the layout of one key column: its code (value bits, then a
// NULL bit) sits at bit shift of the packed key. seen* describe the keys
// seen so far.
type packCol struct {
	kind  int
	width uint  // packStr: bytes; packInt: value bits
	base  int64 // packInt
	shift uint
	bits  uint // code width including the NULL bit

	seen           bool
	seenLo, seenHi int64 // packInt: value range; packStr: max length in seenHi
}

const (
	packMaxRelayouts = 32
	packMinRows      = 1 << 16 // rows before the miss rate is judged
	packHash         = 0x9E3779B97F4A7C15
)

// newPackedKeys returns a cache for key columns of the given types, or
// nil when a type cannot be packed.
func newPackedKeys(types []vector.Type) *packedKeys {
	p := &packedKeys{cols: make([]packCol, len(types))}
	for i, t := range types {
		if t.Nested != nil {
			return nil
		}
		switch t.Phys() {
		case vector.PhysInt64:
			p.cols[i].kind = packInt
		case vector.PhysString:
			p.cols[i].kind = packStr
		case vector.PhysBool:
			p.cols[i].kind = packBool
		default:
			return nil
		}
	}
	return p
}

// lookup sets gids[k] to the group of row rows[k] of keys (flat vectors
// of n rows; rows nil: gids[i] for every row i < n), creating groups in t
// as needed. It returns false, without touching t, when the cache is
// off; the caller then uses t directly.
func (p *packedKeys) lookup(t *groupTable, keys []*vector.Vector, n int, rows []uint32, hashes *[]uint64, gids []uint32) bool {
	if p.off {
		return false
	}
	p.codes = growTo(p.codes[:0], n)
	codes := p.codes[:n]
	if p.slots == nil || !p.pack(keys, 0, n, codes) {
		// Keys outside the layout (or the first chunk): widen it.
		if !p.fit(t, keys, n) {
			return false
		}
		// Every valid row fits now; a false result can only come from
		// the ignored values of NULL rows.
		p.pack(keys, 0, n, codes)
	}
	miss := p.miss[:0] // positions k of rows (or rows i) not cached
	slots, mask, shift := p.slots, p.mask, p.shift
	m := n
	if rows != nil {
		m = len(rows)
	}
	for k := 0; k < m; k++ {
		r := k
		if rows != nil {
			r = int(rows[k])
		}
		c := codes[r]
		h := (c * packHash) >> shift
		for {
			s := &slots[h]
			if s.gid == 0 {
				miss = append(miss, uint32(k))
				break
			}
			if s.code == c {
				gids[k] = s.gid - 1
				break
			}
			h = (h + 1) & mask
		}
	}
	p.miss = miss
	p.rows += m
	if len(miss) == 0 {
		return true
	}
	p.misses += len(miss)
	*hashes = growTo((*hashes)[:0], n)
	hashKeys(keys, n, *hashes)
	p.missG = growTo(p.missG[:0], len(miss))
	mg := p.missG[:len(miss)]
	if rows != nil {
		// findOrInsert takes row numbers: map the positions to rows.
		pos := append(p.missPos[:0], miss...)
		p.missPos = pos
		for j, k := range pos {
			miss[j] = rows[k]
		}
		t.findOrInsert(keys, *hashes, miss, mg)
		for j, k := range pos {
			gids[k] = mg[j]
			p.insert(codes[miss[j]], mg[j])
		}
	} else {
		t.findOrInsert(keys, *hashes, miss, mg)
		for j, r := range miss {
			gids[r] = mg[j]
			p.insert(codes[r], mg[j])
		}
	}
	if p.rows >= packMinRows && p.misses*8 > p.rows {
		// Mostly new keys: the cache only adds work.
		p.disable()
	}
	return true
}

func (p *packedKeys) disable() {
	p.off = true
	p.slots, p.codes, p.miss, p.missG, p.missPos = nil, nil, nil, nil, nil
}

// insert caches code -> gid unless code is cached already.
func (p *packedKeys) insert(code uint64, gid uint32) {
	if (p.n+1)*2 > len(p.slots) {
		p.grow(max(64, 2*len(p.slots)))
	}
	h := (code * packHash) >> p.shift
	for {
		s := &p.slots[h]
		if s.gid == 0 {
			*s = packSlot{code: code, gid: gid + 1}
			p.n++
			return
		}
		if s.code == code {
			return
		}
		h = (h + 1) & p.mask
	}
}

// grow rehashes the cache into size slots (a power of two).
func (p *packedKeys) grow(size int) {
	old := p.slots
	p.slots = make([]packSlot, size)
	p.mask = uint64(size - 1)
	p.shift = uint(64 - bits.Len(uint(size-1)))
	p.n = 0
	for _, s := range old {
		if s.gid != 0 {
			p.insert(s.code, s.gid-1)
		}
	}
}

// fit widens the layout to cover the keys of this chunk, rebuilding the
// cache when it changes; false means the cache is now off. A new layout
// covers the chunk and every group of t.
func (p *packedKeys) fit(t *groupTable, keys []*vector.Vector, n int) bool {
	changed := p.slots == nil
	for i, v := range keys {
		if !p.cols[i].holds(packStatsOf(p.cols[i].kind, v, n)) {
			changed = true
		}
	}
	if !changed {
		return true
	}
	p.relayouts++
	if p.relayouts > packMaxRelayouts {
		p.disable()
		return false
	}
	for i, v := range keys {
		c := &p.cols[i]
		st := packStatsOf(c.kind, v, n)
		if t.n > 0 {
			st = st.union(packStatsOf(c.kind, t.keys[i], t.n))
		}
		c.seen, c.seenLo, c.seenHi = st.any, st.lo, st.hi
	}
	if !p.layout() {
		p.disable()
		return false
	}
	p.rebuild(t)
	return true
}

// packStats describes the valid values of a key column: their range
// (packInt) or largest length in hi (packStr); any is false when there
// are none.
type packStats struct {
	any    bool
	lo, hi int64
}

// packStatsOf returns the stats of rows [0, n) of v.
func packStatsOf(kind int, v *vector.Vector, n int) packStats {
	valid := []uint64(v.Valid)
	switch kind {
	case packInt:
		lo, ok := simd.MinInt64(v.I64[:n], valid, nil)
		if !ok {
			return packStats{}
		}
		hi, _ := simd.MaxInt64(v.I64[:n], valid, nil)
		return packStats{any: true, lo: lo, hi: hi}
	case packStr:
		m := 0
		for k, s := range v.Str[:n] {
			if len(s) > m && (valid == nil || v.Valid.IsValid(k)) {
				m = len(s)
			}
		}
		return packStats{any: true, hi: int64(m)}
	}
	return packStats{}
}

func (a packStats) union(b packStats) packStats {
	switch {
	case !a.any:
		return b
	case !b.any:
		return a
	}
	return packStats{any: true, lo: min(a.lo, b.lo), hi: max(a.hi, b.hi)}
}

// holds reports whether the column's layout covers values with stats st.
func (c *packCol) holds(st packStats) bool {
	if c.bits == 0 {
		return false
	}
	if !st.any {
		return true
	}
	switch c.kind {
	case packInt:
		return c.covers(st.lo, st.hi)
	case packStr:
		return uint64(st.hi) <= uint64(c.width)
	}
	return true
}

// covers reports whether an int column's layout holds [lo, hi].
func (c *packCol) covers(lo, hi int64) bool {
	if c.bits == 0 || lo < c.base {
		return false
	}
	d := uint64(hi - c.base)
	return c.width == 64 || d>>c.width == 0
}

// layout assigns bit positions and widths from the keys seen so far; it
// reports false when they need more than 64 bits.
func (p *packedKeys) layout() bool {
	shift := uint(0)
	for i := range p.cols {
		c := &p.cols[i]
		switch c.kind {
		case packInt:
			if !c.seen {
				c.base, c.width = 0, 0
			} else {
				// One bit of headroom above the range seen, so that keys
				// growing slowly do not relayout every chunk.
				span := uint64(c.seenHi - c.seenLo)
				if c.seenHi < c.seenLo || span >= 1<<62 {
					return false
				}
				c.base = c.seenLo
				c.width = uint(bits.Len64(span)) + 1
			}
			c.bits = c.width + 1
		case packStr:
			c.width = uint(c.seenHi)
			if c.width > 7 {
				return false
			}
			c.bits = 8*c.width + uint(bits.Len(c.width)) + 1
		case packBool:
			c.bits = 2
		}
		c.shift = shift
		shift += c.bits
		if shift > 64 {
			return false
		}
	}
	return true
}

// rebuild refills the cache with every group of t.
func (p *packedKeys) rebuild(t *groupTable) {
	p.slots, p.n = nil, 0
	p.grow(max(64, 1<<bits.Len(uint(2*t.n))))
	var codes [vector.MaxLen]uint64
	for lo := 0; lo < t.n; lo += vector.MaxLen {
		hi := min(lo+vector.MaxLen, t.n)
		p.pack(t.keys, lo, hi, codes[:hi-lo])
		for k, c := range codes[:hi-lo] {
			p.insert(c, uint32(lo+k))
		}
	}
}

// pack writes the codes of rows [lo, hi) of keys to dst (hi-lo entries);
// the values of NULL rows are ignored. It returns false when a row does
// not fit the layout (dst then holds garbage); it may also do so for a
// NULL row whose unused value slot is out of range.
func (p *packedKeys) pack(keys []*vector.Vector, lo, hi int, dst []uint64) bool {
	clear(dst)
	var bad uint64
	for i, v := range keys {
		c := &p.cols[i]
		sh := c.shift
		vmask := uint64(1)<<(c.bits-1) - 1 // the value bits
		switch c.kind {
		case packInt:
			base := c.base
			for k, x := range v.I64[lo:hi] {
				d := uint64(x - base)
				bad |= d &^ vmask
				dst[k] |= (d & vmask) << sh
			}
		case packStr:
			w := int64(c.width)
			lenShift := 8 * c.width
			if w == 1 {
				// One-byte strings (flags): byte, then length 0 or 1.
				for k, s := range v.Str[lo:hi] {
					bad |= uint64(w-int64(len(s))) >> 63
					var x uint64
					if len(s) > 0 {
						x = uint64(s[0]) | 1<<8
					}
					dst[k] |= (x & vmask) << sh
				}
				break
			}
			for k, s := range v.Str[lo:hi] {
				bad |= uint64(w-int64(len(s))) >> 63
				var x uint64
				for j := 0; j < len(s) && j < 8; j++ {
					x |= uint64(s[j]) << (8 * j)
				}
				dst[k] |= ((x | uint64(len(s))<<lenShift) & vmask) << sh
			}
		case packBool:
			for k, b := range v.Bool[lo:hi] {
				if b {
					dst[k] |= 1 << sh
				}
			}
		}
		if v.Valid == nil {
			continue
		}
		// A NULL row's code is the NULL bit alone.
		nullBit := uint64(1) << (sh + c.bits - 1)
		for k := range dst {
			if !v.Valid.IsValid(lo + k) {
				dst[k] = dst[k]&^(vmask<<sh) | nullBit
			}
		}
	}
	return bad == 0
}
