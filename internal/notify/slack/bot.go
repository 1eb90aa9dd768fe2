package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"sitrep/internal/notify"
)

// DefaultBaseURL is Slack's Web API.
const DefaultBaseURL = "https://slack.com/api"

// BotOptions configure a Bot.
type BotOptions struct {
	// Token is the bot token (xoxb-...).
	Token string
	// BaseURL is the Web API root; empty is DefaultBaseURL.
	BaseURL string
	// Client makes the calls; nil uses a strict notify.Guard client.
	Client *http.Client
}

// Bot posts with chat.postMessage: the message's To is a channel ID (or a
// user ID, for a direct message).
type Bot struct {
	client *http.Client
	token  string
	url    string
}

var _ notify.Sender = (*Bot)(nil)

// NewBot returns a chat.postMessage sender.
func NewBot(o BotOptions) (*Bot, error) {
	if o.Token == "" {
		return nil, errors.New("slack: a bot token is required")
	}
	base := strings.TrimSuffix(o.BaseURL, "/")
	if base == "" {
		base = DefaultBaseURL
	}
	return &Bot{client: clientOrDefault(o.Client), token: o.Token, url: base + "/chat.postMessage"}, nil
}

// Channel is notify.ChannelSlack.
func (b *Bot) Channel() string { return notify.ChannelSlack }

// Send posts Text(m) to the channel m.To.
func (b *Bot) Send(ctx context.Context, m notify.Message) (retry bool, err error) {
	if err := m.Validate(); err != nil {
		return false, fmt.Errorf("slack: %w", err)
	}
	body, err := json.Marshal(map[string]any{"channel": m.To, "text": Text(m), "unfurl_links": false})
	if err != nil {
		return false, fmt.Errorf("slack: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, b.url, bytes.NewReader(body))
	if err != nil {
		return false, fmt.Errorf("slack: %s is not a URL we can post to", notify.RedactURL(b.url))
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("Authorization", "Bearer "+b.token)
	resp, err := b.client.Do(req)
	if resp != nil {
		defer resp.Body.Close()
	}
	retry, _, err = notify.ClassifyHTTP(resp, err)
	if err != nil {
		return retry, fmt.Errorf("slack: %w", err)
	}
	return classifyAnswer(resp, m.To)
}

// maxAnswer bounds how much of Slack's answer we read.
const maxAnswer = 64 << 10

// classifyAnswer reads the body of a 200 from the Web API, which reports
// failure as {"ok": false, "error": "..."}.
func classifyAnswer(resp *http.Response, channel string) (retry bool, err error) {
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return true, fmt.Errorf("slack: reading the answer: %w", err)
	}
	var a struct {
		OK    bool   `json:"ok"`
		Error string `json:"error"`
	}
	if err := json.Unmarshal(raw, &a); err != nil {
		// A proxy or an outage page, not Slack: try again later.
		return true, fmt.Errorf("slack: answered 200 with something other than Web API JSON")
	}
	if a.OK {
		return false, nil
	}
	err = &APIError{Code: a.Error, Channel: channel}
	if !retryableAPIError(a.Error) {
		return false, err
	}
	return true, notify.WithRetryAfter(err, notify.ResponseRetryAfter(resp))
}
