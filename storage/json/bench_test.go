package json

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// lineitemJSON returns n newline-delimited records shaped like TPC-H
// lineitem rows as COPY TO writes them.
func lineitemJSON(n int) []byte {
	var sb strings.Builder
	modes := []string{"TRUCK", "MAIL", "REG AIR", "AIR", "FOB", "RAIL", "SHIP"}
	for i := range n {
		fmt.Fprintf(&sb, `{"l_orderkey":%d,"l_partkey":%d,"l_suppkey":%d,"l_linenumber":%d,"l_quantity":%d.00,"l_extendedprice":%d.%02d,"l_discount":0.0%d,"l_tax":0.0%d,"l_returnflag":"N","l_linestatus":"O","l_shipdate":"1996-%02d-%02d","l_commitdate":"1996-02-12","l_receiptdate":"1996-03-22","l_shipinstruct":"DELIVER IN PERSON","l_shipmode":"%s","l_comment":"egular courts above the %d"}`+"\n",
			i/4+1, i*7919%200000, i*31%10000, i%7+1, i%50+1, i*13%100000, i%100, i%10, i%9, i%12+1, i%28+1, modes[i%7], i)
	}
	return []byte(sb.String())
}

// scanAll reads every morsel of a scan of cols and returns the row count.
func scanAll(b *testing.B, tbl storage.Table, cols []int) int {
	sc, err := tbl.Scan(context.Background(), storage.ScanSpec{Columns: cols})
	if err != nil {
		b.Fatal(err)
	}
	rows := 0
	for m := 0; m < sc.Morsels(); m++ {
		err := sc.ReadMorsel(context.Background(), m, func(ch *vector.Chunk) error {
			rows += ch.Rows()
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return rows
}

// BenchmarkReadNDJSON opens and scans newline-delimited lineitem records,
// all columns and a projection of three.
func BenchmarkReadNDJSON(b *testing.B) {
	const n = 50000
	data := lineitemJSON(n)
	for _, bc := range []struct {
		name string
		cols []int
	}{{"all", []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}}, {"proj3", []int{0, 4, 15}}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				tbl, err := Parse("bench.json", data, Options{})
				if err != nil {
					b.Fatal(err)
				}
				if got := scanAll(b, tbl, bc.cols); got != n {
					b.Fatalf("rows = %d, want %d", got, n)
				}
			}
		})
	}
}

// BenchmarkDetect measures schema detection alone: Parse samples
// DefaultSampleRows records.
func BenchmarkDetect(b *testing.B) {
	data := lineitemJSON(DefaultSampleRows)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("bench.json", data, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScanNDJSON measures decoding alone: one table, scanned again
// and again.
func BenchmarkScanNDJSON(b *testing.B) {
	const n = 50000
	data := lineitemJSON(n)
	tbl, err := Parse("bench.json", data, Options{})
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		cols []int
	}{{"all", []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}}, {"proj3", []int{0, 4, 15}}, {"none", nil}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if got := scanAll(b, tbl, bc.cols); got != n {
					b.Fatalf("rows = %d, want %d", got, n)
				}
			}
		})
	}
}
