package notify_test

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"sitrep/internal/notify"
)

func TestRedactURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://hooks.slack.com/services/T0123/B0456/abcdefSECRET", "https://hooks.slack.com/services/REDACTED"},
		{"https://hooks.slack.com/triggers/T0123/1234/abcdef", "https://hooks.slack.com/triggers/REDACTED"},
		{"https://ops:hunter2@hooks.example.com/in", "https://REDACTED@hooks.example.com/in"},
		{"https://hooks.example.com/in?token=s3cret&team=ops", "https://hooks.example.com/in?REDACTED"},
		{"https://hooks.example.com/in#frag", "https://hooks.example.com/in"},
		{"https://discord.com/api/webhooks/1234567/AbCdEf0123456789AbCdEf0123456789", "https://discord.com/api/webhooks/1234567/REDACTED"},
		{"https://alerts.example.com/sitrep/receiver", "https://alerts.example.com/sitrep/receiver"},
		{"not a url", "[unparseable URL]"},
		{"://", "[unparseable URL]"},
	}
	for _, tt := range tests {
		if got := notify.RedactURL(tt.in); got != tt.want {
			t.Errorf("RedactURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRedactErrorKeepsTheCause(t *testing.T) {
	cause := errors.New("connection refused")
	err := notify.RedactError(&url.Error{Op: "Post", URL: "https://h.example.com/x?sig=s3cret", Err: cause})
	if strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("secret in %q", err)
	}
	if !errors.Is(err, cause) {
		t.Fatal("cause lost")
	}
	other := notify.RedactError(errors.New(`calling https://hooks.slack.com/services/T1/B2/s3cret: EOF`))
	if strings.Contains(other.Error(), "s3cret") {
		t.Fatalf("secret in %q", other)
	}
}

func FuzzRedactURL(f *testing.F) {
	for _, s := range []string{
		"https://hooks.slack.com/services/T0123/B0456/abcdefSECRET",
		"https://u:p@h/x?q=1#f", "http://[::1]:8080/a%2Fb?x", "https://h/%zz", "mailto:x@y",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := notify.RedactURL(s)
		u, err := url.Parse(s)
		if err != nil || u.Host == "" {
			return
		}
		if p, ok := u.User.Password(); ok && strings.Contains(got, ":"+p+"@") {
			t.Fatalf("RedactURL(%q) = %q keeps the password", s, got)
		}
		if u.RawQuery != "" && u.RawQuery != "REDACTED" && strings.Contains(got, "?"+u.RawQuery) {
			t.Fatalf("RedactURL(%q) = %q keeps the query", s, got)
		}
	})
}
