package statuspage_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"sitrep/internal/app/apptest"
	"sitrep/internal/clock"
	"sitrep/internal/notify"
	"sitrep/internal/notify/email"
	"sitrep/internal/notify/email/smtptest"
	"sitrep/internal/store"
)

// mailPage is a status page whose instance mails through a test relay and
// whose notifier runs only when the test ticks it.
type mailPage struct {
	*page
	smtp *smtptest.Server
}

func startWithMail(t *testing.T, d store.Dialect) *mailPage {
	t.Helper()
	relay, err := smtptest.Start(smtptest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { relay.Close() })
	clk := clock.NewManual(time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC))
	sender, err := email.New(email.Config{Host: relay.Host, Port: relay.Port, From: "Status <status@example.com>", TLS: email.TLSNone}, clk.Now)
	if err != nil {
		t.Fatal(err)
	}
	in := apptest.Start(t, d, apptest.Options{Clock: clk, Senders: []notify.Sender{sender}, ManualEngine: true})
	srv := httptest.NewServer(in.App.PublicHandler())
	t.Cleanup(srv.Close)
	return &mailPage{page: &page{t: t, in: in, url: srv.URL, clock: clk}, smtp: relay}
}

// tick runs the notifier until nothing is left to do, then returns every
// mail the relay has.
func (p *mailPage) tick() []smtptest.Message {
	p.t.Helper()
	for p.in.App.Status.Tick(context.Background()) > 0 {
	}
	return p.smtp.Messages()
}

func (p *mailPage) post(path string, form url.Values) (int, string) {
	p.t.Helper()
	res, err := http.PostForm(p.url+path, form)
	if err != nil {
		p.t.Fatalf("POST %s: %v", path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func (p *mailPage) subscribe(address string) (int, string) {
	return p.post("/subscribe", url.Values{"email": {address}})
}

var link = regexp.MustCompile(`https?://[^/\s]+(/(?:subscribe/confirm|unsubscribe)/[A-Za-z0-9_.-]+)`)

func linkIn(t *testing.T, m smtptest.Message, kind string) string {
	t.Helper()
	for _, l := range link.FindAllStringSubmatch(m.Text, -1) {
		if strings.Contains(l[1], kind) {
			return l[1]
		}
	}
	t.Fatalf("mail %q has no %s link:\n%s", m.Subject, kind, m.Text)
	return ""
}

func TestSubscriberConfirmsHearsPublicUpdatesAndLeaves(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		p := startWithMail(t, d)
		if _, html := p.get("/"); !strings.Contains(html, `action="/subscribe"`) {
			t.Fatalf("the page offers no subscribe form although mail is configured:\n%s", html)
		}
		if code, body := p.subscribe("Maria@Example.com"); code != http.StatusOK || !strings.Contains(body, "Check your inbox") {
			t.Fatalf("subscribe: %d %s", code, body)
		}
		mails := p.tick()
		if len(mails) != 1 || mails[0].To[0] != "maria@example.com" || !strings.Contains(mails[0].Subject, "Confirm") {
			t.Fatalf("after subscribing: %d mails %+v", len(mails), mails)
		}
		confirm := linkIn(t, mails[0], "/subscribe/confirm/")

		// Asking again within the hour sends nothing more.
		if code, body := p.subscribe("maria@example.com"); code != http.StatusTooManyRequests || !strings.Contains(body, "less than an hour ago") {
			t.Errorf("second subscribe: %d %s", code, body)
		}
		if mails := p.tick(); len(mails) != 1 {
			t.Errorf("a second subscribe within the hour sent mail: %d mails", len(mails))
		}

		// A mail scanner follows the link: nothing changes.
		_, page := p.get(confirm)
		if !strings.Contains(page, "Confirm subscription</button>") {
			t.Fatalf("confirmation page has no button:\n%s", page)
		}
		n := p.declare("Checkout failing in EU", "SEV-2")
		p.page.post(n, "public", "Some card payments fail; we are investigating.")
		if mails := p.tick(); len(mails) != 1 {
			t.Fatalf("an unconfirmed subscriber got mail: %+v", mails[len(mails)-1])
		}

		if code, body := p.post(confirm, nil); code != http.StatusOK || !strings.Contains(body, "Subscribed") {
			t.Fatalf("confirm: %d %s", code, body)
		}
		p.page.post(n, "responders", "INTERNAL: the acquirer's certificate expired")
		p.page.post(n, "support", "refunds are approved")
		p.page.post(n, "public", "A fix is rolling out.")
		mails = p.tick()
		if len(mails) != 2 {
			t.Fatalf("after a public update: %d mails, want the confirmation and the update", len(mails))
		}
		update := mails[1]
		if update.Subject != "Update: Checkout failing in EU" || !strings.Contains(update.Text, "A fix is rolling out.") {
			t.Errorf("update mail %q:\n%s", update.Subject, update.Text)
		}
		for _, internal := range []string{"INTERNAL", "certificate", "refunds"} {
			if strings.Contains(update.Text, internal) || strings.Contains(update.Subject, internal) {
				t.Errorf("subscriber mail carries %q, which was not written for the public:\n%s", internal, update.Text)
			}
		}
		// A subscriber who asks again later gets the same answer as anyone, and no mail.
		p.clock.Advance(time.Hour)
		if code, body := p.subscribe("maria@example.com"); code != http.StatusOK || !strings.Contains(body, "Check your inbox") {
			t.Errorf("subscribe when subscribed: %d %s", code, body)
		}
		if mails := p.tick(); len(mails) != 2 {
			t.Errorf("a confirmed subscriber was sent another confirmation: %q", mails[len(mails)-1].Subject)
		}
		unsubscribe := linkIn(t, update, "/unsubscribe/")
		if h := update.Header.Get("List-Unsubscribe"); !strings.HasSuffix(h, unsubscribe+">") || update.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
			t.Errorf("no one-click unsubscribe header for mail clients: List-Unsubscribe %q", h)
		}
		if _, page := p.get(unsubscribe); !strings.Contains(page, "Unsubscribe</button>") {
			t.Fatalf("unsubscribe page has no button:\n%s", page)
		}
		if code, body := p.post(unsubscribe, url.Values{"List-Unsubscribe": {"One-Click"}}); code != http.StatusOK || !strings.Contains(body, "Unsubscribed") {
			t.Fatalf("unsubscribe: %d %s", code, body)
		}
		p.page.post(n, "public", "Payments work again.")
		if mails := p.tick(); len(mails) != 2 {
			t.Errorf("an unsubscribed address got mail: %q", mails[len(mails)-1].Subject)
		}
	})
}

func TestSubscribeRefusesBadAddressesAndFloods(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		p := startWithMail(t, d)
		for _, bad := range []string{"not-an-address", "maria@", "Maria <maria@example.com>", ""} {
			code, body := p.subscribe(bad)
			if code != http.StatusBadRequest || !strings.Contains(body, "The email field") {
				t.Errorf("subscribe %q: %d %s", bad, code, body)
			}
		}
		for i := 0; i < 10; i++ {
			if code, body := p.subscribe("reader" + itoa(int64(i)) + "@example.com"); code != http.StatusOK {
				t.Fatalf("subscribe %d: %d %s", i, code, body)
			}
		}
		code, body := p.subscribe("reader99@example.com")
		if code != http.StatusTooManyRequests || !strings.Contains(body, "Too many subscribe requests") {
			t.Errorf("11th subscribe from one client: %d %s", code, body)
		}
		if mails := p.tick(); len(mails) != 10 {
			t.Errorf("%d confirmation mails, want 10", len(mails))
		}
		// An hour later the address may ask again.
		p.clock.Advance(time.Hour + time.Minute)
		if code, _ := p.subscribe("reader0@example.com"); code != http.StatusOK {
			t.Errorf("subscribe an hour later: %d", code)
		}
		if mails := p.tick(); len(mails) != 11 {
			t.Errorf("%d mails, want a new confirmation", len(mails))
		}
		if code, _ := p.post("/subscribe/confirm/AAAAAAAAAAE.forged", nil); code != http.StatusNotFound {
			t.Errorf("forged confirmation: %d, want 404", code)
		}
	})
}

func TestWithoutMailThereIsNoSubscribeForm(t *testing.T) {
	p := start(t, store.SQLite)
	if _, html := p.get("/"); strings.Contains(html, "/subscribe") {
		t.Errorf("the page offers subscriptions with no mail configured")
	}
	res, err := http.PostForm(p.url+"/subscribe", url.Values{"email": {"maria@example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusNotFound || !strings.Contains(string(b), "not available") {
		t.Errorf("POST /subscribe without mail: %d %s", res.StatusCode, b)
	}
}
