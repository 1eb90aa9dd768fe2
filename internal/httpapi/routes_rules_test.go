package httpapi_test

import (
	"context"
	"net/http"
	"testing"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

// Two instances share one PostgreSQL database. Instance B has routed alerts
// with the eu rule cached; the rule is removed through instance A, and B's
// next batch already routes without it: the counter read in every batch
// carries the change, no broadcast needed.
func TestRouteChangeOnOneInstanceAppliesOnAnother(t *testing.T) {
	cfg := apptest.DBConfig(t, store.Postgres)
	a := apptest.Start(t, store.Postgres, apptest.Options{Store: &cfg})
	b := apptest.Start(t, store.Postgres, apptest.Options{Store: &cfg})
	ctx := context.Background()
	checkoutSetup(t, a)
	route := must(a.Admin.CreateRoute(ctx, client.Route{Matchers: []client.RouteMatcher{{Label: "region", Op: "regex", Value: "eu.*"}}, Service: "checkout"}))(t)
	post := func(node string) {
		t.Helper()
		body := []byte(`[{"labels":{"alertname":"NodeNotReady","region":"eu1","node":"` + node + `"}}]`)
		if got := call(t, b.URL, apptest.AdminToken, "POST", "/api/v2/alerts", body); got.Status != http.StatusOK {
			t.Fatalf("POST to B: %d %s", got.Status, got.Body)
		}
	}
	post("n1")
	groups := must(b.Admin.AlertGroups(ctx, client.AlertFilter{}))(t)
	if len(groups.Groups) != 1 || groups.Groups[0].Service != "checkout" {
		t.Fatalf("groups %+v; want eu1 routed to checkout", groups.Groups)
	}
	if err := a.Admin.DeleteRoute(ctx, route.ID); err != nil {
		t.Fatal(err)
	}
	post("n2")
	groups = must(b.Admin.AlertGroups(ctx, client.AlertFilter{}))(t)
	if len(groups.Groups) != 2 || groups.Groups[0].Service != "" {
		t.Fatalf("groups %+v; after the rule went, n2 opens an unrouted group", groups.Groups)
	}
}
