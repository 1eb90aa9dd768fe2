package alert_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"sitrep/internal/alert"
	"sitrep/internal/app/apptest"
	"sitrep/internal/auth"
	"sitrep/internal/page"
	"sitrep/internal/store"
)

var night = time.Date(2024, 3, 8, 1, 22, 0, 0, time.UTC)

// intake is a database with the page and alert services; groups page laura.
type intake struct {
	dom    *apptest.Domain
	alerts *alert.Service
	admin  auth.Principal
}

func newIntake(t *testing.T, d store.Dialect) *intake {
	t.Helper()
	dom := apptest.NewDomain(t, d, night, "")
	pages := page.NewService(dom.DB, dom.Log, dom.Clock, page.Deps{})
	if err := pages.LoadSecret(context.Background()); err != nil {
		t.Fatal(err)
	}
	dom.User(t, "laura", auth.Responder)
	svc := alert.NewService(dom.DB, pages, dom.Clock)
	svc.DefaultTargets = []page.Target{{Kind: "user", Ref: "laura"}}
	return &intake{dom: dom, alerts: svc, admin: dom.Admin}
}

func (in *intake) send(t *testing.T, as ...alert.Alert) alert.Result {
	t.Helper()
	res, err := in.alerts.Ingest(context.Background(), in.admin, as)
	if err != nil {
		t.Fatalf("ingest: %v", err)
	}
	return res
}

func (in *intake) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := in.dom.DB.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func (in *intake) pages(t *testing.T, status string) int {
	return in.count(t, `SELECT COUNT(*) FROM pages WHERE source = 'alert' AND status = ?`, status)
}

func firing(region, node string) alert.Alert {
	return alert.Alert{Labels: map[string]string{"alertname": "NodeNotReady", "region": region, "node": node},
		Annotations: map[string]string{"summary": "node not ready"}, Status: alert.Firing, Source: "test"}
}

func resolved(region, node string) alert.Alert {
	a := firing(region, node)
	a.Status = alert.Resolved
	return a
}

// Prometheus resends every firing alert each evaluation: laura is paged once.
func TestRepeatedAlertPagesOnce(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := newIntake(t, d)
		in.send(t, firing("eu1", "n1"))
		in.dom.Clock.Advance(30 * time.Second)
		res := in.send(t, firing("eu1", "n1"))
		if res.New != 0 || res.Accepted != 1 {
			t.Errorf("repeat: %+v", res)
		}
		if n := in.count(t, `SELECT COUNT(*) FROM alerts`); n != 1 {
			t.Errorf("%d alerts, want 1", n)
		}
		if n := in.pages(t, "triggered"); n != 1 {
			t.Errorf("%d pages, want 1", n)
		}
		as, _, err := in.alerts.Alerts(context.Background(), alert.Filter{})
		if err != nil || len(as) != 1 || !as[0].LastSeenAt.Equal(night.Add(30*time.Second)) {
			t.Errorf("alerts %+v: %v", as, err)
		}
	})
}

// Nodes fail in eu1 and us1: two groups, one page each, however many nodes.
func TestAlertsOfTwoRegionsMakeTwoGroups(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := newIntake(t, d)
		in.send(t, firing("eu1", "n1"), firing("eu1", "n2"), firing("us1", "n3"))
		in.send(t, firing("us1", "n4"))
		gs, _, err := in.alerts.Groups(context.Background(), alert.Filter{Status: "open"})
		if err != nil || len(gs) != 2 {
			t.Fatalf("groups %+v: %v", gs, err)
		}
		for _, g := range gs {
			if g.Firing != 2 || g.PageID == 0 || g.Storm {
				t.Errorf("group %+v: want 2 firing and a page", g)
			}
		}
		if n := in.pages(t, "triggered"); n != 2 {
			t.Errorf("%d pages, want 2", n)
		}
	})
}

// The group resolves, with its page, when its last alert resolves; firing
// again pages again.
func TestResolvedAlertsResolveTheirGroupAndPage(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := newIntake(t, d)
		in.send(t, firing("eu1", "n1"), firing("eu1", "n2"))
		in.send(t, resolved("eu1", "n1"))
		if n := in.count(t, `SELECT COUNT(*) FROM alert_groups WHERE status = 'open' AND firing = 1`); n != 1 {
			t.Fatalf("group closed with an alert still firing")
		}
		in.send(t, resolved("eu1", "n2"))
		if n := in.count(t, `SELECT COUNT(*) FROM alert_groups WHERE status = 'resolved' AND firing = 0`); n != 1 {
			t.Errorf("group not resolved")
		}
		if in.pages(t, "resolved") != 1 || in.pages(t, "triggered") != 0 {
			t.Errorf("page not resolved")
		}
		in.send(t, firing("eu1", "n2"))
		if in.pages(t, "triggered") != 1 {
			t.Errorf("refiring group did not page again")
		}
	})
}

// A storm of 150 alerts of distinct groups pages once; more alerts join the
// storm group without paging.
func TestStormPagesOnce(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := newIntake(t, d)
		var storm []alert.Alert
		for i := range 150 {
			a := firing([]string{"eu1", "us1", "us3"}[i%3], fmt.Sprintf("n%d", i))
			a.Labels["alertname"] = fmt.Sprintf("Check%d", i)
			storm = append(storm, a)
		}
		if res := in.send(t, storm...); !res.Storm || res.New != 150 {
			t.Fatalf("storm: %+v", res)
		}
		in.dom.Clock.Advance(10 * time.Second)
		in.send(t, firing("ap1", "n-late"))
		gs, _, err := in.alerts.Groups(context.Background(), alert.Filter{})
		if err != nil || len(gs) != 1 || !gs[0].Storm || gs[0].Firing != 151 {
			t.Fatalf("groups %+v: %v", gs, err)
		}
		var summary string
		if err := in.dom.DB.QueryRow(context.Background(), `SELECT summary FROM pages WHERE id = ?`, gs[0].PageID).Scan(&summary); err != nil {
			t.Fatal(err)
		}
		if in.pages(t, "triggered") != 1 || !strings.Contains(summary, "150 alerts across 3 regions in 60 s") {
			t.Errorf("%d pages; summary %q", in.pages(t, "triggered"), summary)
		}
	})
}

// One bad alert refuses the whole batch: nothing is stored half-way.
func TestBadAlertRefusesTheBatch(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := newIntake(t, d)
		bad := firing("eu1", "n2")
		bad.Labels["node-name"] = "x"
		if _, err := in.alerts.Ingest(context.Background(), in.admin, []alert.Alert{firing("eu1", "n1"), bad}); err == nil {
			t.Fatal("accepted a label name with a dash")
		}
		if n := in.count(t, `SELECT COUNT(*) FROM alerts`) + in.count(t, `SELECT COUNT(*) FROM pages`); n != 0 {
			t.Errorf("%d rows written", n)
		}
	})
}
