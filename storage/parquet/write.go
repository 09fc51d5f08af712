package parquet

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"reflect"
	"strings"
	"unsafe"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
	"github.com/parquet-go/parquet-go/encoding"
)

// DefaultRowGroupSize is the number of rows per row group when
// WriterOptions.RowGroupSize is zero (DuckDB's default).
const DefaultRowGroupSize = 122880

// WriterOptions configure a Parquet writer.
type WriterOptions struct {
	// Compression is one of "snappy" (the default), "zstd", "gzip", "lz4",
	// "brotli" or "uncompressed".
	Compression string
	// RowGroupSize is the number of rows per row group.
	RowGroupSize int64
	// BloomFilters lists the columns (by name) that get a split-block bloom
	// filter in every row group.
	BloomFilters []string
}

// Writer writes chunks to a Parquet file with min/max statistics in the
// column chunk metadata, a column and offset index (page index) and,
// optionally, bloom filters. Every column is OPTIONAL.
type Writer struct {
	w       *pq.Writer
	schema  []storage.Column
	cols    []*wnode // one per top-level column
	nleaves int
	rgSize  int64
	inGroup int64
	rows    int64
	vals    []pq.Value
	bufs    [][]pq.Value // per leaf, values of nested columns
}

// wnode is one node of a column's Parquet schema tree, with what writing
// values through it needs: LIST and MAP columns become a repeated group,
// STRUCT a group, everything else a leaf.
type wnode struct {
	kind     wkind
	optional bool // adds a definition level (all but map keys)
	lw       leafWriter
	leaf     int      // leaf (column chunk) index, for leaves
	fields   []*wnode // struct fields
	elem     *wnode   // list element, or the key/value struct of a map
	rep      int      // repetition level of a list's elements
	leaves   []int    // leaf indices under this node
}

type wkind uint8

const (
	wLeaf wkind = iota
	wStruct
	wList // LIST or MAP
)

// leafWriter converts one column's vector values to Parquet values.
type leafWriter struct {
	typ   vector.Type
	kind  leafKind
	width int // FIXED_LEN_BYTE_ARRAY width for decimals
}

type leafKind uint8

const (
	lkBool leafKind = iota + 1
	lkInt32
	lkInt64
	lkFloat
	lkDouble
	lkBytes
	lkDecFixed
	lkUUID
	lkInterval
)

// codecs maps COMPRESSION option values to parquet-go codecs.
var codecs = map[string]compress.Codec{
	"snappy":       &pq.Snappy,
	"zstd":         &pq.Zstd,
	"gzip":         &pq.Gzip,
	"lz4":          &pq.Lz4Raw,
	"lz4_raw":      &pq.Lz4Raw,
	"brotli":       &pq.Brotli,
	"uncompressed": &pq.Uncompressed,
	"none":         &pq.Uncompressed,
}

// CheckCompression reports whether name is a supported compression codec.
func CheckCompression(name string) error {
	if name == "" {
		return nil
	}
	if _, ok := codecs[strings.ToLower(name)]; !ok {
		return fmt.Errorf("Invalid Input Error: unsupported Parquet compression %q (use zstd, snappy, gzip, lz4, brotli or uncompressed)", name)
	}
	return nil
}

// NewWriter returns a writer of the given schema to out. Close must be
// called to write the footer.
func NewWriter(out io.Writer, schema []storage.Column, opts WriterOptions) (*Writer, error) {
	if len(schema) == 0 {
		return nil, fmt.Errorf("Invalid Input Error: cannot write a Parquet file without columns")
	}
	codecName := strings.ToLower(opts.Compression)
	if codecName == "" {
		codecName = "snappy"
	}
	codec, ok := codecs[codecName]
	if !ok {
		return nil, CheckCompression(opts.Compression)
	}
	w := &Writer{schema: schema, rgSize: opts.RowGroupSize}
	if w.rgSize <= 0 {
		w.rgSize = DefaultRowGroupSize
	}
	fields := make([]pq.Field, len(schema))
	seen := map[string]bool{}
	for i, c := range schema {
		if c.Name == "" {
			return nil, fmt.Errorf("Invalid Input Error: column %d has an empty name", i+1)
		}
		if seen[c.Name] {
			return nil, fmt.Errorf("Invalid Input Error: duplicate column name %q", c.Name)
		}
		seen[c.Name] = true
		node, wn, err := w.build(c.Name, c.Type, true, 0)
		if err != nil {
			return nil, err
		}
		fields[i] = &namedField{Node: node, name: c.Name}
		w.cols = append(w.cols, wn)
	}
	w.bufs = make([][]pq.Value, w.nleaves)
	wopts := []pq.WriterOption{
		pq.NewSchema("duckdb_schema", &orderedGroup{fields: fields}),
		pq.Compression(codec),
		pq.CreatedBy("lhsql", "0.1", ""),
		pq.PageBufferSize(1 << 20),
		pq.DictionaryMaxBytes(1 << 20),
	}
	var blooms []pq.BloomFilterColumn
	for _, name := range opts.BloomFilters {
		if !seen[name] {
			return nil, fmt.Errorf("Invalid Input Error: bloom filter column %q is not in the output", name)
		}
		blooms = append(blooms, pq.SplitBlockFilter(10, name))
	}
	if len(blooms) > 0 {
		wopts = append(wopts, pq.BloomFilters(blooms...))
	}
	cfg, err := pq.NewWriterConfig(wopts...)
	if err != nil {
		return nil, fmt.Errorf("parquet writer: %w", err)
	}
	w.w = pq.NewWriter(out, cfg)
	return w, nil
}

// build returns the Parquet node (wrapped as OPTIONAL when optional) of a
// column or nested field of type t, and its write tree. rep is the
// repetition level of the enclosing repeated groups. Nested types follow
// the layout DuckDB writes: LIST as group (LIST) { repeated group list {
// element } }, MAP as group (MAP) { repeated group key_value { required
// key; value } }, STRUCT as a group of its fields in order.
func (w *Writer) build(name string, t vector.Type, optional bool, rep int) (pq.Node, *wnode, error) {
	wn := &wnode{optional: optional}
	var node pq.Node
	switch {
	case t.ID == vector.TypeStruct && t.Nested != nil:
		wn.kind = wStruct
		sf := t.StructFields()
		if len(sf) == 0 {
			return nil, nil, fmt.Errorf("Not implemented Error: writing column %q: a STRUCT without fields cannot be written to Parquet", name)
		}
		fields := make([]pq.Field, len(sf))
		for k, f := range sf {
			fn, fw, err := w.build(name+"."+f.Name, f.Typ, true, rep)
			if err != nil {
				return nil, nil, err
			}
			fields[k] = &namedField{Node: fn, name: f.Name}
			wn.fields = append(wn.fields, fw)
			wn.leaves = append(wn.leaves, fw.leaves...)
		}
		node = &orderedGroup{fields: fields}
	case t.ID == vector.TypeMap && t.Nested != nil:
		wn.kind, wn.rep = wList, rep+1
		kn, kw, err := w.build(name+".key", t.MapKey(), false, rep+1)
		if err != nil {
			return nil, nil, err
		}
		vn, vw, err := w.build(name+".value", t.MapValue(), true, rep+1)
		if err != nil {
			return nil, nil, err
		}
		wn.elem = &wnode{kind: wStruct, fields: []*wnode{kw, vw}, leaves: append(append([]int(nil), kw.leaves...), vw.leaves...)}
		wn.leaves = wn.elem.leaves
		node = pq.Map(kn, vn)
	case t.ID == vector.TypeList && t.Nested != nil:
		wn.kind, wn.rep = wList, rep+1
		en, ew, err := w.build(name+".element", t.Elem(), true, rep+1)
		if err != nil {
			return nil, nil, err
		}
		wn.elem = ew
		wn.leaves = ew.leaves
		node = pq.List(en)
	default:
		n, lw, err := nodeFor(storage.Column{Name: name, Type: t})
		if err != nil {
			return nil, nil, err
		}
		wn.kind, wn.lw, wn.leaf = wLeaf, lw, w.nleaves
		wn.leaves = []int{w.nleaves}
		w.nleaves++
		node = n
	}
	if optional {
		node = pq.Optional(node)
	}
	return node, wn, nil
}

// nodeFor maps a column type to a Parquet leaf node the way DuckDB writes
// it.
func nodeFor(c storage.Column) (pq.Node, leafWriter, error) {
	t := c.Type
	lw := leafWriter{typ: t}
	var n pq.Node
	dict := func(n pq.Node) pq.Node { return pq.Encoded(n, &pq.RLEDictionary) }
	switch t.ID {
	case vector.TypeBoolean:
		n, lw.kind = pq.Leaf(pq.BooleanType), lkBool
	case vector.TypeTinyInt:
		n, lw.kind = pq.Int(8), lkInt32
	case vector.TypeSmallInt:
		n, lw.kind = pq.Int(16), lkInt32
	case vector.TypeInteger:
		n, lw.kind = pq.Int(32), lkInt32
	case vector.TypeBigInt, vector.TypeHugeInt, vector.TypeNull:
		n, lw.kind = pq.Int(64), lkInt64
	case vector.TypeUTinyInt:
		n, lw.kind = pq.Uint(8), lkInt32
	case vector.TypeUSmallInt:
		n, lw.kind = pq.Uint(16), lkInt32
	case vector.TypeUInteger:
		n, lw.kind = pq.Uint(32), lkInt32
	case vector.TypeUBigInt:
		n, lw.kind = pq.Uint(64), lkInt64
	case vector.TypeFloat:
		n, lw.kind = pq.Leaf(pq.FloatType), lkFloat
	case vector.TypeDouble:
		n, lw.kind = pq.Leaf(pq.DoubleType), lkDouble
	case vector.TypeDecimal:
		p, s := int(t.Width), int(t.Scale)
		switch {
		case p <= 9:
			n, lw.kind = pq.Decimal(s, p, pq.Int32Type), lkInt32
		case p <= 18:
			n, lw.kind = pq.Decimal(s, p, pq.Int64Type), lkInt64
		default:
			n, lw.kind, lw.width = pq.Decimal(s, p, pq.FixedLenByteArrayType(16)), lkDecFixed, 16
		}
	case vector.TypeVarchar:
		n, lw.kind = dict(pq.String()), lkBytes
	case vector.TypeBlob:
		n, lw.kind = pq.Leaf(pq.ByteArrayType), lkBytes
	case vector.TypeDate:
		n, lw.kind = pq.Date(), lkInt32
	case vector.TypeTime:
		n, lw.kind = pq.TimeAdjusted(pq.Microsecond, false), lkInt64
	case vector.TypeTimestamp:
		n, lw.kind = pq.TimestampAdjusted(pq.Microsecond, false), lkInt64
	case vector.TypeTimestampTZ:
		n, lw.kind = pq.TimestampAdjusted(pq.Microsecond, true), lkInt64
	case vector.TypeUUID:
		n, lw.kind = pq.UUID(), lkUUID
	case vector.TypeInterval:
		n, lw.kind = pq.IntervalNode(), lkInterval
	default:
		return nil, lw, fmt.Errorf("Not implemented Error: writing column %q of type %s to Parquet is not supported yet", c.Name, t)
	}
	return n, lw, nil
}

// Write appends the rows of ch (honouring ch.Sel) to the file, starting a
// new row group every RowGroupSize rows.
func (w *Writer) Write(ch *vector.Chunk) error {
	if len(ch.Cols) != len(w.cols) {
		return fmt.Errorf("parquet writer: chunk has %d columns, schema has %d", len(ch.Cols), len(w.cols))
	}
	n := ch.Len
	if ch.Sel != nil {
		n = len(ch.Sel)
	}
	for done := 0; done < n; {
		k := int(min(int64(n-done), w.rgSize-w.inGroup))
		if err := w.writeRows(ch, done, k); err != nil {
			return err
		}
		done += k
		w.inGroup += int64(k)
		w.rows += int64(k)
		if w.inGroup >= w.rgSize {
			if err := w.w.Flush(); err != nil {
				return fmt.Errorf("parquet writer: %w", err)
			}
			w.inGroup = 0
		}
	}
	return nil
}

// writeRows writes rows [lo, lo+k) of the (selected) chunk.
func (w *Writer) writeRows(ch *vector.Chunk, lo, k int) error {
	cws := w.w.ColumnWriters()
	for j, wn := range w.cols {
		v := ch.Cols[j]
		if wn.kind != wLeaf {
			if err := w.writeNested(cws, wn, v, ch.Sel, lo, k); err != nil {
				return fmt.Errorf("parquet writer: column %q: %w", w.schema[j].Name, err)
			}
			continue
		}
		vals := w.vals[:0]
		for r := lo; r < lo+k; r++ {
			i := r
			if ch.Sel != nil {
				i = int(ch.Sel[r])
			}
			if v.Const {
				i = 0
			}
			if !v.Valid.IsValid(i) {
				vals = append(vals, pq.NullValue().Level(0, 0, wn.leaf))
				continue
			}
			pv, err := wn.lw.value(v, i)
			if err != nil {
				return fmt.Errorf("parquet writer: column %q: %w", w.schema[j].Name, err)
			}
			vals = append(vals, pv.Level(0, 1, wn.leaf))
		}
		if _, err := cws[wn.leaf].WriteRowValues(vals); err != nil {
			return fmt.Errorf("parquet writer: column %q: %w", w.schema[j].Name, err)
		}
		clear(vals) // drop references to string data
		w.vals = vals
	}
	return nil
}

// writeNested shreds rows [lo, lo+k) of a nested column into its leaves'
// values with repetition and definition levels, then writes each leaf.
func (w *Writer) writeNested(cws []*pq.ColumnWriter, wn *wnode, v *vector.Vector, sel []uint32, lo, k int) error {
	for r := lo; r < lo+k; r++ {
		i := r
		if sel != nil {
			i = int(sel[r])
		}
		if err := w.put(wn, v, i, 0, 0); err != nil {
			return err
		}
	}
	for _, l := range wn.leaves {
		if _, err := cws[l].WriteRowValues(w.bufs[l]); err != nil {
			return err
		}
		clear(w.bufs[l])
		w.bufs[l] = w.bufs[l][:0]
	}
	return nil
}

// put appends the value at row i of v, under node wn, to the leaf buffers.
// r is the repetition level of the first value written and d the
// definition level reached by the enclosing nodes.
func (w *Writer) put(wn *wnode, v *vector.Vector, i, r, d int) error {
	if v.Const {
		i = 0
	}
	if wn.optional {
		if !v.Valid.IsValid(i) {
			w.nulls(wn, r, d)
			return nil
		}
		d++
	}
	switch wn.kind {
	case wLeaf:
		pv, err := wn.lw.value(v, i)
		if err != nil {
			return err
		}
		w.bufs[wn.leaf] = append(w.bufs[wn.leaf], pv.Level(r, d, wn.leaf))
	case wStruct:
		for k, f := range wn.fields {
			if err := w.put(f, v.Fields[k], i, r, d); err != nil {
				return err
			}
		}
	case wList:
		e := v.List[i]
		if e.Len == 0 {
			w.nulls(wn.elem, r, d) // an empty list: defined, no elements
			return nil
		}
		for j := range int(e.Len) {
			rr := r
			if j > 0 {
				rr = wn.rep
			}
			if err := w.put(wn.elem, v.Child, int(e.Off)+j, rr, d+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// nulls appends, to every leaf under wn, a NULL whose definition level d
// says how deep the value is defined.
func (w *Writer) nulls(wn *wnode, r, d int) {
	for _, l := range wn.leaves {
		w.bufs[l] = append(w.bufs[l], pq.NullValue().Level(r, d, l))
	}
}

// value converts row i of v (valid) to a Parquet value.
func (lw *leafWriter) value(v *vector.Vector, i int) (pq.Value, error) {
	switch lw.kind {
	case lkBool:
		return pq.BooleanValue(v.Bool[i]), nil
	case lkInt32:
		return pq.Int32Value(int32(v.I64[i])), nil
	case lkInt64:
		return pq.Int64Value(v.I64[i]), nil
	case lkFloat:
		return pq.FloatValue(float32(v.F64[i])), nil
	case lkDouble:
		return pq.DoubleValue(v.F64[i]), nil
	case lkBytes:
		s := v.Str[i]
		return pq.ByteArrayValue(unsafe.Slice(unsafe.StringData(s), len(s))), nil
	case lkDecFixed:
		var b [16]byte
		x := v.I64[i]
		fill := byte(0)
		if x < 0 {
			fill = 0xff
		}
		for k := 0; k < 8; k++ {
			b[k] = fill
		}
		binary.BigEndian.PutUint64(b[8:], uint64(x))
		return pq.FixedLenByteArrayValue(b[:]), nil
	case lkUUID:
		b, err := parseUUID(v.Str[i])
		if err != nil {
			return pq.Value{}, err
		}
		return pq.FixedLenByteArrayValue(b[:]), nil
	case lkInterval:
		iv := v.Iv[i]
		var b [12]byte
		binary.LittleEndian.PutUint32(b[0:], uint32(iv.Months))
		binary.LittleEndian.PutUint32(b[4:], uint32(iv.Days))
		binary.LittleEndian.PutUint32(b[8:], uint32(iv.Micros/1000))
		return pq.FixedLenByteArrayValue(b[:]), nil
	}
	return pq.Value{}, fmt.Errorf("unsupported type %s", lw.typ)
}

// parseUUID parses the canonical 8-4-4-4-12 text form (dashes optional).
func parseUUID(s string) ([16]byte, error) {
	var out [16]byte
	h := strings.ReplaceAll(strings.Trim(s, "{}"), "-", "")
	if len(h) != 32 {
		return out, fmt.Errorf("invalid UUID %q", s)
	}
	if _, err := hex.Decode(out[:], []byte(h)); err != nil {
		return out, fmt.Errorf("invalid UUID %q", s)
	}
	return out, nil
}

// Rows returns the number of rows written so far.
func (w *Writer) Rows() int64 { return w.rows }

// Close flushes the last row group and writes the footer. It does not
// close the underlying writer.
func (w *Writer) Close() error {
	if err := w.w.Close(); err != nil {
		return fmt.Errorf("parquet writer: %w", err)
	}
	return nil
}

// orderedGroup is a Parquet group node that keeps its fields in the given
// order (parquet.Group sorts them by name).
type orderedGroup struct {
	fields []pq.Field
}

func (g *orderedGroup) ID() int                     { return 0 }
func (g *orderedGroup) String() string              { return "group" }
func (g *orderedGroup) Type() pq.Type               { return pq.Group{}.Type() }
func (g *orderedGroup) Optional() bool              { return false }
func (g *orderedGroup) Repeated() bool              { return false }
func (g *orderedGroup) Required() bool              { return true }
func (g *orderedGroup) Leaf() bool                  { return false }
func (g *orderedGroup) Fields() []pq.Field          { return g.fields }
func (g *orderedGroup) Encoding() encoding.Encoding { return nil }
func (g *orderedGroup) Compression() compress.Codec { return nil }
func (g *orderedGroup) GoType() reflect.Type        { return reflect.TypeOf(map[string]any{}) }

// namedField names a node inside an orderedGroup.
type namedField struct {
	pq.Node
	name string
}

func (f *namedField) Name() string { return f.name }

func (f *namedField) Value(base reflect.Value) reflect.Value {
	if base.Kind() == reflect.Map {
		return base.MapIndex(reflect.ValueOf(f.name))
	}
	return reflect.Value{}
}
