package tpchgen

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"
)

// TestWriteParquetTimed writes the Parquet files to $TPCHGEN_OUT at scale
// $TPCHGEN_SF (default 1) and logs the time; it is skipped unless
// TPCHGEN_OUT is set. It is a manual timing aid, not part of the suite.
func TestWriteParquetTimed(t *testing.T) {
	dir := os.Getenv("TPCHGEN_OUT")
	if dir == "" {
		t.Skip("set TPCHGEN_OUT (and TPCHGEN_SF) to time WriteParquet")
	}
	sf := 1.0
	if s := os.Getenv("TPCHGEN_SF"); s != "" {
		var err error
		if sf, err = strconv.ParseFloat(s, 64); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	if err := WriteParquet(context.Background(), sf, dir, 0); err != nil {
		t.Fatal(err)
	}
	t.Logf("WriteParquet sf=%v: %v", sf, time.Since(start))
}

// TestWriteHitsTimed writes $HITS_ROWS rows of hits to $HITS_OUT and logs
// the time; skipped unless HITS_OUT is set.
func TestWriteHitsTimed(t *testing.T) {
	path := os.Getenv("HITS_OUT")
	if path == "" {
		t.Skip("set HITS_OUT (and HITS_ROWS) to time WriteHitsParquet")
	}
	rows := int64(1_000_000)
	if s := os.Getenv("HITS_ROWS"); s != "" {
		var err error
		if rows, err = strconv.ParseInt(s, 10, 64); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	if err := WriteHitsParquet(context.Background(), rows, path, 0); err != nil {
		t.Fatal(err)
	}
	t.Logf("WriteHitsParquet rows=%d: %v", rows, time.Since(start))
}
