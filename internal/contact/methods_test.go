package contact_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"sitrep/internal/app/apptest"
	"sitrep/internal/auth"
	"sitrep/internal/contact"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// Laura, new on the rotation, writes down her email and her mobile; the log
// records both without giving either away.
func TestLauraAddsHerEmailAndMobile(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		laura := w.user(t, "laura", auth.Responder)
		mail := w.method(t, laura, contact.Email, "laura@example.com")
		mobile, err := w.contacts.AddMethod(ctx, laura, "laura", contact.NewMethod{Kind: contact.SMS, Address: " +41791234567 ", Label: " mobile "})
		if err != nil {
			t.Fatal(err)
		}
		if mobile.Address != "+41791234567" || mobile.Label != "mobile" || mobile.User != "laura" || !mobile.CreatedAt.Equal(night) {
			t.Errorf("added %+v, want trimmed address and label, laura's, at %s", mobile, night)
		}
		got, err := w.contacts.Methods(ctx, laura, contact.Self)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0] != mail || got[1] != mobile {
			t.Fatalf("laura's methods = %+v, want email then mobile as added", got)
		}
		evs := w.events(t)
		last := evs[len(evs)-2:]
		want := []struct{ kind, address string }{
			{"contact_method.added", "l***@example.com"},
			{"contact_method.added", "+4***4567"},
		}
		for i, ev := range last {
			if ev.Kind != want[i].kind || ev.Data["address"] != want[i].address || ev.Data["user"] != "laura" {
				t.Errorf("event %d = %s %v, want %s with address %s", i, ev.Kind, ev.Data, want[i].kind, want[i].address)
			}
		}
	})
}

// The same address twice is refused naming the address; the same number as
// SMS and as voice are two methods.
func TestSameAddressTwiceIsRefused(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		sam := w.user(t, "sam", auth.Responder)
		w.method(t, sam, contact.SMS, "+14155550100")
		w.method(t, sam, contact.Voice, "+14155550100")
		w.refused(t, problem.Conflict, "address", func() error {
			_, err := w.contacts.AddMethod(context.Background(), sam, contact.Self, contact.NewMethod{Kind: contact.SMS, Address: "+14155550100"})
			return err
		})
	})
}

// Removing a method takes its rules with it, in one event.
func TestRemovingAMethodRemovesItsRules(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		laura := w.user(t, "laura", auth.Responder)
		mail := w.method(t, laura, contact.Email, "laura@example.com")
		mobile := w.method(t, laura, contact.SMS, "+41791234567")
		w.rule(t, laura, mail, 0)
		w.rule(t, laura, mobile, 2*time.Minute)
		w.rule(t, laura, mobile, 10*time.Minute)
		if err := w.contacts.RemoveMethod(ctx, laura, "laura", mobile.ID); err != nil {
			t.Fatal(err)
		}
		rules, err := w.contacts.Rules(ctx, laura, contact.Self)
		if err != nil {
			t.Fatal(err)
		}
		if len(rules) != 1 || rules[0].ContactMethodID != mail.ID {
			t.Errorf("rules after removing the mobile = %+v, want only the email's", rules)
		}
		evs := w.events(t)
		ev := evs[len(evs)-1]
		if ev.Kind != "contact_method.removed" || ev.Data["rules_removed"] != 2.0 || ev.Data["address"] != "+4***4567" {
			t.Errorf("last event = %s %v, want contact_method.removed of 2 rules, masked", ev.Kind, ev.Data)
		}
		w.refused(t, problem.NotFound, "id", func() error { return w.contacts.RemoveMethod(ctx, laura, "laura", mobile.ID) })
	})
}

// Nobody needs more than a score of ways to be reached; the cap keeps lists
// readable whole.
func TestMethodsAreCapped(t *testing.T) {
	w := newWorld(t, store.SQLite)
	sam := w.user(t, "sam", auth.Responder)
	for i := range contact.MaxMethods {
		w.method(t, sam, contact.Email, "sam+"+strings.Repeat("x", i+1)+"@example.com")
	}
	w.refused(t, problem.Conflict, "handle", func() error {
		_, err := w.contacts.AddMethod(context.Background(), sam, contact.Self, contact.NewMethod{Kind: contact.Email, Address: "sam@example.com"})
		return err
	})
}

// Bad input is refused before anything is written, naming the field.
func TestBadMethodsAreRefused(t *testing.T) {
	w := newWorld(t, store.SQLite)
	laura := w.user(t, "laura", auth.Responder)
	cases := []struct {
		nm    contact.NewMethod
		field string
	}{
		{contact.NewMethod{Kind: contact.SMS, Address: "0791234567"}, "address"},
		{contact.NewMethod{Kind: contact.Email, Address: "Laura <laura@example.com>"}, "address"},
		{contact.NewMethod{Kind: contact.Webhook, Address: "http://169.254.169.254/latest/meta-data/"}, "address"},
		{contact.NewMethod{Kind: "pager", Address: "123"}, "kind"},
		{contact.NewMethod{Kind: contact.Email, Address: "laura@example.com", Label: "line\nbreak"}, "label"},
	}
	for _, c := range cases {
		w.refused(t, problem.Invalid, c.field, func() error {
			_, err := w.contacts.AddMethod(context.Background(), laura, contact.Self, c.nm)
			return err
		})
	}
}

// Thirty methods added for Sam at once, from many requests: the cap holds,
// because changes to one person's methods are serialized on their user row.
func TestCapHoldsUnderConcurrentAdds(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		w.user(t, "sam", auth.Responder)
		var wg sync.WaitGroup
		errs := make(chan error, 30)
		for i := range 30 {
			wg.Go(func() {
				_, err := w.contacts.AddMethod(context.Background(), w.admin, "sam", contact.NewMethod{Kind: contact.SMS, Address: fmt.Sprintf("+1415555%04d", i)})
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		added := 0
		for err := range errs {
			switch {
			case err == nil:
				added++
			case !problem.Is(err, problem.Conflict):
				t.Errorf("concurrent add: %v", err)
			}
		}
		ms, err := w.contacts.Methods(context.Background(), w.admin, "sam")
		if err != nil || added != contact.MaxMethods || len(ms) != contact.MaxMethods {
			t.Errorf("%d added, %d stored (%v); want %d", added, len(ms), err, contact.MaxMethods)
		}
	})
}
