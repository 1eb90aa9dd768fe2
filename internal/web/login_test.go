package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"sitrep/internal/app/apptest"
	"sitrep/internal/clock"
	"sitrep/internal/store"
)

const lauraPassword = "correct horse battery staple"

// The sign-in page is HTML under the strict CSP and cannot be framed.
func TestSignInPageIsStrict(t *testing.T) {
	in := apptest.Start(t, store.SQLite)
	b := &browser{t: t, base: in.URL}
	p := b.do("GET", "/login", nil)
	if p.Status != http.StatusOK || !strings.HasPrefix(p.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET /login: %d %q", p.Status, p.Header.Get("Content-Type"))
	}
	csp := p.Header.Get("Content-Security-Policy")
	if csp == "" || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("CSP %q", csp)
	}
	if p.Header.Get("X-Frame-Options") != "DENY" {
		t.Errorf("X-Frame-Options %q", p.Header.Get("X-Frame-Options"))
	}
	if strings.Contains(p.Body, "<script") || strings.Contains(p.Body, "<style") || strings.Contains(p.Body, "style=") {
		t.Errorf("inline script or style on the sign-in page:\n%s", p.Body)
	}
}

// Laura, whose password an admin set through the API, signs in from her
// browser, lands on the home page that names her, and gets a cookie that
// scripts cannot read and other sites cannot send on a post.
func TestLauraSignsInWithHerPassword(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		withPassword(t, in, "laura", "responder", lauraPassword)
		b := &browser{t: t, base: in.URL}
		p := b.signIn("laura", lauraPassword)
		if p.Status != http.StatusSeeOther || p.Header.Get("Location") != "/" {
			t.Fatalf("sign in: %d to %q: %s", p.Status, p.Header.Get("Location"), p.Body)
		}
		c := p.cookie("sitrep_session")
		if c == nil || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Secure {
			t.Fatalf("session cookie %+v, want HttpOnly, SameSite=Lax, Path=/, not Secure on plain HTTP", c)
		}
		home := b.do("GET", "/", nil)
		if home.Status != http.StatusOK || !strings.Contains(home.Body, "Signed in as laura") || !strings.Contains(home.Body, `action="/logout"`) {
			t.Fatalf("home: %d %s", home.Status, home.Body)
		}

		// Behind a proxy that terminates TLS the cookie is Secure.
		tls := &browser{t: t, base: in.URL}
		if c := tls.signIn("laura", lauraPassword, "X-Forwarded-Proto", "https").cookie("sitrep_session"); c == nil || !c.Secure {
			t.Fatalf("cookie behind TLS: %+v, want Secure", c)
		}
	})
}

// A mistyped password gets the form back with a 401 and a message, no cookie.
func TestWrongPasswordShowsTheFormAgain(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		withPassword(t, in, "laura", "responder", lauraPassword)
		b := &browser{t: t, base: in.URL}
		p := b.signIn("laura", "correct horse battery stapler")
		if p.Status != http.StatusUnauthorized || !strings.Contains(p.Body, "Wrong handle or password") || p.cookie("sitrep_session") != nil {
			t.Fatalf("wrong password: %d %v %s", p.Status, p.cookie("sitrep_session"), p.Body)
		}
		if p := b.signIn("nobody", lauraPassword); p.Status != http.StatusUnauthorized {
			t.Fatalf("unknown handle: %d", p.Status)
		}
		if p := b.signIn("laura\x00", lauraPassword); p.Status != http.StatusUnauthorized {
			t.Fatalf("handle with NUL: %d %s", p.Status, p.Body)
		}
	})
}

// Someone guessing laura's password is stopped after five misses; even the
// right password waits until the window has passed.
func TestRepeatedFailuresAreRateLimited(t *testing.T) {
	ck := clock.NewManual(time.Date(2026, 3, 2, 4, 0, 0, 0, time.UTC))
	in := apptest.Start(t, store.SQLite, apptest.Options{Clock: ck})
	withPassword(t, in, "laura", "responder", lauraPassword)
	b := &browser{t: t, base: in.URL}
	for i := range 5 {
		if p := b.signIn("laura", "guess number one"); p.Status != http.StatusUnauthorized {
			t.Fatalf("guess %d: %d", i+1, p.Status)
		}
	}
	p := b.signIn("laura", lauraPassword)
	if p.Status != http.StatusTooManyRequests || !strings.Contains(p.Body, "Too many failed sign-ins") || p.Header.Get("Retry-After") == "" {
		t.Fatalf("sixth try: %d Retry-After %q %s", p.Status, p.Header.Get("Retry-After"), p.Body)
	}
	ck.Advance(5 * time.Minute)
	if p := b.signIn("laura", lauraPassword); p.Status != http.StatusSeeOther {
		t.Fatalf("after the window: %d %s", p.Status, p.Body)
	}
}

// Another site cannot post the sign-in form from a victim's browser.
func TestCrossSiteSignInIsRefused(t *testing.T) {
	in := apptest.Start(t, store.SQLite)
	withPassword(t, in, "laura", "responder", lauraPassword)
	b := &browser{t: t, base: in.URL}
	p := b.signIn("laura", lauraPassword, "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example")
	if p.Status != http.StatusForbidden || p.cookie("sitrep_session") != nil {
		t.Fatalf("cross-site sign-in: %d %s", p.Status, p.Body)
	}
	if p := b.signIn("laura", lauraPassword, "Sec-Fetch-Site", "same-origin"); p.Status != http.StatusSeeOther {
		t.Fatalf("same-origin sign-in: %d %s", p.Status, p.Body)
	}
}

// Signing out needs the session's CSRF token, and afterwards the old cookie
// opens nothing.
func TestSignOutNeedsTheCSRFToken(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		withPassword(t, in, "laura", "responder", lauraPassword)
		b := &browser{t: t, base: in.URL}
		b.signIn("laura", lauraPassword)
		token := b.csrf()
		if p := b.do("POST", "/logout", map[string][]string{}); p.Status != http.StatusForbidden {
			t.Fatalf("sign out without token: %d %s", p.Status, p.Body)
		}
		if p := b.do("POST", "/logout", map[string][]string{"csrf": {"forged"}}); p.Status != http.StatusForbidden {
			t.Fatalf("sign out with a forged token: %d %s", p.Status, p.Body)
		}
		old := b.session
		p := b.do("POST", "/logout", map[string][]string{"csrf": {token}})
		if p.Status != http.StatusSeeOther || p.Header.Get("Location") != "/login" || b.session != "" {
			t.Fatalf("sign out: %d to %q, cookie %q", p.Status, p.Header.Get("Location"), b.session)
		}
		b.session = old
		if p := b.do("GET", "/", nil); p.Status != http.StatusSeeOther || p.Header.Get("Location") != "/login" {
			t.Fatalf("home with the old cookie: %d to %q", p.Status, p.Header.Get("Location"))
		}
		if s := b.apiStatus("GET", "/api/v1/incidents", ""); s != http.StatusUnauthorized {
			t.Fatalf("API with the old cookie: %d", s)
		}
	})
}

// Laura's laptop is stolen while signed in; an admin sets her a new password
// and the browser on the laptop is signed out.
func TestPasswordChangeEndsSessions(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		withPassword(t, in, "laura", "responder", lauraPassword)
		laptop := &browser{t: t, base: in.URL}
		laptop.signIn("laura", lauraPassword)
		if s := laptop.apiStatus("GET", "/api/v1/incidents", ""); s != http.StatusOK {
			t.Fatalf("signed in: %d", s)
		}
		admin := &browser{t: t, base: in.URL}
		if s := admin.apiStatus("PUT", "/api/v1/users/laura/password", `{"password":"a brand new passphrase"}`, "Authorization", "Bearer "+apptest.AdminToken); s/100 != 2 {
			t.Fatalf("set password: %d", s)
		}
		if s := laptop.apiStatus("GET", "/api/v1/incidents", ""); s != http.StatusUnauthorized {
			t.Fatalf("after the password change: %d, want 401", s)
		}
		if p := laptop.signIn("laura", "a brand new passphrase"); p.Status != http.StatusSeeOther {
			t.Fatalf("sign in with the new password: %d", p.Status)
		}
	})
}

// A session lives 12 hours from its last use, and use slides it forward.
func TestSessionExpiresWhenIdle(t *testing.T) {
	ck := clock.NewManual(time.Date(2026, 3, 2, 4, 0, 0, 0, time.UTC))
	in := apptest.Start(t, store.SQLite, apptest.Options{Clock: ck})
	withPassword(t, in, "laura", "responder", lauraPassword)
	b := &browser{t: t, base: in.URL}
	b.signIn("laura", lauraPassword)
	for range 3 {
		ck.Advance(11 * time.Hour)
		if p := b.do("GET", "/", nil); p.Status != http.StatusOK {
			t.Fatalf("used within 12 hours: %d", p.Status)
		}
	}
	ck.Advance(12 * time.Hour)
	if p := b.do("GET", "/", nil); p.Status != http.StatusSeeOther || p.Header.Get("Location") != "/login" {
		t.Fatalf("after 12 idle hours: %d to %q", p.Status, p.Header.Get("Location"))
	}
}
