package json

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

func rowsOf(t *testing.T, tbl storage.Table) []string {
	t.Helper()
	cols := make([]int, len(tbl.Schema()))
	for i := range cols {
		cols[i] = i
	}
	sc, err := tbl.Scan(context.Background(), storage.ScanSpec{Columns: cols})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for m := 0; m < sc.Morsels(); m++ {
		err := sc.ReadMorsel(context.Background(), m, func(ch *vector.Chunk) error {
			for r := 0; r < ch.Rows(); r++ {
				parts := make([]string, len(ch.Cols))
				for c, v := range ch.Cols {
					parts[c] = v.Get(r).String()
				}
				out = append(out, strings.Join(parts, "|"))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func schemaString(tbl storage.Table) string {
	var parts []string
	for _, c := range tbl.Schema() {
		parts = append(parts, c.Name+" "+c.Type.String())
	}
	return strings.Join(parts, ", ")
}

func TestRead(t *testing.T) {
	tests := []struct {
		name, in string
		opts     Options
		schema   string
		rows     string
	}{
		{"ndjson scalars", "{\"b\": 1, \"a\": \"x\"}\n{\"a\": \"y\", \"b\": 2.5, \"c\": true}\n{\"b\": null}\n",
			Options{}, "b DOUBLE, a VARCHAR, c BOOLEAN", "1.0|x|NULL 2.5|y|true NULL|NULL|NULL"},
		{"array", `[{"id": 1, "d": "2024-01-02"}, {"id": 2, "d": "2024-03-04"}]`,
			Options{}, "id BIGINT, d DATE", "1|2024-01-02 2|2024-03-04"},
		{"nested", `{"s": {"x": 1, "y": [1, 2]}, "l": ["a", "b"]}` + "\n" + `{"s": {"x": 2}, "l": []}`,
			Options{}, "s STRUCT(x BIGINT, y BIGINT[]), l VARCHAR[]", "{'x': 1, 'y': [1, 2]}|[a, b] {'x': 2, 'y': NULL}|[]"},
		{"conflict is json text", `{"v": 1}` + "\n" + `{"v": {"k": [1, "z"]}}`,
			Options{}, "v VARCHAR", `1 {"k":[1,"z"]}`},
		{"scalars", "1\n2\n3", Options{}, "json BIGINT", "1 2 3"},
		{"objects", "{\"a\":1}\n{\"b\":2}", Options{Objects: true}, "json VARCHAR", `{"a":1} {"b":2}`},
		{"columns", `{"a": "5", "b": 1}`, Options{Columns: []storage.Column{{Name: "a", Type: vector.Integer}}}, "a INTEGER", "5"},
		{"ignore errors", "{\"a\": 1}\n{oops\n{\"a\": 3}\n", Options{IgnoreErrors: true}, "a BIGINT", "1 3"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tbl, err := Parse("t.json", []byte(tc.in), tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if got := schemaString(tbl); got != tc.schema {
				t.Errorf("schema = %s, want %s", got, tc.schema)
			}
			if got := strings.Join(rowsOf(t, tbl), " "); got != tc.rows {
				t.Errorf("rows = %s, want %s", got, tc.rows)
			}
		})
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"{\"a\": 1}\n{\"a\": 2}\n{\"a\": }\n", "line 3"},
		{"[{\"a\": 1}, ", "t.json"},
		{"{\"a\": 1}\n[1]\n", "line 2"},
		{strings.Repeat("[", 5000) + strings.Repeat("]", 5000), "t.json"},
	}
	for _, tc := range tests {
		_, _, err := readNew("t.json", []byte(tc.in), Options{}, "")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%.30q) error = %v, want one mentioning %q", tc.in, err, tc.want)
		}
	}
}

func TestWriteRead(t *testing.T) {
	schema := []storage.Column{{Name: "i", Type: vector.BigInt}, {Name: "s", Type: vector.Varchar}, {Name: "l", Type: vector.ListOf(vector.Double)}}
	ch := vector.NewChunk([]vector.Type{schema[0].Type, schema[1].Type, schema[2].Type}, 0)
	for i, s := range []string{"a\"b\n", "é\\"} {
		ch.Cols[0].Append(vector.IntValue(int64(i)))
		ch.Cols[1].Append(vector.StringValue(s))
		ch.Cols[2].Append(vector.Value{Typ: schema[2].Type, List: []vector.Value{vector.DoubleValue(1.5), vector.NullValue(vector.Double)}})
		ch.Len++
	}
	for _, arr := range []bool{false, true} {
		var buf bytes.Buffer
		w, err := NewWriter(&buf, schema, WriteOptions{Array: arr})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Write(ch); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		tbl, err := Parse("w.json", buf.Bytes(), Options{})
		if err != nil {
			t.Fatalf("%s: %v", buf.String(), err)
		}
		if got := strings.Join(rowsOf(t, tbl), " / "); got != "0|a\"b\n|[1.5, NULL] / 1|é\\|[1.5, NULL]" {
			t.Errorf("array=%v: rows = %q", arr, got)
		}
	}
}
