package httpapi_test

import (
	"context"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/oncall"
	"sitrep/internal/store"
)

// calEvent is what a calendar app takes from one VEVENT.
type calEvent struct {
	uid, summary string
	start, end   time.Time
}

// readCalendar checks the RFC 5545 line rules (CRLF, folded at 75 octets),
// unfolds, and collects the events.
func readCalendar(t testing.TB, body string) []calEvent {
	t.Helper()
	if !strings.HasPrefix(body, "BEGIN:VCALENDAR\r\n") || !strings.HasSuffix(body, "END:VCALENDAR\r\n") {
		t.Fatalf("not a VCALENDAR with CRLF lines:\n%s", body)
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n") {
		if len(l) > 75 || strings.ContainsAny(l, "\r\n") {
			t.Fatalf("bad content line %q", l)
		}
		if strings.HasPrefix(l, " ") {
			lines[len(lines)-1] += l[1:]
		} else {
			lines = append(lines, l)
		}
	}
	var evs []calEvent
	for _, l := range lines {
		key, value, _ := strings.Cut(l, ":")
		n := len(evs) - 1
		switch key {
		case "BEGIN":
			if value == "VEVENT" {
				evs = append(evs, calEvent{})
			}
		case "UID":
			evs[n].uid = value
		case "SUMMARY":
			evs[n].summary = strings.NewReplacer(`\,`, ",", `\;`, ";", `\\`, `\`).Replace(value)
		case "DTSTART", "DTEND":
			v, err := time.Parse("20060102T150405Z", value)
			if err != nil {
				t.Fatalf("%s: %v", l, err)
			}
			if key == "DTSTART" {
				evs[n].start = v
			} else {
				evs[n].end = v
			}
		}
	}
	return evs
}

// A calendar app with only the feed URL reads the major-incident rota, no
// bearer token needed; its events are the schedule's shifts. A wrong,
// missing or replaced token, or another schedule's, is a plain 404.
func TestScheduleFeedNeedsOnlyItsToken(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in, people := rotation(t, d)
		ctx := context.Background()
		must(in.Admin.CreateSchedule(ctx, client.ScheduleSpec{Name: "exec-on-call", TimeZone: "America/New_York",
			Layers: []client.Layer{{Members: []string{"sam"}, Start: "2026-03-23T09:00", ShiftKind: "daily", ShiftLength: 1}}}))(t)
		noon := berlin(t, "2026-03-24T12:00")
		in.Clock.Set(noon)
		must(people["sam"].AddOverride(ctx, "major-incident", client.Override{Replaces: "laura", End: noon.Add(8 * time.Hour)}))(t)
		old := must(people["laura"].ScheduleFeed(ctx, "major-incident"))(t)
		f := must(people["laura"].ScheduleFeed(ctx, "major-incident"))(t)
		u, err := url.Parse(f.URL)
		if err != nil || u.Scheme+"://"+u.Host != in.URL || u.Path != "/ical/schedules/major-incident.ics" || u.Query().Get("token") != f.Token {
			t.Fatalf("feed URL %q: %v", f.URL, err)
		}
		a := call(t, in.URL, "", "GET", u.RequestURI(), nil)
		if mt, _, _ := mime.ParseMediaType(a.Header.Get("Content-Type")); a.Status != http.StatusOK || mt != "text/calendar" {
			t.Fatalf("feed without a bearer token: %d %q: %s", a.Status, a.Header.Get("Content-Type"), a.Body)
		}
		from, to := oncall.FeedWindow(noon)
		shifts := must(people["laura"].Shifts(ctx, "major-incident", from, to, ""))(t)
		evs := readCalendar(t, string(a.Body))
		if len(evs) != len(shifts.Shifts)-1 { // the week before the rotation began has nobody on call
			t.Fatalf("%d events for %d shifts", len(evs), len(shifts.Shifts))
		}
		for i, e := range evs {
			sh := shifts.Shifts[i+1]
			if !e.start.Equal(sh.Start) || !e.end.Equal(sh.End) || e.summary != strings.Join(sh.OnCall, ", ")+" on call (major-incident)" || e.uid == "" {
				t.Errorf("event %d %+v, shift %+v", i, e, sh)
			}
		}

		for _, path := range []string{
			"/ical/schedules/major-incident.ics?token=" + old.Token,
			"/ical/schedules/major-incident.ics?token=" + strings.Replace(f.Token, "a", "b", 1),
			"/ical/schedules/major-incident.ics",
			"/ical/schedules/major-incident.ics?token=" + f.Token + "&token=" + f.Token,
			"/ical/schedules/major-incident?token=" + f.Token,
			"/ical/schedules/exec-on-call.ics?token=" + f.Token,
			"/ical/schedules/nope.ics?token=" + f.Token,
			"/ical/users/laura.ics?token=" + f.Token,
		} {
			for _, tok := range []string{"", apptest.AdminToken} {
				a := call(t, in.URL, tok, "GET", path, nil)
				if a.Status != http.StatusNotFound || !strings.Contains(string(a.Body), "no such calendar feed") {
					t.Errorf("GET %s: %d, want 404: %s", path, a.Status, a.Body)
				}
			}
		}
		// Only clean paths are public: this must not reach the metrics unsigned.
		if a := call(t, in.URL, "", "GET", "/ical/../metrics", nil); a.Status == http.StatusOK {
			t.Errorf("GET /ical/../metrics without a token: 200")
		}
	})
}

// Laura subscribes to her own shifts; sam may not make her feed, an admin may.
func TestUserFeedNeedsOnlyItsToken(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in, people := rotation(t, d)
		ctx := context.Background()
		noon := berlin(t, "2026-03-24T12:00")
		in.Clock.Set(noon)
		if _, err := people["sam"].UserFeed(ctx, "laura"); err == nil {
			t.Fatalf("sam made laura's feed")
		}
		must(in.Admin.UserFeed(ctx, "laura"))(t)
		f := must(people["laura"].UserFeed(ctx, "laura"))(t)
		u, err := url.Parse(f.URL)
		if err != nil {
			t.Fatal(err)
		}
		a := call(t, in.URL, "", "GET", u.RequestURI(), nil)
		if a.Status != http.StatusOK {
			t.Fatalf("feed: %d %s", a.Status, a.Body)
		}
		from, to := oncall.FeedWindow(noon)
		mine := must(people["laura"].Shifts(ctx, "major-incident", from, to, "laura"))(t)
		evs := readCalendar(t, string(a.Body))
		if len(evs) != len(mine.Shifts) || len(evs) == 0 {
			t.Fatalf("%d events, %d shifts of laura", len(evs), len(mine.Shifts))
		}
		for i, e := range evs {
			if !e.start.Equal(mine.Shifts[i].Start) || !e.end.Equal(mine.Shifts[i].End) || e.summary != "On call: major-incident" {
				t.Errorf("event %d %+v, shift %+v", i, e, mine.Shifts[i])
			}
		}
		if a := call(t, in.URL, "", "GET", "/ical/users/sam.ics?token="+f.Token, nil); a.Status != http.StatusNotFound {
			t.Errorf("laura's token opened sam's feed: %d", a.Status)
		}
	})
}
