package web_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/clock"
	"sitrep/internal/store"
)

// A workstream nobody has reported on for 47 minutes is flagged in words, not
// only colour; the board sorts and filters through the query string.
func TestBoardFlagsStaleWorkstreamsAndSorts(t *testing.T) {
	ck := clock.NewManual(time.Date(2023, 3, 8, 1, 0, 0, 0, time.UTC))
	in := apptest.Start(t, store.SQLite, apptest.Options{Clock: ck})
	b := signedIn(t, in, "laura", "responder")
	b.follow("/incidents", "title", "Many things", "severity", "SEV-1")
	b.follow("/incidents/1/workstreams", "name", "quiet-one", "priority", "3")
	b.follow("/incidents/1/workstreams", "name", "busy-one", "priority", "1", "lead", "laura")
	b.follow("/incidents/1/workstreams", "name", "blocked-one", "priority", "2")
	b.follow("/incidents/1/workstreams/3/updates", "body", "waiting on vendor", "status", "blocked")
	ck.Advance(40 * time.Minute)
	b.follow("/incidents/1/workstreams/2/updates", "body", "going well")
	ck.Advance(7 * time.Minute)

	p := b.do("GET", "/incidents/1", nil)
	p.mustContain(t, "board", "stale 47 min", `class="stale"`, "2 stale")
	order := func(p page, names ...string) {
		t.Helper()
		last := -1
		for _, n := range names {
			i := strings.Index(p.Body, ">"+n+"</a>")
			if i < 0 || i < last {
				t.Fatalf("board order: want %v:\n%s", names, p.Body)
			}
			last = i
		}
	}
	order(p, "busy-one", "blocked-one", "quiet-one")
	order(b.do("GET", "/incidents/1?sort=updated", nil), "blocked-one", "quiet-one", "busy-one")
	order(b.do("GET", "/incidents/1?sort=name&dir=desc", nil), "quiet-one", "busy-one", "blocked-one")
	order(b.do("GET", "/incidents/1?sort=status", nil), "blocked-one", "busy-one", "quiet-one")

	f := b.do("GET", "/incidents/1?ws_status=blocked", nil)
	if strings.Contains(f.Body, ">busy-one</a>") || !strings.Contains(f.Body, ">blocked-one</a>") {
		t.Fatalf("status filter:\n%s", f.Body)
	}
	f = b.do("GET", "/incidents/1/board?ws_lead=laura", nil)
	if f.Status != http.StatusOK || strings.Contains(f.Body, ">quiet-one</a>") || !strings.Contains(f.Body, ">busy-one</a>") {
		t.Fatalf("lead filter on the board fragment: %d\n%s", f.Status, f.Body)
	}
	f = b.do("GET", "/incidents/1?ws_priority=3&sort=bogus&ws_status=bogus", nil)
	if f.Status != http.StatusOK || strings.Contains(f.Body, ">busy-one</a>") || !strings.Contains(f.Body, ">quiet-one</a>") {
		t.Fatalf("priority filter: %d\n%s", f.Status, f.Body)
	}
}

// The incident page stays bounded: 120 responders show as the first 100 and a
// count with a link to the rest.
func TestIncidentPageIsBounded(t *testing.T) {
	in := apptest.Start(t, store.SQLite)
	b := signedIn(t, in, "laura", "responder")
	b.follow("/incidents", "title", "Big one", "severity", "SEV-1")
	ctx := context.Background()
	for i := range 120 {
		h := "r" + strings.Repeat("x", i%3) + itoa(i)
		if _, err := in.Admin.CreateUser(ctx, client.NewUser{Handle: h, Name: h, Email: h + "@example.com", Role: "responder"}); err != nil {
			t.Fatal(err)
		}
		b.follow("/incidents/1/responders", "user", h)
	}
	p := b.do("GET", "/incidents/1", nil)
	if n := strings.Count(p.Body, "joined <time"); n != 100 {
		t.Fatalf("incident page lists %d responders, want 100", n)
	}
	p.mustContain(t, "incident page", "All 121 responders")
	all := b.do("GET", "/incidents/1/responders", nil)
	if n := strings.Count(all.Body, "<tr><td>"); n != 121 {
		t.Fatalf("responders page lists %d, want 121", n)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
