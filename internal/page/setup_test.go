package page_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"sitrep/internal/app/apptest"
	"sitrep/internal/auth"
	"sitrep/internal/clock"
	"sitrep/internal/incident"
	"sitrep/internal/notify"
	"sitrep/internal/page"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

var night = time.Date(2024, 3, 8, 1, 22, 0, 0, time.UTC)

// pager is one database with the incident and page services, a manual clock,
// schedules and contact methods kept in maps, and recording senders.
type pager struct {
	dom    *apptest.Domain
	db     *store.DB
	clk    *clock.Manual
	auth   *auth.Service
	inc    *incident.Service
	pages  *page.Service
	engine *page.Engine
	admin  auth.Principal
	email  *recorder
	sms    *recorder

	mu        sync.Mutex
	schedules map[string][]string
	policies  map[string][]page.Step
	contacts  map[int64][]page.Contact
}

func newPager(t *testing.T, d store.Dialect, limits *page.Limits) *pager {
	t.Helper()
	dom := apptest.NewDomain(t, d, night, "")
	p := &pager{dom: dom, db: dom.DB, clk: dom.Clock, auth: dom.Auth, admin: dom.Admin,
		schedules: map[string][]string{}, policies: map[string][]page.Step{}, contacts: map[int64][]page.Contact{},
		email: &recorder{channel: notify.ChannelEmail}, sms: &recorder{channel: notify.ChannelSMS}}
	p.inc = incident.NewService(dom.DB, dom.Log, dom.Clock)
	p.pages = page.NewService(dom.DB, dom.Log, dom.Clock, page.Deps{OnCall: p.onCall, Policies: p.policy, Contacts: p.contactsOf, BaseURL: "https://sitrep.example.com"})
	if err := p.pages.LoadSecret(context.Background()); err != nil {
		t.Fatal(err)
	}
	p.inc.SetSeverityHook(p.pages.OnSeverity)
	l := page.DefaultLimits()
	if limits != nil {
		l = *limits
	}
	p.engine = page.NewEngine(p.pages, []notify.Sender{p.email, p.sms}, l, slog.New(slog.NewTextHandler(io.Discard, nil)))
	return p
}

// person adds a responder reachable by email at once and by SMS after smsAfter.
func (p *pager) person(t *testing.T, handle string, smsAfter time.Duration) auth.Principal {
	t.Helper()
	who := p.dom.User(t, handle, auth.Responder)
	p.mu.Lock()
	p.contacts[who.UserID] = []page.Contact{
		{Channel: notify.ChannelEmail, Address: handle + "@example.com", Method: who.UserID * 10},
		{Delay: smsAfter, Channel: notify.ChannelSMS, Address: fmt.Sprintf("+4930%07d", who.UserID), Method: who.UserID*10 + 1},
	}
	p.mu.Unlock()
	return who
}

func (p *pager) onCall(_ context.Context, schedule string, _ time.Time) ([]string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	h, ok := p.schedules[schedule]
	if !ok {
		return nil, problem.NotFoundf("schedule", "no schedule %q", schedule)
	}
	return h, nil
}

func (p *pager) policy(_ context.Context, name string) ([]page.Step, int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	s, ok := p.policies[name]
	if !ok {
		return nil, 0, problem.NotFoundf("policy", "no policy %q", name)
	}
	return s, 0, nil
}

func (p *pager) contactsOf(_ context.Context, user int64) ([]page.Contact, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.contacts[user], nil
}

// tick moves the clock by d and lets the engine do everything that is due.
func (p *pager) tick(t *testing.T, d time.Duration) {
	t.Helper()
	p.clk.Advance(d)
	for p.engine.Tick(context.Background()) > 0 {
	}
}

// recorder is a channel that records what it sends and can be told to fail.
type recorder struct {
	channel string
	mu      sync.Mutex
	sent    []notify.Message
	// failures is how many sends fail (with retry) before sends succeed.
	failures int
	attempts int
}

func (r *recorder) Channel() string { return r.channel }

func (r *recorder) Send(_ context.Context, m notify.Message) (bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.attempts++
	if r.failures > 0 {
		r.failures--
		return true, fmt.Errorf("provider answered 503")
	}
	r.sent = append(r.sent, m)
	return false, nil
}

func (r *recorder) to(addr string) []notify.Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []notify.Message
	for _, m := range r.sent {
		if m.To == addr {
			out = append(out, m)
		}
	}
	return out
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.sent)
}
