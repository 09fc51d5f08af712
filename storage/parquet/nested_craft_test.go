package parquet

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"
)

// This file builds Parquet files page by page, to test what writers at
// hand do not produce: V1 pages that split a row, the deprecated
// BIT_PACKED level encoding, V1 and V2 pages and dictionary-encoded pages
// in one column chunk, and corrupt levels.

// ent is one leaf entry: repetition level, definition level and, at the
// leaf's maximum definition level, the value.
type ent struct {
	r, d byte
	x    int64
}

// pageMode says how a crafted data page is encoded.
type pageMode uint8

const (
	pmRLE       pageMode = iota // V1, RLE/bit-packed hybrid levels, PLAIN values
	pmBitPacked                 // V1, deprecated BIT_PACKED levels
	pmV2                        // V2 page
	pmDict                      // V1, RLE_DICTIONARY values
	pmV2Dict                    // V2, RLE_DICTIONARY values
)

// craftLeaf is one INT64 leaf column chunk: its entries, split into pages
// starting at the entry indexes in cuts, page k encoded as modes[k].
type craftLeaf struct {
	maxRep, maxDef byte
	ents           []ent
	cuts           []int
	modes          []pageMode
	snappy         bool
	// badDict makes dictionary indices point past the dictionary.
	badDict bool
}

// hybrid encodes levels or indices of bit width w in the RLE/bit-packed
// hybrid encoding: RLE runs for 8 or more equal values, else bit-packed
// groups of 8.
func hybrid(vals []uint32, w int) []byte {
	for _, v := range vals {
		if bits.Len32(v) > w {
			panic("test encoder: value does not fit the bit width")
		}
	}
	var out []byte
	for i := 0; i < len(vals); {
		j := i
		for j < len(vals) && vals[j] == vals[i] {
			j++
		}
		if j-i >= 8 {
			out = binary.AppendUvarint(out, uint64(j-i)<<1)
			for b := 0; b < (w+7)/8; b++ {
				out = append(out, byte(vals[i]>>(8*b)))
			}
			i = j
			continue
		}
		out = binary.AppendUvarint(out, 1<<1|1)
		var acc uint64
		nb := 0
		for k := 0; k < 8; k++ {
			var v uint32
			if i+k < len(vals) {
				v = vals[i+k]
			}
			acc |= uint64(v) << nb
			nb += w
		}
		for b := 0; b < w; b++ { // 8 values of w bits are w bytes
			out = append(out, byte(acc>>(8*b)))
		}
		i += 8
	}
	return out
}

// bitPackedMSB encodes levels in the deprecated BIT_PACKED encoding.
func bitPackedMSB(vals []byte, w int) []byte {
	out := make([]byte, (len(vals)*w+7)/8)
	bit := 0
	for _, v := range vals {
		for j := w - 1; j >= 0; j-- {
			if v>>uint(j)&1 != 0 {
				out[bit>>3] |= 0x80 >> uint(bit&7)
			}
			bit++
		}
	}
	return out
}

func u32s(b []byte) []uint32 {
	out := make([]uint32, len(b))
	for i, x := range b {
		out[i] = uint32(x)
	}
	return out
}

// chunk returns the bytes of the leaf's column chunk, starting at file
// offset base, and its metadata.
func (l *craftLeaf) chunk(t *testing.T, base int64, path []string) ([]byte, format.ColumnMetaData) {
	t.Helper()
	md := format.ColumnMetaData{Type: format.Int64, PathInSchema: path, NumValues: int64(len(l.ents)),
		Encoding: []format.Encoding{format.Plain, format.RLE, format.BitPacked, format.RLEDictionary}}
	if l.snappy {
		md.Codec = format.Snappy
	}
	var out []byte
	compress := func(b []byte) []byte {
		if !l.snappy {
			return b
		}
		c, err := pq.Snappy.Encode(nil, b)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	header := func(h format.PageHeader) {
		b, err := thrift.Marshal(new(thrift.CompactProtocol), &h)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b...)
	}
	// The dictionary: every distinct value, in order of appearance.
	var dict []int64
	index := map[int64]uint32{}
	for _, e := range l.ents {
		if _, ok := index[e.x]; !ok && e.d == l.maxDef {
			index[e.x] = uint32(len(dict))
			dict = append(dict, e.x)
		}
	}
	usesDict := false
	for _, m := range l.modes {
		usesDict = usesDict || m == pmDict || m == pmV2Dict
	}
	if usesDict {
		md.DictionaryPageOffset = base
		var body []byte
		for _, x := range dict {
			body = binary.LittleEndian.AppendUint64(body, uint64(x))
		}
		c := compress(body)
		header(format.PageHeader{Type: format.DictionaryPage, UncompressedPageSize: int32(len(body)), CompressedPageSize: int32(len(c)),
			DictionaryPageHeader: thrift.New(format.DictionaryPageHeader{NumValues: int32(len(dict)), Encoding: format.Plain})})
		out = append(out, c...)
	}
	md.DataPageOffset = base + int64(len(out))
	wr, wd := bits.Len8(l.maxRep), bits.Len8(l.maxDef)
	for k, lo := range l.cuts {
		hi := len(l.ents)
		if k+1 < len(l.cuts) {
			hi = l.cuts[k+1]
		}
		es := l.ents[lo:hi]
		rep, def := make([]byte, len(es)), make([]byte, len(es))
		var vals []byte
		var idx []uint32
		rows, nulls := 0, 0
		for i, e := range es {
			rep[i], def[i] = e.r, e.d
			if e.r == 0 {
				rows++
			}
			if e.d < l.maxDef {
				nulls++
				continue
			}
			vals = binary.LittleEndian.AppendUint64(vals, uint64(e.x))
			ix := index[e.x]
			if l.badDict {
				ix += uint32(len(dict))
			}
			idx = append(idx, ix)
		}
		mode := l.modes[k]
		enc := format.Plain
		if mode == pmDict || mode == pmV2Dict {
			enc = format.RLEDictionary
			w := max(bits.Len(uint(len(dict))), 1)
			if l.badDict {
				w++
			}
			vals = append([]byte{byte(w)}, hybrid(idx, w)...)
		}
		if mode == pmV2 || mode == pmV2Dict {
			rl, dl := hybrid(u32s(rep), wr), hybrid(u32s(def), wd)
			if l.maxRep == 0 {
				rl = nil
			}
			c := compress(vals)
			header(format.PageHeader{Type: format.DataPageV2, UncompressedPageSize: int32(len(rl) + len(dl) + len(vals)),
				CompressedPageSize: int32(len(rl) + len(dl) + len(c)),
				DataPageHeaderV2: thrift.New(format.DataPageHeaderV2{NumValues: int32(len(es)), NumNulls: int32(nulls), NumRows: int32(rows),
					Encoding: enc, DefinitionLevelsByteLength: int32(len(dl)), RepetitionLevelsByteLength: int32(len(rl))})})
			out = append(append(append(out, rl...), dl...), c...)
			continue
		}
		lvlEnc := format.RLE
		var body []byte
		for _, lv := range []struct {
			levels []byte
			w      int
		}{{rep, wr}, {def, wd}} {
			if lv.w == 0 {
				continue
			}
			if mode == pmBitPacked {
				lvlEnc = format.BitPacked
				body = append(body, bitPackedMSB(lv.levels, lv.w)...)
				continue
			}
			h := hybrid(u32s(lv.levels), lv.w)
			body = binary.LittleEndian.AppendUint32(body, uint32(len(h)))
			body = append(body, h...)
		}
		body = append(body, vals...)
		c := compress(body)
		header(format.PageHeader{Type: format.DataPage, UncompressedPageSize: int32(len(body)), CompressedPageSize: int32(len(c)),
			DataPageHeader: thrift.New(format.DataPageHeader{NumValues: int32(len(es)), Encoding: enc,
				DefinitionLevelEncoding: lvlEnc, RepetitionLevelEncoding: lvlEnc})})
		out = append(out, c...)
	}
	md.TotalCompressedSize = int64(len(out))
	md.TotalUncompressedSize = int64(len(out))
	return out, md
}

// craftFile writes a file of one row group with the given schema (without
// the root) and leaf chunks.
func craftFile(t *testing.T, schema []format.SchemaElement, nrows int64, leaves []craftLeaf) string {
	t.Helper()
	buf := []byte("PAR1")
	var cols []format.ColumnChunk
	var paths [][]string
	// Leaf paths: the names from the root down to each leaf.
	var walk func(pos int, prefix []string) int
	walk = func(pos int, prefix []string) int {
		se := schema[pos]
		p := append(append([]string(nil), prefix...), se.Name)
		if se.NumChildren.V == 0 {
			paths = append(paths, p)
			return pos + 1
		}
		next := pos + 1
		for i := 0; i < int(se.NumChildren.V); i++ {
			next = walk(next, p)
		}
		return next
	}
	top := int32(0) // top-level fields
	for pos := 0; pos < len(schema); top++ {
		pos = walk(pos, nil)
	}
	if len(paths) != len(leaves) {
		t.Fatalf("schema has %d leaves, %d given", len(paths), len(leaves))
	}
	for k := range leaves {
		data, md := leaves[k].chunk(t, int64(len(buf)), paths[k])
		cols = append(cols, format.ColumnChunk{FileOffset: int64(len(buf)), MetaData: md})
		buf = append(buf, data...)
	}
	root := format.SchemaElement{Name: "schema", NumChildren: thrift.New(top)}
	meta := format.FileMetaData{Version: 1, Schema: append([]format.SchemaElement{root}, schema...), NumRows: nrows,
		RowGroups: []format.RowGroup{{Columns: cols, NumRows: nrows, TotalByteSize: int64(len(buf))}}}
	b, err := thrift.Marshal(new(thrift.CompactProtocol), &meta)
	if err != nil {
		t.Fatal(err)
	}
	buf = append(buf, b...)
	buf = binary.LittleEndian.AppendUint32(buf, uint32(len(b)))
	buf = append(buf, "PAR1"...)
	path := filepath.Join(t.TempDir(), "crafted.parquet")
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func optInt64(name string) format.SchemaElement {
	return format.SchemaElement{Name: name, Type: thrift.New(format.Int64), RepetitionType: thrift.New(format.Optional)}
}

func listGroup(name string) []format.SchemaElement {
	return []format.SchemaElement{
		{Name: name, RepetitionType: thrift.New(format.Optional), NumChildren: thrift.New(int32(1)), ConvertedType: thrift.New(deprecated.List)},
		{Name: "list", RepetitionType: thrift.New(format.Repeated), NumChildren: thrift.New(int32(1))},
	}
}

// TestNestedCraftedPages reads leaves whose V1 pages split rows, mixing
// RLE and BIT_PACKED levels, V1 and V2 pages and PLAIN and dictionary
// pages in one chunk, with NULLs at every level.
func TestNestedCraftedPages(t *testing.T) {
	// a: STRUCT(x BIGINT, y BIGINT)[]; levels: a 1, list 2, element 3,
	// x and y 4.
	structSchema := append(listGroup("a"),
		format.SchemaElement{Name: "element", RepetitionType: thrift.New(format.Optional), NumChildren: thrift.New(int32(2))},
		optInt64("x"), optInt64("y"))
	xs := []ent{{0, 4, 1}, {1, 3, 0}, {0, 0, 0}, {0, 1, 0}, {0, 2, 0}, {1, 4, 5}, {0, 4, 6}, {1, 4, 8}, {1, 4, 10}, {0, 3, 0}}
	ys := []ent{{0, 4, 2}, {1, 4, 3}, {0, 0, 0}, {0, 1, 0}, {0, 2, 0}, {1, 3, 0}, {0, 4, 7}, {1, 4, 9}, {1, 4, 11}, {0, 3, 0}}
	structWant := []string{
		"[{'x': 1, 'y': 2}, {'x': NULL, 'y': 3}]", "NULL", "[]", "[NULL, {'x': 5, 'y': NULL}]",
		"[{'x': 6, 'y': 7}, {'x': 8, 'y': 9}, {'x': 10, 'y': 11}]", "[{'x': NULL, 'y': NULL}]",
	}
	// b: BIGINT[][]; levels: b 1, list 2, element 3, inner list 4,
	// inner element 5.
	listSchema := append(append(listGroup("b"),
		format.SchemaElement{Name: "element", RepetitionType: thrift.New(format.Optional), NumChildren: thrift.New(int32(1)), ConvertedType: thrift.New(deprecated.List)},
		format.SchemaElement{Name: "list", RepetitionType: thrift.New(format.Repeated), NumChildren: thrift.New(int32(1))}),
		optInt64("element"))
	bs := []ent{{0, 5, 1}, {2, 5, 2}, {1, 3, 0}, {1, 2, 0}, {1, 5, 3}, {0, 0, 0}, {0, 1, 0}, {0, 4, 0}, {0, 5, 4}, {1, 5, 5}, {2, 5, 6}, {2, 5, 7}}
	listWant := []string{"[[1, 2], [], NULL, [3]]", "NULL", "[]", "[[NULL]]", "[[4], [5, 6, 7]]"}
	// c: a long list split over many pages, with runs long enough for
	// RLE runs in the levels (row r > 0 starts at entry 1+r(r-1)/2).
	var cs []ent
	var cWant []string
	for row := 0; row < 40; row++ {
		var sb strings.Builder
		sb.WriteByte('[')
		for i := 0; i < row; i++ {
			r := byte(1)
			if i == 0 {
				r = 0
			} else {
				sb.WriteString(", ")
			}
			if i%7 == 3 {
				cs = append(cs, ent{r, 2, 0})
				sb.WriteString("NULL")
				continue
			}
			cs = append(cs, ent{r, 3, int64(i % 5)})
			sb.WriteByte(byte('0' + i%5))
		}
		if row == 0 {
			cs = append(cs, ent{0, 1, 0})
		}
		sb.WriteByte(']')
		cWant = append(cWant, sb.String())
	}
	longSchema := append(listGroup("c"), optInt64("element"))

	tests := []struct {
		name   string
		schema []format.SchemaElement
		leaves []craftLeaf
		want   []string
	}{
		{"list_struct", structSchema, []craftLeaf{
			{maxRep: 1, maxDef: 4, ents: xs, cuts: []int{0, 1, 5, 8}, modes: []pageMode{pmRLE, pmBitPacked, pmDict, pmRLE}},
			{maxRep: 1, maxDef: 4, ents: ys, cuts: []int{0, 6}, modes: []pageMode{pmV2, pmV2Dict}, snappy: true},
		}, structWant},
		{"list_list", listSchema, []craftLeaf{
			{maxRep: 2, maxDef: 5, ents: bs, cuts: []int{0, 2, 7, 10}, modes: []pageMode{pmRLE, pmBitPacked, pmDict, pmRLE}, snappy: true},
		}, listWant},
		{"list_list_v2", listSchema, []craftLeaf{
			{maxRep: 2, maxDef: 5, ents: bs, cuts: []int{0, 5, 7, 8}, modes: []pageMode{pmV2Dict, pmV2, pmV2Dict, pmV2}},
		}, listWant},
		{"long_list", longSchema, []craftLeaf{
			{maxRep: 1, maxDef: 3, ents: cs, cuts: []int{0, 100, 101, 326, 600}, modes: []pageMode{pmDict, pmRLE, pmBitPacked, pmV2Dict, pmDict}},
		}, cWant},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := craftFile(t, tc.schema, int64(len(tc.want)), tc.leaves)
			// parquet-go reads BIT_PACKED levels with a length prefix the
			// format does not have, and takes V2 pages to start at a row:
			// it reads a copy with RLE levels, and only V1 pages may split
			// rows.
			var rle []craftLeaf
			for _, l := range tc.leaves {
				l.modes = slices.Clone(l.modes)
				for k, m := range l.modes {
					if m == pmBitPacked {
						l.modes[k] = pmRLE
					}
				}
				rle = append(rle, l)
			}
			rlePath := craftFile(t, tc.schema, int64(len(tc.want)), rle)
			for _, fallback := range []bool{false, true} {
				if fallback {
					if tc.name == "list_list_v2" {
						continue
					}
					path = rlePath
				}
				got := readColumn(t, path, fallback)
				if len(got) != len(tc.want) {
					t.Fatalf("fallback %v: %d rows, want %d", fallback, len(got), len(tc.want))
				}
				for i, w := range tc.want {
					if got[i] != w {
						t.Errorf("fallback %v: row %d: got %s, want %s", fallback, i, got[i], w)
					}
				}
			}
		})
	}
}

// readColumn scans column 0 of path and renders its values.
func readColumn(t *testing.T, path string, fallback bool) []string {
	t.Helper()
	defer func(old bool) { forceFallback = old }(forceFallback)
	forceFallback = fallback
	tbl, err := Open([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Close()
	chunks, _ := scanAll(t, tbl, storage.ScanSpec{Columns: []int{0}})
	var out []string
	for _, r := range rows(chunks) {
		out = append(out, r[0].String())
	}
	return out
}

// TestNestedCraftedCorrupt checks that corrupt leaf chunks get an error
// naming the problem (and no panic) from the native decoder.
func TestNestedCraftedCorrupt(t *testing.T) {
	listSchema := append(listGroup("c"), optInt64("element"))
	reqSchema := append(listGroup("c"), format.SchemaElement{Name: "element", Type: thrift.New(format.Int64), RepetitionType: thrift.New(format.Required)})
	nestedSchema := append(append(listGroup("b"),
		format.SchemaElement{Name: "element", RepetitionType: thrift.New(format.Optional), NumChildren: thrift.New(int32(1)), ConvertedType: thrift.New(deprecated.List)},
		format.SchemaElement{Name: "list", RepetitionType: thrift.New(format.Repeated), NumChildren: thrift.New(int32(1))}),
		optInt64("element"))
	good := []ent{{0, 3, 1}, {1, 3, 2}, {0, 1, 0}, {0, 2, 0}}
	tests := []struct {
		name    string
		schema  []format.SchemaElement
		nrows   int64
		leaf    craftLeaf
		wantErr string
	}{
		{"definition level too high", reqSchema, 2, craftLeaf{maxRep: 1, maxDef: 2, ents: []ent{{0, 2, 1}, {1, 2, 2}, {0, 3, 0}},
			cuts: []int{0}, modes: []pageMode{pmRLE}}, "definition level 3 exceeds the maximum 2"},
		{"repetition level too high", nestedSchema, 2, craftLeaf{maxRep: 2, maxDef: 5, ents: []ent{{0, 5, 1}, {3, 5, 2}, {0, 1, 0}},
			cuts: []int{0}, modes: []pageMode{pmV2}}, "repetition level 3 exceeds the maximum 2"},
		{"dictionary index out of range", listSchema, 3, craftLeaf{maxRep: 1, maxDef: 3, ents: good, cuts: []int{0}, modes: []pageMode{pmDict}, badDict: true},
			"dictionary index"},
		{"fewer rows than the row group", listSchema, 4, craftLeaf{maxRep: 1, maxDef: 3, ents: good, cuts: []int{0, 2}, modes: []pageMode{pmRLE, pmV2}},
			"holds 3 rows, row group has 4"},
		{"first entry continues a row", listSchema, 3, craftLeaf{maxRep: 1, maxDef: 3, ents: []ent{{1, 3, 1}, {0, 3, 2}, {0, 1, 0}, {0, 2, 0}},
			cuts: []int{0}, modes: []pageMode{pmRLE}}, "first value has repetition level 1"},
		{"continued empty list", listSchema, 3, craftLeaf{maxRep: 1, maxDef: 3, ents: []ent{{0, 3, 1}, {0, 1, 0}, {1, 1, 0}, {0, 2, 0}},
			cuts: []int{0}, modes: []pageMode{pmRLE}}, "inconsistent"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := craftFile(t, tc.schema, tc.nrows, []craftLeaf{tc.leaf})
			tbl, err := Open([]string{path})
			if err != nil {
				t.Fatal(err)
			}
			defer tbl.Close()
			sc, err := tbl.Scan(t.Context(), storage.ScanSpec{Columns: []int{0}})
			if err != nil {
				t.Fatal(err)
			}
			err = sc.ReadMorsel(t.Context(), 0, func(*vector.Chunk) error { return nil })
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("error %v, want %q", err, tc.wantErr)
			}
			if strings.Contains(err.Error(), "corrupt Parquet file") {
				t.Errorf("decoder panicked: %v", err)
			}
		})
	}
}

// TestHybridEncoder checks the test encoder against the native decoder.
func TestHybridEncoder(t *testing.T) {
	for _, w := range []int{1, 2, 3, 5, 8} {
		var vals []byte
		for i := 0; i < 100; i++ {
			v := byte(i*7) % byte(1<<w-1)
			if i >= 30 && i < 50 {
				v = 1
			}
			vals = append(vals, v)
		}
		got := make([]byte, len(vals))
		var scratch []int32
		if err := decodeLevels(got, hybrid(u32s(vals), w), w, &scratch); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, vals) {
			t.Errorf("width %d: got %v, want %v", w, got, vals)
		}
		if _, err := decodeBitPackedLevels(got, bitPackedMSB(vals, w), w); err != nil || !bytes.Equal(got, vals) {
			t.Errorf("width %d BIT_PACKED: got %v, want %v (%v)", w, got, vals, err)
		}
	}
}
