package oncall

import "time"

// Day is a weekday as written in schedules: "mon" to "sun".
type Day string

// The days of the week.
const (
	Sunday    Day = "sun"
	Monday    Day = "mon"
	Tuesday   Day = "tue"
	Wednesday Day = "wed"
	Thursday  Day = "thu"
	Friday    Day = "fri"
	Saturday  Day = "sat"
)

// Weekdays and Weekend save spelling out the usual windows.
var (
	Weekdays = []Day{Monday, Tuesday, Wednesday, Thursday, Friday}
	Weekend  = []Day{Saturday, Sunday}
)

// weekday returns d as a time.Weekday, or -1 if d is not a day.
func (d Day) weekday() time.Weekday {
	for w, name := range [7]Day{Sunday, Monday, Tuesday, Wednesday, Thursday, Friday, Saturday} {
		if d == name {
			return time.Weekday(w)
		}
	}
	return -1
}

// Window is a stretch of wall-clock time in the schedule's zone during which a
// layer covers, such as weekdays from 09:00 to 17:00. Days lists the days on
// which the window opens. An empty list means every day. When End is at or
// before Start, the window runs past midnight into the next day, so a night
// shift is Start 22:00, End 06:00. Start equal to End covers the whole day.
type Window struct {
	Days  []Day     `json:"days,omitempty"`
	Start TimeOfDay `json:"start"`
	End   TimeOfDay `json:"end"`
}

// window is a Window with its days as a lookup table.
type window struct {
	days       [7]bool
	start, end TimeOfDay
}

// windows is a layer's restrictions in one zone. With none, the layer covers
// all the time.
type windows struct {
	list []window
	loc  *time.Location
}

func newWindows(ws []Window, loc *time.Location) windows {
	out := windows{loc: loc}
	for _, w := range ws {
		c := window{start: w.Start, end: w.End}
		for _, d := range w.Days {
			if wd := d.weekday(); wd >= 0 {
				c.days[wd] = true
			}
		}
		if len(w.Days) == 0 {
			c.days = [7]bool{true, true, true, true, true, true, true}
		}
		out.list = append(out.list, c)
	}
	return out
}

// on returns the instants the window covers when it opens on date, which is a
// UTC time whose fields name a calendar day. An empty window, such as 02:30 to
// 03:00 on the night that hour is skipped, reports false.
func (w window) on(date time.Time, loc *time.Location) (begin, end time.Time, ok bool) {
	if !w.days[date.Weekday()] {
		return time.Time{}, time.Time{}, false
	}
	y, m, d := date.Date()
	begin = resolve(time.Date(y, m, d, 0, int(w.start), 0, 0, time.UTC), loc)
	endDay := d
	if w.end <= w.start {
		endDay++
	}
	end = resolve(time.Date(y, m, endDay, 0, int(w.end), 0, 0, time.UTC), loc)
	return begin, end, begin.Before(end)
}

// contain reports whether t falls inside any window.
//
// A window that opens on day D covers wall-clock times on D and D+1. When the
// clocks go back across midnight, as in Santiago, or skip a whole day, as in
// Samoa in 2011, the wall clock at t can read a day before D or two days
// after. So we look at windows that open from two days before t's local date
// to the day after. edges scans at least as widely, which keeps Shifts and
// OnCallAt in agreement.
func (ws windows) contain(t time.Time) bool {
	if len(ws.list) == 0 {
		return true
	}
	y, m, d := t.In(ws.loc).Date()
	for k := -2; k <= 1; k++ {
		date := time.Date(y, m, d+k, 0, 0, 0, 0, time.UTC)
		for _, w := range ws.list {
			if b, e, ok := w.on(date, ws.loc); ok && !t.Before(b) && t.Before(e) {
				return true
			}
		}
	}
	return false
}

// edges calls add with every window's opening and closing instants that could
// fall between from and to.
func (ws windows) edges(from, to time.Time, add func(time.Time)) {
	if len(ws.list) == 0 {
		return
	}
	y, m, d := from.In(ws.loc).Date()
	last := to.In(ws.loc)
	stop := time.Date(last.Year(), last.Month(), last.Day()+3, 0, 0, 0, 0, time.UTC)
	for date := time.Date(y, m, d-3, 0, 0, 0, 0, time.UTC); date.Before(stop); date = date.AddDate(0, 0, 1) {
		for _, w := range ws.list {
			if b, e, ok := w.on(date, ws.loc); ok {
				add(b)
				add(e)
			}
		}
	}
}
