package catalog_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"sitrep/internal/app/apptest"
	"sitrep/internal/auth"
	"sitrep/internal/catalog"
	"sitrep/internal/escalation"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

var morning = time.Date(2024, 3, 8, 9, 0, 0, 0, time.UTC)

func setup(t *testing.T, d store.Dialect) (*apptest.Domain, *catalog.Catalog) {
	t.Helper()
	dom := apptest.NewDomain(t, d, morning, "")
	dom.User(t, "laura", auth.Responder)
	_, err := escalation.NewService(dom.DB, dom.Log, dom.Clock).Create(context.Background(), dom.Admin, escalation.Policy{Name: "checkout-oncall",
		Steps: []escalation.Step{{Targets: []escalation.Target{{Kind: escalation.KindUser, Ref: "laura"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	return dom, catalog.New(dom.DB, dom.Log, dom.Clock)
}

func TestServicesAreValidatedAndPatched(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		dom, c := setup(t, d)
		ctx := context.Background()
		for _, bad := range []struct {
			sv    catalog.Service
			field string
		}{
			{catalog.Service{Name: "Check Out", Tier: 1, Policy: "checkout-oncall"}, "name"},
			{catalog.Service{Name: "checkout", Tier: 5, Policy: "checkout-oncall"}, "tier"},
			{catalog.Service{Name: "checkout", Tier: 1}, "escalation_policy"},
			{catalog.Service{Name: "checkout", Tier: 1, Policy: "nope"}, "escalation_policy"},
			{catalog.Service{Name: "checkout", Tier: 1, Policy: "checkout-oncall", OwnerTeam: "a\x00"}, "owner_team"},
		} {
			_, err := c.Create(ctx, dom.Admin, bad.sv)
			if p, ok := problem.As(err); !ok || p.Field != bad.field {
				t.Errorf("%+v: %v, want a refusal of %s", bad.sv, err, bad.field)
			}
		}
		laura := auth.Principal{Handle: "laura", Role: auth.Responder}
		if _, err := c.Create(ctx, laura, catalog.Service{Name: "checkout", Tier: 1, Policy: "checkout-oncall"}); !problem.Is(err, problem.Forbidden) {
			t.Errorf("a responder added a service: %v", err)
		}
		sv, err := c.Create(ctx, dom.Admin, catalog.Service{Name: "checkout", Tier: 1, Policy: "checkout-oncall", OwnerTeam: "payments"})
		if err != nil || sv.DisplayName != "checkout" {
			t.Fatalf("%+v %v", sv, err)
		}
		if _, err := c.Create(ctx, dom.Admin, catalog.Service{Name: "ledger", Tier: 2, Policy: "checkout-oncall"}); err != nil {
			t.Fatal(err)
		}
		tier := 2
		sv, err = c.Update(ctx, dom.Admin, "checkout", catalog.ServicePatch{Tier: &tier})
		if err != nil || sv.Tier != 2 || sv.OwnerTeam != "payments" {
			t.Errorf("patched %+v %v", sv, err)
		}
		page, next, err := c.List(ctx, "", 1)
		if err != nil || len(page) != 1 || page[0].Name != "checkout" || next != "checkout" {
			t.Fatalf("first page %+v %q %v", page, next, err)
		}
		page, next, _ = c.List(ctx, next, 1)
		if len(page) != 1 || page[0].Name != "ledger" || next != "" {
			t.Errorf("second page %+v %q", page, next)
		}
		if err := c.Delete(ctx, dom.Admin, "ledger"); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Get(ctx, "ledger"); !problem.Is(err, problem.NotFound) {
			t.Errorf("deleted service still there: %v", err)
		}
	})
}

func TestIntegrationKeysAuthenticateUntilRevoked(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		dom, c := setup(t, d)
		ctx := context.Background()
		if _, err := c.Create(ctx, dom.Admin, catalog.Service{Name: "checkout", Tier: 1, Policy: "checkout-oncall"}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := c.CreateIntegration(ctx, dom.Admin, "x", "nagios", ""); !problem.Is(err, problem.Invalid) {
			t.Errorf("kind nagios: %v", err)
		}
		if _, _, err := c.CreateIntegration(ctx, dom.Admin, "x", "grafana", "nope"); !problem.Is(err, problem.NotFound) {
			t.Errorf("unknown service: %v", err)
		}
		ig, key, err := c.CreateIntegration(ctx, dom.Admin, "grafana-eu", "grafana", "checkout")
		if err != nil || !strings.HasPrefix(key, catalog.KeyPrefix+ig.Prefix[len(catalog.KeyPrefix):]) {
			t.Fatalf("%+v %q %v", ig, key, err)
		}
		p, err := c.AuthenticateKey(ctx, key)
		if err != nil || p.Intake != "grafana" || p.IntakeService != "checkout" || p.UserID != dom.Admin.UserID || p.Role != auth.Responder {
			t.Fatalf("principal %+v %v", p, err)
		}
		if err := c.Delete(ctx, dom.Admin, "checkout"); !problem.Is(err, problem.Conflict) {
			t.Errorf("deleted a service an integration names: %v", err)
		}
		if err := c.RevokeIntegration(ctx, dom.Admin, "grafana-eu"); err != nil {
			t.Fatal(err)
		}
		if _, err := c.AuthenticateKey(ctx, key); !problem.Is(err, problem.Unauthorized) {
			t.Errorf("revoked key: %v", err)
		}
		if _, _, err := c.CreateIntegration(ctx, dom.Admin, "grafana-eu", "grafana", ""); err != nil {
			t.Errorf("reusing a revoked integration's name: %v", err)
		}
		if err := c.RevokeIntegration(ctx, dom.Admin, "nope"); !problem.Is(err, problem.NotFound) {
			t.Errorf("revoking nothing: %v", err)
		}
	})
}
