package parquet

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

const tpchDir = "../../../shared/tpch/data"

func tpchFile(t testing.TB, sf, name string) string {
	t.Helper()
	p := filepath.Join(tpchDir, sf, name+".parquet")
	if _, err := os.Stat(p); err != nil {
		t.Skipf("TPC-H data not available (%v); skipping", err)
	}
	return p
}

// scanAll reads every morsel of a scan (in parallel) and returns the chunks
// in morsel order.
func scanAll(t testing.TB, tbl storage.Table, spec storage.ScanSpec) ([][]*vector.Chunk, storage.ScanStats) {
	t.Helper()
	sc, err := tbl.Scan(context.Background(), spec)
	if err != nil {
		t.Fatalf("Scan: %v", err)
	}
	defer sc.Close()
	out := make([][]*vector.Chunk, sc.Morsels())
	errs := make([]error, sc.Morsels())
	var wg sync.WaitGroup
	for i := 0; i < sc.Morsels(); i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			errs[i] = sc.ReadMorsel(context.Background(), i, func(c *vector.Chunk) error {
				if c.Len > vector.MaxLen || c.Len <= 0 {
					t.Errorf("chunk of %d rows", c.Len)
				}
				out[i] = append(out[i], c)
				return nil
			})
		}(i)
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("ReadMorsel(%d): %v", i, err)
		}
	}
	return out, sc.Stats()
}

// rows flattens scanned chunks into rows of values.
func rows(chunks [][]*vector.Chunk) [][]vector.Value {
	var out [][]vector.Value
	for _, m := range chunks {
		for _, c := range m {
			for r := 0; r < c.Len; r++ {
				row := make([]vector.Value, len(c.Cols))
				for j, v := range c.Cols {
					row[j] = v.Get(r)
				}
				out = append(out, row)
			}
		}
	}
	return out
}

func colIndex(t testing.TB, tbl storage.Table, name string) int {
	for i, c := range tbl.Schema() {
		if c.Name == name {
			return i
		}
	}
	t.Fatalf("no column %q", name)
	return -1
}

func TestTPCHSchemas(t *testing.T) {
	tests := []struct {
		table string
		rows  int64
		cols  map[string]string
	}{
		{"lineitem", 60175, map[string]string{
			"l_orderkey": "BIGINT", "l_quantity": "DECIMAL(15,2)", "l_extendedprice": "DECIMAL(15,2)",
			"l_returnflag": "VARCHAR", "l_shipdate": "DATE", "l_comment": "VARCHAR",
		}},
		{"orders", 15000, map[string]string{"o_orderdate": "DATE", "o_shippriority": "INTEGER", "o_totalprice": "DECIMAL(15,2)"}},
		{"nation", 25, map[string]string{"n_nationkey": "INTEGER", "n_name": "VARCHAR"}},
		{"region", 5, map[string]string{"r_regionkey": "INTEGER", "r_name": "VARCHAR"}},
	}
	for _, tc := range tests {
		t.Run(tc.table, func(t *testing.T) {
			tbl, err := Open([]string{tpchFile(t, "sf0.01", tc.table)})
			if err != nil {
				t.Fatal(err)
			}
			defer tbl.Close()
			if got := tbl.RowCount(); got != tc.rows {
				t.Errorf("RowCount = %d, want %d", got, tc.rows)
			}
			for name, want := range tc.cols {
				if got := tbl.Schema()[colIndex(t, tbl, name)].Type.String(); got != want {
					t.Errorf("%s: type %s, want %s", name, got, want)
				}
			}
			all := make([]int, len(tbl.Schema()))
			for i := range all {
				all[i] = i
			}
			chunks, st := scanAll(t, tbl, storage.ScanSpec{Columns: all})
			if n := int64(len(rows(chunks))); n != tc.rows {
				t.Errorf("scanned %d rows, want %d", n, tc.rows)
			}
			if st.RowsOut != tc.rows {
				t.Errorf("stats RowsOut = %d, want %d", st.RowsOut, tc.rows)
			}
		})
	}
}

func TestTPCHValues(t *testing.T) {
	tbl, err := Open([]string{tpchFile(t, "sf0.01", "lineitem")})
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Close()
	cols := []int{
		colIndex(t, tbl, "l_orderkey"), colIndex(t, tbl, "l_linenumber"), colIndex(t, tbl, "l_quantity"),
		colIndex(t, tbl, "l_extendedprice"), colIndex(t, tbl, "l_shipdate"), colIndex(t, tbl, "l_returnflag"),
		colIndex(t, tbl, "l_shipmode"), colIndex(t, tbl, "l_comment"),
	}
	chunks, _ := scanAll(t, tbl, storage.ScanSpec{Columns: cols})
	rs := rows(chunks)
	// The first row of TPC-H lineitem; extendedprice depends on the scale
	// factor and is checked through Q1 below.
	want := []string{"1", "1", "17.00", "", "1996-03-13", "N", "TRUCK", "egular courts above the"}
	for j, w := range want {
		if w == "" {
			continue
		}
		if got := rs[0][j].String(); got != w {
			t.Errorf("row 0 col %d = %q, want %q", j, got, w)
		}
	}
	// Recompute TPC-H Q1's sums and counts and compare them with DuckDB's
	// answer for the same file.
	ans, err := os.ReadFile(filepath.Join(tpchDir, "..", "answers", "sf0.01", "q01.csv"))
	if err != nil {
		t.Skipf("no Q1 answer: %v", err)
	}
	type agg struct{ qty, price, n int64 }
	got := map[string]*agg{}
	cutoff := vector.DateFromCivil(1998, 9, 2)
	flagCol := colIndex(t, tbl, "l_linestatus")
	chunks, _ = scanAll(t, tbl, storage.ScanSpec{Columns: []int{cols[2], cols[3], cols[4], cols[5], flagCol}})
	for _, r := range rows(chunks) {
		if r[2].I64 > cutoff {
			continue
		}
		k := r[3].Str + "|" + r[4].Str
		a := got[k]
		if a == nil {
			a = &agg{}
			got[k] = a
		}
		a.qty += r[0].I64
		a.price += r[1].I64
		a.n++
	}
	lines := strings.Split(strings.TrimSpace(string(ans)), "\n")[1:]
	if len(lines) != len(got) {
		t.Errorf("%d groups, answer has %d", len(got), len(lines))
	}
	for _, line := range lines {
		f := strings.Split(line, "|")
		a := got[f[0]+"|"+f[1]]
		if a == nil {
			t.Errorf("missing group %s|%s", f[0], f[1])
			continue
		}
		if q := vector.FormatDecimal(a.qty, 2); q != f[2] {
			t.Errorf("group %s|%s sum_qty %s, want %s", f[0], f[1], q, f[2])
		}
		if p := vector.FormatDecimal(a.price, 2); p != f[3] {
			t.Errorf("group %s|%s sum_base_price %s, want %s", f[0], f[1], p, f[3])
		}
		if n := strconv.FormatInt(a.n, 10); n != f[9] {
			t.Errorf("group %s|%s count %s, want %s", f[0], f[1], n, f[9])
		}
	}
}
