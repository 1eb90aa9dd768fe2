package page_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"sitrep/internal/app/apptest"
	"sitrep/internal/incident"
	"sitrep/internal/page"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// The commander needs every workstream lead at once. laurent handed eu1 to
// sam a second before: the broadcast reaches sam, not laurent.
func TestBroadcastToLeadsFollowsAHandoffASecondEarlier(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		p := newPager(t, d, nil)
		ctx := context.Background()
		laura := p.person(t, "laura", time.Hour)
		p.person(t, "laurent", time.Hour)
		p.person(t, "sam", time.Hour)
		p.person(t, "dave", time.Hour)
		inc, err := p.inc.Declare(ctx, laura, incident.Declaration{Title: "Pod networking down", Severity: "SEV-3"})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range []string{"laurent", "sam", "dave"} {
			if _, err := p.inc.Join(ctx, laura, inc.Number, h); err != nil {
				t.Fatal(err)
			}
		}
		name, lead := "eu1-compute", "laurent"
		ws, err := p.inc.AddWorkstream(ctx, laura, inc.Number, incident.WorkstreamChange{Name: &name, Lead: &lead})
		if err != nil {
			t.Fatal(err)
		}
		name2, lead2 := "us1-compute", "dave"
		if _, err := p.inc.AddWorkstream(ctx, laura, inc.Number, incident.WorkstreamChange{Name: &name2, Lead: &lead2}); err != nil {
			t.Fatal(err)
		}
		sam := "sam"
		if _, err := p.inc.UpdateWorkstream(ctx, laura, inc.Number, ws.ID, incident.WorkstreamChange{Lead: &sam}); err != nil {
			t.Fatal(err)
		}
		p.clk.Advance(time.Second)
		if _, err := p.pages.Broadcast(ctx, laura, inc.Number, "leads", "Stop restarting parent control planes until 03:00"); err != nil {
			t.Fatal(err)
		}
		p.tick(t, 0)
		got := map[string]bool{}
		for _, h := range []string{"laurent", "sam", "dave", "laura"} {
			got[h] = len(p.email.to(h+"@example.com")) > 0
		}
		if !got["sam"] || !got["dave"] || got["laurent"] || got["laura"] {
			t.Fatalf("broadcast reached %v; want sam and dave, the leads now", got)
		}
		if m := p.email.to("sam@example.com")[0]; !strings.Contains(m.Body, "Stop restarting") || m.AckURL != "" {
			t.Fatalf("broadcast %q: want the text and no ack link", m.Body)
		}
	})
}

// laura is the on-call of two schedules that the same step pages: she gets
// one email, not two.
func TestOnePersonOneNotificationPerPage(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		p := newPager(t, d, nil)
		p.person(t, "laura", time.Hour)
		p.schedules["major-incident"] = []string{"laura"}
		p.schedules["eu1-primary"] = []string{"laura"}
		_, err := p.pages.Trigger(context.Background(), p.admin, page.Request{Summary: "eu1 down", Targets: []page.Target{
			{Kind: "schedule", Ref: "major-incident"}, {Kind: "schedule", Ref: "eu1-primary"}, {Kind: "user", Ref: "laura"}}})
		if err != nil {
			t.Fatal(err)
		}
		p.tick(t, 0)
		if n := len(p.email.to("laura@example.com")); n != 1 {
			t.Fatalf("laura got %d emails; want 1", n)
		}
	})
}

// The ack link in the email: opening it (as a mail scanner would) changes
// nothing; pressing the button acknowledges once; the link cannot be reused,
// and an expired link says so.
func TestAckLinkIsSingleUseAndExpires(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		p := newPager(t, d, nil)
		ctx := context.Background()
		p.person(t, "laura", time.Hour)
		pg, err := p.pages.Trigger(ctx, p.admin, page.Request{Summary: "eu1 down", Targets: []page.Target{{Kind: "user", Ref: "laura"}, {Kind: "user", Ref: "admin"}}})
		if err != nil {
			t.Fatal(err)
		}
		p.tick(t, 0)
		link := p.email.to("laura@example.com")[0].AckURL
		token := link[strings.LastIndex(link, "/")+1:]
		if _, action, err := p.pages.LinkInfo(ctx, token); err != nil || action != "ack" {
			t.Fatalf("link info: %v %v", action, err)
		}
		if got, _ := p.pages.Get(ctx, pg.ID); got.Status != page.Triggered {
			t.Fatal("looking at the link acknowledged the page")
		}
		got, err := p.pages.UseLink(ctx, token)
		if err != nil || got.Status != page.Acknowledged || got.AckedBy != "laura" {
			t.Fatalf("after pressing: %+v %v; want acknowledged by laura", got, err)
		}
		if _, err := p.pages.UseLink(ctx, token); !problem.Is(err, problem.Conflict) {
			t.Fatalf("reusing the link: %v; want a conflict", err)
		}
		if _, err := p.pages.UseLink(ctx, token[:len(token)-2]+"xx"); !problem.Is(err, problem.NotFound) {
			t.Fatalf("a forged link: %v; want not found", err)
		}
		p.clk.Advance(page.LinkTTL + time.Minute)
		resolve := p.email.to("laura@example.com")[0].ResolveURL
		if _, err := p.pages.UseLink(ctx, resolve[strings.LastIndex(resolve, "/")+1:]); !problem.Is(err, problem.Conflict) {
			t.Fatalf("an expired link: %v; want a conflict saying it expired", err)
		}
	})
}
