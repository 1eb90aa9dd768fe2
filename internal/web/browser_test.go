package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/web"
)

// browser is a cookie-keeping HTTP client that, like a test of a browser,
// looks at each redirect instead of following it.
type browser struct {
	t    testing.TB
	base string
	// session is the sitrep_session cookie value, as a browser would keep it.
	session string
}

type page struct {
	Status int
	Header http.Header
	Body   string
}

func (p page) cookie(name string) *http.Cookie {
	for _, c := range (&http.Response{Header: p.Header}).Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// do sends one request; headers come in name, value pairs.
func (b *browser) do(method, path string, form url.Values, headers ...string) page {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, b.base+path, body)
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Accept", "text/html")
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if b.session != "" {
		req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: b.session})
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	p := page{Status: resp.StatusCode, Header: resp.Header, Body: string(raw)}
	if c := p.cookie(web.SessionCookie); c != nil {
		b.session = c.Value
		if c.MaxAge < 0 {
			b.session = ""
		}
	}
	return p
}

// signIn posts the sign-in form.
func (b *browser) signIn(handle, password string, headers ...string) page {
	b.t.Helper()
	return b.do("POST", "/login", url.Values{"handle": {handle}, "password": {password}}, headers...)
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf reads the session's CSRF token from the sign-out form on the home page.
func (b *browser) csrf() string {
	b.t.Helper()
	home := b.do("GET", "/", nil)
	m := csrfField.FindStringSubmatch(home.Body)
	if home.Status != http.StatusOK || m == nil {
		b.t.Fatalf("home page without a sign-out form: %d %s", home.Status, home.Body)
	}
	return m[1]
}

// withPassword creates a user whose password is set through the API.
func withPassword(t testing.TB, in *apptest.Instance, handle, role, password string) {
	t.Helper()
	_, err := in.Admin.CreateUser(context.Background(), client.NewUser{Handle: handle, Name: handle, Email: handle + "@example.com", Role: role, Password: password})
	if err != nil {
		t.Fatalf("create %s: %v", handle, err)
	}
}

// apiStatus sends a JSON API request as the browser (its cookie, no token).
func (b *browser) apiStatus(method, path, body string, headers ...string) int {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, b.base+path, strings.NewReader(body))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if b.session != "" {
		req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: b.session})
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}
