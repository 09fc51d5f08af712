package vector

import "math/bits"

// MaxLen is the number of rows in a full chunk.
const MaxLen = 2048

// Validity is a bitmap of non-NULL rows: bit i set means row i is valid.
// A nil Validity means every row is valid.
type Validity []uint64

// NewValidity returns a bitmap for n rows with every row valid.
func NewValidity(n int) Validity {
	v := make(Validity, (n+63)/64)
	for i := range v {
		v[i] = ^uint64(0)
	}
	return v
}

// IsValid reports whether row i is valid.
func (v Validity) IsValid(i int) bool {
	return v == nil || v[i>>6]&(1<<(uint(i)&63)) != 0
}

// SetInvalid marks row i NULL. v must be non-nil and long enough.
func (v Validity) SetInvalid(i int) { v[i>>6] &^= 1 << (uint(i) & 63) }

// SetValid marks row i valid. v must be non-nil and long enough.
func (v Validity) SetValid(i int) { v[i>>6] |= 1 << (uint(i) & 63) }

// CountValid returns the number of valid rows among the first n.
func (v Validity) CountValid(n int) int {
	if v == nil {
		return n
	}
	c := 0
	full := n / 64
	for i := 0; i < full; i++ {
		c += bits.OnesCount64(v[i])
	}
	if r := n % 64; r != 0 {
		c += bits.OnesCount64(v[full] & (1<<uint(r) - 1))
	}
	return c
}

// Sel is a selection vector: strictly increasing row indices into a chunk.
// A nil Sel selects all rows.
type Sel []uint32

// Vector is one column of a chunk. Exactly one of the data slices is used,
// chosen by Typ.Phys(). When Const is true only index 0 is meaningful and
// the value applies to every row of the chunk.
type Vector struct {
	Typ   Type
	Const bool
	Valid Validity

	Bool []bool
	I64  []int64
	F64  []float64
	Str  []string
	Iv   []Interval

	// List holds one entry per row of a LIST or MAP vector, locating the
	// row's elements in Child (a MAP's child is a STRUCT(key, value)).
	List  []ListEntry
	Child *Vector
	// Fields holds one child vector per STRUCT field, each with the same
	// rows as the struct vector (for a Const struct, row 0 applies).
	Fields []*Vector
}

// New allocates a flat vector of type t with room for n rows, all valid.
func New(t Type, n int) *Vector {
	v := &Vector{Typ: t}
	switch t.Phys() {
	case PhysBool:
		v.Bool = make([]bool, n)
	case PhysInt64:
		v.I64 = make([]int64, n)
	case PhysFloat64:
		v.F64 = make([]float64, n)
	case PhysString:
		v.Str = make([]string, n)
	case PhysInterval:
		v.Iv = make([]Interval, n)
	case PhysList, PhysStruct:
		newNested(v, n)
	}
	return v
}

// Reuse returns v prepared to hold n rows of type t, all valid, when v is
// a flat vector of that type whose buffer has room for n; otherwise a new
// vector (New). The rows of a reused vector keep stale values until they
// are written. Callers reuse only vectors nothing else references.
func Reuse(v *Vector, t Type, n int) *Vector {
	if v == nil || v.Const || v.Typ != t {
		return New(t, n)
	}
	ok := false
	switch t.Phys() {
	case PhysBool:
		v.Bool, ok = reslice(v.Bool, n)
	case PhysInt64:
		v.I64, ok = reslice(v.I64, n)
	case PhysFloat64:
		v.F64, ok = reslice(v.F64, n)
	case PhysString:
		v.Str, ok = reslice(v.Str, n)
	case PhysInterval:
		v.Iv, ok = reslice(v.Iv, n)
	}
	if !ok {
		return New(t, n)
	}
	v.Valid = nil
	return v
}

// reslice returns s[:n] when its capacity allows, else s and false.
func reslice[T any](s []T, n int) ([]T, bool) {
	if cap(s) < n {
		return s, false
	}
	return s[:n], true
}

// NewConst returns a constant vector of type t whose single value is NULL
// (set the data slot and Valid to change it).
func NewConst(t Type) *Vector {
	v := New(t, 1)
	v.Const = true
	return v
}

// NullConst returns a constant NULL vector of type t.
func NullConst(t Type) *Vector {
	v := NewConst(t)
	v.Valid = Validity{0}
	return v
}

// IsNull reports whether row i is NULL, honouring Const.
func (v *Vector) IsNull(i int) bool {
	if v.Const {
		i = 0
	}
	return !v.Valid.IsValid(i)
}

// SetNull marks row i NULL, allocating the bitmap for n rows if needed.
func (v *Vector) SetNull(i, n int) {
	if v.Valid == nil {
		v.Valid = NewValidity(n)
	}
	v.Valid.SetInvalid(i)
}

// Len returns the number of rows stored in the data slice.
func (v *Vector) Len() int {
	switch v.Typ.Phys() {
	case PhysBool:
		return len(v.Bool)
	case PhysInt64:
		return len(v.I64)
	case PhysFloat64:
		return len(v.F64)
	case PhysString:
		return len(v.Str)
	case PhysInterval:
		return len(v.Iv)
	case PhysList:
		return len(v.List)
	case PhysStruct:
		return structLen(v)
	}
	return 0
}

// Flatten returns a flat vector of n rows with the same values as v. A flat
// v is returned unchanged.
func (v *Vector) Flatten(n int) *Vector {
	if !v.Const {
		return v
	}
	out := New(v.Typ, n)
	if !v.Valid.IsValid(0) {
		out.Valid = make(Validity, (n+63)/64)
		return out
	}
	switch v.Typ.Phys() {
	case PhysBool:
		for i := range out.Bool {
			out.Bool[i] = v.Bool[0]
		}
	case PhysInt64:
		x := v.I64[0]
		for i := range out.I64 {
			out.I64[i] = x
		}
	case PhysFloat64:
		x := v.F64[0]
		for i := range out.F64 {
			out.F64[i] = x
		}
	case PhysString:
		x := v.Str[0]
		for i := range out.Str {
			out.Str[i] = x
		}
	case PhysInterval:
		x := v.Iv[0]
		for i := range out.Iv {
			out.Iv[i] = x
		}
	case PhysList, PhysStruct:
		return flattenNested(v, n)
	}
	return out
}

// Gather returns a new flat vector holding rows sel of v (in order).
func (v *Vector) Gather(sel []uint32) *Vector {
	n := len(sel)
	if v.Const {
		c := *v
		return &c
	}
	out := New(v.Typ, n)
	switch v.Typ.Phys() {
	case PhysBool:
		for i, s := range sel {
			out.Bool[i] = v.Bool[s]
		}
	case PhysInt64:
		src := v.I64
		dst := out.I64
		for i, s := range sel {
			dst[i] = src[s]
		}
	case PhysFloat64:
		src := v.F64
		dst := out.F64
		for i, s := range sel {
			dst[i] = src[s]
		}
	case PhysString:
		src := v.Str
		dst := out.Str
		for i, s := range sel {
			dst[i] = src[s]
		}
	case PhysInterval:
		for i, s := range sel {
			out.Iv[i] = v.Iv[s]
		}
	case PhysList, PhysStruct:
		gatherNested(out, v, sel)
	}
	if v.Valid != nil {
		out.Valid = NewValidity(n)
		for i, s := range sel {
			if !v.Valid.IsValid(int(s)) {
				out.Valid.SetInvalid(i)
			}
		}
	}
	return out
}

// Slice returns a flat vector viewing rows [lo, hi) of v. The data is
// shared; the validity bitmap is copied when rows are not word-aligned.
func (v *Vector) Slice(lo, hi int) *Vector {
	if v.Const {
		c := *v
		return &c
	}
	out := &Vector{Typ: v.Typ}
	switch v.Typ.Phys() {
	case PhysBool:
		out.Bool = v.Bool[lo:hi]
	case PhysInt64:
		out.I64 = v.I64[lo:hi]
	case PhysFloat64:
		out.F64 = v.F64[lo:hi]
	case PhysString:
		out.Str = v.Str[lo:hi]
	case PhysInterval:
		out.Iv = v.Iv[lo:hi]
	case PhysList:
		out.List = v.List[lo:hi]
		out.Child = v.Child
	case PhysStruct:
		out.Fields = make([]*Vector, len(v.Fields))
		for k, f := range v.Fields {
			out.Fields[k] = f.Slice(lo, hi)
		}
	}
	if v.Valid != nil {
		if lo%64 == 0 {
			out.Valid = v.Valid[lo/64 : (hi+63)/64]
		} else {
			out.Valid = NewValidity(hi - lo)
			for i := lo; i < hi; i++ {
				if !v.Valid.IsValid(i) {
					out.Valid.SetInvalid(i - lo)
				}
			}
		}
	}
	return out
}

// Chunk is the unit of data flowing between operators: columns of equal
// length Len. When Sel is non-nil only the rows it lists are live.
type Chunk struct {
	Cols []*Vector
	Len  int
	Sel  Sel
}

// NewChunk allocates a chunk with flat columns of the given types and room
// for n rows; Len is set to n.
func NewChunk(types []Type, n int) *Chunk {
	c := &Chunk{Cols: make([]*Vector, len(types)), Len: n}
	for i, t := range types {
		c.Cols[i] = New(t, n)
	}
	return c
}

// Rows returns the number of live rows.
func (c *Chunk) Rows() int {
	if c.Sel != nil {
		return len(c.Sel)
	}
	return c.Len
}

// Compact returns a chunk without a selection vector, gathering the
// selected rows of every column. A chunk without Sel is returned as is.
func (c *Chunk) Compact() *Chunk {
	if c.Sel == nil {
		return c
	}
	out := &Chunk{Cols: make([]*Vector, len(c.Cols)), Len: len(c.Sel)}
	for i, col := range c.Cols {
		out.Cols[i] = col.Gather(c.Sel)
	}
	return out
}
