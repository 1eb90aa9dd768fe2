package httpapi_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

// liveLines opens an incident's live stream with one credential header and
// returns its lines as they arrive; the channel closes when the server ends
// the stream.
func liveLines(t *testing.T, ctx context.Context, base string, number int64, header, value string) <-chan string {
	t.Helper()
	return streamLines(t, ctx, fmt.Sprintf("%s/api/v1/incidents/%d/events", base, number), header, value)
}

// streamLines opens any live stream with headers (name, value pairs).
func streamLines(t *testing.T, ctx context.Context, url string, headers ...string) <-chan string {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("open stream: %v", err)
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		t.Fatalf("open stream: %d", resp.StatusCode)
	}
	lines := make(chan string, 256)
	go func() {
		defer resp.Body.Close()
		defer close(lines)
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
	}()
	return lines
}

// waitFor reads lines until one has the prefix; it fails the test if the
// stream ends or the deadline passes first.
func waitFor(t *testing.T, ctx context.Context, lines <-chan string, prefix string) {
	t.Helper()
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("stream ended before %q", prefix)
			}
			if strings.HasPrefix(l, prefix) {
				return
			}
		case <-ctx.Done():
			t.Fatalf("no %q before the deadline", prefix)
		}
	}
}

// wantEnded reads the stream to its end and checks that the server said why.
func wantEnded(t *testing.T, ctx context.Context, lines <-chan string, who string) {
	t.Helper()
	wantClosed(t, ctx, lines, who, true)
}

// wantClosed reads the stream to its end; with signedOut, the server must
// have said why.
func wantClosed(t *testing.T, ctx context.Context, lines <-chan string, who string, signedOut bool) {
	t.Helper()
	said := false
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				if signedOut && !said {
					t.Errorf("%s: the stream ended without saying why", who)
				}
				return
			}
			said = said || l == "event: signed-out"
		case <-ctx.Done():
			t.Fatalf("%s: the stream is still open", who)
		}
	}
}

// Laura's laptop token leaks; she revokes it. The stream opened with it ends
// at once, while her other device keeps following the incident.
func TestRevokingATokenEndsItsLiveStreams(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		ctx := withDeadline(t)
		laura := in.User(t, "laura", "responder")
		leaked := must(in.Admin.CreateToken(ctx, "laura", "laptop"))(t)
		kept := must(in.Admin.CreateToken(ctx, "laura", "phone"))(t)
		inc := must(laura.Declare(ctx, client.Declaration{Title: "EU1 control plane down", Severity: "SEV-1"}))(t)

		onLaptop := liveLines(t, ctx, in.URL, inc.Number, "Authorization", "Bearer "+leaked.Secret)
		onPhone := liveLines(t, ctx, in.URL, inc.Number, "Authorization", "Bearer "+kept.Secret)
		waitFor(t, ctx, onLaptop, "id: ")
		waitFor(t, ctx, onPhone, "id: ")

		if a := call(t, in.URL, leaked.Secret, http.MethodDelete, fmt.Sprintf("/api/v1/tokens/%d", leaked.ID), nil); a.Status >= 300 {
			t.Fatalf("revoke: %d %s", a.Status, a.Body)
		}
		wantEnded(t, ctx, onLaptop, "the revoked token's stream")

		must(laura.PostUpdate(ctx, inc.Number, "responders", "failover to eu2 started"))(t)
		waitFor(t, ctx, onPhone, "event: update.posted")
	})
}

// An admin resets Laura's password after her laptop is stolen: every browser
// signed in with the old one stops reading at once, her CLI token does not.
func TestPasswordChangeEndsBrowserStreams(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		ctx := withDeadline(t)
		must(in.Admin.CreateUser(ctx, client.NewUser{Handle: "laura", Name: "Laura", Email: "laura@example.com", Role: "responder", Password: "correct horse battery staple"}))(t)
		cli := must(in.Admin.CreateToken(ctx, "laura", "cli"))(t)
		inc := must(in.Admin.Declare(ctx, client.Declaration{Title: "EU1 control plane down", Severity: "SEV-1"}))(t)
		cookie, _ := browserSession(t, in, "laura", "correct horse battery staple")

		inBrowser := liveLines(t, ctx, in.URL, inc.Number, "Cookie", cookie)
		onCLI := liveLines(t, ctx, in.URL, inc.Number, "Authorization", "Bearer "+cli.Secret)
		waitFor(t, ctx, inBrowser, "id: ")
		waitFor(t, ctx, onCLI, "id: ")

		a := call(t, in.URL, apptest.AdminToken, http.MethodPut, "/api/v1/users/laura/password", []byte(`{"password":"a much longer new passphrase"}`))
		if a.Status >= 300 {
			t.Fatalf("set password: %d %s", a.Status, a.Body)
		}
		wantEnded(t, ctx, inBrowser, "the browser's stream")

		must(in.Admin.PostUpdate(ctx, inc.Number, "responders", "failover to eu2 started"))(t)
		waitFor(t, ctx, onCLI, "event: update.posted")
	})
}

// Laura signs out on the war-room laptop: the incident page open in it stops
// updating at once, rather than streaming on with a session that has ended.
func TestSigningOutEndsTheWarRoomStream(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		in := apptest.Start(t, d)
		ctx := withDeadline(t)
		must(in.Admin.CreateUser(ctx, client.NewUser{Handle: "laura", Name: "Laura", Email: "laura@example.com", Role: "responder", Password: "correct horse battery staple"}))(t)
		inc := must(in.Admin.Declare(ctx, client.Declaration{Title: "EU1 control plane down", Severity: "SEV-1"}))(t)
		cookie, csrf := browserSession(t, in, "laura", "correct horse battery staple")

		page := streamLines(t, ctx, fmt.Sprintf("%s/incidents/%d/live", in.URL, inc.Number), "Cookie", cookie, "Accept", "text/event-stream")
		api := liveLines(t, ctx, in.URL, inc.Number, "Cookie", cookie)
		waitFor(t, ctx, page, "retry:")
		waitFor(t, ctx, api, "id: ")

		a := call(t, in.URL, "", http.MethodPost, "/logout", []byte("csrf="+csrf), "Cookie", cookie, "Content-Type", "application/x-www-form-urlencoded")
		if a.Status >= 400 {
			t.Fatalf("sign out: %d %s", a.Status, a.Body)
		}
		wantClosed(t, ctx, page, "the war room page's stream", false)
		wantEnded(t, ctx, api, "the API stream")
	})
}

// Two instances share one PostgreSQL database behind a load balancer. Laura
// revokes her leaked token through instance A; the stream a thief opened
// with it on instance B ends too. (SQLite has one process only.)
func TestRevokingATokenEndsItsStreamsOnEveryInstance(t *testing.T) {
	cfg := apptest.DBConfig(t, store.Postgres)
	a := apptest.Start(t, store.Postgres, apptest.Options{Store: &cfg})
	b := apptest.Start(t, store.Postgres, apptest.Options{Store: &cfg})
	ctx := withDeadline(t)
	laura := a.User(t, "laura", "responder")
	leaked := must(a.Admin.CreateToken(ctx, "laura", "laptop"))(t)
	inc := must(laura.Declare(ctx, client.Declaration{Title: "EU1 control plane down", Severity: "SEV-1"}))(t)

	onB := liveLines(t, ctx, b.URL, inc.Number, "Authorization", "Bearer "+leaked.Secret)
	waitFor(t, ctx, onB, "id: ")
	if res := call(t, a.URL, apptest.AdminToken, http.MethodDelete, fmt.Sprintf("/api/v1/tokens/%d", leaked.ID), nil); res.Status >= 300 {
		t.Fatalf("revoke on instance A: %d %s", res.Status, res.Body)
	}
	wantEnded(t, ctx, onB, "the revoked token's stream on instance B")
}
