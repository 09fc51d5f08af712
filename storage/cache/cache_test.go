package cache

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestBlocksRoundTripAndMerge(t *testing.T) {
	c, err := Open(t.TempDir(), 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	id := NewObjectID("s3://b/k", "etag:1")
	if _, ok := c.GetBlock(id, 0, 0, 10); ok {
		t.Fatal("hit in an empty cache")
	}
	data := bytes.Repeat([]byte("abcdefgh"), BlockSize/8)
	c.PutBlock(id, 3, 100, data[100:200])
	tests := []struct {
		name   string
		lo, hi int
		ok     bool
	}{
		{"inside", 120, 180, true},
		{"exact", 100, 200, true},
		{"before", 50, 150, false},
		{"after", 150, 250, false},
	}
	for _, tc := range tests {
		b, ok := c.GetBlock(id, 3, tc.lo, tc.hi)
		if ok != tc.ok {
			t.Fatalf("%s: hit %v", tc.name, ok)
		}
		if ok && !bytes.Equal(b.Data[tc.lo-b.Lo:tc.hi-b.Lo], data[tc.lo:tc.hi]) {
			t.Fatalf("%s: wrong bytes", tc.name)
		}
	}
	// An adjacent range merges; a disjoint one replaces.
	c.PutBlock(id, 3, 200, data[200:300])
	if _, ok := c.GetBlock(id, 3, 100, 300); !ok {
		t.Fatal("adjacent ranges did not merge")
	}
	c.PutBlock(id, 3, 1000, data[1000:1100])
	if _, ok := c.GetBlock(id, 3, 1000, 1100); !ok {
		t.Fatal("new range not stored")
	}
	// Another version of the object does not see these blocks.
	if _, ok := c.GetBlock(NewObjectID("s3://b/k", "etag:2"), 3, 1000, 1010); ok {
		t.Fatal("blocks of another version served")
	}
	c.PutFooter(id, []byte("footer"))
	if f, ok := c.GetFooter(id); !ok || string(f) != "footer" {
		t.Fatalf("footer %q %v", f, ok)
	}
	st := c.Stats()
	if st.Hits == 0 || st.Misses == 0 || st.Entries != 2 || st.Size <= 0 {
		t.Fatalf("stats %+v", st)
	}
}

func TestEvictionBoundsSize(t *testing.T) {
	limit := int64(40 * BlockSize)
	c, err := Open(t.TempDir(), limit)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	id := NewObjectID("u", "v")
	blk := make([]byte, BlockSize)
	hot := int64(0)
	for i := int64(1); i <= 200; i++ {
		c.PutBlock(id, i, 0, blk)
		// Keep block "hot" in use so that it survives.
		if i == 1 {
			hot = i
		}
		c.GetBlock(id, hot, 0, 10)
		if s := c.Stats().Size; s > limit+2*BlockSize {
			t.Fatalf("size %d over limit %d after %d puts", s, limit, i)
		}
	}
	st := c.Stats()
	if st.Evictions == 0 {
		t.Fatal("no evictions")
	}
	if _, ok := c.GetBlock(id, 200, 0, 10); !ok {
		t.Fatal("newest block evicted")
	}
	if _, ok := c.GetBlock(id, 2, 0, 10); ok {
		t.Fatal("old cold block survived")
	}
	if _, ok := c.GetBlock(id, hot, 0, 10); !ok {
		t.Fatal("hot block evicted")
	}
	// Shrinking the limit evicts at once.
	c.SetLimit(10 * BlockSize)
	if s := c.Stats().Size; s > 10*BlockSize {
		t.Fatalf("size %d after shrinking", s)
	}
}

func TestPersistsAcrossOpen(t *testing.T) {
	dir := t.TempDir()
	c, err := Open(dir, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	id := NewObjectID("u", "v")
	c.PutBlock(id, 7, 0, []byte("persisted"))
	size := c.Stats().Size
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	c, err = Open(dir, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	b, ok := c.GetBlock(id, 7, 0, 9)
	if !ok || string(b.Data) != "persisted" {
		t.Fatalf("after reopen: %q %v", b.Data, ok)
	}
	if st := c.Stats(); st.Size != size || st.Entries != 1 {
		t.Fatalf("after reopen: %+v (size before %d)", st, size)
	}
}

func TestConcurrentUse(t *testing.T) {
	c, err := Open(t.TempDir(), 200*BlockSize)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	id := NewObjectID("u", "v")
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 100 {
				blk := int64(g*1000 + i)
				want := []byte(fmt.Sprintf("g%d-i%d", g, i))
				c.PutBlock(id, blk, 5, want)
				if b, ok := c.GetBlock(id, blk, 5, 5+len(want)); ok && !bytes.Equal(b.Data, want) {
					t.Errorf("block %d: %q", blk, b.Data)
				}
			}
		}()
	}
	wg.Wait()
}

// TestLockedByOtherProcess opens the directory in a child process and
// expects a clear error here.
func TestLockedByOtherProcess(t *testing.T) {
	if dir := os.Getenv("LHSQL_CACHE_HOLD"); dir != "" {
		c, err := Open(dir, 1<<20)
		if err != nil {
			fmt.Println("child:", err)
			os.Exit(1)
		}
		fmt.Println("locked")
		os.Stdout.Sync()
		var b [1]byte
		os.Stdin.Read(b[:]) // hold until the parent closes stdin
		c.Close()
		os.Exit(0)
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestLockedByOtherProcess$")
	cmd.Env = append(os.Environ(), "LHSQL_CACHE_HOLD="+dir)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { stdin.Close(); cmd.Wait() }()
	buf := make([]byte, 64)
	n, _ := stdout.Read(buf)
	if !strings.Contains(string(buf[:n]), "locked") {
		t.Fatalf("child did not lock the cache: %q", buf[:n])
	}
	_, err = Open(dir, 1<<20)
	if err == nil {
		t.Fatal("opened a cache directory held by another process")
	}
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), dir) {
		t.Fatalf("unclear error: %v", err)
	}
	t.Log(err)
	// Once the other process is gone, the directory opens.
	stdin.Close()
	cmd.Wait()
	c, err := Open(dir, 1<<20)
	if err != nil {
		t.Fatalf("after the other process exited: %v", err)
	}
	c.Close()
}

func TestReadBlocks(t *testing.T) {
	c, err := Open(t.TempDir(), 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	id := NewObjectID("s3://b/k", "etag:1")
	other := NewObjectID("s3://b/k", "etag:2")
	full := bytes.Repeat([]byte("0123456789abcdef"), BlockSize/16)
	for _, b := range []int64{2, 3, 5} {
		c.PutBlock(id, b, 0, full)
	}
	c.PutBlock(id, 4, 10, full[10:20])
	c.PutBlock(other, 3, 0, full)
	tests := []struct {
		name        string
		first, last int64
		want        []int64 // blocks delivered
	}{
		{"all", 0, 9, []int64{2, 3, 4, 5}},
		{"one", 3, 3, []int64{3}},
		{"inner", 3, 4, []int64{3, 4}},
		{"none", 6, 9, nil},
		{"empty range", 5, 4, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := c.Stats()
			var got []int64
			c.ReadBlocks(id, tc.first, tc.last, func(b int64, lo int, data []byte) bool {
				got = append(got, b)
				want := full
				if b == 4 {
					want = full[10:20]
					if lo != 10 {
						t.Errorf("block 4 starts at %d, want 10", lo)
					}
				}
				if !bytes.Equal(data, want) {
					t.Errorf("block %d: wrong bytes", b)
				}
				return b != 4 // a partial block does not serve the caller
			})
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Fatalf("blocks %v, want %v", got, tc.want)
			}
			st := c.Stats()
			hits, misses := st.Hits-before.Hits, st.Misses-before.Misses
			var wantHits int64
			for _, b := range tc.want {
				if b != 4 {
					wantHits++
				}
			}
			if n := max(0, tc.last-tc.first+1); hits != wantHits || misses != n-wantHits {
				t.Fatalf("hits %d misses %d, want %d and %d", hits, misses, wantHits, n-wantHits)
			}
		})
	}
}

// TestHitsDoNotRewriteValues checks that moving a hot entry to the young
// end of the access order writes metadata only: the entry's value (and so
// the database's user bytes) stays as it was.
func TestHitsDoNotRewriteValues(t *testing.T) {
	c, err := Open(t.TempDir(), 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	id := NewObjectID("u", "v")
	blk := make([]byte, BlockSize)
	for i := range int64(64) {
		c.PutBlock(id, i, 0, blk)
	}
	before := c.committed.Load()
	for range 4 {
		c.ReadBlocks(id, 0, 63, func(int64, int, []byte) bool { return true })
	}
	if w := c.committed.Load() - before; w > 64*1024 {
		t.Fatalf("hits wrote %d bytes", w)
	}
}

// TestCloseAfterDirRemoved removes the cache directory while the cache is
// open and being written: Close must return (with an error naming the
// directory) instead of waiting forever for flushes that cannot succeed.
func TestCloseAfterDirRemoved(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cache")
	c, err := Open(dir, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	var id ObjectID
	data := make([]byte, 64<<10)
	for b := range int64(100) {
		c.PutBlock(id, b, 0, data)
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	for b := range int64(200) { // more than a memtable: flushes start and fail
		c.PutBlock(id, 1000+b, 0, data)
	}
	done := make(chan error, 1)
	go func() { done <- c.Close() }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), dir) {
			t.Fatalf("Close = %v, want an error naming %s", err, dir)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Close did not return within 30 s")
	}
}
