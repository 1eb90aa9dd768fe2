package httpapi_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/clock"
	"sitrep/internal/store"
)

// The role walk in routes_test.go needs a well-formed body for every write.
func init() {
	validBodies["create-schedule"] = `{"name":"exec-on-call","time_zone":"America/New_York",` +
		`"layers":[{"members":["laura"],"start":"2026-03-23T09:00","shift_kind":"weekly","shift_length":1}]}`
	validBodies["replace-schedule"] = `{"time_zone":"UTC",` +
		`"layers":[{"members":["laura"],"start":"2026-03-23T09:00","shift_kind":"daily","shift_length":1}]}`
	validBodies["add-override"] = `{"replaces":"laura","end":"2030-01-01T00:00:00Z"}`
	validBodies["create-schedule-feed"] = `{}`
}

// Monday 23 March 2026, 08:00 UTC: an hour before the first hand-off.
var monday = time.Date(2026, 3, 23, 8, 0, 0, 0, time.UTC)

// berlin reads a wall-clock time in Berlin as an instant.
func berlin(t testing.TB, s string) time.Time {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	v, err := time.ParseInLocation("2006-01-02T15:04", s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return v.UTC()
}

// rotation starts an instance on a manual clock at monday with laura,
// laurent and sam as responders, and the major-incident schedule.
func rotation(t *testing.T, d store.Dialect) (*apptest.Instance, map[string]*client.Client) {
	t.Helper()
	in := apptest.Start(t, d, apptest.Options{Clock: clock.NewManual(monday)})
	people := map[string]*client.Client{}
	for _, h := range []string{"laura", "laurent", "sam"} {
		people[h] = in.User(t, h, "responder")
	}
	must(in.Admin.CreateSchedule(context.Background(), client.ScheduleSpec{Name: "major-incident", Description: "SEV-1 and SEV-2 commanders",
		TimeZone: "Europe/Berlin", Layers: []client.Layer{{Members: []string{"laura", "laurent"}, Start: "2026-03-23T09:00", ShiftKind: "weekly", ShiftLength: 1}}}))(t)
	return in, people
}

// Tuesday noon in Berlin: sam takes laura's shift until the evening through
// the API, the on-call answer follows, and removing the override gives the
// shift back.
func TestTakeMyShiftThroughTheAPI(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in, people := rotation(t, d)
		ctx := context.Background()
		noon, evening := berlin(t, "2026-03-24T12:00"), berlin(t, "2026-03-24T20:00")
		in.Clock.Set(noon)
		if oc := must(people["sam"].OnCall(ctx, "major-incident", time.Time{}))(t); !slices.Equal(oc.Users, []string{"laura"}) || !oc.At.Equal(noon) {
			t.Fatalf("before the override: %+v", oc)
		}
		o := must(people["sam"].AddOverride(ctx, "major-incident", client.Override{Replaces: "laura", End: evening}))(t)
		if o.User != "sam" || !o.Start.Equal(noon) || o.CreatedBy != "sam" {
			t.Fatalf("override %+v", o)
		}
		if oc := must(people["laura"].OnCall(ctx, "major-incident", noon.Add(time.Hour)))(t); !slices.Equal(oc.Users, []string{"sam"}) {
			t.Fatalf("during the override: %+v", oc)
		}
		sched := must(in.Admin.Schedule(ctx, "major-incident"))(t)
		if len(sched.Overrides) != 1 || sched.Overrides[0].ID != o.ID || sched.Layers[0].Start != "2026-03-23T09:00" {
			t.Fatalf("schedule %+v", sched)
		}
		shifts := must(people["laura"].Shifts(ctx, "major-incident", noon.Add(-time.Hour), evening.Add(time.Hour), ""))(t)
		want := []string{"laura", "sam", "laura"}
		if len(shifts.Shifts) != 3 || !shifts.Shifts[1].Start.Equal(noon) || !shifts.Shifts[1].End.Equal(evening) {
			t.Fatalf("shifts %+v", shifts)
		}
		for i, sh := range shifts.Shifts {
			if !slices.Equal(sh.OnCall, []string{want[i]}) {
				t.Errorf("shift %d: %v, want %s", i, sh.OnCall, want[i])
			}
		}
		mine := must(people["sam"].Shifts(ctx, "major-incident", noon.Add(-time.Hour), evening.Add(time.Hour), "sam"))(t)
		if len(mine.Shifts) != 1 || !mine.Shifts[0].Start.Equal(noon) {
			t.Fatalf("sam's shifts %+v", mine)
		}
		if err := people["laura"].RemoveOverride(ctx, "major-incident", o.ID); err != nil {
			t.Fatal(err)
		}
		if oc := must(people["sam"].OnCall(ctx, "major-incident", noon.Add(time.Hour)))(t); !slices.Equal(oc.Users, []string{"laura"}) {
			t.Fatalf("after removing the override: %+v", oc)
		}
	})
}

// Who is on call everywhere lists every schedule; replacing and deleting a
// schedule take effect at once.
func TestOnCallEverywhereAndScheduleLifecycle(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in, people := rotation(t, d)
		ctx := context.Background()
		must(in.Admin.CreateSchedule(ctx, client.ScheduleSpec{Name: "exec-on-call", TimeZone: "America/New_York",
			Layers: []client.Layer{{Members: []string{"sam"}, Start: "2026-03-23T09:00", ShiftKind: "daily", ShiftLength: 1}}}))(t)
		at := berlin(t, "2026-03-24T18:00")
		all := must(people["laura"].OnCallEverywhere(ctx, at, "", 0))(t)
		got := []string{}
		for _, oc := range all.Schedules {
			got = append(got, oc.Schedule+"="+strings.Join(oc.Users, ","))
		}
		if want := []string{"exec-on-call=sam", "major-incident=laura"}; !slices.Equal(got, want) || !all.At.Equal(at) {
			t.Fatalf("on call everywhere: %v at %s, want %v", got, all.At, want)
		}
		page := must(people["laura"].Schedules(ctx, "", 1))(t)
		if len(page.Schedules) != 1 || page.NextCursor != "exec-on-call" {
			t.Fatalf("first page %+v", page)
		}
		must(in.Admin.ReplaceSchedule(ctx, "major-incident", client.ScheduleSpec{TimeZone: "Europe/Berlin",
			Layers: []client.Layer{{Members: []string{"laurent"}, Start: "2026-03-23T09:00", ShiftKind: "weekly", ShiftLength: 1}}}))(t)
		if oc := must(people["sam"].OnCall(ctx, "major-incident", at))(t); !slices.Equal(oc.Users, []string{"laurent"}) {
			t.Fatalf("after replacing the rotation: %+v", oc)
		}
		if err := in.Admin.DeleteSchedule(ctx, "exec-on-call"); err != nil {
			t.Fatal(err)
		}
		a := call(t, in.URL, apptest.AdminToken, "GET", "/api/v1/schedules/exec-on-call", nil)
		if a.Status != http.StatusNotFound || !slices.Contains(a.problem(t).locations(), "path.name") {
			t.Fatalf("deleted schedule: %d %s", a.Status, a.Body)
		}
	})
}

// Bad input gets a 4xx problem+json naming the field where it came from.
func TestBadScheduleInputNamesTheField(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in, _ := rotation(t, d)
		in.User(t, "vera", "viewer")
		responder, viewer := token(t, in, "laura"), token(t, in, "vera")
		layer := `{"members":["laura","mallory"],"start":"2026-03-23T09:00","shift_kind":"weekly","shift_length":1}`
		cases := []struct {
			who, method, path, body string
			status                  int
			location                string
		}{
			{apptest.AdminToken, "POST", "/api/v1/schedules", `{"name":"major-incident","time_zone":"Mars/Olympus_Mons"}`, 422, "body.time_zone"},
			{apptest.AdminToken, "POST", "/api/v1/schedules", `{"name":"exec-on-call","time_zone":"UTC"}`, 422, "body.layers"},
			{apptest.AdminToken, "POST", "/api/v1/schedules", `{"name":"exec-on-call","time_zone":"UTC","layers":[` + layer + `]}`, 422, "body.layers[0].members[1]"},
			{apptest.AdminToken, "POST", "/api/v1/schedules", `{"name":"Exec On Call","time_zone":"UTC"}`, 422, "body.name"},
			{apptest.AdminToken, "POST", "/api/v1/schedules", `{"name":"major-incident","time_zone":"UTC","layers":[{"members":["laura"],"start":"2026-03-23T09:00","shift_kind":"weekly","shift_length":1}]}`, 409, "body.name"},
			{apptest.AdminToken, "PUT", "/api/v1/schedules/exec-on-call", `{"time_zone":"UTC"}`, 422, "body.layers"},
			{apptest.AdminToken, "PUT", "/api/v1/schedules/exec-on-call", `{"time_zone":"UTC","layers":[{"members":["laura"],"start":"2026-03-23T09:00","shift_kind":"weekly","shift_length":1}]}`, 404, "path.name"},
			{apptest.AdminToken, "GET", "/api/v1/schedules/major-incident/oncall?at=yesterday", "", 422, "query.at"},
			{apptest.AdminToken, "GET", "/api/v1/schedules/major-incident/shifts?from=2026-03-24T00:00:00Z&to=2026-03-23T00:00:00Z", "", 422, "query.to"},
			{responder, "POST", "/api/v1/schedules/major-incident/overrides", `{"replaces":"laurent"}`, 422, "body.end"},
			{responder, "POST", "/api/v1/schedules/major-incident/overrides", `{"replaces":"sam","end":"2026-03-24T00:00:00Z"}`, 422, "body.replaces"},
			{responder, "POST", "/api/v1/schedules/exec-on-call/overrides", `{"end":"2026-03-24T00:00:00Z"}`, 404, "path.name"},
			{responder, "DELETE", "/api/v1/schedules/major-incident/overrides/99", "", 404, "path.id"},
			{responder, "POST", "/api/v1/schedules", `{"name":"exec-on-call","time_zone":"UTC"}`, 403, ""},
			{viewer, "POST", "/api/v1/schedules/major-incident/overrides", `{"end":"2026-03-24T00:00:00Z"}`, 403, ""},
			{viewer, "POST", "/api/v1/users/laura/ical-token", "", 403, ""},
		}
		for _, c := range cases {
			var body []byte
			if c.body != "" {
				body = []byte(c.body)
			}
			a := call(t, in.URL, c.who, c.method, c.path, body)
			if a.Status != c.status {
				t.Errorf("%s %s %s: %d, want %d: %s", c.method, c.path, c.body, a.Status, c.status, a.Body)
				continue
			}
			p := a.problem(t)
			if c.location != "" && !slices.Contains(p.locations(), c.location) {
				t.Errorf("%s %s %s: locations %v, want %s: %s", c.method, c.path, c.body, p.locations(), c.location, a.Body)
			}
		}
		// An overlap names the stored override, so the caller can remove it.
		first := call(t, in.URL, responder, "POST", "/api/v1/schedules/major-incident/overrides", []byte(`{"user":"sam","replaces":"laura","end":"2026-03-23T20:00:00Z"}`))
		if first.Status != http.StatusCreated || first.Header.Get("Location") == "" {
			t.Fatalf("first override: %d %s", first.Status, first.Body)
		}
		a := call(t, in.URL, responder, "POST", "/api/v1/schedules/major-incident/overrides", []byte(`{"user":"laurent","replaces":"laura","start":"2026-03-23T12:00:00Z","end":"2026-03-23T22:00:00Z"}`))
		if p := a.problem(t); a.Status != 422 || !slices.Contains(p.locations(), "body.start") || !strings.Contains(p.Detail, "overlaps override") {
			t.Errorf("overlap: %d %s", a.Status, a.Body)
		}
	})
}
