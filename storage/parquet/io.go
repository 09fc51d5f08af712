package parquet

import (
	"fmt"
	"io"
	"sync"

	"github.com/parquet-go/parquet-go/format"
)

// maxChunkBuffer bounds how much of a column chunk is read into memory at
// once; larger chunks are read through the file.
const maxChunkBuffer = 256 << 20

// chunkReader serves reads inside one column chunk from memory and falls
// back to the file for anything outside it.
type chunkReader struct {
	base int64
	data []byte
	file io.ReaderAt
}

func (r *chunkReader) ReadAt(p []byte, off int64) (int, error) {
	if off >= r.base && off+int64(len(p)) <= r.base+int64(len(r.data)) {
		return copy(p, r.data[off-r.base:]), nil
	}
	return r.file.ReadAt(p, off)
}

// loadChunk reads the bytes of a column chunk with a single read and
// returns a reader serving them, plus the number of bytes read.
func loadChunk(fl *file, md *format.ColumnMetaData) (io.ReaderAt, int64, error) {
	start := md.DataPageOffset
	if md.DictionaryPageOffset > 0 && md.DictionaryPageOffset < start {
		start = md.DictionaryPageOffset
	}
	size := md.TotalCompressedSize
	fsize := fl.pf.Size()
	if start < 4 || size < 0 || start > fsize || size > fsize-start {
		return nil, 0, fmt.Errorf("column chunk at offset %d with size %d lies outside the file (size %d)", start, size, fsize)
	}
	if size > maxChunkBuffer {
		return fl.f, size, nil
	}
	if rf, ok := fl.f.(*remoteFile); ok {
		if buf := rf.take(start, size); buf != nil { // prefetched
			return &chunkReader{base: start, data: buf, file: fl.f}, size, nil
		}
	}
	buf := getBuf(int(size))
	if _, err := fl.f.ReadAt(buf, start); err != nil {
		putBuf(buf)
		return nil, 0, fmt.Errorf("read of %d bytes at offset %d: %w", size, start, err)
	}
	return &chunkReader{base: start, data: buf, file: fl.f}, size, nil
}

// chunkBufs recycles column chunk buffers. Decoded pages never point into
// them (parquet-go copies page bytes out), so a buffer can be reused as
// soon as its column reader is closed.
var chunkBufs sync.Pool

func getBuf(n int) []byte {
	if b, ok := chunkBufs.Get().(*[]byte); ok && cap(*b) >= n {
		return (*b)[:n]
	}
	return make([]byte, n)
}

func putBuf(b []byte) {
	if cap(b) == 0 {
		return
	}
	chunkBufs.Put(&b)
}
