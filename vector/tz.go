package vector

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Zone is a session time zone: the zone in which TIMESTAMPTZ values are
// rendered, parsed without an explicit offset, and split into calendar
// fields. A Zone is immutable and safe for concurrent use; per-value
// offset lookups go through a ZoneCursor, which is not.
//
// Zone data comes from Go's time package: the lhsql binary embeds it
// (time/tzdata); programs that use lhsql as a library resolve names from
// the system's zoneinfo unless they import time/tzdata themselves.
type Zone struct {
	// Name is the name the session reports (current_setting('TimeZone')).
	Name string
	loc  *time.Location
	// utc is set for zones that are UTC at every instant, which skip all
	// lookups.
	utc bool
}

// UTCZone is the default session zone.
var UTCZone = &Zone{Name: "UTC", loc: time.UTC, utc: true}

// LoadZone resolves an IANA time zone name (or an alias such as UTC, GMT,
// EST) to a Zone. Names match case-insensitively where the spelling can
// be recovered (america/new_york is America/New_York); the returned
// Zone's Name is the canonical spelling.
func LoadZone(name string) (*Zone, error) {
	var firstErr error
	for _, cand := range zoneNameCandidates(name) {
		if strings.EqualFold(cand, "utc") {
			return UTCZone, nil
		}
		loc, err := time.LoadLocation(cand)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		z := &Zone{Name: cand, loc: loc}
		z.utc = alwaysUTC(loc)
		return z, nil
	}
	if firstErr == nil {
		firstErr = strconv.ErrSyntax
	}
	return nil, firstErr
}

// alwaysUTC reports whether loc has offset zero and no transitions
// (Etc/UTC, GMT, Zulu, ...), judged from a few probes across history.
func alwaysUTC(loc *time.Location) bool {
	for _, y := range []int{1800, 1950, 2000, 2024, 2100} {
		t := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC).In(loc)
		if _, off := t.Zone(); off != 0 {
			return false
		}
		if s, e := t.ZoneBounds(); !s.IsZero() || !e.IsZero() {
			return false
		}
	}
	return true
}

// zoneNameCandidates lists spellings of a user-typed zone name to try,
// most literal first: as typed, then with each word capitalized
// (america/new_york -> America/New_York), then upper case (est -> EST).
func zoneNameCandidates(name string) []string {
	name = strings.TrimSpace(name)
	if name == "" || strings.Contains(name, "..") || strings.HasPrefix(name, "/") {
		return nil
	}
	out := []string{name}
	b := []byte(strings.ToLower(name))
	up := true
	for i, c := range b {
		if up && c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
		up = c == '/' || c == '_' || c == '-'
	}
	if t := string(b); t != name {
		out = append(out, t)
	}
	if u := strings.ToUpper(name); u != name {
		out = append(out, u)
	}
	return out
}

// Location returns the zone's *time.Location.
func (z *Zone) Location() *time.Location { return z.loc }

// IsUTC reports whether the zone is UTC at every instant.
func (z *Zone) IsUTC() bool { return z == nil || z.utc }

// Cursor returns a lookup cursor positioned nowhere.
func (z *Zone) Cursor() ZoneCursor {
	return ZoneCursor{z: z, lo: 1, hi: 0}
}

// ZoneCursor caches the zone period (the interval between two offset
// transitions) that the last looked-up instant fell in, so that a run of
// values in the same period costs two comparisons each. One cursor serves
// one goroutine; the zero value (or a nil Zone) means UTC.
type ZoneCursor struct {
	z *Zone
	// lo <= us < hi is the cached period, in microseconds since the
	// epoch; off is its offset east of UTC in microseconds. lo > hi marks
	// an empty cache.
	lo, hi, off int64
}

// Offset returns the zone's UTC offset in microseconds at instant us
// (microseconds since the epoch). DuckDB's infinity markers get offset 0.
func (c *ZoneCursor) Offset(us int64) int64 {
	if c.z == nil || c.z.utc {
		return 0
	}
	if us >= c.lo && us < c.hi {
		return c.off
	}
	if us == math.MaxInt64 || us == -math.MaxInt64 {
		return 0
	}
	t := time.UnixMicro(us).In(c.z.loc)
	_, off := t.Zone()
	c.off = int64(off) * 1_000_000
	start, end := t.ZoneBounds()
	c.lo, c.hi = math.MinInt64, math.MaxInt64
	if !start.IsZero() {
		c.lo = start.UnixMicro()
	}
	if !end.IsZero() {
		c.hi = end.UnixMicro()
	}
	return c.off
}

// ToLocal converts an instant to the zone's wall-clock time, both in
// microseconds since the epoch; infinities are unchanged.
func (c *ZoneCursor) ToLocal(us int64) int64 {
	return us + c.Offset(us)
}

// FromLocal converts a wall-clock time in the zone to an instant, as ICU
// (and so DuckDB) does: a time repeated when clocks go back is the later
// instant (standard time), and a time skipped when clocks go forward is
// read with the offset in effect before the change (02:30 becomes 03:30
// on a spring-forward night). Infinities are unchanged.
func (c *ZoneCursor) FromLocal(local int64) int64 {
	if c.z == nil || c.z.utc || local == math.MaxInt64 || local == -math.MaxInt64 {
		return local
	}
	// Fast path: the cached period's offset applies and the wall time is
	// not near a transition of that period.
	if u := local - c.off; u-c.lo >= 2*microsPerDayTZ && c.hi-u > 2*microsPerDayTZ {
		return u
	}
	const day = microsPerDayTZ
	o1 := c.Offset(sat(local, -day))
	o2 := c.Offset(sat(local, day))
	u1, u2 := local-o1, local-o2
	ok1, ok2 := c.Offset(u1) == o1, c.Offset(u2) == o2
	switch {
	case ok1 && ok2:
		return max(u1, u2)
	case ok1:
		return u1
	case ok2:
		return u2
	}
	return max(u1, u2)
}

const microsPerDayTZ = 86400 * 1_000_000

// sat returns a+b clamped to the int64 range.
func sat(a, b int64) int64 {
	r := a + b
	if b > 0 && r < a {
		return math.MaxInt64
	}
	if b < 0 && r > a {
		return math.MinInt64
	}
	return r
}

// AppendTimestampTZ appends the TIMESTAMPTZ value us rendered as DuckDB
// does in the cursor's zone: the wall-clock time followed by the offset
// as ±HH or ±HH:MM ("2024-01-01 07:00:00-05", "2024-01-01
// 17:30:00+05:30"); as in DuckDB, the seconds of an offset such as a
// local mean time's +05:21:10 are left out of the rendered offset but
// not of the wall-clock time. Infinities render without an offset.
func AppendTimestampTZ(b []byte, us int64, c *ZoneCursor) []byte {
	if us == math.MaxInt64 || us == -math.MaxInt64 {
		return append(b, FormatTimestamp(us)...)
	}
	off := c.Offset(us)
	b = append(b, FormatTimestamp(us+off)...)
	return AppendUTCOffset(b, off/60_000_000*60)
}

// AppendUTCOffset appends an offset in seconds east of UTC as ±HH,
// ±HH:MM or ±HH:MM:SS.
func AppendUTCOffset(b []byte, secs int64) []byte {
	if secs < 0 {
		b = append(b, '-')
		secs = -secs
	} else {
		b = append(b, '+')
	}
	h, m, s := secs/3600, secs/60%60, secs%60
	b = append(b, byte('0'+h/10%10), byte('0'+h%10))
	if m != 0 || s != 0 {
		b = append(b, ':', byte('0'+m/10), byte('0'+m%10))
	}
	if s != 0 {
		b = append(b, ':', byte('0'+s/10), byte('0'+s%10))
	}
	return b
}

// FormatTimestampTZ renders a TIMESTAMPTZ value in zone z (nil = UTC).
func FormatTimestampTZ(us int64, z *Zone) string {
	c := z.Cursor()
	return string(AppendTimestampTZ(nil, us, &c))
}

// StringIn renders x as String does, except that TIMESTAMPTZ values,
// also inside LIST, STRUCT and MAP values, are shown in zone z (nil =
// UTC).
func (x Value) StringIn(z *Zone) string {
	c := z.Cursor()
	return x.StringAt(&c)
}

// StringAt is StringIn with the zone's cursor, which the caller reuses
// across values to keep offset lookups cached.
func (x Value) StringAt(c *ZoneCursor) string {
	if x.Null {
		return x.String()
	}
	switch {
	case x.Typ.ID == TypeTimestampTZ:
		return string(AppendTimestampTZ(nil, x.I64, c))
	case x.Typ.Nested != nil:
		return string(appendNestedValue(nil, x, c))
	}
	return x.String()
}

// HasTimestampTZ reports whether t is TIMESTAMPTZ or a nested type with
// a TIMESTAMPTZ somewhere inside.
func HasTimestampTZ(t Type) bool {
	if t.ID == TypeTimestampTZ {
		return true
	}
	if t.Nested == nil {
		return false
	}
	if t.Nested.Elem.ID != TypeInvalid && HasTimestampTZ(t.Nested.Elem) {
		return true
	}
	for _, f := range t.Nested.Fields {
		if HasTimestampTZ(f.Typ) {
			return true
		}
	}
	return false
}
