package parquet

import (
	"errors"
	"fmt"
	"math"

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

// nestedReader reads one nested column of one row group: it decodes every
// leaf chunk of the column up front (leafData, in schema order of the
// leaves) and assembles batches of rows into vectors on demand.
type nestedReader struct {
	root   *nestNode
	leaves []*leafData
	lo, hi []int // per leaf: the entries of the batch being assembled
	row    int64
	nrows  int64
}

// openNested reads the leaf chunks of nested column c of a row group.
func (s *scanner) openNested(fl *file, rgMeta *format.RowGroup, chunks []pq.ColumnChunk, c *colInfo) (*nestedReader, error) {
	leaves := leavesOf(c.nest)
	nr := &nestedReader{root: c.nest, leaves: make([]*leafData, 0, len(leaves)), nrows: rgMeta.NumRows,
		lo: make([]int, len(leaves)), hi: make([]int, len(leaves))}
	for k, ln := range leaves {
		leaf := c.leafBase + k
		if leaf >= len(rgMeta.Columns) || leaf >= len(chunks) {
			nr.close()
			return nil, fmt.Errorf("leaf %d: no column chunk", leaf)
		}
		md := &rgMeta.Columns[leaf].MetaData
		d, err := s.readLeaf(fl, md, chunks[leaf], ln)
		if err != nil {
			nr.close()
			return nil, fmt.Errorf("leaf %v: %w", md.PathInSchema, err)
		}
		nr.leaves = append(nr.leaves, d)
		if rows := countRows(d.rep); int64(rows) != rgMeta.NumRows {
			nr.close()
			return nil, fmt.Errorf("leaf %v holds %d rows, row group has %d", md.PathInSchema, rows, rgMeta.NumRows)
		}
	}
	return nr, nil
}

// close releases the leaf data; the reader must not be used afterwards.
func (nr *nestedReader) close() {
	for _, d := range nr.leaves {
		putLeaf(d)
	}
	nr.leaves = nil
}

// countRows returns the number of entries that start a row.
func countRows(rep []byte) int {
	n := 0
	for _, r := range rep {
		if r == 0 {
			n++
		}
	}
	return n
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

var errLevels = errors.New("inconsistent repetition/definition levels")

// read assembles the next n rows into a vector of type t (the column's
// type).
func (nr *nestedReader) read(t vector.Type, n int) (*vector.Vector, error) {
	if n < 0 || int64(n) > nr.nrows-nr.row {
		return nil, fmt.Errorf("read of %d rows past the end of the row group", n)
	}
	if !t.Equal(nr.root.typ) {
		return nil, fmt.Errorf("internal error: reading a %s column as %s", nr.root.typ, t)
	}
	for k, d := range nr.leaves {
		hi, ok := rowsEnd(d.rep, d.pos, n)
		if !ok {
			return nil, fmt.Errorf("row %d: %w", nr.row, errLevels)
		}
		nr.lo[k], nr.hi[k] = d.pos, hi
	}
	v, err := nr.build(nr.root, 0, 0, n)
	if err != nil {
		return nil, fmt.Errorf("rows %d..%d: %w", nr.row, nr.row+int64(n)-1, err)
	}
	for k, d := range nr.leaves {
		d.pos = nr.hi[k]
	}
	nr.row += int64(n)
	return v, nil
}

// rowsEnd returns the end of the n rows whose entries start at lo: the
// index of the entry that starts row n+1, or len(rep).
func rowsEnd(rep []byte, lo, n int) (int, bool) {
	if n == 0 {
		return lo, true
	}
	if lo >= len(rep) || rep[lo] != 0 {
		return 0, false
	}
	rows := 1
	i := lo + 1
	for ; i < len(rep); i++ {
		if rep[i] == 0 {
			if rows == n {
				return i, true
			}
			rows++
		}
	}
	return i, rows == n
}

// build assembles the count instances of node n in the current batch. An
// instance of n is an entry (of any leaf under n; the first leaf is used)
// whose repetition level is at most repCtx, the repetition level of the
// innermost list around n (0 for none), and whose definition level is at
// least reach, the level at which that list has an element (0 for none):
// such an entry starts a new value of n that exists (possibly as NULL).
// Every child of a struct has the struct's instances; the element of a
// list has, as instances, the list's elements.
func (nr *nestedReader) build(n *nestNode, repCtx, reach byte, count int) (*vector.Vector, error) {
	k := n.leafLo
	d := nr.leaves[k]
	rep, def := d.rep[nr.lo[k]:nr.hi[k]], d.def[nr.lo[k]:nr.hi[k]]
	switch n.kind {
	case nkLeaf:
		return nr.buildLeaf(n, d, def, reach, count)
	case nkStruct:
		return nr.buildStruct(n, rep, def, repCtx, reach, count)
	}
	return nr.buildList(n, rep, def, repCtx, reach, count)
}

// buildStruct assembles the instances of struct node n (see build).
func (nr *nestedReader) buildStruct(n *nestNode, rep, def []byte, repCtx, reach byte, count int) (*vector.Vector, error) {
	out := &vector.Vector{Typ: n.typ, Fields: make([]*vector.Vector, len(n.children))}
	if n.def > reach {
		// Instances below the struct's level are NULL structs.
		j := 0
		for i, r := range rep {
			x := def[i]
			if r > repCtx || x < reach {
				continue
			}
			if x < n.def {
				if j >= count {
					return nil, errLevels
				}
				if out.Valid == nil {
					out.Valid = vector.NewValidity(count)
				}
				out.Valid.SetInvalid(j)
			}
			j++
		}
		if j != count {
			return nil, errLevels
		}
	}
	for i, ch := range n.children {
		f, err := nr.build(ch, repCtx, reach, count)
		if err != nil {
			return nil, err
		}
		out.Fields[i] = f
	}
	return out, nil
}

// buildList assembles the instances of list (or map) node n (see build):
// an instance below n.def is a NULL list, below n.elemDef an empty one;
// further entries at the list's repetition level add elements.
func (nr *nestedReader) buildList(n *nestNode, rep, def []byte, repCtx, reach byte, count int) (*vector.Vector, error) {
	ents := make([]vector.ListEntry, count)
	var valid vector.Validity
	j := -1
	open := false // instance j has elements
	total := 0
	lrep, ldef, edef := n.rep, n.def, n.elemDef
	for i, r := range rep {
		x := def[i]
		if r <= repCtx {
			open = false
			if x < reach {
				continue
			}
			j++
			if j >= count {
				return nil, errLevels
			}
			ents[j].Off = uint32(total)
			switch {
			case x >= edef:
				open = true
				ents[j].Len = 1
				total++
			case x < ldef:
				if valid == nil {
					valid = vector.NewValidity(count)
				}
				valid.SetInvalid(j)
			}
			continue
		}
		if r <= lrep {
			if !open || x < edef {
				return nil, errLevels
			}
			ents[j].Len++
			total++
		}
	}
	if j+1 != count || total > math.MaxUint32 {
		return nil, errLevels
	}
	child, err := nr.build(n.children[0], lrep, edef, total)
	if err != nil {
		return nil, err
	}
	return &vector.Vector{Typ: n.typ, Valid: valid, List: ents, Child: child}, nil
}

// buildLeaf assembles the instances of leaf node n from its entries def
// (see build): NULL below the leaf's level, else the next dense value.
// Every entry at the leaf's level is an instance, so the batch's dense
// values start at d.vpos and are consecutive.
func (nr *nestedReader) buildLeaf(n *nestNode, d *leafData, def []byte, reach byte, count int) (*vector.Vector, error) {
	maxDef := n.def
	inst, dense := 0, 0
	for _, x := range def {
		if x >= reach {
			inst++
		}
		if x == maxDef {
			dense++
		}
	}
	if inst != count || d.vpos+dense > d.nvals {
		return nil, errLevels
	}
	out := &vector.Vector{Typ: n.typ}
	if dense < count {
		out.Valid = vector.NewValidity(count)
	}
	src, vp := &d.vals, d.vpos
	switch n.typ.Phys() {
	case vector.PhysInt64:
		out.I64 = gatherLeaf(src.I64[vp:vp+dense], def, reach, maxDef, count, out.Valid)
	case vector.PhysFloat64:
		out.F64 = gatherLeaf(src.F64[vp:vp+dense], def, reach, maxDef, count, out.Valid)
	case vector.PhysString:
		out.Str = gatherLeaf(src.Str[vp:vp+dense], def, reach, maxDef, count, out.Valid)
	case vector.PhysBool:
		out.Bool = gatherLeaf(src.Bool[vp:vp+dense], def, reach, maxDef, count, out.Valid)
	case vector.PhysInterval:
		out.Iv = gatherLeaf(src.Iv[vp:vp+dense], def, reach, maxDef, count, out.Valid)
	default:
		return nil, fmt.Errorf("unsupported leaf type %s", n.typ)
	}
	d.vpos = vp + dense
	return out, nil
}

// gatherLeaf returns the count instances among the entries def (those at
// level reach or above): the dense values src in order where the level is
// maxDef, NULL (cleared in valid) elsewhere. When every instance is at
// maxDef (len(src) == count) valid is nil and src is copied whole. The
// caller has checked the instance and dense counts.
func gatherLeaf[T any](src []T, def []byte, reach, maxDef byte, count int, valid vector.Validity) []T {
	out := make([]T, count)
	if len(src) == count {
		copy(out, src)
		return out
	}
	j, vp := 0, 0
	for _, x := range def {
		if x < reach {
			continue
		}
		if x == maxDef {
			out[j] = src[vp]
			vp++
		} else {
			valid.SetInvalid(j)
		}
		j++
	}
	return out
}
