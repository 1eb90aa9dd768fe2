package cli_test

import (
	"encoding/json"
	"strings"
	"testing"

	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

// Laura sets up her pager from the terminal: email at once, SMS after two
// minutes; the admin adds Sam's phone for him, which Laura may not.
func TestContactCommands(t *testing.T) {
	in := apptest.Start(t, store.SQLite)
	admin(t, in, "user", "add", "laura", "--name", "Laura de Vesine", "--email", "laura@example.com", "--role", "responder")
	admin(t, in, "user", "add", "sam", "--name", "Sam", "--email", "sam@example.com", "--role", "responder")
	laura := strings.TrimSpace(admin(t, in, "token", "create", "laptop", "--user", "laura"))

	wantContains(t, "empty list", must(t, in, laura, "contact", "list"), "No contact methods", "pages cannot reach you")
	wantContains(t, "add email", must(t, in, laura, "contact", "add", "email", "laura@example.com"),
		"Added contact method 1 for laura: email laura@example.com")
	var sms struct {
		ID int64 `json:"id"`
	}
	out := must(t, in, laura, "--json", "contact", "add", "sms", "+41791234567", "--label", "mobile")
	if err := json.Unmarshal([]byte(out), &sms); err != nil || sms.ID != 2 {
		t.Fatalf("--json add: %v: %s", err, out)
	}
	wantContains(t, "list without rules", must(t, in, laura, "contact", "list"), "+41791234567", "mobile", "at once (no rules yet)")

	wantContains(t, "rule add", must(t, in, laura, "contact", "rule", "add", "1", "--after", "0"), "contact method 1 at once")
	wantContains(t, "rule add", must(t, in, laura, "contact", "rule", "add", "2", "--after", "2m"), "contact method 2 after 2m")
	list := must(t, in, laura, "contact", "list")
	wantContains(t, "list with rules", list, "NOTIFIED", "after 2m", "RULE")

	for _, bad := range [][]string{
		{"contact", "add", "sms", "0791234567"},
		{"contact", "add", "webhook", "http://169.254.169.254/"},
		{"contact", "rule", "add", "2", "--after", "1500ms"},
		{"contact", "rule", "add", "2", "--after", "2h"},
		{"contact", "add", "sms", "+14155550100", "--user", "sam"},
	} {
		if r := sitrep(t, in, laura, bad...); r.code == 0 {
			t.Errorf("sitrep %s succeeded: %s", strings.Join(bad, " "), r.stdout)
		}
	}
	wantContains(t, "admin adds for sam", admin(t, in, "contact", "add", "sms", "+14155550100", "--user", "sam"), "for sam: sms +14155550100")
	wantContains(t, "admin lists sam's", admin(t, in, "contact", "list", "--user", "sam"), "+14155550100")

	wantContains(t, "remove", must(t, in, laura, "contact", "remove", "2"), "Removed your contact method 2")
	if now := must(t, in, laura, "contact", "list"); strings.Contains(now, "+41791234567") || strings.Contains(now, "after 2m") {
		t.Errorf("the SMS and its rule are still listed:\n%s", now)
	}
}
