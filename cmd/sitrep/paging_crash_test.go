package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"
	"time"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/notify/email"
	"sitrep/internal/notify/email/smtptest"
	"sitrep/internal/page"
)

// pagedResponders is how many people the broadcast reaches (issue 3: "kill -9
// while paging 500 people").
const pagedResponders = 500

// A broadcast to 500 responders is going out by email when sitrep is killed
// with SIGKILL; it comes back on the same data and finishes the job. Everyone
// gets the message, and the only duplicates are the few that were in flight
// at the kill, each carrying the same idempotency key as its first copy.
func TestKill9WhilePagingReachesEveryoneAtLeastOnce(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			// Mostly waiting (on the send rate, on PostgreSQL's lease): the
			// two databases can wait side by side.
			t.Parallel()
			binary(t)
			var db string
			if dialect == "postgres" {
				db = apptest.PostgresSchema(t)
			}
			crashWhilePaging(t, db)
		})
	}
}

func crashWhilePaging(t *testing.T, db string) {
	// Email goes out at 20 a second (page.DefaultLimits), so the 500 take
	// about 25 s; on PostgreSQL the messages the dead process had claimed
	// wait out its one-minute lease. Three minutes bounds a run that hangs.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	relay, err := smtptest.Start(smtptest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { relay.Close() })
	mailFlags := []string{"--smtp-host", relay.Host, "--smtp-port", strconv.Itoa(relay.Port), "--smtp-tls", "none"}

	dataDir, addr := t.TempDir(), freeAddr(t)
	srv := serve(t, dataDir, db, addr, mailFlags...)
	admin := client.New(srv.url, adminToken)
	inc, err := admin.Declare(ctx, client.Declaration{Title: "Pod networking down in four regions", Severity: "SEV-1"})
	if err != nil {
		t.Fatal(err)
	}
	staffWithEmail(t, ctx, admin, inc.Number)
	b, err := admin.Broadcast(ctx, inc.Number, "responders", "All hands: stop restarting control planes; follow the runbook in the channel.")
	if err != nil {
		t.Fatal(err)
	}

	// Kill at a random point of the sending, after the relay has accepted
	// some mail, so runs over time crash in different places.
	killAfter := 20 + rand.IntN(300)
	wait, stop := context.WithTimeout(ctx, time.Minute)
	_, err = relay.Wait(wait, killAfter)
	stop()
	if err != nil {
		t.Fatalf("relay saw %d messages within a minute of the broadcast; want %d before the kill", len(relay.Messages()), killAfter)
	}
	srv.kill()
	atKill := len(relay.Messages())
	t.Logf("killed after the relay accepted %d messages (aimed at %d)", atKill, killAfter)

	serve(t, dataDir, db, addr, mailFlags...) // stopped by its cleanup
	msgs := waitAllReached(t, ctx, relay)
	waitNonePending(t, ctx, admin, b.ID)

	keys := map[string]string{} // address -> idempotency key
	copies := map[string]int{}
	for _, m := range msgs {
		key := m.Header.Get(email.HeaderIdempotency)
		if key == "" {
			t.Errorf("message to %v has no %s header", m.To, email.HeaderIdempotency)
		}
		for _, to := range m.To {
			copies[to]++
			if k, seen := keys[to]; seen && k != key {
				t.Errorf("%s got two different messages: keys %q and %q", to, k, key)
			}
			keys[to] = key
		}
	}
	var twice []string
	for to, n := range copies {
		if n > 2 {
			t.Errorf("%s got %d copies; one crash can duplicate a message only once", to, n)
		}
		if n > 1 {
			twice = append(twice, to)
		}
	}
	// Only sends in flight at the kill can be repeated: sent, but not yet
	// recorded. The engine has at most Concurrency of those per channel.
	if limit := page.DefaultLimits().Concurrency; len(twice) > limit {
		t.Errorf("%d people got the message twice (%v); only the %d sends in flight at the kill may repeat", len(twice), twice, limit)
	}
	if len(copies) != pagedResponders {
		t.Errorf("%d addresses received mail; want the %d responders", len(copies), pagedResponders)
	}
	if got := countDeliveries(t, ctx, admin, b.ID, "sent"); got != pagedResponders {
		t.Errorf("%d deliveries recorded as sent; want %d", got, pagedResponders)
	}
	t.Logf("%d messages for %d people; %d sent twice, each time with the first copy's key", len(msgs), len(copies), len(twice))
}

// responderAddress is the email of responder i.
func responderAddress(i int) string { return fmt.Sprintf("responder%03d@example.com", i) }

// staffWithEmail creates the responders, each with an email contact method,
// and puts them on incident number, through the API on a few connections.
func staffWithEmail(t *testing.T, ctx context.Context, admin *client.Client, number int64) {
	t.Helper()
	errs := make(chan error, pagedResponders)
	next := make(chan int)
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for i := range next {
				h := fmt.Sprintf("responder%03d", i)
				if _, err := admin.CreateUser(ctx, client.NewUser{Handle: h, Name: "Responder " + h, Email: responderAddress(i), Role: "responder"}); err != nil {
					errs <- fmt.Errorf("create %s: %w", h, err)
					continue
				}
				if _, err := admin.AddContactMethod(ctx, h, client.NewContactMethod{Kind: "email", Address: responderAddress(i)}); err != nil {
					errs <- fmt.Errorf("email of %s: %w", h, err)
					continue
				}
				if _, err := admin.Join(ctx, number, h); err != nil {
					errs <- fmt.Errorf("join %s: %w", h, err)
				}
			}
		})
	}
	for i := range pagedResponders {
		next <- i
	}
	close(next)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

// waitAllReached waits, on the relay's own signal, until every responder has
// at least one message, and returns everything the relay accepted.
func waitAllReached(t *testing.T, ctx context.Context, relay *smtptest.Server) []smtptest.Message {
	t.Helper()
	for n := 1; ; {
		msgs, err := relay.Wait(ctx, n)
		if err != nil {
			reached := map[string]bool{}
			for _, m := range relay.Messages() {
				for _, to := range m.To {
					reached[to] = true
				}
			}
			t.Fatalf("after the restart only %d of %d responders were reached: %v", len(reached), pagedResponders, err)
		}
		reached := map[string]bool{}
		for _, m := range msgs {
			for _, to := range m.To {
				reached[to] = true
			}
		}
		all := true
		for i := range pagedResponders {
			all = all && reached[responderAddress(i)]
		}
		if all {
			return msgs
		}
		n = len(msgs) + 1
	}
}

// waitNonePending polls the page's pending deliveries until there are none:
// a delivery is recorded as sent just after the relay accepts it, and nothing
// signals that from outside the process.
func waitNonePending(t *testing.T, ctx context.Context, admin *client.Client, pageID int64) {
	t.Helper()
	for {
		l, err := admin.Deliveries(ctx, pageID, "pending", "")
		if err == nil && len(l.Deliveries) == 0 {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("deliveries of page %d still pending at the deadline (%d listed, err %v)", pageID, len(l.Deliveries), err)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// countDeliveries counts the deliveries of page in status, every page of the list.
func countDeliveries(t *testing.T, ctx context.Context, c *client.Client, pageID int64, status string) int {
	t.Helper()
	n, cursor := 0, ""
	for {
		l, err := c.Deliveries(ctx, pageID, status, cursor)
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
