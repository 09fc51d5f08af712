package slt

import (
	"reflect"
	"strings"
	"testing"
)

func TestRenderDuckDB(t *testing.T) {
	tests := []struct {
		cell Cell
		kind Kind
		want string
	}{
		{Cell{Null: true}, KindInteger, "NULL"},
		{Cell{Text: ""}, KindString, "(empty)"},
		{Cell{Text: "true"}, KindBool, "1"},
		{Cell{Text: "false"}, KindBool, "0"},
		{Cell{Text: "a\x00b"}, KindString, `a\0b`},
		{Cell{Text: "1.5"}, KindDouble, "1.5"},
		{Cell{Text: "true"}, KindString, "true"},
	}
	for _, tt := range tests {
		if got := renderDuckDB(tt.cell, tt.kind); got != tt.want {
			t.Errorf("renderDuckDB(%+v, %v) = %q, want %q", tt.cell, tt.kind, got, tt.want)
		}
	}
}

func TestRenderSQLite(t *testing.T) {
	tests := []struct {
		cell   Cell
		kind   Kind
		letter byte
		want   string
	}{
		{Cell{Null: true}, KindInteger, 'I', "NULL"},
		{Cell{Text: "42"}, KindInteger, 'I', "42"},
		{Cell{Text: "-2.9"}, KindDouble, 'I', "-2"},
		{Cell{Text: "2.9"}, KindDecimal, 'I', "2"},
		{Cell{Text: "12abc"}, KindString, 'I', "12"},
		{Cell{Text: "abc"}, KindString, 'I', "0"},
		{Cell{Text: "true"}, KindBool, 'I', "1"},
		{Cell{Text: "1e+21"}, KindDouble, 'I', "9223372036854775807"},
		{Cell{Text: "3"}, KindInteger, 'R', "3.000"},
		{Cell{Text: "-1.23456"}, KindDouble, 'R', "-1.235"},
		{Cell{Text: ""}, KindString, 'T', "(empty)"},
		{Cell{Text: "a\tb\x7f"}, KindString, 'T', "a@b@"},
		{Cell{Text: "héllo"}, KindString, 'T', "h@@llo"},
		{Cell{Text: "7"}, KindInteger, 'T', "7"},
	}
	for _, tt := range tests {
		if got := renderSQLite(tt.cell, tt.kind, tt.letter); got != tt.want {
			t.Errorf("renderSQLite(%+v, %v, %c) = %q, want %q", tt.cell, tt.kind, tt.letter, got, tt.want)
		}
	}
}

func TestCompareValue(t *testing.T) {
	dec2 := Column{Kind: KindDecimal, Scale: 2}
	tests := []struct {
		actual, expected string
		col              Column
		want             bool
	}{
		{"abc", "abc", Column{Kind: KindString}, true},
		{"abc", "abd", Column{Kind: KindString}, false},
		{"3", "3.0", Column{Kind: KindString}, false},
		{"3.0", "3", Column{Kind: KindDouble}, true},
		{"100.5", "100", Column{Kind: KindDouble}, true}, // within 1%
		{"102", "100", Column{Kind: KindDouble}, false},  // beyond 1%
		{"0.3333333", "0.333", Column{Kind: KindDouble}, true},
		{"nan", "NaN", Column{Kind: KindDouble}, true},
		{"inf", "Infinity", Column{Kind: KindDouble}, true},
		{"inf", "1e308", Column{Kind: KindDouble}, false},
		{"NULL", "0", Column{Kind: KindDouble}, false},
		{"0", "NULL", Column{Kind: KindInteger}, false},
		{"3", "3.0", Column{Kind: KindInteger}, true},
		{"4", "3.5", Column{Kind: KindInteger}, true}, // DuckDB's cast rounds
		{"3", "3.4", Column{Kind: KindInteger}, true},
		{"3", "4", Column{Kind: KindInteger}, false},
		{"170141183460469231731687303715884105727", "170141183460469231731687303715884105727", Column{Kind: KindInteger}, true},
		{"170141183460469231731687303715884105727", "170141183460469231731687303715884105726", Column{Kind: KindInteger}, false},
		{"1.50", "1.5", dec2, true},
		{"1.50", "1.505", dec2, false}, // rounds to 1.51
		{"1.50", "1.6", dec2, false},
		{"1", "true", Column{Kind: KindBool}, true},
		{"0", "false", Column{Kind: KindBool}, true},
		{"0", "TRUE", Column{Kind: KindBool}, false},
		{"1", "0", Column{Kind: KindBool}, false},
		{"hello world", "<REGEX>:hello.*", Column{Kind: KindString}, true},
		{"hello world", "<REGEX>:world", Column{Kind: KindString}, false}, // full match
		{"hello world", "<!REGEX>:.*xyz.*", Column{Kind: KindString}, true},
		{"a\nb", "<REGEX>:a.b", Column{Kind: KindString}, true}, // dot matches newline
		{"2020-01-01", "2020-01-01 00:00:00", Column{Kind: KindOther}, false},
	}
	for _, tt := range tests {
		if got := compareValue(tt.actual, tt.expected, tt.col); got != tt.want {
			t.Errorf("compareValue(%q, %q, %+v) = %v, want %v", tt.actual, tt.expected, tt.col, got, tt.want)
		}
	}
}

func TestSortResult(t *testing.T) {
	values := []string{"9", "b", "10", "a", "10", "(empty)", "NULL", "c"}
	rows := append([]string(nil), values...)
	sortResult(sortRows, rows, 2)
	wantRows := []string{"10", "(empty)", "10", "a", "9", "b", "NULL", "c"}
	if !reflect.DeepEqual(rows, wantRows) {
		t.Errorf("rowsort = %q, want %q", rows, wantRows)
	}
	vals := append([]string(nil), values...)
	sortResult(sortValues, vals, 2)
	wantVals := []string{"(empty)", "10", "10", "9", "NULL", "a", "b", "c"}
	if !reflect.DeepEqual(vals, wantVals) {
		t.Errorf("valuesort = %q, want %q", vals, wantVals)
	}
	none := append([]string(nil), values...)
	sortResult(sortNone, none, 2)
	if !reflect.DeepEqual(none, values) {
		t.Errorf("nosort changed the values: %q", none)
	}
}

func TestHashValues(t *testing.T) {
	// Reference digests from md5sum over the same bytes.
	tests := []struct {
		values []string
		want   string
	}{
		{[]string{"1", "2", "3"}, "3 values hashing to c0710d6b4f15dfa88f600b0e6b624077"},
		{[]string{"1", "a", "2", "b"}, "4 values hashing to dcb405d9ab483907f29736a07728fa2d"},
		{[]string{"NULL", "(empty)"}, "2 values hashing to 14ad0be6c1ebb606277cbbb8e0bcc287"},
	}
	for _, tt := range tests {
		if got := hashValues(tt.values); got != tt.want {
			t.Errorf("hashValues(%q) = %q, want %q", tt.values, got, tt.want)
		}
		if !hashRE.MatchString(tt.want) {
			t.Errorf("hashRE does not match %q", tt.want)
		}
	}
}

func TestCompareResult(t *testing.T) {
	two := []Column{{Kind: KindInteger}, {Kind: KindString}}
	one := []Column{{Kind: KindDouble}}
	tests := []struct {
		name     string
		actual   []string
		cols     []Column
		expected []string
		letters  string
		ok       bool
	}{
		{"tab rows", []string{"1", "a", "2", "b"}, two, []string{"1\ta", "2\tb"}, "IT", true},
		{"value per line", []string{"1", "a", "2", "b"}, two, []string{"1", "a", "2", "b"}, "IT", true},
		{"wrong value", []string{"1", "a", "2", "b"}, two, []string{"1\ta", "2\tc"}, "IT", false},
		{"too few rows", []string{"1", "a", "2", "b"}, two, []string{"1\ta"}, "IT", false},
		{"too many rows", []string{"1", "a"}, two, []string{"1\ta", "2\tb"}, "IT", false},
		{"odd values", []string{"1", "a"}, two, []string{"1", "a", "2"}, "IT", false},
		{"column count", []string{"1", "a", "2", "b"}, two, []string{"1\ta", "2\tb"}, "I", false},
		{"column count empty", nil, two, nil, "I", false},
		{"empty result", nil, two, nil, "IT", true},
		{"numeric tolerance", []string{"0.3333333333"}, one, []string{"0.333"}, "R", true},
		{"split mismatch", []string{"1", "a", "2", "b"}, two, []string{"1\ta\tx", "2\tb\ty"}, "IT", false},
		{"one column rows", []string{"1", "2"}, one, []string{"1", "2"}, "I", true},
		{"one column empty strings", []string{"(empty)"}, []Column{{Kind: KindString}}, []string{"(empty)"}, "T", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := compareResult(tt.actual, tt.cols, tt.expected, tt.letters)
			if (msg == "") != tt.ok {
				t.Errorf("compareResult = %q, want ok=%v", msg, tt.ok)
			}
		})
	}
}

func TestErrorMatches(t *testing.T) {
	msg := "Binder Error: Referenced column \"x\" not found\nLINE 1: SELECT x"
	tests := []struct {
		want string
		ok   bool
	}{
		{"", true},
		{"Binder Error", true},
		{"Referenced column \"x\"", true},
		{"Catalog Error", false},
		{"<REGEX>:Binder Error.*not found.*", true},
		{"<REGEX>:Binder Error", false},
		{"<!REGEX>:.*Catalog.*", true},
		{"<!REGEX>:.*Binder.*", false},
		{"<REGEX>:(unbalanced", false},
	}
	for _, tt := range tests {
		if got := errorMatches(msg, tt.want); got != tt.ok {
			t.Errorf("errorMatches(%q) = %v, want %v", tt.want, got, tt.ok)
		}
	}
	if !strings.Contains(msg, "\n") {
		t.Fatal("message must span lines for the dot-all check")
	}
}
