package statuspage_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/clock"
	"sitrep/internal/statuspage"
	"sitrep/internal/store"
)

// page is a status page under test: the public listener of one instance,
// whose clock the test moves past the response cache.
type page struct {
	t     *testing.T
	in    *apptest.Instance
	url   string
	clock *clock.Manual
}

func start(t *testing.T, d store.Dialect) *page {
	t.Helper()
	clk := clock.NewManual(time.Date(2026, 3, 17, 9, 0, 0, 0, time.UTC))
	in := apptest.Start(t, d, apptest.Options{Clock: clk})
	srv := httptest.NewServer(in.App.PublicHandler())
	t.Cleanup(srv.Close)
	return &page{t: t, in: in, url: srv.URL, clock: clk}
}

// get fetches path after the cache has forgotten what it rendered before.
func (p *page) get(path string) (*http.Response, string) {
	p.t.Helper()
	p.clock.Advance(statuspage.TTL)
	return p.getCached(path)
}

// getCached fetches path without moving the clock.
func (p *page) getCached(path string) (*http.Response, string) {
	p.t.Helper()
	res, err := http.Get(p.url + path)
	if err != nil {
		p.t.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		p.t.Fatalf("GET %s: %v", path, err)
	}
	return res, string(b)
}

func (p *page) declare(title, severity string) int64 {
	p.t.Helper()
	inc, err := p.in.Admin.Declare(context.Background(), client.Declaration{Title: title, Severity: severity})
	if err != nil {
		p.t.Fatalf("declare %q: %v", title, err)
	}
	return inc.Number
}

func (p *page) post(number int64, audience, body string) {
	p.t.Helper()
	if _, err := p.in.Admin.PostUpdate(context.Background(), number, audience, body); err != nil {
		p.t.Fatalf("post %s update to incident %d: %v", audience, number, err)
	}
}

func TestCustomersReadOnlyWhatWasWrittenForThem(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		p := start(t, d)
		n := p.declare("<script>alert(1)</script> EU1 down", "SEV-1")
		p.post(n, "public", "We are investigating failed logins in EU1 <img src=x onerror=alert(1)>\nNext update in 30 minutes.")
		p.post(n, "responders", "restarting parent control planes in eu1-a")
		p.post(n, "support", "tell customers to retry; refunds are approved")
		p.post(n, "executives", "press inquiry from a national newspaper")

		for _, path := range []string{"/", "/incidents/" + itoa(n), "/api/summary.json", "/feed.atom"} {
			res, body := p.get(path)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: %d %s", path, res.StatusCode, body)
			}
			if !strings.Contains(body, "We are investigating failed logins in EU1") {
				t.Errorf("GET %s does not show the public update:\n%s", path, body)
			}
			for _, internal := range []string{"control planes", "refunds", "newspaper", "admin"} {
				if strings.Contains(body, internal) {
					t.Errorf("GET %s shows %q, which was not written for the public", path, internal)
				}
			}
			if strings.Contains(body, "<script>alert(1)") || strings.Contains(body, "<img") {
				t.Errorf("GET %s carries stored markup unescaped:\n%s", path, body)
			}
			// In HTML, not even the inert handler-shaped text may show.
			if strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") && strings.Contains(body, "onerror=alert") {
				t.Errorf("GET %s shows onerror=alert:\n%s", path, body)
			}
			csp := res.Header.Get("Content-Security-Policy")
			if csp == "" || strings.Contains(csp, "unsafe-inline") {
				t.Errorf("GET %s: Content-Security-Policy %q, want strict", path, csp)
			}
			if res.Header.Get("X-Content-Type-Options") != "nosniff" || res.Header.Get("Cache-Control") != "public, max-age=15" {
				t.Errorf("GET %s: headers %v", path, res.Header)
			}
		}
		_, html := p.get("/")
		if !strings.Contains(html, "Major outage") || !strings.Contains(html, "EU1 down") {
			t.Errorf("home page lacks the impact or the title:\n%s", html)
		}
		if !strings.Contains(html, "EU1 &lt;img src&#61;x onerror&#61;alert(1)&gt;") || !strings.Contains(html, "&lt;script&gt;alert(1)&lt;/script&gt; EU1 down") {
			t.Errorf("home page does not show the body's markup as text:\n%s", html)
		}
		if !strings.Contains(html, "alert(1)&gt;\nNext update") {
			t.Errorf("home page lost the body's line break:\n%s", html)
		}
	})
}

func TestAtomFeedHasOneEntryPerPublicUpdate(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		p := start(t, d)
		n := p.declare("Checkout & payments <failing>", "SEV-2")
		p.post(n, "public", "Card payments fail for some customers.")
		p.post(n, "responders", "INTERNAL: the payment provider's cert expired")
		p.clock.Advance(time.Minute)
		p.post(n, "public", "A fix is rolling out.")

		res, body := p.get("/feed.atom")
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/atom+xml") {
			t.Errorf("feed Content-Type %q", ct)
		}
		var feed struct {
			XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
			Updated string   `xml:"updated"`
			Entries []struct {
				ID      string `xml:"id"`
				Title   string `xml:"title"`
				Updated string `xml:"updated"`
				Content string `xml:"content"`
			} `xml:"entry"`
		}
		if err := xml.Unmarshal([]byte(body), &feed); err != nil {
			t.Fatalf("feed is not Atom XML: %v\n%s", err, body)
		}
		if len(feed.Entries) != 2 {
			t.Fatalf("feed has %d entries, want the 2 public updates:\n%s", len(feed.Entries), body)
		}
		newest := feed.Entries[0]
		if newest.Content != "A fix is rolling out." || newest.Title != "Incident "+itoa(n)+": Checkout & payments <failing>" {
			t.Errorf("newest entry %+v", newest)
		}
		if feed.Updated != newest.Updated || newest.Updated == feed.Entries[1].Updated {
			t.Errorf("feed updated %s, entries %s and %s", feed.Updated, newest.Updated, feed.Entries[1].Updated)
		}
		if strings.Contains(body, "INTERNAL") {
			t.Errorf("feed carries a responders update:\n%s", body)
		}
	})
}

func TestResolvedIncidentMovesToHistory(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		p := start(t, d)
		n := p.declare("Slow dashboards in us-east", "SEV-3")
		p.post(n, "public", "Dashboards load slowly; data is not affected.")
		if got := p.summary(); got.Status != statuspage.Degraded || len(got.Incidents) != 1 || got.Incidents[0].Impact != "Degraded performance" {
			t.Fatalf("summary while active: %+v", got)
		}
		if _, err := p.in.Admin.Resolve(context.Background(), n); err != nil {
			t.Fatal(err)
		}
		if got := p.summary(); got.Status != statuspage.Operational || len(got.Incidents) != 0 {
			t.Errorf("summary after resolution: %+v", got)
		}
		_, html := p.get("/")
		history := html[strings.Index(html, "Incident history"):]
		if strings.Contains(html, "Active incidents") || !strings.Contains(history, "Slow dashboards in us-east") || !strings.Contains(history, "resolved <time") {
			t.Errorf("resolved incident is not in history:\n%s", html)
		}
		if _, html := p.get("/incidents/" + itoa(n)); !strings.Contains(html, "resolved <time") {
			t.Errorf("incident page does not say when it was resolved:\n%s", html)
		}
		p.clock.Advance(statuspage.HistoryWindow)
		if _, html := p.get("/"); strings.Contains(html, "Slow dashboards") {
			t.Errorf("incident resolved 90 days ago is still in history")
		}
	})
}

func (p *page) summary() statuspage.Summary {
	p.t.Helper()
	_, body := p.get("/api/summary.json")
	var s statuspage.Summary
	if err := json.Unmarshal([]byte(body), &s); err != nil {
		p.t.Fatalf("summary.json: %v\n%s", err, body)
	}
	return s
}

func TestPublicListenerIsNotTheAPI(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		p := start(t, d)
		quiet := p.declare("Internal: rotating database credentials", "SEV-4")
		p.post(quiet, "responders", "nothing customers would notice")
		for _, path := range []string{"/api/v1/incidents", "/api/v1/openapi.json", "/login", "/metrics", "/healthz",
			"/incidents/" + itoa(quiet), "/incidents/999", "/incidents/abc", "/incidents/-1", "/static/", "/feed.atom/x"} {
			if res, _ := p.get(path); res.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s: %d, want 404", path, res.StatusCode)
			}
		}
		if _, html := p.get("/"); strings.Contains(html, "rotating database credentials") || !strings.Contains(html, "All systems operational") {
			t.Errorf("an incident with no public update is on the page:\n%s", html)
		}
		res, err := http.Post(p.url+"/", "text/plain", strings.NewReader("x"))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("POST /: %d, want 405", res.StatusCode)
		}
		if res, body := p.get("/static/status.css"); res.StatusCode != http.StatusOK || !strings.Contains(body, "white-space") {
			t.Errorf("GET /static/status.css: %d", res.StatusCode)
		}
	})
}

func TestPageIsServedFromCacheForAFewSeconds(t *testing.T) {
	p := start(t, store.SQLite)
	n := p.declare("Search is down", "SEV-2")
	p.post(n, "public", "FIRST: search returns errors.")
	if _, html := p.get("/"); !strings.Contains(html, "FIRST") {
		t.Fatalf("first update missing:\n%s", html)
	}
	p.post(n, "public", "SECOND: a fix is deployed.")
	p.clock.Advance(statuspage.TTL - time.Second)
	if _, html := p.getCached("/"); strings.Contains(html, "SECOND") {
		t.Errorf("page was rendered again within its TTL")
	}
	p.clock.Advance(time.Second)
	if _, html := p.getCached("/"); !strings.Contains(html, "SECOND") {
		t.Errorf("page was not rendered again after its TTL")
	}
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}
