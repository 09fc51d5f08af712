package engine

import (
	"regexp"
	"strings"

	"github.com/lhsql/lhsql/vector"
)

// regexCache compiles patterns, remembering the last one (patterns are
// usually constant).
type regexCache struct {
	pat, opts string
	re        *regexp.Regexp
	global    bool
}

func (c *regexCache) get(p, opts string, full bool) (*regexp.Regexp, error) {
	if c.re != nil && p == c.pat && opts == c.opts {
		return c.re, nil
	}
	prefix := ""
	global := false
	for _, o := range opts {
		switch o {
		case 'i':
			prefix += "(?i)"
		case 'c':
		case 's', 'n', 'p', 'w':
			prefix += "(?s)"
		case 'g':
			global = true
		case 'l', 'x':
		default:
			return nil, errorf("Invalid Input", "Unrecognized Regex option %c", o)
		}
	}
	src := p
	if full {
		src = "^(?:" + p + ")$"
	}
	re, err := regexp.Compile(prefix + src)
	if err != nil {
		return nil, errorf("Invalid Input", "%s", strings.TrimPrefix(err.Error(), "error parsing regexp: "))
	}
	c.pat, c.opts, c.re, c.global = p, opts, re, global
	return re, nil
}

// rewriteTemplate converts RE2 rewrite syntax (\1, \\) to Go's Expand.
func rewriteTemplate(r string) string {
	if !strings.ContainsAny(r, `\$`) {
		return r
	}
	var b strings.Builder
	for i := 0; i < len(r); i++ {
		c := r[i]
		switch {
		case c == '$':
			b.WriteString("$$")
		case c == '\\' && i+1 < len(r) && r[i+1] >= '0' && r[i+1] <= '9':
			b.WriteString("${" + string(r[i+1]) + "}")
			i++
		case c == '\\' && i+1 < len(r) && r[i+1] == '\\':
			b.WriteByte('\\')
			i++
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func optArg(v []*vector.Vector, k, i int) string {
	if k < len(v) {
		return strOf(v[k], i)
	}
	return ""
}

func bindRegexp(name string, args []Expr) (Expr, error) {
	minA, maxA := 2, 3
	switch name {
	case "regexp_replace":
		minA, maxA = 3, 4
	}
	if len(args) < minA || len(args) > maxA {
		return nil, noMatch(name, args)
	}
	cs := make([]Expr, len(args))
	for i, a := range args {
		want := vector.Varchar
		if name == "regexp_extract" && i == 2 {
			want = vector.BigInt
		}
		if !(a.Type() == want || a.Type().ID == vector.TypeNull || (want == vector.BigInt && a.Type().IsInteger())) {
			return nil, noMatch(name, args)
		}
		var err error
		if cs[i], err = castTo(a, want); err != nil {
			return nil, err
		}
	}
	// Validate a constant pattern at bind time.
	if pc, ok := cs[1].(*Const); ok && !pc.Val.Null {
		var c regexCache
		if _, err := c.get(pc.Val.Str, "", false); err != nil {
			return nil, err
		}
	}
	switch name {
	case "regexp_matches", "regexp_full_match":
		full := name == "regexp_full_match"
		var cache regexCache
		var failed error
		fn := rowBool(func(v []*vector.Vector, i int) bool {
			re, err := cache.get(strOf(v[1], i), optArg(v, 2, i), full)
			if err != nil {
				failed = err
				return false
			}
			return re.MatchString(strOf(v[0], i))
		})
		wrapped := func(ec *ExecCtx, a []*vector.Vector, n int) (*vector.Vector, error) {
			failed = nil
			out, err := fn(ec, a, n)
			if err == nil && failed != nil {
				err = failed
			}
			return out, err
		}
		return newFunc(name, vector.Boolean, wrapped, cs...), nil
	case "regexp_replace":
		var cache regexCache
		fn := rowStr(vector.Varchar, func(v []*vector.Vector, i int) (string, error) {
			re, err := cache.get(strOf(v[1], i), optArg(v, 3, i), false)
			if err != nil {
				return "", err
			}
			s := strOf(v[0], i)
			tmpl := rewriteTemplate(strOf(v[2], i))
			if cache.global {
				return re.ReplaceAllString(s, tmpl), nil
			}
			loc := re.FindStringSubmatchIndex(s)
			if loc == nil {
				return s, nil
			}
			dst := re.ExpandString(nil, tmpl, s, loc)
			return s[:loc[0]] + string(dst) + s[loc[1]:], nil
		})
		return newFunc(name, vector.Varchar, fn, cs...), nil
	case "regexp_extract":
		var cache regexCache
		fn := rowStr(vector.Varchar, func(v []*vector.Vector, i int) (string, error) {
			re, err := cache.get(strOf(v[1], i), "", false)
			if err != nil {
				return "", err
			}
			g := int64(0)
			if len(v) > 2 {
				g = i64Of(v[2], i)
			}
			if g < 0 || g > int64(re.NumSubexp()) {
				return "", errorf("Invalid Input", "Pattern has fewer than %d groups", g)
			}
			m := re.FindStringSubmatch(strOf(v[0], i))
			if m == nil {
				return "", nil
			}
			return m[g], nil
		})
		return newFunc(name, vector.Varchar, fn, cs...), nil
	}
	return nil, noMatch(name, args)
}
