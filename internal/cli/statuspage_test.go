package cli_test

import (
	"context"
	"testing"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

// The communications lead marks the EU API down for incident 1 from the
// terminal and schedules tonight's database maintenance.
func TestStatusPageFromTheTerminal(t *testing.T) {
	in := apptest.Start(t, store.SQLite)
	ctx := context.Background()
	inc, err := in.Admin.Declare(ctx, client.Declaration{Title: "Logins failing", Severity: "SEV-2"})
	if err != nil {
		t.Fatal(err)
	}
	var c client.StatusComponent
	decode(t, admin(t, in, "--json", "components", "add", "EU API", "--group", "Europe"), &c)
	if c.Name != "EU API" || c.Group != "Europe" || c.Status != "operational" {
		t.Fatalf("added %+v", c)
	}
	wantContains(t, "components set", admin(t, in, "components", "set", "1", "major_outage", "--incident", "1"), "EU API is now major_outage")
	wantContains(t, "components", admin(t, in, "components"), "Europe", "EU API", "major_outage")
	tl, err := in.Admin.Timeline(ctx, inc.Number, 0, 100)
	if err != nil || tl.Events[len(tl.Events)-1].Kind != "status.component_changed" {
		t.Errorf("the change is not on the incident's timeline: %+v %v", tl.Events, err)
	}
	wantContains(t, "maintenance add", admin(t, in, "maintenance", "add", "Database upgrade", "--start", "+2h", "--end", "+3h", "--component", "1"),
		`Scheduled maintenance 1 "Database upgrade" (scheduled)`)
	wantContains(t, "maintenance", admin(t, in, "maintenance"), "scheduled", "Database upgrade")
	wantContains(t, "maintenance cancel", admin(t, in, "maintenance", "cancel", "1"), "Cancelled maintenance 1")
	wantContains(t, "add-webhook", admin(t, in, "subscribers", "add-webhook", "https://hooks.example.com/status"), "Signing secret (shown only now): whsec_")
	wantContains(t, "subscribers", admin(t, in, "subscribers"), "webhook", "confirmed", "https://hooks.example.com/status")
}
