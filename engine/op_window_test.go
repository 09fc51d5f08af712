package engine

import (
	"cmp"
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/lhsql/lhsql/vector"
)

// Test data: (k BIGINT partition key, o BIGINT order key, v BIGINT value,
// s VARCHAR), with NULLs in every column.
var wtTypes = []vector.Type{vector.BigInt, vector.BigInt, vector.BigInt, vector.Varchar}

func wtGenRows(rng *rand.Rand, n, parts int, nulls bool) []rtRow {
	out := make([]rtRow, n)
	for i := range out {
		k := vector.IntValue(int64(rng.Intn(parts)))
		o := vector.IntValue(int64(rng.Intn(30)))
		v := vector.IntValue(int64(rng.Intn(100) - 50))
		s := vector.StringValue(fmt.Sprintf("s%d", rng.Intn(6)))
		if nulls {
			if rng.Intn(8) == 0 {
				k = vector.NullValue(vector.BigInt)
			}
			if rng.Intn(10) == 0 {
				o = vector.NullValue(vector.BigInt)
			}
			if rng.Intn(5) == 0 {
				v = vector.NullValue(vector.BigInt)
			}
			if rng.Intn(7) == 0 {
				s = vector.NullValue(vector.Varchar)
			}
		}
		out[i] = rtRow{k, o, v, s}
	}
	return out
}

func wtConst(x int64) Expr { return &Const{Val: vector.IntValue(x)} }

// wtEval evaluates e over one row.
func wtEval(t *testing.T, e Expr, row rtRow) vector.Value {
	t.Helper()
	c := vector.NewChunk(wtTypes, 1)
	for j := range wtTypes {
		c.Cols[j].Set(0, 1, row[j])
	}
	v, err := e.Eval(&ExecCtx{}, c)
	if err != nil {
		t.Fatalf("eval %s: %v", e, err)
	}
	return v.Get(0)
}

func wtCmpVal(a, b vector.Value) int {
	switch a.Typ.Phys() {
	case vector.PhysInt64:
		return cmp.Compare(a.I64, b.I64)
	case vector.PhysFloat64:
		return cmp.Compare(a.F64, b.F64)
	case vector.PhysString:
		return strings.Compare(a.Str, b.Str)
	}
	return 0
}

// wtRef computes f for every row with a naive reference implementation.
func wtRef(t *testing.T, rows []rtRow, f *WindowFunc) []vector.Value {
	t.Helper()
	out := make([]vector.Value, len(rows))
	type rinfo struct {
		idx   int
		part  string
		keys  []vector.Value
		args  []vector.Value
		pass  bool
		start vector.Value
		end   vector.Value
	}
	info := make([]rinfo, len(rows))
	parts := map[string][]int{}
	var partOrder []string
	for i, r := range rows {
		ri := rinfo{idx: i, pass: true}
		var pk []string
		for _, e := range f.Partition {
			pk = append(pk, wtEval(t, e, r).String())
		}
		ri.part = strings.Join(pk, "|")
		for _, k := range f.Order {
			ri.keys = append(ri.keys, wtEval(t, k.Expr, r))
		}
		for _, a := range f.Args {
			ri.args = append(ri.args, wtEval(t, a, r))
		}
		if f.Filter != nil {
			fv := wtEval(t, f.Filter, r)
			ri.pass = !fv.Null && fv.Bool
		}
		if f.Frame.StartOffset != nil {
			ri.start = wtEval(t, f.Frame.StartOffset, r)
		}
		if f.Frame.EndOffset != nil {
			ri.end = wtEval(t, f.Frame.EndOffset, r)
		}
		info[i] = ri
		if _, ok := parts[ri.part]; !ok {
			partOrder = append(partOrder, ri.part)
		}
		parts[ri.part] = append(parts[ri.part], i)
	}
	cmpKeys := func(a, b *rinfo) int {
		for k, key := range f.Order {
			x, y := a.keys[k], b.keys[k]
			if x.Null || y.Null {
				if x.Null && y.Null {
					continue
				}
				if x.Null == key.NullsFirst {
					return -1
				}
				return 1
			}
			c := wtCmpVal(x, y)
			if key.Desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return 0
	}
	name := strings.ToLower(f.Name)
	for _, pkey := range partOrder {
		idx := slices.Clone(parts[pkey])
		slices.SortStableFunc(idx, func(a, b int) int { return cmpKeys(&info[a], &info[b]) })
		m := len(idx)
		grp := make([]int, m)
		for j := 1; j < m; j++ {
			grp[j] = grp[j-1]
			if cmpKeys(&info[idx[j-1]], &info[idx[j]]) != 0 {
				grp[j]++
			}
		}
		// sortable value of the first order key (NULL = -inf/+inf).
		sv := func(j int) (float64, bool) {
			if len(f.Order) == 0 {
				return 0, false
			}
			k := info[idx[j]].keys[0]
			if k.Null {
				if f.Order[0].NullsFirst {
					return -1e300, true
				}
				return 1e300, true
			}
			x := float64(k.I64)
			if f.Order[0].Desc {
				x = -x
			}
			return x, false
		}
		inFrame := func(i, j int) bool {
			fr := f.Frame
			check := func(kind FrameBoundKind, off vector.Value, start bool) bool {
				if kind == BoundUnboundedPreceding || kind == BoundUnboundedFollowing {
					return true
				}
				var a, b int // compare position/group j against i
				switch fr.Mode {
				case FrameRows:
					a, b = j, i
				case FrameGroups:
					a, b = grp[j], grp[i]
				default:
					a, b = grp[j], grp[i]
					vi, ni := sv(i)
					if kind != BoundCurrentRow && !ni {
						vj, _ := sv(j)
						o := float64(off.I64)
						target := vi
						if kind == BoundPreceding {
							target -= o
						} else {
							target += o
						}
						if start {
							return vj >= target
						}
						return vj <= target
					}
					kind = BoundCurrentRow
				}
				switch kind {
				case BoundPreceding:
					b -= int(off.I64)
				case BoundFollowing:
					b += int(off.I64)
				}
				if start {
					return a >= b
				}
				return a <= b
			}
			ri := &info[idx[i]]
			if !check(fr.Start, ri.start, true) || !check(fr.End, ri.end, false) {
				return false
			}
			switch fr.Exclude {
			case ExcludeCurrentRow:
				return j != i
			case ExcludeGroup:
				return grp[j] != grp[i]
			case ExcludeTies:
				return j == i || grp[j] != grp[i]
			}
			return true
		}
		for i := 0; i < m; i++ {
			ri := &info[idx[i]]
			var res vector.Value
			gs, ge := i, i
			for gs > 0 && grp[gs-1] == grp[i] {
				gs--
			}
			for ge+1 < m && grp[ge+1] == grp[i] {
				ge++
			}
			switch name {
			case "row_number":
				res = vector.IntValue(int64(i + 1))
			case "rank":
				res = vector.IntValue(int64(gs + 1))
			case "dense_rank":
				res = vector.IntValue(int64(grp[i] + 1))
			case "percent_rank":
				res = vector.DoubleValue(0)
				if m > 1 {
					res = vector.DoubleValue(float64(gs) / float64(m-1))
				}
			case "cume_dist":
				res = vector.DoubleValue(float64(ge+1) / float64(m))
			case "ntile":
				nb := int(ri.args[0].I64)
				// Row i goes to bucket b where buckets are as even as
				// possible and the larger ones come first.
				nb = min(nb, m)
				size, large := m/nb, m%nb
				b := 0
				for lo := 0; ; b++ {
					sz := size
					if b < large {
						sz++
					}
					if i < lo+sz {
						break
					}
					lo += sz
				}
				res = vector.IntValue(int64(b + 1))
			case "lag", "lead":
				off := 1
				if len(ri.args) > 1 {
					off = int(ri.args[1].I64)
				}
				res = vector.NullValue(f.Typ)
				if len(ri.args) > 2 {
					res = ri.args[2]
				}
				step := 1
				if name == "lag" {
					step = -1
				}
				found := 0
				for j := i + step; j >= 0 && j < m && off > 0; j += step {
					x := info[idx[j]].args[0]
					if f.IgnoreNulls && x.Null {
						continue
					}
					found++
					if found == off {
						res = x
						break
					}
				}
			case "first_value", "last_value", "nth_value":
				var vals []vector.Value
				for j := 0; j < m; j++ {
					if inFrame(i, j) {
						x := info[idx[j]].args[0]
						if f.IgnoreNulls && x.Null {
							continue
						}
						vals = append(vals, x)
					}
				}
				res = vector.NullValue(f.Typ)
				k := 1
				if name == "nth_value" {
					k = int(ri.args[1].I64)
				}
				if name == "last_value" && len(vals) > 0 {
					res = vals[len(vals)-1]
				} else if name != "last_value" && k >= 1 && k <= len(vals) {
					res = vals[k-1]
				}
			default:
				var vals []vector.Value
				seen := map[string]bool{}
				stars := 0
				for j := 0; j < m; j++ {
					if !inFrame(i, j) || !info[idx[j]].pass {
						continue
					}
					stars++
					if len(f.Args) == 0 {
						continue
					}
					x := info[idx[j]].args[0]
					if x.Null {
						continue
					}
					if f.Distinct {
						if seen[x.String()] {
							continue
						}
						seen[x.String()] = true
					}
					vals = append(vals, x)
				}
				res = vector.NullValue(f.Typ)
				switch canonicalAgg(name) {
				case "count_star":
					res = vector.IntValue(int64(stars))
				case "count":
					res = vector.IntValue(int64(len(vals)))
				case "sum":
					if len(vals) > 0 {
						s := int64(0)
						for _, x := range vals {
							s += x.I64
						}
						res = vector.Value{Typ: vector.HugeInt, I64: s}
					}
				case "avg":
					if len(vals) > 0 {
						s := int64(0)
						for _, x := range vals {
							s += x.I64
						}
						res = vector.DoubleValue(float64(s) / float64(len(vals)))
					}
				case "min", "max":
					for _, x := range vals {
						c := wtCmpVal(x, res)
						if res.Null || (name == "min" && c < 0) || (name == "max" && c > 0) {
							res = x
						}
					}
				case "string_agg":
					var parts []string
					for _, x := range vals {
						parts = append(parts, x.String())
					}
					if len(parts) > 0 {
						res = vector.StringValue(strings.Join(parts, ","))
					}
				default:
					t.Fatalf("reference has no aggregate %s", name)
				}
			}
			if res.Null {
				res = vector.NullValue(f.Typ)
			}
			res.Typ = f.Typ
			out[idx[i]] = res
		}
	}
	return out
}

func wtFunc(name string, args ...Expr) WindowFunc {
	types := make([]vector.Type, len(args))
	for i, a := range args {
		types[i] = a.Type()
	}
	typ, err := WindowResultType(name, types)
	if err != nil {
		panic(err)
	}
	return WindowFunc{Name: name, Args: args, Typ: typ}
}

func wtWithSpec(f WindowFunc, part []Expr, order []SortKey, fr WindowFrame) WindowFunc {
	f.Partition, f.Order, f.Frame = part, order, fr
	return f
}

var (
	wtK = rtCol(0, vector.BigInt)
	wtO = rtCol(1, vector.BigInt)
	wtV = rtCol(2, vector.BigInt)
	wtS = rtCol(3, vector.Varchar)

	wtRunning = WindowFrame{Mode: FrameRange, Start: BoundUnboundedPreceding, End: BoundCurrentRow}
	wtWhole   = WindowFrame{Mode: FrameRows, Start: BoundUnboundedPreceding, End: BoundUnboundedFollowing}
)

// wtCases are window specifications with the functions computed over them.
func wtCases() []struct {
	name  string
	funcs []WindowFunc
} {
	part := []Expr{wtK}
	asc := []SortKey{{Expr: wtO}}
	descNF := []SortKey{{Expr: wtO, Desc: true, NullsFirst: true}}
	two := []SortKey{{Expr: wtO}, {Expr: wtS, Desc: true}}
	ranking := func(p []Expr, o []SortKey) []WindowFunc {
		var fs []WindowFunc
		for _, n := range []string{"row_number", "rank", "dense_rank", "percent_rank", "cume_dist"} {
			fs = append(fs, wtWithSpec(wtFunc(n), p, o, wtRunning))
		}
		fs = append(fs, wtWithSpec(wtFunc("ntile", wtConst(3)), p, o, wtRunning))
		fs = append(fs, wtWithSpec(wtFunc("ntile", wtConst(1000)), p, o, wtRunning))
		fs = append(fs, wtWithSpec(wtFunc("lag", wtV), p, o, wtRunning))
		// An INTEGER default for a BIGINT lag is converted.
		lg := wtWithSpec(wtFunc("lag", wtV, wtConst(3), &Const{Val: vector.Value{Typ: vector.Integer, I64: -7}}), p, o, wtRunning)
		fs = append(fs, lg)
		fs = append(fs, wtWithSpec(wtFunc("lead", wtS, wtConst(2), &Const{Val: vector.StringValue("dflt")}), p, o, wtRunning))
		ig := wtWithSpec(wtFunc("lag", wtV, wtConst(2)), p, o, wtRunning)
		ig.IgnoreNulls = true
		fs = append(fs, ig)
		ig = wtWithSpec(wtFunc("lead", wtV), p, o, wtRunning)
		ig.IgnoreNulls = true
		fs = append(fs, ig)
		return fs
	}
	frames := []WindowFrame{
		wtRunning,
		wtWhole,
		{Mode: FrameRows, Start: BoundPreceding, StartOffset: wtConst(2), End: BoundFollowing, EndOffset: wtConst(1)},
		{Mode: FrameRows, Start: BoundUnboundedPreceding, End: BoundFollowing, EndOffset: wtConst(3)},
		{Mode: FrameRows, Start: BoundFollowing, StartOffset: wtConst(1), End: BoundFollowing, EndOffset: wtConst(40)},
		{Mode: FrameRows, Start: BoundPreceding, StartOffset: wtConst(5), End: BoundPreceding, EndOffset: wtConst(2)},
		{Mode: FrameRows, Start: BoundCurrentRow, End: BoundUnboundedFollowing},
		{Mode: FrameRange, Start: BoundPreceding, StartOffset: wtConst(5), End: BoundFollowing, EndOffset: wtConst(3)},
		{Mode: FrameRange, Start: BoundCurrentRow, End: BoundFollowing, EndOffset: wtConst(2)},
		{Mode: FrameRange, Start: BoundUnboundedPreceding, End: BoundPreceding, EndOffset: wtConst(1)},
		{Mode: FrameGroups, Start: BoundPreceding, StartOffset: wtConst(1), End: BoundFollowing, EndOffset: wtConst(1)},
		{Mode: FrameGroups, Start: BoundCurrentRow, End: BoundFollowing, EndOffset: wtConst(2)},
		{Mode: FrameRows, Start: BoundPreceding, StartOffset: wtConst(3), End: BoundFollowing, EndOffset: wtConst(3), Exclude: ExcludeCurrentRow},
		{Mode: FrameRange, Start: BoundPreceding, StartOffset: wtConst(4), End: BoundFollowing, EndOffset: wtConst(4), Exclude: ExcludeGroup},
		{Mode: FrameRows, Start: BoundUnboundedPreceding, End: BoundUnboundedFollowing, Exclude: ExcludeTies},
		{Mode: FrameRange, Start: BoundUnboundedPreceding, End: BoundCurrentRow, Exclude: ExcludeTies},
	}
	filter := &rtTestCmp{op: ">", a: wtV, b: wtConst(0)}
	aggs := func(p []Expr, o []SortKey, fr WindowFrame) []WindowFunc {
		fs := []WindowFunc{
			wtWithSpec(wtFunc("count_star"), p, o, fr),
			wtWithSpec(wtFunc("count", wtV), p, o, fr),
			wtWithSpec(wtFunc("sum", wtV), p, o, fr),
			wtWithSpec(wtFunc("avg", wtV), p, o, fr),
			wtWithSpec(wtFunc("min", wtS), p, o, fr),
			wtWithSpec(wtFunc("max", wtV), p, o, fr),
			wtWithSpec(wtFunc("string_agg", wtS, &Const{Val: vector.StringValue(",")}), p, o, fr),
			wtWithSpec(wtFunc("first_value", wtV), p, o, fr),
			wtWithSpec(wtFunc("last_value", wtS), p, o, fr),
			wtWithSpec(wtFunc("nth_value", wtV, wtConst(3)), p, o, fr),
		}
		d := wtWithSpec(wtFunc("count", wtS), p, o, fr)
		d.Distinct = true
		fs = append(fs, d)
		d = wtWithSpec(wtFunc("sum", wtV), p, o, fr)
		d.Filter = filter
		fs = append(fs, d)
		d = wtWithSpec(wtFunc("first_value", wtV), p, o, fr)
		d.IgnoreNulls = true
		fs = append(fs, d)
		d = wtWithSpec(wtFunc("last_value", wtV), p, o, fr)
		d.IgnoreNulls = true
		fs = append(fs, d)
		return fs
	}
	type tc = struct {
		name  string
		funcs []WindowFunc
	}
	out := []tc{
		{"ranking/part/asc", ranking(part, asc)},
		{"ranking/nopart/descNF", ranking(nil, descNF)},
		{"ranking/part/two", ranking(part, two)},
		{"ranking/noorder", ranking(part, nil)},
		{"aggs/noorder", aggs(part, nil, wtWhole)},
		{"aggs/noorder/rows", aggs(nil, nil, frames[2])},
	}
	for i, fr := range frames {
		out = append(out, tc{fmt.Sprintf("aggs/part/asc/frame%d", i), aggs(part, asc, fr)})
		if fr.Mode != FrameRange || fr.StartOffset == nil && fr.EndOffset == nil {
			out = append(out, tc{fmt.Sprintf("aggs/part/two/frame%d", i), aggs(part, two, fr)})
		}
		out = append(out, tc{fmt.Sprintf("aggs/nopart/descNF/frame%d", i), aggs(nil, descNF, fr)})
	}
	// Several specifications in one node.
	mixed := []WindowFunc{
		wtWithSpec(wtFunc("sum", wtV), nil, asc, wtRunning),
		wtWithSpec(wtFunc("row_number"), part, descNF, wtRunning),
		wtWithSpec(wtFunc("count", wtV), nil, asc, frames[2]),
		wtWithSpec(wtFunc("rank"), []Expr{wtS}, asc, wtRunning),
	}
	out = append(out, tc{"mixed", mixed})
	return out
}

func wtWant(t *testing.T, rows []rtRow, funcs []WindowFunc) []rtRow {
	t.Helper()
	want := make([]rtRow, len(rows))
	for i, r := range rows {
		want[i] = slices.Clone(r)
	}
	for fi := range funcs {
		vals := wtRef(t, rows, &funcs[fi])
		for i := range want {
			want[i] = append(want[i], vals[i])
		}
	}
	return want
}

func wtCheck(t *testing.T, what string, rows []rtRow, funcs []WindowFunc, want []rtRow, size, threads int) {
	t.Helper()
	if want == nil {
		want = wtWant(t, rows, funcs)
	}
	n := &WindowNode{Input: rtValuesNode(wtTypes, rows, size), Funcs: funcs}
	got, err := rtRunAll(t, n, threads)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	rtSameBag(t, what, got, want)
}

func TestWindowFunctions(t *testing.T) {
	cases := wtCases()
	data := map[bool][]rtRow{}
	wants := map[bool][][]rtRow{}
	for _, nulls := range []bool{false, true} {
		rng := rand.New(rand.NewSource(3))
		data[nulls] = wtGenRows(rng, 150, 4, nulls)
		for _, c := range cases {
			wants[nulls] = append(wants[nulls], wtWant(t, data[nulls], c.funcs))
		}
	}
	rtForAll(t, func(t *testing.T, size int, nulls bool, threads int) {
		for ci, c := range cases {
			wtCheck(t, c.name, data[nulls], c.funcs, wants[nulls][ci], size, threads)
		}
	})
}

// TestWindowLarge covers hash partitioning into several buckets and deep
// segment trees.
func TestWindowLarge(t *testing.T) {
	for _, threads := range rtThreadCnts {
		rng := rand.New(rand.NewSource(11))
		rows := wtGenRows(rng, 4200, 7, true)
		sliding := WindowFrame{Mode: FrameRows, Start: BoundPreceding, StartOffset: wtConst(300), End: BoundFollowing, EndOffset: wtConst(17), Exclude: ExcludeCurrentRow}
		asc := []SortKey{{Expr: wtO}}
		funcs := []WindowFunc{
			wtWithSpec(wtFunc("sum", wtV), []Expr{wtK}, asc, sliding),
			wtWithSpec(wtFunc("min", wtS), []Expr{wtK}, asc, sliding),
			wtWithSpec(wtFunc("string_agg", wtS, &Const{Val: vector.StringValue(",")}), []Expr{wtK}, asc, WindowFrame{Mode: FrameRows, Start: BoundPreceding, StartOffset: wtConst(40), End: BoundCurrentRow}),
			wtWithSpec(wtFunc("row_number"), []Expr{wtK}, asc, wtRunning),
			wtWithSpec(wtFunc("count", wtV), []Expr{wtK}, asc, wtRunning),
		}
		wtCheck(t, fmt.Sprintf("large/threads%d", threads), rows, funcs, nil, 2048, threads)
		// One big partition (no PARTITION BY).
		rows = rows[:2500]
		funcs = []WindowFunc{
			wtWithSpec(wtFunc("sum", wtV), nil, asc, sliding),
			wtWithSpec(wtFunc("max", wtV), nil, asc, WindowFrame{Mode: FrameRange, Start: BoundPreceding, StartOffset: wtConst(3), End: BoundFollowing, EndOffset: wtConst(2)}),
			wtWithSpec(wtFunc("count", wtV), nil, nil, wtWhole),
		}
		wtCheck(t, fmt.Sprintf("large/nopart/threads%d", threads), rows, funcs, nil, 1000, threads)
	}
}

func TestWindowErrors(t *testing.T) {
	rows := wtGenRows(rand.New(rand.NewSource(1)), 20, 2, false)
	neg := &Const{Val: vector.IntValue(-1)}
	cases := []struct {
		f    WindowFunc
		want string
	}{
		{wtWithSpec(wtFunc("sum", wtV), nil, []SortKey{{Expr: wtO}}, WindowFrame{Mode: FrameRange, Start: BoundPreceding, StartOffset: wtConst(1), End: BoundFollowing, EndOffset: neg}), "Invalid RANGE FOLLOWING value"},
		{wtWithSpec(wtFunc("sum", wtV), nil, []SortKey{{Expr: wtO, Desc: true}}, WindowFrame{Mode: FrameRange, Start: BoundPreceding, StartOffset: neg, End: BoundCurrentRow}), "Invalid RANGE PRECEDING value"},
		{wtWithSpec(wtFunc("sum", wtV), nil, []SortKey{{Expr: wtO}}, WindowFrame{Mode: FrameRows, Start: BoundPreceding, StartOffset: neg, End: BoundCurrentRow}), "Invalid ROWS PRECEDING value"},
		{wtWithSpec(wtFunc("ntile", wtConst(0)), nil, nil, wtWhole), "ntile must be greater than zero"},
		{wtWithSpec(wtFunc("sum", wtV), nil, []SortKey{{Expr: wtO}, {Expr: wtV}}, WindowFrame{Mode: FrameRange, Start: BoundPreceding, StartOffset: wtConst(1), End: BoundCurrentRow}), "only one ORDER BY expression"},
	}
	for i, c := range cases {
		n := &WindowNode{Input: rtValuesNode(wtTypes, rows, 7), Funcs: []WindowFunc{c.f}}
		_, err := rtRunAll(t, n, 2)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("case %d: got error %v, want %q", i, err, c.want)
		}
	}
}

func TestWindowResultType(t *testing.T) {
	cases := []struct {
		name string
		args []vector.Type
		want vector.Type
		ok   bool
	}{
		{"row_number", nil, vector.BigInt, true},
		{"ntile", []vector.Type{vector.Integer}, vector.BigInt, true},
		{"cume_dist", nil, vector.Double, true},
		{"lag", []vector.Type{vector.Varchar, vector.BigInt, vector.Varchar}, vector.Varchar, true},
		{"nth_value", []vector.Type{vector.Date, vector.Integer}, vector.Date, true},
		{"sum", []vector.Type{vector.Integer}, vector.HugeInt, true},
		{"count_star", nil, vector.BigInt, true},
		{"rank", []vector.Type{vector.Integer}, vector.Type{}, false},
		{"nosuch", nil, vector.Type{}, false},
	}
	for _, c := range cases {
		got, err := WindowResultType(c.name, c.args)
		if (err == nil) != c.ok || (c.ok && got != c.want) {
			t.Errorf("%s%v: got %v, %v", c.name, c.args, got, err)
		}
	}
	if !IsWindowFunction("ROW_NUMBER") || IsWindowFunction("sum") {
		t.Errorf("IsWindowFunction")
	}
}

func TestWindowExplain(t *testing.T) {
	f := wtWithSpec(wtFunc("sum", wtV), []Expr{wtK}, []SortKey{{Expr: wtO, Desc: true}}, WindowFrame{Mode: FrameRows, Start: BoundPreceding, StartOffset: wtConst(2), End: BoundCurrentRow})
	s := Explain(&WindowNode{Input: rtValuesNode(wtTypes, nil, 1), Funcs: []WindowFunc{f}})
	if !strings.Contains(s, "WINDOW sum(#2) OVER (PARTITION BY #0 ORDER BY #1 DESC ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)") {
		t.Errorf("explain: %s", s)
	}
}
