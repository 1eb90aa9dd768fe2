package incident_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"sitrep/internal/app/apptest"
	"sitrep/internal/auth"
	"sitrep/internal/event"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// A postmortem author pages through the whole night of the eu1 outage: every
// event once, in order, each with who did it and when.
func TestTimelinePagesThroughEveryEventOnce(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		laura := w.user(t, "laura", auth.Responder)
		inc := w.declare(t, laura, "eu1 outage", "SEV-1")
		n := inc.Number
		for i := range 25 {
			w.clk.Advance(time.Minute)
			if _, err := w.inc.PostMessage(ctx, laura, n, 0, fmt.Sprintf("status check %d", i)); err != nil {
				t.Fatal(err)
			}
		}
		total := len(w.timeline(t, n))

		var after int64
		pages := 0
		for {
			page, err := w.inc.Timeline(ctx, n, after, 7)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			pages++
			if len(page) > 7 {
				t.Fatalf("page of %d events, asked for 7", len(page))
			}
			for _, ev := range page {
				if ev.Seq != after+1 {
					t.Fatalf("after seq %d came %d", after, ev.Seq)
				}
				if ev.Incident != n || ev.Actor != "laura" || ev.At.Before(night) {
					t.Fatalf("event %+v", ev)
				}
				after = ev.Seq
			}
		}
		if after != int64(total) || pages != (total+6)/7 {
			t.Fatalf("read %d events in %d pages, want %d in %d", after, pages, total, (total+6)/7)
		}
		if _, err := w.inc.Timeline(ctx, 404, 0, 10); !problem.Is(err, problem.NotFound) {
			t.Fatalf("timeline of a missing incident: %v, want not found", err)
		}
		err := w.inc.Follow(ctx, 404, 0, func(event.Event) error { return nil })
		if !problem.Is(err, problem.NotFound) {
			t.Fatalf("following a missing incident: %v, want not found", err)
		}
	})
}
