package alert_test

import (
	"strings"
	"testing"

	"sitrep/internal/alert"
	"sitrep/internal/problem"
)

func TestFingerprintIgnoresLabelOrderButNotValues(t *testing.T) {
	a := alert.Fingerprint(map[string]string{"alertname": "NodeNotReady", "region": "eu1"})
	b := alert.Fingerprint(map[string]string{"region": "eu1", "alertname": "NodeNotReady"})
	if a != b {
		t.Fatalf("same labels, two fingerprints: %s %s", a, b)
	}
	for _, other := range []map[string]string{
		{"alertname": "NodeNotReady", "region": "us1"},
		{"alertname": "NodeNotReady", "region": "eu1", "node": "n1"},
		// Without a separator "ab"+"c" and "a"+"bc" would collide.
		{"alertname": "NodeNotReadyr", "egion": "eu1"},
	} {
		if alert.Fingerprint(other) == a {
			t.Errorf("%v has the fingerprint of another label set", other)
		}
	}
}

func TestValidationNamesTheField(t *testing.T) {
	long := strings.Repeat("x", alert.MaxValueBytes+1)
	many := map[string]string{}
	for i := 0; i <= alert.MaxLabels; i++ {
		many["l"+strings.Repeat("a", i)] = "v"
	}
	cases := []struct {
		name  string
		a     alert.Alert
		field string
	}{
		{"ok", alert.Alert{Labels: map[string]string{"alertname": "x"}, Status: alert.Firing}, ""},
		{"no labels", alert.Alert{Status: alert.Firing}, "alerts[0].labels"},
		{"dedup key alone", alert.Alert{DedupKey: "db-1", Status: alert.Firing}, ""},
		{"odd name", alert.Alert{Labels: map[string]string{"1node": "x"}, Status: alert.Firing}, "alerts[0].labels"},
		{"dash", alert.Alert{Labels: map[string]string{"node-name": "x"}, Status: alert.Firing}, "alerts[0].labels"},
		{"long value", alert.Alert{Labels: map[string]string{"node": long}, Status: alert.Firing}, "alerts[0].labels.node"},
		{"not utf-8", alert.Alert{Labels: map[string]string{"node": "\xff"}, Status: alert.Firing}, "alerts[0].labels.node"},
		{"nul", alert.Alert{Labels: map[string]string{"node": "a\x00"}, Status: alert.Firing}, "alerts[0].labels.node"},
		{"too many", alert.Alert{Labels: many, Status: alert.Firing}, "alerts[0].labels"},
		{"status", alert.Alert{Labels: map[string]string{"a": "b"}, Status: "open"}, "alerts[0].status"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.a.Validate("alerts[0]")
			if c.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			p, ok := problem.As(err)
			if !ok || p.Kind != problem.Invalid || p.Field != c.field {
				t.Fatalf("got %v, want a refusal of %s", err, c.field)
			}
		})
	}
}
