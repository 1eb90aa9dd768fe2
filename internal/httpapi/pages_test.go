package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

func init() {
	validBodies["trigger-page"] = `{"summary":"eu1 down","targets":[{"kind":"user","ref":"laura"}]}`
	validBodies["ack-page"] = ``
	validBodies["resolve-page"] = ``
	validBodies["broadcast"] = `{"to":"leads","body":"stop restarting control planes"}`
	validBodies["set-severity-policy"] = `{"targets":[{"kind":"schedule","ref":"major-incident"}]}`
}

type pageDoc struct {
	ID       int64  `json:"id"`
	Status   string `json:"status"`
	AckedBy  string `json:"acknowledged_by"`
	Incident int64  `json:"incident"`
}

// laura pages sam by hand through the API and acknowledges for him; the
// page's life is on the incident's timeline.
func TestPageByHandAckAndSeeWhatFailed(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		laura := in.User(t, "laura", "responder")
		in.User(t, "sam", "responder")
		ctx := context.Background()
		if _, err := laura.Declare(ctx, client.Declaration{Title: "eu1 control planes unreachable", Severity: "SEV-3"}); err != nil {
			t.Fatal(err)
		}
		tok := token(t, in, "laura")
		a := call(t, in.URL, tok, "POST", "/api/v1/pages", []byte(`{"summary":"eu1 control planes unreachable","incident":1,"targets":[{"kind":"user","ref":"sam"}]}`))
		if a.Status != http.StatusCreated {
			t.Fatalf("trigger: %d %s", a.Status, a.Body)
		}
		var pg pageDoc
		if err := json.Unmarshal(a.Body, &pg); err != nil || pg.Status != "triggered" || pg.Incident != 1 {
			t.Fatalf("page %s: %v", a.Body, err)
		}
		a = call(t, in.URL, tok, "POST", "/api/v1/pages/"+strconv.FormatInt(pg.ID, 10)+"/ack", nil)
		if err := json.Unmarshal(a.Body, &pg); a.Status != http.StatusOK || err != nil || pg.Status != "acknowledged" || pg.AckedBy != "laura" {
			t.Fatalf("ack: %d %s", a.Status, a.Body)
		}
		// The page's life is on the incident timeline.
		var tl struct {
			Events []struct{ Kind string } `json:"events"`
		}
		getJSON(t, in.URL, tok, "/api/v1/incidents/1/timeline", &tl)
		var kinds []string
		for _, e := range tl.Events {
			kinds = append(kinds, e.Kind)
		}
		for _, want := range []string{"page.triggered", "page.escalated", "page.acknowledged"} {
			if !slices.Contains(kinds, want) {
				t.Fatalf("timeline %v lacks %s", kinds, want)
			}
		}
	})
}

// Bad pages are refused naming the field, and nothing is written.
func TestBadPagesAreRefusedNamingTheField(t *testing.T) {
	in := apptest.Start(t, store.SQLite)
	in.User(t, "laura", "responder")
	tok := token(t, in, "laura")
	for _, c := range []struct{ body, location string }{
		{`{"summary":"x"}`, "body.targets"},
		{`{"summary":"x","targets":[{"kind":"user","ref":"nobody-here"}]}`, "body.targets[0].ref"},
		{`{"summary":"x","targets":[{"kind":"group","ref":"everyone"}]}`, "body.targets[0].ref"},
		{`{"summary":"x","policy":"no-such-policy"}`, "body.policy"},
		{`{"summary":"","targets":[{"kind":"user","ref":"laura"}]}`, "body.summary"},
	} {
		a := call(t, in.URL, tok, "POST", "/api/v1/pages", []byte(c.body))
		if a.Status < 400 || a.Status >= 500 {
			t.Errorf("%s: %d, want 4xx", c.body, a.Status)
			continue
		}
		if locs := a.problem(t).locations(); !slices.Contains(locs, c.location) {
			t.Errorf("%s: locations %v, want %s", c.body, locs, c.location)
		}
	}
}

// The ack link answers without a login: a GET shows what it would do, a POST
// acknowledges. A forged token gets 404.
func TestAckLinkNeedsNoLoginButAForgedOneIsNotFound(t *testing.T) {
	in := apptest.Start(t, store.SQLite)
	for _, m := range []string{"GET", "POST"} {
		req, _ := http.NewRequestWithContext(context.Background(), m, in.URL+"/ack/1.2.ack.99999999999.bm9uY2U.forged", strings.NewReader(""))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			t.Fatalf("%s forged link: %d %s; want a 404 page", m, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
			t.Fatalf("ack page CSP %q", csp)
		}
	}
}
