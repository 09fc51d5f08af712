package engine

import (
	"regexp"
	"strings"
	"testing"

	"github.com/lhsql/lhsql/vector"
)

func TestFuncString(t *testing.T) {
	S, I := vStr, vBig
	N := vNull(vector.Varchar)
	runCases(t, []fcase{
		{"length", vals(S("héllo")), "5"},
		{"len", vals(S("")), "0"},
		{"length", vals(N), "NULL"},
		{"strlen", vals(S("héllo")), "6"},
		{"octet_length", vals(S("héllo")), "6"},
		{"lower", vals(S("HeLLo Ä")), "hello ä"},
		{"upper", vals(S("straße")), "STRAßE"},
		{"substring", vals(S("hello"), I(2), I(3)), "ell"},
		{"substring", vals(S("hello"), I(2)), "ello"},
		{"substring", vals(S("hello"), I(-3)), "llo"},
		{"substring", vals(S("hello"), I(-3), I(2)), "ll"},
		{"substring", vals(S("hello"), I(0), I(2)), "h"},
		{"substring", vals(S("hello"), I(10), I(2)), ""},
		{"substring", vals(S("hello"), I(3), I(-2)), "he"},
		{"substr", vals(S("añbñc"), I(2), I(3)), "ñbñ"},
		{"substring", vals(S("hello"), vInt(2), vInt(2)), "el"},
		{"left", vals(S("hello"), I(2)), "he"},
		{"left", vals(S("hello"), I(-2)), "hel"},
		{"right", vals(S("hello"), I(2)), "lo"},
		{"right", vals(S("hello"), I(-2)), "llo"},
		{"right", vals(S("héllo"), I(4)), "éllo"},
		{"trim", vals(S("  a b  ")), "a b"},
		{"ltrim", vals(S("  a  ")), "a  "},
		{"rtrim", vals(S("  a  ")), "  a"},
		{"trim", vals(S("xxaxx"), S("x")), "a"},
		{"concat", vals(S("a"), N, vInt(1), vBool(true)), "a1true"},
		{"concat", vals(N, N), ""},
		{"||", vals(S("a"), S("b")), "ab"},
		{"||", vals(S("a"), N), "NULL"},
		{"||", vals(S("a"), vInt(1)), "a1"},
		{"concat_ws", vals(S(","), S("a"), N, S("c")), "a,c"},
		{"concat_ws", vals(N, S("a")), "NULL"},
		{"starts_with", vals(S("hello"), S("he")), "true"},
		{"prefix", vals(S("hello"), S("lo")), "false"},
		{"ends_with", vals(S("hello"), S("lo")), "true"},
		{"suffix", vals(S("hello"), S("he")), "false"},
		{"contains", vals(S("hello"), S("ll")), "true"},
		{"contains", vals(S("hello"), S("")), "true"},
		{"replace", vals(S("banana"), S("an"), S("AN")), "bANANa"},
		{"replace", vals(S("abc"), S(""), S("x")), "abc"},
		{"position", vals(S("héllo"), S("l")), "3"},
		{"strpos", vals(S("hello"), S("z")), "0"},
		{"instr", vals(S("hello"), S("")), "1"},
		{"repeat", vals(S("ab"), I(3)), "ababab"},
		{"repeat", vals(S("ab"), I(-1)), ""},
		{"reverse", vals(S("héllo")), "olléh"},
		{"lpad", vals(S("5"), I(3), S("0")), "005"},
		{"lpad", vals(S("12345"), I(3), S("0")), "123"},
		{"rpad", vals(S("ab"), I(5), S("xy")), "abxyx"},
		{"split_part", vals(S("a,b,c"), S(","), I(2)), "b"},
		{"split_part", vals(S("a,b,c"), S(","), I(-1)), "c"},
		{"split_part", vals(S("a,b,c"), S(","), I(5)), ""},
		{"ascii", vals(S("A")), "65"},
		{"ascii", vals(S("")), "0"},
		{"chr", vals(vInt(65)), "A"},
		{"chr", vals(vInt(128512)), "😀"},
		{"md5", vals(S("abc")), "900150983cd24fb0d6963f7d28e17f72"},
		{"sha256", vals(S("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"length", vals(vInt(1)), "ERR:No function matches the given name and argument types 'length(INTEGER)'"},
		{"regexp_matches", vals(S("abc123"), S("[0-9]+")), "true"},
		{"regexp_matches", vals(S("abc"), S("^A"), S("i")), "true"},
		{"regexp_full_match", vals(S("abc123"), S("[a-z]+")), "false"},
		{"regexp_replace", vals(S("aaa"), S("a"), S("b")), "baa"},
		{"regexp_replace", vals(S("aaa"), S("a"), S("b"), S("g")), "bbb"},
		{"regexp_replace", vals(S("john smith"), S("(\\w+) (\\w+)"), S("\\2 \\1")), "smith john"},
		{"regexp_extract", vals(S("x=42;"), S("x=([0-9]+)"), I(1)), "42"},
		{"regexp_extract", vals(S("x=42;"), S("y=([0-9]+)")), ""},
		{"regexp_matches", vals(S("a"), S("(")), "ERR:Invalid Input Error"},
		{"hash", vals(S("a")), vector.Value{Typ: vector.UBigInt, I64: int64(hashString("a"))}.String()},
		{"typeof", vals(vDec(t, "1.5", 4, 1)), "DECIMAL(4,1)"},
		{"typeof", vals(vNull(vector.Null)), "NULL"},
	})
}

func TestExprLike(t *testing.T) {
	cases := []struct {
		s, p string
		want bool
	}{
		{"hello", "hello", true},
		{"hello", "hell", false},
		{"hello", "he%", true},
		{"hello", "%lo", true},
		{"hello", "%ll%", true},
		{"hello", "%", true},
		{"", "%", true},
		{"", "_", false},
		{"hello", "h_llo", true},
		{"héllo", "h_llo", true},
		{"hello", "%l_o", true},
		{"hello", "h%l%o", true},
		{"hello", "h%x%o", false},
		{"abcabc", "%b%b%", true},
		{"abc", "%b%b%", false},
		{"aXbXc", "a%b%c", true},
		{"ab", "a%b%b", false},
		{"abb", "a%b%b", true},
		{"aaa", "a%a", true},
		{"a", "a%a", false},
		{"xyz", "_y_", true},
		{"xyz", "__", false},
		{"abcd", "_%_", true},
		{"a", "_%_", false},
		{"mississippi", "%iss%ppi", true},
		{"mississippi", "m%issip%_", true},
	}
	for _, c := range cases {
		for _, name := range []string{"like", "not like"} {
			want := vector.BoolValue(c.want != (name == "not like")).String()
			checkFunc(t, name, vals(vStr(c.s), vStr(c.p)), want)
		}
		// Reference: translate to a regexp.
		re := "^" + strings.NewReplacer("%", ".*", "_", ".").Replace(regexp.QuoteMeta(c.p)) + "$"
		if regexp.MustCompile("(?s)"+re).MatchString(c.s) != c.want {
			t.Errorf("bad test case %q LIKE %q", c.s, c.p)
		}
	}
	runCases(t, []fcase{
		{"ilike", vals(vStr("HeLLo"), vStr("%ll%")), "true"},
		{"not ilike", vals(vStr("HeLLo"), vStr("h%")), "false"},
		{"like", vals(vStr("HeLLo"), vStr("h%")), "false"},
		{"like", vals(vNull(vector.Varchar), vStr("h%")), "NULL"},
		{"like", vals(vStr("x"), vNull(vector.Varchar)), "NULL"},
		{"like_escape", vals(vStr("10%"), vStr("10\\%"), vStr("\\")), "true"},
		{"like_escape", vals(vStr("100"), vStr("10\\%"), vStr("\\")), "false"},
		{"like_escape", vals(vStr("a_c"), vStr("a$_c"), vStr("$")), "true"},
		{"like_escape", vals(vStr("abc"), vStr("a$_c"), vStr("$")), "false"},
		{"like", vals(vStr("a\\b"), vStr("a\\b")), "true"},
		{"glob", vals(vStr("file.txt"), vStr("*.txt")), "true"},
		{"glob", vals(vStr("file.txt"), vStr("f?le.*")), "true"},
		{"glob", vals(vStr("file.txt"), vStr("[a-e]*")), "false"},
		{"glob", vals(vStr("file.txt"), vStr("[!a-e]*")), "true"},
		{"like", vals(vInt(1), vStr("1")), "ERR:No function matches"},
	})
}
