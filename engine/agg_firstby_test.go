package engine

import (
	"fmt"
	"math/rand"
	"reflect"
	"testing"

	"github.com/lhsql/lhsql/vector"
)

// TestFirstByState compares first/last with one ORDER BY key against the
// buffering orderedAggState (the reference) over random rows with NULL
// keys and values, many ties, both directions and NULL orders, BIGINT and
// VARCHAR keys; with one state, and split over states merged together
// (keys unique and not NULL then, since rows of different states have no
// order between them).
func TestFirstByState(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	const groups, rows = 37, 3000
	for _, name := range []string{"first", "last", "arbitrary"} {
		for _, kt := range []vector.Type{vector.BigInt, vector.Varchar} {
			for _, o := range []AggOrder{{}, {Desc: true}, {NullsFirst: true}, {Desc: true, NullsFirst: true}} {
				for _, split := range []int{1, 3} {
					label := fmt.Sprintf("%s/%s/%+v/states=%d", name, kt, o, split)
					a := &AggExpr{Name: name, Args: []Expr{rtCol(0, vector.BigInt), rtCol(1, kt)}, Order: []AggOrder{o}, Typ: vector.BigInt}
					fast := newFirstByState(a)
					if fast == nil {
						t.Fatalf("%s: no fast state", label)
					}
					x := vector.New(vector.BigInt, rows)
					k := vector.New(kt, rows)
					x.Valid, k.Valid = vector.NewValidity(rows), vector.NewValidity(rows)
					gids := make([]uint32, rows)
					for i := range rows {
						x.I64[i] = int64(i)
						if rng.Intn(9) == 0 {
							x.Valid.SetInvalid(i)
						}
						kv := int64(rng.Intn(40))
						if split > 1 {
							kv = int64(i) * 7 % rows // unique keys
						}
						if kt == vector.BigInt {
							k.I64[i] = kv
						} else {
							k.Str[i] = fmt.Sprintf("k%05d", kv)
						}
						if split == 1 && rng.Intn(12) == 0 {
							k.Valid.SetInvalid(i) // NULL keys tie: only within one state
						}
						gids[i] = uint32(rng.Intn(groups))
					}
					ref, err := newOrderedAggState(a)
					if err != nil {
						t.Fatal(err)
					}
					ref.grow(groups)
					if err := ref.update([]*vector.Vector{x, k}, gids, rows); err != nil {
						t.Fatal(err)
					}
					// The fast state gets the rows in split consecutive parts,
					// each in its own state, merged into the first.
					parts := make([]aggState, split)
					per := rows / split
					for p := range parts {
						parts[p] = newFirstByState(a)
						parts[p].grow(groups)
						lo, hi := p*per, (p+1)*per
						if p == split-1 {
							hi = rows
						}
						sel := make([]uint32, hi-lo)
						for i := range sel {
							sel[i] = uint32(lo + i)
						}
						if err := parts[p].update([]*vector.Vector{x.Gather(sel), k.Gather(sel)}, gids[lo:hi], hi-lo); err != nil {
							t.Fatal(err)
						}
					}
					all := make([]uint32, groups)
					for g := range all {
						all[g] = uint32(g)
					}
					for p := 1; p < split; p++ {
						if err := parts[0].merge(parts[p], all, all); err != nil {
							t.Fatal(err)
						}
					}
					got, want := vector.New(vector.BigInt, groups), vector.New(vector.BigInt, groups)
					if err := parts[0].final(got, 0, groups); err != nil {
						t.Fatal(err)
					}
					if err := ref.final(want, 0, groups); err != nil {
						t.Fatal(err)
					}
					for g := range groups {
						if gv, wv := got.Get(g), want.Get(g); !reflect.DeepEqual(gv, wv) {
							t.Fatalf("%s group %d: got %v, want %v", label, g, gv, wv)
						}
					}
				}
			}
		}
	}
}
