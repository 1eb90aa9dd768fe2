package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

func init() {
	validBodies["create-heartbeat"] = `{"name":"nightly-backup","interval_seconds":3600}`
	validBodies["change-heartbeat"] = `{"interval_seconds":7200}`
	validBodies["rotate-heartbeat-token"] = ``
	validBodies["ping-heartbeat"] = ``
}

// alertmanagerWatchdog is what Alertmanager's webhook receiver POSTs for the
// always-firing Watchdog alert.
const alertmanagerWatchdog = `{"version":"4","groupKey":"{}:{alertname=\"Watchdog\"}","status":"firing","receiver":"sitrep-heartbeat",
"alerts":[{"status":"firing","labels":{"alertname":"Watchdog","severity":"none"},"annotations":{"summary":"An alert that should always be firing"}}]}`

// The admin adds a heartbeat for the Prometheus Watchdog; its ping URL works
// without a login, with whatever method and body cron or Alertmanager send,
// and nothing else about the URL space answers but "not found".
func TestHeartbeatPingURLTakesWhatCronAndAlertmanagerSend(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d, apptest.Options{PublicURL: "https://sitrep.example.com"})
		ctx := context.Background()
		h := must(in.Admin.CreateHeartbeat(ctx, client.NewHeartbeat{Name: "prometheus-eu1", Kind: "monitoring", IntervalSeconds: 60}))(t)
		if h.Status != "new" || h.GraceSeconds != 60 || !strings.HasPrefix(h.Token, "hb_") || h.PingURL != "https://sitrep.example.com/hb/"+h.Token {
			t.Fatalf("created %+v", h)
		}
		path := "/hb/" + h.Token
		for _, c := range []struct {
			method string
			body   string
		}{{"GET", ""}, {"HEAD", ""}, {"POST", ""}, {"POST", alertmanagerWatchdog}, {"POST", "a=b"}} {
			var b []byte
			if c.body != "" {
				b = []byte(c.body)
			}
			a := call(t, in.URL, "", c.method, path, b)
			if a.Status != http.StatusOK || (c.method != "HEAD" && string(a.Body) != "ok\n") {
				t.Fatalf("%s %s: %d %q", c.method, path, a.Status, a.Body)
			}
		}
		got := must(in.Admin.Heartbeat(ctx, "prometheus-eu1"))(t)
		if got.Status != "up" || got.Pings != 5 || got.LastPingAt.IsZero() {
			t.Fatalf("after five pings: %+v", got)
		}
		for _, p := range []string{"/hb/hb_not_a_token", "/hb/" + h.Token + "x", "/hb/" + h.Token + "x/fail"} {
			if a := call(t, in.URL, "", "POST", p, nil); a.Status != http.StatusNotFound || strings.Contains(string(a.Body), "heartbeat") {
				t.Fatalf("POST %s: %d %q; want a bare 404", p, a.Status, a.Body)
			}
		}
		if a := call(t, in.URL, "", "POST", path, bytes.Repeat([]byte("x"), 300<<10)); a.Status != http.StatusRequestEntityTooLarge {
			t.Fatalf("a 300 KiB ping: %d", a.Status)
		}
		rot := must(in.Admin.RotateHeartbeat(ctx, "prometheus-eu1"))(t)
		if a := call(t, in.URL, "", "GET", path, nil); a.Status != http.StatusNotFound {
			t.Fatalf("the rotated-away token still pings: %d", a.Status)
		}
		if err := client.PingURL(ctx, nil, "GET", in.URL+"/hb/"+rot.Token); err != nil {
			t.Fatalf("ping with the new token: %v", err)
		}
		if a := call(t, in.URL, "", "POST", "/hb/"+rot.Token+"/fail", nil); a.Status != http.StatusOK {
			t.Fatalf("report a failure: %d %s", a.Status, a.Body)
		}
		if got := must(in.Admin.Heartbeat(ctx, "prometheus-eu1"))(t); got.Status != "down" || !got.Failed {
			t.Fatalf("after a reported failure: %+v", got)
		}
	})
}

// Bad settings answer 422 naming the field, and a viewer may read but not add.
func TestHeartbeatAPIRefusesBadSettings(t *testing.T) {
	in := apptest.Start(t, store.SQLite)
	for _, c := range []struct{ body, loc string }{
		{`{"name":"Nightly Backup","interval_seconds":60}`, "body.name"},
		{`{"name":"x","interval_seconds":5}`, "body.interval_seconds"},
		{`{"name":"x","interval_seconds":60,"kind":"cron"}`, "body.kind"},
		{`{"name":"x","interval_seconds":60,"service":"Billing API"}`, "body.service"},
		{`{"name":"x","interval_seconds":61,"grace_seconds":864000}`, "body.grace_seconds"},
		{`{"name":"x","interval_seconds":60,"service":"no-such-service"}`, "body.service"},
		{`{"name":"x","interval_seconds":60,"description":"` + strings.Repeat("x", 1025) + `"}`, "body.description"},
	} {
		a := call(t, in.URL, apptest.AdminToken, "POST", "/api/v1/heartbeats", []byte(c.body))
		if a.Status != http.StatusUnprocessableEntity || !strings.Contains(string(a.Body), c.loc) {
			t.Errorf("%s: %d %s; want 422 at %s", c.body, a.Status, a.Body, c.loc)
		}
	}
	vera := in.User(t, "vera", "viewer")
	if _, err := vera.CreateHeartbeat(context.Background(), client.NewHeartbeat{Name: "x", IntervalSeconds: 60}); err == nil {
		t.Fatal("a viewer added a heartbeat")
	}
	l := must(vera.Heartbeats(context.Background(), "", 0))(t)
	if len(l.Heartbeats) != 0 {
		t.Fatalf("a refused create stored %d heartbeats", len(l.Heartbeats))
	}
	var out map[string]any
	a := call(t, in.URL, apptest.AdminToken, "GET", "/api/v1/heartbeats", nil)
	if err := json.Unmarshal(a.Body, &out); err != nil || a.Status != http.StatusOK {
		t.Fatalf("list: %d %s", a.Status, a.Body)
	}
}

// FuzzHeartbeatPing sends any token and body to the ping URL: the answer is
// 200, 404, 413 or 422 for text no database could store, never a 5xx.
func FuzzHeartbeatPing(f *testing.F) {
	in := apptest.Start(f, store.SQLite)
	h, err := in.Admin.CreateHeartbeat(context.Background(), client.NewHeartbeat{Name: "etl", IntervalSeconds: 60})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(h.Token, "")
	f.Add(h.Token+"/fail", alertmanagerWatchdog)
	f.Add("hb_%00", "{")
	f.Add("..%2f..%2fapi", "")
	f.Add(strings.Repeat("a", 500), "\x00")
	f.Fuzz(func(t *testing.T, token, body string) {
		req, err := http.NewRequestWithContext(context.Background(), "POST", in.URL+"/hb/"+token, strings.NewReader(body))
		if err != nil {
			return
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode >= 500 {
			t.Fatalf("POST /hb/%q: %d", token, resp.StatusCode)
		}
	})
}
