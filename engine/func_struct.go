package engine

import (
	"strings"

	"github.com/lhsql/lhsql/vector"
)

func registerStructFuncs() {
	register(bindStructPackNamed, "struct_pack_named")
	register(bindStructExtract, "struct_extract")
}

// bindStructPackNamed builds a STRUCT from alternating constant field
// names and values (the binder's form of {'a': x} and struct_pack(a := x)).
func bindStructPackNamed(name string, args []Expr) (Expr, error) {
	if len(args) == 0 || len(args)%2 != 0 {
		return nil, noMatch(name, args)
	}
	fields := make([]vector.StructField, 0, len(args)/2)
	seen := map[string]bool{}
	for i := 0; i < len(args); i += 2 {
		c, ok := args[i].(*Const)
		if !ok || !c.Val.Typ.IsString() {
			return nil, errorf("Binder", "struct field names must be constants")
		}
		low := strings.ToLower(c.Val.Str)
		if seen[low] {
			return nil, errorf("Binder", "Duplicate struct entry name \"%s\"", c.Val.Str)
		}
		seen[low] = true
		t := args[i+1].Type()
		fields = append(fields, vector.StructField{Name: c.Val.Str, Typ: t})
	}
	st := vector.StructOf(fields)
	e := newFunc(name, st, func(_ *ExecCtx, vs []*vector.Vector, n int) (*vector.Vector, error) {
		out := &vector.Vector{Typ: st, Fields: make([]*vector.Vector, len(fields))}
		for k := range fields {
			v := vs[2*k+1]
			if v.Const {
				v = v.Flatten(n)
			}
			if v.Typ != fields[k].Typ {
				c := *v
				c.Typ = fields[k].Typ
				v = &c
			}
			out.Fields[k] = v
		}
		return out, nil
	}, args...)
	e.nullSafe = true
	e.display = "struct_pack"
	return e, nil
}

// structFieldIndex finds a field by case-insensitive name or 1-based index.
func structFieldIndex(t vector.Type, key Expr) (int, error) {
	c, ok := key.(*Const)
	if !ok || c.Val.Null {
		return -1, errorf("Binder", "Key name for struct_extract needs to be a constant string")
	}
	fs := t.StructFields()
	if c.Val.Typ.IsInteger() {
		i := int(c.Val.I64)
		if i < 1 || i > len(fs) {
			return -1, errorf("Binder", "Tuple index out of range")
		}
		return i - 1, nil
	}
	if !c.Val.Typ.IsString() {
		return -1, errorf("Binder", "Key name for struct_extract needs to be a constant string")
	}
	for i, f := range fs {
		if strings.EqualFold(f.Name, c.Val.Str) {
			return i, nil
		}
	}
	var names []string
	for _, f := range fs {
		names = append(names, f.Name)
	}
	return -1, errorf("Binder", "Could not find key \"%s\" in struct\nCandidate Entries: \"%s\"", strings.ToLower(c.Val.Str), strings.Join(names, "\", \""))
}

func bindStructExtract(name string, args []Expr) (Expr, error) {
	if len(args) != 2 || !isStruct(args[0].Type()) {
		return nil, noMatch(name, args)
	}
	k, err := structFieldIndex(args[0].Type(), args[1])
	if err != nil {
		return nil, err
	}
	ft := args[0].Type().StructFields()[k].Typ
	e := newFunc(name, ft, func(_ *ExecCtx, vs []*vector.Vector, n int) (*vector.Vector, error) {
		s := vs[0]
		f := s.FieldVector(k)
		if s.Const || s.Valid == nil {
			return f, nil
		}
		out := *f
		out.Valid = mergeValidity(n, s, f)
		return &out, nil
	}, args...)
	return e, nil
}
