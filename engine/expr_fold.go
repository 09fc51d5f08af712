package engine

import (
	"context"
	"errors"
	"math"

	"github.com/lhsql/lhsql/vector"
)

// isConstant reports whether e can be evaluated without input rows: it
// contains no column reference, no volatile function and only expression
// kinds this package knows.
func isConstant(e Expr) bool {
	switch x := e.(type) {
	case *Const:
		return true
	case *ColRef:
		return false
	case *FuncExpr:
		if x.volatile {
			return false
		}
		for _, a := range x.Args {
			if !isConstant(a) {
				return false
			}
		}
		return true
	case *CastExpr:
		return isConstant(x.X)
	case *CaseExpr:
		for i := range x.Whens {
			if !isConstant(x.Whens[i]) || !isConstant(x.Thens[i]) {
				return false
			}
		}
		return isConstant(x.Else)
	case *CoalesceExpr:
		for _, a := range x.Args {
			if !isConstant(a) {
				return false
			}
		}
		return true
	case *InExpr:
		if !isConstant(x.X) {
			return false
		}
		for _, a := range x.List {
			if !isConstant(a) {
				return false
			}
		}
		return true
	}
	return false
}

// FoldConstant evaluates an expression without column references once and
// returns it as a *Const; other expressions, and those whose value
// depends on the session time zone, are returned unchanged.
func FoldConstant(e Expr) (Expr, error) {
	return foldConstant(e, &ExecCtx{Ctx: context.Background(), zoneUnknown: true})
}

// FoldConstantIn folds as FoldConstant does, evaluating TIMESTAMPTZ
// conversions in the session zone z (nil = UTC).
func FoldConstantIn(e Expr, z *vector.Zone) (Expr, error) {
	return foldConstant(e, &ExecCtx{Ctx: context.Background(), zone: z})
}

func foldConstant(e Expr, ec *ExecCtx) (Expr, error) {
	if _, ok := e.(*Const); ok || !isConstant(e) {
		return e, nil
	}
	v, err := e.Eval(ec, &vector.Chunk{Len: 1})
	if errors.Is(err, errZoneUnbound) {
		return e, nil
	}
	if err != nil {
		return nil, err
	}
	val := v.Get(0)
	val.Typ = e.Type()
	return &Const{Val: val}, nil
}

// ---- hash ----

func mix64(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}

func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return mix64(h)
}

// hashRow hashes row i of v (NULLs hash to a fixed value).
func hashRow(v *vector.Vector, i int) uint64 {
	if !rowValid(v, i) {
		return 0xbf58476d1ce4e5b9
	}
	k := idx(v, i)
	switch v.Typ.Phys() {
	case vector.PhysBool:
		if v.Bool[k] {
			return mix64(1)
		}
		return mix64(0)
	case vector.PhysInt64:
		return mix64(uint64(v.I64[k]))
	case vector.PhysFloat64:
		f := v.F64[k]
		if f == 0 {
			f = 0 // fold -0
		}
		if math.IsNaN(f) {
			return mix64(0x7ff8000000000001)
		}
		return mix64(math.Float64bits(f))
	case vector.PhysString:
		return hashString(v.Str[k])
	case vector.PhysInterval:
		m, d, us := normInterval(v.Iv[k])
		return mix64(uint64(m)*31 + mix64(uint64(d))*17 + mix64(uint64(us)))
	}
	return 0
}

func hashKernel(_ *ExecCtx, args []*vector.Vector, n int) (*vector.Vector, error) {
	out := vector.New(vector.UBigInt, n)
	for i := range out.I64 {
		var h uint64
		for k, a := range args {
			if k == 0 {
				h = hashRow(a, i)
			} else {
				h = mix64(h ^ hashRow(a, i)*0x9e3779b97f4a7c15)
			}
		}
		out.I64[i] = int64(h)
	}
	return out, nil
}
