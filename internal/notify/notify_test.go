package notify_test

import (
	"encoding/json"
	"strings"
	"testing"

	"sitrep/internal/notify"
	"sitrep/internal/problem"
)

func checkoutPage() notify.Message {
	return notify.Message{
		ID:         "page-812-step1-cm44",
		Kind:       notify.KindPage,
		To:         "maria@example.com",
		Subject:    "[SEV-1] #42 Checkout is down in eu-west",
		Body:       "Liveness check checkout-eu failed 3 times since 01:22 UTC.",
		AckURL:     "https://sitrep.example.com/a/ack-token",
		ResolveURL: "https://sitrep.example.com/a/resolve-token",
		Severity:   "SEV-1",
		Incident:   42,
	}
}

func TestMessageTravelsAsJSON(t *testing.T) {
	m := checkoutPage()
	raw, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var back notify.Message
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatal(err)
	}
	if back != m {
		t.Fatalf("round trip changed the message:\n got %+v\nwant %+v", back, m)
	}
	for _, key := range []string{`"id"`, `"kind":"page"`, `"ack_url"`, `"incident":42`} {
		if !strings.Contains(string(raw), key) {
			t.Errorf("JSON %s lacks %s", raw, key)
		}
	}
}

func TestMessageValidateNamesTheField(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*notify.Message)
		field string
	}{
		{"no key", func(m *notify.Message) { m.ID = "" }, "id"},
		{"key with a line break", func(m *notify.Message) { m.ID = "page-1\r\nBcc: x@example.com" }, "id"},
		{"key too long", func(m *notify.Message) { m.ID = strings.Repeat("k", notify.MaxIDLen+1) }, "id"},
		{"no recipient", func(m *notify.Message) { m.To = " " }, "to"},
		{"nothing to say", func(m *notify.Message) { m.Subject, m.Body = "", "" }, "body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := checkoutPage()
			tt.edit(&m)
			err := m.Validate()
			p, ok := problem.As(err)
			if !ok || p.Kind != problem.Invalid || p.Field != tt.field {
				t.Fatalf("Validate() = %v, want Invalid naming %q", err, tt.field)
			}
		})
	}
	if err := checkoutPage().Validate(); err != nil {
		t.Fatalf("a complete page is refused: %v", err)
	}
}
