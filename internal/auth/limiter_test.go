package auth_test

import (
	"testing"
	"time"

	"sitrep/internal/auth"
	"sitrep/internal/clock"
)

// Someone guessing laura's password is refused after five misses for five
// minutes; vera, signing in from elsewhere, is not held up.
func TestLoginLimiterRefusesAfterRepeatedFailures(t *testing.T) {
	ck := clock.NewManual(time.Date(2026, 3, 2, 4, 0, 0, 0, time.UTC))
	l := auth.NewLoginLimiter(ck, 5, 5*time.Minute, 100)
	for i := range 5 {
		if w := l.Wait("h:laura", "ip:203.0.113.9"); w != 0 {
			t.Fatalf("attempt %d refused for %v", i+1, w)
		}
		l.Fail("h:laura", "ip:203.0.113.9")
		ck.Advance(10 * time.Second)
	}
	if w := l.Wait("h:laura"); w <= 0 || w > 5*time.Minute {
		t.Fatalf("after five misses: wait %v, want up to 5m", w)
	}
	if w := l.Wait("h:vera", "ip:198.51.100.7"); w != 0 {
		t.Fatalf("vera waits %v for laura's guesser", w)
	}
	ck.Advance(5 * time.Minute)
	if w := l.Wait("h:laura", "ip:203.0.113.9"); w != 0 {
		t.Fatalf("after the window: wait %v", w)
	}
}

// A success forgets the handle's misses; the map never outgrows its size.
func TestLoginLimiterForgetsAndStaysBounded(t *testing.T) {
	ck := clock.NewManual(time.Date(2026, 3, 2, 4, 0, 0, 0, time.UTC))
	l := auth.NewLoginLimiter(ck, 2, time.Minute, 3)
	l.Fail("h:laura")
	l.Fail("h:laura")
	l.Forget("h:laura")
	if w := l.Wait("h:laura"); w != 0 {
		t.Fatalf("after a success: wait %v", w)
	}
	l.Fail("a")
	l.Fail("a")
	ck.Advance(time.Second)
	for _, k := range []string{"b", "c", "d", "e"} {
		l.Fail(k)
		l.Fail(k)
		ck.Advance(time.Second)
	}
	// "a" was the oldest and made room; the newest keys are still refused.
	if w := l.Wait("e"); w == 0 {
		t.Fatal("newest key forgotten")
	}
	if w := l.Wait("a"); w != 0 {
		t.Fatalf("oldest key kept past the bound: %v", w)
	}
}
