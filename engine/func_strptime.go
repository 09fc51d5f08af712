package engine

import (
	"strconv"
	"strings"
	"time"

	"github.com/lhsql/lhsql/vector"
)

// strfSpec is one conversion of a strftime/strptime format: the
// specifier letter (%d -> 'd') and whether it was written %-d (no
// padding in strftime).
type strfSpec struct {
	c     byte
	nopad bool
}

// strfFormat is a parsed strftime/strptime format. lits[i] is the literal
// text before specs[i]; lits has one more entry than specs (the text
// after the last conversion). %c, %x, %X and %T are expanded into their
// ISO equivalents, so specs never holds them.
type strfFormat struct {
	src   string
	lits  []string
	specs []strfSpec
	// tz is set when the format has %z or %Z: strptime then yields
	// TIMESTAMP WITH TIME ZONE.
	tz bool
}

// strfExpansions maps the composite specifiers to the formats they
// stand for (DuckDB uses ISO forms rather than the C locale's).
var strfExpansions = map[byte]string{
	'c': "%Y-%m-%d %H:%M:%S",
	'x': "%Y-%m-%d",
	'X': "%H:%M:%S",
	'T': "%H:%M:%S",
}

// strfKnown reports whether %c is a specifier, and strfDash whether %-c is.
func strfKnown(c byte) bool { return strings.IndexByte("aAwudbBhmyYHIpMSfgnzZjUWVG%", c) >= 0 }
func strfDash(c byte) bool  { return strings.IndexByte("dmyHIMSj", c) >= 0 }

// parseStrfFormat parses a strftime/strptime format. Errors are DuckDB's
// Invalid Input errors ("Failed to parse format specifier ...").
func parseStrfFormat(f string) (*strfFormat, error) {
	fail := func(msg string) (*strfFormat, error) {
		return nil, errorf("Invalid Input", "Failed to parse format specifier %s: %s", f, msg)
	}
	if f == "" {
		return fail("Empty format string")
	}
	out := &strfFormat{src: f}
	var lit []byte
	var add func(f string) string
	add = func(f string) string {
		for i := 0; i < len(f); i++ {
			if f[i] != '%' {
				lit = append(lit, f[i])
				continue
			}
			i++
			if i >= len(f) {
				return "Trailing format character %"
			}
			c, nopad := f[i], false
			if c == '-' {
				if i+1 >= len(f) || !strfDash(f[i+1]) {
					rest := "-"
					if i+1 < len(f) {
						rest += f[i+1 : i+2]
					}
					return "Unrecognized format for strftime/strptime: %" + rest
				}
				i++
				c, nopad = f[i], true
			}
			if exp, ok := strfExpansions[c]; ok {
				if msg := add(exp); msg != "" {
					return msg
				}
				continue
			}
			if !strfKnown(c) {
				return "Unrecognized format for strftime/strptime: %" + string(c)
			}
			if c == '%' {
				lit = append(lit, '%')
				continue
			}
			if c == 'z' || c == 'Z' {
				out.tz = true
			}
			out.lits = append(out.lits, string(lit))
			lit = lit[:0]
			out.specs = append(out.specs, strfSpec{c: c, nopad: nopad})
		}
		return ""
	}
	if msg := add(f); msg != "" {
		return fail(msg)
	}
	out.lits = append(out.lits, string(lit))
	return out, nil
}

// strpNumWidth is the most digits strptime reads for a numeric
// specifier; 0 marks the non-numeric ones.
func strpNumWidth(c byte) int {
	switch c {
	case 'w', 'u':
		return 1
	case 'd', 'm', 'y', 'H', 'I', 'M', 'S', 'U', 'W', 'V':
		return 2
	case 'g', 'j':
		return 3
	case 'Y', 'G':
		return 4
	case 'f':
		return 6
	case 'n':
		return 9
	}
	return 0
}

// strpOffset says which specifiers determine the date: the first of the
// week, ISO week, day-of-year or calendar specifiers decides, as in
// DuckDB (see strpFormat.parse).
type strpOffset uint8

const (
	offNone     strpOffset = iota
	offCalendar            // %d or %m: the calendar date wins over everything
	offYear                // %Y or %y before any week / day-of-year specifier
	offWeek                // %U or %W
	offISO                 // %G or %V
	offYearDay             // %j
)

// Special strpResult.pos values: a failure with no position in the
// string, and an invalid calendar date (a Conversion Error in DuckDB).
const (
	noPos        = -1
	dateRangePos = -2
)

// strpResult is the outcome of parsing one string with one format: on
// failure msg and pos describe the error as DuckDB reports it.
type strpResult struct {
	micros int64 // local date and time, microseconds since the epoch
	offset int64 // UTC offset in microseconds (%z)
	hasOff bool
	zone   string // %Z
	msg    string
	pos    int
}

// parse parses s; it never allocates on success unless %Z is used.
func (f *strfFormat) parse(s string) (r strpResult, ok bool) {
	year, month, day := int64(1900), int64(1), int64(1)
	var hour, minute, sec, nanos int64
	ampm := byte(0)
	off := offNone
	var weekno, weekday, yearday int64
	var weekKind byte // 'U' or 'W' when off == offWeek
	hasWeekday := false
	isoYear, isoWeek, isoWeekday := int64(-1), int64(-1), int64(-1)
	bad := func(msg string, pos int) (strpResult, bool) {
		r.msg, r.pos = msg, pos
		return r, false
	}
	pos := 0
	for pos < len(s) && isSpace(s[pos]) {
		pos++
	}
	for i := 0; ; i++ {
		lit := f.lits[i]
		for l := 0; l < len(lit); {
			if isSpace(lit[l]) {
				if pos >= len(s) || !isSpace(s[pos]) {
					return bad("Space does not match, expected "+lit, pos)
				}
				for pos++; pos < len(s) && isSpace(s[pos]); pos++ {
				}
				for l++; l < len(lit) && isSpace(lit[l]); l++ {
				}
				continue
			}
			if pos >= len(s) || s[pos] != lit[l] {
				return bad("Literal does not match, expected "+lit, pos+1)
			}
			pos++
			l++
		}
		if i == len(f.specs) {
			break
		}
		c := f.specs[i].c
		if w := strpNumWidth(c); w > 0 {
			start := pos
			var num int64
			for pos < len(s) && pos-start < w && s[pos] >= '0' && s[pos] <= '9' {
				num = num*10 + int64(s[pos]-'0')
				pos++
			}
			if pos == start {
				return bad("Expected a number", start)
			}
			switch c {
			case 'd', 'm':
				if c == 'd' && (num < 1 || num > 31) {
					return bad("Day out of range, expected a value between 1 and 31", start)
				}
				if c == 'm' && (num < 1 || num > 12) {
					return bad("Month out of range, expected a value between 1 and 12", start)
				}
				if c == 'd' {
					day = num
				} else {
					month = num
				}
				off = offCalendar
			case 'y', 'Y':
				if c == 'y' {
					if num >= 69 {
						num += 1900
					} else {
						num += 2000
					}
				}
				switch off {
				case offNone, offISO:
					off = offYear // a Gregorian year overrides ISO offsets
				}
				year = num
			case 'G':
				switch off {
				case offCalendar, offYear:
					// validated, not used
				case offNone, offISO:
					off = offISO
				default:
					return bad("Incompatible ISO year offset specified", start)
				}
				isoYear = num
			case 'V':
				switch off {
				case offCalendar:
				case offNone, offISO:
					off = offISO
				case offYear:
					return bad("ISO week offsets are incompatible with non-ISO year specifiers. Use '%G' instead", start)
				default:
					return bad("Incompatible ISO week offset specified", start)
				}
				if num < 1 || num > 53 {
					return bad("ISO week offset out of range, expected a value between 1 and 53", start)
				}
				isoWeek = num
			case 'U', 'W':
				switch off {
				case offCalendar:
				case offNone, offYear:
					off, weekKind = offWeek, c
				default:
					return bad("Multiple week offsets specified", start)
				}
				if num > 53 {
					return bad("Week out of range, expected a value between 0 and 53", start)
				}
				weekno = num
			case 'j':
				switch off {
				case offCalendar:
				case offNone, offYear:
					off = offYearDay
				default:
					return bad("Multiple year offsets specified", start)
				}
				if num < 1 || num > 366 {
					return bad("Year day out of range, expected a value between 1 and 366", start)
				}
				yearday = num
			case 'w':
				if num > 6 {
					return bad("Weekday out of range, expected a value between 0 and 6", start)
				}
				weekday, hasWeekday = num, true
			case 'u':
				if num < 1 || num > 7 {
					return bad("ISO weekday offset out of range, expected a value between 1 and 7", start)
				}
				isoWeekday = num
			case 'H':
				if num > 23 {
					return bad("Hour out of range, expected a value between 0 and 23", start)
				}
				hour = num
			case 'I':
				if num < 1 || num > 12 {
					return bad("Hour12 out of range, expected a value between 1 and 12", start)
				}
				hour = num
			case 'M':
				if num > 59 {
					return bad("Minutes out of range, expected a value between 0 and 59", start)
				}
				minute = num
			case 'S':
				if num > 59 {
					return bad("Seconds out of range, expected a value between 0 and 59", start)
				}
				sec = num
			case 'g', 'f', 'n':
				for d := pos - start; d < 9; d++ {
					num *= 10 // fractions are left-aligned: .5 is half a second
				}
				nanos = num
			}
			continue
		}
		switch c {
		case 'p':
			if pos+2 > len(s) || lower(s[pos+1]) != 'm' || (lower(s[pos]) != 'a' && lower(s[pos]) != 'p') {
				return bad("Expected AM/PM", pos)
			}
			ampm = lower(s[pos])
			pos += 2
		case 'a', 'A':
			names := shortDays[:]
			msg := "Expected an abbreviated day name (Mon, Tue, Wed, Thu, Fri, Sat, Sun)"
			if c == 'A' {
				names, msg = dayNames[:], "Expected a full day name (Monday, Tuesday, etc...)"
			}
			if _, n := matchName(s[pos:], names); n > 0 {
				pos += n
			} else {
				return bad(msg, pos)
			}
		case 'b', 'h', 'B':
			names := shortMonths[1:]
			msg := "Expected an abbreviated month name (Jan, Feb, Mar, etc..)"
			if c == 'B' {
				names, msg = monthNames[1:], "Expected a full month name (January, February, etc...)"
			}
			k, n := matchName(s[pos:], names)
			if n == 0 {
				return bad(msg, pos)
			}
			month = int64(k + 1)
			pos += n
		case 'z':
			o, next, good := parseUTCOffset(s, pos)
			if !good {
				return bad("Expected ±HH[MM] or -HH[:MM[:SS]]", pos)
			}
			r.offset, r.hasOff, pos = o, true, next
		case 'Z':
			for pos < len(s) && isSpace(s[pos]) {
				pos++
			}
			st := pos
			for pos < len(s) && isTZChar(s[pos]) {
				pos++
			}
			if pos == st {
				return bad("Empty Time Zone name", st)
			}
			r.zone = s[st:pos]
		}
	}
	for pos < len(s) && isSpace(s[pos]) {
		pos++
	}
	if pos != len(s) {
		return bad("Full specifier did not match: trailing characters", pos)
	}
	if ampm != 0 {
		if hour > 12 {
			return bad("Invalid hour: "+strconv.FormatInt(hour, 10)+" AM/PM, expected an hour within the range [0..12]", noPos)
		}
		if ampm == 'a' && hour == 12 {
			hour = 0
		} else if ampm == 'p' && hour != 12 {
			hour += 12
		}
	}
	var days int64
	switch off {
	case offISO:
		if isoYear < 0 {
			isoYear = 1900
		}
		if isoWeek < 0 {
			isoWeek = 1
		}
		if isoWeekday < 0 {
			isoWeekday = 1
		}
		jan4 := vector.DateFromCivil(int(isoYear), 1, 4)
		week1 := jan4 - floorMod(jan4+3, 7) // the Monday of jan4's week
		days = week1 + (isoWeek-1)*7 + isoWeekday - 1
	case offWeek:
		// %w counts from Sunday; shift it to the first day of the week.
		wd := int64(0)
		if hasWeekday {
			wd = weekday
			if weekKind == 'W' {
				wd = (weekday + 6) % 7
			}
		}
		jan1 := vector.DateFromCivil(int(year), 1, 1)
		start := jan1 - floorMod(jan1+3, 7) // the Monday of jan1's week
		if weekKind == 'U' {
			start--
		}
		if start >= jan1 {
			start -= 7 // week 0 holds the days before the first full week
		}
		days = start + weekno*7 + wd
	case offYearDay:
		days = vector.DateFromCivil(int(year), 1, 1) + yearday - 1
	default:
		if day > int64(daysInMonth(int(year), int(month))) {
			// reported as a conversion error, not a parse error
			return bad("Date out of range: "+strconv.FormatInt(year, 10)+"-"+strconv.FormatInt(month, 10)+"-"+strconv.FormatInt(day, 10), dateRangePos)
		}
		days = vector.DateFromCivil(int(year), int(month), int(day))
	}
	r.micros = days*vector.MicrosPerDay + hour*3600000000 + minute*60000000 + sec*1000000 + nanos/1000
	return r, true
}

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// matchName returns the index of the first name that s starts with
// (ignoring case) and its length, or n = 0.
func matchName(s string, names []string) (k, n int) {
	for k, name := range names {
		if len(s) >= len(name) && strings.EqualFold(s[:len(name)], name) {
			return k, len(name)
		}
	}
	return 0, 0
}

// isTZChar reports whether c may appear in a time zone name.
func isTZChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '/' || c == '+' || c == '-'
}

// parseUTCOffset parses ±HH[[:]MM[:SS]] at s[pos:] into microseconds
// east of UTC.
func parseUTCOffset(s string, pos int) (off int64, next int, ok bool) {
	two := func(p int) (int64, bool) {
		if p+2 > len(s) || s[p] < '0' || s[p] > '9' || s[p+1] < '0' || s[p+1] > '9' {
			return 0, false
		}
		return int64(s[p]-'0')*10 + int64(s[p+1]-'0'), true
	}
	if pos+3 > len(s) || (s[pos] != '+' && s[pos] != '-') {
		return 0, pos, false
	}
	sign := int64(1)
	if s[pos] == '-' {
		sign = -1
	}
	h, good := two(pos + 1)
	if !good {
		return 0, pos, false
	}
	p := pos + 3
	secs := h * 3600
	q := p
	if q < len(s) && s[q] == ':' {
		q++
	}
	if m, good := two(q); good {
		secs += m * 60
		p = q + 2
		if p < len(s) && s[p] == ':' {
			if sv, good := two(p + 1); good {
				secs += sv
				p += 3
			}
		}
	}
	return sign * secs * 1000000, p, true
}

// strpError formats DuckDB's strptime error: the string, the format, a
// caret under the failing position and the reason.
func strpError(s, format string, r strpResult) error {
	switch r.pos {
	case dateRangePos:
		return errorf("Conversion", "%s", r.msg)
	case noPos:
		return errorf("Invalid Input", "Could not parse string \"%s\" according to format specifier \"%s\"\n\nError: %s", s, format, r.msg)
	}
	return errorf("Invalid Input", "Could not parse string \"%s\" according to format specifier \"%s\"\n%s\n%s^\nError: %s",
		s, format, s, strings.Repeat(" ", r.pos), r.msg)
}

// strpSpecial parses the special timestamps strptime accepts whatever
// the format: infinity, -infinity and epoch (case-insensitive, spaces
// around allowed).
func strpSpecial(s string) (int64, bool) {
	t := strings.TrimFunc(s, func(r rune) bool { return r < 128 && isSpace(byte(r)) })
	switch {
	case strings.EqualFold(t, "infinity"), strings.EqualFold(t, "+infinity"):
		return tsInfinity, true
	case strings.EqualFold(t, "-infinity"):
		return tsNegInfinity, true
	case strings.EqualFold(t, "epoch"):
		return 0, true
	}
	return 0, false
}

// strptimeFormats parses s with the first of formats that matches and
// returns microseconds since the epoch in UTC. When none matches, the
// error names the first format and describes the last failure, as
// DuckDB's does.
func strptimeFormats(s string, formats []*strfFormat) (int64, error) {
	var last strpResult
	for _, f := range formats {
		r, ok := f.parse(s)
		if !ok {
			last = r
			continue
		}
		ts := r.micros
		switch {
		case r.hasOff:
			ts -= r.offset
		case r.zone != "":
			off, err := zoneOffset(r.zone, ts)
			if err != nil {
				return 0, err
			}
			ts -= off
		}
		return ts, nil
	}
	if ts, ok := strpSpecial(s); ok {
		return ts, nil
	}
	return 0, strpError(s, formats[0].src, last)
}

// zoneOffset returns the UTC offset of the named zone at the local time
// local (microseconds since the epoch, wall clock).
func zoneOffset(name string, local int64) (int64, error) {
	switch strings.ToUpper(name) {
	case "UTC", "GMT", "Z", "ETC/UTC", "ETC/GMT", "UCT", "ZULU", "UNIVERSAL":
		return 0, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return 0, errorf("Not implemented", "Unknown TimeZone '%s'!", name)
	}
	secs := floorDiv(local, 1000000)
	t := time.Unix(secs, 0).UTC()
	wall := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, loc)
	_, o := wall.Zone()
	return int64(o) * 1000000, nil
}

// strptime parses s with a single format string (used by tests and
// callers without a pre-parsed format).
func strptime(s, format string) (int64, error) {
	f, err := parseStrfFormat(format)
	if err != nil {
		return 0, err
	}
	return strptimeFormats(s, []*strfFormat{f})
}
