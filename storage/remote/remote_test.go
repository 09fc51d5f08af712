package remote_test

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/lhsql/lhsql/storage/remote"
	"github.com/lhsql/lhsql/storage/remote/remotetest"
)

// fastRetries shortens backoff for the test.
func fastRetries(t *testing.T) {
	b, m, a := remote.BaseBackoff, remote.MaxBackoff, remote.AttemptTimeout
	remote.BaseBackoff, remote.MaxBackoff = 5*time.Millisecond, 40*time.Millisecond
	t.Cleanup(func() { remote.BaseBackoff, remote.MaxBackoff, remote.AttemptTimeout = b, m, a })
}

// withCache points the process cache at a fresh directory (size 0: off).
func withCache(t *testing.T, size int64) {
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

func randomBytes(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 7))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func setup(t *testing.T, data []byte) (*remotetest.FileServer, *remotetest.Proxy, string) {
	fs := remotetest.NewFileServer(t)
	fs.Put("/obj.bin", data)
	px := remotetest.NewProxy(t, fs.URL)
	return fs, px, px.URL + "/obj.bin"
}

func TestLoadRangesCoalesced(t *testing.T) {
	withCache(t, 0)
	data := randomBytes(3<<20, 1)
	_, px, u := setup(t, data)
	ctx := context.Background()
	o, err := remote.Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	if o.Size() != int64(len(data)) || o.Validator() == "" {
		t.Fatalf("size %d validator %q", o.Size(), o.Validator())
	}
	tests := []struct {
		name   string
		ranges []remote.Range
		gets   int64 // expected ranged GETs
	}{
		{"one", []remote.Range{{Off: 100, N: 1000}}, 1},
		{"adjacent", []remote.Range{{Off: 0, N: 500}, {Off: 500, N: 500}}, 1},
		{"small gap", []remote.Range{{Off: 0, N: 500}, {Off: 600, N: 500}}, 1},
		{"big gap", []remote.Range{{Off: 0, N: 500}, {Off: 1 << 20, N: 500}}, 2},
		{"unsorted overlapping", []remote.Range{{Off: 9000, N: 100}, {Off: 1000, N: 9000}}, 1},
		{"split", []remote.Range{{Off: 0, N: int64(len(data))}}, (int64(len(data)) + remote.MaxRequest - 1) / remote.MaxRequest},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			px.ResetCounters()
			var c remote.Counters
			bufs, err := o.Load(ctx, tc.ranges, &c)
			if err != nil {
				t.Fatal(err)
			}
			for i, r := range tc.ranges {
				if !bytes.Equal(bufs[i], data[r.Off:r.Off+r.N]) {
					t.Fatalf("range %d: wrong bytes", i)
				}
			}
			if g := px.RangedGets.Load(); g != tc.gets || c.Requests != tc.gets {
				t.Fatalf("ranged GETs at proxy %d, counted %d, want %d", g, c.Requests, tc.gets)
			}
			if c.BytesFetched != px.RangeBytes.Load() {
				t.Fatalf("bytes fetched %d, proxy saw %d", c.BytesFetched, px.RangeBytes.Load())
			}
		})
	}
}

func TestCacheWarmMakesNoRequests(t *testing.T) {
	withCache(t, 64<<20)
	data := randomBytes(2<<20, 2)
	_, px, u := setup(t, data)
	ctx := context.Background()
	ranges := []remote.Range{{Off: 10, N: 70000}, {Off: 500000, N: 300000}, {Off: int64(len(data)) - 5000, N: 5000}}
	load := func() remote.Counters {
		o, err := remote.Open(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		var c remote.Counters
		bufs, err := o.Load(ctx, ranges, &c)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range ranges {
			if !bytes.Equal(bufs[i], data[r.Off:r.Off+r.N]) {
				t.Fatalf("range %d: wrong bytes", i)
			}
		}
		return c
	}
	cold := load()
	if cold.Requests == 0 || cold.BytesFromCache != 0 {
		t.Fatalf("cold run: %+v", cold)
	}
	px.ResetCounters()
	warm := load()
	if g := px.RangedGets.Load(); g != 0 || warm.Requests != 0 {
		t.Fatalf("warm run made %d ranged GETs (counted %d)", g, warm.Requests)
	}
	var want int64
	for _, r := range ranges {
		want += r.N
	}
	if warm.BytesFromCache != want {
		t.Fatalf("bytes from cache %d, want %d", warm.BytesFromCache, want)
	}
	info := remote.Info()
	if !info.Enabled || info.Hits == 0 || info.Size == 0 {
		t.Fatalf("cache info %+v", info)
	}
	// A range that is partly cached fetches only the rest.
	px.ResetCounters()
	o, _ := remote.Open(ctx, u)
	var c remote.Counters
	bufs, err := o.Load(ctx, []remote.Range{{Off: 500000, N: 400000}}, &c)
	if err != nil || !bytes.Equal(bufs[0], data[500000:900000]) {
		t.Fatalf("partial: %v", err)
	}
	if c.BytesFetched > 100000+64<<10 || c.BytesFromCache < 300000-64<<10 {
		t.Fatalf("partial: %+v", c)
	}
}

func TestChangedObjectIsReRead(t *testing.T) {
	withCache(t, 64<<20)
	fs, _, u := setup(t, randomBytes(200000, 3))
	ctx := context.Background()
	read := func() []byte {
		o, err := remote.Open(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		b := make([]byte, 1000)
		if _, err := o.ReadAt(ctx, b, 5000); err != nil {
			t.Fatal(err)
		}
		return b
	}
	first := read()
	next := randomBytes(200000, 4) // same size, new content
	fs.Put("/obj.bin", next)
	if got := read(); !bytes.Equal(got, next[5000:6000]) || bytes.Equal(got, first) {
		t.Fatal("changed object served from stale cache blocks")
	}
	// A change between open and read fails clearly instead of mixing
	// versions.
	o, err := remote.Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	fs.Put("/obj.bin", randomBytes(200000, 5))
	b := make([]byte, 1000)
	_, err = o.ReadAt(ctx, b, 100000)
	if err == nil || !strings.Contains(err.Error(), "changed") {
		t.Fatalf("read after change: %v", err)
	}
}

func TestFaultsAreRetried(t *testing.T) {
	withCache(t, 0)
	fastRetries(t)
	data := randomBytes(4<<20, 6)
	_, px, u := setup(t, data)
	px.SetFaults(0.25, 0.2)
	ctx := context.Background()
	o, err := remote.Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 20 {
		off := int64(i) * 200000
		ranges := []remote.Range{{Off: off, N: 50000}, {Off: off + 120000, N: 60000}}
		var c remote.Counters
		bufs, err := o.Load(ctx, ranges, &c)
		if err != nil {
			t.Fatalf("load %d: %v", i, err)
		}
		for j, r := range ranges {
			if !bytes.Equal(bufs[j], data[r.Off:r.Off+r.N]) {
				t.Fatalf("load %d range %d: wrong bytes", i, j)
			}
		}
	}
	if px.Faults.Load() == 0 {
		t.Fatal("no faults were injected")
	}
	t.Logf("%d requests, %d faults injected", px.Requests.Load(), px.Faults.Load())
}

func TestAlwaysFailingServer(t *testing.T) {
	withCache(t, 0)
	fastRetries(t)
	_, px, u := setup(t, randomBytes(1000, 7))
	ctx := context.Background()
	o, err := remote.Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	px.SetAlwaysFail(true)
	start := time.Now()
	_, err = o.ReadAt(ctx, make([]byte, 10), 0)
	if err == nil {
		t.Fatal("read from failing server succeeded")
	}
	msg := err.Error()
	for _, want := range []string{u, "500", "after 6 attempts"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not mention %q", msg, want)
		}
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("failing took %s", d)
	}
	if _, err := remote.Open(ctx, u); err == nil || !strings.Contains(err.Error(), u) {
		t.Errorf("open against failing server: %v", err)
	}
	// A missing object fails at once, without retries.
	px.SetAlwaysFail(false)
	px.ResetCounters()
	_, err = remote.Open(ctx, px.URL+"/missing.bin")
	if err == nil || !strings.Contains(err.Error(), "404") || px.Requests.Load() != 1 {
		t.Errorf("missing object: %v after %d requests", err, px.Requests.Load())
	}
}

func TestStalledServerTimesOut(t *testing.T) {
	withCache(t, 0)
	fastRetries(t)
	remote.AttemptTimeout = 200 * time.Millisecond
	_, px, u := setup(t, randomBytes(1000, 8))
	ctx := context.Background()
	o, err := remote.Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	px.SetStall(true)
	start := time.Now()
	_, err = o.ReadAt(ctx, make([]byte, 10), 0)
	if err == nil || !strings.Contains(err.Error(), u) || !strings.Contains(err.Error(), "no complete response") {
		t.Fatalf("stalled read: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("stalled read took %s", d)
	}
}

func TestCancelStopsRequests(t *testing.T) {
	withCache(t, 0)
	_, px, u := setup(t, randomBytes(1000, 9))
	o, err := remote.Open(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	px.SetStall(true)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err = o.ReadAt(ctx, make([]byte, 10), 0)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled read: %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("cancel took %s", d)
	}
}

func TestRedactURL(t *testing.T) {
	tests := []struct{ in, out string }{
		{"https://h/x.parquet", "https://h/x.parquet"},
		{"https://u:pw@h/x", "https://u:***@h/x"},
		{"https://h/x?X-Amz-Signature=abc&v=1", "https://h/x?X-Amz-Signature=***&v=1"},
	}
	for _, tc := range tests {
		if got := remote.RedactURL(tc.in); got != tc.out {
			t.Errorf("RedactURL(%q) = %q, want %q", tc.in, got, tc.out)
		}
	}
}

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		err  bool
	}{
		{"10GB", 10e9, false},
		{"512 MiB", 512 << 20, false},
		{"1.5gb", 1.5e9, false},
		{"0", 0, false},
		{"12345", 12345, false},
		{"-1GB", 0, true},
		{"ten", 0, true},
		{"1XB", 0, true},
	}
	for _, tc := range tests {
		got, err := remote.ParseSize(tc.in)
		if (err != nil) != tc.err || got != tc.want {
			t.Errorf("ParseSize(%q) = %d, %v", tc.in, got, err)
		}
	}
}
