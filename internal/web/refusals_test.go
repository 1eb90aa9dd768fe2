package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

// A viewer reads everything and changes nothing: a post gets a page that says
// why, with 403, and no forms are offered.
func TestViewerCannotPost(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		signedIn(t, in, "laura", "responder").follow("/incidents", "title", "Disk full", "severity", "SEV-3")
		v := signedIn(t, in, "vera", "viewer")
		page := v.do("GET", "/incidents/1", nil)
		page.isPage(t, "viewer's incident page", http.StatusOK)
		if page.Body != "" && contains(page.Body, `id="update-form"`) {
			t.Errorf("viewer is offered the update form")
		}
		for _, path := range []string{"/incidents", "/incidents/1/updates", "/incidents/1/messages", "/incidents/1/join", "/incidents/1/workstreams"} {
			p := v.post(path, "title", "x", "severity", "SEV-1", "audience", "public", "body", "hi", "name", "ws")
			p.isPage(t, "viewer POST "+path, http.StatusForbidden)
			p.mustContain(t, "viewer POST "+path, "viewer")
		}
	})
}

// A form posted without the session's CSRF token, or with a forged one,
// changes nothing and gets a page saying to reload.
func TestFormWithoutCSRFIsRefused(t *testing.T) {
	in := apptest.Start(t, store.SQLite)
	b := signedIn(t, in, "laura", "responder")
	for _, f := range []url.Values{{"title": {"x"}, "severity": {"SEV-1"}}, {"csrf": {"forged"}, "title": {"x"}, "severity": {"SEV-1"}}} {
		p := b.do("POST", "/incidents", f)
		p.isPage(t, "POST without CSRF", http.StatusForbidden)
		p.mustContain(t, "POST without CSRF", "security token")
	}
	if list := b.do("GET", "/incidents?status=all", nil); contains(list.Body, `href="/incidents/1"`) {
		t.Fatal("a refused form declared an incident")
	}
}

// Unknown incidents and workstreams are 404 pages, whatever the path holds.
func TestUnknownIncidentIsNotFound(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		b := signedIn(t, in, "laura", "responder")
		for _, path := range []string{"/incidents/999", "/incidents/abc", "/incidents/0", "/incidents/99999999999999999999",
			"/incidents/999/timeline", "/incidents/999/responders", "/incidents/999/workstreams/1", "/incidents/999/board", "/incidents/999/live"} {
			b.do("GET", path, nil).isPage(t, path, http.StatusNotFound)
		}
		b.follow("/incidents", "title", "Real one", "severity", "SEV-4")
		b.do("GET", "/incidents/1/workstreams/42", nil).isPage(t, "unknown workstream", http.StatusNotFound)
		b.post("/incidents/999/messages", "body", "hello?").isPage(t, "post to unknown incident", http.StatusNotFound)
		b.post("/incidents/1/workstreams/42/updates", "body", "x").isPage(t, "update to unknown workstream", http.StatusNotFound)
		b.post("/incidents/1/severity", "severity", "SEV-0").isPage(t, "bad severity", http.StatusBadRequest)
		b.post("/incidents/1/merge", "number", "x").isPage(t, "bad merge target", http.StatusBadRequest)
	})
}

// A browser whose session has ended is sent to sign in, for a page or a form.
func TestExpiredSessionGoesToSignIn(t *testing.T) {
	in := apptest.Start(t, store.SQLite)
	b := &browser{t: t, base: in.URL, session: "expired-or-forged"}
	for _, p := range []page{b.do("GET", "/incidents/1", nil), b.do("POST", "/incidents", url.Values{"title": {"x"}})} {
		if p.Status != http.StatusSeeOther || p.Header.Get("Location") != "/login" {
			t.Fatalf("stale session: %d to %q, want 303 to /login", p.Status, p.Header.Get("Location"))
		}
	}
}

// Static assets are served without credentials under versioned names that
// browsers may keep for a year.
func TestStaticAssetsAreCachedForever(t *testing.T) {
	in := apptest.Start(t, store.SQLite)
	b := signedIn(t, in, "laura", "responder")
	home := b.do("GET", "/", nil)
	m := assetLink.FindStringSubmatch(home.Body)
	if m == nil {
		t.Fatalf("no versioned stylesheet on the home page:\n%s", home.Body)
	}
	anon := &browser{t: t, base: in.URL}
	css := anon.do("GET", m[1], nil)
	if css.Status != http.StatusOK || css.Header.Get("Content-Type") != "text/css; charset=utf-8" || !contains(css.Header.Get("Cache-Control"), "immutable") {
		t.Fatalf("GET %s: %d %q %q", m[1], css.Status, css.Header.Get("Content-Type"), css.Header.Get("Cache-Control"))
	}
	if p := anon.do("GET", "/static/app.css", nil); p.Status != http.StatusNotFound {
		t.Fatalf("unversioned name: %d, want 404", p.Status)
	}
}
