package remote

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/lhsql/lhsql/storage/cache"
)

// DefaultCacheSize is the cache bound before any SET cache_size.
const DefaultCacheSize = 4 << 30

// The process-wide cache configuration. Caches stay open once opened (a
// scan may still use one after the setting changes); each directory is
// opened at most once per process.
var cfg struct {
	mu      sync.Mutex
	dir     string // "" until set: DefaultCacheDir
	size    int64  // 0: disabled
	sizeSet bool
	open    map[string]*cache.Cache
	err     error // why the default cache could not be opened
}

// DefaultCacheDir is the cache directory before any SET cache_dir: the
// user's cache directory, or the system temporary directory.
func DefaultCacheDir() string {
	if d, err := os.UserCacheDir(); err == nil && d != "" {
		return filepath.Join(d, "lhsql", "remote")
	}
	return filepath.Join(os.TempDir(), "lhsql-remote-cache")
}

// CacheDir returns the configured cache directory.
func CacheDir() string {
	cfg.mu.Lock()
	defer cfg.mu.Unlock()
	if cfg.dir == "" {
		return DefaultCacheDir()
	}
	return cfg.dir
}

// CacheSize returns the configured cache bound in bytes; 0 means the cache
// is off.
func CacheSize() int64 {
	cfg.mu.Lock()
	defer cfg.mu.Unlock()
	return cacheSizeLocked()
}

func cacheSizeLocked() int64 {
	if !cfg.sizeSet {
		return DefaultCacheSize
	}
	return cfg.size
}

// SetCacheDir selects the cache directory and opens it, so that a
// directory locked by another process is reported now.
func SetCacheDir(dir string) error {
	if dir == "" {
		dir = DefaultCacheDir()
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("IO Error: cache_dir %q: %w", dir, err)
	}
	cfg.mu.Lock()
	defer cfg.mu.Unlock()
	if size := cacheSizeLocked(); size > 0 {
		if _, err := openCacheLocked(abs, size); err != nil {
			return err
		}
	}
	cfg.dir = abs
	cfg.err = nil
	return nil
}

// SetCacheSize sets the cache bound; 0 turns the cache off.
func SetCacheSize(n int64) error {
	if n < 0 {
		return fmt.Errorf("Invalid Input Error: cache_size must not be negative")
	}
	cfg.mu.Lock()
	defer cfg.mu.Unlock()
	cfg.size, cfg.sizeSet = n, true
	cfg.err = nil
	if n == 0 {
		return nil
	}
	dir := cfg.dir
	if dir == "" {
		dir = DefaultCacheDir()
	}
	if c, ok := cfg.open[dir]; ok {
		c.SetLimit(n)
	}
	return nil
}

func openCacheLocked(dir string, size int64) (*cache.Cache, error) {
	if c, ok := cfg.open[dir]; ok {
		c.SetLimit(size)
		return c, nil
	}
	c, err := cache.Open(dir, size)
	if err != nil {
		return nil, fmt.Errorf("IO Error: %w", err)
	}
	if cfg.open == nil {
		cfg.open = map[string]*cache.Cache{}
	}
	cfg.open[dir] = c
	return c, nil
}

// currentCache returns the cache reads go through, or nil when it is
// off. When the default directory cannot be used (another process holds
// it), reads run uncached and CacheInfo reports why; a directory chosen
// with SET cache_dir reports its error there.
func currentCache() (*cache.Cache, error) {
	cfg.mu.Lock()
	defer cfg.mu.Unlock()
	size := cacheSizeLocked()
	if size == 0 {
		return nil, nil
	}
	explicit := cfg.dir != ""
	dir := cfg.dir
	if !explicit {
		dir = DefaultCacheDir()
	}
	if cfg.err != nil && !explicit {
		return nil, nil
	}
	c, err := openCacheLocked(dir, size)
	if err != nil {
		if explicit {
			return nil, err
		}
		cfg.err = err
		return nil, nil
	}
	return c, nil
}

// CacheInfo describes the cache for the cache_info() table function.
type CacheInfo struct {
	cache.Stats
	Enabled bool
	Error   string // why the cache is not in use, if it is not
}

// Info returns the state of the configured cache.
func Info() CacheInfo {
	cfg.mu.Lock()
	defer cfg.mu.Unlock()
	dir := cfg.dir
	if dir == "" {
		dir = DefaultCacheDir()
	}
	info := CacheInfo{Stats: cache.Stats{Dir: dir, Limit: cacheSizeLocked()}}
	if cfg.err != nil {
		info.Error = cfg.err.Error()
	}
	if info.Limit == 0 {
		return info
	}
	if c, ok := cfg.open[dir]; ok {
		info.Stats = c.Stats()
		info.Enabled = true
	} else {
		info.Enabled = cfg.err == nil
	}
	return info
}

// CloseCaches closes every open cache (for tests and orderly shutdown).
func CloseCaches() error {
	cfg.mu.Lock()
	defer cfg.mu.Unlock()
	var first error
	for d, c := range cfg.open {
		if err := c.Close(); err != nil && first == nil {
			first = err
		}
		delete(cfg.open, d)
	}
	return first
}

// ParseSize parses a size such as "10GB", "512 MiB", "1.5gb" or "0".
// Decimal units (KB, MB, GB, TB) are powers of 1000, binary ones (KiB,
// MiB, GiB, TiB) powers of 1024; a bare number is bytes.
func ParseSize(s string) (int64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	i := 0
	for i < len(t) && (t[i] >= '0' && t[i] <= '9' || t[i] == '.') {
		i++
	}
	num, unit := t[:i], strings.TrimSpace(t[i:])
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || f < 0 {
		return 0, fmt.Errorf("Invalid Input Error: invalid size %q (expected e.g. '10GB' or '512MiB')", s)
	}
	mult := map[string]float64{
		"": 1, "b": 1, "byte": 1, "bytes": 1,
		"k": 1e3, "kb": 1e3, "m": 1e6, "mb": 1e6, "g": 1e9, "gb": 1e9, "t": 1e12, "tb": 1e12,
		"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40,
	}[unit]
	if mult == 0 {
		return 0, fmt.Errorf("Invalid Input Error: invalid size unit %q in %q", unit, s)
	}
	return int64(f * mult), nil
}
