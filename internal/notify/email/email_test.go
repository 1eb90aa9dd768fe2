package email_test

import (
	"context"
	"crypto/tls"
	"net"
	"strings"
	"testing"
	"time"

	"sitrep/internal/clock"
	"sitrep/internal/notify"
	"sitrep/internal/notify/email"
	"sitrep/internal/notify/email/smtptest"
	"sitrep/internal/problem"
)

var sentAt = time.Date(2025, 3, 14, 1, 22, 0, 0, time.UTC)

func relay(t *testing.T, opts smtptest.Options) *smtptest.Server {
	t.Helper()
	s, err := smtptest.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func sender(t *testing.T, cfg email.Config) *email.Sender {
	t.Helper()
	if cfg.From == "" {
		cfg.From = "sitrep <pager@sitrep.example.com>"
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 5 * time.Second
	}
	s, err := email.New(cfg, clock.NewManual(sentAt).Now)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func plain(r *smtptest.Server) email.Config {
	return email.Config{Host: r.Host, Port: r.Port, TLS: email.TLSNone}
}

func page(to string) notify.Message {
	return notify.Message{
		ID:         "page-812-step1-cm12",
		Kind:       notify.KindPage,
		To:         to,
		Subject:    "[SEV-1] #42 Checkout is down in eu-west",
		Body:       "Liveness check checkout-eu failed 3 times since 01:22 UTC.",
		AckURL:     "https://sitrep.example.com/a/ack?t=7Hk2-very-long-signed-token-that-mail-encoders-like-to-fold-across-lines",
		ResolveURL: "https://sitrep.example.com/a/resolve?t=Q9x",
		Severity:   "SEV-1",
		Incident:   42,
	}
}

func TestMajorIncidentOnCallIsMailed(t *testing.T) {
	mx := relay(t, smtptest.Options{})
	retry, err := sender(t, plain(mx)).Send(context.Background(), page("maria@example.com"))
	if err != nil || retry {
		t.Fatalf("Send = %v, %v", retry, err)
	}
	msgs := mx.Messages()
	if len(msgs) != 1 {
		t.Fatalf("relay got %d messages", len(msgs))
	}
	got := msgs[0]
	if len(got.To) != 1 || got.To[0] != "maria@example.com" || got.From != "pager@sitrep.example.com" {
		t.Errorf("envelope from %q to %q", got.From, got.To)
	}
	if got.Subject != "[SEV-1] #42 Checkout is down in eu-west" {
		t.Errorf("subject %q", got.Subject)
	}
	for _, want := range []string{
		"Liveness check checkout-eu failed",
		"Acknowledge: " + page("").AckURL + "\n",
		"Resolve: " + page("").ResolveURL + "\n",
		"Incident #42 (SEV-1)",
	} {
		if !strings.Contains(got.Text, want) {
			t.Errorf("body lacks %q:\n%s", want, got.Text)
		}
	}
	h := got.Header
	if k := h.Get(email.HeaderIdempotency); k != "page-812-step1-cm12" {
		t.Errorf("%s: %q", email.HeaderIdempotency, k)
	}
	if id := h.Get("Message-ID"); id != "<"+email.MessageID("page-812-step1-cm12", "pager@sitrep.example.com")+">" {
		t.Errorf("Message-ID %q", id)
	}
	if h.Get("Auto-Submitted") != "auto-generated" || h.Get("X-Sitrep-Incident") != "42" {
		t.Errorf("header %v", h)
	}
	if d, err := h.Date(); err != nil || !d.Equal(sentAt) {
		t.Errorf("Date %v, %v; want the injected clock's", d, err)
	}
}

func TestARetryKeepsTheMessageID(t *testing.T) {
	mx := relay(t, smtptest.Options{})
	s := sender(t, plain(mx))
	for range 2 {
		if _, err := s.Send(context.Background(), page("maria@example.com")); err != nil {
			t.Fatal(err)
		}
	}
	other := page("kenji@example.com")
	other.ID = "page-812-step1-cm13"
	if _, err := s.Send(context.Background(), other); err != nil {
		t.Fatal(err)
	}
	msgs, err := mx.Wait(context.Background(), 3)
	if err != nil {
		t.Fatal(err)
	}
	a, b, c := msgs[0].Header.Get("Message-ID"), msgs[1].Header.Get("Message-ID"), msgs[2].Header.Get("Message-ID")
	if a != b || a == c {
		t.Fatalf("Message-IDs %q %q %q: want the retry equal and the other recipient different", a, b, c)
	}
}

func TestATitleCannotAddHeaders(t *testing.T) {
	mx := relay(t, smtptest.Options{})
	m := page("maria@example.com")
	m.Subject = "Checkout down\r\nBcc: attacker@example.net"
	if _, err := sender(t, plain(mx)).Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	got := mx.Messages()[0]
	if len(got.To) != 1 || got.Header.Get("Bcc") != "" {
		t.Fatalf("the title added a recipient: to %v, header %v", got.To, got.Header)
	}
}

func TestRelayOverSTARTTLSWithPassword(t *testing.T) {
	serverTLS, trust, err := smtptest.SelfSigned()
	if err != nil {
		t.Fatal(err)
	}
	mx := relay(t, smtptest.Options{TLS: serverTLS, Username: "pager", Password: "relay-s3cret"})
	cfg := email.Config{Host: mx.Host, Port: mx.Port, TLS: email.TLSStartTLS,
		Username: "pager", Password: "relay-s3cret", TLSConfig: &tls.Config{RootCAs: trust}}
	if retry, err := sender(t, cfg).Send(context.Background(), page("maria@example.com")); err != nil || retry {
		t.Fatalf("Send = %v, %v", retry, err)
	}
	if n := len(mx.Messages()); n != 1 {
		t.Fatalf("relay got %d messages", n)
	}

	cfg.Password = "wrong"
	retry, err := sender(t, cfg).Send(context.Background(), page("maria@example.com"))
	if err == nil || retry {
		t.Fatalf("wrong password: Send = %v, %v; want a permanent failure", retry, err)
	}
	if strings.Contains(err.Error(), "wrong") {
		t.Errorf("error %q shows the password", err)
	}
}

func TestRelayOverImplicitTLS(t *testing.T) {
	serverTLS, trust, err := smtptest.SelfSigned()
	if err != nil {
		t.Fatal(err)
	}
	mx := relay(t, smtptest.Options{TLS: serverTLS, Implicit: true})
	cfg := email.Config{Host: mx.Host, Port: mx.Port, TLS: email.TLSImplicit, TLSConfig: &tls.Config{RootCAs: trust}}
	if retry, err := sender(t, cfg).Send(context.Background(), page("maria@example.com")); err != nil || retry {
		t.Fatalf("Send = %v, %v", retry, err)
	}
	if n := len(mx.Messages()); n != 1 {
		t.Fatalf("relay got %d messages", n)
	}
}

func TestRelayWithoutSTARTTLSIsNotUsedInClear(t *testing.T) {
	mx := relay(t, smtptest.Options{})
	cfg := email.Config{Host: mx.Host, Port: mx.Port, TLS: email.TLSStartTLS}
	if _, err := sender(t, cfg).Send(context.Background(), page("maria@example.com")); err == nil {
		t.Fatal("sent in clear to a relay that offers no STARTTLS")
	}
	if n := len(mx.Messages()); n != 0 {
		t.Fatalf("relay got %d messages", n)
	}
}

func TestRelayRefusals(t *testing.T) {
	tests := []struct {
		name  string
		stage smtptest.Stage
		code  int
		retry bool
	}{
		{"greylisted at RCPT", smtptest.StageRcpt, 451, true},
		{"no such user", smtptest.StageRcpt, 550, false},
		{"sender throttled", smtptest.StageMail, 421, true},
		{"queue full after DATA", smtptest.StageData, 452, true},
		{"rejected as spam after DATA", smtptest.StageData, 554, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mx := relay(t, smtptest.Options{})
			mx.Refuse(tt.stage, tt.code, "test refusal")
			retry, err := sender(t, plain(mx)).Send(context.Background(), page("maria@example.com"))
			if err == nil || retry != tt.retry {
				t.Fatalf("Send = %v, %v; want retry %v", retry, err, tt.retry)
			}
			mx.Refuse(tt.stage, 0, "")
			if retry, err := sender(t, plain(mx)).Send(context.Background(), page("maria@example.com")); err != nil || retry {
				t.Fatalf("after the relay recovered: Send = %v, %v", retry, err)
			}
		})
	}
}

func TestRelayDownIsRetried(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().(*net.TCPAddr)
	l.Close()
	cfg := email.Config{Host: "127.0.0.1", Port: addr.Port, TLS: email.TLSNone}
	retry, err := sender(t, cfg).Send(context.Background(), page("maria@example.com"))
	if err == nil || !retry {
		t.Fatalf("Send = %v, %v; want a retry", retry, err)
	}
}

func TestAnAddressThatCannotBeOneIsNotSent(t *testing.T) {
	mx := relay(t, smtptest.Options{})
	retry, err := sender(t, plain(mx)).Send(context.Background(), page("maria at example.com"))
	if p, ok := problem.As(err); retry || !ok || p.Field != "to" {
		t.Fatalf("Send = %v, %v; want a permanent refusal naming to", retry, err)
	}
	if n := len(mx.Messages()); n != 0 {
		t.Fatalf("relay got %d messages", n)
	}
	if got := sender(t, plain(mx)).Channel(); got != notify.ChannelEmail {
		t.Fatalf("Channel() = %q", got)
	}
}
