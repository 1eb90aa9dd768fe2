package statuspage_test

import (
	"strings"
	"testing"
	"time"

	"sitrep/internal/statuspage"
)

func at(day, hh, mm int) time.Time { return time.Date(2026, 11, day, hh, mm, 0, 0, time.UTC) }

func TestBarsSayWhatEachDayWasLike(t *testing.T) {
	now := at(26, 12, 0)
	created := now.AddDate(0, 0, -200)
	spans := []statuspage.Span{
		{Status: statuspage.CompOperational, From: created, To: at(20, 10, 0)},
		{Status: statuspage.CompPartialOutage, From: at(20, 10, 0), To: at(20, 10, 42)},
		{Status: statuspage.CompOperational, From: at(20, 10, 42), To: at(22, 23, 30)},
		// A major outage across midnight counts on both days.
		{Status: statuspage.CompMajorOutage, From: at(22, 23, 30), To: at(23, 0, 30)},
		{Status: statuspage.CompOperational, From: at(23, 0, 30)},
	}
	maint := []statuspage.Span{{From: at(25, 2, 0), To: at(25, 4, 0)}}
	b := statuspage.ComputeBars(spans, maint, now, statuspage.BarDays)
	if len(b.Days) != statuspage.BarDays {
		t.Fatalf("%d bars, want %d", len(b.Days), statuspage.BarDays)
	}
	titles := map[string]bool{}
	for _, d := range b.Days {
		titles[d.Title()] = true
	}
	for _, want := range []string{
		"2026-11-20: partial outage 42 min",
		"2026-11-22: major outage 30 min",
		"2026-11-23: major outage 30 min",
		"2026-11-25: under maintenance 120 min",
		"2026-11-26: operational",
		"2026-11-21: operational",
	} {
		if !titles[want] {
			t.Errorf("no bar titled %q", want)
		}
	}
	// 42 + 60 minutes down out of 90 days (less the rest of today).
	observed := now.Sub(now.Truncate(24*time.Hour).AddDate(0, 0, -89)).Minutes()
	want := 1 - 102/observed
	if d := b.Uptime - want; d > 1e-9 || d < -1e-9 {
		t.Errorf("uptime %v, want %v", b.Uptime, want)
	}
	if got := b.UptimeText(); got != "99.92% uptime over 90 days" {
		t.Errorf("summary %q", got)
	}
}

func TestBarsOfANewComponentShowNoDataBeforeIt(t *testing.T) {
	now := at(26, 12, 0)
	b := statuspage.ComputeBars([]statuspage.Span{{Status: statuspage.CompOperational, From: at(25, 6, 0)}}, nil, now, 90)
	if got := b.Days[0].Title(); !strings.HasSuffix(got, ": no data") {
		t.Errorf("first bar %q, want no data", got)
	}
	if b.Days[89].Title() != "2026-11-26: operational" || b.Uptime != 1 || b.Percent() != "100.00%" {
		t.Errorf("today %q, uptime %v %s", b.Days[89].Title(), b.Uptime, b.Percent())
	}
}

func TestMaintenanceIsNotDowntime(t *testing.T) {
	now := at(26, 12, 0)
	spans := []statuspage.Span{
		{Status: statuspage.CompOperational, From: at(1, 0, 0), To: at(26, 1, 0)},
		{Status: statuspage.CompMaintenance, From: at(26, 1, 0), To: at(26, 3, 0)},
		{Status: statuspage.CompOperational, From: at(26, 3, 0)},
	}
	b := statuspage.ComputeBars(spans, nil, now, 90)
	if b.Uptime != 1 || b.Days[89].DownMinutes != 0 || b.Days[89].Worst != statuspage.CompMaintenance {
		t.Errorf("uptime %v, today %+v", b.Uptime, b.Days[89])
	}
	svg := string(statuspage.BarsSVG(b))
	if strings.Count(svg, "<rect") != 90 || !strings.Contains(svg, "<title>2026-11-26: under maintenance 120 min</title>") ||
		!strings.Contains(svg, `aria-label="100.00% uptime over 90 days"`) {
		t.Errorf("svg lacks its text alternatives:\n%s", svg)
	}
}
