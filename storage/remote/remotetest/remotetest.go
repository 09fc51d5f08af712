// Package remotetest starts servers on 127.0.0.1 for tests of remote
// reads: an HTTP file server with Range support, a counting and
// fault-injecting proxy, and an S3-compatible server (versitygw).
package remotetest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// FileServer serves in-memory files with Range, ETag and Last-Modified
// support (http.ServeContent).
type FileServer struct {
	*httptest.Server
	mu    sync.RWMutex
	files map[string]file
}

type file struct {
	data []byte
	mod  time.Time
	etag string
}

// NewFileServer starts a file server; it stops when the test ends.
func NewFileServer(t testing.TB) *FileServer {
	fs := &FileServer{files: map[string]file{}}
	fs.Server = httptest.NewServer(http.HandlerFunc(fs.serve))
	t.Cleanup(fs.Close)
	return fs
}

// Put stores (or replaces) a file at path ("/x.parquet").
func (fs *FileServer) Put(path string, data []byte) {
	sum := sha256.Sum256(data)
	fs.mu.Lock()
	fs.files[path] = file{data: data, mod: time.Now().UTC(), etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
	fs.mu.Unlock()
}

// PutFile stores the contents of a local file at path.
func (fs *FileServer) PutFile(t testing.TB, path, local string) {
	b, err := os.ReadFile(local)
	if err != nil {
		t.Fatal(err)
	}
	fs.Put(path, b)
}

func (fs *FileServer) serve(w http.ResponseWriter, r *http.Request) {
	fs.mu.RLock()
	f, ok := fs.files[r.URL.Path]
	fs.mu.RUnlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("ETag", f.etag)
	http.ServeContent(w, r, filepath.Base(r.URL.Path), f.mod, bytes.NewReader(f.data))
}

// Proxy forwards requests to a target, counting them and injecting
// faults.
type Proxy struct {
	*httptest.Server
	target *url.URL
	rp     *httputil.ReverseProxy

	// Requests counts all requests; RangedGets counts GETs with a Range
	// header; Faults counts injected faults.
	Requests, RangedGets, Heads, Faults atomic.Int64
	// BytesOut counts response body bytes of ranged GETs as requested by
	// their Range headers.
	RangeBytes atomic.Int64
	// PeakInFlight is the largest number of requests served at once.
	PeakInFlight atomic.Int64
	inFlight     atomic.Int64

	mu sync.Mutex
	// FailRate is the share of requests answered with 503; ResetRate the
	// share whose connection is reset; AlwaysFail answers every request
	// with 500; Stall holds every request until the client gives up.
	FailRate, ResetRate float64
	AlwaysFail, Stall   bool
	// Delay holds every request this long before it is served, as a
	// distant server would.
	Delay time.Duration
	rng   *rand.Rand
}

// NewProxy starts a proxy to target ("http://127.0.0.1:port"); it stops
// when the test ends.
func NewProxy(t testing.TB, target string) *Proxy {
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	p := &Proxy{target: u, rng: rand.New(rand.NewPCG(1, 2))}
	p.rp = httputil.NewSingleHostReverseProxy(u)
	p.rp.ErrorLog = nil
	// Keep the Host header the client signed (S3 signatures cover it).
	director := p.rp.Director
	p.rp.Director = func(r *http.Request) {
		host := r.Host
		director(r)
		r.Host = host
	}
	p.Server = httptest.NewServer(http.HandlerFunc(p.serve))
	t.Cleanup(p.Close)
	return p
}

// SetFaults sets the fault rates (0..1).
func (p *Proxy) SetFaults(failRate, resetRate float64) {
	p.mu.Lock()
	p.FailRate, p.ResetRate = failRate, resetRate
	p.mu.Unlock()
}

// SetAlwaysFail makes every request fail with 500.
func (p *Proxy) SetAlwaysFail(v bool) { p.mu.Lock(); p.AlwaysFail = v; p.mu.Unlock() }

// SetDelay makes every request wait d before it is served.
func (p *Proxy) SetDelay(d time.Duration) { p.mu.Lock(); p.Delay = d; p.mu.Unlock() }

// SetStall makes every request hang until the client gives up.
func (p *Proxy) SetStall(v bool) { p.mu.Lock(); p.Stall = v; p.mu.Unlock() }

// ResetCounters zeroes the counters.
func (p *Proxy) ResetCounters() {
	p.Requests.Store(0)
	p.RangedGets.Store(0)
	p.Heads.Store(0)
	p.Faults.Store(0)
	p.RangeBytes.Store(0)
	p.PeakInFlight.Store(0)
}

func (p *Proxy) serve(w http.ResponseWriter, r *http.Request) {
	p.Requests.Add(1)
	n := p.inFlight.Add(1)
	defer p.inFlight.Add(-1)
	for {
		peak := p.PeakInFlight.Load()
		if n <= peak || p.PeakInFlight.CompareAndSwap(peak, n) {
			break
		}
	}
	rng := r.Header.Get("Range")
	if r.Method == http.MethodGet && rng != "" {
		p.RangedGets.Add(1)
		var a, z int64
		if _, err := fmt.Sscanf(rng, "bytes=%d-%d", &a, &z); err == nil {
			p.RangeBytes.Add(z - a + 1)
		}
	}
	if r.Method == http.MethodHead {
		p.Heads.Add(1)
	}
	p.mu.Lock()
	always, stall := p.AlwaysFail, p.Stall
	x := p.rng.Float64()
	fail, reset := p.FailRate, p.ResetRate
	delay := p.Delay
	p.mu.Unlock()
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
	}
	switch {
	case stall:
		p.Faults.Add(1)
		<-r.Context().Done()
		return
	case always:
		p.Faults.Add(1)
		http.Error(w, "injected failure", http.StatusInternalServerError)
		return
	case x < fail:
		p.Faults.Add(1)
		w.Header().Set("Retry-After", "0")
		http.Error(w, "injected 503", http.StatusServiceUnavailable)
		return
	case x < fail+reset:
		p.Faults.Add(1)
		if hj, ok := w.(http.Hijacker); ok {
			if c, _, err := hj.Hijack(); err == nil {
				if tc, ok := c.(*net.TCPConn); ok {
					tc.SetLinger(0) // close with RST
				}
				c.Close()
				return
			}
		}
		http.Error(w, "injected reset", http.StatusServiceUnavailable)
		return
	}
	p.rp.ServeHTTP(w, r)
}

// S3 is a running S3-compatible server.
type S3 struct {
	Endpoint string // 127.0.0.1:port
	Root     string // posix root: Root/bucket/key are the objects
	Access   string
	Secret   string
}

// VersityPath finds the versitygw binary in $PATH, $GOBIN or
// $GOPATH/bin.
func VersityPath() string {
	if p, err := exec.LookPath("versitygw"); err == nil {
		return p
	}
	var dirs []string
	if d := os.Getenv("GOBIN"); d != "" {
		dirs = append(dirs, d)
	}
	if d := os.Getenv("GOPATH"); d != "" {
		for _, e := range filepath.SplitList(d) {
			dirs = append(dirs, filepath.Join(e, "bin"))
		}
	}
	if h, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(h, "go", "bin"))
	}
	for _, d := range dirs {
		p := filepath.Join(d, "versitygw")
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
	}
	return ""
}

// StartS3 starts versitygw over a temporary directory with the given
// buckets; the test is skipped when the binary is not installed. The
// server stops when the test ends.
func StartS3(t testing.TB, buckets ...string) *S3 {
	bin := VersityPath()
	if bin == "" {
		t.Skip("versitygw is not installed: go install github.com/versity/versitygw/cmd/versitygw@v1.8.0")
	}
	root := t.TempDir()
	for _, b := range buckets {
		if err := os.MkdirAll(filepath.Join(root, b), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	s := &S3{Endpoint: addr, Root: root, Access: "AKIALHSQLTEST", Secret: "lhsql-test-secret-key-1234"}
	cmd := exec.Command(bin, "--access", s.Access, "--secret", s.Secret, "--port", addr, "--quiet", "posix", "--nometa", root)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting versitygw: %v", err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-done
	})
	deadline := time.Now().Add(20 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err == nil {
			c.Close()
			break
		}
		select {
		case <-done:
			t.Fatalf("versitygw exited: %s", out.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("versitygw did not listen on %s: %s", addr, out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	return s
}

// PutFile copies a local file to bucket/key.
func (s *S3) PutFile(t testing.TB, bucket, key, local string) {
	b, err := os.ReadFile(local)
	if err != nil {
		t.Fatal(err)
	}
	s.Put(t, bucket, key, b)
}

// Put writes an object by writing the posix file under the root.
func (s *S3) Put(t testing.TB, bucket, key string, data []byte) {
	p := filepath.Join(s.Root, bucket, filepath.FromSlash(key))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	tmp := p + ".tmp-" + strings.ReplaceAll(t.Name(), "/", "_")
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, p); err != nil {
		t.Fatal(err)
	}
}
