package parser

import "strings"

// multiWordTypes maps the first word of a multi-word type name to its
// continuations and canonical names.
var multiWordTypes = map[string][]struct {
	words []string
	name  string
}{
	"double":    {{[]string{"precision"}, "DOUBLE"}},
	"character": {{[]string{"varying"}, "VARCHAR"}},
	"char":      {{[]string{"varying"}, "VARCHAR"}},
	"timestamp": {{[]string{"with", "time", "zone"}, "TIMESTAMPTZ"}, {[]string{"without", "time", "zone"}, "TIMESTAMP"}},
	"time":      {{[]string{"with", "time", "zone"}, "TIMETZ"}, {[]string{"without", "time", "zone"}, "TIME"}},
}

// parseType parses a type name with parameters, nested fields and []
// suffixes.
func (p *parser) parseType() *TypeName {
	p.enter()
	defer p.leave()
	t := p.peek()
	if t.kind != tIdent && t.kind != tQIdent {
		p.errExpected("type name")
	}
	p.next()
	name := t.val
	for p.isOp(".") && (p.peekN(1).kind == tIdent || p.peekN(1).kind == tQIdent) {
		p.next()
		name = p.next().val
	}
	tn := &TypeName{Name: strings.ToUpper(name)}
	if t.kind == tIdent {
		for _, mw := range multiWordTypes[name] {
			if p.acceptKws(mw.words...) {
				tn.Name = mw.name
				break
			}
		}
	}
	switch {
	case (tn.Name == "STRUCT" || tn.Name == "ROW" || tn.Name == "UNION") && p.isOp("("):
		if tn.Name == "ROW" {
			tn.Name = "STRUCT"
		}
		p.next()
		for !p.isOp(")") {
			tn.Fields = append(tn.Fields, p.parseColumnDef(false))
			if !p.acceptOp(",") {
				break
			}
		}
		p.expectOp(")")
	case tn.Name == "MAP" && p.isOp("("):
		p.next()
		tn.KeyType = p.parseType()
		p.expectOp(",")
		tn.ValType = p.parseType()
		p.expectOp(")")
	case tn.Name == "ENUM" && p.isOp("("):
		p.fail(p.pos(), "inline ENUM types are not supported: use CREATE TYPE ... AS ENUM")
	case p.isOp("(") && p.isOpAt(1, ")"):
		p.i += 2
	case p.isOp("("):
		p.next()
		for {
			v := p.intLit()
			if v < 0 || v > 1<<31-1 {
				p.fail(p.prevEnd(), "type parameter %d is out of range", v)
			}
			tn.Params = append(tn.Params, int(v))
			if !p.acceptOp(",") {
				break
			}
		}
		p.expectOp(")")
	}
	for {
		switch {
		case p.isOp("[") && p.isOpAt(1, "]"):
			p.i += 2
			tn.Array++
			tn.ArraySizes = append(tn.ArraySizes, 0)
		case p.isOp("["):
			p.next()
			n := p.intLit()
			if n <= 0 || n > 1<<31-1 {
				p.fail(p.prevEnd(), "array size %d is out of range", n)
			}
			p.expectOp("]")
			tn.Array++
			tn.ArraySizes = append(tn.ArraySizes, int(n))
		case p.isKw("array") && !p.isOpAt(1, "["):
			p.next()
			tn.Array++
			tn.ArraySizes = append(tn.ArraySizes, 0)
		default:
			return tn
		}
	}
}
