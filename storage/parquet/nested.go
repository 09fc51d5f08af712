package parquet

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync/atomic"

	"github.com/lhsql/lhsql/vector"
	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/format"
)

// nestKind is the shape of one node of a nested column.
type nestKind uint8

const (
	nkLeaf   nestKind = iota + 1 // a primitive value
	nkStruct                     // a group of named fields
	nkList                       // a repeated element (LIST and MAP)
)

// maxNestDepth bounds the nesting of a schema.
const maxNestDepth = 100

// nestNode is one node of the schema tree of a nested column, with the
// definition and repetition levels record assembly needs.
type nestNode struct {
	kind nestKind
	typ  vector.Type
	// def is the definition level at which the node is not NULL.
	def byte
	// elemDef (lists) is the definition level at which the list has at
	// least one element; rep (lists) is the repetition level of its
	// repeated field. For leaves rep is the leaf's maximum repetition level.
	elemDef, rep byte
	// leafLo and leafHi delimit the leaves under the node (indexes into
	// the column's leaves, in schema order).
	leafLo, leafHi int
	children       []*nestNode // struct fields, or the list element
	info           colInfo     // leaves: how to convert values
}

// nestBuilder builds the node tree of one nested column.
type nestBuilder struct {
	schema      []format.SchemaElement
	leaves      []*nestNode
	unsupported string
}

// nestedColumn maps the nested top-level field at schema[pos] to a
// column. It returns the column, the position after the field's subtree
// and the number of leaves in it.
func nestedColumn(schema []format.SchemaElement, pos int) (colInfo, int, int, error) {
	next, nleaves, err := skipGroup(schema, pos, 0)
	if err != nil {
		return colInfo{}, 0, 0, err
	}
	se := &schema[pos]
	b := &nestBuilder{schema: schema}
	root, end, err := b.field(pos, 0, 0, 0)
	c := colInfo{name: se.Name, leaf: -1}
	switch {
	case err != nil:
		label, typ := nestedLabel(se)
		c.typ = typ
		c.unsupported = fmt.Sprintf("column %q has nested type %s, which is not supported: %v", se.Name, label, err)
	case end != next || len(b.leaves) != nleaves:
		c.typ = root.typ
		c.unsupported = fmt.Sprintf("column %q has a malformed nested schema", se.Name)
	default:
		c.typ, c.nest, c.unsupported = root.typ, root, b.unsupported
	}
	return c, next, nleaves, nil
}

// field builds the node for the field at pos whose parent has levels def
// and rep, applying the field's own repetition.
func (b *nestBuilder) field(pos int, def, rep byte, depth int) (*nestNode, int, error) {
	if depth > maxNestDepth || def >= 250 || rep >= 250 {
		return nil, 0, errors.New("nesting too deep")
	}
	if pos >= len(b.schema) {
		return nil, 0, fmt.Errorf("schema truncated at element %d", pos)
	}
	se := &b.schema[pos]
	if se.RepetitionType.Valid && se.RepetitionType.V == format.Repeated {
		// A bare repeated field is a list of required elements.
		lo := len(b.leaves)
		elem, next, err := b.inner(pos, def+1, rep+1, depth+1)
		if err != nil {
			return nil, 0, err
		}
		return &nestNode{kind: nkList, typ: vector.ListOf(elem.typ), def: def, elemDef: def + 1, rep: rep + 1,
			leafLo: lo, leafHi: len(b.leaves), children: []*nestNode{elem}}, next, nil
	}
	if se.RepetitionType.Valid && se.RepetitionType.V == format.Optional {
		def++
	}
	return b.inner(pos, def, rep, depth)
}

// inner builds the node for the element at pos whose own levels are def
// and rep (its repetition already applied).
func (b *nestBuilder) inner(pos int, def, rep byte, depth int) (*nestNode, int, error) {
	se := &b.schema[pos]
	lo := len(b.leaves)
	if se.NumChildren.V <= 0 {
		if !se.Type.Valid {
			return nil, 0, fmt.Errorf("group %q has no fields", se.Name)
		}
		info := leafInfo(se)
		if info.unsupported != "" && b.unsupported == "" {
			b.unsupported = info.unsupported
		}
		n := &nestNode{kind: nkLeaf, typ: info.typ, def: def, rep: rep, leafLo: lo, leafHi: lo + 1, info: info}
		b.leaves = append(b.leaves, n)
		return n, pos + 1, nil
	}
	isList, isMap := false, false
	switch se.LogicalType.Value.(type) {
	case *format.ListType:
		isList = true
	case *format.MapType:
		isMap = true
	}
	if se.ConvertedType.Valid {
		switch se.ConvertedType.V {
		case deprecated.List:
			isList = true
		case deprecated.Map, deprecated.MapKeyValue:
			isMap = true
		}
	}
	var r *format.SchemaElement
	if pos+1 < len(b.schema) {
		r = &b.schema[pos+1]
	}
	repeatedChild := se.NumChildren.V == 1 && r != nil && r.RepetitionType.Valid && r.RepetitionType.V == format.Repeated
	switch {
	case isList && repeatedChild:
		elemDef, elemRep := def+1, rep+1
		var elem *nestNode
		var next int
		var err error
		if r.NumChildren.V <= 0 || r.NumChildren.V > 1 || r.Name == "array" || r.Name == se.Name+"_tuple" {
			// Two-level list: the repeated field is the element.
			elem, next, err = b.inner(pos+1, elemDef, elemRep, depth+1)
		} else {
			elem, next, err = b.field(pos+2, elemDef, elemRep, depth+1)
		}
		if err != nil {
			return nil, 0, err
		}
		return &nestNode{kind: nkList, typ: vector.ListOf(elem.typ), def: def, elemDef: elemDef, rep: elemRep,
			leafLo: lo, leafHi: len(b.leaves), children: []*nestNode{elem}}, next, nil
	case isMap && repeatedChild && r.NumChildren.V == 2:
		elemDef, elemRep := def+1, rep+1
		key, next, err := b.field(pos+2, elemDef, elemRep, depth+1)
		if err != nil {
			return nil, 0, err
		}
		val, next, err := b.field(next, elemDef, elemRep, depth+1)
		if err != nil {
			return nil, 0, err
		}
		mt := vector.MapOf(key.typ, val.typ)
		entry := &nestNode{kind: nkStruct, typ: mt.Nested.Elem, def: elemDef, leafLo: lo, leafHi: len(b.leaves),
			children: []*nestNode{key, val}}
		return &nestNode{kind: nkList, typ: mt, def: def, elemDef: elemDef, rep: elemRep,
			leafLo: lo, leafHi: len(b.leaves), children: []*nestNode{entry}}, next, nil
	case isList || isMap:
		return nil, 0, fmt.Errorf("group %q has an unrecognized LIST/MAP layout", se.Name)
	}
	n := &nestNode{kind: nkStruct, def: def, leafLo: lo}
	next := pos + 1
	fields := make([]vector.StructField, 0, se.NumChildren.V)
	for i := 0; i < int(se.NumChildren.V); i++ {
		if next >= len(b.schema) {
			return nil, 0, fmt.Errorf("schema truncated in group %q", se.Name)
		}
		name := b.schema[next].Name
		ch, p, err := b.field(next, def, rep, depth+1)
		if err != nil {
			return nil, 0, err
		}
		next = p
		n.children = append(n.children, ch)
		fields = append(fields, vector.StructField{Name: name, Typ: ch.typ})
	}
	n.typ = vector.StructOf(fields)
	n.leafHi = len(b.leaves)
	return n, next, nil
}

// leafData holds the levels and values of one leaf column chunk.
type leafData struct {
	rep, def []byte
	vals     []vector.Value // at every entry; meaningful where def is the leaf's def
	pos      int            // first entry of the next row
}

// nestedReader reads one nested column of one row group: it decodes every
// leaf chunk of the column up front and assembles rows on demand.
type nestedReader struct {
	root   *nestNode
	leaves []leafData
	row    int64
	nrows  int64
}

// openNested reads the leaf chunks of nested column c of a row group.
func (s *scanner) openNested(fl *file, rgMeta *format.RowGroup, chunks []pq.ColumnChunk, c *colInfo) (*nestedReader, error) {
	leaves := leavesOf(c.nest)
	nr := &nestedReader{root: c.nest, leaves: make([]leafData, len(leaves)), nrows: rgMeta.NumRows}
	for k, ln := range leaves {
		leaf := c.leafBase + k
		if leaf >= len(rgMeta.Columns) || leaf >= len(chunks) {
			return nil, fmt.Errorf("leaf %d: no column chunk", leaf)
		}
		md := &rgMeta.Columns[leaf].MetaData
		if err := s.readLeaf(fl, md, chunks[leaf], ln, &nr.leaves[k]); err != nil {
			return nil, fmt.Errorf("leaf %v: %w", md.PathInSchema, err)
		}
		rows := 0
		for _, r := range nr.leaves[k].rep {
			if r == 0 {
				rows++
			}
		}
		if int64(rows) != rgMeta.NumRows {
			return nil, fmt.Errorf("leaf %v holds %d rows, row group has %d", md.PathInSchema, rows, rgMeta.NumRows)
		}
	}
	return nr, nil
}

// leavesOf returns the leaves under n in schema order.
func leavesOf(n *nestNode) []*nestNode {
	if n.kind == nkLeaf {
		return []*nestNode{n}
	}
	var out []*nestNode
	for _, ch := range n.children {
		out = append(out, leavesOf(ch)...)
	}
	return out
}

// readLeaf decodes every page of one leaf chunk into d.
func (s *scanner) readLeaf(fl *file, md *format.ColumnMetaData, chunk pq.ColumnChunk, ln *nestNode, d *leafData) error {
	cc, ok := chunk.(*pq.FileColumnChunk)
	if !ok {
		return fmt.Errorf("unexpected column chunk type %T", chunk)
	}
	ra, n, err := loadChunk(fl, md)
	if err != nil {
		return err
	}
	if cr, ok := ra.(*chunkReader); ok {
		defer func() {
			putBuf(cr.data)
			cr.data = nil
		}()
	}
	atomic.AddInt64(&s.stats.BytesRead, n)
	pages := cc.PagesFrom(ra)
	defer pages.Close()
	buf := make([]pq.Value, 1024)
	for {
		p, err := pages.ReadPage()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		atomic.AddInt64(&s.stats.Pages, 1)
		err = d.appendPage(p.Values(), ln, buf)
		pq.Release(p)
		if err != nil {
			return err
		}
		if int64(len(d.rep)) > md.NumValues {
			return fmt.Errorf("pages hold more than the chunk's %d values", md.NumValues)
		}
	}
	return nil
}

// appendPage appends the levels and values of one page, read in batches
// through buf.
func (d *leafData) appendPage(vr pq.ValueReader, ln *nestNode, buf []pq.Value) error {
	for {
		got, err := vr.ReadValues(buf)
		for _, v := range buf[:got] {
			r, df := v.RepetitionLevel(), v.DefinitionLevel()
			if r < 0 || r > int(ln.rep) || df < 0 || df > int(ln.def) {
				return fmt.Errorf("levels %d/%d exceed the maximum %d/%d", r, df, ln.rep, ln.def)
			}
			if len(d.rep) == 0 && r != 0 {
				return fmt.Errorf("first value has repetition level %d", r)
			}
			x := vector.NullValue(ln.typ)
			if df == int(ln.def) && !v.IsNull() {
				var cerr error
				if x, cerr = leafValue(&ln.info, v); cerr != nil {
					return cerr
				}
			}
			d.rep = append(d.rep, byte(r))
			d.def = append(d.def, byte(df))
			d.vals = append(d.vals, x)
		}
		if err == io.EOF || (err == nil && got == 0) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// leafValue converts one non-NULL leaf value.
func leafValue(c *colInfo, v pq.Value) (vector.Value, error) {
	x := vector.Value{Typ: c.typ}
	switch c.conv {
	case cvBool:
		x.Bool = v.Boolean()
	case cvInt32:
		x.I64 = int64(v.Int32()) * c.mul
	case cvUint32:
		x.I64 = int64(v.Uint32())
	case cvInt64:
		x.I64 = v.Int64()
		if c.div != 1 {
			x.I64 /= c.div
		} else {
			x.I64 *= c.mul
		}
	case cvInt96:
		t := v.Int96()
		nanos := int64(uint64(t[1])<<32 | uint64(t[0]))
		x.I64 = (int64(int32(t[2]))-julianEpoch)*vector.MicrosPerDay + nanos/1000
	case cvFloat:
		x.F64 = float64(v.Float())
	case cvDouble:
		x.F64 = v.Double()
	case cvBytes, cvFixed:
		x.Str = string(v.ByteArray())
	case cvUUID:
		b := v.ByteArray()
		if len(b) != 16 {
			return x, fmt.Errorf("UUID value has %d bytes", len(b))
		}
		s := make([]byte, 36)
		formatUUID(s, b)
		x.Str = string(s)
	case cvDecBytes, cvDecFixed:
		n, err := decodeBigEndian(v.ByteArray())
		if err != nil {
			return x, err
		}
		x.I64 = n
	case cvInterval:
		b := v.ByteArray()
		if len(b) != 12 {
			return x, fmt.Errorf("INTERVAL value has %d bytes", len(b))
		}
		x.Iv = vector.Interval{
			Months: int32(binary.LittleEndian.Uint32(b)),
			Days:   int32(binary.LittleEndian.Uint32(b[4:])),
			Micros: int64(binary.LittleEndian.Uint32(b[8:])) * 1000,
		}
	case cvFloat16:
		b := v.ByteArray()
		if len(b) != 2 {
			return x, fmt.Errorf("FLOAT16 value has %d bytes", len(b))
		}
		x.F64 = halfToFloat(binary.LittleEndian.Uint16(b))
	default:
		return x, fmt.Errorf("internal error: conversion %d", c.conv)
	}
	return x, nil
}

// read assembles the next n rows into a vector of type t.
func (nr *nestedReader) read(t vector.Type, n int) (*vector.Vector, error) {
	if int64(n) > nr.nrows-nr.row {
		return nil, fmt.Errorf("read of %d rows past the end of the row group", n)
	}
	out := vector.New(t, 0)
	lo := make([]int, len(nr.leaves))
	hi := make([]int, len(nr.leaves))
	for i := 0; i < n; i++ {
		for k := range nr.leaves {
			d := &nr.leaves[k]
			lo[k] = d.pos
			e := d.pos + 1
			for e < len(d.rep) && d.rep[e] != 0 {
				e++
			}
			hi[k] = e
			d.pos = e
		}
		x, err := nr.assemble(nr.root, lo, hi)
		if err != nil {
			return nil, fmt.Errorf("row %d: %w", nr.row, err)
		}
		out.Append(x)
		nr.row++
	}
	return out, nil
}

var errLevels = errors.New("inconsistent repetition/definition levels")

// assemble builds the value of node n from the entries [lo[k], hi[k]) of
// each leaf k under it.
func (nr *nestedReader) assemble(n *nestNode, lo, hi []int) (vector.Value, error) {
	first := &nr.leaves[n.leafLo]
	if lo[n.leafLo] >= hi[n.leafLo] || hi[n.leafLo] > len(first.def) {
		return vector.Value{}, errLevels
	}
	d := first.def[lo[n.leafLo]]
	if d < n.def {
		return vector.NullValue(n.typ), nil
	}
	switch n.kind {
	case nkLeaf:
		if hi[n.leafLo]-lo[n.leafLo] != 1 {
			return vector.Value{}, errLevels
		}
		return first.vals[lo[n.leafLo]], nil
	case nkStruct:
		x := vector.Value{Typ: n.typ, Fields: make([]vector.Value, len(n.children))}
		for i, ch := range n.children {
			f, err := nr.assemble(ch, lo, hi)
			if err != nil {
				return vector.Value{}, err
			}
			x.Fields[i] = f
		}
		return x, nil
	}
	x := vector.Value{Typ: n.typ, List: []vector.Value{}}
	if d < n.elemDef {
		return x, nil
	}
	// Split each leaf's entries into elements: an element starts where
	// the repetition level is at most the list's.
	starts := make([][]int, n.leafHi-n.leafLo)
	for k := n.leafLo; k < n.leafHi; k++ {
		rep := nr.leaves[k].rep
		if lo[k] >= hi[k] || hi[k] > len(rep) {
			return vector.Value{}, errLevels
		}
		s := []int{lo[k]}
		for p := lo[k] + 1; p < hi[k]; p++ {
			if rep[p] <= n.rep {
				s = append(s, p)
			}
		}
		if k > n.leafLo && len(s) != len(starts[0]) {
			return vector.Value{}, errLevels
		}
		starts[k-n.leafLo] = s
	}
	sublo := make([]int, len(lo))
	subhi := make([]int, len(hi))
	for e := range starts[0] {
		for k := n.leafLo; k < n.leafHi; k++ {
			s := starts[k-n.leafLo]
			sublo[k] = s[e]
			subhi[k] = hi[k]
			if e+1 < len(s) {
				subhi[k] = s[e+1]
			}
		}
		el, err := nr.assemble(n.children[0], sublo, subhi)
		if err != nil {
			return vector.Value{}, err
		}
		x.List = append(x.List, el)
	}
	return x, nil
}
