package config_test

import (
	"slices"
	"strings"
	"testing"
)

// Canaries come as a comma-separated list of host:port and URLs; none by
// default (the guard is off); a malformed one is refused naming the option.
func TestWatchCanaries(t *testing.T) {
	c, err := load(t, nil, nil)
	if err != nil || len(c.Watch.Canaries) != 0 {
		t.Fatalf("default canaries %v, %v; want none", c.Watch.Canaries, err)
	}
	c, err = load(t, nil, map[string]string{"SITREP_WATCH_CANARIES": " 1.1.1.1:53, https://example.com/ ,[2001:4860:4860::8888]:53"})
	if err != nil || !slices.Equal(c.Watch.Canaries, []string{"1.1.1.1:53", "https://example.com/", "[2001:4860:4860::8888]:53"}) {
		t.Fatalf("canaries %q, %v", c.Watch.Canaries, err)
	}
	for _, bad := range []string{"1.1.1.1", "https://", "example.com:"} {
		if _, err := load(t, []string{"--watch-canaries", bad}, nil); err == nil || !strings.Contains(err.Error(), "watch-canaries") {
			t.Fatalf("canary %q: %v", bad, err)
		}
	}
}
