package httpapi_test

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

func init() {
	validBodies["create-status-component"] = `{"name":"EU API","group":"Europe"}`
	validBodies["change-status-component"] = `{"status":"degraded"}`
	validBodies["set-incident-components"] = `{"component_ids":[1],"status":"partial_outage"}`
	validBodies["create-status-maintenance"] = `{"title":"Database upgrade","starts_at":"2099-01-01T00:00:00Z","ends_at":"2099-01-01T01:00:00Z"}`
	validBodies["change-status-maintenance"] = `{"title":"Database upgrade, part 2"}`
	validBodies["create-status-subscriber"] = `{"url":"https://hooks.example.com/status"}`
}

// The status page's admin API refuses bad input naming the field, and a
// responder may move a component's status but not rename it.
func TestStatusPageAdminRefusesBadInput(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		ctx := context.Background()
		laura := in.User(t, "laura", "responder")
		c := must(in.Admin.CreateStatusComponent(ctx, client.NewStatusComponent{Name: "EU API", Group: "Europe"}))(t)
		inc := must(in.Admin.Declare(ctx, client.Declaration{Title: "Logins failing", Severity: "SEV-2"}))(t)
		down := "major_outage"
		if _, err := laura.ChangeStatusComponent(ctx, c.ID, client.StatusComponentChange{Status: &down, Incident: inc.Number}); err != nil {
			t.Errorf("a responder cannot change a component's status: %v", err)
		}
		name := "EU API v2"
		if _, err := laura.ChangeStatusComponent(ctx, c.ID, client.StatusComponentChange{Name: &name}); err == nil {
			t.Errorf("a responder renamed a component")
		}
		tok := token(t, in, "laura")
		admin := apptest.AdminToken
		for _, r := range []refusal{
			{name: "unknown status", method: "POST", path: "/api/v1/status/components", body: `{"name":"US API","status":"on fire"}`, status: 422, location: "body.status"},
			{name: "empty name", method: "POST", path: "/api/v1/status/components", body: `{"name":""}`, status: 422, location: "body.name"},
			{name: "duplicate name", method: "POST", path: "/api/v1/status/components", body: `{"name":"EU API"}`, status: 409, location: "body.name"},
			{name: "unknown component", method: "PATCH", path: "/api/v1/status/components/999", body: `{"status":"degraded"}`, status: 404, location: "path.id"},
			{name: "unknown component of an incident", method: "PUT", path: "/api/v1/incidents/1/components", body: `{"component_ids":[999],"status":"degraded"}`, status: 422, location: "body.component_ids"},
			{name: "unknown incident", method: "PUT", path: "/api/v1/incidents/999/components", body: `{"component_ids":[1],"status":"degraded"}`, status: 404, location: "path.number"},
			{name: "window ends first", method: "POST", path: "/api/v1/status/maintenance", body: `{"title":"x","starts_at":"2099-01-02T00:00:00Z","ends_at":"2099-01-01T00:00:00Z"}`, status: 422, location: "body.ends_at"},
			{name: "window in the past", method: "POST", path: "/api/v1/status/maintenance", body: `{"title":"x","starts_at":"2001-01-01T00:00:00Z","ends_at":"2001-01-01T01:00:00Z"}`, status: 422, location: "body.ends_at"},
			{name: "window on no component", method: "POST", path: "/api/v1/status/maintenance", body: `{"title":"x","components":[999],"starts_at":"2099-01-01T00:00:00Z","ends_at":"2099-01-01T01:00:00Z"}`, status: 422, location: "body.components"},
			{name: "webhook to metadata", method: "POST", path: "/api/v1/status/subscribers", body: `{"url":"http://169.254.169.254/latest"}`, status: 422, location: "body.url"},
			{name: "webhook not a URL", method: "POST", path: "/api/v1/status/subscribers", body: `{"url":"ftp://example.com"}`, status: 422, location: "body.url"},
		} {
			a := call(t, in.URL, admin, r.method, r.path, []byte(r.body))
			if a.Status != r.status {
				t.Errorf("%s: %d, want %d: %s", r.name, a.Status, r.status, a.Body)
				continue
			}
			if p := a.problem(t); !slices.Contains(p.locations(), r.location) {
				t.Errorf("%s: problem names %v, want %s", r.name, p.locations(), r.location)
			}
		}
		if a := call(t, in.URL, tok, http.MethodGet, "/api/v1/status/subscribers", nil); a.Status != http.StatusForbidden {
			t.Errorf("a responder listed subscribers: %d", a.Status)
		}
		sub := must(in.Admin.AddStatusWebhook(ctx, "https://hooks.example.com/status"))(t)
		subs := must(in.Admin.StatusSubscribers(ctx, 0))(t)
		if sub.Secret == "" || len(subs) != 1 || subs[0].Secret != "" {
			t.Errorf("the secret is not shown exactly once: created %+v, listed %+v", sub, subs)
		}
	})
}
