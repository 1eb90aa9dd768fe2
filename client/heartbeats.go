package client

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Heartbeat is a deadline that a job or the main monitoring pushes back by
// pinging its URL every interval. Status is new (never pinged), up, late
// (past the interval, within the grace) or down (its alert fires).
type Heartbeat struct {
	ID              int64     `json:"id"`
	Name            string    `json:"name"`
	Kind            string    `json:"kind"`
	IntervalSeconds int64     `json:"interval_seconds"`
	GraceSeconds    int64     `json:"grace_seconds"`
	Service         string    `json:"service,omitempty"`
	Severity        string    `json:"severity"`
	Description     string    `json:"description,omitempty"`
	TokenPrefix     string    `json:"token_prefix"`
	Status          string    `json:"status"`
	Failed          bool      `json:"failed,omitempty"`
	LastPingAt      time.Time `json:"last_ping_at,omitzero"`
	NextDueAt       time.Time `json:"next_due_at,omitzero"`
	DownSince       time.Time `json:"down_since,omitzero"`
	Pings           int64     `json:"pings"`
	CreatedAt       time.Time `json:"created_at"`
}

// NewHeartbeat asks for a heartbeat. Kind is "job" (the default) or
// "monitoring"; zero GraceSeconds is min(interval, 5 minutes).
type NewHeartbeat struct {
	Name            string `json:"name"`
	Kind            string `json:"kind,omitempty"`
	IntervalSeconds int64  `json:"interval_seconds"`
	GraceSeconds    int64  `json:"grace_seconds,omitempty"`
	Service         string `json:"service,omitempty"`
	Severity        string `json:"severity,omitempty"`
	Description     string `json:"description,omitempty"`
}

// HeartbeatChange changes some settings of a heartbeat; nil fields stay.
type HeartbeatChange struct {
	Kind            *string `json:"kind,omitempty"`
	IntervalSeconds *int64  `json:"interval_seconds,omitempty"`
	GraceSeconds    *int64  `json:"grace_seconds,omitempty"`
	Service         *string `json:"service,omitempty"`
	Severity        *string `json:"severity,omitempty"`
	Description     *string `json:"description,omitempty"`
}

// HeartbeatSecret is a heartbeat with its ping token, shown only when the
// heartbeat is created or its token rotated.
type HeartbeatSecret struct {
	Heartbeat
	Token   string `json:"token"`
	PingURL string `json:"ping_url"`
}

// HeartbeatList is one stretch of the list of heartbeats, oldest first.
type HeartbeatList struct {
	Heartbeats []Heartbeat `json:"heartbeats"`
	NextCursor string      `json:"next_cursor,omitempty"`
}

func heartbeatPath(name string) string { return "/api/v1/heartbeats/" + url.PathEscape(name) }

// CreateHeartbeat adds a heartbeat (admin only). Store the answer's token or
// ping URL now: it is not shown again.
func (c *Client) CreateHeartbeat(ctx context.Context, n NewHeartbeat) (HeartbeatSecret, error) {
	var h HeartbeatSecret
	err := c.do(ctx, "POST", "/api/v1/heartbeats", nil, n, &h)
	return h, err
}

// Heartbeats lists heartbeats; pass the NextCursor of one answer to get the next.
func (c *Client) Heartbeats(ctx context.Context, cursor string, limit int) (HeartbeatList, error) {
	q := url.Values{}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	if limit != 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	var l HeartbeatList
	err := c.do(ctx, "GET", "/api/v1/heartbeats", q, nil, &l)
	return l, err
}

// Heartbeat reads one heartbeat.
func (c *Client) Heartbeat(ctx context.Context, name string) (Heartbeat, error) {
	var h Heartbeat
	err := c.do(ctx, "GET", heartbeatPath(name), nil, nil, &h)
	return h, err
}

// ChangeHeartbeat changes a heartbeat's settings (admin only).
func (c *Client) ChangeHeartbeat(ctx context.Context, name string, ch HeartbeatChange) (Heartbeat, error) {
	var h Heartbeat
	err := c.do(ctx, "PATCH", heartbeatPath(name), nil, ch, &h)
	return h, err
}

// RemoveHeartbeat removes a heartbeat (admin only); its firing alert resolves.
func (c *Client) RemoveHeartbeat(ctx context.Context, name string) error {
	return c.do(ctx, "DELETE", heartbeatPath(name), nil, nil, nil)
}

// RotateHeartbeat replaces a heartbeat's ping token (admin only).
func (c *Client) RotateHeartbeat(ctx context.Context, name string) (HeartbeatSecret, error) {
	var h HeartbeatSecret
	err := c.do(ctx, "POST", heartbeatPath(name)+"/rotate", nil, nil, &h)
	return h, err
}

// PingHeartbeat pings a heartbeat by name with the client's API token.
func (c *Client) PingHeartbeat(ctx context.Context, name string) (Heartbeat, error) {
	var h Heartbeat
	err := c.do(ctx, "POST", heartbeatPath(name)+"/ping", nil, nil, &h)
	return h, err
}

// PingURL pings a heartbeat's ping URL, which carries its own credential,
// with a plain POST (method "GET" or "HEAD" work too). Use it from jobs that
// hold only the ping URL; append "/fail" to the URL to report a failure.
func PingURL(ctx context.Context, h *http.Client, method, pingURL string) error {
	if h == nil {
		h = &http.Client{Timeout: 30 * time.Second}
	}
	req, err := http.NewRequestWithContext(ctx, method, pingURL, nil)
	if err != nil {
		return fmt.Errorf("ping: %w", err)
	}
	resp, err := h.Do(req)
	if err != nil {
		// The URL holds the token: never repeat it in an error.
		return fmt.Errorf("ping %s: %w", redactPingURL(pingURL), unwrapURLError(err))
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("ping %s: %s %s", redactPingURL(pingURL), resp.Status, strings.TrimSpace(string(b)))
	}
	return nil
}

// redactPingURL keeps the host and hides the token.
func redactPingURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(ping URL)"
	}
	return u.Scheme + "://" + u.Host + "/hb/..."
}

func unwrapURLError(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}
