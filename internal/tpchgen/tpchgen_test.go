package tpchgen

import (
	"context"
	"errors"
	"hash/fnv"
	"math"
	"strings"
	"testing"

	"github.com/lhsql/lhsql/vector"
)

// collect generates a whole table into one vector per column.
func collect(t *testing.T, sf float64, table string, workers int) []*vector.Vector {
	t.Helper()
	def, ok := Table(table)
	if !ok {
		t.Fatalf("no table %s", table)
	}
	out := make([]*vector.Vector, len(def.Columns))
	for i, c := range def.Columns {
		out[i] = vector.New(c.Type, 0)
	}
	err := Gen(context.Background(), sf, table, workers, func(cols []*vector.Vector, n int) error {
		if n < 1 || n > vector.MaxLen {
			t.Fatalf("%s: batch of %d rows", table, n)
		}
		for i, v := range cols {
			if !v.Typ.Equal(def.Columns[i].Type) {
				t.Fatalf("%s.%s: type %s, want %s", table, def.Columns[i].Name, v.Typ, def.Columns[i].Type)
			}
			if v.Len() != n {
				t.Fatalf("%s.%s: %d values for %d rows", table, def.Columns[i].Name, v.Len(), n)
			}
			out[i].I64 = append(out[i].I64, v.I64...)
			out[i].Str = append(out[i].Str, v.Str...)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func colIndex(t *testing.T, table, name string) int {
	t.Helper()
	def, _ := Table(table)
	for i, c := range def.Columns {
		if c.Name == name {
			return i
		}
	}
	t.Fatalf("no column %s.%s", table, name)
	return -1
}

func TestCardinalities(t *testing.T) {
	tests := []struct {
		table    string
		min, max int
	}{
		{"nation", 25, 25},
		{"region", 5, 5},
		{"supplier", 100, 100},
		{"customer", 1500, 1500},
		{"part", 2000, 2000},
		{"partsupp", 8000, 8000},
		{"orders", 15000, 15000},
		{"lineitem", 58000, 62000}, // 4 lines per order on average
	}
	for _, tt := range tests {
		t.Run(tt.table, func(t *testing.T) {
			cols := collect(t, 0.01, tt.table, 2)
			n := cols[0].Len()
			if n < tt.min || n > tt.max {
				t.Errorf("%s: %d rows, want %d..%d", tt.table, n, tt.min, tt.max)
			}
			if want, _ := RowCount(0.01, tt.table); tt.min == tt.max && int64(n) != want {
				t.Errorf("RowCount(%s) = %d, generated %d", tt.table, want, n)
			}
		})
	}
}

func TestBadInput(t *testing.T) {
	noop := func([]*vector.Vector, int) error { return nil }
	for _, sf := range []float64{0, -1, math.NaN(), math.Inf(1), 1e9} {
		if err := Gen(context.Background(), sf, "nation", 1, noop); err == nil {
			t.Errorf("sf=%v: no error", sf)
		}
	}
	if err := Gen(context.Background(), 0.01, "nope", 1, noop); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("unknown table: %v", err)
	}
	stop := errors.New("stop")
	calls := 0
	err := Gen(context.Background(), 0.01, "lineitem", 2, func([]*vector.Vector, int) error {
		calls++
		return stop
	})
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("emit error: got %v after %d calls", err, calls)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Gen(ctx, 0.01, "lineitem", 2, noop); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: %v", err)
	}
}

func hashTable(t *testing.T, sf float64, table string, workers int) uint64 {
	h := fnv.New64a()
	var buf [8]byte
	for _, c := range collect(t, sf, table, workers) {
		for _, x := range c.I64 {
			for i := range buf {
				buf[i] = byte(x >> (8 * i))
			}
			h.Write(buf[:])
		}
		for _, s := range c.Str {
			h.Write([]byte(s))
			h.Write([]byte{0})
		}
	}
	return h.Sum64()
}

func TestDeterministic(t *testing.T) {
	for _, table := range []string{"supplier", "part", "orders", "lineitem"} {
		a := hashTable(t, 0.01, table, 1)
		b := hashTable(t, 0.01, table, 3)
		c := hashTable(t, 0.01, table, 2)
		if a != b || a != c {
			t.Errorf("%s: output depends on the worker count", table)
		}
	}
	if hashTable(t, 0.01, "orders", 2) == hashTable(t, 0.02, "orders", 2) {
		t.Errorf("different scale factors gave identical orders")
	}
}

type pair struct{ a, b int64 }

func TestReferentialIntegrity(t *testing.T) {
	const sf = 0.01
	nation := collect(t, sf, "nation", 1)
	for i, r := range nation[2].I64 {
		if r < 0 || r > 4 || nationRegions[i] != r {
			t.Errorf("nation %d: region %d", i, r)
		}
	}
	checkNation := func(table string, keys []int64, phones []string) {
		for i, n := range keys {
			if n < 0 || n > 24 {
				t.Fatalf("%s row %d: nation %d", table, i, n)
			}
			if want := string(appendPadded(nil, n+10, 2)) + "-"; !strings.HasPrefix(phones[i], want) || len(phones[i]) != 15 {
				t.Fatalf("%s row %d: phone %q for nation %d", table, i, phones[i], n)
			}
		}
	}
	supp := collect(t, sf, "supplier", 2)
	checkNation("supplier", supp[3].I64, supp[4].Str)
	cust := collect(t, sf, "customer", 2)
	checkNation("customer", cust[3].I64, cust[4].Str)
	ns, nc := int64(len(supp[0].I64)), int64(len(cust[0].I64))

	ps := collect(t, sf, "partsupp", 2)
	psKeys := map[pair]bool{}
	for i := range ps[0].I64 {
		k := pair{ps[0].I64[i], ps[1].I64[i]}
		if k.b < 1 || k.b > ns {
			t.Fatalf("partsupp %v: supplier out of range", k)
		}
		if psKeys[k] {
			t.Fatalf("partsupp %v: duplicate key", k)
		}
		psKeys[k] = true
	}

	orders := collect(t, sf, "orders", 2)
	okeys := map[int64]int{}
	for i, k := range orders[0].I64 {
		if m := (k - 1) % 32; m >= 8 {
			t.Fatalf("order key %d is not sparse", k)
		}
		if _, dup := okeys[k]; dup {
			t.Fatalf("duplicate order key %d", k)
		}
		okeys[k] = i
		if c := orders[1].I64[i]; c < 1 || c > nc || c%3 == 0 {
			t.Fatalf("order %d: customer %d", k, c)
		}
	}

	li := collect(t, sf, "lineitem", 2)
	totals := make([]int64, len(orders[0].I64))
	statuses := make([]string, len(orders[0].I64))
	for i := range li[0].I64 {
		oi, ok := okeys[li[0].I64[i]]
		if !ok {
			t.Fatalf("lineitem %d: no order %d", i, li[0].I64[i])
		}
		if !psKeys[pair{li[1].I64[i], li[2].I64[i]}] {
			t.Fatalf("lineitem %d: (part, supplier) = (%d, %d) not in partsupp", i, li[1].I64[i], li[2].I64[i])
		}
		ext, disc, tax := li[5].I64[i], li[6].I64[i], li[7].I64[i]
		totals[oi] += ext * (100 - disc) / 100 * (100 + tax) / 100
		if !strings.Contains(statuses[oi], li[9].Str[i]) {
			statuses[oi] += li[9].Str[i]
		}
	}
	for i := range totals {
		if totals[i] != orders[3].I64[i] {
			t.Fatalf("order %d: total %d, lines sum to %d", orders[0].I64[i], orders[3].I64[i], totals[i])
		}
		want := map[string]string{"F": "F", "O": "O", "FO": "P", "OF": "P"}[statuses[i]]
		if orders[2].Str[i] != want {
			t.Fatalf("order %d: status %q with line statuses %q", orders[0].I64[i], orders[2].Str[i], statuses[i])
		}
	}
}

func TestDistributions(t *testing.T) {
	const sf = 0.01
	li := collect(t, sf, "lineitem", 2)
	orders := collect(t, sf, "orders", 2)
	odate := map[int64]int64{}
	for i, k := range orders[0].I64 {
		d := orders[4].I64[i]
		if d < startDate || d > endDate-151 {
			t.Fatalf("order %d: date %d out of range", k, d)
		}
		odate[k] = d
	}
	var qsum, dsum float64
	flags := map[string]int{}
	lines := map[int64]int{}
	for i := range li[0].I64 {
		q, disc, tax := li[4].I64[i], li[6].I64[i], li[7].I64[i]
		if q < 100 || q > 5000 || q%100 != 0 || disc < 0 || disc > 10 || tax < 0 || tax > 8 {
			t.Fatalf("line %d: quantity %d discount %d tax %d", i, q, disc, tax)
		}
		if li[5].I64[i] != q/100*retailPrice(li[1].I64[i]) {
			t.Fatalf("line %d: extended price %d", i, li[5].I64[i])
		}
		qsum += float64(q) / 100
		dsum += float64(disc) / 100
		od := odate[li[0].I64[i]]
		ship, commit, receipt := li[10].I64[i], li[11].I64[i], li[12].I64[i]
		if ship-od < 1 || ship-od > 121 || commit-od < 30 || commit-od > 90 || receipt-ship < 1 || receipt-ship > 30 {
			t.Fatalf("line %d: dates %d %d %d for order date %d", i, ship, commit, receipt, od)
		}
		rf := li[8].Str[i]
		if (receipt > currentDate) != (rf == "N") {
			t.Fatalf("line %d: return flag %s with receipt %d", i, rf, receipt)
		}
		flags[rf]++
		if ls := li[9].Str[i]; (ship > currentDate) != (ls == "O") {
			t.Fatalf("line %d: line status %s with ship date %d", i, ls, ship)
		}
		if c := li[15].Str[i]; len(c) < 10 || len(c) > 43 {
			t.Fatalf("line %d: comment length %d", i, len(c))
		}
		lines[li[0].I64[i]]++
		if ln := li[3].I64[i]; ln != int64(lines[li[0].I64[i]]) {
			t.Fatalf("line %d: line number %d", i, ln)
		}
	}
	n := float64(len(li[0].I64))
	if m := qsum / n; math.Abs(m-25.5) > 0.5 {
		t.Errorf("mean quantity %.3f, want about 25.5", m)
	}
	if m := dsum / n; math.Abs(m-0.05) > 0.002 {
		t.Errorf("mean discount %.4f, want about 0.05", m)
	}
	if r := float64(flags["R"]) / float64(flags["R"]+flags["A"]); math.Abs(r-0.5) > 0.03 {
		t.Errorf("R share among returned lines %.3f, want about 0.5", r)
	}
	hist := map[int]int{}
	for _, c := range lines {
		if c < 1 || c > 7 {
			t.Fatalf("order with %d lines", c)
		}
		hist[c]++
	}
	for c := 1; c <= 7; c++ {
		if share := float64(hist[c]) / float64(len(lines)); math.Abs(share-1.0/7) > 0.02 {
			t.Errorf("%d-line orders: share %.3f, want about 1/7", c, share)
		}
	}

	part := collect(t, sf, "part", 2)
	colorSet := map[string]bool{}
	for _, c := range colors {
		colorSet[c] = true
	}
	types := map[string]bool{}
	for i, name := range part[1].Str {
		words := strings.Split(name, " ")
		seen := map[string]bool{}
		for _, w := range words {
			if !colorSet[w] || seen[w] {
				t.Fatalf("part %d: name %q", i+1, name)
			}
			seen[w] = true
		}
		if len(words) != 5 {
			t.Fatalf("part %d: name %q", i+1, name)
		}
		if m, b := part[2].Str[i], part[3].Str[i]; m[len(m)-1] != b[6] || b[7] < '1' || b[7] > '5' {
			t.Fatalf("part %d: %s / %s", i+1, m, b)
		}
		if s := part[5].I64[i]; s < 1 || s > 50 {
			t.Fatalf("part %d: size %d", i+1, s)
		}
		if part[7].I64[i] != retailPrice(int64(i+1)) {
			t.Fatalf("part %d: price %d", i+1, part[7].I64[i])
		}
		types[part[4].Str[i]] = true
	}
	if len(colors) != 92 || len(partTypes) != 150 || len(containers) != 40 {
		t.Errorf("lists: %d colors, %d types, %d containers", len(colors), len(partTypes), len(containers))
	}
	if len(types) < 140 {
		t.Errorf("only %d distinct part types in 2000 parts", len(types))
	}

	supp := collect(t, sf, "supplier", 1)
	var complaints, recommends int
	for i, c := range supp[6].Str {
		if len(c) < 25 || len(c) > 100 {
			t.Fatalf("supplier %d: comment length %d", i+1, len(c))
		}
		if ci := strings.Index(c, "Customer"); ci >= 0 {
			switch {
			case strings.Contains(c[ci:], "Complaints"):
				complaints++
			case strings.Contains(c[ci:], "Recommends"):
				recommends++
			}
		}
		if b := supp[5].I64[i]; b < -99999 || b > 999999 {
			t.Fatalf("supplier %d: balance %d", i+1, b)
		}
	}
	if complaints != 1 || recommends != 1 {
		t.Errorf("sf=0.01: %d complaint and %d recommendation comments, want 1 and 1", complaints, recommends)
	}
}

func TestTextGrammar(t *testing.T) {
	p := textPool()
	if len(p) != textPoolSize {
		t.Fatalf("pool size %d", len(p))
	}
	// Every word of the pool comes from the grammar's vocabulary.
	vocab := map[string]bool{"the": true}
	for _, d := range []*wdist{nouns, verbs, adjectives, adverbs, prepositions, auxiliaries} {
		for _, w := range d.words {
			for _, f := range strings.Fields(w) {
				vocab[f] = true
			}
		}
	}
	words := strings.Fields(p[:1<<16])
	for _, w := range words[1 : len(words)-1] {
		w = strings.TrimRight(w, ".;:?!-,")
		if w != "" && !vocab[w] {
			t.Fatalf("word %q is not in the vocabulary", w)
		}
	}
	r := rng{s: 1}
	for range 1000 {
		if s := text(&r, 5, 22); len(s) < 5 || len(s) > 22 {
			t.Fatalf("text length %d", len(s))
		}
		if s := vstring(&r, 10, 40); len(s) < 10 || len(s) > 40 {
			t.Fatalf("v-string length %d", len(s))
		}
	}
}
