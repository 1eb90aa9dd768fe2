package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

func init() {
	validBodies["create-probe"] = `{"name":"api-health","kind":"tcp","target":"192.0.2.10:443","interval_seconds":30}`
	validBodies["change-probe"] = `{"interval_seconds":60}`
	validBodies["report-agent-results"] = `{"results":[{"probe":"api-health","at":"2025-01-01T00:00:00Z","ok":true,"latency_ms":12}]}`
}

// Probe targets that would make sitrep fetch cloud credentials or reach its
// own host are refused when they are saved, naming the field; nothing is
// stored.
func TestProbeTargetsTheGuardRefusesAreRefusedAtSaveTime(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		cases := []struct{ body, location string }{
			{`{"name":"meta","kind":"http","target":"http://169.254.169.254/latest/meta-data/"}`, "body.target"},
			{`{"name":"meta","kind":"http","target":"http://metadata.google.internal/"}`, "body.target"},
			{`{"name":"meta","kind":"tcp","target":"[fe80::1]:22"}`, "body.target"},
			{`{"name":"loop","kind":"tcp","target":"127.0.0.1:5432"}`, "body.target"},
			{`{"name":"dns","kind":"dns","target":"example.com","dns":{"server":"169.254.169.253:53"}}`, "body.dns.server"},
			{`{"name":"often","kind":"tcp","target":"192.0.2.1:80","interval_seconds":5}`, "body.interval_seconds"},
			{`{"name":"slow","kind":"tcp","target":"192.0.2.1:80","interval_seconds":10,"timeout_seconds":10}`, "body.timeout_seconds"},
			{`{"name":"kofn","kind":"tcp","target":"192.0.2.1:80","vantages":["local","eu-west"],"min_failing":3}`, "body.min_failing"},
			{`{"name":"Bad Name","kind":"tcp","target":"192.0.2.1:80"}`, "body.name"},
			{`{"name":"x","kind":"http","target":"https://example.com","http":{"headers":{"Bad Header":"v"}}}`, "body.http.headers"},
		}
		for _, c := range cases {
			a := call(t, in.URL, apptest.AdminToken, "POST", "/api/v1/probes", []byte(c.body))
			if a.Status != http.StatusBadRequest && a.Status != http.StatusUnprocessableEntity {
				t.Fatalf("%s: %d %s", c.body, a.Status, a.Body)
			}
			if p := a.problem(t); !slices.Contains(p.locations(), c.location) {
				t.Fatalf("%s: locations %v, want %s", c.body, p.locations(), c.location)
			}
		}
		list, err := in.Admin.Probes(context.Background(), "", 0)
		if err != nil || len(list.Probes) != 0 {
			t.Fatalf("after refusals: %+v %v", list, err)
		}
	})
}

// An admin adds, pages through, changes and removes probes; a viewer reads
// them but cannot write; defaults are filled in.
func TestProbeLifecycle(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		ctx := context.Background()
		for i := range 3 {
			must(in.Admin.CreateProbe(ctx, client.Probe{Name: fmt.Sprintf("p%d", i), Kind: "http", Target: "https://example.com/"}))(t)
		}
		p := must(in.Admin.Probe(ctx, "p0"))(t)
		if p.IntervalSeconds != 60 || p.TimeoutSeconds != 10 || p.FailuresBeforeAlert != 2 || p.SuccessesBeforeRecovery != 2 ||
			!slices.Equal(p.Vantages, []string{"local"}) || p.MinFailing != 1 || p.Enabled == nil || !*p.Enabled || p.State != "unknown" || p.HTTP.Method != "GET" {
			t.Fatalf("defaults: %+v", p)
		}
		if _, err := in.Admin.CreateProbe(ctx, client.Probe{Name: "p0", Kind: "tcp", Target: "192.0.2.1:1"}); !isStatus(err, http.StatusConflict) {
			t.Fatalf("duplicate name: %v", err)
		}
		page1 := must(in.Admin.Probes(ctx, "", 2))(t)
		page2 := must(in.Admin.Probes(ctx, page1.NextCursor, 2))(t)
		if len(page1.Probes) != 2 || len(page2.Probes) != 1 || page2.NextCursor != "" || page2.Probes[0].Name != "p2" {
			t.Fatalf("pages %+v %+v", page1, page2)
		}
		iv, off := 30, false
		ch := must(in.Admin.ChangeProbe(ctx, "p1", client.ProbeChange{IntervalSeconds: &iv, Vantages: []string{"local", "eu-west"}, Enabled: &off}))(t)
		if ch.IntervalSeconds != 30 || len(ch.Vantages) != 2 || *ch.Enabled {
			t.Fatalf("changed %+v", ch)
		}
		viewer := in.User(t, "vera", "viewer")
		if _, err := viewer.Probe(ctx, "p1"); err != nil {
			t.Fatalf("viewer reads: %v", err)
		}
		if err := viewer.RemoveProbe(ctx, "p1"); !isStatus(err, http.StatusForbidden) {
			t.Fatalf("viewer removes: %v", err)
		}
		if err := in.Admin.RemoveProbe(ctx, "p1"); err != nil {
			t.Fatal(err)
		}
		if _, err := in.Admin.Probe(ctx, "p1"); !isStatus(err, http.StatusNotFound) {
			t.Fatalf("removed probe: %v", err)
		}
	})
}

func isStatus(err error, status int) bool {
	var e *client.Error
	return err != nil && asClientError(err, &e) && e.Status == status
}

func asClientError(err error, e **client.Error) bool {
	ce, ok := err.(*client.Error)
	*e = ce
	return ok
}

// A remote vantage point fetches only its own probes and reports results;
// results for probes not assigned to it are dropped, and "local" is not an
// agent's name.
func TestAgentFetchesItsProbesAndReports(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		ctx := context.Background()
		must(in.Admin.CreateProbe(ctx, client.Probe{Name: "eu", Kind: "tcp", Target: "192.0.2.1:443", Vantages: []string{"eu-west"}}))(t)
		must(in.Admin.CreateProbe(ctx, client.Probe{Name: "home", Kind: "tcp", Target: "192.0.2.2:443"}))(t)
		agent := in.User(t, "agent-eu", "responder")
		ps := must(agent.AgentProbes(ctx, "eu-west"))(t)
		if len(ps) != 1 || ps[0].Name != "eu" {
			t.Fatalf("eu-west's probes %+v", ps)
		}
		now := time.Now().UTC()
		n := must(agent.ReportResults(ctx, "eu-west", []client.ProbeResult{{Probe: "eu", At: now, OK: false, Error: "connection refused"},
			{Probe: "home", At: now, OK: false}, {Probe: "gone", At: now, OK: true}}))(t)
		if n != 1 {
			t.Fatalf("stored %d results; want only eu's", n)
		}
		h := must(in.Admin.ProbeResults(ctx, "eu", 0))(t)
		if len(h.Recent) != 1 || h.Recent[0].Vantage != "eu-west" || h.Recent[0].Error != "connection refused" {
			t.Fatalf("eu's results %+v", h.Recent)
		}
		if _, err := agent.ReportResults(ctx, "local", nil); !isStatus(err, http.StatusBadRequest) && !isStatus(err, http.StatusUnprocessableEntity) {
			t.Fatalf("report as local: %v", err)
		}
		viewer := in.User(t, "vic", "viewer")
		if _, err := viewer.AgentProbes(ctx, "eu-west"); !isStatus(err, http.StatusForbidden) || !strings.Contains(err.Error(), "responder") {
			t.Fatalf("viewer as agent: %v", err)
		}
	})
}
