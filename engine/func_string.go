package engine

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode/utf8"

	"github.com/lhsql/lhsql/vector"
)

// runeLen counts code points (fast for ASCII).
func runeLen(s string) int64 {
	n := int64(0)
	for i := 0; i < len(s); i++ {
		if s[i]&0xC0 != 0x80 {
			n++
		}
	}
	return n
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// charSlice returns the characters [start, end) (code points) of s.
func charSlice(s string, start, end int64) string {
	if isASCII(s) {
		return s[start:end]
	}
	var bs, be int = -1, len(s)
	k := int64(0)
	for i := range s {
		if k == start {
			bs = i
		}
		if k == end {
			be = i
			break
		}
		k++
	}
	if bs < 0 {
		return ""
	}
	return s[bs:be]
}

// substringChars implements DuckDB's substring(s, offset, length).
func substringChars(s string, offset, length int64) string {
	size := runeLen(s)
	var start, end int64
	if length == 0 {
		return ""
	}
	switch {
	case offset > 0:
		start = min(size, offset-1)
	case offset < 0:
		start = max(size+offset, 0)
	default:
		start = 0
		length--
		if length <= 0 {
			return ""
		}
	}
	if length > 0 {
		if start > size-length {
			end = size
		} else {
			end = start + length
		}
	} else {
		end = start
		start = max(0, start+length)
	}
	if start >= end {
		return ""
	}
	return charSlice(s, start, end)
}

func leftChars(s string, n int64) string {
	size := runeLen(s)
	if n >= 0 {
		return charSlice(s, 0, min(n, size))
	}
	return charSlice(s, 0, max(0, size+n))
}

func rightChars(s string, n int64) string {
	size := runeLen(s)
	if n >= 0 {
		return charSlice(s, max(0, size-n), size)
	}
	return charSlice(s, min(size, -n), size)
}

func trimFunc(s, chars string, left, right bool) string {
	if chars == " " {
		if left {
			s = strings.TrimLeft(s, " ")
		}
		if right {
			s = strings.TrimRight(s, " ")
		}
		return s
	}
	if left {
		s = strings.TrimLeft(s, chars)
	}
	if right {
		s = strings.TrimRight(s, chars)
	}
	return s
}

func padFunc(s string, n int64, fill string, left bool) (string, error) {
	size := runeLen(s)
	if n <= 0 {
		return "", nil
	}
	if size >= n {
		return charSlice(s, 0, n), nil
	}
	if fill == "" {
		return "", errorf("Invalid Input", "Insufficient padding in %s.", map[bool]string{true: "LPAD", false: "RPAD"}[left])
	}
	need := n - size
	var b strings.Builder
	fr := []rune(fill)
	if !left {
		b.WriteString(s)
	}
	for k := int64(0); k < need; k++ {
		b.WriteRune(fr[k%int64(len(fr))])
	}
	if left {
		b.WriteString(s)
	}
	return b.String(), nil
}

func reverseChars(s string) string {
	if isASCII(s) {
		b := make([]byte, len(s))
		for i := 0; i < len(s); i++ {
			b[len(s)-1-i] = s[i]
		}
		return string(b)
	}
	rs := []rune(s)
	for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
		rs[i], rs[j] = rs[j], rs[i]
	}
	return string(rs)
}

func splitPart(s, delim string, k int64) string {
	var parts []string
	if delim == "" {
		parts = []string{s}
		if s == "" {
			parts = nil
		}
	} else {
		parts = strings.Split(s, delim)
	}
	if k > 0 && k <= int64(len(parts)) {
		return parts[k-1]
	}
	if k < 0 && -k <= int64(len(parts)) {
		return parts[int64(len(parts))+k]
	}
	return ""
}

// instrChars returns the 1-based character position of sub in s, 0 if absent.
func instrChars(s, sub string) int64 {
	k := strings.Index(s, sub)
	if k < 0 {
		return 0
	}
	return runeLen(s[:k]) + 1
}

func md5Hex(s string) string {
	h := md5.Sum([]byte(s))
	return hex.EncodeToString(h[:])
}

func sha256Hex(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// ---- kernels built from row functions ----

// strFunc wraps a function of string arguments (and int64 arguments
// where the signature says so) returning a string.
func rowStr(typ vector.Type, f func(v []*vector.Vector, i int) (string, error)) kernel {
	return rowFn(typ, func(v []*vector.Vector, i int, out *vector.Vector) (bool, error) {
		s, err := f(v, i)
		if err != nil {
			return false, err
		}
		out.Str[i] = s
		return true, nil
	})
}

func rowI64(f func(v []*vector.Vector, i int) int64) kernel {
	return rowFn(vector.BigInt, func(v []*vector.Vector, i int, out *vector.Vector) (bool, error) {
		out.I64[i] = f(v, i)
		return true, nil
	})
}

func rowBool(f func(v []*vector.Vector, i int) bool) kernel {
	return func(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		out := vector.New(vector.Boolean, n)
		out.Valid = shareValidity(n, args...)
		for i := range out.Bool {
			if out.Valid.IsValid(i) {
				out.Bool[i] = f(args, i)
			}
		}
		return out, nil
	}
}

// strBoolConst specialises a (string, const string) -> bool predicate.
func strPredKernel(pred func(s, p string) bool) kernel {
	return func(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		a, b := args[0], args[1]
		out := vector.New(vector.Boolean, n)
		out.Valid = shareValidity(n, a, b)
		ob := out.Bool[:n]
		if b.Const && !a.Const {
			p := b.Str[0]
			for i, s := range a.Str[:n] {
				ob[i] = pred(s, p)
			}
			return out, nil
		}
		for i := range ob {
			ob[i] = pred(strOf(a, i), strOf(b, i))
		}
		return out, nil
	}
}

// concatKernel implements concat(...): NULL arguments are skipped.
func concatKernel(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
	out := vector.New(vector.Varchar, n)
	var b strings.Builder
	for i := range out.Str {
		b.Reset()
		for _, a := range args {
			if rowValid(a, i) {
				b.WriteString(strOf(a, i))
			}
		}
		out.Str[i] = b.String()
	}
	return out, nil
}

// concatOpKernel implements ||: NULL propagates.
func concatOpKernel(typ vector.Type) kernel {
	return func(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		a, b := args[0], args[1]
		out := vector.New(typ, n)
		out.Valid = shareValidity(n, a, b)
		for i := range out.Str {
			if out.Valid.IsValid(i) {
				out.Str[i] = strOf(a, i) + strOf(b, i)
			}
		}
		return out, nil
	}
}

func concatWSKernel(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
	out := vector.New(vector.Varchar, n)
	out.Valid = shareValidity(n, args[0])
	var b strings.Builder
	for i := range out.Str {
		if !out.Valid.IsValid(i) {
			continue
		}
		sep := strOf(args[0], i)
		b.Reset()
		first := true
		for _, a := range args[1:] {
			if !rowValid(a, i) {
				continue
			}
			if !first {
				b.WriteString(sep)
			}
			first = false
			b.WriteString(strOf(a, i))
		}
		out.Str[i] = b.String()
	}
	return out, nil
}

// anyToVarchar casts every argument to VARCHAR (concat accepts ANY).
func anyToVarchar(args []Expr) ([]Expr, error) {
	cs := make([]Expr, len(args))
	for i, a := range args {
		var err error
		if a.Type().ID == vector.TypeNull {
			cs[i] = &Const{Val: vector.NullValue(vector.Varchar)}
			continue
		}
		if cs[i], err = castTo(a, vector.Varchar); err != nil {
			return nil, err
		}
	}
	return cs, nil
}

func bindConcat(name string, args []Expr) (Expr, error) {
	if len(args) == 0 {
		return nil, noMatch(name, args)
	}
	cs, err := anyToVarchar(args)
	if err != nil {
		return nil, err
	}
	e := newFunc(name, vector.Varchar, concatKernel, cs...)
	e.nullSafe = true
	return e, nil
}

func bindConcatOp(name string, args []Expr) (Expr, error) {
	if len(args) != 2 {
		return nil, noMatch(name, args)
	}
	if args[0].Type().ID == vector.TypeBlob && args[1].Type().ID == vector.TypeBlob {
		e := newFunc(name, vector.Blob, concatOpKernel(vector.Blob), args...)
		e.infix = true
		return e, nil
	}
	cs, err := anyToVarchar(args)
	if err != nil {
		return nil, err
	}
	e := newFunc(name, vector.Varchar, concatOpKernel(vector.Varchar), cs...)
	e.infix = true
	return e, nil
}

func bindConcatWS(name string, args []Expr) (Expr, error) {
	if len(args) < 2 {
		return nil, noMatch(name, args)
	}
	cs, err := anyToVarchar(args)
	if err != nil {
		return nil, err
	}
	e := newFunc(name, vector.Varchar, concatWSKernel, cs...)
	e.nullSafe = true
	return e, nil
}

// lengthKernel counts characters.
func lengthKernel(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
	return strToI64(vector.BigInt, runeLen)(nil, args, n)
}

func chrOf(c int64) (string, error) {
	if c < 0 || c > utf8.MaxRune || (c >= 0xD800 && c <= 0xDFFF) {
		return "", errorf("Invalid Input", "Invalid UTF8 Codepoint %d", c)
	}
	return string(rune(c)), nil
}

func asciiOf(s string) int64 {
	if s == "" {
		return 0
	}
	r, _ := utf8.DecodeRuneInString(s)
	return int64(r)
}
