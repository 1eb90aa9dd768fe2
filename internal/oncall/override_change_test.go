package oncall_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"sitrep/internal/app/apptest"
	"sitrep/internal/oncall"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// Tuesday at noon in Berlin laura has to leave, and sam takes her shift from
// now until the evening. Removing the override gives it back.
func TestSamTakesLaurasShiftNow(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		w.majorIncident(t)
		noon, evening := at(t, "Europe/Berlin", "2026-03-24T12:00"), at(t, "Europe/Berlin", "2026-03-24T20:00")
		w.clk.Set(noon)
		o, err := w.sched.AddOverride(ctx, w.sam, "major-incident", oncall.NewOverride{Replaces: "laura", End: evening})
		if err != nil {
			t.Fatal(err)
		}
		if o.ID == 0 || o.User != "sam" || !o.Start.Equal(noon) || !o.End.Equal(evening) || o.CreatedBy != "sam" {
			t.Fatalf("override %+v", o)
		}
		if k := w.kinds(t); k[len(k)-1] != "schedule.override_added" {
			t.Fatalf("events %v", k)
		}
		w.wantOnCall(t, "major-incident", noon.Add(-time.Minute), "laura")
		w.wantOnCall(t, "major-incident", noon, "sam")
		w.wantOnCall(t, "major-incident", evening.Add(-time.Microsecond), "sam")
		w.wantOnCall(t, "major-incident", evening, "laura")
		def, err := w.sched.GetSchedule(ctx, "major-incident")
		if err != nil || len(def.Overrides) != 1 || def.Overrides[0].ID != o.ID {
			t.Fatalf("schedule lists overrides %+v: %v", def.Overrides, err)
		}

		if err := w.sched.RemoveOverride(ctx, w.laura, "major-incident", o.ID); err != nil {
			t.Fatal(err)
		}
		if k := w.kinds(t); k[len(k)-1] != "schedule.override_removed" {
			t.Fatalf("events %v", k)
		}
		w.wantOnCall(t, "major-incident", noon, "laura")
		w.refused(t, problem.NotFound, "id", func() error { return w.sched.RemoveOverride(ctx, w.laura, "major-incident", o.ID) })
	})
}

// Overrides that cannot mean what their author thinks are refused, naming
// the request's own field.
func TestBadOverridesAreRefusedNamingTheField(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		w.majorIncident(t)
		noon := at(t, "Europe/Berlin", "2026-03-24T12:00")
		w.clk.Set(noon)
		add := func(no oncall.NewOverride) func() error {
			return func() error { _, err := w.sched.AddOverride(ctx, w.sam, "major-incident", no); return err }
		}
		first, err := w.sched.AddOverride(ctx, w.sam, "major-incident", oncall.NewOverride{Replaces: "laura", End: noon.Add(8 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		p := w.refused(t, problem.Invalid, "start", add(oncall.NewOverride{User: "laurent", Replaces: "laura", Start: noon.Add(time.Hour), End: noon.Add(10 * time.Hour)}))
		if !strings.Contains(p.Message, "override "+strconv.FormatInt(first.ID, 10)) {
			t.Errorf("overlap message does not name the stored override %d: %s", first.ID, p.Message)
		}
		w.refused(t, problem.Invalid, "end", add(oncall.NewOverride{User: "laurent", Replaces: "laura", Start: noon.Add(-time.Hour), End: noon.Add(time.Hour)}))
		w.refused(t, problem.Invalid, "end", add(oncall.NewOverride{Replaces: "laurent"}))
		w.refused(t, problem.Invalid, "end", add(oncall.NewOverride{Replaces: "laurent", End: noon.Add(-time.Minute)}))
		w.refused(t, problem.Invalid, "end", add(oncall.NewOverride{Replaces: "laurent", Start: noon.Add(2 * time.Hour), End: noon.Add(time.Hour)}))
		w.refused(t, problem.Invalid, "replaces", add(oncall.NewOverride{Replaces: "sam", End: noon.Add(time.Hour)}))
		w.refused(t, problem.Invalid, "replaces", add(oncall.NewOverride{User: "laura", Replaces: "vera", End: noon.Add(time.Hour)}))
		w.refused(t, problem.Invalid, "user", add(oncall.NewOverride{User: "mallory", Replaces: "laura", Start: noon.Add(9 * time.Hour), End: noon.Add(10 * time.Hour)}))
		w.refused(t, problem.Invalid, "user", add(oncall.NewOverride{User: "Not A Handle", End: noon.Add(time.Hour)}))
		w.refused(t, problem.NotFound, "name", func() error {
			_, err := w.sched.AddOverride(ctx, w.sam, "exec-on-call", oncall.NewOverride{End: noon.Add(time.Hour)})
			return err
		})
		w.refused(t, problem.Forbidden, "", func() error {
			_, err := w.sched.AddOverride(ctx, w.vera, "major-incident", oncall.NewOverride{End: noon.Add(time.Hour)})
			return err
		})
		// Back to back is not an overlap: the end is exclusive.
		if err := add(oncall.NewOverride{User: "laurent", Replaces: "laura", Start: noon.Add(8 * time.Hour), End: noon.Add(9 * time.Hour)})(); err != nil {
			t.Fatalf("back-to-back override refused: %v", err)
		}
	})
}
