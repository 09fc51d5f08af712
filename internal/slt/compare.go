package slt

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"math"
	"math/big"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// renderDuckDB renders a cell as DuckDB's sqllogictest runner does: NULL,
// (empty) for the empty string, booleans as 1/0 and NUL bytes as \0.
func renderDuckDB(c Cell, k Kind) string {
	if c.Null {
		return "NULL"
	}
	if k == KindBool {
		switch strings.ToLower(c.Text) {
		case "true", "1":
			return "1"
		case "false", "0":
			return "0"
		}
	}
	if c.Text == "" {
		return "(empty)"
	}
	return strings.ReplaceAll(c.Text, "\x00", `\0`)
}

// renderSQLite renders a cell for a column with SQLite type letter t, as the
// original sqllogictest harness does: I is sqlite3_column_int (reals
// truncate toward zero), R is printf("%.3f"), T is text with (empty) for the
// empty string and @ for every byte outside ' '..'~'.
func renderSQLite(c Cell, k Kind, t byte) string {
	if c.Null {
		return "NULL"
	}
	text := c.Text
	if k == KindBool {
		switch strings.ToLower(text) {
		case "true":
			text = "1"
		case "false":
			text = "0"
		}
	}
	switch t {
	case 'I':
		if k == KindInteger || k == KindBool {
			return text
		}
		f, ok := leadingNumber(text)
		if !ok {
			return "0"
		}
		f = math.Trunc(f)
		if math.IsNaN(f) {
			return "0"
		}
		if f >= math.MaxInt64 {
			return strconv.FormatInt(math.MaxInt64, 10)
		}
		if f <= math.MinInt64 {
			return strconv.FormatInt(math.MinInt64, 10)
		}
		return strconv.FormatInt(int64(f), 10)
	case 'R':
		f, ok := leadingNumber(text)
		if !ok {
			f = 0
		}
		return fmt.Sprintf("%.3f", f)
	default:
		if text == "" {
			return "(empty)"
		}
		b := []byte(text)
		for i, ch := range b {
			if ch < ' ' || ch > '~' {
				b[i] = '@'
			}
		}
		return string(b)
	}
}

// leadingNumber parses the longest numeric prefix of s (after leading
// spaces), as SQLite does when it converts text to a number.
func leadingNumber(s string) (float64, bool) {
	s = strings.TrimLeft(s, " \t\n")
	end := 0
	if end < len(s) && (s[end] == '+' || s[end] == '-') {
		end++
	}
	digits := 0
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
		digits++
	}
	if end < len(s) && s[end] == '.' {
		end++
		for end < len(s) && s[end] >= '0' && s[end] <= '9' {
			end++
			digits++
		}
	}
	if digits == 0 {
		// inf/nan spelled out (DOUBLE rendering)
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return f, true
		}
		return 0, false
	}
	if end < len(s) && (s[end] == 'e' || s[end] == 'E') {
		e := end + 1
		if e < len(s) && (s[e] == '+' || s[e] == '-') {
			e++
		}
		if e < len(s) && s[e] >= '0' && s[e] <= '9' {
			for e < len(s) && s[e] >= '0' && s[e] <= '9' {
				e++
			}
			end = e
		}
	}
	f, err := strconv.ParseFloat(strings.TrimSuffix(s[:end], "."), 64)
	if err != nil {
		// out of range values parse to ±Inf with an error
		return f, !math.IsNaN(f)
	}
	return f, true
}

// renderResult renders every value of res, row-major.
func renderResult(res *Result, sqlite bool, letters string) []string {
	out := make([]string, 0, len(res.Rows)*len(res.Columns))
	for _, row := range res.Rows {
		for c, cell := range row {
			k := KindOther
			if c < len(res.Columns) {
				k = res.Columns[c].Kind
			}
			if sqlite {
				t := byte('T')
				if c < len(letters) {
					t = letters[c]
				}
				out = append(out, renderSQLite(cell, k, t))
			} else {
				out = append(out, renderDuckDB(cell, k))
			}
		}
	}
	return out
}

// sortValues applies a sort mode to row-major values with ncol columns.
func sortResult(mode sortMode, values []string, ncol int) {
	switch mode {
	case sortValues:
		sort.Strings(values)
	case sortRows:
		if ncol <= 0 || len(values)%ncol != 0 {
			return
		}
		rows := make([][]string, len(values)/ncol)
		for i := range rows {
			rows[i] = values[i*ncol : (i+1)*ncol : (i+1)*ncol]
		}
		sorted := make([][]string, len(rows))
		copy(sorted, rows)
		sort.SliceStable(sorted, func(a, b int) bool {
			ra, rb := sorted[a], sorted[b]
			for i := range ra {
				if ra[i] != rb[i] {
					return ra[i] < rb[i]
				}
			}
			return false
		})
		flat := make([]string, 0, len(values))
		for _, r := range sorted {
			flat = append(flat, r...)
		}
		copy(values, flat)
	}
}

// hashRE matches a hashed expected result.
var hashRE = regexp.MustCompile(`^[0-9]+ values hashing to [0-9a-f]+$`)

// hashValues returns "N values hashing to MD5" over values, each followed
// by a newline.
func hashValues(values []string) string {
	h := md5.New()
	for _, v := range values {
		h.Write([]byte(v))
		h.Write([]byte{'\n'})
	}
	return fmt.Sprintf("%d values hashing to %s", len(values), hex.EncodeToString(h.Sum(nil)))
}

// regexMatch implements <REGEX>:re and <!REGEX>:re: RE2 full match with
// dot matching newline. ok is false when pattern is not a regex pattern.
func regexMatch(actual, pattern string) (matched, ok bool, err error) {
	var want bool
	switch {
	case strings.HasPrefix(pattern, "<REGEX>:"):
		want, pattern = true, strings.TrimPrefix(pattern, "<REGEX>:")
	case strings.HasPrefix(pattern, "<!REGEX>:"):
		want, pattern = false, strings.TrimPrefix(pattern, "<!REGEX>:")
	default:
		return false, false, nil
	}
	re, err := regexp.Compile(`(?s)\A(?:` + pattern + `)\z`)
	if err != nil {
		return false, true, fmt.Errorf("bad regex %q: %w", pattern, err)
	}
	return re.MatchString(actual) == want, true, nil
}

// compareValue reports whether an actual rendered value matches an expected
// one under DuckDB's rules: equal strings, a <REGEX>: pattern, or, for
// numeric and boolean columns, equal after casting both to the column type
// (with a 1% tolerance for floating point).
func compareValue(actual, expected string, col Column) bool {
	if actual == expected {
		return true
	}
	if m, ok, _ := regexMatch(actual, expected); ok && m {
		return true
	}
	switch col.Kind {
	case KindBool:
		a, ok1 := castBool(actual)
		e, ok2 := castBool(expected)
		return ok1 && ok2 && a == e
	case KindInteger:
		a, ok1 := castInteger(actual)
		e, ok2 := castInteger(expected)
		return ok1 && ok2 && a.Cmp(e) == 0
	case KindDecimal:
		a, ok1 := castDecimal(actual, col.Scale)
		e, ok2 := castDecimal(expected, col.Scale)
		return ok1 && ok2 && a.Cmp(e) == 0
	case KindFloat, KindDouble:
		a, ok1 := castFloat(actual)
		e, ok2 := castFloat(expected)
		if !ok1 || !ok2 {
			return false
		}
		if col.Kind == KindFloat {
			a, e = float64(float32(a)), float64(float32(e))
		}
		return approxEqual(a, e)
	}
	return false
}

// approxEqual is DuckDB's floating-point equality for tests: both NaN,
// equal infinities, or a difference within 1% of the expected value.
func approxEqual(actual, expected float64) bool {
	if math.IsNaN(actual) && math.IsNaN(expected) {
		return true
	}
	if math.IsInf(actual, 0) || math.IsInf(expected, 0) || math.IsNaN(actual) || math.IsNaN(expected) {
		return actual == expected
	}
	eps := math.Abs(expected)*0.01 + 0.00000001
	return math.Abs(actual-expected) <= eps
}

func castBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1", "t":
		return true, true
	case "false", "0", "f":
		return false, true
	}
	return false, false
}

func castFloat(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, "_xXpP") {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false
	}
	return f, true
}

// parseExact parses a decimal number (optional sign, digits, fraction,
// exponent) exactly.
func parseExact(s string) (*big.Rat, bool) {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, "/_xXpP") {
		return nil, false
	}
	r, ok := new(big.Rat).SetString(s)
	return r, ok
}

// roundRat rounds r to an integer, halves away from zero, as DuckDB's casts
// from text and decimals to integers do.
func roundRat(r *big.Rat) *big.Int {
	num := new(big.Int).Set(r.Num())
	den := r.Denom()
	neg := num.Sign() < 0
	num.Abs(num)
	q, m := new(big.Int).QuoRem(num, den, new(big.Int))
	if new(big.Int).Mul(m, big.NewInt(2)).Cmp(den) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if neg {
		q.Neg(q)
	}
	return q
}

func castInteger(s string) (*big.Int, bool) {
	r, ok := parseExact(s)
	if !ok {
		return nil, false
	}
	return roundRat(r), true
}

// castDecimal casts text to a DECIMAL with the given scale and returns the
// unscaled value.
func castDecimal(s string, scale int) (*big.Int, bool) {
	r, ok := parseExact(s)
	if !ok {
		return nil, false
	}
	p := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil)
	r.Mul(r, new(big.Rat).SetInt(p))
	return roundRat(r), true
}

// compareResult checks rendered actual values (already sorted) against the
// expected lines of a DuckDB-style query, which may be laid out one row
// per line with tab-separated values or one value per line. It returns ""
// on success or a description of the mismatch.
func compareResult(actual []string, cols []Column, expected []string, letters string) string {
	wantCols := len(letters)
	ncol := len(cols)
	if ncol == 0 {
		if len(expected) == 0 && len(actual) == 0 {
			return ""
		}
		return "the result has no columns"
	}
	nrow := len(actual) / ncol
	mismatch := ""
	if wantCols != ncol {
		mismatch = fmt.Sprintf("expected %d columns (query %s), got %d", wantCols, letters, ncol)
	}
	rowWise := ncol > 1 && len(expected) == nrow
	if !rowWise && len(expected) > 0 {
		all := true
		for _, e := range expected {
			if !strings.Contains(e, "\t") {
				all = false
				break
			}
		}
		rowWise = all
	}
	expRows := 0
	if rowWise {
		expRows = len(expected)
	} else {
		if len(expected)%ncol != 0 {
			if mismatch != "" {
				return mismatch
			}
			return fmt.Sprintf("%d expected values do not divide into %d columns", len(expected), ncol)
		}
		expRows = len(expected) / ncol
	}
	if expRows != nrow {
		if mismatch != "" {
			return mismatch
		}
		return fmt.Sprintf("expected %d rows, got %d", expRows, nrow)
	}
	if rowWise {
		for r, line := range expected {
			parts := splitTabs(line)
			if len(parts) != ncol {
				if mismatch != "" {
					return mismatch
				}
				return fmt.Sprintf("row %d: expected line has %d values, the result %d columns", r+1, len(parts), ncol)
			}
			for c, e := range parts {
				if !compareValue(actual[r*ncol+c], e, cols[c]) {
					return fmt.Sprintf("row %d column %d: expected %q, got %q", r+1, c+1, e, actual[r*ncol+c])
				}
			}
		}
	} else {
		for i, e := range expected {
			if !compareValue(actual[i], e, cols[i%ncol]) {
				return fmt.Sprintf("row %d column %d: expected %q, got %q", i/ncol+1, i%ncol+1, e, actual[i])
			}
		}
	}
	return mismatch
}

// splitTabs splits a line on tabs, dropping empty pieces as DuckDB's
// StringUtil::Split does.
func splitTabs(line string) []string {
	var out []string
	for _, p := range strings.Split(line, "\t") {
		if p != "" {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		out = []string{line}
	}
	return out
}
