package app_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

// stormAlerts is Alertmanager's POST /api/v2/alerts body for alerts from
// to to-1 of the checkout storm: NodeNotReady on every node of three
// regions, resolved when endsAt is set.
func stormAlerts(from, to int, endsAt string) string {
	var b strings.Builder
	b.WriteString("[")
	for i := from; i < to; i++ {
		if i > from {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"labels":{"alertname":"NodeNotReady","service":"checkout","region":"%s","node":"n-%d"},"annotations":{"summary":"node not ready"}`,
			[]string{"eu1", "us1", "ap1"}[i%3], i)
		if endsAt != "" {
			fmt.Fprintf(&b, `,"endsAt":%q`, endsAt)
		}
		b.WriteString("}")
	}
	b.WriteString("]")
	return b.String()
}

// replay posts alerts 0..total-1 in batches of 100 from four senders, as
// Prometheus servers do, with an Alertmanager integration key.
func replay(t *testing.T, url, key string, total int, endsAt string) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, total/100)
	next := make(chan int, total/100)
	for lo := 0; lo < total; lo += 100 {
		next <- lo
	}
	close(next)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for lo := range next {
				req, _ := http.NewRequestWithContext(context.Background(), "POST", url+"/api/v2/alerts", strings.NewReader(stormAlerts(lo, lo+100, endsAt)))
				req.Header.Set("Authorization", "Bearer "+key)
				req.Header.Set("Content-Type", "application/json")
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					errs <- err
					continue
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					errs <- fmt.Errorf("batch %d: %d %s", lo, resp.StatusCode, body)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

// At 01:22 a network partition takes out checkout's nodes in three regions
// and Prometheus sends 5,000 alerts in a minute. laura, on call for
// checkout, gets one page per region that fired before the storm was
// recognised and then one storm page, not 5,000; each page reaches her once
// by email and once by SMS. When the partition heals and every alert
// resolves, every group and every page resolves with it.
func TestAlertStormPagesTheServiceOnCallAFewTimesAndResolves(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		n := newOncallNight(t, d)
		ctx := context.Background()
		n.post(t, "/api/v1/escalation-policies", map[string]any{"name": "checkout-oncall", "steps": []map[string]any{
			{"delay_seconds": 600, "targets": []map[string]string{{"kind": "user", "ref": "laura"}}}}})
		if _, err := n.in.Admin.CreateService(ctx, client.Service{Name: "checkout", Tier: 1, OwnerTeam: "payments", Policy: "checkout-oncall"}); err != nil {
			t.Fatal(err)
		}
		ig, err := n.in.Admin.CreateIntegration(ctx, "prometheus-eu", "alertmanager", "")
		if err != nil || !strings.HasPrefix(ig.Key, "sitrep_ik_") {
			t.Fatalf("integration %+v: %v", ig, err)
		}

		replay(t, n.in.URL, ig.Key, 5000, "")
		n.in.Tick(t)
		pages, err := n.in.Admin.Pages(ctx, client.PageFilter{})
		if err != nil {
			t.Fatal(err)
		}
		// The first batch opens the three regional groups before the storm
		// is recognised; everything after it joins one storm group.
		if len(pages.Pages) != 4 {
			t.Fatalf("%d pages for a storm of 5,000 alerts; want 3 regional pages and 1 storm page", len(pages.Pages))
		}
		storm := 0
		for _, p := range pages.Pages {
			if p.Policy != "checkout-oncall" {
				t.Errorf("page %q went to %q, not checkout's on-call", p.Summary, p.Policy)
			}
			if strings.HasPrefix(p.Summary, "alert storm:") {
				storm++
			}
		}
		if storm != 1 {
			t.Errorf("%d storm pages; want 1", storm)
		}
		if e, s := len(n.emailsTo("laura@example.com")), n.sms.to("+4915100000001"); e != 4 || s != 4 {
			t.Errorf("laura got %d emails and %d texts for a 5,000-alert storm; want 4 of each", e, s)
		}
		groups, err := n.in.Admin.AlertGroups(ctx, client.AlertFilter{Status: "open"})
		if err != nil {
			t.Fatal(err)
		}
		firing := 0
		for _, g := range groups.Groups {
			firing += g.Firing
		}
		if len(groups.Groups) != 4 || firing != 5000 {
			t.Fatalf("%d open groups with %d firing alerts; want 4 holding all 5,000", len(groups.Groups), firing)
		}

		n.in.Clock.Advance(10 * time.Minute)
		replay(t, n.in.URL, ig.Key, 5000, n.in.Clock.Now().Add(-time.Minute).Format(time.RFC3339))
		n.in.Tick(t)
		open, err := n.in.Admin.AlertGroups(ctx, client.AlertFilter{Status: "open"})
		if err != nil || len(open.Groups) != 0 {
			t.Fatalf("%d groups still open after every alert resolved: %v", len(open.Groups), err)
		}
		resolved, err := n.in.Admin.Pages(ctx, client.PageFilter{Status: "resolved"})
		if err != nil || len(resolved.Pages) != 4 {
			t.Fatalf("%d of 4 pages resolved: %v", len(resolved.Pages), err)
		}
		if e := len(n.emailsTo("laura@example.com")); e != 4 {
			t.Errorf("laura got %d emails in all; resolving must not page again", e)
		}
	})
}
