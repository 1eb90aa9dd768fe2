package httpapi_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// browserSession signs handle in through the sign-in form and returns the
// session cookie header and the CSRF token its pages carry.
func browserSession(t testing.TB, in *apptest.Instance, handle, password string) (cookie, csrf string) {
	t.Helper()
	form := url.Values{"handle": {handle}, "password": {password}}.Encode()
	req, err := http.NewRequest("POST", in.URL+"/login", strings.NewReader(form))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	// The redirect to / is looked at, not followed: the cookie is on it.
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in as %s: %d", handle, resp.StatusCode)
	}
	for _, c := range resp.Cookies() {
		if c.Name == "sitrep_session" {
			cookie = c.Name + "=" + c.Value
		}
	}
	home := call(t, in.URL, "", "GET", "/", nil, "Cookie", cookie)
	m := csrfInput.FindSubmatch(home.Body)
	if cookie == "" || m == nil {
		t.Fatalf("no session after sign-in: cookie %q, home %d %s", cookie, home.Status, home.Body)
	}
	return cookie, string(m[1])
}

// Laura's browser may read the API with its cookie, but a write needs the
// session's CSRF token, so another site cannot post in her name.
func TestCookieWritesNeedTheCSRFToken(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		must(in.Admin.CreateUser(context.Background(), client.NewUser{Handle: "laura", Name: "Laura", Email: "laura@example.com", Role: "responder", Password: "correct horse battery staple"}))(t)
		cookie, csrf := browserSession(t, in, "laura", "correct horse battery staple")
		if a := call(t, in.URL, "", "GET", "/api/v1/incidents", nil, "Cookie", cookie); a.Status != http.StatusOK {
			t.Fatalf("read with the cookie: %d %s", a.Status, a.Body)
		}
		declare := []byte(`{"title":"EU1 control plane down","severity":"SEV-1"}`)
		for _, h := range [][]string{{"Cookie", cookie}, {"Cookie", cookie, "X-CSRF-Token", "forged"}} {
			a := call(t, in.URL, "", "POST", "/api/v1/incidents", declare, h...)
			if a.Status != http.StatusForbidden {
				t.Fatalf("declare with %q: %d, want 403: %s", h, a.Status, a.Body)
			}
			a.problem(t)
		}
		if page := must(in.Admin.Incidents(context.Background(), client.Filter{}))(t); len(page.Incidents) != 0 {
			t.Fatal("a refused declaration was written")
		}
		if a := call(t, in.URL, "", "POST", "/api/v1/incidents", declare, "Cookie", cookie, "X-CSRF-Token", csrf); a.Status != http.StatusCreated {
			t.Fatalf("declare with the token: %d %s", a.Status, a.Body)
		}
	})
}

// A browser without a session is sent to sign in; scripts keep their 401, and
// a bad bearer token is not rescued by a good cookie.
func TestBrowsersAreSentToSignIn(t *testing.T) {
	in := apptest.Start(t, store.SQLite)
	req, err := http.NewRequest("GET", in.URL+"/", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "text/html,application/xhtml+xml")
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login" {
		t.Fatalf("browser GET /: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if a := call(t, in.URL, "", "GET", "/", nil); a.Status != http.StatusUnauthorized {
		t.Fatalf("script GET /: %d", a.Status)
	}
	if a := call(t, in.URL, "", "GET", "/login", nil); a.Status != http.StatusOK {
		t.Fatalf("GET /login without credentials: %d", a.Status)
	}
	must(in.Admin.CreateUser(context.Background(), client.NewUser{Handle: "laura", Name: "Laura", Email: "laura@example.com", Role: "responder", Password: "correct horse battery staple"}))(t)
	cookie, _ := browserSession(t, in, "laura", "correct horse battery staple")
	if a := call(t, in.URL, "sitrep_not_a_token_of_ours_000000", "GET", "/api/v1/incidents", nil, "Cookie", cookie); a.Status != http.StatusUnauthorized {
		t.Fatalf("bad bearer with a good cookie: %d", a.Status)
	}
}
