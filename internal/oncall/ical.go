package oncall

import (
	"bufio"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// Calendar is an iCalendar (RFC 5545) feed of shifts, written by Encode. We
// write the few properties a feed needs ourselves rather than carry a module
// for them; the rules that matter are CRLF line ends, folding at 75 octets,
// escaped text and UTC times.
type Calendar struct {
	Name string
	// Stamp is the DTSTAMP of every event: the instant the feed was made.
	Stamp  time.Time
	Events []CalendarEvent
}

// CalendarEvent is one shift in a feed. UID stays the same for the same
// shift from one fetch to the next, so calendar apps update the event in
// place instead of showing it twice.
type CalendarEvent struct {
	UID         string
	Start, End  time.Time
	Summary     string
	Description string
}

// icalTime is the UTC "form #2" of RFC 5545 section 3.3.5. UTC times need no
// VTIMEZONE, and every calendar app shows them in its reader's own zone.
const icalTime = "20060102T150405Z"

// Encode writes c as text/calendar.
func (c Calendar) Encode(w io.Writer) error {
	b := bufio.NewWriter(w)
	line := func(name, value string) { writeFolded(b, name+":"+value) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//sitrep//on-call schedules//EN")
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	line("X-WR-CALNAME", escapeText(c.Name))
	// Calendar apps poll subscribed feeds on their own schedule, often daily;
	// an hour is a hint (RFC 7986) that hand-offs change more often than that.
	line("REFRESH-INTERVAL;VALUE=DURATION", "PT1H")
	for _, e := range c.Events {
		line("BEGIN", "VEVENT")
		line("UID", escapeText(e.UID))
		line("DTSTAMP", c.Stamp.UTC().Format(icalTime))
		line("DTSTART", e.Start.UTC().Format(icalTime))
		line("DTEND", e.End.UTC().Format(icalTime))
		line("SUMMARY", escapeText(e.Summary))
		if e.Description != "" {
			line("DESCRIPTION", escapeText(e.Description))
		}
		line("TRANSP", "TRANSPARENT")
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	return b.Flush()
}

// escapeText escapes a TEXT value (RFC 5545 section 3.3.11). Control
// characters other than tab may not appear in TEXT at all, so they are
// dropped rather than escaped.
func escapeText(s string) string {
	var b strings.Builder
	s = strings.ReplaceAll(s, "\r\n", "\n")
	for _, r := range s {
		switch {
		case r == '\\' || r == ';' || r == ',':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n' || r == '\r':
			b.WriteString(`\n`)
		case r == '\t' || r >= 0x20 && r != 0x7f:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// writeFolded writes one content line ending in CRLF, folded so that no line
// is longer than 75 octets. A fold is CRLF and a space, which counts toward
// the next line, and never splits a UTF-8 sequence.
func writeFolded(w *bufio.Writer, s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		w.WriteString(s[:cut])
		w.WriteString("\r\n ")
		s = s[cut:]
		limit = 74
	}
	w.WriteString(s)
	w.WriteString("\r\n")
}
