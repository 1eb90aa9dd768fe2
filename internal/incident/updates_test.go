package incident_test

import (
	"context"
	"fmt"
	"testing"

	"sitrep/internal/app/apptest"
	"sitrep/internal/auth"
	"sitrep/internal/incident"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// Executives read what was written for them and nothing else; the status page
// reads only public updates; a long incident pages through its updates.
func TestUpdatesByAudienceWithCursor(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		laura := w.user(t, "laura", auth.Responder)
		inc := w.declare(t, laura, "eu1 checkout errors", "SEV-1")
		n := inc.Number
		var public []int64
		for i := range 7 {
			audience := []string{"responders", "support", "executives", "public"}[i%4]
			var u incident.Update
			w.expectEvents(t, n, func() error {
				var err error
				u, err = w.inc.PostUpdate(ctx, laura, n, audience, fmt.Sprintf("update %d for %s", i, audience))
				return err
			}, "update.posted")
			if audience == "public" {
				public = append(public, u.ID)
			}
		}
		execs, _, err := w.inc.Updates(ctx, n, incident.UpdateFilter{Audience: "executives"})
		if err != nil {
			t.Fatal(err)
		}
		if len(execs) != 2 {
			t.Fatalf("executives see %d updates, want 2", len(execs))
		}
		for _, u := range execs {
			if u.Audience != "executives" || u.Author != "laura" {
				t.Fatalf("executives see %+v", u)
			}
		}
		// Page through the public updates one at a time.
		var seen []int64
		var after int64
		for range 5 {
			page, next, err := w.inc.Updates(ctx, n, incident.UpdateFilter{Audience: "public", After: after, Limit: 1})
			if err != nil {
				t.Fatal(err)
			}
			for _, u := range page {
				seen = append(seen, u.ID)
			}
			if next == 0 {
				break
			}
			after = next
		}
		if fmt.Sprint(seen) != fmt.Sprint(public) {
			t.Fatalf("paged public updates %v, want %v", seen, public)
		}
		all, next, err := w.inc.Updates(ctx, n, incident.UpdateFilter{})
		if err != nil || len(all) != 7 || next != 0 {
			t.Fatalf("all updates: %d, next %d, %v; want 7 and no next page", len(all), next, err)
		}
	})
}

func TestUpdateRefusals(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		laura := w.user(t, "laura", auth.Responder)
		sam := w.user(t, "sam", auth.Responder)
		inc := w.declare(t, laura, "us1 login", "SEV-2")
		post := func(by auth.Principal, audience, body string) func() error {
			return func() error { _, err := w.inc.PostUpdate(ctx, by, inc.Number, audience, body); return err }
		}
		w.refused(t, problem.Invalid, "audience", post(laura, "press", "no comment"))
		w.refused(t, problem.Invalid, "body", post(laura, "public", "   "))
		w.refused(t, problem.Forbidden, "", post(sam, "public", "all good"))
		w.refused(t, problem.NotFound, "number", func() error {
			_, err := w.inc.PostUpdate(ctx, laura, 404, "public", "all good")
			return err
		})
		if _, _, err := w.inc.Updates(ctx, inc.Number, incident.UpdateFilter{Audience: "press"}); !problem.Is(err, problem.Invalid) {
			t.Fatalf("listing for audience press: %v, want invalid", err)
		}
	})
}

// The incident channel and each workstream's channel hold their own messages.
func TestMessagesPerChannel(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		laura := w.user(t, "laura", auth.Responder)
		laurent := w.user(t, "laurent", auth.Responder)
		sam := w.user(t, "sam", auth.Responder)
		inc := w.declare(t, laura, "eu1 network partition", "SEV-1")
		n := inc.Number
		w.join(t, n, "laurent")
		ws, err := w.inc.AddWorkstream(ctx, laura, n, incident.WorkstreamChange{Name: ptr("eu1-network"), Lead: ptr("laurent")})
		if err != nil {
			t.Fatal(err)
		}
		say := func(by auth.Principal, channel int64, body string) {
			t.Helper()
			w.expectEvents(t, n, func() error { _, err := w.inc.PostMessage(ctx, by, n, channel, body); return err }, "message.posted")
		}
		say(laura, 0, "who is looking at eu1?")
		say(laurent, ws.ID, "BGP sessions flapping on eu1-edge-3")
		say(laura, 0, "laurent has network")
		say(laurent, ws.ID, "draining eu1-edge-3")

		room, next, err := w.inc.Messages(ctx, n, 0, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(room) != 2 || next != 0 || room[0].Body != "who is looking at eu1?" || room[1].Author != "laura" {
			t.Fatalf("incident channel %+v", room)
		}
		net, _, err := w.inc.Messages(ctx, n, ws.ID, 0, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(net) != 1 || net[0].Body != "BGP sessions flapping on eu1-edge-3" || net[0].Workstream != ws.ID {
			t.Fatalf("first page of the network channel %+v", net)
		}
		rest, next, err := w.inc.Messages(ctx, n, ws.ID, net[0].ID, 1)
		if err != nil || len(rest) != 1 || rest[0].Body != "draining eu1-edge-3" || next != 0 {
			t.Fatalf("second page %+v next %d: %v", rest, next, err)
		}

		w.refused(t, problem.Forbidden, "", func() error { _, err := w.inc.PostMessage(ctx, sam, n, 0, "hi"); return err })
		w.refused(t, problem.NotFound, "id", func() error { _, err := w.inc.PostMessage(ctx, laura, n, ws.ID+100, "hi"); return err })
		w.refused(t, problem.Invalid, "body", func() error { _, err := w.inc.PostMessage(ctx, laura, n, 0, ""); return err })
	})
}
