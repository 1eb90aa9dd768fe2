package email

import (
	"net/mail"
	"strings"

	"sitrep/internal/problem"
)

// maxAddress is the longest address SMTP can carry (RFC 5321 path limit).
const maxAddress = 254

// ValidateAddress checks that s is one bare email address, such as
// maria@example.com, and returns a problem.Invalid naming field if not.
// Display names and lists are refused: a contact method is one mailbox.
func ValidateAddress(field, s string) error {
	if s == "" {
		return problem.Invalidf(field, "an email address is required")
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s || len(s) > maxAddress {
		return problem.Invalidf(field, "%q is not an email address; write one address such as maria@example.com", clip(s))
	}
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || domain == "" || strings.ContainsAny(domain, "[]") {
		return problem.Invalidf(field, "%q is not an email address; write one address such as maria@example.com", clip(s))
	}
	return nil
}

// validateFrom accepts an address with an optional display name, as the From
// header allows.
func validateFrom(s string) error {
	if s == "" {
		return problem.Invalidf("from", "the From address is required, such as \"sitrep <pager@example.com>\"")
	}
	a, err := mail.ParseAddress(s)
	if err != nil || len(a.Address) > maxAddress {
		return problem.Invalidf("from", "%q is not an email address; write one such as \"sitrep <pager@example.com>\"", clip(s))
	}
	return nil
}

func clip(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}
