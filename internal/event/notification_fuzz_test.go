package event_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"sitrep/internal/event"
)

// NOTIFY payloads arrive from the database, which any client with access can
// write to with pg_notify; a bad payload must be ignored, never trusted or
// crash the listener.
func FuzzParseNotification(f *testing.F) {
	for _, s := range []string{"1:1", "42:20000", "0:1", "1:0", "-1:5", "7:-3", "1:2:3", ":", "", "abc", "9223372036854775807:1",
		"9223372036854775808:1", " 1:1", "1 :1", "+1:+1", "0x10:1", "1:1\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, payload string) {
		incident, seq, ok := event.ParseNotification(payload)
		if !ok {
			if incident != 0 || seq != 0 {
				t.Fatalf("refused %q but returned %d:%d", payload, incident, seq)
			}
			return
		}
		if incident <= 0 || seq <= 0 {
			t.Fatalf("accepted %q as %d:%d; both must be positive", payload, incident, seq)
		}
		// What is accepted is exactly what Append sends, give or take the
		// forms strconv reads (a leading + or zeros).
		a, b, _ := strings.Cut(payload, ":")
		if x, _ := strconv.ParseInt(a, 10, 64); x != incident {
			t.Fatalf("%q: incident %d", payload, incident)
		}
		if y, _ := strconv.ParseInt(b, 10, 64); y != seq {
			t.Fatalf("%q: seq %d", payload, seq)
		}
		if i2, s2, ok := event.ParseNotification(fmt.Sprintf("%d:%d", incident, seq)); !ok || i2 != incident || s2 != seq {
			t.Fatalf("%d:%d does not round-trip", incident, seq)
		}
	})
}

func TestParseNotificationTable(t *testing.T) {
	cases := []struct {
		in       string
		inc, seq int64
		ok       bool
	}{
		{"42:7", 42, 7, true},
		{"1:1", 1, 1, true},
		{"0:1", 0, 0, false},
		{"1:0", 0, 0, false},
		{"1:2:3", 0, 0, false},
		{"eu1:3", 0, 0, false},
		{"", 0, 0, false},
	}
	for _, c := range cases {
		inc, seq, ok := event.ParseNotification(c.in)
		if inc != c.inc || seq != c.seq || ok != c.ok {
			t.Errorf("ParseNotification(%q) = %d, %d, %v; want %d, %d, %v", c.in, inc, seq, ok, c.inc, c.seq, c.ok)
		}
	}
}
