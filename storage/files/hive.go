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
		d, err := parseDate(s)
		if err != nil {
			return v, err
		}
		v.I64 = d
	case vector.TypeTimestamp:
		ts, err := parseTimestamp(s)
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

// parseDate parses YYYY-MM-DD.
func parseDate(s string) (int64, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, fmt.Errorf("not a date")
	}
	y, e1 := strconv.Atoi(s[:4])
	m, e2 := strconv.Atoi(s[5:7])
	d, e3 := strconv.Atoi(s[8:])
	if e1 != nil || e2 != nil || e3 != nil || m < 1 || m > 12 || d < 1 || d > 31 {
		return 0, fmt.Errorf("not a date")
	}
	days := vector.DateFromCivil(y, m, d)
	if yy, mm, dd := vector.CivilFromDate(days); yy != y || mm != m || dd != d {
		return 0, fmt.Errorf("not a date")
	}
	return days, nil
}

// parseTimestamp parses YYYY-MM-DD[ T]HH:MM:SS[.ffffff].
func parseTimestamp(s string) (int64, error) {
	if len(s) < 19 || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':' {
		return 0, fmt.Errorf("not a timestamp")
	}
	days, err := parseDate(s[:10])
	if err != nil {
		return 0, err
	}
	h, e1 := strconv.Atoi(s[11:13])
	mi, e2 := strconv.Atoi(s[14:16])
	sec, e3 := strconv.Atoi(s[17:19])
	if e1 != nil || e2 != nil || e3 != nil || h > 23 || mi > 59 || sec > 59 {
		return 0, fmt.Errorf("not a timestamp")
	}
	us := int64(0)
	if rest := s[19:]; rest != "" {
		if rest[0] != '.' || len(rest) < 2 || len(rest) > 7 {
			return 0, fmt.Errorf("not a timestamp")
		}
		frac, err := strconv.Atoi(rest[1:])
		if err != nil || frac < 0 {
			return 0, fmt.Errorf("not a timestamp")
		}
		us = int64(frac) * vector.Pow10[6-(len(rest)-1)]
	}
	return days*86400_000_000 + int64(h)*3600_000_000 + int64(mi)*60_000_000 + int64(sec)*1_000_000 + us, nil
}
