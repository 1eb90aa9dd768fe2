package brief

import (
	"strconv"
	"strings"
	"time"

	"sitrep/internal/problem"
)

// Bounds of a brief link's life. A week covers most incidents and their
// follow-up; a month is the most anyone should need from a link that works
// without an account.
const (
	DefaultExpiry = 7 * 24 * time.Hour
	MinExpiry     = time.Minute
	MaxExpiry     = 30 * 24 * time.Hour
)

// ParseExpiry reads how long a link should work: "" for the default, a number
// of days such as "14d", or a Go duration such as "36h" or "90m".
func ParseExpiry(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return DefaultExpiry, nil
	}
	var d time.Duration
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 || n > 365 {
			return 0, problem.Invalidf("expires_in", "%q is not a number of days; use for example 7d, 36h or 90m", s)
		}
		d = time.Duration(n) * 24 * time.Hour
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return 0, problem.Invalidf("expires_in", "%q is not a duration; use for example 7d, 36h or 90m", s)
		}
	}
	if d < MinExpiry || d > MaxExpiry {
		return 0, problem.Invalidf("expires_in", "%q is out of range: a link works for 1 minute to 30 days", s)
	}
	return d, nil
}
