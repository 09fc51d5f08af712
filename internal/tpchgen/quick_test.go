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
