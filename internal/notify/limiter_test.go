package notify_test

import (
	"fmt"
	"testing"
	"time"

	"sitrep/internal/clock"
	"sitrep/internal/notify"
)

func TestLimiterDrainsABacklogAtTheRate(t *testing.T) {
	clk := clock.NewManual(providerNow)
	lim := notify.NewLimiter(time.Minute, 2, clk.Now)

	// Maria is paged three times in a burst: two go, the third waits a minute.
	for i := range 2 {
		if ok, _ := lim.Allow("contact:maria-sms"); !ok {
			t.Fatalf("message %d refused inside the burst", i+1)
		}
	}
	ok, wait := lim.Allow("contact:maria-sms")
	if ok || wait != time.Minute {
		t.Fatalf("third message: %v, %v; want to wait 1m", ok, wait)
	}
	// Asking again does not push the wait further out.
	if ok, again := lim.Allow("contact:maria-sms"); ok || again != wait {
		t.Fatalf("asking again: %v, %v", ok, again)
	}
	// Other contacts are not held up by Maria's backlog.
	if ok, _ := lim.Allow("contact:kenji-sms"); !ok {
		t.Fatal("Kenji waits for Maria's bucket")
	}
	clk.Advance(wait)
	if ok, _ := lim.Allow("contact:maria-sms"); !ok {
		t.Fatal("the token did not come back after the wait")
	}
}

func TestLimiterForgetsIdleKeys(t *testing.T) {
	clk := clock.NewManual(providerNow)
	lim := notify.NewLimiter(time.Second, 1, clk.Now)
	for i := range 5000 {
		lim.Allow(fmt.Sprintf("responder-%d", i))
	}
	if n := lim.Len(); n != 5000 {
		t.Fatalf("%d buckets while every key is still refilling", n)
	}
	clk.Advance(time.Minute)
	lim.Allow("new-responder")
	if n := lim.Len(); n > 1 {
		t.Fatalf("%d buckets after every key refilled, want the new one only", n)
	}
}

func TestLimiterWithoutInterval(t *testing.T) {
	lim := notify.NewLimiter(0, 1, clock.NewManual(providerNow).Now)
	for range 100 {
		if ok, _ := lim.Allow("k"); !ok {
			t.Fatal("an unlimited limiter refused")
		}
	}
}
