package remote

import (
	"context"
	"fmt"
	"net/url"
	"path"
	"sort"
	"strings"

	"github.com/minio/minio-go/v7"
)

// HasGlob reports whether a remote path is a pattern. HTTP URLs are never
// patterns ('?' starts their query); S3 keys may use *, ? and [...] in a
// segment and ** for any number of segments.
func HasGlob(p string) bool {
	l := strings.ToLower(p)
	if strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") {
		return false
	}
	return strings.ContainsAny(p, "*?[")
}

// Glob expands an s3:// pattern with ListObjectsV2 from its literal
// prefix. Matches come back sorted; no match is an error. A path without
// wildcards is returned as is.
func Glob(ctx context.Context, pattern string) ([]string, error) {
	if !HasGlob(pattern) {
		return []string{pattern}, nil
	}
	u, err := url.Parse(strings.Replace(pattern, "?", "%3F", -1))
	if err != nil {
		return nil, fmt.Errorf("IO Error: invalid URL %q", RedactURL(pattern))
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "s3" && scheme != "s3a" && scheme != "s3n" {
		return nil, fmt.Errorf("IO Error: cannot expand pattern %q: listing is only supported for s3:// URLs", RedactURL(pattern))
	}
	// The key pattern is everything after s3://bucket/.
	rest := pattern[len(u.Scheme)+3:]
	bucket, keyPat, _ := strings.Cut(rest, "/")
	if bucket == "" || HasGlob(bucket) {
		return nil, fmt.Errorf("IO Error: %q: the bucket name cannot be a pattern", pattern)
	}
	segs := strings.Split(keyPat, "/")
	for _, s := range segs {
		if s == "**" {
			continue
		}
		if _, err := path.Match(s, ""); err != nil {
			return nil, fmt.Errorf("IO Error: invalid glob pattern %q: %v", pattern, err)
		}
	}
	prefix := keyPat
	if i := strings.IndexAny(keyPat, "*?["); i >= 0 {
		prefix = keyPat[:i]
	}
	core, err := s3Client(pattern)
	if err != nil {
		return nil, err
	}
	var out []string
	base := u.Scheme + "://" + bucket + "/"
	err = retry(ctx, base+prefix, "LIST", func(ctx context.Context) error {
		out = out[:0]
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		for obj := range core.Client.ListObjects(ctx, bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true}) {
			if obj.Err != nil {
				return s3Err(obj.Err)
			}
			if strings.HasSuffix(obj.Key, "/") {
				continue // directory marker
			}
			if matchSegs(segs, strings.Split(obj.Key, "/")) {
				out = append(out, base+obj.Key)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("IO Error: No files found that match the pattern %q", pattern)
	}
	sort.Strings(out)
	return out, nil
}

// matchSegs matches key segments against pattern segments; "**" matches
// any number of segments, including none.
func matchSegs(pat, key []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			rest := pat[1:]
			for i := 0; i <= len(key); i++ {
				if matchSegs(rest, key[i:]) {
					return true
				}
			}
			return false
		}
		if len(key) == 0 {
			return false
		}
		if ok, _ := path.Match(pat[0], key[0]); !ok {
			return false
		}
		pat, key = pat[1:], key[1:]
	}
	return len(key) == 0
}
