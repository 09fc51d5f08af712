package engine

import (
	"context"
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// TestTopNFilter runs ORDER BY k [DESC] [NULLS FIRST], v LIMIT n OFFSET o
// over a scan of keys with many ties and NULLs: the rows must equal those
// of a full sort, the scan must receive the filter as a DynamicKeySet,
// and its bound must have tightened.
func TestTopNFilter(t *testing.T) {
	types := []vector.Type{vector.BigInt, vector.BigInt}
	mt := storage.NewMemTable("t", []storage.Column{{Name: "k", Type: vector.BigInt}, {Name: "v", Type: vector.BigInt}})
	rng := rand.New(rand.NewSource(5))
	const rows = 30000
	type row struct {
		k    int64
		null bool
		v    int64
	}
	var all []row
	c := vector.NewChunk(types, vector.MaxLen)
	for lo := 0; lo < rows; lo += vector.MaxLen {
		n := min(vector.MaxLen, rows-lo)
		c.Len = n
		c.Cols[0].Valid = vector.NewValidity(n)
		for i := range n {
			r := row{k: int64(rng.Intn(500)) - 250, v: int64(lo + i)}
			if rng.Intn(50) == 0 {
				r.null = true
				c.Cols[0].Valid.SetInvalid(i)
			}
			c.Cols[0].I64[i], c.Cols[1].I64[i] = r.k, r.v
			all = append(all, r)
		}
		if err := mt.Append(c); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		desc, nullsFirst bool
		limit, offset    int64
	}{
		{false, false, 10, 0}, {true, false, 10, 0}, {false, true, 7, 0}, {true, true, 25, 3},
		{false, false, 1, 0}, {false, false, 500, 100},
	} {
		for _, threads := range []int{1, 2} {
			name := fmt.Sprintf("desc=%v/nullsfirst=%v/limit=%d/offset=%d/threads=%d", tc.desc, tc.nullsFirst, tc.limit, tc.offset, threads)
			tbl := &specTable{Table: mt}
			scan := &ScanNode{Table: tbl, Spec: storage.ScanSpec{Columns: []int{0, 1}}, Out: types, Label: "t"}
			n := &SortNode{Input: scan, Keys: []SortKey{{Expr: rtCol(0, vector.BigInt), Desc: tc.desc, NullsFirst: tc.nullsFirst},
				{Expr: rtCol(1, vector.BigInt)}}, Limit: tc.limit, Offset: tc.offset}
			if ex := Explain(n); !strings.Contains(ex, "SEQ_SCAN t columns: [k, v] top-n bound: [k]") {
				t.Errorf("%s: EXPLAIN does not show the bound:\n%s", name, ex)
			}
			res, err := Run(context.Background(), n, Options{Threads: threads})
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for {
				ch, err := res.Next()
				if err != nil {
					t.Fatal(err)
				}
				if ch == nil {
					break
				}
				for i := range ch.Len {
					got = append(got, ch.Cols[1].I64[i])
				}
			}
			ref := slices.Clone(all)
			slices.SortStableFunc(ref, func(a, b row) int {
				switch {
				case a.null && b.null:
				case a.null != b.null:
					if a.null == tc.nullsFirst {
						return -1
					}
					return 1
				case a.k != b.k:
					if (a.k < b.k) != tc.desc {
						return -1
					}
					return 1
				}
				return int(a.v - b.v)
			})
			var want []int64
			for _, r := range ref[tc.offset : tc.offset+tc.limit] {
				want = append(want, r.v)
			}
			if !slices.Equal(got, want) {
				t.Fatalf("%s: got %v, want %v", name, got, want)
			}
			if len(tbl.specs) != 1 || len(tbl.specs[0].Keys) != 1 {
				t.Fatalf("%s: scan specs %+v, want one key filter", name, tbl.specs)
			}
			d, ok := tbl.specs[0].Keys[0].Set.(storage.DynamicKeySet)
			if !ok {
				t.Fatalf("%s: key filter %T is not a DynamicKeySet", name, tbl.specs[0].Keys[0].Set)
			}
			if !tc.nullsFirst && len(d.Bounds()) != 1 {
				t.Errorf("%s: no bound after the query", name)
			}
		}
	}
}
