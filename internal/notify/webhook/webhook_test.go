package webhook_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"sitrep/internal/clock"
	"sitrep/internal/notify"
	"sitrep/internal/notify/webhook"
	"sitrep/internal/problem"
)

var (
	secret  = []byte("whsec-eu-ops-7f3a")
	sentAt  = time.Date(2025, 3, 14, 1, 22, 0, 0, time.UTC)
	guarded = notify.Guard{AllowPrivate: true} // the receivers listen on loopback
)

// delivery is what the stand-in receiver saw.
type delivery struct {
	header http.Header
	body   []byte
}

// receiver is a stand-in for a customer's webhook endpoint.
type receiver struct {
	*httptest.Server
	mu   sync.Mutex
	got  []delivery
	code int
	hdr  http.Header
}

func newReceiver(t *testing.T, code int, hdr http.Header) *receiver {
	t.Helper()
	r := &receiver{code: code, hdr: hdr}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.got = append(r.got, delivery{header: req.Header.Clone(), body: body})
		r.mu.Unlock()
		for k, v := range r.hdr {
			w.Header()[k] = v
		}
		w.WriteHeader(r.code)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) deliveries() []delivery {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]delivery(nil), r.got...)
}

func newSender(t *testing.T, timeout time.Duration) *webhook.Sender {
	t.Helper()
	s, err := webhook.New(webhook.Options{
		Client: guarded.Client(timeout),
		Secret: secret,
		Now:    clock.NewManual(sentAt).Now,
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func page(to string) notify.Message {
	return notify.Message{
		ID:         "page-812-step1-cm7",
		Kind:       notify.KindPage,
		To:         to,
		Subject:    "[SEV-1] #42 Checkout is down in eu-west",
		Body:       "Liveness check checkout-eu failed since 01:22 UTC.",
		AckURL:     "https://sitrep.example.com/a/ack-token",
		ResolveURL: "https://sitrep.example.com/a/resolve-token",
		Severity:   "SEV-1",
		Incident:   42,
	}
}

func TestPageReachesTheOpsWebhookSigned(t *testing.T) {
	ops := newReceiver(t, http.StatusNoContent, nil)
	retry, err := newSender(t, 5*time.Second).Send(context.Background(), page(ops.URL+"/hooks/in-7"))
	if err != nil || retry {
		t.Fatalf("Send = %v, %v", retry, err)
	}
	got := ops.deliveries()
	if len(got) != 1 {
		t.Fatalf("receiver got %d deliveries", len(got))
	}
	d := got[0]
	if err := webhook.Verify(secret, d.header.Get(webhook.HeaderTimestamp), d.header.Get(webhook.HeaderSignature),
		d.body, sentAt.Add(30*time.Second), webhook.DefaultTolerance); err != nil {
		t.Fatalf("receiver cannot verify the delivery: %v", err)
	}
	if ts := d.header.Get(webhook.HeaderTimestamp); ts != "1741915320" {
		t.Errorf("timestamp %q, want the injected clock's", ts)
	}
	if k := d.header.Get(webhook.HeaderIdempotency); k != "page-812-step1-cm7" {
		t.Errorf("Idempotency-Key %q", k)
	}
	if ct := d.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	var p webhook.Payload
	if err := json.Unmarshal(d.body, &p); err != nil {
		t.Fatal(err)
	}
	want := webhook.NewPayload(page(""))
	if p != want {
		t.Errorf("payload\n got %+v\nwant %+v", p, want)
	}
	if strings.Contains(string(d.body), "/hooks/in-7") {
		t.Error("the payload repeats the receiver's URL")
	}
}

func TestReceiverAnswers(t *testing.T) {
	tests := []struct {
		name  string
		code  int
		hdr   http.Header
		retry bool
		wait  time.Duration
	}{
		{"receiver broken", 500, nil, true, 0},
		{"receiver refuses the payload", 400, nil, false, 0},
		{"receiver rate limits", 429, http.Header{"Retry-After": {"45"}}, true, 45 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newReceiver(t, tt.code, tt.hdr)
			retry, err := newSender(t, 5*time.Second).Send(context.Background(), page(r.URL+"/in?token=s3cret"))
			if retry != tt.retry || err == nil {
				t.Fatalf("Send = %v, %v; want retry %v and an error", retry, err, tt.retry)
			}
			if got := notify.RetryAfter(err); got != tt.wait {
				t.Errorf("RetryAfter = %v, want %v", got, tt.wait)
			}
			if strings.Contains(err.Error(), "s3cret") {
				t.Errorf("error leaks the URL's token: %v", err)
			}
		})
	}
}

func TestHangingReceiverTimesOutAndRetries(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })

	retry, err := newSender(t, 200*time.Millisecond).Send(context.Background(), page(srv.URL))
	if !retry || err == nil {
		t.Fatalf("Send = %v, %v; want a retry after the timeout", retry, err)
	}
}

func TestWebhookToMetadataIsRefusedForGood(t *testing.T) {
	retry, err := newSender(t, 5*time.Second).Send(context.Background(), page("http://169.254.169.254/latest/meta-data/"))
	if retry || !errors.Is(err, notify.ErrRefused) {
		t.Fatalf("Send = %v, %v; want a final refusal", retry, err)
	}
}

func TestSenderNeedsASecretAndAMessage(t *testing.T) {
	if _, err := webhook.New(webhook.Options{}); err == nil {
		t.Fatal("a sender without a secret was made")
	}
	m := page("http://127.0.0.1:1/")
	m.ID = ""
	if retry, err := newSender(t, time.Second).Send(context.Background(), m); retry || err == nil {
		t.Fatalf("Send of a message without a key = %v, %v", retry, err)
	}
	for _, to := range []string{"ftp://files.example.com/in", "https://ops:pw@hooks.example.com/in"} {
		retry, err := newSender(t, time.Second).Send(context.Background(), page(to))
		if p, ok := problem.As(err); retry || !ok || p.Field != "to" {
			t.Errorf("Send to %q = %v, %v; want a final refusal naming to", to, retry, err)
		}
	}
	if got := newSender(t, time.Second).Channel(); got != notify.ChannelWebhook {
		t.Fatalf("Channel() = %q", got)
	}
}
