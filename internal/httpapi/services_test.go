package httpapi_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

// The route walk in routes_test.go needs a valid body for every write.
func init() {
	validBodies["create-service"] = `{"name":"checkout","tier":1,"escalation_policy":"checkout-oncall"}`
	validBodies["change-service"] = `{"tier":2}`
	validBodies["create-route"] = `{"matchers":[{"label":"region","op":"regex","value":"eu.*"}],"escalation_policy":"checkout-oncall"}`
	validBodies["change-route"] = `{"auto_declare":"SEV-2"}`
	validBodies["reorder-routes"] = `{"ids":[1]}`
	validBodies["create-integration"] = `{"name":"prometheus","kind":"alertmanager"}`
}

// checkoutSetup is an admin's catalog: laura is on call for checkout.
func checkoutSetup(t *testing.T, in *apptest.Instance) {
	t.Helper()
	ctx := context.Background()
	in.User(t, "laura", "responder")
	must(in.Admin.CreateEscalationPolicy(ctx, client.EscalationPolicy{Name: "checkout-oncall", Steps: []client.EscalationStep{
		{Targets: []client.EscalationTarget{target("user", "laura")}}}}))(t)
	must(in.Admin.CreateService(ctx, client.Service{Name: "checkout", Tier: 1, OwnerTeam: "payments", Policy: "checkout-oncall"}))(t)
}

// Grafana posts with a key bound to checkout: its alerts page checkout's
// on-call. The key works for Grafana's endpoint only, and not once revoked.
func TestIntegrationKeySendsOnlyItsOwnKindOfAlerts(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		ctx := context.Background()
		checkoutSetup(t, in)
		ig := must(in.Admin.CreateIntegration(ctx, "grafana-eu", "grafana", "checkout"))(t)
		body := []byte(`{"receiver":"sitrep","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"High latency","region":"eu1"},
			"startsAt":"2024-03-08T01:00:00Z","endsAt":"0001-01-01T00:00:00Z"}]}`)
		if a := call(t, in.URL, ig.Key, "POST", "/api/v1/alerts/grafana", body); a.Status != http.StatusOK {
			t.Fatalf("grafana with its key: %d %s", a.Status, a.Body)
		}
		groups := must(in.Admin.AlertGroups(ctx, client.AlertFilter{}))(t)
		if len(groups.Groups) != 1 || groups.Groups[0].Service != "checkout" || groups.Groups[0].Policy != "checkout-oncall" {
			t.Fatalf("groups %+v; want one routed to checkout", groups.Groups)
		}
		for _, c := range []struct{ token, method, path string }{
			{ig.Key, "POST", "/api/v2/alerts"},
			{ig.Key, "GET", "/api/v1/incidents"},
			{"sitrep_ik_" + strings.Repeat("a", 52), "POST", "/api/v1/alerts/grafana"},
		} {
			a := call(t, in.URL, c.token, c.method, c.path, []byte(`[]`))
			if a.Status != http.StatusUnauthorized {
				t.Errorf("%s %s: %d, want 401: %s", c.method, c.path, a.Status, a.Body)
				continue
			}
			a.problem(t)
		}
		// A key in the URL would end up in access logs: it is not taken.
		if a := call(t, in.URL, "", "POST", "/api/v1/alerts/grafana?key="+ig.Key, body); a.Status != http.StatusUnauthorized {
			t.Errorf("key in the URL: %d, want 401", a.Status)
		}
		if list := must(in.Admin.Integrations(ctx))(t); len(list) != 1 || list[0].Key != "" || !strings.HasPrefix(ig.Key, list[0].Prefix) {
			t.Errorf("integrations %+v: the key must show only once", list)
		}
		if err := in.Admin.RevokeIntegration(ctx, "grafana-eu"); err != nil {
			t.Fatal(err)
		}
		if a := call(t, in.URL, ig.Key, "POST", "/api/v1/alerts/grafana", body); a.Status != http.StatusUnauthorized {
			t.Errorf("revoked key: %d", a.Status)
		}
	})
}

// Routing rules refuse what cannot work, naming the field; a policy in use
// cannot be deleted.
func TestRoutesAndServicesRefuseBadInput(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		ctx := context.Background()
		checkoutSetup(t, in)
		for _, c := range []struct {
			path, body, where string
			status            int
		}{
			{"/api/v1/routes", `{"matchers":[{"label":"region","op":"regex","value":"(eu"}]}`, "body.matchers[0].value", 422},
			{"/api/v1/routes", `{"matchers":[],"auto_declare":"SEV-7"}`, "body.auto_declare", 422},
			{"/api/v1/routes", `{"matchers":[],"service":"ledger"}`, "body.service", 404},
			{"/api/v1/services", `{"name":"Check Out","tier":1,"escalation_policy":"checkout-oncall"}`, "body.name", 0},
			{"/api/v1/services", `{"name":"ledger","tier":1,"escalation_policy":"nope"}`, "body.escalation_policy", 404},
			{"/api/v1/services", `{"name":"checkout","tier":1,"escalation_policy":"checkout-oncall"}`, "body.name", 409},
		} {
			a := call(t, in.URL, apptest.AdminToken, "POST", c.path, []byte(c.body))
			p := a.problem(t)
			if (c.status != 0 && a.Status != c.status) || !slices.Contains(p.locations(), c.where) {
				t.Errorf("POST %s %s: %d at %v; want %d at %s", c.path, c.body, a.Status, p.locations(), c.status, c.where)
			}
		}
		r := must(in.Admin.CreateRoute(ctx, client.Route{Matchers: []client.RouteMatcher{{Label: "region", Op: "regex", Value: "eu.*"}}, Service: "checkout", Declare: "SEV-2"}))(t)
		if rs := must(in.Admin.Routes(ctx))(t); len(rs) != 1 || rs[0].ID != r.ID || rs[0].Position != 1 {
			t.Errorf("routes %+v", rs)
		}
		if a := call(t, in.URL, apptest.AdminToken, "DELETE", "/api/v1/escalation-policies/checkout-oncall", nil); a.Status != http.StatusConflict {
			t.Errorf("deleting a policy a service pages: %d %s", a.Status, a.Body)
		}
		if err := in.Admin.DeleteService(ctx, "checkout"); err == nil {
			t.Error("deleted a service a route names")
		}
		must(in.Admin.ChangeService(ctx, "checkout", client.ServiceChange{Tier: ptr(2)}))(t)
		if sv := must(in.Admin.GetService(ctx, "checkout"))(t); sv.Tier != 2 || sv.OwnerTeam != "payments" {
			t.Errorf("after changing the tier: %+v", sv)
		}
	})
}

func ptr[T any](v T) *T { return &v }
