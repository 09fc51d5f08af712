package parquet

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
	pq "github.com/parquet-go/parquet-go"
)

// leafLevels reads every leaf column of a Parquet file as "rep/def:value"
// strings (value "-" for NULL), one slice per leaf, in schema order.
func leafLevels(t *testing.T, data []byte) ([]string, [][]string) {
	t.Helper()
	f, err := pq.OpenFile(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, p := range f.Schema().Columns() {
		paths = append(paths, strings.Join(p, "."))
	}
	out := make([][]string, len(paths))
	for _, rg := range f.RowGroups() {
		for c, cc := range rg.ColumnChunks() {
			pages := cc.Pages()
			for {
				p, err := pages.ReadPage()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				vals := make([]pq.Value, p.NumValues())
				n, err := p.Values().ReadValues(vals)
				if err != nil && err != io.EOF {
					t.Fatal(err)
				}
				for _, v := range vals[:n] {
					s := "-"
					if !v.IsNull() {
						s = v.String()
					}
					out[c] = append(out[c], fmt.Sprintf("%d/%d:%s", v.RepetitionLevel(), v.DefinitionLevel(), s))
				}
			}
			pages.Close()
		}
	}
	return paths, out
}

func TestWriteNestedLevels(t *testing.T) {
	i32 := vector.Integer
	listT := vector.ListOf(i32)
	structT := vector.StructOf([]vector.StructField{{Name: "a", Typ: i32}, {Name: "b", Typ: vector.Varchar}})
	mapT := vector.MapOf(vector.Varchar, i32)
	listStructT := vector.ListOf(structT)
	iv := func(x int64) vector.Value { return vector.Value{Typ: i32, I64: x} }
	sv := func(s string) vector.Value { return vector.Value{Typ: vector.Varchar, Str: s} }
	list := func(xs ...vector.Value) vector.Value { return vector.Value{Typ: listT, List: xs} }
	st := func(a, b vector.Value) vector.Value {
		return vector.Value{Typ: structT, Fields: []vector.Value{a, b}}
	}
	kv := func(k string, v vector.Value) vector.Value {
		return vector.Value{Typ: mapT.Elem(), Fields: []vector.Value{sv(k), v}}
	}
	mp := func(xs ...vector.Value) vector.Value { return vector.Value{Typ: mapT, List: xs} }
	ls := func(xs ...vector.Value) vector.Value { return vector.Value{Typ: listStructT, List: xs} }
	null := vector.NullValue

	schema := []storage.Column{{Name: "l", Type: listT}, {Name: "s", Type: structT}, {Name: "m", Type: mapT}, {Name: "ls", Type: listStructT}}
	rows := [][]vector.Value{
		{list(iv(1), iv(2)), st(iv(1), sv("x")), mp(kv("k1", iv(10)), kv("k2", null(i32))), ls(st(iv(5), null(vector.Varchar)))},
		{null(listT), null(structT), null(mapT), null(listStructT)},
		{list(), st(null(i32), null(vector.Varchar)), mp(), ls()},
		{list(null(i32), iv(3)), st(iv(2), sv("")), mp(kv("k", iv(1))), ls(null(structT), st(iv(6), sv("y")))},
	}
	cols := make([]*vector.Vector, len(schema))
	for c := range schema {
		var xs []vector.Value
		for _, r := range rows {
			xs = append(xs, r[c])
		}
		cols[c] = vector.NewFromValues(schema[c].Type, xs)
	}
	var buf bytes.Buffer
	w, err := NewWriter(&buf, schema, WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(&vector.Chunk{Cols: cols, Len: len(rows)}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	// Every leaf has a page index, and min/max where it holds values.
	f, err := pq.OpenFile(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if ci, oi := len(f.ColumnIndexes()), len(f.OffsetIndexes()); ci != 7 || oi != 7 {
		t.Errorf("%d column indexes and %d offset indexes, want 7 each", ci, oi)
	}
	for i, cc := range f.Metadata().RowGroups[0].Columns {
		st := cc.MetaData.Statistics
		if len(st.MinValue) == 0 && len(st.MaxValue) == 0 {
			t.Errorf("leaf %v has no min/max statistics", cc.MetaData.PathInSchema)
		}
		if i == 0 && (st.NullCount != 3) {
			t.Errorf("l.list.element null count %d, want 3", st.NullCount)
		}
	}
	paths, got := leafLevels(t, buf.Bytes())
	want := map[string]string{
		// l: optional list (def 1), repeated (2), optional element (3).
		"l.list.element": "0/3:1 1/3:2 0/0:- 0/1:- 0/2:- 1/3:3",
		// s: optional struct (1), optional fields (2).
		"s.a": "0/2:1 0/0:- 0/1:- 0/2:2",
		"s.b": "0/2:x 0/0:- 0/1:- 0/2:",
		// m: optional map (1), repeated key_value (2), required key, optional value (3).
		"m.key_value.key":   "0/2:k1 1/2:k2 0/0:- 0/1:- 0/2:k",
		"m.key_value.value": "0/3:10 1/2:- 0/0:- 0/1:- 0/3:1",
		// ls: list (1), repeated (2), element struct (3), fields (4).
		"ls.list.element.a": "0/4:5 0/0:- 0/1:- 0/2:- 1/4:6",
		"ls.list.element.b": "0/3:- 0/0:- 0/1:- 0/2:- 1/4:y",
	}
	if len(paths) != len(want) {
		t.Fatalf("leaves %v", paths)
	}
	for i, p := range paths {
		if g := strings.Join(got[i], " "); g != want[p] {
			t.Errorf("%s:\n got %s\nwant %s", p, g, want[p])
		}
	}
}
