package alert_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"sitrep/internal/alert"
	"sitrep/internal/app/apptest"
	"sitrep/internal/auth"
	"sitrep/internal/catalog"
	"sitrep/internal/escalation"
	"sitrep/internal/page"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// routed is an intake with escalation policies, the service catalog and
// routing rules, wired as the app wires them.
type routed struct {
	*intake
	policies *escalation.Service
	catalog  *catalog.Catalog
	routes   *alert.Routes
	declared atomic.Int64
}

func newRouted(t *testing.T, d store.Dialect) *routed {
	t.Helper()
	dom := apptest.NewDomain(t, d, night, "")
	policies := escalation.NewService(dom.DB, dom.Log, dom.Clock)
	policies.Referrers = append(policies.Referrers, catalog.PolicyUsers)
	pages := page.NewService(dom.DB, dom.Log, dom.Clock, page.Deps{Policies: func(ctx context.Context, name string) ([]page.Step, int, error) {
		p, err := policies.Get(ctx, name)
		if err != nil {
			return nil, 0, err
		}
		return []page.Step{{Targets: []page.Target{{Kind: p.Steps[0].Targets[0].Kind, Ref: p.Steps[0].Targets[0].Ref}}}}, 0, nil
	}})
	if err := pages.LoadSecret(context.Background()); err != nil {
		t.Fatal(err)
	}
	dom.User(t, "laura", auth.Responder)
	dom.User(t, "omar", auth.Responder)
	r := &routed{policies: policies, catalog: catalog.New(dom.DB, dom.Log, dom.Clock), routes: alert.NewRoutes(dom.DB, dom.Log, dom.Clock)}
	svc := alert.NewService(dom.DB, pages, dom.Clock)
	svc.DefaultPolicy = "catch-all"
	svc.Declare = func(ctx context.Context, actor auth.Principal, title, summary, severity string) (int64, error) {
		return r.declared.Add(1), nil
	}
	r.intake = &intake{dom: dom, alerts: svc, admin: dom.Admin}
	for name, who := range map[string]string{"catch-all": "omar", "checkout-oncall": "laura", "eu-oncall": "laura"} {
		r.policy(t, name, who)
	}
	if _, err := r.catalog.Create(context.Background(), dom.Admin, catalog.Service{Name: "checkout", Tier: 1, OwnerTeam: "payments", Policy: "checkout-oncall"}); err != nil {
		t.Fatal(err)
	}
	return r
}

func (r *routed) policy(t *testing.T, name, user string) {
	t.Helper()
	_, err := r.policies.Create(context.Background(), r.admin, escalation.Policy{Name: name,
		Steps: []escalation.Step{{Targets: []escalation.Target{{Kind: escalation.KindUser, Ref: user}}}}})
	if err != nil {
		t.Fatal(err)
	}
}

func (r *routed) route(t *testing.T, rt alert.Route) alert.Route {
	t.Helper()
	out, err := r.routes.Create(context.Background(), r.admin, rt)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// pagedPolicies lists the policies of the alert pages, oldest first.
func (r *routed) pagedPolicies(t *testing.T) string {
	t.Helper()
	rows, err := r.dom.DB.Query(context.Background(), `SELECT policy FROM pages WHERE source = 'alert' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var p string
		_ = rows.Scan(&p)
		out = append(out, p)
	}
	return strings.Join(out, ",")
}

func probe(service, name string) alert.Alert {
	return alert.Alert{Labels: map[string]string{"alertname": "ProbeFailed", "service": service, "probe": name, "severity": "critical"},
		Status: alert.Firing, Source: "probe"}
}

// A probe of checkout fails: the checkout on-call is paged, not the
// catch-all; a probe of a service nobody registered pages the catch-all,
// in a group of its own although the alert names agree.
func TestServiceLabelPagesTheServicesPolicy(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		r := newRouted(t, d)
		r.send(t, probe("checkout", "https"), probe("checkout", "tcp"))
		r.send(t, probe("ledger", "https"))
		if got := r.pagedPolicies(t); got != "checkout-oncall,catch-all" {
			t.Fatalf("paged %s; want checkout-oncall then catch-all", got)
		}
		gs, _, err := r.alerts.Groups(context.Background(), alert.Filter{})
		if err != nil || len(gs) != 2 {
			t.Fatalf("groups %+v: %v", gs, err)
		}
		if gs[1].Service != "checkout" || gs[1].Policy != "checkout-oncall" || gs[1].Firing != 2 {
			t.Errorf("checkout group %+v", gs[1])
		}
	})
}

// The first matching rule decides, and a reorder applies to the next batch.
func TestFirstMatchingRouteWins(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		r := newRouted(t, d)
		eu := r.route(t, alert.Route{Matchers: []alert.Matcher{{Label: "region", Op: alert.OpRegex, Value: "eu.*"}}, Policy: "eu-oncall", GroupBy: []string{"region"}})
		disk := r.route(t, alert.Route{Matchers: []alert.Matcher{{Label: "alertname", Op: alert.OpEquals, Value: "DiskFull"}}, Service: "checkout"})
		disk1 := alert.Alert{Labels: map[string]string{"alertname": "DiskFull", "region": "eu1", "node": "n1"}, Status: alert.Firing}
		disk2 := alert.Alert{Labels: map[string]string{"alertname": "DiskFull", "region": "us1", "node": "n2"}, Status: alert.Firing}
		r.send(t, disk1, disk2)
		if got := r.pagedPolicies(t); got != "eu-oncall,checkout-oncall" {
			t.Fatalf("paged %s; want eu-oncall for eu1 and checkout-oncall for us1", got)
		}
		if _, err := r.routes.Reorder(context.Background(), r.admin, []int64{disk.ID, eu.ID}); err != nil {
			t.Fatal(err)
		}
		disk3 := alert.Alert{Labels: map[string]string{"alertname": "DiskFull", "region": "eu2", "node": "n3"}, Status: alert.Firing}
		r.send(t, disk3)
		if got := r.pagedPolicies(t); got != "eu-oncall,checkout-oncall,checkout-oncall" {
			t.Errorf("paged %s; after the reorder eu2's DiskFull belongs to checkout", got)
		}
	})
}

// A policy a service or a route pages, and a service a route names, cannot
// be deleted; a regex that does not compile is refused naming the field.
func TestReferencesHold(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		r := newRouted(t, d)
		ctx := context.Background()
		err := r.policies.Delete(ctx, r.admin, "checkout-oncall")
		if !problem.Is(err, problem.Conflict) || !strings.Contains(err.Error(), "service checkout") {
			t.Errorf("deleting checkout's policy: %v", err)
		}
		rt := r.route(t, alert.Route{Matchers: []alert.Matcher{{Label: "team", Op: alert.OpAbsent}}, Service: "checkout", Policy: "eu-oncall"})
		if err := r.policies.Delete(ctx, r.admin, "eu-oncall"); !problem.Is(err, problem.Conflict) {
			t.Errorf("deleting a route's policy: %v", err)
		}
		if err := r.catalog.Delete(ctx, r.admin, "checkout"); !problem.Is(err, problem.Conflict) {
			t.Errorf("deleting a routed service: %v", err)
		}
		_, err = r.routes.Create(ctx, r.admin, alert.Route{Matchers: []alert.Matcher{{Label: "a", Op: alert.OpRegex, Value: "("}}})
		if p, ok := problem.As(err); !ok || p.Field != "matchers[0].value" {
			t.Errorf("bad regex: %v", err)
		}
		if _, err := r.routes.Create(ctx, r.admin, alert.Route{Service: "nope"}); !problem.Is(err, problem.NotFound) {
			t.Errorf("unknown service: %v", err)
		}
		laura := auth.Principal{Handle: "laura", Role: auth.Responder}
		if _, err := r.routes.Create(ctx, laura, alert.Route{}); !problem.Is(err, problem.Forbidden) {
			t.Errorf("a responder added a route: %v", err)
		}
		if err := r.routes.Delete(ctx, r.admin, rt.ID); err != nil {
			t.Fatal(err)
		}
		if err := r.catalog.Delete(ctx, r.admin, "checkout"); err != nil {
			t.Errorf("deleting checkout once unused: %v", err)
		}
		if err := r.policies.Delete(ctx, r.admin, "eu-oncall"); err != nil {
			t.Errorf("deleting eu-oncall once unused: %v", err)
		}
	})
}

// A storm routed to checkout with auto-declare SEV-1 pages once, declares
// once, and its page is rewritten at most once a minute as alerts join.
func TestStormUpdatesItsPageAndDeclaresOnce(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		r := newRouted(t, d)
		r.route(t, alert.Route{Matchers: []alert.Matcher{{Label: "service", Op: alert.OpEquals, Value: "checkout"}}, Service: "checkout", Declare: "SEV-1"})
		batch := func(from, n int) []alert.Alert {
			var as []alert.Alert
			for i := from; i < from+n; i++ {
				as = append(as, probe("checkout", fmt.Sprintf("p%d", i)))
			}
			return as
		}
		if res := r.send(t, batch(0, 150)...); !res.Storm {
			t.Fatalf("no storm: %+v", res)
		}
		summary := func() string {
			var s string
			if err := r.dom.DB.QueryRow(context.Background(), `SELECT summary FROM pages WHERE source = 'alert'`).Scan(&s); err != nil {
				t.Fatal(err)
			}
			return s
		}
		first := summary()
		r.dom.Clock.Advance(30 * time.Second)
		r.send(t, batch(150, 50)...)
		if summary() != first {
			t.Errorf("page rewritten after 30 s")
		}
		r.dom.Clock.Advance(31 * time.Second)
		r.send(t, batch(200, 120)...)
		if s := summary(); s == first || !strings.Contains(s, "alert storm") {
			t.Errorf("page not rewritten after a minute: %q", s)
		}
		if got := r.pagedPolicies(t); got != "checkout-oncall" {
			t.Errorf("paged %s; want one checkout-oncall page", got)
		}
		if n := r.declared.Load(); n != 1 {
			t.Errorf("%d incidents declared, want 1", n)
		}
		gs, _, _ := r.alerts.Groups(context.Background(), alert.Filter{})
		if len(gs) != 1 || gs[0].Incident != 1 || gs[0].Firing != 320 {
			t.Errorf("groups %+v", gs)
		}
		if n := r.count(t, `SELECT COUNT(*) FROM events WHERE kind = 'page.updated'`); n != 1 {
			t.Errorf("%d page.updated events, want 1", n)
		}
	})
}

// Positions stay 1..n whatever is inserted, moved or removed.
func TestRoutePositionsStayInOrder(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		r := newRouted(t, d)
		ctx := context.Background()
		var ids []int64
		for _, v := range []string{"a", "b", "c"} {
			ids = append(ids, r.route(t, alert.Route{Matchers: []alert.Matcher{{Label: "x", Op: alert.OpEquals, Value: v}}}).ID)
		}
		first := r.route(t, alert.Route{Position: 1, Matchers: []alert.Matcher{{Label: "x", Op: alert.OpEquals, Value: "first"}}})
		two := 2
		if _, err := r.routes.Update(ctx, r.admin, ids[2], alert.RoutePatch{Position: &two}); err != nil {
			t.Fatal(err)
		}
		if err := r.routes.Delete(ctx, r.admin, ids[0]); err != nil {
			t.Fatal(err)
		}
		rs, err := r.routes.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for i, rt := range rs {
			if rt.Position != i+1 {
				t.Errorf("route %d at position %d, want %d", rt.ID, rt.Position, i+1)
			}
			got = append(got, rt.Matchers[0].Value)
		}
		if strings.Join(got, ",") != "first,c,b" || rs[0].ID != first.ID {
			t.Errorf("order %v, want first,c,b", got)
		}
		if _, err := r.routes.Reorder(ctx, r.admin, []int64{rs[0].ID, rs[0].ID, rs[1].ID}); !problem.Is(err, problem.Invalid) {
			t.Errorf("reorder naming a route twice: %v", err)
		}
	})
}

// A rule that only regroups probe alerts still pages the service they name.
func TestGroupingRuleKeepsTheServicesPolicy(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		r := newRouted(t, d)
		r.route(t, alert.Route{Matchers: []alert.Matcher{{Label: "probe", Op: alert.OpNotEquals, Value: ""}}, GroupBy: []string{"service", "probe"}})
		r.send(t, probe("checkout", "https"), probe("ledger", "https"))
		if got := r.pagedPolicies(t); got != "checkout-oncall,catch-all" {
			t.Fatalf("paged %s; want checkout-oncall for checkout and the catch-all for the unregistered ledger", got)
		}
	})
}
