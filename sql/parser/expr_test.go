package parser

import "testing"

func TestParseExpr(t *testing.T) {
	tests := []struct{ in, want string }{
		// literals and lexing
		{"1", "1"},
		{"1_000_000", "1000000"},
		{"1e5", "1e5"},
		{".5", ".5"},
		{"0x1F", "31"},
		{"-3", "-3"},
		{"- 3.5", "-3.5"},
		{"'it''s'", "'it's'"},
		{`E'a\nb\x41'`, "'a\nbA'"},
		{"$$dollar 'quoted'$$", "'dollar 'quoted''"},
		{"'a'\n'b'", "'ab'"},
		{"NULL", "NULL"},
		{"TRUE AND false", "(AND true false)"},
		{`"MixedCase"`, "MixedCase"},
		{"MixedCase", "mixedcase"},
		{"a.B.c", "a.b.c"},
		{"? + ? + $3", "(+ (+ $1 $2) $3)"},
		{"$name", "$name"},
		{"#2", "#2"},
		{"a /* comment */ + -- line\n b", "(+ a b)"},
		// precedence
		{"1 + 2 * 3", "(+ 1 (* 2 3))"},
		{"(1 + 2) * 3", "(* (+ 1 2) 3)"},
		{"1 - 2 - 3", "(- (- 1 2) 3)"},
		{"2 ^ 3 ^ 2", "(^ (^ 2 3) 2)"},
		{"2 ** 3", "(^ 2 3)"},
		{"-2 ^ 2", "(^ -2 2)"},
		{"-x ^ 2", "(^ (- x) 2)"},
		{"a // b % c", "(% (// a b) c)"},
		{"a || b = c", "(= (|| a b) c)"},
		{"a + b || c", "(|| (+ a b) c)"},
		{"a = 1 OR b = 2 AND c = 3", "(OR (= a 1) (AND (= b 2) (= c 3)))"},
		{"NOT a = b", "(NOT (= a b))"},
		{"NOT a AND b", "(AND (NOT a) b)"},
		{"a == b", "(= a b)"},
		{"a != b", "(<> a b)"},
		{"a <> b", "(<> a b)"},
		{"a < b AND b >= c", "(AND (< a b) (>= b c))"},
		{"a IS NULL", "(isnull a)"},
		{"a IS NOT NULL", "(isnotnull a)"},
		{"a ISNULL", "(isnull a)"},
		{"a NOTNULL", "(isnotnull a)"},
		{"a = b IS TRUE", "(is true (= a b))"},
		{"a IS NOT FALSE", "(isnot false a)"},
		{"a IS DISTINCT FROM b", "(IS DISTINCT FROM a b)"},
		{"a IS NOT DISTINCT FROM b + 1", "(IS NOT DISTINCT FROM a (+ b 1))"},
		{"x BETWEEN 1 AND 2 AND y", "(AND (between x 1 2) y)"},
		{"x NOT BETWEEN a + 1 AND b", "(notbetween x (+ a 1) b)"},
		{"x IN (1, 2, 3)", "(in x [1 2 3])"},
		{"x NOT IN ('a')", "(notin x ['a'])"},
		{"x IN (SELECT 1)", "(in x subquery)"},
		{"x IN ((SELECT 1) UNION (SELECT 2))", "(in x subquery)"},
		{"x IN ((SELECT 1), (SELECT 2))", "(in x [(subquery) (subquery)])"},
		{"x IN [1, 2]", "(contains [1 2] x)"},
		{"x LIKE 'a%'", "(LIKE x 'a%')"},
		{"x NOT ILIKE 'a%' ESCAPE '!'", "(NOT ILIKE x 'a%' escape '!')"},
		{"x SIMILAR TO 'a.*'", "(SIMILAR TO x 'a.*')"},
		{"x GLOB '*.csv'", "(GLOB x '*.csv')"},
		{"x ~~ 'a'", "(LIKE x 'a')"},
		{"x ~ 'a' AND y !~ 'b'", "(AND (~ x 'a') (!~ y 'b'))"},
		{"x = ANY (SELECT 1)", "(= any x subquery)"},
		{"x > ALL (SELECT 1)", "(> all x subquery)"},
		{"x = ANY([1, 2])", "(= any x [1 2])"},
		{"EXISTS (SELECT 1)", "(exists)"},
		{"NOT EXISTS (SELECT 1)", "(notexists)"},
		{"(SELECT 1) + 1", "(+ (subquery) 1)"},
		{"((SELECT 1) UNION ALL (SELECT 2))", "(subquery)"},
		{"j -> 'a' ->> 'b'", "(->> (-> j 'a') 'b')"},
		{"@ x", "(@ x)"},
		// casts and types
		{"x::INT", "(cast x INT)"},
		{"x::VARCHAR::DATE", "(cast (cast x VARCHAR) DATE)"},
		{"-x::INT", "(- (cast x INT))"},
		{"CAST(x AS DECIMAL(15, 2))", "(cast x DECIMAL[15 2])"},
		{"TRY_CAST(x AS INTEGER[])", "(try_cast x INTEGER[])"},
		{"x::INT[3]", "(cast x INT[3])"},
		{"CAST(x AS DOUBLE PRECISION)", "(cast x DOUBLE)"},
		{"x::TIMESTAMP WITH TIME ZONE", "(cast x TIMESTAMPTZ)"},
		{"x::STRUCT(a INT, b VARCHAR)", "(cast x STRUCT(a INT,b VARCHAR))"},
		{"x::MAP(VARCHAR, INT[])", "(cast x MAP(VARCHAR,INT[]))"},
		{"CAST(x AS VARCHAR(10))", "(cast x VARCHAR[10])"},
		{"DATE '2020-01-01'", "DATE'2020-01-01'"},
		{"TIMESTAMP '2020-01-01 10:00'", "TIMESTAMP'2020-01-01 10:00'"},
		{"TIMESTAMP WITH TIME ZONE '2020-01-01'", "TIMESTAMPTZ'2020-01-01'"},
		{"INTERVAL '1 day'", "(interval '1 day' )"},
		{"INTERVAL 3 DAY", "(interval 3 day)"},
		{"INTERVAL '3' MONTHS", "(interval '3' month)"},
		{"INTERVAL (x) HOUR", "(interval x hour)"},
		{"d + INTERVAL 1 YEAR", "(+ d (interval 1 year))"},
		// special forms
		{"CASE WHEN a THEN 1 WHEN b THEN 2 ELSE 3 END", "(case (when a 1) (when b 2) (else 3))"},
		{"CASE x WHEN 1 THEN 'a' END", "(case x (when 1 'a'))"},
		{"EXTRACT(year FROM d)", "(extract year d)"},
		{"extract('month' FROM d)", "(extract month d)"},
		{"SUBSTRING(s FROM 2 FOR 3)", "(substring s 2 3)"},
		{"substring(s, 2, 3)", "(substring s 2 3)"},
		{"TRIM(BOTH 'x' FROM s)", "(trim both 'x' s)"},
		{"TRIM(LEADING FROM s)", "(trim leading nil s)"},
		{"trim(s)", "(trim s)"},
		{"POSITION('a' IN s)", "(position 'a' s)"},
		{"OVERLAY(s PLACING 'x' FROM 2 FOR 1)", "(overlay s 'x' 2 1)"},
		{"x AT TIME ZONE 'UTC'", "(timezone 'UTC' x)"},
		{"s COLLATE NOCASE = 'a'", "(= (collate s nocase) 'a')"},
		{"current_date", "(current_date)"},
		{"coalesce(a, b)", "(coalesce a b)"},
		{"left(s, 2)", "(left s 2)"},
		{"main.f(x)", "(f x)"},
		{"s.upper()", "(upper s)"},
		{"(s).a", "(struct_extract s 'a')"},
		{"f(x).a", "(struct_extract (f x) 'a')"},
		// lists, structs, subscripts, lambdas
		{"[1, 2, 3]", "[1 2 3]"},
		{"[]", "[]"},
		{"ARRAY[1, 2]", "[1 2]"},
		{"{'a': 1, b: 'x'}", "{a: 1, b: 'x'}"},
		{"MAP {'k': 1}", "(map ['k'] [1])"},
		{"l[1]", "(index l 1)"},
		{"l[1:2]", "(slice l 1 2)"},
		{"l[:2]", "(slice l nil 2)"},
		{"l[2:]", "(slice l 2 nil)"},
		{"l[1:5:2]", "(slice l 1 5 2)"},
		{"l[1][2]", "(index (index l 1) 2)"},
		{"list_transform(l, x -> x + 1)", "(list_transform l (lambda (x) (+ x 1)))"},
		{"list_reduce(l, (a, b) -> a + b)", "(list_reduce l (lambda (a,b) (+ a b)))"},
		{"list_filter(l, lambda x: x > 1)", "(list_filter l (lambda (x) (> x 1)))"},
		{"[x * 2 FOR x IN l IF x > 1]", "(list_transform (list_filter l (lambda (x) (> x 1))) (lambda (x) (* x 2)))"},
		{"(1, 'a')", "(row 1 'a')"},
		// function call features
		{"count(*)", "(count *)"},
		{"count(DISTINCT x)", "(count distinct x)"},
		{"string_agg(x, ',' ORDER BY y DESC NULLS LAST)", "(string_agg x ',' order by y desc nulls last)"},
		{"sum(x) FILTER (WHERE x > 0)", "(sum x filter (> x 0))"},
		{"first_value(x IGNORE NULLS) OVER w", "(first_value x ignore nulls over (name=w))"},
		{"row_number() OVER (PARTITION BY a ORDER BY b)", "(row_number over (partition a order b))"},
		{"sum(x) OVER (ORDER BY t ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)", "(sum x over (order t rows 2 preceding to current row))"},
		{"sum(x) OVER (w RANGE UNBOUNDED PRECEDING EXCLUDE TIES)", "(sum x over (ref=w range unbounded preceding exclude ties))"},
		{"percentile_cont(0.5) WITHIN GROUP (ORDER BY x)", "(quantile_cont x 0.5)"},
		{"mode() WITHIN GROUP (ORDER BY x DESC)", "(mode x)"},
		{"struct_pack(a := 1, b := 2)", "(struct_pack a:=1 b:=2)"},
		{"COLUMNS('a.*')", "(columns 'a.*')"},
		{"COLUMNS(* EXCLUDE (a))", "(columns * exclude(a))"},
		{"coalesce(*COLUMNS(*))", "(coalesce (*columns *))"},
		// keywords usable as names
		{"date + year + name + type + value", "(+ (+ (+ (+ date year) name) type) value)"},
		{"interval", "interval"},
	}
	for _, tt := range tests {
		e, err := ParseExpr(tt.in)
		if err != nil {
			t.Errorf("ParseExpr(%q): %v", tt.in, err)
			continue
		}
		if got := sx(e); got != tt.want {
			t.Errorf("ParseExpr(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestParseExprPositions(t *testing.T) {
	e, err := ParseExpr("a +\n  foo(b)")
	if err != nil {
		t.Fatal(err)
	}
	b := e.(*BinaryExpr)
	if b.Pos != 0 {
		t.Errorf("binary pos = %d, want 0", b.Pos)
	}
	f := b.R.(*FuncCall)
	if line, col := LineCol("a +\n  foo(b)", f.Pos); line != 2 || col != 3 {
		t.Errorf("foo at %d:%d, want 2:3", line, col)
	}
}
