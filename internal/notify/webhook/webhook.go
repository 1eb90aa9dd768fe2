// Package webhook owns the generic webhook channel: a JSON POST of the
// message to a user's URL, signed with HMAC-SHA256 so the receiver can tell
// it came from this sitrep and was not replayed, and carrying the
// idempotency key so the receiver can drop duplicates. Verify is the
// receiver's half, for Go receivers and for our own tests.
package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"sitrep/internal/notify"
)

// The headers a delivery carries.
const (
	HeaderSignature   = "X-Sitrep-Signature"
	HeaderTimestamp   = "X-Sitrep-Timestamp"
	HeaderIdempotency = "Idempotency-Key"
	HeaderKind        = "X-Sitrep-Kind"
)

// Options configure a Sender.
type Options struct {
	// Client makes the requests. Build it with notify.Guard.Client so that
	// user-configured URLs cannot reach link-local or metadata addresses,
	// with a timeout: a receiver that hangs must not hold a delivery
	// worker. Nil uses a strict guard and DefaultTimeout.
	Client *http.Client
	// Secret signs every delivery. Receivers verify with the same secret.
	Secret []byte
	// Now reads the clock for the timestamp; nil is the wall clock.
	Now func() time.Time
}

// DefaultTimeout bounds one delivery when Options.Client is nil.
const DefaultTimeout = 10 * time.Second

// Sender posts messages to webhook URLs. Senders are cheap: to sign with a
// different secret per contact, make a Sender per contact sharing one Client.
type Sender struct {
	client *http.Client
	secret []byte
	now    func() time.Time
}

var _ notify.Sender = (*Sender)(nil)

// New returns a Sender. It refuses an empty secret: an unsigned webhook is
// one anybody can forge.
func New(o Options) (*Sender, error) {
	if len(o.Secret) == 0 {
		return nil, errors.New("webhook: a signing secret is required")
	}
	s := &Sender{client: o.Client, secret: bytes.Clone(o.Secret), now: o.Now}
	if s.client == nil {
		s.client = notify.Guard{}.Client(DefaultTimeout)
	}
	if s.now == nil {
		s.now = time.Now
	}
	return s, nil
}

// Channel is notify.ChannelWebhook.
func (s *Sender) Channel() string { return notify.ChannelWebhook }

// Send posts m as a Payload to m.To.
func (s *Sender) Send(ctx context.Context, m notify.Message) (retry bool, err error) {
	if err := m.Validate(); err != nil {
		return false, fmt.Errorf("webhook: %w", err)
	}
	if err := notify.CheckURLForm("to", m.To); err != nil {
		return false, fmt.Errorf("webhook: %w", err)
	}
	body, err := json.Marshal(NewPayload(m))
	if err != nil {
		return false, fmt.Errorf("webhook: encode payload: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, m.To, bytes.NewReader(body))
	if err != nil {
		return false, fmt.Errorf("webhook: %s is not a URL we can post to", notify.RedactURL(m.To))
	}
	ts := strconv.FormatInt(s.now().Unix(), 10)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "sitrep-webhook/1")
	req.Header.Set(HeaderTimestamp, ts)
	req.Header.Set(HeaderSignature, Sign(s.secret, ts, body))
	req.Header.Set(HeaderIdempotency, m.ID)
	req.Header.Set(HeaderKind, string(m.Kind))

	resp, err := s.client.Do(req)
	if resp != nil {
		defer resp.Body.Close()
	}
	retry, _, err = notify.ClassifyHTTP(resp, err)
	if err != nil {
		return retry, fmt.Errorf("webhook: %w", err)
	}
	return false, nil
}
