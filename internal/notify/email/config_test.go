package email_test

import (
	"strings"
	"testing"

	"sitrep/internal/notify/email"
	"sitrep/internal/problem"
)

func TestConfigNamesTheField(t *testing.T) {
	good := email.Config{Host: "smtp.example.com", From: "sitrep <pager@example.com>"}
	if err := good.Validate(); err != nil {
		t.Fatalf("good config refused: %v", err)
	}
	tests := []struct {
		edit  func(*email.Config)
		field string
	}{
		{func(c *email.Config) { c.Host = "" }, "host"},
		{func(c *email.Config) { c.Host = "smtp.example.com:587" }, "host"},
		{func(c *email.Config) { c.Host = "smtp://smtp.example.com" }, "host"},
		{func(c *email.Config) { c.Port = 70000 }, "port"},
		{func(c *email.Config) { c.TLS = "ssl" }, "tls"},
		{func(c *email.Config) { c.Password = "p" }, "username"},
		{func(c *email.Config) { c.Timeout = -1 }, "timeout"},
		{func(c *email.Config) { c.From = "" }, "from"},
		{func(c *email.Config) { c.From = "pager at example.com" }, "from"},
	}
	for _, tt := range tests {
		c := good
		tt.edit(&c)
		err := c.Validate()
		if p, ok := problem.As(err); !ok || p.Kind != problem.Invalid || p.Field != tt.field {
			t.Errorf("Validate(%+v) = %v, want Invalid naming %q", c, err, tt.field)
		}
	}
	ipv6 := good
	ipv6.Host = "::1"
	if err := ipv6.Validate(); err != nil {
		t.Errorf("an IPv6 relay is refused: %v", err)
	}
}

func TestValidateAddress(t *testing.T) {
	for _, s := range []string{"maria@example.com", "ops+pager@eu.example.co.uk", "kenji.sato@localhost"} {
		if err := email.ValidateAddress("address", s); err != nil {
			t.Errorf("ValidateAddress(%q) = %v", s, err)
		}
	}
	for _, s := range []string{"", "maria", "maria@", "@example.com", "Maria <maria@example.com>",
		"maria@example.com, kenji@example.com", "maria@example.com\r\nBcc: x@example.net", "maria@[127.0.0.1]",
		strings.Repeat("a", 250) + "@example.com"} {
		err := email.ValidateAddress("contact_methods[0].address", s)
		if p, ok := problem.As(err); !ok || p.Field != "contact_methods[0].address" {
			t.Errorf("ValidateAddress(%q) = %v, want Invalid naming the field", s, err)
		}
	}
}

func FuzzValidateAddress(f *testing.F) {
	for _, s := range []string{"maria@example.com", "Maria <maria@example.com>", "a@b", "\"a b\"@example.com",
		"maria@example.com\r\n", "=?utf-8?q?x?=@example.com", "a@b@c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if email.ValidateAddress("address", s) != nil {
			return
		}
		if strings.ContainsAny(s, "\r\n<>,") || !strings.Contains(s, "@") || len(s) > 254 {
			t.Fatalf("accepted %q", s)
		}
	})
}
