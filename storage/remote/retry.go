package remote

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"syscall"
	"time"
)

// Retry policy; variables so that tests and programs can tune them.
var (
	// MaxAttempts is the number of attempts of a request before its
	// transient failure is reported.
	MaxAttempts = 6
	// BaseBackoff is the backoff before the first retry; it doubles with
	// every retry up to MaxBackoff, and each wait is drawn uniformly from
	// [backoff/2, backoff] (jitter).
	BaseBackoff = 100 * time.Millisecond
	// MaxBackoff caps one wait.
	MaxBackoff = 5 * time.Second
	// AttemptTimeout bounds one attempt, from sending the request to the
	// end of its body, so that a stalled server cannot hang a query.
	AttemptTimeout = 2 * time.Minute
)

// errChanged reports that an object no longer matches the version that
// was opened.
var errChanged = errors.New("the object changed while it was being read; run the query again")

// transientError marks an error worth retrying.
type transientError struct{ err error }

func (e transientError) Error() string { return e.err.Error() }
func (e transientError) Unwrap() error { return e.err }

func transient(err error) error { return transientError{err} }

// StatusError is an HTTP error status from a server.
type StatusError struct {
	Code   int
	Status string // e.g. "503 Service Unavailable"
	Detail string // server's error code or message, if any
}

func (e *StatusError) Error() string {
	if e.Detail != "" {
		return fmt.Sprintf("HTTP %s: %s", e.Status, e.Detail)
	}
	return "HTTP " + e.Status
}

// isTransient classifies an error of one attempt.
func isTransient(err error) bool {
	if err == nil || errors.Is(err, errChanged) {
		return false
	}
	var te transientError
	if errors.As(err, &te) {
		return true
	}
	var se *StatusError
	if errors.As(err, &se) {
		return se.Code >= 500 || se.Code == 429 || se.Code == 408
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return true
	}
	if errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNABORTED) || errors.Is(err, syscall.EPIPE) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true // timeouts and other network failures
	}
	var oe *net.OpError
	return errors.As(err, &oe)
}

// retry runs op until it succeeds, fails permanently, ctx ends or
// MaxAttempts attempts failed. Each attempt runs under AttemptTimeout.
// Errors name the URL and the method, never credentials.
func retry(ctx context.Context, url, method string, op func(context.Context) error) error {
	backoff := BaseBackoff
	var err error
	attempts := max(1, MaxAttempts)
	for a := 1; ; a++ {
		actx, cancel := context.WithTimeout(ctx, AttemptTimeout)
		err = op(actx)
		timedOut := actx.Err() != nil && ctx.Err() == nil
		cancel()
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if timedOut {
			err = transient(fmt.Errorf("no complete response within %s", AttemptTimeout))
		}
		if !isTransient(err) {
			if errors.Is(err, errChanged) {
				return fmt.Errorf("IO Error: %s %s: %w", method, url, err)
			}
			return fmt.Errorf("IO Error: %s %s failed: %s", method, url, Redact(err.Error()))
		}
		if a >= attempts {
			return fmt.Errorf("IO Error: %s %s failed after %d attempts: %s", method, url, a, Redact(err.Error()))
		}
		wait := backoff/2 + rand.N(backoff/2+1)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		backoff = min(backoff*2, MaxBackoff)
	}
}
