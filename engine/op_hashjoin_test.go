package engine

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/lhsql/lhsql/vector"
)

var rtAllKinds = []JoinKind{JoinInner, JoinLeft, JoinRight, JoinFull, JoinSemi, JoinAnti, JoinMark, JoinRightSemi, JoinRightAnti}

// rtRefJoin is a nested-loop reference. match returns (true, false) for a
// matching pair, (false, true) when the condition is NULL.
func rtRefJoin(kind JoinKind, left, right []rtRow, lw, rw int, match func(l, r rtRow) (bool, bool), markNull func(l rtRow) bool) []rtRow {
	nulls := func(w int, types []vector.Type) rtRow {
		out := make(rtRow, w)
		for i := range out {
			out[i] = vector.NullValue(types[i])
		}
		return out
	}
	var out []rtRow
	rightMatched := make([]bool, len(right))
	for _, l := range left {
		found, sawNull := false, false
		for j, r := range right {
			ok, null := match(l, r)
			if null {
				sawNull = true
			}
			if !ok {
				continue
			}
			found = true
			rightMatched[j] = true
			switch kind {
			case JoinInner, JoinLeft, JoinRight, JoinFull:
				out = append(out, append(append(rtRow{}, l...), r...))
			}
		}
		switch kind {
		case JoinLeft, JoinFull:
			if !found {
				out = append(out, append(append(rtRow{}, l...), nulls(rw, rtGenTypes)...))
			}
		case JoinSemi:
			if found {
				out = append(out, l)
			}
		case JoinAnti:
			if !found {
				out = append(out, l)
			}
		case JoinMark:
			m := vector.BoolValue(found)
			if !found && (sawNull || (markNull != nil && len(right) > 0 && markNull(l))) {
				m = vector.NullValue(vector.Boolean)
			}
			out = append(out, append(append(rtRow{}, l...), m))
		}
	}
	for j, r := range right {
		switch {
		case (kind == JoinRight || kind == JoinFull) && !rightMatched[j]:
			out = append(out, append(nulls(lw, rtGenTypes), r...))
		case kind == JoinRightSemi && rightMatched[j], kind == JoinRightAnti && !rightMatched[j]:
			out = append(out, r)
		}
	}
	return out
}

func rtEqVal(a, b vector.Value) bool {
	if a.Null || b.Null {
		return false
	}
	switch a.Typ.Phys() {
	case vector.PhysInt64:
		return a.I64 == b.I64
	case vector.PhysString:
		return a.Str == b.Str
	}
	return a.String() == b.String()
}

func TestHashJoin(t *testing.T) {
	type keyset struct {
		name string
		cols []int
	}
	keysets := []keyset{{"int", []int{0}}, {"string", []int{1}}, {"int+string", []int{0, 1}}}
	rtForAll(t, func(t *testing.T, size int, nulls bool, threads int) {
		rng := rand.New(rand.NewSource(int64(size)*7 + 1))
		left := rtGenRows(rng, 150, 12, nulls)
		right := rtGenRows(rng, 100, 12, nulls)
		for _, ks := range keysets {
			for _, withResidual := range []bool{false, true} {
				for _, kind := range rtAllKinds {
					for _, emptyRight := range []bool{false, true} {
						r := right
						if emptyRight {
							r = nil
						}
						var lk, rk []Expr
						for _, c := range ks.cols {
							lk = append(lk, rtCol(c, rtGenTypes[c]))
							rk = append(rk, rtCol(c, rtGenTypes[c]))
						}
						n := &HashJoinNode{Left: rtValuesNode(rtGenTypes, left, size), Right: rtValuesNode(rtGenTypes, r, size),
							Kind: kind, LeftKeys: lk, RightKeys: rk}
						if withResidual {
							// left.v < right.v over Left ++ Right columns.
							n.Residual = &rtTestCmp{op: "<", a: rtCol(2, vector.BigInt), b: rtCol(4+2, vector.BigInt)}
						}
						match := func(l, rr rtRow) (bool, bool) {
							for _, c := range ks.cols {
								if !rtEqVal(l[c], rr[c]) {
									return false, false
								}
							}
							if withResidual {
								if l[2].Null || rr[2].Null {
									return false, false
								}
								return l[2].I64 < rr[2].I64, false
							}
							return true, false
						}
						hasNullKey := false
						for _, rr := range r {
							for _, c := range ks.cols {
								if rr[c].Null {
									hasNullKey = true
								}
							}
						}
						markNull := func(l rtRow) bool {
							if hasNullKey {
								return true
							}
							for _, c := range ks.cols {
								if l[c].Null {
									return true
								}
							}
							return false
						}
						want := rtRefJoin(kind, left, r, 4, 4, match, markNull)
						got := rtMustRun(t, n, threads)
						rtSameBag(t, fmt.Sprintf("%s residual=%v kind=%s empty=%v", ks.name, withResidual, joinKindName(kind), emptyRight), got, want)
					}
				}
			}
		}
	})
}

func TestHashJoinManyDuplicates(t *testing.T) {
	// Every probe rtRow matches 3000 build rows: output exceeds chunk sizes.
	types := []vector.Type{vector.BigInt}
	var l, r []rtRow
	for i := 0; i < 5; i++ {
		l = append(l, rtRow{vector.IntValue(int64(i % 2))})
	}
	for i := 0; i < 3000; i++ {
		r = append(r, rtRow{vector.IntValue(int64(i % 2))})
	}
	for _, th := range rtThreadCnts {
		n := &HashJoinNode{Left: rtValuesNode(types, l, 2048), Right: rtValuesNode(types, r, 2048), Kind: JoinInner,
			LeftKeys: []Expr{rtCol(0, vector.BigInt)}, RightKeys: []Expr{rtCol(0, vector.BigInt)}}
		got := rtMustRun(t, n, th)
		if len(got) != 3*1500+2*1500 {
			t.Fatalf("rows = %d", len(got))
		}
	}
}
