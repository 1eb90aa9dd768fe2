package httpapi_test

import (
	"context"
	"strconv"
	"testing"

	"sitrep/client"
	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

// Two sitrep instances behind a load balancer share one PostgreSQL database.
// Sam's browser holds a live stream on instance B; Laura posts through
// instance A; LISTEN/NOTIFY must carry the update across. (SQLite has one
// process only, so this runs on PostgreSQL alone.)
func TestChangeOnOneInstanceReachesLiveStreamOnAnother(t *testing.T) {
	cfg := apptest.DBConfig(t, store.Postgres)
	a := apptest.Start(t, store.Postgres, apptest.Options{Store: &cfg})
	b := apptest.Start(t, store.Postgres, apptest.Options{Store: &cfg})
	laura := a.User(t, "laura", "responder")
	a.User(t, "sam", "viewer")
	samOnB := client.New(b.URL, token(t, a, "sam"))

	inc := must(laura.Declare(context.Background(), client.Declaration{Title: "Alerting down in all regions", Severity: "SEV-1"}))(t)
	caughtUp := lastSeq(t, laura, inc.Number)

	ctx := withDeadline(t)
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	events := make(chan client.Event, 64)
	go func() {
		_ = samOnB.Follow(ctx, inc.Number, 0, func(ev client.Event) error {
			events <- ev
			return nil
		})
	}()
	for ev := range recv(t, ctx, events) {
		if ev.Seq == caughtUp {
			break
		}
	}

	posted := must(laura.PostUpdate(context.Background(), inc.Number, "executives", "EU1 and US1 alerting delayed by up to 20 minutes"))(t)
	for ev := range recv(t, ctx, events) {
		if ev.Seq != caughtUp+1 || ev.Kind != "update.posted" {
			t.Fatalf("instance B streamed %d %s, want %d update.posted", ev.Seq, ev.Kind, caughtUp+1)
		}
		if got := data(t, ev)["id"]; got != float64(posted.ID) {
			t.Fatalf("instance B streamed update %v, want %d", got, posted.ID)
		}
		break
	}

	// And back: a change on B reaches a stream on A.
	lauraOnB := client.New(b.URL, token(t, a, "laura"))
	onA := follow(t, ctx, a.URL, apptest.AdminToken, inc.Number, "", "?after="+strconv.FormatInt(caughtUp, 10))
	// Its replay of Laura's update shows the stream on A is live.
	if ev := onA.next(); ev.Seq != caughtUp+1 {
		t.Fatalf("instance A replayed %d %s, want %d", ev.Seq, ev.Kind, caughtUp+1)
	}
	must(lauraOnB.PostMessage(context.Background(), inc.Number, 0, "cp-3 restarted"))(t)
	if ev := onA.next(); ev.Seq != caughtUp+2 || ev.Kind != "message.posted" {
		t.Errorf("instance A streamed %d %s, want %d message.posted", ev.Seq, ev.Kind, caughtUp+2)
	}
}
