package watch

import (
	"context"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"sitrep/internal/clock"
)

// CanaryTTL is how long the guard trusts its last look at the canaries.
const CanaryTTL = 30 * time.Second

// canaryTimeout bounds one look at one canary.
const canaryTimeout = 5 * time.Second

// Canaries is the connectivity guard: before sitrep calls a probe down from
// here, it checks that it can reach at least one of a few well-known outside
// targets. If none answers, the fault is most likely sitrep's own network,
// not every target at once. Canaries are the admin's configuration, so they
// are reached without the outbound guard.
type Canaries struct {
	targets []string
	clock   clock.Clock
	client  *http.Client

	mu      sync.Mutex
	checked time.Time
	ok      bool
}

// NewCanaries returns a guard over targets (host:port or http(s) URLs). With
// no targets it is off: it always finds the outside reachable.
func NewCanaries(targets []string, c clock.Clock) *Canaries {
	return &Canaries{targets: targets, clock: c,
		client: &http.Client{Timeout: canaryTimeout, Transport: &http.Transport{Proxy: http.ProxyFromEnvironment, DisableKeepAlives: true}}}
}

// Configured reports whether any canary is configured.
func (g *Canaries) Configured() bool { return g != nil && len(g.targets) > 0 }

// Reachable reports whether at least one canary answered at the latest
// look, looking again if that was more than CanaryTTL ago.
func (g *Canaries) Reachable(ctx context.Context) bool {
	if !g.Configured() {
		return true
	}
	now := g.clock.Now()
	g.mu.Lock()
	if !g.checked.IsZero() && now.Sub(g.checked) < CanaryTTL {
		defer g.mu.Unlock()
		return g.ok
	}
	g.mu.Unlock()
	ok := g.look(ctx)
	g.mu.Lock()
	g.checked, g.ok = now, ok
	g.mu.Unlock()
	return ok
}

// look tries every canary at once and reports whether any answered.
func (g *Canaries) look(ctx context.Context) bool {
	ctx, cancel := context.WithTimeout(ctx, canaryTimeout)
	defer cancel()
	answers := make(chan bool, len(g.targets))
	for _, t := range g.targets {
		go func() { answers <- g.answers(ctx, t) }()
	}
	for range g.targets {
		if <-answers {
			return true
		}
	}
	return false
}

// answers reports whether t answers: a TCP connection for host:port, any
// HTTP answer at all for a URL.
func (g *Canaries) answers(ctx context.Context, t string) bool {
	if strings.HasPrefix(t, "http://") || strings.HasPrefix(t, "https://") {
		req, err := http.NewRequestWithContext(ctx, http.MethodHead, t, nil)
		if err != nil {
			return false
		}
		resp, err := g.client.Do(req)
		if err != nil {
			return false
		}
		resp.Body.Close()
		return true
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", t)
	if err != nil {
		return false
	}
	conn.Close()
	return true
}
