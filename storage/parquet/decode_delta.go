package parquet

import (
	"encoding/binary"
	"fmt"
	"math"

	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// Limits on DELTA_BINARY_PACKED headers. They are far above what writers
// use (block size 128, 4 miniblocks) and keep corrupt headers from
// driving huge loops.
const (
	maxDeltaBlockSize  = 1 << 20
	maxDeltaMiniblocks = 1 << 10
)

// isNativeDeltaEncoding reports whether decodeToPlain handles enc.
func isNativeDeltaEncoding(enc format.Encoding) bool {
	switch enc {
	case format.DeltaBinaryPacked, format.DeltaLengthByteArray,
		format.DeltaByteArray, format.ByteStreamSplit:
		return true
	}
	return false
}

// decodeToPlain decodes n values in encoding enc (DELTA_BINARY_PACKED,
// DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY or BYTE_STREAM_SPLIT) of
// physical kind kind from src and returns them re-encoded as PLAIN, so
// that the PLAIN decoder applies the column's conversion. size is the
// length of a FIXED_LEN_BYTE_ARRAY value. The result never aliases src.
func decodeToPlain(src []byte, enc format.Encoding, kind pq.Kind, size, n int) ([]byte, error) {
	if n < 0 {
		return nil, fmt.Errorf("negative value count %d", n)
	}
	switch enc {
	case format.DeltaBinaryPacked:
		var width int
		switch kind {
		case pq.Int32:
			width = 4
		case pq.Int64:
			width = 8
		default:
			return nil, fmt.Errorf("%s encoding for %s values", enc, kind)
		}
		vals := make([]int64, n)
		if _, err := decodeDeltaBinaryPacked(vals, src, width*8); err != nil {
			return nil, err
		}
		out := make([]byte, width*n)
		if width == 4 {
			for i, v := range vals {
				binary.LittleEndian.PutUint32(out[4*i:], uint32(v))
			}
		} else {
			for i, v := range vals {
				binary.LittleEndian.PutUint64(out[8*i:], uint64(v))
			}
		}
		return out, nil
	case format.DeltaLengthByteArray, format.DeltaByteArray:
		if kind != pq.ByteArray && kind != pq.FixedLenByteArray {
			return nil, fmt.Errorf("%s encoding for %s values", enc, kind)
		}
		var vals [][]byte
		var err error
		if enc == format.DeltaLengthByteArray {
			vals, err = decodeDeltaLengthByteArray(src, n)
		} else {
			vals, err = decodeDeltaByteArray(src, n)
		}
		if err != nil {
			return nil, err
		}
		return byteArraysToPlain(vals, kind == pq.FixedLenByteArray, size)
	case format.ByteStreamSplit:
		var width int
		switch kind {
		case pq.Int32, pq.Float:
			width = 4
		case pq.Int64, pq.Double:
			width = 8
		case pq.FixedLenByteArray:
			width = size
		default:
			return nil, fmt.Errorf("%s encoding for %s values", enc, kind)
		}
		return decodeByteStreamSplit(src, width, n)
	}
	return nil, fmt.Errorf("unsupported encoding %s", enc)
}

// byteArraysToPlain concatenates vals as PLAIN BYTE_ARRAY (a 4-byte length
// before each value) or, if fixed, as FIXED_LEN_BYTE_ARRAY values of length
// size.
func byteArraysToPlain(vals [][]byte, fixed bool, size int) ([]byte, error) {
	total := 0
	for _, v := range vals {
		total += len(v)
	}
	if fixed {
		out := make([]byte, 0, total)
		for i, v := range vals {
			if len(v) != size {
				return nil, fmt.Errorf("value %d has length %d, want fixed length %d", i, len(v), size)
			}
			out = append(out, v...)
		}
		return out, nil
	}
	out := make([]byte, 0, total+4*len(vals))
	for _, v := range vals {
		out = binary.LittleEndian.AppendUint32(out, uint32(len(v)))
		out = append(out, v...)
	}
	return out, nil
}

// readUvarint64 decodes an unsigned LEB128 of at most 10 bytes from b at
// *pos and advances *pos.
func readUvarint64(b []byte, pos *int, what string) (uint64, error) {
	x, k := binary.Uvarint(b[*pos:])
	if k <= 0 {
		return 0, fmt.Errorf("delta header: corrupt or truncated %s at byte %d", what, *pos)
	}
	*pos += k
	return x, nil
}

// decodeDeltaBinaryPacked decodes len(dst) DELTA_BINARY_PACKED integers
// from src into dst and returns the number of bytes consumed. bits is the
// physical width (32 or 64): the arithmetic is done modulo 2^64 and the
// results wrap to bits, so miniblocks wider than bits (DuckDB writes
// 33-bit INT32 deltas) decode correctly. The header's value count must
// equal len(dst).
func decodeDeltaBinaryPacked(dst []int64, src []byte, bits int) (int, error) {
	pos := 0
	blockSize, err := readUvarint64(src, &pos, "block size")
	if err != nil {
		return 0, err
	}
	nmini, err := readUvarint64(src, &pos, "miniblock count")
	if err != nil {
		return 0, err
	}
	total, err := readUvarint64(src, &pos, "value count")
	if err != nil {
		return 0, err
	}
	zz, err := readUvarint64(src, &pos, "first value")
	if err != nil {
		return 0, err
	}
	if blockSize == 0 || blockSize > maxDeltaBlockSize || nmini == 0 || nmini > maxDeltaMiniblocks ||
		blockSize%nmini != 0 || (blockSize/nmini)%8 != 0 {
		return 0, fmt.Errorf("delta header: invalid block size %d with %d miniblocks", blockSize, nmini)
	}
	if total != uint64(len(dst)) {
		return 0, fmt.Errorf("delta header: %d values, page has %d", total, len(dst))
	}
	perMini := int(blockSize / nmini)
	n := len(dst)
	if n == 0 {
		return pos, nil
	}
	wrap := func(v uint64) int64 {
		if bits == 32 {
			return int64(int32(uint32(v)))
		}
		return int64(v)
	}
	prev := zz>>1 ^ -(zz & 1) // zigzag decode, as uint64
	dst[0] = wrap(prev)
	i := 1
	for i < n {
		mdz, err := readUvarint64(src, &pos, "block min delta")
		if err != nil {
			return 0, err
		}
		minDelta := mdz>>1 ^ -(mdz & 1)
		if len(src)-pos < int(nmini) {
			return 0, fmt.Errorf("delta block: truncated bit widths at byte %d", pos)
		}
		widths := src[pos : pos+int(nmini)]
		pos += int(nmini)
		for _, w := range widths {
			if i >= n {
				break // trailing miniblocks of the last block are absent
			}
			if w > 64 {
				return 0, fmt.Errorf("delta miniblock: bit width %d > 64", w)
			}
			size := perMini * int(w) / 8
			if len(src)-pos < size {
				return 0, fmt.Errorf("delta miniblock: %d bytes needed at byte %d, %d left", size, pos, len(src)-pos)
			}
			m := min(perMini, n-i)
			unpackDeltas(dst[i:i+m], src[pos:pos+size], int(w), &prev, minDelta, bits)
			pos += size
			i += m
		}
	}
	return pos, nil
}

// unpackDeltas decodes len(dst) bit-packed deltas (LSB first) of bit width
// w from src, which holds at least len(dst)*w bits, and accumulates them
// into dst starting from *prev.
func unpackDeltas(dst []int64, src []byte, w int, prev *uint64, minDelta uint64, bits int) {
	v := *prev
	mask := uint64(math.MaxUint64)
	if w < 64 {
		mask = 1<<uint(w) - 1
	}
	bit := 0
	for k := range dst {
		var d uint64
		if w > 0 {
			d = readBits(src, bit, w) & mask
			bit += w
		}
		v += minDelta + d
		if bits == 32 {
			dst[k] = int64(int32(uint32(v)))
		} else {
			dst[k] = int64(v)
		}
	}
	*prev = v
}

// readBits returns the w (1..64) bits of src starting at bit offset bit,
// LSB first. src must hold them.
func readBits(src []byte, bit, w int) uint64 {
	byteOff, shift := bit>>3, uint(bit&7)
	var x uint64
	if byteOff+8 <= len(src) {
		x = binary.LittleEndian.Uint64(src[byteOff:]) >> shift
	} else {
		for j := 0; byteOff+j < len(src) && j < 8; j++ {
			x |= uint64(src[byteOff+j]) << (8 * uint(j))
		}
		x >>= shift
	}
	if got := 64 - int(shift); got < w && byteOff+8 < len(src) {
		x |= uint64(src[byteOff+8]) << uint(got)
	}
	return x
}

// decodeDeltaLengthByteArray decodes n DELTA_LENGTH_BYTE_ARRAY values from
// src. The values view src.
func decodeDeltaLengthByteArray(src []byte, n int) ([][]byte, error) {
	vals, _, err := deltaLengthByteArray(src, n)
	return vals, err
}

// deltaLengthByteArray decodes n DELTA_LENGTH_BYTE_ARRAY values from src
// and returns them with the number of bytes consumed.
func deltaLengthByteArray(src []byte, n int) ([][]byte, int, error) {
	lens := make([]int64, n)
	pos, err := decodeDeltaBinaryPacked(lens, src, 32)
	if err != nil {
		return nil, 0, fmt.Errorf("byte array lengths: %w", err)
	}
	vals := make([][]byte, n)
	for i, l := range lens {
		if l < 0 || l > int64(len(src)-pos) {
			return nil, 0, fmt.Errorf("byte array %d: length %d with %d bytes left", i, l, len(src)-pos)
		}
		vals[i] = src[pos : pos+int(l) : pos+int(l)]
		pos += int(l)
	}
	return vals, pos, nil
}

// decodeDeltaByteArray decodes n DELTA_BYTE_ARRAY values (prefix lengths,
// then suffixes as DELTA_LENGTH_BYTE_ARRAY) from src.
func decodeDeltaByteArray(src []byte, n int) ([][]byte, error) {
	prefixes := make([]int64, n)
	pos, err := decodeDeltaBinaryPacked(prefixes, src, 32)
	if err != nil {
		return nil, fmt.Errorf("prefix lengths: %w", err)
	}
	suffixes, _, err := deltaLengthByteArray(src[pos:], n)
	if err != nil {
		return nil, fmt.Errorf("suffixes: %w", err)
	}
	vals := make([][]byte, n)
	var prev []byte
	for i, p := range prefixes {
		if p < 0 || p > int64(len(prev)) {
			return nil, fmt.Errorf("value %d: prefix length %d, previous value has %d bytes", i, p, len(prev))
		}
		v := make([]byte, int(p)+len(suffixes[i]))
		copy(v, prev[:p])
		copy(v[p:], suffixes[i])
		vals[i], prev = v, v
	}
	return vals, nil
}

// decodeByteStreamSplit decodes n BYTE_STREAM_SPLIT values of width bytes
// from src into PLAIN layout.
func decodeByteStreamSplit(src []byte, width, n int) ([]byte, error) {
	if width <= 0 {
		return nil, fmt.Errorf("byte stream split: invalid value width %d", width)
	}
	if n > len(src)/width {
		return nil, fmt.Errorf("byte stream split: %d values of %d bytes need %d bytes, page has %d", n, width, n*width, len(src))
	}
	out := make([]byte, n*width)
	for s := 0; s < width; s++ {
		stream := src[s*n : s*n+n]
		for i, c := range stream {
			out[i*width+s] = c
		}
	}
	return out, nil
}
