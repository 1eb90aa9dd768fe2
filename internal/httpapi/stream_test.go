package httpapi_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"testing"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

// Sam follows the war room with the public client and sees Laura's updates
// as she posts them.
func TestFollowSeesUpdatesPostedAfterSubscribing(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		laura := in.User(t, "laura", "responder")
		sam := in.User(t, "sam", "viewer")
		inc := must(laura.Declare(context.Background(), client.Declaration{Title: "Alerting down in all regions", Severity: "SEV-1"}))(t)
		caughtUp := lastSeq(t, laura, inc.Number)

		ctx := withDeadline(t)
		ctx, stop := context.WithCancel(ctx)
		events := make(chan client.Event, 64)
		followed := make(chan error, 1)
		go func() {
			followed <- sam.Follow(ctx, inc.Number, 0, func(ev client.Event) error {
				events <- ev
				return nil
			})
		}()
		// The replay of the declaration ends at caughtUp; after it the stream is live.
		for ev := range recv(t, ctx, events) {
			if ev.Seq == caughtUp {
				break
			}
		}
		bodies := []string{"We are investigating", "Cause identified: expired certificate", "Fix deployed, monitoring"}
		for _, b := range bodies {
			must(laura.PostUpdate(context.Background(), inc.Number, "public", b))(t)
		}
		var got []string
		for ev := range recv(t, ctx, events) {
			if ev.Kind != "update.posted" || ev.Seq <= caughtUp {
				t.Fatalf("live event %d %s, want only the new updates after %d", ev.Seq, ev.Kind, caughtUp)
			}
			got = append(got, data(t, ev)["body"].(string))
			if len(got) == len(bodies) {
				break
			}
		}
		if !slices.Equal(got, bodies) {
			t.Errorf("followed updates %q, want %q", got, bodies)
		}
		stop()
		if err := <-followed; !errors.Is(err, context.Canceled) {
			t.Errorf("Follow ended with %v, want context.Canceled", err)
		}
	})
}

// recv yields events from ch until the test's deadline.
func recv(t testing.TB, ctx context.Context, ch <-chan client.Event) func(func(client.Event) bool) {
	return func(yield func(client.Event) bool) {
		for {
			select {
			case ev := <-ch:
				if !yield(ev) {
					return
				}
			case <-ctx.Done():
				t.Fatalf("no event before the deadline: %v", ctx.Err())
				return
			}
		}
	}
}

// A reader whose connection drops reconnects with Last-Event-ID and gets
// exactly what it missed: nothing twice, nothing lost.
func TestReconnectWithLastEventIDGetsExactlyTheMissedEvents(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		ctx := withDeadline(t)
		inc := must(in.Admin.Declare(ctx, client.Declaration{Title: "Alerting down in all regions", Severity: "SEV-1"}))(t)
		post := func(body string) {
			must(in.Admin.PostUpdate(context.Background(), inc.Number, "responders", body))(t)
		}
		first := follow(t, ctx, in.URL, apptest.AdminToken, inc.Number, "", "")
		post("eu1 control planes restarting")
		seen := lastSeq(t, in.Admin, inc.Number)
		replayed := first.until(seen)
		if !slices.Equal(seqs(replayed), span(1, seen)) {
			t.Fatalf("first connection got %v, want %v", seqs(replayed), span(1, seen))
		}
		first.close()

		// While the reader is away, the response moves on.
		for i := range 5 {
			post(fmt.Sprintf("restart %d of 5 done", i+1))
		}
		missedUpTo := lastSeq(t, in.Admin, inc.Number)
		again := follow(t, ctx, in.URL, apptest.AdminToken, inc.Number, strconv.FormatInt(seen, 10), "")
		got := again.until(missedUpTo)
		if !slices.Equal(seqs(got), span(seen+1, missedUpTo)) {
			t.Fatalf("after reconnecting with Last-Event-ID %d: %v, want exactly %v", seen, seqs(got), span(seen+1, missedUpTo))
		}
		// Live again: the next event follows on, with no repeat in between.
		post("all control planes back")
		if ev := again.next(); ev.Seq != missedUpTo+1 || ev.Kind != "update.posted" {
			t.Errorf("next live event %d %s, want %d update.posted", ev.Seq, ev.Kind, missedUpTo+1)
		}
	})
}

// ?after= starts a stream part way, and Last-Event-ID wins over it, since a
// browser's EventSource resends the original URL on reconnect.
func TestStreamStartsAfterTheCursor(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		ctx := withDeadline(t)
		inc := must(in.Admin.Declare(ctx, client.Declaration{Title: "Alerting down in all regions", Severity: "SEV-1"}))(t)
		for _, b := range []string{"investigating", "identified", "monitoring"} {
			must(in.Admin.PostUpdate(ctx, inc.Number, "support", b))(t)
		}
		last := lastSeq(t, in.Admin, inc.Number)
		if last < 4 {
			t.Fatalf("only %d events to stream", last)
		}
		fromQuery := follow(t, ctx, in.URL, apptest.AdminToken, inc.Number, "", fmt.Sprintf("?after=%d", last-2))
		if got := seqs(fromQuery.until(last)); !slices.Equal(got, span(last-1, last)) {
			t.Errorf("?after=%d streamed %v, want %v", last-2, got, span(last-1, last))
		}
		resumed := follow(t, ctx, in.URL, apptest.AdminToken, inc.Number, strconv.FormatInt(last-1, 10), "?after=1")
		if got := seqs(resumed.until(last)); !slices.Equal(got, []int64{last}) {
			t.Errorf("Last-Event-ID %d with ?after=1 streamed %v, want [%d]", last-1, got, last)
		}
	})
}

// Following an incident that does not exist is a 404 problem, not an empty
// stream that waits forever.
func TestStreamOfUnknownIncidentIsNotFound(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		a := call(t, in.URL, apptest.AdminToken, http.MethodGet, "/api/v1/incidents/4242/events", nil, "Accept", "text/event-stream")
		if a.Status != http.StatusNotFound {
			t.Fatalf("stream of unknown incident: %d, want 404: %s", a.Status, a.Body)
		}
		if p := a.problem(t); !slices.Contains(p.locations(), "path.number") {
			t.Errorf("problem names %q, want path.number", p.locations())
		}
		ctx := withDeadline(t)
		err := in.Admin.Follow(ctx, 4242, 0, func(client.Event) error { return nil })
		var apiErr *client.Error
		if !errors.As(err, &apiErr) || apiErr.Status != http.StatusNotFound {
			t.Errorf("client.Follow of unknown incident: %v, want a 404 at once", err)
		}
	})
}
