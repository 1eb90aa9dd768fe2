package cli_test

import (
	"strings"
	"testing"

	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

// Laura joins to help, hands over, and leaves without typing her own handle;
// the roster then lists her only among past responders.
func TestLeavingYourselfNeedsNoHandle(t *testing.T) {
	in := apptest.Start(t, store.SQLite)
	admin(t, in, "user", "add", "laura", "--name", "Laura de Vesine", "--email", "laura@example.com", "--role", "responder")
	admin(t, in, "declare", "Alerting down in all regions", "--severity", "SEV-1")
	laura := strings.TrimSpace(admin(t, in, "token", "create", "laptop", "--user", "laura"))

	must(t, in, laura, "join", "1")
	wantContains(t, "responders", admin(t, in, "responders", "1"), "laura", "Laura de Vesine")
	wantContains(t, "leave", must(t, in, laura, "leave", "1"), "left #1")

	if now := admin(t, in, "responders", "1"); strings.Contains(now, "laura") {
		t.Errorf("laura left but is still listed:\n%s", now)
	}
	wantContains(t, "responders --all", admin(t, in, "responders", "1", "--all"), "laura", "LEFT")
}
