package parquet

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"
)

// TestNestedRoundTrip writes nested columns with every kind of nested NULL
// and reads them back: types and rendered values must match.
func TestNestedRoundTrip(t *testing.T) {
	i32, str := vector.Integer, vector.Varchar
	listT := vector.ListOf(i32)
	structT := vector.StructOf([]vector.StructField{{Name: "a", Typ: i32}, {Name: "b", Typ: str}})
	mapT := vector.MapOf(str, i32)
	listStructT := vector.ListOf(structT)
	listListT := vector.ListOf(listT)
	structListT := vector.StructOf([]vector.StructField{{Name: "l", Typ: listT}, {Name: "s", Typ: str}})
	mapListT := vector.MapOf(str, listT)
	listMapT := vector.ListOf(mapT)

	iv := func(x int64) vector.Value { return vector.Value{Typ: i32, I64: x} }
	sv := func(s string) vector.Value { return vector.Value{Typ: str, Str: s} }
	null := vector.NullValue
	list := func(t vector.Type, xs ...vector.Value) vector.Value {
		if xs == nil {
			xs = []vector.Value{}
		}
		return vector.Value{Typ: t, List: xs}
	}
	st := func(t vector.Type, fs ...vector.Value) vector.Value { return vector.Value{Typ: t, Fields: fs} }
	kv := func(t vector.Type, k string, v vector.Value) vector.Value {
		return vector.Value{Typ: t.Elem(), Fields: []vector.Value{sv(k), v}}
	}

	tests := []struct {
		name string
		typ  vector.Type
		vals []vector.Value
	}{
		{"list", listT, []vector.Value{
			list(listT, iv(1), iv(2)), null(listT), list(listT), list(listT, null(i32)),
			list(listT, null(i32), iv(3), null(i32)), list(listT, iv(4)),
		}},
		{"struct", structT, []vector.Value{
			st(structT, iv(1), sv("x")), null(structT), st(structT, null(i32), null(str)),
			st(structT, iv(2), sv("")), st(structT, null(i32), sv("y")),
		}},
		{"map", mapT, []vector.Value{
			list(mapT, kv(mapT, "k1", iv(10)), kv(mapT, "k2", null(i32))), null(mapT), list(mapT),
			list(mapT, kv(mapT, "k", iv(1))),
		}},
		{"list_struct", listStructT, []vector.Value{
			list(listStructT, st(structT, iv(5), null(str))), null(listStructT), list(listStructT),
			list(listStructT, null(structT), st(structT, iv(6), sv("y"))),
			list(listStructT, st(structT, null(i32), null(str)), null(structT)),
		}},
		{"list_list", listListT, []vector.Value{
			list(listListT, list(listT, iv(1)), list(listT), null(listT)), null(listListT), list(listListT),
			list(listListT, list(listT, null(i32), iv(2)), list(listT, iv(3), iv(4), iv(5))),
			list(listListT, list(listT)), list(listListT, null(listT)),
		}},
		{"struct_list", structListT, []vector.Value{
			st(structListT, list(listT, iv(1), iv(2)), sv("a")), null(structListT),
			st(structListT, null(listT), null(str)), st(structListT, list(listT), sv("b")),
			st(structListT, list(listT, null(i32)), null(str)),
		}},
		{"map_list", mapListT, []vector.Value{
			list(mapListT, kv(mapListT, "a", list(listT, iv(1))), kv(mapListT, "b", null(listT)), kv(mapListT, "c", list(listT))),
			null(mapListT), list(mapListT),
		}},
		{"list_map", listMapT, []vector.Value{
			list(listMapT, list(mapT, kv(mapT, "k", iv(1))), null(mapT), list(mapT)), null(listMapT), list(listMapT),
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// A flat column beside the nested one, and several row groups.
			schema := []storage.Column{{Name: "i", Type: vector.BigInt}, {Name: "n", Type: tc.typ}}
			ids := make([]vector.Value, len(tc.vals))
			for i := range ids {
				ids[i] = vector.IntValue(int64(i))
			}
			path := filepath.Join(t.TempDir(), "nested.parquet")
			writeChunk(t, path, schema, []*vector.Vector{vector.NewFromValues(vector.BigInt, ids), vector.NewFromValues(tc.typ, tc.vals)}, 2)
			tbl, err := Open([]string{path})
			if err != nil {
				t.Fatal(err)
			}
			defer tbl.Close()
			if got := tbl.Schema()[1].Type; !got.Equal(tc.typ) {
				t.Fatalf("type %s, want %s", got, tc.typ)
			}
			// Filters prune row groups (on i) but leave nested columns
			// whole; rows that survive must still be read correctly.
			isNull := storage.Filter{Col: 1, Op: storage.OpIsNull}
			geq := storage.Filter{Col: 0, Op: storage.OpGe, Value: vector.IntValue(2)}
			for _, f := range []storage.Filter{isNull, geq} {
				chunks, st := scanAll(t, tbl, storage.ScanSpec{Columns: []int{0, 1}, Filters: []storage.Filter{f}})
				if f.Op == storage.OpGe && st.RowGroupsSkipped != 1 {
					t.Errorf("filter i >= 2 skipped %d row groups, want 1", st.RowGroupsSkipped)
				}
				seen := map[int64]bool{}
				for _, r := range rows(chunks) {
					i := r[0].I64
					seen[i] = true
					if i < 0 || i >= int64(len(tc.vals)) || r[1].String() != tc.vals[i].String() {
						t.Errorf("filter %v: row i=%d: got %s", f.Op, i, r[1])
					}
				}
				for i := 2; i < len(tc.vals) && f.Op == storage.OpGe; i++ {
					if !seen[int64(i)] {
						t.Errorf("filter i >= 2 lost row %d", i)
					}
				}
			}
			for _, cols := range [][]int{{0, 1}, {1}} {
				chunks, _ := scanAll(t, tbl, storage.ScanSpec{Columns: cols})
				got := rows(chunks)
				if len(got) != len(tc.vals) {
					t.Fatalf("columns %v: %d rows, want %d", cols, len(got), len(tc.vals))
				}
				for i, r := range got {
					g, w := r[len(r)-1].String(), tc.vals[i].String()
					if g != w || r[len(r)-1].Null != tc.vals[i].Null {
						t.Errorf("columns %v row %d: got %s, want %s", cols, i, g, w)
					}
					if len(cols) == 2 && r[0].I64 != int64(i) {
						t.Errorf("row %d: i = %d", i, r[0].I64)
					}
				}
			}
		})
	}
}

func writeChunk(t testing.TB, path string, schema []storage.Column, cols []*vector.Vector, rgSize int64) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w, err := NewWriter(f, schema, WriterOptions{RowGroupSize: rgSize})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(&vector.Chunk{Cols: cols, Len: cols[0].Len()}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// lv is one leaf entry: repetition level, definition level and value.
type lv struct {
	r, d byte
	x    any // int64 or string; nil for NULL
}

// TestNestedLegacyLayouts maps legacy list and map layouts (bare repeated
// fields, two-level lists, MAP_KEY_VALUE groups) and assembles rows from
// given levels.
func TestNestedLegacyLayouts(t *testing.T) {
	i32 := format.Int32
	bin := format.ByteArray
	prim := func(name string, rep format.FieldRepetitionType, typ format.Type) format.SchemaElement {
		se := format.SchemaElement{Name: name, Type: thrift.New(typ), RepetitionType: thrift.New(rep)}
		if typ == bin {
			se.ConvertedType = thrift.New(deprecated.UTF8)
		}
		return se
	}
	group := func(name string, rep format.FieldRepetitionType, n int32, ct deprecated.ConvertedType) format.SchemaElement {
		se := format.SchemaElement{Name: name, RepetitionType: thrift.New(rep), NumChildren: thrift.New(n)}
		if ct >= 0 {
			se.ConvertedType = thrift.New(ct)
		}
		return se
	}
	opt, req, rpt := format.Optional, format.Required, format.Repeated
	tests := []struct {
		name    string
		schema  []format.SchemaElement
		typ     string
		leaves  [][]lv
		want    []string
		wantErr string
	}{
		{
			name:   "bare repeated",
			schema: []format.SchemaElement{prim("r", rpt, i32)},
			typ:    "INTEGER[]",
			leaves: [][]lv{{{0, 1, int64(1)}, {1, 1, int64(2)}, {0, 0, nil}, {0, 1, int64(3)}}},
			want:   []string{"[1, 2]", "[]", "[3]"},
		},
		{
			name:   "two-level array",
			schema: []format.SchemaElement{group("a", opt, 1, deprecated.List), prim("array", rpt, i32)},
			typ:    "INTEGER[]",
			leaves: [][]lv{{{0, 0, nil}, {0, 1, nil}, {0, 2, int64(5)}, {1, 2, int64(6)}}},
			want:   []string{"NULL", "[]", "[5, 6]"},
		},
		{
			name: "two-level struct elements",
			schema: []format.SchemaElement{group("a", opt, 1, deprecated.List), group("elem", rpt, 2, -1),
				prim("x", req, i32), prim("y", opt, i32)},
			typ: "STRUCT(x INTEGER, y INTEGER)[]",
			leaves: [][]lv{
				{{0, 2, int64(1)}, {1, 2, int64(2)}, {0, 0, nil}},
				{{0, 2, nil}, {1, 3, int64(3)}, {0, 0, nil}},
			},
			want: []string{"[{'x': 1, 'y': NULL}, {'x': 2, 'y': 3}]", "NULL"},
		},
		{
			name: "required three-level list",
			schema: []format.SchemaElement{group("a", req, 1, deprecated.List), group("list", rpt, 1, -1),
				prim("element", opt, i32)},
			typ:    "INTEGER[]",
			leaves: [][]lv{{{0, 0, nil}, {0, 1, nil}, {1, 2, int64(7)}}},
			want:   []string{"[]", "[NULL, 7]"},
		},
		{
			name: "legacy map",
			schema: []format.SchemaElement{group("m", opt, 1, deprecated.Map), group("map", rpt, 2, deprecated.MapKeyValue),
				prim("key", req, bin), prim("value", opt, i32)},
			typ: "MAP(VARCHAR, INTEGER)",
			leaves: [][]lv{
				{{0, 2, "a"}, {1, 2, "b"}, {0, 0, nil}, {0, 1, nil}},
				{{0, 3, int64(1)}, {1, 2, nil}, {0, 0, nil}, {0, 1, nil}},
			},
			want: []string{"{a=1, b=NULL}", "NULL", "{}"},
		},
		{
			name: "leaves disagree on element count",
			schema: []format.SchemaElement{group("a", opt, 1, deprecated.List), group("elem", rpt, 2, -1),
				prim("x", req, i32), prim("y", opt, i32)},
			typ: "STRUCT(x INTEGER, y INTEGER)[]",
			leaves: [][]lv{
				{{0, 2, int64(1)}, {1, 2, int64(2)}},
				{{0, 2, nil}},
			},
			wantErr: "inconsistent",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root := format.SchemaElement{Name: "schema", NumChildren: thrift.New(int32(1))}
			cols, err := fieldsOf(append([]format.SchemaElement{root}, tc.schema...))
			if err != nil {
				t.Fatal(err)
			}
			c := cols[0]
			if c.unsupported != "" || c.nest == nil {
				t.Fatalf("column not supported: %q", c.unsupported)
			}
			if got := c.typ.String(); got != tc.typ {
				t.Fatalf("type %s, want %s", got, tc.typ)
			}
			leaves := leavesOf(c.nest)
			if len(leaves) != len(tc.leaves) {
				t.Fatalf("%d leaves, want %d", len(leaves), len(tc.leaves))
			}
			nr := &nestedReader{root: c.nest, nrows: int64(len(tc.want)), lo: make([]int, len(leaves)), hi: make([]int, len(leaves))}
			for k, es := range tc.leaves {
				d := &leafData{vals: vector.Vector{Typ: leaves[k].typ}}
				for _, e := range es {
					if e.d == leaves[k].def {
						switch v := e.x.(type) {
						case int64:
							d.vals.I64 = append(d.vals.I64, v)
						case string:
							d.vals.Str = append(d.vals.Str, v)
						}
						d.nvals++
					}
					d.rep = append(d.rep, e.r)
					d.def = append(d.def, e.d)
				}
				nr.leaves = append(nr.leaves, d)
			}
			n := len(tc.want)
			if tc.wantErr != "" {
				n = 1
				nr.nrows = 1
			}
			v, err := nr.read(c.typ, n)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for i, w := range tc.want {
				if g := v.Get(i).String(); g != w {
					t.Errorf("row %d: got %s, want %s", i, g, w)
				}
			}
		})
	}
}

// TestNestedUnsupportedLayout checks that a LIST group without a repeated
// child is reported when scanned, not misread.
func TestNestedUnsupportedLayout(t *testing.T) {
	schema := []format.SchemaElement{
		{Name: "schema", NumChildren: thrift.New(int32(1))},
		{Name: "a", RepetitionType: thrift.New(format.Optional), NumChildren: thrift.New(int32(1)), ConvertedType: thrift.New(deprecated.List)},
		{Name: "x", RepetitionType: thrift.New(format.Optional), Type: thrift.New(format.Int32)},
	}
	cols, err := fieldsOf(schema)
	if err != nil {
		t.Fatal(err)
	}
	if cols[0].nest != nil || !strings.Contains(cols[0].unsupported, "LIST") {
		t.Fatalf("got nest %v, unsupported %q", cols[0].nest != nil, cols[0].unsupported)
	}
}
