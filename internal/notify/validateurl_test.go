package notify_test

import (
	"net/netip"
	"net/url"
	"strings"
	"testing"

	"sitrep/internal/notify"
	"sitrep/internal/problem"
)

func TestValidateURL(t *testing.T) {
	tests := []struct {
		raw          string
		allowPrivate bool
		ok           bool
		say          string // part of the message when refused
	}{
		{"https://hooks.slack.com/services/T0/B0/x", false, true, ""},
		{"http://alerts.example.com:8080/in?team=ops", false, true, ""},
		{"https://[2606:2800:220:1::248]/in", false, true, ""},
		{"http://10.0.0.5/in", true, true, ""},
		{"http://localhost:9000/in", true, true, ""},
		{"", false, false, "required"},
		{"ftp://files.example.com/x", false, false, "https://"},
		{"javascript:alert(1)", false, false, "https://"},
		{"https:///path", false, false, "host"},
		{"https://ops:s3cret@hooks.example.com/in", false, false, "user name or password"},
		{"https://hooks.example.com:0/in", false, false, "port"},
		{"https://hooks.example.com:70000/in", false, false, "port"},
		{"http://169.254.169.254/latest/meta-data/", true, false, "metadata"},
		{"http://[fe80::1%25eth0]/", true, false, "link-local"},
		{"http://[fd00:ec2::254]/", true, false, "metadata"},
		{"http://metadata.google.internal/computeMetadata/v1/", true, false, "metadata"},
		{"http://METADATA.google.internal./", true, false, "metadata"},
		{"http://0.0.0.0:8080/", true, false, "unspecified"},
		{"http://127.0.0.1/", false, false, "private"},
		{"http://localhost/", false, false, "this host"},
		{"http://app.localhost/", false, false, "this host"},
		{"http://10.0.0.5/", false, false, "private"},
		{"http://2130706433/", true, false, "usual form"},
		{"http://0x7f.0.0.1/", true, false, "usual form"},
		{"http://127.1/", true, false, "usual form"},
		{"https://" + strings.Repeat("a", notify.MaxURLLen) + ".com/", false, false, "longer"},
		{"https://exa mple.com/", false, false, "not a valid URL"},
	}
	for _, tt := range tests {
		err := notify.ValidateURL("webhook_url", tt.raw, tt.allowPrivate)
		if tt.ok {
			if err != nil {
				t.Errorf("ValidateURL(%q, private=%v) = %v, want ok", tt.raw, tt.allowPrivate, err)
			}
			continue
		}
		p, isProblem := problem.As(err)
		if !isProblem || p.Kind != problem.Invalid || p.Field != "webhook_url" {
			t.Errorf("ValidateURL(%q) = %v, want Invalid naming webhook_url", tt.raw, err)
			continue
		}
		if !strings.Contains(p.Message, tt.say) {
			t.Errorf("ValidateURL(%q) says %q, want it to mention %q", tt.raw, p.Message, tt.say)
		}
		if strings.Contains(p.Message, "s3cret") {
			t.Errorf("ValidateURL(%q) repeats the secret: %q", tt.raw, p.Message)
		}
	}
}

func TestAdminMayAllowLinkLocal(t *testing.T) {
	g := notify.Guard{AllowPrivate: true, AllowLinkLocal: true}
	if err := g.ValidateURL("probe_url", "http://169.254.169.254/latest/meta-data/"); err != nil {
		t.Fatalf("admin allowance ignored: %v", err)
	}
}

func TestCheckURLFormLeavesAddressesToTheGuard(t *testing.T) {
	for _, raw := range []string{"http://169.254.169.254/", "http://127.0.0.1:8080/in", "https://hooks.example.com/in"} {
		if err := notify.CheckURLForm("to", raw); err != nil {
			t.Errorf("CheckURLForm(%q) = %v", raw, err)
		}
	}
	for _, raw := range []string{"ftp://h/x", "https://u:p@h/x", "https://h:0/"} {
		if p, ok := problem.As(notify.CheckURLForm("to", raw)); !ok || p.Field != "to" {
			t.Errorf("CheckURLForm(%q) accepted it", raw)
		}
	}
}

func FuzzValidateURL(f *testing.F) {
	for _, s := range []string{
		"https://hooks.slack.com/services/T0/B0/x", "http://169.254.169.254/", "http://[fe80::1%25eth0]/",
		"http://[::ffff:169.254.169.254]/", "http://metadata.google.internal/", "https://u:p@h/",
		"http://0x7f.1/", "http://127.0.0.1:0/", "https://h:99999/", "//h/x", "https://h.", "https://[::1",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, raw string, allowPrivate bool) {
		err := notify.ValidateURL("url", raw, allowPrivate)
		if err != nil {
			if p, ok := problem.As(err); !ok || p.Field != "url" {
				t.Fatalf("ValidateURL(%q) = %v, not a problem naming the field", raw, err)
			}
			return
		}
		u, perr := url.Parse(raw)
		if perr != nil || (u.Scheme != "http" && u.Scheme != "https") || u.User != nil || u.Hostname() == "" {
			t.Fatalf("ValidateURL accepted %q", raw)
		}
		if ip, err := netip.ParseAddr(u.Hostname()); err == nil && (ip.Unmap().IsLinkLocalUnicast() || ip.IsUnspecified()) {
			t.Fatalf("ValidateURL accepted %q", raw)
		}
	})
}
