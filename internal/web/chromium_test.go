package web_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

// These tests drive a real headless Chromium against a real sitrep: what a
// responder clicks is what is tested, JavaScript, CSP and EventSource
// included. They skip without Chromium, except under CI=true.

const chromiumPassword = "correct horse battery staple"

// warRoom starts Chromium and a sitrep with the responders laura and sam.
func warRoom(t *testing.T) (*chromium, *apptest.Instance) {
	t.Helper()
	chrome := startChromium(t)
	in := apptest.Start(t, store.SQLite)
	for _, h := range []string{"laura", "sam"} {
		_, err := in.Admin.CreateUser(context.Background(), client.NewUser{Handle: h, Name: strings.ToUpper(h[:1]) + h[1:], Email: h + "@example.com", Role: "responder", Password: chromiumPassword})
		if err != nil {
			t.Fatalf("create %s: %v", h, err)
		}
	}
	return chrome, in
}

// declare fills and sends the declare form and returns the new incident's number.
func (w *window) declare(title, severity, summary string) int64 {
	w.t.Helper()
	w.open("/incidents/new")
	w.fill("#title", title, "#summary", summary)
	w.choose("#severity", severity)
	w.submit("#declare-form")
	return w.incidentNumber()
}

// postUpdate sends the update form of the incident page that w shows.
func (w *window) postUpdate(audience, body string) {
	w.t.Helper()
	w.choose("#up-audience", audience)
	w.fill("#up-body", body)
	w.submit("#update-form")
}

// Laura declares the EU1 outage in her browser, opens a workstream and posts
// an update; Sam, who has the incident open in another browser, sees the
// update and her channel message appear without reloading.
func TestBrowserDeclareStaffAndUpdateSeenLiveByAnother(t *testing.T) {
	chrome, in := warRoom(t)
	laura := chrome.window(in.URL)
	sam := chrome.window(in.URL)
	laura.login("laura", chromiumPassword)
	sam.login("sam", chromiumPassword)

	n := laura.declare("EU1 control plane down", "SEV-1", "Logins fail in **eu1**.")
	if h := laura.text("#region-header"); !strings.Contains(h, "EU1 control plane down") || !strings.Contains(h, "SEV-1") {
		t.Fatalf("incident header after declaring: %q", h)
	}
	laura.fill("#ws-name", "Restore eu1 control planes", "#ws-newlead", "laura")
	laura.submit("#workstream-form")
	// The new workstream's own page opens; the board lists it too.
	if h := laura.text("h1"); !strings.Contains(h, "Restore eu1 control planes") {
		t.Fatalf("after adding a workstream the page is %q", h)
	}
	laura.open(fmt.Sprintf("/incidents/%d", n))
	laura.waitText("#region-workstreams", "Restore eu1 control planes")

	sam.open(fmt.Sprintf("/incidents/%d", n))
	sam.waitText("#region-workstreams", "Restore eu1 control planes")
	// The page says it is live once its EventSource is open; a marker on the
	// window shows later that the page was never reloaded.
	sam.waitText("#live-status", "Live")
	eval[bool](sam, `window.__samsPage = true`)

	laura.postUpdate("responders", "Failover to eu2 started")
	sam.waitText("#region-timeline", "Failover to eu2 started")

	laura.fill("#msg-body", "Paging the database on-call")
	laura.submit("#message-form")
	sam.waitText("#region-channel", "Paging the database on-call")

	if !eval[bool](sam, `window.__samsPage === true`) {
		t.Error("Sam's page was reloaded; the updates should arrive live")
	}
}

// Customers on the public status page read the update written for them and
// nothing the responders wrote for each other.
func TestBrowserStatusPageShowsOnlyPublicUpdates(t *testing.T) {
	chrome, in := warRoom(t)
	pub := httptest.NewServer(in.App.PublicHandler())
	t.Cleanup(pub.Close)
	laura := chrome.window(in.URL)
	laura.login("laura", chromiumPassword)
	laura.declare("EU1 control plane down", "SEV-1", "Parent control planes in eu1-a restarting.")
	laura.postUpdate("responders", "Restarting parent control planes in eu1-a")
	laura.postUpdate("support", "Tell customers to retry; refunds approved")
	laura.postUpdate("public", "We are investigating failed logins in EU1.")

	customer := chrome.window(pub.URL)
	customer.open("/")
	page := customer.text("body")
	if !strings.Contains(page, "We are investigating failed logins in EU1.") {
		t.Errorf("the status page does not show the public update:\n%s", page)
	}
	for _, internal := range []string{"control planes", "refunds", "laura"} {
		if strings.Contains(page, internal) {
			t.Errorf("the status page shows %q, which was not written for the public:\n%s", internal, page)
		}
	}
}

// A title or message carrying markup is shown as text and never runs, on
// the incident page, in the list, and when it arrives live in another
// browser.
func TestBrowserStoredScriptDoesNotRun(t *testing.T) {
	chrome, in := warRoom(t)
	laura := chrome.window(in.URL)
	sam := chrome.window(in.URL)
	laura.login("laura", chromiumPassword)
	sam.login("sam", chromiumPassword)

	title := `<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">`
	n := laura.declare(title, "SEV-2", `<img src=x onerror="window.__pwned=3">`)
	sam.open(fmt.Sprintf("/incidents/%d", n))
	sam.waitText("#live-status", "Live")
	laura.fill("#msg-body", `look: <img src=x onerror="window.__pwned=4"><script>window.__pwned=5</script> done`)
	laura.submit("#message-form")
	sam.waitText("#region-channel", "look:")

	for who, w := range map[string]*window{"laura": laura, "sam": sam} {
		if h := w.text("#region-header"); !strings.Contains(h, "<script>window.__pwned=1</script>") {
			t.Errorf("%s's page does not show the title as text: %q", who, h)
		}
		if got := eval[string](w, `typeof window.__pwned`); got != "undefined" {
			t.Errorf("stored markup ran in %s's browser: window.__pwned is %s", who, eval[string](w, `String(window.__pwned)`))
		}
	}
	laura.open("/incidents")
	if !strings.Contains(laura.text("body"), "<script>window.__pwned=1</script>") {
		t.Error("the incident list does not show the title as text")
	}
	if got := eval[string](laura, `typeof window.__pwned`); got != "undefined" {
		t.Errorf("stored markup ran on the incident list: window.__pwned is %s", got)
	}
}
