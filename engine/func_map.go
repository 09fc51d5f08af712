package engine

import (
	"github.com/lhsql/lhsql/vector"
)

func registerMapFuncs() {
	register(bindMap, "map")
	register(bindMapFromEntries, "map_from_entries")
	register(bindMapParts, "map_keys", "map_values", "map_entries")
	register(bindMapExtract, "map_extract", "element_at")
	register(bindMapExtractValue, "map_extract_value")
}

func bindMap(name string, args []Expr) (Expr, error) {
	if len(args) == 0 {
		mt := vector.MapOf(vector.Null, vector.Null)
		return &Const{Val: vector.Value{Typ: mt}}, nil
	}
	if len(args) != 2 {
		return nil, noMatch(name, args)
	}
	k, ok1 := listArg(args[0])
	v, ok2 := listArg(args[1])
	if !ok1 || !ok2 {
		return nil, noMatch(name, args)
	}
	mt := vector.MapOf(k.Type().Elem(), v.Type().Elem())
	return nestedFunc(name, mt, false, func(a []vector.Value) (vector.Value, error) {
		if a[0].Null || a[1].Null {
			return vector.NullValue(mt), nil
		}
		if len(a[0].List) != len(a[1].List) {
			return vector.Value{}, errorf("Invalid Input", "Error in MAP creation: key list and value list do not align. i.e. different size or incompatible structure")
		}
		return buildMap(mt, a[0].List, a[1].List)
	}, k, v), nil
}

// buildMap checks keys (non-NULL, unique) and builds a MAP value.
func buildMap(mt vector.Type, keys, vals []vector.Value) (vector.Value, error) {
	out := vector.Value{Typ: mt, List: make([]vector.Value, len(keys))}
	et := mt.Elem()
	for i, k := range keys {
		if k.Null {
			return vector.Value{}, errorf("Invalid Input", "Map keys can not be NULL")
		}
		for _, p := range keys[:i] {
			if compareValues(p, k) == 0 {
				return vector.Value{}, errorf("Invalid Input", "Map keys must be unique.")
			}
		}
		out.List[i] = vector.Value{Typ: et, Fields: []vector.Value{k, vals[i]}}
	}
	return out, nil
}

func bindMapFromEntries(name string, args []Expr) (Expr, error) {
	if len(args) != 1 {
		return nil, noMatch(name, args)
	}
	l, ok := listArg(args[0])
	if !ok || !isStruct(l.Type().Elem()) || len(l.Type().Elem().StructFields()) != 2 {
		return nil, noMatch(name, args)
	}
	fs := l.Type().Elem().StructFields()
	mt := vector.MapOf(fs[0].Typ, fs[1].Typ)
	return nestedFunc(name, mt, true, func(a []vector.Value) (vector.Value, error) {
		keys := make([]vector.Value, len(a[0].List))
		vals := make([]vector.Value, len(a[0].List))
		for i, e := range a[0].List {
			if e.Null {
				return vector.Value{}, errorf("Invalid Input", "The list of entries cannot contain NULL values")
			}
			keys[i], vals[i] = e.Fields[0], e.Fields[1]
		}
		return buildMap(mt, keys, vals)
	}, l), nil
}

func bindMapParts(name string, args []Expr) (Expr, error) {
	if len(args) != 1 || !isMap(args[0].Type()) {
		return nil, noMatch(name, args)
	}
	mt := args[0].Type()
	var rt vector.Type
	switch name {
	case "map_keys":
		rt = vector.ListOf(mt.MapKey())
	case "map_values":
		rt = vector.ListOf(mt.MapValue())
	default:
		rt = vector.ListOf(mt.Elem())
	}
	return nestedFunc(name, rt, true, func(a []vector.Value) (vector.Value, error) {
		out := vector.Value{Typ: rt, List: make([]vector.Value, len(a[0].List))}
		for i, e := range a[0].List {
			switch name {
			case "map_keys":
				out.List[i] = e.Fields[0]
			case "map_values":
				out.List[i] = e.Fields[1]
			default:
				out.List[i] = e
			}
		}
		return out, nil
	}, args...), nil
}

// mapLookup casts the key to the map's key type and returns the value
// list (DuckDB's map_extract) or the single value.
func mapLookup(name string, args []Expr, single bool) (Expr, error) {
	if len(args) != 2 || !isMap(args[0].Type()) {
		return nil, noMatch(name, args)
	}
	mt := args[0].Type()
	kt, ok := CommonType(mt.MapKey(), args[1].Type())
	if !ok {
		return nil, noMatch(name, args)
	}
	m, err := castTo(args[0], vector.MapOf(kt, mt.MapValue()))
	if err != nil {
		return nil, err
	}
	k, err := castTo(args[1], kt)
	if err != nil {
		return nil, err
	}
	vt := mt.MapValue()
	rt := vector.ListOf(vt)
	if single {
		rt = vt
	}
	return nestedFunc(name, rt, true, func(a []vector.Value) (vector.Value, error) {
		for _, e := range a[0].List {
			if compareValues(e.Fields[0], a[1]) == 0 {
				if single {
					return e.Fields[1], nil
				}
				return vector.Value{Typ: rt, List: []vector.Value{e.Fields[1]}}, nil
			}
		}
		if single {
			return vector.NullValue(vt), nil
		}
		return vector.Value{Typ: rt, List: []vector.Value{}}, nil
	}, m, k), nil
}

func bindMapExtract(name string, args []Expr) (Expr, error) { return mapLookup(name, args, false) }

func bindMapExtractValue(name string, args []Expr) (Expr, error) {
	return mapLookup(name, args, true)
}
