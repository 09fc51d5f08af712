package engine

import (
	"strconv"
	"strings"

	"github.com/lhsql/lhsql/vector"
)

var shortDays = [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
var shortMonths = [13]string{"", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

func pad(b []byte, x int64, w int) []byte {
	if x < 0 {
		b = append(b, '-')
		x = -x
	}
	s := strconv.FormatInt(x, 10)
	for i := len(s); i < w; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// strftime formats microseconds since the epoch with a strftime format.
func strftime(ts int64, f string) (string, error) {
	days, us := splitTimestamp(ts)
	y, m, d := vector.CivilFromDate(days)
	b := make([]byte, 0, len(f)+16)
	for i := 0; i < len(f); i++ {
		c := f[i]
		if c != '%' {
			b = append(b, c)
			continue
		}
		i++
		if i >= len(f) {
			return "", errorf("Invalid Input", "Failed to parse format specifier %s: Trailing format character %%", f)
		}
		c = f[i]
		nopad := false
		if c == '-' && i+1 < len(f) {
			nopad = true
			i++
			c = f[i]
		}
		w2 := 2
		if nopad {
			w2 = 0
		}
		switch c {
		case 'Y':
			b = pad(b, int64(y), 0)
		case 'y':
			b = pad(b, int64(((y%100)+100)%100), w2)
		case 'C':
			b = pad(b, int64(y/100), w2)
		case 'm':
			b = pad(b, int64(m), w2)
		case 'd':
			b = pad(b, int64(d), w2)
		case 'e':
			if d < 10 && !nopad {
				b = append(b, ' ')
			}
			b = pad(b, int64(d), 0)
		case 'H':
			b = pad(b, us/3600000000, w2)
		case 'I':
			h := us / 3600000000 % 12
			if h == 0 {
				h = 12
			}
			b = pad(b, h, w2)
		case 'p':
			if us/3600000000 < 12 {
				b = append(b, "AM"...)
			} else {
				b = append(b, "PM"...)
			}
		case 'M':
			b = pad(b, us%3600000000/60000000, w2)
		case 'S':
			b = pad(b, us%60000000/1000000, w2)
		case 'f':
			b = pad(b, us%1000000, 6)
		case 'g':
			b = pad(b, us%1000000/1000, 3)
		case 'n':
			b = pad(b, us%1000000*1000, 9)
		case 'j':
			w := 3
			if nopad {
				w = 0
			}
			b = pad(b, dateField(dpDOY, days), w)
		case 'a':
			b = append(b, shortDays[dateField(dpDOW, days)]...)
		case 'A':
			b = append(b, dayNames[dateField(dpDOW, days)]...)
		case 'w':
			b = pad(b, dateField(dpDOW, days), 0)
		case 'u':
			b = pad(b, dateField(dpISODOW, days), 0)
		case 'b', 'h':
			b = append(b, shortMonths[m]...)
		case 'B':
			b = append(b, monthNames[m]...)
		case 'V':
			b = pad(b, dateField(dpWeek, days), w2)
		case 'G':
			b = pad(b, dateField(dpISOYear, days), 0)
		case 'U', 'W':
			// Week of year with weeks starting Sunday (U) or Monday (W).
			doy := dateField(dpDOY, days) - 1
			wd := dateField(dpDOW, days)
			if c == 'W' {
				wd = (wd + 6) % 7
			}
			b = pad(b, (doy+7-wd)/7, w2)
		case 'z':
			b = append(b, "+00"...)
		case 'Z':
			b = append(b, "UTC"...)
		case 'x':
			b = append(b, vector.FormatDate(days)...)
		case 'X':
			b = append(b, vector.FormatTime(us)...)
		case 'c':
			b = append(b, vector.FormatTimestamp(ts)...)
		case '%':
			b = append(b, '%')
		default:
			return "", errorf("Invalid Input", "Failed to parse format specifier %s: Unrecognized format for strftime/strptime: %%%c", f, c)
		}
	}
	return string(b), nil
}

// strptime parses s with format f into microseconds since the epoch.
func strptime(s, f string) (int64, error) {
	fail := func() (int64, error) {
		return 0, errorf("Invalid Input", "Could not parse string \"%s\" according to format specifier \"%s\"", s, f)
	}
	y, m, d := 1900, 1, 1
	var h, mi, sec, us int64
	pm, hasAMPM := false, false
	var tzOff int64
	yday := -1
	week, weekday, isoYear := int64(-1), int64(-1), -1
	var weekKind byte
	hasDay := false
	if f == "" {
		return 0, errorf("Invalid Input", "Empty format string")
	}
	pos := 0
	num := func(maxDigits int) (int64, bool) {
		start := pos
		neg := false
		if pos < len(s) && (s[pos] == '-' || s[pos] == '+') && maxDigits > 4 {
			neg = s[pos] == '-'
			pos++
		}
		ds := pos
		var v int64
		for pos < len(s) && pos-ds < maxDigits && s[pos] >= '0' && s[pos] <= '9' {
			v = v*10 + int64(s[pos]-'0')
			pos++
		}
		if pos == ds {
			pos = start
			return 0, false
		}
		if neg {
			v = -v
		}
		return v, true
	}
	for i := 0; i < len(f); i++ {
		c := f[i]
		if c != '%' {
			if isSpace(c) {
				for pos < len(s) && isSpace(s[pos]) {
					pos++
				}
				continue
			}
			if pos >= len(s) || s[pos] != c {
				return fail()
			}
			pos++
			continue
		}
		i++
		if i >= len(f) {
			return fail()
		}
		c = f[i]
		if c == '-' && i+1 < len(f) {
			i++
			c = f[i]
		}
		var v int64
		var ok bool
		switch c {
		case 'Y':
			w := 9
			if i+1 < len(f) && f[i+1] == '%' {
				w = 4 // followed directly by another field: take 4 digits
			}
			v, ok = num(w)
			y = int(v)
		case 'y':
			v, ok = num(2)
			if v < 69 {
				y = 2000 + int(v)
			} else {
				y = 1900 + int(v)
			}
		case 'm':
			v, ok = num(2)
			m = int(v)
		case 'd', 'e':
			for pos < len(s) && s[pos] == ' ' {
				pos++
			}
			v, ok = num(2)
			d = int(v)
			hasDay = true
		case 'H', 'I':
			v, ok = num(2)
			h = v
		case 'M':
			v, ok = num(2)
			mi = v
		case 'S':
			v, ok = num(2)
			sec = v
		case 'f', 'g', 'n':
			start := pos
			v, ok = num(9)
			digits := pos - start
			for ; digits < 6; digits++ {
				v *= 10
			}
			for ; digits > 6; digits-- {
				v /= 10
			}
			us = v
		case 'j':
			v, ok = num(3)
			yday = int(v)
		case 'U', 'W', 'V':
			v, ok = num(2)
			week, weekKind = v, c
		case 'w':
			v, ok = num(1)
			weekday = v % 7 // Sunday = 0
		case 'u':
			v, ok = num(1)
			weekday = v % 7
		case 'G':
			v, ok = num(9)
			isoYear = int(v)
		case 'p':
			if pos+2 <= len(s) {
				w := strings.ToUpper(s[pos : pos+2])
				if w == "AM" || w == "PM" {
					pm = w == "PM"
					hasAMPM = true
					pos += 2
					ok = true
				}
			}
		case 'b', 'h', 'B':
			ok = false
			for k := 1; k <= 12; k++ {
				for _, name := range []string{monthNames[k], shortMonths[k]} {
					if len(s)-pos >= len(name) && strings.EqualFold(s[pos:pos+len(name)], name) {
						m = k
						pos += len(name)
						ok = true
						break
					}
				}
				if ok {
					break
				}
			}
		case 'a', 'A':
			ok = false
			for k := 0; k < 7; k++ {
				for _, name := range []string{dayNames[k], shortDays[k]} {
					if len(s)-pos >= len(name) && strings.EqualFold(s[pos:pos+len(name)], name) {
						pos += len(name)
						ok = true
						break
					}
				}
				if ok {
					break
				}
			}
		case 'z':
			off, next, good := parseTZOffset(s, pos)
			ok = good && next > pos
			tzOff, pos = off, next
		case 'Z':
			st := pos
			for pos < len(s) && !isSpace(s[pos]) {
				pos++
			}
			ok = pos > st
		case '%':
			ok = pos < len(s) && s[pos] == '%'
			pos++
		default:
			return 0, errorf("Invalid Input", "Failed to parse format specifier %s: Unrecognized format for strftime/strptime: %%%c", f, c)
		}
		if !ok {
			return fail()
		}
	}
	if pos != len(s) {
		return fail()
	}
	if hasAMPM {
		if h < 1 || h > 12 {
			return fail()
		}
		h %= 12
		if pm {
			h += 12
		}
	}
	var days int64
	if week >= 0 && !hasDay {
		if weekKind == 'V' {
			if isoYear >= 0 {
				y = isoYear
			}
			jan4 := vector.DateFromCivil(y, 1, 4)
			monday1 := jan4 - floorMod(jan4+3, 7)
			off := int64(0) // Monday
			if weekday >= 0 {
				off = (weekday + 6) % 7
			}
			days = monday1 + (week-1)*7 + off
		} else {
			jan1 := vector.DateFromCivil(y, 1, 1)
			dow := floorMod(jan1+4, 7) // Sunday = 0
			if weekKind == 'U' {
				first := jan1 + (7-dow)%7 // first Sunday
				off := int64(0)
				if weekday >= 0 {
					off = weekday
				}
				days = first + (week-1)*7 + off
			} else {
				first := jan1 + (8-dow)%7 // first Monday
				off := int64(0)
				if weekday >= 0 {
					off = (weekday + 6) % 7
				}
				days = first + (week-1)*7 + off
			}
		}
	} else if yday >= 0 {
		if yday < 1 || yday > 366 {
			return fail()
		}
		days = vector.DateFromCivil(y, 1, 1) + int64(yday-1)
	} else {
		if m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m) {
			return fail()
		}
		days = vector.DateFromCivil(y, m, d)
	}
	if h > 24 || mi > 59 || sec > 60 {
		return fail()
	}
	return days*vector.MicrosPerDay + h*3600000000 + mi*60000000 + sec*1000000 + us - tzOff, nil
}
