package storage

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/lhsql/lhsql/vector"
)

var memSchema = []Column{{Name: "id", Type: vector.BigInt}, {Name: "name", Type: vector.Varchar}, {Name: "x", Type: vector.Double}}

// makeChunk returns rows [lo, hi) with name NULL for ids divisible by 10.
func makeChunk(lo, hi int) *vector.Chunk {
	n := hi - lo
	c := vector.NewChunk([]vector.Type{vector.BigInt, vector.Varchar, vector.Double}, n)
	for i := 0; i < n; i++ {
		id := lo + i
		c.Cols[0].I64[i] = int64(id)
		if id%10 == 0 {
			c.Cols[1].SetNull(i, n)
		} else {
			c.Cols[1].Str[i] = fmt.Sprintf("n%d", id)
		}
		c.Cols[2].F64[i] = float64(id) / 2
	}
	return c
}

func scanMem(t *testing.T, tbl Table, spec ScanSpec) ([]*vector.Chunk, ScanStats) {
	t.Helper()
	sc, err := tbl.Scan(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	var out []*vector.Chunk
	for i := 0; i < sc.Morsels(); i++ {
		if err := sc.ReadMorsel(context.Background(), i, func(c *vector.Chunk) error {
			out = append(out, c)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	return out, sc.Stats()
}

func TestMemTableAppendCoalesces(t *testing.T) {
	tests := []struct {
		name  string
		sizes []int
	}{
		{"one-big", []int{10000}},
		{"tiny", []int{1, 2, 3, 5, 7, 11, 13, 2000, 1, 4096, 100}},
		{"exact", []int{2048, 2048, 2048}},
		{"with-empty", []int{0, 3000, 0, 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tbl := NewMemTable("t", memSchema)
			total := 0
			for _, n := range tc.sizes {
				if err := tbl.Append(makeChunk(total, total+n)); err != nil {
					t.Fatal(err)
				}
				total += n
			}
			if tbl.RowCount() != int64(total) {
				t.Errorf("RowCount = %d, want %d", tbl.RowCount(), total)
			}
			chunks, st := scanMem(t, tbl, ScanSpec{Columns: []int{0, 1, 2}})
			next := 0
			for i, c := range chunks {
				if i < len(chunks)-1 && c.Len != vector.MaxLen {
					t.Errorf("chunk %d has %d rows; only the last may be partial", i, c.Len)
				}
				for r := 0; r < c.Len; r++ {
					if got := c.Cols[0].I64[r]; got != int64(next) {
						t.Fatalf("row %d: id %d", next, got)
					}
					if null := c.Cols[1].IsNull(r); null != (next%10 == 0) {
						t.Fatalf("row %d: null = %v", next, null)
					}
					if !c.Cols[1].IsNull(r) && c.Cols[1].Str[r] != fmt.Sprintf("n%d", next) {
						t.Fatalf("row %d: name %q", next, c.Cols[1].Str[r])
					}
					next++
				}
			}
			if next != total || st.RowsOut != int64(total) {
				t.Errorf("scanned %d rows (stats %d), want %d", next, st.RowsOut, total)
			}
		})
	}
}

func TestMemTableSelAndConst(t *testing.T) {
	tbl := NewMemTable("t", memSchema)
	c := makeChunk(0, 10)
	c.Sel = vector.Sel{1, 3, 5}
	c.Cols[2] = vector.ConstVector(vector.DoubleValue(9))
	if err := tbl.Append(c); err != nil {
		t.Fatal(err)
	}
	chunks, _ := scanMem(t, tbl, ScanSpec{Columns: []int{2, 0}})
	if len(chunks) != 1 || chunks[0].Len != 3 {
		t.Fatalf("got %d chunks", len(chunks))
	}
	for r, want := range []int64{1, 3, 5} {
		if chunks[0].Cols[1].I64[r] != want || chunks[0].Cols[0].F64[r] != 9 {
			t.Errorf("row %d: %v %v", r, chunks[0].Cols[1].Get(r), chunks[0].Cols[0].Get(r))
		}
	}
	// Mismatched input is rejected.
	bad := vector.NewChunk([]vector.Type{vector.Varchar}, 1)
	if err := tbl.Append(bad); err == nil {
		t.Error("appending a chunk with the wrong columns succeeded")
	}
}

func TestMemTablePruning(t *testing.T) {
	tbl := NewMemTable("t", memSchema)
	const n = 5 * MorselChunks * vector.MaxLen // 5 morsels, ids sorted
	for lo := 0; lo < n; lo += 10000 {
		if err := tbl.Append(makeChunk(lo, min(lo+10000, n))); err != nil {
			t.Fatal(err)
		}
	}
	per := MorselChunks * vector.MaxLen
	i64 := vector.IntValue
	tests := []struct {
		name   string
		f      Filter
		morsel int
	}{
		{"eq", Filter{Col: 0, Op: OpEq, Value: i64(int64(per + 5))}, 1},
		{"lt", Filter{Col: 0, Op: OpLt, Value: i64(10)}, 1},
		{"ge", Filter{Col: 0, Op: OpGe, Value: i64(int64(n - 1))}, 1},
		{"in", Filter{Col: 0, Op: OpIn, Values: []vector.Value{i64(0), i64(int64(n - 1))}}, 2},
		{"ne", Filter{Col: 0, Op: OpNe, Value: i64(3)}, 5},
		{"str", Filter{Col: 1, Op: OpEq, Value: vector.StringValue("zz")}, 0},
		{"isnull", Filter{Col: 1, Op: OpIsNull}, 5},
		{"isnull-none", Filter{Col: 0, Op: OpIsNull}, 0},
		{"dbl-gt", Filter{Col: 2, Op: OpGt, Value: vector.DoubleValue(float64(n))}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc, err := tbl.Scan(context.Background(), ScanSpec{Columns: []int{0}, Filters: []Filter{tc.f}})
			if err != nil {
				t.Fatal(err)
			}
			if sc.Morsels() != tc.morsel || sc.Stats().RowGroupsSkipped != int64(5-tc.morsel) {
				t.Errorf("morsels %d skipped %d, want %d", sc.Morsels(), sc.Stats().RowGroupsSkipped, tc.morsel)
			}
		})
	}
}

func TestMemTableTruncateReplaceConcurrent(t *testing.T) {
	tbl := NewMemTable("t", memSchema)
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				if err := tbl.Append(makeChunk(0, 37)); err != nil {
					t.Error(err)
				}
				sc, err := tbl.Scan(context.Background(), ScanSpec{Columns: []int{0, 1}})
				if err != nil {
					t.Error(err)
					return
				}
				for m := 0; m < sc.Morsels(); m++ {
					_ = sc.ReadMorsel(context.Background(), m, func(c *vector.Chunk) error {
						for r := 0; r < c.Len; r++ {
							_ = c.Cols[1].IsNull(r)
						}
						return nil
					})
				}
			}
		}(w)
	}
	wg.Wait()
	if tbl.RowCount() != 4*50*37 {
		t.Errorf("RowCount = %d", tbl.RowCount())
	}
	if err := tbl.Replace([]*vector.Chunk{makeChunk(0, 5)}); err != nil {
		t.Fatal(err)
	}
	if tbl.RowCount() != 5 {
		t.Errorf("after Replace RowCount = %d", tbl.RowCount())
	}
	tbl.Truncate()
	if chunks, _ := scanMem(t, tbl, ScanSpec{Columns: []int{0}}); tbl.RowCount() != 0 || len(chunks) != 0 {
		t.Errorf("after Truncate: %d rows, %d chunks", tbl.RowCount(), len(chunks))
	}
}
