package escalation_test

import (
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	"sitrep/internal/app/apptest"
	"sitrep/internal/auth"
	"sitrep/internal/escalation"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// The policy of the night in the story: the major-incident rotation and Laura
// at once, the executive on call five minutes later, twice more if nobody answers.
func majorIncident() escalation.Policy {
	return escalation.Policy{Name: "major-incident", Description: "SEV-1 response", Repeat: 2,
		Steps: steps(0, "schedule:major-incident", "user:laura", 300, "schedule:exec-on-call")}
}

func TestPolicyIsSavedReadChangedAndDeleted(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		w.user(t, "laura", auth.Responder)
		w.schedule(t, "major-incident")
		w.schedule(t, "exec-on-call")

		p := w.create(t, majorIncident())
		if p.ID == 0 || !p.CreatedAt.Equal(night) || !p.UpdatedAt.Equal(night) {
			t.Fatalf("created %+v: want an id and times of the clock", p)
		}
		got, err := w.pol.Get(ctx, "major-incident")
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Steps, majorIncident().Steps) || got.Repeat != 2 || got.Description != "SEV-1 response" {
			t.Fatalf("read back %+v", got)
		}

		w.clk.Advance(time.Hour)
		change := escalation.Policy{Description: "exec first", Steps: steps(60, "schedule:exec-on-call", " user:laura ")}
		up, err := w.pol.Update(ctx, w.admin, "major-incident", change)
		if err != nil {
			t.Fatal(err)
		}
		if up.Repeat != 0 || len(up.Steps) != 1 || up.Steps[0].Targets[1].Ref != "laura" || !up.UpdatedAt.Equal(night.Add(time.Hour)) || !up.CreatedAt.Equal(night) {
			t.Fatalf("updated %+v", up)
		}
		if names, _ := escalation.Referencing(ctx, w.db, escalation.KindSchedule, "major-incident"); len(names) != 0 {
			t.Fatalf("after the update the major-incident schedule is still referenced by %v", names)
		}

		if err := w.pol.Delete(ctx, w.admin, "major-incident"); err != nil {
			t.Fatal(err)
		}
		w.refused(t, problem.NotFound, "name", func() error { _, err := w.pol.Get(ctx, "major-incident"); return err })
		want := []string{"escalation_policy.created", "escalation_policy.updated", "escalation_policy.deleted"}
		if got := w.events(t); !slices.Equal(got[len(got)-3:], want) {
			t.Fatalf("events %v, want them to end with %v", got, want)
		}
	})
}

func TestReferencingFindsPoliciesByTarget(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		w.user(t, "laura", auth.Responder)
		w.schedule(t, "major-incident")
		w.schedule(t, "exec-on-call")
		w.create(t, majorIncident())
		w.create(t, escalation.Policy{Name: "eu1-database", Steps: steps(0, "user:laura", "group:incident-leads")})
		for _, c := range []struct {
			kind, ref string
			want      []string
		}{
			{"user", "laura", []string{"eu1-database", "major-incident"}},
			{"schedule", "exec-on-call", []string{"major-incident"}},
			{"group", "incident-leads", []string{"eu1-database"}},
			{"schedule", "nobody", nil},
		} {
			got, err := escalation.Referencing(ctx, w.db, c.kind, c.ref)
			if err != nil || !slices.Equal(got, c.want) {
				t.Errorf("Referencing(%s, %s) = %v, %v; want %v", c.kind, c.ref, got, err, c.want)
			}
		}
	})
}

func TestListPagesByName(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		w.user(t, "laura", auth.Responder)
		names := []string{"us-east", "eu1", "ap-south", "eu2", "global"}
		for _, n := range names {
			w.create(t, escalation.Policy{Name: n, Steps: steps(0, "user:laura")})
		}
		var seen []string
		cursor, pages := "", 0
		for {
			ps, next, err := w.pol.List(context.Background(), cursor, 2)
			if err != nil {
				t.Fatal(err)
			}
			pages++
			for _, p := range ps {
				seen = append(seen, p.Name)
			}
			if next == "" {
				break
			}
			cursor = next
		}
		slices.Sort(names)
		if !slices.Equal(seen, names) || pages != 3 {
			t.Fatalf("listed %v in %d pages, want %v in 3", seen, pages, names)
		}
	})
}
