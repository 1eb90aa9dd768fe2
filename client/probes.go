package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Probe is a check sitrep runs every interval from its vantage points:
// kind http (Target a URL), tcp or tls (host:port) or dns (a name). Zero
// fields take the server's defaults when creating.
type Probe struct {
	Name                    string     `json:"name"`
	Kind                    string     `json:"kind"`
	Target                  string     `json:"target"`
	HTTP                    *ProbeHTTP `json:"http,omitempty"`
	DNS                     *ProbeDNS  `json:"dns,omitempty"`
	TLS                     *ProbeTLS  `json:"tls,omitempty"`
	IntervalSeconds         int        `json:"interval_seconds,omitempty"`
	TimeoutSeconds          float64    `json:"timeout_seconds,omitempty"`
	FailuresBeforeAlert     int        `json:"failures_before_alert,omitempty"`
	SuccessesBeforeRecovery int        `json:"successes_before_recovery,omitempty"`
	Service                 string     `json:"service,omitempty"`
	Severity                string     `json:"severity,omitempty"`
	Vantages                []string   `json:"vantages,omitempty"`
	MinFailing              int        `json:"min_failing,omitempty"`
	Enabled                 *bool      `json:"enabled,omitempty"`
	State                   string     `json:"state,omitempty"`
	CreatedAt               time.Time  `json:"created_at,omitzero"`
	UpdatedAt               time.Time  `json:"updated_at,omitzero"`
}

// ProbeHTTP are an HTTP probe's settings.
type ProbeHTTP struct {
	Method         string            `json:"method,omitempty"`
	Headers        map[string]string `json:"headers,omitempty"`
	ExpectStatus   []int             `json:"expect_status,omitempty"`
	BodyContains   string            `json:"body_contains,omitempty"`
	MaxLatencyMs   int               `json:"max_latency_ms,omitempty"`
	CertExpiryDays int               `json:"cert_expiry_days,omitempty"`
	SkipVerify     bool              `json:"skip_verify,omitempty"`
}

// ProbeDNS are a DNS probe's settings.
type ProbeDNS struct {
	Type   string   `json:"type,omitempty"`
	Server string   `json:"server,omitempty"`
	Expect []string `json:"expect,omitempty"`
}

// ProbeTLS are a TLS probe's settings.
type ProbeTLS struct {
	ServerName string `json:"server_name,omitempty"`
	ExpiryDays int    `json:"expiry_days,omitempty"`
	SkipVerify bool   `json:"skip_verify,omitempty"`
}

// ProbeChange changes some of a probe's settings; nil fields stay.
type ProbeChange struct {
	Target          *string    `json:"target,omitempty"`
	HTTP            *ProbeHTTP `json:"http,omitempty"`
	IntervalSeconds *int       `json:"interval_seconds,omitempty"`
	TimeoutSeconds  *float64   `json:"timeout_seconds,omitempty"`
	Service         *string    `json:"service,omitempty"`
	Severity        *string    `json:"severity,omitempty"`
	Vantages        []string   `json:"vantages,omitempty"`
	MinFailing      *int       `json:"min_failing,omitempty"`
	Enabled         *bool      `json:"enabled,omitempty"`
}

// ProbeResult is one check from one vantage point.
type ProbeResult struct {
	Probe     string    `json:"probe"`
	Vantage   string    `json:"vantage,omitempty"`
	At        time.Time `json:"at"`
	OK        bool      `json:"ok"`
	LatencyMs float64   `json:"latency_ms,omitempty"`
	Error     string    `json:"error,omitempty"`
}

// ProbeHistory is a probe's summary, recent results and hourly rollups.
type ProbeHistory struct {
	Summary struct {
		State     string   `json:"state"`
		Uptime24h *float64 `json:"uptime_24h"`
		Uptime7d  *float64 `json:"uptime_7d"`
		Uptime30d *float64 `json:"uptime_30d"`
		P50Ms24h  float64  `json:"p50_ms_24h"`
		P95Ms24h  float64  `json:"p95_ms_24h"`
		Vantages  []struct {
			Name      string    `json:"name"`
			Status    string    `json:"status"`
			LastAt    time.Time `json:"last_at,omitzero"`
			LastError string    `json:"last_error,omitempty"`
		} `json:"vantages"`
	} `json:"summary"`
	Recent []ProbeResult `json:"recent"`
	Hourly []struct {
		Hour     time.Time `json:"hour"`
		Checks   int       `json:"checks"`
		Failures int       `json:"failures"`
		P50Ms    float64   `json:"p50_ms"`
		P95Ms    float64   `json:"p95_ms"`
	} `json:"hourly"`
}

// ProbeList is a page of probes.
type ProbeList struct {
	Probes     []Probe `json:"probes"`
	NextCursor string  `json:"next_cursor,omitempty"`
}

// CreateProbe adds a probe.
func (c *Client) CreateProbe(ctx context.Context, p Probe) (Probe, error) {
	var out Probe
	err := c.do(ctx, http.MethodPost, "/api/v1/probes", nil, p, &out)
	return out, err
}

// Probes lists probes by name, a page at a time.
func (c *Client) Probes(ctx context.Context, cursor string, limit int) (ProbeList, error) {
	q := url.Values{}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	var out ProbeList
	err := c.do(ctx, http.MethodGet, "/api/v1/probes", q, nil, &out)
	return out, err
}

// Probe reads a probe.
func (c *Client) Probe(ctx context.Context, name string) (Probe, error) {
	var out Probe
	err := c.do(ctx, http.MethodGet, "/api/v1/probes/"+url.PathEscape(name), nil, nil, &out)
	return out, err
}

// ChangeProbe changes some of a probe's settings.
func (c *Client) ChangeProbe(ctx context.Context, name string, ch ProbeChange) (Probe, error) {
	var out Probe
	err := c.do(ctx, http.MethodPatch, "/api/v1/probes/"+url.PathEscape(name), nil, ch, &out)
	return out, err
}

// RemoveProbe deletes a probe and its results.
func (c *Client) RemoveProbe(ctx context.Context, name string) error {
	return c.do(ctx, http.MethodDelete, "/api/v1/probes/"+url.PathEscape(name), nil, nil, nil)
}

// ProbeResults reads a probe's uptime, latency and recent results.
func (c *Client) ProbeResults(ctx context.Context, name string, limit int) (ProbeHistory, error) {
	q := url.Values{}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	var out ProbeHistory
	err := c.do(ctx, http.MethodGet, "/api/v1/probes/"+url.PathEscape(name)+"/results", q, nil, &out)
	return out, err
}
