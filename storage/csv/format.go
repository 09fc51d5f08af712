package csv

import (
	"fmt"
	"strings"

	"github.com/lhsql/lhsql/vector"
)

// timeFormat is a parsed strftime-style format such as "%d/%m/%Y %H:%M".
// Supported specifiers: %Y %y %m %d %H %M %S %f %b %%.
type timeFormat struct {
	src   string
	parts []fmtPart
}

type fmtPart struct {
	lit  string
	spec byte
}

var months = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

func compileFormat(f string) (*timeFormat, error) {
	tf := &timeFormat{src: f}
	var lit strings.Builder
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			lit.WriteByte(f[i])
			continue
		}
		if i+1 >= len(f) {
			return nil, fmt.Errorf("format %q ends with %%", f)
		}
		i++
		switch c := f[i]; c {
		case '%':
			lit.WriteByte('%')
		case 'Y', 'y', 'm', 'd', 'H', 'M', 'S', 'f', 'b':
			if lit.Len() > 0 {
				tf.parts = append(tf.parts, fmtPart{lit: lit.String()})
				lit.Reset()
			}
			tf.parts = append(tf.parts, fmtPart{spec: c})
		default:
			return nil, fmt.Errorf("format %q: unsupported specifier %%%c", f, c)
		}
	}
	if lit.Len() > 0 {
		tf.parts = append(tf.parts, fmtPart{lit: lit.String()})
	}
	return tf, nil
}

// parse returns microseconds since the epoch.
func (tf *timeFormat) parse(s string) (int64, bool) {
	y, m, d := 1970, 1, 1
	var h, mi, sec, us int
	for _, p := range tf.parts {
		if p.spec == 0 {
			if !strings.HasPrefix(s, p.lit) {
				return 0, false
			}
			s = s[len(p.lit):]
			continue
		}
		var v, n int
		switch p.spec {
		case 'Y':
			v, n = digits(s, 6)
			y = v
		case 'y':
			v, n = digits(s, 2)
			y = 2000 + v
			if v >= 69 {
				y = 1900 + v
			}
		case 'm':
			v, n = digits(s, 2)
			m = v
		case 'd':
			v, n = digits(s, 2)
			d = v
		case 'H':
			v, n = digits(s, 2)
			h = v
		case 'M':
			v, n = digits(s, 2)
			mi = v
		case 'S':
			v, n = digits(s, 2)
			sec = v
		case 'f':
			v, n = digits(s, 9)
			for k := n; k < 6; k++ {
				v *= 10
			}
			for k := n; k > 6; k-- {
				v /= 10
			}
			us = v
		case 'b':
			if len(s) >= 3 {
				for i, name := range months {
					if strings.EqualFold(s[:3], name) {
						m, n = i+1, 3
					}
				}
			}
		}
		if n == 0 {
			return 0, false
		}
		s = s[n:]
	}
	if s != "" || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) || h > 23 || mi > 59 || sec > 60 {
		return 0, false
	}
	days := vector.DateFromCivil(y, m, d)
	return days*vector.MicrosPerDay + ((int64(h)*60+int64(mi))*60+int64(sec))*1000000 + int64(us), true
}
