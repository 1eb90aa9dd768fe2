package contact_test

import (
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"sitrep/internal/contact"
	"sitrep/internal/notify"
	"sitrep/internal/problem"
)

// FuzzValidateAddress feeds outside input (API bodies, CLI arguments) to the
// address check. It must never panic; a refusal must be a problem naming a
// field; an accepted address must be what its kind says, and must not
// survive masking whole.
func FuzzValidateAddress(f *testing.F) {
	for _, c := range addressCases {
		f.Add(string(c.kind), c.address)
	}
	f.Fuzz(func(t *testing.T, kind, address string) {
		k := contact.Kind(kind)
		err := contact.ValidateAddress(k, address, notify.Guard{})
		if err != nil {
			if p, ok := problem.As(err); !ok || p.Kind != problem.Invalid || (p.Field != "address" && p.Field != "kind") {
				t.Fatalf("%s %q: refusal %v is not an invalid-input problem naming address or kind", kind, address, err)
			}
			return
		}
		accepted(t, k, address)
		masked := contact.Mask(k, address)
		if masked == address || !strings.Contains(masked, "***") {
			t.Fatalf("%s %q masks to %q", kind, address, masked)
		}
	})
}

// accepted checks that an address ValidateAddress let through is of kind.
func accepted(t *testing.T, k contact.Kind, address string) {
	t.Helper()
	if !utf8.ValidString(address) && k != contact.Webhook && k != contact.Slack {
		t.Fatalf("%s %q accepted but not UTF-8", k, address)
	}
	switch k {
	case contact.Email:
		if strings.Count(address, "@") < 1 || strings.TrimSpace(address) != address {
			t.Fatalf("email %q accepted", address)
		}
	case contact.SMS, contact.Voice:
		if len(address) < 8 || len(address) > 16 || address[0] != '+' || strings.Trim(address[1:], "0123456789") != "" {
			t.Fatalf("phone %q accepted", address)
		}
	case contact.Webhook, contact.Slack:
		if !strings.Contains(address, "://") {
			return // a Slack channel ID
		}
		u, err := url.Parse(address)
		if err != nil || u.Host == "" || u.User != nil || (u.Scheme != "http" && u.Scheme != "https") {
			t.Fatalf("URL %q accepted", address)
		}
		// Names are resolved, and checked, at send time; an address literal
		// must be refused now.
		if ip, err := netip.ParseAddr(u.Hostname()); err == nil && (ip.IsLinkLocalUnicast() || ip.IsLoopback() || ip.IsPrivate()) {
			t.Fatalf("URL %q at a link-local or private address accepted", address)
		}
	default:
		t.Fatalf("kind %q accepted", k)
	}
}
