package cli

import (
	"fmt"
	"strings"
	"time"
)

const whenHelp = "RFC 3339 (2026-03-23T09:00:00+01:00), a wall-clock time on this machine (2026-03-23T09:00), now, or a duration from now (+8h, -30m)"

// parseWhen reads a time given on the command line; "" gives the zero time,
// which the server reads as "now". Relative times count from this machine's
// clock, which is what the person typing "+8h" means.
func parseWhen(flag, s string, now time.Time) (time.Time, error) {
	switch {
	case s == "":
		return time.Time{}, nil
	case s == "now":
		return now, nil
	case strings.HasPrefix(s, "+") || strings.HasPrefix(s, "-"):
		d, err := time.ParseDuration(s)
		if err != nil {
			break
		}
		return now.Add(d), nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation("2006-01-02T15:04", s, time.Local); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("--%s %q: give %s", flag, s, whenHelp)
}
