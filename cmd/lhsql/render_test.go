package main

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/lhsql/lhsql/vector"
)

// fakeResult serves prepared chunks.
type fakeResult struct {
	cols   []string
	types  []vector.Type
	chunks []*vector.Chunk
	err    error // returned after the chunks
	closed bool
}

func (f *fakeResult) Columns() []string    { return f.cols }
func (f *fakeResult) Types() []vector.Type { return f.types }
func (f *fakeResult) Close() error         { f.closed = true; return nil }
func (f *fakeResult) Next() (*vector.Chunk, error) {
	if len(f.chunks) == 0 {
		return nil, f.err
	}
	c := f.chunks[0]
	f.chunks = f.chunks[1:]
	return c, nil
}

// table builds a result from rows of Go values (nil = NULL), split into
// chunks of chunkLen rows.
func table(cols []string, types []vector.Type, chunkLen int, rows ...[]any) *fakeResult {
	res := &fakeResult{cols: cols, types: types}
	for lo := 0; lo < len(rows); lo += chunkLen {
		hi := min(lo+chunkLen, len(rows))
		n := hi - lo
		ch := vector.NewChunk(types, n)
		for r := lo; r < hi; r++ {
			for c, x := range rows[r] {
				col := ch.Cols[c]
				i := r - lo
				switch x := x.(type) {
				case nil:
					col.SetNull(i, n)
				case bool:
					col.Bool[i] = x
				case int:
					col.I64[i] = int64(x)
				case float64:
					col.F64[i] = x
				case string:
					col.Str[i] = x
				case vector.Interval:
					col.Iv[i] = x
				default:
					panic("table: unsupported value")
				}
			}
		}
		res.chunks = append(res.chunks, ch)
	}
	return res
}

func sample() *fakeResult {
	return table(
		[]string{"id", "name", "price", "day", "ok"},
		[]vector.Type{vector.Integer, vector.Varchar, vector.Decimal(15, 2), vector.Date, vector.Boolean},
		2,
		[]any{1, "apple", 125, int(vector.DateFromCivil(2024, 1, 2)), true},
		[]any{22, "kiwi, \"gold\"", -5, nil, false},
		[]any{333, nil, 100000, int(vector.DateFromCivil(1999, 12, 31)), nil},
	)
}

func TestRenderModes(t *testing.T) {
	tests := []struct {
		mode string
		want string
	}{
		{"box", `
┌───────┬──────────────┬───────────────┬────────────┬─────────┐
│  id   │     name     │     price     │    day     │   ok    │
│ int32 │   varchar    │ decimal(15,2) │    date    │ boolean │
├───────┼──────────────┼───────────────┼────────────┼─────────┤
│     1 │ apple        │          1.25 │ 2024-01-02 │ true    │
│    22 │ kiwi, "gold" │         -0.05 │ NULL       │ false   │
│   333 │ NULL         │       1000.00 │ 1999-12-31 │ NULL    │
└───────┴──────────────┴───────────────┴────────────┴─────────┘
`},
		{"csv", `
id,name,price,day,ok
1,apple,1.25,2024-01-02,true
22,"kiwi, ""gold""",-0.05,,false
333,,1000.00,1999-12-31,
`},
		{"json", `
[{"id":1,"name":"apple","price":1.25,"day":"2024-01-02","ok":true},
{"id":22,"name":"kiwi, \"gold\"","price":-0.05,"day":null,"ok":false},
{"id":333,"name":null,"price":1000.00,"day":"1999-12-31","ok":null}]
`},
		{"jsonlines", `
{"id":1,"name":"apple","price":1.25,"day":"2024-01-02","ok":true}
{"id":22,"name":"kiwi, \"gold\"","price":-0.05,"day":null,"ok":false}
{"id":333,"name":null,"price":1000.00,"day":"1999-12-31","ok":null}
`},
		{"list", `
id|name|price|day|ok
1|apple|1.25|2024-01-02|true
22|kiwi, "gold"|-0.05|NULL|false
333|NULL|1000.00|1999-12-31|NULL
`},
		{"line", `
   id = 1
 name = apple
price = 1.25
  day = 2024-01-02
   ok = true

   id = 22
 name = kiwi, "gold"
price = -0.05
  day = NULL
   ok = false

   id = 333
 name = NULL
price = 1000.00
  day = 1999-12-31
   ok = NULL
`},
		{"markdown", `
| id  | name         | price   | day        | ok    |
|----:|--------------|--------:|------------|-------|
|   1 | apple        |    1.25 | 2024-01-02 | true  |
|  22 | kiwi, "gold" |   -0.05 | NULL       | false |
| 333 | NULL         | 1000.00 | 1999-12-31 | NULL  |
`},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			var sb strings.Builder
			res := sample()
			n, err := render(context.Background(), &sb, res, renderOptions{Mode: tt.mode, MaxRows: 40})
			if err != nil {
				t.Fatal(err)
			}
			if n != 3 {
				t.Errorf("render returned %d rows, want 3", n)
			}
			want := strings.TrimPrefix(tt.want, "\n")
			if sb.String() != want {
				t.Errorf("got:\n%s\nwant:\n%s", sb.String(), want)
			}
		})
	}
}

func TestRenderMarkdownEscapes(t *testing.T) {
	// A '|' in a header or value is escaped.
	var sb strings.Builder
	res := table([]string{"a|b"}, []vector.Type{vector.Varchar}, 10, []any{"x|y"})
	if _, err := render(context.Background(), &sb, res, renderOptions{Mode: "markdown"}); err != nil {
		t.Fatal(err)
	}
	want := "| a\\|b |\n|------|\n| x\\|y |\n"
	if sb.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", sb.String(), want)
	}
}

func TestRenderEmpty(t *testing.T) {
	tests := []struct {
		mode, want string
	}{
		{"box", `
┌───────┬─────────┐
│   a   │    b    │
│ int64 │ varchar │
├───────┴─────────┤
│ 0 rows          │
└─────────────────┘
`},
		{"csv", "\na,b\n"},
		{"json", "\n[]\n"},
		{"jsonlines", "\n"},
		{"list", "\na|b\n"},
		{"line", "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			var sb strings.Builder
			res := table([]string{"a", "b"}, []vector.Type{vector.BigInt, vector.Varchar}, 10)
			if _, err := render(context.Background(), &sb, res, renderOptions{Mode: tt.mode}); err != nil {
				t.Fatal(err)
			}
			if want := strings.TrimPrefix(tt.want, "\n"); sb.String() != want {
				t.Errorf("got:\n%s\nwant:\n%s", sb.String(), want)
			}
		})
	}
}

func TestRenderNoColumns(t *testing.T) {
	var sb strings.Builder
	if _, err := render(context.Background(), &sb, &fakeResult{}, renderOptions{Mode: "box"}); err != nil {
		t.Fatal(err)
	}
	if sb.Len() != 0 {
		t.Errorf("a statement without columns printed %q", sb.String())
	}
}

func TestRenderTruncated(t *testing.T) {
	var rows [][]any
	for i := range 1234 {
		rows = append(rows, []any{i})
	}
	res := table([]string{"x"}, []vector.Type{vector.BigInt}, 100, rows...)
	var sb strings.Builder
	n, err := render(context.Background(), &sb, res, renderOptions{Mode: "box", MaxRows: 5})
	if err != nil {
		t.Fatal(err)
	}
	if n != 1234 {
		t.Errorf("n = %d, want 1234", n)
	}
	want := `
┌──────────────────────┐
│          x           │
│        int64         │
├──────────────────────┤
│                    0 │
│                    1 │
│                    2 │
│          ·           │
│          ·           │
│          ·           │
│                 1232 │
│                 1233 │
├──────────────────────┤
│ 1,234 rows (5 shown) │
└──────────────────────┘
`
	if want = strings.TrimPrefix(want, "\n"); sb.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", sb.String(), want)
	}
}

func TestRenderMaxRowsBoundary(t *testing.T) {
	tests := []struct {
		rows, maxRows int
		truncated     bool
	}{
		{4, 4, false},
		{5, 4, true},
		{3, 1, true},
		{100, 0, false},
		{100, -1, false},
	}
	for _, tt := range tests {
		var rows [][]any
		for i := range tt.rows {
			rows = append(rows, []any{i})
		}
		var sb strings.Builder
		res := table([]string{"x"}, []vector.Type{vector.BigInt}, 3, rows...)
		if _, err := render(context.Background(), &sb, res, renderOptions{Mode: "box", MaxRows: tt.maxRows}); err != nil {
			t.Fatal(err)
		}
		out := sb.String()
		if got := strings.Contains(out, "·"); got != tt.truncated {
			t.Errorf("%d rows, maxrows %d: truncated = %v, want %v\n%s", tt.rows, tt.maxRows, got, tt.truncated, out)
		}
		shown := strings.Count(out, "\n") - 5 // borders and two header lines
		if tt.truncated {
			shown -= 3 + 2 // dots, footer and its separator
			if shown != tt.maxRows {
				t.Errorf("%d rows, maxrows %d: %d rows shown", tt.rows, tt.maxRows, shown)
			}
		} else if shown != tt.rows {
			t.Errorf("%d rows, maxrows %d: %d rows shown", tt.rows, tt.maxRows, shown)
		}
	}
}

func TestRenderWidthAndEscapes(t *testing.T) {
	res := table([]string{"s", "n"}, []vector.Type{vector.Varchar, vector.Double}, 10,
		[]any{"line1\nline2\ttab", 1.5},
		[]any{"日本語", nil},
		[]any{strings.Repeat("z", 40), 2.0},
	)
	var sb strings.Builder
	if _, err := render(context.Background(), &sb, res, renderOptions{Mode: "box", MaxWidth: 30}); err != nil {
		t.Fatal(err)
	}
	want := `
┌───────────────────┬────────┐
│         s         │   n    │
│      varchar      │ double │
├───────────────────┼────────┤
│ line1\nline2\ttab │    1.5 │
│ 日本語            │   NULL │
│ zzzzzzzzzzzzzzzz… │    2.0 │
└───────────────────┴────────┘
`
	if want = strings.TrimPrefix(want, "\n"); sb.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", sb.String(), want)
	}
	for _, line := range strings.Split(strings.TrimSuffix(sb.String(), "\n"), "\n") {
		if w := displayWidth(line); w != 30 {
			t.Errorf("line %q is %d cells wide, want 30", line, w)
		}
	}
}

func TestRenderTypes(t *testing.T) {
	types := []vector.Type{vector.TinyInt, vector.SmallInt, vector.BigInt, vector.HugeInt, vector.UTinyInt,
		vector.UBigInt, vector.Float, vector.Double, vector.Blob, vector.Time, vector.Timestamp,
		vector.TimestampTZ, vector.IntervalType, vector.UUID, vector.Null}
	want := []string{"int8", "int16", "int64", "int128", "uint8", "uint64", "float", "double", "blob",
		"time", "timestamp", "timestamp with time zone", "interval", "uuid", `"null"`}
	for i, typ := range types {
		if got := boxTypeName(typ); got != want[i] {
			t.Errorf("boxTypeName(%v) = %q, want %q", typ, got, want[i])
		}
	}
}

func TestRenderJSONSpecialValues(t *testing.T) {
	res := table([]string{"f", "s", "iv"}, []vector.Type{vector.Double, vector.Varchar, vector.IntervalType}, 10,
		[]any{math.Inf(1), "tab\there \x01 \"q\" \\", vector.Interval{Days: 2}},
	)
	var sb strings.Builder
	if _, err := render(context.Background(), &sb, res, renderOptions{Mode: "json"}); err != nil {
		t.Fatal(err)
	}
	want := `[{"f":"inf","s":"tab\there \u0001 \"q\" \\","iv":"2 days"}]` + "\n"
	if sb.String() != want {
		t.Errorf("got %s want %s", sb.String(), want)
	}
}

func TestRenderStreamError(t *testing.T) {
	res := sample()
	res.err = errors.New("disk on fire")
	var sb strings.Builder
	if _, err := render(context.Background(), &sb, res, renderOptions{Mode: "csv"}); err == nil || err.Error() != "disk on fire" {
		t.Fatalf("render error = %v", err)
	}
}

func TestGroupThousands(t *testing.T) {
	for in, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 123456: "123,456", 1234567: "1,234,567"} {
		if got := groupThousands(in); got != want {
			t.Errorf("groupThousands(%d) = %q, want %q", in, got, want)
		}
	}
}

func TestRenderStopsWhenCancelled(t *testing.T) {
	var rows [][]any
	for i := range 100 {
		rows = append(rows, []any{i})
	}
	res := table([]string{"x"}, []vector.Type{vector.BigInt}, 10, rows...)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var sb strings.Builder
	n, err := render(ctx, &sb, res, renderOptions{Mode: "csv"})
	if !errors.Is(err, context.Canceled) || n != 0 {
		t.Errorf("render after cancel = %d rows, %v; want 0, context.Canceled", n, err)
	}
}
