package httpapi_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

// The route walk in routes_test.go needs a valid body for every write; these
// are the escalation policy writes' (the role check refuses before the
// domain would look at the references).
func init() {
	validBodies["create-escalation-policy"] = `{"name":"sev1","steps":[{"targets":[{"kind":"user","ref":"laura"}]}]}`
	validBodies["replace-escalation-policy"] = `{"steps":[{"targets":[{"kind":"user","ref":"laura"}]}]}`
}

func target(kind, ref string) client.EscalationTarget {
	return client.EscalationTarget{Kind: kind, Ref: ref}
}

func TestAdminSetsUpTheMajorIncidentEscalation(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		ctx := context.Background()
		laura := in.User(t, "laura", "responder")
		in.User(t, "nadia", "responder")

		exec := must(in.Admin.CreateEscalationPolicy(ctx, client.EscalationPolicy{Name: "exec", Steps: []client.EscalationStep{
			{Targets: []client.EscalationTarget{target("user", "nadia")}}}}))(t)
		if exec.ID == 0 || exec.CreatedAt.IsZero() {
			t.Fatalf("created %+v", exec)
		}
		major := client.EscalationPolicy{Name: "major-incident", Description: "SEV-1", Repeat: 2, Steps: []client.EscalationStep{
			{DelaySeconds: 300, Targets: []client.EscalationTarget{target("group", "incident-commander"), target("user", "laura")}},
			{DelaySeconds: 600, Targets: []client.EscalationTarget{target("policy", "exec")}},
		}}
		must(in.Admin.CreateEscalationPolicy(ctx, major))(t)

		// Everyone may read policies: a responder wants to know who is paged next.
		got := must(laura.EscalationPolicy(ctx, "major-incident"))(t)
		if got.Repeat != 2 || !slices.EqualFunc(got.Steps, major.Steps, sameStep) {
			t.Fatalf("read back %+v, want %+v", got, major)
		}
		page := must(laura.EscalationPolicies(ctx, "", 1))(t)
		if len(page.Policies) != 1 || page.Policies[0].Name != "exec" || page.NextCursor != "exec" {
			t.Fatalf("first page %+v", page)
		}
		page = must(laura.EscalationPolicies(ctx, page.NextCursor, 1))(t)
		if len(page.Policies) != 1 || page.Policies[0].Name != "major-incident" || page.NextCursor != "" {
			t.Fatalf("second page %+v", page)
		}
		if _, err := laura.CreateEscalationPolicy(ctx, client.EscalationPolicy{Name: "mine", Steps: major.Steps}); status(err) != http.StatusForbidden {
			t.Fatalf("a responder adds a policy: %v, want 403", err)
		}

		// A policy read back can be sent again as it is.
		got.Steps = got.Steps[:1]
		up := must(in.Admin.ReplaceEscalationPolicy(ctx, "major-incident", got))(t)
		if len(up.Steps) != 1 || up.Repeat != 2 {
			t.Fatalf("replaced: %+v", up)
		}

		a := call(t, in.URL, apptest.AdminToken, http.MethodDelete, "/api/v1/escalation-policies/exec", nil)
		if a.Status != http.StatusNoContent {
			t.Fatalf("delete exec once major-incident no longer hands on to it: %d %s", a.Status, a.Body)
		}
		if _, err := laura.EscalationPolicy(ctx, "exec"); status(err) != http.StatusNotFound {
			t.Fatalf("read a deleted policy: %v, want 404", err)
		}
	})
}

func TestBadPoliciesNameTheFieldOverTheAPI(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		in.User(t, "laura", "responder")
		// global hands on to eu1, so eu1 handing on to global would loop.
		for _, body := range []string{
			`{"name":"eu1","steps":[{"targets":[{"kind":"user","ref":"laura"}]}]}`,
			`{"name":"global","steps":[{"delay_seconds":300,"targets":[{"kind":"policy","ref":"eu1"}]}]}`,
		} {
			if a := call(t, in.URL, apptest.AdminToken, "POST", "/api/v1/escalation-policies", []byte(body)); a.Status != http.StatusCreated {
				t.Fatalf("good policy %s: %d %s", body, a.Status, a.Body)
			}
		}
		loop := `{"steps":[{"delay_seconds":60,"targets":[{"kind":"user","ref":"laura"}]},{"targets":[{"kind":"policy","ref":"global"}]}]}`
		for _, c := range []refusal{
			{"no steps", "POST", "", `{"name":"sev1","steps":[]}`, 422, "body.steps"},
			{"a step without targets", "POST", "", `{"name":"sev1","steps":[{"targets":[{"kind":"user","ref":"laura"}]},{"delay_seconds":60,"targets":[]}]}`, 422, "body.steps[1].targets"},
			{"unknown user", "POST", "", `{"name":"sev1","steps":[{"targets":[{"kind":"user","ref":"laura"},{"kind":"user","ref":"nobody-here"}]}]}`, 404, "body.steps[0].targets[1].ref"},
			{"unknown schedule", "POST", "", `{"name":"sev1","steps":[{"targets":[{"kind":"schedule","ref":"major-incident"}]}]}`, 404, "body.steps[0].targets[0].ref"},
			{"unknown group", "POST", "", `{"name":"sev1","steps":[{"targets":[{"kind":"group","ref":"everyone"}]}]}`, 422, "body.steps[0].targets[0].ref"},
			{"unknown kind", "POST", "", `{"name":"sev1","steps":[{"targets":[{"kind":"team","ref":"sre"}]}]}`, 422, "body.steps[0].targets[0].kind"},
			{"a delay over a day", "POST", "", `{"name":"sev1","steps":[{"delay_seconds":86401,"targets":[{"kind":"user","ref":"laura"}]}]}`, 422, "body.steps[0].delay_seconds"},
			{"ten repeats", "POST", "", `{"name":"sev1","repeat":10,"steps":[{"delay_seconds":60,"targets":[{"kind":"user","ref":"laura"}]}]}`, 422, "body.repeat"},
			{"a name taken", "POST", "", `{"name":"eu1","steps":[{"targets":[{"kind":"user","ref":"laura"}]}]}`, 409, "body.name"},
			{"a loop", "PUT", "/eu1", loop, 422, "body.steps[1].targets[0].ref"},
			{"deleting a policy handed on to", "DELETE", "/eu1", "", 409, "path.name"},
			{"replacing a policy that is not there", "PUT", "/sev9", loop, 404, "path.name"},
		} {
			var body []byte
			if c.body != "" {
				body = []byte(c.body)
			}
			a := call(t, in.URL, apptest.AdminToken, c.method, "/api/v1/escalation-policies"+c.path, body)
			if a.Status != c.status {
				t.Errorf("%s: %d, want %d: %s", c.name, a.Status, c.status, a.Body)
				continue
			}
			if p := a.problem(t); !slices.Contains(p.locations(), c.location) {
				t.Errorf("%s: problem names %v, want %s: %s", c.name, p.locations(), c.location, a.Body)
			}
		}
	})
}

func sameStep(a, b client.EscalationStep) bool {
	return a.DelaySeconds == b.DelaySeconds && slices.Equal(a.Targets, b.Targets)
}

// status is the HTTP status of a refusal, or 0.
func status(err error) int {
	var e *client.Error
	if errors.As(err, &e) {
		return e.Status
	}
	return 0
}
