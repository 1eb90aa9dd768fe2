package httpapi_test

import (
	"bufio"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

// Behind a TLS listener that speaks HTTP/2 a stream cannot take its
// connection over; it streams through net/http instead, with the same
// events and the same end when its token is revoked.
func TestStreamOverHTTP2(t *testing.T) {
	in := apptest.Start(t, store.SQLite)
	srv := httptest.NewUnstartedServer(in.App.Handler())
	srv.EnableHTTP2 = true
	srv.StartTLS()
	t.Cleanup(srv.Close)
	ctx := withDeadline(t)
	in.User(t, "laura", "responder")
	tok := must(in.Admin.CreateToken(ctx, "laura", "laptop"))(t)
	inc := must(in.Admin.Declare(ctx, client.Declaration{Title: "EU1 control plane down", Severity: "SEV-1"}))(t)

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("%s/api/v1/incidents/%d/events", srv.URL, inc.Number), nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+tok.Secret)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.ProtoMajor != 2 || resp.StatusCode != http.StatusOK {
		t.Fatalf("stream: %s %d, want HTTP/2 200", resp.Proto, resp.StatusCode)
	}
	lines := make(chan string, 256)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	waitFor(t, ctx, lines, "event: incident.declared")
	must(in.Admin.PostUpdate(ctx, inc.Number, "responders", "failover to eu2 started"))(t)
	waitFor(t, ctx, lines, "event: update.posted")

	if res := call(t, in.URL, apptest.AdminToken, http.MethodDelete, fmt.Sprintf("/api/v1/tokens/%d", tok.ID), nil); res.Status >= 300 {
		t.Fatalf("revoke: %d %s", res.Status, res.Body)
	}
	wantEnded(t, ctx, lines, "the HTTP/2 stream")
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		t.Errorf("Content-Type %q", resp.Header.Get("Content-Type"))
	}
}
