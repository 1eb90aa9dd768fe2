package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

// The admin writes the SEV-1 escalation from the terminal: the commander and
// Laura at once, the executives' policy five minutes later, three rounds.
func TestPolicyCommands(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		admin(t, in, "user", "add", "laura", "--name", "Laura de Vesine", "--email", "laura@example.com", "--role", "responder")
		admin(t, in, "user", "add", "nadia", "--name", "Nadia", "--email", "nadia@example.com", "--role", "responder")
		laura := strings.TrimSpace(admin(t, in, "token", "create", "laptop", "--user", "laura"))

		wantContains(t, "empty list", must(t, in, laura, "policy", "list"), "No escalation policies")
		wantContains(t, "add exec", admin(t, in, "policy", "add", "exec", "--step", "targets=user:nadia"), "Added escalation policy exec")
		out := admin(t, in, "policy", "add", "major-incident", "--description", "SEV-1 response", "--repeat", "2",
			"--step", "delay=300;targets=group:incident-commander,user:laura", "--step", "delay=10m;targets=policy:exec")
		wantContains(t, "add major-incident", out, "Added escalation policy major-incident", "SEV-1 response")

		show := must(t, in, laura, "policy", "show", "major-incident")
		wantContains(t, "show", show, "group:incident-commander,user:laura", "policy:exec", "5m", "10m", "3 times (repeat 2)", "gives up 45m",
			"--step 'delay=300;targets=group:incident-commander,user:laura' --step 'delay=600;targets=policy:exec'")
		wantContains(t, "list", must(t, in, laura, "policy", "list"), "exec", "major-incident", "SEV-1 response", "45m")

		var got struct {
			Name  string `json:"name"`
			Steps []struct {
				DelaySeconds int `json:"delay_seconds"`
			} `json:"steps"`
		}
		if err := json.Unmarshal([]byte(must(t, in, laura, "--json", "policy", "show", "major-incident")), &got); err != nil || len(got.Steps) != 2 || got.Steps[1].DelaySeconds != 600 {
			t.Fatalf("--json show: %v %+v", err, got)
		}

		for _, c := range []struct {
			args []string
			says string
		}{
			{[]string{"policy", "add", "sev2", "--step", "targets=user:laura", "--step", "delay=5;targets=laura"}, "--step 2"},
			{[]string{"policy", "add", "sev2"}, "no steps"},
			{[]string{"policy", "add", "sev2", "--step", "targets=user:nobody-here"}, "steps[0].targets[0].ref"},
			{[]string{"policy", "add", "sev2", "--step", "targets=group:everyone"}, "incident-leads"},
			{[]string{"policy", "add", "exec", "--replace", "--step", "targets=policy:major-incident"}, "exec → major-incident → exec"},
			{[]string{"policy", "delete", "exec"}, "major-incident"},
			{[]string{"policy", "show", "sev9"}, "no escalation policy"},
		} {
			r := sitrep(t, in, apptest.AdminToken, c.args...)
			if r.code == 0 || !strings.Contains(r.stderr, c.says) {
				t.Errorf("sitrep %s: exit %d, stderr %q; want a refusal saying %q", strings.Join(c.args, " "), r.code, r.stderr, c.says)
			}
		}
		if r := sitrep(t, in, laura, "policy", "add", "mine", "--step", "targets=user:laura"); r.code == 0 {
			t.Error("a responder added a policy")
		}

		file := filepath.Join(t.TempDir(), "policy.json")
		doc := `{"description":"Laura only","steps":[{"delay_seconds":0,"targets":[{"kind":"user","ref":"laura"}]}]}`
		if err := os.WriteFile(file, []byte(doc), 0o600); err != nil {
			t.Fatal(err)
		}
		wantContains(t, "replace from a file", admin(t, in, "policy", "add", "major-incident", "--replace", "--file", file), "Replaced", "Laura only")
		wantContains(t, "delete exec", admin(t, in, "policy", "delete", "exec"), "Deleted escalation policy exec")
	})
}
