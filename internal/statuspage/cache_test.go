package statuspage

import (
	"errors"
	"strconv"
	"testing"
	"time"

	"sitrep/internal/clock"
)

// Someone walks /incidents/1 to /incidents/100000: the cache stays within
// its bound, and an error is never served again from it.
func TestCacheIsBoundedAndForgetsErrors(t *testing.T) {
	clk := clock.NewManual(time.Date(2026, 3, 17, 9, 0, 0, 0, time.UTC))
	c := newCache(clk, 5*time.Second, 8)
	renders := 0
	ok := func() (response, error) { renders++; return response{status: 200}, nil }
	for i := 0; i < 100; i++ {
		if _, err := c.get("/incidents/"+strconv.Itoa(i), ok); err != nil {
			t.Fatal(err)
		}
		if len(c.entries) > 8 {
			t.Fatalf("cache holds %d entries, bound is 8", len(c.entries))
		}
	}
	renders = 0
	c.get("/", ok)
	c.get("/", ok)
	if renders != 1 {
		t.Errorf("rendered / %d times within its TTL, want 1", renders)
	}
	clk.Advance(5 * time.Second)
	c.get("/", ok)
	if renders != 2 {
		t.Errorf("rendered / %d times after its TTL, want 2", renders)
	}
	boom := errors.New("database is restarting")
	if _, err := c.get("/feed.atom", func() (response, error) { return response{}, boom }); !errors.Is(err, boom) {
		t.Fatalf("error %v, want %v", err, boom)
	}
	if res, err := c.get("/feed.atom", ok); err != nil || res.status != 200 {
		t.Errorf("after an error: %+v, %v; want a fresh render", res, err)
	}
}
