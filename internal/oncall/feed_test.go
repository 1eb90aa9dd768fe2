package oncall_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"sitrep/internal/app/apptest"
	"sitrep/internal/oncall"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// feed encodes cal and reads it back as a calendar app would.
func feed(t *testing.T, cal oncall.Calendar) []vevent {
	t.Helper()
	var b bytes.Buffer
	if err := cal.Encode(&b); err != nil {
		t.Fatal(err)
	}
	_, evs := parseICal(t, b.String())
	return evs
}

// The major-incident feed has one event per shift with someone on call,
// exactly the shifts the schedule computes, and the same UIDs on every fetch.
func TestScheduleFeedMatchesShifts(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		w.majorIncident(t)
		noon := at(t, "Europe/Berlin", "2026-03-24T12:00")
		w.clk.Set(noon)
		if _, err := w.sched.AddOverride(ctx, w.sam, "major-incident", oncall.NewOverride{Replaces: "laura", End: noon.Add(8 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
		token, err := w.sched.CreateFeedToken(ctx, w.laura, "major-incident")
		if err != nil || !oncall.ValidFeedToken(token) {
			t.Fatalf("token %q: %v", token, err)
		}
		cal, err := w.sched.ScheduleFeed(ctx, "major-incident", token)
		if err != nil {
			t.Fatal(err)
		}
		from, to := oncall.FeedWindow(noon)
		shifts, err := w.sched.Shifts(ctx, "major-incident", from, to)
		if err != nil {
			t.Fatal(err)
		}
		evs := feed(t, cal)
		var want []oncall.Shift
		for _, sh := range shifts {
			if len(sh.OnCall) > 0 {
				want = append(want, sh)
			}
		}
		if len(evs) != len(want) || len(evs) < 10 {
			t.Fatalf("%d events for %d shifts with someone on call", len(evs), len(want))
		}
		uids := map[string]bool{}
		for i, e := range evs {
			sh := want[i]
			if !e.start.Equal(sh.Start) || !e.end.Equal(sh.End) || !strings.HasPrefix(e.summary, strings.Join(sh.OnCall, ", ")+" on call") {
				t.Errorf("event %d: %s-%s %q, shift %s-%s %v", i, e.start, e.end, e.summary, sh.Start, sh.End, sh.OnCall)
			}
			if uids[e.uid] {
				t.Errorf("UID %s twice", e.uid)
			}
			uids[e.uid] = true
		}
		if evs[1].summary != "sam on call (major-incident)" || !evs[1].start.Equal(noon) {
			t.Errorf("sam's override is not the second event: %+v", evs[1])
		}

		w.clk.Set(noon.Add(3 * time.Hour))
		again, err := w.sched.ScheduleFeed(ctx, "major-incident", token)
		if err != nil {
			t.Fatal(err)
		}
		for i, e := range feed(t, again) {
			if e.uid != evs[i].uid {
				t.Errorf("event %d changed UID between fetches: %s, then %s", i, evs[i].uid, e.uid)
			}
		}
	})
}

// A wrong, replaced or malformed token, or another schedule's, finds no feed.
func TestFeedTokensAreSecrets(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		w.majorIncident(t)
		if _, err := w.sched.CreateSchedule(ctx, w.admin, oncall.Spec{Name: "exec-on-call", TimeZone: "America/New_York", Layers: []oncall.Layer{weekly(t, "sam")}}); err != nil {
			t.Fatal(err)
		}
		old, err := w.sched.CreateFeedToken(ctx, w.laura, "major-incident")
		if err != nil {
			t.Fatal(err)
		}
		token, err := w.sched.CreateFeedToken(ctx, w.laura, "major-incident")
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct{ name, token string }{
			{"major-incident", old}, {"exec-on-call", token}, {"major-incident", ""},
			{"major-incident", strings.ToUpper(token)}, {"major-incident", token + "a"}, {"nope", token},
		} {
			w.refused(t, problem.NotFound, "", func() error { _, err := w.sched.ScheduleFeed(ctx, c.name, c.token); return err })
		}
		if _, err := w.sched.ScheduleFeed(ctx, "major-incident", token); err != nil {
			t.Fatalf("current token: %v", err)
		}
		w.refused(t, problem.Forbidden, "", func() error { _, err := w.sched.CreateFeedToken(ctx, w.vera, "major-incident"); return err })
		w.refused(t, problem.NotFound, "name", func() error { _, err := w.sched.CreateFeedToken(ctx, w.laura, "nope"); return err })
	})
}

// Laura's own feed shows her shifts on every schedule, without the evening
// sam took from her.
func TestUserFeedFollowsOneVersionOfLaura(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		w.majorIncident(t)
		if _, err := w.sched.CreateSchedule(ctx, w.admin, oncall.Spec{Name: "exec-on-call", TimeZone: "America/New_York", Layers: []oncall.Layer{weekly(t, "sam", "laura")}}); err != nil {
			t.Fatal(err)
		}
		noon := at(t, "Europe/Berlin", "2026-03-24T12:00")
		w.clk.Set(noon)
		if _, err := w.sched.AddOverride(ctx, w.sam, "major-incident", oncall.NewOverride{Replaces: "laura", End: noon.Add(8 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
		w.refused(t, problem.Forbidden, "", func() error { _, err := w.sched.CreateUserFeedToken(ctx, w.sam, "laura"); return err })
		w.refused(t, problem.NotFound, "handle", func() error { _, err := w.sched.CreateUserFeedToken(ctx, w.admin, "mallory"); return err })
		token, err := w.sched.CreateUserFeedToken(ctx, w.laura, "laura")
		if err != nil {
			t.Fatal(err)
		}
		w.refused(t, problem.NotFound, "", func() error { _, err := w.sched.UserFeed(ctx, "sam", token); return err })
		cal, err := w.sched.UserFeed(ctx, "laura", token)
		if err != nil {
			t.Fatal(err)
		}
		evs := feed(t, cal)
		from, to := oncall.FeedWindow(noon)
		var want []oncall.Shift
		for _, name := range []string{"major-incident", "exec-on-call"} {
			shifts, err := w.sched.Shifts(ctx, name, from, to)
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, oncall.ForUser(shifts, "laura")...)
		}
		if len(evs) != len(want) {
			t.Fatalf("%d events, want %d", len(evs), len(want))
		}
		for i, e := range evs {
			if i > 0 && e.start.Before(evs[i-1].start) {
				t.Errorf("events out of order at %d", i)
			}
			if e.start.Before(noon.Add(8*time.Hour)) && e.end.After(noon) && e.summary == "On call: major-incident" {
				t.Errorf("laura's feed still has the evening sam took: %+v", e)
			}
		}
		if evs[0].summary != "On call: major-incident" || !evs[0].end.Equal(noon) {
			t.Errorf("first event %+v, want laura's major-incident shift cut at noon", evs[0])
		}
	})
}
