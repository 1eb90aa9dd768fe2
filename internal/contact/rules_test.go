package contact_test

import (
	"context"
	"testing"
	"time"

	"sitrep/internal/app/apptest"
	"sitrep/internal/auth"
	"sitrep/internal/contact"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// "Email at once, SMS after 2 minutes if not acknowledged."
func TestEmailAtOnceSMSAfterTwoMinutes(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		laura := w.user(t, "laura", auth.Responder)
		mail := w.method(t, laura, contact.Email, "laura@example.com")
		mobile := w.method(t, laura, contact.SMS, "+41791234567")
		sms := w.rule(t, laura, mobile, 2*time.Minute)
		now := w.rule(t, laura, mail, 0)
		got, err := w.contacts.Rules(ctx, laura, contact.Self)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0] != now || got[1] != sms || got[1].Delay() != 2*time.Minute {
			t.Fatalf("rules = %+v, want the email's at 0 then the SMS's at 120 s", got)
		}
		evs := w.events(t)
		ev := evs[len(evs)-1]
		if ev.Kind != "notification_rule.added" || ev.Data["delay_seconds"] != 0.0 || ev.Data["address"] != "l***@example.com" {
			t.Errorf("last event = %s %v, want notification_rule.added at 0 s, masked", ev.Kind, ev.Data)
		}
		if err := w.contacts.RemoveRule(ctx, laura, "laura", sms.ID); err != nil {
			t.Fatal(err)
		}
		if evs := w.events(t); evs[len(evs)-1].Kind != "notification_rule.removed" {
			t.Errorf("last event = %s, want notification_rule.removed", evs[len(evs)-1].Kind)
		}
		w.refused(t, problem.NotFound, "id", func() error { return w.contacts.RemoveRule(ctx, laura, "laura", sms.ID) })
	})
}

// A rule must use its owner's method, wait 0 to 3600 whole seconds, and not
// repeat another.
func TestBadRulesAreRefused(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		laura := w.user(t, "laura", auth.Responder)
		sam := w.user(t, "sam", auth.Responder)
		mail := w.method(t, laura, contact.Email, "laura@example.com")
		samsPhone := w.method(t, sam, contact.SMS, "+14155550100")
		w.rule(t, laura, mail, time.Minute)
		cases := []struct {
			name   string
			kind   problem.Kind
			field  string
			method int64
			after  time.Duration
		}{
			{"sam's phone", problem.Invalid, "contact_method_id", samsPhone.ID, 0},
			{"no such method", problem.Invalid, "contact_method_id", 9999, 0},
			{"negative delay", problem.Invalid, "delay_seconds", mail.ID, -time.Second},
			{"past an hour", problem.Invalid, "delay_seconds", mail.ID, time.Hour + time.Second},
			{"fraction of a second", problem.Invalid, "delay_seconds", mail.ID, 1500 * time.Millisecond},
			{"same delay twice", problem.Conflict, "delay_seconds", mail.ID, time.Minute},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				w.refused(t, c.kind, c.field, func() error {
					_, err := w.contacts.AddRule(ctx, laura, contact.Self, c.method, c.after)
					return err
				})
			})
		}
		if _, err := w.contacts.AddRule(ctx, laura, contact.Self, mail.ID, time.Hour); err != nil {
			t.Errorf("a rule at exactly an hour: %v", err)
		}
	})
}
