package engine

import (
	"context"
	"math"
	"math/rand"
	"slices"
	"testing"

	"github.com/lhsql/lhsql/vector"
)

func TestGroupRunsBuild(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	random := func(n, groups int) []uint32 {
		g := make([]uint32, n)
		for i := range g {
			g[i] = uint32(rng.Intn(groups))
		}
		return g
	}
	cases := []struct {
		name   string
		gids   []uint32
		groups int
		want   bool
	}{
		{"one group", make([]uint32, 2048), 1, true},
		{"one group of many", slices.Repeat([]uint32{5}, 100), 10, true},
		{"four groups", random(2048, 4), 4, true},
		{"few rows per group", random(2048, 1000), 1000, false},
		{"too many groups", random(2048, 2), runsMaxGroups + 1, false},
		{"empty", nil, 3, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var r groupRuns
			if got := r.build(c.gids, c.groups, nil, len(c.gids)); got != c.want {
				t.Fatalf("build = %v, want %v", got, c.want)
			}
			if !c.want {
				return
			}
			seen := make([]int, len(c.gids))
			for j, g := range r.ids {
				sel := r.sel(j)
				if sel == nil {
					sel = seqRows(len(c.gids))
				}
				if len(sel) != r.size(j) && !r.all {
					t.Fatalf("run %d: %d rows, size %d", j, len(sel), r.size(j))
				}
				for k, row := range sel {
					if c.gids[row] != g {
						t.Fatalf("row %d in run of group %d has group %d", row, g, c.gids[row])
					}
					if k > 0 && sel[k-1] >= row {
						t.Fatalf("run %d not ascending at %d", j, k)
					}
					seen[row]++
				}
			}
			for i, s := range seen {
				if s != 1 {
					t.Fatalf("row %d in %d runs", i, s)
				}
			}
		})
	}
}

// TestUpdateRunsMatchesUpdate checks that the partitioned update of each
// aggregate state gives the results of the row-at-a-time update.
func TestUpdateRunsMatchesUpdate(t *testing.T) {
	const n = 2048
	rng := rand.New(rand.NewSource(11))
	makeVec := func(typ vector.Type, nulls bool, gen func(i int) int64) *vector.Vector {
		v := vector.New(typ, n)
		for i := 0; i < n; i++ {
			switch typ.Phys() {
			case vector.PhysInt64:
				v.I64[i] = gen(i)
			case vector.PhysFloat64:
				v.F64[i] = float64(gen(i)) / 8
			case vector.PhysBool:
				v.Bool[i] = gen(i)%2 == 0
			}
			if nulls && rng.Intn(3) == 0 {
				v.SetNull(i, n)
			}
		}
		return v
	}
	small := func(int) int64 { return rng.Int63n(2000) - 1000 }
	huge := func(int) int64 { return math.MaxInt64 - rng.Int63n(10) }
	dec := vector.Decimal(15, 2)
	cases := []struct {
		name string
		agg  AggExpr
		arg  *vector.Vector
	}{
		{"count_star", AggExpr{Name: "count_star", Typ: vector.BigInt}, nil},
		{"count nulls", AggExpr{Name: "count", Args: []Expr{rtCol(0, vector.BigInt)}, Typ: vector.BigInt}, makeVec(vector.BigInt, true, small)},
		{"sum", AggExpr{Name: "sum", Args: []Expr{rtCol(0, vector.BigInt)}, Typ: vector.HugeInt}, makeVec(vector.BigInt, false, small)},
		{"sum nulls", AggExpr{Name: "sum", Args: []Expr{rtCol(0, dec)}, Typ: vector.Decimal(38, 2)}, makeVec(dec, true, small)},
		{"sum beyond int64", AggExpr{Name: "avg", Args: []Expr{rtCol(0, vector.BigInt)}, Typ: vector.Double}, makeVec(vector.BigInt, false, huge)},
		{"sum bool", AggExpr{Name: "sum", Args: []Expr{rtCol(0, vector.Boolean)}, Typ: vector.HugeInt}, makeVec(vector.Boolean, true, small)},
		{"avg double", AggExpr{Name: "avg", Args: []Expr{rtCol(0, vector.Double)}, Typ: vector.Double}, makeVec(vector.Double, true, small)},
		{"min", AggExpr{Name: "min", Args: []Expr{rtCol(0, vector.BigInt)}, Typ: vector.BigInt}, makeVec(vector.BigInt, true, small)},
		{"max", AggExpr{Name: "max", Args: []Expr{rtCol(0, vector.BigInt)}, Typ: vector.BigInt}, makeVec(vector.BigInt, false, small)},
		{"max double", AggExpr{Name: "max", Args: []Expr{rtCol(0, vector.Double)}, Typ: vector.Double}, makeVec(vector.Double, true, small)},
	}
	gidSets := map[string]func(i int) uint32{
		"single": func(int) uint32 { return 2 },
		"mixed":  func(int) uint32 { return uint32(rng.Intn(4)) },
	}
	for _, c := range cases {
		for gname, gen := range gidSets {
			t.Run(c.name+"/"+gname, func(t *testing.T) {
				gids := make([]uint32, n)
				for i := range gids {
					gids[i] = gen(i)
				}
				var args []*vector.Vector
				if c.arg != nil {
					args = []*vector.Vector{c.arg}
				}
				want, err := newAggState(&c.agg)
				if err != nil {
					t.Fatal(err)
				}
				got, _ := newAggState(&c.agg)
				want.grow(4)
				got.grow(4)
				u, ok := got.(runUpdater)
				if !ok {
					t.Fatalf("%T has no updateRuns", got)
				}
				var r groupRuns
				if !r.build(gids, 4, nil, n) {
					t.Fatal("build refused a chunk of 4 groups")
				}
				// Twice, so that runs add to existing state.
				for range 2 {
					if err := want.update(args, gids, n); err != nil {
						t.Fatal(err)
					}
					if err := u.updateRuns(args, &r, gids); err != nil {
						t.Fatal(err)
					}
				}
				wv, gv := vector.New(c.agg.Typ, 4), vector.New(c.agg.Typ, 4)
				werr, gerr := want.final(wv, 0, 4), got.final(gv, 0, 4)
				if (werr != nil) != (gerr != nil) {
					t.Fatalf("final errors differ: %v vs %v", werr, gerr)
				}
				for g := 0; g < 4; g++ {
					w, x := wv.Get(g), gv.Get(g)
					if w.Typ.Phys() == vector.PhysFloat64 && !w.Null && !x.Null {
						if math.Abs(w.F64-x.F64) > 1e-9*math.Max(1, math.Abs(w.F64)) {
							t.Errorf("group %d: runs %v, rows %v", g, x, w)
						}
						continue
					}
					if w.String() != x.String() || w.Null != x.Null {
						t.Errorf("group %d: runs %v, rows %v", g, x, w)
					}
				}
			})
		}
	}
}

func TestShareSubexprs(t *testing.T) {
	dec := vector.Decimal(15, 2)
	bind := func(name string, args ...Expr) Expr {
		e, err := BindFunc(name, args)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	one := &Const{Val: vInt(1)}
	price, disc, tax := rtCol(0, dec), rtCol(1, dec), rtCol(2, dec)
	disc2 := rtCol(1, dec)
	disc2.Name = "other name, same column"
	discPrice := bind("*", price, bind("-", one, disc))
	charge := bind("*", bind("*", price, bind("-", one, disc2)), bind("+", one, tax))
	rnd1, rnd2 := bind("random"), bind("random")

	cases := []struct {
		name  string
		lists [][]Expr
		slots int
	}{
		{"q1 sums", [][]Expr{{price}, {discPrice}, {charge}}, 1},
		{"nothing repeated", [][]Expr{{price, disc}, {bind("+", one, tax)}}, 0},
		{"different constants", [][]Expr{{bind("+", one, tax)}, {bind("+", &Const{Val: vInt(2)}, tax)}}, 0},
		{"volatile", [][]Expr{{rnd1}, {rnd2}}, 0},
		{"nil entries", [][]Expr{{nil, discPrice}, {discPrice, nil}}, 1},
	}
	c := &vector.Chunk{Len: 3, Cols: []*vector.Vector{vector.New(dec, 3), vector.New(dec, 3), vector.New(dec, 3)}}
	for i := range 3 {
		c.Cols[0].I64[i] = int64(1000 * (i + 1))
		c.Cols[1].I64[i] = int64(5 * i)
		c.Cols[2].I64[i] = int64(3 * i)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, slots := shareSubexprs(tc.lists...)
			if slots != tc.slots {
				t.Fatalf("slots = %d, want %d", slots, tc.slots)
			}
			if tc.name == "volatile" {
				return
			}
			ec := &ExecCtx{Ctx: context.Background()}
			for i, l := range tc.lists {
				for j, e := range l {
					if e == nil {
						if out[i][j] != nil {
							t.Fatalf("nil entry became %v", out[i][j])
						}
						continue
					}
					want, err := evalRows(e, c)
					if err != nil {
						t.Fatal(err)
					}
					got, err := evalRows(out[i][j], c)
					if err != nil {
						t.Fatal(err)
					}
					if !slices.Equal(want, got) {
						t.Errorf("%s: shared %v, plain %v", e, got, want)
					}
					if _, err := out[i][j].Eval(ec, c); err != nil {
						t.Fatal(err)
					}
				}
			}
		})
	}
}

// TestScratchScope checks that vectors from a scratch scope are reused
// once the scope ends and that nested scopes do not share vectors.
func TestScratchScope(t *testing.T) {
	ec := &ExecCtx{Ctx: context.Background()}
	if v := ec.newVec(vector.BigInt, 4); ec.scratch.used != 0 || len(v.I64) != 4 || v.I64[3] != 0 {
		t.Fatal("newVec outside a scope must allocate a zeroed vector")
	}
	m := ec.beginScratch()
	a := ec.newVec(vector.BigInt, 8)
	a.I64[0] = 42
	inner := ec.beginScratch()
	b := ec.newVec(vector.BigInt, 8)
	if &a.I64[0] == &b.I64[0] {
		t.Fatal("nested scope reused a live vector")
	}
	ec.endScratch(inner)
	c := ec.newVec(vector.Double, 8)
	if a.I64[0] != 42 || len(c.F64) != 8 {
		t.Fatal("live vector clobbered")
	}
	ec.endScratch(m)
	m = ec.beginScratch()
	d := ec.newVec(vector.BigInt, 16)
	if &d.I64[0] != &a.I64[0] || len(d.I64) != 16 || d.Valid != nil {
		t.Fatal("first vector of a new scope should reuse the arena's first buffer")
	}
	if v := ec.newVec(vector.BigInt, vector.MaxLen+1); len(v.I64) != vector.MaxLen+1 {
		t.Fatal("oversized request")
	}
	ec.endScratch(m)
	if ec.depth != 0 || ec.scratch.used != 0 {
		t.Fatalf("depth %d used %d after closing all scopes", ec.depth, ec.scratch.used)
	}
}

// TestPackedKeys checks that the packed-key cache assigns one group per
// distinct key tuple (NULL equal to NULL) across chunks whose key ranges
// force relayouts, and that it turns off for keys that do not pack.
func TestPackedKeys(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	strs := []string{"", "A", "N", "R", "F", "O", "\x00", "\x00\x00", "MAIL", "REG AIR", "TRUCK"}
	type colGen func(chunk, i int) (vector.Value, bool) // value, null
	intGen := func(spread int64) colGen {
		return func(chunk, i int) (vector.Value, bool) {
			x := rng.Int63n(4) * spread * int64(chunk+1)
			if rng.Intn(2) == 0 {
				x = -x
			}
			return vector.IntValue(x), rng.Intn(10) == 0
		}
	}
	// Strings of up to 2 bytes, then (longGen) up to 7.
	strGen := func(chunk, i int) (vector.Value, bool) {
		return vector.StringValue(strs[rng.Intn(min(8, 3+chunk))]), rng.Intn(10) == 0
	}
	longGen := func(chunk, i int) (vector.Value, bool) {
		return vector.StringValue(strs[rng.Intn(min(len(strs), 3+chunk*2))]), rng.Intn(10) == 0
	}
	boolGen := func(chunk, i int) (vector.Value, bool) {
		return vector.BoolValue(rng.Intn(2) == 0), rng.Intn(5) == 0
	}
	cases := []struct {
		name   string
		types  []vector.Type
		gens   []colGen
		cached bool // the cache stays on
	}{
		{"two short strings", []vector.Type{vector.Varchar, vector.Varchar}, []colGen{strGen, strGen}, true},
		{"int and string", []vector.Type{vector.BigInt, vector.Varchar}, []colGen{intGen(1000), strGen}, true},
		{"one string up to 7 bytes", []vector.Type{vector.Varchar}, []colGen{longGen}, true},
		{"bool and int", []vector.Type{vector.Boolean, vector.Integer}, []colGen{boolGen, intGen(1)}, true},
		{"ints too wide", []vector.Type{vector.BigInt, vector.BigInt}, []colGen{intGen(1 << 40), intGen(1 << 40)}, false},
		{"long strings", []vector.Type{vector.Varchar, vector.Varchar}, []colGen{
			func(int, int) (vector.Value, bool) { return vector.StringValue("a longer string"), false }, strGen}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tbl := newGroupTable(tc.types)
			p := newPackedKeys(tc.types)
			if p == nil {
				t.Fatal("types should pack")
			}
			byKey := map[string]uint32{}
			var hashes []uint64
			on := true
			for chunk := 0; chunk < 6; chunk++ {
				n := 1 + rng.Intn(vector.MaxLen)
				keys := make([]*vector.Vector, len(tc.types))
				for c, typ := range tc.types {
					keys[c] = vector.New(typ, n)
				}
				rowKey := make([]string, n)
				for i := 0; i < n; i++ {
					for c, g := range tc.gens {
						v, null := g(chunk, i)
						if null {
							keys[c].SetNull(i, n)
							rowKey[i] += "|NULL"
							continue
						}
						v.Typ = tc.types[c]
						keys[c].Set(i, n, v)
						rowKey[i] += "|" + v.String()
					}
				}
				gids := make([]uint32, n)
				if !p.lookup(tbl, keys, n, nil, &hashes, gids) {
					on = false
					hashes = growTo(hashes[:0], n)
					hashKeys(keys, n, hashes)
					tbl.findOrInsert(keys, hashes, seqRows(n), gids)
				}
				for i, g := range gids {
					if want, ok := byKey[rowKey[i]]; ok && want != g {
						t.Fatalf("chunk %d row %d key %s: group %d, earlier %d", chunk, i, rowKey[i], g, want)
					}
					byKey[rowKey[i]] = g
				}
			}
			if tbl.n != len(byKey) {
				t.Fatalf("%d groups for %d distinct keys", tbl.n, len(byKey))
			}
			if on != tc.cached {
				t.Fatalf("cache on = %v, want %v", on, tc.cached)
			}
		})
	}
}

// TestGroupTableI64Runs checks the repeated-key shortcut of int64 tables
// with NULLs (whose slot values may equal the previous key) and growth.
func TestGroupTableI64Runs(t *testing.T) {
	cases := []struct {
		name string
		keys []int64
		null []bool
		want []uint32
	}{
		{"runs", []int64{7, 7, 7, 3, 3, 7}, nil, []uint32{0, 0, 0, 1, 1, 0}},
		{"null inside a run", []int64{7, 7, 7, 7}, []bool{false, true, false, true}, []uint32{0, 1, 0, 1}},
		{"null first", []int64{0, 0, 5}, []bool{true, false, false}, []uint32{0, 1, 2}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tbl := newGroupTable([]vector.Type{vector.BigInt})
			n := len(c.keys)
			v := vector.New(vector.BigInt, n)
			copy(v.I64, c.keys)
			for i, isNull := range c.null {
				if isNull {
					v.SetNull(i, n)
				}
			}
			hs := make([]uint64, n)
			hashKeys([]*vector.Vector{v}, n, hs)
			got := make([]uint32, n)
			tbl.findOrInsert([]*vector.Vector{v}, hs, seqRows(n), got)
			if !slices.Equal(got, c.want) {
				t.Fatalf("gids %v, want %v", got, c.want)
			}
		})
	}
	// Growth: many keys in runs of 3, looked up twice.
	tbl := newGroupTable([]vector.Type{vector.BigInt})
	for pass := 0; pass < 2; pass++ {
		for lo := 0; lo < 30000; lo += vector.MaxLen {
			n := min(vector.MaxLen, 30000-lo)
			v := vector.New(vector.BigInt, n)
			for i := range n {
				v.I64[i] = int64((lo + i) / 3)
			}
			hs := make([]uint64, n)
			hashKeys([]*vector.Vector{v}, n, hs)
			got := make([]uint32, n)
			tbl.findOrInsert([]*vector.Vector{v}, hs, seqRows(n), got)
			for i, g := range got {
				if int(g) != (lo+i)/3 {
					t.Fatalf("pass %d row %d: group %d, want %d", pass, lo+i, g, (lo+i)/3)
				}
			}
		}
	}
}

// TestAggSelectionPath runs filter -> projection -> aggregation plans
// whose filter keeps 15 of 16 rows, so chunks reach the aggregation with
// a selection vector (pushSel), and checks the results against sums
// computed here. In the first chunk, the z column overflows when doubled
// on exactly the rows the filter removes: the aggregation must not report
// that error.
func TestAggSelectionPath(t *testing.T) {
	const rows = 20000
	types := []vector.Type{vector.Varchar, vector.BigInt, vector.BigInt, vector.BigInt}
	keys := []string{"a", "b", "c"}
	var data []rtRow
	type acc struct{ sum, cnt, cntX, min, max, sumZ int64 }
	wantByKey := map[string]*acc{}
	wantByX := map[int64]int64{}
	nullX := int64(0)
	for i := 0; i < rows; i++ {
		flag := int64(i % 16)
		k := vector.StringValue(keys[i%3])
		if i%7 == 0 {
			k = vector.NullValue(vector.Varchar)
		}
		x := vector.IntValue(int64(i%5000) - 100)
		if i%11 == 0 {
			x = vector.NullValue(vector.BigInt)
		}
		z := int64(i % 100)
		if flag == 0 && i < vector.MaxLen {
			z = 4e18 // z * 2 overflows: the first chunk takes the fallback
		}
		data = append(data, rtRow{k, x, vector.IntValue(flag), vector.IntValue(z)})
		if flag == 0 {
			continue
		}
		name := "NULL"
		if !k.Null {
			name = k.Str
		}
		a := wantByKey[name]
		if a == nil {
			a = &acc{min: 1 << 62, max: -1 << 62}
			wantByKey[name] = a
		}
		a.cnt++
		a.sumZ += 2 * z
		if !x.Null {
			a.sum += x.I64
			a.cntX++
			a.min, a.max = min(a.min, x.I64), max(a.max, x.I64)
			wantByX[x.I64] += z
		} else {
			nullX += z
		}
	}
	in := rtValuesNode(types, data, vector.MaxLen)
	pred, err := BindFunc("<>", []Expr{rtCol(2, vector.BigInt), &Const{Val: vBig(0)}})
	if err != nil {
		t.Fatal(err)
	}
	twiceZ, err := BindFunc("*", []Expr{rtCol(2, vector.BigInt), &Const{Val: vBig(2)}})
	if err != nil {
		t.Fatal(err)
	}
	proj := &ProjectNode{Input: &FilterNode{Input: in, Pred: pred},
		Exprs: []Expr{rtCol(0, vector.Varchar), rtCol(1, vector.BigInt), rtCol(3, vector.BigInt)}}
	x := rtCol(1, vector.BigInt)
	byKey := &HashAggNode{Input: proj, Groups: []Expr{rtCol(0, vector.Varchar)}, Aggs: []AggExpr{
		{Name: "sum", Args: []Expr{x}, Typ: vector.HugeInt},
		{Name: "count_star", Typ: vector.BigInt},
		{Name: "count", Args: []Expr{x}, Typ: vector.BigInt},
		{Name: "min", Args: []Expr{x}, Typ: vector.BigInt},
		{Name: "max", Args: []Expr{x}, Typ: vector.BigInt},
		{Name: "sum", Args: []Expr{twiceZ}, Typ: vector.HugeInt},
	}}
	var want []string
	for k, a := range wantByKey {
		want = append(want, rtRow{vector.StringValue(k), vector.IntValue(a.sum), vector.IntValue(a.cnt), vector.IntValue(a.cntX),
			vector.IntValue(a.min), vector.IntValue(a.max), vector.IntValue(a.sumZ)}.String())
	}
	// Grouped by x: more groups than runs take, so the aggregation stops
	// taking selection vectors part way.
	byX := &HashAggNode{Input: proj, Groups: []Expr{x}, Aggs: []AggExpr{
		{Name: "sum", Args: []Expr{rtCol(2, vector.BigInt)}, Typ: vector.HugeInt},
	}}
	var wantX []string
	for k, z := range wantByX {
		wantX = append(wantX, rtRow{vector.IntValue(k), vector.IntValue(z)}.String())
	}
	wantX = append(wantX, rtRow{vector.NullValue(vector.BigInt), vector.IntValue(nullX)}.String())
	cases := []struct {
		name string
		plan Node
		want []string
	}{
		{"by key", byKey, want},
		{"by x", byX, wantX},
	}
	for _, c := range cases {
		for _, threads := range []int{1, 2} {
			out := rtMustRun(t, c.plan, threads)
			got := make([]string, len(out))
			for i, r := range out {
				got[i] = r.String()
			}
			slices.Sort(got)
			w := slices.Clone(c.want)
			slices.Sort(w)
			if !slices.Equal(got, w) {
				t.Errorf("%s, %d threads: %d rows, want %d\ngot  %v\nwant %v", c.name, threads, len(got), len(w), got[:min(5, len(got))], w[:min(5, len(w))])
			}
		}
	}
}

// TestPackedKeysRelayout feeds chunks whose values first fit the layout's
// headroom and then force a relayout: every earlier group must keep its
// code (the new layout covers the table's keys, not just the chunk).
func TestPackedKeysRelayout(t *testing.T) {
	types := []vector.Type{vector.BigInt, vector.Varchar}
	chunks := [][]int64{{0, 50, 100}, {200}, {-5}, {-4}, {200, 0, -5, 100, 1000}, {200, -4}}
	tbl := newGroupTable(types)
	p := newPackedKeys(types)
	byKey := map[int64]uint32{}
	var hashes []uint64
	for ci, xs := range chunks {
		n := len(xs)
		keys := []*vector.Vector{vector.New(vector.BigInt, n), vector.New(vector.Varchar, n)}
		copy(keys[0].I64, xs)
		for i := range n {
			keys[1].Str[i] = "x"
		}
		gids := make([]uint32, n)
		if !p.lookup(tbl, keys, n, nil, &hashes, gids) {
			t.Fatalf("chunk %d: cache off", ci)
		}
		for i, g := range gids {
			if want, ok := byKey[xs[i]]; ok && want != g {
				t.Fatalf("chunk %d: key %d in group %d, earlier %d", ci, xs[i], g, want)
			}
			byKey[xs[i]] = g
		}
	}
	if tbl.n != len(byKey) {
		t.Fatalf("%d groups for %d keys", tbl.n, len(byKey))
	}
}

func TestTrimValid(t *testing.T) {
	ones := func(words int) vector.Validity {
		v := make(vector.Validity, words)
		for i := range v {
			v[i] = ^uint64(0)
		}
		return v
	}
	withNull := func(words, row int) vector.Validity {
		v := ones(words)
		v.SetInvalid(row)
		return v
	}
	cases := []struct {
		name    string
		valid   vector.Validity
		n       int
		trimmed bool
	}{
		{"nil", nil, 100, true},
		{"all valid", ones(2), 100, true},
		{"exact words", ones(2), 128, true},
		{"no rows", withNull(1, 0), 0, true},
		{"null in tail word", withNull(2, 99), 100, false},
		{"null in full word", withNull(2, 3), 100, false},
		{"null past n", withNull(2, 100), 100, true},
		{"null at last row of a word", withNull(1, 63), 64, false},
	}
	for _, c := range cases {
		if got := trimValid(c.valid, c.n) == nil; got != c.trimmed {
			t.Errorf("%s: trimmed %v, want %v", c.name, got, c.trimmed)
		}
	}
}
