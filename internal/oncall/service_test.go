package oncall_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"sitrep/internal/app/apptest"
	"sitrep/internal/oncall"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// The major-incident rotation hands over on Mondays at 09:00 Berlin time,
// also across the change to summer time, and what is stored answers the same
// as the pure calculator.
func TestMajorIncidentRotationIsStoredAndAnswers(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		def := w.majorIncident(t)
		if def.ID == 0 || def.TimeZone != "Europe/Berlin" || len(def.Layers) != 1 || def.Overrides == nil || !def.CreatedAt.Equal(monday) {
			t.Fatalf("created %+v", def)
		}
		if k := w.kinds(t); k[len(k)-1] != "schedule.created" {
			t.Fatalf("events %v, want schedule.created last", k)
		}
		w.wantOnCall(t, "major-incident", at(t, "Europe/Berlin", "2026-03-23T08:59"))
		w.wantOnCall(t, "major-incident", at(t, "Europe/Berlin", "2026-03-23T09:00"), "laura")
		w.wantOnCall(t, "major-incident", at(t, "Europe/Berlin", "2026-03-30T08:59"), "laura")
		w.wantOnCall(t, "major-incident", at(t, "Europe/Berlin", "2026-03-30T09:00"), "laurent")
		w.wantOnCall(t, "major-incident", at(t, "Europe/Berlin", "2026-10-26T09:00"), "laurent")

		from, to := monday, monday.Add(90*24*time.Hour)
		got, err := w.sched.Shifts(context.Background(), "major-incident", from, to)
		if err != nil {
			t.Fatal(err)
		}
		if want := def.Schedule().Shifts(from, to); !slices.EqualFunc(got, want, sameShift) {
			t.Fatalf("stored shifts differ from the calculator's:\n%v\n%v", got, want)
		}

		read, err := w.sched.GetSchedule(context.Background(), "major-incident")
		if err != nil || read.Description != "Commanders for SEV-1 and SEV-2" || !slices.Equal(read.Layers[0].Members, []string{"laura", "laurent"}) {
			t.Fatalf("read back %+v, %v", read, err)
		}
	})
}

// Bad schedules are refused naming the field, and nothing is written.
func TestBadSchedulesAreRefusedNamingTheField(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		create := func(sp oncall.Spec) func() error {
			return func() error { _, err := w.sched.CreateSchedule(ctx, w.admin, sp); return err }
		}
		good := oncall.Spec{Name: "major-incident", TimeZone: "Europe/Berlin", Layers: []oncall.Layer{weekly(t, "laura", "laurent")}}
		mars := good
		mars.TimeZone = "Mars/Olympus_Mons"
		w.refused(t, problem.Invalid, "time_zone", create(mars))
		noLayers := good
		noLayers.Layers = nil
		w.refused(t, problem.Invalid, "layers", create(noLayers))
		empty := good
		empty.Layers = []oncall.Layer{weekly(t)}
		w.refused(t, problem.Invalid, "layers[0].members", create(empty))
		stranger := good
		stranger.Layers = []oncall.Layer{weekly(t, "laura"), weekly(t, "sam", "mallory")}
		w.refused(t, problem.Invalid, "layers[1].members[1]", create(stranger))
		long := good
		long.Description = string(make([]rune, oncall.MaxDescription+1))
		w.refused(t, problem.Invalid, "description", create(long))
		w.refused(t, problem.Forbidden, "", func() error { _, err := w.sched.CreateSchedule(ctx, w.laura, good); return err })

		w.majorIncident(t)
		w.refused(t, problem.Conflict, "name", create(good))
		w.refused(t, problem.NotFound, "name", func() error { _, err := w.sched.OnCall(ctx, "exec-on-call", monday); return err })
		w.refused(t, problem.NotFound, "name", func() error { _, err := w.sched.UpdateSchedule(ctx, w.admin, "exec-on-call", good); return err })
	})
}

// Changing a schedule replaces its zone and layers and keeps its overrides.
func TestUpdateReplacesTheRotationAndKeepsOverrides(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		w.majorIncident(t)
		w.clk.Set(at(t, "Europe/Berlin", "2026-03-24T12:00"))
		if _, err := w.sched.AddOverride(ctx, w.sam, "major-incident", oncall.NewOverride{Replaces: "laura", End: at(t, "Europe/Berlin", "2026-03-24T20:00")}); err != nil {
			t.Fatal(err)
		}
		def, err := w.sched.UpdateSchedule(ctx, w.admin, "major-incident", oncall.Spec{Description: "Now run from New York",
			TimeZone: "America/New_York", Layers: []oncall.Layer{weekly(t, "laura", "sam")}})
		if err != nil {
			t.Fatal(err)
		}
		if def.TimeZone != "America/New_York" || len(def.Overrides) != 1 || def.Description != "Now run from New York" {
			t.Fatalf("updated %+v", def)
		}
		if k := w.kinds(t); k[len(k)-1] != "schedule.updated" {
			t.Fatalf("events %v, want schedule.updated last", k)
		}
		// The hand-off is now 09:00 in New York; sam still stands in for laura.
		w.wantOnCall(t, "major-incident", at(t, "America/New_York", "2026-03-24T09:00"), "sam")
		w.wantOnCall(t, "major-incident", at(t, "America/New_York", "2026-03-30T08:59"), "laura")
		w.wantOnCall(t, "major-incident", at(t, "America/New_York", "2026-03-30T09:00"), "sam")
		w.refused(t, problem.Forbidden, "", func() error {
			_, err := w.sched.UpdateSchedule(ctx, w.laura, "major-incident", oncall.Spec{TimeZone: "UTC", Layers: []oncall.Layer{weekly(t, "laura")}})
			return err
		})
	})
}

// A schedule an escalation policy pages cannot be deleted; otherwise it goes
// with its overrides.
func TestDeleteRefusesWhilePaged(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		w.majorIncident(t)
		if _, err := w.sched.AddOverride(ctx, w.sam, "major-incident", oncall.NewOverride{Replaces: "laura", End: monday.Add(48 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
		// The escalation package records what its policies page in
		// escalation_policy_refs; this is the row a policy paging
		// major-incident leaves there.
		var policy int64
		err := w.db.Tx(ctx, func(tx *store.Tx) error {
			err := tx.QueryRow(ctx, `INSERT INTO escalation_policies (name, steps, created_at, updated_at) VALUES ('sev1', '[]', 0, 0) RETURNING id`).Scan(&policy)
			if err != nil {
				return err
			}
			_, err = tx.Exec(ctx, `INSERT INTO escalation_policy_refs (policy_id, kind, ref) VALUES (?, 'schedule', 'major-incident')`, policy)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		w.refused(t, problem.Conflict, "name", func() error { return w.sched.DeleteSchedule(ctx, w.admin, "major-incident") })
		w.refused(t, problem.Forbidden, "", func() error { return w.sched.DeleteSchedule(ctx, w.laura, "major-incident") })
		if _, err := w.db.Exec(ctx, `DELETE FROM escalation_policy_refs WHERE policy_id = ?`, policy); err != nil {
			t.Fatal(err)
		}
		if err := w.sched.DeleteSchedule(ctx, w.admin, "major-incident"); err != nil {
			t.Fatal(err)
		}
		if k := w.kinds(t); k[len(k)-1] != "schedule.deleted" {
			t.Fatalf("events %v, want schedule.deleted last", k)
		}
		w.refused(t, problem.NotFound, "name", func() error { _, err := w.sched.GetSchedule(ctx, "major-incident"); return err })
		w.refused(t, problem.NotFound, "name", func() error { return w.sched.DeleteSchedule(ctx, w.admin, "major-incident") })
	})
}

// Lists page by name, and "who is on call everywhere" answers every schedule
// with its overrides.
func TestListAndOnCallEverywhere(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		w.majorIncident(t)
		_, err := w.sched.CreateSchedule(ctx, w.admin, oncall.Spec{Name: "exec-on-call", TimeZone: "America/New_York",
			Layers: []oncall.Layer{weekly(t, "sam")}})
		if err != nil {
			t.Fatal(err)
		}
		page, next, err := w.sched.ListSchedules(ctx, "", 1)
		if err != nil || len(page) != 1 || page[0].Name != "exec-on-call" || next != "exec-on-call" {
			t.Fatalf("first page %v next %q: %v", page, next, err)
		}
		page, next, err = w.sched.ListSchedules(ctx, next, 1)
		if err != nil || len(page) != 1 || page[0].Name != "major-incident" {
			t.Fatalf("second page %v next %q: %v", page, next, err)
		}
		if page, next, _ = w.sched.ListSchedules(ctx, next, 1); len(page) != 0 || next != "" {
			t.Fatalf("third page %v next %q", page, next)
		}

		noon := at(t, "Europe/Berlin", "2026-03-24T12:00")
		w.clk.Set(noon)
		if _, err := w.sched.AddOverride(ctx, w.laurent, "major-incident", oncall.NewOverride{End: noon.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		all, _, err := w.sched.OnCallAll(ctx, noon, "", 0)
		if err != nil {
			t.Fatal(err)
		}
		want := []oncall.Rota{{Schedule: "exec-on-call", Users: []string{"sam"}}, {Schedule: "major-incident", Users: []string{"laura", "laurent"}}}
		if !slices.EqualFunc(all, want, func(a, b oncall.Rota) bool { return a.Schedule == b.Schedule && slices.Equal(a.Users, b.Users) }) {
			t.Fatalf("on call everywhere: %v, want %v", all, want)
		}
	})
}

func sameShift(a, b oncall.Shift) bool {
	return a.Start.Equal(b.Start) && a.End.Equal(b.End) && slices.Equal(a.OnCall, b.OnCall)
}
