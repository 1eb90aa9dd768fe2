package notify_test

import (
	"errors"
	"testing"
	"time"

	"sitrep/internal/clock"
	"sitrep/internal/notify"
)

func TestCircuitOpensOnAnOutageAndHealsWithOneProbe(t *testing.T) {
	clk := clock.NewManual(providerNow)
	twilio := notify.NewCircuit(3, 30*time.Second, clk.Now)
	down := errors.New("503 Service Unavailable")

	for range 2 {
		twilio.Record(true, down)
	}
	if ok, _ := twilio.Allow(); !ok || twilio.State() != notify.Closed {
		t.Fatal("two failures opened the circuit")
	}
	twilio.Record(true, down)
	ok, wait := twilio.Allow()
	if ok || wait != 30*time.Second || twilio.State() != notify.Open {
		t.Fatalf("after three failures: %v, %v, %v; want open for 30s", ok, wait, twilio.State())
	}

	clk.Advance(30 * time.Second)
	if ok, _ := twilio.Allow(); !ok || twilio.State() != notify.HalfOpen {
		t.Fatal("no probe after the cool-down")
	}
	if ok, _ := twilio.Allow(); ok {
		t.Fatal("a second probe went out while the first is in flight")
	}
	twilio.Record(true, down) // the probe failed: another cool-down
	if ok, wait := twilio.Allow(); ok || wait != 30*time.Second {
		t.Fatalf("after a failed probe: %v, %v", ok, wait)
	}

	clk.Advance(30 * time.Second)
	if ok, _ := twilio.Allow(); !ok {
		t.Fatal("no second probe")
	}
	twilio.Record(false, nil)
	if ok, _ := twilio.Allow(); !ok || twilio.State() != notify.Closed {
		t.Fatal("a good probe did not close the circuit")
	}
}

func TestCircuitLostProbeIsReplaced(t *testing.T) {
	clk := clock.NewManual(providerNow)
	c := notify.NewCircuit(1, time.Minute, clk.Now)
	c.Failure()
	clk.Advance(time.Minute)
	if ok, _ := c.Allow(); !ok {
		t.Fatal("no probe")
	}
	// The probe's process died and never reported.
	clk.Advance(time.Minute)
	if ok, _ := c.Allow(); !ok {
		t.Fatal("the lost probe blocks the provider forever")
	}
}

func TestCircuitPermanentErrorsProveTheProviderAnswers(t *testing.T) {
	c := notify.NewCircuit(2, time.Minute, clock.NewManual(providerNow).Now)
	c.Record(true, errors.New("timeout"))
	c.Record(false, errors.New("400 invalid number"))
	c.Record(true, errors.New("timeout"))
	if c.State() != notify.Closed {
		t.Fatal("failures separated by an answer opened the circuit")
	}
	if got := notify.HalfOpen.String(); got != "half-open" {
		t.Fatalf("HalfOpen.String() = %q", got)
	}
}
