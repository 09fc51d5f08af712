package csv

import (
	"math"
	"strconv"
	"strings"

	"github.com/lhsql/lhsql/vector"
)

func parseBool(s string) (bool, bool) {
	switch strings.ToLower(s) {
	case "true", "t", "yes", "y", "1":
		return true, true
	case "false", "f", "no", "n", "0":
		return false, true
	}
	return false, false
}

// sniffBool accepts only the spellings DuckDB's sniffer takes as BOOLEAN.
func sniffBool(s string) bool {
	return strings.EqualFold(s, "true") || strings.EqualFold(s, "false")
}

// parseInt parses an optionally signed decimal integer without
// allocating.
func parseInt(s string) (int64, bool) {
	if len(s) == 0 {
		return 0, false
	}
	neg := false
	i := 0
	switch s[0] {
	case '-':
		neg, i = true, 1
	case '+':
		i = 1
	}
	if i == len(s) {
		return 0, false
	}
	var u uint64
	for ; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if u > (math.MaxUint64-9)/10 {
			return 0, false
		}
		u = u*10 + uint64(c-'0')
	}
	if neg {
		if u > 1<<63 {
			return 0, false
		}
		return -int64(u), true
	}
	if u > math.MaxInt64 {
		return 0, false
	}
	return int64(u), true
}

// intRange returns the bounds of an integer type stored in int64.
func intRange(t vector.Type) (lo, hi int64) {
	switch t.ID {
	case vector.TypeTinyInt:
		return math.MinInt8, math.MaxInt8
	case vector.TypeSmallInt:
		return math.MinInt16, math.MaxInt16
	case vector.TypeInteger:
		return math.MinInt32, math.MaxInt32
	case vector.TypeUTinyInt:
		return 0, math.MaxUint8
	case vector.TypeUSmallInt:
		return 0, math.MaxUint16
	case vector.TypeUInteger:
		return 0, math.MaxUint32
	case vector.TypeUBigInt:
		return 0, math.MaxInt64
	}
	return math.MinInt64, math.MaxInt64
}

// parseFloat accepts decimal notation with an optional exponent, and
// inf/nan spellings.
func parseFloat(s string) (float64, bool) {
	if len(s) == 0 {
		return 0, false
	}
	digits := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits = true
		case c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-':
		default:
			switch strings.ToLower(s) {
			case "inf", "+inf", "infinity", "+infinity":
				return math.Inf(1), true
			case "-inf", "-infinity":
				return math.Inf(-1), true
			case "nan":
				return math.NaN(), true
			}
			return 0, false
		}
	}
	if !digits {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}

// parseDecimal parses s into an unscaled value with the given scale,
// rounding half away from zero, and checks the precision.
func parseDecimal(s string, width, scale int) (int64, bool) {
	if len(s) == 0 {
		return 0, false
	}
	neg := false
	i := 0
	switch s[0] {
	case '-':
		neg, i = true, 1
	case '+':
		i = 1
	}
	var u uint64
	intDigits, fracDigits := 0, 0
	seenDot, any, roundUp := false, false, false
	dropped := 0
	for ; i < len(s); i++ {
		c := s[i]
		if c == '.' {
			if seenDot {
				return 0, false
			}
			seenDot = true
			continue
		}
		if c < '0' || c > '9' {
			if (c == 'e' || c == 'E') && any {
				f, ok := parseFloat(s)
				if !ok {
					return 0, false
				}
				return decimalFromFloat(f, width, scale)
			}
			return 0, false
		}
		any = true
		if seenDot {
			if fracDigits == scale {
				// Digits beyond the scale: the first one decides rounding.
				if dropped == 0 {
					roundUp = c >= '5'
				}
				dropped++
				continue
			}
			fracDigits++
		} else {
			if u == 0 && c == '0' {
				continue
			}
			intDigits++
		}
		if u > math.MaxInt64/10 {
			return 0, false
		}
		u = u*10 + uint64(c-'0')
	}
	if !any {
		return 0, false
	}
	for ; fracDigits < scale; fracDigits++ {
		if u > math.MaxInt64/10 {
			return 0, false
		}
		u *= 10
	}
	if roundUp {
		u++
	}
	if intDigits > width-scale || u > math.MaxInt64 {
		return 0, false
	}
	if width <= 18 && u >= uint64(vector.Pow10[width]) {
		return 0, false
	}
	if neg {
		return -int64(u), true
	}
	return int64(u), true
}

func decimalFromFloat(f float64, width, scale int) (int64, bool) {
	x := math.Round(f * math.Pow10(scale))
	if math.IsNaN(x) || math.Abs(x) >= math.Pow10(min(width, 18)) {
		return 0, false
	}
	return int64(x), true
}

// parseDate parses YYYY-MM-DD (also with / or . separators, and an
// optional " (BC)" suffix is not accepted) into days since the epoch.
func parseDate(s string) (int64, bool) {
	y, m, d, rest, ok := parseYMD(s)
	if !ok || rest != "" {
		return 0, false
	}
	return vector.DateFromCivil(y, m, d), true
}

func parseYMD(s string) (y, m, d int, rest string, ok bool) {
	i := 0
	neg := false
	if i < len(s) && s[i] == '-' {
		neg = true
		i++
	}
	start := i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		y = y*10 + int(s[i]-'0')
		i++
		if i-start > 6 {
			return
		}
	}
	if i-start < 1 || i >= len(s) {
		return
	}
	sep := s[i]
	if sep != '-' && sep != '/' && sep != '.' {
		return
	}
	i++
	var n int
	if m, n = digits(s[i:], 2); n == 0 {
		return
	}
	i += n
	if i >= len(s) || s[i] != sep {
		return
	}
	i++
	if d, n = digits(s[i:], 2); n == 0 {
		return
	}
	i += n
	if neg {
		y = -y
	}
	if m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return
	}
	return y, m, d, s[i:], true
}

func digits(s string, max int) (int, int) {
	v, n := 0, 0
	for n < len(s) && n < max && s[n] >= '0' && s[n] <= '9' {
		v = v*10 + int(s[n]-'0')
		n++
	}
	return v, n
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// parseTime parses HH:MM[:SS[.ffffff]] into microseconds since midnight.
func parseTime(s string) (int64, string, bool) {
	h, n := digits(s, 2)
	if n == 0 || n >= len(s) || s[n] != ':' {
		return 0, "", false
	}
	s = s[n+1:]
	mi, n := digits(s, 2)
	if n != 2 {
		return 0, "", false
	}
	s = s[n:]
	sec, frac := 0, int64(0)
	if len(s) > 0 && s[0] == ':' {
		sec, n = digits(s[1:], 2)
		if n != 2 {
			return 0, "", false
		}
		s = s[1+n:]
		if len(s) > 0 && s[0] == '.' {
			s = s[1:]
			k := 0
			for k < len(s) && s[k] >= '0' && s[k] <= '9' {
				if k < 6 {
					frac = frac*10 + int64(s[k]-'0')
				}
				k++
			}
			if k == 0 {
				return 0, "", false
			}
			for j := k; j < 6; j++ {
				frac *= 10
			}
			s = s[k:]
		}
	}
	if h > 24 || mi > 59 || sec > 60 || (h == 24 && (mi > 0 || sec > 0 || frac > 0)) {
		return 0, "", false
	}
	return ((int64(h)*60+int64(mi))*60+int64(sec))*1000000 + frac, s, true
}

// parseTimestamp parses "YYYY-MM-DD[( |T)HH:MM[:SS[.f]]][Z|±HH[:MM]]"
// into microseconds since the epoch (UTC when an offset is given).
func parseTimestamp(s string) (int64, bool) {
	y, m, d, rest, ok := parseYMD(s)
	if !ok {
		return 0, false
	}
	us := vector.DateFromCivil(y, m, d) * vector.MicrosPerDay
	if rest == "" {
		return us, true
	}
	if rest[0] != ' ' && rest[0] != 'T' {
		return 0, false
	}
	t, rest, ok := parseTime(rest[1:])
	if !ok {
		return 0, false
	}
	us += t
	rest = strings.TrimLeft(rest, " ")
	switch {
	case rest == "":
		return us, true
	case rest == "Z" || rest == "z" || strings.EqualFold(rest, "UTC"):
		return us, true
	case rest[0] == '+' || rest[0] == '-':
		hh, n := digits(rest[1:], 2)
		if n == 0 {
			return 0, false
		}
		r := rest[1+n:]
		mm := 0
		if len(r) > 0 && r[0] == ':' {
			r = r[1:]
		}
		if len(r) > 0 {
			var k int
			mm, k = digits(r, 2)
			if k != 2 || len(r) != 2 {
				return 0, false
			}
		}
		off := int64(hh*60+mm) * 60 * 1000000
		if rest[0] == '+' {
			us -= off
		} else {
			us += off
		}
		return us, true
	}
	return 0, false
}
