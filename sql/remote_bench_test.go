package sql_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	lsql "github.com/lhsql/lhsql/sql"
	"github.com/lhsql/lhsql/storage/remote"
	"github.com/lhsql/lhsql/storage/remote/remotetest"
	pq "github.com/parquet-go/parquet-go"
)

// TestRemoteTPCHFigures reports TPC-H Q1 and Q6 over S3 on loopback, cold
// and warm, beside the same queries over local files, and the bytes a cold
// run fetches against the column-chunk bytes the queries need. It runs
// only when LHSQL_REMOTE_BENCH names a directory holding lineitem.parquet
// (e.g. lhsql gen tpch --sf 1 --out /tmp/tpch-sf1).
func TestRemoteTPCHFigures(t *testing.T) {
	dir := os.Getenv("LHSQL_REMOTE_BENCH")
	if dir == "" {
		t.Skip("set LHSQL_REMOTE_BENCH to a TPC-H data directory to measure remote reads")
	}
	lineitem := filepath.Join(dir, "lineitem.parquet")
	s3 := remotetest.StartS3(t, "bench")
	s3.PutFile(t, "bench", "lineitem.parquet", lineitem)
	px := remotetest.NewProxy(t, "http://"+s3.Endpoint)
	t.Cleanup(func() {
		remote.SetCacheSize(0)
		remote.CloseCaches()
		remote.DropSecret("bench", true)
	})
	db, _ := lsql.Open(":memory:")
	c := db.Conn()
	mustRows(t, c, "SET cache_dir = '"+t.TempDir()+"'")
	mustRows(t, c, "SET cache_size = '10GB'")
	mustRows(t, c, fmt.Sprintf("CREATE SECRET bench (TYPE s3, KEY_ID '%s', SECRET '%s', ENDPOINT '%s', URL_STYLE 'path', USE_SSL false)",
		s3.Access, s3.Secret, strings.TrimPrefix(px.URL, "http://")))

	queries := map[string]struct {
		sql  string
		cols []string
	}{
		"Q1": {"q01.sql",
			[]string{"l_returnflag", "l_linestatus", "l_quantity", "l_extendedprice", "l_discount", "l_tax", "l_shipdate"}},
		"Q6": {"q06.sql",
			[]string{"l_shipdate", "l_discount", "l_quantity", "l_extendedprice"}},
	}
	f, err := os.Open(lineitem)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := f.Stat()
	pf, err := pq.OpenFile(f, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	needed := func(cols []string) int64 {
		var n int64
		md := pf.Metadata()
		for _, rg := range md.RowGroups {
			for _, cc := range rg.Columns {
				for _, c := range cols {
					if len(cc.MetaData.PathInSchema) == 1 && cc.MetaData.PathInSchema[0] == c {
						n += cc.MetaData.TotalCompressedSize
					}
				}
			}
		}
		return n
	}
	timeQ := func(q string) (time.Duration, []string) {
		start := time.Now()
		rows := mustRows(t, c, q)
		return time.Since(start), rows
	}
	median := func(d []time.Duration) time.Duration {
		d = slices.Clone(d)
		slices.Sort(d)
		return d[len(d)/2]
	}
	runs := 7
	if n, err := strconv.Atoi(os.Getenv("LHSQL_REMOTE_BENCH_RUNS")); err == nil && n > 0 {
		runs = n
	}
	for _, name := range []string{"Q1", "Q6"} {
		q := queries[name]
		b, err := os.ReadFile(filepath.Join(remoteTPCHDir(t), "queries", q.sql))
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		localQ := strings.Replace(text, "lineitem", "'"+lineitem+"'", 1)
		remoteQ := strings.Replace(text, "lineitem", "'s3://bench/lineitem.parquet'", 1)
		_, want := timeQ(localQ) // warms the page cache
		px.ResetCounters()
		// A fresh cache directory: the cache is cold for this query's
		// columns only if no earlier query read them.
		mustRows(t, c, "SET cache_dir = '"+t.TempDir()+"'")
		cold, got := timeQ(remoteQ)
		coldBytes, coldGets := px.RangeBytes.Load(), px.RangedGets.Load()
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s over S3 differs from local", name)
		}
		px.ResetCounters()
		// Warm remote runs alternate with local runs, so that both see the
		// same load on a shared machine.
		var local, warm, ratios []time.Duration
		for range runs {
			d, _ := timeQ(localQ)
			local = append(local, d)
			w, got := timeQ(remoteQ)
			warm = append(warm, w)
			ratios = append(ratios, time.Duration(float64(w)/float64(d)*1000))
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("%s over S3 (warm) differs from local", name)
			}
		}
		round := func(d []time.Duration) []time.Duration {
			out := make([]time.Duration, len(d))
			for i, x := range d {
				out[i] = x.Round(time.Millisecond)
			}
			return out
		}
		t.Logf("%s runs: local %v, S3 warm %v", name, round(local), round(warm))
		need := needed(q.cols)
		t.Logf("%s (%d runs): local median %v | S3 cold %v (%d ranged GETs, %.1f MiB fetched, %.3fx the %.1f MiB of needed column chunks) | S3 warm median %v (%d ranged GETs) | warm/local: %.2fx of medians, median of per-run ratios %.2fx",
			name, runs, median(local).Round(time.Millisecond), cold.Round(time.Millisecond), coldGets, float64(coldBytes)/(1<<20),
			float64(coldBytes)/float64(need), float64(need)/(1<<20), median(warm).Round(time.Millisecond),
			px.RangedGets.Load(), float64(median(warm))/float64(median(local)), float64(median(ratios))/1000)
		if px.RangedGets.Load() != 0 {
			t.Errorf("%s warm runs made %d ranged GETs", name, px.RangedGets.Load())
		}
	}
}
