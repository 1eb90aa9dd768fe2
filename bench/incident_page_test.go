package bench

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"sitrep/internal/app/apptest"
	"sitrep/internal/auth"
	"sitrep/internal/store"
)

// The target of issue 5: the war-room page of an incident with 70 workstreams
// and 500 responders renders in <= 50 ms of server time.
var pageRenders = flag.Int("page-renders", 300, "incident page renders to time")

// BenchmarkIncidentPage seeds a SEV-1 of 500 responders, 70 workstreams with
// leads, a few thousand timeline events and 200 messages in the incident
// channel, then times GET /incidents/{n} as a browser of a responder loads it.
// Requests go straight to the server's handler (no sockets), one at a time,
// so the figures are server time: authentication, every read and the render.
func BenchmarkIncidentPage(b *testing.B) {
	for _, d := range apptest.Dialects {
		b.Run(string(d), func(b *testing.B) {
			page := seedPage(b, apptest.Start(b, d), Scale{Responders: 500, Workstreams: 70, Events: 3000, Clients: 1})
			for range b.N {
				r := renderPages(b, page, *pageRenders)
				b.ReportMetric(0, "ns/op")
				b.ReportMetric(pct(r.Latency, 50), "p50-ms")
				b.ReportMetric(pct(r.Latency, 99), "p99-ms")
				b.ReportMetric(float64(r.Errors), "errors")
				fmt.Println(summary(string(d)+" incident page", r))
			}
		})
	}
}

// pageRun is a seeded incident and a request for its page.
type pageRun struct {
	h     http.Handler
	path  string
	token string
}

func seedPage(tb testing.TB, in *apptest.Instance, sc Scale) pageRun {
	tb.Helper()
	s := seed(tb, in, sc)
	ctx := context.Background()
	a := in.App
	admin, err := a.Auth.User(ctx, auth.BootstrapHandle)
	if err != nil {
		tb.Fatal(err)
	}
	root := auth.Principal{UserID: admin.ID, Handle: admin.Handle, Role: auth.Admin}
	parallel(tb, 200, func(i int) error {
		_, err := a.Incidents.PostMessage(ctx, root, s.Number, 0, fmt.Sprintf("message %d in the **incident channel**", i))
		return err
	})
	_, secret, err := a.Auth.CreateToken(ctx, root, "responder000", "page bench", 0)
	if err != nil {
		tb.Fatal(err)
	}
	return pageRun{h: a.Handler(), path: fmt.Sprintf("/incidents/%d", s.Number), token: secret}
}

// renderPages loads the page n times and records each server time.
func renderPages(tb testing.TB, p pageRun, n int) Result {
	var r Result
	start := time.Now()
	for range n {
		req := httptest.NewRequest("GET", p.path, nil)
		req.Header.Set("Accept", "text/html")
		req.Header.Set("Authorization", "Bearer "+p.token)
		w := httptest.NewRecorder()
		t0 := time.Now()
		p.h.ServeHTTP(w, req)
		r.Latency = append(r.Latency, time.Since(t0))
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `id="region-workstreams"`) {
			r.Errors++
			if r.FirstErr == nil {
				r.FirstErr = fmt.Errorf("GET %s: %d", p.path, w.Code)
			}
			continue
		}
		r.OK++
	}
	r.Elapsed = time.Since(start)
	return r
}

// TestIncidentPageSmall keeps the page benchmark working at a tiny scale and
// checks that the page stays bounded: it lists at most 100 responders.
func TestIncidentPageSmall(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		p := seedPage(t, apptest.Start(t, d), Scale{Responders: 120, Workstreams: 8, Events: 100, Clients: 1})
		if r := renderPages(t, p, 3); r.Errors > 0 {
			t.Fatalf("%d errors; first: %v", r.Errors, r.FirstErr)
		}
	})
}
