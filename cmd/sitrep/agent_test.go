package main

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"sitrep/client"
	"sitrep/internal/app/apptest"
)

// Done when: a remote agent started as a second process reports results
// that the server uses. The probe runs only from eu-west, against a port
// where nothing listens; the agent's failures make the server call it down
// and raise its alert.
func TestRemoteAgentReportsResultsTheServerUses(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			var db string
			if dialect == "postgres" {
				db = apptest.PostgresSchema(t)
			}
			agentReportsDown(t, db)
		})
	}
}

func agentReportsDown(t *testing.T, db string) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	srv := serve(t, t.TempDir(), db, freeAddr(t), "--allow-private-targets", "true")
	admin := client.New(srv.url, adminToken)
	stopped := freeAddr(t) // nothing listens there
	if _, err := admin.CreateProbe(ctx, client.Probe{Name: "eu-db", Kind: "tcp", Target: stopped, IntervalSeconds: 10, TimeoutSeconds: 2,
		FailuresBeforeAlert: 1, Vantages: []string{"eu-west"}, Service: "db"}); err != nil {
		t.Fatal(err)
	}
	agent := startAgent(t, srv.url, "eu-west")
	for {
		p, err := admin.Probe(ctx, "eu-db")
		if err != nil {
			t.Fatal(err)
		}
		if p.State == "down" {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatalf("no down verdict from eu-west within 90 s (state %q)\nagent output:\n%s", p.State, agent.String())
		case <-time.After(200 * time.Millisecond):
		}
	}
	h, err := admin.ProbeResults(ctx, "eu-db", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Recent) == 0 || h.Recent[0].Vantage != "eu-west" || h.Recent[0].OK || !strings.Contains(h.Recent[0].Error, "refused") {
		t.Fatalf("results %+v; want eu-west's refused connections", h.Recent)
	}
	alerts, err := admin.Alerts(ctx, client.AlertFilter{Status: "firing"})
	if err != nil {
		t.Fatal(err)
	}
	if len(alerts.Alerts) != 1 || alerts.Alerts[0].Labels["probe"] != "eu-db" || !strings.Contains(alerts.Alerts[0].Annotations["summary"], "from eu-west") {
		t.Fatalf("firing alerts %+v; want eu-db's, failed from eu-west", alerts.Alerts)
	}
}

// startAgent runs `sitrep agent` as a second process until the test ends
// and returns its output.
func startAgent(t *testing.T, url, name string) *lockedBuffer {
	t.Helper()
	out := &lockedBuffer{}
	cmd := exec.Command(binary(t), "agent", "--server", url, "--token", adminToken, "--name", name, "--allow-private")
	cmd.Env = os.Environ()
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("agent output:\n%s", out.String())
		}
	})
	return out
}
