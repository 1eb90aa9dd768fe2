package contact_test

import (
	"strings"
	"testing"

	"sitrep/internal/contact"
	"sitrep/internal/notify"
	"sitrep/internal/problem"
)

var addressCases = []struct {
	kind    contact.Kind
	address string
	ok      bool
	private bool // accepted only when private addresses are allowed
}{
	{kind: contact.Email, address: "laura@example.com", ok: true},
	{kind: contact.Email, address: "laura.de-vesine+pager@ops.example.co.uk", ok: true},
	{kind: contact.Email, address: "Laura <laura@example.com>"},
	{kind: contact.Email, address: "laura@"},
	{kind: contact.Email, address: "laura@example.com, sam@example.com"},
	{kind: contact.Email, address: ""},
	{kind: contact.SMS, address: "+14155550100", ok: true},
	{kind: contact.SMS, address: "+41791234567", ok: true},
	{kind: contact.SMS, address: "+1 415 555 0100"},
	{kind: contact.SMS, address: "004179123456"},
	{kind: contact.SMS, address: "+0791234567"},
	{kind: contact.SMS, address: "+1234567890123456"},
	{kind: contact.Voice, address: "+4420794600", ok: true},
	{kind: contact.Voice, address: "call me"},
	{kind: contact.Slack, address: "C0123ABCDEF", ok: true},
	{kind: contact.Slack, address: "https://hooks.slack.com/services/T000/B000/XXXX", ok: true},
	{kind: contact.Slack, address: "#incidents"},
	{kind: contact.Slack, address: "c0123abcdef"},
	{kind: contact.Slack, address: "http://169.254.169.254/"},
	{kind: contact.Webhook, address: "https://hooks.example.com/sitrep?token=s3cret", ok: true},
	{kind: contact.Webhook, address: "http://169.254.169.254/latest/meta-data/"},
	{kind: contact.Webhook, address: "http://[fe80::1]/hook"},
	{kind: contact.Webhook, address: "http://[::ffff:169.254.169.254]/"},
	{kind: contact.Webhook, address: "http://2852039166/"},
	{kind: contact.Webhook, address: "http://169.254.10.1/hook"},
	{kind: contact.Webhook, address: "http://metadata.google.internal/computeMetadata/v1/"},
	{kind: contact.Webhook, address: "https://user:pass@hooks.example.com/"},
	{kind: contact.Webhook, address: "ftp://hooks.example.com/"},
	{kind: contact.Webhook, address: "https:///no-host"},
	{kind: contact.Webhook, address: "http://127.0.0.1:9000/hook", private: true},
	{kind: contact.Webhook, address: "http://10.1.2.3/hook", private: true},
	{kind: "pager", address: "123"},
}

// Every address is checked at configuration time, with the strictest guard
// and with private addresses allowed. Metadata and link-local stay refused
// either way.
func TestValidateAddress(t *testing.T) {
	for _, c := range addressCases {
		for _, private := range []bool{false, true} {
			err := contact.ValidateAddress(c.kind, c.address, notify.Guard{AllowPrivate: private})
			want := c.ok || (c.private && private)
			if (err == nil) != want {
				t.Errorf("%s %q (private allowed: %v): got %v, want ok=%v", c.kind, c.address, private, err, want)
				continue
			}
			if err == nil {
				continue
			}
			p, ok := problem.As(err)
			wantField := "address"
			if c.kind == "pager" {
				wantField = "kind"
			}
			if !ok || p.Kind != problem.Invalid || p.Field != wantField {
				t.Errorf("%s %q: refusal %v does not name %s", c.kind, c.address, err, wantField)
			}
			if strings.Contains(p.Message, "s3cret") {
				t.Errorf("%s %q: refusal repeats a secret: %s", c.kind, c.address, p.Message)
			}
		}
	}
}

func TestMask(t *testing.T) {
	cases := []struct {
		kind            contact.Kind
		address, masked string
	}{
		{contact.Email, "laura@example.com", "l***@example.com"},
		{contact.SMS, "+41791234567", "+4***4567"},
		{contact.Voice, "+14155550100", "+1***0100"},
		{contact.Webhook, "https://hooks.example.com/sitrep?token=s3cret", "https://hooks.example.com/***"},
		{contact.Slack, "https://hooks.slack.com/services/T000/B000/XXXX", "https://hooks.slack.com/***"},
		{contact.Slack, "C0123ABCDEF", "C01***"},
		{contact.Email, "not an address", "***"},
	}
	for _, c := range cases {
		if got := contact.Mask(c.kind, c.address); got != c.masked {
			t.Errorf("Mask(%s, %q) = %q, want %q", c.kind, c.address, got, c.masked)
		}
	}
}

func TestLabels(t *testing.T) {
	for label, ok := range map[string]bool{
		"work phone":             true,
		"  padded  ":             true,
		strings.Repeat("é", 100): true,
		strings.Repeat("é", 101): false,
		"two\nlines":             false,
		"tab\there":              false,
	} {
		nm := contact.NewMethod{Kind: contact.Email, Address: "laura@example.com", Label: label}
		err := nm.Validate(notify.Guard{})
		if (err == nil) != ok {
			t.Errorf("label %q: got %v, want ok=%v", label, err, ok)
		}
		if p, isP := problem.As(err); err != nil && (!isP || p.Field != "label") {
			t.Errorf("label %q: refusal %v does not name label", label, err)
		}
	}
}
