package watch

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"sitrep/internal/notify"
)

// ProbeResult is the outcome of one check of one probe from one vantage point.
type ProbeResult struct {
	Probe     string    `json:"probe"`
	Vantage   string    `json:"vantage"`
	At        time.Time `json:"at"`
	OK        bool      `json:"ok"`
	LatencyMs float64   `json:"latency_ms"`
	Error     string    `json:"error,omitempty"`
}

// Checker runs checks. Every connection it makes passes its Guard, so a
// probe cannot reach an address the guard refuses even if its name now
// resolves there. It is safe for concurrent use.
type Checker struct {
	guard  notify.Guard
	verify *http.Transport
	skip   *http.Transport
}

// NewChecker returns a checker whose connections pass g.
func NewChecker(g notify.Guard) *Checker {
	c := &Checker{guard: g}
	c.verify, c.skip = c.transport(false), c.transport(true)
	return c
}

// transport is an HTTP transport that opens a new connection for every
// check, so a check sees what a new client would: connection, TLS handshake
// and all.
func (c *Checker) transport(skipVerify bool) *http.Transport {
	return &http.Transport{
		Proxy:             nil,
		DialContext:       c.guard.Dialer(time.Minute).DialContext,
		DisableKeepAlives: true,
		ForceAttemptHTTP2: false,
		TLSClientConfig:   &tls.Config{InsecureSkipVerify: skipVerify}, //nolint:gosec // the admin chose skip_verify for this probe
	}
}

// Check runs p once within its timeout and returns how long it took and why
// it failed, if it did.
func (c *Checker) Check(ctx context.Context, p Probe) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(ctx, p.Timeout())
	defer cancel()
	start := time.Now()
	var err error
	switch p.Kind {
	case HTTP:
		err = c.checkHTTP(ctx, p, start)
	case TCP:
		err = c.checkTCP(ctx, p.Target)
	case TLS:
		err = c.checkTLS(ctx, p)
	case DNS:
		err = c.checkDNS(ctx, p)
	default:
		err = fmt.Errorf("unknown probe kind %q", p.Kind)
	}
	took := time.Since(start)
	if err != nil && ctx.Err() != nil && errors.Is(err, context.DeadlineExceeded) {
		err = fmt.Errorf("no answer within %s", p.Timeout())
	}
	return took, err
}

// Run checks p and returns its result as seen from vantage, started at.
func (c *Checker) Run(ctx context.Context, p Probe, vantage string, at time.Time) ProbeResult {
	took, err := c.Check(ctx, p)
	r := ProbeResult{Probe: p.Name, Vantage: vantage, At: at, OK: err == nil, LatencyMs: float64(took.Microseconds()) / 1000}
	if err != nil {
		r.Error = clip(err.Error())
	}
	return r
}

func (c *Checker) checkTCP(ctx context.Context, target string) error {
	conn, err := c.guard.Dialer(time.Minute).DialContext(ctx, "tcp", target)
	if err != nil {
		return simplify(err)
	}
	return conn.Close()
}

// simplify drops the Go plumbing from network errors ("dial tcp
// 127.0.0.1:1: connect: connection refused" stays; "read udp ..." too).
func simplify(err error) error {
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		var refused *notify.RefusedError
		if errors.As(err, &refused) {
			return refused
		}
		return fmt.Errorf("%s %s: %w", op.Op, addrOf(op), op.Err)
	}
	return err
}

func addrOf(op *net.OpError) string {
	if op.Addr != nil {
		return op.Addr.String()
	}
	return op.Net
}

func clip(s string) string {
	s = strings.ToValidUTF8(strings.ReplaceAll(s, "\x00", ""), "?")
	if len(s) > maxErrorBytes {
		s = strings.ToValidUTF8(s[:maxErrorBytes], "") + "..."
	}
	return s
}
