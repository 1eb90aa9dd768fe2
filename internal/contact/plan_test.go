package contact_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"sitrep/internal/app/apptest"
	"sitrep/internal/auth"
	"sitrep/internal/contact"
	"sitrep/internal/store"
)

// summary writes a plan as "0s email laura@example.com, 2m0s sms ...".
func summary(steps []contact.Step) string {
	s := ""
	for i, st := range steps {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("%s %s %s", st.Delay(), st.Method.Kind, st.Method.Address)
	}
	return s
}

func plan(t *testing.T, w *world, who auth.Principal) string {
	t.Helper()
	steps, err := w.contacts.Plan(context.Background(), who.UserID)
	if err != nil {
		t.Fatal(err)
	}
	if steps == nil {
		t.Fatal("plan is nil, want an empty list")
	}
	return summary(steps)
}

// Sam wrote down a phone and an email but never a rule: both are notified
// at once, in the order he added them.
func TestPlanWithoutRulesNotifiesEveryMethodAtOnce(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		sam := w.user(t, "sam", auth.Responder)
		if got := plan(t, w, sam); got != "" {
			t.Errorf("plan of a person with no methods = %q, want empty", got)
		}
		w.method(t, sam, contact.SMS, "+14155550100")
		w.method(t, sam, contact.Email, "sam@example.com")
		if got, want := plan(t, w, sam), "0s sms +14155550100, 0s email sam@example.com"; got != want {
			t.Errorf("plan = %q, want %q", got, want)
		}
	})
}

// Laura's rules are followed in delay order whatever order she wrote them
// in, and a method without a rule is left out once she has any rule.
func TestPlanFollowsRulesInDelayOrder(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		laura := w.user(t, "laura", auth.Responder)
		mail := w.method(t, laura, contact.Email, "laura@example.com")
		mobile := w.method(t, laura, contact.SMS, "+41791234567")
		phone := w.method(t, laura, contact.Voice, "+41791234567")
		w.method(t, laura, contact.Slack, "U0123ABCDE")
		w.rule(t, laura, phone, 10*time.Minute)
		w.rule(t, laura, mobile, 2*time.Minute)
		w.rule(t, laura, mail, 0)
		w.rule(t, laura, mail, 5*time.Minute)
		want := "0s email laura@example.com, 2m0s sms +41791234567, 5m0s email laura@example.com, 10m0s voice +41791234567"
		if got := plan(t, w, laura); got != want {
			t.Errorf("plan = %q\nwant   %q", got, want)
		}
		var steps []contact.Step
		err := w.db.Tx(context.Background(), func(tx *store.Tx) error {
			var err error
			steps, err = w.contacts.PlanTx(context.Background(), tx, laura.UserID)
			return err
		})
		if err != nil || summary(steps) != want {
			t.Errorf("plan in a transaction = %q, %v; want %q", summary(steps), err, want)
		}
		if steps[1].Method.Channel() != "sms" || steps[1].RuleID == 0 {
			t.Errorf("second step = %+v, want the SMS rule on the sms channel", steps[1])
		}
	})
}

// Slack methods go out through the bot for a channel ID and through the
// hook for a URL.
func TestChannelOfAMethod(t *testing.T) {
	cases := map[contact.ContactMethod]string{
		{Kind: contact.Slack, Address: "C0123ABCDEF"}:                            "slack",
		{Kind: contact.Slack, Address: "https://hooks.slack.com/services/T/B/x"}: "slack-webhook",
		{Kind: contact.Email, Address: "laura@example.com"}:                      "email",
		{Kind: contact.Voice, Address: "+41791234567"}:                           "voice",
		{Kind: contact.Webhook, Address: "https://hooks.example.com/sitrep"}:     "webhook",
	}
	for m, want := range cases {
		if got := m.Channel(); got != want {
			t.Errorf("channel of %s %s = %q, want %q", m.Kind, m.Address, got, want)
		}
	}
}
