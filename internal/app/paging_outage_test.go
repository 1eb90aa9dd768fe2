package app_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/clock"
	"sitrep/internal/notify"
	"sitrep/internal/notify/sms"
	"sitrep/internal/page"
	"sitrep/internal/store"
)

// downProvider stands in for a Twilio-compatible SMS API that can be down:
// while down it answers 500 to everything. It counts every attempt and every
// accepted text by the second of the test's manual clock in which it arrived.
type downProvider struct {
	*httptest.Server
	clock *clock.Manual
	start time.Time

	mu        sync.Mutex
	down      bool
	attempts  map[int]int // second since start -> requests
	accepted  map[int]int // second since start -> texts accepted
	delivered map[string]int
}

func newDownProvider(t *testing.T, clk *clock.Manual) *downProvider {
	p := &downProvider{clock: clk, start: clk.Now(), attempts: map[int]int{}, accepted: map[int]int{}, delivered: map[string]int{}}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		p.mu.Lock()
		defer p.mu.Unlock()
		sec := int(p.clock.Now().Sub(p.start) / time.Second)
		p.attempts[sec]++
		if p.down {
			http.Error(w, `{"code":20500,"message":"Internal Server Error"}`, http.StatusInternalServerError)
			return
		}
		p.accepted[sec]++
		p.delivered[r.PostForm.Get("To")]++
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, `{"sid":"SM0001","status":"queued"}`)
	}))
	t.Cleanup(p.Close)
	return p
}

func (p *downProvider) setDown(down bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = down
}

// total counts every request so far.
func (p *downProvider) total() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, c := range p.attempts {
		n += c
	}
	return n
}

// busiest returns the largest count of any one second, and that second.
func busiest(m map[int]int) (count, second int) {
	for s, c := range m {
		if c > count {
			count, second = c, s
		}
	}
	return count, second
}

func (p *downProvider) reached() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.delivered)
}

// Outage numbers. The SMS rate is raised from the default 10/s, at which
// 1,000 texts take 100 s however healthy the provider. Within a minute of
// recovery must fit the circuit's cool-down (the first probe may come 30 s
// after the provider heals) and the drain: 1,000 at 50 a second is 20 s.
const (
	outageResponders = 1000
	outageSMSRate    = 50
	outageLength     = 5 * time.Minute
	outageStep       = 250 * time.Millisecond
	recoveryDeadline = 60 * time.Second
)

// The SMS provider is down for five minutes while a broadcast to 1,000
// responders is queued. sitrep must not hammer it: the circuit opens after a
// few failures and only one probe per cool-down goes out. When it heals, the
// backlog drains at the configured rate and everyone has the text within a
// minute, once each.
func TestSMSProviderDownFiveMinutesThenBacklogDrainsAtTheRate(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds 1,000 responders; skipped under -short")
	}
	for _, d := range apptest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			smsOutage(t, d)
		})
	}
}

func smsOutage(t *testing.T, d store.Dialect) {
	clk := clock.NewManual(night)
	provider := newDownProvider(t, clk)
	provider.setDown(true)
	texter, err := sms.New(sms.Options{BaseURL: provider.URL, AccountSID: "AC0123", AuthToken: "secret", From: "+15550000000",
		Client: notify.Guard{AllowPrivate: true}.Client(5 * time.Second)})
	if err != nil {
		t.Fatal(err)
	}
	limits := page.DefaultLimits()
	limits.PerSecond[notify.ChannelSMS] = outageSMSRate
	in := apptest.Start(t, d, apptest.Options{Clock: clk, Senders: []notify.Sender{texter}, ManualEngine: true, Limits: &limits})
	ctx := context.Background()

	inc, err := in.Admin.Declare(ctx, client.Declaration{Title: "Control planes unreachable in every region", Severity: "SEV-1"})
	if err != nil {
		t.Fatal(err)
	}
	staffWithPhones(t, in, inc.Number, outageResponders)
	b, err := in.Admin.Broadcast(ctx, inc.Number, "responders", "Stop all deploys now; rollback is in progress.")
	if err != nil {
		t.Fatal(err)
	}
	if got := countDeliveries(t, in, b.ID, "pending"); got != outageResponders {
		t.Fatalf("broadcast queued %d texts; want %d", got, outageResponders)
	}

	// Five minutes of outage, in quarter-second steps; then the provider
	// heals at the worst moment, just after a probe failed, so that the
	// circuit waits a whole cool-down before it tries again.
	for clk.Now().Sub(night) < outageLength {
		in.Tick(t)
		clk.Advance(outageStep)
	}
	for probes := provider.total(); ; clk.Advance(outageStep) {
		in.Tick(t)
		if provider.total() > probes {
			break
		}
		if clk.Now().Sub(night) > outageLength+time.Minute {
			t.Fatalf("no probe reached the provider in the minute after %s of outage", outageLength)
		}
	}
	down := clk.Now().Sub(night)
	during := provider.total()
	// A tight loop would make an attempt per message per step (1,000 ×
	// 1,200); backoff alone would still make about ten per message, some
	// 10,000. The circuit opens after 5 failures, having let at most
	// Concurrency (8) sends past it, and then lets one probe through per
	// 30 s cool-down: 8 + 11 = 19. 40 leaves room for jitter and nothing
	// like a retry storm.
	if during > 40 {
		t.Errorf("%d attempts at the provider during %s of outage; want at most 40 (circuit open, one probe per cool-down)", during, down)
	}
	if provider.reached() != 0 {
		t.Fatalf("%d people reached while the provider answered 500", provider.reached())
	}

	provider.setDown(false)
	for provider.reached() < outageResponders && clk.Now().Sub(night) < down+2*recoveryDeadline {
		clk.Advance(outageStep)
		in.Tick(t)
	}
	took := clk.Now().Sub(night) - down
	t.Logf("%s: %d attempts during %s of outage; %d people reached %s after the provider healed", d, during, down, provider.reached(), took)
	if provider.reached() != outageResponders || took > recoveryDeadline {
		t.Fatalf("%d of %d people reached %s after the provider healed; want all within %s", provider.reached(), outageResponders, took, recoveryDeadline)
	}
	provider.mu.Lock()
	for number, n := range provider.delivered {
		if n != 1 {
			t.Errorf("%s got %d texts; want one", number, n)
		}
	}
	if n, sec := busiest(provider.attempts); n > outageSMSRate {
		t.Errorf("second %d saw %d requests at the provider; the limit is %d a second", sec, n, outageSMSRate)
	}
	if n, sec := busiest(provider.accepted); n > outageSMSRate {
		t.Errorf("second %d saw %d texts sent; the limit is %d a second", sec, n, outageSMSRate)
	}
	provider.mu.Unlock()
	if got := countDeliveries(t, in, b.ID, "sent"); got != outageResponders {
		t.Errorf("%d deliveries recorded as sent; want %d", got, outageResponders)
	}
}

// staffWithPhones creates n responders, each reachable by SMS, and puts them
// on incident number, through the API on a few connections at once.
func staffWithPhones(t *testing.T, in *apptest.Instance, number int64, n int) {
	t.Helper()
	ctx := context.Background()
	errs := make(chan error, n)
	next := make(chan int)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for i := range next {
				h := fmt.Sprintf("oncall%04d", i)
				if _, err := in.Admin.CreateUser(ctx, client.NewUser{Handle: h, Name: "Responder " + h, Email: h + "@example.com", Role: "responder"}); err != nil {
					errs <- fmt.Errorf("create %s: %w", h, err)
					continue
				}
				if _, err := in.Admin.AddContactMethod(ctx, h, client.NewContactMethod{Kind: "sms", Address: fmt.Sprintf("+4915200%06d", i)}); err != nil {
					errs <- fmt.Errorf("phone of %s: %w", h, err)
					continue
				}
				if _, err := in.Admin.Join(ctx, number, h); err != nil {
					errs <- fmt.Errorf("join %s: %w", h, err)
				}
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

// countDeliveries counts the deliveries of page in status, reading every
// page of the list.
func countDeliveries(t *testing.T, in *apptest.Instance, pageID int64, status string) int {
	t.Helper()
	n, cursor := 0, ""
	for {
		l, err := in.Admin.Deliveries(context.Background(), pageID, status, cursor)
		if err != nil {
			t.Fatal(err)
		}
		n += len(l.Deliveries)
		if l.NextCursor == "" {
			return n
		}
		cursor = l.NextCursor
	}
}
