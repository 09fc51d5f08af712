// Package remote reads objects over HTTP(S) and S3 by byte ranges. An
// Object knows its size and validator (ETag, or Last-Modified and size);
// Load fetches many ranges at once, serving what it can from the
// persistent block cache (storage/cache), coalescing the rest into few
// ranged requests that run in parallel under a bound, and retrying
// transient faults with exponential backoff and jitter.
package remote

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/lhsql/lhsql/storage/cache"
)

// Source is a remote object read by byte ranges.
type Source interface {
	// ReadAt reads len(p) bytes at off.
	ReadAt(ctx context.Context, p []byte, off int64) (int, error)
	// Size returns the object's size in bytes.
	Size() int64
	// Validator identifies the object's version: an ETag, or
	// Last-Modified and size. It is empty when the server gives neither.
	Validator() string
}

// Range is a byte range of an object.
type Range struct {
	Off, N int64
}

// Counters count the I/O of a caller. Fields are updated atomically.
type Counters struct {
	Requests       int64 // ranged GETs issued, retries included
	BytesFetched   int64 // bytes received from the server
	BytesFromCache int64 // bytes served from the block cache
}

// Add adds o to c atomically.
func (c *Counters) Add(o *Counters) {
	atomic.AddInt64(&c.Requests, atomic.LoadInt64(&o.Requests))
	atomic.AddInt64(&c.BytesFetched, atomic.LoadInt64(&o.BytesFetched))
	atomic.AddInt64(&c.BytesFromCache, atomic.LoadInt64(&o.BytesFromCache))
}

// IsRemote reports whether path is a URL this package reads.
func IsRemote(path string) bool {
	l := strings.ToLower(path)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") ||
		strings.HasPrefix(l, "s3://") || strings.HasPrefix(l, "s3a://") || strings.HasPrefix(l, "s3n://")
}

// backend issues the requests of one object.
type backend interface {
	// stat returns the object's size and validator.
	stat(ctx context.Context) (size int64, validator string, err error)
	// get returns the body of the range [off, off+n), failing with
	// errChanged when the object no longer matches validator.
	get(ctx context.Context, off, n int64, validator string) (io.ReadCloser, error)
}

// Object is an open remote object. It is safe for concurrent use.
type Object struct {
	url       string // redacted, for messages
	be        backend
	size      int64
	validator string
	id        cache.ObjectID
	cache     *cache.Cache // nil: uncached

	mu   sync.RWMutex
	tail []byte // the object's last len(tail) bytes, when loaded
}

var _ Source = (*Object)(nil)

// Open opens the object at rawURL (http, https or s3) and fetches its size
// and validator.
func Open(ctx context.Context, rawURL string) (*Object, error) {
	be, err := newBackend(rawURL)
	if err != nil {
		return nil, err
	}
	o := &Object{url: RedactURL(rawURL), be: be}
	var sz int64
	var val string
	err = retry(ctx, o.url, "HEAD", func(ctx context.Context) error {
		var err error
		sz, val, err = be.stat(ctx)
		return err
	})
	if err != nil {
		return nil, err
	}
	o.size, o.validator = sz, val
	if val != "" {
		c, err := currentCache()
		if err != nil {
			return nil, err
		}
		o.cache = c
		o.id = cache.NewObjectID(rawURLKey(rawURL), val)
	}
	return o, nil
}

func newBackend(rawURL string) (backend, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("IO Error: invalid URL %q: %v", RedactURL(rawURL), errors.Unwrap(err))
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return newHTTPBackend(u), nil
	case "s3", "s3a", "s3n":
		return newS3Backend(rawURL, u)
	}
	return nil, fmt.Errorf("IO Error: unsupported URL scheme %q in %q", u.Scheme, RedactURL(rawURL))
}

// rawURLKey is the identity of an object in the cache: the URL without
// query parameters that only carry credentials (pre-signed URLs).
func rawURLKey(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return rawURL
	}
	u.User = nil
	q := u.Query()
	for k := range q {
		if isCredentialParam(k) {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// URL returns the object's URL with credentials removed.
func (o *Object) URL() string { return o.url }

// Size returns the object's size.
func (o *Object) Size() int64 { return o.size }

// Validator returns the object's validator ("" when it has none).
func (o *Object) Validator() string { return o.validator }

// Cached reports whether reads of the object go through the block cache.
func (o *Object) Cached() bool { return o.cache != nil }

// ReadAt reads len(p) bytes at off.
func (o *Object) ReadAt(ctx context.Context, p []byte, off int64) (int, error) {
	if off < 0 || off+int64(len(p)) > o.size {
		n := 0
		if off >= 0 && off < o.size {
			n, _ = o.ReadAt(ctx, p[:o.size-off], off)
		}
		return n, io.EOF
	}
	if len(p) == 0 {
		return 0, nil
	}
	var c Counters
	bufs, err := o.Load(ctx, []Range{{Off: off, N: int64(len(p))}}, &c)
	if err != nil {
		return 0, err
	}
	return copy(p, bufs[0]), nil
}

// LoadTail makes the object's last n bytes (or all of it when smaller)
// available to reads without further requests, from the cache's footer
// entry when present. It returns them.
func (o *Object) LoadTail(ctx context.Context, n int64, c *Counters) ([]byte, error) {
	n = min(n, o.size)
	o.mu.RLock()
	t := o.tail
	o.mu.RUnlock()
	if int64(len(t)) >= n {
		return t[int64(len(t))-n:], nil
	}
	if o.cache != nil && len(t) == 0 {
		if b, ok := o.cache.GetFooter(o.id); ok && int64(len(b)) >= n && int64(len(b)) <= o.size {
			atomic.AddInt64(&c.BytesFromCache, int64(len(b)))
			o.setTail(b)
			return b[int64(len(b))-n:], nil
		}
	}
	// Fetch only the part not yet held.
	start := o.size - n
	buf := make([]byte, n)
	if err := o.fetchInto(ctx, start, buf[:n-int64(len(t))], c); err != nil {
		return nil, err
	}
	copy(buf[n-int64(len(t)):], t)
	o.setTail(buf)
	if o.cache != nil {
		o.cache.PutFooter(o.id, buf)
	}
	return buf, nil
}

func (o *Object) setTail(b []byte) {
	o.mu.Lock()
	if len(b) > len(o.tail) {
		o.tail = b
	}
	o.mu.Unlock()
}

// segment is a part of a requested range that must be fetched.
type segment struct {
	off int64
	dst []byte
}

// Load returns the bytes of the given ranges: from the loaded tail, the
// block cache, and, for the rest, from ranged requests that coalesce
// nearby ranges and run in parallel.
func (o *Object) Load(ctx context.Context, ranges []Range, c *Counters) ([][]byte, error) {
	out := make([][]byte, len(ranges))
	for i, r := range ranges {
		if r.N > 0 && r.N <= o.size {
			out[i] = make([]byte, r.N)
		}
	}
	if err := o.LoadInto(ctx, ranges, out, c); err != nil {
		return nil, err
	}
	return out, nil
}

// LoadInto is Load into buffers the caller provides: dst[i] receives
// range i and must be ranges[i].N bytes long.
func (o *Object) LoadInto(ctx context.Context, ranges []Range, dst [][]byte, c *Counters) error {
	if len(dst) != len(ranges) {
		return fmt.Errorf("IO Error: %d buffers for %d ranges of %q", len(dst), len(ranges), o.url)
	}
	var missing []segment
	o.mu.RLock()
	tail := o.tail
	o.mu.RUnlock()
	tailOff := o.size - int64(len(tail))
	for i, r := range ranges {
		if r.Off < 0 || r.N < 0 || r.Off > o.size || r.N > o.size-r.Off {
			return fmt.Errorf("IO Error: range [%d, %d) lies outside %q (size %d)", r.Off, r.Off+r.N, o.url, o.size)
		}
		buf := dst[i]
		if int64(len(buf)) != r.N {
			return fmt.Errorf("IO Error: buffer of %d bytes for a range of %d bytes of %q", len(buf), r.N, o.url)
		}
		if r.N == 0 {
			continue
		}
		if len(tail) > 0 && r.Off >= tailOff {
			copy(buf, tail[r.Off-tailOff:])
			continue
		}
		if o.cache == nil {
			missing = append(missing, segment{off: r.Off, dst: buf})
			continue
		}
		missing = o.fromCache(r, buf, missing, c)
	}
	if len(missing) == 0 {
		return nil
	}
	return o.fetchSegments(ctx, missing, c)
}

// fromCache fills buf (range r) from cached blocks, read with one
// iterator, and appends the parts it cannot fill to missing.
func (o *Object) fromCache(r Range, buf []byte, missing []segment, c *Counters) []segment {
	end := r.Off + r.N
	pos := r.Off // buf is filled or planned up to pos
	var hit int64
	gap := func(lo, hi int64) {
		if hi > lo {
			missing = append(missing, segment{off: lo, dst: buf[lo-r.Off : hi-r.Off]})
		}
	}
	o.cache.ReadBlocks(o.id, r.Off/cache.BlockSize, (end-1)/cache.BlockSize, func(b int64, blo int, data []byte) bool {
		bs := b * cache.BlockSize
		lo := max(r.Off, bs)
		hi := min(end, bs+cache.BlockSize)
		if lo < pos || int(lo-bs) < blo || int(hi-bs) > blo+len(data) {
			return false
		}
		copy(buf[lo-r.Off:hi-r.Off], data[int(lo-bs)-blo:])
		hit += hi - lo
		gap(pos, lo)
		pos = hi
		return true
	})
	gap(pos, end)
	atomic.AddInt64(&c.BytesFromCache, hit)
	return missing
}

// Tuning of request planning; variables so that tests can change them.
var (
	// MaxGap is the largest gap between two needed ranges that is read
	// rather than split into two requests.
	MaxGap int64 = 32 << 10
	// MaxRequest bounds the size of one ranged request; longer ranges are
	// split into parallel requests.
	MaxRequest int64 = 8 << 20
	// Parallelism bounds the requests in flight per Load call.
	Parallelism = 16
)

// request is one planned ranged GET and the segments it fills.
type request struct {
	off, n int64
	segs   []segment
}

// plan coalesces segments into requests.
func plan(segs []segment) []request {
	sort.Slice(segs, func(i, j int) bool { return segs[i].off < segs[j].off })
	var reqs []request
	for _, s := range segs {
		// Split long segments.
		for len(s.dst) > 0 {
			n := min(int64(len(s.dst)), MaxRequest)
			part := segment{off: s.off, dst: s.dst[:n]}
			s.off += n
			s.dst = s.dst[n:]
			if k := len(reqs); k > 0 {
				last := &reqs[k-1]
				end := last.off + last.n
				if part.off >= end && part.off-end <= MaxGap && part.off+n-last.off <= MaxRequest {
					last.n = part.off + n - last.off
					last.segs = append(last.segs, part)
					continue
				}
				if part.off < end { // overlapping ranges
					last.n = max(end, part.off+n) - last.off
					last.segs = append(last.segs, part)
					continue
				}
			}
			reqs = append(reqs, request{off: part.off, n: n, segs: []segment{part}})
		}
	}
	return reqs
}

// fetchSegments fetches the missing segments with coalesced, parallel
// requests and stores what they return in the cache.
func (o *Object) fetchSegments(ctx context.Context, segs []segment, c *Counters) error {
	reqs := plan(segs)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sem := make(chan struct{}, max(1, Parallelism))
	var wg sync.WaitGroup
	var errOnce sync.Once
	var firstErr error
	for i := range reqs {
		rq := &reqs[i]
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if err := o.fetchRequest(ctx, rq, c); err != nil {
				errOnce.Do(func() { firstErr = err; cancel() })
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	return ctx.Err()
}

func (o *Object) fetchRequest(ctx context.Context, rq *request, c *Counters) error {
	var buf []byte
	if len(rq.segs) == 1 && int64(len(rq.segs[0].dst)) == rq.n {
		buf = rq.segs[0].dst // read straight into the destination
	} else {
		buf = make([]byte, rq.n)
	}
	if err := o.fetchInto(ctx, rq.off, buf, c); err != nil {
		return err
	}
	for _, s := range rq.segs {
		copy(s.dst, buf[s.off-rq.off:])
	}
	if o.cache != nil {
		o.store(rq.off, buf)
	}
	return nil
}

// store writes fetched bytes at off into the cache's blocks.
func (o *Object) store(off int64, data []byte) {
	end := off + int64(len(data))
	for b := off / cache.BlockSize; b*cache.BlockSize < end; b++ {
		bs := b * cache.BlockSize
		lo := max(off, bs)
		hi := min(end, bs+cache.BlockSize)
		o.cache.PutBlock(o.id, b, int(lo-bs), data[lo-off:hi-off])
	}
}

// fetchInto reads len(buf) bytes at off from the server, retrying
// transient faults.
func (o *Object) fetchInto(ctx context.Context, off int64, buf []byte, c *Counters) error {
	if len(buf) == 0 {
		return nil
	}
	release, err := acquire(ctx)
	if err != nil {
		return err
	}
	defer release()
	return retry(ctx, o.url, "GET", func(ctx context.Context) error {
		atomic.AddInt64(&c.Requests, 1)
		body, err := o.be.get(ctx, off, int64(len(buf)), o.validator)
		if err != nil {
			return err
		}
		defer body.Close()
		n, err := io.ReadFull(body, buf)
		atomic.AddInt64(&c.BytesFetched, int64(n))
		if err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
				return transient(fmt.Errorf("response ended after %d of %d bytes", n, len(buf)))
			}
			return err
		}
		return nil
	})
}

// MaxInFlight bounds the ranged requests in flight in the process.
var MaxInFlight = 64

var (
	inflightOnce sync.Once
	inflight     chan struct{}
)

func acquire(ctx context.Context) (func(), error) {
	inflightOnce.Do(func() { inflight = make(chan struct{}, max(1, MaxInFlight)) })
	select {
	case inflight <- struct{}{}:
		return func() { <-inflight }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
