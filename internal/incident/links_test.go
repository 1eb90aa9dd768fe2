package incident_test

import (
	"context"
	"testing"

	"sitrep/internal/app/apptest"
	"sitrep/internal/auth"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// The eu1 and us1 incidents turn out to share a cause; linking them shows
// each room the other, once.
func TestRelatedLinksBothWaysOnce(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		laura := w.user(t, "laura", auth.Responder)
		sam := w.user(t, "sam", auth.Responder)
		eu1 := w.declare(t, laura, "eu1 auth latency", "SEV-2")
		us1 := w.declare(t, sam, "us1 auth latency", "SEV-2")

		w.expectAcross(t, func() error {
			l, err := w.inc.LinkIncidents(ctx, laura, eu1.Number, us1.Number, "related")
			if err == nil && (l.Number != us1.Number || l.Kind != "related") {
				t.Errorf("link %+v", l)
			}
			return err
		}, map[int64][]string{eu1.Number: {"incident.linked"}, us1.Number: {"incident.linked"}})
		for _, c := range [][2]int64{{eu1.Number, us1.Number}, {us1.Number, eu1.Number}} {
			got, err := w.inc.Get(ctx, c[0])
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Links) != 1 || got.Links[0].Number != c[1] || got.Links[0].Kind != "related" {
				t.Fatalf("incident %d links %+v, want related to %d", c[0], got.Links, c[1])
			}
		}

		link := func(by auth.Principal, a, b int64, kind string) func() error {
			return func() error { _, err := w.inc.LinkIncidents(ctx, by, a, b, kind); return err }
		}
		w.refused(t, problem.Conflict, "number", link(laura, eu1.Number, us1.Number, "related"))
		w.refused(t, problem.Conflict, "number", link(sam, us1.Number, eu1.Number, "related"))
		w.refused(t, problem.Invalid, "other", link(laura, eu1.Number, eu1.Number, "related"))
		w.refused(t, problem.Invalid, "kind", link(laura, eu1.Number, us1.Number, "caused-by"))
		w.refused(t, problem.NotFound, "other", link(laura, eu1.Number, 99, "related"))
		// laura is not on us1: she links from her own incident, not from his.
		other := w.declare(t, laura, "eu1 auth config drift", "SEV-4")
		w.refused(t, problem.Forbidden, "", link(laura, us1.Number, other.Number, "related"))
	})
}
