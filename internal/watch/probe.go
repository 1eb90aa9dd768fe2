package watch

import (
	"regexp"
	"time"
)

// Kind is what a probe checks.
type Kind string

// The kinds of probe.
const (
	HTTP Kind = "http"
	TCP  Kind = "tcp"
	DNS  Kind = "dns"
	TLS  Kind = "tls"
)

// Local is the vantage point of the server itself.
const Local = "local"

// Defaults and bounds of a probe.
const (
	MinInterval            = 10 * time.Second
	MaxInterval            = 24 * time.Hour
	DefaultInterval        = 60 * time.Second
	DefaultTimeout         = 10 * time.Second
	DefaultFailures        = 2
	DefaultSuccesses       = 2
	MaxVantages            = 16
	MaxHeaders             = 32
	MaxTargetLen           = 2048
	MaxBodyContains        = 1024
	MaxExpected            = 32
	maxThreshold           = 100
	maxCertDays            = 36500
	maxLatencyThresholdMs  = 600_000
	defaultTLSExpiryDays   = 14
	maxErrorBytes          = 512
	maxResponseBytesToRead = 1 << 20
)

var (
	nameRE    = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,62}$`)
	vantageRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)
	labelRE   = regexp.MustCompile(`^[A-Za-z0-9 ._:/-]{0,64}$`)
)

// Probe is a check that runs every Interval from each of its vantage points.
type Probe struct {
	Name   string `json:"name"`
	Kind   Kind   `json:"kind"`
	Target string `json:"target"`
	// Settings per kind; only the one matching Kind is kept.
	HTTP *HTTPSettings `json:"http,omitempty"`
	DNS  *DNSSettings  `json:"dns,omitempty"`
	TLS  *TLSSettings  `json:"tls,omitempty"`

	IntervalSeconds         int      `json:"interval_seconds"`
	TimeoutSeconds          float64  `json:"timeout_seconds"`
	FailuresBeforeAlert     int      `json:"failures_before_alert"`
	SuccessesBeforeRecovery int      `json:"successes_before_recovery"`
	Service                 string   `json:"service,omitempty"`
	Severity                string   `json:"severity,omitempty"`
	Vantages                []string `json:"vantages"`
	MinFailing              int      `json:"min_failing"`
	Enabled                 bool     `json:"enabled"`

	// State is up, down or unknown (no verdict yet), from the latest results.
	State     string    `json:"state"`
	CreatedAt time.Time `json:"created_at,omitzero"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`

	id int64
}

// HTTPSettings are an HTTP(S) probe's settings; Target is the URL.
type HTTPSettings struct {
	Method string            `json:"method,omitempty"`
	Header map[string]string `json:"headers,omitempty"`
	// ExpectStatus lists the answers that pass; empty means any 2xx.
	ExpectStatus []int  `json:"expect_status,omitempty"`
	BodyContains string `json:"body_contains,omitempty"`
	// MaxLatencyMs fails an answer slower than this; 0 means no limit.
	MaxLatencyMs int `json:"max_latency_ms,omitempty"`
	// CertExpiryDays fails an https answer whose certificate expires
	// within this many days; 0 checks only that it has not expired.
	CertExpiryDays int  `json:"cert_expiry_days,omitempty"`
	SkipVerify     bool `json:"skip_verify,omitempty"`
}

// DNSSettings are a DNS probe's settings; Target is the name to look up.
type DNSSettings struct {
	Type string `json:"type,omitempty"`
	// Server is host:port of the resolver to ask; empty uses the system's.
	Server string `json:"server,omitempty"`
	// Expect lists records that must all be in the answer (an address, a
	// name, a TXT string or "10 mx.example.com." for MX); empty means any
	// answer passes.
	Expect []string `json:"expect,omitempty"`
}

// TLSSettings are a TLS probe's settings; Target is host:port.
type TLSSettings struct {
	ServerName string `json:"server_name,omitempty"`
	// ExpiryDays fails a certificate that expires within this many days
	// (default 14).
	ExpiryDays int  `json:"expiry_days,omitempty"`
	SkipVerify bool `json:"skip_verify,omitempty"`
}

// Interval is how often the probe runs.
func (p Probe) Interval() time.Duration { return time.Duration(p.IntervalSeconds) * time.Second }

// Timeout is how long one check may take.
func (p Probe) Timeout() time.Duration {
	return time.Duration(p.TimeoutSeconds * float64(time.Second))
}

// HasVantage reports whether v is one of the probe's vantage points.
func (p Probe) HasVantage(v string) bool {
	for _, x := range p.Vantages {
		if x == v {
			return true
		}
	}
	return false
}
