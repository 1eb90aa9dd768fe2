package statuspage_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/statuspage"
	"sitrep/internal/store"
)

func (p *page) component(name, group string, pos int64) client.StatusComponent {
	p.t.Helper()
	c, err := p.in.Admin.CreateStatusComponent(context.Background(), client.NewStatusComponent{Name: name, Group: group, Position: pos})
	if err != nil {
		p.t.Fatalf("create component %s: %v", name, err)
	}
	return c
}

func TestComponentsShowStatusAndUptimeInWordsToo(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		p := start(t, d)
		ctx := context.Background()
		euAPI := p.component("EU API", "Europe", 1)
		p.component("EU Dashboard", "Europe", 2)
		usAPI := p.component("US API", "Americas", 1)
		p.clock.Advance(10 * 24 * time.Hour)

		n := p.declare("Logins failing in EU", "SEV-2")
		p.post(n, "public", "Some logins fail in Europe.")
		if _, err := p.in.Admin.SetIncidentComponents(ctx, n, []int64{euAPI.ID}, statuspage.CompPartialOutage); err != nil {
			t.Fatal(err)
		}
		tl, err := p.in.Admin.Timeline(ctx, n, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		changed := false
		for _, e := range tl.Events {
			changed = changed || (e.Kind == "status.component_changed" && strings.Contains(string(e.Data), `"to":"partial_outage"`))
		}
		if !changed {
			t.Errorf("the incident's timeline does not show the component change: %+v", tl.Events)
		}

		_, html := p.get("/")
		for _, want := range []string{"<h3>Americas</h3>", "<h3>Europe</h3>", "US API", "EU Dashboard", "Partial outage", "affects EU API",
			"uptime over 90 days</p>", "<title>2026-03-27: partial outage 1 min</title>"} {
			if !strings.Contains(html, want) {
				t.Errorf("home page lacks %q", want)
			}
		}
		if strings.Index(html, "<h3>Americas</h3>") > strings.Index(html, "<h3>Europe</h3>") {
			t.Errorf("groups are not in order")
		}
		if s := p.summary(); len(s.Components) != 3 || s.Components[1].Status != statuspage.CompPartialOutage || s.Status != statuspage.Degraded {
			t.Errorf("summary: %+v", s)
		}

		// 42 minutes later the fix holds.
		p.clock.Advance(42 * time.Minute)
		op := statuspage.CompOperational
		if _, err := p.in.Admin.ChangeStatusComponent(ctx, euAPI.ID, client.StatusComponentChange{Status: &op, Incident: n}); err != nil {
			t.Fatal(err)
		}
		_, html = p.get("/")
		// 42 minutes down in 10 days and 42 minutes observed.
		if !strings.Contains(html, "<title>2026-03-27: partial outage 42 min</title>") || !strings.Contains(html, "99.70% uptime over 90 days") ||
			!strings.Contains(html, "<title>2026-03-16: no data</title>") || !strings.Contains(html, "<title>2026-03-20: operational</title>") {
			t.Errorf("bars do not tell the 42 minutes:\n%s", html[strings.Index(html, "Components"):])
		}
		if _, err := p.in.Admin.CreateStatusComponent(ctx, client.NewStatusComponent{Name: "US API"}); err == nil {
			t.Errorf("a second component named US API was created")
		}
		if err := p.in.Admin.DeleteStatusComponent(ctx, usAPI.ID); err != nil {
			t.Fatal(err)
		}
		if _, html := p.get("/"); strings.Contains(html, "US API") {
			t.Errorf("a deleted component is still on the page")
		}
	})
}

func TestMaintenanceIsAnnouncedThenInProgress(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		p := start(t, d)
		ctx := context.Background()
		db := p.component("Database", "Europe", 1)
		now := p.clock.Now()
		m, err := p.in.Admin.ScheduleMaintenance(ctx, client.NewStatusMaintenance{Title: "Database upgrade", Body: "Writes pause for a minute.",
			Components: []int64{db.ID}, StartsAt: now.Add(2 * time.Hour), EndsAt: now.Add(3 * time.Hour)})
		if err != nil || m.State != statuspage.MaintScheduled {
			t.Fatalf("schedule: %+v %v", m, err)
		}
		_, html := p.get("/")
		if !strings.Contains(html, "Scheduled maintenance: Database upgrade") || strings.Contains(html, "Under maintenance") {
			t.Errorf("before the window:\n%s", html)
		}
		if _, feed := p.get("/feed.atom"); !strings.Contains(feed, "Scheduled maintenance: Database upgrade") {
			t.Errorf("feed lacks the window:\n%s", feed)
		}
		if s := p.summary(); len(s.Maintenance) != 1 || s.Maintenance[0].State != statuspage.MaintScheduled {
			t.Errorf("summary before: %+v", s.Maintenance)
		}

		p.clock.Advance(2 * time.Hour)
		_, html = p.get("/")
		if !strings.Contains(html, "In progress: Database upgrade") || !strings.Contains(html, "Under maintenance") || !strings.Contains(html, "All systems operational") {
			t.Errorf("during the window:\n%s", html)
		}
		if s := p.summary(); len(s.Maintenance) != 1 || s.Maintenance[0].State != statuspage.MaintInProgress || s.Components[0].Status != statuspage.CompMaintenance {
			t.Errorf("summary during: %+v", s)
		}

		p.clock.Advance(time.Hour)
		_, html = p.get("/")
		if strings.Contains(html, "Database upgrade") || !strings.Contains(html, "under maintenance 60 min") || !strings.Contains(html, "100.00% uptime") {
			t.Errorf("after the window:\n%s", html)
		}
		if _, err := p.in.Admin.ScheduleMaintenance(ctx, client.NewStatusMaintenance{Title: "Backwards", StartsAt: now.Add(5 * time.Hour), EndsAt: now.Add(4 * time.Hour)}); err == nil ||
			!strings.Contains(err.Error(), "ends_at") {
			t.Errorf("a window ending before it starts: %v", err)
		}
	})
}
