package contact_test

import (
	"context"
	"testing"

	"sitrep/internal/app/apptest"
	"sitrep/internal/auth"
	"sitrep/internal/contact"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// Laura cannot point Sam's pages at her own phone, nor read his number; the
// admin can set up Sam's methods for him, and Sam then manages them himself.
func TestPeopleManageTheirOwnAndAdminsAnyones(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		laura := w.user(t, "laura", auth.Responder)
		sam := w.user(t, "sam", auth.Responder)
		phone := contact.NewMethod{Kind: contact.SMS, Address: "+14155550100"}

		w.refused(t, problem.Forbidden, "", func() error {
			_, err := w.contacts.AddMethod(ctx, laura, "sam", phone)
			return err
		})
		// She is told she may not before she is told the number is wrong.
		w.refused(t, problem.Forbidden, "", func() error {
			_, err := w.contacts.AddMethod(ctx, laura, "sam", contact.NewMethod{Kind: contact.SMS, Address: "not a number"})
			return err
		})
		m, err := w.contacts.AddMethod(ctx, w.admin, "sam", phone)
		if err != nil || m.User != "sam" {
			t.Fatalf("admin adds sam's phone: %+v, %v", m, err)
		}
		for name, f := range map[string]func() error{
			"read sam's methods": func() error { _, err := w.contacts.Methods(ctx, laura, "sam"); return err },
			"read sam's rules":   func() error { _, err := w.contacts.Rules(ctx, laura, "sam"); return err },
			"add a rule":         func() error { _, err := w.contacts.AddRule(ctx, laura, "sam", m.ID, 0); return err },
			"remove his phone":   func() error { return w.contacts.RemoveMethod(ctx, laura, "sam", m.ID) },
			"ask about nobody":   func() error { _, err := w.contacts.Methods(ctx, laura, "nobody"); return err },
		} {
			t.Run(name, func(t *testing.T) { w.refused(t, problem.Forbidden, "", f) })
		}
		if _, err := w.contacts.AddRule(ctx, sam, contact.Self, m.ID, 0); err != nil {
			t.Errorf("sam adds a rule for his own phone: %v", err)
		}
		if ms, err := w.contacts.Methods(ctx, w.admin, "sam"); err != nil || len(ms) != 1 {
			t.Errorf("admin reads sam's methods: %+v, %v", ms, err)
		}
		w.refused(t, problem.NotFound, "handle", func() error {
			_, err := w.contacts.AddMethod(ctx, w.admin, "nobody", phone)
			return err
		})
		// An empty handle is a caller's bug, not a way to say "me".
		w.refused(t, problem.Invalid, "handle", func() error {
			_, err := w.contacts.AddMethod(ctx, w.admin, "", phone)
			return err
		})
	})
}

// The admin acting on Sam's methods is recorded as the actor, with Sam as
// the owner.
func TestAdminChangesAreAttributed(t *testing.T) {
	w := newWorld(t, store.SQLite)
	w.user(t, "sam", auth.Responder)
	if _, err := w.contacts.AddMethod(context.Background(), w.admin, "sam", contact.NewMethod{Kind: contact.Email, Address: "sam@example.com"}); err != nil {
		t.Fatal(err)
	}
	var actor string
	err := w.db.QueryRow(context.Background(), `SELECT u.handle FROM events e JOIN users u ON u.id = e.actor WHERE e.kind = 'contact_method.added'`).Scan(&actor)
	if err != nil || actor != "admin" {
		t.Errorf("actor of the event = %q, %v; want admin", actor, err)
	}
	if evs := w.events(t); evs[len(evs)-1].Data["user"] != "sam" {
		t.Errorf("event names %v as owner, want sam", evs[len(evs)-1].Data["user"])
	}
}
