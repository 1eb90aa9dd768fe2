package incident_test

import (
	"context"
	"testing"
	"time"

	"sitrep/internal/app/apptest"
	"sitrep/internal/auth"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// The postmortem of the us1 outage finds that the alert fired at 00:38, not
// when laura declared; the correction keeps what was recorded before and why.
func TestMilestoneCorrectionKeepsPreviousValueAndReason(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		laura := w.user(t, "laura", auth.Responder)
		inc := w.declare(t, laura, "us1 API 5xx", "SEV-2")
		w.clk.Advance(2 * time.Hour)
		detected := night.Add(-22 * time.Minute)

		evs := w.expectEvents(t, inc.Number, func() error {
			var err error
			inc, err = w.inc.SetMilestone(ctx, laura, inc.Number, "detected", detected, "  alert fired at 00:38, paged nobody  ")
			return err
		}, "milestone.set")
		for _, s := range []string{`"kind":"detected"`, `"previous":"2024-03-08T01:00:00Z"`, `"at":"2024-03-08T00:38:00Z"`, `"reason":"alert fired at 00:38, paged nobody"`} {
			if !mentions(evs[0], s) {
				t.Fatalf("event %s does not mention %s", evs[0].Data, s)
			}
		}
		for _, m := range inc.Milestones {
			if m.Kind == "detected" && (!m.At.Equal(detected) || m.SetBy != "laura" || m.Reason == "") {
				t.Fatalf("detected milestone %+v, want at %v set by laura with a reason", m, detected)
			}
		}
	})
}

func TestMilestoneCorrectionRefusals(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		laura := w.user(t, "laura", auth.Responder)
		sam := w.user(t, "sam", auth.Responder)
		inc := w.declare(t, laura, "us1 API 5xx", "SEV-2")
		earlier := night.Add(-time.Hour)
		cases := []struct {
			name   string
			by     auth.Principal
			kind   string
			at     time.Time
			reason string
			refuse problem.Kind
			field  string
		}{
			{"no reason", laura, "detected", earlier, "  ", problem.Invalid, "reason"},
			{"unknown milestone", laura, "noticed", earlier, "pager log", problem.Invalid, "kind"},
			{"no time", laura, "detected", time.Time{}, "pager log", problem.Invalid, "at"},
			{"in the future", laura, "resolved", night.Add(time.Hour), "optimism", problem.Invalid, "at"},
			{"not a responder", sam, "detected", earlier, "pager log", problem.Forbidden, ""},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				w.refused(t, c.refuse, c.field, func() error {
					_, err := w.inc.SetMilestone(ctx, c.by, inc.Number, c.kind, c.at, c.reason)
					return err
				})
			})
		}
	})
}
