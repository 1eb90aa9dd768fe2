package incident_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"sitrep/internal/app/apptest"
	"sitrep/internal/auth"
	"sitrep/internal/incident"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// sam declared "Login broken" while laura was already running the eu1 auth
// incident. Merging closes sam's as a duplicate and moves his people and open
// work into laura's room; a workstream whose name is taken there says where it
// came from.
func TestMergeMovesPeopleAndOpenWork(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		laura := w.user(t, "laura", auth.Responder)
		sam := w.user(t, "sam", auth.Responder)
		laurent := w.user(t, "laurent", auth.Responder)
		target := w.declare(t, laura, "eu1 auth failures", "SEV-1")
		dup := w.declare(t, sam, "Login broken", "SEV-3")
		tn, dn := target.Number, dup.Number
		w.join(t, dn, "laurent")
		if _, err := w.inc.AddWorkstream(ctx, laura, tn, incident.WorkstreamChange{Name: ptr("token service")}); err != nil {
			t.Fatal(err)
		}
		clash, err := w.inc.AddWorkstream(ctx, sam, dn, incident.WorkstreamChange{Name: ptr("token service"), Lead: ptr("laurent")})
		if err != nil {
			t.Fatal(err)
		}
		done, err := w.inc.AddWorkstream(ctx, sam, dn, incident.WorkstreamChange{Name: ptr("triage"), Status: ptr(incident.WorkDone)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.inc.PostMessage(ctx, laurent, dn, clash.ID, "token signer out of memory"); err != nil {
			t.Fatal(err)
		}
		if _, err := w.inc.LinkIncidents(ctx, sam, dn, tn, "related"); err != nil {
			t.Fatal(err)
		}

		w.expectAcross(t, func() error { return w.inc.Merge(ctx, sam, dn, tn) }, map[int64][]string{
			dn: {"workstream.moved_out", "incident.merged", "incident.status_changed", "milestone.set", "milestone.set", "responder.stints_ended"},
			tn: {"responder.joined", "responder.joined", "workstream.moved_in", "incident.merged_in"},
		})

		gd, err := w.inc.Get(ctx, dn)
		if err != nil {
			t.Fatal(err)
		}
		if gd.Status != incident.Resolved || gd.MergedInto != tn || gd.Responders != 0 {
			t.Fatalf("duplicate %s merged into %d with %d responders; want resolved into %d with none", gd.Status, gd.MergedInto, gd.Responders, tn)
		}
		if len(gd.Workstreams) != 1 || gd.Workstreams[0].ID != done.ID {
			t.Fatalf("duplicate keeps %+v, want only the finished triage", gd.Workstreams)
		}
		if len(gd.Links) != 1 || gd.Links[0].Number != tn || gd.Links[0].Kind != "duplicate" {
			t.Fatalf("duplicate links %+v, want duplicate of %d", gd.Links, tn)
		}
		gt, err := w.inc.Get(ctx, tn)
		if err != nil {
			t.Fatal(err)
		}
		if gt.Responders != 3 {
			t.Fatalf("target has %d responders, want laura, sam and laurent", gt.Responders)
		}
		want := fmt.Sprintf("token service (from #%d)", dn)
		var moved *incident.Workstream
		for i := range gt.Workstreams {
			if gt.Workstreams[i].ID == clash.ID {
				moved = &gt.Workstreams[i]
			}
		}
		if moved == nil || moved.Name != want || moved.Lead != "laurent" {
			t.Fatalf("target workstreams %+v, want %q led by laurent", gt.Workstreams, want)
		}
		msgs, _, err := w.inc.Messages(ctx, tn, clash.ID, 0, 0)
		if err != nil || len(msgs) != 1 {
			t.Fatalf("moved channel on the target: %+v, %v", msgs, err)
		}
	})
}

// A workstream name of 100 characters that are not all ASCII still gets a
// valid, bounded name when it clashes: the cut must fall between characters.
func TestMergeRenamesLongNonASCIIWorkstream(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		laura := w.user(t, "laura", auth.Responder)
		target := w.declare(t, laura, "Zürich edge down", "SEV-2")
		dup := w.declare(t, laura, "Zürich edge unreachable", "SEV-2")
		name := "a" + strings.Repeat("é", incident.MaxName-1)
		for _, n := range []int64{target.Number, dup.Number} {
			if _, err := w.inc.AddWorkstream(ctx, laura, n, incident.WorkstreamChange{Name: &name}); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.inc.Merge(ctx, laura, dup.Number, target.Number); err != nil {
			t.Fatal(err)
		}
		ws, err := w.inc.Workstreams(ctx, target.Number)
		if err != nil {
			t.Fatal(err)
		}
		if len(ws) != 2 {
			t.Fatalf("target workstreams %+v, want both", ws)
		}
		got := ws[1].Name
		suffix := fmt.Sprintf(" (from #%d)", dup.Number)
		if !utf8.ValidString(got) || !strings.HasSuffix(got, suffix) || utf8.RuneCountInString(got) > incident.MaxName {
			t.Fatalf("renamed to %q (valid UTF-8: %v, %d characters), want at most %d ending %q",
				got, utf8.ValidString(got), utf8.RuneCountInString(got), incident.MaxName, suffix)
		}
	})
}

func TestMergeRefusals(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		laura := w.user(t, "laura", auth.Responder)
		sam := w.user(t, "sam", auth.Responder)
		a := w.declare(t, laura, "eu1 queue lag", "SEV-3")
		b := w.declare(t, laura, "eu1 consumer lag", "SEV-3")
		closed := w.declare(t, laura, "us1 consumer lag", "SEV-3")
		resolved := incident.Resolved
		if _, err := w.inc.Update(ctx, laura, closed.Number, incident.Patch{Status: &resolved}); err != nil {
			t.Fatal(err)
		}
		merge := func(by auth.Principal, dup, target int64) func() error {
			return func() error { return w.inc.Merge(ctx, by, dup, target) }
		}
		w.refused(t, problem.Invalid, "other", merge(laura, a.Number, a.Number))
		w.refused(t, problem.Forbidden, "", merge(sam, a.Number, b.Number))
		w.refused(t, problem.Conflict, "other", merge(laura, a.Number, closed.Number))
		w.refused(t, problem.Conflict, "number", merge(w.admin, closed.Number, a.Number))
		w.refused(t, problem.NotFound, "other", merge(laura, a.Number, 77))
		// Linking as duplicate is the same merge.
		if _, err := w.inc.LinkIncidents(ctx, laura, b.Number, a.Number, "duplicate"); err != nil {
			t.Fatal(err)
		}
		w.refused(t, problem.Conflict, "number", merge(w.admin, b.Number, a.Number))
	})
}
