package incident_test

import (
	"context"
	"testing"
	"time"

	"sitrep/internal/app/apptest"
	"sitrep/internal/auth"
	"sitrep/internal/incident"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// laurent joins the eu1 outage, leads the failover workstream and scribes; when
// he goes off shift his roles are released and his workstream shows no lead,
// so the board shows the gap instead of someone asleep.
func TestLeavingReleasesRolesAndUnassignsWorkstreams(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		laura := w.user(t, "laura", auth.Responder)
		laurent := w.user(t, "laurent", auth.Responder)
		inc := w.declare(t, laura, "eu1 region failover", "SEV-1")
		n := inc.Number

		w.clk.Advance(5 * time.Minute)
		joined := w.clk.Now()
		w.expectEvents(t, n, func() error {
			r, err := w.inc.Join(ctx, laurent, n, "")
			if err == nil && (r.User != "laurent" || !r.JoinedAt.Equal(joined)) {
				t.Errorf("stint %+v, want laurent from %v", r, joined)
			}
			return err
		}, "responder.joined")
		// Joining twice is harmless and writes nothing.
		w.expectEvents(t, n, func() error { _, err := w.inc.Join(ctx, laurent, n, ""); return err })

		ws, err := w.inc.AddWorkstream(ctx, laura, n, incident.WorkstreamChange{Name: ptr("eu1 failover"), Lead: ptr("laurent")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.inc.AssignRole(ctx, laura, n, "scribe", "laurent"); err != nil {
			t.Fatal(err)
		}

		w.clk.Advance(8 * time.Hour)
		left := w.clk.Now()
		w.expectEvents(t, n, func() error { return w.inc.Leave(ctx, laurent, n, "laurent") },
			"role.released", "workstream.changed", "responder.left")

		got, err := w.inc.Get(ctx, n)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Roles) != 0 || got.Responders != 1 {
			t.Fatalf("after laurent left: roles %+v, %d responders; want none and laura alone", got.Roles, got.Responders)
		}
		if len(got.Workstreams) != 1 || got.Workstreams[0].ID != ws.ID || got.Workstreams[0].Lead != "" {
			t.Fatalf("workstreams %+v, want %q without a lead", got.Workstreams, ws.Name)
		}
		hist, err := w.inc.RoleHistory(ctx, n)
		if err != nil {
			t.Fatal(err)
		}
		if len(hist) != 1 || !hist[0].EndedAt.Equal(left) {
			t.Fatalf("role history %+v, want laurent's scribe tenure ending %v", hist, left)
		}

		// He comes back the next morning: a second stint, the first kept.
		w.clk.Advance(10 * time.Hour)
		if _, err := w.inc.Join(ctx, laurent, n, ""); err != nil {
			t.Fatal(err)
		}
		all, _, err := w.inc.Responders(ctx, n, true, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		var stints []incident.Responder
		for _, r := range all {
			if r.User == "laurent" {
				stints = append(stints, r)
			}
		}
		if len(stints) != 2 || !stints[0].JoinedAt.Equal(joined) || !stints[0].LeftAt.Equal(left) ||
			!stints[1].JoinedAt.Equal(left.Add(10*time.Hour)) || !stints[1].LeftAt.IsZero() {
			t.Fatalf("laurent's stints %+v, want %v-%v and an open one", stints, joined, left)
		}
	})
}

func TestJoinAndLeaveRefusals(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		laura := w.user(t, "laura", auth.Responder)
		laurent := w.user(t, "laurent", auth.Responder)
		sam := w.user(t, "sam", auth.Viewer)
		inc := w.declare(t, laura, "us1 TLS expiry", "SEV-2")
		n := inc.Number
		w.refused(t, problem.Conflict, "user", func() error { _, err := w.inc.Join(ctx, sam, n, ""); return err })
		// Only responders pull others in.
		w.refused(t, problem.Forbidden, "", func() error { _, err := w.inc.Join(ctx, laurent, n, "laura"); return err })
		w.refused(t, problem.NotFound, "user", func() error { _, err := w.inc.Join(ctx, laura, n, "nobody"); return err })
		w.refused(t, problem.NotFound, "user", func() error { return w.inc.Leave(ctx, laura, n, "laurent") })
		w.refused(t, problem.Forbidden, "", func() error { return w.inc.Leave(ctx, laurent, n, "laura") })

		resolved := incident.Resolved
		if _, err := w.inc.Update(ctx, laura, n, incident.Patch{Status: &resolved}); err != nil {
			t.Fatal(err)
		}
		w.refused(t, problem.Conflict, "number", func() error { _, err := w.inc.Join(ctx, laurent, n, ""); return err })
	})
}

// A lead pulls a colleague in by handle; responders are listed in join order
// with a cursor.
func TestRespondersPagination(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		laura := w.user(t, "laura", auth.Responder)
		inc := w.declare(t, laura, "eu1 cache stampede", "SEV-3")
		want := []string{"laura"}
		for _, h := range []string{"laurent", "sam", "ana", "bo"} {
			w.user(t, h, auth.Responder)
			if _, err := w.inc.Join(ctx, laura, inc.Number, h); err != nil {
				t.Fatal(err)
			}
			want = append(want, h)
		}
		var got []string
		var after int64
		for pages := 0; ; pages++ {
			page, next, err := w.inc.Responders(ctx, inc.Number, false, after, 2)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) > 2 || pages > len(want) {
				t.Fatalf("page of %d after %d", len(page), after)
			}
			for _, r := range page {
				got = append(got, r.User)
			}
			if next == 0 {
				break
			}
			after = next
		}
		if len(got) != len(want) {
			t.Fatalf("paged responders %v, want %v", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("paged responders %v, want %v", got, want)
			}
		}
	})
}
