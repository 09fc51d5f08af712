package parquet

import (
	"context"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// BenchmarkLineitemScan scans every column of TPC-H SF 0.1 lineitem with
// one worker per CPU claiming row groups, as the engine does.
func BenchmarkLineitemScan(b *testing.B) {
	benchLineitem(b, tpchFile(b, "sf0.1", "lineitem"))
}

// sf1Lineitem is the SF 1 lineitem the bench harness generates
// (make bench-compare SF=1).
const sf1Lineitem = "../../bench/data/sf1/lineitem.parquet"

// BenchmarkLineitemSF1 is BenchmarkLineitemScan on the bench harness's SF 1
// lineitem (lhsql-generated, zstd); it skips when the file is missing.
// "native" and "fallback" compare the page decoder with parquet-go's.
func BenchmarkLineitemSF1(b *testing.B) {
	if _, err := os.Stat(sf1Lineitem); err != nil {
		b.Skipf("%s not present (make bench-compare SF=1 generates it)", sf1Lineitem)
	}
	for _, fb := range []bool{false, true} {
		name := "native"
		if fb {
			name = "fallback"
		}
		b.Run(name, func(b *testing.B) {
			defer func(old bool) { forceFallback = old }(forceFallback)
			forceFallback = fb
			benchLineitem(b, sf1Lineitem)
		})
	}
}

func benchLineitem(b *testing.B, path string) {
	// Q6's and Q1's pushed-down filters (values in the column types'
	// physical units: days, hundredths).
	q6 := []benchFilter{{"l_shipdate", storage.OpGe, 8766}, {"l_shipdate", storage.OpLt, 9131},
		{"l_discount", storage.OpGe, 5}, {"l_discount", storage.OpLe, 7}, {"l_quantity", storage.OpLt, 2400}}
	q1 := []benchFilter{{"l_shipdate", storage.OpLe, 10471}}
	for _, bc := range []struct {
		name    string
		workers int
		cols    []string
		filters []benchFilter
	}{
		{"all/parallel", runtime.GOMAXPROCS(0), nil, nil},
		{"all/1worker", 1, nil, nil},
		{"q1cols/1worker", 1, []string{"l_quantity", "l_extendedprice", "l_discount", "l_tax", "l_returnflag", "l_linestatus", "l_shipdate"}, nil},
		{"q6cols/1worker", 1, []string{"l_quantity", "l_extendedprice", "l_discount", "l_shipdate"}, nil},
		{"q6filter/1worker", 1, []string{"l_quantity", "l_extendedprice", "l_discount", "l_shipdate"}, q6},
		{"q1filter/1worker", 1, []string{"l_quantity", "l_extendedprice", "l_discount", "l_tax", "l_returnflag", "l_linestatus", "l_shipdate"}, q1},
	} {
		b.Run(bc.name, func(b *testing.B) {
			tbl, err := Open([]string{path})
			if err != nil {
				b.Fatal(err)
			}
			defer tbl.Close()
			var cols []int
			if bc.cols == nil {
				for i := range tbl.Schema() {
					cols = append(cols, i)
				}
			} else {
				for _, n := range bc.cols {
					cols = append(cols, colIndex(b, tbl, n))
				}
			}
			var filters []storage.Filter
			for _, f := range bc.filters {
				ci := colIndex(b, tbl, f.col)
				filters = append(filters, storage.Filter{Col: ci, Op: f.op,
					Value: vector.Value{Typ: tbl.Schema()[ci].Type, I64: f.v}})
			}
			b.ReportAllocs()
			cpu0 := cpuTime()
			b.ResetTimer()
			var total int64
			for it := 0; it < b.N; it++ {
				sc, err := tbl.Scan(context.Background(), storage.ScanSpec{Columns: cols, Filters: filters})
				if err != nil {
					b.Fatal(err)
				}
				var next atomic.Int64
				var wg sync.WaitGroup
				var rowsOut atomic.Int64
				for w := 0; w < bc.workers; w++ {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for {
							m := int(next.Add(1) - 1)
							if m >= sc.Morsels() {
								return
							}
							err := sc.ReadMorsel(context.Background(), m, func(c *vector.Chunk) error {
								rowsOut.Add(int64(c.Len))
								return nil
							})
							if err != nil {
								b.Error(err)
								return
							}
						}
					}()
				}
				wg.Wait()
				total += rowsOut.Load()
			}
			b.ReportMetric(float64(total)/b.Elapsed().Seconds(), "rows/s")
			// CPU time is steadier than wall time on a shared machine.
			b.ReportMetric(float64(cpuTime()-cpu0)/1e6/float64(b.N), "cpu-ms/op")
		})
	}
}

// benchFilter is a pushed-down filter "col op v" on an integer-like column.
type benchFilter struct {
	col string
	op  storage.CmpOp
	v   int64
}
