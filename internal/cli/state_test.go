package cli_test

import (
	"context"
	"testing"

	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

// A responder joining late reads the state document from the terminal.
func TestStatePrintsTheDocument(t *testing.T) {
	in := apptest.Start(t, store.SQLite)
	admin(t, in, "declare", "EU1 control plane down", "--severity", "SEV-1")
	ctx := context.Background()
	if _, err := in.Admin.EditState(ctx, 1, "guidance", "Do not restart the parent control planes", 0); err != nil {
		t.Fatal(err)
	}
	if _, err := in.Admin.AddWorkstream(ctx, 1, "certificates", "", 1); err != nil {
		t.Fatal(err)
	}
	out := admin(t, in, "state", "1")
	wantContains(t, "sitrep state", out, "## What we know", "(nothing written yet)",
		"Do not restart the parent control planes", "revision 1 by admin", "### certificates", "(no update from the lead yet)")
}
