package engine

import (
	"strings"

	"github.com/lhsql/lhsql/vector"
)

// quantifiedOps are the comparisons usable with ANY / ALL over a list.
var quantifiedOps = []string{"=", "<>", "<", "<=", ">", ">="}

// negatedCmp maps a comparison to its negation (x op ALL (l) is
// NOT (x negated-op ANY (l))).
var negatedCmp = map[string]string{"=": "<>", "<>": "=", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}

// init registers the internal functions "op any" and "op all" behind
// x op ANY (list) and x op ALL (list). Their names hold a space, so SQL
// cannot call them by name.
func init() {
	for _, op := range quantifiedOps {
		register(bindQuantifiedList, op+" any", op+" all")
	}
}

// QuantifiedName returns the name of the function that binds x op ANY
// (list) (all = false) or x op ALL (list), and whether op is a comparison
// ANY / ALL supports.
func QuantifiedName(op string, all bool) (string, bool) {
	if _, ok := negatedCmp[op]; !ok {
		return "", false
	}
	if all {
		return op + " all", true
	}
	return op + " any", true
}

// bindQuantifiedList binds x op ANY (list) and x op ALL (list) with
// DuckDB's semantics, those of x op ANY (SELECT unnest(list)): ANY is true
// when the comparison holds for some element, else NULL when it was NULL
// for some element (a NULL x or element), else false, so an empty or NULL
// list gives false. x op ALL (list) is NOT (x negated-op ANY (list)): true
// for an empty or NULL list.
func bindQuantifiedList(name string, args []Expr) (Expr, error) {
	op, quant, _ := strings.Cut(name, " ")
	all := quant == "all"
	if len(args) != 2 {
		return nil, noMatch(name, args)
	}
	x, list := args[0], args[1]
	xt := x.Type()
	if list.Type().ID == vector.TypeNull {
		et := xt
		if et.ID == vector.TypeNull {
			et = vector.Integer
		}
		c, err := castTo(list, vector.ListOf(et))
		if err != nil {
			return nil, err
		}
		list = c
	}
	lt := list.Type()
	if lt.ID != vector.TypeList {
		return nil, errorf("Binder", "%s ANY/ALL needs a subquery or a LIST on its right side, not %s", strings.ToUpper(op), lt)
	}
	et := lt.Nested.Elem
	mismatch := func() error {
		return errorf("Binder", "Cannot compare values of type %s and %s in IN/ANY/ALL clause - an explicit cast is required", xt, et)
	}
	if xt.ID != vector.TypeNull && et.ID != vector.TypeNull && (xt.IsString() != et.IsString() || (xt.Nested == nil) != (et.Nested == nil)) {
		return nil, mismatch()
	}
	cmpOp := op
	if all {
		cmpOp = negatedCmp[op]
	}
	cmp, err := BindFunc(cmpOp, []Expr{&ColRef{Idx: 0, Typ: xt, Name: "x"}, &ColRef{Idx: 1, Typ: et, Name: "element"}})
	if err != nil {
		return nil, mismatch()
	}
	e := newFunc(name, vector.Boolean, quantifiedKernel(cmp, all), x, list)
	e.nullSafe = true
	e.infix = true
	e.display = op + " " + strings.ToUpper(quant)
	return e, nil
}

// quantifiedKernel compares every element of each row's list with the
// row's x by evaluating cmp (over columns x, element) on chunks of up to
// vector.MaxLen (x, element) pairs, then folds the results per row.
func quantifiedKernel(cmp Expr, all bool) kernel {
	return func(ec *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
		x, l := args[0].Flatten(n), args[1]
		hit := make([]bool, n)
		sawNull := make([]bool, n)
		xsel := make([]uint32, 0, vector.MaxLen)
		esel := make([]uint32, 0, vector.MaxLen)
		flush := func() error {
			if len(esel) == 0 {
				return nil
			}
			pair := &vector.Chunk{Cols: []*vector.Vector{x.Gather(xsel), l.Child.Gather(esel)}, Len: len(esel)}
			r, err := cmp.Eval(ec, pair)
			if err != nil {
				return err
			}
			for j, i := range xsel {
				switch {
				case !rowValid(r, j):
					sawNull[i] = true
				case r.Bool[idx(r, j)]:
					hit[i] = true
				}
			}
			xsel, esel = xsel[:0], esel[:0]
			return nil
		}
		for i := 0; i < n; i++ {
			if !rowValid(l, i) {
				continue
			}
			le := l.List[idx(l, i)]
			for k := uint32(0); k < le.Len; k++ {
				xsel = append(xsel, uint32(i))
				esel = append(esel, le.Off+k)
				if len(esel) == vector.MaxLen {
					if err := flush(); err != nil {
						return nil, err
					}
				}
			}
		}
		if err := flush(); err != nil {
			return nil, err
		}
		out := vector.New(vector.Boolean, n)
		for i := 0; i < n; i++ {
			switch {
			case hit[i]:
				out.Bool[i] = !all
			case sawNull[i]:
				setNull(&out.Valid, i, n)
			default:
				out.Bool[i] = all
			}
		}
		return out, nil
	}
}
