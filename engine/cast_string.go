package engine

import (
	"math"
	"strconv"
	"strings"

	"github.com/lhsql/lhsql/vector"
)

// strArena builds many short strings with one allocation: bytes are
// appended to buf, mark records each end, and fill slices one big string.
type strArena struct {
	buf  []byte
	ends []int32
}

func (a *strArena) mark() { a.ends = append(a.ends, int32(len(a.buf))) }

func (a *strArena) fill(dst []string) {
	big := string(a.buf)
	start := int32(0)
	for i, e := range a.ends {
		dst[i] = big[start:e]
		start = e
	}
}

// castToVarchar renders any type as DuckDB's cast to VARCHAR does.
func castToVarchar(in *vector.Vector, n int, to vector.Type, _ bool) (*vector.Vector, error) {
	out := newCastOut(in, to, n)
	dst := out.Str[:n]
	valid := out.Valid
	switch t := in.Typ; {
	case t.ID == vector.TypeVarchar || t.ID == vector.TypeUUID:
		copy(dst, in.Str[:n])
	case t.ID == vector.TypeUBigInt:
		var a strArena
		for i, x := range in.I64[:n] {
			if valid.IsValid(i) {
				a.buf = strconv.AppendUint(a.buf, uint64(x), 10)
			}
			a.mark()
		}
		a.fill(dst)
	case t.IsInteger():
		var a strArena
		a.buf = make([]byte, 0, n*8)
		for i, x := range in.I64[:n] {
			if valid.IsValid(i) {
				a.buf = strconv.AppendInt(a.buf, x, 10)
			}
			a.mark()
		}
		a.fill(dst)
	case t.ID == vector.TypeDecimal:
		s := int(t.Scale)
		for i, x := range in.I64[:n] {
			if valid.IsValid(i) {
				dst[i] = vector.FormatDecimal(x, s)
			}
		}
	case t.ID == vector.TypeDouble:
		for i, x := range in.F64[:n] {
			if valid.IsValid(i) {
				dst[i] = vector.FormatFloat(x, 64)
			}
		}
	case t.ID == vector.TypeFloat:
		for i, x := range in.F64[:n] {
			if valid.IsValid(i) {
				dst[i] = vector.FormatFloat(x, 32)
			}
		}
	case t.ID == vector.TypeBoolean:
		for i, x := range in.Bool[:n] {
			if x {
				dst[i] = "true"
			} else {
				dst[i] = "false"
			}
		}
	case t.ID == vector.TypeDate:
		for i, x := range in.I64[:n] {
			if valid.IsValid(i) {
				dst[i] = formatDate(x)
			}
		}
	case t.ID == vector.TypeTimestamp:
		for i, x := range in.I64[:n] {
			if valid.IsValid(i) {
				dst[i] = formatTimestamp(x)
			}
		}
	default:
		for i := 0; i < n; i++ {
			if valid.IsValid(i) {
				dst[i] = in.Get(i).String()
			}
		}
	}
	return out, nil
}

func formatDate(d int64) string {
	switch d {
	case dateInfinity:
		return "infinity"
	case dateNegInfinity:
		return "-infinity"
	}
	return vector.FormatDate(d)
}

func formatTimestamp(t int64) string {
	switch t {
	case tsInfinity:
		return "infinity"
	case tsNegInfinity:
		return "-infinity"
	}
	return vector.FormatTimestamp(t)
}

func convErr(s string, to vector.Type) func() error {
	return func() error {
		return errorf("Conversion", "Could not convert string '%s' to %s", s, physName(to))
	}
}

// parseIntStr parses a string as an integer the way DuckDB's cast does:
// surrounding spaces, a sign, digits with optional '_' separators, 0x/0b
// prefixes, and a fraction or exponent that is rounded.
func parseIntStr(s string) (int64, bool) {
	t := trimSpace(s)
	if t == "" {
		return 0, false
	}
	// fast path: plain digits
	neg := false
	p := t
	if p[0] == '-' || p[0] == '+' {
		neg = p[0] == '-'
		p = p[1:]
	}
	if p == "" {
		return 0, false
	}
	var u uint64
	i := 0
	for ; i < len(p); i++ {
		c := p[i]
		if c < '0' || c > '9' {
			break
		}
		if u > (math.MaxUint64-9)/10 {
			return 0, false
		}
		u = u*10 + uint64(c-'0')
	}
	if i == len(p) {
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
	if len(p) > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X' || p[1] == 'b' || p[1] == 'B') {
		base := 16
		if p[1] == 'b' || p[1] == 'B' {
			base = 2
		}
		digits, ok := stripDigitSeparators(p[2:])
		if !ok {
			return 0, false
		}
		v, err := strconv.ParseUint(digits, base, 64)
		if err != nil || v > math.MaxInt64 {
			return 0, false
		}
		if neg {
			return -int64(v), true
		}
		return int64(v), true
	}
	if i == 0 && (p[0] != '.' || len(p) == 1) {
		return 0, false
	}
	// Fractions, exponents, underscores: go through the decimal parser.
	v, ok := parseDecimalStr(t, 19, 0)
	return v, ok
}

func castStrToInt(in *vector.Vector, n int, to vector.Type, try bool) (*vector.Vector, error) {
	out := newCastOut(in, to, n)
	lo, hi := intRange(to)
	toU := to.ID == vector.TypeUBigInt
	dst := out.I64[:n]
	for i, s := range in.Str[:n] {
		if !out.Valid.IsValid(i) {
			continue
		}
		var v int64
		var ok bool
		if toU {
			var u uint64
			u, ok = parseUintStr(s)
			v = int64(u)
		} else {
			v, ok = parseIntStr(s)
			ok = ok && v >= lo && v <= hi
		}
		if !ok {
			if err := castFail(out, i, n, try, convErr(s, to)); err != nil {
				return nil, err
			}
			continue
		}
		dst[i] = v
	}
	return out, nil
}

func parseUintStr(s string) (uint64, bool) {
	t := trimSpace(s)
	if strings.HasPrefix(t, "+") {
		t = t[1:]
	}
	if u, err := strconv.ParseUint(t, 10, 64); err == nil {
		return u, true
	}
	v, ok := parseIntStr(s)
	if !ok || v < 0 {
		if t == "-0" {
			return 0, true
		}
		return 0, false
	}
	return uint64(v), true
}

// stripDigitSeparators removes '_' that sit between two digits (hex digits
// included); any other '_' makes the text invalid.
func stripDigitSeparators(t string) (string, bool) {
	isD := func(c byte) bool {
		_, ok := hexVal(c)
		return ok
	}
	b := make([]byte, 0, len(t))
	for i := 0; i < len(t); i++ {
		if t[i] == '_' {
			if i == 0 || i+1 >= len(t) || !isD(t[i-1]) || !isD(t[i+1]) {
				return "", false
			}
			continue
		}
		b = append(b, t[i])
	}
	return string(b), true
}

// parseFloatStr parses a floating-point literal, accepting surrounding
// spaces, inf/infinity/nan and a leading '+'.
func parseFloatStr(s string) (float64, bool) {
	t := trimSpace(s)
	if t == "" {
		return 0, false
	}
	// Reject Go-only syntaxes (hex floats); allow '_' between digits.
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c == 'x' || c == 'X' || c == 'p' || c == 'P' {
			return 0, false
		}
		if c == '_' {
			var ok bool
			if t, ok = stripDigitSeparators(t); !ok {
				return 0, false
			}
			break
		}
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return f, true
		}
		return 0, false
	}
	return f, true
}

func castStrToFloat(in *vector.Vector, n int, to vector.Type, try bool) (*vector.Vector, error) {
	out := newCastOut(in, to, n)
	dst := out.F64[:n]
	for i, s := range in.Str[:n] {
		if !out.Valid.IsValid(i) {
			continue
		}
		f, ok := parseFloatStr(s)
		if ok && to.ID == vector.TypeFloat {
			f32 := float32(f)
			if math.IsInf(float64(f32), 0) && !math.IsInf(f, 0) {
				ok = false
			}
			f = float64(f32)
		}
		if !ok {
			if err := castFail(out, i, n, try, convErr(s, to)); err != nil {
				return nil, err
			}
			continue
		}
		dst[i] = f
	}
	return out, nil
}

func castStrToDecimal(in *vector.Vector, n int, to vector.Type, try bool) (*vector.Vector, error) {
	out := newCastOut(in, to, n)
	dst := out.I64[:n]
	w, sc := int(to.Width), int(to.Scale)
	for i, s := range in.Str[:n] {
		if !out.Valid.IsValid(i) {
			continue
		}
		v, ok := parseDecimalStr(s, w, sc)
		if !ok {
			s := s
			if err := castFail(out, i, n, try, func() error {
				return errorf("Conversion", "Could not convert string '%s' to %s", s, to)
			}); err != nil {
				return nil, err
			}
			continue
		}
		dst[i] = v
	}
	return out, nil
}

// parseBoolStr accepts true/false, t/f, yes/no, y/n, 1/0 (any case).
func parseBoolStr(s string) (bool, bool) {
	t := trimSpace(s)
	switch len(t) {
	case 1:
		switch t[0] {
		case 't', 'T', 'y', 'Y', '1':
			return true, true
		case 'f', 'F', 'n', 'N', '0':
			return false, true
		}
	case 2:
		if strings.EqualFold(t, "no") {
			return false, true
		}
	case 3:
		if strings.EqualFold(t, "yes") {
			return true, true
		}
	case 4:
		if strings.EqualFold(t, "true") {
			return true, true
		}
	case 5:
		if strings.EqualFold(t, "false") {
			return false, true
		}
	}
	return false, false
}

func castStrToBool(in *vector.Vector, n int, to vector.Type, try bool) (*vector.Vector, error) {
	out := newCastOut(in, to, n)
	for i, s := range in.Str[:n] {
		if !out.Valid.IsValid(i) {
			continue
		}
		b, ok := parseBoolStr(s)
		if !ok {
			if err := castFail(out, i, n, try, convErr(s, to)); err != nil {
				return nil, err
			}
			continue
		}
		out.Bool[i] = b
	}
	return out, nil
}

// castStrParse builds a cast from VARCHAR using a parser to int64.
func castStrParse(parse func(string) (int64, error)) castFn {
	return func(in *vector.Vector, n int, to vector.Type, try bool) (*vector.Vector, error) {
		out := newCastOut(in, to, n)
		dst := out.I64[:n]
		for i, s := range in.Str[:n] {
			if !out.Valid.IsValid(i) {
				continue
			}
			v, err := parse(s)
			if err != nil {
				if err := castFail(out, i, n, try, func() error { return err }); err != nil {
					return nil, err
				}
				continue
			}
			dst[i] = v
		}
		return out, nil
	}
}

func castStrToInterval(in *vector.Vector, n int, to vector.Type, try bool) (*vector.Vector, error) {
	out := newCastOut(in, to, n)
	for i, s := range in.Str[:n] {
		if !out.Valid.IsValid(i) {
			continue
		}
		v, err := ParseInterval(s)
		if err != nil {
			if err := castFail(out, i, n, try, func() error { return err }); err != nil {
				return nil, err
			}
			continue
		}
		out.Iv[i] = v
	}
	return out, nil
}

// parseBlobStr decodes \xHH escapes; other bytes are taken literally.
func parseBlobStr(s string) (string, bool) {
	if strings.IndexByte(s, '\\') < 0 && isASCII(s) {
		return s, true
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			return "", false
		}
		if c != '\\' {
			b = append(b, c)
			continue
		}
		if i+3 >= len(s) || (s[i+1] != 'x' && s[i+1] != 'X') {
			return "", false
		}
		h, ok1 := hexVal(s[i+2])
		l, ok2 := hexVal(s[i+3])
		if !ok1 || !ok2 {
			return "", false
		}
		b = append(b, h<<4|l)
		i += 3
	}
	return string(b), true
}

func hexVal(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func castStrToBlob(in *vector.Vector, n int, to vector.Type, try bool) (*vector.Vector, error) {
	out := newCastOut(in, to, n)
	for i, s := range in.Str[:n] {
		if !out.Valid.IsValid(i) {
			continue
		}
		b, ok := parseBlobStr(s)
		if !ok {
			s := s
			if err := castFail(out, i, n, try, func() error {
				return errorf("Conversion", "Invalid hex escape code encountered in string -> blob conversion of string \"%s\"", s)
			}); err != nil {
				return nil, err
			}
			continue
		}
		out.Str[i] = b
	}
	return out, nil
}

// parseUUIDStr accepts 32 hex digits with optional hyphens and braces and
// returns the canonical lower-case 8-4-4-4-12 form.
func parseUUIDStr(s string) (string, bool) {
	t := trimSpace(s)
	if strings.HasPrefix(t, "{") && strings.HasSuffix(t, "}") {
		t = t[1 : len(t)-1]
	}
	var hex [32]byte
	k := 0
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c == '-' {
			continue
		}
		if _, ok := hexVal(c); !ok || k >= 32 {
			return "", false
		}
		if c >= 'A' && c <= 'F' {
			c += 'a' - 'A'
		}
		hex[k] = c
		k++
	}
	if k != 32 {
		return "", false
	}
	h := string(hex[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:], true
}

func castStrToUUID(in *vector.Vector, n int, to vector.Type, try bool) (*vector.Vector, error) {
	out := newCastOut(in, to, n)
	for i, s := range in.Str[:n] {
		if !out.Valid.IsValid(i) {
			continue
		}
		u, ok := parseUUIDStr(s)
		if !ok {
			if err := castFail(out, i, n, try, convErr(s, to)); err != nil {
				return nil, err
			}
			continue
		}
		out.Str[i] = u
	}
	return out, nil
}
