package brief

import (
	"testing"
	"time"
)

func TestParseExpiry(t *testing.T) {
	ok := map[string]time.Duration{"": DefaultExpiry, "7d": 7 * 24 * time.Hour, "30d": MaxExpiry, "36h": 36 * time.Hour, " 90m ": 90 * time.Minute}
	for in, want := range ok {
		if got, err := ParseExpiry(in); err != nil || got != want {
			t.Errorf("ParseExpiry(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"31d", "0d", "-1d", "10s", "forever", "d", "1e9d", "721h"} {
		if _, err := ParseExpiry(in); err == nil {
			t.Errorf("ParseExpiry(%q) accepted", in)
		}
	}
}

func FuzzParseExpiry(f *testing.F) {
	for _, s := range []string{"", "7d", "36h", "90m", "31d", "x", "-5h", "99999999999d", "1h30m"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseExpiry(s)
		if err == nil && (d < MinExpiry || d > MaxExpiry) {
			t.Fatalf("ParseExpiry(%q) = %v, outside the bounds", s, d)
		}
	})
}
