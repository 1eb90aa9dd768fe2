package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
	"sitrep/internal/watch"
)

// checkAfter moves the clock in steps of 30 s for d, running the heartbeat
// check and the paging engine after each step, as they run in production.
func (n *oncallNight) checkAfter(t *testing.T, d time.Duration) {
	t.Helper()
	for ; d > 0; d -= 30 * time.Second {
		n.in.Clock.Advance(min(d, 30*time.Second))
		if _, err := n.in.App.Heartbeats.Tick(context.Background()); err != nil {
			t.Fatalf("heartbeat check: %v", err)
		}
		n.in.Tick(t)
	}
}

func (n *oncallNight) pingURL(t *testing.T, method, token string) {
	t.Helper()
	if err := client.PingURL(context.Background(), nil, method, n.in.URL+"/hb/"+token); err != nil {
		t.Fatal(err)
	}
}

// Billing's Prometheus sends its Watchdog to sitrep every minute, through
// Alertmanager's webhook. At 01:25 the cluster it runs on goes down and the
// Watchdog stops: two minutes later laura, on call for billing, is emailed
// and texted that the main monitoring has gone silent. When Prometheus comes
// back, its next Watchdog resolves the alert and the page.
func TestStoppingAHeartbeatPagesTheOnCallOfItsService(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		ctx := context.Background()
		n := newOncallNight(t, d)
		n.post(t, "/api/v1/services", map[string]any{"name": "billing", "tier": 1, "escalation_policy": "major-incident"})
		hb, err := n.in.Admin.CreateHeartbeat(ctx, client.NewHeartbeat{Name: "prometheus-billing", Kind: "monitoring", IntervalSeconds: 60, Service: "billing"})
		if err != nil {
			t.Fatal(err)
		}
		for _, method := range []string{"POST", "GET", "POST"} {
			n.pingURL(t, method, hb.Token)
			n.checkAfter(t, time.Minute)
		}
		if pages := n.pages(t); len(pages) != 0 {
			t.Fatalf("%d pages while the Watchdog arrived every minute", len(pages))
		}
		n.pingURL(t, "POST", hb.Token)
		n.checkAfter(t, 90*time.Second)
		if len(n.emailsTo("laura@example.com")) != 0 {
			t.Fatal("laura paged within the grace")
		}
		n.checkAfter(t, time.Minute)

		mails := n.emailsTo("laura@example.com")
		if len(mails) != 1 || n.sms.to("+4915100000001") != 1 {
			t.Fatalf("laura got %d emails and %d texts; want one of each", len(mails), n.sms.to("+4915100000001"))
		}
		if !strings.Contains(mails[0].Text, watch.MonitoringSilentSummary) {
			t.Fatalf("the email does not say the monitoring is silent:\n%s", mails[0].Text)
		}
		if len(n.emailsTo("dave@example.com")) != 0 {
			t.Fatal("dave, who is not on call for billing, was paged")
		}
		pages := n.pages(t)
		if len(pages) != 1 || pages[0].Status != "triggered" || pages[0].Source != "alert" {
			t.Fatalf("pages %+v; want one triggered page from the alert", pages)
		}
		if !strings.Contains(pages[0].Summary, watch.MonitoringSilentSummary) {
			t.Fatalf("page summary %q; an SMS carries only it, so it must say the monitoring is silent", pages[0].Summary)
		}
		if got := must(n.in.Admin.Heartbeat(ctx, "prometheus-billing"))(t); got.Status != "down" {
			t.Fatalf("heartbeat %s", got.Status)
		}

		n.pingURL(t, http.MethodPost, hb.Token)
		if got := n.pages(t); len(got) != 1 || got[0].Status != "resolved" {
			t.Fatalf("after the Watchdog came back: %+v; want the page resolved", got)
		}
		if firing := n.firingAlerts(t); firing != 0 {
			t.Fatalf("%d alerts firing after the ping", firing)
		}
		for range 10 {
			n.checkAfter(t, time.Minute)
			n.pingURL(t, http.MethodGet, hb.Token)
		}
		if len(n.emailsTo("sam@example.com")) != 0 || len(n.emailsTo("laura@example.com")) != 1 {
			t.Fatal("the resolved page escalated, or the Watchdog arriving again paged")
		}
	})
}

func (n *oncallNight) pages(t *testing.T) []client.Page {
	t.Helper()
	l, err := n.in.Admin.Pages(context.Background(), client.PageFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return l.Pages
}

func (n *oncallNight) firingAlerts(t *testing.T) int {
	t.Helper()
	req, _ := http.NewRequestWithContext(context.Background(), "GET", n.in.URL+"/api/v1/alerts?status=firing", nil)
	req.Header.Set("Authorization", "Bearer "+n.tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Alerts []json.RawMessage `json:"alerts"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("list firing alerts: %d %v", resp.StatusCode, err)
	}
	return len(out.Alerts)
}

func must[T any](v T, err error) func(testing.TB) T {
	return func(t testing.TB) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}
