package cli_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

// paged is what `page --json` and `broadcast --json` print.
type paged struct {
	ID         int64             `json:"id"`
	Status     string            `json:"status"`
	People     []string          `json:"people"`
	Group      []string          `json:"group"`
	Deliveries []client.Delivery `json:"deliveries"`
}

// In the night of the certificate outage Laura pages herself about eu1 from
// the terminal and acknowledges it; the commander tells every workstream
// lead about the status call, and the broadcast reaches the lead who took
// over a moment earlier, not the one who handed over.
func TestPagingFromTheTerminal(t *testing.T) {
	in := apptest.Start(t, store.SQLite)
	for _, h := range []string{"laura", "laurent", "nadia", "sam"} {
		admin(t, in, "user", "add", h, "--name", strings.ToUpper(h[:1])+h[1:], "--email", h+"@example.com", "--role", "responder")
	}
	laura := strings.TrimSpace(admin(t, in, "token", "create", "laptop", "--user", "laura"))
	must(t, in, laura, "contact", "add", "email", "laura@example.com")
	admin(t, in, "contact", "add", "email", "laurent@example.com", "--user", "laurent")
	admin(t, in, "contact", "add", "sms", "+41791234567", "--user", "laurent")
	admin(t, in, "contact", "add", "email", "nadia@example.com", "--user", "nadia")
	// sam has no contact method: he must be named, not silently skipped.

	n := declareQuiet(t, in, "Certificate service down in all regions")
	for _, h := range []string{"laura", "laurent", "nadia", "sam"} {
		admin(t, in, "join", n, "--user", h)
	}
	admin(t, in, "workstream", "add", n, "eu1-compute", "--lead", "laurent")
	admin(t, in, "workstream", "add", n, "us2-network", "--lead", "nadia")
	var certs client.Workstream
	decode(t, admin(t, in, "--json", "workstream", "add", n, "certificates", "--lead", "sam"), &certs)

	out := must(t, in, laura, "broadcast", n, "--to", "leads", "Status call in 5 minutes on the bridge")
	wantContains(t, "broadcast to leads", out, "to the leads of #"+n+": 3 people (laurent, nadia, sam)",
		"Notifying 2 people of them in 3 messages", "sam has no contact method")
	var first int64
	if _, err := fmt.Sscanf(out, "Broadcast %d", &first); err != nil {
		t.Fatalf("broadcast printed %q; want it to start with the broadcast's id", out)
	}

	admin(t, in, "workstream", "update", n, fmt.Sprint(certs.ID), "--lead", "laura")
	var b paged
	decode(t, must(t, in, laura, "--json", "broadcast", n, "--to", "leads", "Laura leads certificates now"), &b)
	if got := strings.Join(b.Group, ","); got != "laura,laurent,nadia" {
		t.Errorf("the broadcast after the handoff reached %q; want laura,laurent,nadia", got)
	}
	if len(b.People) != 3 || len(b.Deliveries) != 4 {
		t.Errorf("the broadcast after the handoff notifies %v in %d messages; want 3 people in 4", b.People, len(b.Deliveries))
	}

	var p paged
	decode(t, must(t, in, laura, "--json", "page", "eu1 down", "--to", "user:laura", "--incident", n), &p)
	if p.Status != "triggered" || strings.Join(p.People, ",") != "laura" {
		t.Fatalf("page --json: %+v; want triggered, notifying laura", p)
	}
	id := fmt.Sprint(p.ID)
	wantContains(t, "ack", must(t, in, laura, "ack", id), "Page "+id+" acknowledged by laura", "page-resolve "+id)
	wantContains(t, "acknowledged pages", must(t, in, laura, "pages", "--status", "acknowledged"), "eu1 down", "laura", "#"+n)
	if out := must(t, in, laura, "pages", "--status", "triggered"); strings.Contains(out, "eu1 down") {
		t.Errorf("the acknowledged page is listed as triggered:\n%s", out)
	}
	wantContains(t, "page-resolve", must(t, in, laura, "page-resolve", id), "Page "+id+" resolved by laura")

	// No channel is configured in tests: every notification of the first
	// broadcast fails for good, and says what to configure.
	settled(t, in, first)
	failed := must(t, in, laura, "deliveries", "--failed")
	wantContains(t, "failed deliveries", failed, "LAST ERROR", "laurent", "+41791234567", "nadia@example.com",
		"no email channel is configured", "no sms channel is configured")
	wantContains(t, "one page's deliveries", must(t, in, laura, "deliveries", "--page", fmt.Sprint(first)), "laurent@example.com", "failed")
}

// A page sent to nobody, or to someone who does not exist, is refused with
// what to fix; it is never a page that quietly reaches no one.
func TestPagingRefusals(t *testing.T) {
	in := apptest.Start(t, store.SQLite)
	admin(t, in, "user", "add", "laura", "--name", "Laura", "--email", "laura@example.com", "--role", "responder")
	n := declareQuiet(t, in, "eu1 control planes unreachable")
	for _, c := range []struct {
		args []string
		says string
	}{
		{[]string{"page", "eu1 down"}, "no targets"},
		{[]string{"page", "eu1 down", "--to", "user:laura", "--policy", "major-incident"}, "not both"},
		{[]string{"page", "eu1 down", "--to", "laura"}, "not KIND:REF"},
		{[]string{"page", "eu1 down", "--to", "user:nobody-here"}, `no user "nobody-here"`},
		{[]string{"page", "eu1 down", "--to", "user:laura", "--incident", "999"}, "no incident 999"},
		{[]string{"ack", "999"}, "no page 999"},
		{[]string{"ack", "seven"}, "not a number"},
		{[]string{"page-resolve", "999"}, "no page 999"},
		{[]string{"broadcast", n, "Status call"}, "missing --to"},
		{[]string{"broadcast", n, "--to", "everyone", "Status call"}, "leads"},
		{[]string{"broadcast", "999", "--to", "leads", "Status call"}, "no incident 999"},
		{[]string{"pages", "--status", "open"}, "triggered, acknowledged or resolved"},
		{[]string{"severity-policy", "set", "SEV-1"}, "--none"},
		{[]string{"severity-policy", "set", "SEV-9", "--none"}, "SEV-1 to SEV-5"},
		{[]string{"severity-policy", "set", "SEV-1", "--to", "group:everyone"}, "incident-leads"},
	} {
		r := sitrep(t, in, apptest.AdminToken, c.args...)
		if r.code != 1 || !strings.Contains(r.stderr, c.says) {
			t.Errorf("sitrep %s: exit %d, stderr %q; want exit 1 saying %q", strings.Join(c.args, " "), r.code, r.stderr, c.says)
		}
	}
}

// The admin reads and changes whom each severity pages; a responder may read
// but not change it.
func TestSeverityPolicyCommands(t *testing.T) {
	in := apptest.Start(t, store.SQLite)
	admin(t, in, "user", "add", "laura", "--name", "Laura", "--email", "laura@example.com", "--role", "responder")
	laura := strings.TrimSpace(admin(t, in, "token", "create", "laptop", "--user", "laura"))

	wantContains(t, "defaults", must(t, in, laura, "severity-policy", "list"),
		"SEV-1", "schedule:major-incident, schedule:exec-on-call", "SEV-3", "nobody")
	if r := sitrep(t, in, laura, "severity-policy", "set", "SEV-3", "--to", "user:laura"); r.code == 0 {
		t.Error("a responder changed a severity policy")
	}
	wantContains(t, "set", admin(t, in, "severity-policy", "set", "SEV-3", "--to", "schedule:major-incident", "--to", "user:laura"),
		"SEV-3 now pages schedule:major-incident, user:laura")
	var ps []client.SeverityPolicy
	decode(t, must(t, in, laura, "--json", "severity-policy", "list"), &ps)
	if len(ps) != 3 || ps[2].Severity != "SEV-3" || len(ps[2].Targets) != 2 {
		t.Errorf("--json list: %+v", ps)
	}
	wantContains(t, "set --none", admin(t, in, "severity-policy", "set", "SEV-2", "--none"), "SEV-2 now pages nobody")
}

func TestPagingHelp(t *testing.T) {
	in := apptest.Start(t, store.SQLite)
	for _, c := range [][]string{{"page", "--help"}, {"ack", "--help"}, {"broadcast", "--help"}, {"page-resolve", "--help"}} {
		wantContains(t, strings.Join(c, " "), must(t, in, "", c...), "Usage:", "sitrep")
	}
	wantContains(t, "page --help", must(t, in, "", "page", "--help"), "--to", "--policy", "sitrep ack ID", "sitrep page-resolve ID")
}

// declareQuiet declares a SEV-3, which no default severity policy pages, and
// returns its number.
func declareQuiet(t *testing.T, in *apptest.Instance, title string) string {
	t.Helper()
	var inc client.Incident
	decode(t, admin(t, in, "--json", "declare", title, "--severity", "SEV-3"), &inc)
	return fmt.Sprint(inc.Number)
}

// settled waits until no notification of page is pending. The delivery
// engine runs in the background; the deadline is far beyond what sending to
// no channel takes, so hitting it means a notification was lost.
func settled(t *testing.T, in *apptest.Instance, page int64) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	for {
		l, err := in.Admin.Deliveries(ctx, page, "pending", "")
		if err != nil {
			t.Fatalf("notifications of page %d still pending after 15s (%v)", page, err)
		}
		if len(l.Deliveries) == 0 {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("notifications of page %d still pending after 15s: %+v", page, l.Deliveries)
		case <-time.After(20 * time.Millisecond):
		}
	}
}
