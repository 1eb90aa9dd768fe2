package notify_test

import (
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"sitrep/internal/notify"
)

func TestClassifyHTTPAnswers(t *testing.T) {
	tests := []struct {
		name      string
		handler   http.HandlerFunc
		retry     bool
		wait      time.Duration
		wantErr   bool
		inMessage string
	}{
		{"accepted", status(http.StatusAccepted, nil, ""), false, 0, false, ""},
		{"provider broken", status(500, nil, "upstream exploded"), true, 0, true, "upstream exploded"},
		{"provider overloaded", status(503, http.Header{"Retry-After": {"120"}}, ""), true, 2 * time.Minute, true, "503"},
		{"rate limited in seconds", status(429, http.Header{"Retry-After": {"30"}}, "slow down"), true, 30 * time.Second, true, "retry after 30s"},
		{"rate limited until a date", status(429, http.Header{
			"Date":        {"Fri, 14 Mar 2025 01:22:00 GMT"},
			"Retry-After": {"Fri, 14 Mar 2025 01:23:30 GMT"},
		}, ""), true, 90 * time.Second, true, "429"},
		{"rate limited for a day", status(429, http.Header{"Retry-After": {"86400"}}, ""), true, notify.MaxRetryAfter, true, "429"},
		{"request timeout", status(408, nil, ""), true, 0, true, "408"},
		{"bad request", status(400, nil, `{"error":"invalid_payload"}`), false, 0, true, "invalid_payload"},
		{"gone", status(410, http.Header{"Retry-After": {"5"}}, "no_service"), false, 0, true, "no_service"},
		{"redirect is not followed", status(302, http.Header{"Location": {"http://169.254.169.254/"}}, ""), false, 0, true, "302"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := answer(t, tt.handler)
			resp, err := post(t, loopback.Client(5*time.Second), srv.URL+"/hook?token=s3cret")
			retry, wait, err := notify.ClassifyHTTP(resp, err)
			if retry != tt.retry || wait != tt.wait || (err != nil) != tt.wantErr {
				t.Fatalf("ClassifyHTTP = %v, %v, %v; want retry %v, wait %v, error %v", retry, wait, err, tt.retry, tt.wait, tt.wantErr)
			}
			if err == nil {
				return
			}
			if !strings.Contains(err.Error(), tt.inMessage) {
				t.Errorf("error %q lacks %q", err, tt.inMessage)
			}
			if strings.Contains(err.Error(), "s3cret") {
				t.Errorf("error %q leaks the token", err)
			}
			if got := notify.RetryAfter(err); got != wait {
				t.Errorf("RetryAfter(err) = %v, ClassifyHTTP said %v", got, wait)
			}
			var he *notify.HTTPError
			if !errors.As(err, &he) || he.StatusCode != resp.StatusCode {
				t.Errorf("error %#v is not an *HTTPError with the status", err)
			}
		})
	}
}

func status(code int, h http.Header, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for k, v := range h {
			w.Header()[k] = v
		}
		w.WriteHeader(code)
		w.Write([]byte(body))
	}
}

func TestClassifyHTTPHangingProviderTimesOutAndRetries(t *testing.T) {
	srv := hang(t)
	resp, err := post(t, loopback.Client(shortTimeout), srv.URL+"/hook?token=s3cret")
	retry, _, err := notify.ClassifyHTTP(resp, err)
	if !retry || err == nil {
		t.Fatalf("ClassifyHTTP = %v, %v; want a retry", retry, err)
	}
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Errorf("error %q is not a timeout", err)
	}
	if strings.Contains(err.Error(), "s3cret") {
		t.Errorf("error %q leaks the token", err)
	}
}

func TestClassifyHTTPConnectionRefusedRetries(t *testing.T) {
	resp, err := post(t, loopback.Client(5*time.Second), "http://"+closedAddr(t)+"/hook?token=s3cret")
	retry, _, err := notify.ClassifyHTTP(resp, err)
	if !retry || err == nil {
		t.Fatalf("ClassifyHTTP = %v, %v; want a retry", retry, err)
	}
	if strings.Contains(err.Error(), "s3cret") {
		t.Errorf("error %q leaks the token", err)
	}
}

func TestClassifyHTTPGuardRefusalIsFinal(t *testing.T) {
	srv := answer(t, status(200, nil, ""))
	resp, err := post(t, notify.Guard{}.Client(5*time.Second), srv.URL)
	retry, _, err := notify.ClassifyHTTP(resp, err)
	if retry || !errors.Is(err, notify.ErrRefused) {
		t.Fatalf("ClassifyHTTP = %v, %v; want a final refusal", retry, err)
	}
}
