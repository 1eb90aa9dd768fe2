package auth_test

import (
	"context"
	"testing"

	"sitrep/internal/app/apptest"
	"sitrep/internal/auth"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// The first start creates one admin and its token; every later start, on any
// instance, leaves users alone and prints no new secret.
func TestBootstrapOnlyOnce(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		if w.admin.Handle != auth.BootstrapHandle || w.admin.Role != auth.Admin {
			t.Fatalf("bootstrap token belongs to %+v, want the admin", w.admin)
		}
		users, tokens := w.count(t, "users"), w.count(t, "api_tokens")
		for range 2 {
			secret, err := w.auth.Bootstrap(ctx, "")
			if err != nil || secret != "" {
				t.Fatalf("second bootstrap: %q, %v; want nothing done", secret, err)
			}
		}
		if w.count(t, "users") != users || w.count(t, "api_tokens") != tokens {
			t.Fatal("a second bootstrap added users or tokens")
		}
		_, err := w.auth.Bootstrap(ctx, "short")
		wantRefusal(t, err, problem.Invalid, "SITREP_BOOTSTRAP_TOKEN")
	})
}

// Automation can choose the first admin token, so a fresh cluster is usable
// without reading a file off the first node.
func TestBootstrapWithChosenSecret(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		_, _, svc := newService(t, d)
		ctx := context.Background()
		const chosen = "sitrep_chosen-by-terraform-0123456789"
		secret, err := svc.Bootstrap(ctx, chosen)
		if err != nil || secret != chosen {
			t.Fatalf("bootstrap with a chosen secret: %q, %v", secret, err)
		}
		p, err := svc.Authenticate(ctx, chosen)
		if err != nil || p.Role != auth.Admin {
			t.Fatalf("chosen secret authenticates as %+v, %v", p, err)
		}
	})
}

func TestOnlyAdminsCreateUsers(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		sam := w.user(t, "sam", auth.Viewer)
		laura := w.user(t, "laura", auth.Responder)
		users := w.count(t, "users")
		for _, by := range []auth.Principal{sam, laura} {
			_, err := w.auth.CreateUser(ctx, by, auth.NewUser{Handle: "mallory", Name: "Mallory", Email: "m@example.com", Role: auth.Admin})
			wantRefusal(t, err, problem.Forbidden, "")
		}
		cases := []struct {
			nu    auth.NewUser
			kind  problem.Kind
			field string
		}{
			{auth.NewUser{Handle: "laura", Name: "Laura", Email: "laura2@example.com", Role: auth.Responder}, problem.Conflict, "handle"},
			{auth.NewUser{Handle: "Laurent!", Name: "Laurent", Email: "laurent@example.com", Role: auth.Responder}, problem.Invalid, "handle"},
			{auth.NewUser{Handle: "laurent", Name: " ", Email: "laurent@example.com", Role: auth.Responder}, problem.Invalid, "name"},
			{auth.NewUser{Handle: "laurent", Name: "Laurent", Email: "Laurent <laurent@example.com>", Role: auth.Responder}, problem.Invalid, "email"},
			{auth.NewUser{Handle: "laurent", Name: "Laurent", Email: "laurent@example.com", Role: "owner"}, problem.Invalid, "role"},
			{auth.NewUser{Handle: "laurent", Name: "Laurent", Email: "laurent@example.com", Role: auth.Responder, Password: "short"}, problem.Invalid, "password"},
		}
		for _, c := range cases {
			_, err := w.auth.CreateUser(ctx, w.admin, c.nu)
			wantRefusal(t, err, c.kind, c.field)
		}
		if w.count(t, "users") != users {
			t.Fatal("a refused request created a user")
		}
	})
}

func TestPasswordSignIn(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		const pw = "eu1-is-on-fire-again"
		if _, err := w.auth.CreateUser(ctx, w.admin, auth.NewUser{Handle: "laura", Name: "Laura", Email: "laura@example.com", Role: auth.Responder, Password: pw}); err != nil {
			t.Fatal(err)
		}
		p, err := w.auth.AuthenticatePassword(ctx, "laura", pw)
		if err != nil || p.Handle != "laura" || p.Role != auth.Responder {
			t.Fatalf("sign in: %+v, %v", p, err)
		}
		for _, c := range [][2]string{{"laura", pw + "!"}, {"laurent", pw}, {"admin", ""}} {
			_, err := w.auth.AuthenticatePassword(ctx, c[0], c[1])
			wantRefusal(t, err, problem.Unauthorized, "")
		}
	})
}
