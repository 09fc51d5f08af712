package parquet

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/storage/remote"
	"github.com/parquet-go/parquet-go/format"
)

// fileSource is what a Parquet file is read from: a local file or a remote
// object (http(s):// or s3:// URL).
type fileSource interface {
	io.ReaderAt
	io.Closer
}

// footerGuess is the size of the speculative tail read of a remote file:
// it holds the footer of most files, so opening takes one request.
const footerGuess = 64 << 10

// openSource opens path, locally or, for URLs, remotely, and returns it
// with its size.
func openSource(path string) (fileSource, int64, error) {
	if remote.IsRemote(path) {
		return openRemote(context.Background(), path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, fmt.Errorf("IO Error: cannot open file %q: %w", path, err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, fmt.Errorf("IO Error: cannot stat file %q: %w", path, err)
	}
	return f, st.Size(), nil
}

// remoteFile reads a remote Parquet file. Row groups are loaded ahead of
// decoding by prefetch (all needed column chunks in coalesced, parallel
// requests); ReadAt serves those loaded bytes, and anything else through
// the object.
type remoteFile struct {
	obj *remote.Object

	mu      sync.Mutex
	pending []*loaded

	openIO   remote.Counters // requests made while opening
	reported atomic.Bool     // openIO was added to a scan's stats
}

// loaded is a range fetched by prefetch for one morsel.
type loaded struct {
	off   int64
	data  []byte
	taken bool // handed over by take; no longer served by ReadAt
}

func openRemote(ctx context.Context, url string) (fileSource, int64, error) {
	obj, err := remote.Open(ctx, url)
	if err != nil {
		return nil, 0, err
	}
	rf := &remoteFile{obj: obj}
	size := obj.Size()
	if size < 12 {
		return rf, size, nil // openFile reports the file as too small
	}
	tail, err := obj.LoadTail(ctx, footerGuess, &rf.openIO)
	if err != nil {
		return nil, 0, err
	}
	// A footer longer than the guess needs one more request for the rest.
	if n := int64(binary.LittleEndian.Uint32(tail[len(tail)-8:])); n+8 > int64(len(tail)) && n+8 <= size {
		if _, err := obj.LoadTail(ctx, n+8, &rf.openIO); err != nil {
			return nil, 0, err
		}
	}
	return rf, size, nil
}

// maxIndexTail bounds the page index region that loadPageIndexes loads
// with the footer.
const maxIndexTail = 16 << 20

// loadPageIndexes extends the loaded tail of a remote file over its page
// indexes (column and offset indexes), which writers place between the
// last row group and the footer: one request when the file is opened (and
// one cache entry with the footer) instead of a small request per column
// and row group while scanning. Local files and files whose indexes start
// more than maxIndexTail before the end are left alone.
func loadPageIndexes(f fileSource, md *format.FileMetaData, size int64) error {
	rf, ok := f.(*remoteFile)
	if !ok {
		return nil
	}
	lo := size
	for i := range md.RowGroups {
		for j := range md.RowGroups[i].Columns {
			cc := &md.RowGroups[i].Columns[j]
			if cc.ColumnIndexLength > 0 && cc.ColumnIndexOffset >= 0 {
				lo = min(lo, cc.ColumnIndexOffset)
			}
			if cc.OffsetIndexLength > 0 && cc.OffsetIndexOffset >= 0 {
				lo = min(lo, cc.OffsetIndexOffset)
			}
		}
	}
	if lo < 4 || size-lo > maxIndexTail {
		return nil
	}
	_, err := rf.obj.LoadTail(context.Background(), size-lo, &rf.openIO)
	return err
}

// ReadAt serves prefetched bytes, or reads through the object.
func (r *remoteFile) ReadAt(p []byte, off int64) (int, error) {
	end := off + int64(len(p))
	r.mu.Lock()
	for _, l := range r.pending {
		if !l.taken && off >= l.off && end <= l.off+int64(len(l.data)) {
			n := copy(p, l.data[off-l.off:])
			r.mu.Unlock()
			return n, nil
		}
	}
	r.mu.Unlock()
	if off == 0 && len(p) == 4 && r.obj.Size() >= 12 {
		// parquet-go checks the leading magic when it opens a file. The
		// trailing magic and the footer have been read and checked; a
		// request for four bytes would cost a round trip on every open.
		return copy(p, "PAR1"), nil
	}
	size := r.obj.Size()
	if off < 0 || off >= size {
		return 0, io.EOF
	}
	want := min(end, size) - off
	bufs, err := r.obj.Load(context.Background(), []remote.Range{{Off: off, N: want}}, &r.openIO)
	if err != nil {
		return 0, err
	}
	n := copy(p, bufs[0])
	if int64(n) < int64(len(p)) {
		return n, io.EOF
	}
	return n, nil
}

// Close releases nothing: a remote object holds no local resources.
func (r *remoteFile) Close() error { return nil }

// prefetch loads the column chunks the scan needs from row group rg of a
// remote file with one call that coalesces and parallelises the requests,
// and counts them in st. The returned function drops the loaded bytes; it
// must be called when the morsel is done. For local files it does nothing.
func (fl *file) prefetch(ctx context.Context, rg *format.RowGroup, cols []int, st *storage.ScanStats, pages func(leaf int) ([]span, bool)) (func(), error) {
	rf, ok := fl.f.(*remoteFile)
	if !ok {
		return func() {}, nil
	}
	if !rf.reported.Swap(true) {
		addIO(st, &rf.openIO)
	}
	fsize := rf.obj.Size()
	var ranges []remote.Range
	seen := map[int]bool{}
	var leaves []int
	for _, ci := range cols {
		c := &fl.cols[ci]
		if c.nest != nil {
			for k := c.nest.leafLo; k < c.nest.leafHi; k++ {
				leaves = append(leaves, c.leafBase+k)
			}
		} else {
			leaves = append(leaves, c.leaf)
		}
	}
	for _, leaf := range leaves {
		if leaf < 0 || leaf >= len(rg.Columns) || seen[leaf] {
			continue
		}
		seen[leaf] = true
		if pages != nil {
			if spans, ok := pages(leaf); ok {
				for _, sp := range spans {
					if sp.lo >= 4 && sp.hi > sp.lo && sp.hi <= fsize {
						ranges = append(ranges, remote.Range{Off: sp.lo, N: sp.hi - sp.lo})
					}
				}
				continue
			}
		}
		md := &rg.Columns[leaf].MetaData
		start := md.DataPageOffset
		if md.DictionaryPageOffset > 0 && md.DictionaryPageOffset < start {
			start = md.DictionaryPageOffset
		}
		size := md.TotalCompressedSize
		if start < 4 || size <= 0 || start > fsize || size > fsize-start {
			continue // loadChunk reports it
		}
		ranges = append(ranges, remote.Range{Off: start, N: size})
	}
	if len(ranges) == 0 {
		return func() {}, nil
	}
	bufs := make([][]byte, len(ranges))
	for i, r := range ranges {
		bufs[i] = getBuf(int(r.N))
	}
	var c remote.Counters
	err := rf.obj.LoadInto(ctx, ranges, bufs, &c)
	addIO(st, &c)
	if err != nil {
		for _, b := range bufs {
			putBuf(b)
		}
		return nil, err
	}
	ls := make([]*loaded, len(ranges))
	rf.mu.Lock()
	for i, r := range ranges {
		ls[i] = &loaded{off: r.Off, data: bufs[i]}
		rf.pending = append(rf.pending, ls[i])
	}
	rf.mu.Unlock()
	return func() {
		rf.mu.Lock()
		defer rf.mu.Unlock()
		keep := rf.pending[:0]
		for _, l := range rf.pending {
			drop := false
			for _, m := range ls {
				drop = drop || l == m
			}
			if !drop {
				keep = append(keep, l)
			} else if !l.taken {
				putBuf(l.data)
			}
		}
		clear(rf.pending[len(keep):])
		rf.pending = keep
	}, nil
}

// take hands over the prefetched bytes of the range [off, off+n) to the
// caller, who then owns the buffer (and returns it with putBuf), so that
// a column chunk is not copied once more. It returns nil when the range
// was not prefetched as one piece.
func (r *remoteFile) take(off, n int64) []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, l := range r.pending {
		if !l.taken && l.off == off && int64(len(l.data)) == n {
			l.taken = true
			return l.data
		}
	}
	return nil
}

func addIO(st *storage.ScanStats, c *remote.Counters) {
	atomic.AddInt64(&st.Requests, atomic.LoadInt64(&c.Requests))
	atomic.AddInt64(&st.BytesFetched, atomic.LoadInt64(&c.BytesFetched))
	atomic.AddInt64(&st.BytesFromCache, atomic.LoadInt64(&c.BytesFromCache))
}

// openParallelism bounds the files Open opens at once.
const openParallelism = 16

// openFiles opens paths concurrently and returns them in order. On failure
// it closes what it opened and returns the error of the first failing
// path (in path order among those attempted); it stops starting new opens
// once one has failed.
func openFiles(paths []string) ([]*file, error) {
	files := make([]*file, len(paths))
	errs := make([]error, len(paths))
	if len(paths) == 1 {
		files[0], errs[0] = openFile(paths[0])
		return files, errs[0]
	}
	sem := make(chan struct{}, openParallelism)
	var wg sync.WaitGroup
	var failed atomic.Bool
	for i, p := range paths {
		sem <- struct{}{}
		if failed.Load() {
			<-sem
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			files[i], errs[i] = openFile(p)
			if errs[i] != nil {
				failed.Store(true)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err == nil {
			continue
		}
		for _, fl := range files {
			if fl != nil && fl.f != nil {
				fl.f.Close()
			}
		}
		return nil, err
	}
	return files, nil
}
