package parquet

import (
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/storage/remote"
	"github.com/lhsql/lhsql/storage/remote/remotetest"
	"github.com/lhsql/lhsql/vector"
	pq "github.com/parquet-go/parquet-go"
)

// remoteTarget serves local files over HTTP or S3 through a counting
// proxy.
type remoteTarget struct {
	name  string
	proxy *remotetest.Proxy
	url   func(t *testing.T, local string) string // publishes a file, returns its URL
}

// remoteTargets returns an HTTP target and, when versitygw is installed,
// an S3 target.
func remoteTargets(t *testing.T) []remoteTarget {
	fs := remotetest.NewFileServer(t)
	hp := remotetest.NewProxy(t, fs.URL)
	out := []remoteTarget{{name: "http", proxy: hp, url: func(t *testing.T, local string) string {
		p := "/" + filepath.Base(local)
		fs.PutFile(t, p, local)
		return hp.URL + p
	}}}
	if remotetest.VersityPath() == "" {
		t.Log("versitygw is not installed: S3 cases skipped (go install github.com/versity/versitygw/cmd/versitygw@v1.8.0)")
		return out
	}
	s3 := remotetest.StartS3(t, "lake")
	sp := remotetest.NewProxy(t, "http://"+s3.Endpoint)
	secret := &remote.Secret{Name: "parquet_test", KeyID: s3.Access, Secret: s3.Secret,
		Endpoint: strings.TrimPrefix(sp.URL, "http://"), URLStyle: "path", Region: "us-east-1"}
	off := false
	secret.UseSSL = &off
	if err := remote.CreateSecret(secret, true, false); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { remote.DropSecret("parquet_test", true) })
	return append(out, remoteTarget{name: "s3", proxy: sp, url: func(t *testing.T, local string) string {
		key := "tpch/" + filepath.Base(local)
		s3.PutFile(t, "lake", key, local)
		return "s3://lake/" + key
	}})
}

func setRemoteCache(t *testing.T, size int64) {
	t.Helper()
	if err := remote.SetCacheSize(size); err != nil {
		t.Fatal(err)
	}
	if size > 0 {
		if err := remote.SetCacheDir(t.TempDir()); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		remote.SetCacheSize(0)
		remote.CloseCaches()
	})
}

// readRows scans the given columns of tbl and renders every row.
func remoteReadRows(t *testing.T, tbl storage.Table, spec storage.ScanSpec) ([]string, storage.ScanStats) {
	t.Helper()
	ctx := context.Background()
	sc, err := tbl.Scan(ctx, spec)
	if err != nil {
		t.Fatalf("Scan: %v", err)
	}
	defer sc.Close()
	var rows []string
	for i := range sc.Morsels() {
		err := sc.ReadMorsel(ctx, i, func(c *vector.Chunk) error {
			for r := range c.Len {
				var b strings.Builder
				for _, col := range c.Cols {
					fmt.Fprintf(&b, "%v|", col.Get(r))
				}
				rows = append(rows, b.String())
			}
			return nil
		})
		if err != nil {
			t.Fatalf("ReadMorsel(%d): %v", i, err)
		}
	}
	return rows, sc.Stats()
}

func remoteAllCols(tbl storage.Table) []int {
	cols := make([]int, len(tbl.Schema()))
	for i := range cols {
		cols[i] = i
	}
	return cols
}

func remoteSameRows(t *testing.T, what string, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d rows, want %d", what, len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%s: row %d = %s, want %s", what, i, got[i], want[i])
		}
	}
}

func TestRemoteMatchesLocal(t *testing.T) {
	setRemoteCache(t, 1<<30)
	files := []string{"lineitem", "orders", "customer", "nation"}
	for _, tg := range remoteTargets(t) {
		t.Run(tg.name, func(t *testing.T) {
			for _, name := range files {
				local := tpchFile(t, "sf0.01", name)
				lt, err := Open([]string{local})
				if err != nil {
					t.Fatal(err)
				}
				want, _ := remoteReadRows(t, lt, storage.ScanSpec{Columns: remoteAllCols(lt)})
				u := tg.url(t, local)
				for _, run := range []string{"cold", "warm"} {
					rt, err := Open([]string{u})
					if err != nil {
						t.Fatalf("%s %s: %v", name, run, err)
					}
					got, st := remoteReadRows(t, rt, storage.ScanSpec{Columns: remoteAllCols(rt)})
					remoteSameRows(t, name+" "+run, got, want)
					if run == "warm" && (st.Requests != 0 || st.BytesFromCache == 0) {
						t.Errorf("%s warm: %d requests, %d bytes from cache", name, st.Requests, st.BytesFromCache)
					}
				}
			}
		})
	}
}

// remoteSortedRec is a row of the multi-row-group test file.
type remoteSortedRec struct {
	ID   int64  `parquet:"id"`
	Name string `parquet:"name"`
	Pad  string `parquet:"pad"`
	V    int64  `parquet:"v"`
}

// writeSorted writes n rows sorted by id in row groups of rg rows.
func remoteWriteSorted(t *testing.T, path string, n, rg int) {
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := pq.NewGenericWriter[remoteSortedRec](f, pq.MaxRowsPerRowGroup(int64(rg)))
	recs := make([]remoteSortedRec, n)
	for i := range recs {
		recs[i] = remoteSortedRec{ID: int64(i), Name: fmt.Sprintf("name-%d", i*7919%n), Pad: strings.Repeat("x", i%50), V: int64(i * 3)}
	}
	if _, err := w.Write(recs); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestRemoteReadsOnlyNeededBytes checks that a pruned, projected scan
// fetches the footer and the needed column chunks of surviving row groups,
// and nothing else.
func TestRemoteReadsOnlyNeededBytes(t *testing.T) {
	setRemoteCache(t, 0)
	path := filepath.Join(t.TempDir(), "sorted.parquet")
	remoteWriteSorted(t, path, 200000, 20000)
	lt, err := Open([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	fsize := func() int64 { st, _ := os.Stat(path); return st.Size() }()
	// id >= 150000 keeps the last 3 of 10 row groups; read id and v.
	spec := storage.ScanSpec{Columns: []int{0, 3}, Filters: []storage.Filter{{Col: 0, Op: storage.OpGe, Value: vector.IntValue(150000)}}}
	want, _ := remoteReadRows(t, lt, spec)
	md := lt.files[0].pf.Metadata()
	var needed int64
	for _, rg := range md.RowGroups[7:] {
		for _, leaf := range []int{0, 3} {
			needed += rg.Columns[leaf].MetaData.TotalCompressedSize
		}
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	footerLen := int64(binary.LittleEndian.Uint32(raw[len(raw)-8:])) + 8
	footer := min(max(int64(footerGuess), footerLen), fsize)
	openGets := int64(1) // the speculative tail read
	if footerLen > footerGuess {
		openGets = 2 // and the rest of a long footer
	}
	for _, tg := range remoteTargets(t) {
		t.Run(tg.name, func(t *testing.T) {
			u := tg.url(t, path)
			tg.proxy.ResetCounters()
			rt, err := Open([]string{u})
			if err != nil {
				t.Fatal(err)
			}
			if g := tg.proxy.RangedGets.Load(); g != openGets {
				t.Errorf("opening made %d ranged GETs, want %d (footer %d bytes)", g, openGets, footerLen)
			}
			got, st := remoteReadRows(t, rt, spec)
			remoteSameRows(t, "pruned scan", got, want)
			if st.RowGroupsSkipped != 7 {
				t.Errorf("skipped %d row groups, want 7", st.RowGroupsSkipped)
			}
			fetched := tg.proxy.RangeBytes.Load()
			t.Logf("file %d bytes, needed chunks %d + footer %d, fetched %d in %d ranged GETs",
				fsize, needed, footer, fetched, tg.proxy.RangedGets.Load())
			if fetched > needed+footer {
				t.Errorf("fetched %d bytes, more than the %d needed (+%d footer)", fetched, needed, footer)
			}
			if st.BytesFetched != fetched {
				t.Errorf("scan stats count %d bytes fetched, proxy saw %d", st.BytesFetched, fetched)
			}
			if st.Requests != tg.proxy.RangedGets.Load() {
				t.Errorf("scan stats count %d requests, proxy saw %d ranged GETs", st.Requests, tg.proxy.RangedGets.Load())
			}
		})
	}
}

func TestRemoteColdWarm(t *testing.T) {
	setRemoteCache(t, 1<<30)
	local := tpchFile(t, "sf0.01", "lineitem")
	for _, tg := range remoteTargets(t) {
		t.Run(tg.name, func(t *testing.T) {
			u := tg.url(t, local)
			spec := storage.ScanSpec{Columns: []int{4, 5, 6, 10}}
			var cold []string
			for _, run := range []string{"cold", "warm"} {
				tg.proxy.ResetCounters()
				rt, err := Open([]string{u})
				if err != nil {
					t.Fatal(err)
				}
				rows, st := remoteReadRows(t, rt, spec)
				gets := tg.proxy.RangedGets.Load()
				t.Logf("%s: %d ranged GETs, %d requests in all, %d bytes fetched, %d from cache",
					run, gets, tg.proxy.Requests.Load(), st.BytesFetched, st.BytesFromCache)
				if run == "cold" {
					cold = rows
					if gets == 0 {
						t.Fatal("cold run made no ranged GETs")
					}
					continue
				}
				remoteSameRows(t, "warm", rows, cold)
				if gets != 0 {
					t.Errorf("warm run made %d ranged GETs", gets)
				}
			}
		})
	}
}

func TestRemoteFaultInjection(t *testing.T) {
	setRemoteCache(t, 0)
	b, m := remote.BaseBackoff, remote.MaxBackoff
	remote.BaseBackoff, remote.MaxBackoff = 5*time.Millisecond, 50*time.Millisecond
	// Small requests, so that a scan makes many and meets many faults.
	mr, mg := remote.MaxRequest, remote.MaxGap
	remote.MaxRequest, remote.MaxGap = 32<<10, 0
	t.Cleanup(func() { remote.BaseBackoff, remote.MaxBackoff, remote.MaxRequest, remote.MaxGap = b, m, mr, mg })
	local := tpchFile(t, "sf0.01", "lineitem")
	lt, err := Open([]string{local})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := remoteReadRows(t, lt, storage.ScanSpec{Columns: remoteAllCols(lt)})
	for _, tg := range remoteTargets(t) {
		t.Run(tg.name, func(t *testing.T) {
			u := tg.url(t, local)
			tg.proxy.SetFaults(0.2, 0.15)
			defer tg.proxy.SetFaults(0, 0)
			for i := range 3 {
				rt, err := Open([]string{u})
				if err != nil {
					t.Fatalf("open %d: %v", i, err)
				}
				got, _ := remoteReadRows(t, rt, storage.ScanSpec{Columns: remoteAllCols(rt)})
				remoteSameRows(t, "faulty scan", got, want)
			}
			if tg.proxy.Faults.Load() == 0 {
				t.Fatal("no faults injected")
			}
			t.Logf("%d requests, %d faults injected", tg.proxy.Requests.Load(), tg.proxy.Faults.Load())
		})
	}
}

func TestRemoteFailingServer(t *testing.T) {
	setRemoteCache(t, 0)
	b, m := remote.BaseBackoff, remote.MaxBackoff
	remote.BaseBackoff, remote.MaxBackoff = 5*time.Millisecond, 50*time.Millisecond
	t.Cleanup(func() { remote.BaseBackoff, remote.MaxBackoff = b, m })
	local := tpchFile(t, "sf0.01", "lineitem")
	for _, tg := range remoteTargets(t) {
		t.Run(tg.name, func(t *testing.T) {
			u := tg.url(t, local)
			rt, err := Open([]string{u})
			if err != nil {
				t.Fatal(err)
			}
			tg.proxy.SetAlwaysFail(true)
			defer tg.proxy.SetAlwaysFail(false)
			start := time.Now()
			sc, err := rt.Scan(context.Background(), storage.ScanSpec{Columns: remoteAllCols(rt)})
			if err != nil {
				t.Fatal(err)
			}
			err = sc.ReadMorsel(context.Background(), 0, func(*vector.Chunk) error { return nil })
			if err == nil || !strings.Contains(err.Error(), u) {
				t.Fatalf("scan against failing server: %v", err)
			}
			if _, err := Open([]string{u}); err == nil || !strings.Contains(err.Error(), u) {
				t.Fatalf("open against failing server: %v", err)
			}
			if d := time.Since(start); d > 20*time.Second {
				t.Errorf("failing took %s", d)
			}
			t.Log(err)
		})
	}
}

// TestRemoteOpensFilesInParallel opens many remote files behind a slow
// proxy: footers are read concurrently, within the bound, and a missing
// file fails the open with an error naming it.
func TestRemoteOpensFilesInParallel(t *testing.T) {
	setRemoteCache(t, 0)
	dir := t.TempDir()
	const nfiles = 24
	var locals []string
	for i := range nfiles {
		p := filepath.Join(dir, fmt.Sprintf("part-%02d.parquet", i))
		remoteWriteSorted(t, p, 500+i, 1000)
		locals = append(locals, p)
	}
	lt, err := Open(locals)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := remoteReadRows(t, lt, storage.ScanSpec{Columns: remoteAllCols(lt)})
	for _, tg := range remoteTargets(t) {
		t.Run(tg.name, func(t *testing.T) {
			var urls []string
			for _, p := range locals {
				urls = append(urls, tg.url(t, p))
			}
			missing := strings.Replace(urls[nfiles/2], "part-", "nothing-", 1)
			tests := []struct {
				name    string
				urls    []string
				wantErr string
			}{
				{"all present", urls, ""},
				{"one missing", append(append(append([]string{}, urls[:nfiles/2]...), missing), urls[nfiles/2:]...), "nothing-"},
			}
			for _, tc := range tests {
				t.Run(tc.name, func(t *testing.T) {
					tg.proxy.SetDelay(20 * time.Millisecond)
					defer tg.proxy.SetDelay(0)
					tg.proxy.ResetCounters()
					start := time.Now()
					rt, err := Open(tc.urls)
					took := time.Since(start)
					if tc.wantErr != "" {
						if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
							t.Fatalf("open with a missing file: %v", err)
						}
						return
					}
					if err != nil {
						t.Fatal(err)
					}
					defer rt.Close()
					peak := tg.proxy.PeakInFlight.Load()
					t.Logf("opened %d files in %v with %d requests, at most %d at once",
						nfiles, took.Round(time.Millisecond), tg.proxy.Requests.Load(), peak)
					if peak < 2 || peak > openParallelism {
						t.Errorf("at most %d requests at once while opening, want 2..%d", peak, openParallelism)
					}
					tg.proxy.SetDelay(0)
					got, _ := remoteReadRows(t, rt, storage.ScanSpec{Columns: remoteAllCols(rt)})
					remoteSameRows(t, "files opened in parallel", got, want)
				})
			}
		})
	}
}

// TestRemotePageIndexReads scans a remote file with page indexes through a
// filter that reads them: the indexes come with the footer, so a cold scan
// makes no request per index, and a warm scan makes none at all.
func TestRemotePageIndexReads(t *testing.T) {
	setRemoteCache(t, 1<<30)
	const n = 300_000
	data := make([]sortedRow, n)
	for i := range data {
		data[i] = sortedRow{ID: int64(i), Name: fmt.Sprintf("n%d", i%50), F: float64(i) / 2}
	}
	path := filepath.Join(t.TempDir(), "indexed.parquet")
	// Small pages: the page indexes do not fit in the speculative tail read.
	writeRows(t, path, data, pq.PageBufferSize(1<<10), pq.MaxRowsPerRowGroup(150_000), pq.Compression(&pq.Zstd))
	if raw, err := os.ReadFile(path); err != nil {
		t.Fatal(err)
	} else if footer := int64(binary.LittleEndian.Uint32(raw[len(raw)-8:])) + 8; footer+int64(footerGuess) > int64(len(raw)) {
		t.Fatalf("file of %d bytes too small for the test", len(raw))
	}
	lt, err := Open([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	cols := []int{0, 1, 2, 3}
	spec := storage.ScanSpec{Columns: cols, Filters: []storage.Filter{
		{Col: 0, Op: storage.OpGe, Value: vector.IntValue(123_456)},
		{Col: 0, Op: storage.OpLe, Value: vector.IntValue(160_000)},
	}}
	want, _ := remoteReadRows(t, lt, spec)
	rgs := len(lt.files[0].pf.Metadata().RowGroups)
	var chunkBytes int64
	for _, rg := range lt.files[0].pf.Metadata().RowGroups {
		for _, c := range rg.Columns {
			chunkBytes += c.MetaData.TotalCompressedSize
		}
	}
	for _, tg := range remoteTargets(t) {
		t.Run(tg.name, func(t *testing.T) {
			u := tg.url(t, path)
			for _, run := range []string{"cold", "warm"} {
				tg.proxy.ResetCounters()
				rt, err := Open([]string{u})
				if err != nil {
					t.Fatal(err)
				}
				got, st := remoteReadRows(t, rt, spec)
				remoteSameRows(t, run, got, want)
				gets := tg.proxy.RangedGets.Load()
				t.Logf("%s: %d ranged GETs, %d pages read, %d skipped, %d of %d chunk bytes fetched", run, gets, st.Pages, st.PagesSkipped, st.BytesFetched, chunkBytes)
				// Only the pages the filter needs are fetched (12% of the
				// rows), not whole column chunks.
				if run == "cold" && st.BytesFetched > chunkBytes*2/5 {
					t.Errorf("cold: fetched %d bytes of the %d in the column chunks", st.BytesFetched, chunkBytes)
				}
				switch {
				case st.PagesSkipped == 0:
					t.Errorf("%s: the page index skipped no pages", run)
				case run == "cold" && gets > int64(3+rgs*len(cols)):
					// Footer and index region (at most 3 requests), then at
					// most one request per needed column chunk.
					t.Errorf("cold: %d ranged GETs, want at most %d", gets, 3+rgs*len(cols))
				case run == "warm" && gets != 0:
					t.Errorf("warm: %d ranged GETs", gets)
				}
			}
		})
	}
}
