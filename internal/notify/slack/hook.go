package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"sitrep/internal/notify"
)

// Webhook posts to Slack incoming webhooks: the message's To is the hook
// URL. The URL is the credential, so it only ever appears redacted in errors.
type Webhook struct {
	client *http.Client
}

var _ notify.Sender = (*Webhook)(nil)

// NewWebhook returns a sender for incoming webhooks. client should come from
// notify.Guard.Client, since users paste the URLs; nil uses a strict guard.
func NewWebhook(client *http.Client) *Webhook {
	return &Webhook{client: clientOrDefault(client)}
}

// Channel is notify.ChannelSlackWebhook.
func (w *Webhook) Channel() string { return notify.ChannelSlackWebhook }

// Send posts {"text": Text(m)} to m.To. Slack answers 200 "ok" on success
// and a 4xx with a reason (invalid_payload, no_service, channel_is_archived)
// otherwise; 429 and 5xx are retried.
func (w *Webhook) Send(ctx context.Context, m notify.Message) (retry bool, err error) {
	if err := m.Validate(); err != nil {
		return false, fmt.Errorf("slack webhook: %w", err)
	}
	if err := notify.CheckURLForm("to", m.To); err != nil {
		return false, fmt.Errorf("slack webhook: %w", err)
	}
	body, err := json.Marshal(map[string]any{"text": Text(m), "unfurl_links": false})
	if err != nil {
		return false, fmt.Errorf("slack webhook: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, m.To, bytes.NewReader(body))
	if err != nil {
		return false, fmt.Errorf("slack webhook: %s is not a URL we can post to", notify.RedactURL(m.To))
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	resp, err := w.client.Do(req)
	if resp != nil {
		defer resp.Body.Close()
	}
	retry, _, err = notify.ClassifyHTTP(resp, err)
	if err != nil {
		return retry, fmt.Errorf("slack webhook: %w", err)
	}
	return false, nil
}
