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

// Command of the eu1 outage passes from laura to laurent at shift change; the
// role history says who held it from when to when.
func TestCommandHandoffRecordsEveryTenure(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		laura := w.user(t, "laura", auth.Responder)
		laurent := w.user(t, "laurent", auth.Responder)
		w.user(t, "sam", auth.Responder)
		inc, err := w.inc.Declare(ctx, laura, incident.Declaration{Title: "eu1 storage degraded", Severity: "SEV-1", Commander: "laura"})
		if err != nil {
			t.Fatal(err)
		}
		n := inc.Number
		w.join(t, n, "laurent", "sam")
		handover := night.Add(8 * time.Hour)
		w.clk.Set(handover)

		evs := w.expectEvents(t, n, func() error {
			_, err := w.inc.AssignRole(ctx, laura, n, "commander", "laurent")
			return err
		}, "role.assigned")
		if !mentions(evs[0], `"previous":"laura"`) || !mentions(evs[0], `"user":"laurent"`) {
			t.Fatalf("handoff event %s does not name both commanders", evs[0].Data)
		}
		// Handing command to whoever holds it already changes nothing.
		w.expectEvents(t, n, func() error {
			_, err := w.inc.AssignRole(ctx, laurent, n, "commander", "laurent")
			return err
		})
		// laura is no longer commander: she cannot hand it on, and neither can sam.
		for _, by := range []auth.Principal{laura, w.user(t, "sam2", auth.Responder)} {
			w.join(t, n, by.Handle)
			w.refused(t, problem.Forbidden, "", func() error {
				_, err := w.inc.AssignRole(ctx, by, n, "commander", "sam")
				return err
			})
		}
		// An admin can, when the commander has vanished.
		w.clk.Advance(time.Hour)
		w.expectEvents(t, n, func() error {
			_, err := w.inc.AssignRole(ctx, w.admin, n, "commander", "sam")
			return err
		}, "role.assigned")

		hist, err := w.inc.RoleHistory(ctx, n)
		if err != nil {
			t.Fatal(err)
		}
		want := []struct {
			user, by   string
			from, till time.Time
		}{
			{"laura", "laura", night, handover},
			{"laurent", "laura", handover, handover.Add(time.Hour)},
			{"sam", "admin", handover.Add(time.Hour), time.Time{}},
		}
		if len(hist) != len(want) {
			t.Fatalf("history %+v, want %d tenures", hist, len(want))
		}
		for i, h := range hist {
			if h.Role != "commander" || h.User != want[i].user || h.AssignedBy != want[i].by || !h.StartedAt.Equal(want[i].from) || !h.EndedAt.Equal(want[i].till) {
				t.Fatalf("tenure %d is %+v, want %+v", i, h, want[i])
			}
		}
		got, err := w.inc.Get(ctx, n)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Roles) != 1 || got.Roles[0].User != "sam" {
			t.Fatalf("current roles %+v, want only sam commanding", got.Roles)
		}
	})
}

func TestRoleRefusals(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		laura := w.user(t, "laura", auth.Responder)
		w.user(t, "laurent", auth.Responder)
		sam := w.user(t, "sam", auth.Responder)
		inc := w.declare(t, laura, "us1 DNS", "SEV-2")
		n := inc.Number
		// laurent has not joined: a role would name someone who is not in the room.
		w.refused(t, problem.Conflict, "user", func() error {
			_, err := w.inc.AssignRole(ctx, laura, n, "scribe", "laurent")
			return err
		})
		w.refused(t, problem.NotFound, "user", func() error {
			_, err := w.inc.AssignRole(ctx, laura, n, "scribe", "nobody")
			return err
		})
		w.refused(t, problem.NotFound, "role", func() error {
			_, err := w.inc.AssignRole(ctx, laura, n, "dictator", "laura")
			return err
		})
		w.refused(t, problem.Forbidden, "", func() error {
			_, err := w.inc.AssignRole(ctx, sam, n, "scribe", "laura")
			return err
		})
		w.refused(t, problem.Forbidden, "", func() error {
			_, err := w.inc.CreateRole(ctx, laura, incident.Role{Slug: "customer-liaison", Name: "Customer liaison"})
			return err
		})
	})
}

// With nobody in command any responder may take it; the commander may step
// down, and nobody else but an admin may remove them.
func TestVacantCommandAndRelease(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		laura := w.user(t, "laura", auth.Responder)
		sam := w.user(t, "sam", auth.Responder)
		inc := w.declare(t, laura, "eu1 CDN purge stuck", "SEV-3")
		n := inc.Number
		w.join(t, n, "sam")
		w.expectEvents(t, n, func() error {
			_, err := w.inc.AssignRole(ctx, sam, n, "commander", "sam")
			return err
		}, "role.assigned")
		w.refused(t, problem.Forbidden, "", func() error { return w.inc.ReleaseRole(ctx, laura, n, "commander") })
		w.expectEvents(t, n, func() error { return w.inc.ReleaseRole(ctx, sam, n, "commander") }, "role.released")
		// Releasing a role nobody holds is harmless and writes nothing.
		w.expectEvents(t, n, func() error { return w.inc.ReleaseRole(ctx, sam, n, "commander") })

		r, err := w.inc.CreateRole(ctx, w.admin, incident.Role{Slug: "customer-liaison", Name: "Customer liaison"})
		if err != nil {
			t.Fatal(err)
		}
		w.expectEvents(t, n, func() error {
			_, err := w.inc.AssignRole(ctx, laura, n, r.Slug, "laura")
			return err
		}, "role.assigned")
		w.refused(t, problem.Conflict, "slug", func() error {
			_, err := w.inc.CreateRole(ctx, w.admin, r)
			return err
		})
	})
}
