package cli_test

import (
	"context"
	"strings"
	"testing"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

// The admin adds a heartbeat for the nightly backup from the terminal, the
// backup's crontab pings its URL with nothing but that URL, and an operator
// pings another one by name; the list shows both up.
func TestHeartbeatsFromTheTerminal(t *testing.T) {
	in := apptest.Start(t, store.SQLite)
	ctx := context.Background()
	if _, err := in.Admin.CreateEscalationPolicy(ctx, client.EscalationPolicy{Name: "billing-oncall", Steps: []client.EscalationStep{{Targets: []client.EscalationTarget{{Kind: "user", Ref: "admin"}}}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := in.Admin.CreateService(ctx, client.Service{Name: "billing", Tier: 1, Policy: "billing-oncall"}); err != nil {
		t.Fatal(err)
	}
	var h client.HeartbeatSecret
	decode(t, admin(t, in, "--json", "heartbeat", "add", "nightly-backup", "--interval", "24h", "--grace", "1h", "--service", "billing"), &h)
	if h.IntervalSeconds != 86400 || h.GraceSeconds != 3600 || h.Service != "billing" || h.Token == "" {
		t.Fatalf("added %+v", h)
	}
	out := admin(t, in, "heartbeat", "add", "prometheus-eu1", "--interval", "1m", "--kind", "monitoring")
	wantContains(t, "heartbeat add", out, "Added heartbeat prometheus-eu1 (monitoring, every 1m, grace 1m)", "Ping URL, shown once: ", "/hb/hb_")

	// The crontab line: sitrep heartbeat ping --url URL, and no token.
	if r := sitrep(t, in, "", "heartbeat", "ping", "--url", in.URL+"/hb/"+h.Token); r.code != 0 || strings.TrimSpace(r.stdout) != "ok" {
		t.Fatalf("ping by URL: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	wantContains(t, "ping by name", admin(t, in, "heartbeat", "ping", "prometheus-eu1"), "Pinged prometheus-eu1: up")
	list := admin(t, in, "heartbeats")
	wantContains(t, "heartbeats", list, "nightly-backup", "prometheus-eu1", "24h", "billing")
	if strings.Count(list, " up ") != 2 {
		t.Fatalf("heartbeats after a ping each:\n%s", list)
	}

	r := sitrep(t, in, "", "heartbeat", "ping", "--url", in.URL+"/hb/hb_wrong")
	if r.code == 0 || strings.Contains(r.stderr, "hb_wrong") {
		t.Fatalf("ping with a wrong URL: exit %d, stderr %q; want a failure that does not repeat the token", r.code, r.stderr)
	}
	if r := sitrep(t, in, apptest.AdminToken, "heartbeat", "ping"); r.code == 0 || !strings.Contains(r.stderr, "NAME") {
		t.Fatalf("ping with neither name nor URL: exit %d %q", r.code, r.stderr)
	}
	wantContains(t, "heartbeat remove", admin(t, in, "heartbeat", "remove", "nightly-backup"), "Removed heartbeat nightly-backup")
	if strings.Contains(admin(t, in, "heartbeats"), "nightly-backup") {
		t.Fatal("removed heartbeat still listed")
	}
}
