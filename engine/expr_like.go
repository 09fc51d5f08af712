package engine

import (
	"strings"
	"unicode/utf8"

	"github.com/lhsql/lhsql/vector"
)

// likeTok is a piece of a LIKE segment: a literal or a run of '_'.
type likeTok struct {
	lit  string
	any_ int // number of '_' (characters) when lit == ""
}

type likeKind uint8

const (
	likeExact likeKind = iota
	likePrefix
	likeSuffix
	likeContains
	likeChain   // %a%b%... with literal segments only
	likeGeneral // anything with '_'
)

// likeMatcher is a compiled LIKE pattern.
type likeMatcher struct {
	kind       likeKind
	lit        string
	segs       [][]likeTok
	lits       []string // literal segments (likeChain and general literal-only)
	startAnch  bool
	endAnch    bool
	ignoreCase bool
}

// compileLike compiles a LIKE pattern; escape is 0 for none.
func compileLike(p string, escape rune, ignoreCase bool) (*likeMatcher, error) {
	if ignoreCase {
		p = strings.ToLower(p)
	}
	m := &likeMatcher{ignoreCase: ignoreCase}
	var segs [][]likeTok
	var cur []likeTok
	var lit strings.Builder
	hasUnderscore := false
	flushLit := func() {
		if lit.Len() > 0 {
			cur = append(cur, likeTok{lit: lit.String()})
			lit.Reset()
		}
	}
	rs := []rune(p)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case escape != 0 && r == escape:
			if i+1 >= len(rs) {
				return nil, errorf("Invalid Input", "Like pattern must not end with escape character!")
			}
			i++
			lit.WriteRune(rs[i])
		case r == '%':
			flushLit()
			segs = append(segs, cur)
			cur = nil
		case r == '_':
			flushLit()
			hasUnderscore = true
			if k := len(cur); k > 0 && cur[k-1].lit == "" {
				cur[k-1].any_++
			} else {
				cur = append(cur, likeTok{any_: 1})
			}
		default:
			lit.WriteRune(r)
		}
	}
	flushLit()
	segs = append(segs, cur)
	m.startAnch = len(segs[0]) > 0 || len(segs) == 1
	m.endAnch = len(segs[len(segs)-1]) > 0 || len(segs) == 1
	// Drop empty segments (from leading/trailing/double '%').
	var ne [][]likeTok
	for _, s := range segs {
		if len(s) > 0 {
			ne = append(ne, s)
		}
	}
	wild := len(segs) > 1
	m.segs = ne
	if !hasUnderscore {
		for _, s := range ne {
			m.lits = append(m.lits, s[0].lit)
		}
		switch {
		case !wild:
			m.kind = likeExact
			if len(ne) == 1 {
				m.lit = ne[0][0].lit
			}
		case len(ne) == 0:
			m.kind = likeContains // '%' matches everything
		case len(ne) == 1 && m.startAnch && !m.endAnch:
			m.kind, m.lit = likePrefix, ne[0][0].lit
		case len(ne) == 1 && !m.startAnch && m.endAnch:
			m.kind, m.lit = likeSuffix, ne[0][0].lit
		case len(ne) == 1 && !m.startAnch && !m.endAnch:
			m.kind, m.lit = likeContains, ne[0][0].lit
		default:
			m.kind = likeChain
		}
		return m, nil
	}
	m.kind = likeGeneral
	if !wild {
		m.startAnch, m.endAnch = true, true
	}
	return m, nil
}

// match reports whether s matches the pattern.
func (m *likeMatcher) match(s string) bool {
	if m.ignoreCase {
		s = strings.ToLower(s)
	}
	switch m.kind {
	case likeExact:
		return s == m.lit
	case likePrefix:
		return strings.HasPrefix(s, m.lit)
	case likeSuffix:
		return strings.HasSuffix(s, m.lit)
	case likeContains:
		return strings.Contains(s, m.lit)
	case likeChain:
		return m.matchChain(s)
	}
	return m.matchGeneral(s)
}

func (m *likeMatcher) matchChain(s string) bool {
	lits := m.lits
	if m.startAnch {
		if !strings.HasPrefix(s, lits[0]) {
			return false
		}
		s = s[len(lits[0]):]
		lits = lits[1:]
	}
	var last string
	if m.endAnch {
		last = lits[len(lits)-1]
		lits = lits[:len(lits)-1]
	}
	for _, l := range lits {
		k := strings.Index(s, l)
		if k < 0 {
			return false
		}
		s = s[k+len(l):]
	}
	if m.endAnch {
		return len(s) >= len(last) && s[len(s)-len(last):] == last
	}
	return true
}

// segAt matches seg at s[pos:], returning the end position.
func segAt(s string, pos int, seg []likeTok) (int, bool) {
	for _, t := range seg {
		if t.lit != "" {
			if !strings.HasPrefix(s[pos:], t.lit) {
				return 0, false
			}
			pos += len(t.lit)
			continue
		}
		for k := 0; k < t.any_; k++ {
			if pos >= len(s) {
				return 0, false
			}
			_, w := utf8.DecodeRuneInString(s[pos:])
			pos += w
		}
	}
	return pos, true
}

func (m *likeMatcher) matchGeneral(s string) bool {
	segs := m.segs
	pos := 0
	if len(segs) == 0 {
		return true
	}
	if m.startAnch {
		end, ok := segAt(s, 0, segs[0])
		if !ok {
			return false
		}
		if len(segs) == 1 && m.endAnch {
			return end == len(s)
		}
		pos = end
		segs = segs[1:]
	}
	var last []likeTok
	if m.endAnch && len(segs) > 0 {
		last = segs[len(segs)-1]
		segs = segs[:len(segs)-1]
	}
	for _, seg := range segs {
		found := false
		for p := pos; p <= len(s); {
			if end, ok := segAt(s, p, seg); ok {
				pos = end
				found = true
				break
			}
			if p == len(s) {
				break
			}
			_, w := utf8.DecodeRuneInString(s[p:])
			p += w
		}
		if !found {
			return false
		}
	}
	if last == nil {
		return true
	}
	// The last segment must end exactly at the end of s.
	for p := pos; p <= len(s); {
		if end, ok := segAt(s, p, last); ok && end == len(s) {
			return true
		}
		if p == len(s) {
			break
		}
		_, w := utf8.DecodeRuneInString(s[p:])
		p += w
	}
	return false
}

// likeKernel evaluates LIKE against a constant pattern (m != nil) or a
// per-row pattern compiled on demand.
func likeKernel(m *likeMatcher, not, ignoreCase, glob bool) kernel {
	return func(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		a := args[0]
		out := vector.New(vector.Boolean, n)
		out.Valid = shareValidity(n, args...)
		ob := out.Bool[:n]
		if m != nil && !a.Const {
			src := a.Str[:n]
			switch m.kind {
			case likePrefix:
				lit := m.lit
				if !m.ignoreCase {
					for i, s := range src {
						ob[i] = len(s) >= len(lit) && s[:len(lit)] == lit
					}
					break
				}
				fallthrough
			default:
				for i, s := range src {
					ob[i] = m.match(s)
				}
			case likeContains:
				if m.ignoreCase {
					for i, s := range src {
						ob[i] = m.match(s)
					}
					break
				}
				lit := m.lit
				for i, s := range src {
					ob[i] = strings.Contains(s, lit)
				}
			}
			if not {
				for i, b := range ob {
					ob[i] = !b
				}
			}
			return out, nil
		}
		var cache *likeMatcher
		var cachePat string
		var cacheGlob *globMatcher
		for i := range ob {
			if !out.Valid.IsValid(i) {
				continue
			}
			s := strOf(a, i)
			var ok bool
			switch {
			case m != nil:
				ok = m.match(s)
			case glob:
				p := strOf(args[1], i)
				if cacheGlob == nil || p != cachePat {
					cacheGlob, cachePat = compileGlob(p), p
				}
				ok = cacheGlob.match(s)
			default:
				p := strOf(args[1], i)
				var esc rune
				if len(args) > 2 {
					e := strOf(args[2], i)
					if utf8.RuneCountInString(e) > 1 {
						return nil, errorf("Invalid Input", "Like pattern must not end with escape character!")
					}
					if e != "" {
						esc, _ = utf8.DecodeRuneInString(e)
					}
				}
				if cache == nil || p != cachePat || len(args) > 2 {
					var err error
					if cache, err = compileLike(p, esc, ignoreCase); err != nil {
						return nil, err
					}
					cachePat = p
				}
				ok = cache.match(s)
			}
			ob[i] = ok != not
		}
		return out, nil
	}
}

// bindLike binds like / not like / ilike / not ilike / like_escape / glob.
func bindLike(name string, args []Expr) (Expr, error) {
	want := 2
	if strings.HasSuffix(name, "_escape") {
		want = 3
	}
	if len(args) != want {
		return nil, noMatch(name, args)
	}
	cs := make([]Expr, len(args))
	for i, a := range args {
		t := a.Type()
		if t.ID != vector.TypeVarchar && t.ID != vector.TypeNull {
			return nil, noMatch(name, args)
		}
		var err error
		if cs[i], err = castTo(a, vector.Varchar); err != nil {
			return nil, err
		}
	}
	not := strings.HasPrefix(name, "not ")
	base := strings.TrimPrefix(name, "not ")
	ignoreCase := strings.HasPrefix(base, "ilike")
	glob := base == "glob"
	var m *likeMatcher
	var g *globMatcher
	if p, ok := cs[1].(*Const); ok && !p.Val.Null {
		var esc rune
		escOK := true
		if want == 3 {
			ec, ok := cs[2].(*Const)
			switch {
			case !ok:
				escOK = false
			case ec.Val.Null:
				escOK = false
			default:
				if utf8.RuneCountInString(ec.Val.Str) > 1 {
					return nil, errorf("Invalid Input", "Like pattern must not end with escape character!")
				}
				esc, _ = utf8.DecodeRuneInString(ec.Val.Str)
			}
		}
		if glob {
			g = compileGlob(p.Val.Str)
		} else if escOK {
			var err error
			if m, err = compileLike(p.Val.Str, esc, ignoreCase); err != nil {
				return nil, err
			}
		}
	}
	var fn kernel
	if glob {
		fn = globKernel(g)
	} else {
		fn = likeKernel(m, not, ignoreCase, false)
	}
	e := newFunc(name, vector.Boolean, fn, cs...)
	if want == 2 {
		e.infix = true
		e.display = strings.ToUpper(name)
	}
	return e, nil
}

// ---- GLOB ----

// globMatcher matches shell-style patterns: * ? [abc] [a-z] [!x] and \ escapes.
type globMatcher struct {
	pat []rune
}

func compileGlob(p string) *globMatcher { return &globMatcher{pat: []rune(p)} }

func (g *globMatcher) match(s string) bool {
	p := g.pat
	pi, si := 0, 0
	starP, starS := -1, 0
	for si < len(s) || pi < len(p) {
		if pi < len(p) {
			c := p[pi]
			switch c {
			case '*':
				starP, starS = pi, si
				pi++
				continue
			case '?':
				if si < len(s) {
					_, w := utf8.DecodeRuneInString(s[si:])
					si += w
					pi++
					continue
				}
			case '[':
				if si < len(s) {
					r, w := utf8.DecodeRuneInString(s[si:])
					if ok, next := matchClass(p, pi, r); next > 0 && ok {
						si += w
						pi = next
						continue
					}
				}
			default:
				if c == '\\' && pi+1 < len(p) {
					c = p[pi+1]
					if si < len(s) {
						r, w := utf8.DecodeRuneInString(s[si:])
						if r == c {
							si += w
							pi += 2
							continue
						}
					}
					break
				}
				if si < len(s) {
					r, w := utf8.DecodeRuneInString(s[si:])
					if r == c {
						si += w
						pi++
						continue
					}
				}
			}
		}
		if starP >= 0 && starS < len(s) {
			_, w := utf8.DecodeRuneInString(s[starS:])
			starS += w
			pi, si = starP+1, starS
			continue
		}
		return false
	}
	return true
}

// matchClass matches r against the class starting at p[i] == '['. It
// returns the index after ']' (0 if the class is unterminated).
func matchClass(p []rune, i int, r rune) (bool, int) {
	j := i + 1
	neg := false
	if j < len(p) && (p[j] == '!' || p[j] == '^') {
		neg = true
		j++
	}
	matched := false
	first := true
	for j < len(p) && (p[j] != ']' || first) {
		first = false
		lo := p[j]
		hi := lo
		if j+2 < len(p) && p[j+1] == '-' && p[j+2] != ']' {
			hi = p[j+2]
			j += 2
		}
		if r >= lo && r <= hi {
			matched = true
		}
		j++
	}
	if j >= len(p) {
		return false, 0
	}
	return matched != neg, j + 1
}

func globKernel(g *globMatcher) kernel {
	return func(ec *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		if g == nil {
			return likeKernel(nil, false, false, true)(ec, args, n)
		}
		a := args[0]
		out := vector.New(vector.Boolean, n)
		out.Valid = shareValidity(n, args...)
		for i := range out.Bool {
			if out.Valid.IsValid(i) {
				out.Bool[i] = g.match(strOf(a, i))
			}
		}
		return out, nil
	}
}
