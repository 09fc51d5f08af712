package engine

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/lhsql/lhsql/vector"
)

// printf(fmt, args...) formats with C printf conversions (%d %i %u %s %f
// %e %g %x %X %o %c %%, with flags, width and precision); format(fmt,
// args...) with the {} / {n} / {:spec} syntax of the fmt library.

func init() {
	for _, nm := range []string{"printf", "format"} {
		c := nm == "printf"
		register(func(name string, args []Expr) (Expr, error) {
			if len(args) < 1 {
				return nil, noMatch(name, args)
			}
			f, err := castTo(args[0], vector.Varchar)
			if err != nil {
				return nil, err
			}
			cs := append([]Expr{f}, args[1:]...)
			return nestedFunc(name, vector.Varchar, true, func(a []vector.Value) (vector.Value, error) {
				var s string
				var err error
				if c {
					s, err = cPrintf(a[0].Str, a[1:])
				} else {
					s, err = fmtFormat(a[0].Str, a[1:])
				}
				if err != nil {
					return vector.Value{}, err
				}
				return vector.StringValue(s), nil
			}, cs...), nil
		}, nm)
	}
}

// goArg converts a value to the Go value a conversion verb expects.
func goArg(v vector.Value, verb byte) (any, error) {
	switch verb {
	case 's':
		if v.Typ.ID == vector.TypeBoolean {
			return strconv.FormatBool(v.Bool), nil
		}
		return v.String(), nil
	case 'd', 'x', 'X', 'o', 'c', 'b':
		switch {
		case v.Typ.ID == vector.TypeUBigInt:
			return uint64(v.I64), nil
		case v.Typ.IsInteger():
			return v.I64, nil
		case v.Typ.ID == vector.TypeBoolean:
			if v.Bool {
				return int64(1), nil
			}
			return int64(0), nil
		}
		return nil, errorf("Invalid Input", "Invalid type specifier \"%c\" for formatting a value of type %s", verb, v.Typ)
	case 'f', 'F', 'e', 'E', 'g', 'G':
		f, ok := valueF64(v)
		if !ok {
			return nil, errorf("Invalid Input", "Invalid type specifier \"%c\" for formatting a value of type %s", verb, v.Typ)
		}
		return f, nil
	}
	return nil, errorf("Invalid Input", "Invalid type specifier \"%c\"", verb)
}

// cPrintf implements printf's C-style format string.
func cPrintf(f string, args []vector.Value) (string, error) {
	var sb strings.Builder
	next := 0
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			sb.WriteByte(f[i])
			continue
		}
		j := i + 1
		if j < len(f) && f[j] == '%' {
			sb.WriteByte('%')
			i = j
			continue
		}
		for j < len(f) && strings.IndexByte("-+ #0123456789.*lhqjzt", f[j]) >= 0 {
			j++
		}
		if j >= len(f) {
			return "", errorf("Invalid Input", "Invalid format string %q", f)
		}
		spec := strings.Map(func(r rune) rune {
			if strings.ContainsRune("lhqjzt", r) {
				return -1
			}
			return r
		}, f[i+1:j])
		verb := f[j]
		switch verb {
		case 'i', 'u':
			verb = 'd'
		case 'p':
			verb = 'x'
		}
		if strings.Contains(spec, "*") {
			return "", errorf("Invalid Input", "printf: '*' width is not supported")
		}
		if next >= len(args) {
			return "", errorf("Invalid Input", "Argument index \"%d\" out of range", next)
		}
		a, err := goArg(args[next], verb)
		if err != nil {
			return "", err
		}
		next++
		if verb == 'c' {
			a = rune(a.(int64))
		}
		sb.WriteString(fmt.Sprintf("%"+spec+string(verb), a))
		i = j
	}
	return sb.String(), nil
}

// fmtFormat implements format()'s {}-style format string.
func fmtFormat(f string, args []vector.Value) (string, error) {
	var sb strings.Builder
	next := 0
	for i := 0; i < len(f); i++ {
		ch := f[i]
		if ch == '}' {
			if i+1 < len(f) && f[i+1] == '}' {
				i++
			}
			sb.WriteByte('}')
			continue
		}
		if ch != '{' {
			sb.WriteByte(ch)
			continue
		}
		if i+1 < len(f) && f[i+1] == '{' {
			sb.WriteByte('{')
			i++
			continue
		}
		end := strings.IndexByte(f[i:], '}')
		if end < 0 {
			return "", errorf("Invalid Input", "invalid format string: missing '}'")
		}
		body := f[i+1 : i+end]
		i += end
		field, spec, _ := strings.Cut(body, ":")
		k := next
		if field != "" {
			n, err := strconv.Atoi(field)
			if err != nil {
				return "", errorf("Invalid Input", "invalid format string: argument name %q", field)
			}
			k = n
		} else {
			next++
		}
		if k >= len(args) {
			return "", errorf("Invalid Input", "Argument index \"%d\" out of range", k)
		}
		s, err := fmtSpec(args[k], spec)
		if err != nil {
			return "", err
		}
		sb.WriteString(s)
	}
	return sb.String(), nil
}

// fmtSpec formats one value by a fmt-library spec
// [[fill]align][sign][#][0][width][,][.precision][type].
func fmtSpec(v vector.Value, spec string) (string, error) {
	fill, align := byte(' '), byte(0)
	if len(spec) >= 2 && strings.IndexByte("<>^", spec[1]) >= 0 {
		fill, align, spec = spec[0], spec[1], spec[2:]
	} else if len(spec) >= 1 && strings.IndexByte("<>^", spec[0]) >= 0 {
		align, spec = spec[0], spec[1:]
	}
	flags := ""
	for len(spec) > 0 && strings.IndexByte("+- #", spec[0]) >= 0 {
		if spec[0] != '-' {
			flags += string(spec[0])
		}
		spec = spec[1:]
	}
	if len(spec) > 0 && spec[0] == '0' && align == 0 {
		flags += "0"
		spec = spec[1:]
	}
	k := 0
	for k < len(spec) && spec[k] >= '0' && spec[k] <= '9' {
		k++
	}
	width, _ := strconv.Atoi(spec[:k])
	spec = spec[k:]
	thousands := false
	if strings.HasPrefix(spec, ",") {
		thousands, spec = true, spec[1:]
	}
	prec := ""
	if strings.HasPrefix(spec, ".") {
		k = 1
		for k < len(spec) && spec[k] >= '0' && spec[k] <= '9' {
			k++
		}
		prec, spec = spec[:k], spec[k:]
	}
	verb := byte(0)
	if spec != "" {
		verb = spec[0]
	}
	var s string
	switch {
	case verb == 0 && prec == "" && flags == "":
		s = v.String()
		if v.Typ.ID == vector.TypeBoolean {
			s = strconv.FormatBool(v.Bool)
		}
	default:
		if verb == 0 {
			switch {
			case v.Typ.IsInteger():
				verb = 'd'
			case v.Typ.IsNumeric():
				verb = 'g'
				if prec != "" {
					verb = 'f'
				}
			default:
				verb = 's'
			}
		}
		a, err := goArg(v, verb)
		if err != nil {
			return "", err
		}
		if verb == 's' && prec != "" {
			if n, _ := strconv.Atoi(prec[1:]); n < len(a.(string)) {
				a = a.(string)[:n]
			}
			prec = ""
		}
		s = fmt.Sprintf("%"+flags+prec+string(verb), a)
	}
	if thousands {
		s = groupThousands(s)
	}
	if pad := width - len([]rune(s)); pad > 0 {
		if align == 0 {
			if v.Typ.IsNumeric() {
				align = '>'
			} else {
				align = '<'
			}
			if strings.Contains(flags, "0") {
				return fmt.Sprintf("%0*s", width, s), nil
			}
		}
		p := strings.Repeat(string(fill), pad)
		switch align {
		case '<':
			s += p
		case '>':
			s = p + s
		default:
			s = p[:pad/2] + s + p[pad/2:]
		}
	}
	return s, nil
}

// groupThousands inserts commas into the integer digits of a number.
func groupThousands(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "+") {
		sign, s = s[:1], s[1:]
	}
	intPart, rest := s, ""
	if k := strings.IndexAny(s, ".eE"); k >= 0 {
		intPart, rest = s[:k], s[k:]
	}
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return sign + b.String() + rest
}
