package sms

import (
	"regexp"

	"sitrep/internal/problem"
)

// e164 is a plus sign, a country code that does not start with 0, and at
// most fifteen digits in all. Seven is the shortest real number we know of
// (small island numbering plans).
var e164 = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)

// ValidatePhone checks that s is a phone number in E.164 form and returns a
// problem.Invalid naming field if not.
func ValidatePhone(field, s string) error {
	if s == "" {
		return problem.Invalidf(field, "a phone number is required")
	}
	if !e164.MatchString(s) {
		return problem.Invalidf(field, "%q is not a phone number in E.164 form; write + then the country code and number with no spaces, such as +14155550100", clip(s))
	}
	return nil
}

// clip keeps an echoed value short.
func clip(s string) string {
	if len(s) > 32 {
		return s[:32] + "..."
	}
	return s
}
