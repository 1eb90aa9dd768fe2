package oncall_test

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"sitrep/internal/oncall"
)

// vevent is what a calendar app reads from one VEVENT.
type vevent struct {
	uid, summary, description string
	start, end                time.Time
}

// parseICal reads a feed back the way a calendar app would: it checks the
// line rules of RFC 5545 (CRLF, at most 75 octets, whole UTF-8 sequences),
// unfolds, and collects the events.
func parseICal(t testing.TB, text string) (name string, events []vevent) {
	t.Helper()
	if !strings.HasSuffix(text, "\r\n") {
		t.Fatalf("feed does not end in CRLF")
	}
	raw := strings.Split(strings.TrimSuffix(text, "\r\n"), "\r\n")
	var lines []string
	for _, l := range raw {
		if len(l) > 75 || !utf8.ValidString(l) || strings.ContainsAny(l, "\r\n") {
			t.Fatalf("bad content line %q", l)
		}
		if strings.HasPrefix(l, " ") {
			lines[len(lines)-1] += l[1:]
			continue
		}
		lines = append(lines, l)
	}
	if lines[0] != "BEGIN:VCALENDAR" || lines[len(lines)-1] != "END:VCALENDAR" {
		t.Fatalf("not a VCALENDAR: %q ... %q", lines[0], lines[len(lines)-1])
	}
	var cur *vevent
	for _, l := range lines {
		key, value, _ := strings.Cut(l, ":")
		switch key {
		case "X-WR-CALNAME":
			name = unescape(value)
		case "BEGIN":
			if value == "VEVENT" {
				cur = &vevent{}
			}
		case "END":
			if value == "VEVENT" {
				events = append(events, *cur)
				cur = nil
			}
		case "UID":
			cur.uid = value
		case "SUMMARY":
			cur.summary = unescape(value)
		case "DESCRIPTION":
			cur.description = unescape(value)
		case "DTSTART", "DTEND":
			v, err := time.Parse("20060102T150405Z", value)
			if err != nil {
				t.Fatalf("%s: %v", l, err)
			}
			if key == "DTSTART" {
				cur.start = v
			} else {
				cur.end = v
			}
		}
	}
	return name, events
}

func unescape(s string) string {
	return strings.NewReplacer(`\\`, `\`, `\;`, `;`, `\,`, `,`, `\n`, "\n", `\N`, "\n").Replace(s)
}

// Text with the characters iCalendar reserves, long lines and multi-byte
// characters survives the trip through a calendar app intact.
func TestCalendarTextRoundTrips(t *testing.T) {
	long := strings.Repeat("Überwachung; Rufbereitschaft, Köln\\Berlin ", 8)
	cal := oncall.Calendar{Name: "major-incident, EU; night", Stamp: monday, Events: []oncall.CalendarEvent{{
		UID: "a@sitrep", Start: monday, End: monday.Add(time.Hour), Summary: "laura, laurent on call (major-incident)",
		Description: long + "\nsecond line\r\nthird\x00line\x07",
	}}}
	var b bytes.Buffer
	if err := cal.Encode(&b); err != nil {
		t.Fatal(err)
	}
	name, evs := parseICal(t, b.String())
	if name != cal.Name {
		t.Errorf("calendar name %q, want %q", name, cal.Name)
	}
	want := long + "\nsecond line\nthirdline"
	if len(evs) != 1 || evs[0].description != want || evs[0].summary != cal.Events[0].Summary {
		t.Fatalf("read back %+v", evs)
	}
	if !evs[0].start.Equal(monday) || !evs[0].end.Equal(monday.Add(time.Hour)) {
		t.Errorf("times %v-%v", evs[0].start, evs[0].end)
	}
	if !strings.Contains(b.String(), "DTSTAMP:20260323T080000Z\r\n") {
		t.Errorf("no DTSTAMP in UTC:\n%s", b.String())
	}
}

// Every feed window starts at a UTC midnight a week back and reaches at least
// 60 days ahead.
func TestFeedWindow(t *testing.T) {
	now := time.Date(2026, 3, 24, 13, 37, 0, 0, time.UTC)
	from, to := oncall.FeedWindow(now)
	if want := time.Date(2026, 3, 17, 0, 0, 0, 0, time.UTC); !from.Equal(want) {
		t.Errorf("from %v, want %v", from, want)
	}
	if to.Before(now.Add(oncall.FeedAhead)) || to.After(now.Add(oncall.FeedAhead+24*time.Hour)) {
		t.Errorf("to %v is not 60 to 61 days after %v", to, now)
	}
	if f2, t2 := oncall.FeedWindow(now.Add(5 * time.Hour)); !f2.Equal(from) || !t2.Equal(to) {
		t.Errorf("the window moved within one day")
	}
}
