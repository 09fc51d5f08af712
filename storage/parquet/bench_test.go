package parquet

import (
	"context"
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
	for _, bc := range []struct {
		name    string
		workers int
		cols    []string
	}{
		{"all/parallel", runtime.GOMAXPROCS(0), nil},
		{"all/1worker", 1, nil},
		{"q1cols/1worker", 1, []string{"l_quantity", "l_extendedprice", "l_discount", "l_tax", "l_returnflag", "l_linestatus", "l_shipdate"}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			tbl, err := Open([]string{tpchFile(b, "sf0.1", "lineitem")})
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
			b.ReportAllocs()
			b.ResetTimer()
			var total int64
			for it := 0; it < b.N; it++ {
				sc, err := tbl.Scan(context.Background(), storage.ScanSpec{Columns: cols})
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
		})
	}
}
