package cli_test

import (
	"context"
	"testing"
	"time"

	"sitrep/internal/app/apptest"
	"sitrep/internal/clock"
	"sitrep/internal/store"
)

// The admin adds probes of each kind from the terminal, sees them listed,
// reads one's results after it ran, and removes it.
func TestProbesFromTheTerminal(t *testing.T) {
	clk := clock.NewManual(time.Date(2025, 6, 2, 3, 0, 0, 0, time.UTC))
	in := apptest.Start(t, store.SQLite, apptest.Options{Clock: clk, ManualWatch: true, AllowPrivate: true})
	wantContains(t, "probes", admin(t, in, "probes"), "No probes yet")
	wantContains(t, "probes add", admin(t, in, "probes", "add", "api", "--http", in.URL+"/healthz", "--contains", "ok", "--interval", "30", "--service", "api"),
		"Added probe api: http "+in.URL+"/healthz every 30s from local.")
	admin(t, in, "probes", "add", "db", "--tcp", "192.0.2.1:5432", "--vantage", "local", "--vantage", "eu-west", "--min-failing", "2")
	admin(t, in, "probes", "add", "www", "--dns", "www.example.com", "--dns-type", "AAAA", "--expect", "2001:db8::1")
	wantContains(t, "probes list", admin(t, in, "probes", "list"), "api", "db", "www", "eu-west,local", "tcp", "dns", "unknown")
	if r := sitrep(t, in, apptest.AdminToken, "probes", "add", "both", "--http", "https://example.com", "--tcp", "example.com:80"); r.code == 0 {
		t.Fatal("a probe with two targets was added")
	}
	if r := sitrep(t, in, apptest.AdminToken, "probes", "add", "meta", "--http", "http://169.254.169.254/"); r.code == 0 {
		t.Fatal("a probe of the metadata service was added")
	} else {
		wantContains(t, "refusal", r.stderr, "target")
	}
	clk.Advance(30 * time.Second)
	if _, err := in.App.Watch.Tick(context.Background()); err != nil {
		t.Fatal(err)
	}
	wantContains(t, "probes show", admin(t, in, "probes", "show", "api"), "api: http", "Uptime: 100.00% (24h)", "local: up", "AT", "true")
	admin(t, in, "probes", "remove", "db")
	if r := sitrep(t, in, apptest.AdminToken, "probes", "show", "db"); r.code == 0 {
		t.Fatal("a removed probe is still shown")
	}
}

// `sitrep agent --help` works without a server or token.
func TestAgentHelp(t *testing.T) {
	in := apptest.Start(t, store.SQLite)
	wantContains(t, "agent --help", must(t, in, "", "agent", "--help"), "--server", "--name", "responder role")
	if r := sitrep(t, in, apptest.AdminToken, "agent", "--server", in.URL); r.code == 0 {
		t.Fatal("an agent without --name started")
	}
}
