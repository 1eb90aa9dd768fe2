package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"sitrep/internal/app/apptest"
)

// signedIn returns a browser signed in as a new user with role.
func signedIn(t testing.TB, in *apptest.Instance, handle, role string) *browser {
	t.Helper()
	withPassword(t, in, handle, role, lauraPassword)
	b := &browser{t: t, base: in.URL}
	if p := b.signIn(handle, lauraPassword); p.Status != http.StatusSeeOther {
		t.Fatalf("sign in %s: %d %s", handle, p.Status, p.Body)
	}
	return b
}

// post submits a form with the session's CSRF token, as the page would.
func (b *browser) post(path string, fields ...string) page {
	b.t.Helper()
	f := url.Values{"csrf": {b.csrf()}}
	for i := 0; i+1 < len(fields); i += 2 {
		f.Add(fields[i], fields[i+1])
	}
	return b.do("POST", path, f)
}

// follow posts a form and expects a 303 to a page, which it loads.
func (b *browser) follow(path string, fields ...string) page {
	b.t.Helper()
	p := b.post(path, fields...)
	if p.Status != http.StatusSeeOther {
		b.t.Fatalf("POST %s: %d, want 303:\n%s", path, p.Status, p.Body)
	}
	loc := p.Header.Get("Location")
	next := b.do("GET", loc, nil)
	if next.Status != http.StatusOK {
		b.t.Fatalf("GET %s after POST %s: %d\n%s", loc, path, next.Status, next.Body)
	}
	return next
}

// mustContain fails unless every s is in the page.
func (p page) mustContain(t testing.TB, what string, ss ...string) {
	t.Helper()
	for _, s := range ss {
		if !strings.Contains(p.Body, s) {
			t.Fatalf("%s: no %q in:\n%s", what, s, p.Body)
		}
	}
}

// isPage checks that p is an HTML page with status under the strict CSP.
func (p page) isPage(t testing.TB, what string, status int) {
	t.Helper()
	if p.Status != status || !strings.HasPrefix(p.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("%s: %d %q, want an HTML page with %d:\n%s", what, p.Status, p.Header.Get("Content-Type"), status, p.Body)
	}
	if p.Header.Get("Content-Security-Policy") == "" {
		t.Fatalf("%s: no CSP", what)
	}
	if strings.Contains(p.Body, "style=") || strings.Contains(p.Body, "<style") || strings.Contains(p.Body, "<script>") {
		t.Fatalf("%s: inline style or script the CSP would block:\n%s", what, p.Body)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

var assetLink = regexp.MustCompile(`href="(/static/app\.[0-9a-f]+\.css)"`)
