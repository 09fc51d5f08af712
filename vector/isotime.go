package vector

import (
	"errors"
	"strconv"
)

var (
	errNotDate      = errors.New("not a date")
	errNotTimestamp = errors.New("not a timestamp")
)

// ParseISODate parses exactly YYYY-MM-DD into days since 1970-01-01. It is
// the strict form used to type values found in data (hive partition
// values, JSON strings); SQL casts accept more spellings.
func ParseISODate(s string) (int64, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, errNotDate
	}
	y, e1 := strconv.Atoi(s[:4])
	m, e2 := strconv.Atoi(s[5:7])
	d, e3 := strconv.Atoi(s[8:])
	if e1 != nil || e2 != nil || e3 != nil || m < 1 || m > 12 || d < 1 || d > 31 {
		return 0, errNotDate
	}
	days := DateFromCivil(y, m, d)
	if yy, mm, dd := CivilFromDate(days); yy != y || mm != m || dd != d {
		return 0, errNotDate
	}
	return days, nil
}

// ParseISOTimestamp parses exactly YYYY-MM-DD[ T]HH:MM:SS[.f{1,6}] into
// microseconds since the epoch, with the same strictness as ParseISODate.
func ParseISOTimestamp(s string) (int64, error) {
	if len(s) < 19 || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':' {
		return 0, errNotTimestamp
	}
	days, err := ParseISODate(s[:10])
	if err != nil {
		return 0, err
	}
	h, e1 := strconv.Atoi(s[11:13])
	mi, e2 := strconv.Atoi(s[14:16])
	sec, e3 := strconv.Atoi(s[17:19])
	if e1 != nil || e2 != nil || e3 != nil || h > 23 || mi > 59 || sec > 59 {
		return 0, errNotTimestamp
	}
	us := int64(0)
	if rest := s[19:]; rest != "" {
		if rest[0] != '.' || len(rest) < 2 || len(rest) > 7 {
			return 0, errNotTimestamp
		}
		frac, err := strconv.Atoi(rest[1:])
		if err != nil || frac < 0 {
			return 0, errNotTimestamp
		}
		us = int64(frac) * Pow10[6-(len(rest)-1)]
	}
	return days*86400_000_000 + int64(h)*3600_000_000 + int64(mi)*60_000_000 + int64(sec)*1_000_000 + us, nil
}
