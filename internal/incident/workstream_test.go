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

// The us1 outage runs two workstreams; laurent leads compute, reports, gets
// blocked on a vendor, and the board orders by priority.
func TestWorkstreamsLeadsAndUpdates(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		laura := w.user(t, "laura", auth.Responder)
		laurent := w.user(t, "laurent", auth.Responder)
		inc := w.declare(t, laura, "us1 capacity exhausted", "SEV-1")
		n := inc.Number
		w.join(t, n, "laurent")

		var compute incident.Workstream
		w.expectEvents(t, n, func() error {
			var err error
			compute, err = w.inc.AddWorkstream(ctx, laura, n, incident.WorkstreamChange{Name: ptr(" us1-compute "), Lead: ptr("laurent"), Priority: ptr(1)})
			return err
		}, "workstream.created")
		if compute.Name != "us1-compute" || compute.Lead != "laurent" || compute.Status != incident.WorkActive || compute.Priority != 1 || !compute.LastUpdateAt.IsZero() {
			t.Fatalf("created %+v", compute)
		}
		comms, err := w.inc.AddWorkstream(ctx, laura, n, incident.WorkstreamChange{Name: ptr("customer comms")})
		if err != nil {
			t.Fatal(err)
		}
		if comms.Priority != 3 || comms.Lead != "" {
			t.Fatalf("default workstream %+v, want priority 3 and no lead", comms)
		}

		w.clk.Advance(15 * time.Minute)
		reported := w.clk.Now()
		w.expectEvents(t, n, func() error {
			u, err := w.inc.PostWorkstreamUpdate(ctx, laurent, n, compute.ID, "waiting on the vendor for more hosts", incident.WorkBlocked)
			if err == nil && (u.Workstream != compute.ID || u.Audience != "responders" || u.Author != "laurent") {
				t.Errorf("update %+v", u)
			}
			return err
		}, "workstream.changed", "workstream.update_posted")
		// A report without a status change only stamps the time.
		w.clk.Advance(15 * time.Minute)
		w.expectEvents(t, n, func() error {
			_, err := w.inc.PostWorkstreamUpdate(ctx, laurent, n, compute.ID, "still waiting", "")
			return err
		}, "workstream.update_posted")

		board, err := w.inc.Workstreams(ctx, n)
		if err != nil {
			t.Fatal(err)
		}
		if len(board) != 2 || board[0].ID != compute.ID || board[1].ID != comms.ID {
			t.Fatalf("board %+v, want compute (priority 1) before comms", board)
		}
		if got := board[0]; got.Status != incident.WorkBlocked || !got.LastUpdateAt.Equal(reported.Add(15*time.Minute)) {
			t.Fatalf("compute %+v, want blocked and last reported at %v", got, reported.Add(15*time.Minute))
		}
		if !board[1].LastUpdateAt.IsZero() {
			t.Fatalf("comms never reported but shows %v", board[1].LastUpdateAt)
		}

		evs := w.expectEvents(t, n, func() error {
			_, err := w.inc.UpdateWorkstream(ctx, laura, n, comms.ID, incident.WorkstreamChange{Lead: ptr("laura"), Priority: ptr(2), Name: ptr("customer comms")})
			return err
		}, "workstream.changed")
		if !mentions(evs[0], `"lead":"laura"`) || !mentions(evs[0], `"previous_priority":3`) || mentions(evs[0], "previous_name") {
			t.Fatalf("change event %s", evs[0].Data)
		}
		// Changing nothing writes nothing.
		w.expectEvents(t, n, func() error {
			_, err := w.inc.UpdateWorkstream(ctx, laura, n, comms.ID, incident.WorkstreamChange{Priority: ptr(2)})
			return err
		})
	})
}

func TestWorkstreamRefusals(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		laura := w.user(t, "laura", auth.Responder)
		sam := w.user(t, "sam", auth.Responder)
		inc := w.declare(t, laura, "eu1 object storage", "SEV-2")
		other := w.declare(t, laura, "us1 object storage", "SEV-2")
		n := inc.Number
		ws, err := w.inc.AddWorkstream(ctx, laura, n, incident.WorkstreamChange{Name: ptr("eu1-storage")})
		if err != nil {
			t.Fatal(err)
		}
		add := func(c incident.WorkstreamChange) func() error {
			return func() error { _, err := w.inc.AddWorkstream(ctx, laura, n, c); return err }
		}
		w.refused(t, problem.Conflict, "name", add(incident.WorkstreamChange{Name: ptr("eu1-storage")}))
		w.refused(t, problem.Invalid, "name", add(incident.WorkstreamChange{Name: ptr("  ")}))
		w.refused(t, problem.Invalid, "name", add(incident.WorkstreamChange{}))
		w.refused(t, problem.Invalid, "priority", add(incident.WorkstreamChange{Name: ptr("dns"), Priority: ptr(0)}))
		w.refused(t, problem.Invalid, "priority", add(incident.WorkstreamChange{Name: ptr("dns"), Priority: ptr(6)}))
		w.refused(t, problem.Invalid, "status", add(incident.WorkstreamChange{Name: ptr("dns"), Status: ptr("paused")}))
		// sam exists but is not on the incident: he cannot lead a line of it.
		w.refused(t, problem.Conflict, "lead", add(incident.WorkstreamChange{Name: ptr("dns"), Lead: ptr("sam")}))
		w.refused(t, problem.NotFound, "lead", add(incident.WorkstreamChange{Name: ptr("dns"), Lead: ptr("nobody")}))
		w.refused(t, problem.Forbidden, "", func() error {
			_, err := w.inc.AddWorkstream(ctx, sam, n, incident.WorkstreamChange{Name: ptr("dns")})
			return err
		})

		second, err := w.inc.AddWorkstream(ctx, laura, n, incident.WorkstreamChange{Name: ptr("dns")})
		if err != nil {
			t.Fatal(err)
		}
		w.refused(t, problem.Conflict, "name", func() error {
			_, err := w.inc.UpdateWorkstream(ctx, laura, n, second.ID, incident.WorkstreamChange{Name: ptr("eu1-storage")})
			return err
		})
		// A workstream belongs to one incident; its id does not work elsewhere.
		w.refused(t, problem.NotFound, "id", func() error {
			_, err := w.inc.PostWorkstreamUpdate(ctx, laura, other.Number, ws.ID, "done here", "")
			return err
		})
		w.refused(t, problem.Invalid, "status", func() error {
			_, err := w.inc.PostWorkstreamUpdate(ctx, laura, n, ws.ID, "hmm", "stuck")
			return err
		})
		w.refused(t, problem.Invalid, "body", func() error {
			_, err := w.inc.PostWorkstreamUpdate(ctx, laura, n, ws.ID, "", "done")
			return err
		})
	})
}
