package remote

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// s3Backend reads an object of an S3-compatible store.
type s3Backend struct {
	core   *minio.Core
	bucket string
	key    string
	etag   string
}

// parseS3 splits s3://bucket/key.
func parseS3(rawURL string, u *url.URL) (bucket, key string, err error) {
	bucket = u.Host
	key = strings.TrimPrefix(u.Path, "/")
	if u.RawQuery != "" {
		key += "?" + u.RawQuery // '?' is a legal key character
	}
	if bucket == "" {
		return "", "", fmt.Errorf("IO Error: %q names no bucket (expected s3://bucket/key)", RedactURL(rawURL))
	}
	return bucket, key, nil
}

func newS3Backend(rawURL string, u *url.URL) (*s3Backend, error) {
	bucket, key, err := parseS3(rawURL, u)
	if err != nil {
		return nil, err
	}
	if key == "" {
		return nil, fmt.Errorf("IO Error: %q names no object (expected s3://bucket/key)", RedactURL(rawURL))
	}
	core, err := s3Client(rawURL)
	if err != nil {
		return nil, err
	}
	return &s3Backend{core: core, bucket: bucket, key: key}, nil
}

// clientKey is a comparable form of a secret's connection settings.
type clientKey struct {
	keyID, secret, token, region, endpoint, style string
	ssl                                           bool
}

var clientsByKey struct {
	mu sync.Mutex
	m  map[clientKey]*minio.Core
}

// clearClients forgets cached clients after secrets change.
func clearClients() {
	clientsByKey.mu.Lock()
	clientsByKey.m = nil
	clientsByKey.mu.Unlock()
}

// s3Client returns a client configured by the secret for rawURL.
func s3Client(rawURL string) (*minio.Core, error) {
	s := secretFor(rawURL)
	endpoint := s.Endpoint
	ssl := true
	if i := strings.Index(endpoint, "://"); i >= 0 {
		ssl = strings.ToLower(endpoint[:i]) == "https"
		endpoint = endpoint[i+3:]
	}
	endpoint = strings.TrimSuffix(endpoint, "/")
	if endpoint == "" {
		endpoint = "s3.amazonaws.com"
	}
	if s.UseSSL != nil {
		ssl = *s.UseSSL
	}
	region := s.Region
	if region == "" {
		region = "us-east-1" // avoids a bucket location lookup
	}
	k := clientKey{keyID: s.KeyID, secret: s.Secret, token: s.SessionToken, region: region,
		endpoint: endpoint, style: s.URLStyle, ssl: ssl}
	clientsByKey.mu.Lock()
	defer clientsByKey.mu.Unlock()
	if c, ok := clientsByKey.m[k]; ok {
		return c, nil
	}
	lookup := minio.BucketLookupAuto
	switch s.URLStyle {
	case "path":
		lookup = minio.BucketLookupPath
	case "vhost":
		lookup = minio.BucketLookupDNS
	}
	tr := http.RoundTripper(sharedTransport())
	c, err := minio.NewCore(endpoint, &minio.Options{
		Creds:        credentials.NewStaticV4(s.KeyID, s.Secret, s.SessionToken),
		Secure:       ssl,
		Region:       region,
		BucketLookup: lookup,
		Transport:    tr,
		MaxRetries:   1, // retries are ours, with jitter and counting
	})
	if err != nil {
		return nil, fmt.Errorf("IO Error: S3 endpoint %q: %s", endpoint, Redact(err.Error()))
	}
	if clientsByKey.m == nil {
		clientsByKey.m = map[clientKey]*minio.Core{}
	}
	clientsByKey.m[k] = c
	return c, nil
}

// s3Err converts minio errors to StatusError or errChanged.
func s3Err(err error) error {
	if err == nil {
		return nil
	}
	var er minio.ErrorResponse
	if errors.As(err, &er) && er.StatusCode != 0 {
		if er.StatusCode == http.StatusPreconditionFailed {
			return errChanged
		}
		status := fmt.Sprintf("%d %s", er.StatusCode, http.StatusText(er.StatusCode))
		detail := er.Code
		if detail == status || detail == http.StatusText(er.StatusCode) {
			detail = "" // a response without an S3 error document
		}
		if er.Message != "" {
			if detail != "" {
				detail += ": "
			}
			detail += er.Message
		}
		return &StatusError{Code: er.StatusCode, Status: status, Detail: detail}
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

func (b *s3Backend) stat(ctx context.Context) (int64, string, error) {
	info, err := b.core.StatObject(ctx, b.bucket, b.key, minio.StatObjectOptions{})
	if err != nil {
		return 0, "", s3Err(err)
	}
	b.etag = info.ETag
	lm := ""
	if !info.LastModified.IsZero() {
		lm = info.LastModified.UTC().Format(http.TimeFormat)
	}
	return info.Size, validatorOf(info.ETag, lm, info.Size), nil
}

func (b *s3Backend) get(ctx context.Context, off, n int64, validator string) (io.ReadCloser, error) {
	var opts minio.GetObjectOptions
	if err := opts.SetRange(off, off+n-1); err != nil {
		return nil, err
	}
	if b.etag != "" {
		if err := opts.SetMatchETag(b.etag); err != nil {
			return nil, err
		}
	}
	body, info, _, err := b.core.GetObject(ctx, b.bucket, b.key, opts)
	if err != nil {
		return nil, s3Err(err)
	}
	if b.etag != "" && info.ETag != "" && strings.Trim(info.ETag, `"`) != strings.Trim(b.etag, `"`) {
		body.Close()
		return nil, errChanged
	}
	return s3Body{body}, nil
}

// s3Body converts read errors of a response body.
type s3Body struct{ io.ReadCloser }

func (b s3Body) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF {
		err = s3Err(err)
	}
	return n, err
}
