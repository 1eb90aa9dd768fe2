package page_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"sitrep/internal/app/apptest"
	"sitrep/internal/incident"
	"sitrep/internal/page"
	"sitrep/internal/store"
)

// SEV-1 declared at 01:22: the severity policy pages the major-incident and
// exec-on-call schedules at once; each on-call gets an email now and an SMS
// two minutes later unless they acknowledge first.
func TestSEV1PagesMajorIncidentAndExecOnCall(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		p := newPager(t, d, nil)
		ctx := context.Background()
		laura := p.person(t, "laura", 2*time.Minute)
		p.person(t, "dave", 2*time.Minute)
		p.schedules["major-incident"] = []string{"laura"}
		p.schedules["exec-on-call"] = []string{"dave"}
		inc, err := p.inc.Declare(ctx, p.admin, incident.Declaration{Title: "Pod networking down in four regions", Severity: "SEV-1"})
		if err != nil {
			t.Fatal(err)
		}
		p.tick(t, 0)
		if len(p.email.to("laura@example.com")) != 1 || len(p.email.to("dave@example.com")) != 1 {
			t.Fatalf("emails sent %d; want one each to laura and dave", p.email.count())
		}
		m := p.email.to("laura@example.com")[0]
		if !strings.Contains(m.Subject, "SEV-1") || !strings.Contains(m.Body, "https://sitrep.example.com/ack/") {
			t.Fatalf("email %q / %q lacks the severity or the ack link", m.Subject, m.Body)
		}
		if p.sms.count() != 0 {
			t.Fatal("SMS went out before its two minutes")
		}
		// laura acknowledges within the two minutes; dave does not.
		pages, _, err := p.pages.List(ctx, page.Filter{Incident: inc.Number})
		if err != nil || len(pages) != 2 {
			t.Fatalf("pages %v, %v; want one per target", pages, err)
		}
		for _, pg := range pages {
			if strings.Contains(pg.Steps[0].Targets[0].Ref, "major-incident") {
				if _, err := p.pages.Ack(ctx, laura, pg.ID); err != nil {
					t.Fatal(err)
				}
			}
		}
		p.tick(t, 2*time.Minute)
		if len(p.sms.to(p.contacts[laura.UserID][1].Address)) != 0 {
			t.Fatal("laura got an SMS after acknowledging")
		}
		if p.sms.count() != 1 {
			t.Fatalf("SMS sent %d; want one, to dave who did not acknowledge", p.sms.count())
		}
		// Raising severity again pages nobody twice: once per incident and target.
		sev2, sev1 := incident.Severity("SEV-2"), incident.Severity("SEV-1")
		for _, s := range []incident.Severity{sev2, sev1} {
			if _, err := p.inc.Update(ctx, p.admin, inc.Number, incident.Patch{Severity: &s}); err != nil {
				t.Fatal(err)
			}
		}
		if pages, _, _ := p.pages.List(ctx, page.Filter{Incident: inc.Number}); len(pages) != 2 {
			t.Fatalf("%d pages after SEV-1 -> SEV-2 -> SEV-1; want still 2", len(pages))
		}
	})
}

// A policy of two steps: if the primary does not acknowledge in five
// minutes, the secondary is paged; acknowledging stops escalation.
func TestUnacknowledgedPageEscalatesToTheNextStep(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		p := newPager(t, d, nil)
		ctx := context.Background()
		p.person(t, "laura", time.Hour)
		sam := p.person(t, "sam", time.Hour)
		p.person(t, "laurent", time.Hour)
		p.policies["eu1-compute"] = []page.Step{
			{DelaySeconds: 300, Targets: []page.Target{{Kind: "user", Ref: "laura"}}},
			{DelaySeconds: 300, Targets: []page.Target{{Kind: "user", Ref: "sam"}}},
			{DelaySeconds: 300, Targets: []page.Target{{Kind: "user", Ref: "laurent"}}},
		}
		pg, err := p.pages.Trigger(ctx, p.admin, page.Request{Summary: "eu1 control planes unreachable", Policy: "eu1-compute"})
		if err != nil {
			t.Fatal(err)
		}
		p.tick(t, 0)
		p.tick(t, 4*time.Minute)
		if len(p.email.to("sam@example.com")) != 0 {
			t.Fatal("sam paged before laura's five minutes were up")
		}
		p.tick(t, time.Minute)
		if len(p.email.to("sam@example.com")) != 1 {
			t.Fatal("sam not paged after laura did not acknowledge for five minutes")
		}
		if _, err := p.pages.Ack(ctx, sam, pg.ID); err != nil {
			t.Fatal(err)
		}
		p.tick(t, 10*time.Minute)
		if len(p.email.to("laurent@example.com")) != 0 {
			t.Fatal("laurent paged after sam acknowledged")
		}
	})
}

// A provider that answers 503 three times: the message is retried with
// backoff, never in a tight loop, and goes out once the provider heals, with
// the same idempotency key every time.
func TestProviderErrorsRetryWithBackoff(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		p := newPager(t, d, nil)
		ctx := context.Background()
		p.person(t, "laura", time.Hour)
		p.email.failures = 3
		if _, err := p.pages.Trigger(ctx, p.admin, page.Request{Summary: "certificates expiring", Targets: []page.Target{{Kind: "user", Ref: "laura"}}}); err != nil {
			t.Fatal(err)
		}
		p.tick(t, 0)
		if p.email.attempts != 1 {
			t.Fatalf("%d attempts at once; want 1 then a backoff wait", p.email.attempts)
		}
		for i := 0; i < 20 && p.email.count() == 0; i++ {
			p.tick(t, 30*time.Second)
		}
		if p.email.count() != 1 || p.email.attempts != 4 {
			t.Fatalf("sent %d after %d attempts; want 1 after 4", p.email.count(), p.email.attempts)
		}
		ds, _, err := p.pages.Deliveries(ctx, 0, "sent", 0, 10)
		if err != nil || len(ds) != 1 || ds[0].Attempts != 4 {
			t.Fatalf("deliveries %+v, %v; want one sent after 4 attempts", ds, err)
		}
	})
}

// A storm of 30 pages through a provider limited to 10 a second: no more
// than 10 go out in any second, and all go out.
func TestProviderRateLimitHoldsTheBacklog(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		limits := page.DefaultLimits()
		limits.PerSecond["email"] = 10
		p := newPager(t, d, &limits)
		ctx := context.Background()
		for i := 0; i < 30; i++ {
			h := "r" + string(rune('a'+i/10)) + string(rune('a'+i%10))
			p.person(t, h, time.Hour)
			if _, err := p.pages.Trigger(ctx, p.admin, page.Request{Summary: "node not ready", Targets: []page.Target{{Kind: "user", Ref: h}}}); err != nil {
				t.Fatal(err)
			}
		}
		p.tick(t, 0)
		if n := p.email.count(); n != 10 {
			t.Fatalf("%d sent in the first second; want exactly the limit, 10", n)
		}
		for i := 0; i < 10 && p.email.count() < 30; i++ {
			p.tick(t, time.Second)
		}
		if n := p.email.count(); n != 30 {
			t.Fatalf("%d sent after the backlog drained; want 30", n)
		}
	})
}
