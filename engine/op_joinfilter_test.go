package engine

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// TestJoinFilterThroughAggregate joins an aggregation over a scanned table
// with a few build keys: results must match a reference for every kind,
// and for the kinds that drop unmatched probe rows the runtime filter must
// have removed the other groups before the aggregation.
func TestJoinFilterThroughAggregate(t *testing.T) {
	types := []vector.Type{vector.BigInt}
	mt := storage.NewMemTable("fact", []storage.Column{{Name: "k", Type: vector.BigInt}})
	const groups, perGroup = 500, 40
	var aggRows []rtRow
	for g := 0; g < groups; g++ {
		aggRows = append(aggRows, rtRow{vector.IntValue(int64(g)), vector.IntValue(perGroup)})
	}
	for lo := 0; lo < groups*perGroup; lo += vector.MaxLen {
		n := min(vector.MaxLen, groups*perGroup-lo)
		c := vector.NewChunk(types, n)
		for i := 0; i < n; i++ {
			c.Cols[0].I64[i] = int64((lo + i) % groups)
		}
		if err := mt.Append(c); err != nil {
			t.Fatal(err)
		}
	}
	build := []rtRow{{vector.IntValue(3)}, {vector.IntValue(7)}, {vector.IntValue(499)}, {vector.IntValue(1000)},
		{vector.NullValue(vector.BigInt)}}
	cases := []struct {
		kind     JoinKind
		filtered bool // the aggregation sees only matching groups
	}{
		{JoinInner, true}, {JoinRight, true}, {JoinSemi, true}, {JoinRightSemi, true},
		{JoinLeft, false}, {JoinAnti, false}, {JoinRightAnti, false}, {JoinMark, false},
	}
	for _, tc := range cases {
		for _, threads := range []int{1, 2} {
			name := fmt.Sprintf("%s/threads=%d", joinKindName(tc.kind), threads)
			scan := &ScanNode{Table: mt, Spec: storage.ScanSpec{Columns: []int{0}}, Out: types, Label: "fact"}
			agg := &HashAggNode{Input: scan, Groups: []Expr{rtCol(0, vector.BigInt)},
				Aggs: []AggExpr{{Name: "count_star", Typ: vector.BigInt}}}
			n := &HashJoinNode{Left: agg, Right: rtValuesNode(types, build, 2), Kind: tc.kind,
				LeftKeys: []Expr{rtCol(0, vector.BigInt)}, RightKeys: []Expr{rtCol(0, vector.BigInt)}}
			match := func(l, r rtRow) (bool, bool) { return rtEqVal(l[0], r[0]), false }
			want := rtRefJoin(tc.kind, aggRows, build, 2, 1, match, func(rtRow) bool { return true })
			res, err := Run(context.Background(), n, Options{Threads: threads})
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			var got []rtRow
			for {
				c, err := res.Next()
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if c == nil {
					break
				}
				for i := 0; i < c.Len; i++ {
					r := make(rtRow, len(c.Cols))
					for j, v := range c.Cols {
						r[j] = v.Get(i)
					}
					got = append(got, r)
				}
			}
			res.Close()
			rtSameBag(t, name, got, want)
			var aggOut int64 = -1
			for _, op := range res.Stats().Ops {
				if op.Node == Node(agg) {
					aggOut = op.Rows
				}
			}
			if tc.filtered && (aggOut < 3 || aggOut > 10) {
				t.Errorf("%s: aggregation produced %d groups, want about 3 after the runtime filter", name, aggOut)
			}
			if !tc.filtered && aggOut != groups {
				t.Errorf("%s: aggregation produced %d groups, want all %d (no filter allowed)", name, aggOut, groups)
			}
		}
	}
}

// specTable is a storage.Table that records the ScanSpec of its scans.
type specTable struct {
	storage.Table
	specs []storage.ScanSpec
}

func (t *specTable) Scan(ctx context.Context, spec storage.ScanSpec) (storage.Scanner, error) {
	t.specs = append(t.specs, spec)
	return t.Table.Scan(ctx, spec)
}

// TestJoinFilterToScan joins a scan directly with a few build keys: the
// scan must receive the join's key set and the range of its keys as
// hints, the key set must keep every build key and drop NULLs, and the
// join's result must not change.
func TestJoinFilterToScan(t *testing.T) {
	types := []vector.Type{vector.BigInt, vector.Varchar}
	mt := storage.NewMemTable("fact", []storage.Column{{Name: "v", Type: vector.Varchar}, {Name: "k", Type: vector.BigInt}})
	const rows = 20000
	c := vector.NewChunk([]vector.Type{vector.Varchar, vector.BigInt}, vector.MaxLen)
	for lo := 0; lo < rows; lo += vector.MaxLen {
		n := min(vector.MaxLen, rows-lo)
		c.Len = n
		for i := range n {
			c.Cols[0].Str[i] = fmt.Sprint("v", lo+i)
			c.Cols[1].I64[i] = int64(lo + i)
		}
		if err := mt.Append(c); err != nil {
			t.Fatal(err)
		}
	}
	tbl := &specTable{Table: mt}
	build := []rtRow{{vector.IntValue(3)}, {vector.IntValue(7)}, {vector.IntValue(499)}, {vector.IntValue(19999)},
		{vector.IntValue(25000)}, {vector.NullValue(vector.BigInt)}}
	scan := &ScanNode{Table: tbl, Spec: storage.ScanSpec{Columns: []int{1, 0}}, Out: types, Label: "fact"}
	n := &HashJoinNode{Left: scan, Right: rtValuesNode([]vector.Type{vector.BigInt}, build, 2), Kind: JoinInner,
		LeftKeys: []Expr{rtCol(0, vector.BigInt)}, RightKeys: []Expr{rtCol(0, vector.BigInt)}}
	res, err := Run(context.Background(), n, Options{Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	got := 0
	for {
		c, err := res.Next()
		if err != nil {
			t.Fatal(err)
		}
		if c == nil {
			break
		}
		for i := range c.Len {
			if k := c.Cols[0].I64[i]; c.Cols[1].Str[i] != fmt.Sprint("v", k) || c.Cols[2].I64[i] != k {
				t.Fatalf("row %d: %v %q %v", i, k, c.Cols[1].Str[i], c.Cols[2].I64[i])
			}
			got++
		}
	}
	if got != 4 {
		t.Fatalf("%d joined rows, want 4", got)
	}
	if ex := Explain(n); !strings.Contains(ex, "SEQ_SCAN fact columns: [k, v] join filters: [k = #0]") {
		t.Errorf("EXPLAIN does not show the join filter:\n%s", ex)
	}
	if len(tbl.specs) != 1 {
		t.Fatalf("%d scans", len(tbl.specs))
	}
	spec := tbl.specs[0]
	if len(spec.Keys) != 1 || spec.Keys[0].Col != 1 {
		t.Fatalf("scan got key filters %+v, want one on column 1", spec.Keys)
	}
	var lo, hi *storage.Filter
	for i := range spec.Filters {
		f := &spec.Filters[i]
		switch {
		case f.Col == 1 && f.Op == storage.OpGe:
			lo = f
		case f.Col == 1 && f.Op == storage.OpLe:
			hi = f
		}
	}
	if lo == nil || hi == nil || lo.Value.I64 != 3 || hi.Value.I64 != 25000 || !lo.PruneOnly || !hi.PruneOnly {
		t.Fatalf("range filters %+v, want k >= 3 and k <= 25000 for pruning only", spec.Filters)
	}
	// The key set keeps every build key, drops NULL, and drops most others.
	v := vector.New(vector.BigInt, 1000)
	for i := range v.I64 {
		v.I64[i] = int64(i)
	}
	v.Valid = vector.NewValidity(1000)
	v.Valid.SetInvalid(7)
	sel := spec.Keys[0].Set.Select(v, 1000, nil, make([]uint32, 1000))
	kept := map[uint32]bool{}
	for _, i := range sel {
		kept[i] = true
	}
	if !kept[3] || !kept[499] || kept[7] {
		t.Fatalf("key set kept %v: want 3 and 499, not the NULL row 7", sel)
	}
	if len(sel) > 20 {
		t.Errorf("key set kept %d of 1000 rows for 5 keys", len(sel))
	}
	// With a selection, only selected rows are considered.
	if sel := spec.Keys[0].Set.Select(v, 1000, []uint32{2, 3, 4}, make([]uint32, 3)); len(sel) != 1 || sel[0] != 3 {
		t.Fatalf("Select over [2 3 4] = %v, want [3]", sel)
	}
}

// TestJoinFilterOneKey joins on two keys of which only the first comes
// from the scan unchanged: the scan must get a filter on that key alone,
// built from the first build key column, and the join must still match
// on both keys.
func TestJoinFilterOneKey(t *testing.T) {
	mt := storage.NewMemTable("fact", []storage.Column{{Name: "k", Type: vector.BigInt}})
	c := vector.NewChunk([]vector.Type{vector.BigInt}, 1000)
	for i := range c.Cols[0].I64 {
		c.Cols[0].I64[i] = int64(i)
	}
	if err := mt.Append(c); err != nil {
		t.Fatal(err)
	}
	tbl := &specTable{Table: mt}
	types := []vector.Type{vector.BigInt, vector.BigInt}
	build := []rtRow{{vector.IntValue(5), vector.IntValue(1)}, {vector.IntValue(9), vector.IntValue(2)}, {vector.IntValue(700), vector.IntValue(1)}}
	scan := &ScanNode{Table: tbl, Spec: storage.ScanSpec{Columns: []int{0}}, Out: types[:1], Label: "fact"}
	one := &Const{Val: vector.IntValue(1)}
	n := &HashJoinNode{Left: scan, Right: rtValuesNode(types, build, 2), Kind: JoinInner,
		LeftKeys: []Expr{rtCol(0, vector.BigInt), one}, RightKeys: []Expr{rtCol(0, vector.BigInt), rtCol(1, vector.BigInt)}}
	res, err := Run(context.Background(), n, Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	var got []int64
	for {
		c, err := res.Next()
		if err != nil {
			t.Fatal(err)
		}
		if c == nil {
			break
		}
		for i := range c.Len {
			got = append(got, c.Cols[0].I64[i])
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, []int64{5, 700}) {
		t.Fatalf("joined keys %v, want [5 700]", got)
	}
	if len(tbl.specs) != 1 || len(tbl.specs[0].Keys) != 1 || tbl.specs[0].Keys[0].Col != 0 {
		t.Fatalf("scan specs %+v, want one key filter on column 0", tbl.specs)
	}
	v := vector.New(vector.BigInt, 1000)
	copy(v.I64, c.Cols[0].I64)
	sel := tbl.specs[0].Keys[0].Set.Select(v, 1000, nil, make([]uint32, 1000))
	if !slices.Contains(sel, 5) || !slices.Contains(sel, 9) || !slices.Contains(sel, 700) || len(sel) > 20 {
		t.Fatalf("key set kept %v, want 5, 9, 700 and few others", sel)
	}
}
