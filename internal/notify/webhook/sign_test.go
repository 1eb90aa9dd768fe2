package webhook_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"sitrep/internal/notify/webhook"
)

func TestVerify(t *testing.T) {
	body := []byte(`{"id":"page-812-step1-cm7"}`)
	ts := "1741915320"
	good := webhook.Sign(secret, ts, body)
	now := sentAt.Add(time.Minute)
	tests := []struct {
		name    string
		secret  []byte
		ts, sig string
		body    []byte
		now     time.Time
		want    error
	}{
		{"genuine", secret, ts, good, body, now, nil},
		{"unsigned", secret, ts, "", body, now, webhook.ErrNoSignature},
		{"no timestamp", secret, "", good, body, now, webhook.ErrNoSignature},
		{"other secret", []byte("guess"), ts, good, body, now, webhook.ErrBadSignature},
		{"no secret at the receiver", nil, ts, webhook.Sign(nil, ts, body), body, now, webhook.ErrBadSignature},
		{"body changed", secret, ts, good, []byte(`{"id":"page-813"}`), now, webhook.ErrBadSignature},
		{"timestamp changed", secret, "1741915321", good, body, now, webhook.ErrBadSignature},
		{"other algorithm", secret, ts, "sha1=" + good[len("sha256="):], body, now, webhook.ErrBadSignature},
		{"not hex", secret, ts, "sha256=zz", body, now, webhook.ErrBadSignature},
		{"truncated", secret, ts, good[:40], body, now, webhook.ErrBadSignature},
		{"replayed an hour later", secret, ts, good, body, sentAt.Add(time.Hour), webhook.ErrStale},
		{"from the future", secret, ts, good, body, sentAt.Add(-time.Hour), webhook.ErrStale},
		{"signed garbage timestamp", secret, "soon", webhook.Sign(secret, "soon", body), body, now, webhook.ErrStale},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := webhook.Verify(tt.secret, tt.ts, tt.sig, tt.body, tt.now, webhook.DefaultTolerance)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Verify = %v, want %v", err, tt.want)
			}
		})
	}
}

func FuzzVerify(f *testing.F) {
	body := []byte(`{"id":"page-812-step1-cm7"}`)
	f.Add("1741915320", webhook.Sign(secret, "1741915320", body), body)
	f.Add("1741915320", "sha256=", body)
	f.Add("-9223372036854775808", "sha256=00", []byte{})
	f.Add("", "", []byte(nil))
	f.Fuzz(func(t *testing.T, ts, sig string, body []byte) {
		err := webhook.Verify(secret, ts, sig, body, sentAt, webhook.DefaultTolerance)
		// Hex digits may come in either case; nothing else may differ.
		if err == nil && strings.ToLower(sig) != webhook.Sign(secret, ts, body) {
			t.Fatalf("Verify accepted a signature Sign would not make: ts %q sig %q", ts, sig)
		}
	})
}
