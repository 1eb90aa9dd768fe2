package client_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

// Three pages for Laura about eu1, read back newest first two at a time, then
// taken and ended through the client, as a bot would.
func TestPagesThroughTheClient(t *testing.T) {
	in := apptest.Start(t, store.SQLite)
	ctx := context.Background()
	laura := in.User(t, "laura", "responder")
	var ids []int64
	for _, s := range []string{"eu1 compute down", "eu1 network down", "eu1 storage down"} {
		p, err := laura.Trigger(ctx, client.PageRequest{Summary: s, Severity: "SEV-2", Targets: []client.PageTarget{{Kind: "user", Ref: "laura"}}})
		if err != nil {
			t.Fatalf("trigger %q: %v", s, err)
		}
		if p.Status != "triggered" || p.Source != "manual" || p.CreatedBy != "laura" || len(p.Steps) != 1 || p.Steps[0].Targets[0].String() != "user:laura" {
			t.Fatalf("trigger %q answered %+v", s, p)
		}
		ids = append(ids, p.ID)
	}

	first, err := laura.Pages(ctx, client.PageFilter{Status: "triggered", Limit: 2})
	if err != nil || len(first.Pages) != 2 || first.Pages[0].ID != ids[2] || first.NextCursor == "" {
		t.Fatalf("first stretch: %v %+v", err, first)
	}
	rest, err := laura.Pages(ctx, client.PageFilter{Status: "triggered", Limit: 2, Cursor: first.NextCursor})
	if err != nil || len(rest.Pages) != 1 || rest.Pages[0].ID != ids[0] || rest.NextCursor != "" {
		t.Fatalf("second stretch: %v %+v", err, rest)
	}

	if p, err := laura.Ack(ctx, ids[0]); err != nil || p.Status != "acknowledged" || p.AckedBy != "laura" || p.AckedAt.IsZero() {
		t.Fatalf("ack: %v %+v", err, p)
	}
	if p, err := laura.ResolvePage(ctx, ids[0]); err != nil || p.Status != "resolved" || p.ResolvedBy != "laura" {
		t.Fatalf("resolve: %v %+v", err, p)
	}
	if p, err := laura.Page(ctx, ids[0]); err != nil || p.Status != "resolved" || p.Summary != "eu1 compute down" {
		t.Fatalf("read: %v %+v", err, p)
	}
	var apiErr *client.Error
	if _, err := laura.Page(ctx, 999); !errors.As(err, &apiErr) || apiErr.Status != http.StatusNotFound {
		t.Fatalf("read a page that does not exist: %v", err)
	}
	if l, err := laura.Deliveries(ctx, ids[0], "", ""); err != nil || len(l.Deliveries) != 0 {
		t.Fatalf("deliveries of a page to someone without contact methods: %v %+v", err, l)
	}
}

// The admin sends SEV-3 to the major-incident rotation; a responder may not.
func TestSeverityPoliciesThroughTheClient(t *testing.T) {
	in := apptest.Start(t, store.SQLite)
	ctx := context.Background()
	laura := in.User(t, "laura", "responder")
	to := []client.PageTarget{{Kind: "schedule", Ref: "major-incident"}}
	if _, err := laura.SetSeverityPolicy(ctx, "SEV-3", to); err == nil {
		t.Fatal("a responder changed a severity policy")
	}
	p, err := in.Admin.SetSeverityPolicy(ctx, "SEV-3", to)
	if err != nil || p.Severity != "SEV-3" || len(p.Targets) != 1 {
		t.Fatalf("set: %v %+v", err, p)
	}
	if p, err := in.Admin.SetSeverityPolicy(ctx, "SEV-2", nil); err != nil || p.Targets == nil || len(p.Targets) != 0 {
		t.Fatalf("set to nobody: %v %+v", err, p)
	}
	ps, err := laura.SeverityPolicies(ctx)
	if err != nil || len(ps) != 3 || ps[0].Severity != "SEV-1" || len(ps[1].Targets) != 0 || ps[2].Targets[0] != to[0] {
		t.Fatalf("list: %v %+v", err, ps)
	}
}
