package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"sitrep/client"
	"sitrep/internal/app/apptest"
)

// ackedWrites is how many writes must have been answered 2xx before the kill,
// so that the crash lands in the middle of real traffic.
const ackedWrites = 40

// ledger records every write the server acknowledged with a 2xx.
type ledger struct {
	mu        sync.Mutex
	incidents map[int64]string  // number -> title
	updates   map[int64][]int64 // incident -> update ids
	bodies    map[int64]string  // update id -> body
	acked     atomic.Int64
	enough    chan struct{}
	once      sync.Once
}

func newLedger() *ledger {
	return &ledger{incidents: map[int64]string{}, updates: map[int64][]int64{}, bodies: map[int64]string{}, enough: make(chan struct{})}
}

func (l *ledger) ack() {
	if l.acked.Add(1) >= ackedWrites {
		l.once.Do(func() { close(l.enough) })
	}
}

// write declares incidents and posts updates, to its own incidents and to the
// war room, until ctx ends; only answers that arrived are recorded.
func (l *ledger) write(ctx context.Context, c *client.Client, writer int, room int64) {
	for round := 0; ctx.Err() == nil; round++ {
		title := fmt.Sprintf("region %d: probe %d failing", writer, round)
		inc, err := c.Declare(ctx, client.Declaration{Title: title, Severity: "SEV-3"})
		if err != nil {
			continue
		}
		l.mu.Lock()
		l.incidents[inc.Number] = title
		l.mu.Unlock()
		l.ack()
		for i, number := range []int64{inc.Number, inc.Number, room} {
			body := fmt.Sprintf("writer %d round %d update %d", writer, round, i)
			u, err := c.PostUpdate(ctx, number, "responders", body)
			if err != nil {
				continue
			}
			l.mu.Lock()
			l.updates[number] = append(l.updates[number], u.ID)
			l.bodies[u.ID] = body
			l.mu.Unlock()
			l.ack()
		}
	}
}

// follower keeps a live stream on the war room across the crash, as a
// responder's browser would, and records what it was sent.
type follower struct {
	mu     sync.Mutex
	events []client.Event
	moved  chan struct{}
}

func (f *follower) add(ev client.Event) error {
	f.mu.Lock()
	f.events = append(f.events, ev)
	f.mu.Unlock()
	select {
	case f.moved <- struct{}{}:
	default:
	}
	return nil
}

// waitFor blocks until the follower has seen the update with id, or ctx ends.
func (f *follower) waitFor(ctx context.Context, id int64) []client.Event {
	for {
		f.mu.Lock()
		evs := append([]client.Event(nil), f.events...)
		f.mu.Unlock()
		for _, ev := range evs {
			var d struct{ ID int64 }
			if ev.Kind == "update.posted" && json.Unmarshal(ev.Data, &d) == nil && d.ID == id {
				return evs
			}
		}
		select {
		case <-f.moved:
		case <-ctx.Done():
			return nil
		}
	}
}

// Writers declare incidents and post updates; sitrep is killed with SIGKILL
// in the middle; on restart every write that was answered 2xx is there, the
// timelines have no gap, and a live reader resumes without missing an event.
func TestKill9LosesNothingAnswered(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			binary(t)
			var db string
			if dialect == "postgres" {
				db = apptest.PostgresSchema(t)
			}
			crashAndRecover(t, db)
		})
	}
}

func crashAndRecover(t *testing.T, db string) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dataDir, addr := t.TempDir(), freeAddr(t)
	srv := serve(t, dataDir, db, addr)
	admin := client.New(srv.url, adminToken)
	room, err := admin.Declare(ctx, client.Declaration{Title: "Alerting down in all regions", Severity: "SEV-1"})
	if err != nil {
		t.Fatal(err)
	}

	f := &follower{moved: make(chan struct{}, 1)}
	go func() { _ = admin.Follow(ctx, room.Number, 0, f.add) }()

	l := newLedger()
	writing, stopWriting := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l.write(writing, admin, w, room.Number)
		}()
	}
	select {
	case <-l.enough:
	case <-ctx.Done():
		t.Fatalf("only %d writes acknowledged before the deadline", l.acked.Load())
	}
	srv.kill()
	stopWriting()
	wg.Wait()
	t.Logf("killed after %d acknowledged writes", l.acked.Load())

	srv = serve(t, dataDir, db, addr)
	for number, title := range l.incidents {
		d, err := admin.Incident(ctx, number)
		if err != nil || d.Title != title {
			t.Errorf("incident %d (%q) was answered 201 before the crash; now %q, %v", number, title, d.Title, err)
		}
	}
	for number, ids := range l.updates {
		present := updateBodies(t, ctx, srv.url, number)
		for _, id := range ids {
			if present[id] != l.bodies[id] {
				t.Errorf("update %d of incident %d (%q) was answered 201 before the crash; now %q", id, number, l.bodies[id], present[id])
			}
		}
		checkTimeline(t, ctx, admin, number, ids)
	}

	// The reader reconnects on its own with Last-Event-ID; one more update
	// after the restart shows it is live again.
	after, err := admin.PostUpdate(ctx, room.Number, "public", "Alerting restored; monitoring")
	if err != nil {
		t.Fatal(err)
	}
	seen := f.waitFor(ctx, after.ID)
	if seen == nil {
		t.Fatalf("the live reader never saw the update posted after the restart")
	}
	tl, err := admin.Timeline(ctx, room.Number, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != len(tl.Events) {
		t.Errorf("the live reader saw %d events, the timeline has %d", len(seen), len(tl.Events))
	}
	for i := range min(len(seen), len(tl.Events)) {
		if seen[i].ID != tl.Events[i].ID || seen[i].Seq != int64(i+1) {
			t.Fatalf("live reader's event %d is seq %d (id %d); the timeline's is seq %d (id %d)", i, seen[i].Seq, seen[i].ID, tl.Events[i].Seq, tl.Events[i].ID)
		}
	}
}

// updateBodies lists an incident's updates by id.
func updateBodies(t *testing.T, ctx context.Context, base string, number int64) map[int64]string {
	t.Helper()
	out := map[int64]string{}
	cursor := ""
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("%s/api/v1/incidents/%d/updates?limit=500&cursor=%s", base, number, cursor), nil)
		req.Header.Set("Authorization", "Bearer "+adminToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var page struct {
			Updates    []client.Update `json:"updates"`
			NextCursor string          `json:"next_cursor"`
		}
		err = json.NewDecoder(resp.Body).Decode(&page)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("updates of %d: %d %v", number, resp.StatusCode, err)
		}
		for _, u := range page.Updates {
			out[u.ID] = u.Body
		}
		if page.NextCursor == "" {
			return out
		}
		cursor = page.NextCursor
	}
}

// checkTimeline asserts that an incident's timeline runs 1..n without a gap
// and records every acknowledged update.
func checkTimeline(t *testing.T, ctx context.Context, c *client.Client, number int64, updates []int64) {
	t.Helper()
	p, err := c.Timeline(ctx, number, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	posted := map[int64]bool{}
	for i, ev := range p.Events {
		if ev.Seq != int64(i+1) {
			t.Fatalf("timeline of %d: event %d has seq %d; want no gap", number, i, ev.Seq)
		}
		var d struct{ ID int64 }
		if ev.Kind == "update.posted" && json.Unmarshal(ev.Data, &d) == nil {
			posted[d.ID] = true
		}
	}
	for _, id := range updates {
		if !posted[id] {
			t.Errorf("timeline of %d lacks update %d, which was answered 201", number, id)
		}
	}
}
