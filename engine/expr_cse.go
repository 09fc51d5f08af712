package engine

import (
	"strconv"
	"strings"
)

// shareSubexprs returns copies of the expression lists in which every
// deterministic function subtree that occurs more than once across all
// lists (e.g. l_extendedprice * (1 - l_discount) in TPC-H Q1's sums) is
// wrapped in a memoExpr, so it is evaluated once per chunk. The inputs
// are not modified; slots is the number of memo slots used (0: the
// copies are the inputs). Subtrees are compared structurally: column
// indexes, constants, function names and types.
func shareSubexprs(lists ...[]Expr) (out [][]Expr, slots int) {
	counts := map[string]int{}
	keys := map[Expr]string{}
	var count func(e Expr)
	count = func(e Expr) {
		f, ok := e.(*FuncExpr)
		if !ok {
			return
		}
		if k, ok := exprKey(e, keys); ok {
			counts[k]++
		}
		for _, a := range f.Args {
			count(a)
		}
	}
	for _, l := range lists {
		for _, e := range l {
			if e != nil {
				count(e)
			}
		}
	}
	shared := false
	for _, c := range counts {
		if c > 1 {
			shared = true
			break
		}
	}
	if !shared {
		return lists, 0
	}
	slotOf := map[string]int{}
	// rewrite wraps e when it occurs more often than its parent (so only
	// the outermost shared subtree of a repeated expression is wrapped).
	var rewrite func(e Expr, parent int) Expr
	rewrite = func(e Expr, parent int) Expr {
		f, ok := e.(*FuncExpr)
		if !ok {
			return e
		}
		k, hasKey := exprKey(e, keys)
		c := counts[k]
		nf := *f
		nf.Args = make([]Expr, len(f.Args))
		for i, a := range f.Args {
			if hasKey {
				nf.Args[i] = rewrite(a, c)
			} else {
				nf.Args[i] = rewrite(a, 1)
			}
		}
		if !hasKey || c <= 1 || c <= parent {
			return &nf
		}
		s, ok := slotOf[k]
		if !ok {
			s = len(slotOf)
			slotOf[k] = s
		}
		return &memoExpr{E: &nf, Slot: s}
	}
	out = make([][]Expr, len(lists))
	for i, l := range lists {
		out[i] = make([]Expr, len(l))
		for j, e := range l {
			if e != nil {
				out[i][j] = rewrite(e, 1)
			}
		}
	}
	return out, len(slotOf)
}

// exprKey returns a structural key of e, memoized in keys; ok is false
// for expressions that must not be shared (volatile functions, kinds of
// expression the key does not describe).
func exprKey(e Expr, keys map[Expr]string) (string, bool) {
	if k, ok := keys[e]; ok {
		return k, k != ""
	}
	var b strings.Builder
	ok := writeExprKey(&b, e, keys)
	k := ""
	if ok {
		k = b.String()
	}
	keys[e] = k
	return k, ok
}

func writeExprKey(b *strings.Builder, e Expr, keys map[Expr]string) bool {
	switch x := e.(type) {
	case *ColRef:
		b.WriteString("#")
		b.WriteString(strconv.Itoa(x.Idx))
		b.WriteString(":")
		b.WriteString(x.Typ.String())
		return true
	case *Const:
		b.WriteString("k:")
		b.WriteString(x.Val.Typ.String())
		if x.Val.Null {
			b.WriteString(":null")
			return true
		}
		b.WriteString(":")
		b.WriteString(strconv.Quote(x.Val.String()))
		return true
	case *memoExpr:
		k, ok := exprKey(x.E, keys)
		b.WriteString(k)
		return ok
	case *FuncExpr:
		if x.volatile || x.Name == "" || x.fn == nil {
			return false
		}
		b.WriteString(x.Name)
		b.WriteString("|")
		b.WriteString(x.display)
		b.WriteString("|")
		b.WriteString(x.Typ.String())
		b.WriteString("(")
		for i, a := range x.Args {
			if i > 0 {
				b.WriteString(",")
			}
			k, ok := exprKey(a, keys)
			if !ok {
				return false
			}
			b.WriteString(k)
		}
		b.WriteString(")")
		return true
	}
	return false
}
