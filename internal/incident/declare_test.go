package incident_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"sitrep/internal/app/apptest"
	"sitrep/internal/auth"
	"sitrep/internal/incident"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// Numbers are what people say on the bridge ("we're on 42"); a gap makes them
// hunt for an incident that never existed, even when many declare at once.
func TestRegionsDeclaringAtOnceGetGaplessNumbers(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		laura := w.user(t, "laura", auth.Responder)
		const n = 12
		numbers := make(chan int64, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				title := "eu1 error rate"
				if i%2 == 1 {
					title = "us1 error rate"
				}
				inc, err := w.inc.Declare(ctx, laura, incident.Declaration{Title: title, Severity: "SEV-3"})
				if err != nil {
					t.Errorf("declare %d: %v", i, err)
					return
				}
				numbers <- inc.Number
			})
		}
		wg.Wait()
		close(numbers)
		var got []int64
		for num := range numbers {
			got = append(got, num)
		}
		slices.Sort(got)
		want := make([]int64, n)
		for i := range want {
			want[i] = int64(i + 1)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("numbers %v, want %v", got, want)
		}
		// A refused declaration does not use up a number.
		w.refused(t, problem.Invalid, "severity", func() error {
			_, err := w.inc.Declare(ctx, laura, incident.Declaration{Title: "eu1 again", Severity: "P1"})
			return err
		})
		if next := w.declare(t, laura, "us1 latency", "SEV-4"); next.Number != n+1 {
			t.Fatalf("next number %d, want %d", next.Number, n+1)
		}
	})
}

func TestDeclareSetsMilestonesAndStaffsTheIncident(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		laura := w.user(t, "laura", auth.Responder)
		w.user(t, "laurent", auth.Responder)
		started := night.Add(-40 * time.Minute)
		detected := night.Add(-10 * time.Minute)
		inc, err := w.inc.Declare(ctx, laura, incident.Declaration{
			Title: "  Checkout failing in eu1  ", Severity: "SEV-1", Tags: []string{"service:checkout", "region:eu1", "region:eu1"},
			Commander: "laurent", StartedAt: started, DetectedAt: detected,
		})
		if err != nil {
			t.Fatal(err)
		}
		if inc.Title != "Checkout failing in eu1" || inc.Status != incident.Investigating || inc.CreatedBy != "laura" {
			t.Fatalf("declared %+v", inc)
		}
		if !slices.Equal(inc.Tags, []string{"region:eu1", "service:checkout"}) {
			t.Fatalf("tags %v, want sorted without repeats", inc.Tags)
		}
		at := map[string]time.Time{}
		for _, m := range inc.Milestones {
			at[m.Kind] = m.At
		}
		want := map[string]time.Time{"started": started, "detected": detected, "declared": night}
		if len(at) != len(want) {
			t.Fatalf("milestones %v, want %v", at, want)
		}
		for k, v := range want {
			if !at[k].Equal(v) {
				t.Fatalf("milestone %s at %v, want %v", k, at[k], v)
			}
		}
		got, err := w.inc.Get(ctx, inc.Number)
		if err != nil {
			t.Fatal(err)
		}
		if got.Responders != 2 || len(got.Roles) != 1 || got.Roles[0].Role != "commander" || got.Roles[0].User != "laurent" {
			t.Fatalf("responders %d, roles %+v; want laura and laurent on it, laurent commanding", got.Responders, got.Roles)
		}
		wantKinds := []string{"incident.declared", "milestone.set", "milestone.set", "milestone.set",
			"responder.joined", "responder.joined", "role.assigned"}
		if k := kindsOf(w.timeline(t, inc.Number)); !slices.Equal(k, wantKinds) {
			t.Fatalf("timeline %v, want %v", k, wantKinds)
		}
	})
}

func TestDeclareRefusals(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		laura := w.user(t, "laura", auth.Responder)
		w.user(t, "sam", auth.Viewer)
		cases := []struct {
			name  string
			decl  incident.Declaration
			kind  problem.Kind
			field string
		}{
			{"blank title", incident.Declaration{Title: "   ", Severity: "SEV-2"}, problem.Invalid, "title"},
			{"unknown severity", incident.Declaration{Title: "eu1 down", Severity: "critical"}, problem.Invalid, "severity"},
			{"bad tag", incident.Declaration{Title: "eu1 down", Severity: "SEV-2", Tags: []string{"region eu1"}}, problem.Invalid, "tags"},
			{"started tomorrow", incident.Declaration{Title: "eu1 down", Severity: "SEV-2", StartedAt: night.Add(24 * time.Hour)}, problem.Invalid, "started_at"},
			{"unknown commander", incident.Declaration{Title: "eu1 down", Severity: "SEV-2", Commander: "nobody"}, problem.NotFound, "commander"},
			// A viewer cannot even join; they must not end up commanding.
			{"viewer commander", incident.Declaration{Title: "eu1 down", Severity: "SEV-2", Commander: "sam"}, problem.Conflict, "commander"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				w.refused(t, c.kind, c.field, func() error {
					_, err := w.inc.Declare(ctx, laura, c.decl)
					return err
				})
			})
		}
		// None of them took a number.
		if inc := w.declare(t, laura, "eu1 down", "SEV-2"); inc.Number != 1 {
			t.Fatalf("first incident after refusals is %d, want 1", inc.Number)
		}
	})
}
