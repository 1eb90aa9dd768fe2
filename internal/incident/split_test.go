package incident_test

import (
	"context"
	"slices"
	"testing"

	"sitrep/internal/app/apptest"
	"sitrep/internal/auth"
	"sitrep/internal/incident"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// A global outage grows too big for one room: laura splits the us1 recovery
// off with laurent commanding it. The us1 workstream moves with its channel and
// updates, its lead follows it, and both timelines say what happened.
func TestSplitRegionalChildIncident(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		laura := w.user(t, "laura", auth.Responder)
		w.user(t, "laurent", auth.Responder)
		sam := w.user(t, "sam", auth.Responder)
		parent, err := w.inc.Declare(ctx, laura, incident.Declaration{Title: "Global API outage", Severity: "SEV-1", Tags: []string{"service:api"}})
		if err != nil {
			t.Fatal(err)
		}
		p := parent.Number
		w.join(t, p, "laurent", "sam")
		us1, err := w.inc.AddWorkstream(ctx, laura, p, incident.WorkstreamChange{Name: ptr("us1 recovery"), Lead: ptr("sam")})
		if err != nil {
			t.Fatal(err)
		}
		eu1, err := w.inc.AddWorkstream(ctx, laura, p, incident.WorkstreamChange{Name: ptr("eu1 recovery")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.inc.PostMessage(ctx, sam, p, us1.ID, "us1 LB pool empty"); err != nil {
			t.Fatal(err)
		}
		if _, err := w.inc.PostWorkstreamUpdate(ctx, sam, p, us1.ID, "refilling the pool", ""); err != nil {
			t.Fatal(err)
		}

		// The child takes the next number; its whole opening is written in the
		// same transaction as the parent's record of the split.
		var child incident.Incident
		w.expectAcross(t, func() error {
			var err error
			child, err = w.inc.Split(ctx, laura, p, incident.Split{Title: "us1 API outage", Commander: "laurent",
				Tags: []string{"region:us1"}, Workstreams: []int64{us1.ID, us1.ID}})
			return err
		}, map[int64][]string{
			p: {"incident.split", "workstream.moved_out"},
			p + 1: {"incident.declared", "milestone.set", "milestone.set", "milestone.set",
				"responder.joined", "responder.joined", "role.assigned", "responder.joined", "workstream.moved_in"},
		})
		if child.Number != p+1 || child.Parent != p || child.Severity != "SEV-1" || !slices.Equal(child.Tags, []string{"region:us1", "service:api"}) {
			t.Fatalf("child %+v, want SEV-1 incident %d, child of %d, tagged region:us1 and service:api", child, p+1, p)
		}
		cd, err := w.inc.Get(ctx, child.Number)
		if err != nil {
			t.Fatal(err)
		}
		if len(cd.Roles) != 1 || cd.Roles[0].User != "laurent" || cd.Roles[0].Role != "commander" {
			t.Fatalf("child roles %+v, want laurent commanding", cd.Roles)
		}
		// laura split it, laurent commands it, sam leads the moved workstream.
		if cd.Responders != 3 {
			t.Fatalf("child has %d responders, want laura, laurent and sam", cd.Responders)
		}
		if len(cd.Workstreams) != 1 || cd.Workstreams[0].ID != us1.ID || cd.Workstreams[0].Incident != child.Number {
			t.Fatalf("child workstreams %+v, want us1 recovery", cd.Workstreams)
		}
		msgs, _, err := w.inc.Messages(ctx, child.Number, us1.ID, 0, 0)
		if err != nil || len(msgs) != 1 {
			t.Fatalf("us1 channel on the child: %+v, %v", msgs, err)
		}
		ups, _, err := w.inc.Updates(ctx, child.Number, incident.UpdateFilter{Workstream: us1.ID})
		if err != nil || len(ups) != 1 {
			t.Fatalf("us1 updates on the child: %+v, %v", ups, err)
		}
		if left, _, _ := w.inc.Updates(ctx, p, incident.UpdateFilter{}); len(left) != 0 {
			t.Fatalf("parent still lists the moved updates %+v", left)
		}
		pd, err := w.inc.Get(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(pd.Children, []int64{child.Number}) || len(pd.Workstreams) != 1 || pd.Workstreams[0].ID != eu1.ID {
			t.Fatalf("parent children %v workstreams %+v; want the child and eu1 recovery left", pd.Children, pd.Workstreams)
		}
	})
}

func TestSplitRefusals(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		laura := w.user(t, "laura", auth.Responder)
		sam := w.user(t, "sam", auth.Responder)
		parent := w.declare(t, laura, "Global DNS outage", "SEV-1")
		other := w.declare(t, laura, "Unrelated", "SEV-5")
		foreign, err := w.inc.AddWorkstream(ctx, laura, other.Number, incident.WorkstreamChange{Name: ptr("elsewhere")})
		if err != nil {
			t.Fatal(err)
		}
		split := func(by auth.Principal, number int64, sp incident.Split) func() error {
			return func() error { _, err := w.inc.Split(ctx, by, number, sp); return err }
		}
		w.refused(t, problem.Invalid, "title", split(laura, parent.Number, incident.Split{}))
		w.refused(t, problem.Invalid, "severity", split(laura, parent.Number, incident.Split{Title: "eu1", Severity: "SEV-0"}))
		w.refused(t, problem.Invalid, "workstreams[0]", split(laura, parent.Number, incident.Split{Title: "eu1", Workstreams: []int64{foreign.ID}}))
		w.refused(t, problem.NotFound, "commander", split(laura, parent.Number, incident.Split{Title: "eu1", Commander: "nobody"}))
		w.refused(t, problem.Forbidden, "", split(sam, parent.Number, incident.Split{Title: "eu1"}))

		resolved := incident.Resolved
		if _, err := w.inc.Update(ctx, laura, parent.Number, incident.Patch{Status: &resolved}); err != nil {
			t.Fatal(err)
		}
		w.refused(t, problem.Conflict, "number", split(w.admin, parent.Number, incident.Split{Title: "eu1"}))
		// None of the refusals took an incident number.
		if next := w.declare(t, laura, "eu1 DNS", "SEV-2"); next.Number != other.Number+1 {
			t.Fatalf("next incident is %d, want %d", next.Number, other.Number+1)
		}
	})
}
