package escalation_test

import (
	"context"
	"fmt"
	"testing"

	"sitrep/internal/app/apptest"
	"sitrep/internal/auth"
	"sitrep/internal/escalation"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

func TestPoliciesThatHandOnInALoopAreRefused(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		w.user(t, "laura", auth.Responder)
		w.user(t, "nadia", auth.Responder)
		// eu1 hands on to global, which hands on to exec.
		w.create(t, escalation.Policy{Name: "exec", Steps: steps(0, "user:nadia")})
		w.create(t, escalation.Policy{Name: "global", Steps: steps(0, "group:family-commanders", 600, "policy:exec")})
		w.create(t, escalation.Policy{Name: "eu1", Steps: steps(0, "user:laura", 300, "policy:global")})

		update := func(name string, p escalation.Policy) func() error {
			return func() error { _, err := w.pol.Update(ctx, w.admin, name, p); return err }
		}
		// global -> eu1 -> global
		w.refused(t, problem.Invalid, "steps[1].targets[1].ref",
			update("global", escalation.Policy{Steps: steps(0, "group:family-commanders", 600, "policy:exec", "policy:eu1")}),
			`"eu1"`, "global → eu1 → global")
		// exec -> eu1 -> global -> exec
		w.refused(t, problem.Invalid, "steps[0].targets[1].ref",
			update("exec", escalation.Policy{Steps: steps(0, "user:nadia", "policy:eu1")}),
			"exec → eu1 → global → exec")
		// exec -> exec
		w.refused(t, problem.Invalid, "steps[1].targets[0].ref",
			update("exec", escalation.Policy{Steps: steps(60, "user:nadia", 60, "policy:exec")}),
			"itself")
		// A new policy cannot hand on to itself either, although it does not exist yet.
		w.refused(t, problem.Invalid, "steps[0].targets[0].ref", func() error {
			_, err := w.pol.Create(ctx, w.admin, escalation.Policy{Name: "apac", Steps: steps(0, "policy:apac")})
			return err
		}, "itself")

		// Two policies handing on to the same one is a diamond, not a loop.
		w.create(t, escalation.Policy{Name: "apac", Steps: steps(0, "policy:global", "policy:exec")})
		if _, err := w.pol.Update(ctx, w.admin, "exec", escalation.Policy{Steps: steps(0, "user:nadia", "user:laura")}); err != nil {
			t.Fatalf("an update that adds no hand-on: %v", err)
		}
	})
}

// Two admins saving the two halves of a loop at the same moment: each check
// alone sees no loop, so the writes must queue for exactly one to be refused.
func TestConcurrentHalvesOfALoopAreNotBothSaved(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		w.user(t, "laura", auth.Responder)
		for round := range 10 {
			a, b := fmt.Sprintf("eu%d", round), fmt.Sprintf("us%d", round)
			w.create(t, escalation.Policy{Name: a, Steps: steps(0, "user:laura")})
			w.create(t, escalation.Policy{Name: b, Steps: steps(0, "user:laura")})
			errs := make(chan error, 2)
			for _, pair := range [][2]string{{a, b}, {b, a}} {
				go func() {
					_, err := w.pol.Update(ctx, w.admin, pair[0], escalation.Policy{Steps: steps(0, "user:laura", 60, "policy:"+pair[1])})
					errs <- err
				}()
			}
			var refused int
			for range 2 {
				if err := <-errs; problem.Is(err, problem.Invalid) {
					refused++
				} else if err != nil {
					t.Fatalf("round %d: %v", round, err)
				}
			}
			if refused != 1 {
				t.Fatalf("round %d: %d of the two halves refused, want exactly 1", round, refused)
			}
		}
	})
}
