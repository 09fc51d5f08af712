package engine

import (
	"math"
	"strconv"
	"strings"

	"github.com/lhsql/lhsql/vector"
)

// Date range accepted by DuckDB: -5877641-06-25 .. 5881580-07-10.
var (
	minDate = vector.DateFromCivil(-5877641, 6, 25)
	maxDate = vector.DateFromCivil(5881580, 7, 10)
)

// Special temporal values (DuckDB's infinity markers).
const (
	dateInfinity    = int64(math.MaxInt32)
	dateNegInfinity = -int64(math.MaxInt32)
	tsInfinity      = int64(math.MaxInt64)
	tsNegInfinity   = -int64(math.MaxInt64)
)

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

func trimSpace(s string) string {
	i, j := 0, len(s)
	for i < j && isSpace(s[i]) {
		i++
	}
	for j > i && isSpace(s[j-1]) {
		j--
	}
	return s[i:j]
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

var monthDays = [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

func daysInMonth(y, m int) int {
	if m == 2 && isLeap(y) {
		return 29
	}
	return monthDays[m]
}

// readInt reads up to maxDigits decimal digits at s[pos:].
func readInt(s string, pos, maxDigits int) (v, next int, ok bool) {
	start := pos
	for pos < len(s) && pos-start < maxDigits && s[pos] >= '0' && s[pos] <= '9' {
		v = v*10 + int(s[pos]-'0')
		pos++
	}
	return v, pos, pos > start
}

// parseDatePrefix parses a date at the start of s (after leading spaces)
// and returns the days and the position after it. code is 0 on success,
// 1 for a format error and 2 for an out-of-range field.
func parseDatePrefix(s string) (days int64, pos int, code int) {
	for pos < len(s) && isSpace(s[pos]) {
		pos++
	}
	neg := false
	if pos < len(s) && s[pos] == '-' {
		neg = true
		pos++
	}
	y, p, ok := readInt(s, pos, 9)
	if !ok {
		return 0, pos, 1
	}
	pos = p
	if pos >= len(s) {
		return 0, pos, 1
	}
	sep := s[pos]
	if sep != '-' && sep != '/' && sep != '\\' && sep != ' ' && sep != '.' {
		return 0, pos, 1
	}
	pos++
	m, p, ok := readInt(s, pos, 2)
	if !ok {
		return 0, pos, 1
	}
	pos = p
	if pos >= len(s) || s[pos] != sep {
		return 0, pos, 1
	}
	pos++
	d, p, ok := readInt(s, pos, 2)
	if !ok {
		return 0, pos, 1
	}
	pos = p
	if pos < len(s) && s[pos] >= '0' && s[pos] <= '9' {
		return 0, pos, 1
	}
	// Optional " (BC)" suffix.
	q := pos
	for q < len(s) && s[q] == ' ' {
		q++
	}
	if len(s)-q >= 4 && strings.EqualFold(s[q:q+4], "(BC)") {
		if neg || y == 0 {
			return 0, pos, 1
		}
		y = 1 - y
		pos = q + 4
	} else if neg {
		y = -y
	}
	if m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m) {
		return 0, pos, 2
	}
	if y > 5881580 || y < -5877641 {
		return 0, pos, 2
	}
	days = vector.DateFromCivil(y, m, d)
	if days < minDate || days > maxDate {
		return 0, pos, 2
	}
	return days, pos, 0
}

func dateFormatError(s string) error {
	return errorf("Conversion", "invalid date field format: \"%s\", expected format is (YYYY-MM-DD)", s)
}

func dateRangeError(s string) error {
	return errorf("Conversion", "date field value out of range: \"%s\", expected format is (YYYY-MM-DD)", s)
}

// ParseDate parses a DATE literal (YYYY-MM-DD with '-', '/', '\', ' ' or
// '.' separators, optional " (BC)", a trailing valid time, or one of
// infinity, -infinity, epoch) and returns days since 1970-01-01.
func ParseDate(s string) (int64, error) {
	switch strings.ToLower(trimSpace(s)) {
	case "infinity":
		return dateInfinity, nil
	case "-infinity":
		return dateNegInfinity, nil
	case "epoch":
		return 0, nil
	}
	days, pos, code := parseDatePrefix(s)
	switch code {
	case 1:
		return 0, dateFormatError(s)
	case 2:
		return 0, dateRangeError(s)
	}
	rest := trimSpace(s[pos:])
	if rest == "" {
		return days, nil
	}
	// A trailing part must be a valid time (it is discarded).
	if rest[0] == 'T' {
		rest = rest[1:]
	}
	if _, _, err := parseTimeTZ(rest); err != nil {
		return 0, dateFormatError(s)
	}
	return days, nil
}

// parseTimePrefix parses HH:MM[:SS[.ffffff]] at s[pos:], returning
// microseconds and the next position. ok is false for a format error,
// rng for an out-of-range field.
func parseTimePrefix(s string, pos int) (us int64, next int, ok, rng bool) {
	h, p, good := readInt(s, pos, 9)
	if !good || p >= len(s) || s[p] != ':' {
		return 0, pos, false, false
	}
	pos = p + 1
	mi, p, good := readInt(s, pos, 2)
	if !good {
		mi = 0
		if pos < len(s) && s[pos] != ' ' {
			return 0, pos, false, false
		}
	}
	pos = p
	sec := 0
	var frac int64
	if pos < len(s) && s[pos] == ':' {
		pos++
		if sv, p, good := readInt(s, pos, 2); good {
			sec = sv
			pos = p
			if pos < len(s) && s[pos] == '.' {
				pos++
				digits := 0
				for pos < len(s) && s[pos] >= '0' && s[pos] <= '9' {
					if digits < 6 {
						frac = frac*10 + int64(s[pos]-'0')
					}
					digits++
					pos++
				}
				for d := min(digits, 6); d < 6; d++ {
					frac *= 10
				}
			}
		}
	}
	if mi >= 60 || sec >= 60 || h > 24 || (h == 24 && (mi != 0 || sec != 0 || frac != 0)) {
		return 0, pos, true, true
	}
	return int64(h)*3600000000 + int64(mi)*60000000 + int64(sec)*1000000 + frac, pos, true, false
}

// parseTZOffset parses an optional UTC offset (Z, UTC, +HH, +HH:MM, +HHMM)
// at s[pos:] and returns it in microseconds.
func parseTZOffset(s string, pos int) (off int64, next int, ok bool) {
	for pos < len(s) && s[pos] == ' ' {
		pos++
	}
	if pos >= len(s) {
		return 0, pos, true
	}
	rest := s[pos:]
	if rest[0] == 'Z' || rest[0] == 'z' {
		return 0, pos + 1, true
	}
	if len(rest) >= 3 && strings.EqualFold(rest[:3], "UTC") {
		return 0, pos + 3, true
	}
	if len(rest) >= 3 && strings.EqualFold(rest[:3], "GMT") {
		return 0, pos + 3, true
	}
	if rest[0] != '+' && rest[0] != '-' {
		return 0, pos, true
	}
	sign := int64(1)
	if rest[0] == '-' {
		sign = -1
	}
	pos++
	h, p, good := readInt(s, pos, 2)
	if !good {
		return 0, pos, false
	}
	pos = p
	m := 0
	if pos < len(s) && s[pos] == ':' {
		pos++
	}
	if mv, p, good := readInt(s, pos, 2); good {
		m = mv
		pos = p
		if pos < len(s) && s[pos] == ':' {
			if _, p2, g := readInt(s, pos+1, 2); g {
				pos = p2
			}
		}
	}
	return sign * (int64(h)*3600 + int64(m)*60) * 1000000, pos, true
}

func parseTimeTZ(s string) (us, off int64, err error) {
	pos := 0
	for pos < len(s) && isSpace(s[pos]) {
		pos++
	}
	t, p, ok, rng := parseTimePrefix(s, pos)
	if !ok {
		return 0, 0, errorf("Conversion", "invalid time field format: \"%s\", expected format is ([YYYY-MM-DD ]HH:MM:SS[.MS])", s)
	}
	if rng {
		return 0, 0, errorf("Conversion", "time field value out of range: \"%s\", expected format is ([YYYY-MM-DD ]HH:MM:SS[.MS])", s)
	}
	o, p, ok := parseTZOffset(s, p)
	if !ok || trimSpace(s[p:]) != "" {
		return 0, 0, errorf("Conversion", "invalid time field format: \"%s\", expected format is ([YYYY-MM-DD ]HH:MM:SS[.MS])", s)
	}
	return t, o, nil
}

// ParseTime parses a TIME literal HH:MM[:SS[.ffffff]] and returns
// microseconds since midnight.
func ParseTime(s string) (int64, error) {
	t, off, err := parseTimeTZ(s)
	if err != nil {
		// A date or timestamp string gives its time of day.
		if ts, err2 := ParseTimestamp(s); err2 == nil {
			return floorMod(ts, vector.MicrosPerDay), nil
		}
		return 0, err
	}
	if off == 0 {
		return t, nil
	}
	return floorMod(t-off, vector.MicrosPerDay), nil
}

// ParseTimestamp parses a TIMESTAMP literal: a date, optionally followed by
// ' ' or 'T' and a time, and an optional UTC offset that is applied.
// It returns microseconds since the epoch.
func ParseTimestamp(s string) (int64, error) {
	v, _, err := parseTimestampOffset(s)
	return v, err
}

// parseTimestampOffset parses as ParseTimestamp and also reports whether
// the text carried a UTC offset; without one the result is the wall-clock
// time read as UTC.
func parseTimestampOffset(s string) (us int64, hasOff bool, err error) {
	switch strings.ToLower(trimSpace(s)) {
	case "infinity":
		return tsInfinity, true, nil
	case "-infinity":
		return tsNegInfinity, true, nil
	case "epoch":
		return 0, true, nil
	}
	fmtErr := func() error {
		return errorf("Conversion", "invalid timestamp field format: \"%s\", expected format is (YYYY-MM-DD HH:MM:SS[.US][±HH:MM| ZONE])", s)
	}
	days, pos, code := parseDatePrefix(s)
	if code == 1 {
		return 0, false, fmtErr()
	}
	if code == 2 {
		return 0, false, errorf("Conversion", "timestamp field value out of range: \"%s\", expected format is (YYYY-MM-DD HH:MM:SS[.US][±HH:MM| ZONE])", s)
	}
	var tm, off int64
	if pos < len(s) && (s[pos] == ' ' || s[pos] == 'T') {
		q := pos + 1
		for q < len(s) && s[q] == ' ' {
			q++
		}
		if q < len(s) {
			t, p, ok, rng := parseTimePrefix(s, q)
			if ok && rng {
				return 0, false, errorf("Conversion", "timestamp field value out of range: \"%s\", expected format is (YYYY-MM-DD HH:MM:SS[.US][±HH:MM| ZONE])", s)
			}
			if ok {
				tm = t
				pos = p
			}
		}
	}
	for pos < len(s) && s[pos] == ' ' {
		pos++
	}
	o, p, ok := parseTZOffset(s, pos)
	hasOff = p > pos
	if !ok {
		return 0, false, fmtErr()
	}
	off = o
	pos = p
	if trimSpace(s[pos:]) != "" {
		return 0, false, fmtErr()
	}
	hi, lo := mulAdd(days, vector.MicrosPerDay, tm-off)
	if !lo || hi >= tsInfinity || hi <= tsNegInfinity {
		return 0, false, errorf("Conversion", "timestamp field value out of range: \"%s\", expected format is (YYYY-MM-DD HH:MM:SS[.US][±HH:MM| ZONE])", s)
	}
	return hi, hasOff, nil
}

// mulAdd returns a*b + c with overflow detection.
func mulAdd(a, b, c int64) (int64, bool) {
	p, ok := mulI64(a, b)
	if !ok {
		return 0, false
	}
	return addI64(p, c)
}

func addI64(a, b int64) (int64, bool) {
	r := a + b
	return r, (a >= 0) != (b >= 0) || (r >= 0) == (a >= 0)
}

func subI64(a, b int64) (int64, bool) {
	r := a - b
	return r, (a >= 0) == (b >= 0) || (r >= 0) == (a >= 0)
}

func mulI64(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	r := a * b
	if r/b != a || (a == -1 && b == math.MinInt64) || (b == -1 && a == math.MinInt64) {
		return r, false
	}
	return r, true
}

// ParseDecimal parses s as a DECIMAL(width, scale) and returns the unscaled
// value, rounding half away from zero at the scale.
func ParseDecimal(s string, width, scale int) (int64, error) {
	v, ok := parseDecimalStr(s, width, scale)
	if !ok {
		return 0, errorf("Conversion", "Could not convert string '%s' to DECIMAL(%d,%d)", s, width, scale)
	}
	return v, nil
}

// parseDecimalStr parses [sign]digits[.digits][e[sign]digits].
func parseDecimalStr(s string, width, scale int) (int64, bool) {
	t := trimSpace(s)
	if t == "" {
		return 0, false
	}
	neg := false
	switch t[0] {
	case '-':
		neg = true
		t = t[1:]
	case '+':
		t = t[1:]
	}
	// Collect digits and the decimal exponent.
	var digits [80]byte
	nd := 0
	exp := 0
	seenDot, seenDigit := false, false
	i := 0
	for ; i < len(t); i++ {
		c := t[i]
		if c >= '0' && c <= '9' {
			seenDigit = true
			if nd == 0 && c == '0' {
				if seenDot {
					exp--
				}
				continue
			}
			if nd < len(digits) {
				digits[nd] = c
				nd++
				if seenDot {
					exp--
				}
			} else if !seenDot {
				exp++
			}
			continue
		}
		if c == '.' && !seenDot {
			seenDot = true
			continue
		}
		if c == '_' && i > 0 && i+1 < len(t) && t[i-1] >= '0' && t[i-1] <= '9' && t[i+1] >= '0' && t[i+1] <= '9' {
			continue
		}
		break
	}
	if !seenDigit {
		return 0, false
	}
	if i < len(t) {
		if t[i] != 'e' && t[i] != 'E' {
			return 0, false
		}
		e, err := strconv.Atoi(t[i+1:])
		if err != nil || e > math.MaxInt32 || e < math.MinInt32 {
			return 0, false
		}
		if e < -100000 {
			return 0, true // underflows to zero
		}
		if e > 100000 {
			return 0, false
		}
		exp += e
	}
	// value = digits * 10^exp; we need round(value * 10^scale).
	shift := exp + scale
	var u uint64
	roundUp := false
	keep := nd + shift
	if keep < 0 {
		keep = -1
	}
	for k := 0; k < nd; k++ {
		if k >= keep {
			if k == keep && digits[k] >= '5' {
				roundUp = true
			}
			break
		}
		d := uint64(digits[k] - '0')
		if u > (math.MaxUint64-d)/10 {
			return 0, false
		}
		u = u*10 + d
	}
	for k := nd; k < keep; k++ {
		if u > math.MaxUint64/10 {
			return 0, false
		}
		u *= 10
	}
	if roundUp {
		u++
	}
	if u > math.MaxInt64 {
		return 0, false
	}
	if width < 19 && u >= uint64(vector.Pow10[width]) {
		return 0, false
	}
	v := int64(u)
	if neg {
		v = -v
	}
	return v, true
}

// interval unit specifiers
type ivUnit uint8

const (
	ivMicro ivUnit = iota
	ivMilli
	ivSecond
	ivMinute
	ivHour
	ivDay
	ivWeek
	ivMonth
	ivQuarter
	ivYear
	ivDecade
	ivCentury
	ivMillennium
	ivBad
)

func intervalUnit(w string) (ivUnit, bool) {
	switch strings.ToLower(w) {
	case "us", "usec", "usecs", "microsecond", "microseconds", "microsec", "microsecs":
		return ivMicro, true
	case "ms", "msec", "msecs", "millisecond", "milliseconds", "millisec", "millisecs":
		return ivMilli, true
	case "s", "sec", "secs", "second", "seconds":
		return ivSecond, true
	case "m", "min", "mins", "minute", "minutes":
		return ivMinute, true
	case "h", "hr", "hrs", "hour", "hours":
		return ivHour, true
	case "d", "day", "days":
		return ivDay, true
	case "w", "week", "weeks":
		return ivWeek, true
	case "mon", "mons", "month", "months":
		return ivMonth, true
	case "quarter", "quarters":
		return ivQuarter, true
	case "y", "yr", "yrs", "year", "years":
		return ivYear, true
	case "dec", "decade", "decades":
		return ivDecade, true
	case "c", "cent", "century", "centuries":
		return ivCentury, true
	case "mil", "millennium", "millennia", "millenniums":
		return ivMillennium, true
	}
	return ivBad, false
}

// ParseInterval parses an INTERVAL literal such as "1 year 2 months",
// "3 days 04:05:06.5", "42" (seconds), "-1 day", "2 hours ago" or an
// ISO-8601 duration "P1Y2M3DT4H5M6S".
func ParseInterval(s string) (vector.Interval, error) {
	iv, err := parseInterval(s)
	if err != nil {
		return vector.Interval{}, err
	}
	return iv, nil
}

func ivConvErr(s string) error {
	return errorf("Conversion", "Could not convert string '%s' to INTERVAL", s)
}

func parseInterval(s string) (vector.Interval, error) {
	t := trimSpace(s)
	if t == "" {
		return vector.Interval{}, ivConvErr(s)
	}
	if t[0] == 'P' || t[0] == 'p' {
		return parseISOInterval(s, t[1:])
	}
	var months, days, micros float64
	var iMonths, iDays, iMicros int64
	pos := 0
	any := false
	for {
		for pos < len(t) && isSpace(t[pos]) {
			pos++
		}
		if pos >= len(t) {
			break
		}
		if strings.EqualFold(t[pos:], "ago") {
			iMonths, iDays, iMicros = -iMonths, -iDays, -iMicros
			months, days, micros = -months, -days, -micros
			pos = len(t)
			break
		}
		// number: [sign]digits[.digits] or a time hh:mm[:ss]
		start := pos
		neg := false
		if t[pos] == '-' || t[pos] == '+' {
			neg = t[pos] == '-'
			pos++
		}
		numStart := pos
		for pos < len(t) && t[pos] >= '0' && t[pos] <= '9' {
			pos++
		}
		if pos < len(t) && t[pos] == ':' {
			// time part
			us, next, err := parseIntervalTime(t, numStart)
			if err != nil {
				return vector.Interval{}, ivConvErr(s)
			}
			if neg {
				us = -us
			}
			iMicros += us
			pos = next
			any = true
			continue
		}
		isFrac := false
		if pos < len(t) && t[pos] == '.' {
			isFrac = true
			pos++
			for pos < len(t) && t[pos] >= '0' && t[pos] <= '9' {
				pos++
			}
		}
		if pos == numStart || (isFrac && pos == numStart+1) {
			return vector.Interval{}, ivConvErr(s)
		}
		numText := t[start:pos]
		for pos < len(t) && isSpace(t[pos]) {
			pos++
		}
		ws := pos
		for pos < len(t) && ((t[pos] >= 'a' && t[pos] <= 'z') || (t[pos] >= 'A' && t[pos] <= 'Z')) {
			pos++
		}
		word := t[ws:pos]
		unit := ivSecond
		if word != "" {
			u, ok := intervalUnit(word)
			if !ok {
				if strings.EqualFold(word, "ago") {
					pos = ws
				} else {
					lw := strings.ToLower(word)
					switch lw {
					case "doy", "dow", "isodow", "yearweek", "week_of_year", "epoch", "isoyear", "era", "julian", "timezone", "timezone_hour", "timezone_minute":
						return vector.Interval{}, errorf("Conversion", "extract specifier \"%s\" not supported for interval", word)
					}
					return vector.Interval{}, errorf("Conversion", "extract specifier \"%s\" not recognized", word)
				}
			} else {
				unit = u
			}
		} else if pos < len(t) {
			return vector.Interval{}, ivConvErr(s)
		}
		any = true
		if !isFrac {
			n, err := strconv.ParseInt(numText, 10, 64)
			if err != nil {
				return vector.Interval{}, errorf("Invalid Input", "interval value %s out of range", numText)
			}
			var ok bool
			switch unit {
			case ivMicro:
				iMicros, ok = addI64(iMicros, n)
			case ivMilli:
				iMicros, ok = mulAdd(n, 1000, iMicros)
			case ivSecond:
				iMicros, ok = mulAdd(n, 1000000, iMicros)
			case ivMinute:
				iMicros, ok = mulAdd(n, 60000000, iMicros)
			case ivHour:
				iMicros, ok = mulAdd(n, 3600000000, iMicros)
			case ivDay:
				iDays, ok = addI64(iDays, n)
			case ivWeek:
				iDays, ok = mulAdd(n, 7, iDays)
			case ivMonth:
				iMonths, ok = addI64(iMonths, n)
			case ivQuarter:
				iMonths, ok = mulAdd(n, 3, iMonths)
			case ivYear:
				iMonths, ok = mulAdd(n, 12, iMonths)
			case ivDecade:
				iMonths, ok = mulAdd(n, 120, iMonths)
			case ivCentury:
				iMonths, ok = mulAdd(n, 1200, iMonths)
			case ivMillennium:
				iMonths, ok = mulAdd(n, 12000, iMonths)
			}
			if !ok {
				return vector.Interval{}, errorf("Invalid Input", "interval value %s out of range", numText)
			}
			continue
		}
		f, err := strconv.ParseFloat(numText, 64)
		if err != nil {
			return vector.Interval{}, ivConvErr(s)
		}
		switch unit {
		case ivMicro:
			micros += f
		case ivMilli:
			micros += f * 1e3
		case ivSecond:
			micros += f * 1e6
		case ivMinute:
			micros += f * 6e7
		case ivHour:
			micros += f * 3.6e9
		case ivDay:
			days += f
		case ivWeek:
			days += f * 7
		case ivMonth:
			months += f
		case ivQuarter:
			months += math.Round(f * 3)
		case ivYear:
			months += math.Round(f * 12)
		case ivDecade:
			months += math.Round(f * 120)
		case ivCentury:
			months += math.Round(f * 1200)
		case ivMillennium:
			months += math.Round(f * 12000)
		}
	}
	if !any {
		return vector.Interval{}, ivConvErr(s)
	}
	// Fractional parts spill down: months -> days (30 per month) -> micros.
	wm := math.Trunc(months)
	days += (months - wm) * 30
	wd := math.Trunc(days)
	micros += (days - wd) * float64(vector.MicrosPerDay)
	iMonths += int64(wm)
	iDays += int64(wd)
	iMicros += int64(math.RoundToEven(micros))
	if iMonths > math.MaxInt32 || iMonths < math.MinInt32 || iDays > math.MaxInt32 || iDays < math.MinInt32 {
		return vector.Interval{}, errorf("Invalid Input", "interval value is out of range: \"%s\"", s)
	}
	return vector.Interval{Months: int32(iMonths), Days: int32(iDays), Micros: iMicros}, nil
}

// parseIntervalTime parses h+:mm[:ss[.ffffff]] (trailing ':' allowed).
func parseIntervalTime(t string, pos int) (int64, int, error) {
	h, p, ok := readInt(t, pos, 12)
	if !ok || p >= len(t) || t[p] != ':' {
		return 0, pos, ivConvErr(t)
	}
	pos = p + 1
	m, p, _ := readInt(t, pos, 2)
	pos = p
	var sec, frac int64
	if pos < len(t) && t[pos] == ':' {
		pos++
		sv, p, _ := readInt(t, pos, 2)
		sec = int64(sv)
		pos = p
		if pos < len(t) && t[pos] == '.' {
			pos++
			d := 0
			for pos < len(t) && t[pos] >= '0' && t[pos] <= '9' {
				if d < 6 {
					frac = frac*10 + int64(t[pos]-'0')
				}
				d++
				pos++
			}
			for ; d < 6; d++ {
				frac *= 10
			}
		}
	}
	return int64(h)*3600000000 + int64(m)*60000000 + sec*1000000 + frac, pos, nil
}

func parseISOInterval(orig, t string) (vector.Interval, error) {
	var iv vector.Interval
	inTime := false
	for len(t) > 0 {
		if t[0] == 'T' || t[0] == 't' {
			inTime = true
			t = t[1:]
			continue
		}
		j := 0
		for j < len(t) && (t[j] == '-' || t[j] == '.' || (t[j] >= '0' && t[j] <= '9')) {
			j++
		}
		if j == 0 || j >= len(t) {
			return iv, ivConvErr(orig)
		}
		f, err := strconv.ParseFloat(t[:j], 64)
		if err != nil {
			return iv, ivConvErr(orig)
		}
		switch u := t[j]; {
		case (u == 'Y' || u == 'y') && !inTime:
			iv.Months += int32(f * 12)
		case (u == 'M' || u == 'm') && !inTime:
			iv.Months += int32(f)
		case (u == 'W' || u == 'w') && !inTime:
			iv.Days += int32(f * 7)
		case (u == 'D' || u == 'd') && !inTime:
			iv.Days += int32(f)
		case (u == 'H' || u == 'h') && inTime:
			iv.Micros += int64(math.Round(f * 3.6e9))
		case (u == 'M' || u == 'm') && inTime:
			iv.Micros += int64(math.Round(f * 6e7))
		case (u == 'S' || u == 's') && inTime:
			iv.Micros += int64(math.Round(f * 1e6))
		default:
			return iv, ivConvErr(orig)
		}
		t = t[j+1:]
	}
	return iv, nil
}
