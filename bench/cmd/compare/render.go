package main

import (
	"encoding/hex"
	"fmt"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"
)

// rvalue is a rendered result value: a kind and its text.
// Kinds: n NULL, i integer, f floating point, s string or decimal,
// d date/time, b boolean, x bytes.
type rvalue struct {
	K string `json:"k"`
	S string `json:"s,omitempty"`
}

// renderers convert engine-specific Go types (DuckDB's Decimal, ...); the
// engine files register them.
var renderers []func(v any) (rvalue, bool)

// render converts a value scanned into an *any to its comparable form.
func render(v any) rvalue {
	switch x := v.(type) {
	case nil:
		return rvalue{K: "n"}
	case int64:
		return rvalue{K: "i", S: strconv.FormatInt(x, 10)}
	case int32:
		return rvalue{K: "i", S: strconv.FormatInt(int64(x), 10)}
	case int16:
		return rvalue{K: "i", S: strconv.FormatInt(int64(x), 10)}
	case int8:
		return rvalue{K: "i", S: strconv.FormatInt(int64(x), 10)}
	case int:
		return rvalue{K: "i", S: strconv.Itoa(x)}
	case uint64:
		return rvalue{K: "i", S: strconv.FormatUint(x, 10)}
	case uint32:
		return rvalue{K: "i", S: strconv.FormatUint(uint64(x), 10)}
	case uint16:
		return rvalue{K: "i", S: strconv.FormatUint(uint64(x), 10)}
	case uint8:
		return rvalue{K: "i", S: strconv.FormatUint(uint64(x), 10)}
	case *big.Int:
		return rvalue{K: "i", S: x.String()}
	case float64:
		return rvalue{K: "f", S: strconv.FormatFloat(x, 'g', -1, 64)}
	case float32:
		return rvalue{K: "f", S: strconv.FormatFloat(float64(x), 'g', -1, 32)}
	case bool:
		return rvalue{K: "b", S: strconv.FormatBool(x)}
	case string:
		return rvalue{K: "s", S: x}
	case []byte:
		return rvalue{K: "x", S: hex.EncodeToString(x)}
	case time.Time:
		x = x.UTC()
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return rvalue{K: "d", S: x.Format("2006-01-02")}
		}
		return rvalue{K: "d", S: x.Format("2006-01-02 15:04:05.999999")}
	}
	for _, r := range renderers {
		if rv, ok := r(v); ok {
			return rv
		}
	}
	return rvalue{K: "s", S: fmt.Sprint(v)}
}

// fixedDecimal renders an unscaled integer with scale digits after the
// point, like DuckDB's DECIMAL to VARCHAR cast ("8971.00").
func fixedDecimal(unscaled *big.Int, scale int) string {
	s := new(big.Int).Abs(unscaled).String()
	if scale > 0 {
		if len(s) <= scale {
			s = strings.Repeat("0", scale-len(s)+1) + s
		}
		s = s[:len(s)-scale] + "." + s[len(s)-scale:]
	}
	if unscaled.Sign() < 0 {
		s = "-" + s
	}
	return s
}

// valuesEqual compares two rendered values as the TPC-H test does:
// integers, decimals and strings exactly; when either side is a double,
// numerically within 1e-9 relative.
func valuesEqual(a, b rvalue) bool {
	if a.K == "n" || b.K == "n" {
		return a.K == b.K
	}
	if a.K == "f" || b.K == "f" {
		x, err1 := strconv.ParseFloat(a.S, 64)
		y, err2 := strconv.ParseFloat(b.S, 64)
		if err1 != nil || err2 != nil {
			return false
		}
		if x == y || (math.IsNaN(x) && math.IsNaN(y)) {
			return true
		}
		return math.Abs(x-y) <= 1e-9*math.Max(math.Abs(x), math.Abs(y))
	}
	return a.S == b.S
}

func rowsEqual(a, b [][]rvalue) (int, bool) {
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return i, false
		}
		for j := range a[i] {
			if !valuesEqual(a[i][j], b[i][j]) {
				return i, false
			}
		}
	}
	return -1, true
}

func rowText(r []rvalue) string {
	parts := make([]string, len(r))
	for i, v := range r {
		if v.K == "n" {
			parts[i] = "NULL"
		} else {
			parts[i] = v.S
		}
	}
	return strings.Join(parts, "|")
}

// compareResults reports whether two results agree: "yes", "order" (same
// rows in a different order), or a description of the first difference.
func compareResults(a, b response) (bool, string) {
	if len(a.Cols) != len(b.Cols) {
		return false, fmt.Sprintf("%d columns vs %d", len(a.Cols), len(b.Cols))
	}
	if len(a.Rows) != len(b.Rows) {
		return false, fmt.Sprintf("%d rows vs %d", len(a.Rows), len(b.Rows))
	}
	i, ok := rowsEqual(a.Rows, b.Rows)
	if ok {
		return true, "yes"
	}
	sorted := func(rows [][]rvalue) [][]rvalue {
		s := slices.Clone(rows)
		slices.SortFunc(s, func(x, y []rvalue) int { return strings.Compare(rowText(x), rowText(y)) })
		return s
	}
	if _, ok := rowsEqual(sorted(a.Rows), sorted(b.Rows)); ok {
		return false, "order"
	}
	return false, fmt.Sprintf("row %d: %s vs %s", i+1, rowText(a.Rows[i]), rowText(b.Rows[i]))
}
