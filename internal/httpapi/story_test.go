package httpapi_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

// A whole major incident through the public client: Laura declares and takes
// command, Laurent and Sam are staffed, work splits per region, every audience
// hears from us, EU1 becomes its own incident, a duplicate is merged, and the
// parent's timeline tells the story in order.
func TestSEV1DeclaredStaffedSplitPerRegionResolved(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		ctx := context.Background()
		laura := in.User(t, "laura", "responder")
		laurent := in.User(t, "laurent", "responder")
		sam := in.User(t, "sam", "responder")

		inc := must(laura.Declare(ctx, client.Declaration{Title: "Alerting down in all regions", Severity: "SEV-1",
			Summary: "monitors not evaluating", Tags: []string{"region:eu1", "region:us1"}}))(t)
		n := inc.Number
		must(laura.AssignRole(ctx, n, "commander", "laura"))(t)
		must(laurent.Join(ctx, n, ""))(t)
		must(laura.Join(ctx, n, "sam"))(t)
		must(laura.AssignRole(ctx, n, "comms-lead", "sam"))(t)

		eu1 := must(laura.AddWorkstream(ctx, n, "eu1-compute", "laurent", 1))(t)
		must(laura.AddWorkstream(ctx, n, "us1-compute", "laura", 2))(t)
		must(laurent.PostWorkstreamUpdate(ctx, n, eu1.ID, "parent control planes restarting", "blocked"))(t)
		audiences := []string{"responders", "support", "executives", "public"}
		for _, a := range audiences {
			must(sam.PostUpdate(ctx, n, a, "alerting is delayed; update for "+a))(t)
		}
		must(laura.PostMessage(ctx, n, 0, "all hands: eu1 first, us1 after"))(t)
		must(laurent.PostMessage(ctx, n, eu1.ID, "restarting control plane cp-3"))(t)

		// Each audience reads what was written for it, and nothing else.
		for _, a := range audiences {
			var page struct{ Updates []client.Update }
			getJSON(t, in.URL, apptest.AdminToken, fmt.Sprintf("/api/v1/incidents/%d/updates?audience=%s", n, a), &page)
			var bodies []string
			for _, u := range page.Updates {
				if u.Audience != a {
					t.Errorf("updates for %s include one for %s: %q", a, u.Audience, u.Body)
				}
				bodies = append(bodies, u.Body)
			}
			if !slices.Contains(bodies, "alerting is delayed; update for "+a) {
				t.Errorf("updates for %s: %q, missing Sam's", a, bodies)
			}
		}

		// EU1 splits off under Laurent and takes its workstream, channel and all.
		child := must(laura.Split(ctx, n, client.Split{Title: "EU1: compute control planes", Commander: "laurent",
			Tags: []string{"service:compute"}, Workstreams: []int64{eu1.ID}}))(t)
		if child.Parent != n || !slices.Contains(child.Tags, "region:eu1") || !slices.Contains(child.Tags, "service:compute") {
			t.Errorf("child %d: parent %d, tags %q; want parent %d with the parent's tags and its own", child.Number, child.Parent, child.Tags, n)
		}
		cd := must(laurent.Incident(ctx, child.Number))(t)
		if holder(cd, "commander") != "laurent" || len(cd.Workstreams) != 1 || cd.Workstreams[0].ID != eu1.ID {
			t.Errorf("child: commander %q, workstreams %+v; want laurent leading eu1-compute", holder(cd, "commander"), cd.Workstreams)
		}
		var msgs struct{ Messages []client.Message }
		getJSON(t, in.URL, apptest.AdminToken, fmt.Sprintf("/api/v1/incidents/%d/messages?workstream=%d", child.Number, eu1.ID), &msgs)
		if len(msgs.Messages) != 1 || msgs.Messages[0].Body != "restarting control plane cp-3" {
			t.Errorf("eu1-compute channel in the child: %+v; want Laurent's message moved with it", msgs.Messages)
		}

		// The status page is slow too: related, not the same incident.
		related := must(sam.Declare(ctx, client.Declaration{Title: "Status page slow", Severity: "SEV-3"}))(t)
		must(laura.Link(ctx, n, related.Number, "related"))(t)
		rd := must(sam.Incident(ctx, related.Number))(t)
		if !hasLink(rd, n, "related") {
			t.Errorf("related incident links %+v; want a link back to %d", rd.Links, n)
		}

		// Laurent declared the same outage in the first minutes; merge it.
		dup := must(laurent.Declare(ctx, client.Declaration{Title: "No alerts from eu1", Severity: "SEV-2"}))(t)
		dws := must(laurent.AddWorkstream(ctx, dup.Number, "alertmanager-eu1", "laurent", 3))(t)
		must(laurent.Link(ctx, dup.Number, n, "duplicate"))(t)
		dd := must(laurent.Incident(ctx, dup.Number))(t)
		if dd.Status != "resolved" || dd.MergedInto != n {
			t.Errorf("duplicate: status %s, merged into %d; want resolved into %d", dd.Status, dd.MergedInto, n)
		}

		pd := must(laura.Incident(ctx, n))(t)
		var names []string
		for _, w := range pd.Workstreams {
			names = append(names, w.Name)
		}
		slices.Sort(names)
		if !slices.Equal(names, []string{"alertmanager-eu1", "us1-compute"}) || !slices.Contains(pd.Children, child.Number) ||
			!hasLink(pd, related.Number, "related") || !hasLink(pd, dup.Number, "duplicate") {
			t.Errorf("parent: workstreams %q, children %v, links %+v; want us1-compute and the merged alertmanager-eu1, child %d, related %d, duplicate %d",
				names, pd.Children, pd.Links, child.Number, related.Number, dup.Number)
		}

		must(laurent.Resolve(ctx, child.Number))(t)
		must(laura.Resolve(ctx, n))(t)
		if got := must(laura.Incident(ctx, n))(t); got.Status != "resolved" {
			t.Errorf("parent status %s after resolving, want resolved", got.Status)
		}

		evs := timeline(t, laura, n)
		for i, ev := range evs {
			if ev.Seq != int64(i+1) {
				t.Fatalf("timeline event %d has seq %d; want 1..%d without gaps", i, ev.Seq, len(evs))
			}
		}
		inOrder(t, evs, "incident.declared", "role.assigned", "responder.joined", "workstream.created",
			"workstream.update_posted", "update.posted", "message.posted", "incident.split", "workstream.moved_out",
			"incident.linked", "workstream.moved_in", "incident.merged_in", "incident.status_changed")
		if evs[0].Actor != "laura" {
			t.Errorf("declared by %q on the timeline, want laura", evs[0].Actor)
		}
		for _, ev := range evs {
			if ev.Kind == "incident.split" && data(t, ev)["child"] != float64(child.Number) {
				t.Errorf("split event names child %v, want %d", data(t, ev)["child"], child.Number)
			}
			if ev.Kind == "workstream.moved_in" && data(t, ev)["id"] != float64(dws.ID) {
				t.Errorf("moved-in workstream %v, want the duplicate's %d", data(t, ev)["id"], dws.ID)
			}
		}
	})
}

func holder(d client.Detail, role string) string {
	for _, r := range d.Roles {
		if r.Role == role && r.EndedAt.IsZero() {
			return r.User
		}
	}
	return ""
}

func hasLink(d client.Detail, number int64, kind string) bool {
	for _, l := range d.Links {
		if l.Number == number && l.Kind == kind {
			return true
		}
	}
	return false
}

// inOrder checks that the timeline holds kinds as a subsequence.
func inOrder(t testing.TB, evs []client.Event, kinds ...string) {
	t.Helper()
	var seen []string
	i := 0
	for _, ev := range evs {
		seen = append(seen, ev.Kind)
		if i < len(kinds) && ev.Kind == kinds[i] {
			i++
		}
	}
	if i < len(kinds) {
		t.Errorf("timeline lacks %q after %q in order; it has %q", kinds[i], kinds[:i], seen)
	}
}
