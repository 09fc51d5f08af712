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
	allowKeep bool // regexp_extract's 'k' option (keep input on no match)
}

func (c *regexCache) get(p, opts string, full bool) (*regexp.Regexp, error) {
	if c.re != nil && p == c.pat && opts == c.opts {
		return c.re, nil
	}
	ci, dotNL, literal, global := false, true, false, false
	for _, o := range opts {
		switch o {
		case 'i':
			ci = true
		case 'c':
			ci = false
		case 's':
			dotNL = true
		case 'n', 'p', 'w':
			dotNL = false
		case 'g':
			global = true
		case 'l':
			literal = true
		case 'x':
		case 'k':
			if !c.allowKeep {
				return nil, errorf("Invalid Input", "Unrecognized Regex option %c", o)
			}
		default:
			return nil, errorf("Invalid Input", "Unrecognized Regex option %c", o)
		}
	}
	prefix := ""
	if ci {
		prefix += "(?i)"
	}
	if dotNL {
		prefix += "(?s)"
	}
	src := p
	if literal {
		src = regexp.QuoteMeta(p)
	}
	if full {
		src = "^(?:" + src + ")$"
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
	case "regexp_replace", "regexp_extract":
		minA, maxA = 2, 4
		if name == "regexp_replace" {
			minA = 3
		}
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
	if pc, ok := cs[1].(*Const); ok && !pc.Val.Null && name != "regexp_extract" {
		var c regexCache
		if _, err := c.get(pc.Val.Str, "", false); err != nil {
			return nil, err
		}
	}
	switch name {
	case "regexp_matches", "regexp_full_match":
		full := name == "regexp_full_match"
		base := seedCache(cs, 2, full)
		fn := func(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
			cache := base // per call: kernels may run concurrently
			out := vector.New(vector.Boolean, n)
			out.Valid = shareValidity(n, args...)
			for i := range out.Bool {
				if !out.Valid.IsValid(i) {
					continue
				}
				re, err := cache.get(strOf(args[1], i), optArg(args, 2, i), full)
				if err != nil {
					return nil, err
				}
				out.Bool[i] = re.MatchString(strOf(args[0], i))
			}
			return out, nil
		}
		return newFunc(name, vector.Boolean, fn, cs...), nil
	case "regexp_replace":
		base := seedCache(cs, 3, false)
		fn := func(ec *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
			cache := base
			return rowStr(vector.Varchar, func(v []*vector.Vector, i int) (string, error) {
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
			})(ec, args, n)
		}
		return newFunc(name, vector.Varchar, fn, cs...), nil
	case "regexp_extract":
		// The group must be a constant; NULL means group 0.
		group := int64(0)
		if len(cs) > 2 {
			gc, ok := cs[2].(*Const)
			if !ok {
				return nil, errorf("Binder", "Group index field field must be a constant!")
			}
			if gc.Val.Null {
				// A NULL group yields an empty string.
				return &Const{Val: vector.StringValue("")}, nil
			}
			group = gc.Val.I64
			if group < 0 || group > 9 {
				return nil, errorf("Invalid Input", "Group index must be between 0 and 9!")
			}
		}
		opts := ""
		if len(cs) > 3 {
			oc, ok := cs[3].(*Const)
			if !ok {
				return nil, errorf("Invalid Input", "Regex options field must be a constant")
			}
			if !oc.Val.Null {
				opts = oc.Val.Str
			}
		}
		base := regexCache{allowKeep: true}
		keep := strings.Contains(opts, "k")
		if pc, ok := cs[1].(*Const); ok && !pc.Val.Null {
			if _, err := base.get(pc.Val.Str, opts, false); err != nil {
				return nil, err
			}
		}
		fn := func(ec *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
			cache := base
			return extractRows(&cache, opts, group, keep)(ec, args, n)
		}
		e := newFunc(name, vector.Varchar, fn, cs[:2]...)
		return e, nil
	}
	return nil, noMatch(name, args)
}

// extractRows is the per-call kernel of regexp_extract.
func extractRows(cache *regexCache, opts string, group int64, keep bool) kernel {
	return rowStr(vector.Varchar, func(v []*vector.Vector, i int) (string, error) {
		re, err := cache.get(strOf(v[1], i), opts, false)
		if err != nil {
			return "", err
		}
		s := strOf(v[0], i)
		m := re.FindStringSubmatch(s)
		if m == nil || group >= int64(len(m)) {
			if keep {
				return s, nil
			}
			return "", nil
		}
		return m[group], nil
	})
}

// seedCache compiles a constant pattern (and constant options at index
// optIdx) once at bind time; the returned cache is copied per call.
func seedCache(cs []Expr, optIdx int, full bool) regexCache {
	var c regexCache
	pc, ok := cs[1].(*Const)
	if !ok || pc.Val.Null {
		return c
	}
	opts := ""
	if optIdx < len(cs) {
		oc, ok := cs[optIdx].(*Const)
		if !ok || oc.Val.Null {
			return c
		}
		opts = oc.Val.Str
	}
	_, _ = c.get(pc.Val.Str, opts, full)
	return c
}

// bindRegexOp binds ~, !~, ~*, !~* (partial matches, * = case
// insensitive) and SIMILAR TO / NOT SIMILAR TO (full matches).
func bindRegexOp(name string, args []Expr) (Expr, error) {
	if len(args) != 2 {
		return nil, noMatch(name, args)
	}
	not := strings.HasPrefix(name, "!") || strings.HasPrefix(name, "not ")
	call := args
	if strings.HasSuffix(name, "*") {
		call = append(append([]Expr(nil), args...), &Const{Val: vector.StringValue("i")})
	}
	fn := "regexp_matches"
	if strings.HasSuffix(name, "similar to") {
		fn = "regexp_full_match"
	}
	e, err := bindRegexp(fn, call)
	if err != nil {
		return nil, err
	}
	if not {
		return bindLogic("not", []Expr{e})
	}
	return e, nil
}
