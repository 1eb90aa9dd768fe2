package statedoc_test

import (
	"context"
	"testing"
	"time"

	"sitrep/internal/app/apptest"
	"sitrep/internal/auth"
	"sitrep/internal/incident"
	"sitrep/internal/statedoc"
	"sitrep/internal/store"
)

// The night these tests model: EU1 is down and many people need to know why.
var night = time.Date(2024, 3, 8, 1, 0, 0, 0, time.UTC)

type world struct {
	dom *apptest.Domain
	inc *incident.Service
	doc *statedoc.Service
	// laura commands, omar leads communications, priya works a workstream,
	// victor only reads.
	laura, omar, priya, victor auth.Principal
	number                     int64
}

func newWorld(t *testing.T, d store.Dialect) *world {
	t.Helper()
	dom := apptest.NewDomain(t, d, night, apptest.NotifyChannel)
	w := &world{dom: dom, inc: incident.NewService(dom.DB, dom.Log, dom.Clock), doc: statedoc.NewService(dom.DB, dom.Log, dom.Clock)}
	w.laura = dom.User(t, "laura", auth.Responder)
	w.omar = dom.User(t, "omar", auth.Responder)
	w.priya = dom.User(t, "priya", auth.Responder)
	w.victor = dom.User(t, "victor", auth.Viewer)
	ctx := context.Background()
	inc, err := w.inc.Declare(ctx, dom.Admin, incident.Declaration{Title: "EU1 control plane down", Severity: "SEV-1", Commander: "laura"})
	if err != nil {
		t.Fatalf("declare: %v", err)
	}
	w.number = inc.Number
	for _, h := range []string{"omar", "priya"} {
		if _, err := w.inc.Join(ctx, dom.Admin, w.number, h); err != nil {
			t.Fatalf("join %s: %v", h, err)
		}
	}
	if _, err := w.inc.AssignRole(ctx, w.laura, w.number, statedoc.RoleCommsLead, "omar"); err != nil {
		t.Fatalf("comms lead: %v", err)
	}
	return w
}

func (w *world) doc0(t *testing.T) statedoc.StateDoc {
	t.Helper()
	d, err := w.doc.Get(context.Background(), w.number, statedoc.Page{})
	if err != nil {
		t.Fatalf("read document: %v", err)
	}
	return d
}

func section(d statedoc.StateDoc, key string) statedoc.StateSection {
	for _, s := range d.Sections {
		if s.Key == key {
			return s
		}
	}
	return statedoc.StateSection{}
}
