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

func milestone(t *testing.T, inc incident.Incident, kind string) (time.Time, bool) {
	t.Helper()
	for _, m := range inc.Milestones {
		if m.Kind == kind {
			return m.At, true
		}
	}
	return time.Time{}, false
}

// The eu1 database failover: laura commands it from investigating to resolved,
// the fix does not hold, and she reopens it.
func TestStatusFlowFromInvestigatingToResolvedAndReopen(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		laura := w.user(t, "laura", auth.Responder)
		w.user(t, "laurent", auth.Responder)
		inc := w.declare(t, laura, "eu1 primary database unreachable", "SEV-2")
		w.join(t, inc.Number, "laurent")
		n := inc.Number
		status := func(by auth.Principal, s incident.Status) func() error {
			return func() error {
				var err error
				inc, err = w.inc.Update(ctx, by, n, incident.Patch{Status: &s})
				return err
			}
		}

		w.clk.Advance(10 * time.Minute)
		w.expectEvents(t, n, status(laura, incident.Identified), "incident.status_changed")
		if _, ok := milestone(t, inc, "mitigated"); ok {
			t.Fatal("identified is not mitigated")
		}

		w.clk.Advance(10 * time.Minute)
		mitigated := w.clk.Now()
		w.expectEvents(t, n, status(laura, incident.Monitoring), "incident.status_changed", "milestone.set")
		if at, _ := milestone(t, inc, "mitigated"); !at.Equal(mitigated) {
			t.Fatalf("mitigated at %v, want %v", at, mitigated)
		}

		// The fix did not hold: back to investigating and to monitoring again
		// keeps the first mitigation time, which is what customers felt.
		w.clk.Advance(5 * time.Minute)
		w.expectEvents(t, n, status(laura, incident.Investigating), "incident.status_changed")
		w.clk.Advance(5 * time.Minute)
		w.expectEvents(t, n, status(laura, incident.Monitoring), "incident.status_changed")
		if at, _ := milestone(t, inc, "mitigated"); !at.Equal(mitigated) {
			t.Fatalf("mitigated moved to %v, want the first time %v", at, mitigated)
		}

		w.clk.Advance(time.Hour)
		resolved := w.clk.Now()
		w.expectEvents(t, n, status(laura, incident.Resolved), "incident.status_changed", "milestone.set", "responder.stints_ended")
		if at, _ := milestone(t, inc, "resolved"); !at.Equal(resolved) {
			t.Fatalf("resolved at %v, want %v", at, resolved)
		}
		all, _, err := w.inc.Responders(ctx, n, true, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 2 {
			t.Fatalf("stints %+v, want laura's and laurent's", all)
		}
		for _, r := range all {
			if !r.LeftAt.Equal(resolved) {
				t.Fatalf("%s's stint ends %v, want at resolution %v so hours stop counting", r.User, r.LeftAt, resolved)
			}
		}

		// Resolving ended every stint, so laura is no longer a responder; she
		// must still be able to reopen her incident, and is back on it.
		w.clk.Advance(20 * time.Minute)
		w.expectEvents(t, n, status(laura, incident.Investigating), "incident.reopened", "responder.joined")
		if _, ok := milestone(t, inc, "resolved"); ok {
			t.Fatal("a reopened incident still has a resolved milestone")
		}
		if inc.Status != incident.Investigating {
			t.Fatalf("status %s after reopening", inc.Status)
		}
		cur, _, err := w.inc.Responders(ctx, n, false, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(cur) != 1 || cur[0].User != "laura" {
			t.Fatalf("responders after reopen %+v, want laura", cur)
		}
	})
}

func TestStatusRefusals(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		laura := w.user(t, "laura", auth.Responder)
		sam := w.user(t, "sam", auth.Responder)
		inc := w.declare(t, laura, "us1 queue backlog", "SEV-3")
		bogus := incident.Status("fixed")
		w.refused(t, problem.Invalid, "status", func() error {
			_, err := w.inc.Update(ctx, laura, inc.Number, incident.Patch{Status: &bogus})
			return err
		})
		// sam has not joined: he may read, not steer.
		resolved := incident.Resolved
		w.refused(t, problem.Forbidden, "", func() error {
			_, err := w.inc.Update(ctx, sam, inc.Number, incident.Patch{Status: &resolved})
			return err
		})
		w.refused(t, problem.NotFound, "number", func() error {
			_, err := w.inc.Update(ctx, laura, 999, incident.Patch{Status: &resolved})
			return err
		})
	})
}

// A merged duplicate is closed for good: reopening it would split the response
// across two rooms again.
func TestMergedIncidentCannotReopen(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		laura := w.user(t, "laura", auth.Responder)
		first := w.declare(t, laura, "eu1 login errors", "SEV-2")
		dup := w.declare(t, laura, "Login broken (eu1)", "SEV-3")
		if err := w.inc.Merge(ctx, laura, dup.Number, first.Number); err != nil {
			t.Fatal(err)
		}
		investigating := incident.Investigating
		for _, by := range []auth.Principal{laura, w.admin} {
			w.refused(t, problem.Conflict, "status", func() error {
				_, err := w.inc.Update(ctx, by, dup.Number, incident.Patch{Status: &investigating})
				return err
			})
		}
		got, err := w.inc.Get(ctx, dup.Number)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != incident.Resolved || got.MergedInto != first.Number {
			t.Fatalf("duplicate is %s merged into %d, want resolved into %d", got.Status, got.MergedInto, first.Number)
		}
	})
}

// Severity and title changes each leave one event; a patch that changes
// nothing writes nothing.
func TestUpdateWritesOneEventPerChange(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		laura := w.user(t, "laura", auth.Responder)
		inc := w.declare(t, laura, "eu1 slow", "SEV-3")
		sev, title := incident.Severity("SEV-1"), "eu1 down"
		evs := w.expectEvents(t, inc.Number, func() error {
			_, err := w.inc.Update(ctx, laura, inc.Number, incident.Patch{Title: &title, Severity: &sev, Tags: &[]string{"region:eu1"}})
			return err
		}, "incident.retitled", "incident.severity_changed", "incident.tagged")
		if !mentions(evs[1], `"escalated":true`) {
			t.Fatalf("SEV-3 to SEV-1 event %s does not say it escalated", evs[1].Data)
		}
		w.expectEvents(t, inc.Number, func() error {
			_, err := w.inc.Update(ctx, laura, inc.Number, incident.Patch{Title: &title, Severity: &sev})
			return err
		})
	})
}

// Laurent reopens the eu1 incident that laura commanded: she still holds
// command, so she is back on the incident with it, not a commander in absentia.
func TestReopenBringsRoleHoldersBack(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		laura := w.user(t, "laura", auth.Responder)
		laurent := w.user(t, "laurent", auth.Responder)
		inc := w.declare(t, laura, "eu1 primary database unreachable", "SEV-2")
		if _, err := w.inc.AssignRole(ctx, laura, inc.Number, incident.RoleCommander, "laura"); err != nil {
			t.Fatal(err)
		}
		resolved, investigating := incident.Resolved, incident.Investigating
		if _, err := w.inc.Update(ctx, laura, inc.Number, incident.Patch{Status: &resolved}); err != nil {
			t.Fatal(err)
		}
		w.clk.Advance(time.Hour)
		w.expectEvents(t, inc.Number, func() error {
			_, err := w.inc.Update(ctx, laurent, inc.Number, incident.Patch{Status: &investigating})
			return err
		}, "incident.reopened", "responder.joined", "responder.joined")
		cur, _, err := w.inc.Responders(ctx, inc.Number, false, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range cur {
			got = append(got, r.User)
		}
		if len(got) != 2 || got[0] != "laura" || got[1] != "laurent" {
			t.Fatalf("responders after reopen %v, want laura (commander) and laurent (who reopened)", got)
		}
	})
}
