package event_test

import (
	"testing"

	"sitrep/internal/app/apptest"
	"sitrep/internal/store"
)

// Browsers reconnect all the time: one war-room tab closes just as another
// opens. The new subscriber must join a live topic, never one that is
// shutting down because its last subscriber just left.
func TestSubscribeWhileLastSubscriberLeaves(t *testing.T) {
	apptest.Each(t, func(t *testing.T, d store.Dialect) {
		db, log := logOn(t, d)
		ctx := guard(t)
		openIncident(t, db, 1)
		hub := log.Hub()
		for i := range 100 {
			leaving, err := hub.Subscribe(ctx, 1)
			if err != nil {
				t.Fatal(err)
			}
			closed := make(chan struct{})
			go func() { leaving.Close(); close(closed) }()
			arriving, err := hub.Subscribe(ctx, 1)
			if err != nil {
				t.Fatal(err)
			}
			<-closed
			appendN(t, db, log, 1, 1)
			ev, err := arriving.Next(ctx)
			if err != nil || ev.Seq != int64(i+1) {
				t.Fatalf("round %d: got %+v (%v), want seq %d", i, ev, err, i+1)
			}
			arriving.Close()
		}
	})
}
