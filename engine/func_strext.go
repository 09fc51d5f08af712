package engine

import (
	"crypto/sha1"
	"encoding/hex"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/lhsql/lhsql/vector"
)

// String functions: damerau_levenshtein, jaccard, mismatches/hamming,
// overlay, bar, to_base, format_bytes and parse_formatted_bytes, sha1 and
// unicode.

func init() {
	register(overloads(sig(tI, rowI64(func(v []*vector.Vector, i int) int64 {
		return damerauLevenshtein(strOf(v[0], i), strOf(v[1], i))
	}), tV, tV)), "damerau_levenshtein")
	register(overloads(sig(tD, rowFn(tD, func(v []*vector.Vector, i int, out *vector.Vector) (bool, error) {
		a, b := strOf(v[0], i), strOf(v[1], i)
		if a == "" || b == "" {
			return false, errorf("Invalid Input", "Jaccard Function: An argument too short!")
		}
		out.F64[i] = jaccard(a, b)
		return true, nil
	}), tV, tV)), "jaccard")
	register(overloads(sig(tI, rowFn(tI, func(v []*vector.Vector, i int, out *vector.Vector) (bool, error) {
		a, b := strOf(v[0], i), strOf(v[1], i)
		if a == "" || b == "" {
			return false, errorf("Invalid Input", "Mismatch Function: Strings cannot be empty!")
		}
		if len(a) != len(b) {
			return false, errorf("Invalid Input", "Mismatch Function: Strings must be of equal length!")
		}
		n := int64(0)
		for k := 0; k < len(a); k++ {
			if a[k] != b[k] {
				n++
			}
		}
		out.I64[i] = n
		return true, nil
	}), tV, tV)), "mismatches", "hamming")
	overlay := func(v []*vector.Vector, i int) (string, error) {
		s, r := strOf(v[0], i), strOf(v[1], i)
		start := i64Of(v[2], i)
		n := runeLen(r)
		if len(v) == 4 {
			if l := i64Of(v[3], i); l >= 0 {
				n = l
			}
		}
		return overlayChars(s, r, start, n), nil
	}
	register(overloads(
		sig(tV, rowStr(tV, overlay), tV, tV, tI),
		sig(tV, rowStr(tV, overlay), tV, tV, tI, tI),
	), "overlay")
	barFn := func(v []*vector.Vector, i int) (string, error) {
		w := 80.0
		if len(v) == 4 {
			w = f64Of(v[3], i)
		}
		return bar(f64Of(v[0], i), f64Of(v[1], i), f64Of(v[2], i), w)
	}
	register(overloads(
		sig(tV, rowStr(tV, barFn), tD, tD, tD),
		sig(tV, rowStr(tV, barFn), tD, tD, tD, tD),
	), "bar")
	toBase := func(v []*vector.Vector, i int) (string, error) {
		x, radix := i64Of(v[0], i), i64Of(v[1], i)
		minLen := int64(0)
		if len(v) == 3 {
			minLen = i64Of(v[2], i)
		}
		if x < 0 {
			return "", errorf("Invalid Input", "'to_base' number must be greater than or equal to 0")
		}
		if radix < 2 || radix > 36 {
			return "", errorf("Invalid Input", "'to_base' radix must be between 2 and 36")
		}
		if minLen < 0 || minLen > 64 {
			return "", errorf("Invalid Input", "'to_base' min_length must be between 0 and 64")
		}
		s := strings.ToUpper(strconv.FormatInt(x, int(radix)))
		if int64(len(s)) < minLen {
			s = strings.Repeat("0", int(minLen)-len(s)) + s
		}
		return s, nil
	}
	register(overloads(
		sig(tV, rowStr(tV, toBase), tI, tI),
		sig(tV, rowStr(tV, toBase), tI, tI, tI),
	), "to_base")
	register(overloads(sig(tV, rowStr(tV, func(v []*vector.Vector, i int) (string, error) {
		return formatBytes(i64Of(v[0], i), 1024), nil
	}), tI)), "format_bytes", "formatreadablesize", "pg_size_pretty")
	register(overloads(sig(tV, rowStr(tV, func(v []*vector.Vector, i int) (string, error) {
		return formatBytes(i64Of(v[0], i), 1000), nil
	}), tI)), "formatreadabledecimalsize")
	register(func(name string, args []Expr) (Expr, error) {
		if len(args) != 1 || (args[0].Type().ID != vector.TypeVarchar && args[0].Type().ID != vector.TypeNull) {
			return nil, noMatch(name, args)
		}
		a, err := castTo(args[0], vector.Varchar)
		if err != nil {
			return nil, err
		}
		return newFunc(name, vector.UBigInt, rowFn(vector.UBigInt, func(v []*vector.Vector, i int, out *vector.Vector) (bool, error) {
			n, err := parseFormattedBytes(strOf(v[0], i))
			out.I64[i] = int64(n)
			return err == nil, err
		}), a), nil
	}, "parse_formatted_bytes")
	register(overloads(sig(tV, unaryStr(tV, func(s string) string {
		h := sha1.Sum([]byte(s))
		return hex.EncodeToString(h[:])
	}), tV)), "sha1")
	register(overloads(sig(vector.Integer, rowFn(vector.Integer, func(v []*vector.Vector, i int, out *vector.Vector) (bool, error) {
		s := strOf(v[0], i)
		if s == "" {
			out.I64[i] = -1
			return true, nil
		}
		r, _ := utf8.DecodeRuneInString(s)
		out.I64[i] = int64(r)
		return true, nil
	}), tV)), "unicode")
}

// damerauLevenshtein is the unrestricted Damerau-Levenshtein distance
// (insertions, deletions, substitutions and transpositions of adjacent
// characters, where substrings may be edited more than once), computed
// over bytes with the Lowrance-Wagner algorithm.
func damerauLevenshtein(a, b string) int64 {
	la, lb := len(a), len(b)
	inf := la + lb
	// d has (la+2) x (lb+2) cells.
	w := lb + 2
	d := make([]int, (la+2)*w)
	d[0] = inf
	for i := 0; i <= la; i++ {
		d[(i+1)*w] = inf
		d[(i+1)*w+1] = i
	}
	for j := 0; j <= lb; j++ {
		d[j+1] = inf
		d[w+j+1] = j
	}
	var last [256]int
	for i := 1; i <= la; i++ {
		db := 0
		for j := 1; j <= lb; j++ {
			i1 := last[b[j-1]]
			j1 := db
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
				db = j
			}
			d[(i+1)*w+j+1] = min(
				d[i*w+j]+cost,
				d[(i+1)*w+j]+1,
				d[i*w+j+1]+1,
				d[i1*w+j1]+(i-i1-1)+1+(j-j1-1),
			)
		}
		last[a[i-1]] = i
	}
	return int64(d[(la+1)*w+lb+1])
}

// jaccard is the Jaccard similarity of the byte sets of a and b.
func jaccard(a, b string) float64 {
	var sa, sb [256]bool
	for k := 0; k < len(a); k++ {
		sa[a[k]] = true
	}
	for k := 0; k < len(b); k++ {
		sb[b[k]] = true
	}
	inter, union := 0, 0
	for k := range sa {
		if sa[k] && sb[k] {
			inter++
		}
		if sa[k] || sb[k] {
			union++
		}
	}
	return float64(inter) / float64(union)
}

// overlayChars replaces n characters of s starting at 1-based position
// start with r (SQL's OVERLAY).
func overlayChars(s, r string, start, n int64) string {
	size := runeLen(s)
	pre := min(max(start-1, 0), size)
	post := start - 1 + n
	post = min(max(post, 0), size)
	if post < pre && start-1 >= 0 {
		post = pre
	}
	return charSlice(s, 0, pre) + r + charSlice(s, post, size)
}

var barPartial = [8]string{"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"}

// bar draws x on a scale from lo to hi as a bar of at most width
// characters of Unicode blocks, padded with spaces.
func bar(x, lo, hi, width float64) (string, error) {
	if math.IsInf(width, 0) || math.IsNaN(width) {
		return "", errorf("Out of Range", "Max bar width must not be NaN or infinity")
	}
	if width < 1 {
		return "", errorf("Out of Range", "Max bar width must be >= 1")
	}
	if width > 1000 {
		return "", errorf("Out of Range", "Max bar width must be <= 1000")
	}
	var w float64
	switch {
	case math.IsNaN(x) || math.IsNaN(lo) || math.IsNaN(hi) || x <= lo:
		w = 0
	case x >= hi:
		w = width
	default:
		w = width * (x - lo) / (hi - lo)
	}
	if math.IsInf(w, 0) || math.IsNaN(w) {
		return "", errorf("Out of Range", "Bar width must not be NaN or infinity")
	}
	units := int(w * 8)
	var sb strings.Builder
	used := 0
	for k := 0; k < units/8; k++ {
		sb.WriteString("█")
		used++
	}
	if rem := units % 8; rem != 0 {
		sb.WriteString(barPartial[rem])
		used++
	}
	if iw := int(width); used < iw {
		sb.WriteString(strings.Repeat(" ", iw-used))
	}
	return sb.String(), nil
}

// formatBytes renders a byte count with binary (1024) or decimal (1000)
// units, one decimal digit truncated, as DuckDB's format_bytes does.
func formatBytes(x int64, mult uint64) string {
	if x < 0 {
		return "-" + formatBytesU(uint64(-(x+1))+1, mult)
	}
	return formatBytesU(uint64(x), mult)
}

func formatBytesU(bytes, mult uint64) string {
	var arr [6]uint64
	arr[0] = bytes
	for i := 1; i < 6; i++ {
		arr[i] = arr[i-1] / mult
		arr[i-1] %= mult
	}
	units := "KMGTP"
	for i := 5; i >= 1; i-- {
		if arr[i] != 0 {
			u := string(units[i-1]) + "iB"
			if mult == 1000 {
				u = string(units[i-1]) + "B"
				if i == 1 {
					u = "kB"
				}
			}
			return strconv.FormatUint(arr[i], 10) + "." + strconv.FormatUint(arr[i-1]*10/mult, 10) + " " + u
		}
	}
	if bytes == 1 {
		return "1 byte"
	}
	return strconv.FormatUint(bytes, 10) + " bytes"
}

// parseFormattedBytes parses a memory size such as "1.5 GiB" or "5MB".
func parseFormattedBytes(s string) (uint64, error) {
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	start := i
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.' || s[i] == 'e' || s[i] == 'E' || s[i] == '-') {
		i++
	}
	if i == start {
		return 0, errorf("Invalid Input", "Memory must have a number (e.g. 1GB)")
	}
	num := s[start:i]
	f, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, errorf("Invalid Input", "Invalid memory limit: '%s'", num)
	}
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	ustart := i
	for i < len(s) && !isSpace(s[i]) {
		i++
	}
	if f < 0 {
		return 0, errorf("Invalid Input", "Memory cannot be negative")
	}
	unit := strings.ToLower(s[ustart:i])
	var mult float64
	switch unit {
	case "byte", "bytes", "b":
		mult = 1
	case "kb", "kilobyte", "kilobytes":
		mult = 1e3
	case "mb", "megabyte", "megabytes":
		mult = 1e6
	case "gb", "gigabyte", "gigabytes":
		mult = 1e9
	case "tb", "terabyte", "terabytes":
		mult = 1e12
	case "kib", "kibibyte", "kibibytes":
		mult = 1 << 10
	case "mib", "mebibyte", "mebibytes":
		mult = 1 << 20
	case "gib", "gibibyte", "gibibytes":
		mult = 1 << 30
	case "tib", "tebibyte", "tebibytes":
		mult = 1 << 40
	default:
		return 0, errorf("Invalid Input", "Unknown unit for memory: '%s' (expected: KB, MB, GB, TB for 1000^i units or KiB, MiB, GiB, TiB for 1024^i units)", unit)
	}
	r := f * mult
	if r >= math.MaxUint64 {
		return 0, errorf("Invalid Input", "Memory value out of range: value is too large")
	}
	return uint64(r), nil
}
