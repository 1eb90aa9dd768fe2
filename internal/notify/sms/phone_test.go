package sms_test

import (
	"strings"
	"testing"

	"sitrep/internal/notify/sms"
	"sitrep/internal/problem"
)

func TestValidatePhone(t *testing.T) {
	good := []string{"+14155550100", "+447700900123", "+4915112345678", "+2904567", "+861012345678901"}
	bad := []string{"", "14155550100", "+0155550100", "+1 415 555 0100", "+1-415-555-0100", "+1415555010O",
		"+123456", "+1234567890123456", "tel:+14155550100", "+14155550100\n", "++14155550100", "+١٤١٥٥٥٥٠١٠٠"}
	for _, s := range good {
		if err := sms.ValidatePhone("phone", s); err != nil {
			t.Errorf("ValidatePhone(%q) = %v", s, err)
		}
	}
	for _, s := range bad {
		err := sms.ValidatePhone("contact_methods[1].address", s)
		p, ok := problem.As(err)
		if !ok || p.Kind != problem.Invalid || p.Field != "contact_methods[1].address" {
			t.Errorf("ValidatePhone(%q) = %v, want Invalid naming the field", s, err)
			continue
		}
		if s != "" && !strings.Contains(p.Message, "E.164") {
			t.Errorf("ValidatePhone(%q) says %q, which does not say how to write it", s, p.Message)
		}
	}
}

func FuzzValidatePhone(f *testing.F) {
	for _, s := range []string{"+14155550100", "+2904567", "14155550100", "+1 415", "+0", "+", "+1234567890123456", "+١٤١"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if sms.ValidatePhone("phone", s) != nil {
			return
		}
		if len(s) < 8 || len(s) > 16 || s[0] != '+' || s[1] == '0' {
			t.Fatalf("accepted %q", s)
		}
		for _, r := range s[1:] {
			if r < '0' || r > '9' {
				t.Fatalf("accepted %q", s)
			}
		}
	})
}
