package statuspage_test

import (
	"strings"
	"testing"

	"sitrep/internal/problem"
	"sitrep/internal/statuspage"
)

const formType = "application/x-www-form-urlencoded"

func TestSubscribeFormNamesTheEmailField(t *testing.T) {
	for _, tc := range []struct {
		ct, body, want string
	}{
		{formType, "email=maria%40example.com", "maria@example.com"},
		{formType + "; charset=utf-8", "email=+maria@example.com+", "maria@example.com"},
		{formType, "", ""},
		{formType, "email=a@example.com&email=b@example.com", ""},
		{"multipart/form-data", "email=a@example.com", ""},
		{formType, "email=%zz", ""},
	} {
		got, err := statuspage.ParseSubscribe(tc.ct, []byte(tc.body))
		if got != tc.want {
			t.Errorf("%q %q: %q, want %q", tc.ct, tc.body, got, tc.want)
		}
		if tc.want == "" {
			if p, ok := problem.As(err); !ok || p.Field != "email" {
				t.Errorf("%q %q: error %v, want one naming email", tc.ct, tc.body, err)
			}
		}
	}
}

// Whatever arrives, the parser answers with an address or a refusal naming
// the email field, and never panics.
func FuzzParseSubscribe(f *testing.F) {
	for _, s := range []string{"email=maria%40example.com", "", "email=", "email=a&email=b", "%", "email=" + strings.Repeat("a", 5000), "email=%00"} {
		f.Add(formType, s)
	}
	f.Add("text/plain", "email=x@example.com")
	f.Fuzz(func(t *testing.T, ct, body string) {
		got, err := statuspage.ParseSubscribe(ct, []byte(body))
		if err != nil {
			if p, ok := problem.As(err); !ok || p.Field != "email" || got != "" {
				t.Fatalf("ParseSubscribe(%q, %q) = %q, %v", ct, body, got, err)
			}
			return
		}
		if got == "" || len(got) > statuspage.MaxFormBytes || got != strings.TrimSpace(got) {
			t.Fatalf("ParseSubscribe(%q, %q) = %q", ct, body, got)
		}
	})
}
