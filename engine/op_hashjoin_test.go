package engine

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/lhsql/lhsql/vector"
)

var allKinds = []JoinKind{JoinInner, JoinLeft, JoinRight, JoinFull, JoinSemi, JoinAnti, JoinMark}

// refJoin is a nested-loop reference. match returns (true, false) for a
// matching pair, (false, true) when the condition is NULL.
func refJoin(kind JoinKind, left, right []row, lw, rw int, match func(l, r row) (bool, bool), markNull func(l row) bool) []row {
	nulls := func(w int, types []vector.Type) row {
		out := make(row, w)
		for i := range out {
			out[i] = vector.NullValue(types[i])
		}
		return out
	}
	var out []row
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
				out = append(out, append(append(row{}, l...), r...))
			}
		}
		switch kind {
		case JoinLeft, JoinFull:
			if !found {
				out = append(out, append(append(row{}, l...), nulls(rw, genTypes)...))
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
			out = append(out, append(append(row{}, l...), m))
		}
	}
	if kind == JoinRight || kind == JoinFull {
		for j, r := range right {
			if !rightMatched[j] {
				out = append(out, append(nulls(lw, genTypes), r...))
			}
		}
	}
	return out
}

func eqVal(a, b vector.Value) bool {
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
	forAll(t, func(t *testing.T, size int, nulls bool, threads int) {
		rng := rand.New(rand.NewSource(int64(size)*7 + 1))
		left := genRows(rng, 150, 12, nulls)
		right := genRows(rng, 100, 12, nulls)
		for _, ks := range keysets {
			for _, withResidual := range []bool{false, true} {
				for _, kind := range allKinds {
					for _, emptyRight := range []bool{false, true} {
						r := right
						if emptyRight {
							r = nil
						}
						var lk, rk []Expr
						for _, c := range ks.cols {
							lk = append(lk, col(c, genTypes[c]))
							rk = append(rk, col(c, genTypes[c]))
						}
						n := &HashJoinNode{Left: valuesNode(genTypes, left, size), Right: valuesNode(genTypes, r, size),
							Kind: kind, LeftKeys: lk, RightKeys: rk}
						if withResidual {
							// left.v < right.v over Left ++ Right columns.
							n.Residual = &testCmp{op: "<", a: col(2, vector.BigInt), b: col(4+2, vector.BigInt)}
						}
						match := func(l, rr row) (bool, bool) {
							for _, c := range ks.cols {
								if !eqVal(l[c], rr[c]) {
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
						markNull := func(l row) bool {
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
						want := refJoin(kind, left, r, 4, 4, match, markNull)
						got := mustRun(t, n, threads)
						sameBag(t, fmt.Sprintf("%s residual=%v kind=%s empty=%v", ks.name, withResidual, joinKindName(kind), emptyRight), got, want)
					}
				}
			}
		}
	})
}

func TestHashJoinManyDuplicates(t *testing.T) {
	// Every probe row matches 3000 build rows: output exceeds chunk sizes.
	types := []vector.Type{vector.BigInt}
	var l, r []row
	for i := 0; i < 5; i++ {
		l = append(l, row{vector.IntValue(int64(i % 2))})
	}
	for i := 0; i < 3000; i++ {
		r = append(r, row{vector.IntValue(int64(i % 2))})
	}
	for _, th := range threadCnts {
		n := &HashJoinNode{Left: valuesNode(types, l, 2048), Right: valuesNode(types, r, 2048), Kind: JoinInner,
			LeftKeys: []Expr{col(0, vector.BigInt)}, RightKeys: []Expr{col(0, vector.BigInt)}}
		got := mustRun(t, n, th)
		if len(got) != 3*1500+2*1500 {
			t.Fatalf("rows = %d", len(got))
		}
	}
}

func TestNestedLoopJoin(t *testing.T) {
	forAll(t, func(t *testing.T, size int, nulls bool, threads int) {
		rng := rand.New(rand.NewSource(int64(size)*11 + 3))
		left := genRows(rng, 60, 8, nulls)
		right := genRows(rng, 50, 8, nulls)
		for _, kind := range allKinds {
			for _, cross := range []bool{false, true} {
				for _, emptyRight := range []bool{false, true} {
					r := right
					if emptyRight {
						r = nil
					}
					n := &NestedLoopJoinNode{Left: valuesNode(genTypes, left, size), Right: valuesNode(genTypes, r, size), Kind: kind}
					var match func(l, rr row) (bool, bool)
					if cross {
						match = func(l, rr row) (bool, bool) { return true, false }
					} else {
						// left.k < right.k (non-equi; NULL when either is NULL)
						n.Cond = &testCmp{op: "<", a: col(0, vector.BigInt), b: col(4, vector.BigInt)}
						match = func(l, rr row) (bool, bool) {
							if l[0].Null || rr[0].Null {
								return false, true
							}
							return l[0].I64 < rr[0].I64, false
						}
					}
					want := refJoin(kind, left, r, 4, 4, match, nil)
					got := mustRun(t, n, threads)
					sameBag(t, fmt.Sprintf("kind=%s cross=%v empty=%v", joinKindName(kind), cross, emptyRight), got, want)
				}
			}
		}
	})
}
