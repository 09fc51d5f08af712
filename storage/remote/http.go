package remote

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

var (
	transportOnce sync.Once
	transport     *http.Transport
)

// sharedTransport is the connection pool of all remote reads.
func sharedTransport() *http.Transport {
	transportOnce.Do(func() {
		transport = &http.Transport{
			Proxy: http.ProxyFromEnvironment,
			DialContext: (&net.Dialer{
				Timeout:   15 * time.Second,
				KeepAlive: 30 * time.Second,
			}).DialContext,
			ForceAttemptHTTP2:     true,
			MaxIdleConns:          256,
			MaxIdleConnsPerHost:   64,
			IdleConnTimeout:       90 * time.Second,
			TLSHandshakeTimeout:   15 * time.Second,
			ResponseHeaderTimeout: 60 * time.Second,
			ExpectContinueTimeout: time.Second,
			// Range responses of Parquet files are compressed already.
			DisableCompression: true,
		}
	})
	return transport
}

// httpBackend reads an object over HTTP(S) with Range requests.
type httpBackend struct {
	client *http.Client
	url    string // full URL, may carry credentials in its query
	red    string // redacted URL
	etag   string
	lm     string // Last-Modified
}

func newHTTPBackend(u *url.URL) *httpBackend {
	return &httpBackend{client: &http.Client{Transport: sharedTransport()}, url: u.String(), red: RedactURL(u.String())}
}

// do sends a request and unwraps the *url.Error so that messages do not
// repeat (possibly credential-bearing) URLs.
func (b *httpBackend) do(req *http.Request) (*http.Response, error) {
	resp, err := b.client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			return nil, ue.Err
		}
		return nil, err
	}
	return resp, nil
}

func statusErr(resp *http.Response) error {
	// Read a little of the body for a server message, then drain.
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	resp.Body.Close()
	detail := strings.TrimSpace(string(msg))
	if i := strings.Index(detail, "<Code>"); i >= 0 { // S3-style XML error
		if j := strings.Index(detail[i:], "</Code>"); j > 0 {
			detail = detail[i+6 : i+j]
		}
	}
	if len(detail) > 200 || strings.ContainsAny(detail, "<\n") {
		detail = ""
	}
	return &StatusError{Code: resp.StatusCode, Status: resp.Status, Detail: detail}
}

func (b *httpBackend) stat(ctx context.Context) (int64, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodHead, b.url, nil)
	if err != nil {
		return 0, "", err
	}
	resp, err := b.do(req)
	if err != nil {
		return 0, "", err
	}
	resp.Body.Close()
	size := resp.ContentLength
	etag := resp.Header.Get("ETag")
	lm := resp.Header.Get("Last-Modified")
	switch {
	case resp.StatusCode == http.StatusOK && size >= 0:
	case resp.StatusCode == http.StatusOK || resp.StatusCode == http.StatusMethodNotAllowed || resp.StatusCode == http.StatusForbidden:
		// No usable HEAD: ask for the first byte and read the total from
		// Content-Range.
		size, etag, lm, err = b.probe(ctx)
		if err != nil {
			return 0, "", err
		}
	default:
		return 0, "", &StatusError{Code: resp.StatusCode, Status: resp.Status}
	}
	b.etag, b.lm = etag, lm
	return size, validatorOf(etag, lm, size), nil
}

// validatorOf builds an object's validator from its headers.
func validatorOf(etag, lm string, size int64) string {
	switch {
	case etag != "":
		return "etag:" + etag + ":" + strconv.FormatInt(size, 10)
	case lm != "":
		return "lm:" + lm + ":" + strconv.FormatInt(size, 10)
	}
	return ""
}

func (b *httpBackend) probe(ctx context.Context) (int64, string, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.url, nil)
	if err != nil {
		return 0, "", "", err
	}
	req.Header.Set("Range", "bytes=0-0")
	resp, err := b.do(req)
	if err != nil {
		return 0, "", "", err
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusPartialContent:
		_, _, total, ok := parseContentRange(resp.Header.Get("Content-Range"))
		if !ok || total < 0 {
			return 0, "", "", fmt.Errorf("server sent no object size (Content-Range %q)", resp.Header.Get("Content-Range"))
		}
		return total, resp.Header.Get("ETag"), resp.Header.Get("Last-Modified"), nil
	case http.StatusOK:
		if resp.ContentLength < 0 {
			return 0, "", "", fmt.Errorf("server sent no object size")
		}
		return resp.ContentLength, resp.Header.Get("ETag"), resp.Header.Get("Last-Modified"), nil
	}
	return 0, "", "", statusErr(resp)
}

// parseContentRange parses "bytes first-last/total" (total may be "*").
func parseContentRange(s string) (first, last, total int64, ok bool) {
	s, found := strings.CutPrefix(s, "bytes ")
	if !found {
		return 0, 0, 0, false
	}
	rng, tot, found := strings.Cut(s, "/")
	if !found {
		return 0, 0, 0, false
	}
	a, z, found := strings.Cut(rng, "-")
	if !found {
		return 0, 0, 0, false
	}
	var err1, err2, err3 error
	first, err1 = strconv.ParseInt(a, 10, 64)
	last, err2 = strconv.ParseInt(z, 10, 64)
	total = -1
	if tot != "*" {
		total, err3 = strconv.ParseInt(tot, 10, 64)
	}
	return first, last, total, err1 == nil && err2 == nil && err3 == nil
}

func (b *httpBackend) get(ctx context.Context, off, n int64, validator string) (io.ReadCloser, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Range", fmt.Sprintf("bytes=%d-%d", off, off+n-1))
	switch {
	case b.etag != "" && !strings.HasPrefix(b.etag, "W/"):
		req.Header.Set("If-Match", b.etag)
	case b.lm != "":
		req.Header.Set("If-Unmodified-Since", b.lm)
	}
	resp, err := b.do(req)
	if err != nil {
		return nil, err
	}
	switch resp.StatusCode {
	case http.StatusPartialContent:
		first, _, _, ok := parseContentRange(resp.Header.Get("Content-Range"))
		if ok && first != off {
			resp.Body.Close()
			return nil, fmt.Errorf("server answered range at %d for a request at %d", first, off)
		}
		if et := resp.Header.Get("ETag"); et != "" && b.etag != "" && et != b.etag {
			resp.Body.Close()
			return nil, errChanged
		}
		return resp.Body, nil
	case http.StatusOK:
		// The server ignored Range: skip to the range in the full body.
		if et := resp.Header.Get("ETag"); et != "" && b.etag != "" && et != b.etag {
			resp.Body.Close()
			return nil, errChanged
		}
		if _, err := io.CopyN(io.Discard, resp.Body, off); err != nil {
			resp.Body.Close()
			return nil, transient(fmt.Errorf("skipping to offset %d: %w", off, err))
		}
		return resp.Body, nil
	case http.StatusPreconditionFailed:
		resp.Body.Close()
		return nil, errChanged
	}
	return nil, statusErr(resp)
}
