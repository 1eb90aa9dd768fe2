package apptest

import (
	"context"
	"testing"

	"sitrep/client"
	"sitrep/internal/store"
)

func TestDeclareAndStaffOnBothDatabases(t *testing.T) {
	Each(t, func(t *testing.T, d store.Dialect) {
		in := Start(t, d)
		ctx := context.Background()
		laura := in.User(t, "laura", "responder")
		inc, err := in.Admin.Declare(ctx, client.Declaration{Title: "Alerting down in all regions", Severity: "SEV-1"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := laura.Join(ctx, inc.Number, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := in.Admin.AssignRole(ctx, inc.Number, "commander", "laura"); err != nil {
			t.Fatal(err)
		}
		got, err := laura.Incident(ctx, inc.Number)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Roles) != 1 || got.Roles[0].User != "laura" || got.Responders != 2 {
			t.Fatalf("incident %d: roles %+v, %d responders; want laura commanding and 2 responders", inc.Number, got.Roles, got.Responders)
		}
	})
}
