package plan

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// rangeTable is a table with a row count and integer column ranges but no
// data: enough for cardinality estimates.
type rangeTable struct {
	rows   int64
	ranges [][2]int64 // per column: min, max
}

func (t *rangeTable) Schema() []storage.Column {
	out := make([]storage.Column, len(t.ranges))
	for i := range out {
		out[i] = storage.Column{Name: "c", Type: vector.BigInt}
	}
	return out
}

func (t *rangeTable) RowCount() int64 { return t.rows }

func (t *rangeTable) Scan(context.Context, storage.ScanSpec) (storage.Scanner, error) {
	return nil, errors.New("rangeTable has no data")
}

func (t *rangeTable) ColumnRange(col int) (lo, hi vector.Value, ok bool) {
	r := t.ranges[col]
	return vector.IntValue(r[0]), vector.IntValue(r[1]), true
}

// testRel makes a relation over a rangeTable whose columns get ids first,
// first+1, ...
func testRel(rows int64, first ColumnID, ranges ...[2]int64) *relation {
	sc := &Scan{Table: &rangeTable{rows: rows, ranges: ranges}, Label: "t"}
	for i := range ranges {
		sc.IDs = append(sc.IDs, first+ColumnID(i))
		sc.Types = append(sc.Types, vector.BigInt)
	}
	est, base := estimate(sc)
	return &relation{op: sc, cols: colIDSet(sc.Cols()), est: est, base: base}
}

func testEq(t *testing.T, a, b ColumnID) Expr {
	t.Helper()
	f, err := newFunc("=", []Expr{&ColExpr{ID: a, Typ: vector.BigInt}, &ColExpr{ID: b, Typ: vector.BigInt}})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestSplitEstimate(t *testing.T) {
	tests := []struct {
		name     string
		a, b     *relation
		aID, bID ColumnID
		want     float64
	}{
		// Foreign key (sparse domain) to primary key: every fact row
		// finds its one partner.
		{"fk", testRel(6e6, 1, [2]int64{1, 6e6}), testRel(1.5e6, 10, [2]int64{1, 6e6}), 1, 10, 6e6},
		// Both sides share 25 distinct values: a many-to-many join.
		{"low-ndv", testRel(150e3, 1, [2]int64{0, 24}), testRel(10e3, 10, [2]int64{0, 24}), 1, 10, 150e3 * 10e3 / 25},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rels := []*relation{tc.a, tc.b}
			edges, ndv := testEdges(t, rels, []Expr{testEq(t, tc.aID, tc.bID)})
			got, ok := splitEstimate(tc.a, tc.b, 1, 2, edges, ndv)
			if !ok || math.Abs(got-tc.want) > tc.want*1e-9 {
				t.Fatalf("splitEstimate = %v, %v; want %v, true", got, ok, tc.want)
			}
		})
	}
}

// testEdges builds the edges and distinct counts dpOrder would use.
func testEdges(t *testing.T, rels []*relation, conds []Expr) ([]joinEdge, map[ColumnID]float64) {
	t.Helper()
	var edges []joinEdge
	for _, c := range conds {
		f := c.(*FuncExpr)
		l, r := f.Args[0].(*ColExpr), f.Args[1].(*ColExpr)
		e := joinEdge{pred: c, lid: l.ID, rid: r.ID}
		for i, rel := range rels {
			if rel.cols.has(l.ID) {
				e.lmask |= 1 << i
			}
			if rel.cols.has(r.ID) {
				e.rmask |= 1 << i
			}
		}
		e.mask = e.lmask | e.rmask
		edges = append(edges, e)
	}
	ndv := map[ColumnID]float64{}
	for _, r := range rels {
		for id := range r.cols {
			if d, ok := columnNDV(r.op, id); ok {
				ndv[id] = d
			}
		}
	}
	return edges, ndv
}

// TestDPOrderAvoidsLowNDVJoin checks a Q5-like region: a fact table with
// foreign keys to two dimensions that also share a 25-value attribute.
// Joining the two dimensions first on that attribute would explode.
func TestDPOrderAvoidsLowNDVJoin(t *testing.T) {
	fact := testRel(6e6, 1, [2]int64{1, 150e3}, [2]int64{1, 10e3})  // ids 1 (cust), 2 (supp)
	cust := testRel(150e3, 10, [2]int64{1, 150e3}, [2]int64{0, 24}) // ids 10 (key), 11 (nation)
	supp := testRel(10e3, 20, [2]int64{1, 10e3}, [2]int64{0, 24})   // ids 20 (key), 21 (nation)
	conds := []Expr{testEq(t, 1, 10), testEq(t, 2, 20), testEq(t, 11, 21)}
	rel, rest, ok := dpOrder([]*relation{fact, cust, supp}, conds)
	if !ok || len(rest) != 0 {
		t.Fatalf("dpOrder ok=%v rest=%v", ok, rest)
	}
	var check func(op Op)
	check = func(op Op) {
		j, isJoin := op.(*Join)
		if !isJoin {
			return
		}
		_, ls := j.Left.(*Scan)
		_, rs := j.Right.(*Scan)
		if ls && rs && j.Left != fact.op && j.Right != fact.op {
			t.Errorf("dimensions joined with each other first: %v", j.Conds)
		}
		le, _ := estimate(j.Left)
		re, _ := estimate(j.Right)
		if re > le {
			t.Errorf("join builds the larger side (%v rows) and probes %v rows", re, le)
		}
		check(j.Left)
		check(j.Right)
	}
	check(rel.op)
}
