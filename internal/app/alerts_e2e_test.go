package app_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/config"
	"sitrep/internal/store"
)

// Prometheus sends NodeNotReady for two regions, then sends the same alerts
// again on its next evaluation: with --alert-policy set, each region's group
// pages once, and the repeat pages nobody.
func TestAlertGroupsPageTheConfiguredPolicyOnce(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d, apptest.Options{ManualEngine: true, Alerts: config.Alerts{Policy: "node-health", GroupBy: []string{"alertname", "region"}}})
		in.User(t, "laura", "responder")
		n := &oncallNight{in: in, tok: apptest.AdminToken}
		n.post(t, "/api/v1/escalation-policies", map[string]any{"name": "node-health", "steps": []map[string]any{
			{"targets": []map[string]string{{"kind": "user", "ref": "laura"}}}}})
		batch := `[{"labels":{"alertname":"NodeNotReady","region":"eu1","node":"n-1"}},
			{"labels":{"alertname":"NodeNotReady","region":"eu1","node":"n-2"}},
			{"labels":{"alertname":"NodeNotReady","region":"us1","node":"n-3"}}]`
		for range 2 {
			req, _ := http.NewRequestWithContext(context.Background(), "POST", in.URL+"/api/v2/alerts", strings.NewReader(batch))
			req.Header.Set("Authorization", "Bearer "+apptest.AdminToken)
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("POST /api/v2/alerts: %d", resp.StatusCode)
			}
		}
		pages, err := in.Admin.Pages(context.Background(), client.PageFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(pages.Pages) != 2 {
			t.Fatalf("%d pages after two evaluations of alerts in eu1 and us1; want one per region", len(pages.Pages))
		}
		for _, p := range pages.Pages {
			if p.Source != "alert" || p.Policy != "node-health" {
				t.Fatalf("page %+v; want source alert through node-health", p)
			}
		}
	})
}
