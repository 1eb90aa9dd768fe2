package cli_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

// An admin registers checkout, routes eu alerts to it with a SEV-2 declare,
// and reads what the alerts did: the group belongs to checkout and pages its
// policy. A service a route names cannot be removed until the route goes.
func TestServicesRoutesAndAlertsFromTheTerminal(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		in.User(t, "laura", "responder")
		admin(t, in, "policy", "add", "checkout-oncall", "--step", "delay=0;targets=user:laura")
		out := admin(t, in, "services", "add", "checkout", "--tier", "1", "--team", "payments", "--policy", "checkout-oncall")
		wantContains(t, "services add", out, "Added service checkout (tier 1), paging checkout-oncall")
		wantContains(t, "services", admin(t, in, "services"), "checkout", "payments")
		wantContains(t, "services show", admin(t, in, "services", "show", "checkout"), "Tier:    1")

		out = admin(t, in, "routes", "add", "--match", "region=~eu.*", "--match", "alertname!=Watchdog", "--match", "!team",
			"--service", "checkout", "--group-by", "region", "--declare", "SEV-2")
		wantContains(t, "routes add", out, "Added route 1 at position 1: region=~eu.* alertname!=Watchdog !team")
		wantContains(t, "routes", admin(t, in, "routes"), "checkout", "SEV-2", "region=~eu.*")
		if r := sitrep(t, in, apptest.AdminToken, "routes", "add", "--match", "=x"); r.code == 0 {
			t.Error("took a matcher without a label")
		}

		req, _ := http.NewRequestWithContext(context.Background(), "POST", in.URL+"/api/v2/alerts",
			strings.NewReader(`[{"labels":{"alertname":"NodeNotReady","region":"eu1","node":"n1"}}]`))
		req.Header.Set("Authorization", "Bearer "+apptest.AdminToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		wantContains(t, "alerts", admin(t, in, "alerts", "--status", "firing"), "firing", "alertname=NodeNotReady node=n1 region=eu1")
		wantContains(t, "alerts groups", admin(t, in, "alerts", "groups"), "open", "checkout", "checkout-oncall", "region=eu1")

		if r := sitrep(t, in, apptest.AdminToken, "services", "remove", "checkout"); r.code == 0 || !strings.Contains(r.stderr, "route 1") {
			t.Errorf("removed a service a route names: exit %d %s", r.code, r.stderr)
		}
		admin(t, in, "routes", "remove", "1")
		wantContains(t, "services remove", admin(t, in, "services", "remove", "checkout"), "Removed service checkout")
	})
}
