package cli_test

import (
	"testing"

	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

func TestMistakesAreExplainedAndFail(t *testing.T) {
	in := apptest.Start(t, store.SQLite)
	admin(t, in, "declare", "Checkout latency in eu1", "--severity", "SEV-2")
	cases := []struct {
		name  string
		token string
		args  []string
		wants []string
	}{
		{"an unknown severity names the field and the allowed values", apptest.AdminToken,
			[]string{"declare", "Alerting down in all regions", "--severity", "SEV-9"}, []string{"severity", "SEV-1", "SEV-5"}},
		{"changing to an unknown severity says the same", apptest.AdminToken,
			[]string{"severity", "1", "SEV-0"}, []string{"severity", "SEV-1", "SEV-5"}},
		{"an incident number that is not a number names the argument", apptest.AdminToken,
			[]string{"show", "eu1"}, []string{"N", `"eu1"`, "usage: sitrep show N"}},
		{"a missing argument is named", apptest.AdminToken,
			[]string{"role", "1", "commander"}, []string{"missing USER"}},
		{"a missing token says where the first one is", "",
			[]string{"incidents"}, []string{"SITREP_TOKEN", "--token", "admin.token"}},
		{"a mistyped subcommand is not a success", apptest.AdminToken,
			[]string{"workstream", "ad", "1", "eu1-compute"}, []string{`unknown command "ad"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := sitrep(t, in, c.token, c.args...)
			if r.code != 1 {
				t.Errorf("exit %d, want 1; stdout: %s", r.code, r.stdout)
			}
			wantContains(t, "stderr", r.stderr, c.wants...)
		})
	}
}
