package httpapi_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

// Prometheus scrapes with a token and sees request latency by route pattern,
// so that one slow endpoint stands out from the rest.
func TestMetricsShowRequestDurationByRoute(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		ctx := context.Background()
		inc := must(in.Admin.Declare(ctx, client.Declaration{Title: "Alerting down in all regions", Severity: "SEV-1"}))(t)
		must(in.Admin.Incident(ctx, inc.Number))(t)

		a := call(t, in.URL, apptest.AdminToken, http.MethodGet, "/metrics", nil)
		if a.Status != http.StatusOK {
			t.Fatalf("GET /metrics: %d %s", a.Status, a.Body)
		}
		for _, want := range []struct{ route, method, status string }{
			{"POST /api/v1/incidents", "POST", "201"},
			{"GET /api/v1/incidents/{number}", "GET", "200"},
		} {
			if n := count(string(a.Body), want.route, want.method, want.status); n < 1 {
				t.Errorf("sitrep_http_request_duration_seconds_count for %s %s: %v, want at least 1 in:\n%s", want.route, want.status, n, a.Body)
			}
		}
	})
}

// count finds the histogram count of one route, method and status.
func count(exposition, route, method, status string) float64 {
	labels := []string{`route="` + route + `"`, `method="` + method + `"`, `status="` + status + `"`}
	for _, line := range strings.Split(exposition, "\n") {
		name, rest, ok := strings.Cut(line, "{")
		if !ok || name != "sitrep_http_request_duration_seconds_count" {
			continue
		}
		set, value, _ := strings.Cut(rest, "} ")
		matched := true
		for _, l := range labels {
			matched = matched && strings.Contains(set, l)
		}
		if matched {
			v, _ := strconv.ParseFloat(strings.TrimSpace(value), 64)
			return v
		}
	}
	return 0
}
