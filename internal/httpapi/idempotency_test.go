package httpapi_test

import (
	"bytes"
	"context"
	"net/http"
	"testing"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

// A declaration retried by a client whose connection dropped opens one
// incident, and the retry gets the first answer back byte for byte.
func TestIdempotencyKeyDeclaresOnce(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		in.User(t, "laura", "responder")
		lauraToken := token(t, in, "laura")
		body := []byte(`{"title":"Alerting down in all regions","severity":"SEV-1"}`)
		key := []string{"Idempotency-Key", "declare-alerting-down-7f3a"}

		first := call(t, in.URL, apptest.AdminToken, http.MethodPost, "/api/v1/incidents", body, key...)
		second := call(t, in.URL, apptest.AdminToken, http.MethodPost, "/api/v1/incidents", body, key...)
		if first.Status != http.StatusCreated || first.Header.Get("Idempotent-Replayed") != "" {
			t.Fatalf("first declaration: %d, replayed %q: %s", first.Status, first.Header.Get("Idempotent-Replayed"), first.Body)
		}
		if second.Status != first.Status || !bytes.Equal(second.Body, first.Body) || second.Header.Get("Content-Type") != first.Header.Get("Content-Type") {
			t.Errorf("retry answered %d %q %s; want the first answer %d %q %s", second.Status, second.Header.Get("Content-Type"), second.Body,
				first.Status, first.Header.Get("Content-Type"), first.Body)
		}
		if got := second.Header.Get("Idempotent-Replayed"); got != "true" {
			t.Errorf("retry has Idempotent-Replayed %q, want true", got)
		}
		if n := incidents(t, in.Admin); n != 1 {
			t.Fatalf("%d incidents after a retried declaration, want 1", n)
		}

		// The same key on a different request is a client bug, not a retry.
		other := call(t, in.URL, apptest.AdminToken, http.MethodPost, "/api/v1/incidents",
			[]byte(`{"title":"Status page slow","severity":"SEV-3"}`), key...)
		if other.Status != http.StatusUnprocessableEntity {
			t.Errorf("same key, different body: %d, want 422: %s", other.Status, other.Body)
		}
		other.problem(t)
		if n := incidents(t, in.Admin); n != 1 {
			t.Fatalf("%d incidents after reusing a key for another body, want 1", n)
		}

		// Keys belong to their user: Laura's key is not the admin's.
		hers := call(t, in.URL, lauraToken, http.MethodPost, "/api/v1/incidents", body, key...)
		if hers.Status != http.StatusCreated || hers.Header.Get("Idempotent-Replayed") != "" || bytes.Equal(hers.Body, first.Body) {
			t.Errorf("Laura with the admin's key: %d, replayed %q: %s; want her own new incident", hers.Status, hers.Header.Get("Idempotent-Replayed"), hers.Body)
		}
		if n := incidents(t, in.Admin); n != 2 {
			t.Fatalf("%d incidents after Laura declared with the same key, want 2", n)
		}
	})
}

// The public client carries the key too, for updates as for declarations.
func TestClientRetriesAnUpdateOnce(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		ctx := context.Background()
		inc := must(in.Admin.Declare(ctx, client.Declaration{Title: "Alerting down in all regions", Severity: "SEV-1"}))(t)
		key := client.Request{IdempotencyKey: "public-update-1"}
		u1 := must(in.Admin.PostUpdate(ctx, inc.Number, "public", "We are investigating", key))(t)
		u2 := must(in.Admin.PostUpdate(ctx, inc.Number, "public", "We are investigating", key))(t)
		if u1 != u2 {
			t.Errorf("retried update answered %+v, first %+v", u2, u1)
		}
		var page struct{ Updates []client.Update }
		getJSON(t, in.URL, apptest.AdminToken, "/api/v1/incidents/1/updates?audience=public", &page)
		if len(page.Updates) != 1 {
			t.Errorf("%d public updates after a retry, want 1", len(page.Updates))
		}
	})
}

func incidents(t testing.TB, c *client.Client) int {
	t.Helper()
	return len(must(c.Incidents(context.Background(), client.Filter{Limit: 200}))(t).Incidents)
}
