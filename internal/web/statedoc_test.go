package web_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

// xss is what a careless or hostile writer might paste into Markdown.
const xss = "<script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3)) XSS-MARK"

// stateRoom is an incident commanded by Laura (signed in through the
// browser) with Omar as communications lead and Priya leading eu1-compute.
type stateRoom struct {
	in                 *apptest.Instance
	laura              *browser
	omar, priya, admin *client.Client
	n                  int64
	ws                 int64
}

func newStateRoom(t *testing.T, d store.Dialect) *stateRoom {
	t.Helper()
	in := apptest.Start(t, d)
	ctx := context.Background()
	r := &stateRoom{in: in, laura: signedIn(t, in, "laura", "responder"), omar: in.User(t, "omar", "responder"), priya: in.User(t, "priya", "responder"), admin: in.Admin}
	inc, err := in.Admin.Declare(ctx, client.Declaration{Title: "EU1 control plane down", Severity: "SEV-1", Commander: "laura"})
	if err != nil {
		t.Fatal(err)
	}
	r.n = inc.Number
	for _, h := range []string{"omar", "priya"} {
		if _, err := in.Admin.Join(ctx, r.n, h); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := in.Admin.AssignRole(ctx, r.n, "comms-lead", "omar"); err != nil {
		t.Fatal(err)
	}
	ws, err := in.Admin.AddWorkstream(ctx, r.n, "eu1-compute", "priya", 1)
	if err != nil {
		t.Fatal(err)
	}
	r.ws = ws.ID
	return r
}

func (r *stateRoom) path(format string, args ...any) string {
	return fmt.Sprintf("/incidents/%d", r.n) + fmt.Sprintf(format, args...)
}

// inert fails unless the injected text shows as text only: parsed as a
// browser would, the page has no script element but its own, no image, no
// event handler attribute and no javascript: URL.
func inert(t *testing.T, what string, p page) {
	t.Helper()
	if !strings.Contains(p.Body, "XSS-MARK") {
		t.Fatalf("%s: the text itself is missing:\n%s", what, p.Body)
	}
	z := html.NewTokenizer(strings.NewReader(p.Body))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		if tok.Data == "img" || tok.Data == "iframe" {
			t.Errorf("%s: live <%s> element", what, tok.Data)
		}
		for _, a := range tok.Attr {
			if strings.HasPrefix(a.Key, "on") || strings.Contains(strings.ToLower(a.Val), "javascript:") {
				t.Errorf("%s: live attribute %s=%q on <%s>", what, a.Key, a.Val, tok.Data)
			}
			if tok.Data == "script" && a.Key == "src" && !strings.HasPrefix(a.Val, "/static/") {
				t.Errorf("%s: foreign script %q", what, a.Val)
			}
		}
		if tok.Data == "script" {
			if z.Next() == html.TextToken && strings.TrimSpace(string(z.Text())) != "" {
				t.Errorf("%s: inline script %q", what, z.Text())
			}
		}
	}
}

func TestStateDocumentPagesRenderMarkdownInertly(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		r := newStateRoom(t, d)
		ctx := context.Background()
		doc := r.laura.follow(r.path("/state/what_we_know"), "body", "**EU1 API down** "+xss, "base_revision", "0")
		doc.isPage(t, "state document", http.StatusOK)
		doc.mustContain(t, "state document", "<strong>EU1 API down</strong>", `id="region-state"`, `name="base_revision" value="1"`)
		inert(t, "state document", doc)
		if _, err := r.priya.PostWorkstreamUpdate(ctx, r.n, r.ws, "draining eu1-a "+xss, ""); err != nil {
			t.Fatal(err)
		}
		doc = r.laura.do("GET", r.path("/state"), nil)
		doc.mustContain(t, "workstream section", "eu1-compute", "draining eu1-a")
		inert(t, "state document with workstreams", doc)
		hist := r.laura.do("GET", r.path("/state/what_we_know/history"), nil)
		hist.isPage(t, "history", http.StatusOK)
		hist.mustContain(t, "history", "Revision 1 by <strong>laura</strong>")
		inert(t, "history", hist)
		if _, err := r.omar.PostUpdate(ctx, r.n, "support", "SUPPORT-NOTE "+xss); err != nil {
			t.Fatal(err)
		}
		b := r.laura.do("GET", r.path("/brief/support"), nil)
		b.isPage(t, "support brief", http.StatusOK)
		inert(t, "support brief", b)
		l, err := r.omar.CreateBriefLink(ctx, r.n, "support", "")
		if err != nil {
			t.Fatal(err)
		}
		anon := &browser{t: t, base: r.in.URL}
		pub := anon.do("GET", l.Path, nil)
		pub.isPage(t, "public brief", http.StatusOK)
		inert(t, "public brief", pub)
		if strings.Contains(pub.Body, "/incidents/") || strings.Contains(pub.Body, "Sign out") {
			t.Errorf("public brief shows the war room:\n%s", pub.Body)
		}
		if pub.Header.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("public brief Referrer-Policy %q: the token would leak", pub.Header.Get("Referrer-Policy"))
		}
	})
}

func TestSimultaneousEditsShowBothVersions(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		r := newStateRoom(t, d)
		ctx := context.Background()
		// Laura opens the edit form at revision 0; Omar saves first.
		if _, err := r.omar.EditState(ctx, r.n, "theories", "OMAR-THEORY expired certificate", 0); err != nil {
			t.Fatal(err)
		}
		p := r.laura.post(r.path("/state/theories"), "body", "LAURA-THEORY the Tuesday deploy", "base_revision", "0")
		p.isPage(t, "conflict", http.StatusConflict)
		p.mustContain(t, "conflict", "OMAR-THEORY", "LAURA-THEORY", `name="base_revision" value="1"`, "omar saved revision 1")
		// She merges and saves on top of Omar's revision.
		doc := r.laura.follow(r.path("/state/theories"), "body", "OMAR-THEORY or LAURA-THEORY", "base_revision", "1")
		doc.mustContain(t, "merged", "OMAR-THEORY or LAURA-THEORY", "Revision 2 by laura")
	})
}

func TestOnlyCommandSeesAndUsesTheEditForm(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		r := newStateRoom(t, d)
		priya := signedIn(t, r.in, "pat", "responder")
		if _, err := r.admin.Join(context.Background(), r.n, "pat"); err != nil {
			t.Fatal(err)
		}
		doc := priya.do("GET", r.path("/state"), nil)
		doc.isPage(t, "state document for a responder", http.StatusOK)
		if strings.Contains(doc.Body, "state-form-") {
			t.Errorf("a responder without a writing role sees the edit form")
		}
		p := priya.post(r.path("/state/guidance"), "body", "restart everything", "base_revision", "0")
		p.isPage(t, "refused edit", http.StatusForbidden)
		p.mustContain(t, "refused edit", "commander or the communications lead")
		vera := signedIn(t, r.in, "vera", "viewer")
		vera.post(r.path("/state/guidance"), "body", "x", "base_revision", "0").isPage(t, "viewer edit", http.StatusForbidden)
		for _, bad := range []string{"/state/rumours/history", "/brief/responders"} {
			vera.do("GET", r.path("%s", bad), nil).isPage(t, bad, http.StatusNotFound)
		}
	})
}

func TestStateRegionUpdatesLive(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		r := newStateRoom(t, d)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		tok, err := r.admin.CreateToken(ctx, "priya", "stream")
		if err != nil {
			t.Fatal(err)
		}
		req, _ := http.NewRequestWithContext(ctx, "GET", r.in.URL+r.path("/state/live"), nil)
		req.Header.Set("Authorization", "Bearer "+tok.Secret)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/event-stream" {
			t.Fatalf("stream: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		lines := bufio.NewScanner(resp.Body)
		lines.Buffer(make([]byte, 1<<20), 1<<20)
		waitFor := func(want string) {
			t.Helper()
			for lines.Scan() {
				if strings.Contains(lines.Text(), want) {
					return
				}
			}
			t.Fatalf("stream ended without %q: %v", want, lines.Err())
		}
		waitFor("event: region-state")
		if _, err := r.omar.EditState(ctx, r.n, "guidance", "LIVE-GUIDANCE do not restart masters", 0); err != nil {
			t.Fatal(err)
		}
		waitFor("LIVE-GUIDANCE")
	})
}
