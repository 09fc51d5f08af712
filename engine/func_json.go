package engine

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/lhsql/lhsql/vector"
)

// JSON functions over JSON text held in VARCHAR: json_extract (and ->)
// returns the JSON text of the value at a path, json_extract_string (and
// ->>) returns strings unquoted and other values as JSON text. A path is
// JSONPath ('$.a.b[0]', '$["k"]', '$[#-1]'), a JSON pointer ('/a/0'), a
// bare key ('a'), or an integer array index. Missing paths give NULL;
// malformed JSON is an error, as in DuckDB.

func init() {
	extract := func(str bool) kernel {
		return func(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
			return jsonExtractKernel(args, n, str)
		}
	}
	register(overloads(
		sig(vector.Varchar, extract(false), vector.Varchar, vector.Varchar),
		sig(vector.Varchar, extract(false), vector.Varchar, vector.BigInt),
	), "json_extract", "json_extract_path", "->")
	register(overloads(
		sig(vector.Varchar, extract(true), vector.Varchar, vector.Varchar),
		sig(vector.Varchar, extract(true), vector.Varchar, vector.BigInt),
	), "json_extract_string", "json_extract_path_text", "->>")
	register(overloads(sig(vector.Boolean, rowFn(vector.Boolean, func(a []*vector.Vector, i int, out *vector.Vector) (bool, error) {
		_, err := jsonSkip(strOf(a[0], i), 0, 0)
		out.Bool[i] = err == nil
		return true, nil
	}), vector.Varchar)), "json_valid")
	register(overloads(sig(vector.Varchar, rowStr(vector.Varchar, func(a []*vector.Vector, i int) (string, error) {
		s := strOf(a[0], i)
		if _, err := jsonSkip(s, 0, 0); err != nil {
			return "", err
		}
		return jsonTypeName(s, jsonWS(s, 0)), nil
	}), vector.Varchar)), "json_type")
	register(overloads(sig(vector.BigInt, rowFn(vector.BigInt, func(a []*vector.Vector, i int, out *vector.Vector) (bool, error) {
		s := strOf(a[0], i)
		p := jsonWS(s, 0)
		if p >= len(s) || s[p] != '[' {
			if _, err := jsonSkip(s, 0, 0); err != nil {
				return false, err
			}
			out.I64[i] = 0
			return true, nil
		}
		elems, err := jsonElems(s, p)
		if err != nil {
			return false, err
		}
		out.I64[i] = int64(len(elems))
		return true, nil
	}), vector.Varchar)), "json_array_length")
}

// jsonStep is one step of a parsed path: a key, or an array index (from
// the end when fromEnd).
type jsonStep struct {
	key     string
	index   int
	isIndex bool
	fromEnd bool
}

func jsonExtractKernel(args []*vector.Vector, n int, asString bool) (*vector.Vector, error) {
	doc, path := args[0], args[1]
	out := vector.New(vector.Varchar, n)
	out.Valid = mergeValidity(n, doc, path)
	var constSteps []jsonStep
	if path.Const && path.Valid.IsValid(0) {
		var err error
		if constSteps, err = pathArg(path, 0); err != nil {
			return nil, err
		}
	}
	for i := 0; i < n; i++ {
		if !out.Valid.IsValid(i) {
			continue
		}
		steps := constSteps
		if !path.Const {
			var err error
			if steps, err = pathArg(path, i); err != nil {
				return nil, err
			}
		}
		s := strOf(doc, i)
		lo, hi, found, err := jsonFind(s, steps)
		if err != nil {
			return nil, err
		}
		if !found {
			setNull(&out.Valid, i, n)
			continue
		}
		v := s[lo:hi]
		if asString {
			switch {
			case v == "null":
				setNull(&out.Valid, i, n)
				continue
			case v[0] == '"':
				u, err := jsonUnquote(v)
				if err != nil {
					return nil, err
				}
				out.Str[i] = u
				continue
			}
		}
		out.Str[i] = jsonMinify(v)
	}
	return out, nil
}

// pathArg parses row i of a path argument (VARCHAR or integer).
func pathArg(v *vector.Vector, i int) ([]jsonStep, error) {
	if v.Typ.IsInteger() {
		x := i64Of(v, i)
		if x < 0 {
			return []jsonStep{{isIndex: true, index: int(-x), fromEnd: true}}, nil
		}
		return []jsonStep{{isIndex: true, index: int(x)}}, nil
	}
	return parseJSONPath(strOf(v, i))
}

// parseJSONPath parses a JSONPath, a JSON pointer or a bare key.
func parseJSONPath(p string) ([]jsonStep, error) {
	bad := func() error { return errorf("Binder", "JSON path error near %q in %q", p, p) }
	switch {
	case p == "":
		return []jsonStep{{key: ""}}, nil
	case p[0] == '/':
		var steps []jsonStep
		for _, part := range strings.Split(p[1:], "/") {
			part = strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")
			if k, err := strconv.Atoi(part); err == nil && k >= 0 {
				steps = append(steps, jsonStep{key: part, isIndex: true, index: k})
				continue
			}
			steps = append(steps, jsonStep{key: part})
		}
		return steps, nil
	case p[0] != '$':
		return []jsonStep{{key: p}}, nil
	}
	var steps []jsonStep
	i := 1
	for i < len(p) {
		switch p[i] {
		case '.':
			i++
			if i < len(p) && p[i] == '"' {
				end := strings.IndexByte(p[i+1:], '"')
				if end < 0 {
					return nil, bad()
				}
				steps = append(steps, jsonStep{key: p[i+1 : i+1+end]})
				i += end + 2
				continue
			}
			j := i
			for j < len(p) && p[j] != '.' && p[j] != '[' {
				j++
			}
			if j == i {
				return nil, bad()
			}
			steps = append(steps, jsonStep{key: p[i:j]})
			i = j
		case '[':
			end := strings.IndexByte(p[i:], ']')
			if end < 0 {
				return nil, bad()
			}
			in := strings.TrimSpace(p[i+1 : i+end])
			i += end + 1
			switch {
			case len(in) >= 2 && (in[0] == '"' || in[0] == '\'') && in[len(in)-1] == in[0]:
				steps = append(steps, jsonStep{key: in[1 : len(in)-1]})
			case strings.HasPrefix(in, "#-"):
				k, err := strconv.Atoi(in[2:])
				if err != nil || k < 0 {
					return nil, bad()
				}
				steps = append(steps, jsonStep{isIndex: true, index: k, fromEnd: true})
			default:
				k, err := strconv.Atoi(in)
				if err != nil || k < 0 {
					return nil, bad()
				}
				steps = append(steps, jsonStep{isIndex: true, index: k})
			}
		default:
			return nil, bad()
		}
	}
	return steps, nil
}

// jsonFind validates s and returns the bounds of the value at steps.
func jsonFind(s string, steps []jsonStep) (lo, hi int, found bool, err error) {
	p := jsonWS(s, 0)
	end, err := jsonSkip(s, p, 0)
	if err != nil {
		return 0, 0, false, err
	}
	if jsonWS(s, end) != len(s) {
		return 0, 0, false, jsonErr(s, end)
	}
	lo, hi = p, end
	for _, st := range steps {
		if lo >= len(s) {
			return 0, 0, false, nil
		}
		switch {
		case s[lo] == '{' && !(st.isIndex && st.key == ""):
			key := st.key
			if st.isIndex && key == "" {
				return 0, 0, false, nil
			}
			ok := false
			members, err := jsonMembers(s, lo)
			if err != nil {
				return 0, 0, false, err
			}
			for _, m := range members {
				k, err := jsonUnquote(s[m[0]:m[1]])
				if err != nil {
					return 0, 0, false, err
				}
				if k == key {
					lo, hi, ok = m[2], m[3], true
					break
				}
			}
			if !ok {
				return 0, 0, false, nil
			}
		case s[lo] == '[' && st.isIndex:
			elems, err := jsonElems(s, lo)
			if err != nil {
				return 0, 0, false, err
			}
			k := st.index
			if st.fromEnd {
				k = len(elems) - k
			}
			if k < 0 || k >= len(elems) {
				return 0, 0, false, nil
			}
			lo, hi = elems[k][0], elems[k][1]
		default:
			return 0, 0, false, nil
		}
	}
	return lo, hi, true, nil
}

// jsonMembers returns [keyLo, keyHi, valLo, valHi] of every member of the
// object at p.
func jsonMembers(s string, p int) ([][4]int, error) {
	var out [][4]int
	p = jsonWS(s, p+1)
	if p < len(s) && s[p] == '}' {
		return nil, nil
	}
	for {
		if p >= len(s) || s[p] != '"' {
			return nil, jsonErr(s, p)
		}
		ke, err := jsonSkip(s, p, 0)
		if err != nil {
			return nil, err
		}
		q := jsonWS(s, ke)
		if q >= len(s) || s[q] != ':' {
			return nil, jsonErr(s, q)
		}
		vl := jsonWS(s, q+1)
		ve, err := jsonSkip(s, vl, 0)
		if err != nil {
			return nil, err
		}
		out = append(out, [4]int{p, ke, vl, ve})
		p = jsonWS(s, ve)
		if p < len(s) && s[p] == ',' {
			p = jsonWS(s, p+1)
			continue
		}
		if p < len(s) && s[p] == '}' {
			return out, nil
		}
		return nil, jsonErr(s, p)
	}
}

// jsonElems returns the bounds of every element of the array at p.
func jsonElems(s string, p int) ([][2]int, error) {
	var out [][2]int
	p = jsonWS(s, p+1)
	if p < len(s) && s[p] == ']' {
		return nil, nil
	}
	for {
		e, err := jsonSkip(s, p, 0)
		if err != nil {
			return nil, err
		}
		out = append(out, [2]int{p, e})
		p = jsonWS(s, e)
		if p < len(s) && s[p] == ',' {
			p = jsonWS(s, p+1)
			continue
		}
		if p < len(s) && s[p] == ']' {
			return out, nil
		}
		return nil, jsonErr(s, p)
	}
}

func jsonWS(s string, p int) int {
	for p < len(s) && (s[p] == ' ' || s[p] == '\t' || s[p] == '\n' || s[p] == '\r') {
		p++
	}
	return p
}

func jsonErr(s string, p int) error {
	return errorf("Invalid Input", "Malformed JSON at byte %d of %q", p, truncateForError(s))
}

func truncateForError(s string) string {
	if len(s) > 60 {
		return s[:57] + "..."
	}
	return s
}

// jsonSkip validates the value starting at p (after whitespace) and
// returns the index just after it.
func jsonSkip(s string, p, depth int) (int, error) {
	if depth > 1000 {
		return 0, errorf("Invalid Input", "JSON nested deeper than 1000 levels")
	}
	p = jsonWS(s, p)
	if p >= len(s) {
		return 0, jsonErr(s, p)
	}
	switch c := s[p]; {
	case c == '{':
		q := jsonWS(s, p+1)
		if q < len(s) && s[q] == '}' {
			return q + 1, nil
		}
		for {
			q = jsonWS(s, q)
			if q >= len(s) || s[q] != '"' {
				return 0, jsonErr(s, q)
			}
			e, err := jsonSkip(s, q, depth+1)
			if err != nil {
				return 0, err
			}
			q = jsonWS(s, e)
			if q >= len(s) || s[q] != ':' {
				return 0, jsonErr(s, q)
			}
			if q, err = jsonSkip(s, q+1, depth+1); err != nil {
				return 0, err
			}
			q = jsonWS(s, q)
			if q < len(s) && s[q] == ',' {
				q++
				continue
			}
			if q < len(s) && s[q] == '}' {
				return q + 1, nil
			}
			return 0, jsonErr(s, q)
		}
	case c == '[':
		q := jsonWS(s, p+1)
		if q < len(s) && s[q] == ']' {
			return q + 1, nil
		}
		for {
			e, err := jsonSkip(s, q, depth+1)
			if err != nil {
				return 0, err
			}
			q = jsonWS(s, e)
			if q < len(s) && s[q] == ',' {
				q++
				continue
			}
			if q < len(s) && s[q] == ']' {
				return q + 1, nil
			}
			return 0, jsonErr(s, q)
		}
	case c == '"':
		for q := p + 1; q < len(s); q++ {
			switch s[q] {
			case '\\':
				q++
			case '"':
				return q + 1, nil
			}
		}
		return 0, jsonErr(s, len(s))
	case c == '-' || (c >= '0' && c <= '9'):
		q := p
		if s[q] == '-' {
			q++
		}
		start := q
		for q < len(s) && ((s[q] >= '0' && s[q] <= '9') || s[q] == '.' || s[q] == 'e' || s[q] == 'E' || s[q] == '+' || s[q] == '-') {
			q++
		}
		if _, err := strconv.ParseFloat(s[start:q], 64); err != nil && !strings.Contains(err.Error(), "range") {
			return 0, jsonErr(s, p)
		}
		return q, nil
	case strings.HasPrefix(s[p:], "true"):
		return p + 4, nil
	case strings.HasPrefix(s[p:], "false"):
		return p + 5, nil
	case strings.HasPrefix(s[p:], "null"):
		return p + 4, nil
	}
	return 0, jsonErr(s, p)
}

// jsonUnquote decodes a JSON string literal.
func jsonUnquote(q string) (string, error) {
	if len(q) < 2 || q[0] != '"' || q[len(q)-1] != '"' {
		return "", errorf("Invalid Input", "Malformed JSON string %q", truncateForError(q))
	}
	body := q[1 : len(q)-1]
	if !strings.ContainsRune(body, '\\') {
		return body, nil
	}
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(body) {
			return "", errorf("Invalid Input", "Malformed JSON string %q", truncateForError(q))
		}
		switch body[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'u':
			if i+4 >= len(body) {
				return "", errorf("Invalid Input", "Malformed JSON string %q", truncateForError(q))
			}
			r, err := strconv.ParseUint(body[i+1:i+5], 16, 32)
			if err != nil {
				return "", errorf("Invalid Input", "Malformed JSON string %q", truncateForError(q))
			}
			i += 4
			rr := rune(r)
			if rr >= 0xd800 && rr < 0xdc00 && i+6 < len(body) && body[i+1] == '\\' && body[i+2] == 'u' {
				if lo, err := strconv.ParseUint(body[i+3:i+7], 16, 32); err == nil && lo >= 0xdc00 && lo < 0xe000 {
					rr = (rr-0xd800)<<10 + (rune(lo) - 0xdc00) + 0x10000
					i += 6
				}
			}
			if !utf8.ValidRune(rr) {
				rr = utf8.RuneError
			}
			b.WriteRune(rr)
		default:
			b.WriteByte(body[i])
		}
	}
	return b.String(), nil
}

// jsonMinify drops whitespace outside strings.
func jsonMinify(v string) string {
	if !strings.ContainsAny(v, " \t\r\n") {
		return v
	}
	b := make([]byte, 0, len(v))
	in := false
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case in && c == '\\' && i+1 < len(v):
			b = append(b, c, v[i+1])
			i++
			continue
		case c == '"':
			in = !in
		case !in && (c == ' ' || c == '\t' || c == '\r' || c == '\n'):
			continue
		}
		b = append(b, c)
	}
	return string(b)
}

// jsonTypeName names the JSON type of the value at p as DuckDB does.
func jsonTypeName(s string, p int) string {
	if p >= len(s) {
		return "NULL"
	}
	switch c := s[p]; {
	case c == '{':
		return "OBJECT"
	case c == '[':
		return "ARRAY"
	case c == '"':
		return "VARCHAR"
	case c == 't' || c == 'f':
		return "BOOLEAN"
	case c == 'n':
		return "NULL"
	}
	end, _ := jsonSkip(s, p, 0)
	if strings.ContainsAny(s[p:end], ".eE") {
		return "DOUBLE"
	}
	if strings.HasPrefix(s[p:], "-") {
		return "BIGINT"
	}
	return "UBIGINT"
}
