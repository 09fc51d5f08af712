// Package cache is lhsql's persistent block cache for remote objects. It
// keeps fixed-size blocks of remote files (and their Parquet footers) in a
// Pebble database in a local directory, bounded in size with approximate
// LRU eviction.
//
// Keys name an object by its URL and validator (ETag, or Last-Modified and
// size), so a changed object gets new keys and is never served from the
// blocks of its previous version; those age out through eviction.
//
// A Cache is safe for concurrent use. A directory can be open in one
// process at a time: Pebble locks it, and Open reports a second process's
// attempt with ErrLocked.
package cache

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cockroachdb/pebble/v2"
)

// BlockSize is the size of a cached block. Blocks may be partial: a block
// holds one contiguous byte range inside its 64 KiB slot.
const BlockSize = 64 << 10

// ErrLocked reports that another process holds the cache directory.
var ErrLocked = errors.New("cache directory is locked by another process")

// Key prefixes. Data and metadata keys share an object id so that one
// object's entries sort together.
const (
	pBlock  = 'b' // 'b' id[16] block[8] -> lo[4] seq[8] data
	pFooter = 'f' // 'f' id[16]          -> lo[4] seq[8] data (lo is 0)
	pMeta   = 'm' // 'm' dataKey         -> seq[8] size[8]
	pAccess = 'a' // 'a' seq[8] dataKey  -> empty
	pSeq    = 's' // 's'                 -> next seq[8]
)

// ObjectID identifies one version of a remote object.
type ObjectID [16]byte

// NewObjectID derives the id of an object from its URL and validator.
func NewObjectID(url, validator string) ObjectID {
	h := sha256.New()
	h.Write([]byte(url))
	h.Write([]byte{0})
	h.Write([]byte(validator))
	var id ObjectID
	copy(id[:], h.Sum(nil))
	return id
}

// Stats are the cache's counters since it was opened in this process,
// plus its current size.
type Stats struct {
	Dir       string
	Limit     int64 // bytes
	Size      int64 // bytes of cached data and keys
	Entries   int64 // blocks and footers
	Hits      int64
	Misses    int64
	Evictions int64
	Inserts   int64
}

// Cache is a persistent block cache.
type Cache struct {
	db    *pebble.DB
	dir   string
	limit atomic.Int64

	size    atomic.Int64
	entries atomic.Int64
	seq     atomic.Uint64

	hits, misses, evictions, inserts atomic.Int64
	committed                        atomic.Int64 // bytes of committed batches, for tests

	// mu is held shared by reads and writes of entries, and exclusively
	// by eviction and Close, so that eviction never races with a write of
	// the entry it removes and nothing uses the database once closed.
	mu     sync.RWMutex
	closed bool
	// stripes serialise writes of the same entry's metadata (put and
	// touch), so that an entry's accounted size stays exact.
	stripes [64]sync.Mutex

	// recent remembers the sequence numbers given to entries touched in
	// this process: touch rewrites only an entry's metadata, not its value
	// (a rewrite of a 64 KiB value on a hit would turn reads into writes
	// and compactions), so the value's header keeps its older number.
	recentMu sync.Mutex
	recent   map[string]uint64
}

// Open opens (creating if needed) the cache in dir, bounded to limit
// bytes. It fails with an error wrapping ErrLocked when another process
// uses the directory.
func Open(dir string, limit int64) (*Cache, error) {
	if dir == "" {
		return nil, fmt.Errorf("cache: empty directory")
	}
	if limit <= 0 {
		return nil, fmt.Errorf("cache: size limit must be positive")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cache: cannot create directory %q: %w", dir, err)
	}
	opts := &pebble.Options{
		// The cache is a cache: a crash may lose the latest writes (a
		// memtable is flushed as a whole, so entries and their metadata
		// stay consistent), and skipping the WAL halves write volume.
		DisableWAL:   true,
		MemTableSize: 16 << 20,
		Logger:       quietLogger{},
	}
	// Pebble's own block cache keeps hot cache entries in memory, so that
	// a warm scan copies cached blocks from memory rather than reading
	// them from the tables. It is sized by the limit the cache opens with.
	pc := pebble.NewCache(memoryFor(limit))
	defer pc.Unref()
	opts.Cache = pc
	// Values (blocks of up to 64 KiB) live in blob files apart from the
	// keys: compactions then move keys and references, not the cached
	// bytes, so that filling the cache does not rewrite it over and over,
	// and blocks held in memory stay valid across compactions (a warm
	// scan right after a cold one reads from memory). Evicted values
	// leave garbage in blob files until a rewrite reclaims it, so the
	// directory can exceed the limit by up to the garbage ratio.
	opts.FormatMajorVersion = pebble.FormatValueSeparation
	opts.Experimental.ValueSeparationPolicy = func() pebble.ValueSeparationPolicy {
		return pebble.ValueSeparationPolicy{
			Enabled:               true,
			MinimumSize:           1 << 10,
			MaxBlobReferenceDepth: 10,
			RewriteMinimumAge:     2 * time.Minute,
			TargetGarbageRatio:    0.2,
		}
	}
	// Cached Parquet bytes are compressed already.
	opts.ApplyCompressionSettings(func() pebble.DBCompressionSettings { return pebble.DBCompressionNone })
	db, err := pebble.Open(dir, opts)
	if err != nil {
		if isLockErr(err) {
			return nil, fmt.Errorf("cache directory %q: %w (SET cache_dir to another directory, or SET cache_size = 0 to run without a cache)", dir, ErrLocked)
		}
		return nil, fmt.Errorf("cache: cannot open %q: %w", dir, err)
	}
	c := &Cache{db: db, dir: dir, recent: map[string]uint64{}}
	c.limit.Store(limit)
	if err := c.load(); err != nil {
		db.Close()
		return nil, err
	}
	c.evict()
	return c, nil
}

// memoryFor is the size of Pebble's in-memory block cache for a cache of
// limit bytes: a quarter of it, between 8 MiB and 256 MiB.
func memoryFor(limit int64) int64 { return min(max(limit/4, 8<<20), 256<<20) }

func isLockErr(err error) bool {
	s := strings.ToLower(err.Error())
	for _, m := range []string{"resource temporarily unavailable", "lock held", "locked",
		"being used by another process", "lock violation"} {
		if strings.Contains(s, m) {
			return true
		}
	}
	return false
}

// load computes the size and next sequence number from the metadata.
func (c *Cache) load() error {
	v, closer, err := c.db.Get([]byte{pSeq})
	if err == nil {
		if len(v) == 8 {
			c.seq.Store(binary.BigEndian.Uint64(v))
		}
		closer.Close()
	} else if !errors.Is(err, pebble.ErrNotFound) {
		return fmt.Errorf("cache: reading %q: %w", c.dir, err)
	}
	it, err := c.db.NewIter(&pebble.IterOptions{LowerBound: []byte{pMeta}, UpperBound: []byte{pMeta + 1}})
	if err != nil {
		return fmt.Errorf("cache: reading %q: %w", c.dir, err)
	}
	var size, n int64
	var maxSeq uint64
	for it.First(); it.Valid(); it.Next() {
		m := it.Value()
		if len(m) != 16 {
			continue
		}
		maxSeq = max(maxSeq, binary.BigEndian.Uint64(m[:8]))
		size += int64(binary.BigEndian.Uint64(m[8:]))
		n++
	}
	if err := it.Close(); err != nil {
		return fmt.Errorf("cache: reading %q: %w", c.dir, err)
	}
	if maxSeq+1 > c.seq.Load() {
		c.seq.Store(maxSeq + 1)
	}
	c.size.Store(size)
	c.entries.Store(n)
	return nil
}

// Dir returns the cache directory.
func (c *Cache) Dir() string { return c.dir }

// SetLimit changes the size bound and evicts down to it.
func (c *Cache) SetLimit(limit int64) {
	if limit <= 0 {
		return
	}
	c.limit.Store(limit)
	c.evict()
}

// Stats returns the cache's counters.
func (c *Cache) Stats() Stats {
	return Stats{
		Dir:       c.dir,
		Limit:     c.limit.Load(),
		Size:      c.size.Load(),
		Entries:   c.entries.Load(),
		Hits:      c.hits.Load(),
		Misses:    c.misses.Load(),
		Evictions: c.evictions.Load(),
		Inserts:   c.inserts.Load(),
	}
}

// Close flushes and closes the cache.
func (c *Cache) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil
	}
	c.closed = true
	if _, err := os.Stat(c.dir); err != nil {
		// The directory is gone (or unreadable): a flush would retry
		// forever, and there is nothing left to keep.
		c.db.Close()
		return fmt.Errorf("cache: %q disappeared while open: %w", c.dir, err)
	}
	if err := c.db.Flush(); err != nil {
		c.db.Close()
		return fmt.Errorf("cache: flushing %q: %w", c.dir, err)
	}
	return c.db.Close()
}

func blockKey(id ObjectID, block int64) []byte {
	k := make([]byte, 0, blockKeyLen)
	k = append(k, pBlock)
	k = append(k, id[:]...)
	return binary.BigEndian.AppendUint64(k, uint64(block))
}

// blockKeyLen is the length of a block key: 'b' id[16] block[8].
const blockKeyLen = 25

func footerKey(id ObjectID) []byte {
	k := make([]byte, 0, 17)
	k = append(k, pFooter)
	return append(k, id[:]...)
}

// Block is a cached range inside one block slot: Data holds the bytes at
// offsets [Lo, Lo+len(Data)) relative to the block's start.
type Block struct {
	Lo   int
	Data []byte
}

// Covers reports whether the block holds the slot-relative range [lo, hi).
func (b Block) Covers(lo, hi int) bool { return b.Data != nil && lo >= b.Lo && hi <= b.Lo+len(b.Data) }

// GetBlock returns the cached part of block number block of object id.
// The hit counter counts lookups that return a block covering [lo, hi).
func (c *Cache) GetBlock(id ObjectID, block int64, lo, hi int) (Block, bool) {
	b, ok := c.get(blockKey(id, block))
	if ok && b.Covers(lo, hi) {
		c.hits.Add(1)
		return b, true
	}
	c.misses.Add(1)
	return b, false
}

// ReadBlocks calls fn, in block order, for each cached block of object id
// numbered first through last, with the block's number and its cached
// range (slot-relative start lo and bytes); data is valid only during the
// call. fn reports whether the block served the caller, which counts as a
// hit; blocks it rejects and blocks not in the cache count as misses. One
// iterator serves all the blocks, and nothing is copied on the way.
func (c *Cache) ReadBlocks(id ObjectID, first, last int64, fn func(block int64, lo int, data []byte) bool) {
	if first > last {
		return
	}
	want := last - first + 1
	var hits int64
	defer func() {
		c.hits.Add(hits)
		c.misses.Add(want - hits)
	}()
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.closed {
		return
	}
	it, err := c.db.NewIter(&pebble.IterOptions{LowerBound: blockKey(id, first), UpperBound: blockKey(id, last+1)})
	if err != nil {
		return
	}
	type old struct {
		key  []byte
		vlen int
	}
	var olds []old
	for ok := it.First(); ok; ok = it.Next() {
		k := it.Key()
		v, err := it.ValueAndErr()
		if err != nil || len(k) != blockKeyLen || len(v) < hdrLen {
			continue
		}
		block := int64(binary.BigEndian.Uint64(k[blockKeyLen-8:]))
		if !fn(block, int(binary.BigEndian.Uint32(v[:4])), v[hdrLen:]) {
			continue
		}
		hits++
		if c.stale(k, binary.BigEndian.Uint64(v[4:hdrLen])) {
			olds = append(olds, old{bytes.Clone(k), len(v)})
		}
	}
	_ = it.Close()
	for _, o := range olds {
		c.touch(o.key, o.vlen)
	}
}

// PutBlock stores data at slot-relative offset lo of block number block of
// object id. When the slot already holds an adjacent or overlapping range,
// the two are merged.
func (c *Cache) PutBlock(id ObjectID, block int64, lo int, data []byte) {
	if lo < 0 || lo+len(data) > BlockSize || len(data) == 0 {
		return
	}
	key := blockKey(id, block)
	if old, ok := c.get(key); ok {
		lo, data = merge(old, lo, data)
	}
	c.put(key, lo, data)
}

// merge unions a new range with an old one when they touch.
func merge(old Block, lo int, data []byte) (int, []byte) {
	hi := lo + len(data)
	ohi := old.Lo + len(old.Data)
	if old.Lo > hi || ohi < lo {
		return lo, data // disjoint: keep the newer range
	}
	nlo, nhi := min(lo, old.Lo), max(hi, ohi)
	if nlo == lo && nhi == hi {
		return lo, data
	}
	out := make([]byte, nhi-nlo)
	copy(out[old.Lo-nlo:], old.Data)
	copy(out[lo-nlo:], data)
	return nlo, out
}

// GetFooter returns the cached footer bytes of object id.
func (c *Cache) GetFooter(id ObjectID) ([]byte, bool) {
	b, ok := c.get(footerKey(id))
	if ok {
		c.hits.Add(1)
		return b.Data, true
	}
	c.misses.Add(1)
	return nil, false
}

// PutFooter stores the footer bytes (the object's tail) of object id.
func (c *Cache) PutFooter(id ObjectID, data []byte) {
	if len(data) == 0 {
		return
	}
	c.put(footerKey(id), 0, data)
}

// get reads an entry and bumps its recency when it has grown old.
func (c *Cache) get(key []byte) (Block, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.closed {
		return Block{}, false
	}
	v, closer, err := c.db.Get(key)
	if err != nil {
		return Block{}, false
	}
	if len(v) < hdrLen {
		closer.Close()
		return Block{}, false
	}
	b := Block{Lo: int(binary.BigEndian.Uint32(v[:4])), Data: bytes.Clone(v[hdrLen:])}
	seq := binary.BigEndian.Uint64(v[4:hdrLen])
	vlen := len(v)
	closer.Close()
	if c.stale(key, seq) {
		c.touch(key, vlen)
	}
	return b, true
}

// hdrLen is the size of an entry's header: lo[4] seq[8].
const hdrLen = 12

// maxRecent bounds the recent map; when full it is cleared, and entries
// touched before are touched once more when they next look old.
const maxRecent = 1 << 20

// stale reports whether an entry whose value carries sequence number seq
// is in the older half of the access order, so that a hit should move it
// to the young end: hot entries survive eviction without a write on every
// hit.
func (c *Cache) stale(key []byte, seq uint64) bool {
	cur := c.seq.Load()
	half := uint64(c.entries.Load())/2 + 1
	if cur-seq < half {
		return false
	}
	c.recentMu.Lock()
	s, ok := c.recent[string(key)]
	c.recentMu.Unlock()
	return !ok || cur-s >= half
}

// touch moves an entry with a value of vlen bytes to the young end of the
// access order by writing its metadata and a new access record. The old
// access record stays behind; eviction recognises and drops it. The
// caller holds c.mu shared.
func (c *Cache) touch(key []byte, vlen int) {
	mk := append([]byte{pMeta}, key...)
	st := c.stripe(key)
	st.Lock()
	defer st.Unlock()
	// The entry may have been replaced since it was read: its size is
	// taken from the metadata, and a missing entry is left alone.
	m, closer, err := c.db.Get(mk)
	if err != nil {
		return
	}
	if len(m) != 16 {
		closer.Close()
		return
	}
	size := binary.BigEndian.Uint64(m[8:])
	closer.Close()
	ns := c.seq.Add(1) - 1
	b := c.db.NewBatch()
	defer b.Close()
	_ = b.Set(accessKey(ns, key), nil, nil)
	_ = b.Set(mk, metaValue(ns, size), nil)
	if b.Commit(pebble.NoSync) != nil {
		return
	}
	c.committed.Add(int64(b.Len()))
	c.recentMu.Lock()
	if len(c.recent) >= maxRecent {
		clear(c.recent)
	}
	c.recent[string(key)] = ns
	c.recentMu.Unlock()
}

// stripe returns the lock that serialises metadata writes of key.
func (c *Cache) stripe(key []byte) *sync.Mutex {
	var h uint32 = 2166136261
	for _, b := range key {
		h = (h ^ uint32(b)) * 16777619
	}
	return &c.stripes[h%uint32(len(c.stripes))]
}

func accessKey(seq uint64, key []byte) []byte {
	k := make([]byte, 0, 9+len(key))
	k = append(k, pAccess)
	k = binary.BigEndian.AppendUint64(k, seq)
	return append(k, key...)
}

func metaValue(seq, size uint64) []byte {
	v := binary.BigEndian.AppendUint64(make([]byte, 0, 16), seq)
	return binary.BigEndian.AppendUint64(v, size)
}

// entrySize is the accounted size of an entry: its value and keys.
func entrySize(key []byte, n int) int64 { return int64(n + hdrLen + 3*len(key) + 16 + 9) }

// put stores an entry with its metadata and access record.
func (c *Cache) put(key []byte, lo int, data []byte) {
	if !c.putLocked(key, lo, data) {
		return
	}
	if c.size.Load() > c.limit.Load() {
		c.evict()
	}
}

func (c *Cache) putLocked(key []byte, lo int, data []byte) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.closed {
		return false
	}
	mk := append([]byte{pMeta}, key...)
	st := c.stripe(key)
	st.Lock()
	defer st.Unlock()
	b := c.db.NewBatch()
	defer b.Close()
	var delta int64 = entrySize(key, len(data))
	newEntry := true
	if m, closer, err := c.db.Get(mk); err == nil {
		if len(m) == 16 {
			_ = b.Delete(accessKey(binary.BigEndian.Uint64(m[:8]), key), nil)
			delta -= int64(binary.BigEndian.Uint64(m[8:]))
			newEntry = false
		}
		closer.Close()
	}
	seq := c.seq.Add(1) - 1
	v := make([]byte, hdrLen+len(data))
	binary.BigEndian.PutUint32(v, uint32(lo))
	binary.BigEndian.PutUint64(v[4:], seq)
	copy(v[hdrLen:], data)
	_ = b.Set(key, v, nil)
	_ = b.Set(mk, metaValue(seq, uint64(entrySize(key, len(data)))), nil)
	_ = b.Set(accessKey(seq, key), nil, nil)
	_ = b.Set([]byte{pSeq}, binary.BigEndian.AppendUint64(nil, seq+1), nil)
	if err := b.Commit(pebble.NoSync); err != nil {
		return false
	}
	c.committed.Add(int64(b.Len()))
	c.inserts.Add(1)
	if newEntry {
		c.entries.Add(1)
	}
	c.size.Add(delta)
	return true
}

// evict removes the least recently used entries until the cache is below
// 90% of its limit.
func (c *Cache) evict() {
	if c.size.Load() <= c.limit.Load() {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed || c.size.Load() <= c.limit.Load() {
		return
	}
	target := c.limit.Load() / 10 * 9
	it, err := c.db.NewIter(&pebble.IterOptions{LowerBound: []byte{pAccess}, UpperBound: []byte{pAccess + 1}})
	if err != nil {
		return
	}
	defer it.Close()
	b := c.db.NewBatch()
	flush := func() {
		if b.Count() > 0 {
			_ = b.Commit(pebble.NoSync)
		}
		b.Close()
		b = c.db.NewBatch()
	}
	defer func() { flush(); b.Close() }()
	for it.First(); it.Valid() && c.size.Load() > target; it.Next() {
		ak := it.Key()
		if len(ak) < 9 {
			continue
		}
		key := bytes.Clone(ak[9:])
		mk := append([]byte{pMeta}, key...)
		m, closer, err := c.db.Get(mk)
		var size int64
		if err == nil {
			if len(m) == 16 && binary.BigEndian.Uint64(m[:8]) == binary.BigEndian.Uint64(ak[1:9]) {
				size = int64(binary.BigEndian.Uint64(m[8:]))
			} else {
				size = -1 // a newer access record exists; this one is stale
			}
			closer.Close()
		}
		_ = b.Delete(bytes.Clone(ak), nil)
		if size >= 0 {
			_ = b.Delete(key, nil)
			_ = b.Delete(mk, nil)
			c.size.Add(-size)
			if err == nil {
				c.entries.Add(-1)
				c.evictions.Add(1)
			}
		}
		if b.Count() >= 512 {
			flush()
		}
	}
}

// quietLogger keeps Pebble from writing to the process's log.
type quietLogger struct{}

func (quietLogger) Infof(string, ...any)  {}
func (quietLogger) Errorf(string, ...any) {}
func (quietLogger) Fatalf(format string, args ...any) {
	panic(fmt.Sprintf("cache: pebble: "+format, args...))
}
