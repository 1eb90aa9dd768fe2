package brief_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"sitrep/internal/app/apptest"
	"sitrep/internal/auth"
	"sitrep/internal/brief"
	"sitrep/internal/incident"
	"sitrep/internal/problem"
	"sitrep/internal/statedoc"
	"sitrep/internal/store"
)

var night = time.Date(2024, 3, 8, 1, 0, 0, 0, time.UTC)

type world struct {
	dom                *apptest.Domain
	inc                *incident.Service
	briefs             *brief.Service
	laura, omar, priya auth.Principal
	number             int64
}

func newWorld(t *testing.T, d store.Dialect) *world {
	t.Helper()
	dom := apptest.NewDomain(t, d, night, apptest.NotifyChannel)
	inc := incident.NewService(dom.DB, dom.Log, dom.Clock)
	w := &world{dom: dom, inc: inc, briefs: brief.NewService(dom.DB, dom.Log, dom.Clock, inc)}
	w.laura = dom.User(t, "laura", auth.Responder)
	w.omar = dom.User(t, "omar", auth.Responder)
	w.priya = dom.User(t, "priya", auth.Responder)
	ctx := context.Background()
	i, err := inc.Declare(ctx, dom.Admin, incident.Declaration{Title: "EU1 control plane down", Severity: "SEV-1", Commander: "laura"})
	if err != nil {
		t.Fatal(err)
	}
	w.number = i.Number
	for _, h := range []string{"omar", "priya"} {
		if _, err := inc.Join(ctx, dom.Admin, w.number, h); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := inc.AssignRole(ctx, w.laura, w.number, statedoc.RoleCommsLead, "omar"); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *world) post(t *testing.T, audience, body string) {
	t.Helper()
	w.dom.Clock.Advance(time.Minute)
	if _, err := w.inc.PostUpdate(context.Background(), w.omar, w.number, audience, body); err != nil {
		t.Fatal(err)
	}
}

func TestSupportBriefShowsOnlySupportUpdatesNewestFirst(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		w.post(t, "support", "SUPPORT-1 EU1 customers see errors; reply with the macro")
		w.post(t, "responders", "RESPONDERS-1 restarting parent control planes")
		w.post(t, "executives", "EXEC-1 about 30% of EU revenue affected")
		w.post(t, "support", "SUPPORT-2 recovery started; ETA 40 minutes")
		w.dom.Clock.Advance(20 * time.Minute)
		b, err := w.briefs.Get(context.Background(), w.number, "support", 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		var bodies []string
		for _, u := range b.Updates {
			bodies = append(bodies, u.Body)
		}
		got := strings.Join(bodies, " | ")
		if len(b.Updates) != 2 || !strings.HasPrefix(got, "SUPPORT-2") || !strings.Contains(got, "SUPPORT-1") {
			t.Errorf("support brief holds %q, want SUPPORT-2 then SUPPORT-1 only", got)
		}
		h := b.Header
		if h.Title != "EU1 control plane down" || h.Severity != "SEV-1" || h.Commander != "laura" || h.Status != "investigating" {
			t.Errorf("header %+v", h)
		}
		if e := h.Elapsed(w.dom.Clock.Now()); e != 24*time.Minute {
			t.Errorf("elapsed %v, want 24m", e)
		}
		if _, err := w.briefs.Get(context.Background(), w.number, "responders", 0, 0); !problem.Is(err, problem.NotFound) {
			t.Errorf("responders brief: %v, want not found", err)
		}
	})
}

func TestBriefLinkOpensUntilRevokedOrExpired(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		if _, err := w.briefs.CreateLink(ctx, w.priya, w.number, "support", brief.DefaultExpiry); !problem.Is(err, problem.Forbidden) {
			t.Fatalf("priya hands out a link: %v, want forbidden", err)
		}
		l, err := w.briefs.CreateLink(ctx, w.omar, w.number, "support", brief.DefaultExpiry)
		if err != nil {
			t.Fatal(err)
		}
		if l.Path != "/brief/"+l.Token || l.Token == "" {
			t.Fatalf("link %+v", l)
		}
		if got, err := w.briefs.Open(ctx, l.Token); err != nil || got.Audience != "support" || got.Incident != w.number {
			t.Fatalf("open: %+v, %v", got, err)
		}
		if _, err := w.briefs.Open(ctx, l.Token+"x"); !problem.Is(err, problem.NotFound) {
			t.Errorf("wrong token: %v", err)
		}
		short, err := w.briefs.CreateLink(ctx, w.laura, w.number, "executives", time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		w.dom.Clock.Advance(61 * time.Minute)
		if _, err := w.briefs.Open(ctx, short.Token); !problem.Is(err, problem.NotFound) {
			t.Errorf("expired link: %v", err)
		}
		if _, err := w.briefs.RevokeLink(ctx, w.priya, w.number, l.ID); !problem.Is(err, problem.Forbidden) {
			t.Errorf("priya revokes: %v", err)
		}
		if _, err := w.briefs.RevokeLink(ctx, w.laura, w.number, l.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.briefs.Open(ctx, l.Token); !problem.Is(err, problem.NotFound) {
			t.Errorf("revoked link: %v", err)
		}
		links, err := w.briefs.Links(ctx, w.number)
		if err != nil || len(links) != 2 || links[0].Token != "" || links[1].RevokedAt.IsZero() {
			t.Errorf("links %+v, %v", links, err)
		}
	})
}
