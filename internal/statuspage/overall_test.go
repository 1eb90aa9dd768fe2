package statuspage_test

import (
	"testing"

	"sitrep/internal/statuspage"
)

func TestOverallFollowsTheWorstActiveIncident(t *testing.T) {
	for _, tc := range []struct {
		name       string
		severities []string
		want       string
	}{
		{"nothing active", nil, statuspage.Operational},
		{"a SEV-4 degrades", []string{"SEV-4"}, statuspage.Degraded},
		{"a SEV-2 degrades", []string{"SEV-3", "SEV-2"}, statuspage.Degraded},
		{"any SEV-1 is a major outage", []string{"SEV-3", "SEV-1", "SEV-2"}, statuspage.MajorOutage},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var active []statuspage.Incident
			for _, s := range tc.severities {
				active = append(active, statuspage.Incident{Severity: s})
			}
			if got := statuspage.Overall(active); got != tc.want {
				t.Errorf("Overall(%v) = %q, want %q", tc.severities, got, tc.want)
			}
		})
	}
}

func TestImpactWordsSeverityForCustomers(t *testing.T) {
	for sev, want := range map[string]string{"SEV-1": "Major outage", "SEV-2": "Partial outage", "SEV-3": "Degraded performance", "SEV-5": "Minor impact"} {
		if got := statuspage.Impact(sev); got != want {
			t.Errorf("Impact(%s) = %q, want %q", sev, got, want)
		}
	}
}
