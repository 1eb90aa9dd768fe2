package notify

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// HTTPError is a provider's answer that was not a success. Its URL is
// redacted, so the error can be stored and shown as the delivery's last error.
type HTTPError struct {
	Method     string
	URL        string
	StatusCode int
	Status     string
	// Detail is the start of the answer's body on one line, if it had one:
	// providers put the reason there ("invalid_token", "no_service").
	Detail string
	// Wait is what Retry-After asked for, capped at MaxRetryAfter.
	Wait time.Duration
}

func (e *HTTPError) Error() string {
	var b strings.Builder
	if e.Method != "" {
		b.WriteString(e.Method + " ")
	}
	if e.URL != "" {
		b.WriteString(e.URL + ": ")
	}
	status := e.Status
	if status == "" {
		status = fmt.Sprintf("%d %s", e.StatusCode, http.StatusText(e.StatusCode))
	}
	b.WriteString("answered " + status)
	if e.Detail != "" {
		b.WriteString(": " + e.Detail)
	}
	if e.Wait > 0 {
		b.WriteString(" (retry after " + e.Wait.String() + ")")
	}
	return b.String()
}

// RetryAfter is the wait the provider asked for.
func (e *HTTPError) RetryAfter() time.Duration { return e.Wait }

// ClassifyHTTP turns the outcome of an http.Client call into a delivery
// verdict. A 2xx is success: (false, 0, nil), and the body is left unread for
// the caller. Timeouts, connection errors, 5xx, 408 and 429 are worth a retry,
// after at least retryAfter when the provider sent Retry-After (seconds or an
// HTTP-date, capped at MaxRetryAfter). Other answers, redirects included
// (providers do not redirect an API call, and following one would leave the
// URL that was validated), are not worth a retry, and neither is an address
// the Guard refused. The returned error never contains a secret of the URL.
//
// For a failed answer ClassifyHTTP reads at most a small prefix of the body
// for the error detail. Closing the body stays with the caller.
func ClassifyHTTP(resp *http.Response, err error) (retry bool, retryAfter time.Duration, _ error) {
	if err != nil {
		err = RedactError(err)
		if errors.Is(err, ErrRefused) {
			return false, 0, err
		}
		// Timeouts, refused connections, resets, DNS failures and a
		// cancelled context (we are shutting down) all may go better
		// next time. A TLS certificate error may too, once someone
		// renews it; backoff keeps that from becoming a loop.
		return true, 0, err
	}
	if resp == nil {
		return true, 0, errors.New("no answer and no error from the HTTP client")
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return false, 0, nil
	}
	he := &HTTPError{StatusCode: resp.StatusCode, Status: resp.Status, Detail: snippet(resp.Body)}
	if resp.Request != nil {
		he.Method = resp.Request.Method
		if resp.Request.URL != nil {
			he.URL = RedactURL(resp.Request.URL.String())
		}
	}
	retry = RetryableStatus(resp.StatusCode)
	if retry {
		he.Wait = ResponseRetryAfter(resp)
	}
	return retry, he.Wait, he
}

// RetryableStatus says whether an HTTP status is worth another attempt:
// every 5xx, 408 Request Timeout, 425 Too Early and 429 Too Many Requests.
func RetryableStatus(code int) bool {
	switch {
	case code >= 500 && code <= 599:
		return true
	case code == http.StatusRequestTimeout, code == http.StatusTooEarly, code == http.StatusTooManyRequests:
		return true
	}
	return false
}

// maxDetail bounds how much of a failed answer we read and keep: enough for
// a provider's reason, not enough for an HTML error page to fill the history.
const maxDetail = 200

func snippet(body io.Reader) string {
	if body == nil {
		return ""
	}
	buf, _ := io.ReadAll(io.LimitReader(body, 4*maxDetail))
	return oneLine(string(buf), maxDetail)
}

// oneLine makes s printable on one line and at most n runes long, and
// redacts URLs in it, since an answer may echo what we sent.
func oneLine(s string, n int) string {
	s = strings.ToValidUTF8(s, "?")
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r)
	}), " ")
	s = RedactText(s)
	if utf8.RuneCountInString(s) > n {
		r := []rune(s)
		s = string(r[:n]) + "…"
	}
	return s
}
