package engine

import (
	"strconv"

	"github.com/lhsql/lhsql/vector"
)

var shortDays = [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
var shortMonths = [13]string{"", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// pad appends x in decimal, zero-padded to at least w digits (after the
// sign of a negative x).
func pad(b []byte, x int64, w int) []byte {
	if x < 0 {
		b = append(b, '-')
		x = -x
	}
	var tmp [20]byte
	s := strconv.AppendInt(tmp[:0], x, 10)
	for i := len(s); i < w; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// padYear appends a year as DuckDB prints it: four digits for years
// 0..9999, else all its digits with the sign.
func padYear(b []byte, y int64) []byte {
	if y < 0 {
		return pad(b, y, 0)
	}
	return pad(b, y, 4)
}

// appendStrftime appends the wall-clock time ts (microseconds since the
// epoch, finite) formatted with f. off is the UTC offset in seconds that
// %z renders (0 for TIMESTAMP and DATE), zone the name %Z renders (the
// session zone for TIMESTAMP WITH TIME ZONE, else empty).
func appendStrftime(b []byte, ts int64, f *strfFormat, off int64, zone string) []byte {
	days, us := splitTimestamp(ts)
	y, m, d := vector.CivilFromDate(days)
	hour := us / 3600000000
	for i, s := range f.specs {
		b = append(b, f.lits[i]...)
		w2 := 2
		if s.nopad {
			w2 = 0
		}
		switch s.c {
		case 'Y':
			b = padYear(b, int64(y))
		case 'y':
			yy := int64(y) % 100
			if yy < 0 {
				yy = -yy
			}
			b = pad(b, yy, w2)
		case 'm':
			b = pad(b, int64(m), w2)
		case 'd':
			b = pad(b, int64(d), w2)
		case 'H':
			b = pad(b, hour, w2)
		case 'I':
			h := hour % 12
			if h == 0 {
				h = 12
			}
			b = pad(b, h, w2)
		case 'p':
			if hour < 12 {
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
			if s.nopad {
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
			b = pad(b, dateField(dpWeek, days), 2)
		case 'G':
			b = padYear(b, dateField(dpISOYear, days))
		case 'U', 'W':
			// Week of the year; week 1 starts on the first Sunday (%U) or
			// Monday (%W), the days before it are week 0.
			doy := dateField(dpDOY, days) - 1
			wd := dateField(dpDOW, days)
			if s.c == 'W' {
				wd = (wd + 6) % 7
			}
			b = pad(b, (doy+7-wd)/7, 2)
		case 'z':
			b = vector.AppendUTCOffset(b, off)
		case 'Z':
			b = append(b, zone...)
		}
	}
	return append(b, f.lits[len(f.specs)]...)
}

// strftime formats microseconds since the epoch with a strftime format
// string (a convenience for callers without a parsed format).
func strftime(ts int64, format string) (string, error) {
	f, err := parseStrfFormat(format)
	if err != nil {
		return "", err
	}
	return string(appendStrftime(nil, ts, f, 0, "")), nil
}
