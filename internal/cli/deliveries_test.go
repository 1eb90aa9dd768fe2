package cli

import (
	"testing"
	"time"
)

func TestShortDuration(t *testing.T) {
	for in, want := range map[time.Duration]string{
		45 * time.Second:              "45s",
		2 * time.Minute:               "2m",
		10 * time.Minute:              "10m",
		90 * time.Second:              "1m30s",
		time.Hour:                     "1h",
		90 * time.Minute:              "1h30m",
		time.Hour + 5*time.Second:     "1h0m5s",
		10*time.Hour + 10*time.Minute: "10h10m",
	} {
		if got := shortDuration(in); got != want {
			t.Errorf("shortDuration(%v) = %q, want %q", in, got, want)
		}
	}
}
