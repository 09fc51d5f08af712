package parquet

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/bits"
	"math/rand/v2"
	"strconv"
	"testing"

	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// encodeDeltaTest is a reference DELTA_BINARY_PACKED encoder for tests.
// It computes deltas in 64-bit arithmetic (as DuckDB does, also for INT32
// values) and pads every written miniblock to its full size. It returns the
// encoding and the bit widths of the miniblocks it wrote.
func encodeDeltaTest(vals []int64, blockSize, nmini int) ([]byte, []int) {
	out := binary.AppendUvarint(nil, uint64(blockSize))
	out = binary.AppendUvarint(out, uint64(nmini))
	out = binary.AppendUvarint(out, uint64(len(vals)))
	if len(vals) == 0 {
		return binary.AppendVarint(out, 0), nil
	}
	out = binary.AppendVarint(out, vals[0])
	perMini := blockSize / nmini
	var widths []int
	for start := 1; start < len(vals); start += blockSize {
		end := min(start+blockSize, len(vals))
		deltas := make([]int64, end-start)
		for i := range deltas {
			deltas[i] = vals[start+i] - vals[start+i-1] // wraps
		}
		minDelta := deltas[0]
		for _, d := range deltas {
			minDelta = min(minDelta, d)
		}
		out = binary.AppendVarint(out, minDelta)
		wpos := len(out)
		out = append(out, make([]byte, nmini)...)
		for m := 0; m < nmini && m*perMini < len(deltas); m++ {
			chunk := deltas[m*perMini : min((m+1)*perMini, len(deltas))]
			w := 0
			for _, d := range chunk {
				w = max(w, bits.Len64(uint64(d-minDelta)))
			}
			out[wpos+m] = byte(w)
			widths = append(widths, w)
			packed := make([]byte, perMini*w/8)
			for i, d := range chunk {
				u := uint64(d - minDelta)
				for b := 0; b < w; b++ {
					if u>>uint(b)&1 != 0 {
						bit := i*w + b
						packed[bit>>3] |= 1 << uint(bit&7)
					}
				}
			}
			out = append(out, packed...)
		}
	}
	return out, widths
}

func TestDecodeDeltaBinaryPackedSpecExample(t *testing.T) {
	// 7, 5, 3, 1, 2: deltas -2 -2 -2 1, min delta -2 (zigzag 3), packed
	// 0 0 0 3 in one 2-bit miniblock of 32 values; the last three
	// miniblocks of the block are absent.
	src := []byte{0x80, 0x01, 4, 5, 14, 3, 2, 0, 0, 0, 0xc0, 0, 0, 0, 0, 0, 0, 0}
	for _, bitsz := range []int{32, 64} {
		dst := make([]int64, 5)
		n, err := decodeDeltaBinaryPacked(dst, src, bitsz)
		if err != nil {
			t.Fatalf("bits %d: %v", bitsz, err)
		}
		if n != len(src) {
			t.Errorf("bits %d: consumed %d bytes, want %d", bitsz, n, len(src))
		}
		if want := []int64{7, 5, 3, 1, 2}; !equalInt64s(dst, want) {
			t.Errorf("bits %d: got %v, want %v", bitsz, dst, want)
		}
	}
}

func equalInt64s(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// widthSequence returns 1+128 values whose deltas make one 128-value block
// of bit width w (0..64) in every miniblock.
func widthSequence(w int) []int64 {
	vals := []int64{0}
	var lo, hi int64
	switch {
	case w == 64:
		lo, hi = math.MinInt64, math.MaxInt64
	case w > 0:
		hi = int64(1)<<uint(w) - 1
	}
	for i := 0; i < 128; i++ {
		d := lo
		if i%2 == 1 {
			d = hi
		}
		vals = append(vals, vals[len(vals)-1]+d)
	}
	return vals
}

func TestDecodeDeltaBinaryPacked(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	type tc struct {
		name       string
		vals       []int64
		bits       int // 32: values are int32
		blockSize  int
		nmini      int
		wantWidths []int // if set, the widths the encoding must use
	}
	var cases []tc
	for w := 0; w <= 64; w++ {
		cases = append(cases, tc{name: "width" + strconv.Itoa(w), vals: widthSequence(w), bits: 64,
			blockSize: 128, nmini: 4, wantWidths: []int{w, w, w, w}})
	}
	rand32 := func(n int) []int64 {
		v := make([]int64, n)
		for i := range v {
			v[i] = int64(int32(rng.Uint32()))
		}
		return v
	}
	rand64 := func(n int) []int64 {
		v := make([]int64, n)
		for i := range v {
			v[i] = int64(rng.Uint64())
		}
		return v
	}
	descending := make([]int64, 300)
	for i := range descending {
		descending[i] = 1000 - 7*int64(i)
	}
	cases = append(cases,
		tc{name: "empty", vals: nil, bits: 64, blockSize: 128, nmini: 4},
		tc{name: "single", vals: []int64{-42}, bits: 64, blockSize: 128, nmini: 4},
		tc{name: "negative deltas", vals: descending, bits: 64, blockSize: 128, nmini: 4},
		tc{name: "int32 extremes 33-bit", vals: []int64{math.MinInt32, math.MaxInt32, math.MinInt32, 0, math.MaxInt32},
			bits: 32, blockSize: 128, nmini: 4, wantWidths: []int{33}},
		tc{name: "int64 extremes", vals: []int64{math.MinInt64, math.MaxInt64, math.MinInt64, 0, math.MaxInt64, -1},
			bits: 64, blockSize: 128, nmini: 4, wantWidths: []int{64}},
		tc{name: "random int32 many blocks", vals: rand32(1000), bits: 32, blockSize: 128, nmini: 4},
		tc{name: "random int64 many blocks", vals: rand64(1000), bits: 64, blockSize: 128, nmini: 4},
		tc{name: "random int32 one miniblock per block", vals: rand32(517), bits: 32, blockSize: 256, nmini: 1},
		tc{name: "random int64 8-value miniblocks", vals: rand64(77), bits: 64, blockSize: 64, nmini: 8},
		tc{name: "partial last miniblock", vals: rand32(129 + 33), bits: 32, blockSize: 128, nmini: 4},
	)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src, widths := encodeDeltaTest(c.vals, c.blockSize, c.nmini)
			if c.wantWidths != nil && !equalInts(widths, c.wantWidths) {
				t.Fatalf("test encoder used widths %v, want %v", widths, c.wantWidths)
			}
			// Trailing bytes must be left unconsumed.
			in := append(bytes.Clone(src), 0xAA, 0xBB)
			dst := make([]int64, len(c.vals))
			n, err := decodeDeltaBinaryPacked(dst, in, c.bits)
			if err != nil {
				t.Fatal(err)
			}
			if n != len(src) {
				t.Errorf("consumed %d bytes, want %d", n, len(src))
			}
			if !equalInt64s(dst, c.vals) {
				t.Errorf("got %v, want %v", dst, c.vals)
			}
			// Every strict prefix is truncated input: an error, no panic.
			for k := 0; k < len(src); k++ {
				if _, err := decodeDeltaBinaryPacked(make([]int64, len(c.vals)), src[:k], c.bits); err == nil {
					t.Fatalf("truncated to %d of %d bytes: no error", k, len(src))
				}
			}
		})
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestDecodeDeltaBinaryPackedCorrupt(t *testing.T) {
	good, _ := encodeDeltaTest([]int64{1, 2, 3, 4, 5}, 128, 4)
	cases := []struct {
		name string
		src  []byte
		n    int
	}{
		{"count mismatch", good, 4},
		{"zero block size", []byte{0, 4, 1, 2}, 1},
		{"zero miniblocks", []byte{0x80, 0x01, 0, 1, 2}, 1},
		{"block not divisible", []byte{0x80, 0x01, 3, 1, 2}, 1},
		{"miniblock not multiple of 8", []byte{12, 3, 1, 2}, 1},
		{"huge block size", []byte{0x80, 0x80, 0x80, 0x80, 0x10, 1, 1, 2}, 1},
		{"width 65", []byte{0x80, 0x01, 4, 2, 2, 0, 65, 0, 0, 0}, 2},
		{"overlong varint", []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, 1},
		{"empty", nil, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := decodeDeltaBinaryPacked(make([]int64, c.n), c.src, 64); err == nil {
				t.Fatal("no error")
			}
		})
	}
}

// encodeWithParquetGo encodes byte arrays with parquet-go's encoder for enc.
func encodeByteArraysWithParquetGo(t *testing.T, enc format.Encoding, vals [][]byte) []byte {
	t.Helper()
	var data []byte
	offs := []uint32{0}
	for _, v := range vals {
		data = append(data, v...)
		offs = append(offs, uint32(len(data)))
	}
	out, err := pq.LookupEncoding(enc).EncodeByteArray(nil, data, offs)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestDecodeToPlainByteArrays(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	words := [][]byte{}
	for i := 0; i < 300; i++ {
		w := []byte("prefix/common/")
		for j := 0; j < rng.IntN(20); j++ {
			w = append(w, byte('a'+rng.IntN(26)))
		}
		words = append(words, w)
	}
	cases := []struct {
		name string
		vals [][]byte
	}{
		{"empty page", nil},
		{"one empty string", [][]byte{{}}},
		{"mixed", [][]byte{[]byte("apple"), []byte("applesauce"), {}, []byte("b"), []byte("banana"), []byte("band")}},
		{"many", words},
	}
	for _, enc := range []format.Encoding{format.DeltaLengthByteArray, format.DeltaByteArray} {
		for _, c := range cases {
			t.Run(enc.String()+"/"+c.name, func(t *testing.T) {
				src := encodeByteArraysWithParquetGo(t, enc, c.vals)
				got, err := decodeToPlain(src, enc, pq.ByteArray, 0, len(c.vals))
				if err != nil {
					t.Fatal(err)
				}
				want, _ := byteArraysToPlain(c.vals, false, 0)
				if !bytes.Equal(got, want) {
					t.Fatalf("got %q, want %q", got, want)
				}
				for k := 0; k < len(src); k++ {
					if _, err := decodeToPlain(src[:k], enc, pq.ByteArray, 0, len(c.vals)); err == nil && len(c.vals) > 0 {
						t.Fatalf("truncated to %d of %d bytes: no error", k, len(src))
					}
				}
			})
		}
	}
	// DELTA_BYTE_ARRAY for FIXED_LEN_BYTE_ARRAY values.
	fixed := [][]byte{[]byte("abcd"), []byte("abce"), []byte("zzzz")}
	src := encodeByteArraysWithParquetGo(t, format.DeltaByteArray, fixed)
	got, err := decodeToPlain(src, format.DeltaByteArray, pq.FixedLenByteArray, 4, 3)
	if err != nil || string(got) != "abcdabcezzzz" {
		t.Fatalf("fixed: got %q, %v", got, err)
	}
	if _, err := decodeToPlain(src, format.DeltaByteArray, pq.FixedLenByteArray, 5, 3); err == nil {
		t.Fatal("fixed length mismatch: no error")
	}
}

func TestDecodeToPlainByteStreamSplit(t *testing.T) {
	e := pq.LookupEncoding(format.ByteStreamSplit)
	f64 := []float64{0, 1.5, -2.25, math.Inf(1), math.MaxFloat64, 1e-300}
	f32 := []float32{0, 1.5, -2.25, float32(math.Inf(-1))}
	i64 := []int64{math.MinInt64, -1, 0, 1, math.MaxInt64}
	i32 := []int32{math.MinInt32, -1, 0, 7, math.MaxInt32}
	plainOf := func(n int, put func(b []byte, i int), w int) []byte {
		b := make([]byte, n*w)
		for i := 0; i < n; i++ {
			put(b[i*w:], i)
		}
		return b
	}
	mustEnc := func(b []byte, err error) []byte {
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	cases := []struct {
		name  string
		src   []byte
		kind  pq.Kind
		size  int
		n     int
		plain []byte
	}{
		{"double", mustEnc(e.EncodeDouble(nil, f64)), pq.Double, 0, len(f64),
			plainOf(len(f64), func(b []byte, i int) { binary.LittleEndian.PutUint64(b, math.Float64bits(f64[i])) }, 8)},
		{"float", mustEnc(e.EncodeFloat(nil, f32)), pq.Float, 0, len(f32),
			plainOf(len(f32), func(b []byte, i int) { binary.LittleEndian.PutUint32(b, math.Float32bits(f32[i])) }, 4)},
		{"int64", mustEnc(e.EncodeInt64(nil, i64)), pq.Int64, 0, len(i64),
			plainOf(len(i64), func(b []byte, i int) { binary.LittleEndian.PutUint64(b, uint64(i64[i])) }, 8)},
		{"int32", mustEnc(e.EncodeInt32(nil, i32)), pq.Int32, 0, len(i32),
			plainOf(len(i32), func(b []byte, i int) { binary.LittleEndian.PutUint32(b, uint32(i32[i])) }, 4)},
		{"fixed3", []byte{1, 4, 2, 5, 3, 6}, pq.FixedLenByteArray, 3, 2, []byte{1, 2, 3, 4, 5, 6}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := decodeToPlain(c.src, format.ByteStreamSplit, c.kind, c.size, c.n)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, c.plain) {
				t.Fatalf("got %v, want %v", got, c.plain)
			}
			if _, err := decodeToPlain(c.src[:len(c.src)-1], format.ByteStreamSplit, c.kind, c.size, c.n); err == nil {
				t.Fatal("truncated: no error")
			}
		})
	}
}

func TestDecodeToPlainDeltaInt32Wraps(t *testing.T) {
	vals := []int64{math.MaxInt32, math.MinInt32, math.MaxInt32, 5, -5}
	src, _ := encodeDeltaTest(vals, 128, 4)
	got, err := decodeToPlain(src, format.DeltaBinaryPacked, pq.Int32, 0, len(vals))
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range vals {
		if g := int32(binary.LittleEndian.Uint32(got[4*i:])); int64(g) != v {
			t.Errorf("value %d: got %d, want %d", i, g, v)
		}
	}
	if _, err := decodeToPlain(src, format.DeltaBinaryPacked, pq.Double, 0, len(vals)); err == nil {
		t.Error("DELTA_BINARY_PACKED for DOUBLE: no error")
	}
}

// FuzzDecodeToPlain checks that no input makes the native decoders panic
// or return a PLAIN buffer of the wrong size.
func FuzzDecodeToPlain(f *testing.F) {
	d, _ := encodeDeltaTest([]int64{1, -5, 1 << 40, math.MinInt64, 3}, 128, 4)
	f.Add(d, uint8(0), uint8(1), uint16(5))
	d32, _ := encodeDeltaTest([]int64{math.MinInt32, math.MaxInt32}, 128, 4)
	f.Add(d32, uint8(0), uint8(0), uint16(2))
	f.Add([]byte{0x80, 0x01, 4, 2, 0, 0, 2, 0, 0, 0, 0x05, 0, 0, 0, 0, 0, 0, 0, 'a', 'b', 'c'}, uint8(1), uint8(4), uint16(2))
	f.Add([]byte{1, 4, 2, 5, 3, 6, 7, 8}, uint8(3), uint8(3), uint16(2))
	encs := []format.Encoding{format.DeltaBinaryPacked, format.DeltaLengthByteArray, format.DeltaByteArray, format.ByteStreamSplit}
	kinds := []pq.Kind{pq.Int32, pq.Int64, pq.Float, pq.Double, pq.ByteArray, pq.FixedLenByteArray}
	f.Fuzz(func(t *testing.T, src []byte, encSel, kindSel uint8, n16 uint16) {
		enc := encs[int(encSel)%len(encs)]
		kind := kinds[int(kindSel)%len(kinds)]
		n := int(n16 % 2048)
		size := 3
		out, err := decodeToPlain(src, enc, kind, size, n)
		if err != nil {
			return
		}
		width := map[pq.Kind]int{pq.Int32: 4, pq.Float: 4, pq.Int64: 8, pq.Double: 8, pq.FixedLenByteArray: size}[kind]
		if width != 0 && len(out) != n*width {
			t.Fatalf("%s %s: %d bytes for %d values of %d bytes", enc, kind, len(out), n, width)
		}
	})
}
