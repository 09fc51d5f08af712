package vector

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// ListEntry locates the elements of one LIST (or MAP) row in the child
// vector: rows [Off, Off+Len) of Vector.Child.
type ListEntry struct {
	Off uint32
	Len uint32
}

// StructField is one named field of a STRUCT type.
type StructField struct {
	Name string
	Typ  Type
}

// NestedType describes a LIST (Elem), STRUCT (Fields) or MAP type. A MAP
// is physically a LIST of STRUCT(key, value): Elem is that struct type.
// NestedType values are interned: never build one directly, use ListOf,
// StructOf and MapOf, so that equal types share one descriptor.
type NestedType struct {
	Elem   Type
	Fields []StructField
	key    string
}

var (
	internMu sync.Mutex
	interned = map[string]*NestedType{}
)

func intern(key string, mk func() *NestedType) *NestedType {
	internMu.Lock()
	defer internMu.Unlock()
	if nt, ok := interned[key]; ok {
		return nt
	}
	nt := mk()
	nt.key = key
	interned[key] = nt
	return nt
}

// typeKey is a canonical, unambiguous description of t.
func typeKey(t Type) string {
	if t.Nested != nil {
		return t.Nested.key
	}
	return t.String()
}

// ListOf returns the LIST type with elements of type elem.
func ListOf(elem Type) Type {
	nt := intern("L<"+typeKey(elem)+">", func() *NestedType { return &NestedType{Elem: elem} })
	return Type{ID: TypeList, Nested: nt}
}

// StructOf returns the STRUCT type with the given fields.
func StructOf(fields []StructField) Type {
	var b strings.Builder
	b.WriteString("S<")
	for i, f := range fields {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(quoteIdentKey(f.Name))
		b.WriteByte(':')
		b.WriteString(typeKey(f.Typ))
	}
	b.WriteByte('>')
	nt := intern(b.String(), func() *NestedType {
		return &NestedType{Fields: append([]StructField(nil), fields...)}
	})
	return Type{ID: TypeStruct, Nested: nt}
}

// MapOf returns the MAP type from key to value.
func MapOf(key, value Type) Type {
	entry := StructOf([]StructField{{Name: "key", Typ: key}, {Name: "value", Typ: value}})
	nt := intern("M<"+typeKey(entry)+">", func() *NestedType { return &NestedType{Elem: entry} })
	return Type{ID: TypeMap, Nested: nt}
}

func quoteIdentKey(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// IsNested reports whether t is a LIST, STRUCT or MAP type.
func (t Type) IsNested() bool { return t.Nested != nil }

// Elem returns the element type of a LIST, or the STRUCT(key, value) entry
// type of a MAP.
func (t Type) Elem() Type {
	if t.Nested == nil {
		return Type{}
	}
	return t.Nested.Elem
}

// StructFields returns the fields of a STRUCT type.
func (t Type) StructFields() []StructField {
	if t.Nested == nil {
		return nil
	}
	return t.Nested.Fields
}

// MapKey returns the key type of a MAP.
func (t Type) MapKey() Type { return t.Elem().StructFields()[0].Typ }

// MapValue returns the value type of a MAP.
func (t Type) MapValue() Type { return t.Elem().StructFields()[1].Typ }

func nestedTypeString(t Type) string {
	if t.Nested == nil {
		switch t.ID {
		case TypeList:
			return "LIST"
		case TypeStruct:
			return "STRUCT"
		}
		return "MAP"
	}
	switch t.ID {
	case TypeList:
		return t.Nested.Elem.String() + "[]"
	case TypeMap:
		return "MAP(" + t.MapKey().String() + ", " + t.MapValue().String() + ")"
	}
	var b strings.Builder
	b.WriteString("STRUCT(")
	for i, f := range t.Nested.Fields {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(typeFieldName(f.Name))
		b.WriteByte(' ')
		b.WriteString(f.Typ.String())
	}
	b.WriteByte(')')
	return b.String()
}

func typeFieldName(s string) string {
	simple := s != ""
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' && i > 0) {
			simple = false
			break
		}
	}
	if simple {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// ---- vector support ----

func newNested(v *Vector, n int) {
	switch v.Typ.Phys() {
	case PhysList:
		v.List = make([]ListEntry, n)
		v.Child = New(v.Typ.Nested.Elem, 0)
	case PhysStruct:
		fs := v.Typ.Nested.Fields
		v.Fields = make([]*Vector, len(fs))
		for k, f := range fs {
			v.Fields[k] = New(f.Typ, n)
		}
	}
}

func structLen(v *Vector) int {
	if len(v.Fields) == 0 {
		return 0
	}
	return v.Fields[0].Len()
}

// FieldVector returns field k of a STRUCT vector as a vector usable on its
// own: Const when the struct vector is Const.
func (v *Vector) FieldVector(k int) *Vector {
	f := v.Fields[k]
	if v.Const && !f.Const {
		c := *f
		c.Const = true
		return &c
	}
	return f
}

func flattenNested(v *Vector, n int) *Vector {
	out := &Vector{Typ: v.Typ}
	if !v.Valid.IsValid(0) {
		out.Valid = make(Validity, (n+63)/64)
	}
	switch v.Typ.Phys() {
	case PhysList:
		out.List = make([]ListEntry, n)
		e := v.List[0]
		for i := range out.List {
			out.List[i] = e
		}
		out.Child = v.Child
	case PhysStruct:
		zeros := make([]uint32, n)
		out.Fields = make([]*Vector, len(v.Fields))
		for k, f := range v.Fields {
			if f.Const {
				out.Fields[k] = f.Flatten(n)
			} else {
				out.Fields[k] = f.Gather(zeros)
			}
		}
	}
	return out
}

func gatherNested(out, v *Vector, sel []uint32) {
	switch v.Typ.Phys() {
	case PhysList:
		for i, s := range sel {
			out.List[i] = v.List[s]
		}
		out.Child = v.Child
	case PhysStruct:
		for k, f := range v.Fields {
			out.Fields[k] = f.Gather(sel)
		}
	}
}

func getNested(v *Vector, i int, out *Value) {
	switch v.Typ.Phys() {
	case PhysList:
		e := v.List[i]
		out.List = make([]Value, e.Len)
		for k := range out.List {
			out.List[k] = v.Child.Get(int(e.Off) + k)
		}
	case PhysStruct:
		out.Fields = make([]Value, len(v.Fields))
		for k, f := range v.Fields {
			out.Fields[k] = f.Get(i)
		}
	}
}

func setNested(v *Vector, i, n int, x Value) {
	switch v.Typ.Phys() {
	case PhysList:
		off := v.Child.Len()
		for _, e := range x.List {
			v.Child.Append(e)
		}
		v.List[i] = ListEntry{Off: uint32(off), Len: uint32(len(x.List))}
	case PhysStruct:
		for k, f := range v.Fields {
			if k < len(x.Fields) {
				f.Set(i, n, x.Fields[k])
			} else {
				f.SetNull(i, n)
			}
		}
	}
}

// Append adds x as a new last row of the flat vector v.
func (v *Vector) Append(x Value) {
	v.ensureNested()
	l := v.Len()
	switch v.Typ.Phys() {
	case PhysBool:
		v.Bool = append(v.Bool, x.Bool)
	case PhysInt64:
		v.I64 = append(v.I64, x.I64)
	case PhysFloat64:
		v.F64 = append(v.F64, x.F64)
	case PhysString:
		v.Str = append(v.Str, x.Str)
	case PhysInterval:
		v.Iv = append(v.Iv, x.Iv)
	case PhysList:
		off := v.Child.Len()
		if !x.Null {
			for _, e := range x.List {
				v.Child.Append(e)
			}
		}
		v.List = append(v.List, ListEntry{Off: uint32(off), Len: uint32(len(x.List))})
		if x.Null {
			v.List[l].Len = 0
		}
	case PhysStruct:
		for k, f := range v.Fields {
			if !x.Null && k < len(x.Fields) {
				f.Append(x.Fields[k])
			} else {
				f.Append(NullValue(f.Typ))
			}
		}
	default:
		return
	}
	v.growValid(l+1, !x.Null)
	if x.Null {
		v.Valid.SetInvalid(l)
	}
}

// ensureNested allocates the children of an empty nested vector built
// without New.
func (v *Vector) ensureNested() {
	switch v.Typ.Phys() {
	case PhysList:
		if v.Child == nil {
			v.Child = New(v.Typ.Nested.Elem, 0)
		}
	case PhysStruct:
		if v.Fields == nil {
			newNested(v, 0)
		}
	}
}

// growValid makes the bitmap (if any, or when needed) cover n rows, the
// new last row valid.
func (v *Vector) growValid(n int, valid bool) {
	if v.Valid == nil {
		if valid {
			return
		}
		v.Valid = NewValidity(n)
		return
	}
	for len(v.Valid) < (n+63)/64 {
		v.Valid = append(v.Valid, ^uint64(0))
	}
	v.Valid.SetValid(n - 1)
}

// AppendFrom appends rows of src (all n rows when rows is nil) to the end
// of the flat vector v. src may be Const.
func (v *Vector) AppendFrom(src *Vector, rows []uint32, n int) {
	if rows != nil {
		for _, r := range rows {
			v.AppendCell(src, int(r))
		}
		return
	}
	for i := 0; i < n; i++ {
		v.AppendCell(src, i)
	}
}

// CopyRows copies rows [lo, hi) of src to rows at, at+1, ... of the flat vector
// dst, which has room for total rows, including NULLs.
func CopyRows(dst *Vector, at int, src *Vector, lo, hi, total int) {
	for i := lo; i < hi; i++ {
		dst.CopyCell(at+i-lo, src, i, total)
	}
}

// NewFromValues builds a flat vector of type t holding xs.
func NewFromValues(t Type, xs []Value) *Vector {
	v := New(t, len(xs))
	for i, x := range xs {
		v.Set(i, len(xs), x)
	}
	return v
}

// ---- rendering ----

// appendNestedValue appends the LIST, STRUCT or MAP value x rendered as
// DuckDB's cast to VARCHAR does; TIMESTAMPTZ elements render in zc's
// zone (nil = UTC).
func appendNestedValue(b []byte, x Value, zc *ZoneCursor) []byte {
	switch x.Typ.ID {
	case TypeList:
		b = append(b, '[')
		for i, e := range x.List {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = appendNestedElem(b, e, zc)
		}
		return append(b, ']')
	case TypeMap:
		b = append(b, '{')
		for i, e := range x.List {
			if i > 0 {
				b = append(b, ", "...)
			}
			if len(e.Fields) == 2 {
				b = appendNestedElem(b, e.Fields[0], zc)
				b = append(b, '=')
				b = appendNestedElem(b, e.Fields[1], zc)
			}
		}
		return append(b, '}')
	}
	b = append(b, '{')
	fs := x.Typ.StructFields()
	for i, e := range x.Fields {
		if i > 0 {
			b = append(b, ", "...)
		}
		name := ""
		if i < len(fs) {
			name = fs[i].Name
		}
		b = append(b, '\'')
		b = append(b, strings.ReplaceAll(name, "'", "''")...)
		b = append(b, "': "...)
		b = appendNestedElem(b, e, zc)
	}
	return append(b, '}')
}

func appendNestedElem(b []byte, e Value, zc *ZoneCursor) []byte {
	if e.Null {
		return append(b, "NULL"...)
	}
	if e.Typ.Nested != nil {
		return appendNestedValue(b, e, zc)
	}
	var s string
	if e.Typ.ID == TypeTimestampTZ && zc != nil {
		s = string(AppendTimestampTZ(nil, e.I64, zc))
	} else {
		s = e.String()
	}
	if !needsQuotes(s) {
		return append(b, s...)
	}
	b = append(b, '\'')
	for i := 0; i < len(s); i++ {
		if s[i] == '\'' || s[i] == '\\' {
			b = append(b, '\\')
		}
		b = append(b, s[i])
	}
	return append(b, '\'')
}

// needsQuotes reports whether a scalar rendered inside a nested value
// must be quoted to read back unambiguously, as DuckDB decides.
func needsQuotes(s string) bool {
	if s == "" || strings.EqualFold(s, "null") {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' || s[0] == '\t' || s[len(s)-1] == '\t' {
		return true
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ',', '\'', '"', '[', ']', '{', '}', '(', ')', ':', '=', '\n', '\r':
			return true
		}
	}
	return false
}

// CopyCell stores row si of src (Const aware) at row di of the flat
// vector v, which has room for n rows. Both must have the same type.
func (v *Vector) CopyCell(di int, src *Vector, si int, n int) {
	if src.Const {
		si = 0
	}
	if !src.Valid.IsValid(si) {
		v.SetNull(di, n)
		return
	}
	if v.Valid != nil {
		v.Valid.SetValid(di)
	}
	switch v.Typ.Phys() {
	case PhysBool:
		v.Bool[di] = src.Bool[si]
	case PhysInt64:
		v.I64[di] = src.I64[si]
	case PhysFloat64:
		v.F64[di] = src.F64[si]
	case PhysString:
		v.Str[di] = src.Str[si]
	case PhysInterval:
		v.Iv[di] = src.Iv[si]
	case PhysList:
		e := src.List[si]
		off := v.Child.Len()
		for k := 0; k < int(e.Len); k++ {
			v.Child.AppendCell(src.Child, int(e.Off)+k)
		}
		v.List[di] = ListEntry{Off: uint32(off), Len: e.Len}
	case PhysStruct:
		for k, f := range v.Fields {
			f.CopyCell(di, src.Fields[k], si, n)
		}
	}
}

// AppendCell appends row si of src (Const aware) to the flat vector v.
func (v *Vector) AppendCell(src *Vector, si int) {
	if src.Const {
		si = 0
	}
	v.ensureNested()
	l := v.Len()
	valid := src.Valid.IsValid(si)
	switch v.Typ.Phys() {
	case PhysBool:
		v.Bool = append(v.Bool, src.Bool[si])
	case PhysInt64:
		v.I64 = append(v.I64, src.I64[si])
	case PhysFloat64:
		v.F64 = append(v.F64, src.F64[si])
	case PhysString:
		v.Str = append(v.Str, src.Str[si])
	case PhysInterval:
		v.Iv = append(v.Iv, src.Iv[si])
	case PhysList:
		off := v.Child.Len()
		e := src.List[si]
		if !valid {
			e.Len = 0
		}
		for k := 0; k < int(e.Len); k++ {
			v.Child.AppendCell(src.Child, int(e.Off)+k)
		}
		v.List = append(v.List, ListEntry{Off: uint32(off), Len: e.Len})
	case PhysStruct:
		for k, f := range v.Fields {
			if valid {
				f.AppendCell(src.Fields[k], si)
			} else {
				f.Append(NullValue(f.Typ))
			}
		}
	default:
		return
	}
	v.growValid(l+1, valid)
	if !valid {
		v.Valid.SetInvalid(l)
	}
}

// parseTypeString parses a full type name as Type.String renders it,
// including parameters and nested types: INTEGER[], DECIMAL(10,2),
// STRUCT(a INTEGER, "b c" VARCHAR[]), MAP(VARCHAR, INTEGER).
func parseTypeString(s string) (Type, error) {
	s = strings.TrimSpace(s)
	if strings.HasSuffix(s, "]") {
		i := strings.LastIndexByte(s, '[')
		if i <= 0 {
			return Type{}, fmt.Errorf("unknown type %q", s)
		}
		if inner := strings.TrimSpace(s[i+1 : len(s)-1]); inner != "" {
			if _, err := strconv.Atoi(inner); err != nil {
				return Type{}, fmt.Errorf("unknown type %q", s)
			}
		}
		elem, err := parseTypeString(s[:i])
		if err != nil {
			return Type{}, err
		}
		return ListOf(elem), nil
	}
	open := strings.IndexByte(s, '(')
	if open < 0 || !strings.HasSuffix(s, ")") {
		return ParseTypeName(s, nil)
	}
	head := strings.ToUpper(strings.TrimSpace(s[:open]))
	parts := splitTopLevel(s[open+1 : len(s)-1])
	switch head {
	case "STRUCT", "ROW":
		fields := make([]StructField, 0, len(parts))
		for _, p := range parts {
			p = strings.TrimSpace(p)
			var name, rest string
			if strings.HasPrefix(p, `"`) {
				end := 1
				for end < len(p) {
					if p[end] == '"' {
						if end+1 < len(p) && p[end+1] == '"' {
							end += 2
							continue
						}
						break
					}
					end++
				}
				if end >= len(p) {
					return Type{}, fmt.Errorf("unknown type %q", s)
				}
				name, rest = strings.ReplaceAll(p[1:end], `""`, `"`), p[end+1:]
			} else {
				sp := strings.IndexAny(p, " \t")
				if sp < 0 {
					return Type{}, fmt.Errorf("unknown type %q", s)
				}
				name, rest = p[:sp], p[sp+1:]
			}
			ft, err := parseTypeString(rest)
			if err != nil {
				return Type{}, err
			}
			fields = append(fields, StructField{Name: name, Typ: ft})
		}
		if len(fields) == 0 {
			return Type{}, fmt.Errorf("unknown type %q", s)
		}
		return StructOf(fields), nil
	case "MAP":
		if len(parts) != 2 {
			return Type{}, fmt.Errorf("unknown type %q", s)
		}
		k, err := parseTypeString(parts[0])
		if err != nil {
			return Type{}, err
		}
		v, err := parseTypeString(parts[1])
		if err != nil {
			return Type{}, err
		}
		return MapOf(k, v), nil
	}
	params := make([]int, 0, len(parts))
	for _, p := range parts {
		x, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil {
			return Type{}, fmt.Errorf("unknown type %q", s)
		}
		params = append(params, x)
	}
	return ParseTypeName(strings.TrimSpace(s[:open]), params)
}

// splitTopLevel splits s at commas outside parentheses, brackets and
// double quotes.
func splitTopLevel(s string) []string {
	var out []string
	depth, start := 0, 0
	quoted := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '(' || c == '[':
			depth++
		case c == ')' || c == ']':
			depth--
		case c == ',' && depth == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	if strings.TrimSpace(s[start:]) != "" || len(out) > 0 {
		out = append(out, s[start:])
	}
	return out
}
