package auth_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"sitrep/internal/app/apptest"
	"sitrep/internal/auth"
	"sitrep/internal/problem"
	"sitrep/internal/store"
)

// laura makes a token for her laptop, it works until she revokes it; the
// Grafana token the admin made for her expires on its own.
func TestTokensAuthenticateUntilRevokedOrExpired(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		laura := w.user(t, "laura", auth.Responder)
		sam := w.user(t, "sam", auth.Responder)

		tok, secret, err := w.auth.CreateToken(ctx, laura, "", "  laptop ", 0)
		if err != nil {
			t.Fatal(err)
		}
		if tok.User != "laura" || tok.Name != "laptop" || !strings.HasPrefix(secret, auth.TokenPrefix) || !strings.HasPrefix(secret, tok.Prefix) {
			t.Fatalf("token %+v with secret %q", tok, secret)
		}
		var stored int64
		if err := w.db.QueryRow(ctx, `SELECT COUNT(*) FROM api_tokens WHERE hash = ? OR prefix = ?`, secret, secret).Scan(&stored); err != nil || stored != 0 {
			t.Fatalf("the secret itself is stored (%d rows, %v)", stored, err)
		}
		p, err := w.auth.Authenticate(ctx, secret)
		if err != nil || p.UserID != laura.UserID || p.Role != auth.Responder || p.TokenID != tok.ID {
			t.Fatalf("laptop token authenticates as %+v, %v", p, err)
		}
		// Only laura or an admin may revoke it.
		wantRefusal(t, w.auth.RevokeToken(ctx, sam, tok.ID), problem.Forbidden, "")
		if err := w.auth.RevokeToken(ctx, laura, tok.ID); err != nil {
			t.Fatal(err)
		}
		_, err = w.auth.Authenticate(ctx, secret)
		wantRefusal(t, err, problem.Unauthorized, "")
		wantRefusal(t, w.auth.RevokeToken(ctx, laura, tok.ID), problem.NotFound, "id")

		grafana, gsecret, err := w.auth.CreateToken(ctx, w.admin, "laura", "grafana", time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if !grafana.ExpiresAt.Equal(night.Add(time.Hour)) {
			t.Fatalf("grafana token expires %v, want %v", grafana.ExpiresAt, night.Add(time.Hour))
		}
		w.clk.Advance(59 * time.Minute)
		if p, err := w.auth.Authenticate(ctx, gsecret); err != nil || p.Handle != "laura" {
			t.Fatalf("grafana token before expiry: %+v, %v", p, err)
		}
		w.clk.Advance(time.Minute)
		_, err = w.auth.Authenticate(ctx, gsecret)
		wantRefusal(t, err, problem.Unauthorized, "")
	})
}

func TestTokenRefusals(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		laura := w.user(t, "laura", auth.Responder)
		w.user(t, "sam", auth.Viewer)
		before := w.count(t, "api_tokens")
		_, _, err := w.auth.CreateToken(ctx, laura, "sam", "impersonate", 0)
		wantRefusal(t, err, problem.Forbidden, "")
		_, _, err = w.auth.CreateToken(ctx, laura, "", " ", 0)
		wantRefusal(t, err, problem.Invalid, "name")
		_, _, err = w.auth.CreateToken(ctx, laura, "", "ci", -time.Hour)
		wantRefusal(t, err, problem.Invalid, "ttl")
		_, _, err = w.auth.CreateToken(ctx, w.admin, "nobody", "ci", 0)
		wantRefusal(t, err, problem.NotFound, "user")
		if w.count(t, "api_tokens") != before {
			t.Fatal("a refused request created a token")
		}
		for _, s := range []string{"", "sitrep_", "Bearer nonsense", auth.TokenPrefix + strings.Repeat("a", 52)} {
			_, err := w.auth.Authenticate(ctx, s)
			wantRefusal(t, err, problem.Unauthorized, "")
		}
	})
}
