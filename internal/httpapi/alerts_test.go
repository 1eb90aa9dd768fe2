package httpapi_test

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

type groupsDoc struct {
	Groups []struct {
		ID     int64             `json:"id"`
		Status string            `json:"status"`
		Firing int               `json:"firing"`
		Labels map[string]string `json:"labels"`
		Alerts []struct {
			Status string `json:"status"`
		} `json:"alerts"`
	} `json:"groups"`
}

type alertsDoc struct {
	Alerts []struct {
		Fingerprint string `json:"fingerprint"`
		Status      string `json:"status"`
	} `json:"alerts"`
}

const nodesDown = `[
	{"labels":{"alertname":"NodeNotReady","region":"eu1","node":"n1"},"annotations":{"summary":"node not ready"}},
	{"labels":{"alertname":"NodeNotReady","region":"eu1","node":"n2"}},
	{"labels":{"alertname":"NodeNotReady","region":"us1","node":"n3"}}]`

// Prometheus sends the same three alerts twice through the Alertmanager API:
// sitrep answers as Alertmanager does and keeps two groups of three alerts.
func TestAlertmanagerAPIGroupsAndResolves(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d, apptest.Options{ManualEngine: true})
		tok := apptest.AdminToken
		for range 2 {
			a := call(t, in.URL, tok, "POST", "/api/v2/alerts", []byte(nodesDown))
			if a.Status != http.StatusOK || len(a.Body) != 0 {
				t.Fatalf("post: %d %q", a.Status, a.Body)
			}
		}
		var as alertsDoc
		getJSON(t, in.URL, tok, "/api/v1/alerts?status=firing", &as)
		var gs groupsDoc
		getJSON(t, in.URL, tok, "/api/v1/alert-groups?status=open", &gs)
		if len(as.Alerts) != 3 || len(gs.Groups) != 2 {
			t.Fatalf("%d alerts in %d groups, want 3 in 2", len(as.Alerts), len(gs.Groups))
		}
		// us1's only node recovers: Prometheus sends endsAt in the past.
		a := call(t, in.URL, tok, "POST", "/api/v2/alerts", []byte(`[{"labels":{"alertname":"NodeNotReady","region":"us1","node":"n3"},"endsAt":"2020-01-01T00:00:00Z"}]`))
		if a.Status != http.StatusOK {
			t.Fatalf("resolve: %d %s", a.Status, a.Body)
		}
		getJSON(t, in.URL, tok, "/api/v1/alert-groups?status=resolved", &gs)
		if len(gs.Groups) != 1 || gs.Groups[0].Labels["region"] != "us1" {
			t.Fatalf("resolved groups %+v", gs.Groups)
		}
		var g struct {
			Status string `json:"status"`
			Alerts []struct {
				Status string `json:"status"`
			} `json:"alerts"`
		}
		getJSON(t, in.URL, tok, "/api/v1/alert-groups/"+strconv.FormatInt(gs.Groups[0].ID, 10), &g)
		if g.Status != "resolved" || len(g.Alerts) != 1 || g.Alerts[0].Status != "resolved" {
			t.Errorf("group %+v", g)
		}
	})
}

// The generic endpoint and the Alertmanager webhook report what they took.
func TestGenericAndWebhookIntake(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d, apptest.Options{ManualEngine: true})
		tok := apptest.AdminToken
		a := call(t, in.URL, tok, "POST", "/api/v1/alerts", []byte(`{"dedup_key":"db-1","status":"firing","summary":"replica lag","labels":{"region":"eu1"}}`))
		if a.Status != http.StatusOK || !strings.Contains(string(a.Body), `"new":1`) {
			t.Fatalf("generic: %d %s", a.Status, a.Body)
		}
		a = call(t, in.URL, tok, "POST", "/api/v1/alerts/alertmanager", []byte(`{"version":"4","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"A","region":"eu1"}}]}`))
		if a.Status != http.StatusOK || !strings.Contains(string(a.Body), `"accepted":1`) {
			t.Fatalf("webhook: %d %s", a.Status, a.Body)
		}
		if n := alertCount(t, in); n != 2 {
			t.Errorf("%d alerts, want 2", n)
		}
	})
}

// Bad bodies, strangers and viewers are refused and nothing is stored.
func TestAlertIntakeRefusesWithoutWriting(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d, apptest.Options{ManualEngine: true})
		tok := apptest.AdminToken
		in.User(t, "vera", "viewer")
		viewer := token(t, in, "vera")
		huge := append([]byte(`[{"labels":{"alertname":"`), bytes.Repeat([]byte("x"), 5<<20)...)
		cases := []struct {
			name, tok, path, body string
			want                  int
		}{
			{"truncated", tok, "/api/v2/alerts", `[{"labels":`, 400},
			{"not an array", tok, "/api/v2/alerts", `{"labels":{}}`, 400},
			{"odd label", tok, "/api/v2/alerts", `[{"labels":{"a":"1"}},{"labels":{"node-name":"x"}}]`, 400},
			{"huge", tok, "/api/v2/alerts", string(huge), 413},
			{"bad status", tok, "/api/v1/alerts", `{"dedup_key":"x","status":"open"}`, 400},
			{"stranger", "", "/api/v2/alerts", nodesDown, 401},
			{"viewer", viewer, "/api/v2/alerts", nodesDown, 403},
		}
		for _, c := range cases {
			a := call(t, in.URL, c.tok, "POST", c.path, []byte(c.body))
			if a.Status != c.want || !strings.HasPrefix(a.Header.Get("Content-Type"), "application/problem+json") {
				t.Errorf("%s: %d %s (%s), want %d problem", c.name, a.Status, a.Header.Get("Content-Type"), trunc(a.Body), c.want)
			}
		}
		if n := alertCount(t, in); n != 0 {
			t.Errorf("%d alerts stored from refused requests", n)
		}
	})
}

func alertCount(t *testing.T, in *apptest.Instance) int {
	t.Helper()
	var as alertsDoc
	getJSON(t, in.URL, apptest.AdminToken, "/api/v1/alerts", &as)
	return len(as.Alerts)
}

func trunc(b []byte) string {
	if len(b) > 200 {
		b = b[:200]
	}
	return string(b)
}
