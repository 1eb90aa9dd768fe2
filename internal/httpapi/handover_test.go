package httpapi_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

// Ten admins hand command to ten different people at the same moment. However
// the requests interleave, the incident ends with exactly one commander, every
// handover that was answered 2xx is on the timeline, and none that was not.
func TestConcurrentHandoversLeaveOneCommander(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		ctx := context.Background()
		people := []string{"anna", "bruno", "chen", "dalia", "emeka", "farah", "goran", "hana", "ivo", "jonas"}
		inc := must(in.Admin.Declare(ctx, client.Declaration{Title: "Alerting down in all regions", Severity: "SEV-1"}))(t)
		for _, p := range people {
			in.User(t, p, "responder")
			must(in.Admin.Join(ctx, inc.Number, p))(t)
		}

		start := make(chan struct{})
		errs := make([]error, len(people))
		var wg sync.WaitGroup
		for i, p := range people {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[i] = in.Admin.AssignRole(ctx, inc.Number, "commander", p)
			}()
		}
		close(start)
		wg.Wait()

		var handedTo []string
		for i, err := range errs {
			var apiErr *client.Error
			switch {
			case err == nil:
				handedTo = append(handedTo, people[i])
			case errors.As(err, &apiErr) && apiErr.Status < 500:
				t.Logf("handover to %s refused: %v", people[i], err)
			default:
				t.Errorf("handover to %s: %v; a race must never be a 5xx", people[i], err)
			}
		}
		if len(handedTo) == 0 {
			t.Fatal("no handover succeeded")
		}

		var open []string
		for _, h := range must(in.Admin.RoleHistory(ctx, inc.Number))(t) {
			if h.Role == "commander" && h.EndedAt.IsZero() {
				open = append(open, h.User)
			}
		}
		if len(open) != 1 {
			t.Fatalf("commanders now: %q, want exactly one", open)
		}

		var onTimeline []string
		for _, ev := range timeline(t, in.Admin, inc.Number) {
			if m := data(t, ev); ev.Kind == "role.assigned" && m["role"] == "commander" {
				onTimeline = append(onTimeline, m["user"].(string))
			}
		}
		if onTimeline[len(onTimeline)-1] != open[0] {
			t.Errorf("last handover on the timeline went to %s, but %s commands", onTimeline[len(onTimeline)-1], open[0])
		}
		slices.Sort(handedTo)
		slices.Sort(onTimeline)
		if !slices.Equal(handedTo, onTimeline) {
			t.Errorf("answered 2xx: %q; on the timeline: %q; want the same", handedTo, onTimeline)
		}
	})
}
