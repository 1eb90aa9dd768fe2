package notify_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"sitrep/internal/notify"
)

func TestBackoffStaysUnderTheCappedCeiling(t *testing.T) {
	base, limit := time.Second, 5*time.Minute
	rnd := rand.New(rand.NewPCG(1, 2))
	for attempt := -1; attempt <= 200; attempt++ {
		ceiling := limit
		if a := max(attempt, 1); a <= 10 {
			ceiling = min(limit, base<<(a-1))
		}
		for range 50 {
			d := notify.Backoff(attempt, base, limit, rnd)
			if d < 0 || d > ceiling {
				t.Fatalf("Backoff(%d) = %v, outside [0, %v]", attempt, d, ceiling)
			}
		}
	}
}

func TestBackoffIsReproducibleWithASeed(t *testing.T) {
	a, b := rand.New(rand.NewPCG(7, 7)), rand.New(rand.NewPCG(7, 7))
	for attempt := 1; attempt < 20; attempt++ {
		if x, y := notify.Backoff(attempt, time.Second, time.Hour, a), notify.Backoff(attempt, time.Second, time.Hour, b); x != y {
			t.Fatalf("attempt %d: %v != %v with the same seed", attempt, x, y)
		}
	}
}

// TestBackoffSpreadsAStorm models a provider that failed 1,000 messages at
// once: their third retries must not land together.
func TestBackoffSpreadsAStorm(t *testing.T) {
	rnd := rand.New(rand.NewPCG(42, 0))
	seconds := map[time.Duration]int{}
	for range 1000 {
		seconds[notify.Backoff(4, time.Second, time.Minute, rnd).Truncate(time.Second)]++
	}
	// The window is [0, 8s]: every one of its eight seconds gets some, and
	// none gets a crowd.
	for s := range 8 {
		if seconds[time.Duration(s)*time.Second] == 0 {
			t.Fatalf("no retry in second %d of the window: %v", s, seconds)
		}
	}
	for s, n := range seconds {
		if n > 250 {
			t.Fatalf("%d retries in the slot at %v", n, s)
		}
	}
}

func TestBackoffEdges(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 1))
	if d := notify.Backoff(3, 0, time.Minute, rnd); d != 0 {
		t.Fatalf("zero base gave %v", d)
	}
	if d := notify.Backoff(5, time.Minute, time.Second, rnd); d > time.Minute {
		t.Fatalf("max below base should act as base: %v", d)
	}
	if d := notify.Backoff(1<<30, time.Hour, 1<<62, rnd); d < 0 {
		t.Fatalf("overflow: %v", d)
	}
	if d := notify.Backoff(2, time.Second, time.Minute, nil); d < 0 || d > 2*time.Second {
		t.Fatalf("shared source gave %v", d)
	}
}
