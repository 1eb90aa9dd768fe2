package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sync"
	"testing"
	"time"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/clock"
	"sitrep/internal/notify"
	"sitrep/internal/notify/email"
	"sitrep/internal/notify/email/smtptest"
	"sitrep/internal/notify/sms"
	"sitrep/internal/store"
)

// smsProvider stands in for a Twilio-compatible API on loopback and records
// every text it is asked to send.
type smsProvider struct {
	*httptest.Server
	mu   sync.Mutex
	sent []url.Values
}

func newSMSProvider(t *testing.T) *smsProvider {
	p := &smsProvider{}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		p.mu.Lock()
		p.sent = append(p.sent, r.PostForm)
		p.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, `{"sid":"SM0001","status":"queued"}`)
	}))
	t.Cleanup(p.Close)
	return p
}

func (p *smsProvider) to(number string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, v := range p.sent {
		if v.Get("To") == number {
			n++
		}
	}
	return n
}

// oncallNight is a responder's view of the major-incident setup: who is on
// call, how they are reached, and the real servers that receive it all.
type oncallNight struct {
	in   *apptest.Instance
	smtp *smtptest.Server
	sms  *smsProvider
	tok  string
}

var night = time.Date(2024, 3, 8, 1, 22, 0, 0, time.UTC)

func newOncallNight(t *testing.T, d store.Dialect) *oncallNight {
	t.Helper()
	srv, err := smtptest.Start(smtptest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	clk := clock.NewManual(night)
	mailer, err := email.New(email.Config{Host: srv.Host, Port: srv.Port, From: "sitrep <pager@example.com>", TLS: email.TLSNone}, clk.Now)
	if err != nil {
		t.Fatal(err)
	}
	provider := newSMSProvider(t)
	texter, err := sms.New(sms.Options{BaseURL: provider.URL, AccountSID: "AC0123", AuthToken: "secret", From: "+15550000000",
		Client: notify.Guard{AllowPrivate: true}.Client(5 * time.Second)})
	if err != nil {
		t.Fatal(err)
	}
	in := apptest.Start(t, d, apptest.Options{Clock: clk, Senders: []notify.Sender{mailer, texter}, ManualEngine: true})
	n := &oncallNight{in: in, smtp: srv, sms: provider, tok: apptest.AdminToken}
	for _, u := range []struct{ handle, phone string }{{"laura", "+4915100000001"}, {"dave", "+14155550002"}, {"sam", "+4915100000003"}} {
		in.User(t, u.handle, "responder")
		n.post(t, "/api/v1/users/"+u.handle+"/contact-methods", map[string]any{"kind": "email", "address": u.handle + "@example.com"})
		n.post(t, "/api/v1/users/"+u.handle+"/contact-methods", map[string]any{"kind": "sms", "address": u.phone})
	}
	rotation := func(name, who string) {
		n.post(t, "/api/v1/schedules", map[string]any{"name": name, "time_zone": "Europe/Berlin", "layers": []map[string]any{
			{"members": []string{who}, "start": "2024-03-01T09:00", "shift_kind": "weekly", "shift_length": 1}}})
	}
	rotation("major-incident", "laura")
	rotation("exec-on-call", "dave")
	n.post(t, "/api/v1/escalation-policies", map[string]any{"name": "major-incident", "steps": []map[string]any{
		{"delay_seconds": 300, "targets": []map[string]string{{"kind": "schedule", "ref": "major-incident"}}},
		{"delay_seconds": 300, "targets": []map[string]string{{"kind": "user", "ref": "sam"}}}}})
	n.send(t, "PUT", "/api/v1/severity-policies/SEV-1", map[string]any{"targets": []map[string]string{
		{"kind": "policy", "ref": "major-incident"}, {"kind": "schedule", "ref": "exec-on-call"}}})
	return n
}

func (n *oncallNight) post(t *testing.T, path string, body any) []byte {
	t.Helper()
	return n.send(t, "POST", path, body)
}

func (n *oncallNight) send(t *testing.T, method, path string, body any) []byte {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequestWithContext(context.Background(), method, n.in.URL+path, bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+n.tok)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, out)
	}
	return out
}

func (n *oncallNight) emailsTo(addr string) []smtptest.Message {
	var out []smtptest.Message
	for _, m := range n.smtp.Messages() {
		for _, to := range m.To {
			if to == addr {
				out = append(out, m)
			}
		}
	}
	return out
}

func (n *oncallNight) declare(t *testing.T, title string) int64 {
	t.Helper()
	inc, err := n.in.Admin.Declare(context.Background(), client.Declaration{Title: title, Severity: "SEV-1"})
	if err != nil {
		t.Fatal(err)
	}
	return inc.Number
}

var ackLink = regexp.MustCompile(`/ack/(\S+)`)

// At 01:22 the liveness checks fire and a SEV-1 is declared. The severity
// policy pages the major-incident rotation (through its escalation policy)
// and the executive on call: laura and dave each get an email and an SMS.
// laura acknowledges through the link in her email, and the escalation stops:
// sam, the next step, is never woken.
func TestSEV1PagesByEmailAndSMSAndTheAckLinkStopsEscalation(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		n := newOncallNight(t, d)
		n.declare(t, "Pod networking down in four regions")
		n.in.Tick(t)
		for _, who := range []struct{ email, phone string }{{"laura@example.com", "+4915100000001"}, {"dave@example.com", "+14155550002"}} {
			if len(n.emailsTo(who.email)) != 1 || n.sms.to(who.phone) != 1 {
				t.Fatalf("%s: %d emails, %d texts; want one of each", who.email, len(n.emailsTo(who.email)), n.sms.to(who.phone))
			}
		}
		m := ackLink.FindStringSubmatch(n.emailsTo("laura@example.com")[0].Text)
		if m == nil {
			t.Fatalf("no ack link in %q", n.emailsTo("laura@example.com")[0].Text)
		}
		resp, err := http.Post(n.in.URL+"/ack/"+m[1], "application/x-www-form-urlencoded", nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("pressing acknowledge: %d", resp.StatusCode)
		}
		n.in.Clock.Advance(10 * time.Minute)
		n.in.Tick(t)
		if got := len(n.emailsTo("sam@example.com")); got != 0 {
			t.Fatalf("sam got %d emails after laura acknowledged", got)
		}
	})
}

// Nobody answers the SEV-1 page: after five minutes the escalation policy's
// next step pages sam.
func TestUnansweredSEV1EscalatesToTheNextStep(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		n := newOncallNight(t, d)
		n.declare(t, "Certificates not renewing")
		n.in.Tick(t)
		n.in.Clock.Advance(4 * time.Minute)
		n.in.Tick(t)
		if got := len(n.emailsTo("sam@example.com")); got != 0 {
			t.Fatalf("sam paged after 4 minutes (%d emails); the step waits 5", got)
		}
		n.in.Clock.Advance(time.Minute)
		n.in.Tick(t)
		if len(n.emailsTo("sam@example.com")) != 1 || n.sms.to("+4915100000003") != 1 {
			t.Fatal("sam not paged by email and SMS after nobody acknowledged for 5 minutes")
		}
	})
}
