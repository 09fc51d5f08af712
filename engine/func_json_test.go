package engine

import (
	"testing"

	"github.com/lhsql/lhsql/vector"
)

func TestFuncJSON(t *testing.T) {
	S, I := vStr, vBig
	N := vNull(vector.Varchar)
	doc := S(`{"a": {"b": [10, 20, {"c": "x\ny"}]}, "s": "str", "n": null, "k.e": 1.5, "t": true}`)
	runCases(t, []fcase{
		{"json_extract", vals(doc, S("$.a.b[1]")), "20"},
		{"json_extract", vals(doc, S("$.a.b")), `[10,20,{"c":"x\ny"}]`},
		{"json_extract", vals(doc, S("$.a.b[2].c")), `"x\ny"`},
		{"json_extract", vals(doc, S("$.a.b[#-1].c")), `"x\ny"`},
		{"json_extract", vals(doc, S("$.a.b[5]")), "NULL"},
		{"json_extract", vals(doc, S("$.missing")), "NULL"},
		{"json_extract", vals(doc, S("$.n")), "null"},
		{"json_extract", vals(doc, S(`$."k.e"`)), "1.5"},
		{"json_extract", vals(doc, S(`$["k.e"]`)), "1.5"},
		{"json_extract", vals(doc, S("/a/b/0")), "10"},
		{"json_extract", vals(doc, S("s")), `"str"`},
		{"json_extract", vals(doc, S("$")), `{"a":{"b":[10,20,{"c":"x\ny"}]},"s":"str","n":null,"k.e":1.5,"t":true}`},
		{"json_extract", vals(S(`[1, [2, 3]]`), I(1)), "[2,3]"},
		{"json_extract", vals(S(`[1, [2, 3]]`), I(-1)), "[2,3]"},
		{"json_extract", vals(N, S("$.a")), "NULL"},
		{"->", vals(doc, S("a")), `{"b":[10,20,{"c":"x\ny"}]}`},
		{"json_extract_string", vals(doc, S("$.a.b[2].c")), "x\ny"},
		{"json_extract_string", vals(doc, S("$.s")), "str"},
		{"json_extract_string", vals(doc, S("$.n")), "NULL"},
		{"json_extract_string", vals(doc, S("$.t")), "true"},
		{"json_extract_string", vals(doc, S("$.a.b")), `[10,20,{"c":"x\ny"}]`},
		{"json_extract_string", vals(S(`{"u": "\u00e9\ud83d\ude00"}`), S("$.u")), "é😀"},
		{"->>", vals(doc, S("s")), "str"},
		{"->>", vals(S(`[1, 2]`), I(0)), "1"},
		{"json_extract", vals(S(`{"a": }`), S("$.a")), "ERR:Malformed JSON"},
		{"json_extract", vals(S(`{"a": 1} x`), S("$.a")), "ERR:Malformed JSON"},
		{"json_extract", vals(doc, S("$.a[")), "ERR:JSON path"},
		{"json_valid", vals(doc), "true"},
		{"json_valid", vals(S(`{"a": [1, }`)), "false"},
		{"json_type", vals(doc), "OBJECT"},
		{"json_type", vals(S(`-3`)), "BIGINT"},
		{"json_array_length", vals(S(`[1, [2], {}]`)), "3"},
	})
}
