package statuspage

import (
	"fmt"
	"strings"
	"time"
)

// BarDays is how many days the uptime bars cover.
const BarDays = 90

// Span is one stretch of a component's status history; a zero To is "until
// now".
type Span struct {
	Status   string
	From, To time.Time
}

// Day is one bar: the worst status seen that UTC day and how long it
// lasted, and how many minutes counted as downtime.
type Day struct {
	Date         time.Time
	Worst        string // empty: the component did not exist yet
	WorstMinutes int
	DownMinutes  int
}

// Title is the bar's text alternative, such as
// "2026-11-20: partial outage 42 min".
func (d Day) Title() string {
	date := d.Date.Format("2006-01-02")
	switch d.Worst {
	case "":
		return date + ": no data"
	case CompOperational:
		return date + ": operational"
	}
	return fmt.Sprintf("%s: %s %d min", date, strings.ToLower(StatusLabel(d.Worst)), d.WorstMinutes)
}

// Bars are a component's days, oldest first, and its uptime over them.
type Bars struct {
	Days []Day
	// Uptime is the share of observed minutes not spent degraded or worse;
	// maintenance is not downtime. 1 when nothing was observed.
	Uptime float64
}

// UptimeText is the bars' summary for screen readers, such as
// "99.93% uptime over 90 days".
func (b Bars) UptimeText() string {
	return fmt.Sprintf("%s uptime over %d days", b.Percent(), len(b.Days))
}

// Percent is Uptime as "99.93%". It rounds down, so that any downtime
// shows as less than 100%.
func (b Bars) Percent() string {
	p := float64(int64(b.Uptime*10000)) / 100
	return fmt.Sprintf("%.2f%%", p)
}

// ComputeBars folds spans (ordered by From) and maintenance windows into
// days bars ending with the day of now. Work is proportional to spans times
// the days each covers, so it is bounded by the history the caller reads.
func ComputeBars(spans []Span, maintenance []Span, now time.Time, days int) Bars {
	now = now.UTC()
	first := now.Truncate(24*time.Hour).AddDate(0, 0, -(days - 1))
	out := Bars{Days: make([]Day, days)}
	for i := range out.Days {
		out.Days[i].Date = first.AddDate(0, 0, i)
	}
	var observed, down time.Duration
	worstDur := make([]time.Duration, days)
	add := func(sp Span, countUptime bool) {
		to := sp.To
		if to.IsZero() || to.After(now) {
			to = now
		}
		from := sp.From
		if from.Before(first) {
			from = first
		}
		if !from.Before(to) {
			return
		}
		if countUptime {
			observed += to.Sub(from)
			if IsDown(sp.Status) {
				down += to.Sub(from)
			}
		}
		for i := int(from.Sub(first) / (24 * time.Hour)); i < days; i++ {
			d := &out.Days[i]
			ds, de := d.Date, d.Date.Add(24*time.Hour)
			if !ds.Before(to) {
				break
			}
			part := earliest(de, to).Sub(latest(ds, from))
			if part <= 0 {
				continue
			}
			if countUptime && IsDown(sp.Status) {
				d.DownMinutes += int(part / time.Minute)
			}
			switch r, w := componentStatuses[sp.Status], componentStatuses[d.Worst]; {
			case d.Worst == "" || r > w:
				d.Worst, worstDur[i] = sp.Status, part
			case sp.Status == d.Worst:
				worstDur[i] += part
			}
		}
	}
	for _, sp := range spans {
		add(sp, true)
	}
	for _, sp := range maintenance {
		add(Span{Status: CompMaintenance, From: sp.From, To: sp.To}, false)
	}
	for i := range out.Days {
		// To the nearest minute, but never 0 for a status that happened.
		out.Days[i].WorstMinutes = max(int(worstDur[i].Round(time.Minute)/time.Minute), 1)
	}
	out.Uptime = 1
	if observed > 0 {
		out.Uptime = 1 - float64(down)/float64(observed)
	}
	return out
}

func earliest(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func latest(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
