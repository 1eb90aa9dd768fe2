package cli_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

// The whole response to a global outage, run from the terminal: the admin
// declares a SEV-1 and adds people, laura takes command and staffs an eu1
// workstream under laurent, and once eu1 turns out to be its own problem it
// is split off with laurent commanding it, then resolved on its own.
func TestIncidentCommandFromTheTerminal(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		admin(t, in, "user", "add", "laura", "--name", "Laura de Vesine", "--email", "laura@example.com", "--role", "responder")
		admin(t, in, "user", "add", "laurent", "--name", "Laurent Dupont", "--email", "laurent@example.com", "--role", "responder")

		out := admin(t, in, "declare", "Alerting down in all regions", "--severity", "SEV-1", "--tag", "service:alerting")
		wantContains(t, "declare", out, "Alerting down in all regions", "SEV-1")
		var n int64
		if _, err := fmt.Sscanf(out, "Declared #%d", &n); err != nil {
			t.Fatalf("declare printed %q; want it to start with the incident number", out)
		}
		num := fmt.Sprint(n)

		r := sitrep(t, in, apptest.AdminToken, "token", "create", "laptop", "--user", "laura")
		wantContains(t, "token create's warning", r.stderr, "only this once")
		laura := strings.TrimSpace(r.stdout)

		wantContains(t, "join", must(t, in, laura, "join", num), "laura joined #"+num)
		wantContains(t, "role", admin(t, in, "role", num, "commander", "laura"), "laura is now commander of #"+num)
		must(t, in, laura, "join", num, "--user", "laurent")

		var ws client.Workstream
		decode(t, must(t, in, laura, "--json", "workstream", "add", num, "eu1-compute", "--lead", "laurent", "--priority", "1"), &ws)
		wsID := fmt.Sprint(ws.ID)
		wantContains(t, "workstream note", admin(t, in, "workstream", "update", num, wsID, "--status", "blocked", "--note", "eu1 control plane unreachable"),
			"workstream "+wsID, "now blocked")
		wantContains(t, "workstream list", admin(t, in, "workstream", "list", num), "eu1-compute", "laurent", "blocked", "P1")

		out = must(t, in, laura, "split", num, "--title", "EU1: compute control planes", "--commander", "laurent", "--workstream", wsID, "--tag", "region:eu1")
		var child int64
		if _, err := fmt.Sscanf(out, "Split #%d", &child); err != nil {
			t.Fatalf("split printed %q; want it to start with the child's number", out)
		}
		childNum := fmt.Sprint(child)

		wantContains(t, "show of the parent", admin(t, in, "show", num),
			"#"+num+" Alerting down in all regions", "SEV-1", "commander", "laura", "Children", "#"+childNum, "EU1: compute control planes")
		wantContains(t, "show of the child", admin(t, in, "show", childNum),
			"EU1: compute control planes", "Split off #"+num, "laurent", "eu1-compute")

		wantContains(t, "resolve", must(t, in, laura, "resolve", childNum), "#"+childNum, "resolved")
		open := admin(t, in, "incidents", "--status", "open")
		wantContains(t, "open incidents", open, "Alerting down in all regions")
		if strings.Contains(open, "EU1: compute control planes") {
			t.Errorf("the resolved child is still listed as open:\n%s", open)
		}
		wantContains(t, "timeline", admin(t, in, "timeline", num), "incident.declared", "role.assigned", "incident.split")
		wantContains(t, "responders", admin(t, in, "responders", num), "laura")
	})
}

func decode(t *testing.T, out string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("--json printed something that is not JSON (%v):\n%s", err, out)
	}
}
