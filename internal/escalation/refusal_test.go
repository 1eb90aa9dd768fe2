package escalation_test

import (
	"context"
	"testing"

	"sitrep/internal/app/apptest"
	"sitrep/internal/auth"
	"sitrep/internal/escalation"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

func TestBadPoliciesAreRefusedNamingTheField(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		w.user(t, "laura", auth.Responder)
		w.schedule(t, "major-incident")
		w.create(t, escalation.Policy{Name: "exec", Steps: steps(0, "user:laura")})
		cases := []struct {
			name  string
			p     escalation.Policy
			kind  problem.Kind
			field string
			says  string
		}{
			{"no steps", escalation.Policy{Name: "sev1"}, problem.Invalid, "steps", "at least one step"},
			{"a step with no targets", escalation.Policy{Name: "sev1", Steps: steps(0, "user:laura", 300)}, problem.Invalid, "steps[1].targets", "at least one target"},
			{"unknown user", escalation.Policy{Name: "sev1", Steps: steps(0, "user:laura", "user:nadia")}, problem.NotFound, "steps[0].targets[1].ref", `"nadia"`},
			{"unknown schedule", escalation.Policy{Name: "sev1", Steps: steps(0, "user:laura", 60, "schedule:exec-on-call")}, problem.NotFound, "steps[1].targets[0].ref", `"exec-on-call"`},
			{"unknown group", escalation.Policy{Name: "sev1", Steps: steps(0, "group:everyone")}, problem.Invalid, "steps[0].targets[0].ref", "incident-leads"},
			{"unknown policy", escalation.Policy{Name: "sev1", Steps: steps(0, "policy:legal")}, problem.NotFound, "steps[0].targets[0].ref", `"legal"`},
			{"unknown kind", escalation.Policy{Name: "sev1", Steps: steps(0, "team:sre")}, problem.Invalid, "steps[0].targets[0].kind", "user, schedule, group or policy"},
			{"a target twice in a step", escalation.Policy{Name: "sev1", Steps: steps(0, "user:laura", "schedule:major-incident", "user:laura")}, problem.Invalid, "steps[0].targets[2]", "targets[0]"},
			{"a delay over a day", escalation.Policy{Name: "sev1", Steps: steps(86401, "user:laura")}, problem.Invalid, "steps[0].delay_seconds", "86400"},
			{"a negative delay", escalation.Policy{Name: "sev1", Steps: steps(-1, "user:laura")}, problem.Invalid, "steps[0].delay_seconds", ""},
			{"ten repeats", escalation.Policy{Name: "sev1", Repeat: 10, Steps: steps(60, "user:laura")}, problem.Invalid, "repeat", "0 to 9"},
			{"repeats that take no time", escalation.Policy{Name: "sev1", Repeat: 1, Steps: steps(0, "user:laura")}, problem.Invalid, "repeat", "delay"},
			{"a name with spaces", escalation.Policy{Name: "SEV 1", Steps: steps(0, "user:laura")}, problem.Invalid, "name", "lowercase"},
			{"a name already taken", escalation.Policy{Name: "exec", Steps: steps(0, "user:laura")}, problem.Conflict, "name", "PUT"},
			{"a description with NUL", escalation.Policy{Name: "sev1", Description: "a\x00b", Steps: steps(0, "user:laura")}, problem.Invalid, "description", "control"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				w.refused(t, c.kind, c.field, func() error {
					_, err := w.pol.Create(context.Background(), w.admin, c.p)
					return err
				}, c.says)
			})
		}
	})
}

func TestOnlyAdminsManagePolicies(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		laura := w.user(t, "laura", auth.Responder)
		p := escalation.Policy{Name: "sev1", Steps: steps(0, "user:laura")}
		w.refused(t, problem.Forbidden, "", func() error { _, err := w.pol.Create(ctx, laura, p); return err }, "admin")
		w.create(t, p)
		w.refused(t, problem.Forbidden, "", func() error { _, err := w.pol.Update(ctx, laura, "sev1", p); return err }, "admin")
		w.refused(t, problem.Forbidden, "", func() error { return w.pol.Delete(ctx, laura, "sev1") }, "admin")
	})
}

func TestUpdateAndDeleteRefuseWhatTheyCannotDo(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		w.user(t, "laura", auth.Responder)
		w.create(t, escalation.Policy{Name: "sev1", Steps: steps(0, "user:laura")})
		w.refused(t, problem.NotFound, "name", func() error {
			_, err := w.pol.Update(ctx, w.admin, "sev2", escalation.Policy{Steps: steps(0, "user:laura")})
			return err
		}, `"sev2"`)
		w.refused(t, problem.Invalid, "name", func() error {
			_, err := w.pol.Update(ctx, w.admin, "sev1", escalation.Policy{Name: "sev-1", Steps: steps(0, "user:laura")})
			return err
		}, "renamed")
		w.refused(t, problem.NotFound, "name", func() error { return w.pol.Delete(ctx, w.admin, "sev2") }, `"sev2"`)
	})
}

func TestDeletingAPolicyOthersHandOnToIsRefused(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		w.user(t, "laura", auth.Responder)
		w.create(t, escalation.Policy{Name: "exec", Steps: steps(0, "user:laura")})
		w.create(t, escalation.Policy{Name: "sev1", Steps: steps(0, "group:incident-commander", 600, "policy:exec")})
		w.create(t, escalation.Policy{Name: "sev2", Steps: steps(900, "policy:exec")})

		w.refused(t, problem.Conflict, "name", func() error { return w.pol.Delete(ctx, w.admin, "exec") }, "sev1, sev2")

		for _, name := range []string{"sev1", "sev2"} {
			if err := w.pol.Delete(ctx, w.admin, name); err != nil {
				t.Fatalf("delete %s: %v", name, err)
			}
		}
		if err := w.pol.Delete(ctx, w.admin, "exec"); err != nil {
			t.Fatalf("delete exec once nothing hands on to it: %v", err)
		}
	})
}
