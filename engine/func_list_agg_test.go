package engine

import (
	"fmt"
	"math/rand"
	"reflect"
	"testing"

	"github.com/lhsql/lhsql/vector"
)

// aggregateValues runs aggregate agg over xs (of element type et) and
// returns its result of type rt: the reference, one list at a time, for
// listAggKernel.
func aggregateValues(agg string, et, rt vector.Type, xs []vector.Value) (vector.Value, error) {
	in := vector.NewFromValues(et, xs)
	a := &AggExpr{Name: agg, Args: []Expr{&ColRef{Idx: 0, Typ: et}}, Typ: rt}
	st, err := newAggState(a)
	if err != nil {
		return vector.Value{}, err
	}
	st.grow(1)
	if len(xs) > 0 {
		if err := st.update([]*vector.Vector{in}, make([]uint32, len(xs)), len(xs)); err != nil {
			return vector.Value{}, err
		}
	}
	out := vector.New(rt, 1)
	if err := st.final(out, 0, 1); err != nil {
		return vector.Value{}, err
	}
	return out.Get(0), nil
}

// TestListAggKernel compares the vectorized list aggregates with the
// aggregate run on each list alone, over NULL and empty lists, NULL
// elements, lists whose elements are out of order in the child vector,
// and a constant list.
func TestListAggKernel(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	ran := 0
	for _, et := range []vector.Type{vector.BigInt, vector.Double, vector.Varchar} {
		for _, agg := range []string{"sum", "min", "max", "avg", "count", "bool_or"} {
			rt, err := AggResultType(agg, []vector.Type{et}, false)
			if err != nil {
				continue // e.g. sum of VARCHAR
			}
			k, err := listAggKernel(agg, et, rt)
			if err != nil {
				continue
			}
			for _, shuffled := range []bool{false, true} {
				ran++
				name := fmt.Sprintf("%s(%s)/shuffled=%v", agg, et, shuffled)
				n := 300
				lists := make([][]vector.Value, n)
				nulls := make([]bool, n)
				var elems []vector.Value
				for i := range lists {
					if rng.Intn(10) == 0 {
						nulls[i] = true
						continue
					}
					for range rng.Intn(6) {
						x := vector.NullValue(et)
						if rng.Intn(8) != 0 {
							switch et {
							case vector.BigInt:
								x = vector.IntValue(int64(rng.Intn(2000) - 1000))
							case vector.Double:
								x = vector.DoubleValue(rng.Float64()*100 - 50)
							default:
								x = vector.StringValue(fmt.Sprint("s", rng.Intn(50)))
							}
						}
						lists[i] = append(lists[i], x)
					}
				}
				lv := vector.New(vector.ListOf(et), n)
				order := rng.Perm(n)
				if !shuffled {
					for i := range order {
						order[i] = i
					}
				}
				for _, i := range order { // elements of list i placed in this order
					if nulls[i] {
						lv.SetNull(i, n)
						continue
					}
					lv.List[i] = vector.ListEntry{Off: uint32(len(elems)), Len: uint32(len(lists[i]))}
					elems = append(elems, lists[i]...)
				}
				lv.Child = vector.NewFromValues(et, elems)
				out, err := k(nil, []*vector.Vector{lv}, n)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				for i := range n {
					want := vector.NullValue(rt)
					if !nulls[i] {
						if want, err = aggregateValues(agg, et, rt, lists[i]); err != nil {
							t.Fatal(err)
						}
					}
					if got := out.Get(i); !reflect.DeepEqual(got, want) {
						t.Fatalf("%s row %d %v: got %v, want %v", name, i, lists[i], got, want)
					}
				}
				// A constant list: one row.
				c := lv.Gather([]uint32{uint32(order[0])})
				c.Const = true
				out, err = k(nil, []*vector.Vector{c}, 1)
				if err != nil {
					t.Fatal(err)
				}
				want := vector.NullValue(rt)
				if !nulls[order[0]] {
					want, _ = aggregateValues(agg, et, rt, lists[order[0]])
				}
				if got := out.Get(0); !reflect.DeepEqual(got, want) {
					t.Fatalf("%s const: got %v, want %v", name, got, want)
				}
			}
		}
	}
	if ran < 20 {
		t.Fatalf("only %d aggregate/type cases ran", ran)
	}
}
