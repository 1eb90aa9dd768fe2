package bench

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"sitrep/internal/app/apptest"
	"sitrep/internal/auth"
	"sitrep/internal/contact"
	"sitrep/internal/incident"
	"sitrep/internal/notify"
	"sitrep/internal/page"
	"sitrep/internal/store"
)

// broadcastResponders is the audience of issue 3's target: a broadcast to
// 500 responders is enqueued within a second and dispatched as fast as the
// rate limits allow.
const broadcastResponders = 500

// countingSender takes every email at once and counts it, so that what is
// measured is sitrep's queue and rate limits rather than a mail relay.
type countingSender struct {
	mu    sync.Mutex
	want  int
	sent  int
	first time.Time
	last  time.Time
	done  chan struct{}
}

var _ notify.Sender = (*countingSender)(nil)

func (s *countingSender) Channel() string { return notify.ChannelEmail }

func (s *countingSender) Send(context.Context, notify.Message) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	if s.sent == 0 {
		s.first = now
	}
	s.sent++
	s.last = now
	if s.sent == s.want {
		close(s.done)
	}
	return false, nil
}

// expect starts a new count that is done after n sends.
func (s *countingSender) expect(n int) <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.want, s.sent, s.done = n, 0, make(chan struct{})
	return s.done
}

func (s *countingSender) times() (first, last time.Time, sent int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.first, s.last, s.sent
}

// broadcastRun is what one broadcast measured.
type broadcastRun struct {
	Enqueue   time.Duration // POST /broadcast until its answer: all deliveries committed
	FirstSent time.Duration // POST until the first email left
	AllSent   time.Duration // POST until the last email left
	Sent      int
}

// BenchmarkBroadcast500 broadcasts to 500 responders, each with an email
// contact method, on each database, with the engine running at the default
// limits (email: 20 a second) and an in-process sender that accepts at once.
func BenchmarkBroadcast500(b *testing.B) {
	for _, d := range apptest.Dialects {
		b.Run(string(d), func(b *testing.B) {
			snd := &countingSender{}
			in := apptest.Start(b, d, apptest.Options{Senders: []notify.Sender{snd}})
			number := seedBroadcast(b, in, broadcastResponders)
			for range b.N {
				r := broadcastOnce(b, in, snd, number, broadcastResponders)
				b.ReportMetric(0, "ns/op")
				b.ReportMetric(float64(r.Enqueue.Microseconds())/1000, "enqueue-ms")
				b.ReportMetric(float64(r.FirstSent.Microseconds())/1000, "first-send-ms")
				b.ReportMetric(r.AllSent.Seconds(), "all-sent-s")
				b.ReportMetric(float64(r.Sent)/r.AllSent.Seconds(), "sent/s")
				fmt.Printf("%s broadcast to %d: enqueued in %s, first email after %s, all sent after %s (%.1f/s at a limit of %d/s)\n",
					d, broadcastResponders, r.Enqueue.Round(time.Microsecond), r.FirstSent.Round(time.Microsecond),
					r.AllSent.Round(time.Millisecond), float64(r.Sent)/r.AllSent.Seconds(), page.DefaultLimits().PerSecond[notify.ChannelEmail])
			}
		})
	}
}

// broadcastOnce sends one broadcast to incident number's responders through
// the API and waits until want emails have left.
func broadcastOnce(tb testing.TB, in *apptest.Instance, snd *countingSender, number int64, want int) broadcastRun {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	done := snd.expect(want)
	start := time.Now()
	p, err := in.Admin.Broadcast(ctx, number, "responders", "All hands: stop restarting control planes; the runbook is in the channel.")
	enqueued := time.Since(start)
	if err != nil {
		tb.Fatalf("broadcast: %v", err)
	}
	select {
	case <-done:
	case <-ctx.Done():
		_, _, sent := snd.times()
		tb.Fatalf("broadcast %d: %d of %d emails sent before the deadline", p.ID, sent, want)
	}
	first, last, sent := snd.times()
	// The engine records a delivery just after its send returns; nothing
	// signals that outside the engine, so poll, within the deadline.
	for deliveries(tb, in, p.ID, "pending") > 0 && ctx.Err() == nil {
		time.Sleep(10 * time.Millisecond)
	}
	if n := deliveries(tb, in, p.ID, "sent"); n != want {
		tb.Fatalf("broadcast %d: %d deliveries recorded as sent; want %d", p.ID, n, want)
	}
	return broadcastRun{Enqueue: enqueued, FirstSent: first.Sub(start), AllSent: last.Sub(start), Sent: sent}
}

// seedBroadcast creates n responders with an email contact method each and
// puts them on a new SEV-1, through the domain services (seconds, not
// minutes); the broadcast itself goes through HTTP.
func seedBroadcast(tb testing.TB, in *apptest.Instance, n int) int64 {
	tb.Helper()
	ctx := context.Background()
	a := in.App
	admin, err := a.Auth.User(ctx, auth.BootstrapHandle)
	if err != nil {
		tb.Fatalf("seed: %v", err)
	}
	root := auth.Principal{UserID: admin.ID, Handle: admin.Handle, Role: auth.Admin}
	inc, err := a.Incidents.Declare(ctx, root, incident.Declaration{Title: "Pod networking down in four regions", Severity: "SEV-1"})
	if err != nil {
		tb.Fatalf("seed: declare: %v", err)
	}
	parallel(tb, n, func(i int) error {
		h := fmt.Sprintf("paged%03d", i)
		addr := h + "@example.com"
		if _, err := a.Auth.CreateUser(ctx, root, auth.NewUser{Handle: h, Name: "Responder " + h, Email: addr, Role: auth.Responder}); err != nil {
			return err
		}
		if _, err := a.Contacts.AddMethod(ctx, root, h, contact.NewMethod{Kind: contact.Email, Address: addr}); err != nil {
			return err
		}
		_, err := a.Incidents.Join(ctx, root, inc.Number, h)
		return err
	})
	return inc.Number
}

// deliveries counts page's deliveries in status through the API.
func deliveries(tb testing.TB, in *apptest.Instance, pageID int64, status string) int {
	tb.Helper()
	n, cursor := 0, ""
	for {
		l, err := in.Admin.Deliveries(context.Background(), pageID, status, cursor)
		if err != nil {
			tb.Fatalf("deliveries of %d: %v", pageID, err)
		}
		n += len(l.Deliveries)
		if l.NextCursor == "" {
			return n
		}
		cursor = l.NextCursor
	}
}

// TestBroadcastSmall runs the benchmark's seeding and broadcast with a few
// responders on both databases, so that it keeps working between benchmark
// runs. It checks that every email goes out, never how fast.
func TestBroadcastSmall(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		snd := &countingSender{}
		in := apptest.Start(t, d, apptest.Options{Senders: []notify.Sender{snd}})
		r := broadcastOnce(t, in, snd, seedBroadcast(t, in, 12), 12)
		t.Logf("%s: %d emails; enqueued in %s, all sent after %s", d, r.Sent, r.Enqueue, r.AllSent)
	})
}
