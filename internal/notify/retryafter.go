package notify

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// MaxRetryAfter caps the wait a provider may ask for. A page that waits
// longer than this is no longer a page; past the cap the delivery layer's own
// backoff and the provider's circuit keep us from hammering it.
const MaxRetryAfter = 10 * time.Minute

// ParseRetryAfter reads a Retry-After header value: delay-seconds or an
// HTTP-date, measured from now. It returns false for anything else. The
// result is never negative and never more than MaxRetryAfter.
func ParseRetryAfter(value string, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(value)
	if v == "" {
		return 0, false
	}
	if isDigits(v) {
		// More than nine digits is more than thirty years: cap it rather
		// than overflow.
		if len(v) > 9 {
			return MaxRetryAfter, true
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return 0, false
		}
		return capRetryAfter(time.Duration(n) * time.Second), true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return capRetryAfter(t.Sub(now)), true
}

func capRetryAfter(d time.Duration) time.Duration {
	switch {
	case d < 0:
		return 0
	case d > MaxRetryAfter:
		return MaxRetryAfter
	}
	return d
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// ResponseRetryAfter reads Retry-After from an answer, capped at
// MaxRetryAfter; 0 when there is none. An HTTP-date is measured
// from the answer's own Date header when it has one: both times then come
// from the provider's clock, so skew between its clock and ours cannot stretch
// or shrink the wait. Only without a Date header does it fall back to ours.
func ResponseRetryAfter(resp *http.Response) time.Duration {
	v := resp.Header.Get("Retry-After")
	if v == "" {
		return 0
	}
	now, err := http.ParseTime(resp.Header.Get("Date"))
	if err != nil {
		now = time.Now()
	}
	d, _ := ParseRetryAfter(v, now)
	return d
}

// RetryAfter returns the least wait before the next attempt that err asks
// for (a provider's Retry-After), or 0 when it asks for none. The delivery
// layer waits for the larger of this and its own Backoff.
func RetryAfter(err error) time.Duration {
	var r interface{ RetryAfter() time.Duration }
	if errors.As(err, &r) {
		return r.RetryAfter()
	}
	return 0
}

// WithRetryAfter marks err as asking for a wait of at least d before the next
// attempt. Channels use it when a provider says "rate limited" in the body of
// an answer rather than with a status code.
func WithRetryAfter(err error, d time.Duration) error {
	if err == nil || d <= 0 {
		return err
	}
	return &waitError{err: err, wait: capRetryAfter(d)}
}

type waitError struct {
	err  error
	wait time.Duration
}

func (e *waitError) Error() string             { return e.err.Error() + " (retry after " + e.wait.String() + ")" }
func (e *waitError) Unwrap() error             { return e.err }
func (e *waitError) RetryAfter() time.Duration { return e.wait }
