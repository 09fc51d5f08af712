package files

import (
	"fmt"
	"math"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/lhsql/lhsql/vector"
)

// hivePairs returns the key=value directory segments of path, in order.
// The file name itself is not a partition segment.
func hivePairs(path string) [][2]string {
	dir := filepath.ToSlash(filepath.Dir(path))
	var out [][2]string
	for _, seg := range strings.Split(dir, "/") {
		k, v, ok := strings.Cut(seg, "=")
		if !ok || k == "" {
			continue
		}
		if uk, err := url.PathUnescape(k); err == nil {
			k = uk
		}
		if uv, err := url.PathUnescape(v); err == nil {
			v = uv
		}
		// A later segment with the same key wins, as in DuckDB.
		replaced := false
		for i := range out {
			if out[i][0] == k {
				out[i][1] = v
				replaced = true
			}
		}
		if !replaced {
			out = append(out, [2]string{k, v})
		}
	}
	return out
}

// isHiveNull reports whether a partition value denotes NULL.
func isHiveNull(s string) bool {
	return s == "NULL" || s == "__HIVE_DEFAULT_PARTITION__"
}

// inferHiveType picks the narrowest type that parses every value: BIGINT,
// DOUBLE, DATE, TIMESTAMP, else VARCHAR (DuckDB's hive_types_autocast).
func inferHiveType(values []string) vector.Type {
	cands := []vector.Type{vector.BigInt, vector.Double, vector.Date, vector.Timestamp}
	for _, t := range cands {
		ok := true
		for _, s := range values {
			if isHiveNull(s) {
				continue
			}
			if _, err := parseHiveValue(s, t); err != nil {
				ok = false
				break
			}
		}
		if ok {
			return t
		}
	}
	return vector.Varchar
}

// parseHiveValue converts a partition value to type t.
func parseHiveValue(s string, t vector.Type) (vector.Value, error) {
	if isHiveNull(s) {
		return vector.NullValue(t), nil
	}
	v := vector.Value{Typ: t}
	switch t.ID {
	case vector.TypeBigInt:
		// Leading zeros or a sign would not survive a round trip.
		if s == "" || (len(s) > 1 && s[0] == '0') || s[0] == '+' {
			return v, fmt.Errorf("not an integer")
		}
		x, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return v, err
		}
		v.I64 = x
	case vector.TypeDouble:
		x, err := strconv.ParseFloat(s, 64)
		digits := strings.TrimPrefix(s, "-")
		if len(digits) > 1 && digits[0] == '0' && digits[1] != '.' {
			return v, fmt.Errorf("not a number") // leading zeros would be lost
		}
		if err != nil || math.IsInf(x, 0) || math.IsNaN(x) || strings.ContainsAny(s, "xXpP_iInN") {
			return v, fmt.Errorf("not a number")
		}
		v.F64 = x
	case vector.TypeDate:
		d, err := vector.ParseISODate(s)
		if err != nil {
			return v, err
		}
		v.I64 = d
	case vector.TypeTimestamp:
		ts, err := vector.ParseISOTimestamp(s)
		if err != nil {
			return v, err
		}
		v.I64 = ts
	case vector.TypeVarchar:
		v.Str = s
	default:
		return v, fmt.Errorf("unsupported partition type %s", t)
	}
	return v, nil
}
